// Tier sameness: a hand-computed case and a brute-force reference over all pairs.
#include <doctest/doctest.h>

#include <cmath>

#include "hatchnet/coverage/json.hpp"
#include "hatchnet/coverage/sameness.hpp"
#include "hatchnet/error.hpp"
#include "../test_nodes.hpp"
#include "fixture.hpp"

using namespace hatchnet;
using namespace hatchnet::coverage;

namespace {

Node make(const std::string& id, Tier t, const std::string& region, std::vector<std::string> services) {
    return test::make_node(id, t, region, std::move(services));
}

/// Every unordered pair of distinct nodes, by hand: the tier-pair means, then within / between.
SamenessGroup brute(const Network& net, const std::string& district) {
    std::array<std::array<double, tier_count>, tier_count> sum{};
    std::array<std::array<std::int64_t, tier_count>, tier_count> cnt{};
    std::vector<const Node*> nodes;
    for (const auto& n : net.nodes)
        if (district.empty() || Network::district_of(n.region) == district) nodes.push_back(&n);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (std::size_t j = i + 1; j < nodes.size(); ++j) {
            auto a = std::size_t(nodes[i]->tier), b = std::size_t(nodes[j]->tier);
            double jac = jaccard(nodes[i]->services, nodes[j]->services);
            sum[a][b] += jac;
            ++cnt[a][b];
            if (a != b) {
                sum[b][a] += jac;
                ++cnt[b][a];
            }
        }
    SamenessGroup g;
    double w = 0, bt = 0;
    int nw = 0, nb = 0;
    for (int a = 0; a < tier_count; ++a)
        for (int b = a; b < tier_count; ++b) {
            g.pairs[a][b] = cnt[a][b];
            if (!cnt[a][b]) continue;
            double m = sum[a][b] / double(cnt[a][b]);
            g.pair[a][b] = m;
            if (a == b) { w += m; ++nw; }
            else { bt += m; ++nb; }
        }
    g.within = nw ? w / nw : coverage::nan;
    g.between = nb ? bt / nb : coverage::nan;
    g.nodes = nodes.size();
    return g;
}

}  // namespace

TEST_CASE("jaccard: sets, duplicates, empty") {
    CHECK(jaccard({"a", "b"}, {"b", "c"}) == doctest::Approx(1.0 / 3));
    CHECK(jaccard({"a", "a", "b"}, {"b", "a"}) == 1.0);
    CHECK(jaccard({}, {}) == 1.0);
    CHECK(jaccard({"a"}, {}) == 0.0);
}

TEST_CASE("sameness: a hand-computed case") {
    Network net;
    net.regions = {{"11", "City", "province", {}}, {"110101", "East", "district", {}}};
    net.nodes.push_back(make("cc", Tier::city_center, "11", {"a", "b", "c", "d"}));
    net.nodes.push_back(make("d", Tier::district, "110101", {"a", "b", "c"}));
    net.nodes.push_back(make("s1", Tier::street, "110101001", {"a", "b"}));
    net.nodes.push_back(make("s2", Tier::street, "110101002", {"c"}));
    net.nodes.push_back(make("c1", Tier::community, "110101001001", {}));
    net.nodes.push_back(make("c2", Tier::community, "110101002001", {}));
    auto r = sameness(net);
    // district 110101: d–s1 2/3, d–s2 1/3 → district–street 1/2; d–c* 0; s–c 0;
    // within: s1–s2 0, c1–c2 J(∅,∅) = 1 → (0 + 1) / 2; between: (1/2 + 0 + 0) / 3
    REQUIRE(r.districts.size() == 1);
    const auto& e = r.districts[0];
    CHECK(e.code == "110101");
    CHECK(e.name == "East");
    CHECK(e.nodes == 5);
    CHECK(e.within == doctest::Approx(0.5));
    CHECK(e.between == doctest::Approx(1.0 / 6));
    CHECK(e.pair[int(Tier::district)][int(Tier::street)] == doctest::Approx(0.5));
    CHECK(e.pairs[int(Tier::street)][int(Tier::community)] == 4);
    CHECK(std::isnan(e.pair[int(Tier::district)][int(Tier::district)]));
    // network: cc–d 3/4, cc–s (1/2 + 1/4)/2 = 3/8, cc–c 0, d–s 1/2, d–c 0, s–c 0
    CHECK(r.network.between == doctest::Approx((0.75 + 0.375 + 0.5) / 6));
    CHECK(r.network.within == doctest::Approx(0.5));
    CHECK(r.network.by_tier[int(Tier::street)] == 2);
    // only street and district compared
    SamenessOptions o;
    o.tiers = {false, false, true, true, false, false};
    auto r2 = sameness(net, o);
    CHECK(r2.network.between == doctest::Approx(0.5));
    CHECK(r2.network.within == doctest::Approx(0.0));
}

TEST_CASE("sameness: the grouped computation equals all pairs by brute force") {
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        Network net = test::make_city(seed, 3, 3, 3, 0.8, false);
        test::Rng rng(seed * 7919);
        const auto& voc = net.vocabulary.services;
        for (auto& n : net.nodes) {
            n.services.clear();
            int k = int(rng.below(5));
            for (int i = 0; i < k; ++i) n.services.push_back(voc[rng.below(6)].id);  // few ids: profiles repeat
        }
        auto r = sameness(net);
        auto b = brute(net, "");
        CHECK(r.network.nodes == b.nodes);
        CHECK(r.network.within == doctest::Approx(b.within));
        CHECK(r.network.between == doctest::Approx(b.between));
        for (int x = 0; x < tier_count; ++x)
            for (int y = x; y < tier_count; ++y) {
                CHECK(r.network.pairs[x][y] == b.pairs[x][y]);
                if (b.pairs[x][y]) CHECK(r.network.pair[x][y] == doctest::Approx(b.pair[x][y]));
            }
        for (const auto& d : r.districts) {
            auto bd = brute(net, d.code);
            CHECK(d.nodes == bd.nodes);
            if (std::isnan(bd.within)) CHECK(std::isnan(d.within));
            else CHECK(d.within == doctest::Approx(bd.within));
            if (std::isnan(bd.between)) CHECK(std::isnan(d.between));
            else CHECK(d.between == doctest::Approx(bd.between));
        }
    }
}

TEST_CASE("sameness JSON: options checked, figures as the report, null where undefined") {
    Network net = test::make_city(3, 2, 2, 2, 1.0, false);
    Graph g(net);
    auto j = sameness_json(g, R"({"tiers":["district","street"]})");
    auto r = sameness(net, SamenessOptions{{false, false, true, true, false, false}, true});
    CHECK(j["network"]["between"].get<double>() == doctest::Approx(r.network.between));
    CHECK(j["districts"].size() == r.districts.size());
    CHECK_THROWS_AS(sameness_json(g, R"({"tiers":["ward"]})"), hatchnet::input_error);
    CHECK_THROWS_AS(sameness_json(g, R"({"bogus":1})"), hatchnet::input_error);
    auto one = sameness_json(g, R"({"tiers":["city_center"]})");
    CHECK(one["network"]["within"].is_null());
    CHECK(one["network"]["between"].is_null());
    auto cov = coverage_json(g, "");
    CHECK(cov["sameness"]["between"].get<double>() == doctest::Approx(sameness(net).network.between));
}

TEST_CASE("sameness in a plan's scenario: before and after equal the measure on each network") {
    Network net = test::make_city(5, 3, 3, 2, 0.5, false);
    Graph g(net);
    PlanOptions o;
    o.objective = Objective::coverage;
    o.k = 3;
    auto p = plan(g, o);
    REQUIRE_FALSE(p.picks.empty());
    Network after;
    auto rep = run_scenario(g, p, {}, &after);
    CHECK(rep.sameness_before.between == doctest::Approx(sameness(net).network.between));
    CHECK(rep.sameness_after.between == doctest::Approx(sameness(after).network.between));
    CHECK(rep.sameness_after.nodes == net.nodes.size() + rep.added.size());
    auto j = to_json(rep);
    CHECK(j["sameness"]["after"]["nodes"].get<std::size_t>() == rep.sameness_after.nodes);
}
