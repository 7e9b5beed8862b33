// Shared by the min-cost flow tests (tests/cpp/algo/test_min_cost_flow*.cpp): an instance as
// plain arrays, a solver built from it, the independent checks of a solution (bounds,
// conservation, total cost, complementary slackness of the potentials), and LEMON's
// NetworkSimplex as the reference (exact mode, and the max-flow-min-cost problem written as an
// exact one).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "hatchnet/algo/min_cost_flow.hpp"

#ifdef HATCHNET_HAVE_LEMON
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#endif

namespace hatchnet::test::mcf {

using hatchnet::algo::MinCostFlow;

struct Instance {
    int n = 0;
    std::vector<int> tail, head;
    std::vector<std::int64_t> lower, cap, cost, supply;
};

inline MinCostFlow make_solver(const Instance& I,
                               algo::MinCostFlowAlgorithm algorithm = algo::MinCostFlowAlgorithm::automatic) {
    MinCostFlow f(I.n);
    f.set_algorithm(algorithm);
    for (std::size_t a = 0; a < I.tail.size(); ++a)
        f.add_arc(I.tail[a], I.head[a], I.lower[a], I.cap[a], I.cost[a]);
    f.set_supplies(I.supply);
    return f;
}

// primal feasibility, total cost, complementary slackness; `unrouted` relaxes the supplies
inline void check_solution(const Instance& I, const MinCostFlow& f, bool max_flow) {
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

// An instance as a LEMON graph, solved by LEMON's network simplex (arcs in the instance's order).
struct LemonRun {
    LG g;
    std::vector<LG::Arc> arcs;
    LG::ArcMap<std::int64_t> lo{g}, up{g}, c{g};
    LG::NodeMap<std::int64_t> sup{g};
    LNS::ProblemType status = LNS::INFEASIBLE;
    std::unique_ptr<LNS> ns;

    explicit LemonRun(const Instance& I) {
        std::vector<LG::Node> nodes;
        for (int v = 0; v < I.n; ++v) nodes.push_back(g.addNode());
        for (std::size_t a = 0; a < I.tail.size(); ++a) {
            arcs.push_back(g.addArc(nodes[I.tail[a]], nodes[I.head[a]]));
            lo[arcs[a]] = I.lower[a];
            up[arcs[a]] = I.cap[a];
            c[arcs[a]] = I.cost[a];
        }
        for (int v = 0; v < I.n; ++v) sup[nodes[v]] = I.supply[v];
        ns = std::make_unique<LNS>(g);
        ns->lowerMap(lo).upperMap(up).costMap(c).supplyMap(sup);
        status = ns->run();
    }
};

// LEMON's status and optimal cost of the exact problem
inline std::pair<LNS::ProblemType, std::int64_t> lemon_solve(const Instance& I) {
    LemonRun r(I);
    return {r.status, r.status == LNS::OPTIMAL ? r.ns->totalCost() : 0};
}

// A solver's status and cost against LEMON's on the exact problem: the same optimum when
// LEMON finds one, no optimum when it finds none (and unbounded when LEMON says so).
inline void check_like_lemon(const Instance& I, const MinCostFlow& f, algo::MinCostFlowStatus st) {
    auto [lst, lcost] = lemon_solve(I);
    if (lst == LNS::OPTIMAL) {
        REQUIRE(st == algo::MinCostFlowStatus::optimal);
        CHECK(f.total_cost() == lcost);
    } else {
        CHECK(st != algo::MinCostFlowStatus::optimal);
    }
    if (lst == LNS::UNBOUNDED) CHECK(st == algo::MinCostFlowStatus::unbounded);
}

// the max-flow-min-cost problem written as an exact one: a root absorbs what is not routed
inline std::pair<std::int64_t, std::int64_t> lemon_max_flow(const Instance& I, bool& ok) {
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
    LemonRun r(J);
    ok = r.status == LNS::OPTIMAL;
    if (!ok) return {0, 0};
    std::int64_t unmet = 0, real = 0;
    for (std::size_t a = 0; a < I.tail.size(); ++a) real += r.ns->flow(r.arcs[a]) * I.cost[a];
    for (std::size_t a = I.tail.size(); a < r.arcs.size(); ++a)
        if (J.tail[a] == root) unmet += r.ns->flow(r.arcs[a]);
    return {real, unmet};
}
#endif

}  // namespace hatchnet::test::mcf
