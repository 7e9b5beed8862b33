// Deterministic random helpers for the tests: std::mt19937_64 with our own draws (the
// standard distributions differ between standard libraries). Test-only: its modulo draw is
// slightly biased, which no test depends on; the library's generators use detail::Rng.
#pragma once

#include <cstdint>
#include <random>

namespace hatchnet::test {

struct Rng {
    std::mt19937_64 g;
    explicit Rng(std::uint64_t seed) : g(seed) {}
    std::uint64_t below(std::uint64_t n) { return n ? g() % n : 0; }
    double unit() { return double(g() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return unit() < p; }
};

}  // namespace hatchnet::test
