// Private (src/detail/): integer weights of the generators (synth/): running sums to draw
// from (detail::Rng::pick) and largest-remainder apportioning, so totals come out exact.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace hatchnet::detail {

/// The running sum of `w` (the form Rng::pick draws from).
inline std::vector<std::uint64_t> cumulative(const std::vector<std::uint64_t>& w) {
    std::vector<std::uint64_t> c(w.size());
    std::uint64_t s = 0;
    for (std::size_t i = 0; i < w.size(); ++i) c[i] = s += w[i];
    return c;
}

/// Split `total` into integers proportional to `w` (largest remainder, ties by index); all
/// zero when `total` <= 0 or the weights sum to 0. Callers keep total × w[i] below 2^63.
inline std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<std::uint64_t>& w) {
    std::vector<std::int64_t> out(w.size(), 0);
    const std::uint64_t sum = std::accumulate(w.begin(), w.end(), std::uint64_t(0));
    if (w.empty() || total <= 0 || sum == 0) return out;
    std::vector<std::pair<std::uint64_t, std::size_t>> rem(w.size());
    std::int64_t given = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const std::uint64_t p = std::uint64_t(total) * w[i];
        out[i] = std::int64_t(p / sum);
        given += out[i];
        rem[i] = {p % sum, i};
    }
    std::stable_sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::int64_t k = 0; k < total - given; ++k) ++out[rem[std::size_t(k)].second];
    return out;
}

}  // namespace hatchnet::detail
