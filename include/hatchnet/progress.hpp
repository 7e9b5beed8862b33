// hatchnet/progress.hpp — one progress and interruption hook for every long call.
//
// Every long-running entry point (the generators, coverage analysis and planning, scenario
// runs, network evaluation with Monte Carlo, batch referral) takes a `ProgressFn progress`
// member in its options. When set, the call reports what it is doing at most every
// `progress_interval` seconds of wall time (hatchnet::progress_interval, 0.05 s) and once at
// the end of each stage, from the calling thread:
//
//     opts.progress = [](const hatchnet::Progress& p) {
//         std::fprintf(stderr, "%s %lld/%lld\n", std::string(p.stage).c_str(),
//                      (long long)p.done, (long long)p.total);
//         return true;  // false stops the call
//     };
//
// Returning false stops the call as soon as it next checks (within one interval plus one
// unit of work): it throws hatchnet::interrupted, leaves its inputs untouched and returns
// nothing half-built. No C entry point takes a callback yet; Python re-raises whatever the
// callback raised (KeyboardInterrupt on Ctrl-C). A callback that throws has the same effect
// as one that returns false, with its own exception propagated. Within one call `elapsed`
// never decreases, and `done` never decreases within a stage.
//
// The min-cost flow solver (algo::MinCostFlow::set_progress) and the resource matcher
// (match::ResourceMatcher::set_progress) keep their own pivot-level hooks, which return a
// Status instead of throwing.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hatchnet {

/// What a progress callback sees.
struct Progress {
    std::string_view stage;    ///< what is being done ("organizations", "monte_carlo", ...)
    std::int64_t done = 0;     ///< units of this stage finished
    std::int64_t total = -1;   ///< units in this stage (-1 when not known in advance)
    double elapsed = 0;        ///< seconds since the call started
};

/// Return false to stop the call (it throws hatchnet::interrupted).
using ProgressFn = std::function<bool(const Progress&)>;

/// Thrown by a long call whose progress callback returned false.
class interrupted : public std::runtime_error {
public:
    interrupted() : std::runtime_error("interrupted by the progress callback") {}
};

/// The least time between two reports of one call, in seconds.
inline constexpr double progress_interval = 0.05;

/// The reporter every long call uses: tick() is cheap enough to call per unit of work (one
/// clock read every `stride` calls) and calls the callback when the interval has passed;
/// finish() always reports. Without a callback both do nothing.
class ProgressTicker {
public:
    explicit ProgressTicker(const ProgressFn& fn) noexcept
        : fn_(fn ? &fn : nullptr), start_(std::chrono::steady_clock::now()), last_(start_) {}
    ProgressTicker(ProgressFn&&) = delete;   ///< it keeps a pointer: never to a temporary

    /// Read the clock on every tick() instead of every 16th: for units of work that each
    /// take long (a batch of Monte-Carlo draws, a solver callback).
    void check_every_tick() noexcept { stride_ = 1; }

    /// Begin a stage of `total` units (-1: unknown).
    void stage(std::string_view name, std::int64_t total = -1) {
        name_ = name;
        total_ = total;
        done_ = 0;
        report(0);
    }
    /// `done` units of the current stage are finished.
    void tick(std::int64_t done) {
        if (!fn_ || ++calls_ % stride_ != 0) return;
        const auto now = std::chrono::steady_clock::now();
        if (std::chrono::duration<double>(now - last_).count() < progress_interval) return;
        report(done);
    }
    /// The current stage is over: reports `done` (done == total when the total is known).
    void finish(std::int64_t done) { report(done); }
    /// The current stage is over: reports its total, or the last count ticked when the total
    /// is unknown.
    void finish() { report(total_ >= 0 ? total_ : done_); }

    explicit operator bool() const noexcept { return fn_ != nullptr; }

    /// For a solver whose own hook returns false to stop it (algo::MinCostFlow,
    /// match::ResourceMatcher): tick(), but a stop (or the callback's exception) is kept and
    /// false returned instead of throwing through the solver; call rethrow_if_stopped()
    /// once the solver has returned.
    bool tick_nothrow(std::int64_t done) noexcept {
        try {
            tick(done);
            return true;
        } catch (...) {
            stopped_ = std::current_exception();
            return false;
        }
    }
    void rethrow_if_stopped() const {
        if (stopped_) std::rethrow_exception(stopped_);
    }

private:
    void report(std::int64_t done) {
        if (!fn_) return;
        const auto now = std::chrono::steady_clock::now();
        last_ = now;
        done_ = done = std::max(done, done_);
        Progress p{name_, done, total_, std::chrono::duration<double>(now - start_).count()};
        if (!(*fn_)(p)) throw interrupted();
    }

    const ProgressFn* fn_;
    std::chrono::steady_clock::time_point start_, last_;
    std::string_view name_;
    std::int64_t total_ = -1, done_ = 0;
    std::uint64_t calls_ = 0;
    std::exception_ptr stopped_;
    std::uint64_t stride_ = 16;
};

/// `fn` with `elapsed` counted from `start`: what a call made of several steps (each with its
/// own ticker) hands its steps, so that its caller sees one clock. Empty when `fn` is empty;
/// `fn` must outlive the result.
inline ProgressFn rebased(const ProgressFn& fn, std::chrono::steady_clock::time_point start) {
    if (!fn) return {};
    return [&fn, start](const Progress& p) {
        Progress q = p;
        q.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return fn(q);
    };
}

/// `fn` with every stage prefixed by `prefix` (e.g. "before: "), to tell apart the steps of
/// a call that runs one engine twice. Empty when `fn` is empty; `fn` must outlive the result.
inline ProgressFn substep(const ProgressFn& fn, std::string prefix) {
    if (!fn) return {};
    return [&fn, prefix = std::move(prefix)](const Progress& p) {
        const std::string stage = prefix + std::string(p.stage);
        Progress q = p;
        q.stage = stage;
        return fn(q);
    };
}

}  // namespace hatchnet
