// hatchnet funds: funds with earmarks, purchase-of-service contracts, the split of a plan's
// costs across several funds, payments tied to evaluation, cost per organization served
// (docs/funding.md); and the funds section of `hatchnet demo`.
#include <cmath>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/funding/json.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"

namespace hatchnet::cli {
namespace {

using nlohmann::json;

struct FundsArgs {
    std::string action, network, funds, items, plan, plan_options, evaluation, scheme, as_of, served;
    std::optional<long long> year;
    std::optional<double> unit, split_budget;
    double price = 1.0;
    bool no_contracts = false;
    Ui ui;
};

std::string money(double v) {
    if (!std::isfinite(v)) return "-";
    std::ostringstream s;
    s << std::fixed << std::setprecision(0) << v;
    std::string t = s.str(), out;
    const std::size_t neg = t[0] == '-';
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i > neg && (t.size() - i) % 3 == 0) out += ',';
        out += t[i];
    }
    return out;
}

std::string str(const json& j, const char* k) {
    const auto it = j.find(k);
    return it == j.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

void print_split(const json& r, std::ostream& os, std::size_t top) {
    os << "  " << r["year"].get<int>() << ": " << money(r["funded"].get<double>()) << " of "
       << money(r["total"].get<double>()) << " funded (" << r["items"].size() << " cost items, "
       << money(r["unfunded"].get<double>()) << " short)\n";
    os << "  fund                   amount   committed   allocated        left\n";
    for (const auto& f : r["funds"])
        os << "  " << std::left << std::setw(18) << str(f, "id") << std::right << std::setw(11)
           << money(f["amount"].get<double>()) << std::setw(12) << money(f["committed"].get<double>()) << std::setw(12)
           << money(f["allocated"].get<double>()) << std::setw(12) << money(f["left"].get<double>()) << "\n";
    std::size_t shown = 0;
    for (const auto& i : r["items"]) {
        if (!(i["shortfall"].get<double>() > 0)) continue;
        if (shown++ == top) { os << "  ...\n"; break; }
        os << "  short: " << str(i, "id") << " " << money(i["shortfall"].get<double>()) << " of "
           << money(i["amount"].get<double>()) << ": " << str(i, "reason") << "\n";
    }
}

std::string served_options(const FundsArgs& a) {
    json o = json::object();
    if (!a.as_of.empty()) o["as_of"] = a.as_of;
    if (!a.served.empty()) {
        const json s = io::parse_json_value(read_input(a.served), "file " + a.served);
        o["served"] = s.is_object() && s.contains("served") ? s["served"] : s;
    }
    return o.dump();
}

int run_funds(const FundsArgs& a, std::ostream& out, std::ostream& err) {
    if (a.funds.empty()) throw usage_error("funds: --funds FILE is required");
    const Network net = load_network(a.network);
    const std::string funds = read_input(a.funds);
    const std::string scheme = a.scheme;
    const std::string perf = a.evaluation.empty() ? std::string() : read_input(a.evaluation);
    if (a.action == "check") {
        const json r = funding::funds_check_json(net, funds, scheme);
        if (a.ui.json) print_json(out, r);
        else out << a.funds << ": " << r["funds"] << " funds, " << r["contracts"] << " contracts; periods "
                 << r["periods"].dump() << "\n";
        return 0;
    }
    if (a.action == "split") {
        json o = json::object();
        if (a.year) o["year"] = *a.year;
        if (a.unit) o["unit"] = *a.unit;
        if (a.no_contracts) o["contracts"] = false;
        if (!a.plan_options.empty()) o["plan"] = io::parse_json_value(options_text(a.plan_options), "plan options");
        if (a.split_budget) o["split"] = {{"budget", *a.split_budget}, {"price", a.price}};
        if (!a.plan.empty() && !a.items.empty()) throw usage_error("funds split: give --plan or --items, not both");
        const std::string items = !a.plan.empty() ? read_input(a.plan) : !a.items.empty() ? read_input(a.items) : "";
        const Graph g(net);
        const json r = funding::funds_split_json(g, funds, items, o.dump());
        if (a.ui.json) print_json(out, r);
        else print_split(r, out, 20);
        return 0;
    }
    if (a.action == "pay") {
        if (perf.empty()) throw usage_error("funds pay: --evaluation FILE is required");
        json o = json::object();
        if (!a.as_of.empty()) o["as_of"] = a.as_of;
        const json r = funding::funds_payments_json(net, funds, perf, scheme, o.dump());
        if (a.ui.json) { print_json(out, r); return 0; }
        for (const auto& p : r["payments"]) {
            out << "  " << std::left << std::setw(14) << str(p, "contract") << std::setw(18) << str(p, "incubator")
                << std::right << " due " << std::setw(11) << money(p["due"].get<double>()) << " of "
                << std::setw(11) << money(p["amount"].get<double>()) << "  withheld "
                << money(p["withheld"].get<double>());
            for (const auto& why : p["reasons"]) out << "; " << why.get<std::string>();
            out << "\n";
        }
        return 0;
    }
    if (a.action == "cost") {
        const json r = funding::funds_cost_json(net, funds, perf, scheme, served_options(a));
        if (a.ui.json) { print_json(out, r); return 0; }
        out << "  money from " << str(r, "money_from") << ", organizations served from " << str(r, "served_from") << "\n";
        for (const char* part : {"incubators", "districts"})
            for (const auto& x : r[part])
                out << "  " << std::left << std::setw(20)
                    << (x.contains("id") ? str(x, "id") : str(x, "code").empty() ? "(city level)" : str(x, "code"))
                    << std::right << std::setw(12) << money(x["spent"].get<double>()) << std::setw(6)
                    << x["served"].get<long long>() << "  per organization "
                    << (x["per_served"].is_number() ? money(x["per_served"].get<double>()) : std::string("-")) << "\n";
        return 0;
    }
    (void)err;
    throw usage_error("funds: unknown action '" + a.action + "' (check, split, pay, cost)");
}

Run define_funds(Options& o) {
    auto a = std::make_shared<FundsArgs>();
    o.positional("ACTION", a->action, "check, split, pay or cost").required();
    o.value("--network", a->network, "the network (a file, - or beijing)").value_name("FILE").default_text("beijing");
    o.value("--funds", a->funds, "the funds file (docs/funding.md; - for standard input)").value_name("FILE").required();
    o.value("--plan", a->plan, "split: a plan result (hatchnet plan --json) whose picks to pay").value_name("FILE");
    o.value("--items", a->items, "split: cost items {\"items\": [...]}").value_name("FILE");
    o.value("--plan-options", a->plan_options, "split: plan first with these plan options (JSON or a file)")
        .value_name("JSON");
    o.value("--split-budget", a->split_budget, "split: also pay a water-filling split of this budget").value_name("B");
    o.value("--price", a->price, "split: the price of one unit of capacity for --split-budget").value_name("X");
    o.value("--year", a->year, "split: the period (default: the earliest any fund has)").value_name("YEAR");
    o.value("--unit", a->unit, "split: the money unit of the flow (default 1)").value_name("X");
    o.flag("--no-contracts", a->no_contracts, "split: leave contracts without a fund out of the items");
    o.value("--evaluation", a->evaluation,
            "pay, cost: evaluation results (hatchnet evaluate --json output, or {\"units\": [...]})")
        .value_name("FILE");
    o.value("--scheme", a->scheme, "the scheme in use: incubator, mca_1000 or a scheme file").value_name("S");
    o.value("--as-of", a->as_of, "pay, cost: only tranches due by this date (YYYY-MM-DD)").value_name("DATE");
    o.value("--served", a->served, "cost: organizations served per incubator {id: count} (default: occupied)")
        .value_name("FILE");
    o.ui(a->ui);
    o.footer("Formats, the allocation model and the payment rules: docs/funding.md.");
    return [a](std::ostream& out, std::ostream& err) { return run_funds(*a, out, err); };
}

const Register r_funds{{"funds", "funds ACTION --funds FILE [--network FILE] [--plan FILE | --plan-options JSON] [--json]",
                        "funds and contracts: split costs across funds, payments due, cost per organization served",
                        define_funds}};

void demo(const Network& net, std::ostream& os) {
    const std::string path = io::default_data_dir() + "/funds/beijing_2024_synthetic.json";
    const std::string funds = read_input(path);
    const Graph g(net);
    os << "  synthetic funds file: data/funds/beijing_2024_synthetic.json (6 funds, 4 contracts)\n";
    os << "  a mixed-mode plan of 20 street sites (minmax; new build 800,000, co-build 300,000, conversion\n"
          "  400,000 each), then its costs and the contracts paid from the funds without breaking an earmark:\n";
    try {
        const json r = funding::funds_split_json(
            g, funds, "",
            R"({"plan": {"k": 20, "objective": "minmax", "modes": [{"mode": "new_build", "cost": 800000},
                {"mode": "co_build", "cost": 300000}, {"mode": "conversion", "cost": 400000}]}})");
        print_split(r, os, 3);
    } catch (const input_error& e) {  // the example names Beijing's incubators
        os << "  (not for this network: " << e.what() << ")\n";
    }
}

const RegisterDemo d_funds{{75, "Funds: a plan's costs split across several funds", demo}};

}  // namespace
}  // namespace hatchnet::cli
