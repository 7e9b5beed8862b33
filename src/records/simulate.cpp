// The multi-year simulation. See hatchnet/records/simulate.hpp.
#include "hatchnet/records/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <unordered_map>

#include "../detail/rng.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/records/evaluation.hpp"
#include "hatchnet/regions.hpp"

namespace hatchnet::records {

namespace {
enum class Kind : std::uint8_t { fact, apply, admit, start, end };

struct Item {
    std::int64_t day;
    std::uint64_t seq;
    Kind kind;
    std::uint32_t a;      // fact index / org index / incubation index
    IncubationStage stage = IncubationStage::applied;
    bool operator>(const Item& o) const { return day != o.day ? day > o.day : seq > o.seq; }
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
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}
std::int64_t jan1(int y) { return day_number(std::to_string(y) + "-01-01"); }

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
    std::vector<bool> org_resident;
    std::unordered_map<std::string, std::uint32_t> street_node, district_node;
    std::uint32_t city = std::uint32_t(-1);
    std::vector<Transition> pending;
    SimulationSummary sum;

    Sim(Store& s, const Network& n, const SimulationOptions& opt) : store(s), net(n), o(opt), rng(opt.seed) {}

    void push(std::int64_t day, Kind k, std::uint32_t a, IncubationStage st = IncubationStage::applied) { q.push(Item{day, seq++, k, a, st}); }
    void flush() {
        if (pending.empty()) return;
        store.record(pending);
        sum.transitions += std::int64_t(pending.size());
        pending.clear();
    }
    void plan_network();
    void plan_arrivals();
    void step(const Item& it);
    std::int32_t target_of(const Organization& org, std::int64_t day) const;
};

void Sim::plan_network() {
    const auto n = net.nodes.size();
    open.assign(n, true);
    cap.resize(n);
    residents.assign(n, 0);
    const std::int64_t start = jan1(o.first_year), year = 365;
    std::vector<std::uint32_t> districts;
    for (std::size_t i = 0; i < n; ++i) {
        const Node& nd = net.nodes[i];
        cap[i] = nd.capacity;
        if (nd.tier == Tier::city_center && city == std::uint32_t(-1)) city = std::uint32_t(i);
        if (nd.tier == Tier::district) {
            district_node.emplace(std::string(RegionIndex::code_at(nd.region, RegionLevel::county)), std::uint32_t(i));
            districts.push_back(std::uint32_t(i));
        }
        if (nd.tier == Tier::street) {
            street_node.emplace(std::string(RegionIndex::code_at(nd.region, RegionLevel::street)), std::uint32_t(i));
            if (rng.below(1000) >= std::uint64_t(std::lround(o.streets_open_at_start * 1000))) {
                open[i] = false;
                facts.push_back(Fact{date_of(start + std::int64_t(rng.below(std::uint64_t(o.rollout_years * year)))), FactKind::opened, nd.id, "", "roll-out"});
            }
        }
    }
    for (int k = 0; k < o.late_districts && !districts.empty(); ++k) {
        const std::uint32_t v = districts[std::size_t(rng.below(districts.size()))];
        if (!open[v]) continue;
        open[v] = false;
        facts.push_back(Fact{date_of(start + year + std::int64_t(rng.below(std::uint64_t(year)))), FactKind::opened, net.nodes[v].id, "", "opens late"});
    }
    for (int y = o.first_year + 1; y <= o.last_year; ++y)
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
    for (int y = o.first_year; y <= o.last_year; ++y) {
        const std::int64_t start = jan1(y), days = jan1(y + 1) - start;
        const auto nc = std::size_t(std::llround(o.community_per_year * o.scale));
        const auto nr = std::size_t(std::llround(o.registered_per_year * o.scale));
        for (std::size_t k = 0; k < nc && ci < community.size(); ++k)
            push(start + std::int64_t(rng.below(std::uint64_t(days))), Kind::apply, community[ci++]);
        for (std::size_t k = 0; k < nr && ri < registered.size(); ++k)
            push(start + std::int64_t(rng.below(std::uint64_t(days))), Kind::apply, registered[ri++]);
    }
}

std::int32_t Sim::target_of(const Organization& org, std::int64_t) const {
    auto open_at = [&](const std::unordered_map<std::string, std::uint32_t>& m, std::string_view code) -> std::int32_t {
        auto it = m.find(std::string(code));
        return it != m.end() && open[it->second] ? std::int32_t(it->second) : -1;
    };
    std::int32_t v = -1;
    if (org.registration == Registration::street) v = open_at(street_node, RegionIndex::code_at(org.region, RegionLevel::street));
    if (v < 0 && org.registration != Registration::city) v = open_at(district_node, RegionIndex::code_at(org.region, RegionLevel::county));
    if (v < 0 && city != std::uint32_t(-1) && open[city]) v = std::int32_t(city);
    return v;
}

void Sim::step(const Item& it) {
    const std::string at = date_of(it.day);
    switch (it.kind) {
        case Kind::fact: break;  // applied by the loop (batched)
        case Kind::apply: {
            const Organization& org = net.organizations[it.a];
            const std::int32_t v = target_of(org, it.day);
            if (v < 0) return;
            const auto inc = std::uint32_t(org_node.size());
            org_node.push_back(v);
            inc_org.push_back(it.a);
            Transition t;
            t.id = "sim-" + std::to_string(inc + 1);
            t.to = IncubationStage::applied;
            t.at = at;
            t.organization = org.id;
            t.node = net.nodes[std::size_t(v)].id;
            pending.push_back(std::move(t));
            ++sum.arrivals;
            push(it.day + 7 + std::int64_t(rng.below(24)), Kind::admit, inc);
            return;
        }
        case Kind::admit: {
            const auto v = std::size_t(org_node[it.a]);
            Transition t;
            t.id = "sim-" + std::to_string(it.a + 1);
            t.at = at;
            if (residents[v] < cap[v]) {
                ++residents[v];
                t.to = IncubationStage::admitted;
                ++sum.admitted;
                push(it.day + 14, Kind::start, it.a);
            } else {
                t.to = IncubationStage::withdrawn;
                t.note = "no place";
                ++sum.no_place;
            }
            pending.push_back(std::move(t));
            return;
        }
        case Kind::start: {
            Transition t;
            t.id = "sim-" + std::to_string(it.a + 1);
            t.to = IncubationStage::incubating;
            t.at = at;
            pending.push_back(std::move(t));
            const auto r = rng.below(100);
            if (r < 70) push(it.day + 180 + std::int64_t(rng.below(541)), Kind::end, it.a, IncubationStage::graduated);
            else if (r < 90) push(it.day + 30 + std::int64_t(rng.below(301)), Kind::end, it.a, IncubationStage::exited);
            else push(it.day + 30 + std::int64_t(rng.below(201)), Kind::end, it.a, IncubationStage::withdrawn);
            return;
        }
        case Kind::end: {
            --residents[std::size_t(org_node[it.a])];
            Transition t;
            t.id = "sim-" + std::to_string(it.a + 1);
            t.to = it.stage;
            t.at = at;
            if (it.stage == IncubationStage::graduated) {
                static const char* outcomes[] = {"registered", "registered", "registered", "rated", "active"};
                t.outcome = outcomes[rng.below(5)];
                ++sum.graduated;
            }
            pending.push_back(std::move(t));
            return;
        }
    }
}

}  // namespace

SimulationSummary simulate(Store& store, const Network& net, const SimulationOptions& o) {
    if (o.first_year < 1000 || o.last_year > 9998 || o.last_year < o.first_year)
        throw input_error("simulation", "years", "expected first <= last within 1000-9998");
    if (!(o.scale > 0) || o.scale > 100) throw input_error("simulation", "scale", "expected a number in (0, 100]");
    if (store.incubation_count() != 0) throw input_error("simulation", "store", "the store already holds incubations: simulate into a new store");
    store.set_network(net);
    store.add_years(o.first_year, o.last_year);
    Sim s(store, net, o);
    s.plan_network();
    s.plan_arrivals();
    evaluate::Scheme scheme;
    if (o.evaluate) scheme = evaluate::load_scheme(io::default_data_dir() + "/schemes/incubator.json");
    ProgressTicker ticker(o.progress);
    ticker.check_every_tick();
    ticker.stage("years", o.last_year - o.first_year + 1);
    int year = o.first_year;
    std::vector<Fact> batch;
    auto write_facts = [&] {
        if (batch.empty()) return;
        store.add_facts(batch);
        s.sum.facts += std::int64_t(batch.size());
        batch.clear();
    };
    auto close_year = [&](int y) {
        write_facts();
        s.flush();
        if (o.evaluate) {
            evaluate::NetworkEvalOptions eo;
            eo.draws = 0;
            evaluate_period(store, net, std::to_string(y), scheme, {}, {}, eo);
            s.sum.evaluated.push_back(std::to_string(y));
        }
        ticker.tick(y - o.first_year + 1);
    };
    const std::int64_t end = jan1(o.last_year + 1);
    while (!s.q.empty() && s.q.top().day < end) {
        const Item it = s.q.top();
        s.q.pop();
        while (it.day >= jan1(year + 1)) close_year(year++);
        if (it.kind == Kind::fact) {
            s.flush();
            const Fact& f = s.facts[it.a];
            batch.push_back(f);
            const auto v = net.node_index(f.subject);
            if (f.kind == FactKind::opened) s.open[v] = true;
            if (f.kind == FactKind::capacity) s.cap[v] = std::stoll(f.value);
            if (s.q.empty() || s.q.top().kind != Kind::fact || s.q.top().day >= end) write_facts();
            continue;
        }
        s.step(it);
        if (s.pending.size() >= 20000) s.flush();
    }
    while (year <= o.last_year) close_year(year++);
    ticker.finish();
    return s.sum;
}

}  // namespace hatchnet::records
