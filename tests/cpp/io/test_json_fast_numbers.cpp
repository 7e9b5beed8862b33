// The fast network JSON reader reads every number as the reference reader does, bit for bit,
// and as the C library's strtod reads the token (an independent reference). Regression: the
// installed simdjson's On-Demand get_double misread "0." followed by 20 or more significant
// digits ("0.50000000000000000000" read as 0.131, "0.99999999999999999999" as 0.0777) and read
// the integer "-0" as -0.0 where the reference reads 0.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "hatchnet/io/json.hpp"
#include "../../../src/io/json_fast.hpp"  // the kernel switch (private to the library)

#include <nlohmann/json.hpp>

using namespace hatchnet;

namespace {

std::string small_json() { return io::read_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

Network load(const std::string& text, io::JsonReader reader) {
    io::LoadOptions opt;
    opt.reader = reader;
    opt.validate = false;
    return io::load_json(text, opt);
}

/// The value JSON's grammar gives the token: an integer token as an integer (so "-0" is 0),
/// anything else by strtod (correctly rounded).
double expected(const std::string& token) {
    if (token.find_first_of(".eE") == std::string::npos) return double(std::strtoll(token.c_str(), nullptr, 10));
    return std::strtod(token.c_str(), nullptr);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("fast reader: numbers read as strtod and the reference reader read them, bit for bit") {
    const std::vector<std::string> tokens = {
        "0.50000000000000000000", "0.99999999999999999999", "0.12345678901234567890123",
        "0.100000000000000005551115123125782702118158340454101562",
        "0.000000000000000000001234567890123456789", "39.930000000000000000001",
        "-0", "-0.0", "0", "0.0", "92.5", "78", "1e-5", "-1.5E+2", "2.2250738585072011e-308",
        "4.9e-324", "1.7976931348623157e308", "9007199254740993", "116.42000000000000000000",
        "-0.00000000000000000000", "5e0", "12345678901234567"};
    const std::string base = small_json();
    for (const auto& t : tokens) {
        CAPTURE(t);
        const double want = expected(t);
        // an organization's credit, a node's latitude and score
        const std::string credit = replaced(base, "\"credit\":92.5", "\"credit\":" + t);
        const std::string lat = replaced(base, "\"lat\":39.93", "\"lat\":" + t);
        const std::string score = replaced(base, "\"score\":81.5", "\"score\":" + t);
        for (io::JsonReader r : {io::JsonReader::fast, io::JsonReader::reference}) {
            CAPTURE(int(r));
            const Network a = load(credit, r);
            CHECK(same_bits(a.organizations[0].credit, want));
            const Network b = load(lat, r);
            const Network c = load(score, r);
            bool found_lat = false, found_score = false;
            for (const auto& n : b.nodes)
                if (n.id == "d-east") found_lat = n.lat && same_bits(*n.lat, want);
            for (const auto& n : c.nodes)
                if (n.id == "d-east") found_score = n.score && same_bits(*n.score, want);
            CHECK(found_lat);
            CHECK(found_score);
        }
        // a number among a node's attributes: both readers keep the same compact JSON text
        if (t.find_first_of(".eE") != std::string::npos) {
            const std::string attr = replaced(base, "\"founded\":2015", "\"founded\":" + t);
            std::string texts[2];
            int k = 0;
            for (io::JsonReader r : {io::JsonReader::fast, io::JsonReader::reference})
                for (const auto& n : load(attr, r).nodes)
                    if (n.id == "soc-1") texts[k++] = n.attributes;
            CHECK(texts[0] == texts[1]);
            CHECK(nlohmann::json::parse(texts[0])["founded"].get<double>() == want);
        }
    }
}

TEST_CASE("fast reader: a value followed by ':' instead of ',' is refused under every kernel") {
    // "name":"a":[...] at the root, the root closed early, records after it: the fast reader
    // left the name's value unread, and simdjson skipped it by bracket depth alone, reading the
    // records after the early close as root members (fuzz regression
    // root-name-then-colon-icelake). Python's json and the reference reader refuse the text.
    const std::string bad = io::read_file(HATCHNET_SOURCE_DIR "/tests/fuzz/regressions/network_json/root-name-then-colon-icelake");
    const std::string base = small_json();
    const std::vector<std::string> texts = {
        bad,
        replaced(base, "\"name\":\"small test city\"", "\"name\":\"small test city\":\"x\""),
        replaced(base, "\"version\":1,", "\"version\":1:2,"),
        replaced(base, "\"id\":\"d-east\",", "\"id\":\"d-east\":\"x\","),
        replaced(base, "\"name\":\"small test city\",", "\"name\":\"x\":[{\"a\":1}],\"q\":{\"b\":[2]}},")};
    const std::string picked = io::fastjson::kernel();
    for (const char* k : {"icelake", "haswell", "westmere", "arm64", "fallback"}) {
        if (!io::fastjson::use_kernel(k)) continue;
        CAPTURE(k);
        for (const auto& t : texts) {
            CAPTURE(t.substr(0, 120));
            for (io::JsonReader r : {io::JsonReader::automatic, io::JsonReader::reference}) {
                io::LoadOptions opt;
                opt.reader = r;
                opt.validate = false;
                CHECK_THROWS_WITH(io::load_json(t, opt), doctest::Contains("parse error"));
            }
        }
    }
    io::fastjson::use_kernel(picked);
}
