// The progress hook (hatchnet/progress.hpp) on every long call that takes one: a callback
// that always continues changes no result; one that stops makes the call throw
// hatchnet::interrupted at once and leaves its inputs usable; stages and counts are sane;
// a callback's own exception propagates unchanged.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "../coverage/fixture.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/coverage/scenario.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/sensitivity.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/progress.hpp"
#include "hatchnet/referral/referral.hpp"

using namespace hatchnet;

namespace {

/// Records every report; stops at report `stop_at` (0: never).
struct Recorder {
    std::vector<std::string> stages;
    std::vector<Progress> seen;
    int stop_at = 0;
    ProgressFn fn() {
        return [this](const Progress& p) {
            seen.push_back(p);
            stages.emplace_back(p.stage);
            return stop_at == 0 || int(seen.size()) < stop_at;
        };
    }
};

Graph city(std::uint64_t seed = 3) {
    return Graph(std::make_shared<const Network>(test::make_city(seed, 6, 6, 4)));
}

/// tests/data/small.json, whose organizations have home incubators (so that generated
/// requests route).
Graph small() {
    return Graph(std::make_shared<const Network>(io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json")));
}

evaluate::Matrix random_matrix(evaluate::Index n, evaluate::Index m, std::uint64_t seed) {
    test::Rng rng(seed);
    evaluate::Matrix x(n, m);
    for (evaluate::Index i = 0; i < n; ++i)
        for (evaluate::Index j = 0; j < m; ++j) x(i, j) = rng.unit() * 100;
    return x;
}

}  // namespace

TEST_CASE("ProgressTicker: first and last reports always, throttled in between, false throws") {
    Recorder r;
    auto fn = r.fn();
    ProgressTicker t(fn);
    t.stage("work", 1000000);
    for (std::int64_t i = 0; i < 1000000; ++i) t.tick(i);
    t.finish(1000000);
    REQUIRE(r.seen.size() >= 2);
    CHECK(r.seen.front().done == 0);
    CHECK(r.seen.back().done == 1000000);
    CHECK(r.seen.back().total == 1000000);
    // a million ticks in well under a second: throttling keeps the reports few
    CHECK(r.seen.size() < 1000);
    for (std::size_t i = 1; i < r.seen.size(); ++i) {
        CHECK(r.seen[i].done >= r.seen[i - 1].done);
        CHECK(r.seen[i].elapsed >= r.seen[i - 1].elapsed);
    }
    // a slow loop is reported about every progress_interval
    Recorder slow;
    auto sfn = slow.fn();
    ProgressTicker s(sfn);
    s.stage("slow", 64);
    for (int i = 0; i < 64; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        s.tick(i);
    }
    CHECK(slow.seen.size() >= 2);
    // stop
    Recorder stop;
    stop.stop_at = 1;
    auto stfn = stop.fn();
    ProgressTicker st(stfn);
    CHECK_THROWS_AS(st.stage("x"), interrupted);
    // no callback: nothing happens and nothing throws
    ProgressFn none;
    ProgressTicker quiet(none);
    CHECK_FALSE(bool(quiet));
    quiet.stage("x");
    for (int i = 0; i < 100; ++i) quiet.tick(i);
    quiet.finish(100);
}

TEST_CASE("coverage analyse: progress changes nothing; a stop throws; the graph stays usable") {
    const Graph g = city();
    coverage::CoverageOptions plain;
    const auto want = coverage::analyse(g, plain);
    Recorder r;
    coverage::CoverageOptions o;
    o.progress = r.fn();
    const auto got = coverage::analyse(g, o);
    CHECK(got.regions.size() == want.regions.size());
    CHECK(got.summary.mean_access == want.summary.mean_access);
    CHECK(got.summary.streets_lacking == want.summary.streets_lacking);
    CHECK(std::find(r.stages.begin(), r.stages.end(), "access") != r.stages.end());
    CHECK(r.stages.front() == "count");
    Recorder s;
    s.stop_at = 2;
    o.progress = s.fn();
    CHECK_THROWS_AS(coverage::analyse(g, o), interrupted);
    CHECK(s.seen.size() == 2);
    CHECK(coverage::analyse(g, plain).summary.mean_access == want.summary.mean_access);
    // the kind every boundary reports
    try {
        coverage::analyse(g, o);
        FAIL("no throw");
    } catch (...) {
        CHECK(describe_current_exception().kind == error_kind::interrupted);
    }
}

TEST_CASE("coverage plan: progress changes nothing; a stop in the search throws; a callback's own exception propagates") {
    const Graph g = city(5);
    for (auto obj : {coverage::Objective::coverage, coverage::Objective::served, coverage::Objective::minmax,
                     coverage::Objective::p_median}) {
        CAPTURE(coverage::to_string(obj));
        coverage::PlanOptions plain;
        plain.objective = obj;
        plain.k = 4;
        plain.compare_exact = true;
        const auto want = coverage::plan(g, plain);
        Recorder r;
        auto o = plain;
        o.progress = r.fn();
        const auto got = coverage::plan(g, o);
        CHECK(got.value_after == want.value_after);
        CHECK(got.picks.size() == want.picks.size());
        for (std::size_t i = 0; i < got.picks.size() && i < want.picks.size(); ++i)
            CHECK(got.picks[i].region == want.picks[i].region);
        CHECK(r.stages.front() == "candidates");
        CHECK(std::find(r.stages.begin(), r.stages.end(), "solve") != r.stages.end());
        // stop at the first report of the solve stage
        int reports_before_solve = 0;
        while (r.stages[std::size_t(reports_before_solve)] != "solve") ++reports_before_solve;
        Recorder s;
        s.stop_at = reports_before_solve + 1;
        o.progress = s.fn();
        CHECK_THROWS_AS(coverage::plan(g, o), interrupted);
        CHECK(s.stages.back() == "solve");
    }
    coverage::PlanOptions o;
    o.k = 3;
    o.progress = [](const Progress&) -> bool { throw std::runtime_error("from the callback"); };
    CHECK_THROWS_WITH_AS(coverage::plan(g, o), "from the callback", std::runtime_error);
}

TEST_CASE("scenario: coverage, routing and matching steps report; a stop at each step throws") {
    const Graph g = small();
    coverage::PlanOptions po;
    po.k = 3;
    const auto pl = coverage::plan(g, po);
    coverage::ScenarioOptions so;
    so.demand = coverage::ScenarioDemand{};
    so.demand->request_count = 200;
    so.demand->need_count = 200;
    const auto want = coverage::run_scenario(g, pl, so);
    REQUIRE(want.outcomes);
    REQUIRE(want.outcomes->referral_before.requests == 200);
    REQUIRE(want.outcomes->needs > 0);
    Recorder r;
    so.progress = r.fn();
    const auto got = coverage::run_scenario(g, pl, so);
    REQUIRE(got.outcomes);
    CHECK(got.outcomes->referral_after.routed == want.outcomes->referral_after.routed);
    CHECK(got.outcomes->match_after.served == want.outcomes->match_after.served);
    CHECK(got.coverage_after.mean_access == want.coverage_after.mean_access);
    // one clock for the whole call; within a stage, done never decreases; every stage with a
    // known total ends at it; the two sides told apart
    for (std::size_t i = 1; i < r.seen.size(); ++i) {
        CHECK(r.seen[i].elapsed >= r.seen[i - 1].elapsed);
        if (r.stages[i] == r.stages[i - 1]) CHECK(r.seen[i].done >= r.seen[i - 1].done);
    }
    for (std::size_t i = 0; i + 1 < r.seen.size(); ++i)
        if (r.stages[i] != r.stages[i + 1] && r.seen[i].total >= 0) CHECK(r.seen[i].done == r.seen[i].total);
    for (const char* stage : {"before: count", "after: count", "before: route", "after: route", "before: match",
                              "after: match"}) {
        CAPTURE(stage);
        auto at = std::find(r.stages.begin(), r.stages.end(), stage);
        REQUIRE(at != r.stages.end());
        Recorder s;
        s.stop_at = int(at - r.stages.begin()) + 1;
        so.progress = s.fn();
        CHECK_THROWS_AS(coverage::run_scenario(g, pl, so), interrupted);
        CHECK(s.stages.back() == stage);
    }
}

TEST_CASE("every stage ends with a report; a stop at the last report of a stage is honoured") {
    const Graph g = city(5);
    for (auto obj : {coverage::Objective::coverage, coverage::Objective::p_median}) {
        Recorder r;
        coverage::PlanOptions o;
        o.objective = obj;
        o.k = 3;
        o.compare_exact = true;
        o.progress = r.fn();
        coverage::plan(g, o);
        // the last report of each stage: "solve", "interchange" (p_median) and "exact" end too
        std::vector<std::string> ended;
        for (std::size_t i = 0; i < r.seen.size(); ++i)
            if (i + 1 == r.seen.size() || r.stages[i + 1] != r.stages[i]) ended.push_back(r.stages[i]);
        CHECK(std::find(ended.begin(), ended.end(), "solve") != ended.end());
        CHECK(std::find(ended.begin(), ended.end(), "exact") != ended.end());
        CHECK(r.stages.back() == "exact");
    }
}

TEST_CASE("Monte-Carlo: a stop in the middle ends the run long before every draw is made") {
    // a slow model (2 ms a batch) counting its batches: stopping at the second report must
    // leave most of the 200 batches undone, on one thread and on several
    for (int threads : {1, 3}) {
        CAPTURE(threads);
        std::atomic<int> batches{0};
        evaluate::DrawModel model = [&](std::int64_t, evaluate::Index cnt, evaluate::Matrix& out) {
            ++batches;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            for (evaluate::Index c = 0; c < cnt; ++c)
                for (evaluate::Index i = 0; i < out.rows(); ++i) out(i, c) = double(i);
        };
        evaluate::DrawOptions d;
        d.draws = 200 * 8;
        d.batch = 8;
        d.threads = threads;
        Recorder st;
        st.stop_at = 2;
        d.progress = st.fn();
        evaluate::Vector nominal = evaluate::Vector::LinSpaced(20, 0, 19);
        CHECK_THROWS_AS(evaluate::rank_intervals(nominal, model, d), interrupted);
        CHECK(batches.load() < 100);
    }
}

TEST_CASE("batch referral: progress changes nothing; a stop throws; the router stays usable") {
    const Graph g = small();
    referral::Router router(g);
    const auto reqs = coverage::scenario_requests(g, 300, 4);
    REQUIRE(reqs.size() == 300);
    const auto want = router.route_batch(reqs);
    Recorder r;
    const auto got = router.route_batch(reqs, r.fn());
    CHECK(got.routed == want.routed);
    CHECK(got.objective == want.objective);
    for (std::size_t i = 0; i < reqs.size(); ++i) CHECK(got.assignments[i].node == want.assignments[i].node);
    CHECK(r.stages.front() == "route");
    CHECK(r.seen.front().total == 300);
    Recorder s;
    s.stop_at = 1;
    CHECK_THROWS_AS(router.route_batch(reqs, s.fn()), interrupted);
    CHECK(router.route_batch(reqs).objective == want.objective);
}

TEST_CASE("Monte-Carlo ranks: progress counts draws on any thread count; a stop throws") {
    const auto x = random_matrix(300, 6, 2);
    evaluate::UncertaintySpec s;
    s.weights = evaluate::Vector::Constant(6, 1.0 / 6);
    s.types = evaluate::Types::Ones(6);
    s.draws = 3000;
    for (int threads : {1, 2, 3}) {
        CAPTURE(threads);
        s.threads = threads;
        s.progress = nullptr;
        const auto want = evaluate::monte_carlo_ranks(x, s);
        Recorder r;
        s.progress = r.fn();
        const auto got = evaluate::monte_carlo_ranks(x, s);
        CHECK(got.median_rank == want.median_rank);
        CHECK(got.p95 == want.p95);
        REQUIRE(r.seen.size() >= 2);
        CHECK(r.seen.front().stage == "draws");
        CHECK(r.seen.back().done == 3000);
        CHECK(r.seen.back().total == 3000);
        Recorder st;
        st.stop_at = 1;
        s.progress = st.fn();
        CHECK_THROWS_AS(evaluate::monte_carlo_ranks(x, s), interrupted);
    }
}
