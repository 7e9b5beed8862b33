// hatchnet/evaluate/common.hpp — shared vocabulary of the evaluation engine.
//
// Problem: every evaluation step (normalise, weigh, aggregate, pool, grade) works on a
// decision matrix X (rows = alternatives/incubators, columns = criteria/indicators), a
// weight vector w and a criterion-type vector t (+1 benefit, -1 cost).
// Method: this header fixes the aliases, the input checks (which throw
// hatchnet::input_error naming the row/column) and the ranking convention.
// Ranking convention (pymcdm's `rankdata`): rank 1 is the best; tied scores share the
// average of the positions they occupy (e.g. 1.5, 1.5, 3). Other conventions on request:
// `min` (competition 1,1,3), `dense` (1,1,2), `ordinal` (ties broken by lower row index
// first, i.e. by input order / id order — deterministic).
// Complexity: rank is O(n log n).
// References: pymcdm.helpers.rankdata; scipy.stats.rankdata (methods average/min/dense/ordinal).
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

namespace hatchnet::evaluate {

using Index = Eigen::Index;
using Matrix = Eigen::MatrixXd;   // rows = alternatives (units), columns = criteria
using Vector = Eigen::VectorXd;
using Types = Eigen::VectorXi;    // +1 benefit, -1 cost

/// Human-readable notes on what a step did to the data (degenerate columns, imputation,
/// weight rescaling…). Never empty when something non-obvious happened (COINr#60).
using Notes = std::vector<std::string>;

enum class TieMethod { average, min, dense, ordinal };

/// Ranks of `scores` (1 = best). `higher_is_better` = true ranks the largest score first.
/// NaN scores are rejected with input_error (a score is never silently NaN).
Vector rank(const Vector& scores, bool higher_is_better = true,
            TieMethod ties = TieMethod::average);

/// Throws input_error("row i", "column j", ...) at the first NaN/inf; `what` names the matrix.
void check_finite(const Matrix& m, const std::string& what = "matrix");
void check_finite(const Vector& v, const std::string& what = "vector");
/// Throws unless types has m.cols() entries, each +1 or -1.
void check_types(const Types& types, Index ncols);
/// Throws unless w has `ncols` finite, non-negative entries summing to 1 within `tol`
/// (the library never divides by the weight sum silently; see normalise_weights()).
void check_weights(const Vector& w, Index ncols, double tol = 1e-6);

/// "column 3" or the caller's name when `names` has one.
std::string column_label(Index j, const std::vector<std::string>* names = nullptr);

}  // namespace hatchnet::evaluate
