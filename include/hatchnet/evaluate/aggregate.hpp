// hatchnet/evaluate/aggregate.hpp — aggregation: weighted means, TOPSIS, VIKOR, PROMETHEE II.
//
// Problem: turn a decision matrix X (n alternatives × m criteria), weights w (sum 1, checked,
// never rescaled) and types t (+1/-1) into one score per alternative and a ranking.
// Methods:
//   weighted_sum        s_i = sum_j w_j z_ij on an already-normalised matrix Z. NaN cells are
//                       left out and the unit's weights re-normalised over its present
//                       columns (COINr's "leave out" imputation); a unit with no value at all
//                       is an input_error.
//   weighted_geometric  s_i = prod_j z_ij^(w_j) (same NaN rule); needs z >= 0 (input_error
//                       naming the cell; a 0 with weight > 0 makes the score 0); use
//                       geometric_offset to add a constant to every cell first.
//   TOPSIS              pymcdm: Z = normalise(X) (min-max by default, pymcdm; `vector` gives
//                       Hwang & Yoon's original = scikit-criteria's VectorScaler+TOPSIS), V = Z·w,
//                       PIS = max_i V, NIS = min_i V (normalisation already mirrored cost
//                       columns), D± = ||V_i - PIS/NIS||_2, C_i = D-/(D+ + D-). If D+ + D- = 0
//                       (all criteria with weight > 0 are constant) C_i = 0.5 with a note
//                       (pymcdm/scikit-criteria give NaN).
//   VIKOR               Opricovic: f*_j = best, f-_j = worst (raw data; cost mirrored);
//                       d_ij = w_j (f*_j - x_ij)/(f*_j - f-_j); S = sum_j d, R = max_j d,
//                       Q = v(S-S*)/(S- - S*) + (1-v)(R-R*)/(R- - R*). Ranked by Q ascending.
//                       Constant column: contributes 0 (scikit-criteria; pymcdm raises) + note.
//                       S (or R) constant over units: that term is 0 (scikit-criteria) + note.
//                       Also reports Opricovic's acceptable-advantage / stability conditions
//                       and the compromise set (scikit-criteria's definition).
//   PROMETHEE II        pymcdm: d_j(a,b) = x_aj - x_bj (cost: x_bj - x_aj), pi(a,b) =
//                       sum_j w_j P_j(d_j(a,b)), phi+ = sum_b pi(a,b)/(n-1), phi- = sum_b
//                       pi(b,a)/(n-1), phi = phi+ - phi-. Preference functions (pymcdm names):
//                       usual [d>0], ushape [d>q], vshape (d/p on (0,p], 1 above),
//                       level (1/2 on (q,p], 1 above), vshape_2 ((d-q)/(p-q) on (q,p], 1 above)
//                       and gaussian (1 - exp(-d^2/(2 s^2)) for d > 0; not in pymcdm).
//                       Because pi is linear in w, phi = F·w with F_aj the single-criterion net
//                       flow; F is computed by sorting each column and prefix sums:
//                       O(m n log n) time, O(nm) memory instead of pymcdm's O(m n^2)
//                       (gaussian stays O(m n^2)).
// Ranks: pymcdm's rankdata (average rank for exact ties; 1 = best).
// References: Hwang & Yoon (1981); Opricovic & Tzeng (2004) EJOR 156:445; Brans & Vincke
// (1985) Mgmt Sci 31:647; Mareschal et al. (2008); pymcdm 1.4; scikit-criteria 0.10.
#pragma once

#include "hatchnet/evaluate/normalise.hpp"

namespace hatchnet::evaluate {

struct Scores {
    Vector score;
    Vector rank;            ///< 1 = best, average ties
    bool higher_is_better = true;
    Notes notes;
};

Scores weighted_sum(const Matrix& z, const Vector& w);
Scores weighted_geometric(const Matrix& z, const Vector& w, double geometric_offset = 0.0);

struct TopsisResult {
    Vector score, d_plus, d_minus, rank;
    Notes notes;
};
TopsisResult topsis(const Matrix& x, const Vector& w, const Types& types,
                    Normalisation normalisation = Normalisation::minmax);

struct VikorResult {
    Vector S, R, Q, rank;   ///< rank by Q ascending (1 = best)
    bool acceptable_advantage = false, acceptable_stability = false;
    std::vector<Index> compromise_set;
    Notes notes;
};
VikorResult vikor(const Matrix& x, const Vector& w, const Types& types, double v = 0.5);

enum class Preference { usual, ushape, vshape, level, vshape_2, gaussian };
std::string_view to_string(Preference p) noexcept;
std::optional<Preference> parse_preference(std::string_view s) noexcept;
/// Kept for one release; use parse_preference. Throws input_error if unknown.
inline Preference preference_from_string(const std::string& s) {
    if (const auto v = parse_preference(s)) return *v;
    throw input_error("preference", "function",
                      "unknown preference function '" + s +
                          "' (usual, ushape, vshape, level, vshape_2, gaussian)");
}

struct PreferenceSpec {
    Preference function = Preference::usual;
    double p = 0;   ///< preference threshold (vshape, level, vshape_2)
    double q = 0;   ///< indifference threshold (ushape, level, vshape_2)
    double s = 1;   ///< gaussian spread
};

struct PrometheeResult {
    Vector phi_plus, phi_minus, phi, rank;
    Matrix criterion_flows;   ///< F (n × m): phi = F·w
    Notes notes;
};
/// `prefs` has one spec per criterion, or a single spec used for all.
PrometheeResult promethee2(const Matrix& x, const Vector& w, const Types& types,
                           const std::vector<PreferenceSpec>& prefs = {PreferenceSpec{}});
/// Single-criterion net flows F (n × m) — the weight-independent part of PROMETHEE II.
Matrix promethee_criterion_flows(const Matrix& x, const Types& types,
                                 const std::vector<PreferenceSpec>& prefs);
/// Direct O(m n^2) reference implementation (pymcdm's algorithm), for tests.
PrometheeResult promethee2_reference(const Matrix& x, const Vector& w, const Types& types,
                                     const std::vector<PreferenceSpec>& prefs);

enum class Aggregation { weighted_sum, geometric, topsis, vikor, promethee2 };
std::string_view to_string(Aggregation a) noexcept;
std::optional<Aggregation> parse_aggregation(std::string_view s) noexcept;
/// Kept for one release; use parse_aggregation. Throws input_error if unknown.
inline Aggregation aggregation_from_string(const std::string& s) {
    if (const auto v = parse_aggregation(s)) return *v;
    throw input_error("aggregation", "method",
                      "unknown aggregation '" + s +
                          "' (weighted_sum, geometric, topsis, vikor, promethee2)");
}

}  // namespace hatchnet::evaluate
