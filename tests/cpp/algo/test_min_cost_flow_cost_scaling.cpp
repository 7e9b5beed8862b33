// Tests of the cost-scaling solver (hatchnet/algo/cost_scaling.hpp) behind
// MinCostFlowAlgorithm::cost_scaling, and of the automatic choice: on thousands of small
// random instances (general, lower bounds, infinite capacities, negative costs, self-loops;
// balanced, infeasible, unbounded) and on seeded instances of every family of
// benchmarks/mcf_families.hpp, both solvers agree with LEMON's NetworkSimplex (status and
// optimal cost), and the cost-scaling flows and potentials are checked independently
// (bounds, conservation, complementary slackness); max-flow-min-cost mode against LEMON (on
// the equivalent exact problem), the network simplex and the certificate; limits, progress,
// warm start (never taken by automatic) and refused combinations. The instance, the checks
// and LEMON's side are shared with test_min_cost_flow.cpp (mcf_reference.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "../../../benchmarks/mcf_families.hpp"
#include "../test_rng.hpp"
#include "hatchnet/algo/cost_scaling.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/error.hpp"
#include "mcf_reference.hpp"

using hatchnet::algo::BasicMinCostFlow;
using hatchnet::algo::MinCostFlow;
using Algo = hatchnet::algo::MinCostFlowAlgorithm;
using Status = MinCostFlow::Status;
using Mode = MinCostFlow::Mode;
using namespace hatchnet::test::mcf;

namespace {

Instance from_family(const hatchnet::bench::McfInstance& I) {
    Instance J;
    J.n = I.n;
    J.tail = I.tail;
    J.head = I.head;
    J.cap = I.cap;
    J.cost = I.cost;
    J.supply = I.supply;
    J.lower.assign(I.m(), 0);
    return J;
}

// small random instances: lower bounds, infinite capacities, negative costs, self-loops
Instance random_inst(hatchnet::test::Rng& rng, bool balanced) {
    auto uni = [&](std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
    };
    Instance I;
    I.n = static_cast<int>(uni(1, 9));
    const int m = static_cast<int>(uni(0, 4 * I.n));
    for (int a = 0; a < m; ++a) {
        I.tail.push_back(static_cast<int>(uni(0, I.n - 1)));
        I.head.push_back(static_cast<int>(uni(0, I.n - 1)));
        std::int64_t c = uni(-3, 10), cp = uni(0, 8), lo = 0;
        if (uni(0, 3) == 0) cp = MinCostFlow::infinite;
        if (uni(0, 2) == 0 && c < 0) c = -c;
        if (cp != MinCostFlow::infinite && uni(0, 3) == 0) lo = uni(0, std::min<std::int64_t>(cp, 3));
        I.cost.push_back(c);
        I.cap.push_back(cp);
        I.lower.push_back(lo);
    }
    I.supply.assign(I.n, 0);
    for (int k = static_cast<int>(uni(0, 2 * I.n)); k > 0; --k) {
        const auto q = uni(1, 6);
        I.supply[uni(0, I.n - 1)] += q;
        I.supply[uni(0, I.n - 1)] -= q;
    }
    if (!balanced) I.supply[uni(0, I.n - 1)] += uni(-6, 6);
    return I;
}

#ifdef HATCHNET_HAVE_LEMON
// both solvers against LEMON on one exact-mode instance
void agree_with_lemon(const Instance& I, int& optimal, int& other) {
    const auto [lst, lcost] = lemon_solve(I);
    for (const Algo algo : {Algo::network_simplex, Algo::cost_scaling}) {
        CAPTURE(static_cast<int>(algo));
        MinCostFlow f = make_solver(I, algo);
        const Status st = f.run();
        CHECK(f.last_algorithm() == algo);
        if (lst == LNS::OPTIMAL) {
            REQUIRE(st == Status::optimal);
            CHECK(f.total_cost() == lcost);
            check_solution(I, f, false);
        } else {
            CHECK((st == Status::infeasible || st == Status::unbounded));
            if (lst == LNS::INFEASIBLE) CHECK(st == Status::infeasible);
        }
    }
    (lst == LNS::OPTIMAL ? optimal : other) += 1;
}
#endif

}  // namespace

#ifdef HATCHNET_HAVE_LEMON
TEST_CASE("min_cost_flow cost scaling: random instances agree with LEMON and the network simplex") {
    hatchnet::test::Rng rng(8101);
    int optimal = 0, other = 0, unbounded = 0;
    for (int iter = 0; iter < 4000; ++iter) {
        CAPTURE(iter);
        const Instance I = random_inst(rng, true);
        agree_with_lemon(I, optimal, other);
        MinCostFlow f = make_solver(I, Algo::cost_scaling);
        unbounded += f.run() == Status::unbounded;
    }
    MESSAGE("optimal " << optimal << ", infeasible or unbounded " << other << " (unbounded " << unbounded << ")");
    CHECK(optimal > 1000);
    CHECK(other - unbounded > 500);
    CHECK(unbounded > 100);
}

TEST_CASE("min_cost_flow cost scaling: wide cost ranges (many phases, price refinement) agree with LEMON") {
    // costs spread over up to 10^7 make many eps phases, so the phase-skipping price
    // refinement and the partial augmentations of every phase are exercised
    hatchnet::test::Rng rng(8103);
    int optimal = 0, other = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        CAPTURE(iter);
        Instance I = random_inst(rng, true);
        const std::int64_t spread = std::int64_t(1) << rng.below(24);
        for (auto& c : I.cost) c = c * spread + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(spread)));
        agree_with_lemon(I, optimal, other);
    }
    MESSAGE("optimal " << optimal << ", infeasible or unbounded " << other);
    CHECK(optimal > 800);
    CHECK(other > 300);
}

TEST_CASE("min_cost_flow cost scaling: 32- and 64-bit storage of capacities and costs agree with LEMON") {
    // the engine stores residual capacities and costs in 32 bits when every value fits: the
    // same random instances with capacities and supplies times 2^32 (64-bit capacities),
    // costs times 2^28 (64-bit costs) or both must still give LEMON's answers
    using hatchnet::algo::detail::mcf::CostScalingEngine;
    {
        const std::vector<std::int64_t> b{5, -5};
        CostScalingEngine narrow(2, {0}, {1}, {7}, {3}, b, false, b, 3, 5);
        CHECK(narrow.narrow_capacities());
        CHECK(narrow.narrow_costs());
        CostScalingEngine wide_cap(2, {0}, {1}, {std::int64_t(1) << 33}, {3}, b, false, b, 3, 5);
        CHECK(!wide_cap.narrow_capacities());
        CHECK(wide_cap.narrow_costs());
        CostScalingEngine wide_bound(2, {0}, {1}, {CostScalingEngine::kInf}, {3}, b, false, b, 3, std::int64_t(1) << 31);
        CHECK(!wide_bound.narrow_capacities());
        CostScalingEngine wide_cost(2, {0}, {1}, {7}, {std::int64_t(1) << 31}, b, false, b, std::int64_t(1) << 31, 5);
        CHECK(wide_cost.narrow_capacities());
        CHECK(!wide_cost.narrow_costs());
        // the artificial arcs' big-M (n C + 1) counts: 2 * 2^30 + 1 does not fit
        CostScalingEngine wide_m(2, {0}, {1}, {7}, {std::int64_t(1) << 30}, b, false, b, std::int64_t(1) << 30, 5);
        CHECK(!wide_m.narrow_costs());
        const std::vector<std::int64_t> big_b{std::int64_t(1) << 32, -(std::int64_t(1) << 32)};
        CostScalingEngine wide_supply(2, {0}, {1}, {7}, {3}, big_b, false, big_b, 3, 5);
        CHECK(!wide_supply.narrow_capacities());
    }
    hatchnet::test::Rng rng(8105);
    int optimal = 0, other = 0, skipped = 0, ran[4] = {0, 0, 0, 0};
    for (int iter = 0; iter < 1500; ++iter) {
        CAPTURE(iter);
        const Instance I = random_inst(rng, true);
        for (int variant = 1; variant < 4; ++variant) {
            CAPTURE(variant);
            Instance J = I;
            if (variant & 1) {
                for (auto& c : J.cap)
                    if (c != MinCostFlow::infinite) c <<= 32;
                for (auto& l : J.lower) l <<= 32;
                for (auto& b : J.supply) b *= std::int64_t(1) << 32;
            }
            if (variant & 2)
                for (auto& c : J.cost) c *= std::int64_t(1) << 28;
            // both: keep instances whose total cost provably fits 64 bits (the solvers refuse
            // the others, as they should)
            __int128 total = 0, supply = 0;
            for (auto b : J.supply) supply += b > 0 ? b : 0;
            for (std::size_t a = 0; a < J.cost.size(); ++a)
                total += static_cast<__int128>(J.cost[a] < 0 ? -J.cost[a] : J.cost[a]) *
                         (J.cap[a] == MinCostFlow::infinite ? supply + 1 : J.cap[a]);
            if (variant == 3 && total >= (static_cast<__int128>(1) << 62)) {
                ++skipped;
                continue;
            }
            agree_with_lemon(J, optimal, other);
            ++ran[variant];
        }
    }
    MESSAGE("optimal " << optimal << ", infeasible or unbounded " << other << "; skipped " << skipped);
    CHECK(optimal > 1000);
    CHECK(other > 500);
    CHECK(ran[1] > 1000);
    CHECK(ran[2] > 1000);
    CHECK(ran[3] > 100);
}

TEST_CASE("min_cost_flow cost scaling: beyond the big-M guard, a smaller artificial cost or the simplex") {
    // costs around 10^12..10^13 on up to 40 nodes: the big-M (n max|cost|) breaks cost
    // scaling's guard, a smaller artificial cost fits; the result must still be LEMON's, from
    // cost scaling when no flow is left on artificial arcs, else from the simplex
    hatchnet::test::Rng rng(8104);
    int optimal = 0, other = 0, by_cs = 0, by_ns = 0;
    for (int iter = 0; iter < 1500; ++iter) {
        CAPTURE(iter);
        Instance I = random_inst(rng, true);
        const int extra = static_cast<int>(rng.below(30));  // more nodes: a chain with cheap arcs
        for (int k = 0; k < extra; ++k) {
            I.tail.push_back(I.n + k - 1 >= 0 ? I.n + k - 1 : 0);
            I.head.push_back(I.n + k);
            I.cap.push_back(5);
            I.cost.push_back(1);
            I.lower.push_back(0);
        }
        I.n += extra;
        I.supply.resize(static_cast<std::size_t>(I.n), 0);
        // room: the largest max(C, M) cost scaling's guard allows on these nodes; C between
        // room / n and room / 5, so that the big-M n C breaks it and M = room fits
        const std::int64_t N = I.n + 1;
        const std::int64_t room = static_cast<std::int64_t>(((__int128(1) << 62) - 1) / (8 * N * (N + 1)));
        if (I.n < 7) continue;
        const std::int64_t C = room / (5 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(I.n - 6))));
        for (auto& c : I.cost) {
            if (c < 0 && rng.below(4) != 0) c = -c;  // fewer negative cycles
            c = c * (C / 10) + static_cast<std::int64_t>(rng.below(1000));
        }
        std::int64_t max_c = 1;
        for (auto c : I.cost) max_c = std::max<std::int64_t>(max_c, c < 0 ? -c : c);
        using hatchnet::algo::detail::mcf::CostScalingEngine;
        const bool capped = CostScalingEngine::artificial_cost(I.n, max_c, false) > 0 &&
                            !CostScalingEngine::fits(I.n, max_c, true);
        if (!capped) continue;  // (the max-flow guard uses the full big-M)
        const auto [lst, lcost] = lemon_solve(I);
        MinCostFlow f = make_solver(I, Algo::cost_scaling);
        const Status st = f.run();
        (f.last_algorithm() == Algo::cost_scaling ? by_cs : by_ns) += 1;
        if (lst == LNS::OPTIMAL) {
            ++optimal;
            REQUIRE(st == Status::optimal);
            CHECK(f.total_cost() == lcost);
            check_solution(I, f, false);
        } else {
            ++other;
            CHECK((st == Status::infeasible || st == Status::unbounded));
            if (lst == LNS::INFEASIBLE) CHECK(st == Status::infeasible);
        }
    }
    MESSAGE("optimal " << optimal << ", not " << other << "; by cost scaling " << by_cs << ", by the simplex " << by_ns);
    CHECK(optimal > 300);
    CHECK(by_cs > 300);
    CHECK(by_ns > 30);
}

TEST_CASE("min_cost_flow cost scaling: every instance family agrees with LEMON, feasible and not") {
    namespace hb = hatchnet::bench;
    int optimal = 0, other = 0;
    for (const hb::Family fam : hb::kFamilies) {
        for (std::uint64_t seed = 1; seed <= 100; ++seed) {
            CAPTURE(std::string(hb::to_string(fam)));
            CAPTURE(seed);
            Instance I = from_family(hb::make_instance(fam, hb::Size::tiny, seed));
            agree_with_lemon(I, optimal, other);
            if (seed % 4 == 0 && !I.cap.empty()) {  // squeeze capacities: often infeasible
                for (std::size_t a = 0; a < I.cap.size(); a += 3) I.cap[a] /= 4;
                agree_with_lemon(I, optimal, other);
            }
        }
    }
    MESSAGE("optimal " << optimal << ", not optimal " << other);
    CHECK(other > 20);
}
#endif

TEST_CASE("min_cost_flow cost scaling: max-flow-min-cost mode agrees with the network simplex") {
    hatchnet::test::Rng rng(8102);
    int optimal = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        CAPTURE(iter);
        const Instance I = random_inst(rng, false);
        MinCostFlow ns = make_solver(I, Algo::network_simplex), cs = make_solver(I, Algo::cost_scaling);
        const Status a = ns.run(Mode::max_flow_min_cost), b = cs.run(Mode::max_flow_min_cost);
        if (a == Status::optimal) {
            ++optimal;
            REQUIRE(b == Status::optimal);
            CHECK(cs.total_cost() == ns.total_cost());
            CHECK(cs.routed() == ns.routed());
            check_solution(I, cs, true);
#ifdef HATCHNET_HAVE_LEMON
            bool ok = false;
            const auto [lcost, lunmet] = lemon_max_flow(I, ok);
            std::int64_t unmet = 0;
            for (int v = 0; v < I.n; ++v)
                if (I.supply[v] < 0) unmet -= cs.unrouted(v);
            if (ok) {  // (LEMON's formulation has no artificial arcs: lower bounds may defeat it)
                CHECK(cs.total_cost() == lcost);
                CHECK(unmet == lunmet);
            }
#endif
        } else {
            CHECK(b != Status::optimal);
        }
    }
    // the families with their supplies scaled up: more on offer than the network carries
    namespace hb = hatchnet::bench;
    for (const hb::Family fam : hb::kFamilies) {
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            Instance I = from_family(hb::make_instance(fam, hb::Size::tiny, seed));
            for (auto& b : I.supply) b *= 3;
            MinCostFlow ns = make_solver(I, Algo::network_simplex), cs = make_solver(I, Algo::cost_scaling);
            REQUIRE(ns.run(Mode::max_flow_min_cost) == Status::optimal);
            REQUIRE(cs.run(Mode::max_flow_min_cost) == Status::optimal);
            CHECK(cs.total_cost() == ns.total_cost());
            CHECK(cs.routed() == ns.routed());
            check_solution(I, cs, true);
        }
    }
    CHECK(optimal > 1000);
}

TEST_CASE("min_cost_flow cost scaling: warm start, limits, progress and refused combinations") {
    namespace hb = hatchnet::bench;
    const Instance I = from_family(hb::make_instance(hb::Family::netgen_8, hb::Size::tiny, 3));
    // automatic never takes cost scaling with warm start or an iteration limit
    MinCostFlow w = make_solver(I, Algo::automatic);
    w.set_warm_start(true);
    REQUIRE(w.run() == Status::optimal);
    CHECK(w.last_algorithm() == Algo::network_simplex);
    const auto cost = w.total_cost();
    // forced cost scaling with warm start on runs cold, with the same optimum
    w.set_algorithm(Algo::cost_scaling);
    REQUIRE(w.run() == Status::optimal);
    CHECK(!w.warm_started());
    CHECK(w.total_cost() == cost);
    // after a cost-scaling run the simplex starts cold (no basis kept), same optimum
    w.set_algorithm(Algo::network_simplex);
    REQUIRE(w.run() == Status::optimal);
    CHECK(!w.warm_started());
    CHECK(w.total_cost() == cost);
    REQUIRE(w.run() == Status::optimal);
    CHECK(w.warm_started());

    // the iteration limit counts relabels; a stopped run reports flows at their lower bounds
    MinCostFlow lim = make_solver(I, Algo::cost_scaling);
    lim.set_iteration_limit(1);
    CHECK(lim.run() == Status::iteration_limit);
    for (int a = 0; a < lim.arc_count(); ++a) CHECK(lim.flow(a) == lim.lower(a));
    // progress: called with the relabel count; false stops the run
    MinCostFlow pr = make_solver(I, Algo::cost_scaling);
    int calls = 0;
    pr.set_progress([&](const MinCostFlow::Progress& p) { ++calls; CHECK(p.pivots >= 1); return false; }, 1);
    CHECK(pr.run() == Status::interrupted);
    CHECK(calls == 1);
    pr.set_progress({}, 1);
    CHECK(pr.run() == Status::optimal);
    CHECK(pr.total_cost() == cost);

    // floating costs and costs beyond the engine's guard are refused when it is forced
    BasicMinCostFlow<std::int64_t, double> d(2);
    d.add_arc(0, 1, 1, 0.5);
    d.set_algorithm(Algo::cost_scaling);
    CHECK_THROWS_WITH_AS(d.run(), doctest::Contains("integer costs"), hatchnet::input_error);
    d.set_algorithm(Algo::automatic);
    CHECK(d.run() == Status::optimal);
    CHECK(d.last_algorithm() == Algo::network_simplex);
    MinCostFlow big(3);
    big.add_arc(0, 1, 1, MinCostFlow::max_safe_cost(3));
    big.set_algorithm(Algo::cost_scaling);
    CHECK_THROWS_WITH_AS(big.run(), doctest::Contains("cost_scaling"), hatchnet::input_error);
    big.set_algorithm(Algo::automatic);
    CHECK(big.run() == Status::optimal);
}

namespace {
// a rows x cols grid (right, down and up arcs, random costs and capacities) with all its
// flow from the top-left to the bottom-right node: one source, one sink
Instance one_source_grid(int rows, int cols, std::uint64_t seed) {
    hatchnet::test::Rng rng(seed);
    Instance I;
    I.n = rows * cols;
    auto id = [&](int r, int c) { return r * cols + c; };
    auto arc = [&](int u, int v) {
        I.tail.push_back(u);
        I.head.push_back(v);
        I.cap.push_back(20 + static_cast<std::int64_t>(rng.below(100)));
        I.cost.push_back(1 + static_cast<std::int64_t>(rng.below(1000)));
        I.lower.push_back(0);
    };
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            if (c + 1 < cols) arc(id(r, c), id(r, c + 1));
            if (r + 1 < rows) arc(id(r, c), id(r + 1, c));
            if (r > 0) arc(id(r, c), id(r - 1, c));
        }
    I.supply.assign(I.n, 0);
    I.supply[0] = 40;
    I.supply[I.n - 1] = -40;
    return I;
}
}  // namespace

TEST_CASE("min_cost_flow cost scaling: the automatic choice") {
    // one source and one sink on a network of >= kAutoCostScalingMinArcs arcs: cost scaling,
    // with the network simplex's optimum; what cost scaling lacks, or a small network, or
    // more terminals: the network simplex
    const Instance I = one_source_grid(200, 170, 15);
    REQUIRE(static_cast<int>(I.tail.size()) >= MinCostFlow::kAutoCostScalingMinArcs);
    MinCostFlow a = make_solver(I, Algo::automatic), ns = make_solver(I, Algo::network_simplex);
    REQUIRE(a.run() == Status::optimal);
    CHECK(a.last_algorithm() == Algo::cost_scaling);
    REQUIRE(ns.run() == Status::optimal);
    CHECK(a.total_cost() == ns.total_cost());
    check_solution(I, a, false);
    MinCostFlow w = make_solver(I, Algo::automatic);
    w.set_warm_start(true);
    REQUIRE(w.run() == Status::optimal);
    CHECK(w.last_algorithm() == Algo::network_simplex);
    CHECK(w.total_cost() == ns.total_cost());
    MinCostFlow lim = make_solver(I, Algo::automatic);
    lim.set_iteration_limit(1000000000);
    REQUIRE(lim.run() == Status::optimal);
    CHECK(lim.last_algorithm() == Algo::network_simplex);
    Instance three = I;  // a third terminal
    three.supply[1] = 1;
    three.supply[0] -= 1;
    MinCostFlow t = make_solver(three, Algo::automatic);
    REQUIRE(t.run() == Status::optimal);
    CHECK(t.last_algorithm() == Algo::network_simplex);
    const Instance small = one_source_grid(20, 20, 16);
    MinCostFlow s = make_solver(small, Algo::automatic);
    REQUIRE(s.run() == Status::optimal);
    CHECK(s.last_algorithm() == Algo::network_simplex);
    // max-flow-min-cost mode: the same choice and the simplex's result
    MinCostFlow am = make_solver(I, Algo::automatic), nm = make_solver(I, Algo::network_simplex);
    REQUIRE(am.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(am.last_algorithm() == Algo::cost_scaling);
    REQUIRE(nm.run(Mode::max_flow_min_cost) == Status::optimal);
    CHECK(am.total_cost() == nm.total_cost());
    CHECK(am.routed() == nm.routed());
}

TEST_CASE("min_cost_flow cost scaling: algorithm names round-trip") {
    for (const Algo a : {Algo::automatic, Algo::network_simplex, Algo::cost_scaling})
        CHECK(hatchnet::algo::parse_min_cost_flow_algorithm(hatchnet::algo::to_string(a)) == a);
    CHECK(hatchnet::algo::parse_min_cost_flow_algorithm("simplex") == Algo::network_simplex);
    CHECK(!hatchnet::algo::parse_min_cost_flow_algorithm("fastest").has_value());
}
