// Tests of hatchnet::algo::MinCostFlow (network simplex): optimal cost equal to LEMON's
// NetworkSimplex on random instances, primal feasibility, dual (reduced-cost) optimality,
// max-flow-min-cost mode, bad input, determinism; warm start against a cold start and LEMON
// after random changes; time limit, iteration limit and progress callback; double costs.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "mcf_reference.hpp"
#include "../../../benchmarks/mcf_families.hpp"

using hatchnet::algo::MinCostFlow;
using Status = MinCostFlow::Status;
using Mode = MinCostFlow::Mode;
using namespace hatchnet::test::mcf;

namespace {

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

// ============================================================================ warm start
namespace {

// one random small change of the instance, applied to the instance and to every solver
struct Change {
    enum Kind { cost, bounds, supply, add_arc, add_node, break_it } kind;
};

std::int64_t uni64(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

// Applies `k` random changes to I and to the solvers fs (same calls on each).
void random_changes(std::mt19937_64& rng, Instance& I, std::vector<MinCostFlow*> fs, int k, bool allow_neg_inf,
                    bool keep_lower_zero) {
    for (int step = 0; step < k; ++step) {
        const int what = static_cast<int>(uni64(rng, 0, 19));
        const int m = static_cast<int>(I.tail.size());
        if (what < 6 && m > 0) {  // cost
            const int a = static_cast<int>(uni64(rng, 0, m - 1));
            std::int64_t c = uni64(rng, -3, 12);
            if (!allow_neg_inf && I.cap[a] == MinCostFlow::infinite && c < 0) c = -c;
            I.cost[a] = c;
            for (auto* f : fs) f->set_cost(a, c);
        } else if (what < 11 && m > 0) {  // bounds
            const int a = static_cast<int>(uni64(rng, 0, m - 1));
            std::int64_t cp = uni64(rng, 0, 9);
            if (allow_neg_inf && uni64(rng, 0, 4) == 0) cp = MinCostFlow::infinite;
            if (I.cost[a] < 0 && !allow_neg_inf && cp == MinCostFlow::infinite) cp = 5;
            std::int64_t lo = keep_lower_zero || uni64(rng, 0, 2) ? 0 : uni64(rng, 0, std::min<std::int64_t>(cp, 3));
            I.cap[a] = cp;
            I.lower[a] = lo;
            for (auto* f : fs) {
                if (lo == 0 && uni64(rng, 0, 1) == 0 && f->lower(a) == 0) f->set_capacity(a, cp);
                else f->set_bounds(a, lo, cp);
            }
        } else if (what < 13 && m > 0) {  // reopen an arc widely
            const int a = static_cast<int>(uni64(rng, 0, m - 1));
            I.cap[a] = std::max<std::int64_t>(I.lower[a], 12);
            for (auto* f : fs) f->set_bounds(a, I.lower[a], I.cap[a]);
        } else if (what < 16) {  // move supply (stays balanced)
            const int u = static_cast<int>(uni64(rng, 0, I.n - 1)), v = static_cast<int>(uni64(rng, 0, I.n - 1));
            const std::int64_t q = uni64(rng, 1, 5);
            I.supply[u] += q;
            I.supply[v] -= q;
            for (auto* f : fs) { f->set_supply(u, I.supply[u]); f->set_supply(v, I.supply[v]); }
        } else if (what < 18) {  // new arc
            const int u = static_cast<int>(uni64(rng, 0, I.n - 1)), v = static_cast<int>(uni64(rng, 0, I.n - 1));
            const std::int64_t cp = uni64(rng, 0, 9), c = uni64(rng, 0, 9);
            I.tail.push_back(u); I.head.push_back(v); I.cap.push_back(cp); I.cost.push_back(c); I.lower.push_back(0);
            for (auto* f : fs) f->add_arc(u, v, cp, c);
        } else if (what == 18) {  // new node with a demand fed by one arc
            const int u = static_cast<int>(uni64(rng, 0, I.n - 1));
            const std::int64_t q = uni64(rng, 0, 3);
            const int v = I.n++;
            I.supply.push_back(-q);
            I.supply[u] += q;
            I.tail.push_back(u); I.head.push_back(v); I.cap.push_back(uni64(rng, 0, 5));
            I.cost.push_back(uni64(rng, 0, 9)); I.lower.push_back(0);
            for (auto* f : fs) {
                REQUIRE(f->add_node() == v);
                f->set_supply(v, -q);
                f->set_supply(u, I.supply[u]);
                f->add_arc(u, v, I.cap.back(), I.cost.back());
            }
        } else if (m > 0 && uni64(rng, 0, 2) == 0) {  // a big change: close arcs (often infeasible)
            for (int r = 0; r < 3; ++r) {
                const int a = static_cast<int>(uni64(rng, 0, m - 1));
                I.cap[a] = I.lower[a];
                for (auto* f : fs) f->set_bounds(a, I.lower[a], I.lower[a]);
            }
        }
    }
}

}  // namespace

TEST_CASE("min_cost_flow: one supply and one demand node (the wide-path start) agrees with LEMON") {
    // the start-up heuristic for a single source and sink pivots in a search tree of arcs
    // wide enough for the whole supply: exact and max-flow modes, every kind of instance,
    // some arcs as wide as the supply, then warm re-runs after a change of the supply
    std::mt19937_64 rng(15150);
    int optimal = 0, infeasible = 0, unbounded = 0;
    for (int iter = 0; iter < 1200; ++iter) {
        const int kind = iter % 4;
        Instance I = random_instance(rng, kind, true);
        if (I.n < 2) continue;
        std::fill(I.supply.begin(), I.supply.end(), 0);
        const int s = static_cast<int>(uni64(rng, 0, I.n - 1));
        const int t = (s + static_cast<int>(uni64(rng, 1, I.n - 1))) % I.n;
        const std::int64_t q = uni64(rng, 1, 12);
        I.supply[s] = q;
        I.supply[t] = -q;
        for (auto& c : I.cap)
            if (c != MinCostFlow::infinite && uni64(rng, 0, 2) == 0) c = std::max(c, q + uni64(rng, 0, 2));
        MinCostFlow f = make_solver(I, hatchnet::algo::MinCostFlowAlgorithm::network_simplex);
        f.set_warm_start(true);
        const Status st = f.run();
        CAPTURE(iter);
        optimal += st == Status::optimal;
        infeasible += st == Status::infeasible;
        unbounded += st == Status::unbounded;
        if (st == Status::optimal) check_solution(I, f, false);
#ifdef HATCHNET_HAVE_LEMON
        check_like_lemon(I, f, st);
#endif
        // a warm re-run after moving some supply agrees with a cold one
        I.supply[s] += 1;
        I.supply[t] -= 1;
        f.set_supply(s, I.supply[s]);
        f.set_supply(t, I.supply[t]);
        MinCostFlow cold = make_solver(I, hatchnet::algo::MinCostFlowAlgorithm::network_simplex);
        const Status cst = cold.run(), wst = f.run();
        CHECK((cst == Status::optimal) == (wst == Status::optimal));
        if (cst == Status::optimal && wst == Status::optimal) CHECK(f.total_cost() == cold.total_cost());
        if (kind == 3) continue;  // max-flow mode: no negative cycles of infinite capacity
        for (auto& lo : I.lower) lo = 0;
        MinCostFlow g = make_solver(I, hatchnet::algo::MinCostFlowAlgorithm::network_simplex);
        REQUIRE(g.run(Mode::max_flow_min_cost) == Status::optimal);
        check_solution(I, g, true);
#ifdef HATCHNET_HAVE_LEMON
        bool ok = false;
        auto [mcost, munmet] = lemon_max_flow(I, ok);
        REQUIRE(ok);
        CHECK(g.total_cost() == mcost);
        CHECK(-g.unrouted(t) == munmet);
#endif
    }
    MESSAGE("optimal " << optimal << ", infeasible " << infeasible << ", unbounded " << unbounded);
    CHECK(optimal > 300);
    CHECK(infeasible > 50);
}

TEST_CASE("min_cost_flow: warm start agrees with a cold start and LEMON after random changes") {
    std::mt19937_64 rng(777);
    int runs = 0, optimal = 0, nonopt = 0, warm_runs = 0;
    std::int64_t warm_pivots = 0, cold_pivots = 0;
    for (int iter = 0; iter < 500; ++iter) {
        const int kind = iter % 4;
        Instance I = random_instance(rng, kind, true);
        MinCostFlow f = make_solver(I), twin = make_solver(I);
        f.set_warm_start(true);
        twin.set_warm_start(true);
        CHECK_FALSE(make_solver(I).warm_start());  // off by default
        REQUIRE(f.run() == twin.run());
        for (int round = 0; round < 6; ++round) {
            CAPTURE(iter);
            CAPTURE(round);
            random_changes(rng, I, {&f, &twin}, static_cast<int>(uni64(rng, 1, 4)), kind == 3, false);
            const Status st = f.run();
            ++runs;
            CHECK(f.warm_started());
            warm_runs += f.warm_started();
            MinCostFlow cold = make_solver(I);
            const Status cst = cold.run();
            warm_pivots += f.iterations();
            cold_pivots += cold.iterations();
            // determinism: the same calls give the same output
            REQUIRE(twin.run() == st);
            CHECK(twin.flows() == f.flows());
            CHECK(twin.potentials() == f.potentials());
            if (cst == Status::optimal) {
                ++optimal;
                REQUIRE(st == Status::optimal);
                CHECK(f.total_cost() == cold.total_cost());
                check_solution(I, f, false);
            } else {
                ++nonopt;
                CHECK(st != Status::optimal);
                CHECK((st == Status::infeasible || st == Status::unbounded));
                for (std::size_t a = 0; a < I.tail.size(); ++a) {  // bounds hold in any basis
                    CHECK(f.flow(static_cast<int>(a)) >= I.lower[a]);
                    CHECK(f.flow(static_cast<int>(a)) <= I.cap[a]);
                }
            }
#ifdef HATCHNET_HAVE_LEMON
            check_like_lemon(I, f, st);
#endif
        }
    }
    MESSAGE("warm runs " << runs << " (optimal " << optimal << ", not optimal " << nonopt << "), pivots warm "
                         << warm_pivots << " vs cold " << cold_pivots);
    CHECK(warm_runs == runs);
    CHECK(optimal > 700);
    CHECK(nonopt > 300);
    CHECK(warm_pivots < cold_pivots);
}

TEST_CASE("min_cost_flow: warm start in max-flow-min-cost mode, and a mode change starts cold") {
    std::mt19937_64 rng(4242);
    for (int iter = 0; iter < 300; ++iter) {
        const int kind = iter % 3;
        Instance I = random_instance(rng, kind, iter % 2 == 0);
        for (auto& lo : I.lower) lo = 0;
        MinCostFlow f = make_solver(I);
        f.set_warm_start(true);
        REQUIRE(f.run(Mode::max_flow_min_cost) == Status::optimal);
        for (int round = 0; round < 5; ++round) {
            CAPTURE(iter);
            CAPTURE(round);
            random_changes(rng, I, {&f}, static_cast<int>(uni64(rng, 1, 4)), false, true);
            // unbalance the supplies too (allowed in this mode)
            const int v = static_cast<int>(uni64(rng, 0, I.n - 1));
            I.supply[v] += uni64(rng, -4, 4);
            f.set_supply(v, I.supply[v]);
            REQUIRE(f.run(Mode::max_flow_min_cost) == Status::optimal);
            CHECK(f.warm_started());
            check_solution(I, f, true);
            MinCostFlow cold = make_solver(I);
            REQUIRE(cold.run(Mode::max_flow_min_cost) == Status::optimal);
            CHECK(f.total_cost() == cold.total_cost());
            CHECK(f.routed() == cold.routed());
        }
        std::int64_t sum = 0;
        for (auto s : I.supply) sum += s;
        if (sum == 0) {
            const Status st = f.run(Mode::exact);
            CHECK_FALSE(f.warm_started());  // the kept basis is of the other mode
            MinCostFlow cold = make_solver(I);
            CHECK(cold.run() == st);
            if (st == Status::optimal) CHECK(f.total_cost() == cold.total_cost());
        }
    }
}

TEST_CASE("min_cost_flow: warm start off keeps runs identical to a fresh solver; clear_basis") {
    std::mt19937_64 rng(31);
    for (int iter = 0; iter < 100; ++iter) {
        Instance I = random_instance(rng, iter % 4, true);
        MinCostFlow f = make_solver(I);
        f.run();
        random_changes(rng, I, {&f}, 3, iter % 4 == 3, false);
        const Status st = f.run();
        CHECK_FALSE(f.warm_started());
        MinCostFlow g = make_solver(I);
        REQUIRE(g.run() == st);
        CHECK(g.flows() == f.flows());
        CHECK(g.iterations() == f.iterations());
        // switching on, clearing: cold again, bit-identical
        f.set_warm_start(true);
        f.run();
        CHECK_FALSE(f.warm_started());
        CHECK(f.flows() == g.flows());
        f.clear_basis();
        f.run();
        CHECK_FALSE(f.warm_started());
        f.run();
        CHECK(f.warm_started());
        CHECK(f.status() == st);
        if (st == Status::optimal) CHECK(f.total_cost() == g.total_cost());
    }
}

namespace {
Instance big_instance(std::uint64_t seed, int n, int m) {
    std::mt19937_64 rng(seed);
    Instance I;
    I.n = n;
    for (int a = 0; a < m; ++a) {
        I.tail.push_back(static_cast<int>(rng() % n));
        I.head.push_back(static_cast<int>(rng() % n));
        I.cap.push_back(1 + static_cast<std::int64_t>(rng() % 20));
        I.cost.push_back(static_cast<std::int64_t>(rng() % 1000));
        I.lower.push_back(0);
    }
    I.supply.assign(n, 0);
    for (int k = 0; k < n; ++k) {
        const int u = static_cast<int>(rng() % n), v = static_cast<int>(rng() % n);
        const std::int64_t q = 1 + static_cast<std::int64_t>(rng() % 5);
        I.supply[u] += q;
        I.supply[v] -= q;
    }
    return I;
}
}  // namespace

TEST_CASE("min_cost_flow: time limit, iteration limit and progress; a stopped run resumes warm") {
    Instance I = big_instance(5, 3000, 30000);
    MinCostFlow ref = make_solver(I);
    const Status ref_st = ref.run(Mode::max_flow_min_cost);
    REQUIRE(ref_st == Status::optimal);
    REQUIRE(ref.iterations() > 1000);

    // a tiny time limit stops the run; the basis respects every bound; a warm re-run finishes
    MinCostFlow f = make_solver(I);
    f.set_warm_start(true);
    f.set_time_limit(1e-7);
    CHECK(f.run(Mode::max_flow_min_cost) == Status::time_limit);
    CHECK(std::string(hatchnet::algo::to_string(f.status())) == "time_limit");
    CHECK(f.iterations() < ref.iterations());
    for (std::size_t a = 0; a < I.tail.size(); ++a) {
        CHECK(f.flow(static_cast<int>(a)) >= 0);
        CHECK(f.flow(static_cast<int>(a)) <= I.cap[a]);
    }
    f.set_time_limit(0);
    REQUIRE(f.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(f.warm_started());
    CHECK(f.total_cost() == ref.total_cost());
    check_solution(I, f, true);
    CHECK_THROWS_AS(f.set_time_limit(-1), hatchnet::input_error);
    CHECK_THROWS_AS(f.set_time_limit(std::numeric_limits<double>::infinity()), hatchnet::input_error);
    CHECK_THROWS_AS(f.set_progress([](const MinCostFlow::Progress&) { return true; }, 0), hatchnet::input_error);

    // an iteration limit, then resume
    MinCostFlow g = make_solver(I);
    g.set_warm_start(true);
    g.set_iteration_limit(ref.iterations() / 4);
    CHECK(g.run(Mode::max_flow_min_cost) == Status::iteration_limit);
    g.set_iteration_limit(0);
    REQUIRE(g.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(g.iterations() < ref.iterations());
    CHECK(g.total_cost() == ref.total_cost());

    // a callback that always returns true changes nothing; it is called every `every` pivots
    // with growing pivot counts and shrinking infeasibility at the end
    std::vector<MinCostFlow::Progress> seen;
    MinCostFlow h = make_solver(I);
    h.set_progress([&](const MinCostFlow::Progress& p) { seen.push_back(p); return true; }, 100);
    REQUIRE(h.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(h.flows() == ref.flows());
    CHECK(h.iterations() == ref.iterations());
    // (the start-up heuristic's pivots come before the first call)
    REQUIRE(!seen.empty());
    CHECK(static_cast<std::int64_t>(seen.size()) == (ref.iterations() - seen[0].pivots) / 100 + 1);
    for (std::size_t k = 1; k < seen.size(); ++k) {
        CHECK(seen[k].pivots > seen[k - 1].pivots);
        CHECK(seen[k].seconds >= seen[k - 1].seconds);
        CHECK(seen[k].infeasibility >= 0);
    }
    // a callback that says stop
    int calls = 0;
    MinCostFlow s = make_solver(I);
    s.set_progress([&](const MinCostFlow::Progress& p) { ++calls; return p.pivots < 500; }, 250);
    CHECK(s.run(Mode::max_flow_min_cost) == Status::interrupted);
    CHECK(calls >= 1);
    CHECK(s.iterations() >= 500);
    CHECK(s.iterations() < ref.iterations());
    s.set_progress(nullptr);
    CHECK(s.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(s.flows() == ref.flows());  // warm start is off: a cold re-run
    // the objective reported at the end of a feasible basis equals the true cost
    std::vector<MinCostFlow::Progress> last;
    MinCostFlow o = make_solver(I);
    o.set_progress([&](const MinCostFlow::Progress& p) { last = {p}; return true; }, 1);
    REQUIRE(o.run(Mode::max_flow_min_cost) == Status::optimal);
    REQUIRE(last.size() == 1);
    CHECK(last[0].pivots == o.iterations());
    CHECK(last[0].objective == doctest::Approx(static_cast<double>(o.total_cost())));
}

// ============================================================================ double costs
TEST_CASE("min_cost_flow: scale_costs finds exact decimal and dyadic scales, else rounds") {
    using hatchnet::algo::scale_costs;
    const std::int64_t lim = MinCostFlow::max_safe_cost(100);
    std::mt19937_64 rng(8);
    for (int iter = 0; iter < 300; ++iter) {
        const int d = iter % 4;  // 0..3 decimals
        std::vector<double> c;
        std::vector<std::int64_t> k;
        std::int64_t p10 = 1;
        for (int i = 0; i < d; ++i) p10 *= 10;
        for (int i = 0; i < 20; ++i) {
            k.push_back(uni64(rng, -100000, 100000));
            c.push_back(static_cast<double>(k.back()) / static_cast<double>(p10));
        }
        auto sc = scale_costs(c, lim);
        CHECK(sc.exact);
        CHECK(sc.max_rounding_error == 0);
        CHECK(sc.scale <= static_cast<double>(p10));
        for (std::size_t i = 0; i < c.size(); ++i)
            CHECK(static_cast<double>(sc.scaled[i]) / sc.scale == c[i]);
    }
    // dyadic: k / 1024 needs 10 decimals but only 2^10
    auto dy = scale_costs(std::vector<double>{1.0 / 1024, 3.5, -7.0 / 256}, lim);
    CHECK(dy.exact);
    CHECK(dy.scale == 1024);
    CHECK(dy.scaled == std::vector<std::int64_t>{1, 3584, -28});
    auto half = scale_costs(std::vector<double>{0.25, 0.5}, lim);
    CHECK(half.scale == 4);  // 2^2 < 10^2
    auto tenth = scale_costs(std::vector<double>{0.1, 0.3}, lim);
    CHECK(tenth.scale == 10);
    CHECK(tenth.scaled == std::vector<std::int64_t>{1, 3});
    auto ints = scale_costs(std::vector<double>{3, -4, 0}, lim);
    CHECK(ints.scale == 1);
    CHECK(ints.exact);
    // thirds cannot be exact: rounded at the largest safe power of 10, error bounded
    auto third = scale_costs(std::vector<double>{1.0 / 3, 2.0 / 3, 5}, lim);
    CHECK_FALSE(third.exact);
    CHECK(third.max_rounding_error > 0);
    CHECK(third.max_rounding_error <= 0.5 / third.scale * 1.0000001);
    CHECK(third.scale * 5 <= static_cast<double>(lim));
    CHECK(third.scale * 10 * 5 > static_cast<double>(std::min<std::int64_t>(lim, std::int64_t(1) << 53)));
    auto capped = scale_costs(std::vector<double>{1.0 / 3}, lim, 1000);
    CHECK(capped.scale == 1000);
    CHECK(capped.scaled == std::vector<std::int64_t>{333});
    // NaN, infinity, overflow: input_error naming the arc
    try {
        scale_costs(std::vector<double>{1, 2, std::nan("")}, lim);
        FAIL("no throw");
    } catch (const hatchnet::input_error& e) {
        CHECK(e.record() == "arc 2");
        CHECK(e.field() == "cost");
    }
    CHECK_THROWS_AS(scale_costs(std::vector<double>{std::numeric_limits<double>::infinity()}, lim),
                    hatchnet::input_error);
    try {
        scale_costs(std::vector<double>{1, 1e30}, lim);
        FAIL("no throw");
    } catch (const hatchnet::input_error& e) {
        CHECK(e.record() == "arc 1");
        CHECK(std::string(e.what()).find("exceeds") != std::string::npos);
    }
}

TEST_CASE("min_cost_flow: double costs give the optimum of the integer problem multiplied out") {
    std::mt19937_64 rng(61);
    for (int iter = 0; iter < 300; ++iter) {
        Instance I = random_instance(rng, iter % 3, true);
        MinCostFlow f = make_solver(I);
        // costs with two decimals: c + k / 100
        std::vector<double> dc(I.cost.size());
        Instance J = I;
        for (std::size_t a = 0; a < dc.size(); ++a) {
            const std::int64_t k = uni64(rng, 0, 99);
            J.cost[a] = I.cost[a] * 100 + k;
            dc[a] = static_cast<double>(J.cost[a]) / 100;
        }
        auto sc = f.set_costs(dc);
        CHECK(sc.exact);
        CHECK(f.costs_exact());
        CAPTURE(iter);
        MinCostFlow g = make_solver(J);
        const Status st = f.run(), gst = g.run();
        REQUIRE(st == gst);
        if (st != Status::optimal) continue;
        // the same problem up to the factor 100 / scale
        const double factor = 100 / sc.scale;
        CHECK(static_cast<double>(f.total_cost()) * factor == static_cast<double>(g.total_cost()));
        CHECK(f.scaled_total_cost() == doctest::Approx(static_cast<double>(g.total_cost()) / 100));
        double direct = 0;
        for (std::size_t a = 0; a < dc.size(); ++a) direct += dc[a] * static_cast<double>(f.flow(static_cast<int>(a)));
        CHECK(f.scaled_total_cost() == doctest::Approx(direct));
    }
    MinCostFlow z(2);
    z.add_arc(0, 1, 5, 1);
    CHECK_THROWS_AS(z.set_costs(std::vector<double>{1, 2}), hatchnet::input_error);  // wrong length
    // refused at the guard of this node count, accepted just below it
    const double lim = static_cast<double>(MinCostFlow::max_safe_cost(2));
    CHECK_THROWS_AS(z.set_costs(std::vector<double>{lim * 4}), hatchnet::input_error);
    z.set_supply(0, 1);
    z.set_supply(1, -1);
    auto sc = z.set_costs(std::vector<double>{std::floor(lim / 2)});
    CHECK(sc.scale == 1);
    CHECK(z.run() == Status::optimal);
    CHECK(z.cost_scale() == 1);
    // rounding keeps the total cost of any feasible flow within 64 bits
    MinCostFlow big(2);
    big.add_arc(0, 1, std::int64_t(1) << 40, 1);
    big.add_arc(0, 1, MinCostFlow::infinite, 1);
    big.set_supply(0, std::int64_t(1) << 41);
    big.set_supply(1, -(std::int64_t(1) << 41));
    auto bs = big.set_costs(std::vector<double>{1.0 / 3, 2.0 / 3});
    CHECK_FALSE(bs.exact);
    CHECK(bs.scale >= 10);
    REQUIRE(big.run() == Status::optimal);
    CHECK(big.scaled_total_cost() == doctest::Approx(std::ldexp(1.0, 40) / 3 + std::ldexp(1.0, 40) * 2 / 3).epsilon(1e-6));
    // an integer setter resets the scale
    z.set_costs(std::vector<double>{0.5});
    CHECK(z.cost_scale() == 2);
    z.set_cost(0, 3);
    CHECK(z.cost_scale() == 1);
}

TEST_CASE("min_cost_flow: 32-bit and 64-bit pricing records agree (costs scaled past 2^31)") {
    // run() stores costs in 32-bit pricing records when every cost up to the big-M fits in 31
    // bits and in 64-bit records otherwise; scaling all costs by K = 2^33 forces the wide
    // records. Both must reach the same status and the optimum scaled by K, cold and warm.
    constexpr std::int64_t K = std::int64_t(1) << 33;
    std::mt19937_64 rng(7340033);
    int compared = 0;
    for (int iter = 0; iter < 800; ++iter) {
        CAPTURE(iter);
        const int kind = iter % 4;
        const bool max_flow = (iter / 4) % 2 == 1;
        const Mode mode = max_flow ? Mode::max_flow_min_cost : Mode::exact;
        Instance I = random_instance(rng, kind, !max_flow);
        Instance W = I;
        for (auto& c : W.cost) c *= K;
        MinCostFlow f = make_solver(I), g = make_solver(W);
        f.set_warm_start(true);
        g.set_warm_start(true);
        const Status st = f.run(mode);
        REQUIRE(g.run(mode) == st);
        if (st != Status::optimal) continue;
        ++compared;
        CHECK(g.total_cost() == K * f.total_cost());
        check_solution(W, g, max_flow);
        // a warm re-run after a cost and a supply change, in both widths
        if (!I.cost.empty()) {
            const std::size_t a = static_cast<std::size_t>(iter) % I.cost.size();
            I.cost[a] += 3;
            W.cost[a] = I.cost[a] * K;
            f.set_cost(static_cast<int>(a), I.cost[a]);
            g.set_cost(static_cast<int>(a), W.cost[a]);
        }
        const Status st2 = f.run(mode);
        REQUIRE(g.run(mode) == st2);
        CHECK(g.warm_started());
        if (st2 == Status::optimal) {
            CHECK(g.total_cost() == K * f.total_cost());
            check_solution(W, g, max_flow);
        }
    }
    CHECK(compared > 200);
}

namespace {

// A benchmark family's instance (benchmarks/mcf_families.hpp) as a test Instance.
Instance family_instance(hatchnet::bench::Family fam, hatchnet::bench::Size size, std::uint64_t seed) {
    const hatchnet::bench::McfInstance B = hatchnet::bench::make_instance(fam, size, seed);
    Instance I;
    I.n = B.n;
    I.tail = B.tail;
    I.head = B.head;
    I.cap = B.cap;
    I.cost = B.cost;
    I.supply = B.supply;
    I.lower.assign(B.tail.size(), 0);
    return I;
}

}  // namespace

#ifdef HATCHNET_HAVE_LEMON
TEST_CASE("min_cost_flow: adaptive pricing and fixed block factors agree with LEMON on every family") {
    // The network simplex prices in blocks that adapt to the run (default) or are fixed by
    // set_block_factor. Every benchmark family (NETGEN, GOTO, grids, transportation and
    // assignment with surplus or shortage, roads), at its tiny size with several seeds and at
    // its small size (thousands of pivots, so the block really moves), must reach LEMON's
    // optimum with every setting, with a valid flow and optimal potentials.
    namespace hb = hatchnet::bench;
    int solved = 0;
    for (const hb::Family fam : hb::kFamilies) {
        for (int k = 0; k < 5; ++k) {
            const hb::Size size = k < 4 ? hb::Size::tiny : hb::Size::small;
            const Instance I = family_instance(fam, size, 1000 + 17 * static_cast<std::uint64_t>(k));
            CAPTURE(std::string(hb::to_string(fam)));
            CAPTURE(k);
            auto [lst, lcost] = lemon_solve(I);
            REQUIRE(lst == LNS::OPTIMAL);
            for (const double bf : {0.0, 0.1, 1.0, 30.0}) {
                if (size == hb::Size::small && bf != 0.0 && bf != 1.0) continue;
                CAPTURE(bf);
                MinCostFlow f = make_solver(I, MinCostFlow::Algorithm::network_simplex);
                f.set_block_factor(bf);
                REQUIRE(f.run() == Status::optimal);
                CHECK(f.total_cost() == lcost);
                check_solution(I, f, false);
                ++solved;
            }
        }
    }
    CHECK(solved == 12 * (4 * 4 + 2));
}
#endif

TEST_CASE("min_cost_flow: set_block_factor overrides adaptive pricing; 0 restores it") {
    // The pivot sequence is a deterministic function of the pricing: a fixed factor changes
    // it (on instances with thousands of pivots), the same setting repeats it exactly, and
    // set_block_factor(0) gives back the adaptive default's run, pivot for pivot.
    namespace hb = hatchnet::bench;
    int differs = 0;
    for (const hb::Family fam : {hb::Family::netgen_8, hb::Family::assign_surplus, hb::Family::transport_shortage,
                                 hb::Family::road}) {
        const Instance I = family_instance(fam, hb::Size::small, 0);
        CAPTURE(std::string(hb::to_string(fam)));
        MinCostFlow a = make_solver(I, MinCostFlow::Algorithm::network_simplex);
        CHECK(a.block_factor() == 0.0);
        REQUIRE(a.run() == Status::optimal);
        const std::int64_t adaptive_pivots = a.iterations();
        const std::vector<std::int64_t> adaptive_flows = a.flows();
        for (const double bf : {0.1, 4.0}) {
            a.set_block_factor(bf);
            CHECK(a.block_factor() == bf);
            REQUIRE(a.run() == Status::optimal);
            const std::int64_t fixed_pivots = a.iterations();
            MinCostFlow b = make_solver(I, MinCostFlow::Algorithm::network_simplex);
            b.set_block_factor(bf);
            REQUIRE(b.run() == Status::optimal);
            CHECK(b.iterations() == fixed_pivots);   // a fixed setting repeats itself
            CHECK(b.flows() == a.flows());
            differs += fixed_pivots != adaptive_pivots;
        }
        a.set_block_factor(0);
        REQUIRE(a.run() == Status::optimal);
        CHECK(a.iterations() == adaptive_pivots);
        CHECK(a.flows() == adaptive_flows);
    }
    CHECK(differs >= 6);  // the override is honoured: other pivot sequences
    MinCostFlow f(2);
    CHECK_THROWS_AS(f.set_block_factor(-1), hatchnet::input_error);
    CHECK_THROWS_AS(f.set_block_factor(1001), hatchnet::input_error);
    CHECK_THROWS_AS(f.set_block_factor(std::nan("")), hatchnet::input_error);
}

#ifdef HATCHNET_HAVE_LEMON
TEST_CASE("min_cost_flow: unbalanced families, warm starts after changes equal cold starts and LEMON") {
    // Transportation and assignment with more supply than demand or the reverse (the slack
    // node takes the difference), solved cold, then changed (costs raised on a tenth of the
    // arcs, a supply moved) and solved warm from the kept basis, cold, and by LEMON: the same
    // optimum. In max-flow-min-cost mode without the slack node's supply (so really
    // unbalanced) the routed amount and cost match LEMON's max-flow formulation.
    namespace hb = hatchnet::bench;
    std::mt19937_64 rng(99173);
    for (const hb::Family fam : {hb::Family::transport_surplus, hb::Family::transport_shortage,
                                 hb::Family::assign_surplus, hb::Family::assign_shortage}) {
        for (int k = 0; k < 6; ++k) {
            Instance I = family_instance(fam, hb::Size::tiny, 500 + static_cast<std::uint64_t>(k));
            CAPTURE(std::string(hb::to_string(fam)));
            CAPTURE(k);
            MinCostFlow w = make_solver(I, MinCostFlow::Algorithm::network_simplex);
            w.set_warm_start(true);
            REQUIRE(w.run() == Status::optimal);
            CHECK(w.total_cost() == lemon_solve(I).second);
            for (std::size_t a = 0; a < I.cost.size(); ++a)
                if (rng() % 10 == 0) {
                    I.cost[a] += static_cast<std::int64_t>(rng() % 7);
                    w.set_cost(static_cast<int>(a), I.cost[a]);
                }
            // move one unit of supply between two supply nodes
            int from = -1, to = -1;
            for (int v = 0; v < I.n; ++v)
                if (I.supply[v] > 1) { if (from < 0) from = v; else if (to < 0) to = v; }
            if (from >= 0 && to >= 0) {
                I.supply[from] -= 1;
                I.supply[to] += 1;
                w.set_supply(from, I.supply[from]);
                w.set_supply(to, I.supply[to]);
            }
            const Status ws = w.run();
            CHECK(w.warm_started());
            MinCostFlow c = make_solver(I, MinCostFlow::Algorithm::network_simplex);
            REQUIRE(c.run() == ws);
            check_like_lemon(I, w, ws);
            if (ws == Status::optimal) {
                CHECK(w.total_cost() == c.total_cost());
                check_solution(I, w, false);
            }
            // max-flow-min-cost without the slack node: drop its supply (the last node with
            // the largest |supply|) so supply and demand really differ
            Instance U = I;
            int slack = 0;
            for (int v = 1; v < U.n; ++v)
                if (std::abs(U.supply[v]) > std::abs(U.supply[slack])) slack = v;
            U.supply[slack] = 0;
            MinCostFlow m = make_solver(U, MinCostFlow::Algorithm::network_simplex);
            REQUIRE(m.run(Mode::max_flow_min_cost) == Status::optimal);
            check_solution(U, m, true);
            bool ok = false;
            auto [lcost, lunmet] = lemon_max_flow(U, ok);
            REQUIRE(ok);
            CHECK(m.total_cost() == lcost);
            std::int64_t unmet = 0;
            for (int v = 0; v < U.n; ++v)
                if (U.supply[v] < 0) unmet -= m.unrouted(v);
            CHECK(unmet == lunmet);
        }
    }
}
#endif

#ifdef HATCHNET_HAVE_LEMON
TEST_CASE("min_cost_flow: the automatic choice keeps the simplex on dense one-source one-sink networks") {
    // automatic takes cost scaling for one source and one sink on >= 100k arcs only when the
    // network is sparse (<= 16 arcs per node); a dense one (100 arcs per node) runs the
    // simplex, a sparse one cost scaling; both reach LEMON's optimum; forcing overrides.
    std::mt19937_64 rng(4242);
    for (const int n : {1001, 12001}) {
        const int m = MinCostFlow::kAutoCostScalingMinArcs;
        Instance I;
        I.n = n;
        for (int a = 0; a < m; ++a) {
            const int u = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
            int v = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
            if (v == u) v = (v + 1) % n;
            I.tail.push_back(u);
            I.head.push_back(v);
            I.cap.push_back(1 + static_cast<std::int64_t>(rng() % 50));
            I.cost.push_back(static_cast<std::int64_t>(rng() % 1000));
            I.lower.push_back(0);
        }
        for (int v = 0; v + 1 < n; ++v) {  // a path carries the supply: feasible
            I.tail.push_back(v); I.head.push_back(v + 1); I.cap.push_back(1000); I.cost.push_back(5000);
            I.lower.push_back(0);
        }
        I.supply.assign(static_cast<std::size_t>(n), 0);
        I.supply[0] = 700;
        I.supply[static_cast<std::size_t>(n - 1)] = -700;
        const bool dense = static_cast<double>(I.tail.size()) > MinCostFlow::kAutoCostScalingMaxDegree * n;
        CAPTURE(n);
        MinCostFlow f = make_solver(I);
        REQUIRE(f.run() == Status::optimal);
        CHECK(f.last_algorithm() == (dense ? MinCostFlow::Algorithm::network_simplex : MinCostFlow::Algorithm::cost_scaling));
        CHECK(f.total_cost() == lemon_solve(I).second);
        MinCostFlow g = make_solver(I, dense ? MinCostFlow::Algorithm::cost_scaling : MinCostFlow::Algorithm::network_simplex);
        REQUIRE(g.run() == Status::optimal);
        CHECK(g.last_algorithm() != f.last_algorithm());
        CHECK(g.total_cost() == f.total_cost());
    }
}
#endif
