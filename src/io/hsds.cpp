// The network's directory in Open Referral HSDS 3.0: see hatchnet/io/hsds.hpp and docs/hsds.md.
//
// Both directions go through one intermediate form, the HSDS tables (one vector of rows per
// table, the cells as text, the standard's columns in the standard's order): export builds
// the tables from the network and writes them as CSV or as nested JSON pages; import reads
// CSV or JSON (flattening nested records into their tables), checks every row against the
// schema's rules and builds the network from the tables.
#include "hatchnet/io/hsds.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <unordered_map>

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/match/json.hpp"

namespace hatchnet::io {

using ojson = nlohmann::ordered_json;

std::string_view to_string(HsdsFormat f) noexcept {
    switch (f) {
        case HsdsFormat::json: return "json";
        case HsdsFormat::csv: return "csv";
        case HsdsFormat::both: return "both";
    }
    return "";
}

std::optional<HsdsFormat> parse_hsds_format(std::string_view s) noexcept {
    if (s == "json") return HsdsFormat::json;
    if (s == "csv") return HsdsFormat::csv;
    if (s == "both") return HsdsFormat::both;
    return std::nullopt;
}

std::string hsds_uuid(std::string_view name) {
    // hatchnet's namespace: the version-5 UUID of its URL in the URL namespace.
    static const boost::uuids::uuid ns =
        boost::uuids::name_generator_sha1(boost::uuids::ns::url())("https://github.com/hatchnet/hatchnet/hsds");
    boost::uuids::name_generator_sha1 gen(ns);
    return boost::uuids::to_string(gen(name.data(), name.size()));
}

namespace {

// ------------------------------------------------------------------ the tables

enum T : int { ORG, LOC, SVC, SAL, COST, ATTR, TAX, TERM, kTables };

struct Col {
    const char* name;
    bool number = false;
    bool required = false;
    bool uuid = false;
    std::vector<std::string> choices{};  ///< an enumeration, or empty
};

struct Spec {
    const char* entity;   ///< the schema's name ("organization"), also attributes' link_entity
    const char* csv;      ///< the Tabular Data Package file
    const char* json;     ///< the JSON list file, or nullptr
    std::vector<Col> cols;
    std::size_t col(std::string_view n) const {
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (n == cols[i].name) return i;
        return cols.size();
    }
};

Col S(const char* n) { return {n}; }
Col N(const char* n) { return {n, true}; }
Col U(const char* n, bool req = false) { return {n, false, req, true}; }
Col R(const char* n) { return {n, false, true}; }

/// The columns of HSDS 3.0 (schema/*.json of openreferral/specification, branch 3.0), in order.
const std::array<Spec, kTables>& specs() {
    static const std::array<Spec, kTables> s{{
        {"organization", "organizations.csv", "organizations.json",
         {U("id", true), R("name"), S("alternate_name"), R("description"), S("email"), S("website"),
          S("tax_status"), S("tax_id"), N("year_incorporated"), S("legal_status"), S("logo"), S("uri"),
          U("parent_organization_id")}},
        {"location", "locations.csv", "locations.json",
         {U("id", true), {"location_type", false, true, false, {"physical", "postal", "virtual"}}, S("url"),
          U("organization_id"), S("name"), S("alternate_name"), S("description"), S("transportation"),
          N("latitude"), N("longitude"), S("external_identifier"), S("external_identifier_type")}},
        {"service", "services.csv", "services.json",
         {U("id", true), U("organization_id"), U("program_id"), R("name"), S("alternate_name"),
          S("description"), S("url"), S("email"),
          {"status", false, true, false, {"active", "inactive", "defunct", "temporarily closed"}},
          S("interpretation_services"), S("application_process"), S("fees_description"), S("wait_time"),
          S("fees"), S("accreditations"), S("eligibility_description"), N("minimum_age"), N("maximum_age"),
          S("assured_date"), S("assurer_email"), S("licenses"), S("alert"), S("last_modified")}},
        {"service_at_location", "service_at_location.csv", "service_at_locations.json",
         {U("id", true), U("service_id"), U("location_id"), S("description")}},
        {"cost_option", "cost_options.csv", nullptr,
         {U("id", true), U("service_id"), S("valid_from"), S("valid_to"), S("option"), S("currency"),
          N("amount"), S("amount_description")}},
        {"attribute", "attributes.csv", nullptr,
         {U("id", true), U("link_id"), U("taxonomy_term_id"), S("link_type"), S("link_entity"), S("value")}},
        {"taxonomy", "taxonomies.csv", "taxonomies.json",
         {U("id", true), R("name"), R("description"), S("uri"), S("version")}},
        {"taxonomy_term", "taxonomy_terms.csv", "taxonomy_terms.json",
         {U("id", true), S("code"), R("name"), R("description"), U("parent_id"), S("taxonomy"), S("language"),
          U("taxonomy_id"), S("term_uri")}},
    }};
    return s;
}

struct Row {
    std::vector<std::string> v;
    std::string where;  ///< "file services.csv, line 4" / "file services.json, contents[3]"
};

struct Tables {
    std::array<std::vector<Row>, kTables> t;
    Row& add(T table) {
        auto& r = t[table].emplace_back();
        r.v.resize(specs()[table].cols.size());
        return r;
    }
};

std::string& cell(Row& r, T table, const char* col) { return r.v[specs()[table].col(col)]; }
const std::string& cell(const Row& r, T table, const char* col) { return r.v[specs()[table].col(col)]; }

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

std::string num_text(double x) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

std::optional<double> parse_double(std::string_view s) {
    double x = 0;
    if (s.empty()) return std::nullopt;
    auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(x)) return std::nullopt;
    return x;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
    std::int64_t x = 0;
    if (s.empty()) return std::nullopt;
    auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return x;
}

// ------------------------------------------------------------------ hatchnet's taxonomies

constexpr const char* kFields = "hatchnet-fields";
constexpr const char* kSectors = "hatchnet-sectors";
constexpr const char* kServices = "hatchnet-services";

/// The fields of hatchnet records that HSDS has no column for, carried as attributes.
const std::vector<std::pair<const char*, const char*>>& field_terms() {
    static const std::vector<std::pair<const char*, const char*>> f{
        {"node_id", "hatchnet node id of the incubator"},
        {"tier", "tier: city_center, city_sector, district, street, community, social"},
        {"region", "NBS code of the region the incubator is based in"},
        {"capacity", "organizations the incubator can serve at once"},
        {"occupied", "organizations it serves now"},
        {"capacity_updated", "ISO 8601 date of the capacity figures"},
        {"operator", "operator: government or social"},
        {"sponsor", "who founded it and answers for it"},
        {"build_mode", "how its site was built (new_build, co_build, conversion, assisted)"},
        {"operation_mode", "how it is run (government_run, publicly_built_socially_run, socially_run)"},
        {"staff_total", "people working there (full-time equivalents)"},
        {"staff_trained", "of whom professionally trained"},
        {"staff_funded_posts", "posts paid by the government"},
        {"staff_pay", "mean monthly pay (yuan)"},
        {"score", "last evaluation score on 0-100"},
        {"extra", "further data of the incubator (a JSON object)"},
        {"resource", "a resource on offer of the resource-allocation platform (hatchnet resource JSON)"},
    };
    return f;
}

std::string tax_uuid(std::string_view name) { return hsds_uuid("taxonomy:" + std::string(name)); }
std::string term_uuid(std::string_view tax, std::string_view code) {
    return hsds_uuid("taxonomy_term:" + std::string(tax) + ":" + std::string(code));
}
std::string org_uuid(const Node& n) {
    if (is_uuid(n.id)) {
        std::string s = n.id;
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
    return hsds_uuid("organization:" + n.id);
}

// ------------------------------------------------------------------ network -> tables

struct Builder {
    const Network& net;
    const HsdsExportOptions& opt;
    Tables tb;

    void taxonomy(const char* name, const std::string& description) {
        Row& r = tb.add(TAX);
        cell(r, TAX, "id") = tax_uuid(name);
        cell(r, TAX, "name") = name;
        cell(r, TAX, "description") = description;
        cell(r, TAX, "version") = "1";
    }

    void term(const char* tax, const std::string& code, const std::string& name, const std::string& description,
              const std::string& parent) {
        Row& r = tb.add(TERM);
        cell(r, TERM, "id") = term_uuid(tax, code);
        cell(r, TERM, "code") = code;
        cell(r, TERM, "name") = name;
        cell(r, TERM, "description") = description;
        if (!parent.empty()) cell(r, TERM, "parent_id") = term_uuid(tax, parent);
        cell(r, TERM, "taxonomy") = tax;
        cell(r, TERM, "taxonomy_id") = tax_uuid(tax);
    }

    void vocabulary() {
        taxonomy(kFields, "Fields of hatchnet records that HSDS has no column for; an attribute's value holds the field's value");
        taxonomy(kSectors, "Sectors of the hatchnet vocabulary (fields of work of incubators and organizations)");
        taxonomy(kServices, "Services of the hatchnet vocabulary (what incubators and resources offer)");
        for (const auto& [code, d] : field_terms()) term(kFields, code, code, d, "");
        for (const auto& t : net.vocabulary.sectors) term(kSectors, t.id, t.name, "sector " + t.id, t.parent);
        for (const auto& t : net.vocabulary.services) term(kServices, t.id, t.name, "service " + t.id, t.parent);
    }

    void attribute(T entity, const std::string& link, const char* tax, const std::string& code, std::string value) {
        Row& r = tb.add(ATTR);
        const std::string tid = term_uuid(tax, code);
        cell(r, ATTR, "id") = hsds_uuid("attribute:" + link + ":" + tid);
        cell(r, ATTR, "link_id") = link;
        cell(r, ATTR, "taxonomy_term_id") = tid;
        cell(r, ATTR, "link_entity") = specs()[entity].entity;
        cell(r, ATTR, "value") = std::move(value);
    }

    void node_fields(const Node& n, const std::string& id) {
        auto f = [&](const char* code, std::string v) { attribute(ORG, id, kFields, code, std::move(v)); };
        f("node_id", n.id);
        f("tier", std::string(to_string(n.tier)));
        f("region", n.region);
        f("capacity", std::to_string(n.capacity));
        f("occupied", std::to_string(n.occupied));
        if (!n.capacity_updated.empty()) f("capacity_updated", n.capacity_updated);
        f("operator", std::string(to_string(n.op)));
        if (n.sponsor) f("sponsor", std::string(to_string(*n.sponsor)));
        if (n.build) f("build_mode", std::string(to_string(*n.build)));
        if (n.operation) f("operation_mode", std::string(to_string(*n.operation)));
        if (n.staff) {
            f("staff_total", std::to_string(n.staff->total));
            f("staff_trained", std::to_string(n.staff->trained));
            f("staff_funded_posts", std::to_string(n.staff->funded_posts));
            if (n.staff->pay) f("staff_pay", num_text(*n.staff->pay));
        }
        if (n.score) f("score", num_text(*n.score));
        if (!n.attributes.empty()) f("extra", n.attributes);
        for (const auto& s : n.sectors) attribute(ORG, id, kSectors, s, "");
    }

    /// The organization's first guidance parent (in edge order), or nullptr.
    const Node* guidance_parent(const Node& n) const {
        for (const auto& e : net.edges)
            if (e.type == Relation::guidance && e.to == n.id)
                if (const Node* p = net.find_node(e.from)) return p;
        return nullptr;
    }

    void node(const Node& n) {
        const std::string id = org_uuid(n);
        Row& o = tb.add(ORG);
        cell(o, ORG, "id") = id;
        cell(o, ORG, "name") = n.name.empty() ? n.id : n.name;
        cell(o, ORG, "description") = "Social-organization incubator (" + std::string(to_string(n.tier)) +
                                      " tier), region " + n.region;
        if (const Node* p = guidance_parent(n)) cell(o, ORG, "parent_organization_id") = org_uuid(*p);
        node_fields(n, id);
        Row& l = tb.add(LOC);
        const std::string loc = hsds_uuid("location:" + n.id);
        cell(l, LOC, "id") = loc;
        cell(l, LOC, "location_type") = "physical";
        cell(l, LOC, "organization_id") = id;
        cell(l, LOC, "name") = cell(o, ORG, "name");
        if (n.lat) cell(l, LOC, "latitude") = num_text(*n.lat);
        if (n.lon) cell(l, LOC, "longitude") = num_text(*n.lon);
        cell(l, LOC, "external_identifier") = n.id;
        cell(l, LOC, "external_identifier_type") = "hatchnet_node";
        for (const auto& s : n.services) service(n, id, loc, s);
    }

    std::string term_name(const std::string& service) const {
        for (const auto& t : net.vocabulary.services)
            if (t.id == service) return t.name.empty() ? t.id : t.name;
        return service;
    }

    void service(const Node& n, const std::string& org, const std::string& loc, const std::string& s) {
        Row& r = tb.add(SVC);
        const std::string id = hsds_uuid("service:" + n.id + ":" + s);
        cell(r, SVC, "id") = id;
        cell(r, SVC, "organization_id") = org;
        cell(r, SVC, "name") = term_name(s);
        cell(r, SVC, "status") = "active";
        attribute(SVC, id, kServices, s, "");
        Row& a = tb.add(SAL);
        cell(a, SAL, "id") = hsds_uuid("service_at_location:" + n.id + ":" + s);
        cell(a, SAL, "service_id") = id;
        cell(a, SAL, "location_id") = loc;
    }

    void resource(const match::Resource& res) {
        const Node* n = net.find_node(res.provider);
        if (!n) throw input_error("resource " + res.id, "provider", "no node '" + res.provider + "' in the network");
        Row& r = tb.add(SVC);
        const std::string id = hsds_uuid("resource:" + res.id);
        cell(r, SVC, "id") = id;
        cell(r, SVC, "organization_id") = org_uuid(*n);
        cell(r, SVC, "name") = term_name(res.category);
        cell(r, SVC, "alternate_name") = res.id;
        if (!res.outside_provider.empty()) cell(r, SVC, "description") = "Provided by " + res.outside_provider;
        cell(r, SVC, "status") = "active";
        attribute(SVC, id, kServices, res.category, "");
        const ojson one = match::resources_to_json({res}).at(0);
        attribute(SVC, id, kFields, "resource", one.dump());
        Row& a = tb.add(SAL);
        cell(a, SAL, "id") = hsds_uuid("service_at_location:resource:" + res.id);
        cell(a, SAL, "service_id") = id;
        cell(a, SAL, "location_id") = hsds_uuid("location:" + n->id);
        Row& c = tb.add(COST);
        cell(c, COST, "id") = hsds_uuid("cost_option:" + res.id);
        cell(c, COST, "service_id") = id;
        cell(c, COST, "option") = "per unit";
        cell(c, COST, "currency") = opt.currency;
        cell(c, COST, "amount") = num_text(res.unit_cost);
        cell(c, COST, "amount_description") = "capacity " + std::to_string(res.capacity) + " units";
    }

    Tables build() {
        vocabulary();
        for (const auto& n : net.nodes) node(n);
        if (opt.resources)
            for (const auto& r : *opt.resources) resource(r);
        return std::move(tb);
    }
};

// ------------------------------------------------------------------ tables -> files

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' ')))
        return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

std::string csv_text(const Tables& tb, T t) {
    const Spec& sp = specs()[t];
    std::string out;
    for (std::size_t i = 0; i < sp.cols.size(); ++i) {
        if (i) out += ',';
        out += sp.cols[i].name;
    }
    out += "\n";
    for (const auto& r : tb.t[t]) {
        for (std::size_t i = 0; i < r.v.size(); ++i) {
            if (i) out += ',';
            out += csv_field(r.v[i]);
        }
        out += "\n";
    }
    return out;
}

std::string datapackage(const Network& net) {
    ojson res = ojson::array();
    for (int t = 0; t < kTables; ++t) {
        const Spec& sp = specs()[t];
        ojson fields = ojson::array();
        for (const auto& c : sp.cols) {
            ojson f{{"name", c.name}, {"type", c.number ? "number" : "string"}};
            if (c.uuid) f["format"] = "uuid";
            ojson cons = ojson::object();
            if (c.required) cons["required"] = true;
            if (std::string_view(c.name) == "id") cons["unique"] = true;
            if (!c.choices.empty()) cons["enum"] = c.choices;
            if (!cons.empty()) f["constraints"] = cons;
            fields.push_back(std::move(f));
        }
        std::string name = sp.csv;
        name.resize(name.size() - 4);
        res.push_back({{"name", name}, {"path", sp.csv}, {"profile", "tabular-data-resource"}, {"format", "csv"},
                       {"mediatype", "text/csv"}, {"encoding", "utf-8"},
                       {"schema", {{"fields", fields}, {"primaryKey", "id"}}}});
    }
    ojson d{{"name", "hatchnet-directory"}, {"title", net.name.empty() ? "hatchnet directory" : net.name},
            {"profile", "tabular-data-package"},
            {"description", "Incubators, their services and resources on offer, in Open Referral HSDS 3.0 "
                            "(written by hatchnet; mapping in docs/hsds.md)"},
            {"hsds_version", "3.0"}, {"resources", res}};
    return d.dump(2) + "\n";
}

ojson row_json(const Row& r, T t) {
    const Spec& sp = specs()[t];
    ojson o = ojson::object();
    for (std::size_t i = 0; i < sp.cols.size(); ++i) {
        if (r.v[i].empty()) continue;
        if (sp.cols[i].number) o[sp.cols[i].name] = *parse_double(r.v[i]);
        else o[sp.cols[i].name] = r.v[i];
    }
    return o;
}

/// Rows of table `t` grouped by the value of column `key`.
std::unordered_map<std::string, std::vector<const Row*>> by(const Tables& tb, T t, const char* key) {
    std::unordered_map<std::string, std::vector<const Row*>> m;
    for (const auto& r : tb.t[t]) m[cell(r, t, key)].push_back(&r);
    return m;
}

ojson page(ojson contents) {
    const auto n = contents.size();
    return ojson{{"total_items", n}, {"total_pages", 1}, {"page_number", 1}, {"size", n}, {"first_page", true},
                 {"last_page", true}, {"empty", n == 0}, {"contents", std::move(contents)}};
}

void nest(ojson& o, const char* key, const std::vector<const Row*>* rows, T t) {
    if (!rows || rows->empty()) return;
    ojson a = ojson::array();
    for (const Row* r : *rows) a.push_back(row_json(*r, t));
    o[key] = std::move(a);
}

std::map<std::string, std::string> json_files(const Tables& tb) {
    const auto attrs = by(tb, ATTR, "link_id");
    const auto locs = by(tb, LOC, "organization_id");
    const auto sals = by(tb, SAL, "service_id");
    const auto costs = by(tb, COST, "service_id");
    auto find = [](const auto& m, const std::string& k) {
        auto it = m.find(k);
        return it == m.end() ? nullptr : &it->second;
    };
    ojson orgs = ojson::array();
    for (const auto& r : tb.t[ORG]) {
        ojson o = row_json(r, ORG);
        if (auto* ls = find(locs, r.v[0])) {
            ojson a = ojson::array();
            for (const Row* l : *ls) {
                ojson lo = row_json(*l, LOC);
                nest(lo, "attributes", find(attrs, l->v[0]), ATTR);
                a.push_back(std::move(lo));
            }
            o["locations"] = std::move(a);
        }
        nest(o, "attributes", find(attrs, r.v[0]), ATTR);
        orgs.push_back(std::move(o));
    }
    ojson svcs = ojson::array();
    for (const auto& r : tb.t[SVC]) {
        ojson o = row_json(r, SVC);
        nest(o, "service_at_locations", find(sals, r.v[0]), SAL);
        nest(o, "cost_options", find(costs, r.v[0]), COST);
        nest(o, "attributes", find(attrs, r.v[0]), ATTR);
        svcs.push_back(std::move(o));
    }
    auto plain = [&](T t) {
        ojson a = ojson::array();
        for (const auto& r : tb.t[t]) a.push_back(row_json(r, t));
        return page(std::move(a)).dump(1) + "\n";
    };
    return {{"organizations.json", page(std::move(orgs)).dump(1) + "\n"},
            {"services.json", page(std::move(svcs)).dump(1) + "\n"},
            {"taxonomies.json", plain(TAX)},
            {"taxonomy_terms.json", plain(TERM)}};
}


// ------------------------------------------------------------------ files -> tables

[[noreturn]] void bad(const std::string& where, const std::string& field, const std::string& msg) {
    throw input_error(where, field, msg);
}

/// RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends, a leading BOM.
std::vector<std::vector<std::string>> parse_csv(std::string_view text, const std::string& file) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string f;
    bool quoted = false, any = false;
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { f += '"'; ++i; }
            else if (c == '"') quoted = false;
            else { if (c == '\n') ++line; f += c; }
            continue;
        }
        if (c == '"' && f.empty()) { quoted = true; any = true; }
        else if (c == '"') bad("file " + file + ", line " + std::to_string(line), "", "a quote inside an unquoted field");
        else if (c == ',') { row.push_back(std::move(f)); f.clear(); any = true; }
        else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !f.empty()) { row.push_back(std::move(f)); rows.push_back(std::move(row)); }
            f.clear(); row.clear(); any = false; ++line;
        } else { f += c; any = true; }
    }
    if (quoted) bad("file " + file + ", line " + std::to_string(line), "", "a quoted field is not closed");
    if (any || !f.empty()) { row.push_back(std::move(f)); rows.push_back(std::move(row)); }
    return rows;
}

void read_csv_table(Tables& tb, T t, std::string_view text) {
    const Spec& sp = specs()[t];
    const std::string file = sp.csv;
    auto rows = parse_csv(text, file);
    if (rows.empty()) bad("file " + file, "", "no header row");
    std::vector<std::size_t> at(rows[0].size(), sp.cols.size());
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rows[0].size(); ++i) {
        at[i] = sp.col(rows[0][i]);
        if (!seen.insert(rows[0][i]).second) bad("file " + file + ", line 1", rows[0][i], "the column appears twice");
    }
    for (const auto& c : sp.cols)
        if (c.required && !seen.count(c.name)) bad("file " + file + ", line 1", c.name, "a required column is missing");
    for (std::size_t r = 1; r < rows.size(); ++r) {
        Row& row = tb.add(t);
        row.where = "file " + file + ", row " + std::to_string(r);
        if (rows[r].size() != rows[0].size())
            bad(row.where, "", "has " + std::to_string(rows[r].size()) + " fields, the header " +
                                   std::to_string(rows[0].size()));
        for (std::size_t i = 0; i < rows[r].size(); ++i)
            if (at[i] < sp.cols.size()) row.v[at[i]] = std::move(rows[r][i]);
    }
}

/// The table a nested member of an object of table `t` holds, and whether it is one object.
struct Nested { const char* key; T table; bool single; };
const std::vector<Nested>& nested(T t) {
    static const std::array<std::vector<Nested>, kTables> n{{
        {{"locations", LOC, false}, {"services", SVC, false}, {"attributes", ATTR, false}},
        {{"attributes", ATTR, false}},
        {{"organization", ORG, true}, {"service_at_locations", SAL, false}, {"cost_options", COST, false},
         {"attributes", ATTR, false}},
        {{"location", LOC, true}, {"attributes", ATTR, false}},
        {{"attributes", ATTR, false}},
        {{"taxonomy_term", TERM, true}},
        {},
        {{"taxonomy_detail", TAX, true}},
    }};
    return n[t];
}

/// Read one JSON record of table `t` (and, recursively, the records nested in it); returns its id.
std::string flatten(Tables& tb, T t, const ojson& o, const std::string& where, const std::string& parent_id,
                    T parent) {
    if (!o.is_object()) bad(where, "", "expected an object (an HSDS " + std::string(specs()[t].entity) + ")");
    const Spec& sp = specs()[t];
    Row row;
    row.v.resize(sp.cols.size());
    row.where = where;
    for (std::size_t i = 0; i < sp.cols.size(); ++i) {
        auto it = o.find(sp.cols[i].name);
        if (it == o.end() || it->is_null()) continue;
        if (sp.cols[i].number) {
            if (!it->is_number()) bad(where, sp.cols[i].name, "expected a number");
            row.v[i] = num_text(it->get<double>());
        } else {
            if (!it->is_string()) bad(where, sp.cols[i].name, "expected a string");
            row.v[i] = it->get<std::string>();
        }
    }
    // the foreign key to the record this one is nested in, when the record leaves it out
    auto fk = [&](const char* col, const std::string& v) { if (row.v[sp.col(col)].empty()) row.v[sp.col(col)] = v; };
    if (!parent_id.empty()) {
        if (t == LOC && parent == ORG) fk("organization_id", parent_id);
        if (t == SVC && parent == ORG) fk("organization_id", parent_id);
        if ((t == SAL || t == COST) && parent == SVC) fk("service_id", parent_id);
        if (t == ATTR) { fk("link_id", parent_id); fk("link_entity", specs()[parent].entity); }
    }
    const std::string id = row.v[0];
    for (const auto& n : nested(t)) {
        auto it = o.find(n.key);
        if (it == o.end() || it->is_null()) continue;
        const std::string w = where + "." + n.key;
        if (n.single) {
            const std::string child = flatten(tb, n.table, *it, w, "", t);
            if (t == SVC && n.table == ORG) fk("organization_id", child);
            if (t == SAL && n.table == LOC) fk("location_id", child);
            if (t == ATTR && n.table == TERM) fk("taxonomy_term_id", child);
            if (t == TERM && n.table == TAX) fk("taxonomy_id", child);
            continue;
        }
        if (!it->is_array()) bad(where, n.key, "expected an array");
        for (std::size_t i = 0; i < it->size(); ++i)
            flatten(tb, n.table, (*it)[i], w + "[" + std::to_string(i) + "]", id, t);
    }
    tb.t[t].push_back(std::move(row));
    return id;
}

void read_json_file(Tables& tb, T t, const std::string& file, std::string_view text) {
    const ojson doc = parse_json_text(text, "file " + file);
    const std::string w = "file " + file;
    if (doc.is_array()) {
        for (std::size_t i = 0; i < doc.size(); ++i) flatten(tb, t, doc[i], w + ", [" + std::to_string(i) + "]", "", t);
    } else if (doc.is_object() && doc.contains("contents")) {
        const auto& c = doc["contents"];
        if (!c.is_array()) bad(w, "contents", "expected an array (an HSDS API page)");
        for (std::size_t i = 0; i < c.size(); ++i) flatten(tb, t, c[i], w + ", contents[" + std::to_string(i) + "]", "", t);
    } else {
        flatten(tb, t, doc, w, "", t);
    }
}

/// One record per id: a record met again (nested elsewhere) fills the cells the first left
/// empty; two different values of one cell are an error.
void merge_duplicates(Tables& tb) {
    for (int t = 0; t < kTables; ++t) {
        std::vector<Row> out;
        std::unordered_map<std::string, std::size_t> at;
        for (auto& r : tb.t[t]) {
            if (r.v[0].empty()) { out.push_back(std::move(r)); continue; }
            auto [it, fresh] = at.emplace(r.v[0], out.size());
            if (fresh) { out.push_back(std::move(r)); continue; }
            Row& first = out[it->second];
            for (std::size_t i = 0; i < r.v.size(); ++i) {
                if (r.v[i].empty() || r.v[i] == first.v[i]) continue;
                if (!first.v[i].empty())
                    bad(r.where, specs()[t].cols[i].name, "the " + std::string(specs()[t].entity) + " '" + r.v[0] +
                                                                "' appears again (" + first.where + ") with another value");
                first.v[i] = r.v[i];
            }
        }
        tb.t[t] = std::move(out);
    }
}

/// The HSDS schema's rules for the columns read: required, number, uuid, enumeration.
void check_rows(const Tables& tb) {
    for (int t = 0; t < kTables; ++t) {
        const Spec& sp = specs()[t];
        for (const auto& r : tb.t[t]) {
            for (std::size_t i = 0; i < sp.cols.size(); ++i) {
                const Col& c = sp.cols[i];
                const std::string& v = r.v[i];
                if (v.empty()) {
                    if (c.required) bad(r.where, c.name, "is required (HSDS " + std::string(sp.entity) + ")");
                    continue;
                }
                if (c.number && !parse_double(v)) bad(r.where, c.name, "'" + v + "' is not a number");
                if (c.uuid && !is_uuid(v)) bad(r.where, c.name, "'" + v + "' is not a UUID");
                if (!c.choices.empty() && std::find(c.choices.begin(), c.choices.end(), v) == c.choices.end()) {
                    std::string list;
                    for (const auto& x : c.choices) list += (list.empty() ? "" : ", ") + x;
                    bad(r.where, c.name, "'" + v + "' is not one of " + list);
                }
            }
        }
    }
}

Tables read_tables(const std::map<std::string, std::string>& files, std::string& needs_text) {
    auto has = [&](const std::string& k) { return files.count(k) != 0; };
    std::string pre;
    auto any_json = [&](const std::string& p) {
        for (int t = 0; t < kTables; ++t)
            if (specs()[t].json && has(p + specs()[t].json)) return true;
        return false;
    };
    if (!has("datapackage.json") && !any_json("")) {
        if (any_json("json/")) pre = "json/";
        else if (has("csv/datapackage.json")) pre = "csv/";
        else bad("directory", "", "no HSDS files: neither datapackage.json (a CSV package) nor organizations.json, "
                                  "services.json, locations.json, service_at_locations.json, taxonomies.json, "
                                  "taxonomy_terms.json");
    }
    Tables tb;
    const bool csv = has(pre + "datapackage.json") && !any_json(pre);
    for (int t = 0; t < kTables; ++t) {
        const Spec& sp = specs()[t];
        const char* name = csv ? sp.csv : sp.json;
        if (!name) continue;
        auto it = files.find(pre + name);
        if (it == files.end()) continue;
        if (csv) read_csv_table(tb, static_cast<T>(t), it->second);
        else read_json_file(tb, static_cast<T>(t), name, it->second);
    }
    if (auto it = files.find(pre + "needs.json"); it != files.end()) needs_text = it->second;
    merge_duplicates(tb);
    check_rows(tb);
    return tb;
}

// ------------------------------------------------------------------ tables -> network

struct Reader {
    const Tables& tb;
    const HsdsImportOptions& opt;
    HsdsDirectory out;
    std::unordered_map<std::string, const Row*> terms;          // term id -> row
    std::unordered_map<std::string, std::vector<const Row*>> attrs;  // link id -> attributes
    std::unordered_map<std::string, std::size_t> node_of;      // organization id -> node index

    /// The taxonomy (one of hatchnet's) and code of an attribute's term, or empty.
    std::pair<std::string, std::string> term_of(const Row& a) const {
        auto it = terms.find(cell(a, ATTR, "taxonomy_term_id"));
        if (it == terms.end()) return {};
        const std::string& tax = cell(*it->second, TERM, "taxonomy_id");
        for (const char* name : {kFields, kSectors, kServices})
            if (tax == tax_uuid(name)) return {name, cell(*it->second, TERM, "code")};
        return {};
    }

    void vocabulary() {
        out.network.vocabulary = opt.base ? opt.base->vocabulary : default_vocabulary();
        std::unordered_map<std::string, std::string> code;  // term id -> code
        for (const auto& r : tb.t[TERM]) code[r.v[0]] = cell(r, TERM, "code");
        auto load = [&](const char* tax, std::vector<Vocabulary::Term>& into) {
            std::vector<Vocabulary::Term> v;
            for (const auto& r : tb.t[TERM]) {
                if (cell(r, TERM, "taxonomy_id") != tax_uuid(tax)) continue;
                if (cell(r, TERM, "code").empty()) bad(r.where, "code", "a term of " + std::string(tax) + " needs its code");
                const std::string& p = cell(r, TERM, "parent_id");
                v.push_back({cell(r, TERM, "code"), cell(r, TERM, "name"), p.empty() ? "" : code[p]});
            }
            if (!v.empty()) into = std::move(v);
        };
        load(kSectors, out.network.vocabulary.sectors);
        load(kServices, out.network.vocabulary.services);
    }

    std::string default_region(const Row& org) const {
        if (!opt.default_region.empty()) return opt.default_region;
        if (opt.base) {
            const Region* best = nullptr;
            for (const auto& r : opt.base->regions)
                if (!best || r.code.size() < best->code.size()) best = &r;
            if (best) return best->code;
        }
        bad(org.where, "attributes", "no hatchnet region attribute and no default region (pass one)");
    }

    template <class E>
    E enum_value(const Row& a, std::optional<E> v, const char* what) const {
        if (!v) bad(a.where, "value", "'" + cell(a, ATTR, "value") + "' is not a " + what);
        return *v;
    }

    std::int64_t int_value(const Row& a) const {
        auto v = parse_int(cell(a, ATTR, "value"));
        if (!v) bad(a.where, "value", "'" + cell(a, ATTR, "value") + "' is not an integer");
        return *v;
    }

    double num_value(const Row& a) const {
        auto v = parse_double(cell(a, ATTR, "value"));
        if (!v) bad(a.where, "value", "'" + cell(a, ATTR, "value") + "' is not a number");
        return *v;
    }

    void field(Node& n, const Row& a, const std::string& code) {
        const std::string& v = cell(a, ATTR, "value");
        auto staff = [&]() -> Staff& { if (!n.staff) n.staff = Staff{}; return *n.staff; };
        if (code == "node_id") n.id = v;
        else if (code == "tier") n.tier = enum_value(a, parse_tier(v), "tier");
        else if (code == "region") n.region = v;
        else if (code == "capacity") n.capacity = int_value(a);
        else if (code == "occupied") n.occupied = int_value(a);
        else if (code == "capacity_updated") n.capacity_updated = v;
        else if (code == "operator") n.op = enum_value(a, parse_operator(v), "operator");
        else if (code == "sponsor") n.sponsor = enum_value(a, parse_sponsor(v), "sponsor");
        else if (code == "build_mode") n.build = enum_value(a, parse_build_mode(v), "build mode");
        else if (code == "operation_mode") n.operation = enum_value(a, parse_operation_mode(v), "operation mode");
        else if (code == "staff_total") staff().total = int_value(a);
        else if (code == "staff_trained") staff().trained = int_value(a);
        else if (code == "staff_funded_posts") staff().funded_posts = int_value(a);
        else if (code == "staff_pay") staff().pay = num_value(a);
        else if (code == "score") n.score = num_value(a);
        else if (code == "extra") n.attributes = v;
        else bad(a.where, "taxonomy_term_id", "the field '" + code + "' does not belong to an organization");
    }

    void organization(const Row& o) {
        Node n;
        n.id = o.v[0];
        n.name = cell(o, ORG, "name");
        bool own_region = false;
        if (auto it = attrs.find(o.v[0]); it != attrs.end()) {
            for (const Row* a : it->second) {
                const auto [tax, code] = term_of(*a);
                if (tax == kFields) { field(n, *a, code); own_region |= code == "region"; }
                else if (tax == kSectors) n.sectors.push_back(code);
            }
        }
        if (!own_region) { n.tier = Tier::social; n.region = default_region(o); }
        for (const auto& l : tb.t[LOC]) {
            if (cell(l, LOC, "organization_id") != o.v[0]) continue;
            const auto x = parse_double(cell(l, LOC, "latitude")), y = parse_double(cell(l, LOC, "longitude"));
            if (x && y && std::abs(*x) <= 90 && std::abs(*y) <= 180) {
                n.lat = x;
                n.lon = y;
            } else if ((x || y) && opt.report) {
                opt.report->warnings.push_back({Severity::warning, "hsds_bad_coordinates", l.where, "latitude",
                                                "not a WGS84 latitude and longitude pair: not imported"});
            }
            break;
        }
        node_of[o.v[0]] = out.network.nodes.size();
        out.network.nodes.push_back(std::move(n));
    }

    void service(const Row& s) {
        auto org = node_of.find(cell(s, SVC, "organization_id"));
        if (org == node_of.end()) {
            if (opt.report)
                opt.report->warnings.push_back({Severity::warning, "hsds_skipped", s.where, "organization_id",
                                                "the service's organization is not in the directory: not imported"});
            return;
        }
        Node& n = out.network.nodes[org->second];
        std::string service;
        if (auto it = attrs.find(s.v[0]); it != attrs.end()) {
            for (const Row* a : it->second) {
                const auto [tax, code] = term_of(*a);
                if (tax == kServices && service.empty()) service = code;
                if (tax == kFields && code == "resource") {
                    auto r = match::parse_resources("[" + cell(*a, ATTR, "value") + "]");
                    out.resources.push_back(std::move(r.at(0)));
                    return;
                }
            }
        }
        if (service.empty()) {  // a foreign service: its name becomes a vocabulary term
            service = "hsds:" + cell(s, SVC, "name");
            auto& voc = out.network.vocabulary;
            if (!voc.has_service(service)) voc.services.push_back({service, cell(s, SVC, "name"), ""});
        }
        if (std::find(n.services.begin(), n.services.end(), service) == n.services.end()) n.services.push_back(service);
    }

    HsdsDirectory run(const std::string& needs_text) {
        if (opt.base) {
            out.network.name = opt.base->name;
            out.network.description = opt.base->description;
            out.network.regions = opt.base->regions;
            out.network.staffing = opt.base->staffing;
        }
        for (const auto& r : tb.t[TERM]) terms[r.v[0]] = &r;
        for (const auto& a : tb.t[ATTR]) attrs[cell(a, ATTR, "link_id")].push_back(&a);
        vocabulary();
        for (const auto& o : tb.t[ORG]) organization(o);
        for (const auto& s : tb.t[SVC]) service(s);
        for (const auto& o : tb.t[ORG]) {
            auto p = node_of.find(cell(o, ORG, "parent_organization_id"));
            if (p == node_of.end()) continue;
            Edge e;
            e.from = out.network.nodes[p->second].id;
            e.to = out.network.nodes[node_of.at(o.v[0])].id;
            out.network.edges.push_back(std::move(e));
        }
        if (!needs_text.empty()) out.needs = match::parse_needs(needs_text);
        return std::move(out);
    }
};

}  // namespace

std::map<std::string, std::string> hsds_files(const Network& net, const HsdsExportOptions& opt) {
    const Tables tb = Builder{net, opt, {}}.build();
    std::map<std::string, std::string> files;
    const bool both = opt.format == HsdsFormat::both;
    const std::string needs = opt.needs ? match::needs_to_json(*opt.needs).dump(1) + "\n" : "";
    if (opt.format != HsdsFormat::csv) {
        const std::string pre = both ? "json/" : "";
        for (auto& [k, v] : json_files(tb)) files[pre + k] = std::move(v);
        if (opt.needs) files[pre + "needs.json"] = needs;
    }
    if (opt.format != HsdsFormat::json) {
        const std::string pre = both ? "csv/" : "";
        for (int t = 0; t < kTables; ++t) files[pre + specs()[t].csv] = csv_text(tb, static_cast<T>(t));
        files[pre + "datapackage.json"] = datapackage(net);
        if (opt.needs) files[pre + "needs.json"] = needs;
    }
    return files;
}

void export_hsds(const Network& net, const std::string& dir, const HsdsExportOptions& opt) {
    auto files = hsds_files(net, opt);
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const auto& [rel, text] : files) {
        const fs::path p = fs::path(dir) / rel;
        fs::create_directories(p.parent_path(), ec);
        if (ec) throw io_error(p.parent_path().string(), "cannot create the directory: " + ec.message());
        write_file(p.string(), text);
    }
}

}  // namespace hatchnet::io

namespace hatchnet::io {

HsdsDirectory import_hsds_files(const std::map<std::string, std::string>& files, const HsdsImportOptions& opt) {
    std::string needs;
    const Tables tb = read_tables(files, needs);
    HsdsDirectory d = Reader{tb, opt, {}, {}, {}, {}}.run(needs);
    ValidationReport rep = validate(d.network);
    if (opt.report) {
        opt.report->errors.insert(opt.report->errors.end(), rep.errors.begin(), rep.errors.end());
        opt.report->warnings.insert(opt.report->warnings.end(), rep.warnings.begin(), rep.warnings.end());
    }
    if (opt.validate && !rep.ok()) throw validation_error(std::move(rep));
    return d;
}

HsdsDirectory import_hsds(const std::string& dir, const HsdsImportOptions& opt) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw io_error(dir, "not a directory", io_error::reason::not_found);
    std::map<std::string, std::string> files;
    std::vector<std::string> names{"datapackage.json", "needs.json"};
    for (int t = 0; t < kTables; ++t) {
        names.push_back(specs()[t].csv);
        if (specs()[t].json) names.push_back(specs()[t].json);
    }
    for (const char* sub : {"", "json/", "csv/"})
        for (const auto& n : names) {
            const fs::path p = fs::path(dir) / (std::string(sub) + n);
            if (fs::is_regular_file(p, ec)) files[std::string(sub) + n] = read_file(p.string());
        }
    return import_hsds_files(files, opt);
}

}  // namespace hatchnet::io
