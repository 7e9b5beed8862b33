// Tests of hatchnet::match::MinCostFlow (network simplex): optimal cost equal to LEMON's
// NetworkSimplex on random instances, primal feasibility, dual (reduced-cost) optimality,
// max-flow-min-cost mode, bad input, determinism.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/match/min_cost_flow.hpp"

#ifdef HATCHNET_HAVE_LEMON
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#endif

using hatchnet::match::MinCostFlow;
using Status = MinCostFlow::Status;
using Mode = MinCostFlow::Mode;

namespace {

struct Instance {
    int n = 0;
    std::vector<int> tail, head;
    std::vector<std::int64_t> lower, cap, cost, supply;
};

// Random instance; `kind` 0: general, 1: degenerate (equal costs, zero capacities, parallel
// arcs, self-loops), 2: with lower bounds, 3: negative costs and infinite capacities.
Instance random_instance(std::mt19937_64& rng, int kind, bool balanced) {
    auto uni = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    Instance I;
    I.n = static_cast<int>(uni(1, 9));
    const int m = static_cast<int>(uni(0, 4 * I.n));
    for (int a = 0; a < m; ++a) {
        int u = static_cast<int>(uni(0, I.n - 1)), v = static_cast<int>(uni(0, I.n - 1));
        if (kind != 1 && u == v && uni(0, 3) != 0) v = (v + 1) % I.n;
        I.tail.push_back(u);
        I.head.push_back(v);
        std::int64_t c = kind == 1 ? uni(0, 2) : uni(-3, 10);
        std::int64_t cp = kind == 1 ? uni(0, 2) * uni(0, 3) : uni(0, 8);
        std::int64_t lo = 0;
        if (kind == 3 && uni(0, 3) == 0) cp = MinCostFlow::infinite;
        if (kind != 3 && c < 0 && uni(0, 1)) c = -c;
        if (kind == 2 && uni(0, 2) == 0) lo = uni(0, std::min<std::int64_t>(cp, 3));
        if (kind == 1 && a > 0 && uni(0, 3) == 0) {  // parallel copy of the previous arc
            I.tail.back() = I.tail[a - 1];
            I.head.back() = I.head[a - 1];
        }
        I.cost.push_back(c);
        I.cap.push_back(cp);
        I.lower.push_back(lo);
    }
    I.supply.assign(I.n, 0);
    const int moves = static_cast<int>(uni(0, 2 * I.n));
    for (int k = 0; k < moves; ++k) {
        int u = static_cast<int>(uni(0, I.n - 1)), v = static_cast<int>(uni(0, I.n - 1));
        std::int64_t q = uni(1, 6);
        I.supply[u] += q;
        I.supply[v] -= q;
    }
    if (!balanced) I.supply[uni(0, I.n - 1)] += uni(-6, 6);
    return I;
}

MinCostFlow make_solver(const Instance& I) {
    MinCostFlow f(I.n);
    for (std::size_t a = 0; a < I.tail.size(); ++a)
        f.add_arc(I.tail[a], I.head[a], I.lower[a], I.cap[a], I.cost[a]);
    f.set_supplies(I.supply);
    return f;
}

// primal feasibility, total cost, complementary slackness; `unrouted` relaxes the supplies
void check_solution(const Instance& I, const MinCostFlow& f, bool max_flow) {
    std::vector<std::int64_t> net(I.n, 0);
    std::int64_t total = 0;
    for (std::size_t a = 0; a < I.tail.size(); ++a) {
        const auto x = f.flow(static_cast<int>(a));
        REQUIRE(x >= I.lower[a]);
        REQUIRE(x <= I.cap[a]);
        net[I.tail[a]] += x;
        net[I.head[a]] -= x;
        total += x * I.cost[a];
        const std::int64_t rc = I.cost[a] + f.potential(I.tail[a]) - f.potential(I.head[a]);
        if (x < I.cap[a]) CHECK(rc >= 0);
        if (x > I.lower[a]) CHECK(rc <= 0);
    }
    for (int v = 0; v < I.n; ++v) {
        const std::int64_t left = f.unrouted(v);
        if (!max_flow) {
            CHECK(left == 0);
        } else if (I.supply[v] > 0) {
            CHECK(left >= 0);
            CHECK(left <= I.supply[v]);
        } else {
            CHECK(left <= 0);
            CHECK(left >= I.supply[v]);
        }
        CHECK(net[v] == I.supply[v] - left);
    }
    CHECK(total == f.total_cost());
}

#ifdef HATCHNET_HAVE_LEMON
using LG = lemon::SmartDigraph;
using LNS = lemon::NetworkSimplex<LG, std::int64_t, std::int64_t>;

// LEMON's status and optimal cost of the exact problem
std::pair<LNS::ProblemType, std::int64_t> lemon_solve(const Instance& I) {
    LG g;
    std::vector<LG::Node> nodes;
    for (int v = 0; v < I.n; ++v) nodes.push_back(g.addNode());
    std::vector<LG::Arc> arcs;
    for (std::size_t a = 0; a < I.tail.size(); ++a) arcs.push_back(g.addArc(nodes[I.tail[a]], nodes[I.head[a]]));
    LG::ArcMap<std::int64_t> lo(g), up(g), c(g);
    LG::NodeMap<std::int64_t> sup(g);
    for (std::size_t a = 0; a < arcs.size(); ++a) {
        lo[arcs[a]] = I.lower[a];
        up[arcs[a]] = I.cap[a];
        c[arcs[a]] = I.cost[a];
    }
    for (int v = 0; v < I.n; ++v) sup[nodes[v]] = I.supply[v];
    LNS ns(g);
    ns.lowerMap(lo).upperMap(up).costMap(c).supplyMap(sup);
    auto st = ns.run();
    return {st, st == LNS::OPTIMAL ? ns.totalCost() : 0};
}

// the max-flow-min-cost problem written as an exact one: a root absorbs what is not routed
std::pair<std::int64_t, std::int64_t> lemon_max_flow(const Instance& I, bool& ok) {
    Instance J = I;
    std::int64_t C = 0;
    for (auto c : I.cost) C = std::max<std::int64_t>(C, std::abs(c));
    const std::int64_t M = I.n * C + 1;
    const int root = J.n++;
    std::int64_t sum = 0;
    J.supply.push_back(0);
    for (int v = 0; v < I.n; ++v) {
        sum += I.supply[v];
        if (I.supply[v] > 0) {
            J.tail.push_back(v); J.head.push_back(root); J.cost.push_back(0);
            J.cap.push_back(I.supply[v]); J.lower.push_back(0);
        } else if (I.supply[v] < 0) {
            J.tail.push_back(root); J.head.push_back(v); J.cost.push_back(M);
            J.cap.push_back(-I.supply[v]); J.lower.push_back(0);
        }
    }
    J.supply[root] = -sum;
    LG g;
    std::vector<LG::Node> nodes;
    for (int v = 0; v < J.n; ++v) nodes.push_back(g.addNode());
    std::vector<LG::Arc> arcs;
    for (std::size_t a = 0; a < J.tail.size(); ++a) arcs.push_back(g.addArc(nodes[J.tail[a]], nodes[J.head[a]]));
    LG::ArcMap<std::int64_t> lo(g), up(g), c(g);
    LG::NodeMap<std::int64_t> sup(g);
    for (std::size_t a = 0; a < arcs.size(); ++a) {
        lo[arcs[a]] = J.lower[a]; up[arcs[a]] = J.cap[a]; c[arcs[a]] = J.cost[a];
    }
    for (int v = 0; v < J.n; ++v) sup[nodes[v]] = J.supply[v];
    LNS ns(g);
    ns.lowerMap(lo).upperMap(up).costMap(c).supplyMap(sup);
    ok = ns.run() == LNS::OPTIMAL;
    if (!ok) return {0, 0};
    std::int64_t unmet = 0, real = 0;
    for (std::size_t a = 0; a < I.tail.size(); ++a) real += ns.flow(arcs[a]) * I.cost[a];
    for (std::size_t a = I.tail.size(); a < arcs.size(); ++a)
        if (J.tail[a] == root) unmet += ns.flow(arcs[a]);
    return {real, unmet};
}
#endif

}  // namespace

TEST_CASE("min_cost_flow: a small hand-checked instance") {
    MinCostFlow f(4);
    f.add_arc(0, 1, 4, 2);
    f.add_arc(0, 2, 2, 2);
    f.add_arc(1, 2, 2, 1);
    f.add_arc(1, 3, 3, 3);
    f.add_arc(2, 3, 5, 1);
    f.set_supply(0, 4);
    f.set_supply(3, -4);
    REQUIRE(f.run() == Status::optimal);
    CHECK(f.total_cost() == 14);  // 2 via 0-2-3 (6), 2 via 0-1-2-3 (8)
    CHECK(f.flow(1) == 2);
    CHECK(f.flow(2) == 2);
}

TEST_CASE("min_cost_flow: empty, no-arc and trivial problems") {
    MinCostFlow empty;
    CHECK(empty.run() == Status::optimal);
    CHECK(empty.total_cost() == 0);
    MinCostFlow two(2);
    two.set_supply(0, 1);
    two.set_supply(1, -1);
    CHECK(two.run() == Status::infeasible);
    CHECK(two.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(two.unrouted(0) == 1);
    CHECK(two.unrouted(1) == -1);
    CHECK(two.routed() == 0);
}

TEST_CASE("min_cost_flow: unbounded, self-loops and iteration limit") {
    MinCostFlow f(2);
    f.add_arc(0, 1, MinCostFlow::infinite, -1);
    f.add_arc(1, 0, MinCostFlow::infinite, -1);
    CHECK(f.run() == Status::unbounded);

    MinCostFlow loop(1);
    loop.add_arc(0, 0, 5, -2);
    REQUIRE(loop.run() == Status::optimal);
    CHECK(loop.flow(0) == 5);
    CHECK(loop.total_cost() == -10);
    MinCostFlow inf_loop(1);
    inf_loop.add_arc(0, 0, MinCostFlow::infinite, -2);
    CHECK(inf_loop.run() == Status::unbounded);

    std::mt19937_64 rng(7);
    MinCostFlow big(200);
    for (int a = 0; a < 2000; ++a)
        big.add_arc(static_cast<int>(rng() % 200), static_cast<int>(rng() % 200), 10,
                    static_cast<std::int64_t>(rng() % 100));
    for (int v = 0; v < 100; ++v) { big.set_supply(v, 3); big.set_supply(100 + v, -3); }
    big.set_iteration_limit(5);
    CHECK(big.run() == Status::iteration_limit);
    CHECK(big.iterations() <= 5 + 200);  // initial heuristic pivots are not limited
    big.set_iteration_limit(0);
    CHECK(big.run() != Status::iteration_limit);
}

TEST_CASE("min_cost_flow: bad input raises input_error naming the record") {
    MinCostFlow f(3);
    CHECK_THROWS_AS(f.add_arc(0, 3, 1, 1), hatchnet::input_error);
    CHECK_THROWS_AS(f.add_arc(-1, 2, 1, 1), hatchnet::input_error);
    CHECK_THROWS_AS(f.add_arc(0, 1, -1, 1), hatchnet::input_error);
    CHECK_THROWS_AS(f.add_arc(0, 1, 5, 4, 1), hatchnet::input_error);  // lower > capacity
    CHECK_THROWS_AS(f.set_supply(5, 1), hatchnet::input_error);
    try {
        f.add_arc(0, 1, 1, 1);
        f.add_arc(0, 7, 1, 1);
        FAIL("no throw");
    } catch (const hatchnet::input_error& e) {
        CHECK(e.record() == "arc 1");
        CHECK(e.field() == "head");
    }
    CHECK(f.arc_count() == 1);
    // bulk: one bad arc, nothing added
    std::vector<int> t{0, 1}, h{1, 9};
    std::vector<std::int64_t> cp{1, 1}, c{1, 1};
    CHECK_THROWS_AS(f.add_arcs(t, h, cp, c), hatchnet::input_error);
    CHECK(f.arc_count() == 1);
    std::vector<std::int64_t> short_c{1};
    CHECK_THROWS_AS(f.add_arcs(t, t, cp, short_c), hatchnet::input_error);
    // unbalanced supplies in exact mode
    f.set_supply(0, 2);
    f.set_supply(1, -1);
    CHECK_THROWS_AS(f.run(), hatchnet::input_error);
    CHECK(f.run(Mode::max_flow_min_cost) == Status::optimal);
    // overflow
    MinCostFlow o(2);
    o.add_arc(0, 1, std::int64_t(1) << 61, 1);
    o.add_arc(0, 1, std::int64_t(1) << 61, 1);
    o.set_supply(0, 1);
    o.set_supply(1, -1);
    CHECK_THROWS_AS(o.run(), hatchnet::input_error);
    MinCostFlow oc(2);
    oc.add_arc(0, 1, 1, std::int64_t(1) << 60);
    oc.set_supply(0, 1);
    oc.set_supply(1, -1);
    CHECK_THROWS_AS(oc.run(), hatchnet::input_error);
    MinCostFlow os(2);
    os.set_supply(0, std::numeric_limits<std::int64_t>::max());
    os.set_supply(1, -std::numeric_limits<std::int64_t>::max());
    CHECK_THROWS_AS(os.run(), hatchnet::input_error);
}

TEST_CASE("min_cost_flow: random instances agree with LEMON, feasibility and optimality hold") {
    std::mt19937_64 rng(20240601);
    int optimal = 0, infeasible = 0, unbounded = 0;
    for (int iter = 0; iter < 1600; ++iter) {
        const int kind = iter % 4;
        Instance I = random_instance(rng, kind, true);
        MinCostFlow f = make_solver(I);
        const Status st = f.run();
        CAPTURE(iter);
        if (st == Status::optimal) {
            ++optimal;
            check_solution(I, f, false);
        } else if (st == Status::infeasible) {
            ++infeasible;
        } else {
            ++unbounded;
            CHECK(st == Status::unbounded);
        }
#ifdef HATCHNET_HAVE_LEMON
        auto [lst, lcost] = lemon_solve(I);
        if (lst == LNS::OPTIMAL) {
            REQUIRE(st == Status::optimal);
            CHECK(f.total_cost() == lcost);
        } else if (lst == LNS::INFEASIBLE) {
            CHECK((st == Status::infeasible || st == Status::unbounded));
        } else {
            CHECK((st == Status::unbounded || st == Status::infeasible));
        }
#endif
        // repeated runs give identical results
        MinCostFlow g = make_solver(I);
        REQUIRE(g.run() == st);
        CHECK(g.flows() == f.flows());
        CHECK(g.potentials() == f.potentials());
        CHECK(f.run() == st);
        CHECK(g.flows() == f.flows());
    }
    MESSAGE("optimal " << optimal << ", infeasible " << infeasible << ", unbounded " << unbounded);
    CHECK(optimal > 400);
    CHECK(infeasible > 50);
    CHECK(unbounded > 10);
}

TEST_CASE("min_cost_flow: max-flow-min-cost mode on unbalanced and infeasible instances") {
    std::mt19937_64 rng(99);
    for (int iter = 0; iter < 800; ++iter) {
        const int kind = iter % 3;  // no infinite negative cycles here
        Instance I = random_instance(rng, kind, iter % 2 == 0);
        for (auto& lo : I.lower) lo = 0;  // lower bounds could make it infeasible
        MinCostFlow f = make_solver(I);
        CAPTURE(iter);
        REQUIRE(f.run(Mode::max_flow_min_cost) == Status::optimal);
        check_solution(I, f, true);
        std::int64_t unmet = 0;
        for (int v = 0; v < I.n; ++v)
            if (I.supply[v] < 0) unmet -= f.unrouted(v);
#ifdef HATCHNET_HAVE_LEMON
        bool ok = false;
        auto [lcost, lunmet] = lemon_max_flow(I, ok);
        REQUIRE(ok);
        CHECK(unmet == lunmet);
        CHECK(f.total_cost() == lcost);
#endif
        // when the exact problem is feasible, both modes agree
        std::int64_t sum = 0;
        for (auto s : I.supply) sum += s;
        if (sum == 0) {
            MinCostFlow g = make_solver(I);
            if (g.run() == Status::optimal) {
                CHECK(unmet == 0);
                CHECK(g.total_cost() == f.total_cost());
            }
        }
    }
}

TEST_CASE("min_cost_flow: transportation instance, re-run after changes") {
    std::mt19937_64 rng(5);
    const int S = 60, D = 20;
    MinCostFlow f(S + D);
    for (int s = 0; s < S; ++s) {
        for (int k = 0; k < 5; ++k)
            f.add_arc(s, S + static_cast<int>(rng() % D), 1 + static_cast<std::int64_t>(rng() % 20),
                      static_cast<std::int64_t>(rng() % 1000));
        f.set_supply(s, 5);
    }
    for (int d = 0; d < D; ++d) f.set_supply(S + d, -15);
    const Status st = f.run(Mode::max_flow_min_cost);
    REQUIRE(st == Status::optimal);
    const auto first_cost = f.total_cost();
    f.set_cost(0, 0);
    f.set_capacity(1, 0);
    REQUIRE(f.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(f.total_cost() <= first_cost + 1000 * 20);
    CHECK(f.flow(1) == 0);
}
