// Tests of the value-type templates of hatchnet/algo/min_cost_flow.hpp: BasicMinCostFlow with
// double costs against the int64 solver on the same instances with costs multiplied out
// (k / 8 exact in binary, k / 1000 decimal), against LEMON's NetworkSimplex on double costs,
// warm against cold, in both modes; a 32-bit instantiation (flows and costs) against the
// int64 one, with its narrower overflow guards; NaN and infinite costs refused.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../test_rng.hpp"

#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/algo/impl/min_cost_flow.ipp"  // BasicMinCostFlow<int32_t> is not in the library
#include "hatchnet/error.hpp"

#ifdef HATCHNET_HAVE_LEMON
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#endif

using hatchnet::algo::BasicMinCostFlow;
using hatchnet::algo::MinCostFlow;
using hatchnet::algo::MinCostFlowMode;
using hatchnet::algo::MinCostFlowStatus;
using DoubleFlow = BasicMinCostFlow<std::int64_t, double>;

namespace {

// integer costs k; the double problem has costs k / scale
struct Problem {
    int n = 0;
    std::vector<int> tail, head;
    std::vector<std::int64_t> lower, cap, k, supply;
};

Problem random_problem(hatchnet::test::Rng& rng, bool balanced) {
    auto uni = [&](std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
    };
    Problem P;
    P.n = static_cast<int>(uni(1, 10));
    const int m = static_cast<int>(uni(0, 4 * P.n));
    for (int a = 0; a < m; ++a) {
        P.tail.push_back(static_cast<int>(uni(0, P.n - 1)));
        P.head.push_back(static_cast<int>(uni(0, P.n - 1)));
        const bool inf = uni(0, 5) == 0;
        P.cap.push_back(inf ? MinCostFlow::infinite : uni(0, 9));
        P.lower.push_back(!inf && uni(0, 4) == 0 ? uni(0, std::min<std::int64_t>(P.cap.back(), 3)) : 0);
        // negative costs on infinite arcs make unbounded instances now and then
        P.k.push_back(uni(inf ? -2000 : -5000, 20000));
    }
    P.supply.assign(P.n, 0);
    for (int j = static_cast<int>(uni(0, 2 * P.n)); j > 0; --j) {
        const auto q = uni(1, 7);
        P.supply[uni(0, P.n - 1)] += q;
        P.supply[uni(0, P.n - 1)] -= q;
    }
    if (!balanced) P.supply[uni(0, P.n - 1)] += uni(-5, 5);
    return P;
}

template <class Flow, class Cost>
Flow make(const Problem& P, Cost scale) {
    Flow f(P.n);
    for (std::size_t a = 0; a < P.tail.size(); ++a) {
        const auto cap = P.cap[a] == MinCostFlow::infinite ? Flow::infinite : static_cast<typename Flow::value_t>(P.cap[a]);
        f.add_arc(P.tail[a], P.head[a], static_cast<typename Flow::value_t>(P.lower[a]), cap,
                  static_cast<Cost>(P.k[a]) / scale);
    }
    for (int v = 0; v < P.n; ++v) f.set_supply(v, static_cast<typename Flow::value_t>(P.supply[v]));
    return f;
}

// flows within bounds, supplies met (less the unrouted part), and the reduced costs of the
// returned potentials within `tol` of complementary slackness
template <class Flow>
void check_certificate(const Problem& P, const Flow& f, double scale, double tol) {
    std::vector<std::int64_t> net(P.n, 0);
    for (std::size_t a = 0; a < P.tail.size(); ++a) {
        const auto x = static_cast<std::int64_t>(f.flow(static_cast<int>(a)));
        REQUIRE(x >= P.lower[a]);
        REQUIRE(x <= P.cap[a]);
        net[P.tail[a]] += x;
        net[P.head[a]] -= x;
        const double rc = static_cast<double>(P.k[a]) / scale + static_cast<double>(f.potential(P.tail[a])) -
                          static_cast<double>(f.potential(P.head[a]));
        if (x < P.cap[a]) CHECK(rc >= -tol);
        if (x > P.lower[a]) CHECK(rc <= tol);
    }
    for (int v = 0; v < P.n; ++v) CHECK(net[v] == P.supply[v] - static_cast<std::int64_t>(f.unrouted(v)));
}

#ifdef HATCHNET_HAVE_LEMON
using LG = lemon::SmartDigraph;
using LNSd = lemon::NetworkSimplex<LG, std::int64_t, double>;

std::pair<LNSd::ProblemType, double> lemon_double(const Problem& P, double scale) {
    LG g;
    std::vector<LG::Node> nodes;
    for (int v = 0; v < P.n; ++v) nodes.push_back(g.addNode());
    std::vector<LG::Arc> arcs;
    for (std::size_t a = 0; a < P.tail.size(); ++a) arcs.push_back(g.addArc(nodes[P.tail[a]], nodes[P.head[a]]));
    LG::ArcMap<std::int64_t> lo(g), up(g);
    LG::ArcMap<double> c(g);
    LG::NodeMap<std::int64_t> sup(g);
    for (std::size_t a = 0; a < arcs.size(); ++a) {
        lo[arcs[a]] = P.lower[a];
        up[arcs[a]] = P.cap[a];
        c[arcs[a]] = static_cast<double>(P.k[a]) / scale;
    }
    for (int v = 0; v < P.n; ++v) sup[nodes[v]] = P.supply[v];
    LNSd ns(g);
    ns.lowerMap(lo).upperMap(up).costMap(c).supplyMap(sup);
    const auto st = ns.run();
    return {st, st == LNSd::OPTIMAL ? ns.totalCost() : 0.0};
}
#endif

}  // namespace

TEST_CASE("min_cost_flow types: double costs agree with the int64 solver on scaled instances and with LEMON") {
    hatchnet::test::Rng rng(7101);
    int optimal = 0, infeasible = 0, unbounded = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        CAPTURE(iter);
        const Problem P = random_problem(rng, true);
        const double scale = iter % 2 ? 8.0 : 1000.0;  // dyadic (exact) and decimal costs
        MinCostFlow fi = make<MinCostFlow, std::int64_t>(P, 1);
        DoubleFlow fd = make<DoubleFlow, double>(P, scale);
        const auto si = fi.run();
        const auto sd = fd.run();
        REQUIRE(sd == si);
        if (si == MinCostFlowStatus::optimal) {
            ++optimal;
            const double expect = static_cast<double>(fi.total_cost()) / scale;
            CHECK(std::abs(fd.total_cost() - expect) <= 1e-9 * (1 + std::abs(expect)));
            check_certificate(P, fd, scale, 1e-6);
        } else if (si == MinCostFlowStatus::infeasible) {
            ++infeasible;
        } else {
            ++unbounded;
        }
#ifdef HATCHNET_HAVE_LEMON
        const auto [lst, lcost] = lemon_double(P, scale);
        if (lst == LNSd::OPTIMAL) {
            REQUIRE(sd == MinCostFlowStatus::optimal);
            CHECK(std::abs(fd.total_cost() - lcost) <= 1e-9 * (1 + std::abs(lcost)));
        } else {
            CHECK(sd != MinCostFlowStatus::optimal);
        }
#endif
        // warm start: change one cost and one supply pair, warm = cold
        if (!P.tail.empty() && si == MinCostFlowStatus::optimal) {
            DoubleFlow w = make<DoubleFlow, double>(P, scale);
            w.set_warm_start(true);
            w.run();
            Problem Q = P;
            Q.k[iter % Q.k.size()] += 37;
            Q.supply[0] += 1;
            Q.supply[Q.n - 1] -= 1;
            w.set_cost(static_cast<int>(iter % Q.k.size()), static_cast<double>(Q.k[iter % Q.k.size()]) / scale);
            w.set_supplies(Q.supply);
            DoubleFlow cold = make<DoubleFlow, double>(Q, scale);
            const auto sw = w.run();
            CHECK(w.warm_started());
            REQUIRE(sw == cold.run());
            if (sw == MinCostFlowStatus::optimal)
                CHECK(std::abs(w.total_cost() - cold.total_cost()) <= 1e-9 * (1 + std::abs(cold.total_cost())));
        }
    }
    MESSAGE("optimal " << optimal << ", infeasible " << infeasible << ", unbounded " << unbounded);
    CHECK(optimal > 500);
    CHECK(infeasible > 500);
    CHECK(unbounded > 20);
}

TEST_CASE("min_cost_flow types: max-flow-min-cost mode with double costs agrees with the int64 solver") {
    hatchnet::test::Rng rng(7102);
    for (int iter = 0; iter < 1500; ++iter) {
        CAPTURE(iter);
        Problem P = random_problem(rng, false);
        for (auto& k : P.k) k = std::abs(k);  // no negative cycles: every run is optimal
        MinCostFlow fi = make<MinCostFlow, std::int64_t>(P, 1);
        DoubleFlow fd = make<DoubleFlow, double>(P, 1000.0);
        const auto si = fi.run(MinCostFlowMode::max_flow_min_cost);
        REQUIRE(fd.run(MinCostFlowMode::max_flow_min_cost) == si);
        if (si != MinCostFlowStatus::optimal) continue;  // lower bounds can make it infeasible
        CHECK(fd.routed() == fi.routed());
        const double expect = static_cast<double>(fi.total_cost()) / 1000.0;
        CHECK(std::abs(fd.total_cost() - expect) <= 1e-9 * (1 + std::abs(expect)));
    }
}

TEST_CASE("min_cost_flow types: the tolerance bounds the optimality gap") {
    // two parallel routes whose costs differ by 1e-7: the default tolerance (1e-9 * max |c|)
    // tells them apart; a tolerance of 1e-3 may keep either, within 1e-3 per unit
    for (const double tol : {-1.0, 1e-3}) {
        DoubleFlow f(2);
        f.add_arc(0, 1, 5, 1.0);
        f.add_arc(0, 1, 5, 1.0 - 1e-7);
        f.set_supply(0, 5);
        f.set_supply(1, -5);
        f.set_tolerance(tol);
        REQUIRE(f.run() == MinCostFlowStatus::optimal);
        if (tol < 0) CHECK(f.flow(1) == 5);
        CHECK(f.total_cost() <= 5 * (1.0 - 1e-7) + 5 * std::max(tol, 0.0) + 1e-12);
    }
}

TEST_CASE("min_cost_flow types: NaN and infinite costs are refused naming the arc") {
    DoubleFlow f(2);
    CHECK_THROWS_WITH_AS(f.add_arc(0, 1, 1, std::nan("")), doctest::Contains("arc 0"), hatchnet::input_error);
    CHECK(f.arc_count() == 0);
    f.add_arc(0, 1, 1, 2.5);
    CHECK_THROWS_WITH_AS(f.set_cost(0, std::numeric_limits<double>::infinity()), doctest::Contains("infinite"),
                         hatchnet::input_error);
    const std::vector<int> t{0, 1}, h{1, 0};
    const std::vector<std::int64_t> c{1, 1};
    const std::vector<double> k{1.0, std::nan("")};
    CHECK_THROWS_WITH_AS(f.add_arcs(t, h, c, k), doctest::Contains("arc 2"), hatchnet::input_error);
    CHECK(f.arc_count() == 1);
    CHECK(f.cost(0) == 2.5);
    CHECK_THROWS_AS(f.set_tolerance(std::nan("")), hatchnet::input_error);
    f.set_cost(0, 1e307);
    f.set_supply(0, 1);
    f.set_supply(1, -1);
    CHECK_THROWS_WITH_AS(f.run(), doctest::Contains("big-M"), hatchnet::input_error);
}

TEST_CASE("min_cost_flow types: a 32-bit instantiation agrees with int64 and guards its range") {
    using Flow32 = BasicMinCostFlow<std::int32_t, std::int32_t>;
    hatchnet::test::Rng rng(7103);
    for (int iter = 0; iter < 1500; ++iter) {
        CAPTURE(iter);
        const Problem P = random_problem(rng, true);
        MinCostFlow f64 = make<MinCostFlow, std::int64_t>(P, 1);
        Flow32 f32 = make<Flow32, std::int32_t>(P, 1);
        const auto s = f64.run();
        REQUIRE(f32.run() == s);
        if (s == MinCostFlowStatus::optimal) CHECK(f32.total_cost() == f64.total_cost());
    }
    // flows that could leave int32: refused, not wrapped
    Flow32 g(2);
    g.add_arc(0, 1, Flow32::infinite - 1, 1);
    g.add_arc(0, 1, Flow32::infinite - 1, 1);
    g.set_supply(0, 1);
    g.set_supply(1, -1);
    CHECK_THROWS_WITH_AS(g.run(), doctest::Contains("capacity"), hatchnet::input_error);
    // costs whose potentials could leave int32
    Flow32 h(3);
    h.add_arc(0, 1, 1, Flow32::max_safe_cost(3) + 1);
    h.set_supply(0, 1);
    h.set_supply(1, -1);
    CHECK_THROWS_WITH_AS(h.run(), doctest::Contains("32-bit"), hatchnet::input_error);
    h.set_cost(0, Flow32::max_safe_cost(3));
    CHECK(h.run() == MinCostFlowStatus::optimal);
    CHECK(h.total_cost() == Flow32::max_safe_cost(3));
}
