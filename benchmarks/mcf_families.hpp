// benchmarks/mcf_families.hpp — seeded generators of the standard minimum-cost flow instance
// families, for benchmarks and tests. Header-only, standard library only (no Boost, nothing
// linked). Every generator is a pure function of (parameters, seed): the same call gives the
// same instance on every platform (own random number generators, no std:: distributions).
// Every instance is balanced (supplies sum to 0), feasible by construction, with finite
// capacities (no "infinite" sentinel: an uncapacitated arc gets a capacity no flow can use
// up), and nonnegative costs. Nodes are 0-based in McfInstance, 1-based in DIMACS files.
//
// Families (Family enum, make_instance(); one function per family with its own parameters):
//
//  * NETGEN — netgen_kns(NetgenSpec, seed): a faithful reimplementation of the NETGEN generator
//    of D. Klingman, A. Napier, J. Stutz (Management Science 20 (1974) 814-821) as Norbert
//    Schlenker's C version (1989) distributed by the first DIMACS Implementation Challenge,
//    with the overflow patches of J. Cheriyan (1992) that let it generate networks of more than
//    2^15 nodes — the version LEMON's benchmark suite and P. Kovács, "Minimum-cost flow
//    algorithms: an experimental evaluation", Optimization Methods & Software 30 (2015) 94-127,
//    used. Same portable random number generator (Park-Miller, 16807 mod 2^31-1), same
//    algorithm and same order of random draws, so the same 15 parameters and seed give the
//    same instance, arc for arc (tests/cpp/bench/test_mcf_families.cpp checks the DIMACS text
//    against checksums of the original program's output). The family presets follow LEMON's
//    MinCostFlowData scripts (Kovács 2015): NETGEN-8 (m = 8n), NETGEN-SR (m = n sqrt n),
//    NETGEN-LO-8 (low total supply), n = 2^k, sqrt(n) sources and sinks, costs 1..10000,
//    capacities 1..1000, every skeleton arc at the highest cost and capacitated; seeds a-e of
//    those scripts (kNetgenSeeds).
//  * GOTO — goto_torus(GotoSpec, seed): a faithful reimplementation of A. V. Goldberg's GOTO
//    ("grid on torus", 1991) generator of the DIMACS challenge: a capacitated transportation
//    problem laid out on a torus, long arcs with small capacities, built to be hard for network
//    simplex codes. Same generator (Sedgewick's linear congruential, B = 13415821 mod 10^8),
//    same arc order (checked against the original's output in the tests). Presets after
//    Kovács 2015: GOTO-8 (m = 8n) and GOTO-SR (m = n sqrt n); max capacity 1000 and max cost
//    10000 are our choice, as are the seeds (LEMON's NETGEN seeds).
//  * GRID — grid(GridSpec, seed): grid graphs after Resende and Veiga's GRIDGRAPH family
//    (Kovács 2015's GRID-SQUARE and GRID-LONG): a rows x cols grid, every node with arcs to its
//    right neighbour and to both vertical neighbours, a source joined to every node of the
//    first column, a sink joined from every node of the last column. Capacities and costs
//    uniform in [1, max]; the supply is a planted flow along the rows (each row's horizontal
//    arcs get at least that row's share), so the instance is feasible and tight. Not
//    bit-compatible with GRIDGRAPH or GRIDGEN (our own generator); square (rows = cols) and
//    long (cols = 16 rows) presets.
//  * GRIDGEN — gridgen(GridgenSpec, seed): a faithful reimplementation of Y. Lee and J. Orlin's
//    GRIDGEN of the DIMACS challenge (the generator of Kovács 2015's GRID-SQUARE, GRID-LONG and
//    GRID-WIDE families), after GLPK's port (glpnet04.c), with the original's 32-bit random
//    number generator and quirks: the same parameters and seed give the same instance, arc
//    for arc (checked in the tests against that program's output). Not yet a benchmark family
//    (the GRID presets above are still ours; Kovács' GRIDGEN parameter sets were not at hand).
//  * TRANSPORT with slack — transport_slack(TransportSpec, seed): a bipartite transportation
//    problem, `arcs_per_source` capacitated arcs from every supply node to random demand
//    nodes, demands from a planted feasible routing, and then unbalanced: with slack_pct > 0
//    supply exceeds demand by that percentage and the excess drains, at cost 0, to one slack
//    sink joined from every supply node (the matcher's normal case, issue #15's instance:
//    20k x 2k, 10 arcs per source, supply a third above demand); with slack_pct < 0 demand
//    exceeds supply and a slack source feeds every demand node at a penalty cost above any
//    path cost (unmet demand).
//  * ASSIGNMENT with slack — assignment_slack(AssignmentSpec, seed): workers x jobs, every
//    worker with `degree` unit arcs to random jobs (one of them along a planted matching, so
//    every job can be covered when workers >= jobs); more workers than jobs: every worker
//    supplies 1 and the unassigned ones drain to a slack sink at cost 0; more jobs than
//    workers: every job demands 1 and a slack source covers the unassigned ones at a penalty.
//  * ROAD — road(RoadSpec, seed): road-like networks: the nodes of a rows x cols grid moved
//    by up to 0.35 of the spacing (a perturbed planar grid), two-way arcs between grid
//    neighbours and some diagonals, cost = travel time (euclidean length x 100, local roads at
//    a third of highway speed), every `highway_every`-th row and column a highway of high
//    capacity, local roads of low capacity; terminals (depots and customers) sit on highway
//    nodes, so the instance is feasible by construction, and flows use local roads as short
//    cuts where their capacity allows.
//
// Sizes: Size::tiny (a few hundred arcs: tests, the --quick smoke run) and small / medium /
// large (the benchmark's three sizes: ~30k-110k, ~200k-440k and ~0.75M-1.1M arcs); make_instance()
// gives the preset of a family at a size with the family's default seed.
//
// DIMACS: write_dimacs() / to_dimacs() write the DIMACS minimum-cost flow format ("p min",
// "n id supply" for nonzero supplies, "a tail head 0 capacity cost") in the order NETGEN's
// and GOTO's own output uses; fnv1a64() is the checksum the tests compare.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hatchnet::bench {

/// A balanced min-cost flow instance: arcs (tail, head, capacity, cost), node supplies.
struct McfInstance {
    std::string name;
    int n = 0;
    std::vector<int> tail, head;
    std::vector<std::int64_t> cap, cost, supply;
    std::size_t m() const { return tail.size(); }
    /// Sum of the positive supplies.
    std::int64_t total_supply() const {
        std::int64_t s = 0;
        for (auto b : supply) s += b > 0 ? b : 0;
        return s;
    }
};

// ------------------------------------------------------------------------------------------
// DIMACS writer and checksum
// ------------------------------------------------------------------------------------------

/// Writes `I` in the DIMACS min-cost flow format; `comment` lines (split at '\n') come first.
inline void write_dimacs(std::ostream& out, const McfInstance& I, std::string_view comment = {}) {
    while (!comment.empty()) {
        const auto nl = comment.find('\n');
        out << "c " << comment.substr(0, nl) << '\n';
        comment = nl == std::string_view::npos ? std::string_view{} : comment.substr(nl + 1);
    }
    out << "p min " << I.n << ' ' << I.m() << '\n';
    for (int v = 0; v < I.n; ++v)
        if (I.supply[static_cast<std::size_t>(v)] != 0) out << "n " << v + 1 << ' ' << I.supply[static_cast<std::size_t>(v)] << '\n';
    for (std::size_t a = 0; a < I.m(); ++a)
        out << "a " << I.tail[a] + 1 << ' ' << I.head[a] + 1 << " 0 " << I.cap[a] << ' ' << I.cost[a] << '\n';
}

/// The DIMACS text of `I` (no comment lines).
inline std::string to_dimacs(const McfInstance& I) {
    std::ostringstream s;
    write_dimacs(s, I);
    return s.str();
}

/// 64-bit FNV-1a hash of a text (the checksum the tests compare).
inline std::uint64_t fnv1a64(std::string_view text) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) { h ^= c; h *= 1099511628211ull; }
    return h;
}

namespace detail {

/// NETGEN's portable generator: seed = 16807 * seed mod (2^31 - 1), computed as the original
/// does it (16-bit halves), then a + seed mod (b - a + 1); b when b <= a.
class NetgenRandom {
public:
    explicit NetgenRandom(std::int64_t seed) : seed_(seed) {}
    std::int64_t operator()(std::int64_t a, std::int64_t b) {
        constexpr std::int64_t mul = 16807, mod = 2147483647;
        std::int64_t hi = mul * (seed_ >> 16);
        std::int64_t lo = mul * (seed_ & 0xffff);
        hi += lo >> 16;
        lo &= 0xffff;
        lo += hi >> 15;
        hi &= 0x7fff;
        lo -= mod;
        if ((seed_ = (hi << 16) + lo) < 0) seed_ += mod;
        if (b <= a) return b;
        return a + seed_ % (b - a + 1);
    }

private:
    std::int64_t seed_;
};

/// NETGEN's "index list": the integers from..to, of which choose(k) removes and returns the
/// k-th smallest remaining (0 when k is out of range) and remove(i) removes i if present.
/// pseudo() is the size less every remove() call, present or not (NETGEN depends on it).
/// Sparse (sorted removed list, O(log r) choose) until many are removed, then a Fenwick tree.
class IndexList {
public:
    IndexList(std::int64_t from, std::int64_t to) : from_(from), to_(to) {
        valid_ = from > 0 && from <= to;
        size_ = pseudo_ = valid_ ? to - from + 1 : 0;
    }
    std::int64_t size() const { return size_; }
    std::int64_t pseudo() const { return pseudo_; }

    std::int64_t choose(std::int64_t pos) {
        if (!valid_ || pos < 1 || pos > size_) return 0;
        --size_;
        --pseudo_;
        std::int64_t idx;
        if (dense_) {
            idx = from_ + fenwick_kth(pos);
            mark_dense(idx);
        } else {
            // the first removed r_i with (r_i - from - i) >= pos lies above the answer
            std::size_t lo = 0, hi = removed_.size();
            while (lo < hi) {
                const std::size_t mid = (lo + hi) / 2;
                if (removed_[mid] - from_ - static_cast<std::int64_t>(mid) >= pos) hi = mid;
                else lo = mid + 1;
            }
            idx = from_ + pos - 1 + static_cast<std::int64_t>(lo);
            removed_.insert(removed_.begin() + static_cast<std::ptrdiff_t>(lo), idx);
            maybe_densify();
        }
        return idx;
    }

    void remove(std::int64_t idx) {
        if (!valid_) return;
        --pseudo_;
        if (idx < from_ || idx > to_) return;
        if (dense_) {
            if (gone_[static_cast<std::size_t>(idx - from_)]) return;
            mark_dense(idx);
        } else {
            auto it = std::lower_bound(removed_.begin(), removed_.end(), idx);
            if (it != removed_.end() && *it == idx) return;
            removed_.insert(it, idx);
            maybe_densify();
        }
        --size_;
    }

private:
    void maybe_densify() {
        if (removed_.size() < 1024) return;
        const std::size_t n = static_cast<std::size_t>(to_ - from_ + 1);
        gone_.assign(n, 0);
        fen_.assign(n + 1, 0);
        for (std::size_t i = 1; i <= n; ++i) {  // linear Fenwick build, every element present
            fen_[i] += 1;
            const std::size_t j = i + (i & (~i + 1));
            if (j <= n) fen_[j] += fen_[i];
        }
        dense_ = true;
        for (auto r : removed_) mark_dense(r);
        removed_.clear();
        removed_.shrink_to_fit();
    }
    void mark_dense(std::int64_t idx) {
        const std::size_t n = fen_.size() - 1;
        gone_[static_cast<std::size_t>(idx - from_)] = 1;
        for (std::size_t i = static_cast<std::size_t>(idx - from_) + 1; i <= n; i += i & (~i + 1)) --fen_[i];
    }
    std::int64_t fenwick_kth(std::int64_t k) const {  // 0-based position of the k-th present
        const std::size_t n = fen_.size() - 1;
        std::size_t pos = 0, step = 1;
        while (step * 2 <= n) step *= 2;
        for (; step > 0; step /= 2)
            if (pos + step <= n && fen_[pos + step] < k) { pos += step; k -= fen_[pos]; }
        return static_cast<std::int64_t>(pos);
    }

    std::int64_t from_, to_, size_ = 0, pseudo_ = 0;
    bool valid_ = false, dense_ = false;
    std::vector<std::int64_t> removed_;
    std::vector<std::int64_t> fen_;
    std::vector<unsigned char> gone_;
};

/// SplitMix64 (Steele, Lea, Flood 2014) for our own families: portable, seedable.
class SplitMix {
public:
    explicit SplitMix(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform integer in [lo, hi] (lo <= hi): the high 64 bits of span * next() (Lemire's
    /// multiply-shift, without rejection: bias < span / 2^64), computed in 32-bit halves.
    std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
        const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1, x = next();
        const std::uint64_t a = span >> 32, b = span & 0xffffffffu, c = x >> 32, d = x & 0xffffffffu;
        const std::uint64_t bd = b * d, ad = a * d, bc = b * c, ac = a * c;
        const std::uint64_t mid = (bd >> 32) + (ad & 0xffffffffu) + (bc & 0xffffffffu);
        return lo + static_cast<std::int64_t>(ac + (ad >> 32) + (bc >> 32) + (mid >> 32));
    }
    /// Uniform double in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t s_;
};

inline void require(bool ok, const char* family, const char* field, const char* rule) {
    if (!ok) throw std::invalid_argument(std::string(family) + ": parameter " + field + " " + rule);
}

inline void add_arc(McfInstance& I, std::int64_t t, std::int64_t h, std::int64_t cap, std::int64_t cost) {
    I.tail.push_back(static_cast<int>(t));
    I.head.push_back(static_cast<int>(h));
    I.cap.push_back(cap);
    I.cost.push_back(cost);
}

}  // namespace detail

// ------------------------------------------------------------------------------------------
// NETGEN (Klingman, Napier, Stutz 1974; Schlenker's C version with Cheriyan's patches)
// ------------------------------------------------------------------------------------------

/// NETGEN's 13 problem parameters, in the order of its input line (after seed and problem #).
struct NetgenSpec {
    std::int64_t nodes = 0, sources = 0, sinks = 0;
    std::int64_t arcs = 0;                       ///< "density": the number of arcs requested
    std::int64_t min_cost = 1, max_cost = 10000;
    std::int64_t supply = 0;                     ///< total supply
    std::int64_t tsources = 0, tsinks = 0;       ///< transshipment sources / sinks
    std::int64_t hicost_pct = 100;               ///< % of skeleton arcs given the maximal cost
    std::int64_t capacitated_pct = 100;          ///< % of arcs capacitated
    std::int64_t min_cap = 1, max_cap = 1000;
};

/// LEMON's / Kovács 2015's five NETGEN seeds (instances a-e).
inline constexpr std::array<std::int64_t, 5> kNetgenSeeds{13502460, 69013527, 91208735, 73460581, 37240194};

/// NETGEN-8: n = 2^k nodes, m = 8n arcs, round(sqrt n) sources and sinks, supply 1000 per source.
inline NetgenSpec netgen_8(int k) {
    NetgenSpec p;
    p.nodes = std::int64_t{1} << k;
    p.sources = p.sinks = std::llround(std::sqrt(static_cast<double>(p.nodes)));
    p.arcs = 8 * p.nodes;
    p.supply = 1000 * p.sources;
    return p;
}
/// NETGEN-SR: as NETGEN-8 with m = round(n sqrt n) arcs.
inline NetgenSpec netgen_sr(int k) {
    NetgenSpec p = netgen_8(k);
    p.arcs = std::llround(static_cast<double>(p.nodes) * std::sqrt(static_cast<double>(p.nodes)));
    return p;
}
/// NETGEN-LO-8: as NETGEN-8 with a low supply (10 per source).
inline NetgenSpec netgen_lo_8(int k) {
    NetgenSpec p = netgen_8(k);
    p.supply = 10 * p.sources;
    return p;
}

namespace detail {

struct NetgenState {
    const NetgenSpec& p;
    NetgenRandom rng;
    McfInstance& I;
    std::int64_t nodes_left = 0;

    void save(std::int64_t t, std::int64_t h, std::int64_t cost, std::int64_t cap) { add_arc(I, t - 1, h - 1, cap, cost); }

    // create_supply: random split of the total supply over the sources
    void create_supply() {
        const std::int64_t S = p.sources, per = p.supply / S;
        for (std::int64_t i = 0; i < S; ++i) {
            const std::int64_t part = rng(1, per);
            I.supply[static_cast<std::size_t>(i)] += part;
            I.supply[static_cast<std::size_t>(rng(0, S - 1))] += per - part;
        }
        I.supply[static_cast<std::size_t>(rng(0, S - 1))] += p.supply % S;
    }

    // pick_head: the "rubbish" arcs out of desired_tail, heads drawn from `list`
    void pick_head(IndexList& list, std::int64_t desired_tail) {
        const std::int64_t non_sources = p.nodes - p.sources + p.tsources;
        const std::int64_t remaining = p.arcs - static_cast<std::int64_t>(I.m());
        --nodes_left;
        if (2 * nodes_left >= remaining) return;
        std::int64_t limit;
        if ((remaining + non_sources - list.pseudo() - 1) / (nodes_left + 1) >= non_sources - 1) {
            limit = non_sources;
        } else {
            const std::int64_t upper = 2 * (remaining / (nodes_left + 1) - 1);
            do {
                limit = rng(1, upper);
                if (nodes_left == 0) limit = remaining;
            } while (static_cast<double>(nodes_left) * static_cast<double>(non_sources - 1) <
                     static_cast<double>(remaining) - static_cast<double>(limit));
        }
        for (; limit > 0; --limit) {
            const std::int64_t index = list.choose(rng(1, list.pseudo()));
            std::int64_t cap = p.supply;
            if (rng(1, 100) <= p.capacitated_pct) cap = rng(p.min_cap, p.max_cap);
            if (1 <= index && index <= p.nodes) save(desired_tail, index, rng(p.min_cost, p.max_cost), cap);
        }
    }

    void create_assignment() {
        const std::int64_t N = p.nodes;
        for (std::int64_t v = 0; v < N; ++v) I.supply[static_cast<std::size_t>(v)] = v < N / 2 ? 1 : -1;
        IndexList skeleton(p.sources + 1, N);
        for (std::int64_t s = 1; s <= N / 2; ++s) {
            const std::int64_t index = skeleton.choose(rng(1, skeleton.size()));
            save(s, index, rng(p.min_cost, p.max_cost), 1);
            IndexList list(p.sources + 1, N);
            list.remove(index);
            pick_head(list, s);
        }
    }

    // the chains of transshipment nodes hanging from every source (pred is 1-based)
    std::vector<std::int64_t> make_chains() {
        const std::int64_t S = p.sources, trans = p.nodes - p.sources - p.sinks;
        std::vector<std::int64_t> pred(static_cast<std::size_t>(p.nodes + 1), 0);
        for (std::int64_t i = 1; i <= S; ++i) pred[static_cast<std::size_t>(i)] = i;
        IndexList list(S + 1, p.nodes - p.sinks);
        std::int64_t source = 1, i = trans;
        for (; i > (4 * trans + 9) / 10; --i) {
            const auto node = static_cast<std::size_t>(list.choose(rng(1, list.size())));
            pred[node] = pred[static_cast<std::size_t>(source)];
            pred[static_cast<std::size_t>(source)] = static_cast<std::int64_t>(node);
            if (++source > S) source = 1;
        }
        for (; i > 0; --i) {
            const auto node = static_cast<std::size_t>(list.choose(rng(1, list.size())));
            source = rng(1, S);
            pred[node] = pred[static_cast<std::size_t>(source)];
            pred[static_cast<std::size_t>(source)] = static_cast<std::int64_t>(node);
        }
        return pred;
    }

    // the sinks one source's skeleton reaches (0-based supply indices)
    std::vector<std::int64_t> pick_sinks(std::int64_t source, std::int64_t chain_len) {
        const std::int64_t N = p.nodes, S = p.sources, T = p.sinks;
        std::int64_t per;
        if (N - S - T == 0) per = T / S + 1;
        else per = static_cast<std::int64_t>((2.0 * static_cast<double>(chain_len) * static_cast<double>(T)) /
                                             (static_cast<double>(N) - static_cast<double>(S) - static_cast<double>(T)));
        per = std::max<std::int64_t>(2, std::min(per, T));
        std::vector<std::int64_t> sinks;
        IndexList list(N - T, N - 1);
        for (std::int64_t i = 0; i < per; ++i) sinks.push_back(list.choose(rng(1, list.size())));
        if (source == S)
            while (list.size() > 0) {
                const std::int64_t j = list.choose(1);
                if (I.supply[static_cast<std::size_t>(j)] == 0) sinks.push_back(j);
            }
        return sinks;
    }

    void shell_sort(std::vector<std::int64_t>& tail, std::vector<std::int64_t>& head, std::int64_t count) {
        std::int64_t gap = count;
        while ((gap /= 2) != 0) {
            const std::int64_t k = count - gap;
            for (std::int64_t j = 1; j <= k; ++j)
                for (std::int64_t i = j; i >= 1 && tail[static_cast<std::size_t>(i)] > tail[static_cast<std::size_t>(i + gap)]; i -= gap) {
                    std::swap(tail[static_cast<std::size_t>(i)], tail[static_cast<std::size_t>(i + gap)]);
                    std::swap(head[static_cast<std::size_t>(i)], head[static_cast<std::size_t>(i + gap)]);
                }
        }
    }

    // one source: its skeleton (chain and sink arcs), then the rubbish arcs of its chain nodes
    void skeleton_of(std::int64_t source, const std::vector<std::int64_t>& pred) {
        auto& B = I.supply;
        std::vector<std::int64_t> tail{0}, head{0};  // 1-based
        for (std::int64_t node = pred[static_cast<std::size_t>(source)]; node != source;) {
            head.push_back(node);
            node = pred[static_cast<std::size_t>(node)];
            tail.push_back(node);
        }
        const std::int64_t chain_len = static_cast<std::int64_t>(tail.size()) - 1;
        const std::vector<std::int64_t> sinks = pick_sinks(source, chain_len);
        const auto per = static_cast<std::int64_t>(sinks.size());
        const std::int64_t sup = B[static_cast<std::size_t>(source - 1)];
        const std::int64_t per_sink = sup / per;
        std::int64_t k = pred[static_cast<std::size_t>(source)];
        for (std::int64_t i = 0; i < per; ++i) {
            const std::int64_t part = rng(1, per_sink);
            const std::int64_t j = rng(0, per - 1);
            tail.push_back(k);
            head.push_back(sinks[static_cast<std::size_t>(i)] + 1);
            B[static_cast<std::size_t>(sinks[static_cast<std::size_t>(i)])] -= part;
            B[static_cast<std::size_t>(sinks[static_cast<std::size_t>(j)])] -= per_sink - part;
            k = source;
            for (std::int64_t s = rng(1, chain_len); s > 0; --s) k = pred[static_cast<std::size_t>(k)];
        }
        B[static_cast<std::size_t>(sinks[0])] -= sup % per;
        const std::int64_t count = static_cast<std::int64_t>(tail.size()) - 1;
        shell_sort(tail, head, count);
        tail.push_back(0);
        for (std::int64_t i = 1; i <= count;) {
            IndexList list(p.sources - p.tsources + 1, p.nodes);
            const std::int64_t it = tail[static_cast<std::size_t>(i)];
            list.remove(it);
            while (it == tail[static_cast<std::size_t>(i)]) {
                list.remove(head[static_cast<std::size_t>(i)]);
                std::int64_t cap = p.supply;
                if (rng(1, 100) <= p.capacitated_pct) cap = std::max(B[static_cast<std::size_t>(source - 1)], p.min_cap);
                std::int64_t cost = p.max_cost;
                if (rng(1, 100) > p.hicost_pct) cost = rng(p.min_cost, p.max_cost);
                save(it, head[static_cast<std::size_t>(i)], cost, cap);
                ++i;
            }
            pick_head(list, it);
        }
    }
};

inline void check_netgen(const NetgenSpec& p, std::int64_t seed) {
    constexpr const char* f = "NETGEN";
    require(seed > 0 && seed < 2147483647, f, "seed", "must be in [1, 2^31 - 2]");
    require(p.nodes > 0 && p.nodes <= p.arcs, f, "nodes", "must be in [1, arcs]");
    require(p.arcs <= (std::int64_t{1} << 31) - 1, f, "arcs", "must fit in 31 bits");
    require(p.sources > 0, f, "sources", "must be positive");
    require(p.sinks > 0, f, "sinks", "must be positive");
    require(p.sources + p.sinks <= p.nodes, f, "sources", "plus sinks must not exceed nodes");
    require(p.min_cost <= p.max_cost, f, "min_cost", "must not exceed max_cost");
    require(p.supply >= p.sources, f, "supply", "must be at least the number of sources");
    require(p.tsources >= 0 && p.tsources <= p.sources, f, "tsources", "must be in [0, sources]");
    require(p.tsinks >= 0 && p.tsinks <= p.sinks, f, "tsinks", "must be in [0, sinks]");
    require(p.hicost_pct >= 0 && p.hicost_pct <= 100, f, "hicost_pct", "must be in [0, 100]");
    require(p.capacitated_pct >= 0 && p.capacitated_pct <= 100, f, "capacitated_pct", "must be in [0, 100]");
    require(p.min_cap <= p.max_cap, f, "min_cap", "must not exceed max_cap");
}

}  // namespace detail

/// NETGEN: the instance the original program prints for (seed, parameters). An assignment
/// problem (sources + sinks = nodes, sources = sinks = supply) becomes the min-cost flow
/// problem with unit supplies and demands. Throws std::invalid_argument on bad parameters.
inline McfInstance netgen_kns(const NetgenSpec& p, std::int64_t seed) {
    detail::check_netgen(p, seed);
    McfInstance I;
    I.name = "netgen n=" + std::to_string(p.nodes) + " m=" + std::to_string(p.arcs) + " seed=" + std::to_string(seed);
    I.n = static_cast<int>(p.nodes);
    I.supply.assign(static_cast<std::size_t>(p.nodes), 0);
    I.tail.reserve(static_cast<std::size_t>(p.arcs)); I.head.reserve(static_cast<std::size_t>(p.arcs));
    I.cap.reserve(static_cast<std::size_t>(p.arcs)); I.cost.reserve(static_cast<std::size_t>(p.arcs));
    detail::NetgenState st{p, detail::NetgenRandom(seed), I};
    st.nodes_left = p.nodes - p.sinks + p.tsinks;
    if ((p.sources - p.tsources) + (p.sinks - p.tsinks) == p.nodes && p.sources - p.tsources == p.sinks - p.tsinks &&
        p.sources == p.supply) {
        st.create_assignment();
        return I;
    }
    st.create_supply();
    const std::vector<std::int64_t> pred = st.make_chains();
    for (std::int64_t source = 1; source <= p.sources; ++source) st.skeleton_of(source, pred);
    for (std::int64_t i = p.nodes - p.sinks + 1; i <= p.nodes - p.sinks + p.tsinks; ++i) {
        detail::IndexList list(p.sources - p.tsources + 1, p.nodes);
        list.remove(i);
        st.pick_head(list, i);
    }
    return I;
}

// ------------------------------------------------------------------------------------------
// GOTO (Goldberg 1991): grid on torus
// ------------------------------------------------------------------------------------------

struct GotoSpec {
    std::int64_t nodes = 0;     ///< N >= 15
    std::int64_t arcs = 0;      ///< 6N <= M <= N^(5/3)
    std::int64_t max_cap = 1000;   ///< >= 8
    std::int64_t max_cost = 10000; ///< >= 8
};

/// GOTO-8: n = 2^k, m = 8n.
inline GotoSpec goto_8(int k) {
    GotoSpec g;
    g.nodes = std::int64_t{1} << k;
    g.arcs = 8 * g.nodes;
    return g;
}
/// GOTO-SR: n = 2^k, m = round(n sqrt n).
inline GotoSpec goto_sr(int k) {
    GotoSpec g = goto_8(k);
    g.arcs = std::llround(static_cast<double>(g.nodes) * std::sqrt(static_cast<double>(g.nodes)));
    return g;
}

namespace detail {

struct GotoState {
    std::int64_t N, M, maxcap, maxcost, seed;
    std::int64_t X = 0, Y = 0, xdeg = 0, ydeg = 0, extra_n = 0, extra_m = 0;
    std::int64_t smallcap = 0, retcost = 0, supply = 0;
    double alpha = 0;

    static constexpr std::int64_t kB = 13415821, kMod = 100000000, kMod1 = 10000, kMaxYCost = 8;

    std::int64_t random_int(std::int64_t a, std::int64_t b) {  // in [a, b - 1] (as the original)
        const std::int64_t p1 = seed / kMod1, p0 = seed % kMod1, q1 = kB / kMod1, q0 = kB % kMod1;
        const std::int64_t prod = (((p0 * q1 + p1 * q0) % kMod1) * kMod1 + p0 * q0) % kMod;
        seed = (prod + 1) % kMod;
        return a + static_cast<std::int64_t>((static_cast<double>(seed) * static_cast<double>(b - a)) / static_cast<double>(kMod));
    }
    std::int64_t random_capacity(std::int64_t dist) {
        double ans = static_cast<double>(random_int(1, maxcap));
        ans = ans / std::pow(alpha, static_cast<double>(dist) - 1);
        return static_cast<std::int64_t>(std::ceil(ans));
    }
    std::int64_t random_cost(int dir) { return dir == 0 ? random_int(0, maxcost) : random_int(0, kMaxYCost); }
    std::int64_t id(std::int64_t x, std::int64_t y) const { return y * X + x + 1; }
    std::int64_t arc_loc(std::int64_t x1, std::int64_t y1, std::int64_t x2, std::int64_t y2) const {
        const std::int64_t base = (xdeg + ydeg) * (y1 * X + x1);
        if (y1 == y2) return base + (x1 < x2 ? x2 - x1 : X - (x1 - x2)) - 1;
        return base + (y1 < y2 ? y2 - y1 : Y - (y1 - y2)) + xdeg - 1;
    }
    std::int64_t extra_arcs() const {
        const std::int64_t torus = X * Y * (xdeg + ydeg) + Y * ((xdeg * (xdeg + 1)) / 2) - 2 * xdeg + (X * Y - 1);
        return extra_n > 0 ? M - (extra_n + 1) - torus : M - torus;
    }
    void dimensions() {
        Y = 1;
        do ++Y; while (Y * Y * Y <= N);
        --Y;
        X = Y * Y;
        do ++Y; while (X * Y <= N);
        --Y;
        do ++X; while (X * Y <= N);
        --X;
        extra_n = N - X * Y;
        ydeg = 1;
        do { ++ydeg; xdeg = ydeg * ydeg; } while (extra_arcs() >= 0);
        --ydeg;
        xdeg = ydeg * ydeg;
        do ++ydeg; while (extra_arcs() >= 0);
        --ydeg;
        if (ydeg >= Y) ydeg = Y - 1;
        do ++xdeg; while (extra_arcs() >= 0);
        --xdeg;
        if (xdeg >= X) xdeg = X - 1;
        extra_m = extra_arcs();
        smallcap = static_cast<std::int64_t>(std::ceil(std::sqrt(static_cast<double>(maxcap))));
        retcost = maxcost / Y;  // may be 0: the original's "RETCOST == 1" repair is a no-op
        supply = smallcap;
        alpha = std::pow(static_cast<double>(maxcap), 1.0 / static_cast<double>(std::max(xdeg, ydeg) + 2));
    }
    void extra(McfInstance& I);
    void build(McfInstance& I);
};

inline void GotoState::extra(McfInstance& I) {
    const std::int64_t XY = X * Y, mid = maxcost / 2;
    auto arc = [&](std::int64_t t, std::int64_t h, std::int64_t cap, std::int64_t cost) { add_arc(I, t - 1, h - 1, cap, cost); };
    if (extra_n > 0) {
        arc(1, XY + 1, smallcap, mid);
        arc(N, XY, smallcap, mid);
        for (std::int64_t i = 1; i < extra_n; ++i) arc(XY + i, XY + i + 1, smallcap, mid);
        for (std::int64_t i = 1; i <= extra_m; ++i) {
            const std::int64_t x = random_int(2, XY - 1), y = random_int(XY + 1, N);
            const bool bit = random_int(0, 1) != 0;  // always 0: the original's random_bit()
            // argument order as gcc evaluates the original's printf: cost first, then capacity
            const std::int64_t c = random_cost(1), u = random_capacity(xdeg);
            if (bit) arc(x, y, u, c); else arc(y, x, u, c);
        }
    } else {
        for (std::int64_t i = 1; i <= extra_m; ++i) {
            const std::int64_t x = random_int(1, XY - 1);
            std::int64_t y;
            do y = random_int(1, XY - 1); while (x == y);
            const std::int64_t c = random_cost(1), u = random_capacity(xdeg);
            arc(x, y, u, c);
        }
    }
}

inline void GotoState::build(McfInstance& I) {
    const std::int64_t S = 1, T = X * Y;
    const auto slots = static_cast<std::size_t>(X * Y * (xdeg + ydeg));
    std::vector<std::int64_t> cap(slots), cost(slots);
    for (std::int64_t y = 0; y < Y; ++y)
        for (std::int64_t x = 0; x < X; ++x) {
            for (std::int64_t i = 1; i <= xdeg; ++i) {
                const std::int64_t z = (x + i) % X;
                const std::int64_t u = random_capacity(i), c = random_cost(0);
                const auto a = static_cast<std::size_t>(arc_loc(x, y, z, y));
                cost[a] = c; cap[a] = u;
                if (x >= z && id(x, y) != T) supply += u;
                if (id(z, y) == T) supply += u;
            }
            for (std::int64_t i = 1; i <= ydeg; ++i) {
                const std::int64_t z = (y + i) % Y;
                const std::int64_t u = random_int(1, maxcap), c = random_cost(1);
                const auto a = static_cast<std::size_t>(arc_loc(x, y, x, z));
                cost[a] = c; cap[a] = u;
            }
        }
    I.supply[static_cast<std::size_t>(S - 1)] = supply;
    I.supply[static_cast<std::size_t>(T - 1)] = -supply;
    auto arc = [&](std::int64_t t, std::int64_t h, std::size_t a) { add_arc(I, t - 1, h - 1, cap[a], cost[a]); };
    for (std::int64_t y = 0; y < Y; ++y)
        for (std::int64_t x = 0; x < X; ++x) {
            for (std::int64_t i = 1; i <= xdeg; ++i) {
                const std::int64_t z = (x + i) % X;
                const auto a = static_cast<std::size_t>(arc_loc(x, y, z, y));
                if (z > x) { arc(id(x, y), id(z, y), a); continue; }
                if (id(x, y) != T) arc(id(x, y), T, a);  // the cut arcs wrap into the sink
                if (id(z, y) != S) arc(S, id(z, y), a);  // and out of the source
            }
            for (std::int64_t i = 1; i <= ydeg; ++i) {
                const std::int64_t z = (y + i) % Y;
                arc(id(x, y), id(x, z), static_cast<std::size_t>(arc_loc(x, y, x, z)));
            }
        }
    extra(I);
    for (std::int64_t x = 0; x < X; ++x) {  // the return path: a Hamiltonian path S -> T
        for (std::int64_t y = 0; y < Y - 1; ++y) add_arc(I, id(x, y) - 1, id(x, y + 1) - 1, supply, retcost);
        if (x < X - 1) add_arc(I, id(x, Y - 1) - 1, id(x + 1, 0) - 1, supply, retcost);
    }
}

}  // namespace detail

/// GOTO: the instance Goldberg's program prints for (N, M, MAXCAP, MAXCOST, seed).
inline McfInstance goto_torus(const GotoSpec& g, std::int64_t seed) {
    constexpr const char* f = "GOTO";
    detail::require(g.nodes >= 15 && g.nodes <= (std::int64_t{1} << 30), f, "nodes", "must be in [15, 2^30]");
    detail::require(g.arcs >= 6 * g.nodes, f, "arcs", "must be at least 6 * nodes");
    detail::require(g.arcs <= static_cast<std::int64_t>(std::pow(static_cast<double>(g.nodes), 5.0 / 3.0)), f, "arcs",
                    "must not exceed nodes^(5/3)");
    detail::require(g.max_cap >= 8 && g.max_cap <= 1000000, f, "max_cap", "must be in [8, 10^6]");
    detail::require(g.max_cost >= 8 && g.max_cost <= 1000000, f, "max_cost", "must be in [8, 10^6]");
    detail::require(seed > 0 && seed < 100000000, f, "seed", "must be in [1, 10^8 - 1]");
    detail::GotoState st{g.nodes, g.arcs, g.max_cap, g.max_cost, seed};
    st.dimensions();
    McfInstance I;
    I.name = "goto n=" + std::to_string(g.nodes) + " m=" + std::to_string(g.arcs) + " seed=" + std::to_string(seed);
    I.n = static_cast<int>(g.nodes);
    I.supply.assign(static_cast<std::size_t>(g.nodes), 0);
    st.build(I);
    return I;
}

// ------------------------------------------------------------------------------------------
// GRID (after GRIDGRAPH): square and long grids
// ------------------------------------------------------------------------------------------

struct GridSpec {
    int rows = 0, cols = 0;
    std::int64_t max_cap = 1000, max_cost = 10000;
};

/// Node ids: grid node (r, c) is r * cols + c; the source is rows*cols, the sink rows*cols+1.
inline McfInstance grid(const GridSpec& g, std::uint64_t seed) {
    constexpr const char* f = "GRID";
    detail::require(g.rows >= 1 && g.cols >= 2, f, "rows", "must be >= 1 (and cols >= 2)");
    detail::require(static_cast<std::int64_t>(g.rows) * g.cols <= 50000000, f, "cols", "rows * cols must be <= 5e7");
    detail::require(g.max_cap >= 2 && g.max_cost >= 1, f, "max_cap", "must be >= 2 (and max_cost >= 1)");
    detail::SplitMix rng(seed);
    McfInstance I;
    I.name = "grid " + std::to_string(g.rows) + "x" + std::to_string(g.cols) + " seed=" + std::to_string(seed);
    const int R = g.rows, C = g.cols, s = R * C, t = R * C + 1;
    I.n = R * C + 2;
    I.supply.assign(static_cast<std::size_t>(I.n), 0);
    std::vector<std::int64_t> row_flow(static_cast<std::size_t>(R));
    std::int64_t F = 0;
    for (auto& f_r : row_flow) F += (f_r = rng.uniform(1, g.max_cap / 2));
    for (int r = 0; r < R; ++r) detail::add_arc(I, s, r * C, F, 0);
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            const int v = r * C + c;
            if (c + 1 < C)
                detail::add_arc(I, v, v + 1, std::max(rng.uniform(1, g.max_cap), row_flow[static_cast<std::size_t>(r)]),
                                rng.uniform(1, g.max_cost));
            if (r > 0) detail::add_arc(I, v, v - C, rng.uniform(1, g.max_cap), rng.uniform(1, g.max_cost));
            if (r + 1 < R) detail::add_arc(I, v, v + C, rng.uniform(1, g.max_cap), rng.uniform(1, g.max_cost));
        }
    for (int r = 0; r < R; ++r) detail::add_arc(I, r * C + C - 1, t, F, 0);
    I.supply[static_cast<std::size_t>(s)] = F;
    I.supply[static_cast<std::size_t>(t)] = -F;
    return I;
}

// ------------------------------------------------------------------------------------------
// GRIDGEN (Lee and Orlin): grid-like networks with a super node
// ------------------------------------------------------------------------------------------

/// GRIDGEN's parameters, in the order of the original program's input (and of GLPK's
/// glp_gridgen parm[1..14]; the seed is the function's argument).
struct GridgenSpec {
    bool two_way = false;          ///< grid arcs in both directions (else alternating one-way)
    std::int64_t nodes = 0;        ///< requested node count (the grid is rounded; plus the super node)
    std::int64_t width = 0;        ///< grid width
    std::int64_t sources = 0, sinks = 0;
    std::int64_t degree = 0;       ///< average degree: arcs = max(nodes * degree, grid and super-node arcs)
    std::int64_t supply = 0;       ///< total supply
    int cost_dist = 1;             ///< 1: uniform in [cost1, cost2]; 2: exponential, lambda = cost1 / 100
    std::int64_t cost1 = 1, cost2 = 10000;
    int cap_dist = 1;              ///< 1: uniform in [cap1, cap2]; 2: exponential, lambda = cap1 / 100
    std::int64_t cap1 = 1, cap2 = 1000;
};

namespace detail {

/// GRIDGEN's generator state: 32-bit ints and the original's arithmetic, including its
/// 32-bit overflow in 16807 * seed and its use of the cost distribution's generator for the
/// capacities (the capacity parameters, the cost distribution's kind).
struct GridgenState {
    std::int32_t seed;
    explicit GridgenState(std::int64_t s) : seed(static_cast<std::int32_t>(s)) {}
    double randy() {
        const auto prod = static_cast<std::int32_t>(static_cast<std::uint32_t>(seed) * 16807u);  // wraps as the original
        seed = prod % 2147483647;
        if (seed < 0) seed = -seed;
        return seed * 4.6566128752459e-10;
    }
    // `volatile` keeps a*b+c from being fused into one rounding (an FMA would change the
    // truncated integer now and then)
    int uniform(double a0, double a1) {
        const volatile double p = (a1 - a0) * randy();
        return static_cast<int>(p + a0 + 0.5);
    }
    int exponential(double lambda) {
        const volatile double p = -lambda * std::log(randy());
        return static_cast<int>(p + 0.5);
    }
    int draw(int dist, const double par[2]) { return dist == 1 ? uniform(par[0], par[1]) : exponential(par[0]); }
};

}  // namespace detail

/// GRIDGEN, the grid-like network generator of Yusin Lee and Jim Orlin (DIMACS challenge),
/// reimplemented from GLPK's faithful port (glpnet04.c): the same draws in the same order, so
/// the same parameters and seed give the same instance, arc for arc (checked in the tests
/// against that program's output). Nodes 0..n1*n2-1 form the grid (row-major, rows of n1),
/// node n1*n2 is the super node, joined from every source and to every sink at twice the
/// grid's highest cost with capacity = the total supply (so the instance is feasible); then
/// random arcs (possibly parallel, no loops) up to the arc count. Costs and capacities are
/// the original's draws (so 0 or negative where the bounds allow).
inline McfInstance gridgen(const GridgenSpec& p, std::int64_t seed) {
    constexpr const char* f = "GRIDGEN";
    constexpr std::int64_t kMax = 2147483647;
    detail::require(seed >= 1 && seed <= kMax, f, "seed", "must be in [1, 2^31 - 1]");
    detail::require(p.nodes >= 10 && p.nodes <= 50000000, f, "nodes", "must be in [10, 5e7]");
    detail::require(p.width >= 1 && p.width <= p.nodes, f, "width", "must be in [1, nodes]");
    detail::require(p.sources >= 1 && p.sinks >= 1, f, "sources", "must be >= 1 (and sinks >= 1)");
    detail::require(p.degree >= 1 && p.degree <= p.nodes, f, "degree", "must be in [1, nodes]");
    detail::require(p.supply >= 0 && p.supply <= kMax, f, "supply", "must be in [0, 2^31 - 1]");
    detail::require(p.cost_dist == 1 || p.cost_dist == 2, f, "cost_dist", "must be 1 (uniform) or 2 (exponential)");
    detail::require(p.cost_dist == 1 ? p.cost1 <= p.cost2 : p.cost1 >= 1, f, "cost1",
                    "must be <= cost2 (uniform) or >= 1 (exponential)");
    detail::require(p.cap_dist == 1 || p.cap_dist == 2, f, "cap_dist", "must be 1 (uniform) or 2 (exponential)");
    detail::require(p.cap_dist == 1 ? (0 <= p.cap1 && p.cap1 <= p.cap2) : p.cap1 >= 1, f, "cap1",
                    "must be in [0, cap2] (uniform) or >= 1 (exponential)");
    detail::require(std::max({std::abs(p.cost1), std::abs(p.cost2), p.cap1, p.cap2}) <= kMax, f, "cost2",
                    "costs and capacities must fit in 32 bits");
    const int n = static_cast<int>(p.width), nodes_in = static_cast<int>(p.nodes);
    int n1 = 0, n2 = 0;
    if (static_cast<std::int64_t>(n) * n >= nodes_in) {
        n1 = n;
        n2 = static_cast<int>(static_cast<double>(nodes_in) / n + 0.5);
    } else {
        n2 = n;
        n1 = static_cast<int>(static_cast<double>(nodes_in) / n + 0.5);
    }
    detail::require(n1 >= 1 && n2 >= 1 && static_cast<std::int64_t>(n1) * n2 >= p.sources + p.sinks, f, "sources",
                    "sources + sinks must not exceed the grid's nodes");
    const int n_node = n1 * n2 + 1;
    const int n_source = static_cast<int>(p.sources), n_sink = static_cast<int>(p.sinks);
    detail::require(static_cast<std::int64_t>(n_node) * p.degree <= kMax, f, "degree", "nodes * degree must be < 2^31");
    int n_arc = n_node * static_cast<int>(p.degree);
    const int two = p.two_way ? 1 : 0;
    const int n_grid_arc = (two + 1) * ((n1 - 1) * n2 + (n2 - 1) * n1) + n_source + n_sink;
    if (n_grid_arc > n_arc) n_arc = n_grid_arc;
    const auto A = static_cast<std::size_t>(n_arc);
    std::vector<int> from(A), to(A), cost(A), cap(A);
    std::size_t k = 0;
    // the basic grid (1-based node ids, as the original)
    if (two) {
        for (int i = 1; i < n_node; i += n1)
            for (int j = i; j < i + n1 - 1; ++j) {
                from[k] = j; to[k++] = j + 1;
                from[k] = j + 1; to[k++] = j;
            }
        for (int i = 1; i <= n1; ++i)
            for (int j = i + n1; j < n_node; j += n1) {
                from[k] = j; to[k++] = j - n1;
                from[k] = j - n1; to[k++] = j;
            }
    } else {
        int direction = 1;
        for (int i = 1; i < n_node; i += n1) {
            int j = direction == 1 ? i : i + 1;
            for (const int end = j + n1 - 1; j < end; ++j) { from[k] = j; to[k++] = j + direction; }
            direction = -direction;
        }
        for (int i = 1; i <= n1; ++i)  // the original's vertical arcs all point down, whatever the direction
            for (int j = i + n1; j < n_node; j += n1) { from[k] = j - n1; to[k++] = j; }
    }
    detail::GridgenState rng(seed);
    // sources and sinks: distinct grid nodes
    const double ab[2] = {0.9, n_node - 0.99};
    std::vector<char> taken(static_cast<std::size_t>(n_node), 0);
    std::vector<int> src(static_cast<std::size_t>(n_source)), snk(static_cast<std::size_t>(n_sink));
    for (auto* list : {&src, &snk})
        for (int& v : *list) {
            do v = rng.uniform(ab[0], ab[1]);
            while (taken[static_cast<std::size_t>(v)]);
            taken[static_cast<std::size_t>(v)] = 1;
        }
    for (int s : src) { from[k] = s; to[k++] = n_node; }
    for (int t : snk) { from[k] = n_node; to[k++] = t; }
    // random arcs up to the count, no loops
    while (k < A) {
        from[k] = rng.uniform(ab[0], ab[1]);
        to[k] = rng.uniform(ab[0], ab[1]);
        if (from[k] != to[k]) ++k;
    }
    const double cpar[2] = {p.cost_dist == 1 ? static_cast<double>(p.cost1) : static_cast<double>(p.cost1) / 100.0,
                            p.cost_dist == 1 ? static_cast<double>(p.cost2) : 0.0};
    const double upar[2] = {p.cap_dist == 1 ? static_cast<double>(p.cap1) : static_cast<double>(p.cap1) / 100.0,
                            p.cap_dist == 1 ? static_cast<double>(p.cap2) : 0.0};
    const auto grid_end = static_cast<std::size_t>(n_grid_arc - n_source - n_sink);
    const auto super_end = static_cast<std::size_t>(n_grid_arc);
    int max_cost = 0;
    for (std::size_t a = 0; a < grid_end; ++a) {
        cost[a] = rng.draw(p.cost_dist, cpar);
        max_cost = std::max(max_cost, cost[a]);
    }
    for (std::size_t a = grid_end; a < super_end; ++a) cost[a] = max_cost * 2;
    for (std::size_t a = super_end; a < A; ++a) cost[a] = rng.draw(p.cost_dist, cpar);
    // capacities: the cost distribution's kind with the capacity parameters, as the original
    for (std::size_t a = 0; a < grid_end; ++a) cap[a] = rng.draw(p.cost_dist, upar);
    for (std::size_t a = grid_end; a < super_end; ++a) cap[a] = static_cast<int>(p.supply);
    for (std::size_t a = super_end; a < A; ++a) cap[a] = rng.draw(p.cost_dist, upar);
    // supplies: redrawn until the first source (and sink) keeps a positive remainder
    const int t_supply = static_cast<int>(p.supply);
    std::vector<int> src_b(src.size()), snk_b(snk.size());
    int total = 0;
    double avg = 2.0 * t_supply / n_source;
    do {
        total = t_supply;
        for (std::size_t i = 1; i < src_b.size(); ++i) {
            const volatile double x = rng.randy() * avg;
            src_b[i] = static_cast<int>(x + 0.5);
            total -= src_b[i];
        }
        src_b[0] = total;
    } while (total <= 0);
    avg = -2.0 * t_supply / n_sink;
    do {
        total = t_supply;
        for (std::size_t i = 1; i < snk_b.size(); ++i) {
            const volatile double x = rng.randy() * avg;
            snk_b[i] = static_cast<int>(x - 0.5);
            total += snk_b[i];
        }
        snk_b[0] = -total;
    } while (total <= 0);
    McfInstance I;
    I.name = "gridgen " + std::to_string(n1) + "x" + std::to_string(n2) + (two ? " two-way" : "") + " seed=" + std::to_string(seed);
    I.n = n_node;
    I.supply.assign(static_cast<std::size_t>(n_node), 0);
    for (std::size_t i = 0; i < src.size(); ++i) I.supply[static_cast<std::size_t>(src[i] - 1)] = src_b[i];
    for (std::size_t i = 0; i < snk.size(); ++i) I.supply[static_cast<std::size_t>(snk[i] - 1)] = snk_b[i];
    I.tail.reserve(A); I.head.reserve(A); I.cap.reserve(A); I.cost.reserve(A);
    for (std::size_t a = 0; a < A; ++a) detail::add_arc(I, from[a] - 1, to[a] - 1, cap[a], cost[a]);
    return I;
}

// ------------------------------------------------------------------------------------------
// Transportation and assignment with slack (unbalanced)
// ------------------------------------------------------------------------------------------

struct TransportSpec {
    int sources = 0, sinks = 0, arcs_per_source = 10;
    int slack_pct = 33;            ///< > 0: supply exceeds demand by this %; < 0: demand exceeds supply
    std::int64_t max_cost = 1000, max_supply = 100;
};

/// Nodes: supply nodes 0..S-1, demand nodes S..S+D-1, the slack node S+D.
inline McfInstance transport_slack(const TransportSpec& p, std::uint64_t seed) {
    constexpr const char* f = "TRANSPORT";
    detail::require(p.sources >= 1 && p.sinks >= 1, f, "sources", "must be >= 1 (and sinks >= 1)");
    detail::require(p.arcs_per_source >= 1 && p.arcs_per_source <= p.sinks, f, "arcs_per_source", "must be in [1, sinks]");
    detail::require(p.slack_pct > -100 && p.slack_pct <= 1000, f, "slack_pct", "must be in (-100, 1000]");
    detail::require(p.max_cost >= 1 && p.max_cost <= 1000000000, f, "max_cost", "must be in [1, 1e9]");
    detail::require(p.max_supply >= 4 && p.max_supply <= 1000000000, f, "max_supply", "must be in [4, 1e9]");
    detail::SplitMix rng(seed);
    const int S = p.sources, D = p.sinks, slack = S + D, k = p.arcs_per_source;
    McfInstance I;
    I.name = std::string(p.slack_pct >= 0 ? "transport-surplus " : "transport-shortage ") + std::to_string(S) + "x" +
             std::to_string(D) + " seed=" + std::to_string(seed);
    I.n = S + D + 1;
    I.supply.assign(static_cast<std::size_t>(I.n), 0);
    std::vector<int> picks;
    std::int64_t total = 0, excess = 0;
    for (int s = 0; s < S; ++s) {
        const std::int64_t b = rng.uniform(p.max_supply / 4, p.max_supply);
        // the planted routing ships `ship` of b; the rest is the node's surplus
        const std::int64_t ship = p.slack_pct > 0 ? b * 100 / (100 + p.slack_pct) : b;
        I.supply[static_cast<std::size_t>(s)] = b;
        total += b;
        excess += b - ship;
        picks.clear();
        while (static_cast<int>(picks.size()) < k) {
            const int d = static_cast<int>(rng.uniform(0, D - 1));
            if (std::find(picks.begin(), picks.end(), d) == picks.end()) picks.push_back(d);
        }
        std::int64_t left = ship;
        for (std::size_t j = 0; j < picks.size(); ++j) {
            const std::int64_t x = j + 1 == picks.size() ? left : (j < 3 ? rng.uniform(0, left) : 0);
            left -= x;
            I.supply[static_cast<std::size_t>(S + picks[j])] -= x;
            detail::add_arc(I, s, S + picks[j], std::max(x, rng.uniform(1, 2 * p.max_supply)), rng.uniform(1, p.max_cost));
        }
    }
    if (p.slack_pct >= 0) {  // surplus drains to the slack sink at cost 0
        for (int s = 0; s < S; ++s) detail::add_arc(I, s, slack, total, 0);
        I.supply[static_cast<std::size_t>(slack)] = -excess;
    } else {  // extra demand, met from the slack source at a penalty above any path cost
        std::int64_t extra = 0;
        for (int d = 0; d < D; ++d) {
            const std::int64_t want = -I.supply[static_cast<std::size_t>(S + d)];
            const std::int64_t more = (want + 1) * (-p.slack_pct) / (100 + p.slack_pct);
            I.supply[static_cast<std::size_t>(S + d)] -= more;
            extra += more;
        }
        for (int d = 0; d < D; ++d) detail::add_arc(I, slack, S + d, total + extra, 2 * p.max_cost + 1);
        I.supply[static_cast<std::size_t>(slack)] = extra;
    }
    return I;
}

struct AssignmentSpec {
    int workers = 0, jobs = 0, degree = 10;
    std::int64_t max_cost = 1000;
};

/// Nodes: workers 0..W-1, jobs W..W+J-1, the slack node W+J. Unit capacities.
inline McfInstance assignment_slack(const AssignmentSpec& p, std::uint64_t seed) {
    constexpr const char* f = "ASSIGNMENT";
    detail::require(p.workers >= 1 && p.jobs >= 1, f, "workers", "must be >= 1 (and jobs >= 1)");
    detail::require(p.degree >= 1 && p.degree <= p.jobs, f, "degree", "must be in [1, jobs]");
    detail::require(p.max_cost >= 1 && p.max_cost <= 1000000000, f, "max_cost", "must be in [1, 1e9]");
    detail::SplitMix rng(seed);
    const int W = p.workers, J = p.jobs, slack = W + J;
    McfInstance I;
    I.name = std::string(W >= J ? "assign-surplus " : "assign-shortage ") + std::to_string(W) + "x" + std::to_string(J) +
             " seed=" + std::to_string(seed);
    I.n = W + J + 1;
    I.supply.assign(static_cast<std::size_t>(I.n), 0);
    // planted matching: a random permutation pairs min(W, J) workers with jobs
    const int pairs = std::min(W, J);
    std::vector<int> perm(static_cast<std::size_t>(std::max(W, J)));
    for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<int>(i);
    for (std::size_t i = perm.size(); i > 1; --i)
        std::swap(perm[i - 1], perm[static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(i) - 1))]);
    std::vector<int> planted(static_cast<std::size_t>(W), -1);  // worker -> job
    for (int i = 0; i < pairs; ++i) {
        if (W >= J) planted[static_cast<std::size_t>(perm[static_cast<std::size_t>(i)])] = i;
        else planted[static_cast<std::size_t>(i)] = perm[static_cast<std::size_t>(i)];
    }
    std::vector<int> picks;
    for (int w = 0; w < W; ++w) {
        picks.clear();
        if (planted[static_cast<std::size_t>(w)] >= 0) picks.push_back(planted[static_cast<std::size_t>(w)]);
        while (static_cast<int>(picks.size()) < p.degree) {
            const int j = static_cast<int>(rng.uniform(0, J - 1));
            if (std::find(picks.begin(), picks.end(), j) == picks.end()) picks.push_back(j);
        }
        std::sort(picks.begin(), picks.end());
        for (int j : picks) detail::add_arc(I, w, W + j, 1, rng.uniform(1, p.max_cost));
    }
    if (W >= J) {  // every worker offers 1, every job needs 1, the rest drain to the slack sink
        for (int w = 0; w < W; ++w) { I.supply[static_cast<std::size_t>(w)] = 1; detail::add_arc(I, w, slack, 1, 0); }
        for (int j = 0; j < J; ++j) I.supply[static_cast<std::size_t>(W + j)] = -1;
        I.supply[static_cast<std::size_t>(slack)] = -(W - J);
    } else {  // uncovered jobs are covered by the slack source at a penalty
        for (int w = 0; w < W; ++w) I.supply[static_cast<std::size_t>(w)] = 1;
        for (int j = 0; j < J; ++j) {
            I.supply[static_cast<std::size_t>(W + j)] = -1;
            detail::add_arc(I, slack, W + j, 1, 2 * p.max_cost + 1);
        }
        I.supply[static_cast<std::size_t>(slack)] = J - W;
    }
    return I;
}

// ------------------------------------------------------------------------------------------
// ROAD: perturbed planar grid with highways
// ------------------------------------------------------------------------------------------

struct RoadSpec {
    int rows = 0, cols = 0;
    int highway_every = 8;        ///< every k-th row and column is a highway
    int terminals = 100;          ///< number of supply and of demand nodes (each)
    int diagonal_pct = 15;        ///< % of grid cells with a (two-way) diagonal local road
    std::int64_t local_cap = 40, highway_cap = 2000, max_supply = 400;
};

/// Nodes: grid node (r, c) is r * cols + c. Arcs come in two-way pairs.
inline McfInstance road(const RoadSpec& p, std::uint64_t seed) {
    constexpr const char* f = "ROAD";
    detail::require(p.rows >= 2 && p.cols >= 2, f, "rows", "must be >= 2 (and cols >= 2)");
    detail::require(static_cast<std::int64_t>(p.rows) * p.cols <= 50000000, f, "cols", "rows * cols must be <= 5e7");
    detail::require(p.highway_every >= 1, f, "highway_every", "must be >= 1");
    detail::require(p.terminals >= 1, f, "terminals", "must be >= 1");
    detail::require(p.diagonal_pct >= 0 && p.diagonal_pct <= 100, f, "diagonal_pct", "must be in [0, 100]");
    detail::require(p.local_cap >= 1 && p.highway_cap >= 1 && p.max_supply >= 1, f, "local_cap",
                    "local_cap, highway_cap and max_supply must be >= 1");
    detail::SplitMix rng(seed);
    const int R = p.rows, C = p.cols, H = p.highway_every;
    McfInstance I;
    I.name = "road " + std::to_string(R) + "x" + std::to_string(C) + " seed=" + std::to_string(seed);
    I.n = R * C;
    I.supply.assign(static_cast<std::size_t>(I.n), 0);
    std::vector<double> px(static_cast<std::size_t>(I.n)), py(static_cast<std::size_t>(I.n));
    for (int v = 0; v < I.n; ++v) {
        px[static_cast<std::size_t>(v)] = v % C + 0.7 * (rng.unit() - 0.5);
        py[static_cast<std::size_t>(v)] = v / C + 0.7 * (rng.unit() - 0.5);
    }
    auto hw_row = [&](int r) { return r % H == 0 || r == R - 1; };
    auto hw_col = [&](int c) { return c % H == 0 || c == C - 1; };
    // terminals on highway nodes; every supply routes on highways of total capacity >= supply
    std::vector<int> hw_nodes;
    for (int v = 0; v < I.n; ++v)
        if (hw_row(v / C) || hw_col(v % C)) hw_nodes.push_back(v);
    const std::int64_t total_cap_guard = p.highway_cap;
    std::int64_t total = 0;
    for (int k = 0; k < p.terminals; ++k) {
        const int a = hw_nodes[static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(hw_nodes.size()) - 1))];
        const int b = hw_nodes[static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(hw_nodes.size()) - 1))];
        const std::int64_t q = rng.uniform(1, p.max_supply);
        I.supply[static_cast<std::size_t>(a)] += q;
        I.supply[static_cast<std::size_t>(b)] -= q;
        total += q;
    }
    // highways carry any flow (capacity >= total supply); local roads are capacity-limited
    const std::int64_t hcap = std::max(total_cap_guard, total);
    auto link = [&](int u, int v, bool highway) {
        const double dx = px[static_cast<std::size_t>(u)] - px[static_cast<std::size_t>(v)];
        const double dy = py[static_cast<std::size_t>(u)] - py[static_cast<std::size_t>(v)];
        const double len = std::sqrt(dx * dx + dy * dy) * (highway ? 100.0 : 300.0);
        const auto cost = std::max<std::int64_t>(1, std::llround(len));
        const std::int64_t cap = highway ? hcap : rng.uniform(1, p.local_cap);
        detail::add_arc(I, u, v, cap, cost);
        detail::add_arc(I, v, u, cap, cost);
    };
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            const int v = r * C + c;
            if (c + 1 < C) link(v, v + 1, hw_row(r));
            if (r + 1 < R) link(v, v + C, hw_col(c));
            if (c + 1 < C && r + 1 < R && rng.uniform(1, 100) <= p.diagonal_pct) {
                if (rng.uniform(0, 1)) link(v, v + C + 1, false);
                else link(v + 1, v + C, false);
            }
        }
    return I;
}

// ------------------------------------------------------------------------------------------
// Families, sizes and presets
// ------------------------------------------------------------------------------------------

enum class Family {
    netgen_8, netgen_sr, netgen_lo_8, goto_8, goto_sr, grid_square, grid_long,
    transport_surplus, transport_shortage, assign_surplus, assign_shortage, road
};
enum class Size { tiny, small, medium, large };

inline constexpr std::array<Family, 12> kFamilies{
    Family::netgen_8, Family::netgen_sr, Family::netgen_lo_8, Family::goto_8, Family::goto_sr,
    Family::grid_square, Family::grid_long, Family::transport_surplus, Family::transport_shortage,
    Family::assign_surplus, Family::assign_shortage, Family::road};
inline constexpr std::array<Size, 4> kSizes{Size::tiny, Size::small, Size::medium, Size::large};

inline std::string_view to_string(Family f) noexcept {
    switch (f) {
        case Family::netgen_8: return "netgen-8";
        case Family::netgen_sr: return "netgen-sr";
        case Family::netgen_lo_8: return "netgen-lo-8";
        case Family::goto_8: return "goto-8";
        case Family::goto_sr: return "goto-sr";
        case Family::grid_square: return "grid-square";
        case Family::grid_long: return "grid-long";
        case Family::transport_surplus: return "transport-surplus";
        case Family::transport_shortage: return "transport-shortage";
        case Family::assign_surplus: return "assign-surplus";
        case Family::assign_shortage: return "assign-shortage";
        case Family::road: return "road";
    }
    return "?";
}
inline std::optional<Family> parse_family(std::string_view s) noexcept {
    for (Family f : kFamilies)
        if (to_string(f) == s) return f;
    return std::nullopt;
}
inline std::string_view to_string(Size s) noexcept {
    switch (s) {
        case Size::tiny: return "tiny";
        case Size::small: return "small";
        case Size::medium: return "medium";
        case Size::large: return "large";
    }
    return "?";
}
inline std::optional<Size> parse_size(std::string_view s) noexcept {
    for (Size z : kSizes)
        if (to_string(z) == s) return z;
    return std::nullopt;
}

/// The family's seed in the repo (NETGEN/GOTO: LEMON's seed "a"; ours: fixed numbers).
inline std::uint64_t default_seed(Family f) noexcept {
    switch (f) {
        case Family::netgen_8: case Family::netgen_sr: case Family::netgen_lo_8:
        case Family::goto_8: case Family::goto_sr: return static_cast<std::uint64_t>(kNetgenSeeds[0]);
        default: return 20261207u + static_cast<std::uint64_t>(f);
    }
}

// Per-family presets: index 0..3 = tiny, small, medium, large.
inline NetgenSpec netgen_preset(Family f, Size z) {
    static constexpr int k8[] = {7, 13, 15, 17}, ksr[] = {7, 10, 12, 13};
    const auto i = static_cast<std::size_t>(z);
    if (f == Family::netgen_sr) return netgen_sr(ksr[i]);
    if (f == Family::netgen_lo_8) return netgen_lo_8(k8[i]);
    return netgen_8(k8[i]);
}
inline GotoSpec goto_preset(Family f, Size z) {
    static constexpr int k8[] = {7, 13, 15, 17}, ksr[] = {8, 10, 12, 13};
    const auto i = static_cast<std::size_t>(z);
    return f == Family::goto_sr ? goto_sr(ksr[i]) : goto_8(k8[i]);
}
inline GridSpec grid_preset(Family f, Size z) {
    static constexpr int side[] = {12, 128, 256, 576}, rows_long[] = {4, 32, 64, 144};
    const auto i = static_cast<std::size_t>(z);
    GridSpec g;
    if (f == Family::grid_long) { g.rows = rows_long[i]; g.cols = 16 * rows_long[i]; }
    else g.rows = g.cols = side[i];
    return g;
}
inline TransportSpec transport_preset(Family f, Size z) {
    static constexpr int S[] = {60, 10000, 40000, 100000};
    const auto i = static_cast<std::size_t>(z);
    TransportSpec t;
    t.sources = S[i];
    t.sinks = S[i] / 10;
    t.arcs_per_source = z == Size::tiny ? 4 : 10;
    t.slack_pct = f == Family::transport_shortage ? -25 : 33;
    return t;
}
inline AssignmentSpec assignment_preset(Family f, Size z) {
    static constexpr int base[] = {40, 8000, 32000, 80000};
    const auto i = static_cast<std::size_t>(z);
    AssignmentSpec a;
    const int big = base[i] + base[i] / 4;
    if (f == Family::assign_shortage) { a.workers = base[i]; a.jobs = big; }
    else { a.workers = big; a.jobs = base[i]; }
    a.degree = z == Size::tiny ? 4 : 10;
    return a;
}
inline RoadSpec road_preset(Size z) {
    static constexpr int side[] = {12, 160, 320, 500}, terms[] = {6, 200, 800, 2000};
    const auto i = static_cast<std::size_t>(z);
    RoadSpec r;
    r.rows = r.cols = side[i];
    r.terminals = terms[i];
    return r;
}

/// The preset instance of family `f` at size `z`, with `seed` (0: the family's default seed).
inline McfInstance make_instance(Family f, Size z, std::uint64_t seed = 0) {
    if (seed == 0) seed = default_seed(f);
    McfInstance I;
    switch (f) {
        case Family::netgen_8: case Family::netgen_sr: case Family::netgen_lo_8:
            I = netgen_kns(netgen_preset(f, z), static_cast<std::int64_t>(seed)); break;
        case Family::goto_8: case Family::goto_sr:
            I = goto_torus(goto_preset(f, z), static_cast<std::int64_t>(seed)); break;
        case Family::grid_square: case Family::grid_long: I = grid(grid_preset(f, z), seed); break;
        case Family::transport_surplus: case Family::transport_shortage:
            I = transport_slack(transport_preset(f, z), seed); break;
        case Family::assign_surplus: case Family::assign_shortage:
            I = assignment_slack(assignment_preset(f, z), seed); break;
        case Family::road: I = road(road_preset(z), seed); break;
    }
    I.name = std::string(to_string(f)) + "/" + std::string(to_string(z)) + " (" + I.name + ")";
    return I;
}

}  // namespace hatchnet::bench
