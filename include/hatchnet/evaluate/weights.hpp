// hatchnet/evaluate/weights.hpp — criterion weights: given, equal, AHP, entropy, CRITIC, std.
//
// Problem: derive or validate a weight vector w (w_j >= 0, sum w = 1) for m criteria.
// Methods (each matches pymcdm 1.4 exactly on its domain; differences stated):
//   given      validated, never rescaled silently: check_weights() throws with the sum;
//              normalise_weights() rescales explicitly and says so in its note.
//   equal      1/m.
//   AHP        from a positive reciprocal pairwise matrix A (a_ij = 1/a_ji, a_ii = 1):
//              eigenvector: principal right eigenvector (Eigen::EigenSolver, the eigenvalue
//              of largest modulus; pymcdm AHP._matrix_to_weights), lambda_max = largest real
//              eigenvalue (pymcdm AHP.get_cr); geometric_mean: w_i ∝ (prod_j a_ij)^(1/m),
//              lambda_max = mean_i (A w)_i / w_i.
//              CI = (lambda_max - m)/(m - 1); CR = CI/RI(m) (CR = 0 for m <= 2).
//              RI tables: saaty (Saaty 1980/1994, n <= 15), tummala_ling (pymcdm's, n <= 15),
//              alonso_lamata (2006, n <= 15). Beyond 15 criteria RI is estimated by the same
//              simulation that produced the tables (mean lambda_max of 2,000 random reciprocal
//              matrices on Saaty's 1/9..9 scale, fixed seed) and the result says so.
//              CR above the caller's threshold THROWS input_error (pymcdm builds the
//              ValueError and drops it — a known bug we do not copy).
//   entropy    p_ij = x_ij / sum_i x_ij; E_j = -sum_i p_ij ln p_ij / ln n; w ∝ 1 - E_j.
//              Needs x >= 0. 0·ln 0 = 0 (scipy.stats.entropy / scikit-criteria); pymcdm
//              refuses zeros. All-zero column -> input_error. Constant column -> weight 0.
//   CRITIC     Diakoulaki et al. (1995): min-max normalise (pymcdm: every column as benefit;
//              pass `types` for scikit-criteria's direction-aware scaling), sd (ddof = 1;
//              scikit-criteria uses ddof = 0 — cancels after normalisation), C_j = sd_j ·
//              sum_k (1 - r_jk) with Pearson r. Constant columns (undefined r in both peers:
//              NaN) get weight 0 and are left out of the other columns' sums (note).
//   std        sd_j (ddof = 1) of the raw column / sum.  (pymcdm and scikit-criteria agree)
// Complexity: entropy/std O(nm), CRITIC O(nm^2), AHP O(m^3).
// References: Saaty (1980) The Analytic Hierarchy Process; Tummala & Ling (1998) Theory and
// Decision 44:221; Alonso & Lamata (2006) IJUFKS 14(4):445; Diakoulaki, Mavrotas &
// Papayannakis (1995) Comput. Oper. Res. 22:763; Shannon entropy weighting (Zeleny 1982).
#pragma once

#include "hatchnet/evaluate/common.hpp"

namespace hatchnet::evaluate {

struct NormalisedWeights {
    Vector weights;
    double original_sum = 0;
    std::string note;   ///< e.g. "weights summed to 90; divided by 90"
};

/// Validate (size m when m >= 0, finite, >= 0, sum > 0) and divide by the sum, saying so.
NormalisedWeights normalise_weights(const Vector& w, Index m = -1);
/// Validate caller weights without changing them (throws input_error; see check_weights).
Vector given_weights(const Vector& w, Index m, double tol = 1e-6);
Vector equal_weights(Index m);

enum class AhpMethod { eigenvector, geometric_mean };
enum class RandomIndex { saaty, tummala_ling, alonso_lamata };

struct AhpResult {
    Vector weights;
    double lambda_max = 0, ci = 0, ri = 0, cr = 0;
    bool consistent = true;   ///< cr <= threshold
    Notes notes;
};

/// Random consistency index for n criteria (see header comment); `estimated` set when the
/// value comes from simulation (n > 15).
double random_index(Index n, RandomIndex table = RandomIndex::saaty, bool* estimated = nullptr);

/// AHP weights. Checks: square, finite, > 0, diagonal 1, reciprocal within `reciprocity_tol`
/// (relative). Throws input_error if CR > cr_threshold (pass +inf to never refuse).
AhpResult ahp_weights(const Matrix& pairwise, double cr_threshold = 0.1,
                      AhpMethod method = AhpMethod::eigenvector,
                      RandomIndex table = RandomIndex::saaty, double reciprocity_tol = 1e-6);

Vector entropy_weights(const Matrix& x, Notes* notes = nullptr);
/// `types` empty: pymcdm (all columns min-max normalised as benefit). With types: scikit-
/// criteria's CRITIC (cost columns mirrored before correlating).
Vector critic_weights(const Matrix& x, const Types& types = Types(), Notes* notes = nullptr);
Vector std_weights(const Matrix& x, Notes* notes = nullptr);

}  // namespace hatchnet::evaluate
