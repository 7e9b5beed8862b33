// hatchnet/referral/json.hpp — JSON text of referral requests and results (the C ABI, the CLI
// and the Python module speak it). The formats are documented in docs/algorithms/referral.md.
//
// A request:  {"id": "r1", "organization": "so-1", "needs": ["office"], "first_contact":
//              "s-east-1", "urgency": "routine", "consent": ["government", "social"],
//              "exclude": ["soc-1"]}
//   or with attributes instead of "organization": "type", "stage", "registration",
//   "sectors", "region", "credit". Unknown fields, wrong types and bad enum values throw
//   input_error naming the field (prefixed with `record`, e.g. "requests[3]").
// The convention of every engine's <engine>/json.hpp: `parse_<things>(std::string_view)`
// reads JSON text, `<thing>_from_json(const nlohmann::json&)` an already parsed value, and
// `<thing>_to_json(...)` writes one.
// Complexity: linear in the size of the text / result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hatchnet/referral/router.hpp"

namespace hatchnet::referral {

Request request_from_json(const nlohmann::ordered_json& j, const std::string& record = "request");
Request parse_request(std::string_view text);
/// A JSON array of requests, or an object {"requests": [...]}.
std::vector<Request> parse_requests(std::string_view text);
nlohmann::ordered_json request_to_json(const Request& r);

nlohmann::ordered_json result_to_json(const Result& r, const Router& router);
std::string result_to_json_text(const Result& r, const Router& router, int indent = -1);
nlohmann::ordered_json batch_to_json(const BatchResult& b, std::span<const Request> requests,
                             const Router& router);

/// Parse JSON text, turning a syntax error into input_error naming `record` and the line.
nlohmann::ordered_json parse_json(std::string_view text, const std::string& record);

}  // namespace hatchnet::referral
