// hatchnet/coverage/json.hpp — options from JSON and results to JSON, for the C ABI, the CLI
// and the Python module (one definition of every field name, docs/algorithms/coverage.md).
//
// Options objects reject unknown keys and values of the wrong type or range with an
// input_error naming the field ("options", "budget", "must not be negative"). Result numbers
// that are undefined (NaN: a ratio whose denominator is 0) are written as null.
#pragma once

#include <nlohmann/json.hpp>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/coverage/sameness.hpp"
#include "hatchnet/coverage/staffing.hpp"
#include "hatchnet/coverage/scenario.hpp"

namespace hatchnet::coverage {

CoverageOptions coverage_options_from_json(const nlohmann::json& j);
BalanceOptions balance_options_from_json(const nlohmann::json& j);
PlanOptions plan_options_from_json(const nlohmann::json& j);
SplitOptions split_options_from_json(const nlohmann::json& j);
/// {"tiers": [tier names], "districts": bool}.
SamenessOptions sameness_options_from_json(const nlohmann::json& j);
/// Parse option text ("" or "null" → {}); malformed JSON → input_error naming the offset.
nlohmann::json parse_options(std::string_view text);

nlohmann::json to_json(const CoverageReport& r);
nlohmann::json to_json(const CoverageSummary& s);
nlohmann::json to_json(const BalanceReport& r);
nlohmann::json to_json(const PlanResult& r);
nlohmann::json to_json(const SplitResult& r);
nlohmann::json to_json(const ScenarioReport& r);
/// {"network": {nodes, by_tier, within, between, tier_pairs: [{a, b, pairs, jaccard}]},
///  "districts": [{code, name, nodes, by_tier, within, between}], "notes"}.
nlohmann::json to_json(const SamenessReport& r);
/// {"nodes": [{node, tier, district, recorded, staff, trained, funded_posts, occupied, pay,
///  trained_share, pay_ratio, orgs_per_staff, funded_share, below_floor, below_trained_share}],
///  "districts": [{code, name, nodes, recorded, staff, trained, funded_posts, occupied,
///  below_floor, trained_share, funded_share, orgs_per_staff, mean_pay}], "total": {...},
///  "pay_floor", "min_trained_share", "notes"}.
nlohmann::json to_json(const StaffReport& r);
nlohmann::json to_json(const ScenarioOutcomes& r);

/// The demand of a scenario: true (all defaults) or an object with "referral" / "matching"
/// (booleans, default true), "seed", "requests" (a count to generate, or an array of referral
/// requests), "needs" (a count, or an array of needs), "resources" (an array), "supply_percent",
/// "match_options" (the matcher's options object). Unknown keys are refused.
ScenarioDemand scenario_demand_from_json(const nlohmann::json& j);
/// Picks as to_json(PlanResult) writes them (or records with "region" | "node", "tier",
/// "capacity", "name", "cost"), as a PlanResult to apply.
PlanResult picks_from_json(const nlohmann::json& j);
/// {"picks": [...]} → the planned copy of the network (apply_plan).
Network apply_plan_json(const Graph& g, std::string_view options);
/// {"picks": [...], "demand": ..., "top": n, "coverage": {...}} → to_json(ScenarioReport).
nlohmann::json scenario_json(const Graph& g, std::string_view options, const ProgressFn& progress = {});

/// Whole requests as the C ABI runs them: options JSON text → result JSON.
/// plan_json accepts, besides the plan options, "scenario": true (before/after of the plan),
/// "demand": true | {...} (implies "scenario"; adds "scenario.outcomes": referral and
/// matching before/after on the same demand), and "split_budget": B (a water-filling split of
/// B, with "price"). With "picks": [...] instead of plan options it applies those picks
/// (no planning) and returns {"scenario": ...}. `progress` (hatchnet/progress.hpp) is the
/// options' progress hook of every step run; returning false throws hatchnet::interrupted.
/// coverage_json and balance_json add "sameness": the network's {nodes, by_tier, within, between}.
nlohmann::json coverage_json(const Graph& g, std::string_view options, const ProgressFn& progress = {});
/// Tier sameness (coverage/sameness.hpp): options JSON text → to_json(SamenessReport).
nlohmann::json sameness_json(const Graph& g, std::string_view options);
/// Staff indicators (coverage/staffing.hpp): options "" or {} → to_json(StaffReport).
nlohmann::json staffing_json(const Graph& g, std::string_view options);
nlohmann::json balance_json(const Graph& g, std::string_view options, const ProgressFn& progress = {});
nlohmann::json plan_json(const Graph& g, std::string_view options, const ProgressFn& progress = {});

}  // namespace hatchnet::coverage
