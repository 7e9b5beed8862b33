// hatchnet records — the records store from the command line (docs/records.md):
//   records init    --db FILE [--network FILE] [--years 2017-2025]
//   records record  --db FILE --in FILE          transitions (a JSON object or array; - for stdin)
//   records counts  --db FILE [--date D]         incubations by stage, by incubator, tier, district
//   records summary --db FILE --period P         a period: transitions, residents, durations
//   records export  --db FILE [--out FILE]       the store as canonical JSON
//   records import  --db FILE --in FILE          an export into an empty store
//   records facts   --db FILE --in FILE          dated facts (opened, closed, capacity, ...)
//   records targets --db FILE --in FILE          targets
//   records refer     --db FILE --in FILE --at WHEN [--network FILE]   open referrals in the store's ledger
//   records referral  --db FILE --id ID --status S --at WHEN [--note T] [--outcome O] [--network FILE]
//   records referrals --db FILE [--json]         the stored referrals and their last event
//   records ledger-export --db FILE [--network FILE] [--out FILE]   the ledger's JSON export
//   records ledger-import --db FILE --in FILE [--network FILE]      a ledger's JSON into the store
//   progress --db FILE [--network FILE] [--targets FILE]   progress toward the targets
#include <chrono>
#include <filesystem>
#include <unistd.h>
#include <iomanip>
#include <sstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "hatchnet/records/records.hpp"
#include "hatchnet/records/simulate.hpp"
#include "hatchnet/referral/ledger.hpp"
#include "hatchnet/referral/router.hpp"
#include "hatchnet/synth/national.hpp"

namespace hatchnet::cli {
namespace {

using namespace hatchnet::records;
using nlohmann::json;

struct RecordsArgs {
    std::string action, db, network, years, in, out = "-", date, period;
    std::string id, status, at, note, outcome;
    Ui ui;
};

std::pair<int, int> years_arg(const std::string& s) {
    int a = 0, b = 0;
    char dash = 0;
    std::istringstream is(s);
    if (!(is >> a)) throw usage_error("--years: expected FIRST-LAST (e.g. 2017-2025), got '" + s + "'");
    if (is >> dash) {
        if (dash != '-' || !(is >> b)) throw usage_error("--years: expected FIRST-LAST (e.g. 2017-2025), got '" + s + "'");
    } else {
        b = a;
    }
    is >> std::ws;
    if (!is.eof()) throw usage_error("--years: expected FIRST-LAST (e.g. 2017-2025), got '" + s + "'");
    return {a, b};
}

void print_counts(const StageCounts& c, std::ostream& out) {
    out << std::left << std::setw(14) << "tier";
    for (int s = 0; s < incubation_stage_count; ++s) out << std::right << std::setw(11) << to_string(records::IncubationStage(s));
    out << "\n";
    auto row = [&](const std::string& k, const StageCounts::Row& r) {
        out << std::left << std::setw(14) << k;
        for (auto v : r) out << std::right << std::setw(11) << v;
        out << "\n";
    };
    for (const auto& [k, r] : c.by_tier) row(k, r);
    row("total", c.total);
}

bool is_ledger_action(const std::string& action) {
    return action == "refer" || action == "referral" || action == "referrals" || action == "ledger-export" ||
           action == "ledger-import";
}

void print_referrals(const std::vector<referral::Referral>& refs, std::ostream& out) {
    out << std::left << std::setw(14) << "id" << std::setw(14) << "organization" << std::setw(14) << "node"
        << std::setw(13) << "status" << "last event\n";
    for (const auto& r : refs)
        out << std::left << std::setw(14) << r.id << std::setw(14) << r.organization << std::setw(14) << r.node
            << std::setw(13) << referral::to_string(r.status) << (r.history.empty() ? "" : r.history.back().at) << "\n";
    out << refs.size() << " referrals\n";
}

/// The referral ledger kept in the store: open, move, list, export, import.
int run_ledger(const RecordsArgs& a, const std::shared_ptr<Store>& st, std::ostream& out, std::ostream& err) {
    if (a.action == "referrals") {
        const auto refs = st->referrals();
        if (a.ui.json) print_json(out, json::parse(referrals_to_json(refs)));
        else print_referrals(refs, out);
        return 0;
    }
    auto net = std::make_shared<const Network>(load_network(a.network));
    if (a.action == "ledger-import") {
        if (a.in.empty()) throw usage_error("records ledger-import: --in FILE is required");
        auto L = referral::Ledger::load_json(net, read_input(a.in));
        L.attach(st);
        err << L.size() << " referrals imported into " << a.db << "\n";
        return 0;
    }
    auto L = referral::Ledger::load(net, st);
    if (a.action == "ledger-export") {
        write_output(a.out, L.save_json(), out);
        return 0;
    }
    if (a.at.empty()) throw usage_error("records " + a.action + ": --at WHEN is required (an ISO 8601 date or date and time)");
    if (a.action == "referral") {
        if (a.id.empty() || a.status.empty()) throw usage_error("records referral: --id ID and --status S are required");
        auto s = referral::parse_status(a.status);
        if (!s) throw usage_error("--status: expected accepted, rejected, in_progress, completed, cancelled or failed");
        const auto& r = L.transition(a.id, *s, a.at, a.note, a.outcome);
        err << "referral " << r.id << ": " << referral::to_string(r.status) << " at " << a.at << "\n";
        return 0;
    }
    if (a.in.empty()) throw usage_error("records refer: --in FILE is required (a referral JSON object or array)");
    const auto text = read_input(a.in);
    const auto j = json::parse(text, nullptr, false);
    std::vector<std::string> items;
    if (j.is_array())
        for (const auto& x : j) items.push_back(x.dump());
    else
        items.push_back(text);
    std::vector<referral::Referral> refs;
    std::vector<std::string> notes(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) refs.push_back(referral_from_json(items[i], notes[i]));
    // all in one transaction: every referral of the file, or (one refused) none
    const auto ids = L.open_many(std::move(refs), a.at, notes);
    if (a.ui.json) print_json(out, json(ids));
    else err << ids.size() << " referrals recorded in " << a.db << "\n";
    return 0;
}

int run_records(const RecordsArgs& a, std::ostream& out, std::ostream& err) {
    // only init and import make a new store: a mistyped --db of any other action is refused
    // ("no such store", naming the file) rather than created empty
    StoreOptions opt;
    opt.create = a.action == "init" || a.action == "import";
    const auto years = a.action == "init" && !a.years.empty() ? years_arg(a.years) : std::pair<int, int>{0, -1};
    if (is_ledger_action(a.action)) {
        opt.read_only = a.action == "referrals" || a.action == "ledger-export";
        return run_ledger(a, std::make_shared<Store>(a.db, opt), out, err);
    }
    Store st(a.db, opt);
    if (a.action == "init") {
        if (!a.network.empty()) st.set_network(load_network(a.network));
        if (years.first <= years.second) st.add_years(years.first, years.second);
        err << a.db << ": schema version " << st.version() << ", " << st.periods().size() << " periods\n";
        return 0;
    }
    if (a.action == "record") {
        if (a.in.empty()) throw usage_error("records record: --in FILE is required");
        auto ids = st.record(parse_transitions(read_input(a.in)));
        if (a.ui.json) print_json(out, json(ids));
        else err << ids.size() << " transitions recorded\n";
        return 0;
    }
    if (a.action == "counts") {
        auto c = st.counts(a.date);
        if (a.ui.json) print_json(out, json::parse(counts_to_json(c, a.date).dump()));
        else print_counts(c, out);
        return 0;
    }
    if (a.action == "summary") {
        if (a.period.empty()) throw usage_error("records summary: --period P is required");
        print_json(out, json::parse(summary_to_json(st.summary(a.period)).dump()));
        return 0;
    }
    if (a.action == "export") {
        write_output(a.out, st.export_json(), out);
        return 0;
    }
    if (a.action == "import") {
        if (a.in.empty()) throw usage_error("records import: --in FILE is required");
        st.import_json(read_input(a.in));
        err << "imported into " << a.db << "\n";
        return 0;
    }
    if (a.action == "facts" || a.action == "targets") {
        if (a.in.empty()) throw usage_error("records " + a.action + ": --in FILE is required");
        const std::string text = read_input(a.in);
        std::size_t n = 0;
        if (a.action == "facts") {  // all or nothing, like the other surfaces
            const auto facts = parse_facts(text);
            st.add_facts(facts);
            n = facts.size();
        } else {
            const auto targets = parse_targets(text);
            st.add_targets(targets);
            n = targets.size();
        }
        err << n << " " << a.action << " recorded\n";
        return 0;
    }
    throw usage_error("records: unknown action '" + a.action +
                      "' (init, record, facts, targets, counts, summary, export, import, refer, referral, referrals, "
                      "ledger-export, ledger-import)");
}

Run define_records(Options& o) {
    auto a = std::make_shared<RecordsArgs>();
    o.positional("ACTION", a->action,
                 "init, record, facts, targets, counts, summary, export, import; the referral ledger: refer, "
                 "referral, referrals, ledger-export, ledger-import")
        .required();
    o.value("--db", a->db, "the store (a SQLite file; created when missing)").required().value_name("FILE");
    o.value("--network", a->network,
            "init: the network whose incubators and organizations to store; the ledger actions: the network "
            "its referrals are on (default: the embedded Beijing dataset)")
        .value_name("FILE");
    o.value("--years", a->years, "init: yearly periods FIRST-LAST").value_name("YEARS");
    o.value("--in", a->in,
            "record: transitions; facts: dated facts; targets: targets (a JSON object or array); import: an "
            "export; refer: referrals {\"node\", \"organization\"?, \"first_contact\"?, \"needs\"?, \"urgency\"?, "
            "\"id\"?, \"note\"?} (an object or array); ledger-import: a ledger's JSON (- for standard input)")
        .value_name("FILE");
    o.value("--out", a->out, "export: the output file (- for standard output)").value_name("FILE");
    o.value("--date", a->date, "counts: as of this date (YYYY-MM-DD) instead of now").value_name("DATE");
    o.value("--period", a->period, "summary: the period id").value_name("P");
    o.value("--id", a->id, "referral: the referral to move").value_name("ID");
    o.value("--status", a->status, "referral: its new status (accepted, in_progress, completed, ...)").value_name("S");
    o.value("--at", a->at, "refer, referral: when (ISO 8601: 2024-03-01 or 2024-03-01T09:30+08:00)").value_name("WHEN");
    o.value("--note", a->note, "referral: a note").value_name("TEXT");
    o.value("--outcome", a->outcome, "referral: the outcome of a final status (e.g. got_help)").value_name("O");
    o.ui(a->ui);
    return [a](std::ostream& out, std::ostream& err) { return run_records(*a, out, err); };
}

const Register r_records{{"records", "records ACTION --db FILE [...]",
                          "the records store: init, record, facts, targets, counts, summary, export, import, "
                          "and the referral ledger kept in it",
                          define_records}};

struct ProgressArgs {
    std::string db, network, targets;
    Ui ui;
};

std::string fixed(double v, int digits) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(digits) << v;
    return os.str();
}

void print_progress(const nlohmann::ordered_json& r, std::ostream& out) {
    out << "progress as of " << (r["as_of"].is_null() ? std::string("(no records)") : r["as_of"].get<std::string>()) << "\n";
    for (const auto& t : r["targets"]) {
        const bool share = t["kind"] != "graduations";
        auto show = [&](double v) { return share ? fixed(100 * v, 1) + "%" : fixed(v, 0); };
        out << "\n" << t["id"].get<std::string>() << " (" << t["kind"].get<std::string>() << ", scope '"
            << t["scope"].get<std::string>() << "'): " << show(t["value"].get<double>()) << " by "
            << t["due"].get<std::string>() << " — " << t["status"].get<std::string>() << "\n";
        for (const auto& p : t["series"])
            out << "  " << std::left << std::setw(12) << p["period"].get<std::string>() << std::right
                << std::setw(8) << show(p["measured"].get<double>()) << "\n";
        const auto& pj = t["projection"];
        if (!pj.is_null()) {
            out << "  projected " << show(pj["value"].get<double>());
            if (!pj["low"].is_null())
                out << " (90% interval " << show(pj["low"].get<double>()) << " – " << show(pj["high"].get<double>()) << ")";
            out << " by " << pj["at"].get<std::string>() << ", linear trend over " << pj["points"].get<int>() << " periods\n";
        }
        int behind = 0;
        for (const auto& [d, v] : t["by_district"].items()) behind += v.get<double>() < (share ? 1.0 : 0.0) ? 1 : 0;
        if (share) out << "  districts not yet complete: " << behind << " of " << t["by_district"].size() << "\n";
    }
}

int run_progress(const ProgressArgs& a, std::ostream& out, std::ostream&) {
    Store st(a.db, StoreOptions{false, false, 5000});
    Network base = load_network(a.network);
    auto targets = a.targets.empty() ? std::vector<Target>{} : parse_targets(read_input(a.targets));
    auto report = progress_to_json(progress(st, base, std::move(targets)));
    if (a.ui.json) print_json(out, json::parse(report.dump()));
    else print_progress(report, out);
    return 0;
}

Run define_progress(Options& o) {
    auto a = std::make_shared<ProgressArgs>();
    o.value("--db", a->db, "the records store").required().value_name("FILE");
    o.value("--network", a->network, "the base network (default: the embedded Beijing dataset)").value_name("FILE");
    o.value("--targets", a->targets, "targets (JSON) instead of the store's (default: the guidance's 2020 targets)")
        .value_name("FILE");
    o.ui(a->ui);
    return [a](std::ostream& out, std::ostream& err) { return run_progress(*a, out, err); };
}

const Register r_progress{{"progress", "progress --db FILE [--network FILE] [--targets FILE] [--json]",
                           "progress toward the targets per period and district, with a projection",
                           define_progress}};

struct SimulateArgs {
    std::string preset = "beijing", network, years = "2017-2025", db, growth = "plan";
    long long seed = 2017;
    double scale = 1.0, plan_budget = 0.05;
    long long plan_openings = -1;
    bool no_evaluate = false, no_route = false;
    Ui ui;
};

int run_simulate(const SimulateArgs& a, std::ostream& out, std::ostream& err) {
    if (a.preset != "beijing" && a.preset != "national")
        throw usage_error("--preset: 'beijing' or 'national' (or give --network FILE)");
    if (a.seed < 0) throw usage_error("--seed must be >= 0");
    auto [first, last] = years_arg(a.years);
    const bool national = a.preset == "national";
    if (national && !a.network.empty()) throw usage_error("--preset national generates its network: leave out --network");
    Network net;
    if (national) {
        synth::NationalOptions no;
        no.seed = std::uint64_t(a.seed);
        no.scale = a.scale;
        net = synth::national_synthetic(no);
    } else {
        net = load_network(a.network);
    }
    SimulationOptions o;
    o.all_arrive = national;
    o.first_year = first;
    o.last_year = last;
    o.seed = std::uint64_t(a.seed);
    o.scale = national ? 1.0 : a.scale;
    o.evaluate = !a.no_evaluate;
    o.route = !a.no_route;
    auto growth = parse_growth(a.growth);
    if (!growth) throw usage_error("--growth: 'plan' or 'fixed'");
    o.growth = *growth;
    if (!(a.plan_budget >= 0 && a.plan_budget <= 10)) throw usage_error("--plan-budget: a share in [0, 10]");
    if (a.plan_openings < -1 || a.plan_openings > 1000000) throw usage_error("--plan-openings: -1 or a count in [0, 1000000]");
    o.plan_budget = a.plan_budget;
    o.plan_openings = int(a.plan_openings);
    Progress progress(a.ui, "simulate");
    progress.stage("simulating " + a.years);
    o.progress = [&](const hatchnet::Progress& p) {
        progress.count(double(p.done), double(p.total), "years");
        return true;
    };
    auto t0 = std::chrono::steady_clock::now();
    Store st(a.db);
    auto s = simulate(st, net, o);
    progress.done();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    json j{{"db", a.db}, {"years", a.years}, {"seed", a.seed}, {"arrivals", s.arrivals}, {"transitions", s.transitions},
           {"facts", s.facts}, {"admitted", s.admitted}, {"no_place", s.no_place}, {"graduated", s.graduated},
           {"referrals", s.referrals}, {"waitlisted", s.waitlisted}, {"unrouted", s.unrouted},
           {"router_builds", s.router_builds}, {"plan_openings", s.plan_openings}, {"plan_places", s.plan_places},
           {"evaluated", s.evaluated}, {"seconds", secs}};
    if (a.ui.json) print_json(out, j);
    else
        err << "simulated " << a.years << " (seed " << a.seed << ") into " << a.db << ": " << s.arrivals << " arrivals, "
            << s.admitted << " admitted, " << s.no_place << " without a place, " << s.graduated << " graduated; "
            << s.referrals << " referrals (" << s.waitlisted << " waitlisted, " << s.unrouted << " unrouted); "
            << s.plan_openings << " openings and " << s.plan_places << " places planned; "
            << s.transitions << " transitions, " << s.facts << " facts, " << s.evaluated.size()
            << " yearly evaluations in " << std::fixed << std::setprecision(1) << secs << " s\n";
    return 0;
}

Run define_simulate(Options& o) {
    auto a = std::make_shared<SimulateArgs>();
    o.value("--preset", a->preset,
            "the scenario: beijing (the public Beijing figures) or national (the synthetic national network of "
            "'generate --preset national', about 1.2 million organizations, every one arriving once over the years)")
        .value_name("P");
    o.value("--network", a->network, "the network (default: the embedded Beijing dataset)").value_name("FILE");
    o.value("--years", a->years, "the years simulated, FIRST-LAST").value_name("YEARS");
    o.value("--seed", a->seed, "the seed: the same seed gives the same store");
    o.value("--scale", a->scale, "arrivals per year times this factor (national: the organizations generated)");
    o.value("--db", a->db, "the store to write (a new file, or one without incubations)").required().value_name("FILE");
    o.flag("--no-evaluate", a->no_evaluate, "skip the yearly evaluations");
    o.value("--growth", a->growth,
            "plan: openings and places from the coverage engine's yearly plans (default); fixed: a set roll-out "
            "and 5 % growth a year")
        .value_name("G");
    o.value("--plan-budget", a->plan_budget,
            "growth plan: places bought each year from the second on, a share of the capacity in force (default 0.05)")
        .value_name("SHARE");
    o.value("--plan-openings", a->plan_openings,
            "growth plan: street incubators opened a year (default -1: a quarter of those closed at the start)")
        .value_name("N");
    o.flag("--no-route", a->no_route,
           "send each organization to the incubator of its level instead of routing it (no referrals)");
    o.ui(a->ui);
    return [a](std::ostream& out, std::ostream& err) { return run_simulate(*a, out, err); };
}

const Register r_simulate{{"simulate", "simulate --db FILE [--preset beijing|national] [--years 2017-2025] [--seed S]",
                           "a seeded multi-year simulation of the incubation system, written to a records store",
                           define_simulate}};

/// `hatchnet demo`: five years of the network, simulated into a temporary store.
void demo(const Network& net, std::ostream& os) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("hatchnet-demo-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    struct Cleanup {
        fs::path d;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(d, ec);
        }
    } cleanup{dir};
    auto t0 = std::chrono::steady_clock::now();
    Store st((dir / "demo.db").string());
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2021;
    o.scale = net.organizations.size() > 10000 ? 0.1 : 1.0;
    o.evaluate = false;
    auto s = simulate(st, net, o);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    os << "  2017-2021 at " << o.scale << "x the public arrival rates (seed " << o.seed << "): " << s.arrivals
       << " organizations applied, " << s.admitted << " admitted, " << s.no_place << " found no place, " << s.graduated
       << " graduated; " << s.transitions << " transitions in a SQLite store in " << std::fixed << std::setprecision(1)
       << secs << " s\n";
    for (const auto& p : st.periods()) {
        auto sum = st.summary(p.id);
        const auto& d = sum.days_to_graduation;
        os << "  " << p.id << ": " << sum.entered[std::size_t(records::IncubationStage::applied)] << " applied, "
           << sum.entered[std::size_t(records::IncubationStage::graduated)] << " graduated";
        if (!d.empty()) os << " (median " << d[d.size() / 2] << " days)";
        os << ", " << sum.at_end.total[std::size_t(records::IncubationStage::admitted)] + sum.at_end.total[std::size_t(records::IncubationStage::incubating)]
           << " resident at the end\n";
    }
    auto r = progress(st, net);
    for (const auto& t : r.targets) {
        os << "  target " << t.target.id << ": ";
        for (const auto& [p, v] : t.series) os << p << " " << std::setprecision(0) << 100 * v << "%  ";
        os << "-> " << t.status << "\n";
    }
}

const RegisterDemo d_records{{70, "Five years of records: incubations simulated into a SQLite store", demo}};

}  // namespace

std::string record_referral(const std::string& db, std::shared_ptr<const Network> net, const referral::Result& result,
                            const referral::Request& request, const Graph& graph, const std::string& at) {
    auto st = std::make_shared<Store>(db, StoreOptions{false, false, 5000});
    auto L = referral::Ledger::load(std::move(net), st);
    return L.open(result, request, graph, at).id;
}

std::vector<std::string> record_batch_referrals(const std::string& db, std::shared_ptr<const Network> net,
                                                const referral::BatchResult& batch,
                                                const std::vector<referral::Request>& requests, const Graph& graph,
                                                const std::string& at) {
    std::vector<referral::Referral> refs;
    std::vector<std::string> notes;
    for (const auto& as : batch.assignments) {  // as Ledger::open(result, ...) does for one
        if (as.node == Graph::null_vertex || as.request >= requests.size()) continue;
        const auto& q = requests[as.request];
        referral::Referral r;
        r.id = q.id;
        r.organization = q.organization;
        r.node = graph.node(as.node).id;
        r.first_contact = q.first_contact;  // as given (empty: the organization's home incubator)
        r.needs = q.needs;
        r.urgency = q.urgency;
        refs.push_back(std::move(r));
        notes.push_back(as.status == referral::RouteStatus::waitlisted ? "waitlisted" : "");
    }
    auto st = std::make_shared<Store>(db, StoreOptions{false, false, 5000});
    auto L = referral::Ledger::load(std::move(net), st);
    return L.open_many(std::move(refs), at, notes);
}

}  // namespace hatchnet::cli
