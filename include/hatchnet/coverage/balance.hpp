// hatchnet/coverage/balance.hpp — how evenly capacity is spread across districts and streets.
//
// Problem: the guidance names "unbalanced development between regions" (§1). Measure the
// inequality of incubator capacity per organization and per resident across districts and
// across streets, decompose it into between- and within-district parts, and name the
// districts furthest from the city average.
//
// Measures (units i with weight p_i > 0 — organizations or residents — and capacity y_i,
// so x_i = y_i / p_i, P = Σp, Y = Σy, μ = Y/P): the weighted and unweighted Gini, the Theil T
// index and its exact decomposition by district (between + within). The indices are the
// domain-free hatchnet/algo/inequality.hpp (formulas, edge cases and references there);
// gini, theil, theil_decompose and TheilDecomposition are brought into hatchnet::coverage below
// for one release — new code should use hatchnet::algo.
// Documented edge cases of the report: units with p_i = 0 are left out (counted in
// `excluded`); when Y = 0 (nobody has capacity) every index is 0 (all equal); a metric with no
// unit is reported with units = 0 and NaN indices.
// Complexity: O(R + V + O) for the report plus O(n log n) per index.
// References: Theil, H. (1967) Economics and Information Theory; Shorrocks, A. F. (1980) The
// class of additively decomposable inequality measures, Econometrica 48(3); Cowell, F. (2011)
// Measuring Inequality, 3rd ed., OUP.
#pragma once

#include <string>
#include <vector>

#include "hatchnet/algo/inequality.hpp"
#include "hatchnet/coverage/coverage.hpp"

namespace hatchnet::coverage {

// Forwarding for one release: the indices moved to hatchnet::algo (hatchnet/algo/inequality.hpp).
using algo::gini;
using algo::theil;
using algo::theil_decompose;
using algo::TheilDecomposition;

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
    ProgressFn progress;    ///< the coverage analysis's stages (CoverageOptions::progress)
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
