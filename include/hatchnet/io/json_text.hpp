// hatchnet/io/json_text.hpp — parse JSON text given by a caller (requests, options, policies,
// needs, schemes, ratings, ledgers): the one entry point every engine and surface uses, so
// that each document is bounded (max_input_bytes, max_json_depth: hatchnet/limits.hpp) and
// every failure is an input_error naming the record, the line and the column.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hatchnet::io {

/// Parse `text`, keeping the order of object members. Throws limit_error when the text is
/// longer than max_input_bytes or nested deeper than max_json_depth, and
/// input_error(record, "", "malformed JSON at line L, column C: ...") on a syntax error or a
/// number no double holds (1e400).
nlohmann::ordered_json parse_json_text(std::string_view text, const std::string& record);

/// The same, into a nlohmann::json (members sorted by key).
nlohmann::json parse_json_value(std::string_view text, const std::string& record);

}  // namespace hatchnet::io
