// benchmarks/bench_mcf.cpp — hatchnet's network simplex against LEMON's NetworkSimplex and
// Boost.Graph's successive_shortest_path_nonnegative_weights on the same instances.
//
//   bench_mcf [--quick] [--reps K] [--write-dimacs DIR]
//
// Prints one row per instance: times (best of K runs, arrays -> optimal flow, graph building
// of the peers excluded, their map filling included), the ratios ours/LEMON and ours/BGL, and
// whether the optimal costs agree. BGL runs only on the small instances (it is ~1000x slower).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#include <boost/graph/find_flow_cost.hpp>  // after the SSP header, which it needs
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "hatchnet/match/dimacs.hpp"
#include "hatchnet/match/min_cost_flow.hpp"
#include "netgen.hpp"

using hatchnet::bench::McfInstance;
using hatchnet::match::MinCostFlow;

namespace {

double seconds_of(const std::function<void()>& f, int reps) {
    double best = 1e100;
    for (int r = 0; r < reps; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    }
    return best;
}

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

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    int reps = 3;
    std::string dimacs_dir;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick")) quick = true;
        else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--write-dimacs") && i + 1 < argc) dimacs_dir = argv[++i];
        else { std::fprintf(stderr, "usage: %s [--quick] [--reps K] [--write-dimacs DIR]\n", argv[0]); return 2; }
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

    std::printf("%-30s %8s %10s %10s %10s %10s %9s %9s %s\n", "instance", "m", "ours[s]",
                "LEMON[s]", "BGL[s]", "ours/LEMON", "ours/BGL", "cost ok", "optimal cost");
    int bad = 0;
    for (std::size_t k = 0; k < cases.size(); ++k) {
        const McfInstance& I = cases[k].inst;
        if (!dimacs_dir.empty()) {
            hatchnet::match::MinCostFlow f(I.n);
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
    return bad == 0 ? 0 : 1;
}
