// benchmarks/lemon_runner.hpp — LEMON's NetworkSimplex and CostScaling behind a plain
// interface, compiled in their own translation unit (lemon_runner.cpp) as C++17: LEMON 1.3's
// CostScaling uses std::allocator::construct/destroy, which C++20 removed.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hatchnet::bench {

struct LemonInput {
    int n = 0;
    std::size_t m = 0;
    const int *tail = nullptr, *head = nullptr;
    const std::int64_t *cap = nullptr, *cost = nullptr, *supply = nullptr;
};

struct LemonResult {
    bool ok = false;
    double secs = 0;      ///< best wall time [s]
    double cpu = 0;       ///< best process CPU time [s]
    double secs_max = 0;  ///< worst wall time [s]
    std::int64_t cost = 0;
};

/// Best of `reps` runs (wall and process CPU time, see timing.hpp): filling LEMON's maps + run() (the digraph is built once, untimed).
LemonResult lemon_network_simplex(const LemonInput& in, int reps);
LemonResult lemon_cost_scaling(const LemonInput& in, int reps);
/// LEMON's version string.
const char* lemon_version();

}  // namespace hatchnet::bench
