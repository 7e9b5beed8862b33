// Batch referral routing: capacities respected, objective optimal against brute force,
// waitlist order, determinism.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>

#include "hatchnet/io/json.hpp"
#include "hatchnet/referral/referral.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;
using namespace hatchnet::referral;

namespace {
Network small() { return io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

Network tiny_capacities(std::mt19937_64& rng) {
    Network n = small();
    for (auto& x : n.nodes) {
        x.capacity = std::int64_t(rng() % 3);
        x.occupied = 0;
        // generous services so that requests have several candidates
        x.services = {"venue", "office", "training", "funds", "mentoring", "legal"};
        if (rng() % 3 == 0) x.services.pop_back();
    }
    return n;
}

Request random_request(std::mt19937_64& rng, const Network& n) {
    static const char* needs[] = {"venue", "office", "training", "funds", "mentoring", "legal"};
    Request r;
    r.organization = n.organizations[rng() % n.organizations.size()].id;
    r.needs = {needs[rng() % 6]};
    if (rng() % 2) r.needs.push_back(needs[rng() % 6]);
    const char* fcs[] = {"d-east", "d-west", "s-east-1", "s-east-2", "s-west-1", "soc-1", "cc"};
    if (rng() % 2) r.first_contact = fcs[rng() % 7];
    if (rng() % 4 == 0) r.urgency = Urgency::urgent;
    return r;
}

std::int64_t gain(const Candidate& c, const Request& r, const Policy& p) {
    return std::llround(c.score * score_scale) +
           (r.urgency == Urgency::urgent ? std::llround(p.urgent_batch_bonus * score_scale) : 0);
}
}  // namespace

TEST_CASE("batch: never over capacity, objective equals brute force on tiny instances") {
    std::mt19937_64 rng(42);
    int nontrivial = 0;
    for (int trial = 0; trial < 150; ++trial) {
        Network n = tiny_capacities(rng);
        REQUIRE(validate(n).ok());
        Graph g(n);
        Router router(g);
        std::vector<Request> reqs;
        for (std::size_t i = 0, k = 2 + rng() % 5; i < k; ++i) reqs.push_back(random_request(rng, g.network()));
        BatchResult b = router.route_batch(reqs);
        REQUIRE(b.assignments.size() == reqs.size());
        // capacities
        std::vector<std::int64_t> load(g.num_vertices(), 0);
        for (const auto& a : b.assignments)
            if (a.status == RouteStatus::routed) ++load[a.node];
        for (std::size_t v = 0; v < g.num_vertices(); ++v) {
            CHECK(load[v] <= g.node(Graph::vertex(v)).spare());
            CHECK(load[v] == b.placed[v]);
        }
        // candidates per request from single routing (independent of the batch code path)
        std::vector<std::vector<Candidate>> cands;
        for (const auto& r : reqs) cands.push_back(router.route(r).candidates);
        // every placement is a candidate with its score
        std::int64_t objective = 0;
        for (const auto& a : b.assignments) {
            if (a.status != RouteStatus::routed) continue;
            bool found = false;
            for (const auto& c : cands[a.request])
                if (c.node == a.node) {
                    found = true;
                    CHECK(a.score == c.score);
                    objective += gain(c, reqs[a.request], router.policy());
                }
            CHECK(found);
        }
        CHECK(objective == b.objective);
        // brute force
        std::vector<std::int64_t> cap(g.num_vertices());
        for (std::size_t v = 0; v < cap.size(); ++v) cap[v] = g.node(Graph::vertex(v)).spare();
        std::int64_t best = 0;
        std::function<void(std::size_t, std::int64_t)> go = [&](std::size_t i, std::int64_t acc) {
            if (i == reqs.size()) {
                best = std::max(best, acc);
                return;
            }
            go(i + 1, acc);
            for (const auto& c : cands[i]) {
                if (cap[c.node] == 0) continue;
                --cap[c.node];
                go(i + 1, acc + gain(c, reqs[i], router.policy()));
                ++cap[c.node];
            }
        };
        go(0, 0);
        CHECK(b.objective == best);
        if (b.waitlisted > 0 && b.routed > 0) ++nontrivial;
        // unplaced requests are waitlisted (or unroutable when they have no node at all)
        for (const auto& a : b.assignments) {
            if (a.status == RouteStatus::waitlisted) CHECK(a.waitlist_position >= 1);
            if (a.status == RouteStatus::no_candidate) CHECK(a.node == Graph::null_vertex);
        }
        // deterministic
        BatchResult again = router.route_batch(reqs);
        for (std::size_t i = 0; i < reqs.size(); ++i) {
            CHECK(again.assignments[i].node == b.assignments[i].node);
            CHECK(again.assignments[i].waitlist_position == b.assignments[i].waitlist_position);
        }
    }
    MESSAGE("instances with both placements and a waitlist: " << nontrivial);
    CHECK(nontrivial > 10);
}

TEST_CASE("batch: overflow waitlisted urgent first, then in input order") {
    Network n = small();
    for (auto& x : n.nodes) x.occupied = x.capacity;
    n.nodes[n.node_index("d-east")].occupied = 28;  // 2 places left
    Graph g(n);
    Router router(g);
    std::vector<Request> reqs;
    for (int i = 0; i < 5; ++i) {
        Request r;
        r.id = "r" + std::to_string(i);
        r.organization = "so-1";
        r.needs = {"office"};
        if (i == 3) r.urgency = Urgency::urgent;
        reqs.push_back(r);
    }
    BatchResult b = router.route_batch(reqs);
    CHECK(b.routed == 2);
    CHECK(b.waitlisted == 3);
    CHECK(b.assignments[3].status == RouteStatus::routed);  // the urgent one is placed
    std::vector<std::int64_t> pos;
    for (const auto& a : b.assignments)
        if (a.status == RouteStatus::waitlisted) {
            CHECK(g.node(a.node).id == "d-east");
            pos.push_back(a.waitlist_position);
        }
    CHECK(pos == std::vector<std::int64_t>{1, 2, 3});
    CHECK(b.assignments[4].waitlist_position == 3);
    auto j = batch_to_json(b, reqs, router);
    CHECK(j["assignments"][0]["request"] == "r0");
    CHECK(j["routed"] == 2);
}

TEST_CASE("batch: bad requests name their index") {
    Graph g(small());
    Router router(g);
    std::vector<Request> reqs(2);
    reqs[0].organization = "so-1";
    reqs[0].needs = {"office"};
    reqs[1].organization = "so-1";
    try {
        router.route_batch(reqs);
        FAIL("no error");
    } catch (const input_error& e) {
        CHECK(e.record() == "requests[1]");
        CHECK(e.field() == "needs");
    }
    CHECK(router.route_batch({}).assignments.empty());
}
