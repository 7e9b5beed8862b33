// hatchnet records — the records store from the command line (docs/records.md):
//   records init    --db FILE [--network FILE] [--years 2017-2025]
//   records record  --db FILE --in FILE          transitions (a JSON object or array; - for stdin)
//   records counts  --db FILE [--date D]         incubations by stage, by incubator, tier, district
//   records summary --db FILE --period P         a period: transitions, residents, durations
//   records export  --db FILE [--out FILE]       the store as canonical JSON
//   records import  --db FILE --in FILE          an export into an empty store
#include <iomanip>
#include <sstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "hatchnet/records/records.hpp"

namespace hatchnet::cli {
namespace {

using namespace hatchnet::records;
using nlohmann::json;

struct RecordsArgs {
    std::string action, db, network, years, in, out = "-", date, period;
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
    return {a, b};
}

void print_counts(const StageCounts& c, std::ostream& out) {
    out << std::left << std::setw(14) << "tier";
    for (int s = 0; s < stage_count; ++s) out << std::right << std::setw(11) << to_string(records::Stage(s));
    out << "\n";
    auto row = [&](const std::string& k, const StageCounts::Row& r) {
        out << std::left << std::setw(14) << k;
        for (auto v : r) out << std::right << std::setw(11) << v;
        out << "\n";
    };
    for (const auto& [k, r] : c.by_tier) row(k, r);
    row("total", c.total);
}

int run_records(const RecordsArgs& a, std::ostream& out, std::ostream& err) {
    Store st(a.db);
    if (a.action == "init") {
        if (!a.network.empty()) st.set_network(load_network(a.network));
        if (!a.years.empty()) {
            auto [f, l] = years_arg(a.years);
            st.add_years(f, l);
        }
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
    throw usage_error("records: unknown action '" + a.action + "' (init, record, counts, summary, export, import)");
}

Run define_records(Options& o) {
    auto a = std::make_shared<RecordsArgs>();
    o.positional("ACTION", a->action, "init, record, counts, summary, export or import").required();
    o.value("--db", a->db, "the store (a SQLite file; created when missing)").required().value_name("FILE");
    o.value("--network", a->network, "init: the network whose incubators and organizations to store").value_name("FILE");
    o.value("--years", a->years, "init: yearly periods FIRST-LAST").value_name("YEARS");
    o.value("--in", a->in, "record: transitions (JSON object or array); import: an export (- for standard input)")
        .value_name("FILE");
    o.value("--out", a->out, "export: the output file (- for standard output)").value_name("FILE");
    o.value("--date", a->date, "counts: as of this date (YYYY-MM-DD) instead of now").value_name("DATE");
    o.value("--period", a->period, "summary: the period id").value_name("P");
    o.ui(a->ui);
    return [a](std::ostream& out, std::ostream& err) { return run_records(*a, out, err); };
}

const Register r_records{{"records", "records ACTION --db FILE [...]",
                          "the records store: init, record, counts, summary, export, import", define_records}};

}  // namespace
}  // namespace hatchnet::cli
