// Batch referral routing against spare capacities. See Router::route_batch in
// hatchnet/referral/router.hpp.
//
// Problem: requests i with candidate nodes j (from single routing, capacity aside) and scores
// s_ij; node j takes at most spare_j requests; place each request at most once, maximising
//   sum over placed (i, j) of round(s_ij × score_scale) + [i urgent] round(bonus × score_scale).
// This is a transportation problem; it is solved exactly as a min-cost flow (one supply node
// per class of requests with identical candidate costs, one node per candidate incubator, a
// sink; arcs class → incubator at cost -(score + bonus), incubator → sink with capacity spare,
// class → sink at cost 0 for the requests left unplaced) by hatchnet::algo::MinCostFlow.
// Requests left unplaced are waitlisted at their best node, urgent ones first, then in input
// order; requests with no candidate at all (capacity aside) are unroutable.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/referral/router.hpp"

namespace hatchnet::referral {

namespace {

struct Choice {
    Graph::vertex node;
    std::int64_t gain;  ///< round(score × scale) (+ urgent bonus)
    double score;
    int hops;
};

struct ClassKey {
    const Choice* begin;
    std::size_t size;
    bool operator==(const ClassKey& o) const {
        if (size != o.size) return false;
        for (std::size_t i = 0; i < size; ++i)
            if (begin[i].node != o.begin[i].node || begin[i].gain != o.begin[i].gain) return false;
        return true;
    }
};
struct ClassHash {
    std::size_t operator()(const ClassKey& k) const noexcept {
        std::uint64_t h = 1469598103934665603ull ^ k.size;
        for (std::size_t i = 0; i < k.size; ++i) {
            h = (h ^ k.begin[i].node) * 1099511628211ull;
            h = (h ^ std::uint64_t(k.begin[i].gain)) * 1099511628211ull;
        }
        return std::size_t(h ^ (h >> 29));
    }
};

/// Step 1: every request routed singly (capacity aside): its candidates as choices (flat,
/// request i's in [begin[i], begin[i + 1])), its best node (a full one counts) and urgency.
struct SingleRoutes {
    std::vector<std::size_t> begin;
    std::vector<Choice> choices;
    std::vector<Graph::vertex> best;
    std::vector<double> best_score;
    std::vector<int> best_hops;
    std::vector<std::uint8_t> urgent;
};

SingleRoutes route_singly(const Router& router, std::span<const Request> requests, ProgressTicker& tick) {
    const std::size_t n = requests.size();
    const std::int64_t bonus_gain = std::llround(router.policy().urgent_batch_bonus * score_scale);
    SingleRoutes s;
    s.begin.assign(n + 1, 0);
    s.choices.reserve(n * 4);
    s.best.assign(n, Graph::null_vertex);
    s.best_score.assign(n, 0.0);
    s.best_hops.assign(n, -1);
    s.urgent.assign(n, 0);
    Router::Resolved q;
    std::vector<Candidate> cands;
    Waitlist full;
    tick.stage("route", std::int64_t(n));
    for (std::size_t i = 0; i < n; ++i) {
        tick.tick(std::int64_t(i));
        router.resolve(requests[i], q, "requests[" + std::to_string(i) + "]");
        router.scan<false>(q, nullptr, cands, &full);
        s.urgent[i] = q.urgency == Urgency::urgent;
        s.begin[i] = s.choices.size();
        for (const auto& c : cands)
            s.choices.push_back({c.node, std::llround(c.score * score_scale) + (s.urgent[i] ? bonus_gain : 0),
                                 c.score, c.hops});
        if (!cands.empty()) {
            s.best[i] = cands.front().node;
            s.best_score[i] = cands.front().score;
            s.best_hops[i] = cands.front().hops;
        }
        if (full.node != Graph::null_vertex && (s.best[i] == Graph::null_vertex || full.score > s.best_score[i])) {
            s.best[i] = full.node;
            s.best_score[i] = full.score;
            s.best_hops[i] = full.hops;
        }
    }
    s.begin[n] = s.choices.size();
    tick.finish(std::int64_t(n));
    return s;
}

/// Step 2: requests with identical candidate gains merged into classes (class_of[i], -1 for
/// a request without candidates); each class's choices copied once.
struct Classes {
    std::vector<std::uint32_t> class_of;
    std::vector<std::int64_t> count;
    std::vector<std::size_t> begin;   ///< class k's choices: [begin[k], begin[k + 1])
    std::vector<Choice> choices;
};

Classes merge_classes(const SingleRoutes& s) {
    const std::size_t n = s.best.size();
    Classes c;
    std::unordered_map<ClassKey, std::uint32_t, ClassHash> index;
    index.reserve(n);
    c.class_of.assign(n, std::uint32_t(-1));
    std::vector<std::size_t> first_of;  // first request of each class
    for (std::size_t i = 0; i < n; ++i) {
        if (s.begin[i + 1] == s.begin[i]) continue;
        ClassKey key{s.choices.data() + s.begin[i], s.begin[i + 1] - s.begin[i]};
        auto [it, inserted] = index.emplace(key, std::uint32_t(c.count.size()));
        if (inserted) {
            first_of.push_back(i);
            c.count.push_back(0);
        }
        c.class_of[i] = it->second;
        ++c.count[it->second];
    }
    const std::size_t K = c.count.size();
    c.begin.assign(K + 1, 0);
    for (std::size_t k = 0; k < K; ++k) {
        c.begin[k] = c.choices.size();
        auto i = first_of[k];
        c.choices.insert(c.choices.end(), s.choices.begin() + std::ptrdiff_t(s.begin[i]),
                         s.choices.begin() + std::ptrdiff_t(s.begin[i + 1]));
    }
    c.begin[K] = c.choices.size();
    return c;
}

/// Step 3, the optimisation step, isolated: choose for each class how many of its `count`
/// requests go to each of its choices, within node capacities, maximising the total gain.
/// Returns per class choice (flat, aligned with `choices`) the number placed.
std::vector<std::int64_t> solve_transport(const Classes& cl,
                                          const std::vector<std::int64_t>& capacity /* per vertex */,
                                          ProgressTicker& tick) {
    using MCF = algo::MinCostFlow;
    const auto& choices = cl.choices;
    const auto& count = cl.count;
    const auto& class_begin = cl.begin;
    const std::size_t K = count.size();
    std::vector<std::int32_t> target_of(capacity.size(), -1);
    std::vector<Graph::vertex> targets;
    for (const auto& c : choices)
        if (target_of[c.node] < 0) {
            target_of[c.node] = std::int32_t(targets.size());
            targets.push_back(c.node);
        }
    const auto T = targets.size();
    MCF f;
    f.reserve(MCF::node_t(K + T + 1), MCF::arc_t(choices.size() + K + T));
    f.add_nodes(MCF::node_t(K + T + 1));
    const MCF::node_t sink = MCF::node_t(K + T);
    std::int64_t total = 0;
    for (std::size_t k = 0; k < K; ++k) {
        f.set_supply(MCF::node_t(k), count[k]);
        total += count[k];
    }
    f.set_supply(sink, -total);
    std::vector<MCF::arc_t> arc(choices.size());
    for (std::size_t k = 0; k < K; ++k)
        for (std::size_t i = class_begin[k]; i < class_begin[k + 1]; ++i)
            arc[i] = f.add_arc(MCF::node_t(k), MCF::node_t(K + std::size_t(target_of[choices[i].node])),
                               count[k], -choices[i].gain);
    for (std::size_t t = 0; t < T; ++t) f.add_arc(MCF::node_t(K + t), sink, capacity[targets[t]], 0);
    for (std::size_t k = 0; k < K; ++k) f.add_arc(MCF::node_t(k), sink, count[k], 0);
    // the solver's pivot hook feeds the ticker; a stop ends the run with Status::interrupted
    // and is rethrown here, after the solver has unwound
    if (tick) {
        tick.stage("solve");
        // each report costs the solver O(arcs) (its objective and infeasibility): report at
        // most once per arcs' worth of pivots
        tick.check_every_tick();
        f.set_progress([&](const MCF::Progress& p) { return tick.tick_nothrow(p.pivots); },
                       std::max<std::int64_t>(10000, std::int64_t(f.arc_count())));
    }
    auto st = f.run(MCF::Mode::exact);
    tick.rethrow_if_stopped();
    tick.finish();
    if (st != MCF::Status::optimal)
        throw solver_error(std::string("batch referral routing: the flow solver ended with status ") +
                           std::string(algo::to_string(st)));
    std::vector<std::int64_t> placed(choices.size());
    for (std::size_t i = 0; i < choices.size(); ++i) placed[i] = f.flow(arc[i]);
    return placed;
}

/// Step 4: the placements of each class handed to its requests in input order; returns the
/// requests left unplaced (they have a best node, full or not).
std::vector<std::size_t> place(const SingleRoutes& s, const Classes& cl, std::vector<std::int64_t> placed,
                               BatchResult& out) {
    const std::size_t n = s.best.size();
    std::vector<std::size_t> cursor(cl.begin.begin(), cl.begin.end() - 1);
    std::vector<std::size_t> unplaced;
    for (std::size_t i = 0; i < n; ++i) {
        auto& a = out.assignments[i];
        a.request = i;
        auto k = cl.class_of[i];
        if (k == std::uint32_t(-1)) {
            if (s.best[i] == Graph::null_vertex) {
                a.status = RouteStatus::no_candidate;
                ++out.unroutable;
            } else {
                unplaced.push_back(i);
            }
            continue;
        }
        auto& c = cursor[k];
        while (c < cl.begin[k + 1] && placed[c] == 0) ++c;
        if (c == cl.begin[k + 1]) {
            unplaced.push_back(i);
            continue;
        }
        --placed[c];
        const auto& ch = cl.choices[c];
        a.status = RouteStatus::routed;
        a.node = ch.node;
        a.score = ch.score;
        a.hops = ch.hops;
        ++out.placed[ch.node];
        ++out.routed;
        out.total_score += ch.score;
        out.objective += ch.gain;
    }
    return unplaced;
}

/// Step 5: the rest waitlisted at their best node, urgent first, then input order, behind
/// the node's own overflow (occupied - capacity).
void waitlist(const Graph& g, const SingleRoutes& s, std::vector<std::size_t> unplaced, BatchResult& out) {
    std::stable_sort(unplaced.begin(), unplaced.end(),
                     [&](std::size_t x, std::size_t y) { return s.urgent[x] > s.urgent[y]; });
    std::vector<std::int64_t> queue(out.placed.size(), -1);
    for (auto i : unplaced) {
        auto v = s.best[i];
        auto& a = out.assignments[i];
        if (queue[v] < 0) {
            const Node& nd = g.node(v);
            queue[v] = std::max<std::int64_t>(0, nd.occupied - nd.capacity);
        }
        a.status = RouteStatus::waitlisted;
        a.node = v;
        a.score = s.best_score[i];
        a.hops = s.best_hops[i];
        a.waitlist_position = ++queue[v];
        ++out.waitlisted;
    }
}

}  // namespace

BatchResult Router::route_batch(std::span<const Request> requests, const ProgressFn& progress) const {
    ProgressTicker tick(progress);
    BatchResult out;
    out.solver = "network_simplex";
    out.assignments.resize(requests.size());
    out.placed.assign(nodes_.size(), 0);
    const SingleRoutes s = route_singly(*this, requests, tick);
    const Classes cl = merge_classes(s);
    out.classes = cl.count.size();
    std::vector<std::int64_t> capacity(nodes_.size());
    for (std::size_t v = 0; v < nodes_.size(); ++v) capacity[v] = std::max<std::int64_t>(0, nodes_[v].spare);
    auto placed = cl.count.empty() ? std::vector<std::int64_t>{} : solve_transport(cl, capacity, tick);
    waitlist(*g_, s, place(s, cl, std::move(placed), out), out);
    return out;
}

}  // namespace hatchnet::referral
