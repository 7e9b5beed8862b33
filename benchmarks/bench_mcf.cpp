// benchmarks/bench_mcf.cpp — hatchnet's network simplex against LEMON's NetworkSimplex and
// Boost.Graph's successive_shortest_path_nonnegative_weights on the same instances.
//
//   bench_mcf [--quick] [--reps K] [--write-dimacs DIR] [--warm-only]
//
// Prints one row per instance: times (best of K runs, arrays -> optimal flow, graph building
// of the peers excluded, their map filling included), the ratios ours/LEMON and ours/BGL, and
// whether the optimal costs agree. BGL runs only on the small instances (it is ~1000x slower).
//
// Then the warm-start table: a solved instance gets 1% of its supplies changed (balanced: the
// two ends of a random arc change by the same amount; a finite capacity of that arc grows
// too), or 1% of its costs redrawn, or both; the re-solve from the
// kept basis (MinCostFlow::set_warm_start) is timed against a cold re-solve of the same
// changed problem (run() only, arrays already loaded) and LEMON from scratch, with pivots.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#include <boost/graph/find_flow_cost.hpp>  // after the SSP header, which it needs
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "hatchnet/match/dimacs.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "netgen.hpp"
#include "timing.hpp"

using hatchnet::bench::McfInstance;
using hatchnet::algo::MinCostFlow;

using hatchnet::bench::seconds_of;

namespace {

struct Result { double secs = -1; std::int64_t cost = 0; bool ok = false; };

Result run_ours(const McfInstance& I, int reps) {
    Result r;
    r.secs = seconds_of([&] {
        MinCostFlow f(I.n);
        f.add_arcs(I.tail, I.head, I.cap, I.cost);
        f.set_supplies(I.supply);
        r.ok = f.run() == MinCostFlow::Status::optimal;
        r.cost = f.total_cost();
    }, reps);
    return r;
}

Result run_lemon(const McfInstance& I, int reps) {
    using G = lemon::SmartDigraph;
    G g;
    g.reserveNode(I.n);
    g.reserveArc(static_cast<int>(I.m()));
    std::vector<G::Node> nodes(I.n);
    for (int v = 0; v < I.n; ++v) nodes[v] = g.addNode();
    std::vector<G::Arc> arcs(I.m());
    for (std::size_t a = 0; a < I.m(); ++a) arcs[a] = g.addArc(nodes[I.tail[a]], nodes[I.head[a]]);
    Result r;
    r.secs = seconds_of([&] {
        G::ArcMap<std::int64_t> cap(g), cost(g);
        G::NodeMap<std::int64_t> sup(g);
        for (std::size_t a = 0; a < I.m(); ++a) { cap[arcs[a]] = I.cap[a]; cost[arcs[a]] = I.cost[a]; }
        for (int v = 0; v < I.n; ++v) sup[nodes[v]] = I.supply[v];
        lemon::NetworkSimplex<G, std::int64_t, std::int64_t> ns(g);
        ns.upperMap(cap).costMap(cost).supplyMap(sup);
        r.ok = ns.run() == lemon::NetworkSimplex<G, std::int64_t, std::int64_t>::OPTIMAL;
        r.cost = r.ok ? ns.totalCost() : 0;
    }, reps);
    return r;
}

Result run_bgl(const McfInstance& I) {
    using namespace boost;
    using Traits = adjacency_list_traits<vecS, vecS, directedS>;
    using Graph = adjacency_list<vecS, vecS, directedS, no_property,
        property<edge_capacity_t, long,
            property<edge_residual_capacity_t, long,
                property<edge_reverse_t, Traits::edge_descriptor,
                    property<edge_weight_t, long>>>>>;
    Result r;
    r.secs = seconds_of([&] {
        Graph g(I.n + 2);
        const int s = I.n, t = I.n + 1;
        auto cap = get(edge_capacity, g);
        auto rev = get(edge_reverse, g);
        auto w = get(edge_weight, g);
        std::int64_t total_cap = 0;
        for (auto c : I.supply) total_cap += std::max<std::int64_t>(c, 0);
        auto add = [&](int u, int v, long c, long cost) {
            auto e = add_edge(u, v, g).first, er = add_edge(v, u, g).first;
            cap[e] = c; cap[er] = 0; w[e] = cost; w[er] = -cost; rev[e] = er; rev[er] = e;
        };
        for (std::size_t a = 0; a < I.m(); ++a)
            add(I.tail[a], I.head[a], std::min<std::int64_t>(I.cap[a], total_cap), I.cost[a]);
        std::int64_t need = 0;
        for (int v = 0; v < I.n; ++v) {
            if (I.supply[v] > 0) { add(s, v, I.supply[v], 0); need += I.supply[v]; }
            if (I.supply[v] < 0) add(v, t, -I.supply[v], 0);
        }
        successive_shortest_path_nonnegative_weights(g, s, t);
        r.cost = find_flow_cost(g);
        auto res = get(edge_residual_capacity, g);
        std::int64_t sent = 0;
        for (auto [e, end] = out_edges(s, g); e != end; ++e) sent += cap[*e] - res[*e];
        r.ok = sent == need;
    }, 1);
    return r;
}

struct WarmRow {
    double warm = 0, cold = 0, lemon = 0;
    std::int64_t warm_pivots = 0, cold_pivots = 0, first_pivots = 0;
    bool agree = false;
};

// 1% of supplies (balanced) and 1% of costs changed on a solved instance
WarmRow warm_case(McfInstance I, std::uint64_t seed, int reps, bool supplies, bool costs) {
    WarmRow w;
    MinCostFlow f(I.n);
    f.add_arcs(I.tail, I.head, I.cap, I.cost);
    f.set_supplies(I.supply);
    f.set_warm_start(true);
    if (f.run() != MinCostFlow::Status::optimal) return w;
    w.first_pivots = f.iterations();
    std::mt19937_64 rng(seed);
    const std::size_t m = I.m();
    const int changes = std::max(1, I.n / 100);
    for (int k = 0; supplies && k < changes / 2; ++k) {  // each change touches two nodes
        const std::size_t a = rng() % m;
        const std::int64_t q = 1 + static_cast<std::int64_t>(rng() % 20);
        I.supply[I.tail[a]] += q;
        I.supply[I.head[a]] -= q;
        f.set_supply(I.tail[a], I.supply[I.tail[a]]);
        f.set_supply(I.head[a], I.supply[I.head[a]]);
        if (I.cap[a] != MinCostFlow::infinite) {
            I.cap[a] += q;
            f.set_capacity(static_cast<MinCostFlow::arc_t>(a), I.cap[a]);
        }
    }
    for (std::size_t k = 0; costs && k < m / 100; ++k) {
        const std::size_t a = rng() % m;
        I.cost[a] = 1 + static_cast<std::int64_t>(rng() % 1000);
        f.set_cost(static_cast<MinCostFlow::arc_t>(a), I.cost[a]);
    }
    std::int64_t warm_cost = 0, cold_cost = 0;
    bool ok = true;
    w.warm = seconds_of([&] {
        MinCostFlow g = f;  // copies share the kept basis; each rep starts from the same one
        ok = ok && g.run() == MinCostFlow::Status::optimal && g.warm_started();
        warm_cost = g.total_cost();
        w.warm_pivots = g.iterations();
    }, reps);
    w.cold = seconds_of([&] {
        MinCostFlow g = f;
        g.clear_basis();
        ok = ok && g.run() == MinCostFlow::Status::optimal;
        cold_cost = g.total_cost();
        w.cold_pivots = g.iterations();
    }, reps);
    Result lem = run_lemon(I, reps);
    w.lemon = lem.secs;
    w.agree = ok && lem.ok && warm_cost == cold_cost && cold_cost == lem.cost;
    return w;
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false, warm_only = false;
    int reps = 3;
    std::string dimacs_dir;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick")) quick = true;
        else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--write-dimacs") && i + 1 < argc) dimacs_dir = argv[++i];
        else if (!std::strcmp(argv[i], "--warm-only")) warm_only = true;
        else { std::fprintf(stderr, "usage: %s [--quick] [--reps K] [--write-dimacs DIR] [--warm-only]\n", argv[0]); return 2; }
    }
    struct Case { McfInstance inst; bool bgl; };
    std::vector<Case> cases;
    namespace hb = hatchnet::bench;
    cases.push_back({hb::transportation(2000, 200, 10, 1), true});
    cases.push_back({hb::transportation(20000, 2000, 10, 2), false});
    if (!quick) cases.push_back({hb::transportation(40000, 4000, 10, 3), false});
    cases.push_back({hb::transportation(2000, 200, 10, 4, true), true});
    cases.push_back({hb::transportation(20000, 2000, 10, 5, true), false});
    hb::NetgenParams small;
    small.nodes = 1000; small.arcs = 10000; small.sources = 20; small.sinks = 20; small.total_supply = 20000;
    cases.push_back({hb::netgen(small, 11), true});
    hb::NetgenParams p;
    p.nodes = 8000; p.arcs = 80000; p.sources = 80; p.sinks = 80; p.total_supply = 400000;
    cases.push_back({hb::netgen(p, 12), false});
    if (!quick) {
        hb::NetgenParams q = p;
        q.nodes = 32000; q.arcs = 320000; q.sources = 160; q.sinks = 160; q.total_supply = 1000000;
        q.pct_capacitated = 80;
        cases.push_back({hb::netgen(q, 13), false});
        hb::NetgenParams d = p;  // dense-ish
        d.nodes = 2000; d.arcs = 200000; d.sources = 100; d.sinks = 100;
        cases.push_back({hb::netgen(d, 14), false});
    }

    int bad = 0;
    if (!warm_only) {
    std::printf("%-30s %8s %10s %10s %10s %10s %9s %9s %s\n", "instance", "m", "ours[s]",
                "LEMON[s]", "BGL[s]", "ours/LEMON", "ours/BGL", "cost ok", "optimal cost");
    for (std::size_t k = 0; k < cases.size(); ++k) {
        const McfInstance& I = cases[k].inst;
        if (!dimacs_dir.empty()) {
            hatchnet::algo::MinCostFlow f(I.n);
            f.add_arcs(I.tail, I.head, I.cap, I.cost);
            f.set_supplies(I.supply);
            hatchnet::match::write_dimacs_file(dimacs_dir + "/instance" + std::to_string(k) + ".min", f,
                                               I.name);
        }
        Result ours = run_ours(I, reps);
        Result lem = run_lemon(I, reps);
        Result bgl;
        if (cases[k].bgl) bgl = run_bgl(I);
        bool agree = ours.ok && lem.ok && ours.cost == lem.cost && (!cases[k].bgl || (bgl.ok && bgl.cost == ours.cost));
        bad += !agree;
        char bgl_s[32] = "-", bgl_r[32] = "-";
        if (cases[k].bgl) {
            std::snprintf(bgl_s, sizeof bgl_s, "%.4f", bgl.secs);
            std::snprintf(bgl_r, sizeof bgl_r, "%.5f", ours.secs / bgl.secs);
        }
        std::printf("%-30s %8zu %10.4f %10.4f %10s %10.3f %9s %9s %lld\n", I.name.c_str(), I.m(),
                    ours.secs, lem.secs, bgl_s, ours.secs / lem.secs, bgl_r, agree ? "yes" : "NO",
                    static_cast<long long>(ours.cost));
    }
    }

    // ---- warm start: re-solve after 1% of supplies and 1% of costs change
    std::printf("\nwarm start: 1%% of supplies (balanced) and 1%% of costs changed, then re-solved\n");
    std::printf("%-30s %-9s %9s %9s %9s %10s %11s %12s %11s %11s %7s\n", "instance", "changed", "warm[s]", "cold[s]",
                "LEMON[s]", "warm/cold", "warm/LEMON", "first pivots", "warm pivots", "cold pivots", "cost ok");
    std::vector<McfInstance> warm_cases;
    warm_cases.push_back(hb::transportation(20000, 2000, 10, 2));
    warm_cases.push_back(hb::transportation(20000, 2000, 10, 5, true));
    if (!quick) warm_cases.push_back(hb::netgen(p, 12));
    for (std::size_t k = 0; k < warm_cases.size(); ++k)
    for (int what = 0; what < 3; ++what) {
        static const char* what_name[] = {"supplies", "costs", "both"};
        const WarmRow w = warm_case(warm_cases[k], 100 + k, reps, what != 1, what != 0);
        bad += !w.agree;
        std::printf("%-30s %-9s %9.4f %9.4f %9.4f %10.3f %11.3f %12lld %11lld %11lld %7s\n", warm_cases[k].name.c_str(),
                    what_name[what], w.warm, w.cold, w.lemon, w.warm / w.cold, w.warm / w.lemon,
                    static_cast<long long>(w.first_pivots), static_cast<long long>(w.warm_pivots),
                    static_cast<long long>(w.cold_pivots), w.agree ? "yes" : "NO");
    }
    return bad == 0 ? 0 : 1;
}
