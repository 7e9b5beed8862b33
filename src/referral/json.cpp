// JSON text of referral requests and results. See hatchnet/referral/json.hpp.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/referral/json.hpp"

namespace hatchnet::referral {

using ojson = nlohmann::ordered_json;

ojson parse_json(std::string_view text, const std::string& record) { return io::parse_json_text(text, record); }

namespace {
[[noreturn]] void bad(const std::string& record, const std::string& field, const std::string& msg) {
    throw input_error(record, field, msg);
}
std::string str(const ojson& j, const std::string& record, const std::string& field) {
    if (!j.is_string()) bad(record, field, "expected a string, got " + std::string(j.type_name()));
    return j.get<std::string>();
}
std::vector<std::string> strs(const ojson& j, const std::string& record, const std::string& field) {
    if (!j.is_array()) bad(record, field, "expected an array of strings, got " + std::string(j.type_name()));
    std::vector<std::string> r;
    r.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) r.push_back(str(j[i], record, field + "[" + std::to_string(i) + "]"));
    return r;
}
}  // namespace

Request request_from_json(const ojson& j, const std::string& record) {
    if (!j.is_object()) bad(record, "", "a request must be a JSON object, got " + std::string(j.type_name()));
    Request r;
    bool has_needs = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const ojson& v = it.value();
        if (k == "id") {
            // an unsigned number keeps its value (2^63 .. 2^64-1 read as int64 came back negative)
            if (v.is_number_unsigned()) r.id = std::to_string(v.get<std::uint64_t>());
            else if (v.is_number_integer()) r.id = std::to_string(v.get<std::int64_t>());
            else r.id = str(v, record, k);
        } else if (k == "organization") {
            if (!v.is_null()) r.organization = str(v, record, k);
        } else if (k == "type") {
            auto s = str(v, record, k);
            r.type = parse_org_type(s);
            if (!r.type)
                bad(record, k, "unknown organization type '" + s +
                                   "' (expected association, service_org, foundation, community_org)");
        } else if (k == "stage") {
            auto s = str(v, record, k);
            r.stage = parse_stage(s);
            if (!r.stage) bad(record, k, "unknown stage '" + s + "' (expected founding, growing, mature)");
        } else if (k == "registration") {
            auto s = str(v, record, k);
            r.registration = parse_registration(s);
            if (!r.registration) bad(record, k, "unknown registration '" + s + "' (expected city, district, street)");
        } else if (k == "sectors") {
            r.sectors = strs(v, record, k);
        } else if (k == "region") {
            r.region = str(v, record, k);
        } else if (k == "credit") {
            if (!v.is_number()) bad(record, k, "expected a number, got " + std::string(v.type_name()));
            double c = v.get<double>();
            if (!(c >= 0 && c <= 100)) bad(record, k, "must lie in 0..100");
            r.credit = c;
        } else if (k == "needs") {
            r.needs = strs(v, record, k);
            has_needs = true;
        } else if (k == "first_contact") {
            r.first_contact = str(v, record, k);
        } else if (k == "urgency") {
            auto s = str(v, record, k);
            auto u = parse_urgency(s);
            if (!u) bad(record, k, "unknown urgency '" + s + "' (expected routine or urgent)");
            r.urgency = *u;
        } else if (k == "consent") {
            auto c = strs(v, record, k);
            r.consent = 0;
            for (std::size_t i = 0; i < c.size(); ++i) {
                auto op = parse_operator(c[i]);
                if (!op) bad(record, k + "[" + std::to_string(i) + "]", "unknown operator '" + c[i] + "' (expected government or social)");
                r.consent |= std::uint8_t(1u << unsigned(*op));
            }
            if (!r.consent) bad(record, k, "consent scope names no operator");
        } else if (k == "exclude") {
            r.exclude = strs(v, record, k);
        } else if (k == "as_of") {
            r.as_of = str(v, record, k);
        } else {
            bad(record, k, "unknown field");
        }
    }
    if (!has_needs) bad(record, "needs", "missing (at least one needed service is required)");
    return r;
}

Request parse_request(std::string_view text) { return request_from_json(parse_json(text, "request")); }

std::vector<Request> parse_requests(std::string_view text) {
    ojson j = parse_json(text, "requests");
    const ojson* arr = &j;
    if (j.is_object()) {
        if (!j.contains("requests") || j.size() != 1)
            bad("requests", "", "expected an array of requests or {\"requests\": [...]}");
        arr = &j["requests"];
    }
    if (!arr->is_array()) bad("requests", "", "expected an array of requests");
    std::vector<Request> r;
    r.reserve(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i)
        r.push_back(request_from_json((*arr)[i], "requests[" + std::to_string(i) + "]"));
    return r;
}

ojson request_to_json(const Request& r) {
    ojson j = ojson::object();
    if (!r.id.empty()) j["id"] = r.id;
    if (!r.organization.empty()) j["organization"] = r.organization;
    if (r.type) j["type"] = std::string(to_string(*r.type));
    if (r.stage) j["stage"] = std::string(to_string(*r.stage));
    if (r.registration) j["registration"] = std::string(to_string(*r.registration));
    if (!r.sectors.empty()) j["sectors"] = r.sectors;
    if (!r.region.empty()) j["region"] = r.region;
    if (r.credit) j["credit"] = *r.credit;
    j["needs"] = r.needs;
    if (!r.first_contact.empty()) j["first_contact"] = r.first_contact;
    j["urgency"] = std::string(to_string(r.urgency));
    ojson c = ojson::array();
    if (r.consent & 1) c.push_back("government");
    if (r.consent & 2) c.push_back("social");
    j["consent"] = c;
    if (!r.exclude.empty()) j["exclude"] = r.exclude;
    if (!r.as_of.empty()) j["as_of"] = r.as_of;
    return j;
}

namespace {
/// A small JSON writer for results (nlohmann's DOM costs ~100x the routing itself). Objects
/// and arrays are opened and closed in turn; the writer puts the commas between their
/// members (key()) and elements (element()).
struct Writer {
    std::string s;
    bool first = true;   // nothing written yet in the object or array last opened

    void raw(std::string_view x) { s.append(x); }
    void open(char bracket) {
        s.push_back(bracket);
        first = true;
    }
    void close(char bracket) {
        s.push_back(bracket);
        first = false;   // the enclosing object or array now holds a value
    }
    /// Before an array element: the comma after the previous one.
    void element() {
        if (!first) s.push_back(',');
        first = false;
    }
    void key(std::string_view k) {
        element();
        str(k);
        s.push_back(':');
    }
    void str(std::string_view x) {
        s.push_back('"');
        for (char ch : x) {
            unsigned char c = static_cast<unsigned char>(ch);
            switch (c) {
                case '"': s += "\\\""; break;
                case '\\': s += "\\\\"; break;
                case '\n': s += "\\n"; break;
                case '\r': s += "\\r"; break;
                case '\t': s += "\\t"; break;
                case '\b': s += "\\b"; break;
                case '\f': s += "\\f"; break;
                default:
                    if (c < 0x20) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\u%04x", c);
                        s += buf;
                    } else {
                        s.push_back(ch);
                    }
            }
        }
        s.push_back('"');
    }
    void num(double v) {
        char buf[32];
        auto res = std::to_chars(buf, buf + sizeof buf, v);
        std::string_view t(buf, std::size_t(res.ptr - buf));
        s.append(t);
        if (t.find_first_of(".eE") == std::string_view::npos) s += ".0";
    }
    void num(std::int64_t v) { s += std::to_string(v); }
    /// A member with a string or number value.
    void field(std::string_view k, std::string_view v) { key(k); str(v); }
    void field(std::string_view k, double v) { key(k); num(v); }
    void field(std::string_view k, std::int64_t v) { key(k); num(v); }
    void reasons(ReasonMask m) {
        open('[');
        for (auto r : reason_codes(m)) {
            element();
            str(r);
        }
        close(']');
    }
};

void write_route(Writer& w, const Result& r, const Graph& g) {
    w.key("route");
    w.open('[');
    for (const auto& h : r.route) {
        w.element();
        w.open('{');
        w.field("from", g.node(h.from).id);
        w.field("to", g.node(h.to).id);
        w.field("move", to_string(h.move));
        if (h.contract >= 0) {  // a contract of Network::contracts, not an edge
            w.field("relation", "contract");
            w.key("edge");
            w.raw("null");
            w.field("contract", g.network().contracts[std::size_t(h.contract)].id);
        } else {
            w.field("relation", to_string(g.network().edges[h.edge].type));
            w.field("edge", std::int64_t(h.edge));
        }
        w.key("because");
        if (h.from_was_candidate) w.raw("[\"better_fit\"]");
        else w.reasons(h.because);
        w.close('}');
    }
    w.close(']');
}

void write_candidates(Writer& w, const Result& r, const Graph& g) {
    w.key("candidates");
    w.open('[');
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
        const auto& c = r.candidates[i];
        const Node& n = g.node(c.node);
        w.element();
        w.open('{');
        w.field("rank", std::int64_t(i + 1));
        w.field("node", n.id);
        w.field("tier", to_string(n.tier));
        w.field("region", n.region);
        w.field("hops", std::int64_t(c.hops));
        w.field("score", c.score);
        w.field("spare", n.spare());
        w.field("capacity", n.capacity);
        if (!n.capacity_updated.empty()) w.field("capacity_updated", n.capacity_updated);
        for (const auto* part : {&c.factors, &c.contributions}) {
            w.key(part == &c.factors ? "factors" : "contributions");
            w.open('{');
            for (int k = 0; k < factor_count; ++k) w.field(to_string(Factor(k)), (*part)[k]);
            w.close('}');
        }
        w.close('}');
    }
    w.close(']');
}

void write_excluded(Writer& w, const Result& r, const Graph& g) {
    w.key("excluded");
    w.open('[');
    for (const auto& e : r.excluded) {
        const Node& n = g.node(e.node);
        w.element();
        w.open('{');
        w.field("node", n.id);
        w.field("tier", to_string(n.tier));
        w.field("hops", std::int64_t(e.hops));
        w.field("distance", std::int64_t(e.distance));
        w.key("reasons");
        w.reasons(e.reasons);
        if (e.contract >= 0) w.field("contract", g.network().contracts[std::size_t(e.contract)].id);
        w.close('}');
    }
    w.close(']');
}

void write_waitlist(Writer& w, const Result& r, const Graph& g) {
    w.key("waitlist");
    if (!r.waitlist) {
        w.raw("null");
        return;
    }
    w.open('{');
    w.field("node", g.node(r.waitlist->node).id);
    w.field("position", r.waitlist->position);
    w.field("score", r.waitlist->score);
    w.field("hops", std::int64_t(r.waitlist->hops));
    w.close('}');
}
/// "as_of" and "contracts" (why each unusable contract could not carry the request), only
/// when the network has contracts: results on networks without them are as before.
void write_contracts(Writer& w, const Result& r, const Graph& g) {
    const Network& net = g.network();
    if (net.contracts.empty()) return;
    w.field("as_of", r.as_of);
    w.key("contracts");
    w.open('[');
    for (const auto& n : r.contracts) {
        w.element();
        w.open('{');
        w.field("contract", net.contracts[n.contract].id);
        w.field("issue", to_string(n.issue));
        if (!n.service.empty()) w.field("service", n.service);
        if (!n.date.empty()) w.field("date", n.date);
        w.field("reason", n.text(net));
        w.close('}');
    }
    w.close(']');
}
}  // namespace

std::string result_to_json_text(const Result& r, const Router& router, int indent) {
    if (indent >= 0) return result_to_json(r, router).dump(indent);
    const Graph& g = router.graph();
    Writer w;
    w.s.reserve(256 + 160 * r.candidates.size() + 90 * r.excluded.size());
    w.open('{');
    if (!r.request_id.empty()) w.field("request", r.request_id);
    w.field("status", to_string(r.status));
    w.field("first_contact", g.node(r.first_contact).id);
    w.key("chosen");
    if (r.chosen == Graph::null_vertex) w.raw("null");
    else w.str(g.node(r.chosen).id);
    if (!r.candidates.empty() && r.status == RouteStatus::routed) w.field("score", r.candidates.front().score);
    write_route(w, r, g);
    write_candidates(w, r, g);
    write_excluded(w, r, g);
    write_waitlist(w, r, g);
    write_contracts(w, r, g);
    w.close('}');
    return std::move(w.s);
}

ojson result_to_json(const Result& r, const Router& router) {
    return ojson::parse(result_to_json_text(r, router, -1));
}

ojson batch_to_json(const BatchResult& b, std::span<const Request> requests, const Router& router) {
    const Graph& g = router.graph();
    ojson j = ojson::object();
    j["routed"] = b.routed;
    j["waitlisted"] = b.waitlisted;
    j["unroutable"] = b.unroutable;
    j["total_score"] = b.total_score;
    j["objective"] = b.objective;
    j["score_scale"] = score_scale;
    j["solver"] = b.solver;
    j["classes"] = b.classes;
    ojson a = ojson::array();
    for (const auto& x : b.assignments) {
        ojson o = ojson::object();
        o["index"] = x.request;
        if (x.request < requests.size() && !requests[x.request].id.empty()) o["request"] = requests[x.request].id;
        o["status"] = std::string(to_string(x.status));
        o["node"] = x.node == Graph::null_vertex ? ojson(nullptr) : ojson(g.node(x.node).id);
        o["score"] = x.score;
        o["hops"] = x.hops;
        o["waitlist_position"] = x.waitlist_position;
        a.push_back(o);
    }
    j["assignments"] = a;
    ojson load = ojson::object();
    for (std::size_t v = 0; v < b.placed.size(); ++v)
        if (b.placed[v]) load[g.node(Graph::vertex(v)).id] = b.placed[v];
    j["placed"] = load;
    return j;
}

}  // namespace hatchnet::referral
