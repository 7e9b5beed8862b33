// hatchnet/coverage/plan.hpp — where new incubators (or capacity) do most good, under a budget.
//
// Problem: choose new incubator sites or capacity increases among candidates (each with a
// cost) subject to at most k picks and a total cost ≤ B, for one of four objectives:
//   coverage  maximal covering location (Church & ReVelle 1974): demand units (communities by
//             default) weighted by their organizations (or residents) are covered when a
//             counted-tier incubator sits in their region or an ancestor of it, or within
//             radius_km when coordinates are known; maximise the weight newly covered.
//   served    capacity-limited coverage: Σ_g min(orgs_g, capacity_g) over districts (or
//             streets); a pick adds its capacity to its group. Submodular (a concave function
//             of a modular one).
//   minmax    minimise the worst district's shortfall max_g (orgs_g − capacity_g)^+.
//   p_median  minimise Σ_i w_i · min_j d(i, j), haversine km from each located demand unit to
//             its nearest located incubator, existing or new (Hakimi 1964).
// Algorithms:
//   coverage, served and p_median's addition phase (monotone submodular): greedy_maximise,
//             the lazy greedy with equal costs, the best of the gain, cost-benefit and blended
//             greedies and the best single pick with unequal costs; PlanResult::guarantee is the
//             proven fraction of OPT for the constraints that bind (1 − 1/e, 1 − 1/√e or
//             (3 − √(1 + 8/e))/4). Exact: exact_maximise, branch and bound under a node limit
//             (at most max_elements) and a time limit (PlanOptions::time_limit, 60 s by
//             default); stopped by either, it returns the better of the best set found and the
//             greedy's, with status limit_reached, and says which limit stopped it. Both are the
//             domain-free hatchnet/algo/submodular.hpp (algorithms, guarantees and references
//             there; docs/algorithms/coverage.md §3 has the proof for unequal costs).
//   minmax:   greedy on the current worst district (its best capacity per cost pick); exact by
//             enumeration under the node limit (not submodular: no bound pruning).
//   p_median: greedy addition then Teitz–Bart vertex interchange (1968) until no swap improves
//             (or `interchange_rounds`), evaluated with nearest/second-nearest distances.
//   budget split: water_fill (hatchnet/algo/submodular.hpp): the capacity bought for each
//             district, x_d ≥ 0 with Σ price·x_d ≤ B, maximising min_d (c_d + x_d)/o_d.
// Every pick reports its marginal gain. A plan never exceeds k or the budget (tested, as is
// greedy ≥ guarantee × OPT against brute force on random instances with unequal costs).
// Complexity: lazy greedy O(m + k·(re-evaluations)·|set|); exact O(nodes·m·|set|); p-median
// O(m·n) distances + O(rounds·p·m·n); water-filling O(D log D).
// References: Church, R. & ReVelle, C. (1974) The maximal covering location problem, Papers of
// the Regional Science Association 32; Nemhauser, G., Wolsey, L. & Fisher, M. (1978) An
// analysis of approximations for maximizing submodular set functions I, Math. Prog. 14;
// Minoux, M. (1978) Accelerated greedy algorithms for maximizing submodular set functions;
// Khuller, S., Moss, A. & Naor, J. (1999) The budgeted maximum coverage problem, IPL 70(1);
// Tang, J. et al. (2021) Revisiting modified greedy algorithm for monotone submodular
// maximization with a knapsack constraint, Proc. ACM Meas. Anal. Comput. Syst. 5(1);
// Teitz, M. & Bart, P. (1968) Heuristic methods for estimating the generalized vertex median of
// a weighted graph, Operations Research 16(5).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "hatchnet/algo/submodular.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/progress.hpp"

namespace hatchnet::coverage {

// ------------------------------------------------------------------ set functions

// Forwarding for one release: the generic maximisation moved to hatchnet::algo
// (hatchnet/algo/submodular.hpp).
using algo::exact_maximise;
using algo::greedy_maximise;
using algo::GreedyRule;
using algo::Selection;
using algo::SetFunction;
using algo::SolveStatus;
using algo::to_string;
using algo::unlimited;
using algo::water_fill;

/// Weighted maximum coverage: element weights, the elements each candidate covers, and the
/// elements already covered. f(S) = weight newly covered by S.
class CoverageFunction final : public SetFunction {
public:
    CoverageFunction(std::vector<double> weight, std::vector<std::vector<std::uint32_t>> sets,
                     std::vector<char> precovered = {});
    std::size_t size() const override { return sets_.size(); }
    double value() const override { return value_; }
    double gain(std::size_t j) const override;
    void add(std::size_t j) override;
    void remove(std::size_t j) override;
    const std::vector<std::vector<std::uint32_t>>& sets() const { return sets_; }
    const std::vector<double>& weight() const { return w_; }

private:
    std::vector<double> w_;
    std::vector<std::vector<std::uint32_t>> sets_;
    std::vector<std::uint32_t> count_;  ///< times covered (precovered counts once)
    double value_ = 0;
};

/// Σ_g min(demand_g, capacity_g + Σ_{j∈S, group j = g} add_j) − the same at S = ∅.
class ServedFunction final : public SetFunction {
public:
    ServedFunction(std::vector<double> demand, std::vector<double> capacity,
                   std::vector<std::uint32_t> cand_group, std::vector<double> cand_capacity);
    std::size_t size() const override { return group_.size(); }
    double value() const override { return value_; }
    double gain(std::size_t j) const override;
    void add(std::size_t j) override;
    void remove(std::size_t j) override;

private:
    double served(std::uint32_t g, double cap) const;
    std::vector<double> demand_, cap_, base_;
    std::vector<std::uint32_t> group_;
    std::vector<double> add_;
    double value_ = 0;
};

/// −max_g (demand_g − capacity_g)^+ , to maximise (not submodular).
class MinMaxFunction final : public SetFunction {
public:
    MinMaxFunction(std::vector<double> demand, std::vector<double> capacity,
                   std::vector<std::uint32_t> cand_group, std::vector<double> cand_capacity);
    std::size_t size() const override { return group_.size(); }
    double value() const override;
    double gain(std::size_t j) const override;
    void add(std::size_t j) override;
    void remove(std::size_t j) override;
    bool submodular() const override { return false; }
    /// Group with the largest shortfall (ties: lowest id) and that shortfall.
    std::pair<std::uint32_t, double> worst() const;
    std::uint32_t group_of(std::size_t j) const { return group_[j]; }
    double capacity_of(std::size_t j) const { return add_[j]; }
    double shortfall(std::uint32_t g) const;
    std::size_t groups() const { return demand_.size(); }

private:
    std::vector<double> demand_, cap_;
    std::vector<std::uint32_t> group_;
    std::vector<double> add_;
};

// ------------------------------------------------------------------ planning on a network

enum class Objective : std::uint8_t { coverage, served, minmax, p_median };
std::string_view to_string(Objective o) noexcept;
std::optional<Objective> parse_objective(std::string_view s) noexcept;

/// A way to open a new site (§2, §3.3: 新建 / 共建 / 改建 / 助建, optionally 公建民营) with its own
/// cost and capacity. With PlanOptions::modes set, every generated candidate region is offered
/// once per mode, so one plan can mix them (picking two modes in one region means two sites).
struct ModeOffer {
    BuildMode mode = BuildMode::new_build;
    std::optional<OperationMode> operation;  ///< how the new site will be run, when decided
    double cost = 1.0;                       ///< cost of one site in this mode (>= 0)
    std::int64_t capacity = -1;              ///< its capacity (-1: the options' site_capacity)
};

struct Candidate {
    std::string region;        ///< site region (new incubator), or the node's region (expansion)
    std::string node;          ///< non-empty: raise this existing node's capacity instead
    Tier tier = Tier::street;  ///< tier of a new site
    std::int64_t capacity = -1;  ///< capacity added (-1: the options' site_capacity)
    double cost = -1;          ///< cost (-1: the options' site_cost)
    std::string name;          ///< optional label
    std::optional<BuildMode> mode;           ///< how a new site is built (none: unspecified)
    std::optional<OperationMode> operation;  ///< how a new site is run (none: unspecified)
};

struct PlanOptions {
    Objective objective = Objective::coverage;
    long k = -1;                  ///< at most k picks (-1: no bound; then a budget is needed)
    double budget = unlimited;    ///< total cost bound (>= 0)
    /// Explicit candidates; empty: one new `site_tier` site in every region of `candidate_level`.
    std::vector<Candidate> candidates;
    RegionLevel candidate_level = RegionLevel::street;
    Tier site_tier = Tier::street;
    std::int64_t site_capacity = -1;  ///< -1: median capacity of existing site_tier nodes (else 10)
    double site_cost = 1.0;
    /// Generated candidates: one per region and mode, each with the mode's cost and capacity
    /// (empty: one per region at site_cost, no mode).
    std::vector<ModeOffer> modes;
    bool skip_covered = false;   ///< generated candidates: leave out regions that already have a site_tier node
    TierSet counted_tiers = default_counted_tiers;  ///< served / minmax: what counts as existing capacity
    /// coverage / p_median: tiers of the existing incubators that already cover (or serve)
    /// demand; all false (the default) means "the site tier only".
    TierSet cover_tiers{};
    RegionLevel demand_level = RegionLevel::community;  ///< coverage / p_median demand units
    bool weight_population = false;  ///< weight demand by residents instead of organizations
    double radius_km = 0;        ///< coverage: also cover within this distance (0: by region only)
    RegionLevel group_level = RegionLevel::county;  ///< served / minmax groups: districts or streets
    bool lazy = true;
    bool compare_exact = false;  ///< also solve exactly (when candidates <= exact_limit)
    bool exact_only = false;     ///< solve exactly instead of greedily
    std::size_t exact_limit = 40;
    std::size_t node_limit = 2'000'000;  ///< exact search nodes; at most max_elements (limit_error)
    /// Exact search (method exact, compare_exact): seconds of wall time (> 0) before it stops
    /// with the best plan found so far — status limit_reached, a note "time limit reached: not
    /// proven optimal", the greedy's guarantee and a bound on OPT. Searches that finish sooner
    /// are unaffected.
    double time_limit = 60;
    int interchange_rounds = 10;  ///< p_median Teitz–Bart sweeps
    /// Called with stages "candidates", "objective", "solve" (gain evaluations; total
    /// unknown), "interchange" (candidates tried), "exact" (compare_exact's gain evaluations);
    /// returning false stops plan() with hatchnet::interrupted (hatchnet/progress.hpp).
    ProgressFn progress;
};

struct Pick {
    std::size_t candidate = 0;   ///< index into PlanResult::candidates
    std::string region, name, district, node;
    Tier tier = Tier::street;
    std::int64_t capacity = 0;
    double cost = 0, gain = 0, value_after = 0;
    std::optional<BuildMode> mode;           ///< the candidate's build mode, when it has one
    std::optional<OperationMode> operation;
};

struct PlanResult {
    Objective objective = Objective::coverage;
    SolveStatus status = SolveStatus::heuristic;
    /// "lazy_greedy" / "greedy" (gain), "cost_benefit_greedy", "blended_greedy", "best_single",
    /// "worst_first_greedy", "branch_and_bound", "enumeration"; p_median may add "+teitz_bart"
    std::string method;
    std::vector<Candidate> candidates;  ///< resolved (capacity and cost filled in)
    std::vector<Pick> picks;
    /// Objective in its natural unit: coverage/served = organizations (or residents) covered;
    /// minmax = worst shortfall; p_median = weighted distance (km). Before and after the plan.
    double value_before = nan, value_after = nan, gain = 0;
    double cost = 0, budget = unlimited;
    long k = -1;
    /// proven fraction of OPT's gain for the greedy (NaN: none): 1 − 1/e with equal costs or a
    /// budget that does not bind, 1 − 1/√e when only the budget binds, (3 − √(1 + 8/e))/4 when
    /// k and the budget both bind (see greedy_maximise)
    double guarantee = nan;
    double exact_value = nan;     ///< objective gain of the exact solution, when compared
    double ratio_to_exact = nan;  ///< greedy gain / exact gain
    SolveStatus exact_status = SolveStatus::empty;
    /// bound on OPT's gain (submodular objectives): min(gain / guarantee, gain + the k largest
    /// marginal gains at the plan, gain + their fractional knapsack within the budget)
    double upper_bound = nan;
    Notes notes;
};

/// Plan on a network. Throws input_error naming the field for bad options (negative budget or
/// k, unknown candidate region or node, negative cost or capacity, neither k nor a finite
/// budget, p_median without coordinates).
PlanResult plan(const Graph& g, const PlanOptions& options);

/// Solver shape: construct on a graph, set options, run() returns the status.
class Planner {
public:
    explicit Planner(const Graph& g) : g_(g) {}
    Planner& options(PlanOptions o) { opt_ = std::move(o); return *this; }
    SolveStatus run() { res_ = plan(g_, opt_); return res_.status; }
    const PlanResult& result() const noexcept { return res_; }

private:
    const Graph& g_;
    PlanOptions opt_;
    PlanResult res_;
};

// ------------------------------------------------------------------ budget split

struct SplitOptions {
    double budget = 0;            ///< money for purchased services (>= 0)
    double price = 1.0;           ///< cost of one unit of capacity (> 0)
    TierSet counted_tiers = default_counted_tiers;
};

struct SplitRow {
    std::string code, name;
    std::int64_t organizations = 0, capacity = 0;
    double ratio_before = nan, buy = 0, spend = 0, ratio_after = nan;
};

struct SplitResult {
    std::vector<SplitRow> districts;   ///< sorted by code
    double level = nan;                ///< common capacity per organization reached
    double min_before = nan, min_after = nan;
    double gini_before = nan, gini_after = nan;  ///< weighted by organizations
    double spent = 0;
    Notes notes;
};

/// Split a purchase-of-services budget across districts so that capacity per organization
/// is as equal as possible (water-filling). Districts without organizations get nothing.
SplitResult split_budget(const Graph& g, const SplitOptions& options);

}  // namespace hatchnet::coverage
