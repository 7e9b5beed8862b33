// hatchnet/evaluate/supervision.hpp — public supervision (§6.4 社会监督): feedback and
// complaints about incubators from social organizations, residents and the public, as records
// that reach the incubators' evaluation.
//
// A record: id, incubator (a node id), date (ISO 8601), kind (feedback | complaint), category
// (free text, e.g. "service_quality", "fees", "conduct"), resolved (true once the incubator or
// the bureau closed it), text. The indicators (one row per incubator of the network, network
// order; columns an evaluation scheme can reference as data columns):
//   feedback_count             records of kind feedback in the period
//   complaint_count            records of kind complaint in the period
//   complaints_per_100_orgs    100 · complaint_count / occupied (organizations it serves now);
//                              NaN when it serves none
//   complaint_resolution_rate  resolved complaints / complaints; NaN when there is none
//                              (a scheme's missing-data rule decides: "no complaint" is not
//                              "all resolved")
// Complexity O(F + V) for F records and V nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/network.hpp"

namespace hatchnet::evaluate {

enum class FeedbackKind : std::uint8_t { feedback, complaint };
std::string_view to_string(FeedbackKind k) noexcept;
/// "feedback" / "complaint" (aliases "意见", "投诉").
std::optional<FeedbackKind> parse_feedback_kind(std::string_view s) noexcept;

struct Feedback {
    std::string id;
    std::string incubator;     ///< node id
    std::string date;          ///< ISO 8601 "YYYY-MM-DD"
    FeedbackKind kind = FeedbackKind::feedback;
    std::string category;
    bool resolved = false;
    std::string text;
};

/// Read records: a JSON array or {"feedback": [...]}; every record must have id, incubator,
/// date and kind (category, resolved, text optional); unknown fields, duplicate ids, bad
/// dates and (when `net` is given) unknown incubators throw input_error naming the record
/// ("feedback[3]" or its id) and the field. All or nothing.
std::vector<Feedback> parse_feedback(std::string_view json_text, const Network* net = nullptr);
/// The records as JSON text (an array, the fields in the order above).
std::string feedback_to_json(const std::vector<Feedback>& records);

struct SupervisionOptions {
    std::string from, to;      ///< the period, inclusive ISO dates; empty: open
};

/// The column names of supervision_indicators, in order.
const std::vector<std::string>& supervision_columns();
/// The indicators above for every node of `net` (records of unknown incubators: input_error).
IndicatorTable supervision_indicators(const Network& net, const std::vector<Feedback>& records,
                                      const SupervisionOptions& opt = {});

/// The staff indicators (§6.3) as evaluation data, one row per node that records staff
/// (coverage/staffing.hpp has the definitions): staff, staff_trained, staff_trained_share,
/// staff_funded_posts, staff_funded_share, staff_pay, staff_pay_ratio (pay / the network's
/// pay floor), staff_below_pay_floor (1 / 0; NaN without a floor or pay).
IndicatorTable staff_indicators(const Network& net);
/// The column names of staff_indicators, in order.
const std::vector<std::string>& staff_columns();

/// `a` with the columns of `b` joined by id (rows of `b` for ids `a` lacks are added; NaN
/// where a table has no value). A column in both is an input_error naming it.
IndicatorTable merge_indicators(const IndicatorTable& a, const IndicatorTable& b);

/// supervision_indicators as JSON rows [{"id", column: value or null, ...}] (the "indicators"
/// form evaluate reads).
std::string indicators_json_text(const IndicatorTable& t);

}  // namespace hatchnet::evaluate
