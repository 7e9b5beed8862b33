// hatchnet/algo/cost_scaling.hpp — the cost-scaling push-relabel engine behind
// BasicMinCostFlow's MinCostFlowAlgorithm::cost_scaling (hatchnet/algo/min_cost_flow.hpp).
//
// Method. Goldberg's cost scaling (Goldberg 1997; Goldberg & Tarjan 1990), as in LEMON's
// CostScaling and OR-Tools' GenericMinCostFlow: costs are multiplied by n + 2 (n counting the
// artificial root), so that an eps-optimal flow with eps = 1 is optimal; eps starts at the
// largest scaled cost of the caller's arcs (each phase first saturates every arc of negative
// reduced cost, so any start is correct; the big-M arcs, n times dearer, would add
// log_16(n) phases) and is divided by alpha = 16 per phase. Each phase (refine) saturates
// every residual arc of negative reduced cost and then takes the nodes with excess in FIFO
// order for partial augment-relabel (Goldberg 1997; LEMON's default method): from the
// active node a path of admissible arcs (reduced cost < 0) is grown up to 4 arcs or to a
// node with a deficit, a tip without an admissible arc is relabelled (its potential lowered
// so that its cheapest residual arc gets reduced cost -eps) and dropped from the path, and
// the excess is then pushed along the path. Heuristics: price refinement (from the second
// phase on, before refining: ranks = longest paths in the admissible graph in units of eps,
// and potentials lowered by eps times the propagated rank; when the flow is then already
// eps-optimal the phase is skipped), global price updates every (N + S^2) / 2 relabels (S
// the supply nodes; half LEMON's interval): Dial's bucket shortest paths from the deficit nodes in the
// residual graph with arc lengths floor(reduced cost / eps) + 1 lower each node's potential
// by eps times its distance, which keeps the flow eps-optimal and makes an admissible path
// from every active node; it stops once every active node is reached; the arcs into a node
// are read as the reverses of its own arcs, whose residual capacity is the pair's total
// minus the arc's own, so a scan touches one node's arcs in order), and the current-arc
// pointer. (Arc fixing is not implemented.) Storage: residual capacities and the caller's
// unscaled costs are held in 32 bits when every value fits (capacities, the infinity bound,
// supplies; costs with the artificial arcs' M), else 64 (CostScalingCore): the arc scans are
// memory-bound, and this measured 0-20 % faster at 200k-440k arcs.
//
// The problem it solves is the network simplex's (the same formulation, so both return the
// same optimal cost, infeasibility and max-flow-min-cost results): the caller's arcs with
// lower bounds shifted away, and an artificial root joined to every node with a supply or
// demand by artificial arcs of cost M (big-M; in max-flow-min-cost mode also the slack arcs
// of the unshipped supply and unmet demand). The instance is then always feasible;
// infeasible means flow left on an artificial arc. Infinite capacities become the proven
// flow bound + 1 (an optimal flow never needs more).
//
// Exact results. The flow after the last phase is optimal; exact integer potentials are then
// computed by a label-correcting shortest-path pass over the residual graph (with the
// infinite arcs uncapped), started from the scaled potentials; a negative residual cycle
// found there proves the problem unbounded (a negative cycle of infinite-capacity arcs).
//
// What it lacks (BasicMinCostFlow's automatic choice never picks it when one of them is
// asked for): warm start (every run is cold; warm_started() is false), an iteration limit in
// pivots (the limit counts relabels instead), a usable flow when stopped by a time limit or
// progress callback (the pseudo-flow is not feasible; flows are then reported at their lower
// bounds), and floating-point costs (integer costs only). Its overflow guard is tighter than
// the simplex's: 8 (n + 2)^2 M < 2^62 with M the cost of the artificial arcs. M is the big-M
// (n max |cost| + 1; twice that in max-flow mode) when that fits; in exact mode otherwise the
// largest M that fits, if at least 4 (max |cost| + 1): a final flow with nothing left on the
// artificial arcs is then still optimal (it is feasible and optimal for a problem with only
// more arcs), and one with flow left on them proves nothing (Result::inconclusive: the
// caller solves the instance with the network simplex).
//
// References.
//   A. V. Goldberg: An efficient implementation of a scaling minimum-cost flow algorithm.
//     J. Algorithms 22 (1997) 1-29.
//   A. V. Goldberg, R. E. Tarjan: Finding minimum-cost circulations by successive
//     approximation. Math. Oper. Res. 15 (1990) 430-466.
//   P. Kovács: Minimum-cost flow algorithms: an experimental evaluation (2015).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <variant>
#include <vector>

#include "hatchnet/algo/config.hpp"

namespace hatchnet::algo::detail::mcf {

/// Types shared by the engine and its storage-specific cores.
struct CostScalingTypes {
    using node_t = std::int32_t;
    using value_t = std::int64_t;
    using cost_t = std::int64_t;
    using Clock = std::chrono::steady_clock;
    static constexpr value_t kInf = std::numeric_limits<value_t>::max();

    /// inconclusive: the artificial arcs were cheaper than the big-M (exact mode beyond the
    /// guard, see artificial_cost) and flow is left on them; solve with the simplex instead.
    enum class Result { optimal, infeasible, unbounded, limit, time_limit, interrupted, inconclusive };

    /// Stopping rules and progress (all optional).
    struct Limits {
        std::int64_t relabel_limit = 0;  ///< 0: none
        bool has_deadline = false;
        Clock::time_point deadline{};
        /// called every `every` relabels with (relabels so far); false stops the run
        std::function<bool(std::int64_t)> progress;
        std::int64_t every = 10000;
    };
};

/// The engine's work on one storage choice: residual capacities held as Cap and the caller's
/// (unscaled) arc costs as Cst, each 32 bits when every value fits (less memory traffic in
/// the arc scans, which dominate), else 64. Scaled costs, potentials and excesses are 64-bit.
template <class Cap, class Cst>
class CostScalingCore : public CostScalingTypes {
public:
    CostScalingCore(node_t n, std::vector<node_t> tail, std::vector<node_t> head, std::vector<value_t> cap,
                    std::vector<cost_t> cost, const std::vector<value_t>& b, bool max_flow,
                    const std::vector<value_t>& b_orig, cost_t max_abs_cost, value_t flow_bound, cost_t art_cost);

    Result solve(const Limits& limits);

    value_t arc_flow(node_t a) const { return a < m_ ? flow_of(a) : 0; }
    value_t slack_flow(node_t v) const { return slack_of_.empty() || slack_of_[v] < 0 ? 0 : flow_of(slack_of_[v]); }
    cost_t pi(node_t v) const { return pot_[v]; }
    std::int64_t relabels() const noexcept { return relabels_; }

private:
    node_t n_, N_, root_, m_, arcs_ = 0;  // caller's nodes, all nodes, root, caller's arcs, all arcs
    bool max_flow_;
    cost_t scale_ = 1, big_m_ = 0, art_m_ = 0;
    bool art_capped_ = false;              // art_m_ below the big-M (exact mode only)
    value_t bound_;                        // capacity standing in for infinity
    node_t art_begin_ = 0;                 // arcs [art_begin_, arcs_) are artificial
    std::vector<node_t> slack_of_;         // max-flow mode: the slack arc of each node, or -1
    // arcs in the caller's terms (and the added ones)
    std::vector<node_t> tail_, head_;
    std::vector<value_t> cap_;             // kInf: infinite
    std::vector<cost_t> cost_;
    // residual graph: CSR by tail; arc a's forward residual arc is fwd_[a], its reverse rev_[fwd_[a]]
    std::vector<node_t> first_, to_, rev_, fwd_;
    std::vector<Cap> res_;
    std::vector<Cap> ucap_;                // res_[a] + res_[rev_[a]] (constant): the reverse's residual capacity is ucap_[a] - res_[a]
    std::vector<Cst> c_;                   // unscaled cost of each residual arc (sc(a): scaled)
    // nodes
    std::vector<value_t> excess_;
    std::vector<cost_t> pot_;
    std::vector<node_t> cur_;
    std::vector<node_t> queue_;
    std::vector<char> queued_;
    std::vector<node_t> path_;             // partial augment: the arcs of the current path
    std::vector<char> on_path_;            // per node: on the current path
    std::int64_t update_every_ = 1;        // relabels between global price updates
    std::int64_t relabels_ = 0;
    // global update scratch
    std::vector<node_t> dist_, bucket_next_, bucket_prev_, bucket_head_;
    std::vector<node_t> order_;            // price refinement: topological order

    cost_t sc(node_t a) const { return static_cast<cost_t>(c_[a]) * scale_; }
    value_t flow_of(node_t a) const { return res_[rev_[fwd_[a]]]; }
    node_t add_arc(node_t u, node_t v, value_t cap, cost_t cost);
    void build_residual();
    bool refine(cost_t eps, const Limits& limits, Result& stop);
    template <class Enqueue>
    void augment_from(node_t start, cost_t eps, Enqueue&& enqueue);
    void global_update(cost_t eps);
    bool exact_potentials();  // false: a negative residual cycle (unbounded)
    bool admissible_order();
    bool price_refine(cost_t eps);
};

/// One cost-scaling solve on the simplex's formulation (see the header comment). Integer
/// costs; node_t/arc indices int32, flows and (scaled) costs int64 (stored narrower when
/// they fit, see CostScalingCore).
class CostScalingEngine : public CostScalingTypes {
public:
    /// The caller's arcs (tail, head, shifted capacity cap (kInf: infinite), cost), supplies b
    /// (shifted), the max-flow mode with its slack limits b_orig, the largest |cost| C and the
    /// proven flow bound F (every optimal flow can be chosen <= F on every arc).
    CostScalingEngine(node_t n, std::vector<node_t> tail, std::vector<node_t> head, std::vector<value_t> cap,
                      std::vector<cost_t> cost, const std::vector<value_t>& b, bool max_flow,
                      const std::vector<value_t>& b_orig, cost_t max_abs_cost, value_t flow_bound);

    /// True when the scaled costs and potentials of an instance with n nodes and largest
    /// |cost| C provably fit 64 bits (the big-M of the formulation included).
    static bool fits(node_t n, cost_t max_abs_cost, bool max_flow) noexcept;
    /// The cost M of the artificial arcs: the simplex's big-M when it fits the guard, else in
    /// exact mode the largest M that does (at least 4 (C + 1)); 0 when none fits.
    static cost_t artificial_cost(node_t n, cost_t max_abs_cost, bool max_flow) noexcept;

    Result solve(const Limits& limits);

    value_t arc_flow(node_t a) const {
        return std::visit([a](const auto& c) { return c.arc_flow(a); }, core_);
    }
    value_t slack_flow(node_t v) const {
        return std::visit([v](const auto& c) { return c.slack_flow(v); }, core_);
    }
    cost_t pi(node_t v) const {
        return std::visit([v](const auto& c) { return c.pi(v); }, core_);
    }
    std::int64_t relabels() const noexcept {
        return std::visit([](const auto& c) { return c.relabels(); }, core_);
    }
    template <class F>
    void by_arc(F&& f) const {
        for (node_t a = 0; a < m_; ++a) f(a, a);
    }
    /// Which storage was chosen (for tests): 32-bit residual capacities, 32-bit costs.
    bool narrow_capacities() const noexcept { return core_.index() == 1 || core_.index() == 3; }
    bool narrow_costs() const noexcept { return core_.index() == 2 || core_.index() == 3; }

private:
    node_t m_;
    std::variant<CostScalingCore<std::int64_t, std::int64_t>, CostScalingCore<std::int32_t, std::int64_t>,
                 CostScalingCore<std::int64_t, std::int32_t>, CostScalingCore<std::int32_t, std::int32_t>>
        core_;
    static decltype(core_) make_core(node_t n, std::vector<node_t> tail, std::vector<node_t> head,
                                     std::vector<value_t> cap, std::vector<cost_t> cost,
                                     const std::vector<value_t>& b, bool max_flow,
                                     const std::vector<value_t>& b_orig, cost_t max_abs_cost, value_t flow_bound);
};

}  // namespace hatchnet::algo::detail::mcf

#if !defined(HATCHNET_ALGO_COMPILED)
#include "hatchnet/algo/impl/cost_scaling.ipp"
#endif
