// hatchnet/evaluate/json.hpp — the evaluation engine's JSON: schemes, options, indicator and
// rating tables in; evaluations out (what the C ABI, the CLI and the Python module speak).
// Formats in docs/evaluation.md. Disclosure reports (JSON and HTML) stay in report.hpp.
//
// The convention of every engine's <engine>/json.hpp: `parse_<things>(std::string_view)`
// reads JSON text, `<thing>_from_json(const nlohmann::json&)` an already parsed value, and
// `<thing>_to_json(...)` writes one; errors are input_error naming the record and field.
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace hatchnet::evaluate {

// Declared here so that scheme.hpp and network.hpp can both include this header (each does,
// at its end): include either of them, or evaluate.hpp, to call these functions.
struct Scheme;
struct IndicatorTable;
struct RatingTable;
struct NetworkEvalOptions;
struct NetworkEvaluation;

/// Parse + validate (throws input_error naming the indicator id and field).
Scheme scheme_from_json(const nlohmann::json& j);
nlohmann::json scheme_to_json(const Scheme& s);

/// Parse options from JSON (keys as the field names; tiers as names; pooling, missing,
/// shrink_toward as strings; "commend": {"by", "top_k", "min_score", "min_grade", "ties"}).
/// Unknown keys are an input_error naming the key.
NetworkEvalOptions network_options_from_json(const nlohmann::json& j);

/// Indicator rows from JSON: [{"id": "...", "<column>": number|null, ...}, ...].
IndicatorTable indicators_from_json(const nlohmann::json& j);
/// Ratings from JSON: [{"unit", "rater", "column", "source"?, "value"}, ...].
RatingTable ratings_from_json(const nlohmann::json& j);
nlohmann::json indicators_to_json(const IndicatorTable& t);
nlohmann::json ratings_to_json(const RatingTable& r);

/// The whole result as JSON: {"scheme", "units": [...], "by_tier", "by_district",
/// "commended", "rated_columns", "alpha", "notes"} (every unit with its scores, grade,
/// vetoes, ranks, interval and rating counts).
nlohmann::json evaluation_to_json(const NetworkEvaluation& e, const Scheme& s);

}  // namespace hatchnet::evaluate
