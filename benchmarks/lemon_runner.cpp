// benchmarks/lemon_runner.cpp — see lemon_runner.hpp (compiled as C++17).
#include "lemon_runner.hpp"

#include <vector>

#include <lemon/config.h>
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "timing.hpp"

namespace hatchnet::bench {
namespace {

using G = lemon::SmartDigraph;

struct LemonGraph {
    G g;
    std::vector<G::Node> nodes;
    std::vector<G::Arc> arcs;
    explicit LemonGraph(const LemonInput& in) {
        g.reserveNode(in.n);
        g.reserveArc(static_cast<int>(in.m));
        nodes.resize(static_cast<std::size_t>(in.n));
        for (auto& v : nodes) v = g.addNode();
        arcs.resize(in.m);
        for (std::size_t a = 0; a < in.m; ++a)
            arcs[a] = g.addArc(nodes[static_cast<std::size_t>(in.tail[a])], nodes[static_cast<std::size_t>(in.head[a])]);
    }
};

template <class Algo>
LemonResult run(const LemonInput& in, int reps) {
    const LemonGraph L(in);
    LemonResult r;
    const WallCpu t = wall_cpu_of([&] {
        G::ArcMap<std::int64_t> cap(L.g), cost(L.g);
        G::NodeMap<std::int64_t> sup(L.g);
        for (std::size_t a = 0; a < in.m; ++a) { cap[L.arcs[a]] = in.cap[a]; cost[L.arcs[a]] = in.cost[a]; }
        for (int v = 0; v < in.n; ++v) sup[L.nodes[static_cast<std::size_t>(v)]] = in.supply[v];
        Algo algo(L.g);
        algo.upperMap(cap).costMap(cost).supplyMap(sup);
        r.ok = algo.run() == Algo::OPTIMAL;
        r.cost = r.ok ? static_cast<std::int64_t>(algo.totalCost()) : 0;
    }, reps);
    r.secs = t.wall;
    r.cpu = t.cpu;
    r.secs_max = t.wall_max;
    return r;
}

}  // namespace

LemonResult lemon_network_simplex(const LemonInput& in, int reps) {
    return run<lemon::NetworkSimplex<G, std::int64_t, std::int64_t>>(in, reps);
}
LemonResult lemon_cost_scaling(const LemonInput& in, int reps) {
    return run<lemon::CostScaling<G, std::int64_t, std::int64_t>>(in, reps);
}
const char* lemon_version() { return LEMON_VERSION; }

}  // namespace hatchnet::bench
