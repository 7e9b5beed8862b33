// hatchnet/match/json.hpp — the matching engine's JSON: needs, resources and options in,
// results out (what the C ABI, the CLI and the Python module speak).
//
// The convention of every engine's <engine>/json.hpp: `parse_<things>(std::string_view)`
// reads JSON text, `<thing>_from_json(const nlohmann::json&)` an already parsed value, and
// `<thing>_to_json(...)` writes one; errors are input_error naming the record and field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/match/resources.hpp"

namespace hatchnet::match {

// Formats in docs/algorithms/matching.md. Each parser accepts an array or an object
// {"needs": [...]} / {"resources": [...]}; unknown fields, wrong types, bad enum values throw
// input_error naming the record ("needs[2]" or the id) and the field.
std::vector<Need> parse_needs(std::string_view json_text);
std::vector<Resource> parse_resources(std::string_view json_text);
/// Options object (empty text or "null": defaults).
MatchOptions parse_match_options(std::string_view json_text);
std::string needs_to_json(const std::vector<Need>& needs);
std::string resources_to_json(const std::vector<Resource>& resources);
/// The result with ids: {"status", "summary", "assignments", "unserved", "groups", "stats"}.
std::string match_result_to_json(const ResourceMatcher& m, int indent = -1);

}  // namespace hatchnet::match
