// route_many: the same results as Router::route on each request, whatever the thread count;
// the lowest failing request named; progress can stop it.
#include <doctest/doctest.h>

#include <random>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/referral/referral.hpp"

using namespace hatchnet;
using namespace hatchnet::referral;

namespace {
Network small() { return io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

std::vector<Request> random_requests(std::mt19937_64& rng, const Network& n, std::size_t count) {
    static const char* needs[] = {"venue", "office", "training", "funds", "mentoring", "legal"};
    static const char* fcs[] = {"d-east", "d-west", "s-east-1", "s-east-2", "s-west-1", "soc-1", "cc"};
    std::vector<Request> out;
    for (std::size_t i = 0; i < count; ++i) {
        Request r;
        r.id = "r" + std::to_string(i);
        r.organization = n.organizations[rng() % n.organizations.size()].id;
        r.needs = {needs[rng() % 6]};
        if (rng() % 2) r.needs.push_back(needs[rng() % 6]);
        if (rng() % 2) r.first_contact = fcs[rng() % 7];
        if (rng() % 4 == 0) r.urgency = Urgency::urgent;
        out.push_back(std::move(r));
    }
    return out;
}
}  // namespace

TEST_CASE("route_many: each result is route()'s, in input order, for any thread count") {
    auto net = std::make_shared<const Network>(small());
    Router router(std::make_shared<const Graph>(net));
    std::mt19937_64 rng(7);
    // more than two chunks of 256, so that several workers take turns
    const auto reqs = random_requests(rng, *net, 700);
    std::vector<std::string> expected;
    for (const auto& q : reqs) expected.push_back(result_to_json_text(router.route(q), router));
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        ManyOptions o;
        o.threads = threads;
        const auto got = route_many(router, reqs, o);
        REQUIRE(got.size() == reqs.size());
        for (std::size_t i = 0; i < reqs.size(); ++i) {
            INFO("threads " << threads << ", request " << i);
            CHECK(result_to_json_text(got[i], router) == expected[i]);
        }
    }
    CHECK(route_many(router, std::span<const Request>{}).empty());
}

TEST_CASE("route_many: the lowest failing request is named, whatever the threads did") {
    auto net = std::make_shared<const Network>(small());
    Router router(std::make_shared<const Graph>(net));
    std::mt19937_64 rng(11);
    auto reqs = random_requests(rng, *net, 900);
    reqs[300].organization = "no-such-organization";
    reqs[800].needs.clear();
    for (unsigned threads : {1u, 2u, 4u}) {
        ManyOptions o;
        o.threads = threads;
        try {
            (void)route_many(router, reqs, o);
            FAIL("expected an input_error");
        } catch (const input_error& e) {
            CHECK(e.record() == "requests[300]");
            CHECK(std::string(e.what()).find("no-such-organization") != std::string::npos);
        }
    }
}

TEST_CASE("route_many: progress is reported and can stop the run") {
    auto net = std::make_shared<const Network>(small());
    Router router(std::make_shared<const Graph>(net));
    std::mt19937_64 rng(5);
    const auto reqs = random_requests(rng, *net, 600);
    std::int64_t last = -1, total = 0;
    ManyOptions o;
    o.threads = 2;
    o.progress = [&](const Progress& p) {
        CHECK(p.stage == "route");
        CHECK(p.done >= last);
        last = p.done;
        total = p.total;
        return true;
    };
    (void)route_many(router, reqs, o);
    CHECK(last == 600);
    CHECK(total == 600);
    o.progress = [](const Progress&) { return false; };
    CHECK_THROWS_AS((void)route_many(router, reqs, o), interrupted);
}
