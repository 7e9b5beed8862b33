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
#include "hatchnet/coverage/scenario.hpp"

namespace hatchnet::coverage {

CoverageOptions coverage_options_from_json(const nlohmann::json& j);
BalanceOptions balance_options_from_json(const nlohmann::json& j);
PlanOptions plan_options_from_json(const nlohmann::json& j);
SplitOptions split_options_from_json(const nlohmann::json& j);
/// Parse option text ("" or "null" → {}); malformed JSON → input_error naming the offset.
nlohmann::json parse_options(std::string_view text);

nlohmann::json to_json(const CoverageReport& r);
nlohmann::json to_json(const CoverageSummary& s);
nlohmann::json to_json(const BalanceReport& r);
nlohmann::json to_json(const PlanResult& r);
nlohmann::json to_json(const SplitResult& r);
nlohmann::json to_json(const ScenarioReport& r);

/// Whole requests as the C ABI runs them: options JSON text → result JSON.
/// plan_json accepts, besides the plan options, "scenario": true (before/after of the plan)
/// and "split_budget": B (a water-filling split of B, with "price").
nlohmann::json coverage_json(const Graph& g, std::string_view options);
nlohmann::json balance_json(const Graph& g, std::string_view options);
nlohmann::json plan_json(const Graph& g, std::string_view options);

}  // namespace hatchnet::coverage
