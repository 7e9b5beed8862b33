// The funding engine's JSON requests: one implementation for the C ABI, Python and the CLI.
#include <vector>

#include <nlohmann/json.hpp>

#include "hatchnet/coverage/json.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/json.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/funding/json.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"

namespace hatchnet::funding {

using nlohmann::json;

namespace {
bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

json options_of(std::string_view text, const char* what) {
    if (blank(text)) return json::object();
    json j = io::parse_json_value(text, what);
    if (!j.is_object()) throw input_error(what, "", "must be a JSON object");
    return j;
}

std::optional<evaluate::Scheme> maybe_scheme(std::string_view spec) {
    if (blank(spec)) return std::nullopt;
    return scheme_from_spec(spec);
}

Book book_for(const Network& net, std::string_view funds, const evaluate::Scheme* scheme) {
    if (blank(funds)) throw input_error("funds file", "", "empty");
    Book b = parse_book(funds);
    check(b, net, scheme);
    return b;
}
}  // namespace

evaluate::Scheme scheme_from_spec(std::string_view spec) {
    const auto first = spec.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && spec[first] == '{')
        return evaluate::scheme_from_json(io::parse_json_value(spec, "scheme"));
    const std::string s(spec);
    if (s == "mca_1000" || s == "incubator") return evaluate::load_scheme(io::default_data_dir() + "/schemes/" + s + ".json");
    return evaluate::load_scheme(s);
}

json funds_check_json(const Network& net, std::string_view funds, std::string_view scheme) {
    const auto sc = maybe_scheme(scheme);
    const Book b = book_for(net, funds, sc ? &*sc : nullptr);
    json periods = json::object(), committed = json::object();
    for (const auto& f : b.funds)
        for (const auto& [y, a] : f.amounts) {
            const std::string k = std::to_string(y);
            periods[k] = periods.value(k, 0.0) + a;
        }
    // Per year, without a loop over every year of every contract (1900-9999 contracts made that
    // 8100 steps each): the first and last years directly, the years between by a running rate
    // (money per day) and a running count of the contracts covering them.
    constexpr int Y0 = 1900, NY = 9999 - 1900 + 2;
    std::vector<double> edge(NY, 0.0), rate(NY, 0.0);
    std::vector<std::int64_t> cover(NY, 0);
    for (const auto& c : b.contracts) {
        const int y0 = c.start.year - Y0, y1 = c.end.year - Y0;
        cover[std::size_t(y0)] += 1;
        cover[std::size_t(y1) + 1] -= 1;
        edge[std::size_t(y0)] += amount_in_year(c, c.start.year);
        if (y1 != y0) edge[std::size_t(y1)] += amount_in_year(c, c.end.year);
        if (y1 - y0 >= 2) {
            const double per_day = c.amount / double(days(c.end) - days(c.start) + 1);
            rate[std::size_t(y0) + 1] += per_day;
            rate[std::size_t(y1)] -= per_day;
        }
    }
    double r = 0;
    std::int64_t n = 0;
    for (int k = 0; k + 1 < NY; ++k) {
        r += rate[std::size_t(k)];
        n += cover[std::size_t(k)];
        if (n <= 0) continue;
        const int y = Y0 + k;
        const double in_year = double(days(Date{y, 12, 31}) - days(Date{y, 1, 1}) + 1);
        committed[std::to_string(y)] = edge[std::size_t(k)] + r * in_year;
    }
    return {{"funds", b.funds.size()}, {"contracts", b.contracts.size()}, {"periods", periods}, {"committed", committed}};
}

json funds_split_json(const Graph& g, std::string_view funds, std::string_view items, std::string_view options) {
    const Network& net = g.network();
    const Book b = book_for(net, funds, nullptr);
    json o = options_of(options, "split options");
    const bool with_contracts = o.contains("contracts") ? o["contracts"].is_boolean() && o["contracts"].get<bool>() : true;
    if (o.contains("contracts") && !o["contracts"].is_boolean())
        throw input_error("split options", "contracts", "must be true or false");
    std::optional<json> plan_opt, split_opt;
    if (o.contains("plan")) { plan_opt = o["plan"]; o.erase("plan"); }
    if (o.contains("split")) { split_opt = o["split"]; o.erase("split"); }
    o.erase("contracts");
    const AllocateOptions ao = allocate_options_from_json(o);

    std::vector<CostItem> all = blank(items) ? std::vector<CostItem>{} : parse_cost_items(items);
    if (plan_opt) {
        if (!plan_opt->is_object()) throw input_error("split options", "plan", "must be an object of plan options");
        const auto planned = cost_items_from_json(coverage::plan_json(g, plan_opt->dump()));
        all.insert(all.end(), planned.begin(), planned.end());
    }
    if (split_opt) {
        if (!split_opt->is_object()) throw input_error("split options", "split", "must be {\"budget\", \"price\"}");
        const auto so = coverage::split_options_from_json(*split_opt);
        const auto s = cost_items_from_split(coverage::split_budget(g, so));
        all.insert(all.end(), s.begin(), s.end());
    }
    if (with_contracts) {
        int year = ao.year.value_or(0);
        if (!ao.year) {
            bool any = false;
            for (const auto& f : b.funds)
                if (!f.amounts.empty() && (!any || f.amounts.begin()->first < year)) { year = f.amounts.begin()->first; any = true; }
        }
        const auto cs = cost_items_from_contracts(b, net, year);
        all.insert(all.end(), cs.begin(), cs.end());
    }
    json out = allocation_to_json(allocate(b, all, net, ao));
    out["cost_items"] = cost_items_to_json(all)["items"];
    return out;
}

json funds_payments_json(const Network& net, std::string_view funds, std::string_view performance,
                         std::string_view scheme, std::string_view options) {
    const auto sc = maybe_scheme(scheme);
    const Book b = book_for(net, funds, sc ? &*sc : nullptr);
    if (blank(performance)) throw input_error("performance", "", "empty: evaluation results are needed");
    const Performance perf = parse_performance(performance, sc ? &*sc : nullptr);
    return payments_to_json(payments(b, perf, payment_options_from_json(options_of(options, "payment options"))));
}

json funds_cost_json(const Network& net, std::string_view funds, std::string_view performance,
                     std::string_view scheme, std::string_view options) {
    const auto sc = maybe_scheme(scheme);
    const Book b = book_for(net, funds, sc ? &*sc : nullptr);
    json o = options_of(options, "cost options");
    std::optional<std::map<std::string, std::int64_t>> served;
    if (o.contains("served")) {
        const json& s = o["served"];
        if (!s.is_object()) throw input_error("cost options", "served", "an object {node id: count}");
        served.emplace();
        for (auto it = s.begin(); it != s.end(); ++it) {
            if (!it->is_number_integer()) throw input_error("served " + it.key(), "", "count must be an integer");
            if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(INT64_MAX))
                throw input_error("served " + it.key(), "", "count out of range");
            (*served)[it.key()] = it->get<std::int64_t>();
        }
        o.erase("served");
    }
    const PaymentOptions po = payment_options_from_json(o);
    std::vector<Payment> pays;
    if (!blank(performance)) pays = payments(b, parse_performance(performance, sc ? &*sc : nullptr), po);
    json out = cost_per_served_to_json(cost_per_served(b, net, pays, served ? &*served : nullptr));
    out["money_from"] = pays.empty() ? "contracts" : "payments";
    return out;
}

}  // namespace hatchnet::funding
