// hatchnet/match/json.hpp — the matching engine's JSON: needs, resources and options in,
// results out (what the C ABI, the CLI and the Python module speak).
//
// The convention of every engine's <engine>/json.hpp: `parse_<things>(std::string_view)`
// reads JSON text, `<thing>_from_json(const nlohmann::json&)` an already parsed value, and
// `<thing>_to_json(...)` writes one; errors are input_error naming the record and field.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hatchnet/match/resources.hpp"

namespace hatchnet::match {

// Formats in docs/algorithms/matching.md. Each reader accepts an array or an object
// {"needs": [...]} / {"resources": [...]}; unknown fields, wrong types, bad enum values throw
// input_error naming the record ("needs[2]" or the id) and the field. The text forms add
// malformed JSON (input_error naming the line).
std::vector<Need> needs_from_json(const nlohmann::json& j);
std::vector<Resource> resources_from_json(const nlohmann::json& j);
/// Options object (null: defaults).
MatchOptions match_options_from_json(const nlohmann::json& j);
std::vector<Need> parse_needs(std::string_view json_text);
std::vector<Resource> parse_resources(std::string_view json_text);
/// Options object (empty text or "null": defaults).
MatchOptions parse_match_options(std::string_view json_text);

// Writers (the key order is part of the format: ordered_json; `.dump()` for text).
nlohmann::ordered_json needs_to_json(const std::vector<Need>& needs);
nlohmann::ordered_json resources_to_json(const std::vector<Resource>& resources);
/// The result with ids: {"status", "summary", "assignments", "unserved", "groups", "stats"}.
nlohmann::ordered_json match_result_to_json(const ResourceMatcher& m);
/// {"method", "phases", "flow_nodes", "flow_arcs", "buckets", "eligible_pairs", "pivots",
///  "build_seconds", "solve_seconds", "warm_start"} (the result's "stats").
nlohmann::ordered_json match_stats_to_json(const MatchStats& s);

}  // namespace hatchnet::match
