// hatchnet/coverage/scenario.hpp — apply a plan to a copy of the network, compare before/after.
//
// Problem: show what a plan changes. apply_plan() copies the network (the original is never
// touched) and adds each picked site as a new node (id "plan-<n>", tier and capacity of the
// pick, coordinates of its region's location when known) with a guidance edge from the
// incubator one level up in its area (district → street, city_center → district, street →
// community, district → social; none when there is no such incubator, which validate()
// reports as a warning), or raises the capacity of the picked existing node. compare()
// reports coverage and balance of both networks side by side, plus the outcome of every
// registered scenario hook (the matching and referral engines register theirs, so the same
// demand is routed on both networks).
// Complexity: a copy of the network O(R + V + E + O), plus two coverage/balance passes and the
// hooks.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/coverage/plan.hpp"

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

struct ScenarioOptions {
    CoverageOptions coverage;
    std::size_t top = 5;
    bool run_hooks = true;
};

struct ScenarioReport {
    std::vector<std::string> added;         ///< ids of the new nodes
    std::vector<std::string> expanded;      ///< ids of nodes whose capacity grew
    CoverageSummary coverage_before, coverage_after;
    BalanceReport balance_before, balance_after;
    nlohmann::json hooks = nlohmann::json::object();  ///< name -> result (or {"error": ...})
    Notes notes;
};

/// Compare two networks (usually the original and apply_plan's copy).
ScenarioReport compare(const Graph& before, const Graph& after, const ScenarioOptions& options = {});
/// apply_plan + freeze + compare in one step; the copy comes back through `after` when set.
ScenarioReport run_scenario(const Graph& g, const PlanResult& plan, const ScenarioOptions& options = {},
                            Network* after = nullptr);

}  // namespace hatchnet::coverage
