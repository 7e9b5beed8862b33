// route_many: Router::route on many requests, spread over worker threads (referral/many.hpp).
#include "hatchnet/referral/many.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "hatchnet/error.hpp"

namespace hatchnet::referral {
namespace {

constexpr std::size_t chunk_size = 256;  // requests a worker takes at a time

/// The shared state of one run: the next chunk to take, the first failure, the count done.
struct Run {
    Run(const Router& r, std::span<const Request> q, std::vector<Result>& o) : router(r), requests(q), out(o) {}

    const Router& router;
    std::span<const Request> requests;
    std::vector<Result>& out;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex failure_mutex;
    std::size_t failed_at = SIZE_MAX;   // the lowest failing index seen
    std::exception_ptr failure;

    void fail(std::size_t i, std::exception_ptr e) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (i < failed_at) {
            failed_at = i;
            failure = std::move(e);
        }
        stop = true;
    }

    /// Route the requests of the next chunk; false when none is left, or the run stopped or
    /// failed.
    bool step() {
        if (stop.load(std::memory_order_relaxed)) return false;
        const std::size_t begin = next.fetch_add(chunk_size);
        if (begin >= requests.size()) return false;
        const std::size_t end = std::min(requests.size(), begin + chunk_size);
        for (std::size_t i = begin; i < end; ++i) {
            try {
                out[i] = router.route(requests[i]);
            } catch (...) {
                // chunks are taken in increasing order and routed in order, so the failure
                // kept is always the lowest failing index, whatever the threads did
                fail(i, std::current_exception());
                return false;
            }
        }
        done.fetch_add(end - begin);
        return true;
    }

    void work() {
        while (step()) {
        }
    }
};

/// The error of request i, named as requests[i] (the record the caller knows).
[[noreturn]] void rethrow_named(std::size_t i, const std::exception_ptr& e) {
    const std::string record = "requests[" + std::to_string(i) + "]";
    try {
        std::rethrow_exception(e);
    } catch (const io_error&) {
        throw;
    } catch (const limit_error& x) {
        throw limit_error(record, x.field(), x.message());
    } catch (const input_error& x) {
        throw input_error(record, x.field(), x.message());
    }
}

unsigned worker_count(unsigned asked, std::size_t n) {
    unsigned t = asked ? asked : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t chunks = (n + chunk_size - 1) / chunk_size;
    return unsigned(std::max<std::size_t>(1, std::min<std::size_t>(t, chunks)));
}

}  // namespace

std::vector<Result> route_many(const Router& router, std::span<const Request> requests,
                               const ManyOptions& options) {
    std::vector<Result> out(requests.size());
    Run run(router, requests, out);
    ProgressTicker ticker(options.progress);
    ticker.stage("route", std::int64_t(requests.size()));

    std::vector<std::thread> helpers;
    const unsigned workers = worker_count(options.threads, requests.size());
    try {
        for (unsigned t = 1; t < workers; ++t) helpers.emplace_back([&run] { run.work(); });
    } catch (...) {
        run.stop = true;  // no thread could start: join those that did, then fail
        for (auto& h : helpers) h.join();
        throw;
    }
    // The calling thread works too, and reports progress between its chunks.
    std::exception_ptr stopped;
    while (run.step()) {
        try {
            ticker.tick(std::int64_t(run.done.load()));
        } catch (...) {
            stopped = std::current_exception();  // interrupted (or the callback threw)
            run.stop = true;
        }
    }
    for (auto& h : helpers) h.join();
    if (stopped) std::rethrow_exception(stopped);
    if (run.failure) rethrow_named(run.failed_at, run.failure);
    ticker.finish(std::int64_t(requests.size()));
    return out;
}

}  // namespace hatchnet::referral
