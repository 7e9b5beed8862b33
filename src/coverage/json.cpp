// Coverage options from JSON, results to JSON: see hatchnet/coverage/json.hpp.
#include <limits>
#include <cmath>
#include <set>

#include "hatchnet/coverage/json.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/referral/json.hpp"

namespace hatchnet::coverage {

using nlohmann::json;

namespace {

/// A value as quoted in an error message: its JSON text, cut at 40 characters.
std::string shown(const json& v) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}


json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

/// Reads an options object, remembering which keys it used; finish() rejects the others.
class Reader {
public:
    Reader(const json& j, std::string what) : j_(j), what_(std::move(what)) {
        if (!j_.is_null() && !j_.is_object()) throw input_error(what_, "", "options must be a JSON object");
    }
    const json* find(const std::string& k) {
        used_.insert(k);
        if (j_.is_null()) return nullptr;
        auto it = j_.find(k);
        if (it == j_.end() || it->is_null()) return nullptr;
        return &*it;
    }
    void boolean(const std::string& k, bool& out) {
        if (auto v = find(k)) {
            if (!v->is_boolean()) throw input_error(what_, k, "must be true or false");
            out = v->get<bool>();
        }
    }
    void number(const std::string& k, double& out) {
        if (auto v = find(k)) {
            if (!v->is_number()) throw input_error(what_, k, "must be a number, got " + shown(*v));
            out = v->get<double>();
            if (!std::isfinite(out)) throw input_error(what_, k, "must be finite");
        }
    }
    template <class I>
    void integer(const std::string& k, I& out) {
        if (auto v = find(k)) {
            if (v->is_number_float()) {
                double d = v->get<double>();
                if (d != std::floor(d)) throw input_error(what_, k, "must be an integer");
                if (!(d >= double(std::numeric_limits<I>::lowest()) && d <= double(std::numeric_limits<I>::max()) / 2))
                    throw input_error(what_, k, "out of range");
                out = I(d);
                if (d < 0 && I(-1) > I(0)) throw input_error(what_, k, "must not be negative");
            } else if (v->is_number_integer()) {
                // in I's range (an unsigned above 2^63 read as long long wrapped negative, and a
                // wide value narrowed silently)
                if (v->is_number_unsigned()) {
                    const auto u = v->get<std::uint64_t>();
                    if (u > std::uint64_t(std::numeric_limits<I>::max())) throw input_error(what_, k, "out of range");
                    out = I(u);
                } else {
                    auto x = v->get<long long>();
                    if (x < 0 && I(-1) > I(0)) throw input_error(what_, k, "must not be negative");
                    if (x < (long long)(std::numeric_limits<I>::lowest()) ||
                        (x > 0 && std::uint64_t(x) > std::uint64_t(std::numeric_limits<I>::max())))
                        throw input_error(what_, k, "out of range");
                    out = I(x);
                }
            } else {
                throw input_error(what_, k, "must be an integer");
            }
        }
    }
    void string(const std::string& k, std::string& out) {
        if (auto v = find(k)) {
            if (!v->is_string()) throw input_error(what_, k, "must be a string");
            out = v->get<std::string>();
        }
    }
    void tier(const std::string& k, Tier& out) {
        std::string s;
        string(k, s);
        if (s.empty()) return;
        auto t = parse_tier(s);
        if (!t) throw input_error(what_, k, "'" + s + "' is not a tier");
        out = *t;
    }
    void tiers(const std::string& k, TierSet& out) {
        if (auto v = find(k)) {
            if (!v->is_array()) throw input_error(what_, k, "must be an array of tier names");
            TierSet t{};
            for (const auto& x : *v) {
                auto p = x.is_string() ? parse_tier(x.get<std::string>()) : std::nullopt;
                if (!p) throw input_error(what_, k, "'" + x.dump() + "' is not a tier");
                t[std::size_t(*p)] = true;
            }
            out = t;
        }
    }
    void build_mode(const std::string& k, std::optional<BuildMode>& out) {
        std::string s;
        string(k, s);
        if (s.empty()) return;
        auto m = parse_build_mode(s);
        if (!m) throw input_error(what_, k, "'" + s + "' is not one of new_build, co_build, conversion, assisted");
        out = *m;
    }
    void operation_mode(const std::string& k, std::optional<OperationMode>& out) {
        std::string s;
        string(k, s);
        if (s.empty()) return;
        auto m = parse_operation_mode(s);
        if (!m)
            throw input_error(what_, k,
                              "'" + s + "' is not one of government_run, publicly_built_socially_run, socially_run");
        out = *m;
    }
    void level(const std::string& k, RegionLevel& out) {
        std::string s;
        string(k, s);
        if (s.empty()) return;
        const auto l = parse_region_level(s);
        if (!l || *l < RegionLevel::county) throw input_error(what_, k, "'" + s + "' is not one of district, street, community");
        out = *l;
    }
    void finish() const {
        if (j_.is_null()) return;
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!used_.count(it.key())) throw input_error(what_, it.key(), "unknown option");
    }
    const std::string& what() const { return what_; }

private:
    const json& j_;
    std::string what_;
    std::set<std::string> used_;
};

std::string level_name(RegionLevel l) {
    return l == RegionLevel::county ? "district" : std::string(to_string(l));
}

}  // namespace

json parse_options(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) return json(nullptr);
    return io::parse_json_value(text, "options");
}

CoverageOptions coverage_options_from_json(const json& j) {
    CoverageOptions o;
    Reader r(j, "coverage options");
    r.tiers("counted_tiers", o.counted_tiers);
    r.boolean("expect_district", o.expect_district);
    r.boolean("expect_street", o.expect_street);
    r.boolean("expect_community", o.expect_community);
    r.boolean("accessibility", o.accessibility);
    if (auto v = r.find("relations")) {
        if (!v->is_array()) throw input_error(r.what(), "relations", "must be an array of relation names");
        RelationMask m = 0;
        for (const auto& x : *v) {
            auto p = x.is_string() ? parse_relation(x.get<std::string>()) : std::nullopt;
            if (!p) throw input_error(r.what(), "relations", "'" + x.dump() + "' is not a relation");
            m |= mask_of(*p);
        }
        o.relations = m;
    }
    r.boolean("two_step", o.two_step);
    r.number("catchment_km", o.catchment_km);
    r.level("demand_level", o.demand_level);
    r.boolean("gaussian_decay", o.gaussian_decay);
    r.finish();
    if (o.two_step && !(o.catchment_km > 0)) throw input_error(r.what(), "catchment_km", "must be > 0");
    return o;
}

BalanceOptions balance_options_from_json(const json& j) {
    BalanceOptions o;
    Reader r(j, "balance options");
    r.tiers("counted_tiers", o.counted_tiers);
    r.integer("top", o.top);
    r.finish();
    return o;
}

PlanOptions plan_options_from_json(const json& j) {
    PlanOptions o;
    Reader r(j, "plan options");
    std::string s;
    r.string("objective", s);
    if (!s.empty()) {
        auto ob = parse_objective(s);
        if (!ob) throw input_error(r.what(), "objective", "'" + s + "' is not one of coverage, served, minmax, p_median");
        o.objective = *ob;
    }
    if (auto v = r.find("k")) {
        if (!v->is_number_integer() && !(v->is_number_float() && v->get<double>() == std::floor(v->get<double>())))
            throw input_error(r.what(), "k", "must be an integer");
        double k = v->get<double>();
        if (k < 0) throw input_error(r.what(), "k", "must not be negative");
        if (k > 1e9) throw input_error(r.what(), "k", "must be at most 10^9");
        o.k = long(k);
    }
    if (auto v = r.find("budget")) {
        if (!v->is_number()) throw input_error(r.what(), "budget", "must be a number, got " + shown(*v));
        o.budget = v->get<double>();
        if (std::isnan(o.budget) || o.budget < 0) throw input_error(r.what(), "budget", "must not be negative");
    }
    if (auto v = r.find("candidates")) {
        if (!v->is_array()) throw input_error(r.what(), "candidates", "must be an array of objects");
        for (std::size_t i = 0; i < v->size(); ++i) {
            Reader c((*v)[i], "candidate " + std::to_string(i));
            if (!(*v)[i].is_object()) throw input_error(c.what(), "", "must be an object");
            Candidate x;
            c.string("region", x.region);
            c.string("node", x.node);
            c.tier("tier", x.tier);
            if (auto cap = c.find("capacity")) {
                if (!cap->is_number()) throw input_error(c.what(), "capacity", "must be a number");
                double d = cap->get<double>();
                if (!(d >= 0 && d <= 1e12) || d != std::floor(d))
                    throw input_error(c.what(), "capacity", "must be an integer in [0, 10^12]");
                x.capacity = std::int64_t(d);
            }
            if (auto cost = c.find("cost")) {
                if (!cost->is_number()) throw input_error(c.what(), "cost", "must be a number");
                x.cost = cost->get<double>();
                if (!(x.cost >= 0) || !std::isfinite(x.cost)) throw input_error(c.what(), "cost", "must be a finite number >= 0");
            }
            c.string("name", x.name);
            c.build_mode("mode", x.mode);
            c.operation_mode("operation", x.operation);
            c.finish();
            o.candidates.push_back(std::move(x));
        }
    }
    if (auto v = r.find("modes")) {
        if (!v->is_array()) throw input_error(r.what(), "modes", "must be an array of {mode, cost, capacity, operation}");
        for (std::size_t i = 0; i < v->size(); ++i) {
            Reader c((*v)[i], "modes[" + std::to_string(i) + "]");
            if (!(*v)[i].is_object()) throw input_error(c.what(), "", "must be an object");
            ModeOffer m;
            std::optional<BuildMode> mode;
            c.build_mode("mode", mode);
            if (!mode) throw input_error(c.what(), "mode", "required: new_build, co_build, conversion or assisted");
            m.mode = *mode;
            c.operation_mode("operation", m.operation);
            c.number("cost", m.cost);
            if (m.cost < 0) throw input_error(c.what(), "cost", "must not be negative");
            if (auto cap = c.find("capacity")) {
                if (!cap->is_number_integer() || cap->get<long long>() < 0 || cap->get<long long>() > 1000000000000LL)
                    throw input_error(c.what(), "capacity", "must be an integer in [0, 10^12]");
                m.capacity = cap->get<std::int64_t>();
            }
            c.finish();
            o.modes.push_back(m);
        }
    }
    r.level("candidate_level", o.candidate_level);
    // the site tier follows the candidate level unless given
    if (o.candidate_level == RegionLevel::county) o.site_tier = Tier::district;
    if (o.candidate_level == RegionLevel::community) o.site_tier = Tier::community;
    r.tier("site_tier", o.site_tier);
    r.integer("site_capacity", o.site_capacity);
    r.number("site_cost", o.site_cost);
    if (o.site_cost < 0) throw input_error(r.what(), "site_cost", "must not be negative");
    r.boolean("skip_covered", o.skip_covered);
    r.tiers("counted_tiers", o.counted_tiers);
    r.tiers("cover_tiers", o.cover_tiers);
    r.level("demand_level", o.demand_level);
    std::string w;
    r.string("weight", w);
    if (!w.empty()) {
        if (w == "population") o.weight_population = true;
        else if (w == "organizations") o.weight_population = false;
        else throw input_error(r.what(), "weight", "'" + w + "' is not one of organizations, population");
    }
    r.number("radius_km", o.radius_km);
    if (o.radius_km < 0) throw input_error(r.what(), "radius_km", "must not be negative");
    r.level("group_level", o.group_level);
    r.boolean("lazy", o.lazy);
    r.boolean("compare_exact", o.compare_exact);
    std::string method;
    r.string("method", method);
    if (!method.empty()) {
        if (method == "exact") o.exact_only = true;
        else if (method == "greedy") o.exact_only = false;
        else throw input_error(r.what(), "method", "'" + method + "' is not one of greedy, exact");
    }
    r.integer("exact_limit", o.exact_limit);
    r.integer("node_limit", o.node_limit);
    check_count(o.node_limit, r.what(), "node_limit");
    r.number("time_limit", o.time_limit);
    if (!(o.time_limit > 0)) throw input_error(r.what(), "time_limit", "must be a positive number of seconds");
    r.integer("interchange_rounds", o.interchange_rounds);
    if (o.interchange_rounds < 0) throw input_error(r.what(), "interchange_rounds", "must not be negative");
    r.finish();
    // candidates without an explicit tier take the site tier
    if (j.is_object() && j.contains("candidates"))
        for (std::size_t i = 0; i < o.candidates.size(); ++i)
            if (!j["candidates"][i].contains("tier")) o.candidates[i].tier = o.site_tier;
    return o;
}

SplitOptions split_options_from_json(const json& j) {
    SplitOptions o;
    Reader r(j, "split options");
    r.number("budget", o.budget);
    r.number("price", o.price);
    r.tiers("counted_tiers", o.counted_tiers);
    r.finish();
    if (o.budget < 0) throw input_error(r.what(), "budget", "must not be negative");
    if (!(o.price > 0)) throw input_error(r.what(), "price", "must be > 0");
    return o;
}

// ------------------------------------------------------------------ results

json to_json(const CoverageSummary& s) {
    return json{{"districts", s.districts},
                {"streets", s.streets},
                {"communities", s.communities},
                {"districts_lacking", s.districts_lacking},
                {"streets_lacking", s.streets_lacking},
                {"communities_lacking", s.communities_lacking},
                {"organizations", s.organizations},
                {"capacity", s.capacity},
                {"incubators", s.incubators},
                {"population", num(s.population)},
                {"mean_hops_street", num(s.mean_hops_street)},
                {"share_street_within_2", num(s.share_street_within_2)},
                {"mean_access", num(s.mean_access)}};
}

json to_json(const CoverageReport& r) {
    json rows = json::array();
    json lacking = json::array();
    for (const auto& c : r.regions) {
        json x = json::object();
        x["code"] = c.code;
        x["name"] = c.name;
        x["level"] = level_name(c.level);
        x["district"] = c.district;
        x["population"] = num(c.population);
        x["incubators"] = c.incubators;
        x["capacity"] = c.capacity;
        x["spare"] = c.spare;
        x["organizations"] = c.organizations;
        x["orgs_per_incubator"] = num(c.orgs_per_incubator);
        x["orgs_per_capacity"] = num(c.orgs_per_capacity);
        x["capacity_per_org"] = num(c.capacity_per_org);
        x["people_per_incubator"] = num(c.people_per_incubator);
        x["capacity_per_10k"] = num(c.capacity_per_10k);
        x["missing"] = c.missing.empty() ? json(nullptr) : json(c.missing);
        x["access"] = num(c.access);
        for (int t = 0; t < tier_count; ++t) {
            std::string tn(to_string(Tier(t)));
            x["within_" + tn] = c.within[t];
            x["serving_" + tn] = c.serving[t];
            x["hops_" + tn] = (r.hops_computed && c.hops[t] >= 0) ? json(c.hops[t]) : json(nullptr);
        }
        if (!c.missing.empty())
            lacking.push_back({{"code", c.code}, {"name", c.name}, {"level", level_name(c.level)},
                               {"district", c.district}, {"missing", c.missing}});
        rows.push_back(std::move(x));
    }
    return json{{"summary", to_json(r.summary)},
                {"regions", std::move(rows)},
                {"lacking", std::move(lacking)},
                {"hops_computed", r.hops_computed},
                {"access_computed", r.access_computed},
                {"catchment_km", r.access_computed ? num(r.catchment_km) : json(nullptr)},
                {"unlocated", r.unlocated},
                {"notes", r.notes}};
}

SamenessOptions sameness_options_from_json(const json& j) {
    SamenessOptions o;
    Reader r(j, "sameness options");
    r.tiers("tiers", o.tiers);
    r.boolean("districts", o.districts);
    r.finish();
    return o;
}

namespace {
/// A group's figures; with `tier_pairs`, the pair table [{a, b, pairs, jaccard}] too.
json sameness_group_json(const SamenessGroup& g, bool tier_pairs) {
    json by_tier = json::object();
    for (int t = 0; t < tier_count; ++t)
        if (g.by_tier[t]) by_tier[std::string(to_string(Tier(t)))] = g.by_tier[t];
    json o = {{"nodes", g.nodes}, {"by_tier", by_tier}, {"within", num(g.within)}, {"between", num(g.between)}};
    if (!g.code.empty()) {
        o["code"] = g.code;
        o["name"] = g.name;
    }
    if (!tier_pairs) return o;
    json pairs = json::array();
    for (int a = 0; a < tier_count; ++a)
        for (int b = a; b < tier_count; ++b)
            if (g.pairs[a][b] > 0)
                pairs.push_back({{"a", std::string(to_string(Tier(a)))},
                                 {"b", std::string(to_string(Tier(b)))},
                                 {"pairs", g.pairs[a][b]},
                                 {"jaccard", num(g.pair[a][b])}});
    o["tier_pairs"] = std::move(pairs);
    return o;
}
}  // namespace

json to_json(const SamenessReport& r) {
    json districts = json::array();
    for (const auto& d : r.districts) districts.push_back(sameness_group_json(d, false));
    return {{"network", sameness_group_json(r.network, true)}, {"districts", std::move(districts)}, {"notes", r.notes}};
}

namespace {
json staff_district_json(const StaffDistrict& d) {
    return {{"code", d.code},
            {"name", d.name},
            {"nodes", d.nodes},
            {"recorded", d.recorded},
            {"staff", d.staff},
            {"trained", d.trained},
            {"funded_posts", d.funded_posts},
            {"occupied", d.occupied},
            {"below_floor", d.below_floor},
            {"trained_share", num(d.trained_share)},
            {"funded_share", num(d.funded_share)},
            {"orgs_per_staff", num(d.orgs_per_staff)},
            {"mean_pay", num(d.mean_pay)}};
}
}  // namespace

json to_json(const StaffReport& r) {
    json nodes = json::array(), districts = json::array();
    for (const auto& n : r.nodes)
        nodes.push_back({{"node", n.node},
                         {"tier", std::string(to_string(n.tier))},
                         {"district", n.district},
                         {"recorded", n.recorded},
                         {"staff", n.staff},
                         {"trained", n.trained},
                         {"funded_posts", n.funded_posts},
                         {"occupied", n.occupied},
                         {"pay", num(n.pay)},
                         {"trained_share", num(n.trained_share)},
                         {"pay_ratio", num(n.pay_ratio)},
                         {"orgs_per_staff", num(n.orgs_per_staff)},
                         {"funded_share", num(n.funded_share)},
                         {"below_floor", n.below_floor},
                         {"below_trained_share", n.below_trained_share}});
    for (const auto& d : r.districts) districts.push_back(staff_district_json(d));
    json total = staff_district_json(r.total);
    total.erase("code");
    total.erase("name");
    return {{"nodes", std::move(nodes)},
            {"districts", std::move(districts)},
            {"total", std::move(total)},
            {"pay_floor", num(r.pay_floor)},
            {"min_trained_share", num(r.min_trained_share)},
            {"notes", r.notes}};
}

json staffing_json(const Graph& g, std::string_view options) {
    Reader(parse_options(options), "staffing options").finish();  // no options yet: refuse any
    return to_json(staffing(g));
}

json sameness_json(const Graph& g, std::string_view options) {
    return to_json(sameness(g, sameness_options_from_json(parse_options(options))));
}

json to_json(const BalanceReport& r) {
    json metrics = json::array(), districts = json::array(), furthest = json::array();
    for (const auto& q : r.metrics)
        metrics.push_back({{"indicator", q.indicator},
                           {"level", q.level},
                           {"units", q.units},
                           {"excluded", q.excluded},
                           {"mean", num(q.mean)},
                           {"min", num(q.min)},
                           {"max", num(q.max)},
                           {"gini", num(q.gini)},
                           {"gini_unweighted", num(q.gini_unweighted)},
                           {"theil", num(q.theil)},
                           {"theil_unweighted", num(q.theil_unweighted)},
                           {"theil_between", num(q.theil_between)},
                           {"theil_within", num(q.theil_within)}});
    for (const auto& d : r.districts)
        districts.push_back({{"code", d.code},
                             {"name", d.name},
                             {"population", num(d.population)},
                             {"organizations", d.organizations},
                             {"capacity", d.capacity},
                             {"incubators", d.incubators},
                             {"capacity_per_org", num(d.capacity_per_org)},
                             {"capacity_per_10k", num(d.capacity_per_10k)},
                             {"ratio_org", num(d.ratio_org)},
                             {"ratio_resident", num(d.ratio_resident)}});
    for (const auto& o : r.furthest)
        furthest.push_back({{"indicator", o.indicator},
                            {"code", o.code},
                            {"name", o.name},
                            {"value", num(o.value)},
                            {"city", num(o.city)},
                            {"ratio", num(o.ratio)},
                            {"direction", o.direction}});
    return json{{"metrics", std::move(metrics)},
                {"districts", std::move(districts)},
                {"furthest", std::move(furthest)},
                {"city", {{"capacity_per_org", num(r.city_capacity_per_org)},
                          {"capacity_per_10k", num(r.city_capacity_per_10k)}}},
                {"notes", r.notes}};
}

json to_json(const PlanResult& r) {
    json picks = json::array();
    for (std::size_t q = 0; q < r.picks.size(); ++q) {
        const auto& p = r.picks[q];
        picks.push_back({{"order", q + 1},
                         {"candidate", p.candidate},
                         {"kind", p.node.empty() ? "new_site" : "expansion"},
                         {"region", p.region},
                         {"name", p.name},
                         {"district", p.district},
                         {"node", p.node.empty() ? json(nullptr) : json(p.node)},
                         {"tier", std::string(to_string(p.tier))},
                         {"capacity", p.capacity},
                         {"cost", num(p.cost)},
                         {"gain", num(p.gain)},
                         {"value_after", num(p.value_after)},
                         {"mode", p.mode ? json(std::string(to_string(*p.mode))) : json(nullptr)},
                         {"operation", p.operation ? json(std::string(to_string(*p.operation))) : json(nullptr)}});
    }
    json exact = nullptr;
    if (r.exact_status != SolveStatus::empty)
        exact = {{"value", num(r.exact_value)},
                 {"ratio", num(r.ratio_to_exact)},
                 {"status", std::string(to_string(r.exact_status))}};
    const char* unit = r.objective == Objective::p_median ? "weighted_km"
                       : r.objective == Objective::minmax ? "worst_shortfall"
                                                          : "covered";
    return json{{"objective", std::string(to_string(r.objective))},
                {"status", std::string(to_string(r.status))},
                {"method", r.method},
                {"unit", unit},
                {"value_before", num(r.value_before)},
                {"value_after", num(r.value_after)},
                {"gain", num(r.gain)},
                {"cost", num(r.cost)},
                {"budget", num(r.budget)},
                {"k", r.k < 0 ? json(nullptr) : json(r.k)},
                {"candidates", r.candidates.size()},
                {"guarantee", num(r.guarantee)},
                {"upper_bound", num(r.upper_bound)},
                {"exact", exact},
                {"picks", std::move(picks)},
                {"notes", r.notes}};
}

json to_json(const SplitResult& r) {
    json rows = json::array();
    for (const auto& d : r.districts)
        rows.push_back({{"code", d.code},
                        {"name", d.name},
                        {"organizations", d.organizations},
                        {"capacity", d.capacity},
                        {"ratio_before", num(d.ratio_before)},
                        {"buy", num(d.buy)},
                        {"spend", num(d.spend)},
                        {"ratio_after", num(d.ratio_after)}});
    return json{{"districts", std::move(rows)},
                {"level", num(r.level)},
                {"min_before", num(r.min_before)},
                {"min_after", num(r.min_after)},
                {"gini_before", num(r.gini_before)},
                {"gini_after", num(r.gini_after)},
                {"spent", num(r.spent)},
                {"notes", r.notes}};
}

json to_json(const ScenarioReport& r) {
    auto bal = [](const BalanceReport& b) { return to_json(b); };
    return json{{"added", r.added},
                {"expanded", r.expanded},
                {"coverage", {{"before", to_json(r.coverage_before)}, {"after", to_json(r.coverage_after)}}},
                {"balance", {{"before", bal(r.balance_before)}, {"after", bal(r.balance_after)}}},
                {"sameness",
                 {{"before", sameness_group_json(r.sameness_before, true)},
                  {"after", sameness_group_json(r.sameness_after, true)}}},
                {"hooks", r.hooks},
                {"outcomes", r.outcomes ? to_json(*r.outcomes) : json(nullptr)},
                {"notes", r.notes}};
}

json to_json(const ScenarioOutcomes& o) {
    json out = json::object();
    out["demand"] = {{"generated_requests", o.generated_requests},
                     {"generated_needs", o.generated_needs},
                     {"requests", o.referral_before.requests},
                     {"needs", o.needs},
                     {"resources_before", o.resources_before},
                     {"resources_after", o.resources_after}};
    auto ref = [](const ReferralTotals& t) {
        return json{{"requests", t.requests},
                    {"routed", t.routed},
                    {"waitlisted", t.waitlisted},
                    {"unroutable", t.unroutable},
                    {"total_score", num(t.total_score)}};
    };
    auto mat = [](const MatchTotals& t) {
        return json{{"requested", t.requested},
                    {"served", t.served},
                    {"served_share", num(t.served_share)},
                    {"weighted_served", t.weighted_served},
                    {"cost", num(t.cost)}};
    };
    if (o.referral) {
        json placed = json::object();
        for (const auto& [k, v] : o.placed_at_new) placed[k] = v;
        out["referral"] = {{"before", ref(o.referral_before)}, {"after", ref(o.referral_after)},
                           {"placed_at_new", placed}};
    } else {
        out["referral"] = nullptr;
    }
    out["matching"] = o.matching ? json{{"before", mat(o.match_before)}, {"after", mat(o.match_after)}} : json(nullptr);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    json d = json::array();
    for (const auto& x : o.districts)
        d.push_back({{"code", x.code},
                     {"name", x.name},
                     {"requests", x.requests},
                     {"routed_before", x.routed_before},
                     {"routed_after", x.routed_after},
                     {"waitlisted_before", x.waitlisted_before},
                     {"waitlisted_after", x.waitlisted_after},
                     {"needs", x.needs},
                     {"requested", x.requested},
                     {"served_before", x.served_before},
                     {"served_after", x.served_after},
                     {"served_share_before", num(x.requested ? double(x.served_before) / double(x.requested) : nan)},
                     {"served_share_after", num(x.requested ? double(x.served_after) / double(x.requested) : nan)},
                     {"weighted_before", x.weighted_before},
                     {"weighted_after", x.weighted_after},
                     {"cost_before", num(x.cost_before)},
                     {"cost_after", num(x.cost_after)}});
    out["districts"] = std::move(d);
    out["notes"] = o.notes;
    return out;
}

ScenarioDemand scenario_demand_from_json(const json& j) {
    ScenarioDemand d;
    if (j.is_boolean() || j.is_null()) return d;
    if (!j.is_object()) throw input_error("demand", "", "must be true or an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const auto& k = it.key();
        const auto& v = it.value();
        auto need_bool = [&]() {
            if (!v.is_boolean()) throw input_error("demand", k, "must be true or false");
            return v.get<bool>();
        };
        auto need_count = [&]() {
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
                throw input_error("demand", k, "must be a non-negative integer");
            check_count(v.get<std::uint64_t>(), "demand", k);
            return static_cast<std::size_t>(v.get<std::int64_t>());
        };
        if (k == "referral") d.referral = need_bool();
        else if (k == "matching") d.matching = need_bool();
        else if (k == "seed") {
            if (!v.is_number_integer()) throw input_error("demand", k, "must be an integer");
            d.seed = v.is_number_unsigned() ? v.get<std::uint64_t>() : static_cast<std::uint64_t>(v.get<std::int64_t>());
        } else if (k == "requests") {
            if (v.is_array()) d.requests = referral::parse_requests(v.dump());
            else d.request_count = need_count();
        } else if (k == "needs") {
            if (v.is_array()) d.needs = match::parse_needs(v.dump());
            else d.need_count = need_count();
        } else if (k == "resources") {
            if (!v.is_array()) throw input_error("demand", k, "must be an array of resources");
            d.resources = match::parse_resources(v.dump());
        } else if (k == "supply_percent") {
            auto p = need_count();
            if (p < 1 || p > 1000) throw input_error("demand", k, "must be in 1..1000");
            d.supply_percent = static_cast<int>(p);
        } else if (k == "match_options") {
            d.match = match::parse_match_options(v.is_null() ? std::string() : v.dump());
        } else {
            throw input_error("demand", k, "unknown option");
        }
    }
    return d;
}

PlanResult picks_from_json(const json& j) {
    const json* arr = &j;
    if (j.is_object()) {
        auto it = j.find("picks");
        if (it == j.end()) throw input_error("picks", "", "expected an array of picks or {\"picks\": [...]}");
        arr = &*it;
    }
    if (!arr->is_array()) throw input_error("picks", "", "must be an array");
    PlanResult r;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto& x = (*arr)[i];
        const std::string rec = "picks[" + std::to_string(i) + "]";
        if (!x.is_object()) throw input_error(rec, "", "must be an object");
        Pick p;
        auto str = [&](const char* f) -> std::string {
            auto it = x.find(f);
            if (it == x.end() || it->is_null()) return {};
            if (!it->is_string()) throw input_error(rec, f, "must be a string");
            return it->get<std::string>();
        };
        p.region = str("region");
        p.node = str("node");
        p.name = str("name");
        p.district = str("district");
        if (p.region.empty() && p.node.empty()) throw input_error(rec, "region", "a pick needs a region or a node");
        if (auto t = str("tier"); !t.empty()) {
            auto pt = parse_tier(t);
            if (!pt) throw input_error(rec, "tier", "unknown tier '" + t + "'");
            p.tier = *pt;
        }
        if (auto it = x.find("capacity"); it != x.end() && !it->is_null()) {
            if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
                throw input_error(rec, "capacity", "must be a non-negative integer");
            p.capacity = it->get<std::int64_t>();
        }
        if (auto it = x.find("cost"); it != x.end() && it->is_number()) p.cost = it->get<double>();
        if (auto m = str("mode"); !m.empty()) {
            p.mode = parse_build_mode(m);
            if (!p.mode) throw input_error(rec, "mode", "'" + m + "' is not one of new_build, co_build, conversion, assisted");
        }
        if (auto m = str("operation"); !m.empty()) {
            p.operation = parse_operation_mode(m);
            if (!p.operation)
                throw input_error(rec, "operation",
                                  "'" + m + "' is not one of government_run, publicly_built_socially_run, socially_run");
        }
        if (p.name.empty()) p.name = p.region;
        r.picks.push_back(std::move(p));
    }
    return r;
}

Network apply_plan_json(const Graph& g, std::string_view options) {
    return apply_plan(g.network(), picks_from_json(parse_options(options)));
}

namespace {
json scenario_with(const Graph& g, const PlanResult& res, const json& j, const ProgressFn& progress) {
    ScenarioOptions so;
    so.progress = progress;
    if (j.is_object()) {
        if (auto it = j.find("demand"); it != j.end() && !(it->is_boolean() && !it->get<bool>()))
            so.demand = scenario_demand_from_json(*it);
        if (auto it = j.find("top"); it != j.end()) {
            if (!it->is_number_integer() || it->get<std::int64_t>() < 0) throw input_error("options", "top", "must be a non-negative integer");
            so.top = static_cast<std::size_t>(it->get<std::int64_t>());
        }
        if (auto it = j.find("coverage"); it != j.end()) so.coverage = coverage_options_from_json(*it);
    }
    return to_json(run_scenario(g, res, so));
}
}  // namespace

json scenario_json(const Graph& g, std::string_view options, const ProgressFn& progress) {
    json j = parse_options(options);
    if (!j.is_object()) throw input_error("scenario options", "", "options must be a JSON object with \"picks\"");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "picks" && it.key() != "demand" && it.key() != "top" && it.key() != "coverage")
            throw input_error("scenario options", it.key(), "unknown option");
    return scenario_with(g, picks_from_json(j), j, progress);
}

// ------------------------------------------------------------------ whole requests

json coverage_json(const Graph& g, std::string_view options, const ProgressFn& progress) {
    auto opt = coverage_options_from_json(parse_options(options));
    opt.progress = progress;
    json out = to_json(analyse(g, opt));
    out["sameness"] = sameness_group_json(sameness(g, SamenessOptions{{true, true, true, true, true, true}, false}).network, false);
    return out;
}

json balance_json(const Graph& g, std::string_view options, const ProgressFn& progress) {
    auto opt = balance_options_from_json(parse_options(options));
    opt.progress = progress;
    json out = to_json(balance(g, opt));
    out["sameness"] = sameness_group_json(sameness(g, SamenessOptions{{true, true, true, true, true, true}, false}).network, false);
    return out;
}

json plan_json(const Graph& g, std::string_view options, const ProgressFn& progress) {
    json j = parse_options(options);
    if (!j.is_null() && !j.is_object()) throw input_error("plan options", "", "options must be a JSON object");
    bool scenario = false;
    std::optional<double> split;
    double price = 1.0;
    if (j.is_object() && j.contains("picks")) return json{{"scenario", scenario_json(g, j.dump(), progress)}};
    json demand = nullptr;
    if (j.is_object()) {
        if (auto it = j.find("demand"); it != j.end()) {
            demand = *it;
            if (!(demand.is_boolean() && !demand.get<bool>())) scenario = true;
            j.erase("demand");
        }
        if (auto it = j.find("scenario"); it != j.end()) {
            if (!it->is_boolean()) throw input_error("plan options", "scenario", "must be true or false");
            scenario = it->get<bool>();
            j.erase("scenario");
        }
        if (auto it = j.find("split_budget"); it != j.end()) {
            if (!it->is_number()) throw input_error("plan options", "split_budget", "must be a number");
            split = it->get<double>();
            j.erase("split_budget");
        }
        if (auto it = j.find("price"); it != j.end()) {
            if (!it->is_number()) throw input_error("plan options", "price", "must be a number");
            price = it->get<double>();
            j.erase("price");
        }
    }
    json out;
    bool has_plan = !split || (j.is_object() && (j.contains("k") || j.contains("budget")));
    if (has_plan) {
        auto opt = plan_options_from_json(j);
        opt.progress = progress;
        auto res = plan(g, opt);
        out = to_json(res);
        if (scenario) out["scenario"] = scenario_with(g, res, json{{"demand", demand.is_null() ? json(false) : demand}}, progress);
    } else {
        out = json::object();
    }
    if (split) {
        SplitOptions so;
        so.budget = *split;
        so.price = price;
        if (!(so.budget >= 0)) throw input_error("plan options", "split_budget", "must not be negative");
        if (!(price > 0)) throw input_error("plan options", "price", "must be > 0");
        out["split"] = to_json(split_budget(g, so));
    }
    return out;
}

}  // namespace hatchnet::coverage
