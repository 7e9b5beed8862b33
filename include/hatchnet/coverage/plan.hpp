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
//   coverage, served: lazy greedy (Minoux 1978) on marginal gain (uniform costs, guarantee
//             f(S) ≥ (1 − 1/e) OPT under a cardinality bound, Nemhauser, Wolsey & Fisher 1978);
//             with unequal costs the cost-benefit greedy (gain / cost) and the best single
//             affordable pick, keeping the better (Khuller, Moss & Naor 1999: ≥ (1 − 1/√e) OPT,
//             ≈ 0.393; the often-quoted weaker bound is ½(1 − 1/e)). Exact: depth-first branch and
//             bound, bounded by f(S) + the best fractional knapsack / top-k of marginal gains
//             at S (valid by submodularity), under a node limit.
//   minmax:   greedy on the current worst district (its best capacity per cost pick); exact by
//             enumeration under the node limit (not submodular: no bound pruning).
//   p_median: greedy addition then Teitz–Bart vertex interchange (1968) until no swap improves
//             (or `interchange_rounds`), evaluated with nearest/second-nearest distances.
//   budget split: water-filling: the capacity bought for each district, x_d ≥ 0 with
//             Σ price·x_d ≤ B, maximising min_d (c_d + x_d)/o_d; the level L solves
//             Σ_d price·(L·o_d − c_d)^+ = B after sorting the districts by c_d/o_d.
// Every pick reports its marginal gain. A plan never exceeds k or the budget (tested).
// Complexity: lazy greedy O(m + k·(re-evaluations)·|set|); exact O(nodes·m·|set|); p-median
// O(m·n) distances + O(rounds·p·m·n); water-filling O(D log D).
// References: Church, R. & ReVelle, C. (1974) The maximal covering location problem, Papers of
// the Regional Science Association 32; Nemhauser, G., Wolsey, L. & Fisher, M. (1978) An
// analysis of approximations for maximizing submodular set functions I, Math. Prog. 14;
// Minoux, M. (1978) Accelerated greedy algorithms for maximizing submodular set functions;
// Khuller, S., Moss, A. & Naor, J. (1999) The budgeted maximum coverage problem, IPL 70(1);
// Teitz, M. & Bart, P. (1968) Heuristic methods for estimating the generalized vertex median of
// a weighted graph, Operations Research 16(5).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "hatchnet/coverage/coverage.hpp"

namespace hatchnet::coverage {

// ------------------------------------------------------------------ generic set functions

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

enum class SolveStatus : std::uint8_t { optimal, heuristic, limit_reached, empty };
std::string_view to_string(SolveStatus s) noexcept;

struct Selection {
    std::vector<std::size_t> picks;  ///< in the order chosen
    std::vector<double> gains;       ///< marginal gain of each pick when it was chosen
    double value = 0, cost = 0;
    SolveStatus status = SolveStatus::heuristic;
    std::size_t evaluations = 0;     ///< gain() calls (or search nodes for exact)
    bool best_single = false;        ///< the budgeted greedy kept the best single pick
};

inline constexpr double unlimited = std::numeric_limits<double>::infinity();

/// Greedy maximisation of f under |S| ≤ k (k < 0: no bound) and Σ cost ≤ budget. Uniform
/// costs: plain (lazy) greedy; unequal costs: cost-benefit greedy plus the best single pick.
/// Stops when no pick has a positive gain. Leaves f at the returned set. Ties: lowest index.
Selection greedy_maximise(SetFunction& f, const std::vector<double>& cost, long k, double budget,
                          bool lazy = true);
/// Exact maximisation by branch and bound (enumeration when f is not submodular), at most
/// `node_limit` search nodes (status limit_reached then, with the best found). Leaves f empty.
Selection exact_maximise(SetFunction& f, const std::vector<double>& cost, long k, double budget,
                         std::size_t node_limit = 5'000'000);

/// Water-filling: capacity to buy per group so that Σ price·x = budget (or less when every
/// group is already level) maximising min (capacity_g + x_g) / demand_g; groups with demand 0
/// get nothing. Returns x and sets `level` to the final common ratio of the groups filled.
std::vector<double> water_fill(const std::vector<double>& capacity, const std::vector<double>& demand,
                               double budget, double price, double* level = nullptr);

// ------------------------------------------------------------------ planning on a network

enum class Objective : std::uint8_t { coverage, served, minmax, p_median };
std::string_view to_string(Objective o) noexcept;
std::optional<Objective> parse_objective(std::string_view s) noexcept;

struct Candidate {
    std::string region;        ///< site region (new incubator), or the node's region (expansion)
    std::string node;          ///< non-empty: raise this existing node's capacity instead
    Tier tier = Tier::street;  ///< tier of a new site
    std::int64_t capacity = -1;  ///< capacity added (-1: the options' site_capacity)
    double cost = -1;          ///< cost (-1: the options' site_cost)
    std::string name;          ///< optional label
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
    std::size_t node_limit = 2'000'000;
    int interchange_rounds = 10;  ///< p_median Teitz–Bart sweeps
};

struct Pick {
    std::size_t candidate = 0;   ///< index into PlanResult::candidates
    std::string region, name, district, node;
    Tier tier = Tier::street;
    std::int64_t capacity = 0;
    double cost = 0, gain = 0, value_after = 0;
};

struct PlanResult {
    Objective objective = Objective::coverage;
    SolveStatus status = SolveStatus::heuristic;
    std::string method;           ///< "lazy_greedy", "cost_benefit_greedy", "best_single", ...
    std::vector<Candidate> candidates;  ///< resolved (capacity and cost filled in)
    std::vector<Pick> picks;
    /// Objective in its natural unit: coverage/served = organizations (or residents) covered;
    /// minmax = worst shortfall; p_median = weighted distance (km). Before and after the plan.
    double value_before = nan, value_after = nan, gain = 0;
    double cost = 0, budget = unlimited;
    long k = -1;
    double guarantee = nan;       ///< proven fraction of OPT for the greedy (NaN: none)
    double exact_value = nan;     ///< objective gain of the exact solution, when compared
    double ratio_to_exact = nan;  ///< greedy gain / exact gain
    SolveStatus exact_status = SolveStatus::empty;
    double upper_bound = nan;     ///< gain / (1 − 1/e) style bound on OPT's gain, when known
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
