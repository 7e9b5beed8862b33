// hatchnet/algo/inequality.hpp — Gini and Theil indices of a weighted distribution, and the
// Theil decomposition into between- and within-group parts.
//
// Problem: units i with weight p_i >= 0 (people, organizations, or 1 each) and a value x_i >= 0
// per unit of weight (capacity per organization, income per head); how unequally is
// Y = Σ p_i x_i spread over P = Σ p_i? With μ = Y/P:
//   Gini (weighted)   G = Σ_i Σ_j p_i p_j |x_i − x_j| / (2 P² μ), computed after sorting by x as
//                     Σ_i p_i x_i (P_<i − P_>i) / (P² μ) in O(n log n) (ties keep their order);
//   Gini (unweighted) the same with every p_i = 1 (each unit counts once);
//   Theil T           T = Σ_i (p_i x_i / Y) ln((p_i x_i / Y)/(p_i/P)) = Σ_i (p_i/P)(x_i/μ) ln(x_i/μ),
//                     with 0·ln 0 = 0; ranges over [0, ln n] for n units of equal weight;
//   decomposition     by groups g: T = Σ_g (Y_g/Y) T_g                     [within]
//                                 + Σ_g (Y_g/Y) ln((Y_g/Y)/(P_g/P))         [between],
//                     exact (Theil 1967; Shorrocks 1980).
// Weights act as repetitions: {x: (1, 2), p: (1, 3)} measures like {1, 2, 2, 2}.
// Edge cases: units with p_i = 0 are left out; when Y = 0 (nobody has anything) every index is
// 0 (all equal); an empty input, a size mismatch, a negative or non-finite value or weight, or
// only zero weights throw input_error naming the position ("gini value 3", field "values").
// Rounding: a result that rounds below 0 is reported as 0.
// Complexity: O(n log n) time for Gini, O(n) for Theil, O(n + G) for the decomposition; O(n)
// memory (the cleaned copy of the input).
// References: Theil, H. (1967) Economics and Information Theory, North-Holland; Shorrocks,
// A. F. (1980) The class of additively decomposable inequality measures, Econometrica 48(3);
// Cowell, F. (2011) Measuring Inequality, 3rd ed., Oxford University Press.
//
// Header-first (hatchnet/algo/config.hpp): include this header alone (-I include, nothing
// linked) or link the library, which compiled the double versions once (they are declared
// `extern template` here). For another value type T (float, long double) in compiled mode,
// include hatchnet/algo/impl/inequality.ipp as well. The std::vector<double> overloads keep the
// signatures hatchnet::coverage had; they forward to the templates and give the same bits.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hatchnet/algo/config.hpp"

namespace hatchnet::algo {

/// Gini of values `x` weighted by `w` (empty w: unweighted). Throws input_error on empty
/// input, size mismatch, negative or non-finite entries; entries with w = 0 are ignored.
template <class T = double>
T gini(std::span<const T> x, std::span<const T> w = {});

/// Theil T index of `x` weighted by `w` (empty w: unweighted), same rules as gini().
template <class T = double>
T theil(std::span<const T> x, std::span<const T> w = {});

/// The Theil index split by groups (ids 0..G-1, G = the largest id of a unit kept + 1).
template <class T = double>
struct BasicTheilDecomposition {
    T total = 0, between = 0, within = 0;   ///< total == between + within
    std::vector<T> group_theil;  ///< T_g per group id (0 for groups with no capacity)
    std::vector<T> group_share;  ///< Y_g / Y
};
using TheilDecomposition = BasicTheilDecomposition<double>;

/// Theil T of x weighted by w (empty w: unweighted), decomposed by `group` (one id per value).
/// total == between + within. Throws input_error as theil(), and when group and x differ in
/// length.
template <class T = double>
BasicTheilDecomposition<T> theil_decompose(std::span<const T> x, std::span<const T> w,
                                           std::span<const std::uint32_t> group);

// The signatures of hatchnet::coverage (std::vector<double>, braced lists): forwarders.
inline double gini(const std::vector<double>& x, const std::vector<double>& w = {}) {
    return gini<double>(std::span<const double>(x), std::span<const double>(w));
}
inline double theil(const std::vector<double>& x, const std::vector<double>& w = {}) {
    return theil<double>(std::span<const double>(x), std::span<const double>(w));
}
inline TheilDecomposition theil_decompose(const std::vector<double>& x, const std::vector<double>& w,
                                          const std::vector<std::uint32_t>& group) {
    return theil_decompose<double>(std::span<const double>(x), std::span<const double>(w),
                                   std::span<const std::uint32_t>(group));
}

#if defined(HATCHNET_ALGO_COMPILED)
extern template double gini<double>(std::span<const double>, std::span<const double>);
extern template double theil<double>(std::span<const double>, std::span<const double>);
extern template TheilDecomposition theil_decompose<double>(std::span<const double>, std::span<const double>,
                                                           std::span<const std::uint32_t>);
#endif

}  // namespace hatchnet::algo

#if !defined(HATCHNET_ALGO_COMPILED)
#include "hatchnet/algo/impl/inequality.ipp"
#endif
