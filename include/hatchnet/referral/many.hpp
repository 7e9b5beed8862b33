// hatchnet/referral/many.hpp — many independent referrals at once, on several threads.
//
// route_many() routes each request exactly as Router::route() would, one result per request
// in input order, but spreads the requests over worker threads. Unlike route_batch() the
// requests do not compete for capacity: it is the bulk form of route(), for analysts who
// want every explanation of a whole population (candidates, exclusions and route of each).
// The results do not depend on the number of threads.
//
// Usage:
//   hatchnet::referral::Router router(net);
//   std::vector<hatchnet::referral::Request> reqs = ...;
//   auto results = hatchnet::referral::route_many(router, reqs, {.threads = 2});
#pragma once

#include <span>
#include <vector>

#include "hatchnet/progress.hpp"
#include "hatchnet/referral/router.hpp"

namespace hatchnet::referral {

struct ManyOptions {
    /// Worker threads; 0: std::thread::hardware_concurrency(). Never more than the number of
    /// chunks of requests.
    unsigned threads = 0;
    /// Progress ("route", requests done of all); returning false stops the run with
    /// hatchnet::interrupted. Called from the calling thread only.
    ProgressFn progress;
};

/// Route every request independently (Router::route on each), on `options.threads`
/// threads. The first request that fails (an unknown organization, a missing need …) stops
/// the run and its error is rethrown, prefixed with the request's index ("requests[i]").
std::vector<Result> route_many(const Router& router, std::span<const Request> requests,
                               const ManyOptions& options = {});

}  // namespace hatchnet::referral
