// hatchnet/records/timeline.hpp — dated facts about a network, and the network as it stood on
// a date (docs/records.md, "Periods and the network over time").
//
// The network model holds one snapshot. A Timeline holds what changed and when: an incubator
// opened or closed, its resident places from a date on, an organization registered, its stage
// changed. at() applies the facts dated on or before a date to a base network and returns the
// network as it stood then — a new Network value every engine runs on:
//   - an incubator whose latest opened/closed fact on or before the date is `closed`, or whose
//     every fact is an `opened` after the date, is left out (with its edges; organizations
//     whose home it was lose their home);
//   - its capacity is the latest `capacity` fact on or before the date (capacity_updated set
//     to the fact's date), else the base network's;
//   - an organization whose `registered` fact is after the date is left out; a `registered`
//     fact's value, when it names a level (city, district, street), sets its registration;
//   - its stage is the latest `stage` fact on or before the date (founding, growing, mature).
// Complexity: O(F log F + N + E + O) for F facts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::records {

enum class FactKind : std::uint8_t { opened, closed, capacity, registered, stage };
inline constexpr int fact_kind_count = 5;
std::string_view to_string(FactKind k) noexcept;
std::optional<FactKind> parse_fact_kind(std::string_view s) noexcept;

struct Fact {
    std::string at;       ///< YYYY-MM-DD
    FactKind kind = FactKind::opened;
    std::string subject;  ///< incubator id (opened, closed, capacity) or organization id
    std::string value;    ///< capacity: a whole number; registered: "", city, district or street;
                          ///< stage: founding, growing or mature; opened / closed: ""
    std::string note;
};

/// Check one fact against a network (subject known, value well-formed); throws input_error
/// naming `record` and the field.
void check_fact(const Fact& f, const Network& base, const std::string& record);

struct Timeline {
    std::vector<Fact> facts;  ///< in recorded order; at() orders them by date (stable)

    /// The network as it stood on `date` (YYYY-MM-DD).
    Network at(const Network& base, std::string_view date) const;
};

}  // namespace hatchnet::records
