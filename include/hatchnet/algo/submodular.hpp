// hatchnet/algo/submodular.hpp — maximising a set function under a cardinality bound and a
// budget (greedy, lazy greedy, budgeted greedy, branch and bound), and water-filling.
//
// Problem: candidates 0..m-1 with costs c_j >= 0 and a set function f (SetFunction: value,
// marginal gain, add, remove), usually monotone submodular; choose S with |S| ≤ k and
// Σ_{j∈S} c_j ≤ B maximising f(S). Water-filling: capacity x_g ≥ 0 to buy per group at a
// price, Σ price·x_g ≤ B, maximising min_g (capacity_g + x_g) / demand_g.
// Algorithms:
//   greedy_maximise: equal costs: the lazy greedy (Minoux 1978) on marginal gain; the budget
//             then only lowers k, so f(S) ≥ (1 − 1/e) OPT (Nemhauser, Wolsey & Fisher 1978).
//             Unequal costs: the best of up to four runs, each honouring k and the budget —
//               gain greedy          largest gain                         k given, or no budget
//               cost-benefit greedy  largest gain / cost                  finite budget
//               blended greedy       largest gain / (λ c/B + (1 − λ)/k)   k and a finite budget
//               best single          the best affordable pick alone       finite budget
//             with λ = −ln u, u = (√(1 + 8/e) − 1)/2 ≈ 0.4929 (λ ≈ 0.7076). The guarantee
//             reported (Selection::guarantee) is the one proved for the constraints that bind,
//             judged on the candidates with a positive gain that fit alone:
//               equal costs, or the budget does not bind (the k dearest fit): 1 − 1/e ≈ 0.632,
//                 from the gain greedy;
//               only the budget binds (the cheapest k + 1 do not fit): 1 − 1/√e ≈ 0.393, from the
//                 cost-benefit greedy and the best single (Khuller, Moss & Naor 1999; the gap in
//                 their proof closed by Tang et al. 2021, who prove ≥ 0.405);
//               both bind: (3 − √(1 + 8/e))/4 ≈ 0.2536, from the blended greedy and the best
//                 single — the Khuller–Moss–Naor argument on the weights λ c/B + (1 − λ)/k, whose
//                 sum over any feasible set is ≤ 1 (docs/algorithms/coverage.md §3 has the proof).
//             Not submodular (SetFunction::submodular() false): the eager greedy, no guarantee.
//   exact_maximise: depth-first branch and bound, bounded by f(S) + the best fractional
//             knapsack / top-k of marginal gains at S (valid by submodularity; plain enumeration
//             when f is not submodular), under a node limit and a time limit; stopped by either,
//             it returns the better of the best set found and the greedy's, with status
//             limit_reached, and says which limit stopped it.
//   water_fill: the level L solves Σ_g price·(L·demand_g − capacity_g)^+ = B after sorting the
//             groups by capacity_g / demand_g.
// A selection never exceeds k or the budget (tested, as is greedy ≥ guarantee × OPT against
// brute force over all subsets, with unequal costs).
// Complexity: lazy greedy O(m log m + k·(re-evaluations)·(gain cost)), eager O(k·m·(gain cost));
// up to four runs with unequal costs; exact O(nodes·m·(gain cost)); water-filling O(D log D).
// References: Nemhauser, G., Wolsey, L. & Fisher, M. (1978) An analysis of approximations for
// maximizing submodular set functions I, Math. Prog. 14; Minoux, M. (1978) Accelerated greedy
// algorithms for maximizing submodular set functions; Khuller, S., Moss, A. & Naor, J. (1999)
// The budgeted maximum coverage problem, IPL 70(1); Tang, J. et al. (2021) Revisiting modified
// greedy algorithm for monotone submodular maximization with a knapsack constraint, Proc. ACM
// Meas. Anal. Comput. Syst. 5(1).
//
// Header-first (hatchnet/algo/config.hpp): include this header alone (-I include, nothing
// linked) or link the library, which compiled these functions once (src/algo/submodular.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "hatchnet/algo/config.hpp"

namespace hatchnet::algo {

/// A set function over candidates 0..size()-1 with incremental state (current set S).
class SetFunction {
public:
    virtual ~SetFunction() = default;
    virtual std::size_t size() const = 0;
    virtual double value() const = 0;                 ///< f(S), to maximise
    virtual double gain(std::size_t j) const = 0;     ///< f(S ∪ {j}) − f(S)
    virtual void add(std::size_t j) = 0;
    virtual void remove(std::size_t j) = 0;           ///< undo add(j)
    virtual bool submodular() const { return true; }
};

enum class SolveStatus : std::uint8_t { optimal, heuristic, limit_reached, empty };
HATCHNET_ALGO_INLINE std::string_view to_string(SolveStatus s) noexcept;

/// Which greedy run produced a Selection (greedy_maximise keeps the best of its runs).
enum class GreedyRule : std::uint8_t { gain, cost_benefit, blended, best_single };
HATCHNET_ALGO_INLINE std::string_view to_string(GreedyRule r) noexcept;

struct Selection {
    std::vector<std::size_t> picks;  ///< in the order chosen
    std::vector<double> gains;       ///< marginal gain of each pick when it was chosen
    double value = 0, cost = 0;
    SolveStatus status = SolveStatus::heuristic;
    std::size_t evaluations = 0;     ///< gain() calls (or search nodes for exact)
    bool time_limit_reached = false; ///< exact_maximise: stopped by its time limit (status limit_reached)
    bool best_single = false;        ///< the greedy kept the best single pick (rule == best_single)
    GreedyRule rule = GreedyRule::gain;  ///< greedy_maximise: the run kept
    /// greedy_maximise: proven value ≥ guarantee · OPT for these constraints (NaN: f is not
    /// submodular). exact_maximise: NaN when it finishes (optimal); stopped at a limit, the
    /// greedy's guarantee (its result is never worse than the greedy's).
    double guarantee = std::numeric_limits<double>::quiet_NaN();
    /// greedy_maximise, on the candidates with a positive gain that fit the budget alone:
    bool k_binds = false;            ///< more than k of them fit the budget together
    bool budget_binds = false;       ///< some k of them (all, without k) exceed the budget together
};

/// No bound (a budget, a time limit).
inline constexpr double unlimited = std::numeric_limits<double>::infinity();

/// Greedy maximisation of f under |S| ≤ k (k < 0: no bound) and Σ cost ≤ budget. Equal costs:
/// the plain (lazy) greedy on gain. Unequal costs: the best of the gain greedy (k given, or no
/// budget), the cost-benefit greedy (finite budget), the blended greedy (both) and the best
/// single affordable pick (finite budget) — largest value, ties: lower cost, then that order.
/// Each run stops at k picks or when no affordable pick has a positive gain; ties within a run:
/// lowest index; lazy and eager runs pick the same. Sets `guarantee`, `k_binds` and
/// `budget_binds` (see above). Leaves f at the returned set. Throws input_error for a cost
/// vector of the wrong size, a negative or non-finite cost, k < -1 or a negative budget.
HATCHNET_ALGO_INLINE Selection greedy_maximise(SetFunction& f, const std::vector<double>& cost, long k,
                                               double budget, bool lazy = true);
/// Exact maximisation by branch and bound (enumeration when f is not submodular), at most
/// `node_limit` search nodes and `time_limit` seconds of wall time (checked at every node;
/// `unlimited`: none). Stopped by either, the status is limit_reached (time_limit_reached
/// tells which) and the set returned is the better of the best found and greedy_maximise's
/// (one greedy run more), so it is feasible and never worse than the greedy. Picks are
/// reported in index order with their sequential marginal gains. Leaves f empty.
HATCHNET_ALGO_INLINE Selection exact_maximise(SetFunction& f, const std::vector<double>& cost, long k,
                                              double budget, std::size_t node_limit = 5'000'000,
                                              double time_limit = unlimited);

/// Water-filling: capacity to buy per group so that Σ price·x = budget (or less when every
/// group is already level) maximising min (capacity_g + x_g) / demand_g; groups with demand 0
/// get nothing. Returns x and sets `level` to the final common ratio of the groups filled (NaN
/// when no group has demand). Throws input_error for sizes that differ, a negative or
/// non-finite budget, capacity or demand, or a price that is not positive.
HATCHNET_ALGO_INLINE std::vector<double> water_fill(const std::vector<double>& capacity,
                                                    const std::vector<double>& demand, double budget,
                                                    double price, double* level = nullptr);

}  // namespace hatchnet::algo

#if !defined(HATCHNET_ALGO_COMPILED)
#include "hatchnet/algo/impl/submodular.ipp"
#endif
