// The cost-scaling push-relabel engine of hatchnet/algo/cost_scaling.hpp (see the header).
// Included by that header (header-only mode) or by src/algo/min_cost_flow.cpp (compiled
// into the library); see hatchnet/algo/config.hpp.
//
// Conventions: reduced cost of a residual arc a = (u, v): c[a] + pot[u] - pot[v] (scaled
// units); a is admissible when it has residual capacity and a negative reduced cost.
// Relabelling u lowers pot[u] until its cheapest residual arc has reduced cost -eps.
#pragma once

#include "hatchnet/algo/cost_scaling.hpp"

#include <algorithm>
#include <utility>

namespace hatchnet::algo::detail::mcf {

// The cost of the artificial arcs: the simplex's big-M (n C + 1, above any path's cost) when
// the guard 8 N (N + 1) max(C, M) < 2^62 holds with it; in exact mode otherwise the largest M
// that keeps the guard, if at least 4 (C + 1) (a flow with no flow left on artificial arcs is
// then still optimal; see solve). 0 when nothing fits.
HATCHNET_ALGO_INLINE CostScalingEngine::cost_t CostScalingEngine::artificial_cost(node_t n, cost_t max_abs_cost,
                                                                                bool max_flow) noexcept {
    __extension__ typedef __int128 i128;
    const i128 C = max_abs_cost;
    const i128 nn = n;
    const i128 big = nn * C + 1;
    const i128 art = (max_flow ? big : 0) + nn * C + 1;
    const i128 N = nn + 1;
    const i128 room = ((static_cast<i128>(1) << 62) - 1) / (8 * N * (N + 1));  // max(C, M) <= room
    if (C > room) return 0;
    if (art <= room) return static_cast<cost_t>(art);
    if (max_flow || room < 4 * (C + 1)) return 0;
    return static_cast<cost_t>(room);
}

HATCHNET_ALGO_INLINE bool CostScalingEngine::fits(node_t n, cost_t max_abs_cost, bool max_flow) noexcept {
    return artificial_cost(n, max_abs_cost, max_flow) > 0;
}

template <class Cap, class Cst>
typename CostScalingCore<Cap, Cst>::node_t CostScalingCore<Cap, Cst>::add_arc(node_t u, node_t v, value_t cap, cost_t cost) {
    tail_.push_back(u);
    head_.push_back(v);
    cap_.push_back(cap);
    cost_.push_back(cost);
    return arcs_++;
}

template <class Cap, class Cst>
CostScalingCore<Cap, Cst>::CostScalingCore(node_t n, std::vector<node_t> tail, std::vector<node_t> head,
                                        std::vector<value_t> cap, std::vector<cost_t> cost,
                                        const std::vector<value_t>& b, bool max_flow,
                                        const std::vector<value_t>& b_orig, cost_t max_abs_cost,
                                        value_t flow_bound, cost_t art)
    : n_(n), N_(n + 1), root_(n), m_(static_cast<node_t>(tail.size())), max_flow_(max_flow),
      bound_(flow_bound + 1), tail_(std::move(tail)), head_(std::move(head)), cap_(std::move(cap)),
      cost_(std::move(cost)) {
    arcs_ = m_;
    const cost_t C = max_abs_cost;
    big_m_ = static_cast<cost_t>(n) * C + 1;  // the simplex's constants (same optimum)
    art_m_ = (max_flow ? big_m_ : 0) + static_cast<cost_t>(n) * C + 1;
    if (art > 0 && art < art_m_) {  // exact mode beyond the guard: a smaller M (see solve)
        art_m_ = art;
        art_capped_ = true;
    }
    scale_ = static_cast<cost_t>(N_) + 1;
    excess_.assign(static_cast<std::size_t>(N_), 0);
    value_t root_supply = 0;
    for (node_t v = 0; v < n; ++v) {
        excess_[v] = b[v];
        root_supply -= b[v];
    }
    excess_[root_] = root_supply;
    // global price updates every (N + S^2) / 2 relabels, S the supply nodes (half LEMON's
    // interval: measured 5-15 % faster on GOTO, grids, NETGEN and roads at 200k arcs, where
    // twice or a quarter of it were slower)
    std::int64_t sources = root_supply > 0;
    for (node_t v = 0; v < n; ++v) sources += b[v] > 0;
    update_every_ = std::max<std::int64_t>(
        1, (static_cast<std::int64_t>(N_) + std::min<std::int64_t>(sources * sources, std::int64_t(1) << 40)) / 2);
    // slack arcs (max-flow mode): unshipped supply v -> root at 0, unmet demand root -> v at big-M
    if (max_flow) {
        slack_of_.assign(static_cast<std::size_t>(n), -1);
        for (node_t v = 0; v < n; ++v) {
            if (b_orig[v] > 0) slack_of_[v] = add_arc(v, root_, b_orig[v], 0);
            else if (b_orig[v] < 0) slack_of_[v] = add_arc(root_, v, -b_orig[v], big_m_);
        }
    }
    // artificial arcs: every node's (shifted) supply can go straight to or from the root
    art_begin_ = arcs_;
    for (node_t v = 0; v < n; ++v) {
        if (b[v] > 0) add_arc(v, root_, b[v], max_flow ? art_m_ : 0);
        else if (b[v] < 0) add_arc(root_, v, -b[v], art_m_);
    }
    build_residual();
}

// CSR of the residual arcs by tail: arc a's forward arc (tail -> head, capacity cap, cost c)
// at fwd_[a], its reverse (head -> tail, capacity 0, cost -c) at rev_[fwd_[a]].
template <class Cap, class Cst>
void CostScalingCore<Cap, Cst>::build_residual() {
    const std::size_t K = static_cast<std::size_t>(arcs_);
    first_.assign(static_cast<std::size_t>(N_) + 1, 0);
    for (std::size_t a = 0; a < K; ++a) {
        ++first_[tail_[a] + 1];
        ++first_[head_[a] + 1];
    }
    for (node_t v = 0; v < N_; ++v) first_[v + 1] += first_[v];
    std::vector<node_t> pos(first_.begin(), first_.end() - 1);
    to_.resize(2 * K);
    rev_.resize(2 * K);
    res_.resize(2 * K);
    ucap_.resize(2 * K);
    c_.resize(2 * K);
    fwd_.resize(K);
    for (std::size_t a = 0; a < K; ++a) {
        const node_t u = tail_[a], v = head_[a];
        const node_t f = pos[u]++, r = pos[v]++;
        fwd_[a] = f;
        to_[f] = v;
        to_[r] = u;
        rev_[f] = r;
        rev_[r] = f;
        res_[f] = static_cast<Cap>(cap_[a] == kInf ? bound_ : cap_[a]);
        res_[r] = 0;
        ucap_[f] = ucap_[r] = res_[f];
        c_[f] = static_cast<Cst>(cost_[a]);
        c_[r] = static_cast<Cst>(-cost_[a]);
    }
    pot_.assign(static_cast<std::size_t>(N_), 0);
    cur_.assign(first_.begin(), first_.end() - 1);
    on_path_.assign(static_cast<std::size_t>(N_), 0);
    path_.reserve(8);
}

// Global price update (see the header): Dial's algorithm backwards from the deficit nodes.
// Distances beyond L = 2 N are not tracked (such nodes end with the level where it stopped,
// which keeps every residual arc's reduced cost >= -eps). The residual arc u -> v scanned
// from v is the reverse of v's arc a = v -> u: its residual capacity is ucap_[a] - res_[a]
// and its cost -sc(a), so the scan reads v's arcs in order and only pot_ and rank of u
// elsewhere. A node's rank is final once its bucket is reached (rank <= level: skipped).
template <class Cap, class Cst>
void CostScalingCore<Cap, Cst>::global_update(cost_t eps) {
    const node_t L = 2 * N_ + 2;
    std::vector<node_t>& rank = dist_;
    rank.assign(static_cast<std::size_t>(N_), L);
    if (bucket_head_.size() != static_cast<std::size_t>(L) + 1) bucket_head_.assign(static_cast<std::size_t>(L) + 1, -1);
    bucket_next_.resize(static_cast<std::size_t>(N_));
    bucket_prev_.resize(static_cast<std::size_t>(N_));
    node_t* const head = bucket_head_.data();
    node_t* const next = bucket_next_.data();
    node_t* const prev = bucket_prev_.data();
    // doubly linked buckets: a node whose distance improves moves to its new bucket
    auto insert = [&](node_t v, node_t d) {
        prev[v] = -1;
        next[v] = head[d];
        if (head[d] >= 0) prev[head[d]] = v;
        head[d] = v;
    };
    auto remove = [&](node_t v, node_t d) {
        if (prev[v] >= 0) next[prev[v]] = next[v];
        else head[d] = next[v];
        if (next[v] >= 0) prev[next[v]] = prev[v];
    };
    node_t active = 0;
    for (node_t v = 0; v < N_; ++v) {
        if (excess_[v] > 0) ++active;
        else if (excess_[v] < 0) {
            rank[v] = 0;
            insert(v, 0);
        }
    }
    const node_t* const first = first_.data();
    const node_t* const to = to_.data();
    const Cap* const res = res_.data();
    const Cap* const ucap = ucap_.data();
    const Cst* const c = c_.data();
    const cost_t* const pot = pot_.data();
    node_t* const rk = rank.data();
    node_t level = 0, top = 0;  // top: the highest bucket used
    for (; level < L && active > 0; ++level) {
        while (head[level] >= 0) {
            const node_t v = head[level];
            head[level] = next[v];
            if (next[v] >= 0) prev[next[v]] = -1;
            if (excess_[v] > 0 && --active == 0) break;
            const cost_t pv = pot[v];
            for (node_t a = first[v], end = first[v + 1]; a < end; ++a) {
                if (res[a] == ucap[a]) continue;  // u -> v saturated
                const node_t u = to[a];
                const node_t ru = rk[u];
                if (ru <= level) continue;
                const cost_t rc = pot[u] - static_cast<cost_t>(c[a]) * scale_ - pv;  // reduced cost of u -> v, >= -eps
                const cost_t len = rc >= 0 ? rc / eps + 1 : 0;
                if (len >= ru - level) continue;
                const node_t d = level + static_cast<node_t>(len);
                if (ru != L) remove(u, ru);
                rk[u] = d;
                insert(u, d);
                if (d > top) top = d;
            }
        }
        if (active == 0) break;
    }
    const node_t stop = std::min(level, L);
    for (node_t r = stop; r <= top; ++r) head[r] = -1;  // leave the buckets empty for the next call
    for (node_t v = 0; v < N_; ++v) {
        const node_t d = std::min(rk[v], stop);
        if (d != 0) {
            pot_[v] -= eps * d;
            cur_[v] = first_[v];
        }
    }
}

// One phase: makes the flow eps-optimal. False when stopped by a limit (stop says which).
template <class Cap, class Cst>
bool CostScalingCore<Cap, Cst>::refine(cost_t eps, const Limits& limits, Result& stop) {
    // saturate every admissible arc: the pseudo-flow becomes 0-optimal
    for (node_t u = 0; u < N_; ++u) {
        const cost_t pu = pot_[u];
        for (node_t a = first_[u], end = first_[u + 1]; a < end; ++a) {
            const value_t r = res_[a];
            if (r == 0 || sc(a) + pu - pot_[to_[a]] >= 0) continue;
            res_[a] = 0;
            res_[rev_[a]] = static_cast<Cap>(res_[rev_[a]] + r);
            excess_[u] -= r;
            excess_[to_[a]] += r;
        }
    }
    // FIFO queue of active nodes (a ring of N_ + 1 slots: each node is in it at most once)
    const std::size_t Q = static_cast<std::size_t>(N_) + 1;
    queue_.assign(Q, 0);
    queued_.assign(static_cast<std::size_t>(N_), 0);
    std::size_t qh = 0, qt = 0;
    auto enqueue = [&](node_t v) {
        if (queued_[v]) return;
        queued_[v] = 1;
        queue_[qt] = v;
        qt = qt + 1 == Q ? 0 : qt + 1;
    };
    for (node_t u = 0; u < N_; ++u) {
        cur_[u] = first_[u];
        if (excess_[u] > 0) enqueue(u);
    }
    std::int64_t next_update = relabels_ + update_every_;
    std::int64_t steps = 0, next_report = relabels_ + std::max<std::int64_t>(1, limits.every);
    while (qh != qt) {
        const node_t start = queue_[qh];
        if (excess_[start] <= 0) {  // the front stays until its excess is gone
            qh = qh + 1 == Q ? 0 : qh + 1;
            queued_[start] = 0;
            continue;
        }
        if ((++steps & 1023) == 0 && limits.has_deadline && Clock::now() >= limits.deadline) {
            stop = Result::time_limit;
            return false;
        }
        if (limits.relabel_limit > 0 && relabels_ >= limits.relabel_limit) {
            stop = Result::limit;
            return false;
        }
        if (limits.progress && relabels_ >= next_report) {
            next_report = relabels_ + std::max<std::int64_t>(1, limits.every);
            if (!limits.progress(relabels_)) {
                stop = Result::interrupted;
                return false;
            }
        }
        augment_from(start, eps, enqueue);
        if (relabels_ >= next_update) {
            global_update(eps);
            next_update = relabels_ + update_every_;
        }
    }
    return true;
}

// Partial augment-relabel (Goldberg 1997; LEMON's default): from an active node, extend a
// path of admissible arcs up to kMaxPath arcs or to a node with a deficit, relabelling (and
// stepping back from) a tip without an admissible arc; then push along the path as much as
// each node's excess allows. Nodes that become active are handed to `enqueue`.
template <class Cap, class Cst>
template <class Enqueue>
void CostScalingCore<Cap, Cst>::augment_from(node_t start, cost_t eps, Enqueue&& enqueue) {
    constexpr std::size_t kMaxPath = 4;
    path_.clear();
    on_path_[start] = 1;
    node_t tip = start;
    while (path_.size() < kMaxPath && excess_[tip] >= 0) {
        const cost_t pt = pot_[tip];
        cost_t min_rc = std::numeric_limits<cost_t>::max();
        node_t a = cur_[tip];
        const node_t end = first_[tip + 1];
        bool advanced = false;
        for (; a < end; ++a) {
            if (res_[a] == 0) continue;
            const node_t v = to_[a];
            const cost_t rc = sc(a) + pt - pot_[v];
            if (rc < 0) {
                cur_[tip] = a;
                path_.push_back(a);
                if (on_path_[v]) goto augment;  // closes a cycle: push around it
                on_path_[v] = 1;
                tip = v;
                advanced = true;
                break;
            }
            if (rc < min_rc) min_rc = rc;
        }
        if (advanced) continue;
        // relabel the tip: its cheapest residual arc (and the reverse of the arc it was
        // reached by, which the push will open) gets reduced cost -eps
        ++relabels_;
        if (tip != start) {
            const node_t r = rev_[path_.back()];
            min_rc = std::min(min_rc, sc(r) + pt - pot_[to_[r]]);
        }
        for (node_t b = first_[tip], e = cur_[tip]; b < e; ++b)
            if (res_[b] > 0) min_rc = std::min(min_rc, sc(b) + pt - pot_[to_[b]]);
        pot_[tip] = min_rc == std::numeric_limits<cost_t>::max() ? pt - eps : pt - min_rc - eps;
        cur_[tip] = first_[tip];
        if (tip != start) {  // step back
            on_path_[tip] = 0;
            tip = to_[rev_[path_.back()]];
            path_.pop_back();
        }
    }
augment:
    node_t u = start;
    on_path_[start] = 0;
    for (const node_t a : path_) {
        const node_t v = to_[a];
        on_path_[v] = 0;
        const value_t d = std::min<value_t>(res_[a], excess_[u]);
        res_[a] = static_cast<Cap>(res_[a] - d);
        res_[rev_[a]] = static_cast<Cap>(res_[rev_[a]] + d);
        excess_[u] -= d;
        excess_[v] += d;
        if (excess_[v] > 0 && excess_[v] <= d) enqueue(v);
        u = v;
    }
}

// The nodes in a topological order of the admissible graph (residual arcs of negative
// reduced cost), by iterative depth-first search: order_ gets the reverse postorder. False
// when the admissible graph has a cycle.
template <class Cap, class Cst>
bool CostScalingCore<Cap, Cst>::admissible_order() {
    std::vector<char>& state = on_path_;  // scratch: 0 new, 1 on the DFS stack, 2 finished
    std::fill(state.begin(), state.end(), 0);
    order_.resize(static_cast<std::size_t>(N_));
    std::size_t done = static_cast<std::size_t>(N_);
    std::vector<node_t>& stack = path_;
    for (node_t s = 0; s < N_; ++s) {
        if (state[s] != 0) continue;
        stack.clear();
        stack.push_back(s);
        state[s] = 1;
        cur_[s] = first_[s];
        while (!stack.empty()) {
            const node_t u = stack.back();
            const cost_t pu = pot_[u];
            node_t a = cur_[u];
            const node_t end = first_[u + 1];
            for (; a < end; ++a) {
                if (res_[a] == 0) continue;
                const node_t v = to_[a];
                if (sc(a) + pu - pot_[v] >= 0 || state[v] == 2) continue;
                if (state[v] == 1) {  // back arc: an admissible cycle
                    std::fill(state.begin(), state.end(), 0);
                    return false;
                }
                break;
            }
            cur_[u] = a;
            if (a < end) {
                const node_t v = to_[a];
                state[v] = 1;
                cur_[v] = first_[v];
                stack.push_back(v);
            } else {
                state[u] = 2;
                order_[--done] = u;
                stack.pop_back();
            }
        }
    }
    std::fill(state.begin(), state.end(), 0);
    return true;
}

// Price refinement (Goldberg 1997; as LEMON's): at the start of a phase the flow has no
// excess; try to make it eps-optimal by changing potentials only, so the phase can be
// skipped. Ranks are the longest paths in the admissible graph with arc lengths
// ceil(-rc / eps) - 1; lowering each node's potential by eps times its (propagated) rank
// removes the violations. True when the flow is eps-optimal afterwards.
template <class Cap, class Cst>
bool CostScalingCore<Cap, Cst>::price_refine(cost_t eps) {
    const node_t max_rank = 16 * N_;
    std::vector<node_t>& rank = dist_;
    std::vector<std::vector<node_t>> buckets;
    for (int round = 0; round < 64; ++round) {
        if (!admissible_order()) return false;
        rank.assign(static_cast<std::size_t>(N_), 0);
        node_t top = 0;
        for (const node_t u : order_) {
            const node_t ru = rank[u];
            top = std::max(top, ru);
            const cost_t pu = pot_[u];
            for (node_t a = first_[u], end = first_[u + 1]; a < end; ++a) {
                if (res_[a] == 0) continue;
                const node_t v = to_[a];
                const cost_t rc = sc(a) + pu - pot_[v];
                if (rc >= 0) continue;
                const cost_t k = (-rc - 1) / eps;
                if (k + ru > max_rank) return false;
                if (ru + k > rank[v]) rank[v] = ru + static_cast<node_t>(k);
            }
        }
        if (top == 0) return true;
        buckets.assign(static_cast<std::size_t>(top) + 1, {});
        for (node_t v = 0; v < N_; ++v)
            if (rank[v] > 0) buckets[rank[v]].push_back(v);
        std::vector<char>& done = on_path_;
        for (node_t r = top; r > 0; --r) {
            while (!buckets[r].empty()) {
                const node_t u = buckets[r].back();
                buckets[r].pop_back();
                if (done[u] || rank[u] != r) continue;  // moved up to a higher bucket
                done[u] = 1;
                const cost_t pu = pot_[u];
                for (node_t a = first_[u], end = first_[u + 1]; a < end; ++a) {
                    if (res_[a] == 0) continue;
                    const node_t v = to_[a];
                    if (rank[v] >= r || done[v]) continue;
                    const cost_t rc = sc(a) + pu - pot_[v];
                    const cost_t slack = rc < 0 ? 0 : rc / eps + 1;
                    if (slack >= r) continue;
                    const node_t nr = r - static_cast<node_t>(slack);
                    if (nr <= rank[v]) continue;
                    rank[v] = nr;
                    buckets[nr].push_back(v);
                }
                pot_[u] -= r * eps;
            }
        }
        std::fill(done.begin(), done.end(), 0);
    }
    return false;
}

// Exact integer potentials for the final flow: label-correcting shortest paths (FIFO) over
// the residual graph in the caller's cost units, the infinite arcs uncapped, started from the
// scaled potentials. False when a node is queued more than N + 1 times: a negative cycle.
template <class Cap, class Cst>
bool CostScalingCore<Cap, Cst>::exact_potentials() {
    std::vector<char> uncapped(res_.size(), 0);
    for (node_t a = 0; a < arcs_; ++a)
        if (cap_[a] == kInf) uncapped[fwd_[a]] = 1;
    std::vector<cost_t> d(static_cast<std::size_t>(N_));
    for (node_t v = 0; v < N_; ++v) {  // floor(pot / scale)
        const cost_t p = pot_[v];
        d[v] = p >= 0 ? p / scale_ : -((-p + scale_ - 1) / scale_);
    }
    std::vector<node_t> count(static_cast<std::size_t>(N_), 0);
    std::vector<char> queued(static_cast<std::size_t>(N_), 1);
    std::vector<node_t> q(static_cast<std::size_t>(N_) + 1);
    const std::size_t Q = q.size();
    std::size_t qh = 0, qt = 0;
    for (node_t v = 0; v < N_; ++v) q[qt++] = v;
    while (qh != qt) {
        const node_t u = q[qh];
        qh = qh + 1 == Q ? 0 : qh + 1;
        queued[u] = 0;
        const cost_t du = d[u];
        for (node_t a = first_[u], end = first_[u + 1]; a < end; ++a) {
            if (res_[a] == 0 && !uncapped[a]) continue;
            const node_t v = to_[a];
            const cost_t nd = du + static_cast<cost_t>(c_[a]);
            if (nd >= d[v]) continue;
            d[v] = nd;
            if (!queued[v]) {
                if (++count[v] > N_ + 1) return false;  // enqueued once per pass at most
                queued[v] = 1;
                q[qt] = v;
                qt = qt + 1 == Q ? 0 : qt + 1;
            }
        }
    }
    const cost_t shift = d[root_];
    for (node_t v = 0; v < N_; ++v) pot_[v] = d[v] - shift;
    return true;
}

template <class Cap, class Cst>
typename CostScalingCore<Cap, Cst>::Result CostScalingCore<Cap, Cst>::solve(const Limits& limits) {
    // The first phase saturates every arc of negative reduced cost, so any starting eps is
    // correct; starting from the caller's largest |cost| (not the big-M of the artificial
    // arcs, about n times larger) saves log_alpha(n) phases.
    cost_t max_c = 1;
    for (node_t a = 0; a < m_; ++a) max_c = std::max<cost_t>(max_c, cost_[a] < 0 ? -cost_[a] : cost_[a]);
    constexpr cost_t alpha = 16;
    cost_t eps = max_c * scale_;
    Result stop = Result::optimal;
    int phase = 0;
    do {
        eps = std::max<cost_t>(1, eps / alpha);
        if (++phase >= 2 && price_refine(eps)) continue;
        if (!refine(eps, limits, stop)) {
            std::fill(res_.begin(), res_.end(), 0);  // no flow to report (see the header)
            std::fill(pot_.begin(), pot_.end(), 0);
            return stop;
        }
    } while (eps > 1);
    if (!exact_potentials()) return Result::unbounded;
    // With M below the big-M, a flow that uses no artificial arc is still optimal (it is
    // feasible, and optimal for a problem that only adds arcs); one that does proves nothing.
    for (node_t a = art_begin_; a < arcs_; ++a)
        if (flow_of(a) != 0) return art_capped_ ? Result::inconclusive : Result::infeasible;
    return Result::optimal;
}

HATCHNET_ALGO_INLINE decltype(CostScalingEngine::core_) CostScalingEngine::make_core(
    node_t n, std::vector<node_t> tail, std::vector<node_t> head, std::vector<value_t> cap, std::vector<cost_t> cost,
    const std::vector<value_t>& b, bool max_flow, const std::vector<value_t>& b_orig, cost_t max_abs_cost,
    value_t flow_bound) {
    // 32-bit storage when every residual capacity (the finite capacities, the bound standing
    // in for infinity, the supplies on the artificial and slack arcs) and every unscaled cost
    // (the artificial arcs' M included) fits
    constexpr value_t kMax32 = std::numeric_limits<std::int32_t>::max();
    const cost_t art = artificial_cost(n, max_abs_cost, max_flow);
    bool narrow_cap = flow_bound < kMax32;
    for (const value_t u : cap)
        if (u != kInf && u > kMax32) narrow_cap = false;
    for (std::size_t v = 0; v < b.size(); ++v)
        if (b[v] > kMax32 || b[v] < -kMax32 || (max_flow && (b_orig[v] > kMax32 || b_orig[v] < -kMax32)))
            narrow_cap = false;
    const cost_t big = static_cast<cost_t>(n) * max_abs_cost + 1;  // the core's big-M and M
    const cost_t m_cost = std::max(art, max_flow ? 2 * big : big);
    const bool narrow_cost = max_abs_cost <= kMax32 && m_cost <= kMax32;
    using V = decltype(core_);
    auto args = [&](auto idx) {
        return V(idx, n, std::move(tail), std::move(head), std::move(cap), std::move(cost), b, max_flow, b_orig,
                 max_abs_cost, flow_bound, art);
    };
    if (narrow_cap && narrow_cost) return args(std::in_place_index<3>);
    if (narrow_cost) return args(std::in_place_index<2>);
    if (narrow_cap) return args(std::in_place_index<1>);
    return args(std::in_place_index<0>);
}

HATCHNET_ALGO_INLINE CostScalingEngine::CostScalingEngine(node_t n, std::vector<node_t> tail, std::vector<node_t> head,
                                                          std::vector<value_t> cap, std::vector<cost_t> cost,
                                                          const std::vector<value_t>& b, bool max_flow,
                                                          const std::vector<value_t>& b_orig, cost_t max_abs_cost,
                                                          value_t flow_bound)
    : m_(static_cast<node_t>(tail.size())),
      core_(make_core(n, std::move(tail), std::move(head), std::move(cap), std::move(cost), b, max_flow, b_orig,
                      max_abs_cost, flow_bound)) {}

HATCHNET_ALGO_INLINE CostScalingEngine::Result CostScalingEngine::solve(const Limits& limits) {
    return std::visit([&](auto& c) { return c.solve(limits); }, core_);
}

}  // namespace hatchnet::algo::detail::mcf
