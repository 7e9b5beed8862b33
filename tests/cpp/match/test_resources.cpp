// Tests of the needs/resources matcher (hatchnet/match/resources.hpp): lexicographic
// optimality against brute force on hundreds of tiny instances (with and without fairness
// floors), eligibility and cost terms computed independently, explanations consistent with
// the allocation, capacity and quantity bounds, big-M vs phases, determinism, the flow network
// against LEMON, the demand generator, JSON round trips and bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/synth/demand.hpp"

#ifdef HATCHNET_HAVE_LEMON
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#endif

using namespace hatchnet;
using namespace hatchnet::match;
using namespace hatchnet::algo;

namespace {

const Graph& small_graph() {
    static const Graph g(io::load_json_file(std::string(HATCHNET_SOURCE_DIR) + "/tests/data/small.json"));
    return g;
}

const std::vector<std::string> kOrgs = {"so-1", "so-2", "so-3", "so-4", "so-5"};
const std::vector<std::string> kNodes = {"cc", "sec-elder", "d-east", "d-west", "s-east-1",
                                         "s-east-2", "s-west-1", "c-east-a", "soc-1"};
const std::vector<std::string> kCats = {"venue", "training", "space"};

struct Tiny {
    std::vector<Need> needs;
    std::vector<Resource> res;
};

Tiny random_tiny(std::mt19937_64& rng) {
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Tiny t;
    const int nn = uni(1, 4), nr = uni(1, 3);
    for (int i = 0; i < nn; ++i) {
        Need n;
        n.id = "n" + std::to_string(i);
        n.organization = kOrgs[uni(0, 4)];
        n.category = kCats[uni(0, 1)];
        n.quantity = uni(1, 2);
        n.priority = uni(1, 3);
        if (uni(0, 5) == 0) n.window = TimeWindow{uni(0, 5), uni(5, 9)};
        t.needs.push_back(n);
    }
    for (int j = 0; j < nr; ++j) {
        Resource r;
        r.id = "r" + std::to_string(j);
        r.provider = kNodes[uni(0, 8)];
        r.category = kCats[uni(0, 2)];
        r.capacity = uni(0, 3);
        r.unit_cost = uni(0, 4) * 0.5;
        if (uni(0, 3) == 0) r.eligibility.org_types = {OrgType::community_org};
        if (uni(0, 4) == 0) r.eligibility.stages = {Stage::founding, Stage::growing};
        if (uni(0, 3) == 0) r.eligibility.min_credit = 70;
        if (uni(0, 2) == 0) r.eligibility.regions = {uni(0, 1) ? "110101" : "110102"};
        if (uni(0, 5) == 0) r.window = TimeWindow{uni(0, 3), uni(3, 6)};
        t.res.push_back(r);
    }
    return t;
}

// independent eligibility and cost (scaled by 100), following the documented rules
bool eligible_ref(const Network& net, const Need& n, const Resource& r) {
    const Organization& o = *net.find_organization(n.organization);
    if (r.capacity == 0) return false;
    if (!net.vocabulary.service_within(n.category, r.category)) return false;
    const auto& e = r.eligibility;
    if (!e.org_types.empty() && std::find(e.org_types.begin(), e.org_types.end(), o.type) == e.org_types.end()) return false;
    if (!e.stages.empty() && std::find(e.stages.begin(), e.stages.end(), o.stage) == e.stages.end()) return false;
    if (o.credit < e.min_credit) return false;
    if (!e.regions.empty()) {
        bool in = false;
        for (const auto& c : e.regions) in = in || o.region.rfind(c, 0) == 0;
        if (!in) return false;
    }
    if (n.window && r.window && (n.window->start > r.window->end || r.window->start > n.window->end)) return false;
    return true;
}

std::int64_t cost_ref(const Network& net, const Need& n, const Resource& r, const MatchOptions& opt) {
    const std::string& o = net.find_organization(n.organization)->region;
    const std::string& p = net.find_node(r.provider)->region;
    std::size_t L = 0;
    if (o.rfind(p, 0) == 0) L = p.size();
    else
        for (std::size_t b : {12u, 9u, 6u, 4u})
            if (o.size() >= b && p.size() >= b && o.compare(0, b, p, 0, b) == 0) { L = b; break; }
    double d = L >= 9 ? opt.w_same_street : L == 6 ? opt.w_same_district : L >= 2 ? opt.w_cross_district : opt.w_cross_city;
    return std::llround((opt.w_unit_cost * r.unit_cost + d) * opt.cost_scale);
}

struct Best {
    std::int64_t shortfall = std::numeric_limits<std::int64_t>::max();
    std::int64_t weight = -1, cost = 0;
    bool floors_feasible = false;
    std::int64_t max_served = 0;
};

// brute force over all integer allocations on eligible pairs: lexicographic
// (min shortfall below floors, max weight, min cost)
Best brute(const Network& net, const Tiny& t, const MatchOptions& opt, const std::vector<std::string>& group,
           const std::map<std::string, std::int64_t>& floors) {
    struct P { std::size_t i, j; std::int64_t c; };
    std::vector<P> pairs;
    for (std::size_t i = 0; i < t.needs.size(); ++i)
        for (std::size_t j = 0; j < t.res.size(); ++j)
            if (eligible_ref(net, t.needs[i], t.res[j])) pairs.push_back({i, j, cost_ref(net, t.needs[i], t.res[j], opt)});
    Best best;
    std::vector<std::int64_t> x(pairs.size(), 0), served(t.needs.size(), 0), used(t.res.size(), 0);
    std::function<void(std::size_t)> rec = [&](std::size_t k) {
        if (k == pairs.size()) {
            std::int64_t w = 0, c = 0, sf = 0;
            std::map<std::string, std::int64_t> gs;
            for (std::size_t i = 0; i < t.needs.size(); ++i) { w += served[i] * t.needs[i].priority; gs[group[i]] += served[i]; }
            for (std::size_t p = 0; p < pairs.size(); ++p) c += x[p] * pairs[p].c;
            for (const auto& [g, f] : floors) sf += std::max<std::int64_t>(0, f - gs[g]);
            if (sf == 0) best.floors_feasible = true;
            std::int64_t tot = 0;
            for (auto v : served) tot += v;
            best.max_served = std::max(best.max_served, tot);
            if (sf < best.shortfall || (sf == best.shortfall && (w > best.weight || (w == best.weight && c < best.cost)))) {
                best.shortfall = sf; best.weight = w; best.cost = c;
            }
            return;
        }
        const P& p = pairs[k];
        for (std::int64_t q = 0; served[p.i] + q <= t.needs[p.i].quantity && used[p.j] + q <= t.res[p.j].capacity; ++q) {
            x[k] = q; served[p.i] += q; used[p.j] += q;
            rec(k + 1);
            served[p.i] -= q; used[p.j] -= q;
        }
        x[k] = 0;
    };
    rec(0);
    return best;
}

std::int64_t scaled_cost(const Network& net, const ResourceMatcher& m) {
    std::int64_t c = 0;
    for (const auto& a : m.result().assignments)
        c += a.quantity * cost_ref(net, m.needs()[a.need], m.resources()[a.resource], m.options());
    return c;
}

// bounds, eligibility, explanation consistency
void check_invariants(const ResourceMatcher& m) {
    const auto& r = m.result();
    const auto& needs = m.needs();
    const auto& res = m.resources();
    std::vector<std::int64_t> served(needs.size(), 0), used(res.size(), 0);
    std::vector<std::vector<std::size_t>> users(res.size());
    for (const auto& a : r.assignments) {
        REQUIRE(a.quantity > 0);
        served[a.need] += a.quantity;
        used[a.resource] += a.quantity;
        users[a.resource].push_back(a.need);
        auto el = m.eligible(a.need);
        CHECK(std::any_of(el.begin(), el.end(), [&](auto& p) { return p.first == a.resource; }));
        CHECK(a.cost == doctest::Approx(a.cost_per_unit * double(a.quantity)));
    }
    std::int64_t total = 0;
    for (std::size_t i = 0; i < needs.size(); ++i) {
        CHECK(served[i] <= needs[i].quantity);
        CHECK(served[i] == r.needs[i].served);
        total += served[i];
    }
    CHECK(total == r.served);
    for (std::size_t j = 0; j < res.size(); ++j) CHECK(used[j] <= res[j].capacity);
    for (const auto& o : r.needs) {
        if (o.served >= o.requested) { CHECK(o.reason == UnservedReason::none); continue; }
        const auto el = m.eligible(o.need);
        CHECK(o.eligible == el.size());
        if (o.reason == UnservedReason::no_eligible_resource) { CHECK(el.empty()); continue; }
        REQUIRE(!el.empty());
        if (o.reason == UnservedReason::exhausted) {
            for (auto [j, c] : el) {
                CHECK(used[j] == res[j].capacity);  // full
                for (auto u : users[j])
                    if (u != o.need) CHECK(needs[u].priority >= needs[o.need].priority);
            }
            for (auto b : o.blocked_by) CHECK(needs[b].priority >= needs[o.need].priority);
        } else {
            CHECK(o.reason == UnservedReason::fairness_floor);
            CHECK(m.options().fair.by != FairBy::none);
        }
    }
}

}  // namespace

TEST_CASE("matcher: lexicographic optimum equals brute force on 400 tiny instances") {
    const Graph& g = small_graph();
    std::mt19937_64 rng(42);
    int with_unserved = 0;
    for (int k = 0; k < 400; ++k) {
        Tiny t = random_tiny(rng);
        MatchOptions opt;
        opt.lexicographic = k % 2 ? Lexicographic::phases : Lexicographic::automatic;
        ResourceMatcher m(g, t.needs, t.res, opt);
        REQUIRE(m.run() == MinCostFlow::Status::optimal);
        std::vector<std::string> grp(t.needs.size(), "");
        Best b = brute(g.network(), t, opt, grp, {});
        CAPTURE(k);
        CHECK(m.result().weighted_served == b.weight);
        CHECK(scaled_cost(g.network(), m) == b.cost);
        // eligibility computed independently
        for (std::size_t i = 0; i < t.needs.size(); ++i) {
            std::size_t ref = 0;
            for (const auto& r : t.res) ref += eligible_ref(g.network(), t.needs[i], r);
            CHECK(m.eligible(i).size() == ref);
        }
        check_invariants(m);
        with_unserved += m.result().served < m.result().requested;
    }
    CHECK(with_unserved > 50);  // the instances do exercise the explanations
}

TEST_CASE("matcher: fairness floors met when feasible, least shortfall otherwise (brute force)") {
    const Graph& g = small_graph();
    std::mt19937_64 rng(7);
    int feasible = 0, infeasible = 0;
    for (int k = 0; k < 300; ++k) {
        Tiny t = random_tiny(rng);
        MatchOptions opt;
        opt.fair.by = FairBy::district;
        opt.fair.share = (k % 3 + 1) / 3.0;
        if (k % 4 == 3)  // caller floors: every district asks for all it needs (often infeasible)
            for (const auto& n : t.needs) {
                std::string reg = g.network().find_organization(n.organization)->region;
                std::string d = Network::district_of(reg);
                opt.fair.floors[d.empty() ? reg : d] += n.quantity;
            }
        ResourceMatcher m(g, t.needs, t.res, opt);
        REQUIRE(m.run() == MinCostFlow::Status::optimal);
        std::vector<std::string> grp;
        std::map<std::string, std::int64_t> floors;
        for (const auto& n : t.needs) {
            std::string reg = g.network().find_organization(n.organization)->region;
            std::string d = Network::district_of(reg);
            grp.push_back(d.empty() ? reg : d);
        }
        for (const auto& gs : m.result().groups) floors[gs.group] = gs.floor;
        Best b = brute(g.network(), t, opt, grp, floors);
        // the proportional floors, recomputed: share * need_g / need * (max servable quantity)
        std::int64_t tn = 0;
        std::map<std::string, std::int64_t> gn;
        for (std::size_t i = 0; i < t.needs.size(); ++i) { tn += t.needs[i].quantity; gn[grp[i]] += t.needs[i].quantity; }
        for (const auto& [gname, q] : gn) {
            const __int128 sh = std::llround(opt.fair.share * 1e9);
            const std::int64_t f = static_cast<std::int64_t>(sh * q / 1000000000 * b.max_served / tn);
            CHECK(floors[gname] == std::min(opt.fair.floors.count(gname) ? opt.fair.floors[gname] : f, q));
        }
        CAPTURE(k);
        std::int64_t sf = 0;
        for (const auto& gs : m.result().groups) sf += std::max<std::int64_t>(0, gs.floor - gs.served);
        CHECK(sf == b.shortfall);
        CHECK(m.result().floors_met == b.floors_feasible);
        CHECK(m.result().weighted_served == b.weight);
        CHECK(scaled_cost(g.network(), m) == b.cost);
        (b.floors_feasible ? feasible : infeasible)++;
        check_invariants(m);
    }
    CHECK(feasible > 20);
    CHECK(infeasible > 5);
}

TEST_CASE("matcher: caller floors and group labels") {
    const Graph& g = small_graph();
    std::vector<Need> needs = {{"a", "so-4", "venue", 2, 5, {}, "east", {}}, {"b", "so-5", "venue", 2, 1, {}, "west", {}}};
    std::vector<Resource> res(1);
    res[0].id = "r";
    res[0].provider = "cc";
    res[0].category = "venue";
    res[0].capacity = 2;
    MatchOptions opt;
    opt.fair.by = FairBy::group;
    opt.fair.share = 0;
    opt.fair.floors = {{"west", 1}};
    ResourceMatcher m(g, needs, res, opt);
    m.run();
    const auto& r = m.result();
    CHECK(r.floors_met);
    CHECK(r.needs[1].served == 1);  // the floor overrides the priority
    CHECK(r.needs[0].served == 1);
    CHECK(r.needs[0].reason == UnservedReason::fairness_floor);
    // without the floor, priority wins
    opt.fair = {};
    ResourceMatcher m2(g, needs, res, opt);
    m2.run();
    CHECK(m2.result().needs[0].served == 2);
    CHECK(m2.result().needs[1].reason == UnservedReason::exhausted);
    REQUIRE(m2.result().needs[1].blocked_by.size() == 1);
    CHECK(m2.result().needs[1].blocked_by[0] == 0);
    opt.fair.by = FairBy::group;
    opt.fair.floors = {{"nowhere", 1}};
    CHECK_THROWS_AS(ResourceMatcher(g, needs, res, opt).run(), input_error);
}

TEST_CASE("matcher: distance levels and hops") {
    const Graph& g = small_graph();
    auto one = [&](const std::string& org, const std::string& prov, MatchOptions opt = {}) {
        std::vector<Need> needs = {{"n", org, "venue", 1, 1, {}, "", {}}};
        std::vector<Resource> res(1);
        res[0].id = "r"; res[0].provider = prov; res[0].category = "venue"; res[0].capacity = 1; res[0].unit_cost = 2;
        ResourceMatcher m(g, needs, res, opt);
        m.run();
        REQUIRE(m.result().assignments.size() == 1);
        return m.result().assignments[0];
    };
    CHECK(one("so-2", "s-east-2").level == DistanceLevel::same_street);
    CHECK(one("so-2", "d-east").level == DistanceLevel::same_district);
    CHECK(one("so-2", "d-west").level == DistanceLevel::cross_district);
    CHECK(one("so-2", "cc").level == DistanceLevel::cross_district);
    auto a = one("so-2", "d-west");
    CHECK(a.cost_per_unit == doctest::Approx(2 + 3.0));
    MatchOptions h;
    h.distance = DistanceMode::hops;
    h.w_hop = 0.5;
    auto b = one("so-2", "d-east", h);  // home d-east: 0 hops
    CHECK(b.hops == 0);
    auto c = one("so-2", "s-east-2", h);
    CHECK(c.hops == g.hops(g.find("d-east"), g.find("s-east-2")));
    CHECK(c.cost_per_unit == doctest::Approx(2 + 0.5 * c.hops));
}

TEST_CASE("matcher: Beijing demand — invariants, big-M equals phases, determinism, LEMON") {
    static const Graph g(io::load_json_file(std::string(HATCHNET_SOURCE_DIR) + "/data/beijing.json.gz"));
    synth::DemandOptions o;
    o.needs = 6000;
    auto d = synth::demand(g.network(), o);
    auto d2 = synth::demand(g.network(), o);
    CHECK(needs_to_json(d.needs).dump() == needs_to_json(d2.needs).dump());
    CHECK(resources_to_json(d.resources).dump() == resources_to_json(d2.resources).dump());
    CHECK(d.needs.size() == 6000);
    CHECK(d.resources.size() > 5000);

    MatchOptions big, ph;
    ph.lexicographic = Lexicographic::phases;
    ResourceMatcher m1(g, d.needs, d.resources, big), m2(g, d.needs, d.resources, ph);
    m1.run();
    m2.run();
    CHECK(m1.result().stats.method == "big_m");
    CHECK(m2.result().stats.method == "phases");
    CHECK(m1.result().weighted_served == m2.result().weighted_served);
    CHECK(m1.result().total_cost == doctest::Approx(m2.result().total_cost));
    check_invariants(m1);
    std::size_t reasons[5] = {};
    for (const auto& x : m1.result().needs) reasons[int(x.reason)]++;
    CHECK(reasons[int(UnservedReason::exhausted)] > 0);
    CHECK(reasons[int(UnservedReason::no_eligible_resource)] > 0);

    ResourceMatcher m3(g, d.needs, d.resources, big);
    m3.run();
    CHECK(match_result_to_json(m1).dump().size() > 1000);
    // identical output except the timings
    auto strip = [](std::string s) { return s.substr(0, s.find("\"stats\"")); };
    CHECK(strip(match_result_to_json(m1).dump()) == strip(match_result_to_json(m3).dump()));

    MatchOptions fair;
    fair.fair.by = FairBy::district;
    fair.fair.share = 0.5;
    ResourceMatcher m4(g, d.needs, d.resources, fair);
    m4.run();
    check_invariants(m4);
    CHECK(m4.result().floors_met);

#ifdef HATCHNET_HAVE_LEMON
    // the flow network's optimum (merged big-M costs) agrees with LEMON's network simplex
    const MinCostFlow& f = m1.flow_network();
    using G = lemon::SmartDigraph;
    G lg;
    std::vector<G::Node> nodes(static_cast<std::size_t>(f.node_count()));
    for (auto& v : nodes) v = lg.addNode();
    G::ArcMap<std::int64_t> cap(lg), cost(lg);
    G::NodeMap<std::int64_t> sup(lg);
    for (MinCostFlow::arc_t a = 0; a < f.arc_count(); ++a) {
        auto e = lg.addArc(nodes[f.tail(a)], nodes[f.head(a)]);
        cap.set(e, f.capacity(a));
        cost.set(e, f.cost(a));
    }
    for (MinCostFlow::node_t v = 0; v < f.node_count(); ++v) sup.set(nodes[v], f.supply(v));
    lemon::NetworkSimplex<G, std::int64_t, std::int64_t> ns(lg);
    ns.upperMap(cap).costMap(cost).supplyMap(sup);
    REQUIRE(ns.run() == lemon::NetworkSimplex<G, std::int64_t, std::int64_t>::OPTIMAL);
    MinCostFlow ours = f;
    REQUIRE(ours.run() == MinCostFlow::Status::optimal);
    CHECK(ours.total_cost() == ns.totalCost());
#endif
}

TEST_CASE("matcher: time limit and progress") {
    static const Graph g(io::load_json_file(std::string(HATCHNET_SOURCE_DIR) + "/data/beijing.json.gz"));
    synth::DemandOptions o;
    o.needs = 4000;
    const auto d = synth::demand(g.network(), o);
    auto strip = [](std::string s) { return s.substr(0, s.find("\"stats\"")); };
    for (bool fairness : {false, true}) {
        MatchOptions base;
        if (fairness) { base.fair.by = FairBy::district; base.fair.share = 0.5; }
        ResourceMatcher plain(g, d.needs, d.resources, base);
        REQUIRE(plain.run() == MinCostFlow::Status::optimal);
        const std::string want = strip(match_result_to_json(plain).dump());
        // a generous limit and a callback that lets it run change nothing
        MatchOptions roomy = base;
        roomy.time_limit = 3600;
        ResourceMatcher watched(g, d.needs, d.resources, roomy);
        int calls = 0, last_phase = -1, phases_seen = 0;
        watched.set_progress([&](int phase, int phases, const MinCostFlow::Progress& p) {
            ++calls;
            CHECK(phase >= last_phase);
            CHECK(phase < phases);
            CHECK(p.pivots > 0);
            last_phase = phase;
            phases_seen = phases;
            return true;
        }, 50);
        REQUIRE(watched.run() == MinCostFlow::Status::optimal);
        CHECK(calls > 0);
        CHECK(phases_seen == watched.result().stats.phases);
        CHECK(strip(match_result_to_json(watched).dump()) == want);
        // a callback that says stop: interrupted, nothing allocated, every need not_solved
        ResourceMatcher stopped(g, d.needs, d.resources, base);
        stopped.set_progress([](int, int, const MinCostFlow::Progress&) { return false; }, 10);
        CHECK(stopped.run() == MinCostFlow::Status::interrupted);
        const auto& r = stopped.result();
        CHECK(r.assignments.empty());
        CHECK(r.served == 0);
        CHECK(r.requested == plain.result().requested);
        REQUIRE(r.needs.size() == d.needs.size());
        for (const auto& x : r.needs) {
            CHECK(x.served == 0);
            CHECK(x.reason == UnservedReason::not_solved);
        }
        CHECK(match_result_to_json(stopped).dump().find("\"interrupted\"") != std::string::npos);
        // a limit too small to finish: time_limit, same shape of result
        MatchOptions tight = base;
        tight.time_limit = 1e-7;
        ResourceMatcher late(g, d.needs, d.resources, tight);
        CHECK(late.run() == MinCostFlow::Status::time_limit);
        CHECK(late.result().assignments.empty());
        CHECK(late.result().needs.front().reason == UnservedReason::not_solved);
    }
    CHECK(parse_match_options(R"({"time_limit": 2.5})").time_limit == 2.5);
    CHECK_THROWS_WITH_AS(parse_match_options(R"({"time_limit": -1})"), doctest::Contains("time_limit"), input_error);
}

TEST_CASE("matcher: re-matching after quantities and capacities change equals a fresh matcher") {
    static const Graph g(io::load_json_file(std::string(HATCHNET_SOURCE_DIR) + "/data/beijing.json.gz"));
    synth::DemandOptions o;
    o.needs = 3000;
    const auto d = synth::demand(g.network(), o);
    std::mt19937_64 rng(17);
    // a fresh matcher on the same data (withdrawn needs dropped: a new matcher refuses 0)
    auto fresh = [&](const ResourceMatcher& m, const MatchOptions& opt) {
        std::vector<Need> nd;
        for (const auto& n : m.needs()) if (n.quantity > 0) nd.push_back(n);
        ResourceMatcher f(g, nd, m.resources(), opt);
        REQUIRE(f.run() == MinCostFlow::Status::optimal);
        return f.result();
    };
    for (bool fairness : {false, true}) {
        MatchOptions opt;
        if (fairness) { opt.fair.by = FairBy::district; opt.fair.share = 0.5; }
        ResourceMatcher m(g, d.needs, d.resources, opt);
        REQUIRE(m.run() == MinCostFlow::Status::optimal);
        CHECK(!m.result().stats.warm_start);
        int warm_runs = 0;
        for (int round = 0; round < (fairness ? 2 : 6); ++round) {
            // resources in use now (part of the flow network) change in every round; in
            // round 3 also an arbitrary one (it may join the network: a rebuild)
            std::vector<std::size_t> in_use;
            for (const auto& a : m.result().assignments) in_use.push_back(a.resource);
            REQUIRE(!in_use.empty());
            for (int c = 0; c < 30; ++c) {
                const std::size_t i = rng() % m.needs().size();
                m.set_need_quantity(i, std::int64_t(rng() % 4 == 0 ? 0 : 1 + rng() % 6));
                const std::size_t j = round == 3 && c == 0 ? rng() % m.resources().size()
                                                           : in_use[rng() % in_use.size()];
                // withdrawing a resource (capacity 0) rebuilds: only in round 3
                m.set_resource_capacity(j, std::int64_t(round == 3 && rng() % 5 == 0 ? 0 : 1 + rng() % 40));
            }
            REQUIRE(m.run() == MinCostFlow::Status::optimal);
            warm_runs += m.result().stats.warm_start;
            check_invariants(m);
            const auto ref = fresh(m, opt);
            CHECK(m.result().weighted_served == ref.weighted_served);
            CHECK(m.result().served == ref.served);
            CHECK(m.result().total_cost == doctest::Approx(ref.total_cost).epsilon(1e-12));
            CHECK(m.result().floors_met == ref.floors_met);
            for (const auto& x : m.result().needs)
                if (m.needs()[x.need].quantity == 0) CHECK(x.served == 0);
        }
        // without fairness the rounds re-solve warm (a resource joining the network rebuilds)
        if (!fairness) CHECK(warm_runs >= 5);
        else CHECK(warm_runs == 0);
    }
    // a copy re-matches on its own data: changes to one never leak into the other
    {
        ResourceMatcher a(g, d.needs, d.resources);
        REQUIRE(a.run() == MinCostFlow::Status::optimal);
        ResourceMatcher b = a;                        // shares nothing that a run changes
        for (std::size_t i = 0; i < 300; ++i) a.set_need_quantity(i, 0);
        REQUIRE(a.run() == MinCostFlow::Status::optimal);
        CHECK(a.result().stats.warm_start);
        REQUIRE(b.run() == MinCostFlow::Status::optimal);
        const auto ra = fresh(a, MatchOptions{}), rb = fresh(b, MatchOptions{});
        CHECK(a.result().weighted_served == ra.weighted_served);
        CHECK(b.result().weighted_served == rb.weighted_served);
        CHECK(b.result().served == rb.served);
        CHECK(b.result().total_cost == doctest::Approx(rb.total_cost).epsilon(1e-12));
        check_invariants(b);
    }
    // a progress callback that throws leaves nothing behind for the next run
    {
        ResourceMatcher a(g, d.needs, d.resources);
        REQUIRE(a.run() == MinCostFlow::Status::optimal);
        for (std::size_t i = 0; i < 200; ++i) a.set_need_quantity(i, 0);   // enough to need pivots
        a.set_progress([](int, int, const MinCostFlow::Progress&) -> bool { throw std::runtime_error("stop"); }, 1);
        CHECK_THROWS_AS(a.run(), std::runtime_error);
        a.set_progress({});
        a.set_need_quantity(1, 3);
        CHECK(a.run() == MinCostFlow::Status::optimal);
        CHECK(a.result().weighted_served == fresh(a, MatchOptions{}).weighted_served);
    }
    // by id, and bad updates name the record
    ResourceMatcher m(g, d.needs, d.resources);
    const std::size_t i0 = m.need_index(d.needs[5].id);
    CHECK(i0 == 5);
    CHECK(m.need_index("no-such-need") == ResourceMatcher::npos);
    CHECK(m.resource_index(d.resources[3].id) == 3);
    CHECK_THROWS_WITH_AS(m.set_need_quantity(0, -1), doctest::Contains("quantity"), input_error);
    CHECK_THROWS_WITH_AS(m.set_resource_capacity(d.resources.size(), 3), doctest::Contains("no such resource"), input_error);
    CHECK_THROWS_WITH_AS(m.set_need_quantity(0, std::int64_t(1) << 61), doctest::Contains("2^60"), input_error);
}

TEST_CASE("matcher: JSON round trip and result format") {
    const Graph& g = small_graph();
    const std::string needs = R"([{"id": "n1", "organization": "so-4", "category": "venue", "quantity": 2, "priority": 3,
        "window": {"start": "2024-03-01", "end": "2024-03-31"}},
       {"id": "n2", "organization": "so-1", "category": "legal", "quantity": 1.0}])";
    const std::string res = R"({"resources": [{"id": "r1", "provider": "c-east-a", "category": "space", "capacity": 5,
        "unit_cost": 1.5, "eligibility": {"org_types": ["community_org"], "regions": ["110101"]},
        "window": ["2024-01-01", "2024-06-30"]}]})";
    auto n = parse_needs(needs);
    auto r = parse_resources(res);
    REQUIRE(n.size() == 2);
    CHECK(n[0].window->end - n[0].window->start == 30);
    CHECK(parse_needs(needs_to_json(n).dump()).size() == 2);
    CHECK(resources_to_json(parse_resources(resources_to_json(r).dump())).dump() == resources_to_json(r).dump());
    ResourceMatcher m(g, n, r, parse_match_options(R"({"fair": "district", "weights": {"same_street": 0.5}})"));
    m.run();
    auto j = match_result_to_json(m).dump();
    CHECK(j.find("\"need\":\"n1\"") != std::string::npos);
    CHECK(j.find("\"reason\":\"no_eligible_resource\"") != std::string::npos);
    CHECK(j.find("no resource offers 'legal'") != std::string::npos);
    CHECK(m.result().needs[0].served == 2);
    CHECK(m.result().assignments[0].level == DistanceLevel::same_street);
    CHECK(m.result().assignments[0].cost_per_unit == doctest::Approx(2.0));
}

TEST_CASE("matcher: bad input names the record and field") {
    const Graph& g = small_graph();
    auto err = [&](std::vector<Need> n, std::vector<Resource> r, MatchOptions o = {}) -> std::string {
        try {
            ResourceMatcher m(g, std::move(n), std::move(r), o);
            m.run();
        } catch (const input_error& e) {
            return e.what();
        }
        return "no error";
    };
    Need ok{"n1", "so-1", "venue", 1, 1, {}, "", {}};
    Resource rok;
    rok.id = "r1"; rok.provider = "cc"; rok.category = "venue"; rok.capacity = 1;
    CHECK(err({ok}, {rok}) == "no error");
    Need n = ok; n.organization = "ghost";
    CHECK(err({n}, {rok}).find("need n1: field 'organization': unknown organization 'ghost'") != std::string::npos);
    CHECK(err({ok, ok}, {rok}).find("duplicate need id") != std::string::npos);
    n = ok; n.quantity = 0;
    CHECK(err({n}, {rok}).find("field 'quantity'") != std::string::npos);
    n = ok; n.category = "teleportation";
    CHECK(err({n}, {rok}).find("field 'category'") != std::string::npos);
    Resource r = rok; r.capacity = -1;
    CHECK(err({ok}, {r}).find("resource r1: field 'capacity': must be >= 0") != std::string::npos);
    r = rok; r.unit_cost = std::nan("");
    CHECK(err({ok}, {r}).find("field 'unit_cost'") != std::string::npos);
    r = rok; r.provider = "nowhere";
    CHECK(err({ok}, {r}).find("field 'provider': unknown node 'nowhere'") != std::string::npos);
    r = rok; r.unit_cost = 1e300;
    CHECK(err({ok}, {r}).find("exceeds 2^50") != std::string::npos);
    n = ok; n.quantity = std::int64_t(1) << 59;
    Need n2 = n; n2.id = "n2"; Need n3 = n; n3.id = "n3";
    CHECK(err({n, n2, n3}, {rok}).find("overflows") != std::string::npos);
    MatchOptions o; o.w_same_street = -1;
    CHECK(err({ok}, {rok}, o).find("w_same_street") != std::string::npos);
    o = {}; o.cost_scale = 0;
    CHECK(err({ok}, {rok}, o).find("cost_scale") != std::string::npos);
    // empty problem: fine
    ResourceMatcher e(g, {}, {}, {});
    CHECK(e.run() == MinCostFlow::Status::optimal);
    CHECK(e.result().served == 0);

    CHECK_THROWS_WITH_AS(parse_needs("[{\"id\": \"a\",\n \"organization\": }]"), doctest::Contains("line 2"), input_error);
    CHECK_THROWS_WITH_AS(parse_needs(R"([{"id": "a", "organization": "so-1", "category": "venue", "colour": 1}])"),
                         doctest::Contains("need a: field 'colour': unknown field"), input_error);
    CHECK_THROWS_WITH_AS(parse_needs(R"([{"id": "a", "organization": "so-1", "category": "venue", "quantity": 1.5}])"),
                         doctest::Contains("field 'quantity': expected an integer"), input_error);
    CHECK_THROWS_WITH_AS(parse_resources(R"([{"id": "r", "provider": "cc", "category": "venue", "capacity": -2}])"),
                         doctest::Contains("resource r: field 'capacity'"), input_error);
    CHECK_THROWS_WITH_AS(parse_resources(R"([{"id": "r", "provider": "cc", "category": "venue", "capacity": 1, "stages": ["old"]}])"),
                         doctest::Contains("field 'stages'"), input_error);
    CHECK_THROWS_WITH_AS(parse_match_options(R"({"fair": "galaxy"})"), doctest::Contains("field 'fair'"), input_error);
    CHECK_THROWS_WITH_AS(parse_match_options(R"({"weights": {"same_street": -1}})"), doctest::Contains("weights.same_street"), input_error);
    CHECK_THROWS_AS(synth::demand(Network{}, {}), input_error);
}

TEST_CASE("a matcher built on a shared graph keeps it alive and matches as one built on a reference") {
    const Network net = io::load_json_file(std::string(HATCHNET_SOURCE_DIR) + "/tests/data/small.json");
    synth::DemandOptions o;
    o.needs = 40;
    const Graph plain(net);
    const auto d = synth::demand(net, o);
    ResourceMatcher by_ref(plain, d.needs, d.resources);
    by_ref.run();
    std::unique_ptr<ResourceMatcher> owned;
    {
        auto shared = std::make_shared<const Graph>(net);
        owned = std::make_unique<ResourceMatcher>(shared, d.needs, d.resources);
        CHECK(owned->graph_ptr() == shared);
    }
    owned->run();
    CHECK(owned->result().total_cost == by_ref.result().total_cost);
    CHECK(owned->result().served == by_ref.result().served);
    CHECK_FALSE(by_ref.graph_ptr());
    CHECK_THROWS_AS(ResourceMatcher(std::shared_ptr<const Graph>{}, d.needs, d.resources), input_error);
}

TEST_CASE("matcher enum names round-trip; unknown names are refused") {
    for (auto m : {DistanceMode::region, DistanceMode::hops}) CHECK(parse_distance_mode(to_string(m)) == m);
    for (auto b : {FairBy::none, FairBy::district, FairBy::street, FairBy::group}) CHECK(parse_fair_by(to_string(b)) == b);
    for (auto l : {Lexicographic::automatic, Lexicographic::big_m, Lexicographic::phases})
        CHECK(parse_lexicographic(to_string(l)) == l);
    CHECK(parse_lexicographic("two_phase") == Lexicographic::phases);
    CHECK_FALSE(parse_fair_by("city"));
    CHECK_FALSE(parse_distance_mode("km"));
    CHECK_FALSE(parse_lexicographic("automatic"));
    // the JSON options reader and the CLI use them: same names, same refusal
    CHECK(parse_match_options(R"({"fair": "street", "distance": "hops", "lexicographic": "two_phase"})").fair.by ==
          FairBy::street);
    CHECK_THROWS_WITH_AS(parse_match_options(R"({"fair": "city"})"), doctest::Contains("not one of district, street"),
                         input_error);
}
