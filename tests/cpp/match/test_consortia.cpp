// Consortium pools in the matcher (§5.1): a hand-computed case, then random instances:
// pooling never serves a need outside the pool, and is never worse than no pooling (and
// never better than the city-wide platform), by the lexicographic objective.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/match/resources.hpp"

#include "../test_rng.hpp"

using namespace hatchnet;
using namespace hatchnet::match;

namespace {

Network hand() {
    return io::load_json(R"({"format":"hatchnet-network","version":1,
"regions":[{"code":"11"},{"code":"110101"},{"code":"110102"}],
"nodes":[
{"id":"d1","tier":"district","region":"110101","capacity":5},
{"id":"d2","tier":"district","region":"110102","capacity":5},
{"id":"d3","tier":"district","region":"110102","capacity":5}],
"organizations":[{"id":"o1","type":"service_org","region":"110101","home":"d1","credit":80}],
"consortia":[{"id":"C1","members":["d1","d2"],"services":["space"],"region":"11"}]})");
}

Resource resource(std::string id, std::string provider, std::string category, std::int64_t cap, double cost) {
    Resource r;
    r.id = std::move(id);
    r.provider = std::move(provider);
    r.category = std::move(category);
    r.capacity = cap;
    r.unit_cost = cost;
    return r;
}
Need need(std::string id, std::string org, std::string category, std::int64_t qty, std::int64_t priority = 1) {
    Need n;
    n.id = std::move(id);
    n.organization = std::move(org);
    n.category = std::move(category);
    n.quantity = qty;
    n.priority = priority;
    return n;
}

std::int64_t served_by(const MatchResult& r, std::size_t need, std::size_t res) {
    std::int64_t q = 0;
    for (const auto& a : r.assignments)
        if (a.need == need && a.resource == res) q += a.quantity;
    return q;
}

}  // namespace

TEST_CASE("consortium pool: a hand-computed case") {
    Graph g(hand());
    // r1: d2's venue (pooled: venue lies under C1's "space"); r2: d2's training (not pooled);
    // r3: d3's venue (d3 is in no consortium); r4: d1's own venue.
    std::vector<Resource> res{resource("r1", "d2", "venue", 2, 1), resource("r2", "d2", "training", 5, 0),
                              resource("r3", "d3", "venue", 5, 0), resource("r4", "d1", "venue", 1, 5)};
    std::vector<Need> needs{need("n1", "o1", "venue", 3), need("n2", "o1", "training", 1)};
    MatchOptions opt;
    opt.providers = Providers::home;
    MatchResult r = match_resources(g, needs, res, opt);
    // n1: 1 from its own d1 (r4), 2 from the pool (r1, via C1); n2: nothing (training is not pooled)
    CHECK(served_by(r, 0, 3) == 1);
    CHECK(served_by(r, 0, 0) == 2);
    CHECK(r.needs[0].served == 3);
    CHECK(r.needs[1].served == 0);
    for (const auto& a : r.assignments) CHECK(a.consortium == (a.resource == 0 ? 0 : -1));
    CHECK(r.needs[1].reason == UnservedReason::no_eligible_resource);
    CHECK(r.needs[1].detail.find("pooled") != std::string::npos);
    CHECK(r.weighted_served == 3);
    // cost: r4 1 x (5 + same district 1) + r1 2 x (1 + across districts 3) = 14
    CHECK(r.total_cost == doctest::Approx(14.0));

    // pooling off: d1's own venue only
    opt.pooling = false;
    MatchResult off = match_resources(g, needs, res, opt);
    CHECK(off.needs[0].served == 1);
    CHECK(off.weighted_served == 1);
    CHECK(off.needs[1].detail.find("pooling is off") != std::string::npos);

    // the city-wide platform: everything, and a pooled assignment still names its consortium
    MatchOptions any;
    MatchResult all = match_resources(g, needs, res, any);
    CHECK(all.weighted_served == 4);
    for (const auto& a : all.assignments) {
        const bool pooled = res[a.resource].provider == "d2" && needs[a.need].category == "venue";
        CHECK(a.consortium == (pooled ? 0 : -1));
    }
}

TEST_CASE("property: pooling never serves a need outside the pool, and is never worse than without it") {
    test::Rng rng(514);
    const std::vector<std::string> cats{"venue", "office", "space", "training", "mentoring", "funds"};
    for (int round = 0; round < 150; ++round) {
        const int V = 3 + int(rng.below(4)), O = 2 + int(rng.below(3));
        std::string nodes, orgs, consortia;
        for (int v = 0; v < V; ++v)
            nodes += std::string(v ? "," : "") + R"({"id":"d)" + std::to_string(v) + R"(","tier":"district","region":"11010)" +
                     std::to_string(1 + v % 2) + R"(","capacity":5})";
        for (int o = 0; o < O; ++o)
            orgs += std::string(o ? "," : "") + R"({"id":"o)" + std::to_string(o) +
                    R"(","type":"association","region":"110101","home":"d)" + std::to_string(rng.below(std::uint64_t(V))) +
                    R"(","credit":50})";
        const int C = int(rng.below(4));
        for (int c = 0; c < C; ++c) {
            std::vector<int> members;
            for (int v = 0; v < V; ++v)
                if (rng.below(2)) members.push_back(v);
            while (members.size() < 2) {
                int v = int(rng.below(std::uint64_t(V)));
                if (std::find(members.begin(), members.end(), v) == members.end()) members.push_back(v);
            }
            std::string m, svc = "\"" + cats[rng.below(cats.size())] + "\"";
            for (auto v : members) m += (m.empty() ? "\"d" : ",\"d") + std::to_string(v) + "\"";
            if (rng.below(2)) svc += ",\"" + cats[rng.below(cats.size())] + "\"";
            consortia += std::string(c ? "," : "") + R"({"id":"C)" + std::to_string(c) + R"(","members":[)" + m +
                         R"(],"services":[)" + svc + R"(],"region":"11"})";
        }
        Graph g(io::load_json(R"({"format":"hatchnet-network","version":1,"regions":[{"code":"11"},{"code":"110101"},{"code":"110102"}],"nodes":[)" +
                              nodes + R"(],"organizations":[)" + orgs + R"(],"consortia":[)" + consortia + "]}"));
        const Network& net = g.network();
        std::vector<Need> needs;
        std::vector<Resource> res;
        const int N = 1 + int(rng.below(5)), R = 1 + int(rng.below(6));
        for (int i = 0; i < N; ++i)
            needs.push_back(need("n" + std::to_string(i), "o" + std::to_string(rng.below(std::uint64_t(O))),
                                 cats[rng.below(cats.size())], 1 + std::int64_t(rng.below(3)), 1 + std::int64_t(rng.below(3))));
        for (int j = 0; j < R; ++j)
            res.push_back(resource("r" + std::to_string(j), "d" + std::to_string(rng.below(std::uint64_t(V))),
                                   cats[rng.below(cats.size())], std::int64_t(rng.below(4)), double(rng.below(4))));
        MatchOptions home;
        home.providers = Providers::home;
        MatchOptions own = home;
        own.pooling = false;
        MatchResult pooled = match_resources(g, needs, res, home);
        MatchResult alone = match_resources(g, needs, res, own);
        MatchResult any = match_resources(g, needs, res, MatchOptions{});
        // the reference pool, straight from the definitions
        for (const auto& a : pooled.assignments) {
            const Need& n = needs[a.need];
            const std::string& h = net.find_organization(n.organization)->home;
            const std::string& p = res[a.resource].provider;
            if (p == h) {
                CHECK(a.consortium == -1);
                continue;
            }
            bool in_pool = false;
            for (const auto& c : net.consortia)
                in_pool |= c.has_member(h) && c.has_member(p) && c.pools(n.category, net.vocabulary);
            CHECK(in_pool);
            REQUIRE(a.consortium >= 0);
            const Consortium& c = net.consortia[std::size_t(a.consortium)];
            CHECK((c.has_member(h) && c.has_member(p) && c.pools(n.category, net.vocabulary)));
        }
        for (const auto& a : alone.assignments)
            CHECK(res[a.resource].provider == net.find_organization(needs[a.need].organization)->home);
        // never worse: more weighted service, or as much at no greater cost
        CHECK(pooled.weighted_served >= alone.weighted_served);
        if (pooled.weighted_served == alone.weighted_served) CHECK(pooled.total_cost <= alone.total_cost + 1e-6);
        CHECK(any.weighted_served >= pooled.weighted_served);
        if (any.weighted_served == pooled.weighted_served) CHECK(any.total_cost <= pooled.total_cost + 1e-6);
    }
}

TEST_CASE("providers: names round-trip; unknown names are refused") {
    for (auto p : {Providers::any, Providers::home}) CHECK(parse_providers(to_string(p)) == p);
    CHECK_FALSE(parse_providers("everyone"));
}
