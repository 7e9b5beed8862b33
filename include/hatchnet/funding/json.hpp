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

// ------------------------------------------------------------------ requests (every surface)
// JSON text in, JSON out: what the C ABI (hn_funding.h), Python and the CLI call. `funds` is a
// funds file's text; `scheme` is empty (none), the name of a shipped scheme ("mca_1000",
// "incubator"), a scheme's JSON text or a path; empty `options` means the defaults.

namespace hatchnet {
class Graph;
}

namespace hatchnet::funding {

/// The scheme named by `spec` (see above).
evaluate::Scheme scheme_from_spec(std::string_view spec);

/// Check a funds file against the network (and the scheme): {"funds", "contracts", "periods":
/// {year: total}, "committed": {year: total}} or an input_error naming record and field.
nlohmann::json funds_check_json(const Network& net, std::string_view funds, std::string_view scheme = {});

/// Split costs across the funds. `items`: {"items": [...]}, a plan result ({"picks": [...]}) or
/// empty. Options: year, unit, charge_contracts (contracts naming a fund use it first; true),
/// contracts (contracts without a fund become items of their share of the year; true),
/// plan (coverage plan options: plan first and add its picks), split ({"budget", "price"}: add
/// the water-filling split's district purchases). Result: allocation_to_json plus "cost_items".
nlohmann::json funds_split_json(const Graph& g, std::string_view funds, std::string_view items,
                                std::string_view options = {});

/// Payments due on every contract given evaluation results (`performance`: see
/// performance_from_json). Options: as_of. Result: payments_to_json.
nlohmann::json funds_payments_json(const Network& net, std::string_view funds, std::string_view performance,
                                   std::string_view scheme = {}, std::string_view options = {});

/// Cost per organization served. With `performance`, money = payments due (options.as_of),
/// else the contracts' amounts. Options: as_of, served ({node id: count}; default
/// Node::occupied). Result: cost_per_served_to_json.
nlohmann::json funds_cost_json(const Network& net, std::string_view funds, std::string_view performance = {},
                               std::string_view scheme = {}, std::string_view options = {});

}  // namespace hatchnet::funding
