// The non-template part of hatchnet/algo/min_cost_flow.hpp: enum helpers and scale_costs.
// Included by hatchnet/algo/impl/min_cost_flow.ipp in header-only mode, and compiled once into
// the library by src/algo/min_cost_flow.cpp; kept apart so that a program linking the library
// can include min_cost_flow.ipp for other value types without defining these twice.
#pragma once

#include "hatchnet/algo/min_cost_flow.hpp"

#include <cmath>
#include <string>

#include "hatchnet/error.hpp"

namespace hatchnet::algo {

namespace detail {
inline std::string mcf_arc_record(std::size_t a) { return "arc " + std::to_string(a); }
}  // namespace detail

HATCHNET_ALGO_INLINE std::string_view to_string(MinCostFlowAlgorithm a) noexcept {
    switch (a) {
        case MinCostFlowAlgorithm::automatic: return "automatic";
        case MinCostFlowAlgorithm::network_simplex: return "network_simplex";
        case MinCostFlowAlgorithm::cost_scaling: return "cost_scaling";
    }
    return "unknown";
}

HATCHNET_ALGO_INLINE std::optional<MinCostFlowAlgorithm> parse_min_cost_flow_algorithm(std::string_view s) noexcept {
    if (s == "automatic") return MinCostFlowAlgorithm::automatic;
    if (s == "network_simplex" || s == "simplex") return MinCostFlowAlgorithm::network_simplex;
    if (s == "cost_scaling") return MinCostFlowAlgorithm::cost_scaling;
    return std::nullopt;
}

HATCHNET_ALGO_INLINE std::string_view to_string(MinCostFlowStatus s) noexcept {
    switch (s) {
        case MinCostFlowStatus::not_run: return "not_run";
        case MinCostFlowStatus::optimal: return "optimal";
        case MinCostFlowStatus::infeasible: return "infeasible";
        case MinCostFlowStatus::unbounded: return "unbounded";
        case MinCostFlowStatus::iteration_limit: return "iteration_limit";
        case MinCostFlowStatus::time_limit: return "time_limit";
        case MinCostFlowStatus::interrupted: return "interrupted";
    }
    return "unknown";
}

HATCHNET_ALGO_INLINE CostScaling scale_costs(std::span<const double> costs, std::int64_t max_abs_scaled, std::int64_t budget) {
    if (max_abs_scaled < 1) throw input_error("argument", "max_abs_scaled", "must be >= 1");
    constexpr std::int64_t k2p53 = std::int64_t(1) << 53;  // rounding finer than this is noise
    const std::int64_t limit = budget > 0 ? std::min(max_abs_scaled, budget) : max_abs_scaled;
    const std::int64_t round_limit = std::min(limit, k2p53);
    double maxabs = 0;
    std::size_t arg = 0;
    for (std::size_t i = 0; i < costs.size(); ++i) {
        const double c = costs[i];
        if (std::isnan(c)) throw input_error(detail::mcf_arc_record(i), "cost", "NaN is not allowed");
        if (std::isinf(c)) throw input_error(detail::mcf_arc_record(i), "cost", "infinite costs are not allowed");
        if (std::abs(c) > maxabs) { maxabs = std::abs(c); arg = i; }
    }
    // every |round(c * s)| <= max_abs_scaled, checked in integers
    auto fits_in = [&](double s, std::int64_t lim) {
        if (maxabs * s >= 9.2e18) return false;
        return std::abs(static_cast<std::int64_t>(std::nearbyint(maxabs * s))) <= lim;
    };
    auto fits = [&](double s) { return fits_in(s, limit); };
    if (!fits_in(1.0, max_abs_scaled))
        throw input_error(detail::mcf_arc_record(arg), "cost",
                          "|cost| " + std::to_string(maxabs) + " exceeds " + std::to_string(max_abs_scaled) +
                              ", the largest cost exact 64-bit arithmetic allows on this problem; "
                              "express the costs in larger units");
    CostScaling r;
    // decimal: the smallest d with round(c 10^d) / 10^d == c for every c
    double dec = 0;
    {
        double s = 1;
        for (int d = 0; d <= 18 && fits(s); ++d, s *= 10) {
            bool ok = true;
            for (double c : costs)
                if (std::nearbyint(c * s) / s != c) { ok = false; break; }
            if (ok) { dec = s; break; }
        }
    }
    // dyadic: 2^e with e the largest number of fractional bits of any cost
    double dya = 0;
    {
        int bits = 0;
        for (double c : costs) {
            if (c == 0) continue;
            int E = 0;
            const double f = std::frexp(std::abs(c), &E);     // |c| = f 2^E, f in [0.5, 1)
            auto M = static_cast<std::uint64_t>(std::ldexp(f, 53));  // |c| = M 2^(E - 53)
            int tz = 0;
            while ((M & 1) == 0) { M >>= 1; ++tz; }
            bits = std::max(bits, 53 - E - tz);
            if (bits > 62) break;
        }
        if (bits <= 62 && fits(std::ldexp(1.0, bits))) dya = std::ldexp(1.0, bits);
    }
    if (dec > 0 || dya > 0) {
        r.scale = dec > 0 && (dya == 0 || dec <= dya) ? dec : dya;
        r.exact = true;
    } else {
        double s = 1;
        while (s < 1e18 && fits_in(s * 10, round_limit)) s *= 10;
        r.scale = s;
        r.exact = false;
    }
    r.scaled.resize(costs.size());
    for (std::size_t i = 0; i < costs.size(); ++i) {
        const double k = std::nearbyint(costs[i] * r.scale);
        r.scaled[i] = static_cast<std::int64_t>(k);
        if (!r.exact) r.max_rounding_error = std::max(r.max_rounding_error, std::abs(costs[i] - k / r.scale));
    }
    if (!r.exact && r.max_rounding_error == 0) r.exact = true;  // rounding happened to be exact
    return r;
}

}  // namespace hatchnet::algo
