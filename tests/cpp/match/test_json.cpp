// Tests of src/match/json.cpp: the parsed-value readers (`*_from_json`) against the text
// parsers (`parse_*`), round trips through the writers (`*_to_json`), and errors naming the
// record and field on both paths.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/match/json.hpp"
#include "hatchnet/synth/demand.hpp"

using namespace hatchnet;
using namespace hatchnet::match;

namespace {

const Graph& beijing() {
    static const Graph g(io::load_json_file(std::string(HATCHNET_SOURCE_DIR) + "/data/beijing.json.gz"));
    return g;
}

const char* kNeeds = R"({"needs": [{"id": "n1", "organization": "so-4", "category": "venue", "quantity": 2,
    "priority": 3, "window": {"start": "2024-03-01", "end": "2024-03-31"}, "group": "g", "min_provider_score": 0.5},
   {"id": 7, "organization": "so-1", "category": "legal", "quantity": 1.0, "window_end": 40}]})";
const char* kResources = R"([{"id": "r1", "provider": "c-east-a", "category": "space", "capacity": 5,
    "unit_cost": 1.5, "eligibility": {"org_types": ["community_org"], "regions": ["110101"], "min_credit": 2},
    "window": ["2024-01-01", "2024-06-30"]},
   {"id": "r2", "provider": "cc", "outside_provider": "x", "category": "venue", "capacity": 0,
    "stages": "founding,growing"}])";
const char* kOptions = R"({"distance": "hops", "weights": {"same_street": 0.5, "hop": 2},
    "fair": {"by": "street", "share": 0.25, "floors": {"110101": 3}}, "lexicographic": "phases",
    "explain_limit": 4, "time_limit": 1.5, "cost_scale": 10})";

}  // namespace

TEST_CASE("match json: a parsed value reads as its text does") {
    const auto n1 = parse_needs(kNeeds);
    const auto n2 = needs_from_json(nlohmann::json::parse(kNeeds));
    REQUIRE(n1.size() == 2);
    CHECK(needs_to_json(n1) == needs_to_json(n2));
    CHECK(n2[1].id == "7");
    CHECK(n2[0].window->end - n2[0].window->start == 30);

    const auto r1 = parse_resources(kResources);
    const auto r2 = resources_from_json(nlohmann::json::parse(kResources));
    REQUIRE(r2.size() == 2);
    CHECK(resources_to_json(r1) == resources_to_json(r2));
    CHECK(r2[1].eligibility.stages.size() == 2);

    const auto o1 = parse_match_options(kOptions);
    const auto o2 = match_options_from_json(nlohmann::json::parse(kOptions));
    CHECK(o2.distance == DistanceMode::hops);
    CHECK(o2.w_same_street == 0.5);
    CHECK(o2.w_hop == 2);
    CHECK(o2.fair.by == FairBy::street);
    CHECK(o2.fair.share == 0.25);
    CHECK(o2.fair.floors.at("110101") == 3);
    CHECK(o2.lexicographic == o1.lexicographic);
    CHECK(o2.explain_limit == 4);
    CHECK(o2.time_limit == 1.5);
    CHECK(o2.cost_scale == 10);
    // null and empty text are the defaults
    const MatchOptions d;
    CHECK(match_options_from_json(nullptr).cost_scale == d.cost_scale);
    CHECK(parse_match_options("  ").fair.by == d.fair.by);
}

TEST_CASE("match json: writers round-trip through both readers") {
    synth::DemandOptions o;
    o.needs = 300;
    const auto d = synth::demand(beijing().network(), o);
    const auto nj = needs_to_json(d.needs);
    const auto rj = resources_to_json(d.resources);
    REQUIRE(nj.is_array());
    CHECK(nj.size() == d.needs.size());
    CHECK(needs_to_json(needs_from_json(nlohmann::json(nj))) == nj);
    CHECK(needs_to_json(parse_needs(nj.dump())) == nj);
    CHECK(resources_to_json(resources_from_json(nlohmann::json(rj))) == rj);
    CHECK(resources_to_json(parse_resources(rj.dump())) == rj);

    ResourceMatcher m(beijing(), d.needs, d.resources, MatchOptions{});
    m.run();
    const auto j = match_result_to_json(m);
    // the key order is the format's
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"status", "summary", "assignments", "unserved", "groups", "stats"});
    CHECK(j["summary"]["served"].get<std::int64_t>() == m.result().served);
    CHECK(j["assignments"].size() == m.result().assignments.size());
    std::int64_t served = 0;
    for (const auto& a : j["assignments"]) served += a["quantity"].get<std::int64_t>();
    CHECK(served == m.result().served);
}

TEST_CASE("match json: errors name the record and field on both paths") {
    const auto bad_need = nlohmann::json::parse(R"([{"id": "a", "organization": "so-1", "category": "venue", "colour": 1}])");
    CHECK_THROWS_WITH_AS(needs_from_json(bad_need), doctest::Contains("colour"), input_error);
    CHECK_THROWS_WITH_AS(parse_needs(bad_need.dump()), doctest::Contains("colour"), input_error);
    CHECK_THROWS_WITH_AS(resources_from_json(nlohmann::json::parse(R"({"resources": 3})")),
                         doctest::Contains("expected an array"), input_error);
    CHECK_THROWS_WITH_AS(needs_from_json(nlohmann::json::parse(R"({"needs": [], "more": 1})")),
                         doctest::Contains("needs"), input_error);
    CHECK_THROWS_WITH_AS(match_options_from_json(nlohmann::json::parse(R"({"fair": {"by": "city"}})")),
                         doctest::Contains("fair.by"), input_error);
    CHECK_THROWS_WITH_AS(match_options_from_json(nlohmann::json::parse(R"({"weights": {"hop": -1}})")),
                         doctest::Contains("weights.hop"), input_error);
    CHECK_THROWS_WITH_AS(match_options_from_json(nlohmann::json::array()), doctest::Contains("expected an object"),
                         input_error);
    CHECK_THROWS_WITH_AS(parse_match_options("{\"fair\":"), doctest::Contains("options"), input_error);
}
