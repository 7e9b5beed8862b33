// Consortia (§5.1) and contracts (§5.4) as entities of the network: JSON round trip,
// backwards compatibility (absent: none), validation naming record and field, nothing
// half-loaded.
#include <doctest/doctest.h>

#include <algorithm>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;

namespace {

const std::string body = R"({"format":"hatchnet-network","version":1,
"regions":[{"code":"11"},{"code":"110101"},{"code":"110102"},{"code":"110101001"}],
"nodes":[
{"id":"d1","tier":"district","region":"110101","services":["office","training"],"capacity":5},
{"id":"d2","tier":"district","region":"110102","services":["venue"],"capacity":5},
{"id":"s1","tier":"street","region":"110101001","services":["venue"],"capacity":5}],
"edges":[{"from":"d1","to":"s1","type":"guidance"}])";

std::string with(const std::string& tail) { return body + tail + "}"; }

const std::string entities = R"(,
"consortia":[{"id":"C1","name":"东城场地联合体","members":["d1","s1"],"services":["space"],"region":"110101","attributes":{"since":2018}}],
"contracts":[{"id":"K1","parties":["d1","d2"],"scope":["training","legal"],"start":"2024-01-01","end":"2025-12-31","terms":"referrals for training"},
             {"id":"K2","parties":["d2","s1"],"scope":["venue"],"start":"2020-03-01"}])";

bool has(const std::vector<Issue>& v, const std::string& code, const std::string& record, const std::string& field) {
    return std::any_of(v.begin(), v.end(), [&](const Issue& i) {
        return i.code == code && i.record == record && i.field == field;
    });
}

/// The errors of loading `text` (empty when it loads).
std::vector<Issue> load_errors(const std::string& text) {
    ValidationReport rep;
    io::LoadOptions opt;
    opt.report = &rep;
    try {
        io::load_json(text, opt);
    } catch (const validation_error&) {
        return rep.errors;
    }
    return {};
}

}  // namespace

TEST_CASE("consortia and contracts: read, written, read back the same") {
    Network net = io::load_json(with(entities));
    REQUIRE(net.consortia.size() == 1);
    REQUIRE(net.contracts.size() == 2);
    const Consortium& c = net.consortia[0];
    CHECK(c.id == "C1");
    CHECK(c.members == std::vector<std::string>{"d1", "s1"});
    CHECK(c.region == "110101");
    CHECK(c.attributes == R"({"since":2018})");
    CHECK(c.pools("venue", net.vocabulary));   // venue lies under the pooled "space"
    CHECK(c.pools("space", net.vocabulary));
    CHECK_FALSE(c.pools("training", net.vocabulary));
    CHECK(c.has_member("s1"));
    CHECK_FALSE(c.has_member("d2"));
    const Contract& k = net.contracts[0];
    CHECK(k.terms == "referrals for training");
    CHECK(k.covers("training", net.vocabulary));
    CHECK_FALSE(k.covers("capacity_building", net.vocabulary));  // the parent is wider than the scope
    CHECK(k.in_force("2024-01-01"));
    CHECK(k.in_force("2025-12-31"));
    CHECK_FALSE(k.in_force("2023-12-31"));
    CHECK_FALSE(k.in_force("2026-01-01"));
    CHECK(net.contracts[1].end.empty());
    CHECK(net.contracts[1].in_force("2099-01-01"));  // open-ended
    std::string text = io::save_json(net);
    CHECK(io::save_json(io::load_json(text)) == text);
    io::SaveOptions pretty;
    pretty.indent = 2;
    CHECK(io::save_json(io::load_json(io::save_json(net, pretty))) == text);
}

TEST_CASE("consortia and contracts: absent means none, and a file without them is written as before") {
    Network net = io::load_json(with(""));
    CHECK(net.consortia.empty());
    CHECK(net.contracts.empty());
    std::string text = io::save_json(net);
    CHECK(text.find("consortia") == std::string::npos);
    CHECK(text.find("contracts") == std::string::npos);
    CHECK(io::load_json(with(R"(,"consortia":[],"contracts":[])")).consortia.empty());
}

TEST_CASE("consortia: unknown or repeated members, unknown services, a bad region: errors naming record and field") {
    auto e = load_errors(with(R"(,"consortia":[{"id":"C1","members":["d1","ghost","d1"],"services":["space","nope"],"region":"110199"}])"));
    CHECK(has(e, "unknown_reference", "consortium C1", "members[1]"));
    CHECK(has(e, "duplicate_id", "consortium C1", "members[2]"));
    CHECK(has(e, "unknown_reference", "consortium C1", "services[1]"));
    CHECK(has(e, "unknown_reference", "consortium C1", "region"));
    e = load_errors(with(R"(,"consortia":[{"id":"C1","members":["d1"],"services":[],"region":"110101"},{"id":"C1","members":["d1","d2"],"services":["venue"],"region":"110101"}])"));
    CHECK(has(e, "missing_field", "consortium C1", "members"));
    CHECK(has(e, "missing_field", "consortium C1", "services"));
    CHECK(has(e, "duplicate_id", "consortium C1", "id"));
    e = load_errors(with(R"(,"consortia":[{"id":"C1","members":["d1","d2"],"services":["venue"],"region":"110101","colour":"red"}])"));
    CHECK(has(e, "unknown_field", "consortium C1", "colour"));
    e = load_errors(with(R"(,"consortia":[{"id":"C1","members":["d1","d2"],"services":["venue"]}])"));
    CHECK(has(e, "missing_field", "consortium C1", "region"));
    e = load_errors(with(R"(,"consortia":{"id":"C1"})"));
    CHECK(has(e, "bad_type", "consortia", ""));
}

TEST_CASE("contracts: an end before the start, bad dates, unknown parties and services: errors naming record and field") {
    auto e = load_errors(with(R"(,"contracts":[{"id":"K1","parties":["d1","d2"],"scope":["training"],"start":"2025-06-01","end":"2025-05-31"}])"));
    REQUIRE(e.size() == 1);
    CHECK(has(e, "bad_period", "contract K1", "end"));
    CHECK(e[0].message.find("2025-05-31") != std::string::npos);
    e = load_errors(with(R"(,"contracts":[{"id":"K1","parties":["d1","nobody"],"scope":["teleport"],"start":"2025-02-30","end":"soon"}])"));
    CHECK(has(e, "unknown_reference", "contract K1", "parties[1]"));
    CHECK(has(e, "unknown_reference", "contract K1", "scope[0]"));
    CHECK(has(e, "bad_value", "contract K1", "start"));
    CHECK(has(e, "bad_value", "contract K1", "end"));
    e = load_errors(with(R"(,"contracts":[{"id":"K1","parties":["d1","d2"],"scope":["training"]}])"));
    CHECK(has(e, "missing_field", "contract K1", "start"));
    e = load_errors(with(R"(,"contracts":[{"parties":["d1","d2"],"scope":[],"start":"2025-01-01","terms":7}])"));
    CHECK(has(e, "missing_field", "contract #0", "id"));
    CHECK(has(e, "bad_type", "contract #0", "terms"));
}

TEST_CASE("consortia and contracts: a bad record loads nothing; validate() sees edits made in memory") {
    CHECK_THROWS_AS(io::load_json(with(R"(,"contracts":[{"id":"K1","parties":["d1","d2"],"scope":["training"],"start":"2026-01-01","end":"2025-01-01"}])")),
                    validation_error);
    Network net = io::load_json(with(entities));
    CHECK(validate(net).ok());
    net.contracts[0].end = "2023-01-01";
    net.consortia[0].members.push_back("x9");
    auto rep = validate(net);
    CHECK(has(rep.errors, "bad_period", "contract K1", "end"));
    CHECK(has(rep.errors, "unknown_reference", "consortium C1", "members[2]"));
}
