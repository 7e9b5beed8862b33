// hatchnet match | mcf | match-demo — the match engine on the command line, and its section of
// `hatchnet demo`.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/match/dimacs.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/synth/demand.hpp"

namespace hatchnet::cli {
namespace {

struct MatchArgs {
    std::string network, needs, resources, out;
    std::optional<std::string> options, fair, distance, providers;
    bool no_pooling = false;
    std::optional<double> share, time_limit;
    bool pretty = false;
    Ui ui;
};

int cmd_match(const MatchArgs& a, std::ostream& out, std::ostream& err) {
    Progress progress(a.ui, "match");
    progress.stage("loading the network");
    Graph g(load_network(a.network));
    progress.stage("reading the needs and resources");
    auto needs = match::parse_needs(read_input(a.needs));
    auto res = match::parse_resources(read_input(a.resources));
    match::MatchOptions opt;
    if (a.options) opt = match::parse_match_options(read_input(*a.options));
    if (a.fair) {
        const auto by = match::parse_fair_by(*a.fair);
        if (!by) throw input_error("command line", "--fair", "'" + *a.fair + "' is not one of district, street, group, none");
        opt.fair.by = *by;
    }
    if (a.share) opt.fair.share = *a.share;
    if (a.distance) {
        const auto d = match::parse_distance_mode(*a.distance);
        if (!d) throw input_error("command line", "--distance", "'" + *a.distance + "' is not one of region, hops");
        opt.distance = *d;
    }
    if (a.providers) {
        const auto p = match::parse_providers(*a.providers);
        if (!p) throw input_error("command line", "--providers", "'" + *a.providers + "' is not one of any, home");
        opt.providers = *p;
    }
    if (a.no_pooling) opt.pooling = false;
    if (a.time_limit) {
        const double t = *a.time_limit;
        if (!std::isfinite(t) || t < 0) throw input_error("command line", "--time-limit", "must be a number of seconds >= 0");
        opt.time_limit = t;
    }
    progress.stage("building the flow network");
    match::ResourceMatcher m(g, std::move(needs), std::move(res), opt);
    m.build();
    if (progress.shown()) {
        // pivots over all phases; the ETA from the phases done so far (phases differ in size)
        struct Acc {
            int phase = -1;
            std::int64_t before = 0, last = 0;
        };
        auto acc = std::make_shared<Acc>();
        m.set_progress([&progress, acc](int phase, int phases, const algo::MinCostFlow::Progress& p) {
            if (phase != acc->phase) acc->before += acc->last, acc->phase = phase, acc->last = 0;
            acc->last = p.pivots;
            std::string extra = "phase " + std::to_string(phase + 1) + "/" + std::to_string(phases);
            if (phase > 0) {
                char eta[64];
                std::snprintf(eta, sizeof eta, ", ETA ~%.0f s", p.seconds / phase * (phases - phase));
                extra += eta;
            }
            progress.count(double(acc->before + p.pivots), 0, "pivots", extra);
            return true;
        });
        progress.stage("solving");
    }
    const auto status = m.run();
    progress.done();
    if (status != algo::MinCostFlow::Status::optimal)
        err << "stopped: " << algo::to_string(status) << " (limit " << opt.time_limit
            << " s); no allocation was made, every need is reported not_solved\n";
    write_output(a.out, match::match_result_to_json(m).dump(a.pretty ? 2 : -1) + "\n", out);
    const auto& r = m.result();
    std::size_t unserved = 0;
    for (const auto& o : r.needs) unserved += o.served < o.requested;
    err << m.needs().size() << " needs, " << m.resources().size() << " resources: served " << r.served << " of "
        << r.requested << " units (" << std::fixed << std::setprecision(1)
        << (r.requested ? 100.0 * double(r.served) / double(r.requested) : 100.0) << "%), " << unserved
        << " needs not fully served, total cost " << std::setprecision(2) << r.total_cost
        << (opt.fair.by != match::FairBy::none ? (r.floors_met ? ", all fairness floors met" : ", some fairness floors NOT met (infeasible)") : "");
    // served from consortium pools (§5.1): units per consortium, "via consortium C"
    std::map<std::int32_t, std::int64_t> via;
    for (const auto& x : r.assignments)
        if (x.consortium >= 0) via[x.consortium] += x.quantity;
    for (const auto& [c, q] : via) err << ", " << q << " via consortium " << g.network().consortia[std::size_t(c)].id;
    err << "\n";
    return 0;
}

Run define_match(Options& o) {
    auto a = std::make_shared<MatchArgs>();
    a->out = "-";
    o.value("--network", a->network, "the network file (- for standard input; beijing for the embedded dataset)")
        .value_name("FILE")
        .required();
    o.value("--needs", a->needs, "the needs, a JSON array (- for standard input)").value_name("FILE").required();
    o.value("--resources", a->resources, "the resources, a JSON array (- for standard input)")
        .value_name("FILE")
        .required();
    o.value("--options", a->options, "the matcher's options as a JSON file (- for standard input)")
        .value_name("FILE");
    o.value("--fair", a->fair, "fairness floors by district, street, group or none")
        .value_name("BY")
        .default_text("none, or the options file's");
    o.value("--share", a->share, "the floors' share of the proportional allocation, in [0, 1]").default_text("1");
    o.value("--distance", a->distance, "distance cost by region (same street / district / city) or hops")
        .value_name("MODE")
        .default_text("region");
    o.value("--providers", a->providers,
            "who may serve a need: any provider, or home (the need's incubator and its consortia's pools)")
        .value_name("WHO")
        .default_text("any, or the options file's");
    o.flag("--no-pooling", a->no_pooling, "ignore the network's consortia (with --providers home: own resources only)");
    o.value("--time-limit", a->time_limit, "wall-time limit in seconds over all flow phases (0: none)")
        .value_name("SECONDS")
        .default_text("0");
    o.value("--out", a->out, "where the result JSON goes (- for standard output)").value_name("FILE");
    o.flag("--pretty", a->pretty, "indent the result JSON");
    o.ui(a->ui);
    o.footer("The result is JSON (assignments, every need with its reason when not fully served, groups, "
             "summary); --json changes nothing. A summary line goes to standard error.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_match(*a, out, err); };
}

struct McfArgs {
    std::string file, mode = "exact", algorithm = "automatic";
    bool flows = false;
    Ui ui;
};

int cmd_mcf(const McfArgs& a, std::ostream& out, std::ostream& err) {
    if (a.mode != "exact" && a.mode != "max-flow")
        throw input_error("command line", "--mode", "'" + a.mode + "' is not one of exact, max-flow");
    const auto solver = algo::parse_min_cost_flow_algorithm(a.algorithm);
    if (!solver)
        throw input_error("command line", "--algorithm",
                          "'" + a.algorithm + "' is not one of automatic, network_simplex, cost_scaling");
    // progress only on request: the solve time printed stays the solver's own
    Ui ui = a.ui;
    if (!ui.progress) ui.quiet = true;
    Progress progress(ui, "mcf");
    progress.stage("reading " + a.file);
    auto t0 = std::chrono::steady_clock::now();
    algo::MinCostFlow f = [&] {
        if (!is_std(a.file)) return match::read_dimacs_file(a.file);
        std::istringstream in(read_input(a.file));
        return match::read_dimacs(in, "standard input");
    }();
    auto t1 = std::chrono::steady_clock::now();
    f.set_algorithm(*solver);
    if (progress.shown()) {
        f.set_progress([&progress](const algo::MinCostFlow::Progress& p) {
            std::ostringstream extra;
            extra << "objective " << p.objective;
            if (p.infeasibility > 0) extra << ", infeasibility " << p.infeasibility;
            progress.count(double(p.pivots), 0, "pivots", extra.str());
            return true;
        });
        progress.stage("solving");
    }
    const auto st = f.run(a.mode == "exact" ? algo::MinCostFlow::Mode::exact
                                            : algo::MinCostFlow::Mode::max_flow_min_cost);
    auto t2 = std::chrono::steady_clock::now();
    progress.done();
    const double read_s = std::chrono::duration<double>(t1 - t0).count();
    const double solve_s = std::chrono::duration<double>(t2 - t1).count();
    const bool optimal = st == algo::MinCostFlow::Status::optimal;
    std::int64_t left = 0;
    for (auto u : f.unrouted()) left += u > 0 ? u : 0;
    if (!optimal)
        err << "hatchnet mcf: the problem is " << algo::to_string(st)
            << (st == algo::MinCostFlow::Status::infeasible
                    ? " (no flow meets every supply and demand; try --mode max-flow for a partial answer)"
                    : st == algo::MinCostFlow::Status::unbounded ? " (a negative-cost cycle of infinite capacity)" : "")
            << "\n";
    if (a.ui.json) {
        nlohmann::json j = {{"nodes", f.node_count()},          {"arcs", f.arc_count()},
                            {"mode", a.mode},                    {"status", std::string(algo::to_string(st))},
                            {"read_seconds", read_s},            {"solve_seconds", solve_s},
                            {"pivots", f.iterations()},
                            {"algorithm", std::string(algo::to_string(f.last_algorithm()))}};
        if (optimal) {
            j["cost"] = f.total_cost();
            if (a.mode == "max-flow") j["routed"] = f.routed(), j["unrouted_supply"] = left;
            if (a.flows) {
                nlohmann::json fl = nlohmann::json::array();
                for (algo::MinCostFlow::arc_t e = 0; e < f.arc_count(); ++e)
                    fl.push_back({{"arc", e + 1}, {"tail", f.tail(e) + 1}, {"head", f.head(e) + 1}, {"flow", f.flow(e)}});
                j["flows"] = std::move(fl);
            }
        }
        print_json(out, j);
        return optimal ? 0 : 1;
    }
    out << "nodes: " << f.node_count() << ", arcs: " << f.arc_count() << "\n";
    if (!optimal) {
        out << "status: " << algo::to_string(st) << "\n";
        return 1;
    }
    out << "status: optimal\n";
    out << "cost: " << f.total_cost() << "\n";
    if (a.mode == "max-flow") out << "routed: " << f.routed() << ", unrouted supply: " << left << "\n";
    out << std::fixed << std::setprecision(4) << "time: " << solve_s << " s (solve), " << read_s
        << " s (read); " << (f.last_algorithm() == algo::MinCostFlowAlgorithm::cost_scaling ? "relabels: " : "pivots: ")
        << f.iterations() << "\n";
    if (a.flows) {
        out << "flows (arc: tail -> head = flow, DIMACS numbering):\n";
        for (algo::MinCostFlow::arc_t e = 0; e < f.arc_count(); ++e)
            out << "  " << e + 1 << ": " << f.tail(e) + 1 << " -> " << f.head(e) + 1 << " = " << f.flow(e) << "\n";
    }
    return 0;
}

Run define_mcf(Options& o) {
    auto a = std::make_shared<McfArgs>();
    o.positional("FILE", a->file, "a DIMACS min-cost flow problem (- for standard input)").required();
    o.value("--mode", a->mode,
            "exact (every supply and demand met, else infeasible) or max-flow (route as much as possible, "
            "then at least cost)");
    o.flag("--flows", a->flows, "also print the flow on every arc, in the file's arc order");
    o.value("--algorithm", a->algorithm,
            "the solver: automatic, network_simplex or cost_scaling (integer costs; docs/algorithms/min_cost_flow.md)")
        .value_name("NAME")
        .default_text("automatic");
    o.ui(a->ui);
    o.footer("Prints nodes and arcs, the status, 'cost: <optimal cost>' and the time; exits 1 when the "
             "problem is infeasible or unbounded. Progress (pivots, rate, objective) only with --progress, "
             "so that the time printed is the solver's own.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_mcf(*a, out, err); };
}

struct MatchDataArgs {
    std::string network = "beijing", needs_out, resources_out;
    long long seed = 2017, count = 0;
    Ui ui;
};

int cmd_match_data(const MatchDataArgs& a, std::ostream& out, std::ostream& err) {
    one_stdout({&a.needs_out, &a.resources_out}, "--needs-out and --resources-out");
    if (a.ui.json && (is_std(a.needs_out) || is_std(a.resources_out)))
        throw usage_error("--json and an output '-' both write standard output: give the outputs files");
    if (a.count < 0) throw input_error("command line", "--count", "must be >= 0");
    Progress progress(a.ui, "match-data");
    progress.stage("loading the network");
    Network net = load_network(a.network);
    synth::DemandOptions o;
    o.seed = static_cast<std::uint64_t>(a.seed);
    o.needs = static_cast<std::size_t>(a.count);
    progress.stage("generating needs and resources");
    auto d = synth::demand(net, o);
    write_output(a.needs_out, match::needs_to_json(d.needs).dump() + "\n", out);
    write_output(a.resources_out, match::resources_to_json(d.resources).dump() + "\n", out);
    progress.done();
    if (a.ui.json)
        print_json(out, {{"needs", d.needs.size()},
                         {"resources", d.resources.size()},
                         {"needs_out", a.needs_out},
                         {"resources_out", a.resources_out}});
    else
        (is_std(a.needs_out) || is_std(a.resources_out) ? err : out)
            << d.needs.size() << " needs, " << d.resources.size() << " resources\n";
    return 0;
}

Run define_match_data(Options& o) {
    auto a = std::make_shared<MatchDataArgs>();
    o.value("--network", a->network, "the network file (- for standard input; beijing for the embedded dataset)")
        .value_name("FILE");
    o.value("--seed", a->seed, "the seed of the generated demand");
    o.value("--count", a->count, "the number of needs (0: one per organization)");
    o.value("--needs-out", a->needs_out, "where the needs JSON goes (- for standard output)")
        .value_name("FILE")
        .required();
    o.value("--resources-out", a->resources_out, "where the resources JSON goes (- for standard output)")
        .value_name("FILE")
        .required();
    o.ui(a->ui);
    return [a](std::ostream& out, std::ostream& err) { return cmd_match_data(*a, out, err); };
}

void demo_section(const Network& net, std::ostream& os) {
    if (net.organizations.empty()) {
        os << "  (the network has no organizations: nothing to match)\n";
        return;
    }
    Graph g(net);
    synth::DemandOptions o;
    o.needs = std::min<std::size_t>(net.organizations.size(), 20000);
    if (o.needs < 10) o.needs = 10;
    auto d = synth::demand(net, o);
    match::MatchOptions opt;
    opt.fair.by = match::FairBy::district;
    opt.fair.share = 0.8;
    auto t0 = std::chrono::steady_clock::now();
    match::ResourceMatcher m(g, d.needs, d.resources, opt);
    m.run();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const auto& r = m.result();
    std::map<std::string, std::size_t> reasons;
    for (const auto& x : r.needs)
        if (x.served < x.requested) ++reasons[std::string(match::to_string(x.reason))];
    os << "  " << d.needs.size() << " generated needs, " << d.resources.size()
       << " resources (venues, offices, funds, training, mentors, volunteers, legal, accounting...)\n"
       << "  optimal allocation in " << std::fixed << std::setprecision(0) << ms << " ms ("
       << r.stats.flow_nodes << " flow nodes, " << r.stats.flow_arcs << " arcs): served " << r.served << " of "
       << r.requested << " units (" << std::setprecision(1)
       << (r.requested ? 100.0 * double(r.served) / double(r.requested) : 100.0) << "%), cost "
       << std::setprecision(0) << r.total_cost << "; fairness floors (80% of the proportional share per district) "
       << (r.floors_met ? "all met" : "not all feasible") << "\n";
    os << "  not fully served:";
    for (const auto& [k, v] : reasons) os << " " << k << " " << v << ";";
    os << "\n  " << std::left << std::setw(8) << "district" << std::right << std::setw(9) << "needs" << std::setw(10)
       << "units" << std::setw(10) << "served" << std::setw(8) << "share" << std::setw(8) << "floor" << "\n";
    for (const auto& gs : r.groups) {
        os << "  " << std::left << std::setw(8) << gs.group << std::right << std::setw(9) << gs.needs << std::setw(10)
           << gs.requested << std::setw(10) << gs.served << std::setw(7) << std::setprecision(1)
           << (gs.requested ? 100.0 * double(gs.served) / double(gs.requested) : 100.0) << "%" << std::setw(8)
           << gs.floor << (gs.floor_met ? "" : " (not met)") << "\n";
    }
    // a few explanations, one per reason
    os << "  examples:\n";
    std::map<std::string, int> shown;
    for (const auto& x : r.needs) {
        if (x.served >= x.requested) continue;
        auto& s = shown[std::string(match::to_string(x.reason))];
        if (s >= 1) continue;
        ++s;
        const auto& n = m.needs()[x.need];
        std::string detail = x.detail;
        if (detail.size() > 200) detail = detail.substr(0, 197) + "...";
        os << "    " << n.id << " (" << n.category << " x" << n.quantity << ", priority " << n.priority
           << "): " << match::to_string(x.reason) << " — " << detail << "\n";
    }
}

const Register r_match{{"match",
                        "match --network N --needs F --resources F [--fair district] [--out F]",
                        "allocate resources to needs optimally (priority, cost, fairness), with reasons",
                        define_match}};
const Register r_mcf{{"mcf", "mcf FILE [--mode exact|max-flow] [--flows] [--json]",
                      "solve a DIMACS min-cost flow file; prints 'cost: <optimal cost>' and the time",
                      define_mcf}};
const Register r_match_data{{"match-data",
                             "match-data [--network N] [--count K] --needs-out F --resources-out F",
                             "generate realistic demo needs and resources for 'hatchnet match'",
                             define_match_data}};
const RegisterDemo d_match{{40, "Resource matching: one allocation round", demo_section}};

}  // namespace
}  // namespace hatchnet::cli
