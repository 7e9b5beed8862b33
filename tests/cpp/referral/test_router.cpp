// The referral engine: policy, single routing against an independent exhaustive scorer,
// explanations, bad input, determinism, threads. (Batch routing and the ledger:
// test_referral_batch.cpp, test_referral_ledger.cpp.)
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "hatchnet/io/json.hpp"
#include "hatchnet/referral/referral.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;
using namespace hatchnet::referral;

namespace {

Network small() { return io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

std::string slurp(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const input_error& e) {
        return e.what();
    }
    return "<no error>";
}
template <class F>
std::string field_of(F&& f) {
    try {
        f();
    } catch (const input_error& e) {
        return e.field();
    }
    return "<no error>";
}

// ------------------------------------------------------------------ an independent scorer
// Written from the documented rules, without the router's data structures: distances by
// Floyd–Warshall, coverage by Vocabulary::service_within, areas by region_within.

// The documented table of areas (docs/algorithms/referral.md, "Areas"): a node of a tier not
// in citywide_tiers serves the unit of its tier's level containing its region — district and
// social incubators their district, streets their street-level unit, stations their
// community; a region already at or above that level is the area itself. Written with
// truncate_region, not the router's string prefixes.
std::string area_of_node(const Node& n) {
    RegionLevel level;
    switch (n.tier) {
        case Tier::district:
        case Tier::social: level = RegionLevel::county; break;  // 6 digits: the district
        case Tier::street: level = RegionLevel::street; break;
        case Tier::community: level = RegionLevel::community; break;
        default: return n.region;
    }
    std::string_view a = n.region;
    while (region_level_of(a) && *region_level_of(a) > level) a = truncate_region(a);
    return std::string(a);
}

struct Truth {
    bool in_ball = false;
    ReasonMask mask = 0;
    double score = 0;
    int hops = -1;
};

constexpr int INF = 1 << 20;

std::vector<Truth> exhaustive(const Network& net, const Policy& p, const Request& rq, std::size_t& fc_out) {
    const std::size_t V = net.nodes.size();
    auto idx = [&](const std::string& id) { return net.node_index(id); };
    // organization attributes
    OrgType type;
    Registration reg;
    std::vector<std::string> sectors;
    std::string region, fc = rq.first_contact;
    double credit = -1;
    if (!rq.organization.empty()) {
        const auto& o = *net.find_organization(rq.organization);
        type = o.type;
        reg = o.registration;
        sectors = o.sectors;
        region = o.region;
        credit = o.credit;
        if (fc.empty()) fc = o.home;
    } else {
        type = *rq.type;
        reg = rq.registration ? *rq.registration
                              : (type == OrgType::community_org ? Registration::street : Registration::district);
        sectors = rq.sectors;
        region = rq.region;
        if (rq.credit) credit = *rq.credit;
    }
    std::size_t s = idx(fc);
    fc_out = s;
    auto routing = [&](std::size_t v) { return p.routing_tiers[int(net.nodes[v].tier)]; };
    // distances
    std::vector<std::vector<int>> any(V, std::vector<int>(V, INF)), ok(V, std::vector<int>(V, INF));
    for (std::size_t v = 0; v < V; ++v) any[v][v] = ok[v][v] = 0;
    auto allow = [&](std::size_t a, std::size_t b, Move m) {
        return p.moves[int(m)] && p.authorised[int(net.nodes[a].tier)][int(net.nodes[b].tier)] &&
               (net.nodes[b].tier != Tier::social || p.to_social);
    };
    for (const auto& e : net.edges) {
        auto a = idx(e.from), b = idx(e.to);
        if (a == b || !routing(a) || !routing(b)) continue;
        any[a][b] = any[b][a] = 1;
        switch (e.type) {
            case Relation::guidance:
                if (allow(a, b, Move::down)) ok[a][b] = 1;
                if (allow(b, a, Move::up)) ok[b][a] = 1;
                break;
            case Relation::contract:
            case Relation::consortium: {
                Move m = e.type == Relation::contract ? Move::contract : Move::consortium;
                if (allow(a, b, m)) ok[a][b] = 1;
                if (allow(b, a, m)) ok[b][a] = 1;
                break;
            }
            case Relation::referral:
                if (allow(a, b, Move::referral)) ok[a][b] = 1;
                break;
        }
    }
    for (std::size_t k = 0; k < V; ++k)
        for (std::size_t i = 0; i < V; ++i)
            for (std::size_t j = 0; j < V; ++j) {
                any[i][j] = std::min(any[i][j], any[i][k] + any[k][j]);
                ok[i][j] = std::min(ok[i][j], ok[i][k] + ok[k][j]);
            }
    // tier fit
    TierTable fit{};
    for (const auto& r : p.tier_fit)
        if ((!r.type || *r.type == type) && (!r.registration || *r.registration == reg)) {
            fit = r.fit;
            break;
        }
    for (const auto& r : p.service_tier_fit)
        for (const auto& n : rq.needs)
            if (net.vocabulary.service_within(n, r.service))
                for (int t = 0; t < tier_count; ++t) fit[t] = std::max(fit[t], r.fit[t]);
    std::set<std::string> needs(rq.needs.begin(), rq.needs.end());
    std::array<double, factor_count> w = p.weights.w;
    if (rq.urgency == Urgency::urgent) {
        w[int(Factor::capacity)] *= p.urgent_capacity_factor;
        w[int(Factor::distance)] *= p.urgent_distance_factor;
    }
    std::vector<Truth> out(V);
    for (std::size_t v = 0; v < V; ++v) {
        const Node& n = net.nodes[v];
        if (!routing(v) || any[s][v] > p.horizon) continue;
        Truth& t = out[v];
        t.in_ball = true;
        int covered = 0;
        for (const auto& need : needs) {
            bool c = false;
            for (const auto& sv : n.services)
                c |= net.vocabulary.service_within(need, sv) || net.vocabulary.service_within(sv, need);
            covered += c;
        }
        double cov = double(covered) * (1.0 / double(needs.size()));
        if (covered == 0 || cov < p.min_coverage) t.mask |= ReasonMask(Reason::service_not_offered);
        double sf = p.generalist_sector_fit;
        if (!n.sectors.empty() && !sectors.empty()) {
            bool hit = false;
            for (const auto& a : n.sectors)
                hit |= std::find(sectors.begin(), sectors.end(), a) != sectors.end();
            sf = hit ? 1.0 : 0.0;
            if (!hit) t.mask |= ReasonMask(Reason::sector_mismatch);
        }
        double tf = fit[int(n.tier)];
        if (tf <= 0) t.mask |= ReasonMask(Reason::tier_mismatch);
        if (credit >= 0 && credit < p.min_credit[int(n.tier)]) t.mask |= ReasonMask(Reason::credit_too_low);
        if (!p.citywide_tiers[int(n.tier)] && !region.empty() && !region_within(region, area_of_node(n)))
            t.mask |= ReasonMask(Reason::out_of_area);
        int h = ok[s][v];
        if (h > p.horizon) t.mask |= ReasonMask(Reason::not_authorised);
        else if (h > p.max_hops) t.mask |= ReasonMask(Reason::too_far);
        t.hops = h > p.horizon ? -1 : h;
        if (std::find(rq.exclude.begin(), rq.exclude.end(), n.id) != rq.exclude.end())
            t.mask |= ReasonMask(Reason::excluded_by_request);
        if (!(rq.consent & (1u << int(n.op)))) t.mask |= ReasonMask(Reason::no_consent);
        if (n.spare() <= 0) t.mask |= ReasonMask(Reason::no_capacity);
        auto dist6 = [](const std::string& r) { return r.size() >= 6 ? r.substr(0, 6) : std::string(); };
        std::array<double, factor_count> f{cov,
                                           sf,
                                           tf,
                                           n.capacity > 0 ? double(n.spare()) / double(n.capacity) : 0.0,
                                           std::clamp(n.score.value_or(p.default_evaluation), 0.0, 100.0) / 100.0,
                                           1.0 / (1.0 + double(std::max(h, 0))),
                                           (!dist6(region).empty() && dist6(region) == dist6(n.region)) ? 1.0 : 0.0};
        double sc = 0;
        for (int k = 0; k < factor_count; ++k) sc += f[k] * w[k];
        t.score = sc;
    }
    return out;
}

bool better(const Truth& a, std::size_t va, const Truth& b, std::size_t vb) {
    if (a.score != b.score) return a.score > b.score;
    if (a.hops != b.hops) return a.hops < b.hops;
    return va < vb;
}

// random variations of the small network
Network random_network(std::mt19937_64& rng) {
    for (;;) {
        Network n = small();
        const auto& voc = n.vocabulary;
        auto pick = [&](std::size_t k) { return std::size_t(rng() % k); };
        for (auto& x : n.nodes) {
            x.services.clear();
            auto ns = 2 + pick(5);
            for (std::size_t i = 0; i < ns; ++i) {
                auto s = voc.services[pick(voc.services.size())].id;
                if (std::find(x.services.begin(), x.services.end(), s) == x.services.end()) x.services.push_back(s);
            }
            x.sectors.clear();
            if (pick(3) == 0)
                for (std::size_t i = 0, k = 1 + pick(2); i < k; ++i) {
                    auto s = voc.sectors[pick(4)].id;
                    if (std::find(x.sectors.begin(), x.sectors.end(), s) == x.sectors.end()) x.sectors.push_back(s);
                }
            x.capacity = std::int64_t(pick(4));
            x.occupied = std::int64_t(pick(3));
            x.op = pick(3) == 0 ? Operator::social : Operator::government;
            if (pick(2)) x.score = double(pick(101));
            else x.score.reset();
        }
        for (std::size_t k = 0, m = pick(4); k < m; ++k) {
            auto a = pick(n.nodes.size()), b = pick(n.nodes.size());
            if (a == b) continue;
            Relation r = std::array<Relation, 3>{Relation::contract, Relation::consortium, Relation::referral}[pick(3)];
            n.edges.push_back({n.nodes[a].id, n.nodes[b].id, r, false, ""});
        }
        for (auto& o : n.organizations) o.credit = double(pick(101));
        // the social incubator based at its district, at a street of it, or at a community
        // (its area is the district in every case)
        for (auto& x : n.nodes)
            if (x.tier == Tier::social)
                x.region = std::array<const char*, 4>{"110101", "110101001", "110101002", "110101001002"}[pick(4)];
        if (validate(n).ok()) return n;
    }
}

Policy random_policy(std::mt19937_64& rng) {
    Policy p = Policy::defaults();
    auto pick = [&](std::size_t k) { return std::size_t(rng() % k); };
    for (auto& w : p.weights.w) w = double(pick(5)) * 0.5 + (pick(3) ? 0.25 : 0.0);
    p.weights.w[0] += 1;
    p.max_hops = 1 + int(pick(3));
    p.horizon = p.max_hops + int(pick(2));
    for (auto& m : p.moves) m = pick(8) != 0;
    p.to_social = pick(4) != 0;
    for (auto& row : p.authorised)
        for (auto& b : row)
            if (pick(10) == 0) b = !b;
    p.min_coverage = pick(2) ? 0.5 : 1.0;
    if (pick(3) == 0) p.min_credit[int(Tier::district)] = double(pick(100));
    if (pick(3) == 0) p.routing_tiers[int(Tier::community)] = true;
    if (pick(3) == 0) p.citywide_tiers[int(Tier::social)] = true;
    p.validate();
    return p;
}

Request random_request(std::mt19937_64& rng, const Network& n, const Policy& p) {
    auto pick = [&](std::size_t k) { return std::size_t(rng() % k); };
    Request r;
    const auto& voc = n.vocabulary;
    for (std::size_t i = 0, k = 1 + pick(2); i < k; ++i) r.needs.push_back(voc.services[pick(voc.services.size())].id);
    if (pick(2)) {
        r.organization = n.organizations[pick(n.organizations.size())].id;
    } else {
        r.type = OrgType(pick(4));
        if (pick(2)) r.registration = Registration(pick(3));
        if (pick(2)) r.sectors = {voc.sectors[pick(4)].id};
        if (pick(4)) r.region = n.regions[pick(n.regions.size())].code;
        if (pick(2)) r.credit = double(pick(101));
    }
    std::vector<std::string> fcs;
    for (const auto& x : n.nodes)
        if (p.routing_tiers[int(x.tier)]) fcs.push_back(x.id);
    r.first_contact = fcs[pick(fcs.size())];
    r.urgency = pick(3) == 0 ? Urgency::urgent : Urgency::routine;
    if (pick(4) == 0) r.consent = std::uint8_t(1 + pick(2));
    if (pick(4) == 0) r.exclude = {n.nodes[pick(n.nodes.size())].id};
    return r;
}

void check_invariants(const Result& res, const Router& router) {
    std::set<Graph::vertex> seen;
    for (const auto& c : res.candidates) CHECK(seen.insert(c.node).second);
    for (const auto& e : res.excluded) {
        CHECK(e.reasons != 0);
        CHECK(seen.insert(e.node).second);  // never both candidate and excluded
        CHECK(e.node != res.chosen);
    }
    if (res.status == RouteStatus::routed) {
        REQUIRE(!res.candidates.empty());
        CHECK(res.chosen == res.candidates.front().node);
    } else {
        CHECK(res.chosen == Graph::null_vertex);
        CHECK(res.candidates.empty());
    }
    CHECK((res.status == RouteStatus::waitlisted) == res.waitlist.has_value());
    // the route is a chain of real edges from the first contact
    Graph::vertex at = res.first_contact;
    const auto& net = router.graph().network();
    for (const auto& h : res.route) {
        CHECK(h.from == at);
        const auto& e = net.edges.at(h.edge);
        auto a = router.graph().find(e.from), b = router.graph().find(e.to);
        CHECK(((a == h.from && b == h.to) || (b == h.from && a == h.to)));
        at = h.to;
    }
    Graph::vertex target = res.chosen != Graph::null_vertex ? res.chosen
                           : res.waitlist                   ? res.waitlist->node
                                                            : Graph::null_vertex;
    if (target != Graph::null_vertex) CHECK(at == target);
    for (std::size_t i = 1; i < res.candidates.size(); ++i)
        CHECK(res.candidates[i - 1].score >= res.candidates[i].score);
}

}  // namespace

TEST_CASE("policy: defaults, JSON round trip, the shipped default file") {
    Policy p = Policy::defaults();
    p.validate(&default_vocabulary());
    std::string a = policy_to_json(p);
    CHECK(policy_to_json(policy_from_json(a)) == a);
    CHECK(slurp(HATCHNET_SOURCE_DIR "/data/referral_policy.json") == a);
    // partial policies override only what they name
    Policy q = policy_from_json(R"({"weights": {"distance": 3.5}, "max_hops": 2})");
    CHECK(q.weights[Factor::distance] == 3.5);
    CHECK(q.weights[Factor::coverage] == p.weights[Factor::coverage]);
    CHECK(q.max_hops == 2);
    CHECK(q.horizon == 3);
    Policy r = policy_from_json(R"({"moves": ["up", "contract"]})");
    CHECK(r.moves[int(Move::up)]);
    CHECK_FALSE(r.moves[int(Move::down)]);
    CHECK_FALSE(r.to_social);
}

TEST_CASE("policy: bad input names the field") {
    CHECK(field_of([] { policy_from_json(R"({"weights": {"distance": -1}})"); }) == "weights.distance");
    CHECK(error_of([] { policy_from_json(R"({"weights": {"distance": -1}})"); }).find("negative") != std::string::npos);
    CHECK(field_of([] { policy_from_json(R"({"weights": {"charm": 1}})"); }) == "weights.charm");
    CHECK(field_of([] { policy_from_json(R"({"tier_fit": [{"fit": {"ward": 1}}]})"); }) == "tier_fit[0].fit.ward");
    CHECK(error_of([] { policy_from_json(R"({"tier_fit": [{"fit": {"ward": 1}}]})"); }).find("unknown tier 'ward'") !=
          std::string::npos);
    CHECK(field_of([] { policy_from_json(R"({"routing_tiers": ["street", "ward"]})"); }) == "routing_tiers[1]");
    CHECK(field_of([] { policy_from_json(R"({"authorised": {"ward": []}})"); }) == "authorised.ward");
    CHECK(field_of([] { policy_from_json(R"({"tier_fit": [{"fit": {"street": 1.5}}]})"); }) == "tier_fit[0].fit.street");
    CHECK(field_of([] { policy_from_json(R"({"max_hops": 0})"); }) == "max_hops");
    CHECK(field_of([] { policy_from_json(R"({"max_hops": 3, "horizon": 2})"); }) == "horizon");
    CHECK(field_of([] { policy_from_json(R"({"moves": ["sideways"]})"); }) == "moves[0]");
    CHECK(field_of([] { policy_from_json(R"({"colour": "red"})"); }) == "colour");
    CHECK(field_of([] { policy_from_json(R"({"min_coverage": 0})"); }) == "min_coverage");
    CHECK(error_of([] { policy_from_json("{\n\"max_hops\": 3,,\n}"); }).find("line 2") != std::string::npos);
    Graph g(small());
    Policy p = Policy::defaults();
    p.service_tier_fit.push_back({"teleportation", {}});
    CHECK(field_of([&] { Router r(g, p); }) == "service_tier_fit[5].service");
    p = Policy::defaults();
    p.weights[Factor::sector] = -0.5;
    CHECK(field_of([&] { Router r(g, p); }) == "weights.sector");
}

TEST_CASE("routing on the small network: the guidance's cases") {
    Graph g(small());
    Router r(g);
    auto id = [&](Graph::vertex v) { return v == Graph::null_vertex ? std::string("-") : g.node(v).id; };
    SUBCASE("a district-registered association needing resident incubation stays at its district") {
        auto res = r.route(parse_request(R"({"organization": "so-1", "needs": ["office"]})"));
        CHECK(res.status == RouteStatus::routed);
        CHECK(id(res.chosen) == "d-east");
        CHECK(res.route.empty());
        check_invariants(res, r);
    }
    SUBCASE("a community organization's need for a venue and funds is met at its street") {
        auto res = r.route(parse_request(R"({"organization": "so-4", "needs": ["venue", "funds"]})"));
        CHECK(id(res.chosen) == "s-east-1");
        check_invariants(res, r);
    }
    SUBCASE("a street that cannot help escalates up along guidance") {
        auto res = r.route(parse_request(
            R"({"organization": "so-2", "needs": ["office"], "first_contact": "s-east-2"})"));
        CHECK(id(res.chosen) == "d-east");
        REQUIRE(res.route.size() == 1);
        CHECK(res.route[0].move == Move::up);
        CHECK((res.route[0].because & ReasonMask(Reason::service_not_offered)));
        check_invariants(res, r);
    }
    SUBCASE("a specialised legal need goes across the consortium to the social incubator") {
        auto res = r.route(parse_request(
            R"({"type": "association", "sectors": ["elder_care"], "region": "110101002", "needs": ["legal"], "first_contact": "s-east-2"})"));
        CHECK(id(res.chosen) == "soc-1");
        REQUIRE(res.route.size() == 2);
        CHECK(res.route[0].move == Move::up);
        CHECK(res.route[1].move == Move::contract);
        CHECK(id(res.route[1].from) == "d-east");
        check_invariants(res, r);
    }
    SUBCASE("out of area, excluded by request, consent") {
        auto res = r.route(parse_request(
            R"({"organization": "so-1", "needs": ["mentoring"], "first_contact": "d-east", "exclude": ["sec-elder"], "consent": ["government"]})"));
        bool saw_excl = false, saw_consent = false;
        for (const auto& e : res.excluded) {
            if (id(e.node) == "sec-elder") saw_excl = e.reasons & ReasonMask(Reason::excluded_by_request);
            if (id(e.node) == "soc-1") saw_consent = e.reasons & ReasonMask(Reason::no_consent);
        }
        CHECK(saw_excl);
        CHECK(saw_consent);
        check_invariants(res, r);
    }
    SUBCASE("nobody has capacity: a waitlist place at the best, not silence") {
        Network n = small();
        for (auto& x : n.nodes) x.occupied = x.capacity + (x.id == "d-east" ? 3 : 0);
        Graph g2(n);
        Router r2(g2);
        auto res = r2.route(parse_request(R"({"organization": "so-1", "needs": ["office"]})"));
        CHECK(res.status == RouteStatus::waitlisted);
        REQUIRE(res.waitlist);
        CHECK(g2.node(res.waitlist->node).id == "d-east");
        CHECK(res.waitlist->position == 4);
        bool lacks_capacity = false;
        for (const auto& e : res.excluded)
            if (e.node == res.waitlist->node) lacks_capacity = e.reasons == ReasonMask(Reason::no_capacity);
        CHECK(lacks_capacity);
        check_invariants(res, r2);
    }
    SUBCASE("a tight policy gives too_far and not_authorised") {
        Policy p = Policy::defaults();
        p.max_hops = 1;
        p.horizon = 2;
        p.moves[int(Move::down)] = false;
        Router r2(g, p);
        auto res = r2.route(parse_request(R"({"organization": "so-1", "needs": ["office"], "first_contact": "s-east-1"})"));
        std::set<std::string> reasons;
        for (const auto& e : res.excluded)
            for (auto c : reason_codes(e.reasons)) reasons.insert(std::string(c));
        CHECK(reasons.count("too_far"));
        CHECK(reasons.count("not_authorised"));
        check_invariants(res, r2);
    }
}

TEST_CASE("property: the chosen incubator is the best of an exhaustive search, every node explained") {
    std::mt19937_64 rng(20170309);
    int routed = 0, waitlisted = 0, none = 0;
    for (int trial = 0; trial < 60; ++trial) {
        Network n = random_network(rng);
        Policy p = random_policy(rng);
        Graph g(n);
        Router r(g, p);
        const Network& net = g.network();
        for (int k = 0; k < 25; ++k) {
            Request q = random_request(rng, net, p);
            Result res = r.route(q);
            std::size_t fc = 0;
            auto truth = exhaustive(net, p, q, fc);
            CHECK(res.first_contact == fc);
            // the same partition of the ball, with the same reasons
            std::size_t in_ball = 0;
            for (std::size_t v = 0; v < truth.size(); ++v) in_ball += truth[v].in_ball;
            CHECK(res.candidates.size() + res.excluded.size() == in_ball);
            for (const auto& c : res.candidates) {
                CHECK(truth[c.node].in_ball);
                CHECK(truth[c.node].mask == 0);
                CHECK(c.score == doctest::Approx(truth[c.node].score).epsilon(1e-12));
                CHECK(c.hops == truth[c.node].hops);
            }
            for (const auto& e : res.excluded) {
                CHECK(truth[e.node].in_ball);
                CHECK(e.reasons == truth[e.node].mask);
            }
            check_invariants(res, r);
            // best of the exhaustive search
            std::size_t best = Network::npos, best_full = Network::npos;
            for (std::size_t v = 0; v < truth.size(); ++v) {
                if (!truth[v].in_ball) continue;
                if (truth[v].mask == 0 && (best == Network::npos || better(truth[v], v, truth[best], best))) best = v;
                if (truth[v].mask == ReasonMask(Reason::no_capacity) &&
                    (best_full == Network::npos || better(truth[v], v, truth[best_full], best_full)))
                    best_full = v;
            }
            if (best != Network::npos) {
                ++routed;
                CHECK(res.status == RouteStatus::routed);
                CHECK(res.chosen == best);
                CHECK(res.route.size() == std::size_t(truth[best].hops));
            } else if (best_full != Network::npos) {
                ++waitlisted;
                CHECK(res.status == RouteStatus::waitlisted);
                CHECK(res.waitlist->node == best_full);
            } else {
                ++none;
                CHECK(res.status == RouteStatus::no_candidate);
            }
        }
    }
    MESSAGE("routed " << routed << ", waitlisted " << waitlisted << ", no candidate " << none);
    CHECK(routed > 100);
    CHECK(waitlisted > 5);
    CHECK(none > 5);
}

TEST_CASE("bad requests: clear errors naming the field, never a crash") {
    Graph g(small());
    Router r(g);
    auto field = [&](const char* text) { return field_of([&] { r.route(parse_request(text)); }); };
    auto msg = [&](const char* text) { return error_of([&] { r.route(parse_request(text)); }); };
    CHECK(field(R"({"organization": "nobody", "needs": ["office"]})") == "organization");
    CHECK(msg(R"({"organization": "nobody", "needs": ["office"]})").find("unknown organization 'nobody'") != std::string::npos);
    CHECK(field(R"({"organization": "so-1", "needs": []})") == "needs");
    CHECK(field(R"({"organization": "so-1"})") == "needs");
    CHECK(field(R"({"organization": "so-1", "needs": ["office", "teleport"]})") == "needs[1]");
    CHECK(field(R"({"organization": "so-1", "needs": ["office"], "first_contact": "ghost"})") == "first_contact");
    CHECK(field(R"({"organization": "so-1", "needs": ["office"], "first_contact": "c-east-a"})") == "first_contact");
    CHECK(msg(R"({"organization": "so-1", "needs": ["office"], "first_contact": "c-east-a"})").find("not an incubator") !=
          std::string::npos);
    CHECK(field(R"({"organization": "so-1", "needs": ["office"], "first_contact": "so-2"})") == "first_contact");
    CHECK(field(R"({"organization": "so-1", "type": "foundation", "needs": ["office"]})") == "organization");
    CHECK(field(R"({"needs": ["office"], "first_contact": "cc"})") == "type");
    CHECK(field(R"({"type": "guild", "needs": ["office"], "first_contact": "cc"})") == "type");
    CHECK(field(R"({"type": "foundation", "needs": ["office"], "first_contact": "cc", "region": "1101x"})") == "region");
    CHECK(field(R"({"type": "foundation", "needs": ["office"], "first_contact": "cc", "sectors": ["magic"]})") == "sectors[0]");
    CHECK(field(R"({"type": "foundation", "needs": ["office"], "first_contact": "cc", "credit": 101})") == "credit");
    CHECK(field(R"({"type": "foundation", "needs": ["office"]})") == "first_contact");
    CHECK(field(R"({"organization": "so-1", "needs": ["office"], "exclude": ["ghost"]})") == "exclude[0]");
    CHECK(field(R"({"organization": "so-1", "needs": "office"})") == "needs");
    CHECK(field(R"({"organization": "so-1", "needs": ["office"], "urgency": "soon"})") == "urgency");
    CHECK(field(R"({"organization": "so-1", "needs": ["office"], "colour": 1})") == "colour");
    CHECK(msg("{\"organization\": \"so-1\",\n \"needs\": [\"office\"\n") .find("malformed JSON") != std::string::npos);
    CHECK(msg("[1, 2]").find("must be a JSON object") != std::string::npos);
    CHECK(field_of([&] { parse_requests(R"([{"organization": "so-1", "needs": ["office"]}, {"needs": 3}])"); }) == "needs");
    CHECK(error_of([&] { parse_requests(R"([{"organization": "so-1", "needs": ["office"]}, {"needs": 3}])"); })
              .find("requests[1]") != std::string::npos);
}

TEST_CASE("identical results run to run, and from many threads at once") {
    Graph g(small());
    std::mt19937_64 rng(7);
    Policy p = Policy::defaults();
    std::vector<Request> reqs;
    for (int i = 0; i < 200; ++i) reqs.push_back(random_request(rng, g.network(), p));
    auto run_all = [&](const Router& r, std::size_t from, std::size_t step) {
        std::vector<std::string> out(reqs.size());
        for (std::size_t i = from; i < reqs.size(); i += step)
            out[i] = result_to_json_text(r.route(reqs[i]), r);
        return out;
    };
    Router r1(g);
    auto a = run_all(r1, 0, 1);
    CHECK(a == run_all(r1, 0, 1));
    Router r2(g);
    CHECK(a == run_all(r2, 0, 1));
    // fresh router (lazy tables built concurrently), 4 threads
    Router r3(g);
    std::vector<std::vector<std::string>> parts(4);
    std::vector<std::thread> ts;
    for (std::size_t t = 0; t < 4; ++t)
        ts.emplace_back([&, t] {
            std::vector<std::string> mine(reqs.size());
            for (int rep = 0; rep < 3; ++rep)
                for (std::size_t i = 0; i < reqs.size(); ++i) mine[i] = result_to_json_text(r3.route(reqs[i]), r3);
            parts[t] = mine;
        });
    for (auto& t : ts) t.join();
    for (const auto& p2 : parts) CHECK(p2 == a);
}

TEST_CASE("result JSON names nodes, reasons, factors and the route") {
    Graph g(small());
    Router r(g);
    auto res = r.route(parse_request(R"({"id": "q1", "organization": "so-2", "needs": ["office"], "first_contact": "s-east-2"})"));
    auto j = nlohmann::json::parse(result_to_json_text(res, r));
    CHECK(j["request"] == "q1");
    CHECK(j["status"] == "routed");
    CHECK(j["chosen"] == "d-east");
    CHECK(j["route"][0]["from"] == "s-east-2");
    CHECK(j["route"][0]["move"] == "up");
    CHECK(j["route"][0]["because"][0] == "service_not_offered");
    CHECK(j["candidates"][0]["factors"].size() == 7);
    CHECK(j["candidates"][0]["contributions"]["coverage"] == 4.0);
    CHECK(j["excluded"].size() + j["candidates"].size() >= 5);
    // a request survives its JSON form
    Request q = parse_request(R"({"type": "community_org", "sectors": ["culture"], "region": "110101001001", "credit": 50, "needs": ["venue"], "first_contact": "s-east-1", "urgency": "urgent", "consent": ["social"], "exclude": ["cc"]})");
    CHECK(request_from_json(request_to_json(q)).urgency == Urgency::urgent);
    CHECK(request_to_json(request_from_json(request_to_json(q))) == request_to_json(q));
}

// ------------------------------------------------------------------ areas (issue #10, item 1)

namespace {
// How node `at`, as first contact (so always in its own ball), treats an organization based
// in `region`: true when it excludes it as out_of_area. Every other factor is held fixed.
bool out_of_area_at(const Router& r, const std::string& at, const std::string& region) {
    const Graph& g = r.graph();
    Request q;
    q.type = OrgType::association;
    q.registration = Registration::district;
    q.region = region;
    q.needs = {"office"};
    q.first_contact = at;
    Result res = r.route(q);
    for (const auto& e : res.excluded)
        if (g.node(e.node).id == at) return (e.reasons & ReasonMask(Reason::out_of_area)) != 0;
    bool candidate = false;
    for (const auto& c : res.candidates) candidate |= g.node(c.node).id == at;
    REQUIRE(candidate);  // neither excluded nor a candidate would break the explanation
    return false;
}
}  // namespace

TEST_CASE("areas: each tier serves its unit, in and out at the boundary") {
    // small.json: Dongcheng 110101 (streets 110101001, 110101002; communities 110101001001,
    // 110101001002), Xicheng 110102 (street 110102001, village 110102001201). The social
    // incubator is moved to a street of Dongcheng, where real ones are based.
    Network n = small();
    n.nodes[n.node_index("soc-1")].region = "110101002";
    Graph g(std::move(n));
    Policy p = Policy::defaults();
    p.routing_tiers[int(Tier::community)] = true;  // so a station can be a first contact
    Router r(g, p);
    struct Case {
        const char* node;
        const char* region;
        bool out;
    };
    const Case cases[] = {
        // social: its district, though based at a street
        {"soc-1", "110101002", false},     // its own street
        {"soc-1", "110101001", false},     // another street of its district (was out_of_area)
        {"soc-1", "110101001002", false},  // a community of another street of its district
        {"soc-1", "110101", false},        // the district itself
        {"soc-1", "110102001", true},      // a street of the next district
        {"soc-1", "110102", true},         // the next district
        {"soc-1", "11", true},             // the whole city is wider than its area
        // district: its district
        {"d-east", "110101001001", false},
        {"d-east", "110101", false},
        {"d-east", "110102001", true},
        {"d-east", "11", true},
        // street: its street-level unit
        {"s-east-1", "110101001", false},
        {"s-east-1", "110101001002", false},
        {"s-east-1", "110101002", true},   // the neighbouring street of the same district
        {"s-east-1", "110101", true},
        // community station: its community
        {"c-east-a", "110101001001", false},
        {"c-east-a", "110101001002", true},
        {"c-east-a", "110101001", true},
        // city level: the whole city
        {"cc", "110102001201", false},
        {"cc", "11", false},
        {"sec-elder", "110102001", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.node);
        CAPTURE(c.region);
        CHECK(out_of_area_at(r, c.node, c.region) == c.out);
    }

    SUBCASE("a social incubator based at a community still serves its district") {
        Network m = small();
        m.nodes[m.node_index("soc-1")].region = "110101001001";
        Graph g2(std::move(m));
        Router r2(g2);
        CHECK_FALSE(out_of_area_at(r2, "soc-1", "110101002"));
        CHECK(out_of_area_at(r2, "soc-1", "110102001"));
    }
    SUBCASE("a social incubator based above district level serves that region") {
        Network m = small();
        m.nodes[m.node_index("soc-1")].region = "11";
        Graph g2(std::move(m));
        Router r2(g2);
        CHECK_FALSE(out_of_area_at(r2, "soc-1", "110102001"));
    }
    SUBCASE("a policy making social incubators city-wide lifts their area") {
        Policy q = p;
        q.citywide_tiers[int(Tier::social)] = true;
        Router r2(g, q);
        CHECK_FALSE(out_of_area_at(r2, "soc-1", "110102001"));
        CHECK(out_of_area_at(r2, "d-east", "110102001"));  // the others keep theirs
    }
    SUBCASE("a request without a region is never out of area") {
        CHECK_FALSE(out_of_area_at(r, "soc-1", ""));
        CHECK_FALSE(out_of_area_at(r, "c-east-a", ""));
    }
}

TEST_CASE("areas on Beijing: an organization is in the area of its home incubator") {
    Graph g(io::load_json_file(HATCHNET_TEST_DATA_DIR "/beijing.json.gz"));
    const Network& net = g.network();
    Router r(g);
    // districts with at least one social incubator (from the nodes, not the generator)
    std::set<std::string> with_social;
    for (const auto& n : net.nodes)
        if (n.tier == Tier::social) with_social.insert(Network::district_of(n.region));
    std::size_t homed_social = 0, out_social = 0, out_other = 0, district_registered = 0;
    for (const auto& o : net.organizations) {
        const Node* home = net.find_node(o.home);
        REQUIRE(home);
        Request q;
        q.organization = o.id;
        q.needs = {"office"};  // first contact: the home
        Result res = r.route(q);
        REQUIRE(g.node(res.first_contact).id == o.home);
        bool out = false;
        for (const auto& e : res.excluded)
            if (e.node == res.first_contact) out = (e.reasons & ReasonMask(Reason::out_of_area)) != 0;
        if (home->tier != Tier::social) {
            // district incubators hold their district's organizations, streets their
            // communities', sector platforms serve the city
            out_other += out;
            continue;
        }
        ++homed_social;
        CAPTURE(o.id);
        // the independent reference: does the organization lie in its home's district?
        const std::string district = Network::district_of(home->region);
        REQUIRE(district.size() == 6);
        const bool expected_out = !region_within(o.region, district);
        CHECK(out == expected_out);
        out_social += out;
        if (o.registration == Registration::district) {
            ++district_registered;
            CHECK_FALSE(out);  // district-registered ones are homed in their own district
        }
        if (out) {
            // the generator homes no one outside a social incubator's district (docs/datasets.md)
            CHECK(o.registration == Registration::city);
            CHECK(with_social.count(Network::district_of(o.region)) == 0);
        }
    }
    MESSAGE(homed_social << " organizations homed at a social incubator, " << out_social
                         << " of them outside its district");
    CHECK(homed_social == 2704);
    CHECK(district_registered > 1000);
    CHECK(out_social == 0);  // 2,651 of 2,774 when a social incubator served only its street
    CHECK(out_other == 0);

    // the issue's case: an organization of Dongcheng at a social incubator based at another
    // street of the district is served at home rather than referred away (the issue's
    // so-00592 was such a one until issue #12's regenerated data; now so-00949, street
    // 110101013, at social-110101-1, based at street 110101014)
    Request q;
    q.organization = "so-00949";
    q.needs = {"office"};
    Result res = r.route(q);
    REQUIRE(g.node(res.first_contact).id == "social-110101-1");
    for (const auto& e : res.excluded) {
        CAPTURE(g.node(e.node).id);
        CHECK(e.node != res.first_contact);
    }
    bool home_candidate = false;
    for (const auto& c : res.candidates) home_candidate |= c.node == res.first_contact;
    CHECK(home_candidate);
    CHECK(res.status == RouteStatus::routed);
    CHECK(g.node(res.chosen).id == "social-110101-1");
}

TEST_CASE("a router built on a shared graph keeps it alive and routes as one built on a reference") {
    Graph plain(small());
    Router by_ref(plain);
    const auto req = parse_request(R"({"organization": "so-4", "needs": ["venue", "funds"]})");
    const auto want = by_ref.route(req);
    std::unique_ptr<Router> owned;
    {
        auto shared = std::make_shared<const Graph>(small());
        owned = std::make_unique<Router>(shared);
        CHECK(owned->graph_ptr() == shared);
    }  // the last outside owner is gone: the router's copy keeps the graph (ASan would tell)
    const auto got = owned->route(req);
    CHECK(got.status == want.status);
    CHECK(owned->graph().node(got.chosen).id == plain.node(want.chosen).id);
    CHECK_FALSE(by_ref.graph_ptr());
    CHECK_THROWS_AS(Router(std::shared_ptr<const Graph>{}), input_error);
}
