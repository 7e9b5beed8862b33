// The multi-year simulation. See hatchnet/records/simulate.hpp.
#include "hatchnet/records/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <unordered_map>

#include "../detail/rng.hpp"
#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/records/evaluation.hpp"
#include "hatchnet/referral/ledger.hpp"
#include "hatchnet/referral/router.hpp"
#include "hatchnet/regions.hpp"

namespace hatchnet::records {

namespace {
// Items of one day: facts first (they take effect from the start of their day), then the rest
// in creation order.
enum class Kind : std::uint8_t { fact, apply, admit, start, end };

struct Item {
    std::int64_t day;
    std::uint64_t seq;
    Kind kind;
    std::uint32_t a;      // fact index / org index / incubation index
    IncubationStage stage = IncubationStage::applied;
    bool operator>(const Item& o) const {
        if (day != o.day) return day > o.day;
        if ((kind == Kind::fact) != (o.kind == Kind::fact)) return o.kind == Kind::fact;
        return seq > o.seq;
    }
};

std::string date_of(std::int64_t z) {  // civil_from_days (H. Hinnant)
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = std::int64_t(yoe) + era * 400 + (m <= 2);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}
std::int64_t jan1(int y) { return day_number(std::to_string(y) + "-01-01"); }
std::int64_t month_start(int y, int m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
    return day_number(buf);
}

constexpr std::uint32_t none = std::uint32_t(-1);

struct Sim {
    Store& store;
    const Network& net;
    const SimulationOptions& o;
    detail::Rng rng;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
    std::uint64_t seq = 0;
    std::vector<Fact> facts;
    std::vector<bool> open;                 // per node, as the simulation has it
    std::vector<std::int64_t> cap, residents;
    std::vector<std::int32_t> org_node;     // per incubation: node index
    std::vector<std::uint32_t> inc_org;
    std::unordered_map<std::string, std::uint32_t> street_node, district_node;
    std::uint32_t city = none;
    std::vector<Transition> pending;
    std::vector<Fact> fact_batch;
    SimulationSummary sum;
    // referrals through the router
    Network skeleton;                       // the base network without organizations
    std::vector<std::string> root_services;
    std::shared_ptr<const Graph> graph;
    std::unique_ptr<referral::Router> router;
    std::string routed_on;                  // the date of the network the router was built on
    std::vector<bool> routed_open;          // per node: open in the router's network
    std::unordered_map<std::uint32_t, referral::Referral> live;  // per incubation: its open referral
    std::vector<std::uint32_t> dirty;       // incubations whose referral is new or final, unwritten
    std::vector<std::uint32_t> stale;       // incubations whose referral moved on, unwritten
    std::vector<char> is_dirty, has_ref;    // per incubation: 0 written, 1 in dirty, 2 in stale

    Sim(Store& s, const Network& n, const SimulationOptions& opt) : store(s), net(n), o(opt), rng(opt.seed) {}

    void push(std::int64_t day, Kind k, std::uint32_t a, IncubationStage st = IncubationStage::applied) { q.push(Item{day, seq++, k, a, st}); }
    void flush(bool all = false);
    void write_facts();
    void apply_fact(const Fact& f);
    void plan_network();
    void plan_arrivals();
    // growth by the coverage engine's plans
    std::int64_t openings = 0;
    void plan_year(int y);
    Network network_now(const Network& base, const std::string& at) const;
    void push_fact(Fact f) {
        facts.push_back(std::move(f));
        push(day_number(facts.back().at), Kind::fact, std::uint32_t(facts.size() - 1));
    }
    void step(const Item& it);
    std::int32_t target_of(const Organization& org, const std::vector<bool>& is_open) const;
    // referrals
    void prepare_routing();
    void build_router(std::int64_t day);
    std::int32_t route(const Organization& org, std::uint32_t inc, const std::string& at);
    void refer(std::uint32_t inc, referral::Status to, const std::string& at, const std::string& outcome = {});
    Transition move(std::uint32_t inc, IncubationStage to, const std::string& at) const {
        Transition t;
        t.id = "sim-" + std::to_string(inc + 1);
        t.to = to;
        t.at = at;
        return t;
    }
};

// Referrals are written when new (before the application that names them) and when final at
// the next flush; intermediate changes wait for the year's end (flush(true)), so that most
// referrals are written twice, not once per status.
void Sim::flush(bool all) {
    std::vector<referral::Referral> refs;
    auto take = [&](std::uint32_t inc) {
        is_dirty[inc] = 0;
        auto it = live.find(inc);
        refs.push_back(it->second);
        if (referral::is_final(it->second.status)) live.erase(it);
    };
    for (auto inc : dirty)
        if (is_dirty[inc] == 1) take(inc);
    dirty.clear();
    if (all) {
        for (auto inc : stale)
            if (is_dirty[inc] == 2) take(inc);
        stale.clear();
    }
    if (!refs.empty()) store.put_referrals(refs);  // first: an application names its referral
    if (pending.empty()) return;
    store.record(pending);
    sum.transitions += std::int64_t(pending.size());
    pending.clear();
}

void Sim::write_facts() {
    if (fact_batch.empty()) return;
    flush();  // events dated before the facts go first (date order per incubator)
    store.add_facts(fact_batch);
    sum.facts += std::int64_t(fact_batch.size());
    fact_batch.clear();
}

void Sim::apply_fact(const Fact& f) {
    const auto v = net.node_index(f.subject);
    if (f.kind == FactKind::opened || f.kind == FactKind::closed) open[v] = f.kind == FactKind::opened;
    if (f.kind == FactKind::capacity) cap[v] = std::stoll(f.value);
    fact_batch.push_back(f);
}

void Sim::plan_network() {
    const auto n = net.nodes.size();
    open.assign(n, true);
    cap.resize(n);
    residents.assign(n, 0);
    // dates drawn from the second day on: the network of the first day is the base network
    const std::int64_t start = jan1(o.first_year) + 1, year = 365;
    std::vector<std::uint32_t> districts;
    std::vector<Fact> later;
    for (std::size_t i = 0; i < n; ++i) {
        const Node& nd = net.nodes[i];
        cap[i] = nd.capacity;
        if (nd.tier == Tier::city_center && city == none) city = std::uint32_t(i);
        if (nd.tier == Tier::district) {
            district_node.emplace(std::string(RegionIndex::code_at(nd.region, RegionLevel::county)), std::uint32_t(i));
            districts.push_back(std::uint32_t(i));
        }
        if (nd.tier == Tier::street) {
            street_node.emplace(std::string(RegionIndex::code_at(nd.region, RegionLevel::street)), std::uint32_t(i));
            if (rng.below(1000) >= std::uint64_t(std::lround(o.streets_open_at_start * 1000))) {
                open[i] = false;
                later.push_back(Fact{date_of(start + std::int64_t(rng.below(std::uint64_t(o.rollout_years * year)))), FactKind::opened, nd.id, "", "roll-out"});
            }
        }
    }
    for (int k = 0; k < o.late_districts && !districts.empty(); ++k) {
        const std::uint32_t v = districts[std::size_t(rng.below(districts.size()))];
        if (!open[v]) continue;
        open[v] = false;
        later.push_back(Fact{date_of(start + year + std::int64_t(rng.below(std::uint64_t(year)))), FactKind::opened, net.nodes[v].id, "", "opens late"});
    }
    // the store says from the first day which incubators are not open yet (an opening after
    // the horizon is then never recorded, and the store agrees with the simulation throughout)
    for (std::size_t i = 0; i < n; ++i)
        if (!open[i]) facts.push_back(Fact{date_of(start - 1), FactKind::closed, net.nodes[i].id, "", "not open yet"});
    for (auto& f : later)
        if (o.growth == Growth::fixed || f.note != "roll-out") facts.push_back(std::move(f));
    if (o.growth == Growth::plan) {
        std::int64_t closed_streets = 0;
        for (std::size_t i = 0; i < n; ++i) closed_streets += !open[i] && net.nodes[i].tier == Tier::street;
        openings = o.plan_openings >= 0 ? o.plan_openings
                                        : (closed_streets + std::max(1, o.rollout_years) - 1) / std::max(1, o.rollout_years);
    }
    for (int y = o.first_year + 1; y <= o.last_year && o.growth == Growth::fixed; ++y)
        for (std::size_t i = 0; i < n; ++i)
            if (net.nodes[i].tier == Tier::district || net.nodes[i].tier == Tier::street) {
                const double grown = double(net.nodes[i].capacity) * std::pow(1.0 + o.capacity_growth, y - o.first_year);
                facts.push_back(Fact{std::to_string(y) + "-01-01", FactKind::capacity, net.nodes[i].id,
                                     std::to_string(std::llround(std::floor(grown))), "growth"});
            }
    for (std::uint32_t f = 0; f < facts.size(); ++f) push(day_number(facts[f].at), Kind::fact, f);
}

void Sim::plan_arrivals() {
    std::vector<std::uint32_t> community, registered;
    for (std::uint32_t i = 0; i < net.organizations.size(); ++i)
        (net.organizations[i].registration == Registration::street ? community : registered).push_back(i);
    for (auto* pool : {&community, &registered})  // Fisher-Yates: arrival order
        for (std::size_t i = pool->size(); i > 1; --i) std::swap((*pool)[i - 1], (*pool)[std::size_t(rng.below(i))]);
    std::size_t ci = 0, ri = 0;
    const auto years = std::size_t(o.last_year - o.first_year + 1);
    // all_arrive: year k of Y takes the organizations k*N/Y .. (k+1)*N/Y of each pool (scaled)
    auto share = [&](std::size_t n, int y) {
        const auto k = std::size_t(y - o.first_year);
        const auto m = std::size_t(std::llround(double(n) * std::min(o.scale, 1.0)));
        return (k + 1) * m / years - k * m / years;
    };
    for (int y = o.first_year; y <= o.last_year; ++y) {
        const std::int64_t start = jan1(y), days = jan1(y + 1) - start;
        const auto nc = o.all_arrive ? share(community.size(), y) : std::size_t(std::llround(o.community_per_year * o.scale));
        const auto nr = o.all_arrive ? share(registered.size(), y) : std::size_t(std::llround(o.registered_per_year * o.scale));
        for (std::size_t k = 0; k < nc && ci < community.size(); ++k)
            push(start + std::int64_t(rng.below(std::uint64_t(days))), Kind::apply, community[ci++]);
        for (std::size_t k = 0; k < nr && ri < registered.size(); ++k)
            push(start + std::int64_t(rng.below(std::uint64_t(days))), Kind::apply, registered[ri++]);
    }
}

std::int32_t Sim::target_of(const Organization& org, const std::vector<bool>& is_open) const {
    auto open_at = [&](const std::unordered_map<std::string, std::uint32_t>& m, std::string_view code) -> std::int32_t {
        auto it = m.find(std::string(code));
        return it != m.end() && is_open[it->second] ? std::int32_t(it->second) : -1;
    };
    std::int32_t v = -1;
    if (org.registration == Registration::street) v = open_at(street_node, RegionIndex::code_at(org.region, RegionLevel::street));
    if (v < 0 && org.registration != Registration::city) v = open_at(district_node, RegionIndex::code_at(org.region, RegionLevel::county));
    if (v < 0 && city != none && is_open[city]) v = std::int32_t(city);
    return v;
}

// ------------------------------------------------------------------ referrals
void Sim::prepare_routing() {
    skeleton.name = net.name;
    skeleton.description = net.description;
    skeleton.vocabulary = net.vocabulary;
    skeleton.regions = net.regions;
    skeleton.nodes = net.nodes;
    skeleton.edges = net.edges;
    for (const auto& t : net.vocabulary.services)
        if (t.parent.empty()) root_services.push_back(t.id);
    if (root_services.empty()) throw input_error("simulation", "network", "the vocabulary has no services to route on");
}

// The router of a month: on the network as it stands at the start of `day` (the facts in force
// that day, the residents at the end of the day before), built as Timeline::at builds it.
void Sim::build_router(std::int64_t day) {
    routed_on = date_of(day);
    routed_open = open;
    Network at = network_now(skeleton, routed_on);
    router.reset();
    graph = std::make_shared<const Graph>(std::move(at));
    router = std::make_unique<referral::Router>(graph, o.policy ? *o.policy : referral::Policy::defaults());
    ++sum.router_builds;
}

// The network as the simulation has it now (open incubators, capacities in force, occupied =
// residents), built from `base` as Timeline::at builds a date's network.
Network Sim::network_now(const Network& base, const std::string& at) const {
    Timeline tl;
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
        if (!open[i]) tl.facts.push_back(Fact{at, FactKind::closed, net.nodes[i].id, "", ""});
        else if (cap[i] != net.nodes[i].capacity)
            tl.facts.push_back(Fact{at, FactKind::capacity, net.nodes[i].id, std::to_string(cap[i]), ""});
    }
    Network now = tl.at(base, at);
    for (auto& n : now.nodes) n.occupied = residents[net.node_index(n.id)];
    return now;
}

// ------------------------------------------------------------------ growth by plan
// The plans of year `y` on the network as it stands at its start: openings (coverage::plan)
// and, from the second year, places (coverage::split_budget), pushed as dated facts.
void Sim::plan_year(int y) {
    const std::string day1 = std::to_string(y) + "-01-01";
    const auto g = std::make_shared<const Graph>(network_now(net, day1));
    std::vector<std::uint32_t> shut;  // street incubators not open: the candidates
    for (std::uint32_t i = 0; i < net.nodes.size(); ++i)
        if (!open[i] && net.nodes[i].tier == Tier::street) shut.push_back(i);
    if (openings > 0 && !shut.empty()) {
        coverage::PlanOptions po;
        po.objective = coverage::Objective::coverage;
        po.k = long(openings);
        po.site_tier = Tier::street;
        po.demand_level = RegionLevel::street;
        for (auto i : shut) {
            coverage::Candidate c;
            c.region = net.nodes[i].region;
            c.tier = Tier::street;
            c.capacity = cap[i];
            c.cost = 1;
            c.name = net.nodes[i].id;
            po.candidates.push_back(std::move(c));
        }
        const auto res = coverage::plan(*g, po);
        const std::int64_t days = jan1(y + 1) - jan1(y);
        for (const auto& p : res.picks) {
            push_fact(Fact{date_of(jan1(y) + std::int64_t(rng.below(std::uint64_t(days)))), FactKind::opened,
                           net.nodes[shut[p.candidate]].id, "", "plan"});
            ++sum.plan_openings;
        }
    }
    if (y == o.first_year || !(o.plan_budget > 0)) return;
    coverage::SplitOptions so;
    double in_force = 0;
    for (const auto& n : g->network().nodes)
        if (so.counted_tiers[std::size_t(n.tier)]) in_force += double(n.capacity);
    so.budget = o.plan_budget * in_force;
    so.price = 1;
    const auto split = coverage::split_budget(*g, so);
    std::unordered_map<std::string, std::vector<std::uint32_t>> takers;  // district -> open district / street incubators
    for (std::uint32_t i = 0; i < net.nodes.size(); ++i)
        if (open[i] && (net.nodes[i].tier == Tier::district || net.nodes[i].tier == Tier::street))
            takers[Network::district_of(net.nodes[i].region)].push_back(i);
    for (const auto& row : split.districts) {
        const auto places = std::llround(row.buy);
        auto it = takers.find(row.code);
        if (places <= 0 || it == takers.end()) continue;
        const auto& v = it->second;
        const auto each = places / std::int64_t(v.size()), extra = places % std::int64_t(v.size());
        for (std::size_t k = 0; k < v.size(); ++k) {
            const std::int64_t add = each + (std::int64_t(k) < extra ? 1 : 0);
            if (add == 0) continue;
            push_fact(Fact{day1, FactKind::capacity, net.nodes[v[k]].id, std::to_string(cap[v[k]] + add), "plan"});
            sum.plan_places += add;
        }
    }
}

// Route an organization's first contact: from its home incubator when open (else the street,
// district or city incubator that would take it), for 1–2 of the vocabulary's root services.
// Returns the node index (routed or waitlisted) or -1.
std::int32_t Sim::route(const Organization& org, std::uint32_t inc, const std::string& at) {
    const auto& pol = router->policy();
    auto usable = [&](std::size_t v) { return v < net.nodes.size() && routed_open[v] && pol.routing_tiers[int(net.nodes[v].tier)]; };
    std::size_t fc = net.node_index(org.home);
    if (!usable(fc)) {
        const std::int32_t t = target_of(org, routed_open);
        fc = t >= 0 ? std::size_t(t) : Network::npos;
        if (!usable(fc)) return -1;
    }
    referral::Request r;
    r.type = org.type;
    r.registration = org.registration;
    r.sectors = org.sectors;
    r.region = org.region;
    r.credit = std::clamp(org.credit, 0.0, 100.0);
    r.first_contact = net.nodes[fc].id;
    r.as_of = at;
    r.needs.push_back(root_services[std::size_t(rng.below(root_services.size()))]);
    if (root_services.size() > 1 && rng.below(3) == 0) {
        const auto& extra = root_services[std::size_t(rng.below(root_services.size()))];
        if (extra != r.needs[0]) r.needs.push_back(extra);
    }
    const auto res = router->route(r);
    Graph::vertex chosen = res.chosen;
    if (res.status == referral::RouteStatus::waitlisted) chosen = res.waitlist->node;
    if (chosen == Graph::null_vertex) {
        ++sum.unrouted;
        return -1;
    }
    sum.waitlisted += res.status == referral::RouteStatus::waitlisted;
    ++sum.referrals;
    const std::string& node = graph->network().nodes[chosen].id;
    referral::Referral ref;
    ref.id = "ref-" + std::to_string(inc + 1);
    ref.organization = org.id;
    ref.node = node;
    ref.first_contact = r.first_contact;
    ref.needs = std::move(r.needs);
    ref.history.push_back(referral::Event{referral::Status::requested, at, "routed on the network of " + routed_on});
    live.emplace(inc, std::move(ref));
    has_ref.resize(inc + 1, 0);
    is_dirty.resize(inc + 1, 0);
    has_ref[inc] = 1;
    is_dirty[inc] = 1;
    dirty.push_back(inc);
    return std::int32_t(net.node_index(node));
}

void Sim::refer(std::uint32_t inc, referral::Status to, const std::string& at, const std::string& outcome) {
    if (inc >= has_ref.size() || !has_ref[inc]) return;
    auto& r = live.at(inc);
    r.status = to;
    r.outcome = outcome;
    r.history.push_back(referral::Event{to, at, {}});
    if (referral::is_final(to)) {
        if (is_dirty[inc] != 1) dirty.push_back(inc);
        is_dirty[inc] = 1;
    } else if (is_dirty[inc] == 0) {
        is_dirty[inc] = 2;
        stale.push_back(inc);
    }
}

// ------------------------------------------------------------------ one event
void Sim::step(const Item& it) {
    const std::string at = date_of(it.day);
    using RS = referral::Status;
    switch (it.kind) {
        case Kind::fact: break;  // applied by the loop
        case Kind::apply: {
            const Organization& org = net.organizations[it.a];
            const auto inc = std::uint32_t(org_node.size());
            const std::int32_t v = o.route ? route(org, inc, at) : target_of(org, open);
            if (v < 0) return;
            org_node.push_back(v);
            inc_org.push_back(it.a);
            Transition t = move(inc, IncubationStage::applied, at);
            t.organization = org.id;
            t.node = net.nodes[std::size_t(v)].id;
            if (o.route) t.referral = "ref-" + std::to_string(inc + 1);
            pending.push_back(std::move(t));
            ++sum.arrivals;
            push(it.day + 7 + std::int64_t(rng.below(24)), Kind::admit, inc);
            return;
        }
        case Kind::admit: {
            const auto v = std::size_t(org_node[it.a]);
            Transition t = move(it.a, IncubationStage::admitted, at);
            if (residents[v] < cap[v]) {
                ++residents[v];
                ++sum.admitted;
                refer(it.a, RS::accepted, at);
                push(it.day + 14, Kind::start, it.a);
            } else {
                t.to = IncubationStage::withdrawn;
                t.note = "no place";
                ++sum.no_place;
                refer(it.a, RS::rejected, at, "no_place");
            }
            pending.push_back(std::move(t));
            return;
        }
        case Kind::start: {
            pending.push_back(move(it.a, IncubationStage::incubating, at));
            refer(it.a, RS::in_progress, at);
            const auto r = rng.below(100);
            if (r < 70) push(it.day + 180 + std::int64_t(rng.below(541)), Kind::end, it.a, IncubationStage::graduated);
            else if (r < 90) push(it.day + 30 + std::int64_t(rng.below(301)), Kind::end, it.a, IncubationStage::exited);
            else push(it.day + 30 + std::int64_t(rng.below(201)), Kind::end, it.a, IncubationStage::withdrawn);
            return;
        }
        case Kind::end: {
            --residents[std::size_t(org_node[it.a])];
            Transition t = move(it.a, it.stage, at);
            if (it.stage == IncubationStage::graduated) {
                static const char* outcomes[] = {"registered", "registered", "registered", "rated", "active"};
                t.outcome = outcomes[rng.below(5)];
                ++sum.graduated;
                refer(it.a, RS::completed, at, "graduated");
            } else {
                refer(it.a, it.stage == IncubationStage::exited ? RS::failed : RS::cancelled, at, std::string(to_string(it.stage)));
            }
            pending.push_back(std::move(t));
            return;
        }
    }
}

}  // namespace

std::string_view to_string(Growth g) noexcept { return g == Growth::plan ? "plan" : "fixed"; }
std::optional<Growth> parse_growth(std::string_view s) noexcept {
    if (s == "plan") return Growth::plan;
    if (s == "fixed") return Growth::fixed;
    return std::nullopt;
}

SimulationSummary simulate(Store& store, const Network& net, const SimulationOptions& o) {
    if (o.first_year < 1000 || o.last_year > 9998 || o.last_year < o.first_year)
        throw input_error("simulation", "years", "expected first <= last within 1000-9998");
    if (!(o.scale > 0) || o.scale > 100) throw input_error("simulation", "scale", "expected a number in (0, 100]");
    if (!(o.plan_budget >= 0 && o.plan_budget <= 10))
        throw input_error("simulation", "plan_budget", "expected a share of the capacity in force in [0, 10]");
    if (o.plan_openings < -1 || o.plan_openings > 1000000)
        throw input_error("simulation", "plan_openings", "expected -1 (a quarter of the closed street incubators) or a count in [0, 1000000]");
    if (store.incubation_count() != 0) throw input_error("simulation", "store", "the store already holds incubations: simulate into a new store");
    if (o.route && store.query("SELECT count(*) FROM referrals").at(0).at(0) != "0")
        throw input_error("simulation", "store", "the store already holds referrals: simulate into a new store");
    store.set_network(net);
    store.add_years(o.first_year, o.last_year);
    Sim s(store, net, o);
    if (o.route) s.prepare_routing();
    s.plan_network();
    s.plan_arrivals();
    evaluate::Scheme scheme;
    if (o.evaluate) scheme = evaluate::load_scheme(io::default_data_dir() + "/schemes/incubator.json");
    ProgressTicker ticker(o.progress);
    ticker.check_every_tick();
    ticker.stage("years", o.last_year - o.first_year + 1);
    for (int y = o.first_year; y <= o.last_year; ++y) {
        if (o.growth == Growth::plan) s.plan_year(y);
        for (int m = 1; m <= 12; ++m) {
            const std::int64_t first = month_start(y, m), next = m == 12 ? jan1(y + 1) : month_start(y, m + 1);
            // the facts of the month's first day, then the router of the month
            while (!s.q.empty() && s.q.top().day == first && s.q.top().kind == Kind::fact) {
                s.apply_fact(s.facts[s.q.top().a]);
                s.q.pop();
            }
            s.write_facts();
            if (o.route) s.build_router(first);
            while (!s.q.empty() && s.q.top().day < next) {
                const Item it = s.q.top();
                s.q.pop();
                if (it.kind == Kind::fact) {
                    s.apply_fact(s.facts[it.a]);
                    if (s.q.empty() || s.q.top().kind != Kind::fact || s.q.top().day != it.day) s.write_facts();
                    continue;
                }
                s.step(it);
                if (s.pending.size() >= 100000) s.flush();
            }
        }
        s.write_facts();
        s.flush(true);
        if (o.evaluate) {
            evaluate::NetworkEvalOptions eo;
            eo.draws = 0;
            evaluate_period(store, net, std::to_string(y), scheme, {}, {}, eo);
            s.sum.evaluated.push_back(std::to_string(y));
        }
        ticker.tick(y - o.first_year + 1);
    }
    ticker.finish();
    return s.sum;
}

}  // namespace hatchnet::records
