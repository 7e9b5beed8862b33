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

/// The optimisation step, isolated: choose for each class how many of its `count` requests
/// go to each of its choices, within node capacities, maximising the total gain.
/// Returns per class choice (flat, aligned with `choices`) the number placed.
std::vector<std::int64_t> solve_transport(const std::vector<std::size_t>& class_begin,
                                          const std::vector<Choice>& choices,
                                          const std::vector<std::int64_t>& count,
                                          const std::vector<std::int64_t>& capacity /* per vertex */) {
    using MCF = algo::MinCostFlow;
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
    auto st = f.run(MCF::Mode::exact);
    if (st != MCF::Status::optimal)
        throw solver_error(std::string("batch referral routing: the flow solver ended with status ") +
                           std::string(algo::to_string(st)));
    std::vector<std::int64_t> placed(choices.size());
    for (std::size_t i = 0; i < choices.size(); ++i) placed[i] = f.flow(arc[i]);
    return placed;
}

}  // namespace

BatchResult Router::route_batch(std::span<const Request> requests) const {
    const std::size_t n = requests.size();
    BatchResult out;
    out.solver = "network_simplex";
    out.assignments.resize(n);
    out.placed.assign(nodes_.size(), 0);
    const double bonus = policy_.urgent_batch_bonus;
    const std::int64_t bonus_gain = std::llround(bonus * score_scale);

    // 1. single routing of every request (capacity aside)
    std::vector<std::size_t> begin(n + 1, 0);
    std::vector<Choice> choices;
    choices.reserve(n * 4);
    std::vector<Graph::vertex> best(n, Graph::null_vertex);
    std::vector<double> best_score(n, 0.0);
    std::vector<int> best_hops(n, -1);
    std::vector<std::uint8_t> urgent(n, 0);
    {
        Resolved q;
        std::vector<Candidate> cands;
        Waitlist full;
        for (std::size_t i = 0; i < n; ++i) {
            resolve(requests[i], q, "requests[" + std::to_string(i) + "]");
            scan<false>(q, nullptr, cands, &full);
            urgent[i] = q.urgency == Urgency::urgent;
            begin[i] = choices.size();
            for (const auto& c : cands)
                choices.push_back({c.node, std::llround(c.score * score_scale) + (urgent[i] ? bonus_gain : 0),
                                   c.score, c.hops});
            if (!cands.empty()) {
                best[i] = cands.front().node;
                best_score[i] = cands.front().score;
                best_hops[i] = cands.front().hops;
            }
            if (full.node != Graph::null_vertex &&
                (best[i] == Graph::null_vertex || full.score > best_score[i])) {
                best[i] = full.node;
                best_score[i] = full.score;
                best_hops[i] = full.hops;
            }
        }
        begin[n] = choices.size();
    }

    // 2. merge requests with identical candidate gains into classes
    std::unordered_map<ClassKey, std::uint32_t, ClassHash> classes;
    classes.reserve(n);
    std::vector<std::uint32_t> class_of(n, std::uint32_t(-1));
    std::vector<std::size_t> first_of;  // first request of each class
    std::vector<std::int64_t> count;
    for (std::size_t i = 0; i < n; ++i) {
        if (begin[i + 1] == begin[i]) continue;
        ClassKey key{choices.data() + begin[i], begin[i + 1] - begin[i]};
        auto [it, inserted] = classes.emplace(key, std::uint32_t(count.size()));
        if (inserted) {
            first_of.push_back(i);
            count.push_back(0);
        }
        class_of[i] = it->second;
        ++count[it->second];
    }
    const std::size_t K = count.size();
    out.classes = K;
    std::vector<std::size_t> class_begin(K + 1, 0);
    std::vector<Choice> class_choices;
    for (std::size_t k = 0; k < K; ++k) {
        class_begin[k] = class_choices.size();
        auto i = first_of[k];
        class_choices.insert(class_choices.end(), choices.begin() + std::ptrdiff_t(begin[i]),
                             choices.begin() + std::ptrdiff_t(begin[i + 1]));
    }
    class_begin[K] = class_choices.size();

    // 3. the optimisation step
    std::vector<std::int64_t> capacity(nodes_.size());
    for (std::size_t v = 0; v < nodes_.size(); ++v) capacity[v] = std::max<std::int64_t>(0, nodes_[v].spare);
    std::vector<std::int64_t> placed =
        K ? solve_transport(class_begin, class_choices, count, capacity) : std::vector<std::int64_t>{};

    // 4. hand the placements of each class to its requests in input order
    std::vector<std::size_t> cursor(K);
    for (std::size_t k = 0; k < K; ++k) cursor[k] = class_begin[k];
    std::vector<std::size_t> unplaced;
    for (std::size_t i = 0; i < n; ++i) {
        auto& a = out.assignments[i];
        a.request = i;
        auto k = class_of[i];
        if (k == std::uint32_t(-1)) {
            if (best[i] == Graph::null_vertex) {
                a.status = RouteStatus::no_candidate;
                ++out.unroutable;
            } else {
                unplaced.push_back(i);
            }
            continue;
        }
        auto& c = cursor[k];
        while (c < class_begin[k + 1] && placed[c] == 0) ++c;
        if (c == class_begin[k + 1]) {
            unplaced.push_back(i);
            continue;
        }
        --placed[c];
        const auto& ch = class_choices[c];
        a.status = RouteStatus::routed;
        a.node = ch.node;
        a.score = ch.score;
        a.hops = ch.hops;
        ++out.placed[ch.node];
        ++out.routed;
        out.total_score += ch.score;
        out.objective += ch.gain;
    }

    // 5. waitlist the rest at their best node: urgent first, then input order
    std::stable_sort(unplaced.begin(), unplaced.end(),
                     [&](std::size_t x, std::size_t y) { return urgent[x] > urgent[y]; });
    std::vector<std::int64_t> queue(nodes_.size(), -1);
    for (auto i : unplaced) {
        auto v = best[i];
        auto& a = out.assignments[i];
        if (queue[v] < 0) {
            const Node& nd = g_->node(v);
            queue[v] = std::max<std::int64_t>(0, nd.occupied - nd.capacity);
        }
        a.status = RouteStatus::waitlisted;
        a.node = v;
        a.score = best_score[i];
        a.hops = best_hops[i];
        a.waitlist_position = ++queue[v];
        ++out.waitlisted;
    }
    return out;
}

}  // namespace hatchnet::referral
