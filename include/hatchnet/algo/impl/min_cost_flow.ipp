// The network simplex of hatchnet/algo/min_cost_flow.hpp (see the header for the method).
//
// Internal conventions (all indices int32, all quantities int64):
//   * nodes 0..n-1 are the caller's, node n is the artificial root;
//   * arcs are renumbered: positions [0, m) hold the caller's arcs in a "mixed" order (arc
//     a = j + i*stride goes to consecutive positions for fixed j) so that one pricing block
//     touches many different tails; then, in Mode::max_flow_min_cost, the slack arcs; then
//     the n artificial arcs of the starting basis, which are never priced (once they leave
//     the basis they stay out);
//   * lower bounds are shifted away: flow' = flow - lower, capacity' = capacity - lower;
//   * arc state: +1 at lower bound, -1 at upper bound, 0 in the spanning tree;
//   * price_[e] is arc e "as the residual graph sees it": (tail, head, cost) when the arc may
//     increase (state +1 or tree), (head, tail, -cost) at the upper bound (state -1). An arc
//     is eligible to enter exactly when  c + pi[s] - pi[t] < 0  for its record (tree arcs
//     have reduced cost 0, so they never qualify). The record is the solver's only copy of
//     the arc's ends and cost (otail / ohead / ocost undo the reversal); its cost field is
//     32-bit when all stored costs fit (Simplex<int32_t>), else 64-bit;
//   * the mixed order is not stored: by_position / by_arc / arc_at compute it;
//   * tree: parent_[v], pred_[v] (the tree arc between v and its parent), up_[v] (true when
//     that arc is v -> parent), thread_/rev_ (preorder list, circular through the root),
//     size_[v] (nodes in v's subtree), last_[v] (the last node of v's subtree in preorder).
// Included by hatchnet/algo/min_cost_flow.hpp (header-only mode) or by src/algo/min_cost_flow.cpp
// (compiled into the library); see hatchnet/algo/config.hpp.
#pragma once

#include "hatchnet/algo/min_cost_flow.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "hatchnet/algo/cost_scaling.hpp"
#include "hatchnet/error.hpp"

#if !defined(HATCHNET_ALGO_COMPILED)
#include "hatchnet/algo/impl/min_cost_flow_common.ipp"
#endif

namespace hatchnet::algo {

namespace detail::mcf {

using i128 = detail::int128;
// internal types: flows are int64 whatever the caller's V (V's range is proven by the
// guards); costs and potentials are int64 for integer C, double for floating C
using node_t = std::int32_t;
using value_t = std::int64_t;
using cost_t = std::int64_t;

inline constexpr value_t kInf = std::numeric_limits<value_t>::max();
inline constexpr i128 kLimit = static_cast<i128>(1) << 62;  // every bound we prove stays below this

inline std::string arc_record(std::size_t a) { return "arc " + std::to_string(a); }
inline std::string node_record(std::size_t v) { return "node " + std::to_string(v); }

inline i128 abs128(i128 x) { return x < 0 ? -x : x; }

// The bound every proven quantity of integer type T stays below: 2^62, or T's range if narrower.
template <class T>
constexpr i128 limit_of() {
    return std::min<i128>(kLimit, static_cast<i128>(std::numeric_limits<T>::max()));
}

// A cost the solver accepts: not the integer minimum (its negation overflows); finite.
template <class CC>
bool cost_ok(CC c) {
    if constexpr (std::is_floating_point_v<CC>) return std::isfinite(c);
    else return c != std::numeric_limits<CC>::min();
}

inline std::string to_dec(i128 x) {
    if (x == 0) return "0";
    bool neg = x < 0;
    if (neg) x = -x;
    std::string s;
    while (x > 0) { s.push_back(static_cast<char>('0' + static_cast<int>(x % 10))); x /= 10; }
    if (neg) s.push_back('-');
    std::reverse(s.begin(), s.end());
    return s;
}

// A pricing record. RecCost is int32_t when every cost the simplex stores (the caller's, the
// slack and the artificial big-M costs) fits in 31 bits, else int64_t: 12 instead of 16
// bytes per arc, and pricing, which streams these records, is bound by memory traffic.
template <class RecCost>
struct PriceRecT {
    node_t s, t;
    RecCost c;
};

enum class Outcome { optimal, infeasible, unbounded, limit, time_limit, interrupted };

inline MinCostFlowStatus to_status(Outcome out) {
    switch (out) {
        case Outcome::optimal: return MinCostFlowStatus::optimal;
        case Outcome::infeasible: return MinCostFlowStatus::infeasible;
        case Outcome::unbounded: return MinCostFlowStatus::unbounded;
        case Outcome::limit: return MinCostFlowStatus::iteration_limit;
        case Outcome::time_limit: return MinCostFlowStatus::time_limit;
        case Outcome::interrupted: return MinCostFlowStatus::interrupted;
    }
    return MinCostFlowStatus::not_run;
}

using Clock = std::chrono::steady_clock;

// How a solve may be stopped and watched (CC: the caller's cost type).
template <class CC>
struct Control {
    std::int64_t pivot_limit = 0;          // 0: none
    bool has_deadline = false;
    Clock::time_point start, deadline;
    const std::function<bool(const MinCostFlowProgress&)>* progress = nullptr;  // null or empty: none
    std::int64_t progress_every = 10000;
    const std::vector<CC>* caller_cost = nullptr;   // for the progress objective
    double lower_cost = 0;                 // sum cost * lower (the shifted-away part)
};

// The kept basis of a run, in the caller's terms (arc ids, node ids), so that it survives
// added arcs and nodes and the renumbering of run(). Independent of the value types.
struct Basis {
    bool max_flow = false;
    node_t n = 0;
    std::vector<signed char> arc_state;   // per caller arc: +1 lower, -1 upper, 0 tree
    std::vector<node_t> parent;           // per node: tree parent, -1 = the root
    std::vector<node_t> pred;              // per node: caller arc id; -1 artificial; -2 slack
    std::vector<signed char> up;          // per node: pred arc points to the parent
    std::vector<signed char> slack_sign;  // per node: +1 v -> root, -1 root -> v, 0 none
    std::vector<signed char> slack_state; // per node: state of its slack arc
    std::vector<node_t> preorder;         // the caller's nodes in tree preorder
};

// One solve: copies the (validated, lower-bound-shifted) problem into the simplex arrays.
// RecCost: the cost field of a pricing record (int32 or int64 for integer costs, double for
// floating ones); Cost: potentials and reduced costs (int64, or double).
template <class RecCost, class Cost = cost_t>
class Simplex {
public:
    using cost_t = Cost;
    using PriceRec = PriceRecT<RecCost>;
    static PriceRec rec(node_t s, node_t t, cost_t c) { return {s, t, static_cast<RecCost>(c)}; }
    static constexpr bool floating = std::is_floating_point_v<Cost>;

    // the caller's arcs with bounds [lower, upper] (upper >= kInf: infinite; shifted here to
    // [0, upper - lower]) and costs; supplies b (lower bounds already moved; sum arbitrary in
    // max-flow mode, zero in exact mode); slack limits b_orig for max-flow mode.
    // (VV, CC: the caller's value and cost types; capacities >= VV's max are infinite)
    template <class VV, class CC>
    Simplex(node_t n, const std::vector<node_t>& tail, const std::vector<node_t>& head,
            const std::vector<VV>& lower, const std::vector<VV>& upper,
            const std::vector<CC>& cost, const std::vector<value_t>& b, bool max_flow,
            const std::vector<VV>& b_orig, cost_t max_abs_cost, double block_factor)
        : n_(n), m_(static_cast<node_t>(tail.size())), root_(n), max_flow_(max_flow) {
        constexpr VV vinf = std::numeric_limits<VV>::max();
        const cost_t C = max_abs_cost;
        // big-M constants (see the header and docs/algorithms/matching.md for the proof)
        big_m_ = static_cast<cost_t>(n) * C + 1;            // penalty per unit of unmet demand
        art_m_ = (max_flow ? big_m_ : 0) + static_cast<cost_t>(n) * C + 1;  // artificial arcs

        node_t slack = 0;
        if (max_flow)
            for (node_t v = 0; v < n; ++v) slack += (b_orig[v] != 0);
        search_end_ = m_ + slack;
        const node_t total = search_end_ + n;
        price_.resize(total);
        cap_.resize(total);
        flow_.assign(total, 0);
        state_.assign(total, 1);
        // mixed order of the caller's arcs (see by_position)
        stride_ = std::max<node_t>(3, n > 0 ? m_ / std::max<node_t>(n, 1) : 3);
        mixed_ = m_ > 0 && n > 1 && m_ > stride_;
        // one pass over the caller's arrays: the pricing record (original orientation: every
        // arc starts at its lower bound) and the shifted capacity
        by_arc([&](node_t a, node_t p) {
            price_[p] = rec(tail[a], head[a], static_cast<cost_t>(cost[a]));
            cap_[p] = upper[a] >= vinf ? kInf : value_t(upper[a]) - value_t(lower[a]);
        });
        // slack arcs (max-flow mode): unshipped supply v -> root at cost 0, capacity b(v);
        // unmet demand root -> v at cost big_m_, capacity -b(v).
        node_t e = m_;
        slack_of_.assign(max_flow ? n : 0, -1);
        for (node_t v = 0; max_flow && v < n; ++v) {
            if (b_orig[v] == 0) continue;
            slack_of_[v] = e;
            if (b_orig[v] > 0) {
                price_[e] = rec(v, root_, 0); cap_[e] = b_orig[v];
            } else {
                price_[e] = rec(root_, v, big_m_); cap_[e] = -b_orig[v];
            }
            ++e;
        }

        // starting basis: every node hangs from the root by an artificial arc carrying its
        // supply; the tree is strongly feasible (flow can always be pushed towards the root).
        const node_t N = n + 1;
        pi_.assign(N, 0);
        parent_.assign(N, -1);
        pred_.assign(N, -1);
        up_.assign(N, 0);
        thread_.resize(N);
        rev_.resize(N);
        size_.assign(N, 1);
        last_.resize(N);
        for (node_t v = 0; v < n; ++v) {
            const node_t a = search_end_ + v;
            parent_[v] = root_;
            pred_[v] = a;
            state_[a] = 0;
            cap_[a] = kInf;
            if (b[v] >= 0) {  // v -> root
                price_[a] = rec(v, root_, max_flow ? art_m_ : 0);
                flow_[a] = b[v];
                up_[v] = 1;
                pi_[v] = -price_[a].c;
            } else {          // root -> v
                price_[a] = rec(root_, v, art_m_);
                flow_[a] = -b[v];
                up_[v] = 0;
                pi_[v] = price_[a].c;
            }
            thread_[v] = v + 1;  // root's thread: 0, 1, ..., n-1, root
            rev_[v + 1] = v;
            last_[v] = v;
        }
        thread_[root_] = n > 0 ? 0 : root_;
        rev_[0] = root_;
        if (n == 0) rev_[root_] = root_;
        else thread_[n - 1] = root_;
        size_[root_] = N;
        last_[root_] = n > 0 ? n - 1 : root_;

        // Pricing block: block_factor * sqrt(m) arcs, fixed, when the caller set a factor
        // (block_factor > 0); else adaptive (adapt_block), starting at sqrt(m) (LEMON's and
        // Kovacs's default) and kept within [kMinBlockFactor, kMaxBlockFactor] * sqrt(m).
        const double root_m = std::sqrt(double(std::max<node_t>(search_end_, 1)));
        const double f = block_factor > 0 ? block_factor : 1.0;
        block_ = std::max<node_t>(10, static_cast<node_t>(std::min(f * root_m, double(std::max<node_t>(search_end_, 10)))));
        adaptive_ = !(block_factor > 0);
        min_block_ = std::max<node_t>(10, static_cast<node_t>(kMinBlockFactor * root_m));
        max_block_ = std::max<node_t>(min_block_, static_cast<node_t>(std::min(kMaxBlockFactor * root_m, double(search_end_))));
    }

    // Floating costs: an arc enters only when its reduced cost is below -eps.
    void set_tolerance(cost_t eps) { eps_ = eps; }

    // Solves from the current basis. During the solve the flow and capacity of each tree arc
    // live in node-indexed arrays (tflow_, tcap_: the arc pred_[v] of node v), so the cycle
    // walks of a pivot touch only node arrays (n entries, cache-resident) and never the
    // arc-indexed flow_ / cap_ (m entries); flow_ is brought up to date on every way out.
    template <class Ctl>
    Outcome solve(const Ctl& ctl) {
        load_tree();
        const Outcome out = solve_loop(ctl);
        store_tree();
        return out;
    }

    template <class Ctl>
    Outcome solve_loop(const Ctl& ctl) {
        const std::int64_t limit = ctl.pivot_limit;
        const bool watched = ctl.progress && *ctl.progress;
        const std::int64_t every = std::max<std::int64_t>(1, ctl.progress_every);
        std::int64_t next_report = every;
        has_deadline_ = ctl.has_deadline;
        deadline_ = ctl.deadline;
        initial_pivots();
        if (stop_) return stop_outcome_;
        while (true) {
            if (limit > 0 && pivots_ >= limit) return Outcome::limit;
            if ((pivots_ & 63) == 0 && ctl.has_deadline && Clock::now() >= ctl.deadline)
                return Outcome::time_limit;
            if (watched && pivots_ >= next_report) {
                next_report = pivots_ + every;
                store_tree();
                if (!(*ctl.progress)(progress(ctl))) return Outcome::interrupted;
            }
            node_t e = find_entering();
            if (e < 0 && floating && refreshes_ < 3) {
                // potentials drift by rounding: recompute them along the tree and look again
                ++refreshes_;
                refresh_potentials();
                e = find_entering();
            }
            if (e < 0) break;
            if (!pivot(e)) return Outcome::unbounded;
            if (adaptive_ && pivots_ >= window_end_) adapt_block();
        }
        for (node_t v = 0; v < n_; ++v)
            if (pred_[v] == search_end_ + v && tflow_[v] != 0) return Outcome::infeasible;
        return Outcome::optimal;
    }

    void load_tree() {
        tflow_.resize(static_cast<std::size_t>(n_) + 1);
        tcap_.resize(static_cast<std::size_t>(n_) + 1);
        for (node_t v = 0; v < n_; ++v) {
            tflow_[v] = flow_[pred_[v]];
            tcap_[v] = cap_[pred_[v]];
        }
    }
    void store_tree() {
        for (node_t v = 0; v < n_; ++v) flow_[pred_[v]] = tflow_[v];
    }

    std::int64_t pivots() const { return pivots_; }
    std::int64_t scanned() const { return scanned_; }
    node_t block() const { return block_; }
    std::int64_t tree_work() const { return work_; }

    template <class Ctl>
    MinCostFlowProgress progress(const Ctl& ctl) const {
        MinCostFlowProgress p;
        p.pivots = pivots_;
        p.seconds = std::chrono::duration<double>(Clock::now() - ctl.start).count();
        double obj = ctl.lower_cost;
        if (ctl.caller_cost)
            by_position([&](node_t a, node_t q) {
                if (flow_[q] != 0) obj += static_cast<double>(flow_[q]) * static_cast<double>((*ctl.caller_cost)[a]);
            });
        p.objective = obj;
        value_t inf = 0;
        for (node_t v = 0; v < n_; ++v)
            if (pred_[v] == search_end_ + v) inf += flow_[search_end_ + v];
        p.infeasibility = inf;
        return p;
    }

    // ---------------------------------------------------------------- warm start
    // The basis in the caller's terms (see Basis).
    std::shared_ptr<const Basis> export_basis(bool max_flow) const {
        auto B = std::make_shared<Basis>();
        B->max_flow = max_flow;
        B->n = n_;
        B->arc_state.assign(static_cast<std::size_t>(m_), 1);
        by_arc([&](node_t a, node_t p) { B->arc_state[a] = state_[p]; });
        B->parent.resize(n_);
        B->pred.resize(n_);
        B->up.resize(n_);
        B->slack_sign.assign(n_, 0);
        B->slack_state.assign(n_, 1);
        for (node_t v = 0; v < n_; ++v) {
            B->parent[v] = parent_[v] == root_ ? -1 : parent_[v];
            const node_t a = pred_[v];
            B->pred[v] = a < m_ ? arc_at(a) : a < search_end_ ? -2 : -1;
            B->up[v] = up_[v];
            if (!slack_of_.empty() && slack_of_[v] >= 0) {
                const node_t e = slack_of_[v];
                B->slack_sign[v] = otail(e) == v ? 1 : -1;
                B->slack_state[v] = state_[e];
            }
        }
        B->preorder.reserve(n_);
        for (node_t v = thread_[root_]; v != root_; v = thread_[v]) B->preorder.push_back(v);
        return B;
    }

    // Replaces the artificial starting basis (built by the constructor) by the kept basis B,
    // adapted to the current data (b: shifted supplies): see the header. Returns the number
    // of subtrees re-hung from the root. The steps (each below, in this order): arc states,
    // the tree's parents and preds, non-tree flows at their bounds, the preorder to keep,
    // tree flows (cutting what no longer fits), thread / sizes / lasts / potentials.
    node_t import_basis(const Basis& B, const std::vector<value_t>& b) {
        std::vector<node_t> pos(static_cast<std::size_t>(m_));
        import_states(B, pos);
        import_tree(B, pos);
        flows_at_bounds();
        const std::vector<node_t> seq = import_order(B);
        const node_t cuts = import_tree_flows(seq, b);
        build_thread(seq);
        // records were left in the original orientation above: turn those at the upper bound
        for (node_t p = 0; p < search_end_; ++p)
            if (state_[p] < 0) reverse_price(p);
        next_ = 0;
        fresh_ = false;
        return cuts;
    }

    // flow of the caller's arc a (shifted), of the slack arc of node v
    value_t arc_flow(node_t p) const { return flow_[p]; }
    // The mixed order: position p in [0, m) holds caller arc arc_at(p); the arcs j, j +
    // stride, j + 2 stride, ... take consecutive positions (j = 0, 1, ..., stride - 1), so one
    // pricing block touches many different tails (as LEMON's arc mixing). With
    // m = q stride + r, residue class j starts at position j q + min(j, r); nothing is stored.
    // by_position calls f(a, p) in position order, by_arc in caller-arc order.
    template <class F>
    void by_position(F&& f) const {
        if (!mixed_) {
            for (node_t a = 0; a < m_; ++a) f(a, a);
            return;
        }
        node_t p = 0;
        for (node_t j = 0; j < stride_; ++j)
            for (node_t a = j; a < m_; a += stride_) f(a, p++);
    }
    template <class F>
    void by_arc(F&& f) const {
        if (!mixed_) {
            for (node_t a = 0; a < m_; ++a) f(a, a);
            return;
        }
        const node_t q = m_ / stride_, r = m_ % stride_;
        node_t i = 0, j = 0, start = 0;  // a = j + i stride; start = position of residue j
        for (node_t a = 0; a < m_; ++a) {
            f(a, start + i);
            start += q + (j < r);
            if (++j == stride_) { j = 0; start = 0; ++i; }
        }
    }
    node_t arc_at(node_t p) const {
        if (!mixed_) return p;
        const node_t q = m_ / stride_, r = m_ % stride_;
        const node_t big = r * (q + 1);  // positions of the r residues with q + 1 arcs
        const node_t j = p < big ? p / (q + 1) : r + (p - big) / q;
        const node_t i = p < big ? p % (q + 1) : (p - big) % q;
        return j + i * stride_;
    }
    value_t slack_flow(node_t v) const {
        return slack_of_.empty() || slack_of_[v] < 0 ? 0 : flow_[slack_of_[v]];
    }
    cost_t pi(node_t v) const { return pi_[v]; }

private:
    node_t n_, m_, root_, search_end_ = 0, block_ = 10, next_ = 0;
    bool max_flow_ = false;
    cost_t big_m_ = 0, art_m_ = 0;
    std::int64_t pivots_ = 0;
    std::int64_t scanned_ = 0, work_ = 0;  // arcs priced; tree nodes visited by pivots
    bool adaptive_ = true;
    node_t min_block_ = 10, max_block_ = 10;
    std::int64_t window_pivots_ = 0, window_work_ = 0, window_end_ = 0;
    double work_avg_ = 0;

    std::vector<PriceRec> price_;
    node_t stride_ = 3;
    bool mixed_ = false;
    std::vector<node_t> slack_of_;
    std::vector<value_t> cap_, flow_;
    std::vector<signed char> state_;

    std::vector<cost_t> pi_;
    std::vector<node_t> parent_, pred_, thread_, rev_, size_, last_;
    std::vector<value_t> tflow_, tcap_;  // during solve: flow and capacity of arc pred_[v]
    std::vector<signed char> up_;

    // scratch for the stem of a pivot
    struct StemNode { node_t v, last, rev, after; };
    std::vector<StemNode> stem_;

    bool has_deadline_ = false;
    Clock::time_point deadline_{};
    cost_t eps_ = 0;        // floating costs: the entering tolerance (0 for integers)
    int refreshes_ = 0;     // floating costs: potential recomputations at the end
    bool stop_ = false;
    Outcome stop_outcome_ = Outcome::limit;
    bool fresh_ = true;     // the artificial starting basis (no import_basis)

    // ---------------------------------------------------------------- import_basis steps
    // 1. arc states from B (tree arcs are set again from the preds by import_tree); pos[a]:
    //    the position of caller arc a
    void import_states(const Basis& B, std::vector<node_t>& pos) {
        const node_t mb = static_cast<node_t>(B.arc_state.size());
        by_arc([&](node_t a, node_t p) {
            pos[a] = p;
            state_[p] = a < mb && B.arc_state[a] < 0 ? -1 : 1;
        });
        for (node_t v = 0; !slack_of_.empty() && v < n_; ++v) {
            const node_t e = slack_of_[v];
            if (e < 0) continue;
            const signed char sign = price_[e].s == v ? 1 : -1;  // records untouched so far
            state_[e] = v < B.n && B.slack_sign[v] == sign && B.slack_state[v] < 0 ? -1 : 1;
        }
    }

    // 2. the tree: old nodes keep their parent and pred; new ones hang from the root
    void import_tree(const Basis& B, const std::vector<node_t>& pos) {
        for (node_t v = 0; v < n_; ++v) {
            const node_t art = search_end_ + v;
            state_[art] = 1;
            flow_[art] = 0;
            parent_[v] = root_;
            pred_[v] = art;
            up_[v] = 1;
            if (v >= B.n) continue;
            const node_t k = B.pred[v];
            if (k >= 0) {
                parent_[v] = B.parent[v] < 0 ? root_ : B.parent[v];
                pred_[v] = pos[k];
                up_[v] = B.up[v];
            } else if (k == -2 && !slack_of_.empty() && slack_of_[v] >= 0) {
                const node_t e = slack_of_[v];
                if ((price_[e].s == v ? 1 : -1) == B.slack_sign[v]) {
                    pred_[v] = e;
                    up_[v] = static_cast<signed char>(price_[e].s == v);
                }
            }
        }
        for (node_t v = 0; v < n_; ++v) state_[pred_[v]] = 0;
    }

    // 3. non-tree flows at their bounds (an "upper" arc that became infinite goes to 0)
    void flows_at_bounds() {
        for (node_t p = 0; p < search_end_; ++p) {
            if (state_[p] == 0) continue;
            if (state_[p] < 0 && cap_[p] == kInf) state_[p] = 1;
            flow_[p] = state_[p] < 0 ? cap_[p] : 0;
        }
    }

    // 4. preorder: old nodes in their old preorder, then new nodes; children keep the
    //    relative order in which they appear
    std::vector<node_t> import_order(const Basis& B) const {
        std::vector<node_t> seq;
        seq.reserve(n_);
        for (node_t v : B.preorder)
            if (v < n_) seq.push_back(v);
        for (node_t v = B.n; v < n_; ++v) seq.push_back(v);
        return seq;
    }

    // 5. excesses from the non-tree flows; tree flows bottom-up (reverse preorder), cutting
    //    arcs that are out of bounds or not strongly feasible; returns the number of cuts
    node_t import_tree_flows(const std::vector<node_t>& seq, const std::vector<value_t>& b) {
        std::vector<value_t> E(b.begin(), b.end());
        E.resize(static_cast<std::size_t>(n_) + 1, 0);
        for (node_t p = 0; p < search_end_; ++p) {
            if (state_[p] == 0 || flow_[p] == 0) continue;
            E[price_[p].s] -= flow_[p];  // records still in the original orientation
            E[price_[p].t] += flow_[p];
        }
        node_t cuts = 0;
        for (auto it = seq.rbegin(); it != seq.rend(); ++it) {
            const node_t v = *it;
            const node_t a = pred_[v];
            const node_t par = parent_[v];
            if (a >= search_end_) {  // artificial: re-oriented to carry the subtree's excess
                hang_on_root(v, E[v]);
                continue;
            }
            const value_t x = up_[v] ? E[v] : -E[v];
            const bool ok = up_[v] ? (x >= 0 && (cap_[a] == kInf || x < cap_[a]))
                                   : (x > 0 && (cap_[a] == kInf || x <= cap_[a]));
            if (ok) {
                flow_[a] = x;
                E[par] += E[v];
                continue;
            }
            // fix the arc at the violated (or degenerate) bound and re-hang v's subtree
            ++cuts;
            const bool at_upper = x > 0 && cap_[a] != kInf && x >= cap_[a];
            state_[a] = at_upper ? -1 : 1;
            flow_[a] = at_upper ? cap_[a] : 0;
            const value_t T = up_[v] ? flow_[a] : -flow_[a];  // what the arc still carries to par
            E[par] += T;
            parent_[v] = root_;
            pred_[v] = search_end_ + v;
            state_[pred_[v]] = 0;
            hang_on_root(v, E[v] - T);
        }
        return cuts;
    }

    // 6. thread, reverse thread, sizes, lasts from the parents (children in seq order);
    // 7. potentials along the new preorder
    void build_thread(const std::vector<node_t>& seq) {
        const node_t N = n_ + 1;
        std::vector<node_t> first_child(N, -1), next_sib(N, -1), last_child(N, -1);
        for (node_t v : seq) {
            const node_t p = parent_[v];
            if (last_child[p] < 0) first_child[p] = v;
            else next_sib[last_child[p]] = v;
            last_child[p] = v;
        }
        // iterative preorder
        node_t prev = root_;
        std::vector<node_t> stack;
        stack.push_back(root_);
        std::vector<node_t> pre;
        pre.reserve(N);
        while (!stack.empty()) {
            const node_t v = stack.back();
            stack.pop_back();
            pre.push_back(v);
            if (v != root_) {
                thread_[prev] = v;
                rev_[v] = prev;
                prev = v;
            }
            // push children in reverse so the first child comes out first
            std::size_t mark = stack.size();
            for (node_t c = first_child[v]; c >= 0; c = next_sib[c]) stack.push_back(c);
            std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
        }
        thread_[prev] = root_;
        rev_[root_] = prev;
        for (auto it = pre.rbegin(); it != pre.rend(); ++it) {
            const node_t v = *it;
            size_[v] = 1;
            last_[v] = v;
        }
        for (auto it = pre.rbegin(); it != pre.rend(); ++it) {
            const node_t v = *it;
            if (v == root_) continue;
            size_[parent_[v]] += size_[v];
        }
        // last(v): the last node of v's subtree in preorder = last of its last child
        for (auto it = pre.rbegin(); it != pre.rend(); ++it) {
            const node_t v = *it;
            if (last_child[v] >= 0) last_[v] = last_[last_child[v]];
        }
        parent_[root_] = -1;
        pred_[root_] = -1;
        pi_[root_] = 0;
        for (std::size_t i = 1; i < pre.size(); ++i) {
            const node_t v = pre[i];
            const node_t a = pred_[v];
            pi_[v] = up_[v] ? pi_[parent_[v]] - price_[a].c : pi_[parent_[v]] + price_[a].c;
        }
    }

    // v hangs from the root by its artificial arc carrying `excess` towards the root (v ->
    // root when excess >= 0, else root -> v): strongly feasible either way.
    void hang_on_root(node_t v, value_t excess) {
        const node_t a = search_end_ + v;
        state_[a] = 0;
        parent_[v] = root_;
        pred_[v] = a;
        if (excess >= 0) {
            price_[a] = rec(v, root_, max_flow_ ? art_m_ : 0);
            flow_[a] = excess;
            up_[v] = 1;
        } else {
            price_[a] = rec(root_, v, art_m_);
            flow_[a] = -excess;
            up_[v] = 0;
        }
    }

    // potentials from scratch along the preorder (root 0): exact for integers; for floating
    // costs this removes the rounding that the incremental updates of rehang accumulate
    void refresh_potentials() {
        pi_[root_] = 0;
        for (node_t v = thread_[root_]; v != root_; v = thread_[v]) {
            const node_t a = pred_[v];
            const cost_t c = static_cast<cost_t>(ocost(a));
            // the tree arc's record is in the original orientation (tree arcs: state 0)
            pi_[v] = up_[v] ? pi_[parent_[v]] - c : pi_[parent_[v]] + c;
        }
    }

    cost_t reduced(node_t e) const {
        const PriceRec& r = price_[e];
        return r.c + pi_[r.s] - pi_[r.t];
    }

    // Block search: scan arcs cyclically from next_, in blocks of block_ arcs; return the
    // most violating arc of the first block that has one (-1 when none: optimal).
    node_t find_entering() {
        const node_t M = search_end_;
        cost_t best = -eps_;
        node_t best_e = -1;
        node_t e = next_;
        node_t scanned = 0;
        while (scanned < M) {
            const node_t len = std::min(block_, M - scanned);
            const node_t end1 = std::min<node_t>(e + len, M);
            scan(e, end1, best, best_e);
            if (end1 - e < len) {  // the block wraps around
                const node_t end2 = len - (end1 - e);
                scan(0, end2, best, best_e);
                e = end2;
            } else {
                e = end1 == M ? 0 : end1;
            }
            scanned += len;
            if (best_e >= 0) break;
        }
        scanned_ += scanned;
        next_ = e;
        return best_e;
    }

    // Adaptive pricing (no test of the network's shape; only counts observed in this run).
    // Pricing a block costs its length; a pivot costs the tree nodes it visits (the walk
    // up the cycle to the join, the re-rooted stem, the potentials shifted) plus a constant.
    // A larger block picks better arcs, so fewer pivots, which pays when pivots are dear
    // and is wasted when they are cheap. Every kAdaptWindow pivots the block is set to
    // kWorkRatio times the (exponentially smoothed) work per pivot: long cycles and big
    // re-hung subtrees (grids, NETGEN, GOTO) get large blocks, shallow trees with cheap
    // pivots (assignment, transportation) small ones, and the size follows the run's phases.
    // Deterministic: it depends on counts only, never on time. Measured on the families of
    // benchmarks/mcf_families.hpp (docs/algorithms/min_cost_flow.md).
    static constexpr double kWorkRatio = 6.0;       // arcs priced per unit of pivot work
    static constexpr double kPivotOverhead = 30.0;  // work units of a pivot beyond its walks
    static constexpr std::int64_t kAdaptWindow = 32;
    static constexpr double kMinBlockFactor = 0.1, kMaxBlockFactor = 4.0;
    void adapt_block() {
        const std::int64_t dw = work_ - window_work_;
        const std::int64_t dp = pivots_ - window_pivots_;
        window_work_ = work_;
        window_pivots_ = pivots_;
        window_end_ = pivots_ + kAdaptWindow;
        if (dp <= 0) return;
        work_avg_ = 0.75 * work_avg_ + 0.25 * (double(dw) / double(dp) + kPivotOverhead);
        block_ = static_cast<node_t>(std::clamp(kWorkRatio * work_avg_, double(min_block_), double(max_block_)));
    }

    // most negative reduced cost among arcs [lo, hi)
    void scan(node_t lo, node_t hi, cost_t& best, node_t& best_e) const {
        const PriceRec* rec = price_.data();
        const cost_t* pi = pi_.data();
        for (node_t i = lo; i < hi; ++i) {
            const cost_t c = rec[i].c + pi[rec[i].s] - pi[rec[i].t];
            if (c < best) { best = c; best_e = i; }
        }
    }

    // price_[e] is reversed exactly when state_[e] < 0; the caller's orientation is
    // recovered from it (no separate tail / head / cost arrays: less memory to fill)
    node_t otail(node_t e) const { return state_[e] < 0 ? price_[e].t : price_[e].s; }
    node_t ohead(node_t e) const { return state_[e] < 0 ? price_[e].s : price_[e].t; }
    cost_t ocost(node_t e) const { return state_[e] < 0 ? -price_[e].c : price_[e].c; }
    void reverse_price(node_t e) {
        PriceRec& r = price_[e];
        r = {r.t, r.s, static_cast<RecCost>(-r.c)};
    }
    // sets the state of arc e, turning its record when it moves to or from the upper bound
    void set_state(node_t e, signed char st) {
        if ((state_[e] < 0) != (st < 0)) reverse_price(e);
        state_[e] = st;
    }

    // residual capacity for pushing flow along tree arc pred_[v] towards (toward_parent)
    // or away from v's parent
    value_t residual(node_t v, bool toward_parent) const {
        const bool increase = (up_[v] != 0) == toward_parent;
        if (!increase) return tflow_[v];
        return tcap_[v] == kInf ? kInf : tcap_[v] - tflow_[v];
    }

    // One pivot on entering arc e; false when the cycle has infinite capacity (unbounded).
    bool pivot(node_t e) {
        ++pivots_;
        // flow is pushed around the cycle in the direction first -> second along e.
        // One walk up both sides finds the join (the smaller subtree climbs) and, on the
        // way, each side's blocking arc: the leaving arc is the last blocking arc met when
        // the cycle is walked from the join along its orientation (join .. first, e,
        // second .. join), which keeps the tree strongly feasible: on the first side the
        // one nearest `first` (strict <, climbing), on the second the one nearest the join
        // (<=, climbing); ties between the sides go to the second.
        const node_t first = price_[e].s, second = price_[e].t;
        node_t join;
        value_t d1 = kInf, d2 = kInf;
        node_t o1 = -1, o2 = -1;
        {
            node_t u = first, v = second;
            std::int64_t steps = 0;
            while (u != v) {
                if (size_[u] < size_[v]) {
                    const value_t r = residual(u, false);
                    if (r < d1) { d1 = r; o1 = u; }
                    u = parent_[u];
                } else {
                    const value_t r = residual(v, true);
                    if (r <= d2) { d2 = r; o2 = v; }
                    v = parent_[v];
                }
                ++steps;
            }
            join = u;
            work_ += steps;
        }
        value_t delta = cap_[e];  // e is at a bound: its whole capacity is its residual
        node_t u_out = -1;
        int side = 0;
        if (o1 >= 0 && d1 < delta) { delta = d1; u_out = o1; side = 1; }
        if (o2 >= 0 && d2 <= delta) { delta = d2; u_out = o2; side = 2; }
        if (delta >= kInf) return false;

        if (delta > 0) flow_[e] += state_[e] > 0 ? delta : -delta;
        if (side == 0) {  // e goes from one bound to the other; the tree is unchanged
            if (delta > 0) {
                for (node_t u = first; u != join; u = parent_[u])
                    tflow_[u] += up_[u] ? -delta : delta;
                for (node_t u = second; u != join; u = parent_[u])
                    tflow_[u] += up_[u] ? delta : -delta;
            }
            set_state(e, static_cast<signed char>(-state_[e]));
            return true;
        }
        // flows around the cycle and, in the same walks, the subtree sizes that the move of
        // u_out's subtree (S nodes) from the leaving side to the entering side changes
        const node_t S = size_[u_out];
        const value_t d_first = -delta, d_second = delta;  // flow change on up arcs per side
        const node_t out_start = side == 1 ? first : second, in_start = side == 1 ? second : first;
        const value_t d_out = side == 1 ? d_first : d_second, d_in = side == 1 ? d_second : d_first;
        node_t u = out_start;
        if (delta > 0)
            for (; u != u_out; u = parent_[u]) tflow_[u] += up_[u] ? d_out : -d_out;
        else
            u = u_out;
        if (delta > 0) tflow_[u_out] += up_[u_out] ? d_out : -d_out;
        for (u = parent_[u_out]; u != join; u = parent_[u]) {
            if (delta > 0) tflow_[u] += up_[u] ? d_out : -d_out;
            size_[u] -= S;
        }
        for (u = in_start; u != join; u = parent_[u]) {
            if (delta > 0) tflow_[u] += up_[u] ? d_in : -d_in;
            size_[u] += S;
        }
        const node_t leaving = pred_[u_out];
        flow_[leaving] = tflow_[u_out];
        set_state(leaving, flow_[leaving] == 0 ? 1 : -1);
        set_state(e, 0);
        const node_t u_in = side == 1 ? first : second;
        const node_t v_in = side == 1 ? second : first;
        rehang(e, u_in, v_in, u_out, join, S);
        return true;
    }

    // Moves the subtree of u_out so that it hangs from v_in by arc e, re-rooted at u_in,
    // and shifts its potentials so that e gets reduced cost 0.
    // (S: the size of u_out's subtree; the sizes between the cycle ends and the join are
    // already updated by pivot)
    void rehang(node_t e, node_t u_in, node_t v_in, node_t u_out, node_t join, node_t S) {
        (void)join;
        const node_t v_out = parent_[u_out];

        // 1. the stem u_in = s0, s1 = parent(s0), ..., sk = u_out, with the old thread data
        stem_.clear();
        for (node_t v = u_in;; v = parent_[v]) {
            stem_.push_back({v, last_[v], rev_[v], thread_[last_[v]]});
            if (v == u_out) break;
        }
        const std::size_t k = stem_.size() - 1;
        work_ += static_cast<std::int64_t>(k);

        // 2. cut the old block [u_out .. last(u_out)] out of the preorder list
        {
            const node_t before = stem_[k].rev, after = stem_[k].after;
            const node_t old_last = stem_[k].last;
            thread_[before] = after;
            rev_[after] = before;
            for (node_t w = v_out; w != -1 && last_[w] == old_last; w = parent_[w])
                last_[w] = before;
        }

        // 3. preorder of the re-rooted block: s0 with its old subtree, then s1 with its old
        //    subtree minus the part of s0, then s2 minus the part of s1, ...
        node_t tail = stem_[0].last;
        for (std::size_t i = 1; i <= k; ++i) {
            const StemNode& s = stem_[i];
            const StemNode& c = stem_[i - 1];
            thread_[tail] = s.v;
            rev_[s.v] = tail;
            if (c.last != s.last) {  // nodes of s's subtree after c's subtree
                thread_[c.rev] = c.after;
                rev_[c.after] = c.rev;
                tail = s.last;
            } else {
                tail = c.rev;
            }
        }
        const node_t new_last = tail;

        // 4. reverse parent / pred / orientation along the stem; new sizes and lasts
        for (std::size_t i = k; i >= 1; --i) {
            const node_t s = stem_[i].v, c = stem_[i - 1].v;
            parent_[s] = c;
            pred_[s] = pred_[c];
            tflow_[s] = tflow_[c];
            tcap_[s] = tcap_[c];
            up_[s] = static_cast<signed char>(!up_[c]);
            size_[s] = S - size_[c];
            last_[s] = new_last;
        }
        parent_[u_in] = v_in;
        pred_[u_in] = e;
        tflow_[u_in] = flow_[e];
        tcap_[u_in] = cap_[e];
        const PriceRec& re = price_[e];  // e is in the tree: original orientation
        up_[u_in] = static_cast<signed char>(re.s == u_in);
        size_[u_in] = S;
        last_[u_in] = new_last;

        // 5. insert the block right after v_in in the preorder list
        {
            const node_t nxt = thread_[v_in];
            thread_[v_in] = u_in;
            rev_[u_in] = v_in;
            thread_[new_last] = nxt;
            rev_[nxt] = new_last;
            for (node_t w = v_in; w != -1 && last_[w] == v_in; w = parent_[w])
                last_[w] = new_last;
        }


        // 7. potentials of the moved block
        const cost_t rc = re.c + pi_[re.s] - pi_[re.t];
        const cost_t sigma = re.s == u_in ? -rc : rc;
        // Potentials matter only up to a common constant: when the block is the larger
        // part of the tree, shift the rest (root included) by -sigma instead.
        if (sigma != 0) {
            const node_t N = n_ + 1;
            work_ += std::min(S, N - S);
            if (2 * S <= N) {
                node_t v = u_in;
                for (node_t i = 0; i < S; ++i, v = thread_[v]) pi_[v] += sigma;
            } else {
                node_t v = thread_[new_last];
                for (node_t i = S; i < N; ++i, v = thread_[v]) pi_[v] -= sigma;
            }
        }
    }

    // Start-up heuristics (cheap pivots before block search), as LEMON's: with one supply
    // and one demand node, wide_paths(); otherwise, for every demand node with an artificial
    // arc carrying flow, pivot in its cheapest incoming arc.
    void initial_pivots() {
        if (m_ == 0 || n_ == 0) return;
        if (fresh_ && wide_paths()) return;
        std::vector<node_t> best_in(n_, -1);
        for (node_t p = 0; p < m_; ++p) {
            const node_t v = ohead(p);
            if (cap_[p] == 0 || otail(p) == v) continue;
            const cost_t c = ocost(p);
            if (best_in[v] < 0 || c < ocost(best_in[v]) || (c == ocost(best_in[v]) && p < best_in[v]))
                best_in[v] = p;
        }
        for (node_t v = 0; v < n_; ++v) {
            if ((v & 255) == 0 && has_deadline_ && Clock::now() >= deadline_) {
                stop_ = true;
                stop_outcome_ = Outcome::time_limit;
                return;
            }
            const node_t a = search_end_ + v;
            if (up_[v] || pred_[v] != a || tflow_[v] == 0) continue;  // not an open demand
            const node_t e = best_in[v];
            if (e < 0 || state_[e] != 1 || reduced(e) >= -eps_) continue;
            if (!pivot(e)) return;  // unbounded: block search will find it again
        }
    }

    bool out_of_time(std::int64_t i) {
        if ((i & 255) != 0 || !has_deadline_ || Clock::now() < deadline_) return false;
        stop_ = true;
        stop_outcome_ = Outcome::time_limit;
        return true;
    }

    // One supply node s and one demand node t (on the artificial starting basis): a search
    // backwards from t over the arcs that can carry the whole supply, each arc that reaches
    // a new node kept, then those arcs pivoted in while their reduced cost is negative. On
    // networks with a single source and sink (GOTO, grids) this builds a tree of wide paths
    // toward t in a few cheap pivots, where block search would need many degenerate ones.
    // False (nothing done) unless there is exactly one supply and one demand node.
    bool wide_paths() {
        node_t s = -1, t = -1, ns = 0, nt = 0;
        for (node_t v = 0; v < n_; ++v) {
            if (pred_[v] != search_end_ + v || tflow_[v] == 0) continue;
            if (up_[v]) { s = v; ++ns; }
            else { t = v; ++nt; }
        }
        if (ns != 1 || nt != 1) return false;
        const value_t total = tflow_[s];
        // incoming arcs by head (records are in the original orientation: all at lower bound)
        std::vector<node_t> first(static_cast<std::size_t>(n_) + 2, 0), in(static_cast<std::size_t>(m_));
        for (node_t p = 0; p < m_; ++p) ++first[price_[p].t + 2];
        for (node_t v = 0; v < n_; ++v) first[v + 2] += first[v + 1];
        for (node_t p = 0; p < m_; ++p) in[first[price_[p].t + 1]++] = p;
        std::vector<char> reached(static_cast<std::size_t>(n_), 0);
        std::vector<node_t> stack{t}, arcs;
        reached[t] = 1;
        while (!stack.empty()) {
            const node_t v = stack.back();
            stack.pop_back();
            if (v == s) break;
            for (node_t k = first[v]; k < first[v + 1]; ++k) {
                const node_t p = in[k];
                const node_t u = price_[p].s;
                if (reached[u] || cap_[p] < total) continue;
                arcs.push_back(p);
                reached[u] = 1;
                stack.push_back(u);
            }
        }
        for (std::size_t i = 0; i < arcs.size(); ++i) {
            if (out_of_time(static_cast<std::int64_t>(i))) return true;
            const node_t e = arcs[i];
            if (state_[e] == 0 || reduced(e) >= -eps_) continue;
            if (!pivot(e)) return true;  // unbounded: block search will find it again
        }
        return true;
    }
};

}  // namespace detail::mcf

// ====================================================================== MinCostFlow




template <class V, class C>
typename BasicMinCostFlow<V, C>::node_t BasicMinCostFlow<V, C>::add_node() { return add_nodes(1); }

template <class V, class C>
typename BasicMinCostFlow<V, C>::node_t BasicMinCostFlow<V, C>::add_nodes(node_t count) {
    using namespace detail::mcf;
    if (count < 0) throw input_error("", "node_count", "must be >= 0, got " + std::to_string(count));
    const std::size_t first = supply_.size();
    if (first + static_cast<std::size_t>(count) >= static_cast<std::size_t>(std::numeric_limits<node_t>::max()))
        throw limit_error("", "node_count", "too many nodes (limit 2^31 - 2)");
    detail::check_count(first + static_cast<std::size_t>(count), "min-cost flow", "node_count");
    supply_.resize(first + static_cast<std::size_t>(count), 0);
    return static_cast<node_t>(first);
}

template <class V, class C>
void BasicMinCostFlow<V, C>::reserve(node_t nodes, arc_t arcs) {
    using namespace detail::mcf;
    if (nodes > 0) detail::check_count(std::uint64_t(nodes), "min-cost flow", "nodes");
    if (arcs > 0) detail::check_count(std::uint64_t(arcs), "min-cost flow", "arcs");
    if (nodes > 0) supply_.reserve(static_cast<std::size_t>(nodes));
    if (arcs > 0) {
        const auto k = static_cast<std::size_t>(arcs);
        tail_.reserve(k); head_.reserve(k); lower_.reserve(k); upper_.reserve(k); cost_.reserve(k);
    }
}

template <class V, class C>
void BasicMinCostFlow<V, C>::check_node(node_t v, const std::string& record, const char* field) const {
    using namespace detail::mcf;
    if (v < 0 || v >= node_count())
        throw input_error(record, field,
                          "node " + std::to_string(v) + " does not exist (the problem has " +
                              std::to_string(node_count()) + " nodes)");
}

template <class V, class C>
typename BasicMinCostFlow<V, C>::arc_t BasicMinCostFlow<V, C>::add_arc(node_t tail, node_t head, value_t capacity, cost_t cost) {
    using namespace detail::mcf;
    return add_arc(tail, head, 0, capacity, cost);
}

template <class V, class C>
typename BasicMinCostFlow<V, C>::arc_t BasicMinCostFlow<V, C>::add_arc(node_t tail, node_t head, value_t lower, value_t capacity,
                                        cost_t cost) {
    using namespace detail::mcf;
    const std::size_t id = tail_.size();
    const std::string rec = arc_record(id);
    if (id >= static_cast<std::size_t>(std::numeric_limits<arc_t>::max()) - 1)
        throw input_error(rec, "", "too many arcs (limit 2^31 - 2)");
    check_node(tail, rec, "tail");
    check_node(head, rec, "head");
    if (capacity < 0)
        throw input_error(rec, "capacity", "must be >= 0, got " + std::to_string(capacity));
    if (lower < 0) throw input_error(rec, "lower", "must be >= 0, got " + std::to_string(lower));
    if (lower > capacity)
        throw input_error(rec, "lower", "lower bound " + std::to_string(lower) +
                                            " exceeds the capacity " + std::to_string(capacity));
    check_cost(cost, rec);
    tail_.push_back(tail);
    head_.push_back(head);
    lower_.push_back(lower);
    upper_.push_back(capacity);
    cost_.push_back(cost);
    cost_scale_ = 1;
    costs_exact_ = true;
    return static_cast<arc_t>(id);
}

template <class V, class C>
typename BasicMinCostFlow<V, C>::arc_t BasicMinCostFlow<V, C>::add_arcs(std::span<const node_t> tails, std::span<const node_t> heads,
                                         std::span<const value_t> capacities,
                                         std::span<const cost_t> costs,
                                         std::span<const value_t> lower) {
    using namespace detail::mcf;
    const std::size_t k = tails.size();
    if (heads.size() != k || capacities.size() != k || costs.size() != k ||
        (!lower.empty() && lower.size() != k))
        throw input_error("", "arcs",
                          "the arc arrays differ in length (tails " + std::to_string(k) +
                              ", heads " + std::to_string(heads.size()) + ", capacities " +
                              std::to_string(capacities.size()) + ", costs " +
                              std::to_string(costs.size()) +
                              (lower.empty() ? std::string() : ", lower " + std::to_string(lower.size())) + ")");
    const std::size_t base = tail_.size();
    // validate all first, so a bad arc leaves the problem unchanged
    const node_t n = node_count();
    for (std::size_t i = 0; i < k; ++i) {
        const value_t lo = lower.empty() ? 0 : lower[i];
        if (tails[i] >= 0 && tails[i] < n && heads[i] >= 0 && heads[i] < n && capacities[i] >= 0 &&
            lo >= 0 && lo <= capacities[i] && cost_ok(costs[i]))
            continue;  // the common case: no message to build
        const std::string rec = arc_record(base + i);
        check_node(tails[i], rec, "tail");
        check_node(heads[i], rec, "head");
        if (capacities[i] < 0)
            throw input_error(rec, "capacity", "must be >= 0, got " + std::to_string(capacities[i]));
        if (lo < 0) throw input_error(rec, "lower", "must be >= 0, got " + std::to_string(lo));
        if (lo > capacities[i])
            throw input_error(rec, "lower", "lower bound " + std::to_string(lo) +
                                                " exceeds the capacity " + std::to_string(capacities[i]));
        check_cost(costs[i], rec);
    }
    if (base + k >= static_cast<std::size_t>(std::numeric_limits<arc_t>::max()) - 1)
        throw input_error("", "arcs", "too many arcs (limit 2^31 - 2)");
    tail_.insert(tail_.end(), tails.begin(), tails.end());
    head_.insert(head_.end(), heads.begin(), heads.end());
    upper_.insert(upper_.end(), capacities.begin(), capacities.end());
    cost_.insert(cost_.end(), costs.begin(), costs.end());
    if (lower.empty()) lower_.resize(lower_.size() + k, 0);
    else lower_.insert(lower_.end(), lower.begin(), lower.end());
    if (k > 0) {
        cost_scale_ = 1;
        costs_exact_ = true;
    }
    return static_cast<arc_t>(base);
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_supply(node_t node, value_t supply) {
    using namespace detail::mcf;
    check_node(node, node_record(static_cast<std::size_t>(std::max<node_t>(node, 0))), "supply");
    if (supply == std::numeric_limits<value_t>::min())
        throw input_error(node_record(static_cast<std::size_t>(node)), "supply", "out of range");
    supply_[node] = supply;
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_supplies(std::span<const value_t> supplies) {
    using namespace detail::mcf;
    if (supplies.size() > supply_.size())
        throw input_error("", "supplies", std::to_string(supplies.size()) + " supplies for " +
                                              std::to_string(supply_.size()) + " nodes");
    for (std::size_t v = 0; v < supplies.size(); ++v)
        if (supplies[v] == std::numeric_limits<value_t>::min())
            throw input_error(node_record(v), "supply", "out of range");
    std::copy(supplies.begin(), supplies.end(), supply_.begin());
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_capacity(arc_t arc, value_t capacity) {
    using namespace detail::mcf;
    if (arc < 0 || arc >= arc_count()) throw input_error(arc_record(static_cast<std::size_t>(std::max(arc, 0))), "", "no such arc");
    if (capacity < lower_[arc])
        throw input_error(arc_record(static_cast<std::size_t>(arc)), "capacity",
                          "must be >= the lower bound " + std::to_string(lower_[arc]) + " and >= 0");
    upper_[arc] = capacity;
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_cost(arc_t arc, cost_t cost) {
    using namespace detail::mcf;
    if (arc < 0 || arc >= arc_count()) throw input_error(arc_record(static_cast<std::size_t>(std::max(arc, 0))), "", "no such arc");
    check_cost(cost, arc_record(static_cast<std::size_t>(arc)));
    cost_[arc] = cost;
    cost_scale_ = 1;
    costs_exact_ = true;
}

template <class V, class C>
typename BasicMinCostFlow<V, C>::cost_t BasicMinCostFlow<V, C>::max_safe_cost(node_t nodes) noexcept {
    using namespace detail::mcf;
    // run() refuses 4 * (4 (n + 2) C + 4) + C >= 2^62 (or C's range)
    const i128 n = std::max<node_t>(nodes, 0);
    if constexpr (floating_costs)
        return std::numeric_limits<C>::max() / (static_cast<C>(64) * (static_cast<C>(n) + 2));
    else
        return static_cast<cost_t>((limit_of<C>() - 17) / (16 * (n + 2) + 1));
}

template <class V, class C>
void BasicMinCostFlow<V, C>::check_cost(cost_t cost, const std::string& record) const {
    using namespace detail::mcf;
    if (cost_ok(cost)) return;
    if constexpr (floating_costs) {
        if (std::isnan(cost)) throw input_error(record, "cost", "NaN is not allowed");
        throw input_error(record, "cost", "infinite costs are not allowed");
    } else {
        throw input_error(record, "cost", "out of range");
    }
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_tolerance(cost_t eps)
    requires std::is_floating_point_v<C>
{
    if (std::isnan(eps)) throw input_error("", "tolerance", "NaN is not allowed");
    tolerance_ = eps;
}

template <class V, class C>
CostScaling BasicMinCostFlow<V, C>::set_costs(std::span<const double> costs)
    requires std::is_integral_v<C>
{
    using namespace detail::mcf;
    if (costs.size() != tail_.size())
        throw input_error("", "costs", std::to_string(costs.size()) + " costs for " +
                                           std::to_string(tail_.size()) + " arcs");
    // rounding budget: |total cost| <= max |k| * sum_a min(cap_a, F) < 2^62, F a flow bound
    i128 F = 0, X = 0;
    for (value_t b : supply_) F += abs128(b);
    for (std::size_t a = 0; a < tail_.size(); ++a) {
        F += lower_[a];
        if (upper_[a] < infinite) F += upper_[a];
    }
    for (std::size_t a = 0; a < tail_.size(); ++a)
        X += std::min<i128>(upper_[a] >= infinite ? F : upper_[a], F);
    const std::int64_t budget = X > 0 ? static_cast<std::int64_t>(std::max<i128>(1, limit_of<C>() / X)) : 0;
    CostScaling sc = scale_costs(costs, static_cast<std::int64_t>(max_safe_cost(node_count())), budget);
    std::copy(sc.scaled.begin(), sc.scaled.end(), cost_.begin());
    cost_scale_ = sc.scale;
    costs_exact_ = sc.exact;
    return sc;
}


template <class V, class C>
void BasicMinCostFlow<V, C>::set_time_limit(double seconds) {
    using namespace detail::mcf;
    if (!(seconds >= 0) || std::isinf(seconds))
        throw input_error("", "time_limit", "must be a finite number of seconds >= 0");
    time_limit_ = seconds;
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_progress(ProgressFn fn, std::int64_t every) {
    using namespace detail::mcf;
    if (every < 1) throw input_error("", "progress_every", "must be >= 1, got " + std::to_string(every));
    progress_ = std::move(fn);
    progress_every_ = every;
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_warm_start(bool on) {
    using namespace detail::mcf;
    warm_start_ = on;
    if (!on) basis_.reset();
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_block_factor(double factor) {
    using namespace detail::mcf;
    if (!(factor >= 0 && factor <= 1000))
        throw input_error("", "block_factor", "must be in [0, 1000] (0: adaptive pricing)");
    block_factor_ = factor;
}

template <class V, class C>
void BasicMinCostFlow<V, C>::set_bounds(arc_t arc, value_t lower, value_t capacity) {
    using namespace detail::mcf;
    if (arc < 0 || arc >= arc_count()) throw input_error(arc_record(static_cast<std::size_t>(std::max(arc, 0))), "", "no such arc");
    if (lower < 0 || lower > capacity)
        throw input_error(arc_record(static_cast<std::size_t>(arc)), "lower",
                          "bounds must satisfy 0 <= lower <= capacity, got " + std::to_string(lower) +
                              " and " + std::to_string(capacity));
    lower_[arc] = lower;
    upper_[arc] = capacity;
}

template <class V, class C>
template <class Simplex>
int BasicMinCostFlow<V, C>::solve_on(Simplex& simplex, const std::vector<std::int64_t>& b, bool max_flow,
                                     std::int64_t start_ticks) {
    using namespace detail::mcf;
    const Clock::time_point start{Clock::duration(start_ticks)};
    const node_t n = node_count();
    const arc_t m = arc_count();
    warm_started_ = false;
    if (warm_start_ && basis_ && basis_->max_flow == max_flow && basis_->n <= n &&
        static_cast<arc_t>(basis_->arc_state.size()) <= m) {
        simplex.import_basis(*basis_, b);
        warm_started_ = true;
    }
    Control<C> ctl;
    ctl.pivot_limit = iteration_limit_;
    ctl.start = start;
    if (time_limit_ > 0 && time_limit_ < 1e9) {  // beyond ~30 years: no limit
        ctl.has_deadline = true;
        ctl.deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(time_limit_));
    }
    if (progress_) {
        ctl.progress = &progress_;
        ctl.progress_every = progress_every_;
        ctl.caller_cost = &cost_;
        double lc = 0;
        for (arc_t a = 0; a < m; ++a)
            if (lower_[a] != 0) lc += static_cast<double>(lower_[a]) * static_cast<double>(cost_[a]);
        ctl.lower_cost = lc;
    }
    const Outcome out = simplex.solve(ctl);
    iterations_ = simplex.pivots();
    if (warm_start_) basis_ = simplex.export_basis(max_flow);
    store_results(simplex, max_flow);
    return static_cast<int>(out);
}

template <class V, class C>
template <class Simplex>
void BasicMinCostFlow<V, C>::store_results(const Simplex& simplex, bool max_flow) {
    using namespace detail::mcf;
    const node_t n = node_count();
    const arc_t m = arc_count();
    // flows in the caller's order (proven to fit V), and the total cost (checked below)
    flow_out_.resize(static_cast<std::size_t>(m));
    std::conditional_t<floating_costs, C, i128> tc = 0;
    simplex.by_arc([&](arc_t a, arc_t p) {
        const value_t x = static_cast<value_t>(simplex.arc_flow(p) + lower_[a]);
        flow_out_[a] = x;
        if constexpr (floating_costs) tc += static_cast<C>(x) * cost_[a];
        else if (x != 0) tc += static_cast<i128>(x) * cost_[a];
    });
    pi_out_.resize(static_cast<std::size_t>(n));
    for (node_t v = 0; v < n; ++v) pi_out_[v] = static_cast<cost_t>(simplex.pi(v));
    unrouted_.assign(static_cast<std::size_t>(n), 0);
    routed_ = 0;
    for (node_t v = 0; v < n; ++v) {
        if (supply_[v] > 0) {
            unrouted_[v] = max_flow ? static_cast<value_t>(simplex.slack_flow(v)) : 0;
            routed_ += supply_[v] - unrouted_[v];
        } else if (supply_[v] < 0 && max_flow) {
            unrouted_[v] = static_cast<value_t>(-simplex.slack_flow(v));
        }
    }
    if constexpr (floating_costs) {
        total_cost_ = tc;
    } else {
        if (tc > std::numeric_limits<cost_t>::max() || tc < -std::numeric_limits<cost_t>::max()) {
            status_ = Status::not_run;
            throw input_error("", "cost",
                              "the total cost " + to_dec(tc) + " does not fit in " +
                                  std::to_string(8 * sizeof(cost_t)) + " bits");
        }
        total_cost_ = static_cast<cost_t>(tc);
    }
}

template <class V, class C>
typename BasicMinCostFlow<V, C>::cost_t BasicMinCostFlow<V, C>::prepare_supplies(bool max_flow,
                                                                                std::vector<std::int64_t>& b,
                                                                                std::int64_t& flow_bound_out) const {
    using namespace detail::mcf;
    const node_t n = node_count();
    const arc_t m = arc_count();
    // ---- shift lower bounds away and prove that nothing can overflow
    std::vector<i128> b128(supply_.begin(), supply_.end());
    i128 cap_sum = 0;
    cost_t max_abs_cost = 0;
    for (arc_t a = 0; a < m; ++a) {
        const i128 lo = lower_[a];
        if (lo != 0) {
            b128[tail_[a]] -= lo;
            b128[head_[a]] += lo;
        }
        if (upper_[a] < infinite) cap_sum += upper_[a] - lo;  // the shifted capacity
        max_abs_cost = std::max<cost_t>(max_abs_cost, cost_[a] < 0 ? -cost_[a] : cost_[a]);
    }
    i128 sum = 0, abs_sum = 0, abs_orig = 0;
    for (node_t v = 0; v < n; ++v) {
        sum += supply_[v];
        abs_sum += abs128(b128[v]);
        abs_orig += abs128(supply_[v]);
        if (abs128(b128[v]) >= kLimit)
            throw input_error(node_record(v), "supply",
                              "supply after moving the lower bounds of its arcs (" + to_dec(b128[v]) +
                                  ") is too large for exact 64-bit arithmetic");
    }
    if (!max_flow && sum != 0)
        throw input_error("", "supply",
                          "supplies do not balance: they sum to " + to_dec(sum) +
                              " (Mode::exact needs 0; Mode::max_flow_min_cost routes what it can)");
    const i128 flow_bound = abs_sum + abs_orig + cap_sum;
    if (flow_bound >= limit_of<V>())
        throw input_error("", "capacity",
                          "the supplies and finite capacities sum to " + to_dec(flow_bound) +
                              ", too large for exact " + std::to_string(8 * sizeof(V)) + "-bit flows (limit " +
                              (sizeof(V) >= 8 ? std::string("2^62") : to_dec(limit_of<V>())) +
                              "); use MinCostFlow::infinite for unlimited arcs");
    if constexpr (floating_costs) {
        if (max_abs_cost > max_safe_cost(n))
            throw input_error("", "cost",
                              "costs up to " + std::to_string(max_abs_cost) + " on " + std::to_string(n) +
                                  " nodes could overflow the floating-point big-M penalties");
    } else {
        const i128 Cm = max_abs_cost;
        const i128 pot_bound = 4 * (static_cast<i128>(n) + 2) * Cm + 4;  // |big-M| + |path costs|
        if (4 * pot_bound + Cm >= limit_of<C>())
            throw input_error("", "cost",
                              "costs up to " + to_dec(Cm) + " on " + std::to_string(n) + " nodes could overflow the " +
                                  std::to_string(8 * sizeof(C)) + "-bit node potentials");
    }
    b.resize(static_cast<std::size_t>(n));
    for (node_t v = 0; v < n; ++v) b[v] = static_cast<std::int64_t>(b128[v]);
    flow_bound_out = static_cast<std::int64_t>(flow_bound);
    return max_abs_cost;
}

template <class V, class C>
double BasicMinCostFlow<V, C>::pricing_block_factor() const {
    // The caller's factor (set_block_factor), or 0: adaptive pricing (Simplex::adapt_block).
    return block_factor_;
}

template <class V, class C>
bool BasicMinCostFlow<V, C>::choose_cost_scaling(bool max_flow, cost_t max_abs_cost, std::int64_t flow_bound) const {
    using namespace detail::mcf;
    if (algorithm_ == Algorithm::network_simplex) return false;
    bool fits = false;
    if constexpr (!floating_costs) {
        // scaled costs and potentials, and the excesses of saturated infinite arcs, fit 64 bits
        i128 inf_arcs = 1;
        for (const value_t u : upper_) inf_arcs += u >= infinite;
        fits = CostScalingEngine::fits(node_count(), static_cast<std::int64_t>(max_abs_cost), max_flow) &&
               (inf_arcs + 1) * (static_cast<i128>(flow_bound) + 1) < kLimit;
    }
    if (algorithm_ == Algorithm::cost_scaling) {
        if constexpr (floating_costs)
            throw input_error("", "algorithm", "cost_scaling needs integer costs; use network_simplex");
        if (!fits)
            throw input_error("", "algorithm",
                              "the costs or capacities are too large for cost_scaling's 64-bit arithmetic; "
                              "use network_simplex");
        return true;
    }
    if (!fits || warm_start_ || iteration_limit_ > 0) return false;
    // Cost scaling where the network simplex is weakest (docs/algorithms/min_cost_flow.md):
    // all the flow from one source to one sink (lower bounds aside) over a large network —
    // GOTO-8, grids — where the simplex needs many pivots on long cycles (GOTO-8 at 262k
    // arcs: cost scaling ~10x faster), while below ~100k arcs the simplex keeps up. Only on
    // sparse networks (at most kAutoCostScalingMaxDegree arcs per node): on dense ones the
    // simplex's cycles are short (GOTO-SR at 262k arcs, 64 arcs per node: simplex 0.65 s,
    // cost scaling 1.38 s CPU, one loaded run).
    if (arc_count() < kAutoCostScalingMinArcs) return false;
    if (static_cast<double>(arc_count()) > kAutoCostScalingMaxDegree * static_cast<double>(node_count())) return false;
    node_t terminals = 0;
    for (const value_t b : supply_) terminals += b != 0;
    return terminals <= 2;
}

template <class V, class C>
int BasicMinCostFlow<V, C>::solve_cost_scaling(bool max_flow, const std::vector<std::int64_t>& b,
                                               cost_t max_abs_cost, std::int64_t flow_bound,
                                               std::int64_t start_ticks) {
    using namespace detail::mcf;
    const Clock::time_point start{Clock::duration(start_ticks)};
    const arc_t m = arc_count();
    std::vector<std::int64_t> cap(static_cast<std::size_t>(m)), cost(static_cast<std::size_t>(m));
    for (arc_t a = 0; a < m; ++a) {
        cap[a] = upper_[a] >= infinite ? CostScalingEngine::kInf : std::int64_t(upper_[a]) - std::int64_t(lower_[a]);
        cost[a] = static_cast<std::int64_t>(cost_[a]);
    }
    std::vector<std::int64_t> b_orig(supply_.begin(), supply_.end());
    CostScalingEngine engine(node_count(), tail_, head_, std::move(cap), std::move(cost), b, max_flow, b_orig,
                             static_cast<std::int64_t>(max_abs_cost), flow_bound);
    CostScalingEngine::Limits lim;
    lim.relabel_limit = iteration_limit_;
    if (time_limit_ > 0 && time_limit_ < 1e9) {
        lim.has_deadline = true;
        lim.deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(time_limit_));
    }
    if (progress_) {
        lim.every = progress_every_;
        lim.progress = [&](std::int64_t relabels) {
            Progress p;  // a pseudo-flow has no objective or infeasibility: both 0
            p.pivots = relabels;
            p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            return progress_(p);
        };
    }
    const auto res = engine.solve(lim);
    warm_started_ = false;
    basis_.reset();  // a cost-scaling run leaves no basis: the next warm run starts cold
    iterations_ = engine.relabels();
    store_results(engine, max_flow);
    switch (res) {
        case CostScalingEngine::Result::optimal: return static_cast<int>(Outcome::optimal);
        case CostScalingEngine::Result::infeasible: return static_cast<int>(Outcome::infeasible);
        case CostScalingEngine::Result::unbounded: return static_cast<int>(Outcome::unbounded);
        case CostScalingEngine::Result::limit: return static_cast<int>(Outcome::limit);
        case CostScalingEngine::Result::time_limit: return static_cast<int>(Outcome::time_limit);
        case CostScalingEngine::Result::interrupted: return static_cast<int>(Outcome::interrupted);
        case CostScalingEngine::Result::inconclusive: return -1;  // run() falls back to the simplex
    }
    return static_cast<int>(Outcome::optimal);
}

template <class V, class C>
MinCostFlowStatus BasicMinCostFlow<V, C>::run(Mode mode) {
    using namespace detail::mcf;
    const Clock::time_point start = Clock::now();
    const node_t n = node_count();
    const bool max_flow = mode == Mode::max_flow_min_cost;
    std::vector<std::int64_t> b;
    std::int64_t flow_bound = 0;
    const cost_t max_abs_cost = prepare_supplies(max_flow, b, flow_bound);
    const std::int64_t t0 = start.time_since_epoch().count();
    Outcome out;
    if (choose_cost_scaling(max_flow, max_abs_cost, flow_bound)) {
        last_algorithm_ = Algorithm::cost_scaling;
        const int cs = solve_cost_scaling(max_flow, b, max_abs_cost, flow_bound, t0);
        if (cs >= 0) return status_ = to_status(static_cast<Outcome>(cs));
        // inconclusive (artificial arcs cheaper than the big-M kept flow): the simplex decides
    }
    last_algorithm_ = Algorithm::network_simplex;
    const double bf = pricing_block_factor();
    if constexpr (floating_costs) {
        Simplex<double, double> simplex(n, tail_, head_, lower_, upper_, cost_, b, max_flow, supply_,
                                        static_cast<double>(max_abs_cost), bf);
        simplex.set_tolerance(tolerance_ >= 0 ? static_cast<double>(tolerance_) : 1e-9 * static_cast<double>(max_abs_cost));
        out = static_cast<Outcome>(solve_on(simplex, b, max_flow, t0));
    } else {
        // 12-byte pricing records when every stored cost (up to the artificial arcs' big-M,
        // 2 (n C + 1) in max-flow mode) fits in 31 bits
        const i128 Cm = max_abs_cost;
        const bool narrow = 2 * (static_cast<i128>(n) * Cm + 1) < (static_cast<i128>(1) << 31) - 1;
        if (narrow) {
            Simplex<std::int32_t> simplex(n, tail_, head_, lower_, upper_, cost_, b, max_flow, supply_, max_abs_cost, bf);
            out = static_cast<Outcome>(solve_on(simplex, b, max_flow, t0));
        } else {
            Simplex<std::int64_t> simplex(n, tail_, head_, lower_, upper_, cost_, b, max_flow, supply_, max_abs_cost, bf);
            out = static_cast<Outcome>(solve_on(simplex, b, max_flow, t0));
        }
    }
    return status_ = to_status(out);
}

}  // namespace hatchnet::algo
