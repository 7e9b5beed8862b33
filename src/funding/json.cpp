// The funding engine's JSON readers and writers (docs/funding.md).
#include "hatchnet/funding/json.hpp"

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/limits.hpp"

namespace hatchnet::funding {

using nlohmann::json;

namespace {

/// One JSON object read as a record: every member must be read (strict) or is ignored.
class Rec {
public:
    Rec(const json& j, std::string rec, bool strict = true) : j_(j), rec_(std::move(rec)), strict_(strict) {
        if (!j.is_object()) throw input_error(rec_, "", "must be a JSON object");
    }
    const std::string& name() const { return rec_; }
    const json* get(const char* key) {
        used_.insert(key);
        const auto it = j_.find(key);
        return it == j_.end() || it->is_null() ? nullptr : &*it;
    }
    std::string str(const char* key, bool required = false) {
        const json* v = get(key);
        if (!v) {
            if (required) throw input_error(rec_, key, "missing");
            return {};
        }
        if (!v->is_string()) throw input_error(rec_, key, "must be a string");
        return v->get<std::string>();
    }
    std::optional<double> num(const char* key) {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) throw input_error(rec_, key, "must be a number");
        const double d = v->get<double>();
        if (!std::isfinite(d)) throw input_error(rec_, key, "must be finite");
        return d;
    }
    double number(const char* key) {
        const auto v = num(key);
        if (!v) throw input_error(rec_, key, "missing");
        return *v;
    }
    bool boolean(const char* key, bool def) {
        const json* v = get(key);
        if (!v) return def;
        if (!v->is_boolean()) throw input_error(rec_, key, "must be true or false");
        return v->get<bool>();
    }
    const json* array(const char* key) {
        const json* v = get(key);
        if (v && !v->is_array()) throw input_error(rec_, key, "must be an array");
        if (v) check_count(v->size(), rec_, key);
        return v;
    }
    std::vector<std::string> strings(const char* key) {
        std::vector<std::string> out;
        if (const json* a = array(key))
            for (const auto& s : *a) {
                if (!s.is_string()) throw input_error(rec_, key, "must be an array of strings");
                out.push_back(s.get<std::string>());
            }
        return out;
    }
    template <class E, class P>
    std::vector<E> enums(const char* key, P parse) {
        std::vector<E> out;
        for (const auto& s : strings(key)) {
            const auto v = parse(s);
            if (!v) throw input_error(rec_, key, "unknown value '" + s + "'");
            out.push_back(*v);
        }
        return out;
    }
    Date date(const char* key, bool required) {
        const std::string s = str(key, required);
        const auto d = parse_date(s);
        if (!d) throw input_error(rec_, key, "not a date YYYY-MM-DD: '" + s + "'");
        return *d;
    }
    void done() const {
        if (!strict_) return;
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!used_.count(it.key())) throw input_error(rec_, it.key(), "unknown member");
    }

private:
    const json& j_;
    std::string rec_;
    bool strict_;
    std::set<std::string> used_;
};

std::string id_of(const json& j, const std::string& kind, std::size_t k) {
    if (j.is_object()) {
        const auto it = j.find("id");
        if (it != j.end() && it->is_string()) return kind + " " + it->get<std::string>();
    }
    return kind + " " + std::to_string(k + 1);
}

Earmark earmark_from(const json& j, const std::string& rec) {
    Rec r(j, rec);
    Earmark e;
    e.id = r.str("id", true);
    e.tiers = r.enums<Tier>("tiers", parse_tier);
    e.modes = r.enums<BuildMode>("modes", parse_build_mode);
    e.districts = r.strings("districts");
    e.services = r.strings("services");
    e.purposes = r.enums<Purpose>("purposes", parse_purpose);
    e.cap = r.num("cap");
    r.done();
    return e;
}

Fund fund_from(const json& j, std::size_t k) {
    Rec r(j, id_of(j, "fund", k));
    Fund f;
    f.id = r.str("id", true);
    f.name = r.str("name");
    const std::string kind = r.str("kind", true);
    const auto pk = parse_fund_kind(kind);
    if (!pk) throw input_error(r.name(), "kind", "unknown fund kind '" + kind +
                                                    "' (municipal_budget, welfare_lottery, district_special, social, enterprise)");
    f.kind = *pk;
    f.district = r.str("district");
    const json* am = r.get("amounts");
    if (!am || !am->is_object()) throw input_error(r.name(), "amounts", "an object {\"<year>\": amount}");
    for (auto it = am->begin(); it != am->end(); ++it) {
        const std::string& y = it.key();
        if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
            throw input_error(r.name(), "amounts", "period '" + y + "' is not a year");
        if (!it->is_number()) throw input_error(r.name(), "amounts." + y, "must be a number");
        if (std::stoi(y) < 1900)  // the years dates and options accept: 1900-9999
            throw input_error(r.name(), "amounts", "period '" + y + "' is not a year from 1900 on");
        f.amounts[std::stoi(y)] = it->get<double>();
    }
    if (const json* es = r.array("earmarks"))
        for (std::size_t e = 0; e < es->size(); ++e)
            f.earmarks.push_back(earmark_from((*es)[e], id_of((*es)[e], r.name() + " earmark", e)));
    r.done();
    return f;
}

PaymentRule rule_from(const json& j, const std::string& rec) {
    Rec r(j, rec);
    PaymentRule p;
    if (r.get("grade_below")) p.grade_below = r.str("grade_below");
    p.score_below = r.num("score_below");
    p.per_missed_deliverable = r.boolean("per_missed_deliverable", false);
    p.withhold = r.number("withhold");
    r.done();
    return p;
}

Contract contract_from(const json& j, std::size_t k) {
    Rec r(j, id_of(j, "contract", k));
    Contract c;
    c.id = r.str("id", true);
    c.buyer = r.str("buyer", true);
    c.fund = r.str("fund");
    c.incubator = r.str("incubator", true);
    c.amount = r.number("amount");
    c.start = r.date("start", true);
    c.end = r.date("end", true);
    if (r.get("purpose")) {
        const std::string p = r.str("purpose");
        const auto pp = parse_purpose(p);
        if (!pp) throw input_error(r.name(), "purpose", "unknown purpose '" + p + "'");
        c.purpose = *pp;
    }
    c.services = r.strings("services");
    if (const json* ds = r.array("deliverables"))
        for (std::size_t d = 0; d < ds->size(); ++d) {
            const json& x = (*ds)[d];
            Deliverable dv;
            if (x.is_string()) {
                dv.indicator = x.get<std::string>();
            } else {
                Rec dr(x, r.name() + " deliverable " + std::to_string(d + 1));
                dv.indicator = dr.str("indicator", true);
                if (const auto m = dr.num("min_fraction")) dv.min_fraction = *m;
                dr.done();
            }
            c.deliverables.push_back(std::move(dv));
        }
    if (const json* pay = r.get("payment")) {
        Rec pr(*pay, r.name() + " payment");
        if (const json* ts = pr.array("tranches"))
            for (std::size_t t = 0; t < ts->size(); ++t) {
                Rec tr((*ts)[t], r.name() + " tranche " + std::to_string(t + 1));
                Tranche x;
                x.share = tr.number("share");
                if (tr.get("due")) x.due = tr.date("due", true);
                x.linked = tr.boolean("linked", true);
                tr.done();
                c.tranches.push_back(x);
            }
        if (const json* rs = pr.array("rules"))
            for (std::size_t q = 0; q < rs->size(); ++q)
                c.rules.push_back(rule_from((*rs)[q], r.name() + " rule " + std::to_string(q + 1)));
        pr.done();
    }
    r.done();
    return c;
}

json opt_str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json nan_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

template <class E>
json names(const std::vector<E>& v) {
    json a = json::array();
    for (const auto& x : v) a.push_back(std::string(to_string(x)));
    return a;
}
}  // namespace

// ------------------------------------------------------------------ book

Book book_from_json(const json& j) {
    Rec r(j, "funds file");
    if (const json* f = r.get("format"); f && (!f->is_string() || *f != "hatchnet-funds"))
        throw input_error("funds file", "format", "must be \"hatchnet-funds\"");
    r.get("description");
    r.get("note");
    Book b;
    if (const json* fs = r.array("funds"))
        for (std::size_t k = 0; k < fs->size(); ++k) b.funds.push_back(fund_from((*fs)[k], k));
    if (const json* cs = r.array("contracts"))
        for (std::size_t k = 0; k < cs->size(); ++k) b.contracts.push_back(contract_from((*cs)[k], k));
    r.done();
    check(b);
    return b;
}

Book parse_book(std::string_view text) { return book_from_json(io::parse_json_value(text, "funds file")); }

json book_to_json(const Book& b) {
    json j = {{"format", "hatchnet-funds"}, {"funds", json::array()}, {"contracts", json::array()}};
    for (const auto& f : b.funds) {
        json am = json::object();
        for (const auto& [y, a] : f.amounts) am[std::to_string(y)] = a;
        json o = {{"id", f.id}, {"kind", std::string(to_string(f.kind))}, {"amounts", am}};
        if (!f.name.empty()) o["name"] = f.name;
        if (!f.district.empty()) o["district"] = f.district;
        if (!f.earmarks.empty()) {
            o["earmarks"] = json::array();
            for (const auto& e : f.earmarks) {
                json x = {{"id", e.id}};
                if (!e.tiers.empty()) x["tiers"] = names(e.tiers);
                if (!e.modes.empty()) x["modes"] = names(e.modes);
                if (!e.districts.empty()) x["districts"] = e.districts;
                if (!e.services.empty()) x["services"] = e.services;
                if (!e.purposes.empty()) x["purposes"] = names(e.purposes);
                if (e.cap) x["cap"] = *e.cap;
                o["earmarks"].push_back(std::move(x));
            }
        }
        j["funds"].push_back(std::move(o));
    }
    for (const auto& c : b.contracts) {
        json o = {{"id", c.id}, {"buyer", c.buyer}, {"incubator", c.incubator}, {"amount", c.amount},
                  {"start", to_string(c.start)}, {"end", to_string(c.end)}, {"purpose", std::string(to_string(c.purpose))}};
        if (!c.fund.empty()) o["fund"] = c.fund;
        if (!c.services.empty()) o["services"] = c.services;
        if (!c.deliverables.empty()) {
            o["deliverables"] = json::array();
            for (const auto& d : c.deliverables)
                o["deliverables"].push_back({{"indicator", d.indicator}, {"min_fraction", d.min_fraction}});
        }
        json pay = json::object();
        if (!c.tranches.empty()) {
            pay["tranches"] = json::array();
            for (const auto& t : c.tranches) {
                json x = {{"share", t.share}, {"linked", t.linked}};
                if (t.due) x["due"] = to_string(*t.due);
                pay["tranches"].push_back(std::move(x));
            }
        }
        if (!c.rules.empty()) {
            pay["rules"] = json::array();
            for (const auto& r : c.rules) {
                json x = {{"withhold", r.withhold}};
                if (r.grade_below) x["grade_below"] = *r.grade_below;
                if (r.score_below) x["score_below"] = *r.score_below;
                if (r.per_missed_deliverable) x["per_missed_deliverable"] = true;
                pay["rules"].push_back(std::move(x));
            }
        }
        if (!pay.empty()) o["payment"] = std::move(pay);
        j["contracts"].push_back(std::move(o));
    }
    return j;
}

// ------------------------------------------------------------------ items

namespace {
CostItem item_from(const json& j, std::size_t k) {
    Rec r(j, id_of(j, "item", k));
    CostItem it;
    it.id = r.str("id", true);
    it.name = r.str("name");
    it.amount = r.number("amount");
    if (r.get("purpose")) {
        const std::string p = r.str("purpose");
        const auto pp = parse_purpose(p);
        if (!pp) throw input_error(r.name(), "purpose", "unknown purpose '" + p + "'");
        it.purpose = *pp;
    }
    if (r.get("tier")) {
        const std::string t = r.str("tier");
        const auto pt = parse_tier(t);
        if (!pt) throw input_error(r.name(), "tier", "unknown tier '" + t + "'");
        it.tier = *pt;
    }
    if (r.get("mode")) {
        const std::string m = r.str("mode");
        const auto pm = parse_build_mode(m);
        if (!pm) throw input_error(r.name(), "mode", "unknown build mode '" + m + "'");
        it.mode = *pm;
    }
    it.region = r.str("region");
    it.services = r.strings("services");
    it.node = r.str("node");
    if (const auto p = r.num("priority")) it.priority = *p;
    r.done();
    return it;
}

/// A pick of a coverage plan result (`hatchnet plan --json`): only the members read matter.
CostItem pick_from(const json& j, std::size_t k, std::size_t n) {
    Rec r(j, "pick " + std::to_string(k + 1), false);
    CostItem it;
    it.id = "pick-" + std::to_string(k + 1);
    it.region = r.str("region");
    if (it.region.empty()) it.region = r.str("district");
    it.name = r.str("name");
    if (it.name.empty()) it.name = it.region;
    it.amount = r.number("cost");
    it.purpose = Purpose::build;
    const std::string t = r.str("tier");
    if (!t.empty()) {
        const auto pt = parse_tier(t);
        if (!pt) throw input_error(r.name(), "tier", "unknown tier '" + t + "'");
        it.tier = *pt;
    }
    const std::string m = r.str("mode");
    if (!m.empty()) {
        const auto pm = parse_build_mode(m);
        if (!pm) throw input_error(r.name(), "mode", "unknown build mode '" + m + "'");
        it.mode = *pm;
    }
    it.node = r.str("node");
    it.priority = double(n - k);
    return it;
}
}  // namespace

std::vector<CostItem> cost_items_from_json(const json& j) {
    std::vector<CostItem> out;
    const json* src = &j;
    if (j.is_object() && j.contains("plan") && j["plan"].is_object()) src = &j["plan"];  // plan --json output
    if (src->is_object() && src->contains("picks") && !src->contains("items")) {
        const json& p = (*src)["picks"];
        if (!p.is_array()) throw input_error("plan", "picks", "must be an array");
        check_count(p.size(), "plan", "picks");
        for (std::size_t k = 0; k < p.size(); ++k) out.push_back(pick_from(p[k], k, p.size()));
        return out;
    }
    const json* arr = src;
    if (src->is_object()) {
        Rec r(*src, "items file");
        arr = r.array("items");
        r.get("format");
        r.done();
        if (!arr) throw input_error("items file", "items", "missing");
    }
    if (!arr->is_array()) throw input_error("items file", "", "an array of items, {\"items\": [...]} or a plan");
    check_count(arr->size(), "items file", "items");
    for (std::size_t k = 0; k < arr->size(); ++k) out.push_back(item_from((*arr)[k], k));
    return out;
}

std::vector<CostItem> parse_cost_items(std::string_view text) {
    return cost_items_from_json(io::parse_json_value(text, "items file"));
}

json cost_items_to_json(const std::vector<CostItem>& items) {
    json a = json::array();
    for (const auto& i : items) {
        json o = {{"id", i.id}, {"amount", i.amount}, {"purpose", std::string(to_string(i.purpose))}, {"priority", i.priority}};
        if (!i.name.empty()) o["name"] = i.name;
        if (i.tier) o["tier"] = std::string(to_string(*i.tier));
        if (i.mode) o["mode"] = std::string(to_string(*i.mode));
        if (!i.region.empty()) o["region"] = i.region;
        if (!i.services.empty()) o["services"] = i.services;
        if (!i.node.empty()) o["node"] = i.node;
        a.push_back(std::move(o));
    }
    return {{"items", a}};
}

// ------------------------------------------------------------------ performance

Performance performance_from_json(const json& j, const evaluate::Scheme* scheme) {
    Performance p;
    if (scheme) {
        for (const auto& g : scheme->grades) p.grades.push_back(g.name);
        p.ungraded = scheme->ungraded;
    }
    Rec top(j, "performance", false);
    if (top.get("grades")) {
        p.grades = top.strings("grades");
        if (top.get("ungraded")) p.ungraded = top.str("ungraded");
    }
    const json* units = top.array("units");
    if (!units) throw input_error("performance", "units", "missing");
    for (std::size_t k = 0; k < units->size(); ++k) {
        Rec r((*units)[k], id_of((*units)[k], "unit", k), false);
        const std::string id = r.str("id", true);
        UnitPerformance up;
        up.grade = r.str("grade");
        if (!up.grade.empty() && up.grade != p.ungraded &&
            std::find(p.grades.begin(), p.grades.end(), up.grade) == p.grades.end())
            throw input_error(r.name(), "grade", "unknown grade '" + up.grade + "'");
        up.score = r.num("score");
        if (const json* ind = r.get("indicators")) {
            if (!ind->is_object()) throw input_error(r.name(), "indicators", "an object {indicator: fraction}");
            for (auto it = ind->begin(); it != ind->end(); ++it) {
                if (!it->is_number()) throw input_error(r.name(), "indicators." + it.key(), "must be a number");
                up.indicators[it.key()] = it->get<double>();
            }
        }
        if (const json* ar = r.get("areas"); ar && ar->is_object() && scheme)  // `hatchnet evaluate` output
            for (auto it = ar->begin(); it != ar->end(); ++it) {
                const int i = scheme->index_of(it.key());
                if (i < 0 || !it->is_number() || up.indicators.count(it.key())) continue;
                const double mx = scheme->max_points[std::size_t(i)];
                if (mx > 0) up.indicators[it.key()] = it->get<double>() / mx;
            }
        if (!p.units.emplace(id, std::move(up)).second) throw input_error(r.name(), "id", "duplicate unit");
    }
    return p;
}

Performance parse_performance(std::string_view text, const evaluate::Scheme* scheme) {
    return performance_from_json(io::parse_json_value(text, "performance"), scheme);
}

json performance_to_json(const Performance& p) {
    json units = json::array();
    for (const auto& [id, u] : p.units) {
        json o = {{"id", id}, {"grade", u.grade}, {"score", u.score ? json(*u.score) : json(nullptr)}};
        o["indicators"] = json::object();
        for (const auto& [k, v] : u.indicators) o["indicators"][k] = v;
        units.push_back(std::move(o));
    }
    return {{"grades", p.grades}, {"ungraded", p.ungraded}, {"units", units}};
}

// ------------------------------------------------------------------ options, results

AllocateOptions allocate_options_from_json(const json& j) {
    Rec r(j, "allocate options");
    AllocateOptions o;
    if (const auto y = r.num("year")) {
        if (*y != std::floor(*y) || *y < 1900 || *y > 9999) throw input_error("allocate options", "year", "a year");
        o.year = int(*y);
    }
    if (const auto u = r.num("unit")) o.unit = *u;
    o.charge_contracts = r.boolean("charge_contracts", true);
    r.done();
    return o;
}

PaymentOptions payment_options_from_json(const json& j) {
    Rec r(j, "payment options");
    PaymentOptions o;
    if (r.get("as_of")) o.as_of = r.date("as_of", true);
    r.done();
    return o;
}

json allocation_to_json(const AllocationResult& r) {
    json j = {{"year", r.year}, {"total", r.total}, {"funded", r.funded}, {"unfunded", r.unfunded},
              {"allocations", json::array()}, {"items", json::array()}, {"funds", json::array()}, {"notes", r.notes}};
    for (const auto& a : r.allocations)
        j["allocations"].push_back({{"fund", a.fund}, {"earmark", opt_str(a.earmark)}, {"item", a.item}, {"amount", a.amount}});
    for (const auto& i : r.items)
        j["items"].push_back({{"id", i.id}, {"amount", i.amount}, {"funded", i.funded}, {"shortfall", i.shortfall},
                              {"funds", i.funds}, {"reason", opt_str(i.reason)}});
    for (const auto& f : r.funds)
        j["funds"].push_back({{"id", f.id}, {"amount", f.amount}, {"committed", f.committed},
                              {"allocated", f.allocated}, {"left", f.left}});
    return j;
}

json payments_to_json(const std::vector<Payment>& ps) {
    json a = json::array();
    for (const auto& p : ps)
        a.push_back({{"contract", p.contract}, {"incubator", p.incubator}, {"fund", opt_str(p.fund)}, {"buyer", p.buyer},
                     {"amount", p.amount}, {"scheduled", p.scheduled}, {"linked", p.linked},
                     {"withheld_share", p.withheld_share}, {"withheld", p.withheld}, {"due", p.due},
                     {"evaluated", p.evaluated}, {"grade", opt_str(p.grade)},
                     {"score", p.score ? json(*p.score) : json(nullptr)}, {"missed", p.missed}, {"reasons", p.reasons}});
    return {{"payments", a}};
}

json cost_per_served_to_json(const CostPerServed& c) {
    auto rows = [](const std::vector<CostRow>& rs, bool inc) {
        json a = json::array();
        for (const auto& r : rs) {
            json o = {{inc ? "id" : "code", r.key}, {"name", r.name}, {"spent", r.spent}, {"served", r.served},
                      {"per_served", nan_null(r.per_served)}};
            if (inc) o["district"] = r.district;
            a.push_back(std::move(o));
        }
        return a;
    };
    return {{"served_from", c.served_from}, {"incubators", rows(c.incubators, true)}, {"districts", rows(c.districts, false)}};
}

}  // namespace hatchnet::funding
