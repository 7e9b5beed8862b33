// hatchnet/evaluate/network.hpp — evaluation of a network's incubators (policy §6.4).
//
// Problem: score and grade every incubator of a Network on an indicator scheme, from
// indicator data (administrative records, self-reports) and from many ratings by service
// recipients and third parties, keyed by incubator id; rank them overall, within their tier
// and within their district, say how far each rank could move, commend the best per group
// and produce a disclosure page per incubator; feed the scores back to the network
// (Node::score, 0–100) for the referral engine's evaluation factor.
// Method:
//   1. Units = the network's nodes of the chosen tiers (all by default), in network order.
//      Indicator rows and ratings name incubators by id; an unknown id, or one outside the
//      chosen tiers, is an input_error naming the record (row / rating number and id).
//   2. Ratings (unit, rater, column, source, value) are pooled per column with
//      pool_ratings(): mean, median, trimmed mean or (default) Bayesian shrinkage toward the
//      unit's tier mean (or district mean, or the overall mean), optionally after removing
//      rater severity. A shrinkage group without any rating of that column is an input_error
//      (field "shrink_toward"): there is nothing to shrink toward. A column given both as
//      indicator data and as ratings is an input_error. Interval Krippendorff's alpha per
//      rated column is computed from the long format (values of units with >= 2 ratings):
//      D_o = (1/N) sum_u (1/(m_u-1)) sum_{i!=j in u} (v_i-v_j)^2, D_e over all pairable values.
//   3. The pooled ratings and the indicator data form the units × columns matrix given to
//      evaluate_scheme() (missing values per SchemeOptions::missing, zero by default).
//   4. score = 100 · total / total_points, capped at 100 (bonus points can exceed it); rank
//      by total (1 = best, average ties) overall, per tier and per district; group summaries
//      (count, mean, median, sd, min, max of the score, grade distribution, best unit).
//   5. Rank intervals: Monte-Carlo over the scheme's weights — every main indicator's points
//      are perturbed by ±x % (uniform) and re-normalised among its siblings (the parent's
//      points and the scheme total stay fixed), the tree re-aggregated with each node's own
//      aggregator (arithmetic / geometric / minimum), bonus points kept; per unit the 5th,
//      50th and 95th percentile of its overall rank (rank_intervals(): deterministic per-draw
//      seeds, independent of the thread count). With x = 0 every draw reproduces the nominal
//      ranking exactly.
//   6. Commendation: commend() per tier or district under the caller's rule (top k, minimum
//      score, minimum grade; ties included or broken by the number of ratings, then id).
//   7. Disclosure: disclosure_json() per unit, with rank interval, raters and reliability.
//   Network-derived indicators: a scheme leaf whose data column is one of the staff
//   indicators (staff, staff_trained_share, staff_pay_ratio, ...; evaluate/supervision.hpp)
//   reads it from the nodes' staff data unless the caller gives that column
//   (NetworkEvalOptions::network_indicators). Supervision (feedback and complaints) comes as
//   indicator data made by supervision_indicators().
// Complexity: O(R log R) pooling (R ratings; O(R) for mean/shrinkage) + O(U · nodes) scoring
// + O(D · U · (nodes + log U)) for D Monte-Carlo draws (2 threads by default).
// References: see evaluate/raters.hpp, scheme.hpp, sensitivity.hpp, report.hpp.
#pragma once

#include "hatchnet/evaluate/raters.hpp"
#include "hatchnet/evaluate/report.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/evaluate/sensitivity.hpp"
#include "hatchnet/network.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hatchnet::evaluate {

/// Indicator data, wide: one row per incubator id, NaN = missing.
struct IndicatorTable {
    std::vector<std::string> ids;
    std::vector<std::string> columns;
    Matrix values;   ///< ids.size() × columns.size()
};

/// Ratings, long and columnar: rating k is (unit[k], rater[k], column[k], source[k], value[k]).
struct RatingTable {
    std::vector<std::string> unit;     ///< incubator id
    std::vector<std::string> rater;    ///< rater id (any text; the same text = the same rater)
    std::vector<std::string> column;   ///< the data column the pooled value fills
    std::vector<Source> source;        ///< recipients or third_party (empty = recipients)
    std::vector<double> value;
    std::size_t size() const { return value.size(); }
};

enum class ShrinkToward { tier, district, all };
std::string_view to_string(ShrinkToward s) noexcept;
std::optional<ShrinkToward> parse_shrink_toward(std::string_view s) noexcept;
/// Kept for one release; use parse_shrink_toward. Throws input_error if unknown.
inline ShrinkToward shrink_toward_from_string(const std::string& s) {
    if (const auto v = parse_shrink_toward(s)) return *v;
    throw input_error("options", "shrink_toward",
                      "unknown value '" + s +
                          "' (tier, district, all)");
}

struct NetworkEvalOptions {
    std::vector<Tier> tiers;               ///< units = nodes of these tiers; empty = all
    // pooling of ratings
    Pooling pooling = Pooling::shrinkage;
    double prior_strength = 5;             ///< shrinkage k
    double trim = 0.1;                     ///< trimmed mean
    ShrinkToward shrink_toward = ShrinkToward::tier;
    bool correct_severity = false;
    // scheme
    Imputation missing = Imputation::zero;
    // rank intervals (draws = 0: none); at most max_elements draws and draws × units at most
    // rank_store_factor × max_elements (check_draws, hatchnet/evaluate/sensitivity.hpp)
    std::int64_t draws = 1000;
    double weight_perturbation = 0.2;
    /// Rank intervals: also draw, per draw, one aggregator uniformly from this list for every
    /// internal indicator of the main tree (COINr's "aggregation method" factor); empty (the
    /// default): each node keeps the scheme's aggregator.
    std::vector<NodeAggregator> aggregators;
    std::uint64_t seed = 42;
    int threads = 0;                       ///< 0 = hardware concurrency
    /// Stage "draws" of the rank intervals (draws done / total); returning false stops the
    /// evaluation with hatchnet::interrupted (hatchnet/progress.hpp).
    ProgressFn progress;
    /// Fill the scheme's data columns named like the staff indicators (staff, staff_trained_share,
    /// staff_pay_ratio, ...: evaluate/supervision.hpp) from the network's staff data (§6.3) when
    /// neither the indicator data nor the ratings give them.
    bool network_indicators = true;
    // commendation
    std::string commend_by = "tier";       ///< tier | district
    CommendationRule commend;
    std::string commend_min_grade;         ///< grade name; empty = any grade
};


struct GroupSummary {
    std::string key, name;                 ///< tier name / district code and name
    Index count = 0;
    double mean = 0, median = 0, sd = 0, min = 0, max = 0;   ///< of the 0–100 score
    std::vector<Index> grade_counts;       ///< per scheme grade (best first), then ungraded
    std::string best;                      ///< id of the best unit (highest total, then id)
    Index commended = 0;
};

struct NetworkEvaluation {
    // units
    std::vector<std::size_t> node_index;   ///< into Network::nodes
    std::vector<std::string> ids, names, districts;   ///< district code ("" = city level)
    std::vector<Tier> tiers;
    // data given to the scheme
    std::vector<std::string> columns;
    Matrix data;                           ///< units × columns (pooled ratings + indicators)
    // ratings
    std::vector<std::string> rated_columns;
    Matrix pooled, raw_mean;               ///< units × rated columns (raw_mean NaN: none)
    Eigen::MatrixXi rating_count;          ///< units × rated columns
    Eigen::VectorXi n_ratings, n_raters, n_recipient_ratings, n_third_party_ratings;
    Vector alpha;                          ///< interval Krippendorff alpha per rated column (NaN: undefined)
    // scheme
    SchemeResult scheme;
    Vector score;                          ///< 0–100
    Vector rank, rank_in_tier, rank_in_district;
    UncertaintyResult intervals;           ///< empty vectors when draws = 0
    std::vector<GroupSummary> by_tier, by_district;
    std::vector<Commendation> commended;   ///< Commendation::group indexes commend_groups
    std::vector<std::string> commend_groups;
    Notes notes;
    Index units() const { return Index(ids.size()); }
    Index unit_of(const std::string& id) const;   ///< -1 when absent
};

NetworkEvaluation evaluate_network(const Network& net, const Scheme& scheme,
                                   const IndicatorTable& indicators, const RatingTable& ratings,
                                   const NetworkEvalOptions& opt = {});


/// The disclosure report of unit `u` (see report.hpp) with rank interval, raters, alpha.
nlohmann::json unit_disclosure(const NetworkEvaluation& e, const Scheme& s, Index u);

/// A copy of `net` with Node::score set to the evaluation's 0–100 score for every evaluated
/// unit (other nodes keep theirs): what the referral engine's evaluation factor reads.
Network with_scores(const Network& net, const NetworkEvaluation& e);

}  // namespace hatchnet::evaluate

// The JSON forms of options, tables and results (one home: hatchnet/evaluate/json.hpp).
#include "hatchnet/evaluate/json.hpp"
