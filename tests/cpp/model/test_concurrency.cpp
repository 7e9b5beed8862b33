// Everything hatchnet documents as safe from several threads, exercised at once — this file
// is what the ThreadSanitizer stage of CI runs (scripts/test.sh): one router routing from
// many threads (its lazy tables built concurrently), batch routing on one router, one frozen
// Graph and Network read from many threads (id indexes, guidance walks, hops, service areas),
// the Monte-Carlo workers, independent solvers side by side, and the process-wide limits.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "hatchnet/evaluate/sensitivity.hpp"
#include "hatchnet/evaluate/weights.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/referral/json.hpp"
#include "hatchnet/referral/router.hpp"

using namespace hatchnet;

namespace {

constexpr int kThreads = 4;

const Graph& beijing() {
    static const Graph g(io::load_json_file(HATCHNET_TEST_DATA_DIR "/beijing.json.gz"));
    return g;
}

std::vector<referral::Request> requests(const Network& net, std::size_t n) {
    std::vector<referral::Request> out;
    const char* needs[] = {"office", "training", "funds", "venue", "mentoring", "legal"};
    for (std::size_t i = 0; i < n; ++i) {
        const auto& org = net.organizations[(i * 7919) % net.organizations.size()];
        out.push_back(referral::parse_request("{\"organization\":\"" + org.id + "\",\"needs\":[\"" +
                                              needs[i % 6] + "\"]}"));
    }
    return out;
}

template <class F>
void in_threads(F&& f) {
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) ts.emplace_back([&, t] { f(t); });
    for (auto& t : ts) t.join();
}

}  // namespace

TEST_CASE("one router, many threads: the same answers as one thread") {
    const Graph& g = beijing();
    const auto reqs = requests(g.network(), 120);
    referral::Router fresh(g);  // lazy tables built by whichever thread comes first
    std::vector<std::vector<std::string>> got(kThreads, std::vector<std::string>(reqs.size()));
    in_threads([&](int t) {
        for (std::size_t i = 0; i < reqs.size(); ++i)
            got[std::size_t(t)][(i + std::size_t(t) * 31) % reqs.size()] =
                referral::result_to_json_text(fresh.route(reqs[(i + std::size_t(t) * 31) % reqs.size()]), fresh);
    });
    referral::Router single(g);
    std::vector<std::string> want(reqs.size());
    for (std::size_t i = 0; i < reqs.size(); ++i) want[i] = referral::result_to_json_text(single.route(reqs[i]), single);
    for (const auto& v : got) CHECK(v == want);
}

TEST_CASE("batch routing from several threads on one router") {
    const Graph& g = beijing();
    const auto reqs = requests(g.network(), 200);
    referral::Router r(g);
    std::vector<double> totals(kThreads);
    std::vector<std::size_t> routed(kThreads);
    in_threads([&](int t) {
        auto b = r.route_batch(reqs);
        totals[std::size_t(t)] = b.total_score;
        routed[std::size_t(t)] = b.routed;
    });
    for (int t = 1; t < kThreads; ++t) {
        CHECK(totals[std::size_t(t)] == totals[0]);
        CHECK(routed[std::size_t(t)] == routed[0]);
    }
}

TEST_CASE("one Graph and its Network read from many threads") {
    const Graph& g = beijing();
    const Network& net = g.network();
    std::vector<std::size_t> sums(kThreads);
    in_threads([&](int t) {
        std::size_t s = 0;
        for (std::size_t i = std::size_t(t); i < net.nodes.size(); i += 3) {
            const auto v = g.at(net.nodes[i].id);
            s += net.node_index(net.nodes[i].id) == i;
            s += g.guidance_parents(v).size();
            s += std::size_t(g.hops(v, g.at(net.nodes[0].id)) >= 0);
        }
        for (std::size_t i = std::size_t(t); i < net.organizations.size(); i += 97)
            s += net.organization_index(net.organizations[i].id) == i;
        for (std::size_t i = 0; i < net.regions.size(); i += 11) s += g.incubators_serving(net.regions[i].code).size();
        sums[std::size_t(t)] = s;
    });
    CHECK(sums[0] > 0);
}

TEST_CASE("Monte-Carlo workers: the same ranks on 1 and 4 threads") {
    std::mt19937_64 rng(11);
    evaluate::Matrix x(150, 8);
    for (evaluate::Index i = 0; i < x.size(); ++i) x.data()[i] = 1 + double(rng() % 1000) / 10.0;
    evaluate::UncertaintySpec s;
    s.weights = evaluate::equal_weights(8);
    s.types = evaluate::Types::Ones(8);
    s.draws = 300;
    s.keep_ranks = true;
    s.threads = 1;
    auto a = evaluate::monte_carlo_ranks(x, s);
    s.threads = kThreads;
    s.batch = 5;
    auto b = evaluate::monte_carlo_ranks(x, s);
    CHECK(a.ranks == b.ranks);
}

TEST_CASE("independent solvers side by side, limits read concurrently") {
    std::vector<std::int64_t> cost(kThreads);
    in_threads([&](int t) {
        algo::MinCostFlow f(200);
        std::mt19937_64 rng(std::uint64_t(t) + 1);
        for (int a = 0; a < 2000; ++a)
            f.add_arc(algo::MinCostFlow::node_t(rng() % 200), algo::MinCostFlow::node_t(rng() % 200), 10,
                      std::int64_t(rng() % 100));
        for (int a = 0; a < 199; ++a) f.add_arc(a, a + 1, 1000, 50);
        f.set_supply(0, 100);
        f.set_supply(199, -100);
        (void)limits();
        REQUIRE(f.run() == algo::MinCostFlow::Status::optimal);
        cost[std::size_t(t)] = f.total_cost();
    });
    for (int t = 0; t < kThreads; ++t) CHECK(cost[std::size_t(t)] > 0);
}
