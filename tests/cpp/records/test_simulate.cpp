// The multi-year simulation: determinism (same seed, same bytes of the JSON export) and the
// store's invariants on what it wrote.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/records/records.hpp"
#include "hatchnet/records/simulate.hpp"
#include "hatchnet/referral/referral.hpp"
#include "hatchnet/synth/national.hpp"
#include "temp_store.hpp"

using namespace hatchnet::records;
using hatchnet::Network;
namespace fs = std::filesystem;

namespace {
using hatchnet::test::TempStore;
const Network& beijing() {
    static const Network n = hatchnet::io::load_json_file(hatchnet::io::default_dataset_path());
    return n;
}
std::string run(std::uint64_t seed, SimulationSummary* out = nullptr) {
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2018;
    o.seed = seed;
    o.scale = 0.02;
    o.evaluate = true;
    auto sum = simulate(s, beijing(), o);
    if (out) *out = sum;
    return s.export_json();
}
}  // namespace

TEST_CASE("simulation: the same seed gives the same bytes, another seed others") {
    SimulationSummary a;
    const std::string x = run(11, &a), y = run(11), z = run(12);
    CHECK(x == y);
    CHECK(x != z);
    CHECK(a.arrivals > 200);
    CHECK(a.referrals == a.arrivals);
    CHECK(a.transitions >= 2 * a.arrivals);
    CHECK(a.evaluated == std::vector<std::string>{"2017", "2018"});
}

TEST_CASE("simulation: the store it writes keeps every invariant") {
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2019;
    o.scale = 0.03;
    o.evaluate = false;
    auto sum = simulate(s, beijing(), o);
    // counts: the store against the summary
    CHECK(std::int64_t(s.incubation_count()) == sum.arrivals);
    CHECK(std::stoll(s.query("SELECT count(*) FROM incubation_events").at(0).at(0)) == sum.transitions);
    CHECK(std::stoll(s.query("SELECT count(*) FROM incubation_events WHERE stage = 'graduated'").at(0).at(0)) == sum.graduated);
    CHECK(std::stoll(s.query("SELECT count(*) FROM timeline").at(0).at(0)) == sum.facts);
    // residents never above the capacity in force, on every event date at every incubator:
    // replay the events and facts in date order (independently of the store's own checks)
    auto rows = s.query(
        "SELECT at, 0 AS k, subject, value FROM timeline WHERE kind = 'capacity' UNION ALL "
        "SELECT e.at, 1, i.node, CASE WHEN e.stage = 'admitted' THEN 1 WHEN e.from_stage IN ('admitted', 'incubating') "
        "AND e.stage IN ('graduated', 'exited', 'withdrawn') THEN -1 ELSE 0 END FROM incubation_events e "
        "JOIN incubations i ON i.id = e.incubation ORDER BY 1, 2");
    std::map<std::string, std::int64_t> cap, res;
    for (const auto& n : beijing().nodes) cap[n.id] = n.capacity;
    int checked = 0;
    for (const auto& r : rows) {
        if (r[1] == "0") {
            cap[r[2]] = std::stoll(r[3]);
            continue;
        }
        res[r[2]] += std::stoll(r[3]);
        if (r[3] == "1") {
            CHECK(res[r[2]] <= cap[r[2]]);
            ++checked;
        }
    }
    CHECK(checked == sum.admitted);
    // the 2020 targets: street coverage grows as the roll-out proceeds
    auto p = progress(s, beijing());
    REQUIRE(p.targets.size() == 2);
    const auto& street = p.targets[1].series;
    REQUIRE(street.size() == 3);
    CHECK(street[0].second < street[2].second);
}

namespace {
// The network a referral requested on `at` was routed on, rebuilt from the store alone: the
// store's facts in force on the first day of that month (Timeline::at) with each incubator's
// occupied set to the residents the store counts at the end of the day before (none before
// the first period).
std::string day_before(const std::string& first_of_month) {  // YYYY-MM-01 -> the last day before
    int y = std::stoi(first_of_month.substr(0, 4)), m = std::stoi(first_of_month.substr(5, 2)) - 1;
    if (m == 0) m = 12, --y;
    for (int d = 31;; --d) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        if (is_date(buf)) return buf;
    }
}
Network routed_network(const Store& s, const std::string& at) {
    const std::string first = at.substr(0, 8) + "01";
    Network n = s.timeline().at(beijing(), first);
    const auto start = s.periods().front().start;
    if (first > start) {
        const Network prev = s.network_at(beijing(), day_before(first));
        for (auto& node : n.nodes) {
            const auto* p = prev.find_node(node.id);
            node.occupied = p ? p->occupied : 0;
        }
    } else {
        for (auto& node : n.nodes) node.occupied = 0;
    }
    return n;
}
}  // namespace

TEST_CASE("simulation: every referral goes where the router sends it on the network of its month") {
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2018;
    o.scale = 0.02;
    o.evaluate = false;
    auto sum = simulate(s, beijing(), o);
    const auto refs = s.referrals();
    REQUIRE(sum.referrals > 200);
    CHECK(std::int64_t(refs.size()) == sum.referrals);
    CHECK(sum.router_builds == 24);
    // group the referrals by month: one rebuilt network and router per month
    std::map<std::string, std::vector<const hatchnet::referral::Referral*>> by_month;
    for (const auto& r : refs) by_month[r.history.at(0).at.substr(0, 7)].push_back(&r);
    std::size_t checked = 0, waitlisted = 0;
    for (const auto& [month, list] : by_month) {
        auto g = std::make_shared<const hatchnet::Graph>(routed_network(s, list.front()->history[0].at));
        hatchnet::referral::Router router(g);
        for (const auto* r : list) {
            hatchnet::referral::Request q;
            q.organization = r->organization;
            q.needs = r->needs;
            q.first_contact = r->first_contact;
            q.as_of = r->history[0].at;
            const auto res = router.route(q);
            auto v = res.chosen;
            if (res.status == hatchnet::referral::RouteStatus::waitlisted) v = res.waitlist->node, ++waitlisted;
            REQUIRE(v != hatchnet::Graph::null_vertex);
            CHECK_MESSAGE(g->network().nodes[v].id == r->node, r->id);
            ++checked;
        }
    }
    CHECK(checked == refs.size());
    CHECK(std::int64_t(waitlisted) == sum.waitlisted);
    // legal referral histories, each linked to the incubation it brought about
    std::map<std::string, Incubation> by_ref;
    for (auto& i : s.incubations()) by_ref[i.referral] = i;
    using hatchnet::referral::Status;
    for (const auto& r : refs) {
        for (std::size_t k = 1; k < r.history.size(); ++k)
            CHECK(hatchnet::referral::legal_transition(r.history[k - 1].status, r.history[k].status));
        REQUIRE(by_ref.count(r.id) == 1);
        const auto& inc = by_ref[r.id];
        CHECK(inc.node == r.node);
        CHECK(inc.organization == r.organization);
        CHECK(inc.history.front().at == r.history.front().at);
        const auto st = inc.stage;
        const Status want = st == IncubationStage::applied ? Status::requested
                            : st == IncubationStage::admitted ? Status::accepted
                            : st == IncubationStage::incubating ? Status::in_progress
                            : st == IncubationStage::graduated ? Status::completed
                            : st == IncubationStage::exited ? Status::failed
                            : inc.history.size() == 2 ? Status::rejected : Status::cancelled;
        CHECK(r.status == want);
    }
    CHECK(by_ref.size() == refs.size());
    CHECK(std::int64_t(s.incubation_count()) == sum.arrivals);
}

TEST_CASE("simulation: nobody is resident in two places at once") {
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2019;
    o.scale = 0.05;
    o.evaluate = false;
    simulate(s, beijing(), o);
    auto rows = s.query(
        "SELECT i.organization, e.at, CASE WHEN e.stage = 'admitted' THEN 1 ELSE -1 END FROM incubation_events e "
        "JOIN incubations i ON i.id = e.incubation WHERE e.stage = 'admitted' OR (e.from_stage IN ('admitted', "
        "'incubating') AND e.stage IN ('graduated', 'exited', 'withdrawn')) ORDER BY 2, 3, e.seq");
    std::map<std::string, int> places;
    int admissions = 0;
    for (const auto& r : rows) {
        places[r[0]] += std::stoi(r[2]);
        CHECK(places[r[0]] <= 1);
        CHECK(places[r[0]] >= 0);
        admissions += r[2] == "1";
    }
    CHECK(admissions > 100);
}

TEST_CASE("simulation: the coverage engine's plans appear as dated facts") {
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2019;
    o.scale = 0.01;
    o.evaluate = false;
    REQUIRE(o.growth == Growth::plan);
    auto sum = simulate(s, beijing(), o);
    const auto tl = s.timeline();
    // streets closed on the first day: the plan opens a quarter of them a year (rounded up)
    const Network day1 = s.network_at(beijing(), "2017-01-01");
    long closed = 0;
    for (const auto& n : beijing().nodes) closed += n.tier == hatchnet::Tier::street && !day1.find_node(n.id);
    REQUIRE(closed > 0);
    const long k = (closed + 3) / 4;
    std::int64_t openings = 0, places = 0;
    for (int y = 2017; y <= 2019; ++y) {
        const std::string ys = std::to_string(y);
        // the network at the start of the year, from the store alone (the first year: the
        // first day's, where the plan's openings dated that day are not open yet)
        Network start = y == 2017 ? s.network_at(beijing(), "2017-01-01")
                                  : s.network_at(beijing(), std::to_string(y - 1) + "-12-31");
        if (y == 2017)
            for (const auto& f : tl.facts)
                if (f.kind == FactKind::opened && f.note == "plan" && f.at == "2017-01-01")
                    std::erase_if(start.nodes, [&](const hatchnet::Node& n) { return n.id == f.subject; });
        if (y == 2017) start.edges.erase(std::remove_if(start.edges.begin(), start.edges.end(), [&](const hatchnet::Edge& e) {
            return !start.find_node(e.from) || !start.find_node(e.to); }), start.edges.end());
        hatchnet::Graph g(start);
        // openings: the same plan, independently set up, gives the opened facts of the year
        hatchnet::coverage::PlanOptions po;
        po.objective = hatchnet::coverage::Objective::coverage;
        po.k = k;
        po.site_tier = hatchnet::Tier::street;
        po.demand_level = hatchnet::RegionLevel::street;
        std::vector<std::string> ids;
        for (const auto& n : beijing().nodes)
            if (n.tier == hatchnet::Tier::street && !start.find_node(n.id)) {
                hatchnet::coverage::Candidate c;
                c.region = n.region;
                c.capacity = n.capacity;
                c.cost = 1;
                po.candidates.push_back(c);
                ids.push_back(n.id);
            }
        std::set<std::string> want, got;
        if (!po.candidates.empty())
            for (const auto& p : hatchnet::coverage::plan(g, po).picks) want.insert(ids[p.candidate]);
        for (const auto& f : tl.facts)
            if (f.kind == FactKind::opened && f.note == "plan" && f.at.substr(0, 4) == ys) got.insert(f.subject);
        CHECK(want == got);
        CHECK(std::int64_t(got.size()) == std::min<std::int64_t>(k, std::int64_t(po.candidates.size())));
        openings += std::int64_t(got.size());
        // places: split_budget of 5 % of the capacity in force, shared by the district's open
        // district and street incubators as capacity facts on 1 January
        std::map<std::string, std::int64_t> added;
        for (const auto& f : tl.facts)
            if (f.kind == FactKind::capacity && f.note == "plan" && f.at == ys + "-01-01") {
                const auto* n = start.find_node(f.subject);
                REQUIRE(n != nullptr);
                CHECK(std::stoll(f.value) > n->capacity);
                added[hatchnet::Network::district_of(n->region)] += std::stoll(f.value) - n->capacity;
            }
        if (y == 2017) {
            CHECK(added.empty());
            continue;
        }
        hatchnet::coverage::SplitOptions so;
        double in_force = 0;
        for (const auto& n : start.nodes)
            if (so.counted_tiers[std::size_t(n.tier)]) in_force += double(n.capacity);
        so.budget = 0.05 * in_force;
        std::int64_t bought = 0;
        for (const auto& row : hatchnet::coverage::split_budget(g, so).districts) {
            CHECK_MESSAGE(added[row.code] == std::llround(row.buy), row.code);
            bought += std::llround(row.buy);
        }
        CHECK(bought > 0);
        for (const auto& [d, n] : added) places += n;
    }
    CHECK(openings == sum.plan_openings);
    CHECK(places == sum.plan_places);
    CHECK(openings > 0);
}

TEST_CASE("simulation: national shape, every organization arrives once") {
    hatchnet::synth::NationalOptions no;
    no.provinces = 2;
    no.prefectures = 4;
    no.counties = 12;
    no.streets = 120;
    no.scale = 0.2;
    const Network net = hatchnet::synth::national_synthetic(no);
    REQUIRE(net.organizations.size() > 300);
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2018;
    o.last_year = 2019;
    o.all_arrive = true;
    o.evaluate = true;
    auto sum = simulate(s, net, o);
    // each organization applies once (the router finds a place for it) or is unrouted
    auto rows = s.query("SELECT count(*), count(DISTINCT organization) FROM incubations");
    CHECK(rows.at(0).at(0) == rows.at(0).at(1));
    CHECK(sum.arrivals + sum.unrouted == std::int64_t(net.organizations.size()));
    CHECK(sum.arrivals == std::stoll(rows.at(0).at(0)));
    CHECK(sum.referrals == sum.arrivals);
    CHECK(sum.plan_places > 0);
    CHECK(sum.evaluated.size() == 2);
}
