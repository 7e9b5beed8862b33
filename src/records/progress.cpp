// Targets and progress. See hatchnet/records/progress.hpp.
#include "hatchnet/records/progress.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "hatchnet/error.hpp"
#include "hatchnet/regions.hpp"

namespace hatchnet::records {

using ojson = nlohmann::ordered_json;

std::vector<Target> default_targets(const std::string& scope) {
    return {
        Target{"district-incubators-2020", "district_coverage", scope, 1.0, "2020-12-31",
               "guidance §2: a district incubator in every district"},
        Target{"street-incubators-2020", "street_coverage", scope, 1.0, "2020-12-31",
               "guidance §2: a street incubator in every street / township"},
    };
}

namespace {
double t_quantile_95(int df) {
    static constexpr double t[] = {6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812,
                                   1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725,
                                   1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697};
    return df >= 1 && df <= 30 ? t[df - 1] : 1.645;
}
double years(const std::string& date) { return double(day_number(date)) / 365.2425 + 1970.0; }
}  // namespace

std::optional<Projection> project(const std::vector<double>& x, const std::vector<double>& y, double x0, double level) {
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 2) return std::nullopt;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
    mx /= double(n);
    my /= double(n);
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < n; ++i) sxx += (x[i] - mx) * (x[i] - mx), sxy += (x[i] - mx) * (y[i] - my);
    if (sxx <= 0) return std::nullopt;
    Projection p;
    p.slope = sxy / sxx;
    p.value = my + p.slope * (x0 - mx);
    p.points = int(n);
    p.level = level;
    if (n >= 3) {
        double sse = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double r = y[i] - (my + p.slope * (x[i] - mx));
            sse += r * r;
        }
        const double s = std::sqrt(sse / double(n - 2));
        const double half = t_quantile_95(int(n - 2)) * s * std::sqrt(1.0 + 1.0 / double(n) + (x0 - mx) * (x0 - mx) / sxx);
        p.low = p.value - half;
        p.high = p.value + half;
    }
    return p;
}

double measure(const Target& t, const Network& net, const Store& store, const std::string& date,
               std::map<std::string, double>* by_district) {
    if (t.kind == "graduations") {
        if (!is_date(date)) throw input_error("target " + printable_utf8(t.id), "date", "expected a date YYYY-MM-DD, got '" + printable_utf8(date) + "'");
        auto rows = store.query(
            "SELECT n.district, sum(g.k) FROM (SELECT node, count(*) AS k FROM incubation_events "
            "WHERE stage = 'graduated' AND at <= '" + date + "' GROUP BY node) g JOIN incubators n ON n.id = g.node "
            "GROUP BY n.district");
        double total = 0;
        for (const auto& r : rows) {
            if (r[0].compare(0, t.scope.size(), t.scope) != 0) continue;
            const double k = std::stod(r[1]);
            total += k;
            if (by_district) (*by_district)[r[0]] = k;
        }
        return total;
    }
    const RegionLevel level = t.kind == "district_coverage" ? RegionLevel::county
                              : t.kind == "street_coverage" ? RegionLevel::street
                                                            : RegionLevel::community;
    const Tier tier = t.kind == "district_coverage" ? Tier::district : t.kind == "street_coverage" ? Tier::street : Tier::community;
    std::unordered_set<std::string> covered;
    for (const auto& n : net.nodes)
        if (n.tier == tier) covered.insert(std::string(RegionIndex::code_at(n.region, level)));
    std::map<std::string, std::pair<int, int>> per;  // district -> covered, total
    int have = 0, all = 0;
    for (const auto& r : net.regions) {
        if (r.level() != level || r.code.compare(0, t.scope.size(), t.scope) != 0) continue;
        const bool c = covered.count(r.code) > 0;
        have += c;
        ++all;
        auto& d = per[std::string(RegionIndex::code_at(r.code, RegionLevel::county))];
        d.first += c;
        ++d.second;
    }
    if (by_district)
        for (const auto& [d, v] : per) (*by_district)[d] = double(v.first) / double(v.second);
    return all ? double(have) / double(all) : 0.0;
}

namespace {
std::string store_as_of(const Store& s) {
    // incubation events and facts carry dates (the referral ledger's timestamps are free text)
    // (one index seek per stage on incubation_events_by_stage_at)
    std::string q = "SELECT max(m) FROM (SELECT max(at) AS m FROM timeline";
    for (const char* st : {"applied", "admitted", "incubating", "graduated", "exited", "withdrawn"})
        q += std::string(" UNION ALL SELECT max(at) FROM incubation_events WHERE stage = '") + st + "'";
    auto r = s.query(q + ")");
    return r.empty() ? std::string() : r[0][0];
}

// Graduations by district up to each date of `ends`: one pass over the graduations (each date's
// count adds those after the previous date), instead of one pass per period and target from the
// first graduation on (seconds on a national store).
std::map<std::string, std::map<std::string, double>> graduations_by_district(const Store& store, std::vector<std::string> ends) {
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    std::map<std::string, std::map<std::string, double>> out;
    std::map<std::string, double> running;
    std::string prev = "0000-00-00";
    for (const auto& end : ends) {
        if (!is_date(end)) throw input_error("progress", "date", "expected a date YYYY-MM-DD, got '" + printable_utf8(end) + "'");
        for (const auto& r : store.query(
                 "SELECT n.district, sum(g.k) FROM (SELECT node, count(*) AS k FROM incubation_events WHERE stage = "
                 "'graduated' AND at > '" + prev + "' AND at <= '" + end + "' GROUP BY node) g JOIN incubators n ON "
                 "n.id = g.node GROUP BY n.district"))
            running[r[0]] += std::stod(r[1]);
        out[end] = running;
        prev = end;
    }
    return out;
}

double graduations_in(const Target& t, const std::map<std::string, double>& by, std::map<std::string, double>* by_district) {
    double total = 0;
    for (const auto& [d, k] : by) {
        if (d.compare(0, t.scope.size(), t.scope) != 0) continue;
        total += k;
        if (by_district) (*by_district)[d] = k;
    }
    return total;
}

TargetProgress progress_of(const Target& t, const Store& store, const Network& base, const std::vector<Period>& observed,
                           const std::vector<Network>& nets, const std::string& as_of,
                           const std::map<std::string, std::map<std::string, double>>& graduations) {
    TargetProgress tp;
    tp.target = t;
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        const bool last = i + 1 == observed.size();
        auto* by = last ? &tp.by_district : nullptr;
        const double v = t.kind == "graduations" ? graduations_in(t, graduations.at(observed[i].end), by)
                                                 : measure(t, nets[i], store, observed[i].end, by);
        tp.series.emplace_back(observed[i].id, v);
        xs.push_back(years(observed[i].end));
        ys.push_back(v);
    }
    if (observed.empty()) {
        const std::string date = as_of.empty() ? t.due : as_of;
        auto net = store.timeline().at(base, date);
        ys.push_back(measure(t, net, store, date, &tp.by_district));
        tp.series.emplace_back(date, ys.back());
    }
    tp.projection = project(xs, ys, years(t.due));
    if (tp.projection && t.kind != "graduations") {
        auto clip = [](double v) { return std::clamp(v, 0.0, 1.0); };
        tp.projection->value = clip(tp.projection->value);
        if (tp.projection->low) tp.projection->low = clip(*tp.projection->low);
        if (tp.projection->high) tp.projection->high = clip(*tp.projection->high);
    }
    const double latest = ys.empty() ? 0.0 : ys.back();
    const std::string latest_date = observed.empty() ? (as_of.empty() ? t.due : as_of) : observed.back().end;
    if (latest >= t.value - 1e-12) tp.status = "met";
    else if (latest_date >= t.due) tp.status = "missed";
    else tp.status = tp.projection && tp.projection->value >= t.value - 1e-12 ? "on_track" : "behind";
    return tp;
}
}  // namespace

ProgressReport progress(const Store& store, const Network& base, std::vector<Target> targets) {
    if (targets.empty()) targets = store.targets();
    if (targets.empty()) targets = default_targets();
    ProgressReport r;
    r.as_of = store_as_of(store);
    std::vector<Period> observed;
    for (const auto& p : store.periods())
        if (r.as_of.empty() || p.start <= r.as_of) observed.push_back(p);
    // coverage needs which incubators were open, not who was resident or which organizations
    // exist: the timeline on the network without its organizations (a national network has a
    // million; copying them for every period took seconds)
    Network nodes_only;
    nodes_only.name = base.name;
    nodes_only.description = base.description;
    nodes_only.staffing = base.staffing;
    nodes_only.vocabulary = base.vocabulary;
    nodes_only.regions = base.regions;
    nodes_only.nodes = base.nodes;
    nodes_only.edges = base.edges;
    const Timeline timeline = store.timeline();
    std::vector<Network> nets;
    for (const auto& p : observed) nets.push_back(timeline.at(nodes_only, p.end));
    std::map<std::string, std::map<std::string, double>> graduations;
    if (std::any_of(targets.begin(), targets.end(), [](const Target& t) { return t.kind == "graduations"; })) {
        std::vector<std::string> ends;
        for (const auto& p : observed) ends.push_back(p.end);
        graduations = graduations_by_district(store, ends);
    }
    for (const auto& t : targets)
        r.targets.push_back(progress_of(t, store, nodes_only, observed, nets, r.as_of, graduations));
    return r;
}

ojson progress_to_json(const ProgressReport& r) {
    ojson o = ojson::object();
    o["as_of"] = r.as_of.empty() ? ojson(nullptr) : ojson(r.as_of);
    ojson ts = ojson::array();
    for (const auto& tp : r.targets) {
        ojson t = ojson::object();
        t["id"] = tp.target.id;
        t["kind"] = tp.target.kind;
        t["scope"] = tp.target.scope;
        t["value"] = tp.target.value;
        t["due"] = tp.target.due;
        t["note"] = tp.target.note;
        ojson series = ojson::array();
        for (const auto& [p, v] : tp.series) series.push_back(ojson{{"period", p}, {"measured", v}});
        t["series"] = series;
        ojson bd = ojson::object();
        for (const auto& [d, v] : tp.by_district) bd[d] = v;
        t["by_district"] = bd;
        if (tp.projection) {
            const auto& p = *tp.projection;
            t["projection"] = ojson{{"method", "ols_linear"}, {"at", tp.target.due}, {"value", p.value},
                                    {"low", p.low ? ojson(*p.low) : ojson(nullptr)},
                                    {"high", p.high ? ojson(*p.high) : ojson(nullptr)},
                                    {"level", p.level}, {"points", p.points}, {"slope_per_year", p.slope}};
        } else {
            t["projection"] = nullptr;
        }
        t["status"] = tp.status;
        ts.push_back(t);
    }
    o["targets"] = ts;
    return o;
}

}  // namespace hatchnet::records
