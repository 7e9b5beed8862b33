// Coverage analysis and the balance report: hand-computed cases, invariants, bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/coverage/json.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "fixture.hpp"

using namespace hatchnet;
using namespace hatchnet::coverage;
using hatchnet::test::make_city;
using hatchnet::test::Rng;

namespace {
const std::string small_path = std::string(HATCHNET_SOURCE_DIR) + "/tests/data/small.json";

const RegionCoverage& row(const CoverageReport& r, const std::string& code) {
    for (const auto& x : r.regions)
        if (x.code == code) return x;
    FAIL("no row " << code);
    return r.regions.front();
}
}  // namespace

// gini / theil / theil_decompose: tests/cpp/algo/test_inequality.cpp (here through the
// names hatchnet::coverage forwards, in the balance report).

TEST_CASE("coverage of the small fixture: hand-computed rows") {
    Graph g(io::load_json_file(small_path));
    auto r = analyse(g);
    CHECK(r.summary.districts == 2);
    CHECK(r.summary.streets == 3);
    CHECK(r.summary.communities == 3);
    CHECK(r.summary.streets_lacking == 0);
    CHECK(r.summary.districts_lacking == 0);
    const auto& east = row(r, "110101");
    CHECK(east.incubators == 4);  // d-east, s-east-1, s-east-2, soc-1
    CHECK(east.capacity == 30 + 15 + 10 + 12);
    CHECK(east.organizations == 3);  // so-1, so-2, so-4
    CHECK(east.capacity_per_org == doctest::Approx(67.0 / 3.0));
    CHECK(east.people_per_incubator == doctest::Approx(50000.0));
    CHECK(east.within[int(Tier::community)] == 2);
    CHECK(east.serving[int(Tier::city_center)] == 1);
    const auto& west = row(r, "110102");
    CHECK(west.organizations == 1);
    CHECK(west.capacity == 30);
    // community with its own station
    const auto& ca = row(r, "110101001001");
    CHECK(ca.hops[int(Tier::community)] == 0);
    CHECK(ca.hops[int(Tier::street)] == 1);
    CHECK(ca.hops[int(Tier::district)] == 2);
    CHECK(ca.hops[int(Tier::city_center)] == 3);
    CHECK(ca.serving[int(Tier::street)] == 1);
    CHECK(ca.serving[int(Tier::district)] == 1);
    CHECK(ca.serving[int(Tier::social)] == 1);  // soc-1 is based in its district
    CHECK(ca.incubators == 0);                  // stations are not counted as incubators
    CHECK(std::isnan(ca.orgs_per_incubator));  // 1 org, 0 incubators: null, not a division by 0
    // a community without a station is anchored at its street, one level up
    const auto& wv = row(r, "110102001201");
    CHECK(wv.hops[int(Tier::street)] == 1);
    CHECK(wv.hops[int(Tier::district)] == 2);
    // the street reports the worst of its communities
    CHECK(row(r, "110101001").hops[int(Tier::street)] == 1);
    // serving == Graph::incubators_serving counted by tier, for every row
    for (const auto& x : r.regions) {
        std::array<int, tier_count> c{};
        for (auto v : g.incubators_serving(x.code)) ++c[int(g.node(v).tier)];
        for (int t = 0; t < tier_count; ++t) CHECK(c[t] == x.serving[t]);
    }
    // no coordinates on communities: they take their nearest located ancestor's, and say so
    CHECK(r.access_computed);
    CHECK(r.unlocated == 0);
    bool noted = false;
    for (const auto& s : r.notes) noted |= s.find("parent region") != std::string::npos;
    CHECK(noted);
}

TEST_CASE("coverage: regions lacking an expected tier") {
    auto n = make_city(3, 3, 5, 2, 0.5);
    Graph g(n);
    auto r = analyse(g);
    std::size_t lacking_streets = 0;
    for (const auto& x : r.regions)
        if (x.level == RegionLevel::street) {
            bool has = x.within[int(Tier::street)] > 0;
            CHECK((x.missing == "street") == !has);
            lacking_streets += !has;
        }
    CHECK(lacking_streets == r.summary.streets_lacking);
    CHECK(lacking_streets > 0);
    CHECK(row(r, "110103").missing == "district");  // the last district has none
    CHECK(r.summary.districts_lacking == 1);
    // totals: organizations in districts add up to the network's
    std::int64_t o = 0;
    for (const auto& x : r.regions)
        if (x.level == RegionLevel::county) o += x.organizations;
    CHECK(o == std::int64_t(n.organizations.size()));
    // JSON: lacking list and null for undefined ratios
    auto j = to_json(r);
    CHECK(j["lacking"].size() == r.summary.streets_lacking + r.summary.districts_lacking);
}

TEST_CASE("multi-source BFS equals the minimum of single-source BFS") {
    auto n = make_city(5, 3, 4, 3, 0.7);
    Graph g(n);
    std::vector<Graph::vertex> src;
    for (Graph::vertex v = 0; v < g.num_vertices(); ++v)
        if (g.node(v).tier == Tier::street) src.push_back(v);
    auto d = multi_source_hops(g, src);
    for (Graph::vertex v = 0; v < g.num_vertices(); ++v) {
        int best = -1;
        for (auto s : src) {
            int h = g.hops(s, v);
            if (h >= 0 && (best < 0 || h < best)) best = h;
        }
        CHECK(d[v] == best);
    }
    CHECK(multi_source_hops(g, {})[0] == -1);
}

TEST_CASE("2SFCA: hand-computed catchments") {
    // one supplier of 10 at (40, 116); demand 100 at ~1.1 km, 300 at ~2.2 km, 1000 at ~55 km
    std::vector<double> sl{40.0}, so{116.0}, sv{10};
    std::vector<double> dl{40.01, 40.02, 40.5}, dn{116.0, 116.0, 116.0}, dv{100, 300, 1000};
    auto A = two_step_fca(sl, so, sv, dl, dn, dv, 5.0);
    CHECK(A[0] == doctest::Approx(10.0 / 400.0));
    CHECK(A[1] == doctest::Approx(10.0 / 400.0));
    CHECK(A[2] == 0.0);
    // two suppliers sharing one demand point
    auto B = two_step_fca({40.0, 40.02}, {116.0, 116.0}, {10, 30}, {40.01}, {116.0}, {200}, 5.0);
    CHECK(B[0] == doctest::Approx(40.0 / 200.0));
    // total supply in reach is conserved: sum_k A_k P_k == sum of supplies that reach someone
    Rng rng(7);
    std::vector<double> a, b, s, c, e, p;
    for (int i = 0; i < 30; ++i) a.push_back(39.8 + rng.unit() * 0.4), b.push_back(116 + rng.unit() * 0.4), s.push_back(1 + rng.below(20));
    for (int i = 0; i < 200; ++i) c.push_back(39.8 + rng.unit() * 0.4), e.push_back(116 + rng.unit() * 0.4), p.push_back(100 + rng.below(1000));
    auto Z = two_step_fca(a, b, s, c, e, p, 4.0);
    double lhs = 0, rhs = 0;
    for (std::size_t k = 0; k < Z.size(); ++k) lhs += Z[k] * p[k];
    for (std::size_t j = 0; j < s.size(); ++j) {
        bool reach = false;
        for (std::size_t k = 0; k < c.size(); ++k) reach |= haversine_km(a[j], b[j], c[k], e[k]) <= 4.0;
        rhs += reach ? s[j] : 0;
    }
    CHECK(lhs == doctest::Approx(rhs));
    // brute-force check of the grid: same as a very large radius computed by hand for one point
    CHECK_THROWS_AS(two_step_fca(sl, so, sv, dl, dn, dv, 0.0), input_error);
    CHECK_THROWS_AS(two_step_fca(sl, so, {-1}, dl, dn, dv, 1.0), input_error);
    CHECK(haversine_km(39.9, 116.4, 31.2, 121.5) == doctest::Approx(1067).epsilon(0.01));  // Beijing–Shanghai
}

TEST_CASE("coverage with coordinates: 2SFCA per region") {
    auto n = make_city(9, 3, 4, 3, 0.8);
    Graph g(n);
    CoverageOptions o;
    o.catchment_km = 5;
    auto r = analyse(g, o);
    CHECK(r.access_computed);
    std::size_t scored = 0;
    for (const auto& x : r.regions)
        if (x.level == RegionLevel::community && !std::isnan(x.access)) {
            ++scored;
            CHECK(x.access >= 0);
        }
    CHECK(scored > 0);
    CHECK(r.summary.mean_access > 0);
    o.catchment_km = -1;
    CHECK_THROWS_AS(analyse(g, o), input_error);
}

TEST_CASE("balance: metrics agree with the indices on the district table") {
    auto n = make_city(21, 5, 4, 3, 0.7);
    Graph g(n);
    auto b = balance(g);
    REQUIRE(b.metrics.size() == 4);
    std::vector<double> x, w;
    for (const auto& d : b.districts)
        if (d.organizations > 0) {
            x.push_back(double(d.capacity) / double(d.organizations));
            w.push_back(double(d.organizations));
        }
    CHECK(b.metrics[0].indicator == "capacity_per_org");
    CHECK(b.metrics[0].level == "district");
    CHECK(b.metrics[0].gini == doctest::Approx(gini(x, w)));
    CHECK(b.metrics[0].theil == doctest::Approx(theil(x, w)));
    CHECK(b.metrics[0].gini_unweighted == doctest::Approx(gini(x)));
    // street level: decomposition adds up
    for (int i = 2; i < 4; ++i) {
        CHECK(b.metrics[i].level == "street");
        CHECK(b.metrics[i].theil_between + b.metrics[i].theil_within == doctest::Approx(b.metrics[i].theil));
    }
    // outliers are named and sorted by distance from the average
    REQUIRE(!b.furthest.empty());
    CHECK(!b.furthest[0].name.empty());
    double prev = 1e300;
    for (const auto& o : b.furthest) {
        if (o.indicator != "capacity_per_org") continue;
        double k = o.ratio > 0 ? std::abs(std::log(o.ratio)) : 1e299;
        CHECK(k <= prev);
        prev = k;
    }
}

TEST_CASE("zero population, empty regions and empty networks: documented results") {
    auto n = make_city(4, 2, 2, 2);
    for (auto& r : n.regions) r.population = 0;
    Graph g(n);
    auto r = analyse(g);
    for (const auto& x : r.regions) {
        CHECK(std::isnan(x.people_per_incubator));
        CHECK(std::isnan(x.capacity_per_10k));
    }
    CHECK(!r.notes.empty());
    auto b = balance(g);
    CHECK(b.metrics[1].units == 0);   // capacity per resident: nothing to measure
    CHECK(std::isnan(b.metrics[1].gini));
    CHECK(std::isnan(b.city_capacity_per_10k));
    auto j = to_json(b);
    CHECK(j["metrics"][1]["gini"].is_null());

    Network empty;
    Graph ge(empty);
    auto re = analyse(ge);
    CHECK(re.regions.empty());
    auto be = balance(ge);
    CHECK(be.metrics.size() == 4);
    CHECK(be.metrics[0].units == 0);
    CHECK(to_json(be).dump().find("null") != std::string::npos);
}

TEST_CASE("coverage options from JSON: unknown keys and wrong types name the field") {
    auto check_field = [](const char* text, const char* field) {
        try {
            coverage_options_from_json(parse_options(text));
            FAIL("no error for " << text);
        } catch (const input_error& e) {
            CHECK(e.field() == field);
        }
    };
    check_field(R"({"catchment":3})", "catchment");
    check_field(R"({"catchment_km":"3"})", "catchment_km");
    check_field(R"({"catchment_km":0})", "catchment_km");
    check_field(R"({"counted_tiers":["street","palace"]})", "counted_tiers");
    check_field(R"({"demand_level":"planet"})", "demand_level");
    CHECK_THROWS_AS(parse_options("{\"a\":"), input_error);
    auto o = coverage_options_from_json(parse_options(R"({"counted_tiers":["street"],"relations":["guidance"]})"));
    CHECK(o.counted_tiers[int(Tier::street)]);
    CHECK(!o.counted_tiers[int(Tier::district)]);
    CHECK(o.relations == mask_of(Relation::guidance));
    CHECK(coverage_options_from_json(parse_options("")).catchment_km == 3.0);
}
