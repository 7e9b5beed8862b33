// benchmarks/timing.hpp — the benchmarks' shared timer.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>

namespace hatchnet::bench {

/// Best wall time of `reps` runs of f, in seconds.
inline double seconds_of(const std::function<void()>& f, int reps) {
    double best = 1e100;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

}  // namespace hatchnet::bench
