// Records as JSON: transitions in, incubations, counts and summaries out. See hatchnet/records/json.hpp.
#include "hatchnet/records/json.hpp"

#include <algorithm>
#include <numeric>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/referral/ledger.hpp"

namespace hatchnet::records {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {
std::string str(const json& j, const char* key, const std::string& rec) {
    auto it = j.find(key);
    if (it == j.end()) return {};
    if (!it->is_string()) throw input_error(rec, key, std::string("expected a string, got ") + it->type_name());
    return it->get<std::string>();
}
ojson row_json(const StageCounts::Row& r) {
    ojson o = ojson::object();
    for (int s = 0; s < incubation_stage_count; ++s) o[std::string(to_string(IncubationStage(s)))] = r[std::size_t(s)];
    return o;
}
double quantile(const std::vector<std::int64_t>& v, double q) {  // linear interpolation, v sorted
    const double pos = q * double(v.size() - 1);
    const auto lo = std::size_t(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return double(v[lo]) + (pos - double(lo)) * double(v[hi] - v[lo]);
}
}  // namespace

Transition transition_from_json(const json& j, const std::string& record) {
    if (!j.is_object()) throw input_error(record, "", "expected a JSON object");
    static const char* keys[] = {"id", "to", "at", "note", "organization", "node", "referral", "services", "outcome"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::none_of(std::begin(keys), std::end(keys), [&](const char* k) { return it.key() == k; }))
            throw input_error(record, it.key(), "unknown field");
    Transition t;
    t.id = str(j, "id", record);
    const std::string rec = t.id.empty() ? record : "incubation " + t.id;
    if (j.contains("to")) {
        auto s = parse_incubation_stage(str(j, "to", rec));
        if (!s)
            throw input_error(rec, "to", "unknown stage '" + str(j, "to", rec) +
                                             "' (applied, admitted, incubating, graduated, exited, withdrawn)");
        t.to = *s;
    }
    t.at = str(j, "at", rec);
    if (!j.contains("at")) throw input_error(rec, "at", "missing");
    t.note = str(j, "note", rec);
    t.organization = str(j, "organization", rec);
    t.node = str(j, "node", rec);
    t.referral = str(j, "referral", rec);
    t.outcome = str(j, "outcome", rec);
    if (j.contains("services")) {
        const auto& s = j["services"];
        if (!s.is_array()) throw input_error(rec, "services", "expected an array of strings");
        for (std::size_t k = 0; k < s.size(); ++k) {
            if (!s[k].is_string()) throw input_error(rec, "services[" + std::to_string(k) + "]", "expected a string");
            t.services.push_back(s[k].get<std::string>());
        }
    }
    return t;
}

std::vector<Transition> parse_transitions(std::string_view text) {
    json j = io::parse_json_value(text, "transitions");
    std::vector<Transition> v;
    if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) v.push_back(transition_from_json(j[i], "transitions[" + std::to_string(i) + "]"));
    } else {
        v.push_back(transition_from_json(j));
    }
    return v;
}

namespace {
void only_keys(const json& j, std::initializer_list<const char*> keys, const std::string& record) {
    if (!j.is_object()) throw input_error(record, "", "expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }))
            throw input_error(record, it.key(), "unknown field");
}
template <class T, class F>
std::vector<T> one_or_many(std::string_view text, const char* what, F from) {
    json j = io::parse_json_value(text, what);
    std::vector<T> v;
    if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) v.push_back(from(j[i], std::string(what) + "[" + std::to_string(i) + "]"));
    else
        v.push_back(from(j, std::string(what)));
    return v;
}
}  // namespace

Fact fact_from_json(const json& j, const std::string& record) {
    only_keys(j, {"at", "kind", "subject", "value", "note"}, record);
    Fact f;
    auto k = parse_fact_kind(str(j, "kind", record));
    if (!k) throw input_error(record, "kind", "expected opened, closed, capacity, registered or stage");
    f.kind = *k;
    f.at = str(j, "at", record);
    f.subject = str(j, "subject", record);
    if (j.contains("value") && j["value"].is_number_unsigned()) f.value = std::to_string(j["value"].get<std::uint64_t>());
    else if (j.contains("value") && j["value"].is_number_integer()) f.value = std::to_string(j["value"].get<std::int64_t>());
    else f.value = str(j, "value", record);
    f.note = str(j, "note", record);
    return f;
}

std::vector<Fact> parse_facts(std::string_view text) {
    return one_or_many<Fact>(text, "facts", [](const json& j, const std::string& r) { return fact_from_json(j, r); });
}

Target target_from_json(const json& j, const std::string& record) {
    only_keys(j, {"id", "kind", "scope", "value", "due", "note"}, record);
    Target t;
    t.id = str(j, "id", record);
    const std::string rec = t.id.empty() ? record : "target " + t.id;
    t.kind = str(j, "kind", rec);
    t.scope = str(j, "scope", rec);
    if (j.contains("value")) {
        if (!j["value"].is_number()) throw input_error(rec, "value", "expected a number");
        t.value = j["value"].get<double>();
    }
    t.due = str(j, "due", rec);
    t.note = str(j, "note", rec);
    return t;
}

std::vector<Target> parse_targets(std::string_view text) {
    return one_or_many<Target>(text, "targets", [](const json& j, const std::string& r) { return target_from_json(j, r); });
}

ojson target_to_json(const Target& t) {
    return ojson{{"id", t.id}, {"kind", t.kind}, {"scope", t.scope}, {"value", t.value}, {"due", t.due}, {"note", t.note}};
}

ojson incubation_to_json(const Incubation& r) {
    ojson o = ojson::object();
    o["id"] = r.id;
    o["organization"] = r.organization;
    o["node"] = r.node;
    o["referral"] = r.referral;
    o["services"] = r.services;
    o["stage"] = std::string(to_string(r.stage));
    o["outcome"] = r.outcome;
    ojson h = ojson::array();
    for (const auto& e : r.history)
        h.push_back(ojson{{"from", std::string(to_string(e.from))}, {"stage", std::string(to_string(e.stage))}, {"at", e.at}, {"note", e.note}});
    o["history"] = h;
    return o;
}

ojson counts_to_json(const StageCounts& c, const std::string& date) {
    ojson o = ojson::object();
    o["date"] = date.empty() ? ojson(nullptr) : ojson(date);
    o["total"] = row_json(c.total);
    for (auto [key, table] : {std::pair{"by_node", &c.by_node}, {"by_tier", &c.by_tier}, {"by_district", &c.by_district}}) {
        ojson t = ojson::object();
        for (const auto& [k, row] : *table) t[k] = row_json(row);
        o[key] = t;
    }
    return o;
}

ojson summary_to_json(const PeriodSummary& s) {
    ojson o = ojson::object();
    o["period"] = ojson{{"id", s.period.id}, {"start", s.period.start}, {"end", s.period.end}};
    o["entered"] = row_json(s.entered);
    o["at_end"] = counts_to_json(s.at_end, s.period.end);
    const auto& d = s.days_to_graduation;
    o["graduated"] = d.size();
    ojson dist = ojson::object();
    dist["n"] = d.size();
    if (!d.empty()) {
        dist["min"] = d.front();
        dist["p25"] = quantile(d, 0.25);
        dist["median"] = quantile(d, 0.5);
        dist["p75"] = quantile(d, 0.75);
        dist["max"] = d.back();
        dist["mean"] = double(std::accumulate(d.begin(), d.end(), std::int64_t(0))) / double(d.size());
    }
    o["days_to_graduation"] = dist;
    return o;
}

namespace {
json object_of(std::string_view text, const char* record, std::initializer_list<const char*> keys) {
    json j = io::parse_json_value(text, record);
    if (!j.is_object()) throw input_error(record, "", "expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }))
            throw input_error(record, it.key(), "unknown field");
    return j;
}
}  // namespace

referral::Referral referral_from_json(std::string_view text, std::string& note) {
    const json j = object_of(text, "referral", {"id", "organization", "node", "first_contact", "needs", "urgency", "note"});
    referral::Referral r;
    r.id = str(j, "id", "referral");
    r.organization = str(j, "organization", "referral");
    r.node = str(j, "node", "referral");
    if (r.node.empty()) throw input_error("referral", "node", "missing");
    r.first_contact = str(j, "first_contact", "referral");
    note = str(j, "note", "referral");
    if (auto it = j.find("needs"); it != j.end()) {
        if (!it->is_array()) throw input_error("referral", "needs", "expected an array of strings");
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string()) throw input_error("referral", "needs[" + std::to_string(i) + "]", "expected a string");
            r.needs.push_back((*it)[i].get<std::string>());
        }
    }
    if (j.contains("urgency")) {
        auto u = referral::parse_urgency(str(j, "urgency", "referral"));
        if (!u) throw input_error("referral", "urgency", "expected routine or urgent");
        r.urgency = *u;
    }
    return r;
}

std::string referrals_to_json(const std::vector<referral::Referral>& refs) {
    std::string s = "[";
    for (std::size_t i = 0; i < refs.size(); ++i) {
        if (i) s += ",";
        s += referral::referral_to_json(refs[i]);
    }
    return s + "]";
}

StoreOptions store_options_from_json(std::string_view text) {
    const json j = object_of(text, "options", {"create", "read_only", "busy_timeout_ms"});
    StoreOptions o;
    for (const char* k : {"create", "read_only"})
        if (auto it = j.find(k); it != j.end()) {
            if (!it->is_boolean()) throw input_error("options", k, "expected true or false");
            (std::string_view(k) == "create" ? o.create : o.read_only) = it->get<bool>();
        }
    if (auto it = j.find("busy_timeout_ms"); it != j.end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 3600000)
            throw input_error("options", "busy_timeout_ms", "expected whole milliseconds 0-3600000");
        o.busy_timeout_ms = int(it->get<std::int64_t>());
    }
    return o;
}

}  // namespace hatchnet::records
