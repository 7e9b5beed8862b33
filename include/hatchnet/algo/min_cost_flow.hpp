// hatchnet/algo/min_cost_flow.hpp — exact minimum-cost flow by the primal network simplex.
//
// Problem. A directed graph G = (V, A), n = |V| nodes, m = |A| arcs. Arc a = (u, v) has a
// lower bound l(a) >= 0, a capacity u(a) >= l(a) (possibly infinite) and an integer cost c(a);
// node v has an integer supply b(v) (negative: a demand). Find an integer flow x with
// l <= x <= u and, at every node, outflow - inflow = b(v), minimising sum c(a) x(a).
// Two modes:
//   * Mode::exact             — the supplies must balance (sum b = 0); the outcome is
//                               optimal, infeasible (no flow meets every supply exactly) or
//                               unbounded (a negative-cost cycle of infinite capacity).
//   * Mode::max_flow_min_cost — supplies and demands are upper limits: every supply node
//                               ships between 0 and b(v), every demand node receives between
//                               0 and -b(v); among the flows routing the greatest possible
//                               amount, one of least cost is returned, and unrouted(v) tells
//                               how much of each node's supply or demand was left over.
//                               Never infeasible; unbalanced supplies are allowed.
//
// Algorithm. The primal network simplex on a strongly feasible spanning tree (Cunningham 1976),
// started from an artificial "big-M" basis: an extra root node joined to every node by an
// artificial arc. The tree is stored with parent / predecessor-arc / preorder thread /
// reverse thread / subtree size / last-successor arrays, so that a pivot costs time linear in
// the length of the cycle plus the size of the re-hung subtree. Entering arcs are chosen by
// block search (Grigoriadis 1986; the rule LEMON's NetworkSimplex uses by default): the arcs
// are scanned cyclically in blocks; the most negative reduced cost of the first block holding
// a violating arc enters. The block adapts at run time (no test of the network's shape): it
// starts at sqrt(m) and every 32 pivots is set to 6 times the smoothed tree work per pivot
// (nodes visited on the cycle, the re-rooted stem and the shifted potentials, plus a
// constant), within [0.1, 4] sqrt(m): large where pivots walk long cycles and re-hang big
// subtrees (grids, GOTO, NETGEN), small where they are cheap and pricing would dominate
// (assignment, transportation); set_block_factor fixes it instead. One walk up both sides of
// the cycle finds the join and the leaving arc, and one more moves the flow and updates the
// subtree sizes; during the solve the flow and capacity of each tree arc are kept by its
// lower node (node-indexed, cache-resident), so these walks never touch the m-entry arc
// arrays (3.3x faster on GOTO-SR at 262k arcs, where most pivots walk long cycles). Leaving arcs follow the "last blocking arc"
// rule, which keeps the tree strongly feasible and so excludes cycling. Before block search,
// start-up pivots (as LEMON's): with one supply and one demand node, the arcs of a search
// backwards from the demand node over arcs wide enough for the whole supply (a tree of wide
// paths in a few pivots: GOTO and grids need a third of the pivots); otherwise each demand
// node's cheapest incoming arc. Our pricing reads
// one record per arc, stored in residual orientation (an arc at its upper bound is stored
// reversed with negated cost), so the scan needs no state array and no multiply; the record
// is 12 bytes (32-bit cost) when every cost up to the big-M fits in 31 bits, else 16. The
// record is also the only copy of the arc's ends and cost inside the solver, so that set-up,
// which dominates on dense networks (m/n ~ 100), fills as little memory as possible.
// All arithmetic is exact 64-bit integer arithmetic; run() first proves with 128-bit bounds
// that no flow, potential, reduced cost or total cost can overflow and refuses (input_error)
// instances where it could.
//
// Complexity. Each pivot is O(n + block); the number of pivots is not polynomially bounded in
// theory but is small in practice (typically a few times n). Memory O(n + m).
//
// References.
//   R. K. Ahuja, T. L. Magnanti, J. B. Orlin: Network Flows, Prentice Hall 1993, ch. 11.
//   W. H. Cunningham: A network simplex method. Math. Programming 11 (1976) 105-116.
//   M. D. Grigoriadis: An efficient implementation of the network simplex method.
//     Math. Programming Study 26 (1986) 83-111.
//   P. Kovács: Minimum-cost flow algorithms: an experimental evaluation. Optimization
//     Methods and Software 30 (2015) 94-127 (block search; the LEMON implementation).
//
// Warm start (set_warm_start(true), off by default). After a run, the final spanning-tree
// basis is kept (arc states, tree, orientation). When the caller then changes supplies,
// capacities, bounds or costs, or adds arcs or nodes, the next run() in the same mode starts
// from that basis instead of the artificial one: non-tree arcs stay at their bound (at the
// new capacity), the tree flows are recomputed from the supplies bottom-up, and every tree
// arc that would leave its bounds, or would no longer be strongly feasible, is fixed at its
// bound and its subtree is re-hung from the root by the node's artificial (big-M) arc,
// oriented by the sign of the subtree's imbalance; potentials are recomputed and the usual
// pivots follow. Pure cost changes keep the whole tree (it stays primal feasible). The
// result is an optimal solution of the changed problem (the same optimal cost and status as
// a cold start; among several optimal flows the one returned may differ). With the switch
// off, or after a mode change, runs start cold and results are bit-identical to before.
// A run stopped by a limit leaves a valid basis, so a warm re-run resumes it.
//
// Limits and progress. set_iteration_limit (pivots), set_time_limit (seconds of wall time
// from the start of run(), checked every 64 pivots with steady_clock) and a progress
// callback (set_progress: called every `every` pivots with the pivot count, elapsed time,
// the objective of the current basis and the flow still on artificial arcs; returning false
// stops the run). A stopped run returns Status::iteration_limit, time_limit or interrupted;
// the flows then describe the last basis: within every arc's bounds, but supplies may not be
// met (Progress::infeasibility > 0). Without a callback and limit nothing changes.
//
// Fractional costs. scale_costs() turns double costs into integers exactly when it can: the
// smallest scale s among 10^d (every cost is a decimal with at most d digits: round(c*10^d)
// / 10^d gives back the same double) and 2^e (c * 2^e is an integer, exact in binary) for
// which all |c*s| stay within the overflow guard (in set_costs also within a budget that
// keeps the total cost of any flow within the capacities and supplies in 64 bits). When
// none fits it rounds at the largest power of 10 within those limits and 2^53 / max|cost|
// and reports exact = false and the largest rounding error (in cost units). (Any double is
// a dyadic fraction, so "not exact" means the range did not permit its 2^e.) set_costs(std::span<const double>) applies it to all arcs and remembers the scale;
// scaled_total_cost() returns total_cost() / scale. NaN and infinite costs are refused
// naming the arc; costs too large for any scale >= 1 are refused (input_error).
//
// Value types (LEMON style). BasicMinCostFlow<V, C>: V, the type of flows, capacities and
// supplies, is a signed integer type (flows are integral); C, the type of costs and
// potentials, is a signed integer type or a floating-point type. MinCostFlow is
// BasicMinCostFlow<std::int64_t, std::int64_t>, the API above.
//   * Integer C: everything is exact. Internally flows and potentials are 64-bit; the
//     overflow guards (max_safe_cost, the flow bound) use 2^62 or the range of V and C when
//     narrower, so a BasicMinCostFlow<std::int32_t> refuses what could leave int32.
//   * Floating C (double): flows stay exact integers (feasibility, infeasibility and
//     unboundedness are decided exactly, from integer flows); costs and potentials are
//     doubles. An arc enters the basis only when its reduced cost is below -eps, eps =
//     tolerance() (set_tolerance; default 1e-9 * max |cost|), and before declaring
//     optimality the potentials are recomputed along the final tree (removing the rounding
//     of incremental updates). So the returned potentials certify optimality up to eps:
//     every arc below its capacity has reduced cost >= -eps (up to rounding of order
//     n * 2^-52 * n max |cost|) and every arc above its lower bound <= +eps, and the total
//     cost exceeds the optimum by at most eps times the total flow moved around cycles
//     (at most eps * sum of finite capacities and supplies). When the costs are integers
//     (or dyadic fractions) in doubles of modest size, eps < the smallest cost difference
//     and the result is exactly optimal. NaN and infinite costs are refused; max_safe_cost
//     bounds |cost| so that the big-M penalties stay finite. set_costs(span<double>) (the
//     scaling to integers below) exists for integer C only.
// The library compiles BasicMinCostFlow<int64_t, int64_t> and <int64_t, double> once (they
// are `extern template` when HATCHNET_ALGO_COMPILED is defined); for other types include
// hatchnet/algo/impl/min_cost_flow.ipp as well.
//
// Header-first: include this header alone (-I include, nothing linked) or link the library
// (see hatchnet/algo/config.hpp). 128-bit arithmetic needs GCC or Clang.
//
// Usage.
//   hatchnet::algo::MinCostFlow f(3);                 // nodes 0, 1, 2
//   f.add_arc(0, 1, 4, 2);                             // tail, head, capacity, cost
//   f.add_arc(1, 2, 4, 1);
//   f.set_supply(0, 3); f.set_supply(2, -3);
//   if (f.run() == hatchnet::algo::MinCostFlow::Status::optimal) f.total_cost(); // 9
//   f.set_warm_start(true); f.run(); f.set_cost(0, 5); f.run();  // second run starts warm
//   hatchnet::algo::BasicMinCostFlow<std::int64_t, double> g(2);  // double costs
//   g.add_arc(0, 1, 4, 0.25); g.set_supply(0, 2); g.set_supply(1, -2);
//   g.run(); g.total_cost();                                    // 0.5
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "hatchnet/algo/config.hpp"

namespace hatchnet::algo {

/// How double costs were turned into integers (see scale_costs).
struct CostScaling {
    double scale = 1;                ///< integer cost = round(cost * scale); a power of 10 or 2
    bool exact = true;               ///< every cost is exactly integer / scale
    double max_rounding_error = 0;   ///< max |cost - integer / scale| (cost units); 0 when exact
    std::vector<std::int64_t> scaled;  ///< the integer costs
};

/// Scales double costs to integers with |integer| <= L = min(max_abs_scaled, budget if > 0)
/// (see the header comment for the rule); when no exact scale fits, rounds at the largest
/// power of 10 keeping |integer| <= min(L, 2^53). Throws input_error ("arc <i>", "cost") for
/// NaN, infinity, or a cost whose magnitude exceeds max_abs_scaled even at scale 1.
CostScaling scale_costs(std::span<const double> costs, std::int64_t max_abs_scaled,
                        std::int64_t budget = 0);

namespace detail::mcf {
struct Basis;  // a kept spanning-tree basis (defined in the implementation)
}

/// The outcome of BasicMinCostFlow::run() (BasicMinCostFlow<V, C>::Status).
enum class MinCostFlowStatus { not_run, optimal, infeasible, unbounded, iteration_limit, time_limit, interrupted };
/// The problem solved by BasicMinCostFlow::run() (BasicMinCostFlow<V, C>::Mode; see above).
enum class MinCostFlowMode { exact, max_flow_min_cost };

/// What a progress callback sees (BasicMinCostFlow::set_progress), for every value type.
struct MinCostFlowProgress {
    std::int64_t pivots = 0;         ///< pivots of this run so far
    double seconds = 0;              ///< wall time since run() started
    double objective = 0;            ///< sum cost * flow over the caller's arcs, current basis
    std::int64_t infeasibility = 0;  ///< flow still on artificial arcs (0: supplies met)
};

std::string_view to_string(MinCostFlowStatus s) noexcept;

/// Which solver BasicMinCostFlow::run() uses (set_algorithm). automatic: the network simplex
/// unless the cost-scaling solver is expected to be faster and nothing it lacks is asked for
/// (see set_algorithm); network_simplex and cost_scaling force one (see
/// hatchnet/algo/cost_scaling.hpp for what cost scaling lacks).
enum class MinCostFlowAlgorithm { automatic, network_simplex, cost_scaling };
std::string_view to_string(MinCostFlowAlgorithm a) noexcept;
/// "automatic", "network_simplex" (also "simplex"), "cost_scaling"; nullopt otherwise.
std::optional<MinCostFlowAlgorithm> parse_min_cost_flow_algorithm(std::string_view s) noexcept;


/// The solver on flow/capacity/supply type V (a signed integer type) and cost type C (a
/// signed integer type or a floating-point type); MinCostFlow = BasicMinCostFlow<> is the
/// int64 one. See the header comment for the exactness (integers) and tolerance (floating
/// point) semantics.
template <class V = std::int64_t, class C = V>
class BasicMinCostFlow {
    static_assert(std::is_integral_v<V> && std::is_signed_v<V> && sizeof(V) <= 8,
                  "BasicMinCostFlow: V (flows, capacities, supplies) must be a signed integer type");
    static_assert((std::is_integral_v<C> && std::is_signed_v<C> && sizeof(C) <= 8) || std::is_floating_point_v<C>,
                  "BasicMinCostFlow: C (costs) must be a signed integer or a floating-point type");

public:
    using node_t = std::int32_t;
    using arc_t = std::int32_t;
    using value_t = V;   ///< flows, capacities, supplies
    using cost_t = C;    ///< costs, potentials

    /// A capacity meaning "no upper bound". Any capacity >= this value is infinite.
    static constexpr value_t infinite = std::numeric_limits<value_t>::max();
    /// True when costs are floating point (tolerance semantics instead of exactness).
    static constexpr bool floating_costs = std::is_floating_point_v<C>;

    using Status = MinCostFlowStatus;
    using Mode = MinCostFlowMode;
    using Algorithm = MinCostFlowAlgorithm;
    using Progress = MinCostFlowProgress;
    using ProgressFn = std::function<bool(const Progress&)>;

    BasicMinCostFlow() = default;
    explicit BasicMinCostFlow(node_t node_count) { add_nodes(node_count); }

    // ------------------------------------------------------------------ building
    /// Adds one node with supply 0 and returns its id (ids are 0, 1, 2, ...).
    node_t add_node();
    /// Adds `count` nodes; returns the id of the first.
    node_t add_nodes(node_t count);
    /// Reserves room for `nodes` nodes and `arcs` arcs in total.
    void reserve(node_t nodes, arc_t arcs);

    /// Adds an arc tail -> head with flow in [0, capacity] at `cost` per unit; returns its id.
    /// Throws input_error ("arc <id>", field) for an unknown node or a negative capacity.
    arc_t add_arc(node_t tail, node_t head, value_t capacity, cost_t cost);
    /// Same with a lower bound: flow in [lower, capacity], 0 <= lower <= capacity.
    arc_t add_arc(node_t tail, node_t head, value_t lower, value_t capacity, cost_t cost);
    /// Bulk: arcs i = 0..k-1 from the parallel arrays (all of the same length k; `lower`
    /// may be empty). Validates every arc before adding any. Returns the id of the first.
    arc_t add_arcs(std::span<const node_t> tails, std::span<const node_t> heads,
                   std::span<const value_t> capacities, std::span<const cost_t> costs,
                   std::span<const value_t> lower = {});

    void set_supply(node_t node, value_t supply);
    /// Supplies of nodes 0..k-1 (k <= node_count()).
    void set_supplies(std::span<const value_t> supplies);
    /// Changes data of an existing arc (the next run() solves the changed problem).
    void set_capacity(arc_t arc, value_t capacity);
    void set_cost(arc_t arc, cost_t cost);
    /// Sets both bounds of an existing arc: 0 <= lower <= capacity (fixing an arc's flow:
    /// lower == capacity).
    void set_bounds(arc_t arc, value_t lower, value_t capacity);
    /// Sets the costs of all arcs (costs.size() == arc_count()) from doubles, scaled to
    /// integers by scale_costs with the overflow guard of this problem's node count (and a
    /// rounding scale bounded by the current capacities and supplies); returns
    /// the scaling (also kept: cost_scale(), costs_exact(), scaled_total_cost()). Integer
    /// setters (set_cost, add_arc) afterwards reset the scale to 1.
    /// (Integer cost types only.)
    CostScaling set_costs(std::span<const double> costs)
        requires std::is_integral_v<C>;
    /// The largest |cost| run() accepts on `nodes` nodes: its overflow guard (64-bit, or the
    /// range of C if narrower) for integer costs; for floating costs, the magnitude beyond
    /// which the big-M penalties could overflow to infinity.
    static cost_t max_safe_cost(node_t nodes) noexcept;
    /// Floating costs only: an arc enters the basis only when its reduced cost is below
    /// -tolerance. A negative value (the default) means 1e-9 * max |cost| (see the header
    /// comment). Throws input_error for NaN.
    void set_tolerance(cost_t eps)
        requires std::is_floating_point_v<C>;
    cost_t tolerance() const noexcept
        requires std::is_floating_point_v<C>
    { return tolerance_; }

    /// Pivot limit for run(); 0 (the default) means none. When it is reached run() returns
    /// Status::iteration_limit and the accessors describe the last (non-optimal) basis.
    void set_iteration_limit(std::int64_t pivots) { iteration_limit_ = pivots; }
    std::int64_t iteration_limit() const noexcept { return iteration_limit_; }
    /// Wall-time limit for run() in seconds (0, the default: none). When it is reached run()
    /// returns Status::time_limit. Throws input_error unless seconds >= 0 and finite.
    void set_time_limit(double seconds);
    double time_limit() const noexcept { return time_limit_; }
    /// Calls `fn` every `every` pivots (>= 1) during run(); when it returns false the run
    /// stops with Status::interrupted. An empty function removes the callback. The callback
    /// runs on the calling thread and must not throw.
    void set_progress(ProgressFn fn, std::int64_t every = 10000);
    /// Warm start (see the header comment): keep the final basis of each run and start the
    /// next run from it when the mode is the same. Off by default; switching it off drops
    /// the kept basis.
    void set_warm_start(bool on);
    bool warm_start() const noexcept { return warm_start_; }
    /// Drops the kept basis: the next run starts cold.
    void clear_basis() noexcept { basis_.reset(); }
    /// True when the last run() started from a kept basis.
    bool warm_started() const noexcept { return warm_started_; }
    /// Pricing block size as a multiple of sqrt(arcs) (at least 10 arcs), fixed for the whole
    /// run. The default, 0, is adaptive pricing: the block starts at sqrt(arcs) and follows
    /// the work the run's pivots do (larger while pivots are dear, smaller while they are
    /// cheap), within [0.1, 4] sqrt(arcs); see the header comment. A fixed factor suits
    /// networks whose best block is known (the matcher uses 0.1: pricing dominates there).
    /// Throws input_error unless 0 <= factor <= 1000 (0: back to adaptive).
    void set_block_factor(double factor);
    double block_factor() const noexcept { return block_factor_; }

    /// The solver of run() (default automatic). automatic picks the cost-scaling solver only
    /// for integer costs, without warm start and iteration limit, when its overflow guard
    /// holds and the instance is of a kind on which it measured faster (the rule and the
    /// measurements: docs/algorithms/min_cost_flow.md); else the network simplex. Forcing cost_scaling with floating
    /// costs, or on an instance beyond its overflow guard, makes run() throw input_error;
    /// forced with warm start on, it runs cold. In exact mode beyond the guard with the big-M
    /// but within it with a smaller artificial cost, cost scaling runs with that cost; if flow
    /// is then left on an artificial arc (which proves nothing), the network simplex solves
    /// the instance instead. last_algorithm() tells which one produced the result.
    void set_algorithm(Algorithm a) noexcept { algorithm_ = a; }
    /// automatic takes cost scaling only on networks with at least this many arcs, at most
    /// kAutoCostScalingMaxDegree arcs per node, and at most two nodes with a supply or
    /// demand (see set_algorithm).
    static constexpr arc_t kAutoCostScalingMinArcs = 100000;
    static constexpr double kAutoCostScalingMaxDegree = 16;
    Algorithm algorithm() const noexcept { return algorithm_; }
    /// The solver the last run() used (network_simplex or cost_scaling; automatic before any).
    Algorithm last_algorithm() const noexcept { return last_algorithm_; }

    // ------------------------------------------------------------------ solving
    /// Solves the problem. Throws input_error when the instance is invalid (unbalanced
    /// supplies in Mode::exact; sums that could overflow 64 bits); returns the outcome
    /// otherwise. May be called again after changing supplies, capacities or costs.
    Status run(Mode mode = Mode::exact);

    // ------------------------------------------------------------------ results
    Status status() const noexcept { return status_; }
    node_t node_count() const noexcept { return static_cast<node_t>(supply_.size()); }
    arc_t arc_count() const noexcept { return static_cast<arc_t>(tail_.size()); }
    node_t tail(arc_t a) const { return tail_[a]; }
    node_t head(arc_t a) const { return head_[a]; }
    value_t lower(arc_t a) const { return lower_[a]; }
    value_t capacity(arc_t a) const { return upper_[a]; }
    cost_t cost(arc_t a) const { return cost_[a]; }
    value_t supply(node_t v) const { return supply_[v]; }

    /// Flow on arc `a` (valid after optimal or iteration_limit).
    value_t flow(arc_t a) const { return flow_out_[a]; }
    const std::vector<value_t>& flows() const noexcept { return flow_out_; }
    /// Sum of cost(a) * flow(a) over all arcs (the artificial penalties are not included).
    cost_t total_cost() const noexcept { return total_cost_; }
    /// Dual solution: node potentials pi such that every arc with flow < capacity has
    /// reduced cost  cost + pi(tail) - pi(head) >= 0  and every arc with flow > lower has
    /// reduced cost <= 0 (valid when the status is optimal).
    cost_t potential(node_t v) const { return pi_out_[v]; }
    const std::vector<cost_t>& potentials() const noexcept { return pi_out_; }
    /// Mode::max_flow_min_cost: the part of v's supply not shipped (> 0 at a supply node)
    /// or of its demand not received (< 0 at a demand node); 0 elsewhere and in Mode::exact.
    value_t unrouted(node_t v) const { return unrouted_[v]; }
    const std::vector<value_t>& unrouted() const noexcept { return unrouted_; }
    /// Total amount shipped from supply to demand (sum of shipped supplies).
    value_t routed() const noexcept { return routed_; }
    /// Pivots performed by the last run() (relabels when it used cost scaling).
    std::int64_t iterations() const noexcept { return iterations_; }
    /// The scale of the last set_costs(double) (1 for integer costs), whether it was exact,
    /// and total_cost() / cost_scale().
    double cost_scale() const noexcept { return cost_scale_; }
    bool costs_exact() const noexcept { return costs_exact_; }
    double scaled_total_cost() const noexcept { return static_cast<double>(total_cost_) / cost_scale_; }

    using Basis = detail::mcf::Basis;  ///< a kept spanning-tree basis (defined in the implementation)

private:
    // problem data, indexed by the caller's ids
    std::vector<node_t> tail_, head_;
    std::vector<value_t> lower_, upper_;
    std::vector<cost_t> cost_;
    std::vector<value_t> supply_;
    std::int64_t iteration_limit_ = 0;
    double block_factor_ = 0;         // set_block_factor; 0: adaptive pricing
    double time_limit_ = 0;
    ProgressFn progress_;
    std::int64_t progress_every_ = 10000;
    bool warm_start_ = false;
    bool warm_started_ = false;
    std::shared_ptr<const Basis> basis_;  // immutable once made; copies may share it
    double cost_scale_ = 1;
    bool costs_exact_ = true;
    cost_t tolerance_ = -1;   // floating costs: < 0 means automatic
    Algorithm algorithm_ = Algorithm::automatic;
    Algorithm last_algorithm_ = Algorithm::automatic;

    // results
    Status status_ = Status::not_run;
    std::vector<value_t> flow_out_;
    std::vector<cost_t> pi_out_;
    std::vector<value_t> unrouted_;
    cost_t total_cost_ = 0;
    value_t routed_ = 0;
    std::int64_t iterations_ = 0;

    void check_node(node_t v, const std::string& record, const char* field) const;
    // the steps of run(): supplies with lower bounds shifted away, every bound proven to fit
    // (returns max |cost|); the pricing block factor; the solve on a simplex of either
    // record width with its results stored (returns detail::mcf::Outcome as int; the
    // cost-scaling one -1 when inconclusive: run() then uses the simplex)
    cost_t prepare_supplies(bool max_flow, std::vector<std::int64_t>& b, std::int64_t& flow_bound) const;
    bool choose_cost_scaling(bool max_flow, cost_t max_abs_cost, std::int64_t flow_bound) const;
    int solve_cost_scaling(bool max_flow, const std::vector<std::int64_t>& b, cost_t max_abs_cost,
                           std::int64_t flow_bound, std::int64_t start_ticks);
    double pricing_block_factor() const;
    template <class Simplex>
    int solve_on(Simplex& simplex, const std::vector<std::int64_t>& b, bool max_flow, std::int64_t start_ticks);
    template <class Simplex>
    void store_results(const Simplex& simplex, bool max_flow);
    void check_cost(cost_t cost, const std::string& record) const;
};

/// The int64 solver (flows and costs): today's API.
using MinCostFlow = BasicMinCostFlow<>;

#if defined(HATCHNET_ALGO_COMPILED)
// Compiled once in the library (src/algo/min_cost_flow.cpp); other value types: include
// "hatchnet/algo/impl/min_cost_flow.ipp" as well.
extern template class BasicMinCostFlow<std::int64_t, std::int64_t>;
extern template class BasicMinCostFlow<std::int64_t, double>;
#endif

}  // namespace hatchnet::algo

#if !defined(HATCHNET_ALGO_COMPILED)
#include "hatchnet/algo/impl/min_cost_flow.ipp"
#endif
