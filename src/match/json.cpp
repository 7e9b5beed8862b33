// JSON of needs, resources, options and results of the matcher
// (hatchnet/match/resources.hpp; formats in docs/algorithms/matching.md).
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/match/resources.hpp"

namespace hatchnet::match {

namespace {

using ojson = nlohmann::ordered_json;

ojson parse_text(std::string_view text, const std::string& record) { return io::parse_json_text(text, record); }

[[noreturn]] void bad(const std::string& rec, const std::string& field, const std::string& msg) {
    throw input_error(rec, field, msg);
}

bool absent(const ojson& j) { return j.is_null(); }

std::string get_string(const ojson& v, const std::string& rec, const std::string& field) {
    if (!v.is_string()) bad(rec, field, "expected a string, got " + std::string(v.type_name()));
    return v.get<std::string>();
}

double get_number(const ojson& v, const std::string& rec, const std::string& field) {
    if (!v.is_number()) bad(rec, field, "expected a number, got " + std::string(v.type_name()));
    double d = v.get<double>();
    if (std::isnan(d)) bad(rec, field, "NaN is not allowed");
    return d;
}

std::int64_t get_int(const ojson& v, const std::string& rec, const std::string& field) {
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            bad(rec, field, "integer out of range");
        return v.get<std::int64_t>();
    }
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15)
            bad(rec, field, "expected an integer, got " + v.dump());
        return static_cast<std::int64_t>(d);
    }
    bad(rec, field, "expected an integer, got " + std::string(v.type_name()));
}

// days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t get_time(const ojson& v, const std::string& rec, const std::string& field) {
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        int y = 0, m = 0, d = 0;
        char tail = 0;
        if (s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 &&
            d >= 1 && d <= 31)
            return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
        bad(rec, field, "expected an ISO date YYYY-MM-DD or an integer, got '" + s + "'");
    }
    return get_int(v, rec, field);
}

std::optional<TimeWindow> get_window(const ojson& v, const std::string& rec, const std::string& field) {
    if (absent(v)) return std::nullopt;
    TimeWindow w;
    if (v.is_array() && v.size() == 2) {
        w.start = get_time(v[0], rec, field + "[0]");
        w.end = get_time(v[1], rec, field + "[1]");
    } else if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.key() != "start" && it.key() != "end") bad(rec, field + "." + it.key(), "unknown field");
        if (!v.contains("start") || !v.contains("end")) bad(rec, field, "needs 'start' and 'end'");
        w.start = get_time(v["start"], rec, field + ".start");
        w.end = get_time(v["end"], rec, field + ".end");
    } else {
        bad(rec, field, "expected {\"start\": ..., \"end\": ...} or [start, end]");
    }
    if (w.start > w.end) bad(rec, field, "start is after end");
    return w;
}

std::vector<std::string> get_strings(const ojson& v, const std::string& rec, const std::string& field) {
    std::vector<std::string> r;
    if (absent(v)) return r;
    if (v.is_string()) {  // a single value, or "a,b" (CSV friendliness)
        std::string s = v.get<std::string>(), cur;
        for (char c : s) {
            if (c == ',' || c == ';') { if (!cur.empty()) r.push_back(cur); cur.clear(); }
            else if (c != ' ') cur.push_back(c);
        }
        if (!cur.empty()) r.push_back(cur);
        return r;
    }
    if (!v.is_array()) bad(rec, field, "expected an array of strings");
    for (std::size_t k = 0; k < v.size(); ++k) r.push_back(get_string(v[k], rec, field + "[" + std::to_string(k) + "]"));
    return r;
}

// A list of enum values by name (org types, stages): `allowed` names them in the message.
template <class Parse>
auto get_enums(const ojson& v, const std::string& rec, const std::string& field, Parse parse, const char* allowed) {
    std::vector<typename decltype(parse(std::string()))::value_type> r;
    for (const auto& s : get_strings(v, rec, field)) {
        auto t = parse(s);
        if (!t) bad(rec, field, "'" + s + "' is not one of " + allowed);
        r.push_back(*t);
    }
    return r;
}

// A record's id: a string, or an integer taken as its decimal text.
std::string get_id(const ojson& v, const std::string& rec, const std::string& field) {
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());  // 2^63.. kept, not wrapped
    return v.is_number_integer() ? std::to_string(v.get<std::int64_t>()) : get_string(v, rec, field);
}

// The flat form of a window (DataFrames): window_start or window_end (`field`) sets one end,
// the other open until given; null leaves the window as it is.
void set_window_end(std::optional<TimeWindow>& w, const std::string& field, const ojson& v, const std::string& rec) {
    if (absent(v)) return;
    if (!w) w = TimeWindow{std::numeric_limits<std::int64_t>::min() / 4, std::numeric_limits<std::int64_t>::max() / 4};
    (field == "window_start" ? w->start : w->end) = get_time(v, rec, field);
}

const ojson& records(const ojson& j, const char* key, const char* what) {
    if (j.is_object()) {
        if (!j.contains(key) || j.size() != 1)
            bad(what, "", std::string("expected an array of ") + what + " or {\"" + key + "\": [...]}");
        const ojson& a = j[key];
        if (!a.is_array()) bad(what, key, "expected an array");
        return a;
    }
    if (!j.is_array()) bad(what, "", std::string("expected an array of ") + what);
    return j;
}

std::string rec_name(const char* kind, const ojson& o, std::size_t i) {
    if (o.is_object() && o.contains("id") && o["id"].is_string()) return std::string(kind) + " " + o["id"].get<std::string>();
    return std::string(kind) + "s[" + std::to_string(i) + "]";
}

Need need_from(const ojson& o, std::size_t i) {
    const std::string rec = rec_name("need", o, i);
    if (!o.is_object()) bad("needs[" + std::to_string(i) + "]", "", "expected an object");
    Need n;
    bool has_id = false, has_org = false, has_cat = false;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::string& k = it.key();
        const ojson& v = it.value();
        if (k == "id") { n.id = get_id(v, rec, k); has_id = true; }
        else if (k == "organization") { n.organization = get_string(v, rec, k); has_org = true; }
        else if (k == "category") { n.category = get_string(v, rec, k); has_cat = true; }
        else if (k == "quantity") { if (!absent(v)) n.quantity = get_int(v, rec, k); }
        else if (k == "priority") { if (!absent(v)) n.priority = get_int(v, rec, k); }
        else if (k == "window") n.window = get_window(v, rec, k);
        else if (k == "start" || k == "end") {
            // flat form (DataFrames): window_start / window_end handled below
            bad(rec, k, "unknown field (use \"window\": {\"start\", \"end\"} or window_start / window_end)");
        } else if (k == "window_start" || k == "window_end") {
            set_window_end(n.window, k, v, rec);
        } else if (k == "group") { if (!absent(v)) n.group = get_string(v, rec, k); }
        else if (k == "min_provider_score") { if (!absent(v)) n.min_provider_score = get_number(v, rec, k); }
        else if (k == "note" || k == "name") { /* free text, ignored */ }
        else bad(rec, k, "unknown field");
    }
    if (!has_id) bad(rec, "id", "missing");
    if (!has_org) bad(rec, "organization", "missing");
    if (!has_cat) bad(rec, "category", "missing");
    if (n.window && n.window->start > n.window->end) bad(rec, "window", "start is after end");
    return n;
}

void eligibility_field(Eligibility& e, const std::string& k, const ojson& v, const std::string& rec) {
    if (k == "org_types") {
        e.org_types = get_enums(v, rec, k, parse_org_type, "association, service_org, foundation, community_org");
    } else if (k == "stages") {
        e.stages = get_enums(v, rec, k, parse_stage, "founding, growing, mature");
    } else if (k == "min_credit") {
        e.min_credit = absent(v) ? 0.0 : get_number(v, rec, k);
        if (!std::isfinite(e.min_credit)) bad(rec, k, "must be finite");
    } else if (k == "regions") {
        e.regions = get_strings(v, rec, k);
        for (const auto& c : e.regions)
            if (!is_region_code(c)) bad(rec, k, "'" + c + "' is not an NBS code of 2/4/6/9/12 digits");
    } else {
        bad(rec, "eligibility." + k, "unknown field");
    }
}

Resource resource_from(const ojson& o, std::size_t i) {
    const std::string rec = rec_name("resource", o, i);
    if (!o.is_object()) bad("resources[" + std::to_string(i) + "]", "", "expected an object");
    Resource r;
    bool has_id = false, has_prov = false, has_cat = false, has_cap = false;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::string& k = it.key();
        const ojson& v = it.value();
        if (k == "id") { r.id = get_id(v, rec, k); has_id = true; }
        else if (k == "provider") { r.provider = get_string(v, rec, k); has_prov = true; }
        else if (k == "outside_provider") { if (!absent(v)) r.outside_provider = get_string(v, rec, k); }
        else if (k == "category") { r.category = get_string(v, rec, k); has_cat = true; }
        else if (k == "capacity") { r.capacity = get_int(v, rec, k); has_cap = true; }
        else if (k == "unit_cost") { if (!absent(v)) r.unit_cost = get_number(v, rec, k); }
        else if (k == "window") r.window = get_window(v, rec, k);
        else if (k == "window_start" || k == "window_end") set_window_end(r.window, k, v, rec);
        else if (k == "eligibility") {
            if (absent(v)) continue;
            if (!v.is_object()) bad(rec, k, "expected an object");
            for (auto e = v.begin(); e != v.end(); ++e) eligibility_field(r.eligibility, e.key(), e.value(), rec);
        } else if (k == "org_types" || k == "stages" || k == "min_credit" || k == "regions") {
            eligibility_field(r.eligibility, k, v, rec);  // flat form (DataFrames)
        } else if (k == "note" || k == "name") {
        } else bad(rec, k, "unknown field");
    }
    if (!has_id) bad(rec, "id", "missing");
    if (!has_prov) bad(rec, "provider", "missing");
    if (!has_cat) bad(rec, "category", "missing");
    if (!has_cap) bad(rec, "capacity", "missing");
    if (r.capacity < 0) bad(rec, "capacity", "must be >= 0, got " + std::to_string(r.capacity));
    if (!std::isfinite(r.unit_cost) || r.unit_cost < 0) bad(rec, "unit_cost", "must be a finite number >= 0");
    return r;
}

// The "weights" option: {"unit_cost", "same_street", "same_district", "cross_district", "cross_city", "hop"}.
void weights_from(MatchOptions& o, const ojson& v, const std::string& rec) {
    if (!v.is_object()) bad(rec, "weights", "expected an object");
    for (auto w = v.begin(); w != v.end(); ++w) {
        const std::string f = "weights." + w.key();
        double x = get_number(w.value(), rec, f);
        if (!std::isfinite(x) || x < 0) bad(rec, f, "must be a finite number >= 0");
        if (w.key() == "unit_cost") o.w_unit_cost = x;
        else if (w.key() == "same_street") o.w_same_street = x;
        else if (w.key() == "same_district") o.w_same_district = x;
        else if (w.key() == "cross_district") o.w_cross_district = x;
        else if (w.key() == "cross_city") o.w_cross_city = x;
        else if (w.key() == "hop") o.w_hop = x;
        else bad(rec, f, "unknown weight (unit_cost, same_street, same_district, cross_district, cross_city, hop)");
    }
}

// The "fair" option: false / null (off), true, a FairBy name, or {"by", "share", "floors"}.
void fair_from(FairnessOptions& fair, const ojson& v, const std::string& rec) {
    if (absent(v) || (v.is_boolean() && !v.get<bool>())) return;
    auto by = [&](const std::string& s, const std::string& f) {
        const auto b = parse_fair_by(s);
        if (!b) bad(rec, f, "'" + s + "' is not one of district, street, group, none");
        return *b;
    };
    if (v.is_string()) { fair.by = by(v.get<std::string>(), "fair"); return; }
    if (v.is_boolean()) { fair.by = FairBy::district; return; }
    if (!v.is_object()) bad(rec, "fair", "expected \"district\" / \"street\" / \"group\" or an object");
    fair.by = FairBy::district;
    for (auto f = v.begin(); f != v.end(); ++f) {
        const std::string fk = "fair." + f.key();
        if (f.key() == "by") fair.by = by(get_string(f.value(), rec, fk), fk);
        else if (f.key() == "share") fair.share = get_number(f.value(), rec, fk);
        else if (f.key() == "floors") {
            if (!f.value().is_object()) bad(rec, fk, "expected an object {group: quantity}");
            for (auto g = f.value().begin(); g != f.value().end(); ++g) {
                std::int64_t q = get_int(g.value(), rec, fk + "." + g.key());
                if (q < 0) bad(rec, fk + "." + g.key(), "must be >= 0");
                fair.floors[g.key()] = q;
            }
        } else bad(rec, fk, "unknown field (by, share, floors)");
    }
}

template <class E>
ojson names_json(const std::vector<E>& v) {
    ojson t = ojson::array();
    for (auto x : v) t.push_back(std::string(to_string(x)));
    return t;
}

ojson window_json(const std::optional<TimeWindow>& w) {
    if (!w) return nullptr;
    return ojson{{"start", w->start}, {"end", w->end}};
}

}  // namespace

namespace {
// The records of a needs / resources value (`key`: "needs" or "resources"), each read by `from`.
template <class T>
std::vector<T> records_from(const ojson& j, const char* key, T (*from)(const ojson&, std::size_t)) {
    const ojson& a = records(j, key, key);
    std::vector<T> r;
    r.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) r.push_back(from(a[i], i));
    return r;
}

MatchOptions options_from(const ojson& j) {
    MatchOptions o;
    if (j.is_null()) return o;
    const std::string rec = "options";
    if (!j.is_object()) bad(rec, "", "expected an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const ojson& v = it.value();
        if (k == "distance") {
            std::string s = get_string(v, rec, k);
            const auto m = parse_distance_mode(s);
            if (!m) bad(rec, k, "'" + s + "' is not one of region, hops");
            o.distance = *m;
        } else if (k == "weights") {
            weights_from(o, v, rec);
        } else if (k == "cost_scale") {
            o.cost_scale = get_number(v, rec, k);
        } else if (k == "fair") {
            fair_from(o.fair, v, rec);
        } else if (k == "lexicographic") {
            std::string s = get_string(v, rec, k);
            const auto l = parse_lexicographic(s);
            if (!l) bad(rec, k, "'" + s + "' is not one of auto, big_m, phases");
            o.lexicographic = *l;
        } else if (k == "providers") {
            std::string s = get_string(v, rec, k);
            const auto p = parse_providers(s);
            if (!p) bad(rec, k, "'" + s + "' is not one of any, home");
            o.providers = *p;
        } else if (k == "pooling") {
            if (!v.is_boolean()) bad(rec, k, "expected true or false");
            o.pooling = v.get<bool>();
        } else if (k == "explain_limit") {
            std::int64_t x = get_int(v, rec, k);
            if (x < 0) bad(rec, k, "must be >= 0");
            o.explain_limit = static_cast<std::size_t>(x);
        } else if (k == "time_limit") {
            if (absent(v)) continue;
            const double x = get_number(v, rec, k);
            if (!std::isfinite(x) || x < 0) bad(rec, k, "must be a finite number of seconds >= 0 (0: none)");
            o.time_limit = x;
        } else {
            bad(rec, k, "unknown option (distance, weights, cost_scale, fair, providers, pooling, lexicographic, explain_limit, "
                        "time_limit)");
        }
    }
    if (!std::isfinite(o.cost_scale) || o.cost_scale <= 0) bad(rec, "cost_scale", "must be a finite number > 0");
    if (!std::isfinite(o.fair.share) || o.fair.share < 0 || o.fair.share > 1) bad(rec, "fair.share", "must be in [0, 1]");
    return o;
}
}  // namespace

std::vector<Need> needs_from_json(const nlohmann::json& j) { return records_from(ojson(j), "needs", need_from); }

std::vector<Resource> resources_from_json(const nlohmann::json& j) {
    return records_from(ojson(j), "resources", resource_from);
}

MatchOptions match_options_from_json(const nlohmann::json& j) { return options_from(ojson(j)); }

std::vector<Need> parse_needs(std::string_view text) {
    return records_from(parse_text(text, "needs"), "needs", need_from);
}

std::vector<Resource> parse_resources(std::string_view text) {
    return records_from(parse_text(text, "resources"), "resources", resource_from);
}

MatchOptions parse_match_options(std::string_view text) {
    std::string_view t = text;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    if (t.empty()) return MatchOptions{};
    return options_from(parse_text(text, "options"));
}

ojson needs_to_json(const std::vector<Need>& needs) {
    ojson a = ojson::array();
    for (const auto& n : needs) {
        ojson o{{"id", n.id}, {"organization", n.organization}, {"category", n.category},
                {"quantity", n.quantity}, {"priority", n.priority}};
        if (n.window) o["window"] = window_json(n.window);
        if (!n.group.empty()) o["group"] = n.group;
        if (n.min_provider_score) o["min_provider_score"] = *n.min_provider_score;
        a.push_back(std::move(o));
    }
    return a;
}

ojson resources_to_json(const std::vector<Resource>& resources) {
    ojson a = ojson::array();
    for (const auto& r : resources) {
        ojson o{{"id", r.id}, {"provider", r.provider}};
        if (!r.outside_provider.empty()) o["outside_provider"] = r.outside_provider;
        o["category"] = r.category;
        o["capacity"] = r.capacity;
        o["unit_cost"] = r.unit_cost;
        ojson e = ojson::object();
        if (!r.eligibility.org_types.empty()) e["org_types"] = names_json(r.eligibility.org_types);
        if (!r.eligibility.stages.empty()) e["stages"] = names_json(r.eligibility.stages);
        if (r.eligibility.min_credit != 0) e["min_credit"] = r.eligibility.min_credit;
        if (!r.eligibility.regions.empty()) e["regions"] = r.eligibility.regions;
        o["eligibility"] = e;
        if (r.window) o["window"] = window_json(r.window);
        a.push_back(std::move(o));
    }
    return a;
}

ojson match_result_to_json(const ResourceMatcher& m) {
    const MatchResult& r = m.result();
    const auto& needs = m.needs();
    const auto& res = m.resources();
    const Network& net = m.graph().network();
    ojson j;
    j["status"] = to_string(r.status);
    std::size_t full = 0, none = 0;
    for (const auto& o : r.needs) {
        full += o.served >= o.requested;
        none += o.served == 0;
    }
    j["summary"] = {{"needs", needs.size()},
                    {"resources", res.size()},
                    {"requested", r.requested},
                    {"served", r.served},
                    {"served_share", r.requested ? double(r.served) / double(r.requested) : 1.0},
                    {"weighted_served", r.weighted_served},
                    {"total_cost", r.total_cost},
                    {"fully_served_needs", full},
                    {"partly_served_needs", needs.size() - full - none},
                    {"unserved_needs", none},
                    {"floors_met", r.floors_met}};
    ojson as = ojson::array();
    for (const auto& a : r.assignments) {
        const Need& n = needs[a.need];
        const Resource& x = res[a.resource];
        ojson o{{"need", n.id},
                {"organization", n.organization},
                {"resource", x.id},
                {"provider", x.provider}};
        if (!x.outside_provider.empty()) o["outside_provider"] = x.outside_provider;
        o["category"] = n.category;
        o["quantity"] = a.quantity;
        o["unit_cost"] = a.unit_cost;
        o["distance"] = to_string(a.level);
        if (a.hops >= 0) o["hops"] = a.hops;
        o["distance_cost"] = a.distance_cost;
        o["cost_per_unit"] = a.cost_per_unit;
        o["cost"] = a.cost;
        // served from a consortium partner's pool (§5.1): name the consortium
        if (a.consortium >= 0) o["via_consortium"] = net.consortia[std::size_t(a.consortium)].id;
        as.push_back(std::move(o));
    }
    j["assignments"] = std::move(as);
    ojson un = ojson::array();
    for (const auto& o : r.needs) {
        if (o.served >= o.requested) continue;
        const Need& n = needs[o.need];
        ojson u{{"need", n.id},
                {"organization", n.organization},
                {"category", n.category},
                {"priority", n.priority},
                {"requested", o.requested},
                {"served", o.served},
                {"unserved", o.requested - o.served},
                {"eligible", o.eligible},
                {"reason", to_string(o.reason)},
                {"detail", o.detail}};
        ojson b = ojson::array();
        for (auto x : o.blocked_by) b.push_back(needs[x].id);
        u["blocked_by"] = std::move(b);
        ojson f = ojson::array();
        for (auto x : o.full_resources) f.push_back(res[x].id);
        u["full_resources"] = std::move(f);
        un.push_back(std::move(u));
    }
    j["unserved"] = std::move(un);
    ojson gs = ojson::array();
    for (const auto& g : r.groups) {
        ojson o{{"group", g.group}};
        if (const Region* reg = net.find_region(g.group)) o["name"] = reg->name;
        o["needs"] = g.needs;
        o["requested"] = g.requested;
        o["served"] = g.served;
        o["share"] = g.requested ? double(g.served) / double(g.requested) : 1.0;
        o["weighted_served"] = g.weighted_served;
        o["floor"] = g.floor;
        o["floor_met"] = g.floor_met;
        o["cost"] = g.cost;
        gs.push_back(std::move(o));
    }
    j["groups"] = std::move(gs);
    j["stats"] = match_stats_to_json(r.stats);
    return j;
}

ojson match_stats_to_json(const MatchStats& s) {
    return {{"method", s.method},          {"phases", s.phases},
            {"flow_nodes", s.flow_nodes},  {"flow_arcs", s.flow_arcs},
            {"buckets", s.buckets},        {"eligible_pairs", s.eligible_pairs},
            {"pivots", s.pivots},          {"build_seconds", s.build_seconds},
            {"solve_seconds", s.solve_seconds}, {"warm_start", s.warm_start}};
}

}  // namespace hatchnet::match
