// JSON load/save: canonical round trips, bad input with record and field, nothing half-loaded.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hatchnet/io/json.hpp"

using namespace hatchnet;

namespace {
std::string small_text() { return io::read_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

// Every error of a load, or an empty report when it loads.
ValidationReport errors_of(const std::string& text) {
    try {
        io::load_json(text);
        return {};
    } catch (const validation_error& e) {
        return e.report();
    }
}
bool has(const ValidationReport& r, const std::string& code, const std::string& rec, const std::string& field) {
    for (const auto& i : r.errors)
        if (i.code == code && i.record == rec && i.field == field) return true;
    return false;
}
std::string replace(std::string s, const std::string& a, const std::string& b) {
    auto p = s.find(a);
    REQUIRE(p != std::string::npos);
    return s.replace(p, a.size(), b);
}
}  // namespace

TEST_CASE("save -> load -> save gives the same bytes") {
    Network n = io::load_json(small_text());
    std::string a = io::save_json(n);
    Network m = io::load_json(a);
    std::string b = io::save_json(m);
    CHECK(a == b);
    // and the records survived: attributes, optional fields, notes
    CHECK(m.find_node("soc-1")->attributes == R"({"founded":2015,"website":"example.org"})");
    CHECK(m.find_node("d-east")->score == doctest::Approx(81.5));
    CHECK_FALSE(m.find_node("cc")->lat.has_value());
    CHECK(m.edges[9].note == "purchase of services 2024");
    CHECK(m.organizations[0].credit == 92.5);
    // pretty-printed output loads to the same canonical bytes
    io::SaveOptions pretty;
    pretty.indent = 2;
    CHECK(io::save_json(io::load_json(io::save_json(n, pretty))) == a);
}

TEST_CASE("gzip files round-trip and are detected when read") {
    Network n = io::load_json(small_text());
    auto dir = std::filesystem::temp_directory_path();
    std::string gz = (dir / "hatchnet_test_small.json.gz").string();
    std::string plain = (dir / "hatchnet_test_small.json").string();
    io::save_json_file(n, gz);
    io::save_json_file(n, plain);
    CHECK(std::filesystem::file_size(gz) < std::filesystem::file_size(plain));
    CHECK(io::save_json(io::load_json_file(gz)) == io::save_json(n));
    CHECK(io::read_file(plain) == io::save_json(n));
    std::filesystem::remove(gz);
    std::filesystem::remove(plain);
    CHECK_THROWS_AS(io::load_json_file((dir / "does-not-exist.json").string()), input_error);
}

TEST_CASE("malformed JSON names the line") {
    auto r = errors_of("{\n\"nodes\": [\n{\"id\": \"a\",,}\n]}");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].code == "malformed_json");
    CHECK(r.errors[0].record == "line 3");
    CHECK(errors_of("").errors.at(0).code == "malformed_json");
    CHECK(errors_of("[1,2]").errors.at(0).record == "document");
}

TEST_CASE("wrong types, missing and unknown fields, bad enum values: all reported at once") {
    std::string t = small_text();
    t = replace(t, R"("capacity":30)", R"("capacity":"thirty")");
    t = replace(t, R"("tier":"street","region":"110101002")", R"("tier":"ward","region":"110101002")");
    t = replace(t, R"({"id":"so-2","name")", R"({"id":"so-2","colour":"red","name")");
    t = replace(t, R"({"from":"cc","to":"d-west","type":"guidance"})", R"({"from":"cc","type":"guidance"})");
    t = replace(t, R"("credit":78)", R"("credit":null)");
    auto r = errors_of(t);
    CHECK(has(r, "bad_type", "node d-east", "capacity"));
    CHECK(has(r, "bad_value", "node s-east-2", "tier"));
    CHECK(has(r, "unknown_field", "organization so-2", "colour"));
    CHECK(has(r, "missing_field", "edge 1", "to"));
    CHECK(has(r, "bad_type", "organization so-2", "credit"));
    CHECK(r.errors.size() == 5);
}

TEST_CASE("structural errors refuse the load unless validation is off") {
    std::string t = replace(small_text(), R"({"id":"d-west")", R"({"id":"d-east")");
    auto r = errors_of(t);
    CHECK(has(r, "duplicate_id", "node d-east", "id"));
    io::LoadOptions off;
    off.validate = false;
    Network n = io::load_json(t, off);
    CHECK(n.nodes.size() == 10);
    CHECK_FALSE(validate(n).ok());
}

TEST_CASE("the schema compiled in is the documented one and describes every field we write") {
    std::string doc = io::read_file(HATCHNET_SOURCE_DIR "/docs/network.schema.json");
    CHECK(std::string(io::network_schema()) == doc);
    std::string saved = io::save_json(io::load_json(small_text()));
    for (const char* key : {"\"capacity_updated\"", "\"irregular\"", "\"registration\"", "\"attributes\"",
                            "\"occupied\"", "\"score\"", "\"home\"", "\"credit\"", "\"parent\""})
        CHECK(doc.find(key) != std::string::npos);
    (void)saved;
}

TEST_CASE("a region's optional pinyin round-trips, after its name; absent, it stays absent") {
    std::string t = small_text();
    Network plain = io::load_json(t);
    for (const auto& r : plain.regions) CHECK(r.pinyin.empty());
    CHECK(io::save_json(plain).find("\"pinyin\"") == std::string::npos);
    // give the first region a pinyin: it is read, written right after "name", and kept
    const std::string code = "\"code\":\"" + plain.regions.front().code + "\"";
    const std::string name = ",\"name\":\"" + plain.regions.front().name + "\"";
    std::string with = replace(t, code + name, code + name + ",\"pinyin\":\"Dong'an Jiedao\"");
    Network n = io::load_json(with);
    CHECK(n.regions.front().pinyin == "Dong'an Jiedao");
    const std::string saved = io::save_json(n);
    CHECK(saved.find(code + name + ",\"pinyin\":\"Dong'an Jiedao\"") != std::string::npos);
    CHECK(io::save_json(io::load_json(saved)) == saved);
    // a wrong type is an error naming the region and the field
    std::string bad = replace(with, "\"Dong'an Jiedao\"", "7");
    CHECK(has(errors_of(bad), "bad_type", "region " + plain.regions.front().code, "pinyin"));
    CHECK(io::read_file(HATCHNET_SOURCE_DIR "/docs/network.schema.json").find("\"pinyin\"") != std::string::npos);
}
