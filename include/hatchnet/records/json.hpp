// hatchnet/records/json.hpp — records as JSON: transitions in, incubations, counts and period
// summaries out (the C ABI, Python and the CLI speak these). docs/records.md has the formats.
//
//   transition:  {"id"?, "to": stage, "at": "YYYY-MM-DD", "note"?, "organization"?, "node"?,
//                 "referral"?, "services"?: [..], "outcome"?}   ("to" defaults to "applied")
//   incubation:  {"id", "organization", "node", "referral", "services", "stage", "outcome",
//                 "history": [{"from", "stage", "at", "note"}]}
//   counts:      {"date", "total": {stage: n}, "by_node": {id: {stage: n}}, "by_tier", "by_district"}
//   fact:        {"at", "kind": opened | closed | capacity | registered | stage, "subject", "value"?, "note"?}
//   target:      {"id", "kind", "scope"?, "value"?, "due", "note"?}
//   summary:     {"period": {"id", "start", "end"}, "entered": {stage: n}, "at_end": counts,
//                 "graduated": n, "days_to_graduation": {"n", "min", "p25", "median", "p75", "max", "mean"}}
//   referral (opening one in the store's ledger):
//                {"id"?, "organization"?, "node", "first_contact"?, "needs"?: [..], "urgency"?, "note"?}
//   options (opening a store): {"create"?: true, "read_only"?: false, "busy_timeout_ms"?: 5000}
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/records/store.hpp"

namespace hatchnet::records {

/// One transition from a parsed JSON object; unknown members are refused, naming `record`.
Transition transition_from_json(const nlohmann::json& j, const std::string& record = "transition");
/// One transition object or an array of them.
std::vector<Transition> parse_transitions(std::string_view text);

/// Facts: one object or an array of them.
std::vector<Fact> parse_facts(std::string_view text);
Fact fact_from_json(const nlohmann::json& j, const std::string& record = "fact");
/// Targets: one object or an array of them.
std::vector<Target> parse_targets(std::string_view text);
Target target_from_json(const nlohmann::json& j, const std::string& record = "target");
nlohmann::ordered_json target_to_json(const Target& t);

nlohmann::ordered_json incubation_to_json(const Incubation& r);
nlohmann::ordered_json counts_to_json(const StageCounts& c, const std::string& date = {});
nlohmann::ordered_json summary_to_json(const PeriodSummary& s);

/// A referral to open (the shape above); `note` receives its note. Unknown members, a missing
/// node and wrong types are refused naming the member.
referral::Referral referral_from_json(std::string_view text, std::string& note);
/// Referrals with their histories as a JSON array (the ledger's record format, in order).
std::string referrals_to_json(const std::vector<referral::Referral>& refs);
/// Store options from JSON text (the shape above); unknown members refused.
StoreOptions store_options_from_json(std::string_view text);

}  // namespace hatchnet::records
