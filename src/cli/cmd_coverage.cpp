// hatchnet coverage | plan — coverage, balance and placement planning; the demo section.
#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <map>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "hatchnet/coverage/json.hpp"
#include "hatchnet/graph.hpp"

namespace hatchnet::cli {
namespace {

using namespace hatchnet::coverage;

std::string fmt(double x, int prec = 3) {
    if (!std::isfinite(x)) return "-";
    std::ostringstream s;
    s << std::fixed << std::setprecision(prec) << x;
    return s.str();
}

/// Pad a UTF-8 string to `cols` display columns (CJK = 2 columns).
std::string padded(const std::string& s, int cols) {
    int w = 0;
    for (unsigned char ch : s) w += (ch & 0xC0) != 0x80 ? (ch >= 0xE0 ? 2 : 1) : 0;
    return s + std::string(w < cols ? cols - w : 0, ' ');
}

void print_balance(const BalanceReport& b, std::ostream& os) {
    os << "  " << std::left << std::setw(24) << "indicator" << std::setw(10) << "across" << std::right
       << std::setw(8) << "gini" << std::setw(9) << "theil" << std::setw(10) << "between" << std::setw(9)
       << "within" << "\n";
    for (const auto& q : b.metrics)
        os << "  " << std::left << std::setw(24) << q.indicator << std::setw(10) << (q.level + "s") << std::right
           << std::setw(8) << fmt(q.gini) << std::setw(9) << fmt(q.theil) << std::setw(10) << fmt(q.theil_between)
           << std::setw(9) << fmt(q.theil_within) << "\n";
    os << "  city average: " << fmt(b.city_capacity_per_org) << " capacity per organization, "
       << fmt(b.city_capacity_per_10k, 2) << " per 10,000 residents\n";
    os << "  furthest from the average:\n";
    for (const auto& o : b.furthest)
        os << "    " << std::left << std::setw(28) << o.indicator << padded(o.name, 12) << " " << o.code << "  "
           << fmt(o.value) << " (" << fmt(o.ratio, 2) << "x the city, " << o.direction << ")\n";
    for (const auto& n : b.notes) os << "  note: " << n << "\n";
}

void print_sameness(const SamenessReport& r, std::ostream& os, std::size_t max_districts) {
    const auto& n = r.network;
    os << "  mean Jaccard similarity of service profiles: between tiers " << fmt(n.between) << ", within a tier "
       << fmt(n.within) << " (" << n.nodes << " nodes; 0 = distinct, 1 = identical)\n";
    os << "  " << std::left << std::setw(13) << "tier" << std::setw(13) << "tier" << std::right << std::setw(12)
       << "pairs" << std::setw(9) << "jaccard" << "\n";
    for (int a = 0; a < tier_count; ++a)
        for (int b = a; b < tier_count; ++b)
            if (n.pairs[a][b] > 0)
                os << "  " << std::left << std::setw(13) << to_string(Tier(a)) << std::setw(13) << to_string(Tier(b))
                   << std::right << std::setw(12) << n.pairs[a][b] << std::setw(9) << fmt(n.pair[a][b]) << "\n";
    // the districts whose tiers look most alike
    std::vector<const SamenessGroup*> d;
    for (const auto& x : r.districts)
        if (std::isfinite(x.between)) d.push_back(&x);
    std::stable_sort(d.begin(), d.end(), [](auto* x, auto* y) { return x->between > y->between; });
    if (!d.empty()) os << "  districts whose tiers look most alike (between, within):\n";
    for (std::size_t i = 0; i < d.size() && i < max_districts; ++i)
        os << "    " << d[i]->code << " " << padded(d[i]->name, 10) << " " << fmt(d[i]->between) << "  "
           << fmt(d[i]->within) << "\n";
    for (const auto& x : r.notes) os << "  note: " << x << "\n";
}

void print_staffing(const StaffReport& r, std::ostream& os) {
    const auto& t = r.total;
    os << "  " << t.recorded << " of " << t.nodes << " nodes report staff: " << t.staff << " staff, " << t.trained
       << " trained (" << fmt(100 * t.trained_share, 1) << "%), " << t.funded_posts << " funded posts, mean pay "
       << fmt(t.mean_pay, 0);
    if (std::isfinite(r.pay_floor)) os << " (floor " << fmt(r.pay_floor, 0) << "; " << t.below_floor << " nodes below)";
    os << "\n";
    if (t.recorded == 0) return;
    os << "  " << std::left << std::setw(8) << "code" << padded("district", 12) << std::right << std::setw(7) << "staff"
       << std::setw(9) << "trained" << std::setw(8) << "funded" << std::setw(10) << "orgs/staff" << std::setw(10)
       << "mean pay" << std::setw(8) << "below" << "\n";
    for (const auto& d : r.districts) {
        if (d.recorded == 0) continue;
        os << "  " << std::left << std::setw(8) << d.code << padded(d.name, 12) << std::right << std::setw(7) << d.staff
           << std::setw(8) << fmt(100 * d.trained_share, 0) << "%" << std::setw(8) << d.funded_posts << std::setw(10)
           << fmt(d.orgs_per_staff, 2) << std::setw(10) << fmt(d.mean_pay, 0) << std::setw(8) << d.below_floor << "\n";
    }
}

void print_coverage(const CoverageReport& r, std::ostream& os, std::size_t max_lacking) {
    const auto& s = r.summary;
    os << "  " << s.districts << " districts (" << s.districts_lacking << " without a district incubator), "
       << s.streets << " streets (" << s.streets_lacking << " without a street incubator), " << s.communities
       << " communities\n";
    os << "  " << s.incubators << " incubators, capacity " << s.capacity << ", " << s.organizations
       << " organizations, population " << std::fixed << std::setprecision(0) << s.population << "\n";
    if (r.hops_computed)
        os << "  hops from a community to its nearest street incubator: mean " << fmt(s.mean_hops_street, 2)
           << ", within 2 hops: " << fmt(100 * s.share_street_within_2, 1) << "%\n";
    if (r.access_computed)
        os << "  2SFCA (" << fmt(r.catchment_km, 1) << " km): mean access " << fmt(s.mean_access, 2)
           << " capacity per 10,000 residents\n";
    os << "  " << std::left << std::setw(8) << "code" << padded("district", 12) << std::right << std::setw(8)
       << "incub." << std::setw(9) << "capacity" << std::setw(8) << "orgs" << std::setw(10) << "orgs/inc."
       << std::setw(10) << "cap/org" << std::setw(13) << "people/inc." << std::setw(9) << "access" << "\n";
    for (const auto& x : r.regions) {
        if (x.level != RegionLevel::county) continue;
        os << "  " << std::left << std::setw(8) << x.code << padded(x.name, 12) << std::right << std::setw(8)
           << x.incubators << std::setw(9) << x.capacity << std::setw(8) << x.organizations << std::setw(10)
           << fmt(x.orgs_per_incubator, 1) << std::setw(10) << fmt(x.capacity_per_org) << std::setw(13)
           << fmt(x.people_per_incubator, 0) << std::setw(9) << fmt(x.access, 2) << "\n";
    }
    std::size_t shown = 0;
    for (const auto& x : r.regions) {
        if (x.missing.empty()) continue;
        if (shown++ == 0) os << "  lacking an expected incubator:\n";
        if (shown > max_lacking) continue;
        os << "    " << x.code << " " << x.name << " (no " << x.missing << " incubator)\n";
    }
    if (shown > max_lacking) os << "    ... and " << shown - max_lacking << " more\n";
    for (const auto& n : r.notes) os << "  note: " << n << "\n";
}

void print_plan(const PlanResult& p, const Network& net, std::ostream& os, std::size_t max_picks) {
    const char* unit = p.objective == Objective::p_median ? "weighted km"
                       : p.objective == Objective::minmax ? "worst shortfall"
                                                          : "organizations covered";
    os << "  objective " << to_string(p.objective) << " by " << p.method << " (" << to_string(p.status) << "): "
       << p.picks.size() << " picks, cost " << fmt(p.cost, 2);
    if (std::isfinite(p.budget)) os << " of " << fmt(p.budget, 2);
    os << "\n  " << unit << ": " << fmt(p.value_before, 1) << " -> " << fmt(p.value_after, 1) << "\n";
    if (std::isfinite(p.guarantee))
        os << "  guarantee: at least " << fmt(100 * p.guarantee, 1) << "% of the optimum's gain";
    if (std::isfinite(p.upper_bound)) os << "; optimum's gain at most " << fmt(p.upper_bound, 1);
    if (std::isfinite(p.guarantee)) os << "\n";
    if (p.exact_status != SolveStatus::empty)
        os << "  exact: " << fmt(p.exact_value, 1) << " (" << to_string(p.exact_status)
           << "), greedy/exact = " << fmt(p.ratio_to_exact, 3) << "\n";
    for (std::size_t q = 0; q < p.picks.size() && q < max_picks; ++q) {
        const auto& x = p.picks[q];
        std::string district;
        if (auto r = net.find_region(x.district)) district = r->name;
        os << "  " << std::right << std::setw(3) << q + 1 << ". " << (x.node.empty() ? "new " + std::string(to_string(x.tier))
                                                                           : "expand " + x.node)
           << " in " << x.region << " " << padded(x.name, 14) << " " << padded(district, 10) << " +" << x.capacity
           << " cap, cost " << fmt(x.cost, 2) << ", gain " << fmt(x.gain, 1);
        if (x.mode) os << ", " << to_string(*x.mode);
        if (x.operation) os << " / " << to_string(*x.operation);
        os << "\n";
    }
    if (p.picks.size() > max_picks) os << "  ... and " << p.picks.size() - max_picks << " more picks\n";
    for (const auto& n : p.notes) os << "  note: " << n << "\n";
}

/// The network of coverage and plan: --network, else the positional argument.
std::string network_spec(const std::string& option, const std::string& positional) {
    if (!option.empty()) return option;
    if (!positional.empty()) return positional;
    throw usage_error("missing the network: give --network FILE (or FILE)");
}

struct CoverageArgs {
    std::string network, positional;
    std::optional<double> catchment;
    std::optional<std::string> options;
    long long top = 5, lacking = 20;
    Ui ui;
};

int cmd_coverage(const CoverageArgs& a, std::ostream& out, std::ostream&) {
    const std::string spec = network_spec(a.network, a.positional);
    Progress progress(a.ui, "coverage");
    progress.stage("loading the network");
    Graph g(load_network(spec));
    nlohmann::json o = nlohmann::json::object();
    if (a.catchment) o["catchment_km"] = *a.catchment;
    if (a.options) o.update(parse_options(options_text(*a.options)));
    progress.stage("coverage and balance");
    auto cov = analyse(g, coverage_options_from_json(o));
    auto bal = balance(cov, std::size_t(a.top));
    auto same = sameness(g);
    auto staff = staffing(g);
    progress.done();
    if (a.ui.json) {
        print_json(out, {{"coverage", to_json(cov)},
                         {"balance", to_json(bal)},
                         {"sameness", to_json(same)},
                         {"staffing", to_json(staff)}});
        return 0;
    }
    out << "coverage of " << g.network().name << "\n";
    print_coverage(cov, out, std::size_t(a.lacking));
    out << "\nbalance\n";
    print_balance(bal, out);
    out << "\ntier sameness\n";
    print_sameness(same, out, std::size_t(a.top));
    out << "\nstaff\n";
    print_staffing(staff, out);
    return 0;
}

void network_options(Options& o, std::string& network, std::string& positional) {
    o.value("--network", network, "the network file (- for standard input; beijing for the embedded dataset)")
        .value_name("FILE");
    o.positional("NETWORK", positional, "the network file, when --network is not given");
}

Run define_coverage(Options& o) {
    auto a = std::make_shared<CoverageArgs>();
    network_options(o, a->network, a->positional);
    o.value("--catchment", a->catchment, "2SFCA catchment radius in km (> 0)").value_name("KM").default_text("3");
    o.value("--options", a->options,
            "coverage options as JSON text, a JSON file, or - for standard input (docs/algorithms/coverage.md)")
        .value_name("JSON|FILE");
    o.value("--top", a->top, "regions listed as furthest from the average, per indicator");
    o.value("--lacking", a->lacking, "regions lacking an expected incubator listed in the text output");
    o.ui(a->ui);
    o.footer("With --json: {\"coverage\": ..., \"balance\": ..., \"sameness\": ..., \"staffing\": ...} as docs/algorithms/coverage.md and docs/policy.md describe.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_coverage(*a, out, err); };
}

struct PlanArgs {
    std::string network, positional;
    std::optional<double> budget, site_cost, radius;
    std::optional<long long> k, site_capacity, seed, requests, needs;
    std::optional<std::string> objective, site_tier, candidate_level, options;
    bool exact = false, scenario = false;
    long long show = 50;
    Ui ui;
};

int cmd_plan(const PlanArgs& a, std::ostream& out, std::ostream&) {
    const std::string spec = network_spec(a.network, a.positional);
    if (!a.budget && !a.k) throw usage_error("give --budget B or --k K (or both)");
    Progress progress(a.ui, "plan");
    progress.stage("loading the network");
    std::optional<Graph> graph;
    graph.emplace(load_network(spec));
    const Graph& g = *graph;
    nlohmann::json o = nlohmann::json::object();
    if (a.budget) o["budget"] = *a.budget;
    if (a.k) o["k"] = *a.k;
    if (a.objective) o["objective"] = *a.objective;
    if (a.site_tier) o["site_tier"] = *a.site_tier;
    if (a.candidate_level) o["candidate_level"] = *a.candidate_level;
    if (a.site_cost) o["site_cost"] = *a.site_cost;
    if (a.site_capacity) o["site_capacity"] = *a.site_capacity;
    if (a.radius) o["radius_km"] = *a.radius;
    if (a.exact) o["compare_exact"] = true;
    if (a.options) o.update(parse_options(options_text(*a.options)));
    nlohmann::json demand = nlohmann::json::object();
    if (a.seed) demand["seed"] = *a.seed;
    if (a.requests) demand["requests"] = *a.requests;
    if (a.needs) demand["needs"] = *a.needs;
    if (a.ui.json) {
        if (a.scenario) o["scenario"] = true, o["demand"] = demand;
        progress.stage(a.scenario ? "planning, then the scenario before and after" : "planning");
        const nlohmann::json result = plan_json(g, o.dump());
        progress.done();
        print_json(out, result);
        return 0;
    }
    progress.stage("planning");
    const PlanResult p = plan(g, plan_options_from_json(o));
    std::optional<ScenarioReport> scenario;
    if (a.scenario) {
        ScenarioOptions so;
        so.demand = scenario_demand_from_json(demand);
        progress.stage("scenario: coverage, balance, referral and matching before and after");
        scenario = run_scenario(g, p, so);
    }
    progress.done();
    out << "plan for " << g.network().name << "\n";
    print_plan(p, g.network(), out, std::size_t(a.show));
    if (scenario) {
        const ScenarioReport& s = *scenario;
        out << "\nscenario: " << s.added.size() << " new nodes, " << s.expanded.size() << " expanded\n";
        out << "  capacity " << s.coverage_before.capacity << " -> " << s.coverage_after.capacity
            << "; streets lacking " << s.coverage_before.streets_lacking << " -> " << s.coverage_after.streets_lacking
            << "\n";
        for (std::size_t i = 0; i < s.balance_before.metrics.size(); ++i) {
            const auto& b = s.balance_before.metrics[i];
            const auto& c = s.balance_after.metrics[i];
            out << "  gini " << b.indicator << " across " << b.level << "s: " << fmt(b.gini) << " -> " << fmt(c.gini)
                << "\n";
        }
        out << "  tier sameness (mean Jaccard between tiers): " << fmt(s.sameness_before.between) << " -> "
            << fmt(s.sameness_after.between) << "\n";
        if (s.outcomes) {
            const auto& oc = *s.outcomes;
            if (oc.referral) {
                const auto &rb = oc.referral_before, &ra = oc.referral_after;
                out << "  referral of " << rb.requests << " requests (same batch on both networks): placed "
                    << rb.routed << " -> " << ra.routed << ", waitlisted " << rb.waitlisted << " -> " << ra.waitlisted
                    << ", total fit " << fmt(rb.total_score, 1) << " -> " << fmt(ra.total_score, 1) << "\n";
                std::size_t at_new = 0;
                for (const auto& [id, c] : oc.placed_at_new) at_new += c;
                out << "  requests placed at the new sites: " << at_new << "\n";
            }
            if (oc.matching) {
                const auto &mb = oc.match_before, &ma = oc.match_after;
                out << "  matching of " << oc.needs << " needs (resources " << oc.resources_before << " -> "
                    << oc.resources_after << "): served share " << fmt(mb.served_share) << " -> "
                    << fmt(ma.served_share) << ", priority-weighted served " << mb.weighted_served << " -> "
                    << ma.weighted_served << ", cost " << fmt(mb.cost, 1) << " -> " << fmt(ma.cost, 1) << "\n";
            }
            std::size_t shown = 0;
            for (const auto& d : oc.districts) {
                if (d.routed_after == d.routed_before && d.served_after == d.served_before) continue;
                if (shown++ == 0) out << "  districts that changed (placed; served):\n";
                out << "    " << d.code << " " << padded(d.name, 10) << " placed " << d.routed_before << " -> "
                    << d.routed_after << "; served " << d.served_before << " -> " << d.served_after << " of "
                    << d.requested << "\n";
            }
            for (const auto& n : oc.notes) out << "  note: " << n << "\n";
        }
        for (auto it = s.hooks.begin(); it != s.hooks.end(); ++it) out << "  " << it.key() << ": " << it.value().dump() << "\n";
    }
    return 0;
}

Run define_plan(Options& o) {
    auto a = std::make_shared<PlanArgs>();
    network_options(o, a->network, a->positional);
    o.value("--budget", a->budget, "the total cost of the picks may not exceed this (>= 0)")
        .value_name("B")
        .default_text("none");
    o.value("--k", a->k, "at most this many picks").default_text("no bound");
    o.value("--objective", a->objective, "coverage, served, minmax or p_median").default_text("coverage");
    o.value("--site-tier", a->site_tier, "the tier of a new site").value_name("TIER").default_text("street");
    o.value("--candidate-level", a->candidate_level, "candidate sites: one per region of this level")
        .value_name("LEVEL")
        .default_text("street");
    o.value("--site-cost", a->site_cost, "the cost of one new site").default_text("1");
    o.value("--site-capacity", a->site_capacity, "the capacity of a new site")
        .default_text("the median of the existing sites of its tier");
    o.value("--radius", a->radius, "coverage: a site also covers within this distance (0: its region only)")
        .value_name("KM")
        .default_text("0");
    o.flag("--exact", a->exact, "also solve exactly (small candidate sets) and compare");
    o.value("--options", a->options,
            "plan options as JSON text, a JSON file, or - for standard input (docs/algorithms/coverage.md)")
        .value_name("JSON|FILE");
    o.flag("--scenario", a->scenario,
           "apply the plan and compare coverage, balance, referral and matching before and after");
    o.value("--seed", a->seed, "scenario: the seed of the generated demand").default_text("2017");
    o.value("--requests", a->requests, "scenario: generated referral requests").default_text("2000");
    o.value("--needs", a->needs, "scenario: generated needs").default_text("5000");
    o.value("--show", a->show, "picks listed in the text output");
    o.ui(a->ui);
    o.footer("Give --budget, --k or both. With --json: the plan (and with --scenario its scenario) as "
             "docs/algorithms/coverage.md describes. Exits 1 when an option's value is refused (a negative budget, an unknown "
             "objective).");
    return [a](std::ostream& out, std::ostream& err) { return cmd_plan(*a, out, err); };
}

const Register r_coverage{{"coverage", "coverage --network FILE [--catchment KM] [--json]",
                           "coverage of every region by tier, accessibility and the Gini/Theil balance",
                           define_coverage}};
const Register r_plan{{"plan", "plan --network FILE --budget B [--k K] [--objective O] [--scenario [--seed S] [--requests N] [--needs N]]",
                       "choose new incubator sites under a budget (coverage, served, minmax, p_median)",
                       define_plan}};

const RegisterDemo d_functions{
    {65, "Tier functions and sameness", [](const Network& net, std::ostream& os) {
         std::array<std::size_t, tier_count> nodes{}, lacking{}, missing{};
         for (const auto& n : net.nodes) {
             auto m = net.vocabulary.missing_functions(n.tier, n.services);
             ++nodes[std::size_t(n.tier)];
             missing[std::size_t(n.tier)] += m.size();
             if (!m.empty()) ++lacking[std::size_t(n.tier)];
         }
         os << "  mandated functions (§4) a node does not perform (validate's missing_function warnings):\n";
         for (int t = 0; t < tier_count; ++t)
             if (!net.vocabulary.mandates[t].empty())
                 os << "    " << std::left << std::setw(12) << to_string(Tier(t)) << std::right
                    << net.vocabulary.mandates[t].size() << " functions; " << lacking[t] << " of " << nodes[t]
                    << " nodes lack one, " << missing[t] << " missing in all\n";
         print_sameness(sameness(net), os, 3);
     }}};

const RegisterDemo d_coverage{
    {70, "Coverage, balance and a plan", [](const Network& net, std::ostream& os) {
         Graph g(net);
         auto cov = analyse(g);
         const auto& s = cov.summary;
         os << "  " << s.districts_lacking << " of " << s.districts << " districts lack a district incubator, "
            << s.streets_lacking << " of " << s.streets << " streets a street incubator, " << s.communities_lacking
            << " of " << s.communities << " communities a station (not expected by default)\n";
         std::size_t no_station = 0;
         for (const auto& x : cov.regions)
             if (x.level == RegionLevel::community && x.within[std::size_t(Tier::community)] == 0) ++no_station;
         os << "  communities without a station of their own: " << no_station << "\n";
         auto bal = balance(cov, 3);
         print_balance(bal, os);
         PlanOptions p;
         p.objective = Objective::minmax;
         p.k = 10;
         p.budget = 10;
         auto res = plan(g, p);
         os << "  a plan: 10 new street incubators (budget 10, cost 1 each) against the worst district's shortfall\n";
         print_plan(res, net, os, 10);
         PlanOptions c;
         c.objective = Objective::coverage;
         c.site_tier = Tier::community;
         c.candidate_level = RegionLevel::community;
         c.k = 50;
         auto cres = plan(g, c);
         os << "  50 new community stations (maximal covering by region): organizations reached "
            << fmt(cres.value_before, 0) << " -> " << fmt(cres.value_after, 0) << " by " << cres.method << "\n";
         PlanOptions mixed;
         mixed.objective = Objective::served;
         mixed.budget = 11;
         mixed.site_capacity = 20;
         mixed.modes = {{BuildMode::new_build, std::nullopt, 4.0, 60},
                        {BuildMode::conversion, OperationMode::publicly_built_socially_run, 1.5, 20},
                        {BuildMode::co_build, std::nullopt, 1.0, 10}};
         auto mres = plan(g, mixed);
         std::map<std::string, int> by_mode;
         for (const auto& x : mres.picks) ++by_mode[x.mode ? std::string(to_string(*x.mode)) : "-"];
         os << "  a mixed-mode plan, budget 11: new build (cost 4, +60), conversion run as 公建民营 (cost 1.5, +20), "
               "co-build (cost 1, +10): " << mres.picks.size() << " sites, cost " << fmt(mres.cost, 1)
            << ", organizations served " << fmt(mres.value_before, 0) << " -> " << fmt(mres.value_after, 0) << " (";
         bool first = true;
         for (const auto& [m, c] : by_mode) os << (first ? "" : ", ") << m << " " << c, first = false;
         os << ")\n";
         SplitOptions so;
         so.budget = 2000;
         auto split = split_budget(g, so);
         os << "  a purchase-of-services budget of 2000 capacity units, water-filled: capacity per organization "
            << "min " << fmt(split.min_before) << " -> " << fmt(split.min_after) << ", Gini across districts "
            << fmt(split.gini_before) << " -> " << fmt(split.gini_after) << "\n";
     }}};

}  // namespace
}  // namespace hatchnet::cli
