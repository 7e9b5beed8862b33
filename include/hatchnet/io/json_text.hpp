// hatchnet/io/json_text.hpp — parse JSON text given by a caller (requests, options, policies,
// needs, ledgers) with an error that names the record and the line and column.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hatchnet::io {

/// Parse `text`; on a syntax error throw input_error(record, "", "malformed JSON at line L,
/// column C: ...").
nlohmann::ordered_json parse_json_text(std::string_view text, const std::string& record);

}  // namespace hatchnet::io
