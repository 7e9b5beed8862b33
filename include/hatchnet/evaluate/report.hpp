// hatchnet/evaluate/report.hpp — commendation (top-k per group) and disclosure reports.
//
// Problem: the policy asks to commend the best incubators per tier or district and to
// disclose each unit's evaluation publicly.
// Method: commend() sorts each group by score (higher first), keeps units passing the
// caller's rule (minimum score, minimum grade index), takes the top k, and resolves a tie at
// the cut-off by the rule's tie policy: include_all (every tied unit is commended, k grows)
// or break (secondary key — e.g. number of raters, higher first — then unit id, ascending);
// every commended unit carries a sentence saying why, and a tie at the cut-off is always
// explained. disclosure_json / disclosure_html build a per-unit report (score by indicator,
// area points, grade and vetoes, rank interval, number of raters, notes); the HTML page is
// standalone (inline CSS) and every text is HTML-escaped.
// Complexity: commend O(n log n); reports O(nodes) per unit.
#pragma once

#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/evaluate/sensitivity.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace hatchnet::evaluate {

struct CommendationRule {
    Index top_k = 3;
    double min_score = -INFINITY;
    int max_grade_index = -1;           ///< -1: any; else grade index must be <= this (0 = best)
    enum class Ties { include_all, break_by_secondary } ties = Ties::include_all;
};

struct Commendation {
    Index unit = 0;
    int group = 0;
    Index position = 0;                 ///< 1-based within the group (ties share a position)
    double score = 0;
    std::string reason;
};

/// `ids` names the units (tie-break and messages); `grade_index` and `secondary` optional
/// (empty = not used).
std::vector<Commendation> commend(const Vector& score, const Eigen::VectorXi& group,
                                  const std::vector<std::string>& ids,
                                  const CommendationRule& rule,
                                  const Eigen::VectorXi& grade_index = {},
                                  const Vector& secondary = {});

std::string html_escape(const std::string& s);

struct DisclosureExtras {
    std::string unit_name;
    const UncertaintyResult* uncertainty = nullptr;   ///< rank interval when given
    int n_raters = -1;
    double rater_alpha = NAN;                          ///< reliability when known
};

nlohmann::json disclosure_json(const Scheme& s, const SchemeResult& r, Index unit,
                               const std::string& unit_id, const DisclosureExtras& extra = {});
std::string disclosure_html(const nlohmann::json& report);

/// The file name of a unit's disclosure page, `<encoded id>.html`: one injective mapping used
/// by every surface (`hatchnet evaluate --out`, Python `Evaluation.write`), so distinct ids
/// never share a page. Bytes in [A-Za-z0-9-_.] are kept, except a leading '.' (no hidden
/// files, no "." or ".."); every other byte — '%' itself, '/', a space, each byte of UTF-8 —
/// becomes %XX (upper-case hex): "东街" -> "%E4%B8%9C%E8%A1%97.html", "a b" -> "a%20b.html",
/// "a%20b" -> "a%2520b.html". The empty id (only in an unvalidated network) is "%.html",
/// which no other id gives. A name can be up to 3 x the id's bytes + 5 long; a file system
/// refuses one over its limit (255 bytes on most) with an I/O error naming the file.
std::string disclosure_file_name(std::string_view id);

}  // namespace hatchnet::evaluate
