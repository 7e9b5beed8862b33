// The network model, its validation and the frozen graph view.
#include <doctest/doctest.h>

#include <algorithm>

#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;

namespace {
Network small() { return io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

bool has_error(const ValidationReport& r, const std::string& code, const std::string& record_part,
               const std::string& field) {
    return std::any_of(r.errors.begin(), r.errors.end(), [&](const Issue& i) {
        return i.code == code && i.record.find(record_part) != std::string::npos && i.field == field;
    });
}
bool has_warning(const ValidationReport& r, const std::string& code, const std::string& record_part) {
    return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const Issue& i) {
        return i.code == code && i.record.find(record_part) != std::string::npos;
    });
}
Node& node(Network& n, const std::string& id) { return n.nodes[n.node_index(id)]; }
}  // namespace

TEST_CASE("region codes: levels, truncation, containment") {
    CHECK(region_level_of("11") == RegionLevel::province);
    CHECK(region_level_of("1101") == RegionLevel::prefecture);
    CHECK(region_level_of("110105") == RegionLevel::county);
    CHECK(region_level_of("110105001") == RegionLevel::street);
    CHECK(region_level_of("110105001001") == RegionLevel::community);
    CHECK_FALSE(region_level_of("11010"));
    CHECK_FALSE(region_level_of("11a105"));
    CHECK_FALSE(region_level_of(""));
    CHECK(truncate_region("110105001001") == "110105001");
    CHECK(truncate_region("110105001") == "110105");
    CHECK(truncate_region("110105") == "1101");
    CHECK(truncate_region("1101") == "11");
    CHECK(truncate_region("11").empty());
    CHECK(region_within("110105001001", "110105"));
    CHECK(region_within("110105001001", "11"));
    CHECK(region_within("110105", "110105"));
    CHECK_FALSE(region_within("110106001", "110105"));
    CHECK_FALSE(region_within("110105", "110105001"));
    CHECK(Network::district_of("110105001001") == "110105");
    CHECK(Network::district_of("11").empty());
}

TEST_CASE("enum names round-trip") {
    for (int t = 0; t < tier_count; ++t) CHECK(parse_tier(to_string(Tier(t))) == Tier(t));
    for (int r = 0; r < relation_count; ++r) CHECK(parse_relation(to_string(Relation(r))) == Relation(r));
    for (int t = 0; t < 4; ++t) CHECK(parse_org_type(to_string(OrgType(t))) == OrgType(t));
    for (int s = 0; s < 3; ++s) CHECK(parse_stage(to_string(Stage(s))) == Stage(s));
    CHECK_FALSE(parse_tier("ward"));
    for (int l = 0; l < 5; ++l) CHECK(parse_region_level(to_string(RegionLevel(l))) == RegionLevel(l));
    CHECK(parse_region_level("district") == RegionLevel::county);
    CHECK_FALSE(parse_region_level("ward"));
}

TEST_CASE("default vocabulary is a tree and service_within follows it") {
    const auto& v = default_vocabulary();
    CHECK(v.has_sector("elder_care"));
    CHECK(v.has_service("venue"));
    CHECK(v.service_within("venue", "space"));
    CHECK(v.service_within("venue", "venue"));
    CHECK_FALSE(v.service_within("venue", "funding"));
    Network n;
    CHECK(validate(n).ok());
}

TEST_CASE("the small network is valid, lookups work, copies are independent") {
    Network n = small();
    auto rep = validate(n);
    CHECK(rep.ok());
    // structurally clean; its nodes lack mandated functions of their tiers (tests/cpp/model/test_functions.cpp)
    CHECK(std::all_of(rep.warnings.begin(), rep.warnings.end(),
                      [](const Issue& w) { return w.code == "missing_function"; }));
    CHECK(n.find_node("d-east")->capacity == 30);
    CHECK(n.find_node("nope") == nullptr);
    CHECK(n.find_organization("so-3")->type == OrgType::foundation);
    CHECK(n.find_region("110101")->population == 200000);
    CHECK(n.parent_region("110101001001") == "110101001");
    CHECK(n.parent_region("110101") == "11");  // "1101" is not in the table: skipped
    auto c = n.count_by_tier();
    CHECK(c[int(Tier::street)] == 3);
    CHECK(c[int(Tier::social)] == 1);
    Network copy = n;
    copy.nodes[0].id = "renamed";
    copy.reindex();
    CHECK(copy.find_node("renamed") != nullptr);
    CHECK(n.find_node("renamed") == nullptr);
    CHECK(n.find_node("cc") != nullptr);
}

TEST_CASE("validation: every error kind names record and field") {
    SUBCASE("duplicate node id") {
        Network n = small();
        n.nodes.push_back(n.nodes[2]);
        CHECK(has_error(validate(n), "duplicate_id", "node d-east", "id"));
    }
    SUBCASE("duplicate organization and region") {
        Network n = small();
        n.organizations.push_back(n.organizations[0]);
        n.regions.push_back(n.regions[1]);
        auto r = validate(n);
        CHECK(has_error(r, "duplicate_id", "organization so-1", "id"));
        CHECK(has_error(r, "duplicate_id", "region 110101", "code"));
    }
    SUBCASE("unknown references") {
        Network n = small();
        n.edges.push_back({"d-east", "ghost", Relation::contract, false, ""});
        n.organizations[0].home = "nowhere";
        node(n, "s-east-1").services.push_back("teleportation");
        node(n, "d-west").region = "110199";
        auto r = validate(n);
        CHECK(has_error(r, "unknown_reference", "edge 12", "to"));
        CHECK(has_error(r, "unknown_reference", "organization so-1", "home"));
        CHECK(has_error(r, "unknown_reference", "node s-east-1", "services[3]"));
        CHECK(has_error(r, "unknown_reference", "node d-west", "region"));
    }
    SUBCASE("codes of the wrong length for the tier, or malformed") {
        Network n = small();
        node(n, "s-east-2").region = "110101";
        node(n, "c-east-a").region = "1101010010x1";
        auto r = validate(n);
        CHECK(has_error(r, "bad_region_code", "node s-east-2", "region"));
        CHECK(has_error(r, "bad_region_code", "node c-east-a", "region"));
    }
    SUBCASE("guidance cycle") {
        Network n = small();
        n.edges.push_back({"c-east-a", "cc", Relation::guidance, true, "marked, still a cycle"});
        auto r = validate(n);
        bool found = std::any_of(r.errors.begin(), r.errors.end(), [](const Issue& i) {
            return i.code == "guidance_cycle" && i.message.find("cc") != std::string::npos &&
                   i.message.find("c-east-a") != std::string::npos;
        });
        CHECK(found);
    }
    SUBCASE("guidance upward, sideways and skipping, unless marked") {
        Network n = small();
        n.edges.push_back({"s-east-2", "d-west", Relation::guidance, false, ""});  // upward
        n.edges.push_back({"cc", "s-west-1", Relation::guidance, false, ""});      // skips district
        n.edges.push_back({"d-east", "d-west", Relation::guidance, false, ""});    // sideways
        n.edges.push_back({"soc-1", "c-east-b", Relation::guidance, false, ""});   // from social
        auto r = validate(n);
        CHECK(has_error(r, "guidance_upward", "edge 12", "to"));
        CHECK(has_error(r, "guidance_skips_level", "edge 13", "to"));
        CHECK(has_error(r, "guidance_upward", "edge 14", "to"));
        CHECK(has_error(r, "guidance_from_social", "edge 15", "from"));
        for (std::size_t i = 12; i < n.edges.size(); ++i) n.edges[i].irregular = true;
        auto r2 = validate(n);
        CHECK_FALSE(has_error(r2, "guidance_skips_level", "edge 13", "to"));
        CHECK_FALSE(has_error(r2, "guidance_from_social", "edge 15", "from"));
    }
    SUBCASE("a street whose code does not sit under its district's") {
        Network n = small();
        n.edges.push_back({"d-west", "s-east-2", Relation::guidance, false, ""});
        auto r = validate(n);
        CHECK(has_error(r, "region_mismatch", "edge 12", "to"));
        bool says = std::any_of(r.errors.begin(), r.errors.end(), [](const Issue& i) {
            return i.message.find("does not lie under its district") != std::string::npos;
        });
        CHECK(says);
    }
    SUBCASE("values out of range") {
        Network n = small();
        node(n, "cc").capacity = -1;
        n.organizations[1].credit = 101;
        node(n, "d-east").lat = 95;
        auto r = validate(n);
        CHECK(has_error(r, "out_of_range", "node cc", "capacity"));
        CHECK(has_error(r, "out_of_range", "organization so-2", "credit"));
        CHECK(has_error(r, "out_of_range", "node d-east", "lat"));
    }
    SUBCASE("self loop") {
        Network n = small();
        n.edges.push_back({"cc", "cc", Relation::contract, false, ""});
        CHECK(has_error(validate(n), "self_loop", "edge 12", "to"));
    }
}

TEST_CASE("validation: ids with control characters are errors naming the record and field 'id'") {
    // "c\u0000c" once reached the C API as "c": a NUL (or any control character) in an id is
    // refused, and the messages show it escaped so that nothing cuts them short
    const std::string nul_id("c\0c", 3);
    Network n = small();
    n.nodes.push_back(n.nodes[2]);
    n.nodes.back().id = nul_id;
    n.organizations.push_back(n.organizations[0]);
    n.organizations.back().id = "so-\x1f" "9";
    n.organizations.push_back(n.organizations[0]);
    n.organizations.back().id = "so-\xc2\x85";   // U+0085, a C1 control
    n.vocabulary.services.push_back({"tab\tbed", "a service", ""});
    auto r = validate(n);
    CHECK(has_error(r, "bad_id", "node c\\u0000c", "id"));
    CHECK(has_error(r, "bad_id", "organization so-\\u001f9", "id"));
    CHECK(has_error(r, "bad_id", "organization so-\\u0085", "id"));
    CHECK(has_error(r, "bad_id", "vocabulary.services[", "id"));
    for (const auto& e : r.errors) {
        CHECK(e.record.find('\0') == std::string::npos);
        CHECK(e.message.find('\0') == std::string::npos);
    }
    // printable ids, Chinese included, stay valid
    Network ok = small();
    ok.nodes[2].id = "东城区-孵化器";
    for (auto& e : ok.edges) {
        if (e.from == "d-east") e.from = ok.nodes[2].id;
        if (e.to == "d-east") e.to = ok.nodes[2].id;
    }
    for (auto& o : ok.organizations)
        if (o.home == "d-east") o.home = ok.nodes[2].id;
    ok.reindex();
    CHECK_MESSAGE(validate(ok).errors.empty(), validate(ok).to_string());
    // and the loader refuses the file (a JSON \u0000 escape)
    Network bad = small();
    bad.nodes.push_back(bad.nodes[2]);
    bad.nodes.back().id = nul_id;
    const std::string text = io::save_json(bad);
    REQUIRE(text.find("c\\u0000c") != std::string::npos);
    try {
        io::load_json(text);
        FAIL("expected a validation_error");
    } catch (const validation_error& e) {
        CHECK(has_error(e.report(), "bad_id", "node c\\u0000c", "id"));
        CHECK(std::string(e.what()).find("c\\u0000c") != std::string::npos);
    }
}

TEST_CASE("validation warnings are kept apart from errors") {
    Network n = small();
    n.regions.push_back({"110102002", "West St 2", "street", 5000});
    node(n, "s-west-1").occupied = 11;
    auto r = validate(n);
    CHECK(r.ok());
    CHECK(has_warning(r, "region_without_incubator", "region 110102002"));
    CHECK(has_warning(r, "over_capacity", "node s-west-1"));
    // a street incubator nobody at district level guides
    n.edges.erase(n.edges.begin() + 6);  // d-west -> s-west-1
    auto r2 = validate(n);
    CHECK(r2.ok());
    CHECK(has_warning(r2, "street_without_district", "node s-west-1"));
}

TEST_CASE("frozen graph: parents, children, neighbours, serving, hops") {
    Graph g(small());
    auto id = [&](Graph::vertex v) { return g.node(v).id; };
    auto ids = [&](const std::vector<Graph::vertex>& v) {
        std::vector<std::string> r;
        for (auto x : v) r.push_back(id(x));
        std::sort(r.begin(), r.end());
        return r;
    };
    CHECK(ids(g.guidance_parents(g.at("s-east-1"))) == std::vector<std::string>{"d-east"});
    CHECK(ids(g.guidance_children(g.at("d-east"))) == std::vector<std::string>{"s-east-1", "s-east-2"});
    CHECK(ids(g.guidance_parents(g.at("soc-1"))) == std::vector<std::string>{"sec-elder"});
    CHECK(ids(g.neighbours(g.at("soc-1"), mask_of(Relation::contract))) == std::vector<std::string>{"d-east"});
    CHECK(ids(g.neighbours(g.at("soc-1"))) == std::vector<std::string>{"d-east", "s-west-1", "sec-elder"});
    auto serving = g.incubators_serving("110101001002");
    std::vector<std::string> s;
    for (auto v : serving) s.push_back(id(v));
    CHECK(s == std::vector<std::string>{"cc", "sec-elder", "d-east", "s-east-1", "c-east-b", "soc-1"});
    CHECK(g.hops(g.at("c-east-a"), g.at("c-east-a")) == 0);
    CHECK(g.hops(g.at("c-east-a"), g.at("s-east-1")) == 1);
    CHECK(g.hops(g.at("c-east-a"), g.at("s-west-1")) == 4);  // c-a, s-e-1, d-east, soc-1, s-west-1
    CHECK(g.hops(g.at("c-east-a"), g.at("s-west-1"), mask_of(Relation::guidance)) == 5);
    CHECK(g.hops(g.at("s-east-2"), g.at("d-east"), mask_of(Relation::referral)) == 1);
    CHECK(g.hops(g.at("s-east-2"), g.at("cc"), mask_of(Relation::referral)) == -1);
    CHECK_THROWS_AS(g.at("ghost"), input_error);
}

TEST_CASE("a graph refuses an invalid network") {
    Network n = small();
    n.edges.push_back({"d-east", "ghost", Relation::contract, false, ""});
    CHECK_THROWS_AS(Graph{n}, validation_error);
}
