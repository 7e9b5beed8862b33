// hatchnet/evaluate/normalise.hpp — column normalisation and missing-value handling.
//
// Problem: indicators come in different units and directions; some values are missing.
// Method (per column x, benefit direction; a cost column is mirrored as stated):
//   minmax    (x - min)/(max - min); cost (max - x)/(max - min).          [pymcdm]
//             constant column -> 1 for every row (pymcdm's definition).
//   zscore    (x - mean)/sd, sd with ddof = 1 (COINr n_zscore); cost -> negated.
//             constant column (or one row) -> 0.
//   goalposts clip((x - low)/(high - low), 0, 1); cost (high - x)/(high - low). "target"
//             normalisation is goalposts whose `high` is the target (capped at 1). [COINr]
//   rank      (r - 1)/(n - 1), r = average rank ascending (best -> 1, worst -> 0);
//             constant column -> 0.5; one row -> 1.
//   vector    x/||x||_2; cost 1 - x/||x||_2 (pymcdm). all-zero column -> 1 (benefit and cost).
//   sum       x/sum(x); cost (1/x)/sum(1/x) (pymcdm); needs x > 0, else input_error.
//   none      unchanged (types ignored).
// Each degenerate column produces a note. NaN input: `normalise` ignores NaN when computing
// column statistics and keeps NaN in the output (the "leave out" policy; the aggregators then
// re-weight over the present columns). impute() replaces NaN by mean, median, group mean or 0
// and says what it did in its notes.
// Complexity: O(n m) (rank, median: O(n m log n)).
// References: OECD/JRC Handbook on Constructing Composite Indicators (2008), §5;
// COINr (Becker et al. 2022) Normalise(); pymcdm.normalizations.
#pragma once

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/common.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hatchnet::evaluate {

enum class Normalisation { minmax, zscore, goalposts, rank, vector, sum, none };

std::string_view to_string(Normalisation n) noexcept;
std::optional<Normalisation> parse_normalisation(std::string_view s) noexcept;
/// Kept for one release; use parse_normalisation. Throws input_error if unknown.
inline Normalisation normalisation_from_string(const std::string& s) {
    if (const auto v = parse_normalisation(s)) return *v;
    throw input_error("normalisation", "method",
                      "unknown normalisation '" + s +
                          "' (minmax, zscore, goalposts, target, rank, vector, sum, none)");
}

struct NormaliseOptions {
    Normalisation method = Normalisation::minmax;
    Vector low, high;      ///< goalposts per column (method == goalposts)
    bool clip = true;      ///< goalposts: clip to [0, 1]
};

struct Normalised {
    Matrix values;
    Notes notes;
};

/// Normalise each column of `x` by `opt.method` in the direction of `types` (empty `types`
/// = all benefit). NaN cells stay NaN (and are left out of column statistics); ±inf throws.
Normalised normalise(const Matrix& x, const Types& types, const NormaliseOptions& opt,
                     const std::vector<std::string>* column_names = nullptr);
inline Normalised normalise(const Matrix& x, const Types& types, Normalisation method) {
    NormaliseOptions o; o.method = method; return normalise(x, types, o);
}

/// One column (used by the scheme engine and by callers who normalise column by column).
Vector normalise_column(const Vector& x, bool cost, Normalisation method, double low = 0,
                        double high = 1, bool clip = true, Notes* notes = nullptr,
                        const std::string& label = "column");

enum class Imputation {
    none,        ///< NaN is an error (input_error naming row and column)
    mean,        ///< column mean of the present values
    median,      ///< column median of the present values
    group_mean,  ///< mean of the unit's group (e.g. tier); falls back to the column mean
                 ///< when the whole group is missing, with a note
    zero,        ///< 0 (points schemes: no evidence, no points)
    leave_out    ///< keep NaN; aggregators re-weight over the present indicators
};

std::string_view to_string(Imputation i) noexcept;
std::optional<Imputation> parse_imputation(std::string_view s) noexcept;
/// Kept for one release; use parse_imputation. Throws input_error if unknown.
inline Imputation imputation_from_string(const std::string& s) {
    if (const auto v = parse_imputation(s)) return *v;
    throw input_error("imputation", "method",
                      "unknown imputation '" + s +
                          "' (none, mean, median, group_mean, zero, leave_out)");
}

struct Imputed {
    Matrix values;
    Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> missing;  ///< where the input was NaN
    Eigen::VectorXi missing_per_column;
    Index missing_total = 0;
    Notes notes;   ///< one line per column that had missing values, saying what was done
};

/// Replace NaN cells. `groups` (size rows) is required for group_mean. A column that is
/// entirely missing is an input_error (nothing to impute from) unless method is zero or
/// leave_out. ±inf is always an input_error.
Imputed impute(const Matrix& x, Imputation method, const Eigen::VectorXi* groups = nullptr,
               const std::vector<std::string>* column_names = nullptr);

}  // namespace hatchnet::evaluate
