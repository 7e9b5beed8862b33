// Tests of src/evaluate/report.cpp: the file names of disclosure pages (one injective mapping
// for the CLI and Python, issue #10: pages were lost when ids collided after mapping).
#include <doctest/doctest.h>

#include "hatchnet/evaluate/report.hpp"

#include <set>
#include <string>
#include <vector>

using hatchnet::evaluate::disclosure_file_name;

namespace {

/// The inverse of disclosure_file_name, to check that nothing is lost.
std::string decode(const std::string& name) {
    REQUIRE(name.size() >= 5);
    REQUIRE(name.substr(name.size() - 5) == ".html");
    const std::string stem = name.substr(0, name.size() - 5);
    if (stem == "%") return "";
    auto hexval = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        REQUIRE(c >= 'A');
        REQUIRE(c <= 'F');
        return c - 'A' + 10;
    };
    std::string id;
    for (std::size_t i = 0; i < stem.size(); ++i) {
        if (stem[i] == '%') {
            REQUIRE(i + 2 < stem.size());
            id += static_cast<char>(hexval(stem[i + 1]) * 16 + hexval(stem[i + 2]));
            i += 2;
        } else {
            id += stem[i];
        }
    }
    return id;
}

bool portable(const std::string& name) {
    if (name.empty() || name[0] == '.') return false;
    for (unsigned char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == '%'))
            return false;
    return true;
}

}  // namespace

TEST_CASE("disclosure file names: ids that used to collide get distinct pages") {
    const std::vector<std::string> ids = {"东街", "西街", "a b", "a_b", "a%20b"};
    std::set<std::string> names;
    for (const auto& id : ids) names.insert(disclosure_file_name(id));
    CHECK(names.size() == ids.size());
    CHECK(disclosure_file_name("东街") == "%E4%B8%9C%E8%A1%97.html");
    CHECK(disclosure_file_name("西街") == "%E8%A5%BF%E8%A1%97.html");
    CHECK(disclosure_file_name("a b") == "a%20b.html");
    CHECK(disclosure_file_name("a_b") == "a_b.html");
    CHECK(disclosure_file_name("a%20b") == "a%2520b.html");
}

TEST_CASE("disclosure file names: ordinary ids unchanged, no hidden files, no paths") {
    CHECK(disclosure_file_name("d-east") == "d-east.html");
    CHECK(disclosure_file_name("st-110105001") == "st-110105001.html");
    CHECK(disclosure_file_name("v1.2") == "v1.2.html");
    CHECK(disclosure_file_name(".") == "%2E.html");
    CHECK(disclosure_file_name("..") == "%2E..html");
    CHECK(disclosure_file_name(".hidden") == "%2Ehidden.html");
    CHECK(disclosure_file_name("../etc/passwd") == "%2E.%2Fetc%2Fpasswd.html");
    CHECK(disclosure_file_name("a\\b") == "a%5Cb.html");
    CHECK(disclosure_file_name(std::string("a\0b", 3)) == "a%00b.html");
    CHECK(disclosure_file_name("") == "%.html");
    CHECK(disclosure_file_name("\xff") == "%FF.html");  // not UTF-8: still a name, still distinct
}

TEST_CASE("disclosure file names: injective over every short id from a tricky alphabet") {
    // every id of up to 4 bytes over characters that are kept, escaped, or are the escape
    const std::string alphabet = {'a', 'A', '.', '%', '2', '0', ' ', '_', '/', '\xe4', '\0'};
    std::vector<std::string> ids = {""};
    for (std::size_t len = 1, from = 0; len <= 4; ++len) {
        const std::size_t to = ids.size();
        for (std::size_t i = from; i < to; ++i)
            for (char c : alphabet) ids.push_back(ids[i] + c);
        from = to;
    }
    std::set<std::string> names;
    for (const auto& id : ids) {
        const std::string name = disclosure_file_name(id);
        CHECK_MESSAGE(portable(name), name);
        CHECK(decode(name) == id);
        names.insert(name);
    }
    CHECK(names.size() == ids.size());
}
