// hatchnet/coverage/scenario.hpp — apply a plan to a copy of the network, compare before/after.
//
// Problem: show what a plan changes. apply_plan() copies the network (the original is never
// touched) and adds each picked site as a new node (id "plan-<n>", tier and capacity of the
// pick, coordinates of its region's location when known, and the default services and
// sectors of its tier: the most common service set — and sector set — among the existing
// nodes of that tier in the same network, ties broken by the lowest node index; none when the
// tier has no node yet) with a guidance edge from the
// incubator one level up in its area (district → street, city_center → district, street →
// community, district → social; none when there is no such incubator, which validate()
// reports as a warning), or raises the capacity of the picked existing node. compare()
// reports coverage and balance of both networks side by side and, when options.demand is
// set, scenario_outcomes(): the SAME demand (referral requests and matching needs, given or
// generated with a seed from the original network) routed with Router::route_batch and
// matched with the ResourceMatcher on both networks, before / after, in total and per
// district. Resources after the plan: the original resources, those of expanded nodes scaled
// by their capacity growth, plus for each new site a copy of the resources of a template node
// (same tier: same region, else same district, else anywhere; lowest index) for the services
// the site offers, scaled to its capacity (at least 1). Hooks registered at run time with
// register_scenario_hook() still run (kept for compatibility; the engines are called
// explicitly, not through static registration).
// Complexity: a copy of the network O(R + V + E + O), plus two coverage/balance passes, and
// with a demand two batch routings and two matcher runs.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/coverage/sameness.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/referral/router.hpp"

namespace hatchnet::coverage {

/// A copy of `net` with the plan's picks applied; `added` receives the new node ids.
Network apply_plan(const Network& net, const PlanResult& plan,
                   std::vector<std::string>* added = nullptr);

/// Something else to compare on both networks (e.g. matching or referral outcomes on the same
/// demand): returns a JSON object, or throws (the error is reported, the comparison goes on).
using ScenarioHook = std::function<nlohmann::json(const Graph& before, const Graph& after)>;
/// Register a hook under a name (replacing one of the same name). Thread-safe.
void register_scenario_hook(const std::string& name, ScenarioHook hook);
void unregister_scenario_hook(const std::string& name);
std::vector<std::string> scenario_hook_names();

/// The demand routed and matched on both networks. Absent lists are generated with `seed`
/// from the ORIGINAL network (so both networks see the same demand).
struct ScenarioDemand {
    bool referral = true, matching = true;
    std::uint64_t seed = 2017;
    std::optional<std::vector<referral::Request>> requests;  ///< given requests
    std::size_t request_count = 2000;   ///< generated requests (organizations drawn uniformly)
    std::optional<std::vector<match::Need>> needs;           ///< given needs
    std::optional<std::vector<match::Resource>> resources;   ///< given resources (of the original)
    std::size_t need_count = 5000;      ///< generated needs (hatchnet::synth::demand)
    int supply_percent = 85;            ///< generated resources: capacity as % of demand
    match::MatchOptions match;
};

/// Generated referral requests: `count` organizations drawn uniformly (seeded, with
/// replacement) among those the router can take from their home incubator; community
/// organizations ask for 1–2 of venue, funds, volunteers, training, the others for 1–2 of
/// office, training, mentoring, project_matching, funds (terms missing from the vocabulary
/// are skipped); one in ten urgent. Ids "req-<n>".
std::vector<referral::Request> scenario_requests(const Graph& g, std::size_t count, std::uint64_t seed);
/// Resources on the planned network: see the header comment.
std::vector<match::Resource> plan_resources(const Network& before, const Network& after,
                                            const std::vector<match::Resource>& resources);

struct ReferralTotals {
    std::size_t requests = 0, routed = 0, waitlisted = 0, unroutable = 0;
    double total_score = 0;   ///< sum of the fit scores of the placed requests
};
struct MatchTotals {
    std::int64_t requested = 0, served = 0, weighted_served = 0;
    double served_share = 0;  ///< served / requested (0 when nothing requested)
    double cost = 0;
};
struct DistrictOutcome {
    std::string code, name;
    std::size_t requests = 0, routed_before = 0, routed_after = 0, waitlisted_before = 0, waitlisted_after = 0;
    std::size_t needs = 0;
    std::int64_t requested = 0, served_before = 0, served_after = 0, weighted_before = 0, weighted_after = 0;
    double cost_before = 0, cost_after = 0;
};
struct ScenarioOutcomes {
    bool referral = false, matching = false;
    bool generated_requests = false, generated_needs = false;
    std::size_t needs = 0, resources_before = 0, resources_after = 0;
    ReferralTotals referral_before, referral_after;
    std::map<std::string, std::size_t> placed_at_new;  ///< new node id -> requests placed there
    MatchTotals match_before, match_after;
    std::vector<DistrictOutcome> districts;            ///< by code
    Notes notes;
};

/// Route and match the same demand on both networks (called by compare() when
/// options.demand is set; callable on its own).
/// `progress` sees the batch routings' and the matchings' stages ("route", "solve",
/// "match"); returning false throws hatchnet::interrupted.
ScenarioOutcomes scenario_outcomes(const Graph& before, const Graph& after, const ScenarioDemand& demand,
                                   const ProgressFn& progress = {});

struct ScenarioOptions {
    CoverageOptions coverage;
    std::size_t top = 5;
    bool run_hooks = true;
    std::optional<ScenarioDemand> demand;   ///< referral and matching before / after
    /// Every step's progress: the two coverage analyses (unless coverage.progress is set),
    /// then the batch routings and matchings; returning false stops compare() /
    /// run_scenario() with hatchnet::interrupted (hatchnet/progress.hpp).
    ProgressFn progress;
};

struct ScenarioReport {
    std::vector<std::string> added;         ///< ids of the new nodes
    std::vector<std::string> expanded;      ///< ids of nodes whose capacity grew
    CoverageSummary coverage_before, coverage_after;
    BalanceReport balance_before, balance_after;
    /// Network-wide tier sameness (§1 look-alike tiers, coverage/sameness.hpp): a plan whose new
    /// sites offer their tier's own services lowers `between`.
    SamenessGroup sameness_before, sameness_after;
    nlohmann::json hooks = nlohmann::json::object();  ///< name -> result (or {"error": ...})
    std::optional<ScenarioOutcomes> outcomes;          ///< with options.demand
    Notes notes;
};

/// Compare two networks (usually the original and apply_plan's copy).
ScenarioReport compare(const Graph& before, const Graph& after, const ScenarioOptions& options = {});
/// apply_plan + freeze + compare in one step; the copy comes back through `after` when set.
ScenarioReport run_scenario(const Graph& g, const PlanResult& plan, const ScenarioOptions& options = {},
                            Network* after = nullptr);

}  // namespace hatchnet::coverage
