// hatchnet/validate.hpp — structural checks of a Network, with errors and warnings apart.
//
// Errors make a network unusable for the algorithms (Graph refuses it): duplicate ids,
// references to unknown nodes / regions / vocabulary terms, malformed region codes, a
// guidance cycle, guidance that runs upward or skips a level of the hierarchy without being
// marked `irregular`, a street whose code does not lie under its guiding district's, a node
// of a tier whose region code has the wrong length, negative capacities, credit outside 0–100,
// a tier function no known service performs, a tier mandate naming an unknown function,
// a consortium or contract with fewer than two incubators, an unknown or repeated member /
// party, an unknown service, a malformed period or one that ends before it starts
// ("bad_period"), a consortium without a known region.
// Warnings are legal but worth knowing: a district or street with no incubator of its own
// tier, a street incubator without a guiding district, a node fuller than its capacity,
// an organization whose home incubator does not serve its region, a node that does not
// perform a mandated function of its tier (code "missing_function", one per node and
// function, field "services", the function's id quoted first in the message).
//
// Every issue names its record (a node, edge, organization or region id) and field, so a
// person can fix the input; validate() reports all of them, never just the first.
// Complexity: O(V + E + O + R) expected (hash lookups), plus O(E log E) for duplicates.
#pragma once

#include <string>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet {

enum class Severity : std::uint8_t { error, warning };

struct Issue {
    Severity severity = Severity::error;
    std::string code;     ///< stable machine-readable code, e.g. "duplicate_id"
    std::string record;   ///< "node dc-110101", "edge 12", "organization so-1", "region 110101"
    std::string field;    ///< the field at fault, e.g. "region", "to", "sectors[2]"
    std::string message;  ///< a sentence for a person

    /// "error: node dc-1: field 'region': ... [code]" — one line.
    std::string to_string() const;
};

struct ValidationReport {
    std::vector<Issue> errors;
    std::vector<Issue> warnings;
    bool ok() const noexcept { return errors.empty(); }
    /// Every error, then every warning, one per line.
    std::string to_string() const;
};

ValidationReport validate(const Network& net);

/// Thrown when a network fails validation where a valid one is required (loading with
/// validation on, freezing into a Graph). Derives from input_error; carries the full report.
class validation_error;

}  // namespace hatchnet

#include "hatchnet/error.hpp"

namespace hatchnet {
class validation_error : public input_error {
public:
    explicit validation_error(ValidationReport report)
        : input_error(summary(report)), report_(std::move(report)) {}
    const ValidationReport& report() const noexcept { return report_; }

private:
    static std::string summary(const ValidationReport& r);
    ValidationReport report_;
};
}  // namespace hatchnet
