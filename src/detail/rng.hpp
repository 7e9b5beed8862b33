// Private (src/detail/): the one seeded random source of the generators (synth/), the
// scenario demand (coverage/scenario.cpp) and the Monte-Carlo code (evaluate/).
//
// std::mt19937_64 is used for its raw output only, which the standard fixes (the 10,000th
// value of a default-seeded engine is 9981545732273789042); the standard distributions are
// not fixed and differ between libstdc++, libc++ and MSVC. Every draw below is our own
// integer code (and, for uniform01 and normal, one exact conversion and fixed-order sums),
// so the same seed gives the same numbers on every standard library and platform.
//
// Integer draws are unbiased: below(n) rejects the top UINT64_MAX % n + 1 raw values (at most
// n of 2^64, so for the small n used here a rejection practically never happens) and takes
// the rest modulo n. The generators' outputs (data/beijing.json.gz among them) are pinned to
// exactly this rule and to the draw order: changing either changes every dataset.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace hatchnet::detail {

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective mix of 64 bits, used
/// to derive independent seeds (a part of a generated network, a Monte-Carlo draw).
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// Uniform in [0, 1) from the top 53 bits of a raw 64-bit value (exact: a multiple of 2^-53).
/// hatchnet::evaluate::uniform01 (public, for callers' own draw models) is the same rule.
constexpr double unit_interval(std::uint64_t bits) noexcept { return double(bits >> 11) * 0x1.0p-53; }

class Rng {
public:
    /// What below(1) does (there is no choice): make a draw anyway, so that every integer draw
    /// advances the stream whatever its range (the Beijing, national and ratings generators),
    /// or skip it (the demand generator and the scenario requests). Both are pinned by the
    /// outputs made with them.
    enum class NoChoice { draw, skip };

    /// The engine seeded with `seed` itself.
    explicit Rng(std::uint64_t seed, NoChoice no_choice = NoChoice::draw)
        : g_(seed), skip_(no_choice == NoChoice::skip) {}
    /// Stream `stream` of `seed` (seed ^ SplitMix64(stream), mixed once more): each part of a
    /// generated network has its own, so that one part's size does not move another.
    static Rng stream(std::uint64_t seed, std::uint64_t stream) {
        return Rng(splitmix64(seed ^ splitmix64(stream)));
    }

    /// The next raw 64-bit value.
    std::uint64_t next() { return g_(); }

    /// Uniform in [0, n), unbiased (rejection); 0 without a draw when n == 0, and when n == 1
    /// under NoChoice::skip.
    std::uint64_t below(std::uint64_t n) {
        if (n == 0 || (n == 1 && skip_)) return 0;
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;   // a multiple of n
        std::uint64_t x;
        do x = g_(); while (x >= limit);
        return x % n;
    }
    /// Uniform in [lo, hi] (lo <= hi).
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + std::int64_t(below(std::uint64_t(hi - lo) + 1));
    }
    /// True with probability p / 100 (p / 1000).
    bool percent(int p) { return std::int64_t(below(100)) < p; }
    bool permille(int p) { return std::int64_t(below(1000)) < p; }
    /// A bell-shaped integer in [-half, half]: the sum of four uniforms in [-half/4, half/4]
    /// (sd ≈ half / 3.5).
    std::int64_t bell(std::int64_t half) {
        const std::int64_t q = half / 4;
        std::int64_t s = 0;
        for (int i = 0; i < 4; ++i) s += between(-q, q);
        return s;
    }

    /// Offset in [first, last) drawn by weight, the weights given as a running (cumulative)
    /// sum whose last value is positive.
    std::size_t pick(const std::uint64_t* first, const std::uint64_t* last) {
        const std::uint64_t x = below(*(last - 1));
        return std::size_t(std::upper_bound(first, last, x) - first);
    }
    std::size_t pick(const std::vector<std::uint64_t>& cumulative) {
        return pick(cumulative.data(), cumulative.data() + cumulative.size());
    }
    /// Index drawn by the integer weights themselves (not all zero; the last index when they are).
    template <class Weights>
    std::size_t pick_weighted(const Weights& w) {
        std::int64_t total = 0;
        for (auto x : w) total += x;
        std::int64_t r = std::int64_t(below(std::uint64_t(total)));
        std::size_t k = 0;
        for (auto x : w) {
            if (r < x) return k;
            r -= x;
            ++k;
        }
        return k - 1;
    }
    /// Fisher–Yates, from the back.
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

    /// Uniform in [0, 1) (unit_interval of one raw value).
    double uniform01() { return unit_interval(g_()); }
    /// Approximately N(0, 1): the Irwin–Hall sum of 12 uniforms minus 6 (in [-6, 6]).
    double normal() {
        double s = 0;
        for (int k = 0; k < 12; ++k) s += uniform01();
        return s - 6.0;
    }

private:
    std::mt19937_64 g_;
    bool skip_ = false;
};

}  // namespace hatchnet::detail
