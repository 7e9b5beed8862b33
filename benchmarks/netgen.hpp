// benchmarks/netgen.hpp — seeded generators of min-cost flow benchmark instances.
//
// * transportation(): bipartite supply x demand instances, k arcs per supply node, feasible
//   by construction (demands are what a random feasible routing delivers).
// * netgen(): a NETGEN-style family (after Klingman, Napier, Stutz 1974): sources, sinks and
//   transshipment nodes; a random "skeleton" of chains from every source through
//   transshipment nodes to sinks carries the supplies (so the instance is feasible), then
//   random arcs fill up to the arc count; a percentage of the arcs is capacitated, the
//   skeleton arcs get a high cost with some probability (as in NETGEN), costs and
//   capacities are uniform in their ranges. Not bit-compatible with the original NETGEN
//   (its portable random generator is not reproduced), but the same structure.
// The standard families (a faithful NETGEN among them) are in mcf_families.hpp.
// Instances can be written as DIMACS min-cost flow files (hatchnet/match/dimacs.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "mcf_families.hpp"  // McfInstance

namespace hatchnet::bench {

// capacitated: arcs get random capacities (at least the planted routing), else infinite
inline McfInstance transportation(int sources, int sinks, int arcs_per_source, std::uint64_t seed,
                                  bool capacitated = false, std::int64_t max_cost = 1000,
                                  std::int64_t max_supply = 100) {
    std::mt19937_64 rng(seed);
    auto uni = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    McfInstance I;
    I.name = std::string(capacitated ? "transport-cap " : "transport ") + std::to_string(sources) +
             "x" + std::to_string(sinks);
    I.n = sources + sinks;
    I.supply.assign(I.n, 0);
    const std::size_t m = static_cast<std::size_t>(sources) * arcs_per_source;
    I.tail.reserve(m); I.head.reserve(m); I.cap.reserve(m); I.cost.reserve(m);
    std::vector<int> picks;
    for (int s = 0; s < sources; ++s) {
        const std::int64_t b = uni(1, max_supply);
        I.supply[s] = b;
        picks.clear();
        while (static_cast<int>(picks.size()) < std::min(arcs_per_source, sinks)) {
            int d = static_cast<int>(uni(0, sinks - 1));
            if (std::find(picks.begin(), picks.end(), d) == picks.end()) picks.push_back(d);
        }
        // a random feasible routing of b over the first few arcs defines the demands
        std::int64_t left = b;
        for (std::size_t k = 0; k < picks.size(); ++k) {
            std::int64_t x = k + 1 == picks.size() ? left : uni(0, left);
            if (k >= 3) x = (k + 1 == picks.size()) ? left : 0;
            left -= x;
            I.supply[sources + picks[k]] -= x;
            I.tail.push_back(s);
            I.head.push_back(sources + picks[k]);
            I.cost.push_back(uni(1, max_cost));
            const std::int64_t c = uni(1, 2 * max_supply);
            I.cap.push_back(capacitated ? std::max<std::int64_t>(x, c)
                                        : std::numeric_limits<std::int64_t>::max());
        }
    }
    return I;
}

struct NetgenParams {
    int nodes = 5000, arcs = 50000, sources = 50, sinks = 50;
    std::int64_t total_supply = 100000;
    std::int64_t min_cost = 1, max_cost = 10000;
    std::int64_t min_cap = 100, max_cap = 1000;
    int pct_capacitated = 50;    // % of non-skeleton arcs with a finite capacity
    int pct_high_cost = 30;      // % of skeleton arcs with the maximal cost
};

inline McfInstance netgen(const NetgenParams& p, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto uni = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max();
    McfInstance I;
    I.name = "netgen n=" + std::to_string(p.nodes) + " m=" + std::to_string(p.arcs);
    I.n = p.nodes;
    I.supply.assign(I.n, 0);
    const int S = p.sources, T = p.sinks, trans_begin = S, trans_end = p.nodes - T;
    // supplies: random split of the total over the sources
    std::vector<std::int64_t> sup(S, p.total_supply / S);
    sup[0] += p.total_supply % S;
    for (int k = 0; k < S * 4; ++k) {
        int a = static_cast<int>(uni(0, S - 1)), b = static_cast<int>(uni(0, S - 1));
        std::int64_t q = uni(0, sup[a] / 2);
        sup[a] -= q; sup[b] += q;
    }
    // skeleton: from every source a chain through random transshipment nodes, then arcs
    // from chain nodes to random sinks; the supply is split among those sinks
    const int trans = std::max(0, trans_end - trans_begin);
    for (int s = 0; s < S; ++s) {
        I.supply[s] += sup[s];
        const int len = trans > 0 ? static_cast<int>(uni(1, std::max(1, std::min(trans, 2 * trans / S + 1)))) : 0;
        std::vector<int> chain{s};
        for (int k = 0; k < len; ++k) chain.push_back(trans_begin + static_cast<int>(uni(0, trans - 1)));
        for (std::size_t k = 0; k + 1 < chain.size(); ++k) {
            I.tail.push_back(chain[k]); I.head.push_back(chain[k + 1]);
            I.cost.push_back(uni(0, 99) < p.pct_high_cost ? p.max_cost : uni(p.min_cost, p.max_cost));
            I.cap.push_back(std::max(p.total_supply, p.max_cap));
        }
        const int fan = static_cast<int>(uni(1, std::max(1, std::min(T, 2 * T / S + 1))));
        std::int64_t left = sup[s];
        for (int k = 0; k < fan; ++k) {
            const int t = p.nodes - T + static_cast<int>(uni(0, T - 1));
            const int from = chain[static_cast<std::size_t>(uni(0, static_cast<std::int64_t>(chain.size()) - 1))];
            const std::int64_t x = k + 1 == fan ? left : uni(0, left);
            left -= x;
            I.supply[t] -= x;
            // route x from s along the chain up to `from`, then to t (chain arcs have room)
            I.tail.push_back(from); I.head.push_back(t);
            I.cost.push_back(uni(0, 99) < p.pct_high_cost ? p.max_cost : uni(p.min_cost, p.max_cost));
            I.cap.push_back(std::max(p.total_supply, p.max_cap));
        }
    }
    // random arcs (no self-loops)
    while (static_cast<int>(I.tail.size()) < p.arcs) {
        int u = static_cast<int>(uni(0, p.nodes - T - 1));           // not from a sink
        int v = static_cast<int>(uni(S, p.nodes - 1));               // not into a source
        if (u == v) continue;
        I.tail.push_back(u); I.head.push_back(v);
        I.cost.push_back(uni(p.min_cost, p.max_cost));
        I.cap.push_back(uni(0, 99) < p.pct_capacitated ? uni(p.min_cap, p.max_cap) : kInf);
    }
    return I;
}

}  // namespace hatchnet::bench
