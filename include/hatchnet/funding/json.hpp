// hatchnet/funding/json.hpp — the funding engine's JSON (docs/funding.md has the formats).
//
// A funds file: {"format": "hatchnet-funds", "funds": [...], "contracts": [...]}. Items:
// {"items": [...]} or a coverage plan result ({"picks": [...]}). Performance: {"units":
// [{"id", "grade", "score", "indicators": {id: fraction}}]} — the output of `hatchnet evaluate`
// is accepted as it is (its "areas" points become fractions when the scheme is given).
// Unknown members are refused naming the record and the member, except in a plan's or an
// evaluation's own records, where only the members read are checked.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "hatchnet/funding/funding.hpp"

namespace hatchnet::funding {

/// Parse and check (check(book)) a funds file; nothing is kept when any record is bad.
Book parse_book(std::string_view text);
Book book_from_json(const nlohmann::json& j);
nlohmann::json book_to_json(const Book& b);

std::vector<CostItem> parse_cost_items(std::string_view text);
std::vector<CostItem> cost_items_from_json(const nlohmann::json& j);
nlohmann::json cost_items_to_json(const std::vector<CostItem>& items);

Performance parse_performance(std::string_view text, const evaluate::Scheme* scheme = nullptr);
Performance performance_from_json(const nlohmann::json& j, const evaluate::Scheme* scheme = nullptr);
nlohmann::json performance_to_json(const Performance& p);

AllocateOptions allocate_options_from_json(const nlohmann::json& j);
PaymentOptions payment_options_from_json(const nlohmann::json& j);

nlohmann::json allocation_to_json(const AllocationResult& r);
nlohmann::json payments_to_json(const std::vector<Payment>& p);
nlohmann::json cost_per_served_to_json(const CostPerServed& c);

}  // namespace hatchnet::funding
