// hatchnet match | mcf | match-demo — the match engine on the command line, and its section of
// `hatchnet demo`.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
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

std::string read_text(const std::string& path, const char*) { return read_input(path); }

int cmd_match(const Args& a, std::ostream& out, std::ostream& err) {
    if (!a.has("network") || !a.has("needs") || !a.has("resources")) {
        err << "usage: hatchnet match --network N --needs F --resources F [--options F] "
               "[--fair district|street|group] [--distance region|hops] [--time-limit SECONDS] [--progress] "
               "[--out FILE] [--pretty]\n";
        return 2;
    }
    Graph g(load_network(a.get("network")));
    auto needs = match::parse_needs(read_text(a.get("needs"), "needs"));
    auto res = match::parse_resources(read_text(a.get("resources"), "resources"));
    match::MatchOptions opt;
    if (a.has("options")) opt = match::parse_match_options(read_text(a.get("options"), "options"));
    if (a.has("fair")) {
        const std::string f = a.get("fair");
        if (f == "district") opt.fair.by = match::FairBy::district;
        else if (f == "street") opt.fair.by = match::FairBy::street;
        else if (f == "group") opt.fair.by = match::FairBy::group;
        else if (f == "none") opt.fair.by = match::FairBy::none;
        else throw input_error("command line", "--fair", "'" + f + "' is not one of district, street, group, none");
    }
    if (a.has("share")) opt.fair.share = a.get_double("share", 1.0);
    if (a.has("distance")) {
        const std::string d = a.get("distance");
        if (d == "region") opt.distance = match::DistanceMode::region;
        else if (d == "hops") opt.distance = match::DistanceMode::hops;
        else throw input_error("command line", "--distance", "'" + d + "' is not one of region, hops");
    }
    if (a.has("time-limit")) {
        const double t = a.get_double("time-limit", 0.0);
        if (!std::isfinite(t) || t < 0) throw input_error("command line", "--time-limit", "must be a number of seconds >= 0");
        opt.time_limit = t;
    }
    match::ResourceMatcher m(g, std::move(needs), std::move(res), opt);
    if (a.has("progress"))
        m.set_progress([&err](int phase, int phases, const algo::MinCostFlow::Progress& p) {
            err << "progress: phase " << phase + 1 << "/" << phases << ", " << p.pivots << " pivots, "
                << std::fixed << std::setprecision(2) << p.seconds << " s\n";
            return true;
        });
    const auto status = m.run();
    if (status != algo::MinCostFlow::Status::optimal)
        err << "stopped: " << algo::to_string(status) << " (limit " << opt.time_limit
            << " s); no allocation was made, every need is reported not_solved\n";
    const std::string json = match::match_result_to_json(m, a.has("pretty") ? 2 : -1);
    if (a.has("out")) {
        io::write_file(a.get("out"), json + "\n");
    } else {
        out << json << "\n";
    }
    const auto& r = m.result();
    std::size_t unserved = 0;
    for (const auto& o : r.needs) unserved += o.served < o.requested;
    err << m.needs().size() << " needs, " << m.resources().size() << " resources: served " << r.served << " of "
        << r.requested << " units (" << std::fixed << std::setprecision(1)
        << (r.requested ? 100.0 * double(r.served) / double(r.requested) : 100.0) << "%), " << unserved
        << " needs not fully served, total cost " << std::setprecision(2) << r.total_cost
        << (opt.fair.by != match::FairBy::none ? (r.floors_met ? ", all fairness floors met" : ", some fairness floors NOT met (infeasible)") : "")
        << "\n";
    return 0;
}

int cmd_mcf(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.positional.size() != 1) {
        err << "usage: hatchnet mcf FILE [--mode exact|max-flow]\n";
        return 2;
    }
    const std::string mode = a.get("mode", "exact");
    if (mode != "exact" && mode != "max-flow")
        throw input_error("command line", "--mode", "'" + mode + "' is not one of exact, max-flow");
    auto t0 = std::chrono::steady_clock::now();
    algo::MinCostFlow f = match::read_dimacs_file(a.positional[0]);
    auto t1 = std::chrono::steady_clock::now();
    const auto st = f.run(mode == "exact" ? algo::MinCostFlow::Mode::exact : algo::MinCostFlow::Mode::max_flow_min_cost);
    auto t2 = std::chrono::steady_clock::now();
    const double read_s = std::chrono::duration<double>(t1 - t0).count();
    const double solve_s = std::chrono::duration<double>(t2 - t1).count();
    out << "nodes: " << f.node_count() << ", arcs: " << f.arc_count() << "\n";
    if (st != algo::MinCostFlow::Status::optimal) {
        out << "status: " << algo::to_string(st) << "\n";
        err << "hatchnet mcf: the problem is " << algo::to_string(st)
            << (st == algo::MinCostFlow::Status::infeasible
                    ? " (no flow meets every supply and demand; try --mode max-flow for a partial answer)"
                    : st == algo::MinCostFlow::Status::unbounded ? " (a negative-cost cycle of infinite capacity)" : "")
            << "\n";
        return 1;
    }
    out << "status: optimal\n";
    out << "cost: " << f.total_cost() << "\n";
    if (mode == "max-flow") {
        std::int64_t left = 0;
        for (auto u : f.unrouted()) left += u > 0 ? u : 0;
        out << "routed: " << f.routed() << ", unrouted supply: " << left << "\n";
    }
    out << std::fixed << std::setprecision(4) << "time: " << solve_s << " s (solve), " << read_s
        << " s (read); pivots: " << f.iterations() << "\n";
    return 0;
}

int cmd_match_demo(const Args& a, std::ostream& out, std::ostream& err) {
    if (!a.has("needs-out") || !a.has("resources-out")) {
        err << "usage: hatchnet match-data [--network N] [--seed S] [--count K] --needs-out F --resources-out F\n";
        return 2;
    }
    Network net = load_network(a.get("network", "beijing"));
    synth::DemandOptions o;
    o.seed = static_cast<std::uint64_t>(a.get_int("seed", 2017));
    const long long k = a.get_int("count", 0);
    if (k < 0) throw input_error("command line", "--count", "must be >= 0");
    o.needs = static_cast<std::size_t>(k);
    auto d = synth::demand(net, o);
    io::write_file(a.get("needs-out"), match::needs_to_json(d.needs) + "\n");
    io::write_file(a.get("resources-out"), match::resources_to_json(d.resources) + "\n");
    out << d.needs.size() << " needs, " << d.resources.size() << " resources\n";
    return 0;
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
                        {"pretty", "progress"},
                        cmd_match}};
const Register r_mcf{{"mcf", "mcf FILE [--mode exact|max-flow]",
                      "solve a DIMACS min-cost flow file; prints 'cost: <optimal cost>' and the time",
                      {},
                      cmd_mcf}};
const Register r_match_data{{"match-data",
                             "match-data [--network N] [--count K] --needs-out F --resources-out F",
                             "generate realistic demo needs and resources for 'hatchnet match'",
                             {},
                             cmd_match_demo}};
const RegisterDemo d_match{{40, "Resource matching: one allocation round", demo_section}};

}  // namespace
}  // namespace hatchnet::cli
