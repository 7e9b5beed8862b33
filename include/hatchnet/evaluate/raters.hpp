// hatchnet/evaluate/raters.hpp — pooling many ratings per unit; inter-rater reliability.
//
// Problem: incubators are rated by many service recipients and third parties; a unit's score
// must not be won by a handful of enthusiastic ratings, strict raters must not sink a unit,
// and the agreement among raters must be known.
// Methods:
//   pool_ratings  long-format ratings (unit, rater, value) -> one value per unit:
//     mean, median, trimmed mean (drop floor(trim·n) lowest and highest), and Bayesian
//     shrinkage toward the unit's group (tier) mean with prior strength k:
//         pooled = (n·mean + k·group_mean)/(n + k),
//     group_mean = mean of all ratings of the group's units (a unit with n = 0 gets the group
//     mean; a group without any rating is an input_error when shrinkage is asked).
//     Severity: s_r = mean over rater r's ratings of (value − unit mean) (one pass, Myford &
//     Wolfe's "severity" as a mean residual); correct_severity subtracts s_r before pooling.
//     Units without ratings: NaN with count 0 and a note (never a silent NaN), unless shrinkage.
//   krippendorff_alpha  raters × units matrix, NaN = missing; nominal, ordinal, interval, ratio
//     metrics exactly as the `krippendorff` package (value domain = sorted distinct values;
//     coincidence matrix; units with fewer than two values are not pairable).
//   icc  Shrout & Fleiss (1979) ICC(1,1), ICC(2,1), ICC(3,1) and their k-rater averages from a
//     two-way ANOVA on a complete raters × units matrix; units with a missing rating are
//     dropped (counted in the result).
// Complexity: pooling O(R) (median/trimmed O(R log R)); alpha O(N·c² + V²) for N units,
// c raters, V distinct values; ICC O(N·k).
// References: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability"; Shrout &
// Fleiss (1979) Psychol. Bull. 86:420; Gelman et al. BDA (partial pooling); krippendorff 0.9.
#pragma once

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/common.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hatchnet::evaluate {

enum class Pooling { mean, median, trimmed_mean, shrinkage };
std::string_view to_string(Pooling p) noexcept;
std::optional<Pooling> parse_pooling(std::string_view s) noexcept;
/// Kept for one release; use parse_pooling. Throws input_error if unknown.
inline Pooling pooling_from_string(const std::string& s) {
    if (const auto v = parse_pooling(s)) return *v;
    throw input_error("pooling", "method",
                      "unknown pooling '" + s +
                          "' (mean, median, trimmed_mean, shrinkage)");
}

struct PoolOptions {
    Pooling method = Pooling::mean;
    double trim = 0.1;          ///< trimmed mean: fraction cut at each end, in [0, 0.5)
    double prior_strength = 5;  ///< shrinkage k (pseudo-ratings at the group mean)
    Eigen::VectorXi unit_group; ///< group (tier) per unit; required for shrinkage
    bool correct_severity = false;
    bool compute_severity = true; ///< false + mean/shrinkage: one streaming pass (fastest)
    Index n_raters = -1;        ///< -1: 1 + max rater id
};

struct PoolResult {
    Vector pooled;              ///< per unit
    Eigen::VectorXi count;      ///< ratings per unit
    Vector raw_mean;            ///< plain mean per unit (NaN when count = 0)
    Vector group_mean;          ///< per group id (shrinkage), NaN for unused ids
    Vector severity;            ///< per rater (0 for raters without ratings)
    Eigen::VectorXi rater_count;
    Notes notes;
};

/// `unit[i]` in [0, n_units), `rater[i]` >= 0, `value[i]` finite: input_error naming rating i.
PoolResult pool_ratings(Index n_units, const std::vector<std::int64_t>& unit,
                        const std::vector<std::int64_t>& rater, const Vector& value,
                        const PoolOptions& opt = {});

/// Rater severity only (see pool_ratings).
Vector rater_severity(Index n_units, const std::vector<std::int64_t>& unit,
                      const std::vector<std::int64_t>& rater, const Vector& value,
                      Index n_raters = -1);

enum class Level { nominal, ordinal, interval, ratio };
std::string_view to_string(Level l) noexcept;
std::optional<Level> parse_level(std::string_view s) noexcept;
/// Kept for one release; use parse_level. Throws input_error if unknown.
inline Level level_from_string(const std::string& s) {
    if (const auto v = parse_level(s)) return *v;
    throw input_error("level", "level_of_measurement",
                      "unknown level '" + s +
                          "' (nominal, ordinal, interval, ratio)");
}

/// Krippendorff's alpha of a raters × units matrix (NaN = missing). Throws input_error when
/// fewer than two distinct values or no unit has two ratings (as the krippendorff package).
double krippendorff_alpha(const Matrix& raters_by_units, Level level = Level::interval);

struct IccResult {
    double icc1 = 0, icc2 = 0, icc3 = 0;      ///< single rater ICC(1,1), ICC(2,1), ICC(3,1)
    double icc1k = 0, icc2k = 0, icc3k = 0;   ///< average of k raters
    double bms = 0, wms = 0, jms = 0, ems = 0;
    Index n_units = 0, k_raters = 0, dropped_units = 0;
    Notes notes;
};
/// ICC from a raters × units matrix (same orientation as krippendorff_alpha).
IccResult icc(const Matrix& raters_by_units);

}  // namespace hatchnet::evaluate
