// hatchnet/match/resources.hpp — the needs/resources matcher of the resource-allocation
// platform (§5.1 of the 2017 Beijing guidance): optimal, eligible, fair and explained.
//
// Problem. Needs of social organizations (id, organization, category of the service
// vocabulary, quantity, integer priority >= 1, optional time window) and resources on offer
// (id, provider incubator — or an outside provider attached to one —, category, capacity,
// unit cost, eligibility: organization types, stages, minimum credit, regions served,
// optional availability window). A resource can serve a need when the need's category lies
// within the resource's category in the service tree (a "space" resource serves "venue"),
// the organization passes every eligibility rule, the windows overlap and (when the need
// asks for it) the provider's evaluation score is at least the need's minimum. Serving one
// unit costs  w_cost * unit_cost + distance term, the distance term being either by region
// (same street < same district < across districts within the city < across cities, each with
// a caller-set weight) or w_hop * (relation hops from the organization's home incubator to
// the provider). Objective, lexicographic:
//   1. (only with fairness) the total shortfall of the groups below their floors, minimal;
//   2. the priority-weighted served quantity  sum priority * served, maximal;
//   3. the total cost, minimal.
// Fairness: groups (district, street, or a caller's group label per need) with floors —
// proportional to the group's need (share * need_g / need_total * Q, rounded down, Q the
// greatest total quantity that can be served at all — one extra max-flow pass) or given by
// the caller. Floors are met whenever that is
// feasible; otherwise the shortfall is the least possible, and every group's floor, served
// quantity and whether it was met are reported.
//
// Algorithm. The instance becomes one min-cost flow network solved exactly by
// hatchnet::algo::MinCostFlow (network simplex):
//   source S -> [group node G_g, fairness only] -> bucket B -> resource R_j -> sink T,
//   plus a bypass arc S -> T, so that serving nothing is feasible.
// A bucket holds the needs with the same eligible resources, the same cost to each, the same
// priority and the same group: they are interchangeable, so one node carries them all and its
// served quantity is split over its needs in input order (this keeps the network small on
// realistic data — exact, not a heuristic). Levels 2 and 3 are merged into one cost
// (cost - priority * M with M = (nodes + 1) * max arc cost + 1: a residual cycle changes the
// weight by an integer and the cost by at most nodes * max cost per unit, so M makes the
// weight dominate) when 128-bit arithmetic proves the merged costs fit the solver's 64-bit
// limits; otherwise (and for level 1) levels are solved in phases: after each phase, arcs
// with a non-zero reduced cost under the optimal duals are fixed at their bound
// (complementary slackness), which restricts the next phase to exactly the optimal
// solutions of the previous one. Costs are scaled by `cost_scale` and rounded to the nearest
// integer (documented in docs/algorithms/matching.md).
// Consortium pools (Network::consortia, §5.1). The need's incubator is its organization's home
// (or, without one, the most local public incubator serving its region). With
// MatchOptions::providers == home, a need is served by its incubator's own resources and, for
// a need whose category lies within a service a consortium pools, by the resources of every
// member of a consortium its incubator belongs to (pooling on; off: its own only). With
// providers == any (the default: the city-wide platform) every provider may serve, as before.
// Either way an assignment from a consortium partner names the consortium
// (Assignment::consortium, "via consortium C" in the explanation), and a need that only the
// pool rule keeps from a resource says so.
// Explanations. A need left (partly) unserved gets a reason: no_eligible_resource (with the
// first failing rule counted over the resources of its category), exhausted (every eligible
// resource is full; the needs filling them, all of priority >= its own, are named) or
// fairness_floor (an eligible resource holds a lower-priority need kept for a group floor).
// Every assignment carries its cost terms (unit cost, distance level / hops, distance cost).
//
// Complexity. Eligibility by index (category x region served): O(N * c) for N needs and c
// candidate resources per need; the flow network has O(B + R + G) nodes and O(B * c) arcs
// (B buckets <= N); one or a few network-simplex solves.
//
// References. R. K. Ahuja, T. L. Magnanti, J. B. Orlin: Network Flows (1993), ch. 9-11
// (transportation problems, complementary slackness); M. Ehrgott: Multicriteria Optimization
// (2005), ch. 5 (lexicographic optimisation).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hatchnet/graph.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/network.hpp"

namespace hatchnet::match {

/// A closed interval of days (or any integer time unit the caller uses consistently).
/// JSON accepts ISO dates "YYYY-MM-DD" (converted to days since 1970-01-01) or integers.
struct TimeWindow {
    std::int64_t start = 0, end = 0;
};

struct Need {
    std::string id;
    std::string organization;            ///< organization id of the network
    std::string category;                ///< a service id of the vocabulary
    std::int64_t quantity = 1;           ///< >= 1
    std::int64_t priority = 1;           ///< >= 1 (weight of one served unit)
    std::optional<TimeWindow> window;
    std::string group;                   ///< fairness group label (fair.by == "group")
    std::optional<double> min_provider_score;  ///< credit check on the provider side (0-100)
};

struct Eligibility {
    std::vector<OrgType> org_types;      ///< empty: any type
    std::vector<Stage> stages;           ///< empty: any stage
    double min_credit = 0.0;             ///< organization credit >= this
    std::vector<std::string> regions;    ///< NBS codes served (the org's region within one); empty: any
};

struct Resource {
    std::string id;
    std::string provider;                ///< node id of the incubator offering / hosting it
    std::string outside_provider;        ///< name of an outside provider attached to it, or empty
    std::string category;                ///< a service id of the vocabulary
    std::int64_t capacity = 0;           ///< >= 0 units
    double unit_cost = 0.0;              ///< >= 0, finite
    Eligibility eligibility;
    std::optional<TimeWindow> window;    ///< availability
};

enum class DistanceMode { region, hops };
std::string_view to_string(DistanceMode m) noexcept;
std::optional<DistanceMode> parse_distance_mode(std::string_view s) noexcept;
enum class DistanceLevel : std::uint8_t { same_street, same_district, cross_district, cross_city };
std::string_view to_string(DistanceLevel l) noexcept;

/// Which providers may serve a need: any (the platform allocates city-wide) or home (the
/// need's incubator and, with pooling, the consortia it belongs to).
enum class Providers : std::uint8_t { any, home };
std::string_view to_string(Providers p) noexcept;
std::optional<Providers> parse_providers(std::string_view s) noexcept;

enum class FairBy { none, district, street, group };
std::string_view to_string(FairBy b) noexcept;
std::optional<FairBy> parse_fair_by(std::string_view s) noexcept;
enum class Lexicographic { automatic, big_m, phases };
std::string_view to_string(Lexicographic l) noexcept;   ///< "auto", "big_m", "phases"
/// "auto", "big_m", "phases" (alias "two_phase").
std::optional<Lexicographic> parse_lexicographic(std::string_view s) noexcept;

struct FairnessOptions {
    FairBy by = FairBy::none;
    double share = 1.0;                  ///< proportional floors: share * need_g / need * Q, in [0, 1]
    std::map<std::string, std::int64_t> floors;  ///< caller floors (quantity) by group; override
};

struct MatchOptions {
    DistanceMode distance = DistanceMode::region;
    double w_unit_cost = 1.0;            ///< weight of the resource's unit cost
    double w_same_street = 0.0;          ///< distance cost per unit, by level
    double w_same_district = 1.0;
    double w_cross_district = 3.0;
    double w_cross_city = 6.0;
    double w_hop = 1.0;                  ///< DistanceMode::hops: cost per relation hop
    double cost_scale = 100.0;           ///< costs are rounded to multiples of 1 / cost_scale
    FairnessOptions fair;
    Providers providers = Providers::any;  ///< home: the need's incubator and its consortium pools
    bool pooling = true;                 ///< consortia (Network::consortia) pool their members' resources
    Lexicographic lexicographic = Lexicographic::automatic;
    std::size_t explain_limit = 5;       ///< needs named per "exhausted" explanation
    /// Wall-time limit of run() in seconds over all its flow phases (0: none). When it is
    /// reached run() returns algo::MinCostFlow::Status::time_limit and the result holds no
    /// assignment: every need is reported unserved with reason not_solved.
    double time_limit = 0.0;
};

enum class UnservedReason : std::uint8_t { none, no_eligible_resource, exhausted, fairness_floor, not_solved };
std::string_view to_string(UnservedReason r) noexcept;

struct Assignment {
    std::size_t need = 0, resource = 0;  ///< indexes into the inputs
    std::int64_t quantity = 0;
    double unit_cost = 0.0;              ///< the resource's unit cost
    DistanceLevel level = DistanceLevel::same_street;
    int hops = -1;                       ///< DistanceMode::hops only
    double distance_cost = 0.0;          ///< per unit
    double cost_per_unit = 0.0;          ///< w_unit_cost * unit_cost + distance_cost
    double cost = 0.0;                   ///< quantity * cost_per_unit
    /// Index into Network::consortia when the provider is not the need's incubator but shares
    /// a consortium with it that pools the need's category ("via consortium C"), else -1.
    std::int32_t consortium = -1;
};

struct NeedOutcome {
    std::size_t need = 0;
    std::int64_t requested = 0, served = 0;
    std::size_t eligible = 0;            ///< number of eligible resources
    UnservedReason reason = UnservedReason::none;  ///< for the unserved part
    std::string detail;                  ///< human-readable explanation
    std::vector<std::size_t> blocked_by; ///< needs filling the eligible resources (exhausted)
    std::vector<std::size_t> full_resources;  ///< eligible resources that are full
};

struct GroupSummary {
    std::string group;                   ///< district / street code, or the caller's label
    std::size_t needs = 0;
    std::int64_t requested = 0, served = 0, weighted_served = 0;
    std::int64_t floor = 0;              ///< 0 without fairness
    bool floor_met = true;
    double cost = 0.0;
};

struct MatchStats {
    std::size_t flow_nodes = 0, flow_arcs = 0, buckets = 0, eligible_pairs = 0;
    int phases = 0;
    std::string method;                  ///< "big_m" or "phases"
    std::int64_t pivots = 0;
    double build_seconds = 0.0, solve_seconds = 0.0;
    bool warm_start = false;             ///< run() re-solved from the previous optimal basis
};

struct MatchResult {
    algo::MinCostFlow::Status status = algo::MinCostFlow::Status::not_run;
    std::vector<Assignment> assignments; ///< by need, then resource index
    std::vector<NeedOutcome> needs;      ///< one per need, input order
    std::vector<GroupSummary> groups;    ///< fairness groups (districts when fairness is off), by code
    std::int64_t requested = 0, served = 0, weighted_served = 0;
    double total_cost = 0.0;
    bool floors_met = true;
    MatchStats stats;
};

/// The matcher. Construct on a frozen graph (it keeps a reference: the graph must outlive
/// it), the needs and resources (validated at once: input_error naming "needs[3]" /
/// "resource r7" and the field for unknown organizations / nodes / categories, duplicate
/// ids, quantities < 1, negative capacities, NaN or negative costs, bad windows, totals that
/// would overflow), then run().
class ResourceMatcher {
public:
    ResourceMatcher(const Graph& graph, std::vector<Need> needs, std::vector<Resource> resources,
                    MatchOptions options = {});
    /// On a shared frozen graph, which the matcher keeps alive (the C ABI's and Python's form:
    /// engines share one graph, none copies it). Throws input_error for null.
    ResourceMatcher(std::shared_ptr<const Graph> graph, std::vector<Need> needs, std::vector<Resource> resources,
                    MatchOptions options = {});

    /// Builds the flow network (done by run() when not yet built).
    void build();
    /// Solves; returns the status: optimal (the problem is always feasible), or time_limit /
    /// interrupted when options().time_limit or the progress callback stopped it.
    algo::MinCostFlow::Status run();
    /// Progress of run(): called every `every` pivots of each flow phase with the phase
    /// (0-based), the number of phases planned, and the solver's progress (pivots of the
    /// phase, seconds since run() started, ...). Returning false stops run() (status
    /// interrupted). An empty function removes it.
    using ProgressFn = std::function<bool(int phase, int phases, const algo::MinCostFlow::Progress&)>;
    void set_progress(ProgressFn fn, std::int64_t every = 10000);

    // ---------------------------------------------------------------- re-matching
    /// Changes need `need`'s quantity (0 withdraws it) or resource `resource`'s capacity
    /// (0 withdraws it); the next run() solves the changed problem. When the instance was
    /// solved with the merged objective (stats().method == "big_m") and without fairness,
    /// and the resource already takes part in the flow network, run() re-solves warm from
    /// the previous optimal basis (stats().warm_start); otherwise it rebuilds. The result is
    /// the same as a new matcher's on the changed data (same optimal served and cost; among
    /// several optimal allocations the one returned may differ). Throws input_error naming
    /// the record for an index out of range, a negative value or totals beyond 2^60.
    void set_need_quantity(std::size_t need, std::int64_t quantity);
    void set_resource_capacity(std::size_t resource, std::int64_t capacity);
    /// Index of the need / resource with this id, or npos.
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::size_t need_index(std::string_view id) const;
    std::size_t resource_index(std::string_view id) const;

    const MatchResult& result() const noexcept { return result_; }
    const std::vector<Need>& needs() const noexcept { return needs_; }
    const std::vector<Resource>& resources() const noexcept { return resources_; }
    const MatchOptions& options() const noexcept { return opt_; }
    const Graph& graph() const noexcept { return graph_; }
    /// The shared graph when built from one, else null.
    const std::shared_ptr<const Graph>& graph_ptr() const noexcept { return owner_; }
    /// The flow network with the costs of the merged objective (benchmarks feed it to other
    /// solvers); valid after build(). Its optimum is the matcher's when stats().method ==
    /// "big_m" and fairness is off.
    const algo::MinCostFlow& flow_network() const noexcept { return flow_; }
    /// Eligible resources of need i with their integer (scaled) cost, after build().
    std::vector<std::pair<std::size_t, std::int64_t>> eligible(std::size_t need) const;

private:
    std::shared_ptr<const Graph> owner_;   ///< set by the shared-graph constructor
    const Graph& graph_;
    std::vector<Need> needs_;
    std::vector<Resource> resources_;
    MatchOptions opt_;
    MatchResult result_;
    algo::MinCostFlow flow_;
    bool built_ = false;

    ProgressFn progress_;
    std::int64_t progress_every_ = 10000;
    mutable std::unordered_map<std::string, std::size_t> need_ids_, resource_ids_;  // lazily
    bool dirty_ = false;                 // quantities / capacities changed since the last run
    bool rebuild_ = false;               // ... in a way the built network cannot absorb
    void apply_changes(algo::MinCostFlow& f) const;

    struct Impl;
    std::shared_ptr<Impl> impl_;
    void validate_input();
    // build(), in steps
    void index_resources();
    void find_eligible_pairs();
    void drop_unreachable(const std::vector<Graph::vertex>& home);
    void index_consortia();
    static constexpr std::int32_t own_incubator = -2, not_pooled = -1;
    std::int32_t pool_of(std::size_t need, std::uint32_t provider) const;
    void group_needs();
    void make_buckets();
    void make_flow_network();
    // run(): solve (reading the flows into the result), then explain, or not_solved
    void solve();
    void set_servable_floors(algo::MinCostFlow& f);
    void read_flows(const algo::MinCostFlow& f);
    void fill_outcomes(const std::vector<std::int64_t>& served);
    struct Usage;
    void explain();
    void explain_ineligible(std::size_t need, Usage& usage);
    void explain_blocked(std::size_t need, Usage& usage);
    void not_solved();
};

/// One-call form.
MatchResult match_resources(const Graph& graph, std::vector<Need> needs,
                            std::vector<Resource> resources, const MatchOptions& options = {});

}  // namespace hatchnet::match

// The JSON forms of needs, resources, options and results (one home: hatchnet/match/json.hpp).
#include "hatchnet/match/json.hpp"
