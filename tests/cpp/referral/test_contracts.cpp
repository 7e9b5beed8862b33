// Contracts in referral routing (§5.4): a contract move is used only within its scope and
// period, and the reasons say when it could not. A hand-computed case, then random instances
// against an independent breadth-first search over the usable contracts.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "hatchnet/io/json.hpp"
#include "hatchnet/referral/referral.hpp"

#include "../test_rng.hpp"

using namespace hatchnet;
using namespace hatchnet::referral;

namespace {

// d1 offers office only; d2 (legal, training) is bound to d1 by contract K1 for legal
// services in 2024–2025; d3 (legal) by a contract edge, which has no scope or period.
Network three() {
    return io::load_json(R"({"format":"hatchnet-network","version":1,
"regions":[{"code":"11"},{"code":"110101"},{"code":"110102"},{"code":"110103"}],
"nodes":[
{"id":"d1","tier":"district","region":"110101","services":["office"],"capacity":5},
{"id":"d2","tier":"district","region":"110102","services":["legal","training"],"capacity":5,"score":90},
{"id":"d3","tier":"district","region":"110103","services":["legal"],"capacity":5,"score":10}],
"edges":[{"from":"d1","to":"d3","type":"contract"}],
"contracts":[{"id":"K1","parties":["d1","d2"],"scope":["legal"],"start":"2024-01-01","end":"2025-12-31"}]})");
}

Request ask(std::vector<std::string> needs, std::string as_of) {
    Request r;
    r.type = OrgType::service_org;
    r.needs = std::move(needs);
    r.first_contact = "d1";
    r.as_of = std::move(as_of);
    return r;
}

const Excluded* excluded(const Result& r, const Graph& g, std::string_view id) {
    for (const auto& e : r.excluded)
        if (g.node(e.node).id == id) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("contracts: a hand-computed case, in scope and period, then outside each") {
    Network net = three();
    Graph g(net);
    Router router(g);
    const auto d2 = g.at("d2"), d3 = g.at("d3");

    // In force, in scope: d2 (score 90) beats d3 (score 10) at equal hops; the hop rides on K1.
    Result r = router.route(ask({"legal"}, "2025-06-01"));
    REQUIRE(r.status == RouteStatus::routed);
    CHECK(r.chosen == d2);
    REQUIRE(r.route.size() == 1);
    CHECK(r.route[0].move == Move::contract);
    CHECK(r.route[0].contract == 0);
    CHECK(r.contracts.empty());
    CHECK(r.as_of == "2025-06-01");
    // the first and last days are in force
    CHECK(router.route(ask({"legal"}, "2024-01-01")).chosen == d2);
    CHECK(router.route(ask({"legal"}, "2025-12-31")).chosen == d2);

    // Expired: d2 is out of reach "because of K1"; d3 over the contract edge takes the referral.
    r = router.route(ask({"legal"}, "2026-01-01"));
    CHECK(r.chosen == d3);
    const Excluded* e = excluded(r, g, "d2");
    REQUIRE(e);
    CHECK((e->reasons & ReasonMask(Reason::contract_unusable)) != 0);
    CHECK((e->reasons & ReasonMask(Reason::not_authorised)) == 0);
    CHECK(e->contract == 0);
    REQUIRE(r.contracts.size() == 1);
    CHECK(r.contracts[0].issue == ContractIssue::expired);
    CHECK(r.contracts[0].text(net) == "contract K1 expired on 2025-12-31");

    // Not yet in force.
    r = router.route(ask({"legal"}, "2023-12-31"));
    REQUIRE(r.contracts.size() == 1);
    CHECK(r.contracts[0].text(net) == "contract K1 is in force from 2024-01-01");
    CHECK(r.chosen == d3);

    // Out of scope: training is not a legal service; d3 covers half the needs (min_coverage 0.5).
    r = router.route(ask({"legal", "training"}, "2025-06-01"));
    CHECK(r.chosen == d3);
    REQUIRE(r.contracts.size() == 1);
    CHECK(r.contracts[0].issue == ContractIssue::out_of_scope);
    CHECK(r.contracts[0].text(net) == "contract K1 does not cover service training");
    e = excluded(r, g, "d2");
    REQUIRE(e);
    CHECK(e->reasons == ReasonMask(Reason::contract_unusable));

    // The explanation in JSON names the contract and says why.
    auto j = nlohmann::json::parse(result_to_json_text(router.route(ask({"training"}, "2025-06-01")), router));
    CHECK(j["as_of"] == "2025-06-01");
    REQUIRE(j["contracts"].size() == 1);
    CHECK(j["contracts"][0]["reason"] == "contract K1 does not cover service training");
    bool named = false;
    for (const auto& x : j["excluded"])
        if (x["node"] == "d2") {
            named = x["contract"] == "K1";
            CHECK(x["reasons"] == nlohmann::json::array({"contract_unusable"}));
        }
    CHECK(named);
    j = nlohmann::json::parse(result_to_json_text(router.route(ask({"legal"}, "2025-06-01")), router));
    CHECK(j["route"][0]["contract"] == "K1");
    CHECK(j["route"][0]["relation"] == "contract");
    CHECK(j["route"][0]["edge"].is_null());

    // A request with a malformed date is refused, naming the field.
    try {
        router.route(ask({"legal"}, "2025-13-01"));
        FAIL("no error");
    } catch (const input_error& x) {
        CHECK(x.field() == "as_of");
    }
    // The request JSON carries the date.
    CHECK(parse_request(R"({"needs":["legal"],"type":"service_org","first_contact":"d1","as_of":"2025-06-01"})").as_of ==
          "2025-06-01");
}

TEST_CASE("contracts: the contract move of the policy switched off refuses every contract") {
    Network net = three();
    Graph g(net);
    Policy p = Policy::defaults();
    p.moves[std::size_t(Move::contract)] = false;
    Router router(g, p);
    Result r = router.route(ask({"legal"}, "2025-06-01"));
    CHECK(r.status == RouteStatus::no_candidate);
}

TEST_CASE("property: on random instances a contract carries a referral only within its scope and period") {
    test::Rng rng(1405);
    const std::vector<std::string> services{"legal", "accounting", "training", "mentoring", "venue", "office"};
    const std::vector<std::string> dates{"2023-06-01", "2024-01-01", "2024-06-30", "2025-01-01", "2025-12-31", "2026-06-01"};
    for (int round = 0; round < 60; ++round) {
        const int n = 4 + int(rng.below(6));
        std::string nodes, contracts;
        for (int v = 0; v < n; ++v) {
            std::string svc;
            for (const auto& s : services)
                if (rng.below(3) == 0) svc += (svc.empty() ? "\"" : ",\"") + s + "\"";
            char code[16];
            std::snprintf(code, sizeof code, "1101%02d", v + 1);
            nodes += std::string(v ? "," : "") + R"({"id":"n)" + std::to_string(v) + R"(","tier":"district","region":")" +
                     code + R"(","services":[)" + svc + R"(],"capacity":3})";
        }
        const int K = 1 + int(rng.below(6));
        for (int k = 0; k < K; ++k) {
            int a = int(rng.below(std::uint64_t(n))), b = int(rng.below(std::uint64_t(n - 1)));
            if (b >= a) ++b;
            std::string scope = "\"" + services[rng.below(services.size())] + "\"";
            if (rng.below(2)) scope += ",\"" + services[rng.below(services.size())] + "\"";
            std::size_t s = rng.below(dates.size() - 1), t = s + rng.below(dates.size() - s);
            contracts += std::string(k ? "," : "") + R"({"id":"K)" + std::to_string(k) + R"(","parties":["n)" +
                         std::to_string(a) + R"(","n)" + std::to_string(b) + R"("],"scope":[)" + scope +
                         R"(],"start":")" + dates[s] + "\"" + (rng.below(4) ? R"(,"end":")" + dates[t] + "\"" : "") + "}";
        }
        std::string regions = R"({"code":"11"})";
        for (int v = 0; v < n; ++v) {
            char code[16];
            std::snprintf(code, sizeof code, "1101%02d", v + 1);
            regions += R"(,{"code":")" + std::string(code) + "\"}";
        }
        Network net = io::load_json(R"({"format":"hatchnet-network","version":1,"regions":[)" + regions +
                                    R"(],"nodes":[)" + nodes + R"(],"contracts":[)" + contracts + "]}");
        Graph g(net);
        Router router(g);
        const int H = router.policy().max_hops;
        for (int q = 0; q < 8; ++q) {
            Request r;
            r.type = OrgType::service_org;
            r.needs = {services[rng.below(services.size())]};
            if (rng.below(3) == 0) r.needs.push_back(services[rng.below(services.size())]);
            if (r.needs.size() == 2 && r.needs[0] == r.needs[1]) r.needs.pop_back();
            r.first_contact = "n" + std::to_string(rng.below(std::uint64_t(n)));
            r.as_of = dates[rng.below(dates.size())];
            // the reference: which contracts may carry it, straight from the definitions
            std::vector<char> usable(net.contracts.size());
            for (std::size_t k = 0; k < net.contracts.size(); ++k) {
                const Contract& c = net.contracts[k];
                bool in_scope = std::all_of(r.needs.begin(), r.needs.end(),
                                            [&](const std::string& s) { return c.covers(s, net.vocabulary); });
                bool in_period = r.as_of >= c.start && (c.end.empty() || r.as_of <= c.end);
                usable[k] = in_scope && in_period;
            }
            // breadth-first hops over the usable contracts / over all of them
            auto hops = [&](bool all) {
                std::vector<int> h(std::size_t(n), -1);
                std::vector<int> queue{g.at(r.first_contact) == Graph::null_vertex ? 0 : int(g.at(r.first_contact))};
                h[std::size_t(queue[0])] = 0;
                for (std::size_t i = 0; i < queue.size(); ++i)
                    for (std::size_t k = 0; k < net.contracts.size(); ++k) {
                        if (!all && !usable[k]) continue;
                        const auto& p = net.contracts[k].parties;
                        int a = int(g.at(p[0])), b = int(g.at(p[1]));
                        for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}})
                            if (x == queue[i] && h[std::size_t(y)] < 0) {
                                h[std::size_t(y)] = h[std::size_t(x)] + 1;
                                queue.push_back(y);
                            }
                    }
                return h;
            };
            auto h_use = hops(false), h_all = hops(true);
            Result res = router.route(r);
            // every hop rides on a usable contract
            for (const auto& hop : res.route) {
                REQUIRE(hop.contract >= 0);
                CHECK(usable[std::size_t(hop.contract)]);
            }
            // every node reached within max_hops only over unusable contracts says so
            const auto reach_bits = ReasonMask(ReasonMask(Reason::not_authorised) | ReasonMask(Reason::too_far) |
                                               ReasonMask(Reason::contract_unusable));
            std::set<std::uint32_t> listed;
            for (const auto& c : res.contracts) {
                CHECK_FALSE(usable[c.contract]);
                listed.insert(c.contract);
            }
            for (const auto& e : res.excluded) {
                const int hu = h_use[e.node], ha = h_all[e.node];
                if (hu >= 0 && hu <= H) CHECK((e.reasons & reach_bits) == 0);
                else if (ha >= 0 && ha <= H) {
                    CHECK((e.reasons & ReasonMask(Reason::contract_unusable)) != 0);
                    REQUIRE(e.contract >= 0);
                    CHECK_FALSE(usable[std::size_t(e.contract)]);
                    CHECK(listed.count(std::uint32_t(e.contract)) == 1);
                } else {
                    CHECK((e.reasons & ReasonMask(Reason::contract_unusable)) == 0);
                }
            }
            for (const auto& c : res.candidates) CHECK((h_use[c.node] >= 0 && h_use[c.node] <= H));
        }
    }
}
