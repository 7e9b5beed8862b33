// benchmarks/bench_match.cpp — the needs/resources matcher at city and national scale, and
// its flow network solved by hatchnet's network simplex and LEMON's NetworkSimplex.
//
//   bench_match [--quick] [--reps K] [--city-needs N] [--national-needs N]
//
// (c) city scale: the Beijing dataset (data/beijing.json.gz) with >= 100,000 generated needs;
// (d) national scale: synth::national_synthetic() with >= 1,000,000 needs.
// For each: the full matcher (eligibility, buckets, network, solve, explanations) and, on the
// very same flow network (merged big-M costs), ours vs LEMON (graph building of LEMON
// excluded, its map filling included; best of K runs). Prints times and the ratio ours/LEMON,
// and whether the optimal costs agree. On Beijing also re-matching: 1% of needs and resources
// changed, the warm re-run against a new matcher on the changed data.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <cmath>
#include <string>
#include <vector>

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/synth/demand.hpp"
#include "hatchnet/synth/national.hpp"
#include "timing.hpp"

using namespace hatchnet;
using algo::MinCostFlow;

using hatchnet::bench::seconds_of;

namespace {

struct Row {
    std::string name;
    std::size_t needs = 0, resources = 0, nodes = 0, arcs = 0;
    double matcher = 0, ours = 0, lemon = 0;
    std::int64_t served = 0, requested = 0;
    bool agree = false, agree_rematch = true;
};

Row run_case(const std::string& name, const Graph& g, std::size_t n_needs, int reps, std::uint64_t seed,
             bool rematch = false) {
    Row row;
    row.name = name;
    synth::DemandOptions o;
    o.seed = seed;
    o.needs = n_needs;
    auto t0 = std::chrono::steady_clock::now();
    auto d = synth::demand(g.network(), o);
    const double gen = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    row.needs = d.needs.size();
    row.resources = d.resources.size();
    std::unique_ptr<match::ResourceMatcher> m;
    row.matcher = seconds_of([&] {
        m = std::make_unique<match::ResourceMatcher>(g, d.needs, d.resources);
        m->run();
    }, reps);
    const auto& r = m->result();
    row.served = r.served;
    row.requested = r.requested;
    std::fprintf(stderr, "  %s: generated in %.2f s; matcher: build %.3f s, solve %.3f s (%s, %d phase(s), %lld pivots), "
                 "%zu buckets, %zu eligible pairs\n", name.c_str(), gen, r.stats.build_seconds, r.stats.solve_seconds,
                 r.stats.method.c_str(), r.stats.phases, static_cast<long long>(r.stats.pivots), r.stats.buckets,
                 r.stats.eligible_pairs);

    if (rematch) {
        // re-matching: 1% of the needs change quantity (a quarter withdrawn), 1% of the
        // resources in use change capacity (withdrawing one would rebuild); warm re-run vs a
        // new matcher on the same data
        match::ResourceMatcher w(g, d.needs, d.resources);
        w.run();
        std::mt19937_64 rng(seed + 99);
        std::vector<std::size_t> in_use;
        for (const auto& a : w.result().assignments) in_use.push_back(a.resource);
        const std::size_t k = std::max<std::size_t>(1, d.needs.size() / 100);
        for (std::size_t c = 0; c < k; ++c) {
            w.set_need_quantity(rng() % d.needs.size(), std::int64_t(rng() % 4 == 0 ? 0 : 1 + rng() % 5));
            if (!in_use.empty() && c < d.resources.size() / 100)
                w.set_resource_capacity(in_use[rng() % in_use.size()], std::int64_t(1 + rng() % 29));
        }
        const double warm = seconds_of([&] { w.run(); }, 1);
        std::vector<match::Need> nd;
        for (const auto& n : w.needs()) if (n.quantity > 0) nd.push_back(n);
        std::unique_ptr<match::ResourceMatcher> cold;
        const double fresh = seconds_of([&] {
            cold = std::make_unique<match::ResourceMatcher>(g, nd, w.resources());
            cold->run();
        }, 1);
        const bool same = w.result().weighted_served == cold->result().weighted_served &&
                          std::abs(w.result().total_cost - cold->result().total_cost) <=
                              1e-9 * std::max(1.0, std::abs(cold->result().total_cost));
        std::fprintf(stderr, "  %s re-match after 1%% changes: warm re-run %.3f s (%s, %lld pivots) vs new matcher "
                     "%.3f s (%lld pivots): ratio %.3f, results agree: %s\n", name.c_str(), warm,
                     w.result().stats.warm_start ? "warm" : "rebuilt", static_cast<long long>(w.result().stats.pivots),
                     fresh, static_cast<long long>(cold->result().stats.pivots), warm / fresh, same ? "yes" : "NO");
        row.agree_rematch = same;
    }

    const MinCostFlow& F = m->flow_network();
    row.nodes = static_cast<std::size_t>(F.node_count());
    row.arcs = static_cast<std::size_t>(F.arc_count());
    std::vector<int> tail(row.arcs), head(row.arcs);
    std::vector<std::int64_t> cap(row.arcs), cost(row.arcs), sup(row.nodes);
    for (std::size_t a = 0; a < row.arcs; ++a) {
        tail[a] = F.tail(static_cast<int>(a));
        head[a] = F.head(static_cast<int>(a));
        cap[a] = F.capacity(static_cast<int>(a));
        cost[a] = F.cost(static_cast<int>(a));
    }
    for (std::size_t v = 0; v < row.nodes; ++v) sup[v] = F.supply(static_cast<int>(v));

    std::int64_t ours_cost = 0;
    bool ours_ok = false;
    row.ours = seconds_of([&] {
        MinCostFlow f(static_cast<int>(row.nodes));
        f.set_block_factor(F.block_factor());  // the matcher's setting
        f.add_arcs(tail, head, cap, cost);
        f.set_supplies(sup);
        ours_ok = f.run() == MinCostFlow::Status::optimal;
        ours_cost = f.total_cost();
    }, reps);

    using G = lemon::SmartDigraph;
    G lg;
    lg.reserveNode(static_cast<int>(row.nodes));
    lg.reserveArc(static_cast<int>(row.arcs));
    std::vector<G::Node> nodes(row.nodes);
    for (auto& v : nodes) v = lg.addNode();
    std::vector<G::Arc> arcs(row.arcs);
    for (std::size_t a = 0; a < row.arcs; ++a) arcs[a] = lg.addArc(nodes[tail[a]], nodes[head[a]]);
    std::int64_t lemon_cost = 0;
    bool lemon_ok = false;
    row.lemon = seconds_of([&] {
        G::ArcMap<std::int64_t> c(lg), w(lg);
        G::NodeMap<std::int64_t> s(lg);
        for (std::size_t a = 0; a < row.arcs; ++a) { c[arcs[a]] = cap[a]; w[arcs[a]] = cost[a]; }
        for (std::size_t v = 0; v < row.nodes; ++v) s[nodes[v]] = sup[v];
        lemon::NetworkSimplex<G, std::int64_t, std::int64_t> ns(lg);
        ns.upperMap(c).costMap(w).supplyMap(s);
        lemon_ok = ns.run() == lemon::NetworkSimplex<G, std::int64_t, std::int64_t>::OPTIMAL;
        lemon_cost = lemon_ok ? ns.totalCost() : 0;
    }, reps);
    row.agree = ours_ok && lemon_ok && ours_cost == lemon_cost;
    return row;
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    int reps = 2;
    std::size_t city_needs = 100000, national_needs = 1000000;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick")) quick = true;
        else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--city-needs") && i + 1 < argc) city_needs = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--national-needs") && i + 1 < argc) national_needs = std::strtoull(argv[++i], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: %s [--quick] [--reps K] [--city-needs N] [--national-needs N]\n", argv[0]);
            return 2;
        }
    }
    std::vector<Row> rows;
    {
        Graph g(io::load_json_file(io::default_dataset_path()));
        rows.push_back(run_case("(c) Beijing", g, city_needs, reps, 1, true));
    }
    if (!quick) {
        auto t0 = std::chrono::steady_clock::now();
        Graph g(synth::national_synthetic());
        std::fprintf(stderr, "  national network: %zu nodes, %zu organizations in %.1f s\n", g.network().nodes.size(),
                     g.network().organizations.size(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        rows.push_back(run_case("(d) national", g, national_needs, 1, 2));
    }
    std::printf("%-14s %9s %9s %9s %9s %11s %9s %9s %10s %7s %s\n", "instance", "needs", "resources", "nodes", "arcs",
                "matcher[s]", "ours[s]", "LEMON[s]", "ours/LEMON", "served", "cost ok");
    int bad = 0;
    for (const auto& r : rows) {
        std::printf("%-14s %9zu %9zu %9zu %9zu %11.3f %9.3f %9.3f %10.3f %6.1f%% %s\n", r.name.c_str(), r.needs,
                    r.resources, r.nodes, r.arcs, r.matcher, r.ours, r.lemon, r.ours / r.lemon,
                    100.0 * double(r.served) / double(std::max<std::int64_t>(r.requested, 1)), r.agree ? "yes" : "NO");
        bad += !r.agree || !r.agree_rematch;
    }
    return bad == 0 ? 0 : 1;
}
