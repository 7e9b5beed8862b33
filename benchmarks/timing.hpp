// benchmarks/timing.hpp — the benchmarks' shared timers: wall time (steady_clock) and the
// process's CPU time (clock_gettime(CLOCK_PROCESS_CPUTIME_ID): every thread of this process,
// not its children). On a shared machine the wall time also counts the time the process
// waited for a core; the CPU time does not, so ratios of CPU times are the steadier figure.
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>
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

/// CPU time used so far by this process (all its threads), in seconds.
inline double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct WallCpu {
    double wall = 0;      ///< best wall time of the runs [s]
    double cpu = 0;       ///< best process CPU time of the runs [s]
    double wall_max = 0;  ///< worst wall time of the runs [s] (the spread, with wall)
};

/// Wall and process CPU time of `reps` runs of f, each the best (minimum) over the runs.
inline WallCpu wall_cpu_of(const std::function<void()>& f, int reps) {
    WallCpu t{1e100, 1e100, 0};
    for (int r = 0; r < reps; ++r) {
        const double c0 = process_cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
        f();
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = process_cpu_seconds() - c0;
        t.wall = std::min(t.wall, wall);
        t.cpu = std::min(t.cpu, cpu);
        t.wall_max = std::max(t.wall_max, wall);
    }
    if (reps < 1) t = WallCpu{};
    return t;
}

}  // namespace hatchnet::bench
