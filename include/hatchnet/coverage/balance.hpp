// hatchnet/coverage/balance.hpp — how evenly capacity is spread across districts and streets.
//
// Problem: the guidance names "unbalanced development between regions" (§1). Measure the
// inequality of incubator capacity per organization and per resident across districts and
// across streets, decompose it into between- and within-district parts, and name the
// districts furthest from the city average.
//
// Formulas (units i with weight p_i > 0 — organizations or residents — and capacity y_i,
// so x_i = y_i / p_i, P = Σp, Y = Σy, μ = Y/P):
//   Gini (weighted)   G = Σ_i Σ_j p_i p_j |x_i − x_j| / (2 P² μ), computed after sorting by x as
//                     Σ_i p_i x_i (P_<i − P_>i) / (P² μ) in O(n log n);
//   Gini (unweighted) the same with every p_i = 1 and y_i = x_i (each region counts once);
//   Theil T           T = Σ_i (y_i/Y) ln((y_i/Y)/(p_i/P)) = Σ_i (p_i/P)(x_i/μ) ln(x_i/μ),
//                     with 0·ln 0 = 0; ranges over [0, ln P'] where P' is the number of units;
//   decomposition     by groups g (districts): T = Σ_g (Y_g/Y) T_g  [within]
//                                                + Σ_g (Y_g/Y) ln((Y_g/Y)/(P_g/P))  [between],
//                     exact (Theil 1967; Shorrocks 1980).
// Documented edge cases: units with p_i = 0 are left out (counted in `excluded`); when Y = 0
// (nobody has capacity) every index is 0 (all equal); an empty input, negative or non-finite
// values throw input_error naming the position.
// Complexity: O(n log n) for Gini, O(n) for Theil; the balance report O(R + V + O).
// References: Theil, H. (1967) Economics and Information Theory; Shorrocks, A. F. (1980) The
// class of additively decomposable inequality measures, Econometrica 48(3); Cowell, F. (2011)
// Measuring Inequality, 3rd ed., OUP.
#pragma once

#include <string>
#include <vector>

#include "hatchnet/coverage/coverage.hpp"

namespace hatchnet::coverage {

/// Gini of values `x` weighted by `w` (empty w: unweighted). Throws input_error on empty
/// input, size mismatch, negative or non-finite entries; entries with w = 0 are ignored.
double gini(const std::vector<double>& x, const std::vector<double>& w = {});
/// Theil T index of `x` weighted by `w` (empty w: unweighted), same rules as gini().
double theil(const std::vector<double>& x, const std::vector<double>& w = {});

struct TheilDecomposition {
    double total = 0, between = 0, within = 0;
    std::vector<double> group_theil;  ///< T_g per group id (0 for groups with no capacity)
    std::vector<double> group_share;  ///< Y_g / Y
};
/// Theil T of x weighted by w, decomposed by `group` (ids 0..G-1). total == between + within.
TheilDecomposition theil_decompose(const std::vector<double>& x, const std::vector<double>& w,
                                   const std::vector<std::uint32_t>& group);

struct Inequality {
    std::string indicator;   ///< "capacity_per_org" or "capacity_per_resident"
    std::string level;       ///< "district" or "street"
    std::size_t units = 0, excluded = 0;
    double mean = nan;       ///< μ = Y / P
    double min = nan, max = nan;
    double gini = nan, gini_unweighted = nan, theil = nan, theil_unweighted = nan;
    double theil_between = nan, theil_within = nan;  ///< street level, grouped by district
};

struct DistrictBalance {
    std::string code, name;
    double population = nan;
    std::int64_t organizations = 0, capacity = 0, incubators = 0;
    double capacity_per_org = nan, capacity_per_10k = nan;
    double ratio_org = nan, ratio_resident = nan;  ///< to the city average (1 = at average)
};

struct Outlier {
    std::string indicator, code, name;
    double value = nan, city = nan, ratio = nan;
    std::string direction;  ///< "below" or "above"
};

struct BalanceOptions {
    TierSet counted_tiers = default_counted_tiers;
    std::size_t top = 5;    ///< outliers listed per indicator
};

struct BalanceReport {
    std::vector<Inequality> metrics;        ///< 2 indicators × 2 levels (when computable)
    std::vector<DistrictBalance> districts; ///< sorted by code
    std::vector<Outlier> furthest;          ///< per indicator, by |ln ratio| descending
    double city_capacity_per_org = nan, city_capacity_per_10k = nan;
    Notes notes;
};

BalanceReport balance(const Graph& g, const BalanceOptions& options = {});
/// The same from a coverage report already computed (no second pass over the network).
BalanceReport balance(const CoverageReport& cov, std::size_t top = 5);

}  // namespace hatchnet::coverage
