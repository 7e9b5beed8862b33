// JSON load/save of a Network: see hatchnet/io/json.hpp and docs/data-format.md.
#include "hatchnet/io/json.hpp"

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"

namespace hatchnet::io {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

// ------------------------------------------------------------------ files

std::string read_file(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");  // reads plain files transparently too
    if (!f) throw input_error("file " + path, "", "cannot open for reading");
    std::string out;
    std::vector<char> buf(1 << 20);
    for (;;) {
        int n = gzread(f, buf.data(), unsigned(buf.size()));
        if (n < 0) {
            int code = 0;
            std::string msg = gzerror(f, &code);
            gzclose(f);
            throw input_error("file " + path, "", "read error: " + msg);
        }
        if (n == 0) break;
        out.append(buf.data(), std::size_t(n));
    }
    gzclose(f);
    return out;
}

void write_file(const std::string& path, std::string_view data) {
    bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    if (gz) {
        gzFile f = gzopen(path.c_str(), "wb9");
        if (!f) throw input_error("file " + path, "", "cannot open for writing");
        std::size_t off = 0;
        while (off < data.size()) {
            unsigned chunk = unsigned(std::min<std::size_t>(data.size() - off, 1u << 30));
            if (gzwrite(f, data.data() + off, chunk) != int(chunk)) {
                gzclose(f);
                throw input_error("file " + path, "", "write error");
            }
            off += chunk;
        }
        if (gzclose(f) != Z_OK) throw input_error("file " + path, "", "write error on close");
        return;
    }
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) throw input_error("file " + path, "", "cannot open for writing");
    if (std::fwrite(data.data(), 1, data.size(), f.get()) != data.size())
        throw input_error("file " + path, "", "write error");
    if (std::fclose(f.release()) != 0) throw input_error("file " + path, "", "write error on close");
}

// ------------------------------------------------------------------ load

namespace {

struct Loader {
    std::vector<Issue> errs;

    void error(const std::string& rec, const std::string& field, std::string msg,
               std::string code = "bad_type") {
        errs.push_back({Severity::error, std::move(code), rec, field, std::move(msg)});
    }

    static std::string type_name(const json& v) { return v.type_name(); }

    // Each getter: absent + !required → leave default; wrong type → error.
    bool get_string(const json& o, const char* k, std::string& out, const std::string& rec,
                    bool required) {
        auto it = o.find(k);
        if (it == o.end()) {
            if (required) error(rec, k, "required field is missing", "missing_field");
            return false;
        }
        if (!it->is_string()) {
            error(rec, k, std::string("expected a string, got ") + type_name(*it));
            return false;
        }
        out = it->get_ref<const std::string&>();
        return true;
    }
    bool get_int(const json& o, const char* k, std::int64_t& out, const std::string& rec,
                 bool required) {
        auto it = o.find(k);
        if (it == o.end()) {
            if (required) error(rec, k, "required field is missing", "missing_field");
            return false;
        }
        if (it->is_number_integer()) {
            if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(INT64_MAX)) {
                error(rec, k, "integer too large", "out_of_range");
                return false;
            }
            out = it->get<std::int64_t>();
            return true;
        }
        if (it->is_number_float()) {
            double d = it->get<double>();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
                out = std::int64_t(d);
                return true;
            }
        }
        error(rec, k, std::string("expected an integer, got ") + type_name(*it));
        return false;
    }
    bool get_double(const json& o, const char* k, double& out, const std::string& rec, bool required) {
        auto it = o.find(k);
        if (it == o.end()) {
            if (required) error(rec, k, "required field is missing", "missing_field");
            return false;
        }
        if (!it->is_number()) {
            error(rec, k, std::string("expected a number, got ") + type_name(*it));
            return false;
        }
        out = it->get<double>();
        return true;
    }
    bool get_bool(const json& o, const char* k, bool& out, const std::string& rec) {
        auto it = o.find(k);
        if (it == o.end()) return false;
        if (!it->is_boolean()) {
            error(rec, k, std::string("expected true or false, got ") + type_name(*it));
            return false;
        }
        out = it->get<bool>();
        return true;
    }
    void get_strings(const json& o, const char* k, std::vector<std::string>& out,
                     const std::string& rec) {
        auto it = o.find(k);
        if (it == o.end()) return;
        if (!it->is_array()) {
            error(rec, k, std::string("expected an array of strings, got ") + type_name(*it));
            return;
        }
        out.reserve(it->size());
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            if (!v.is_string())
                error(rec, std::string(k) + "[" + std::to_string(i) + "]",
                      std::string("expected a string, got ") + type_name(v));
            else
                out.push_back(v.get_ref<const std::string&>());
        }
    }
    template <class E, class Parse>
    void get_enum(const json& o, const char* k, E& out, const std::string& rec, bool required,
                  Parse parse, const char* allowed) {
        std::string s;
        if (!get_string(o, k, s, rec, required)) return;
        if (auto v = parse(s)) out = *v;
        else error(rec, k, "'" + s + "' is not one of: " + allowed, "bad_value");
    }
    void get_attributes(const json& o, std::string& out, const std::string& rec) {
        auto it = o.find("attributes");
        if (it == o.end()) return;
        if (!it->is_object()) {
            error(rec, "attributes", std::string("expected an object, got ") + type_name(*it));
            return;
        }
        if (!it->empty()) out = it->dump();
    }
    void check_keys(const json& o, std::initializer_list<const char*> keys, const std::string& rec) {
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool known = false;
            for (const char* k : keys)
                if (it.key() == k) { known = true; break; }
            if (!known) error(rec, it.key(), "unknown field", "unknown_field");
        }
    }
    bool is_object(const json& v, const std::string& rec) {
        if (v.is_object()) return true;
        error(rec, "", std::string("expected an object, got ") + type_name(v));
        return false;
    }
    static std::string rec_name(const char* what, const json& o, const char* key, std::size_t i) {
        auto it = o.is_object() ? o.find(key) : o.end();
        if (it != o.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
            return std::string(what) + " " + it->get_ref<const std::string&>();
        return std::string(what) + " #" + std::to_string(i);
    }
    const json* array_of(const json& root, const char* key) {
        auto it = root.find(key);
        if (it == root.end()) return nullptr;
        if (!it->is_array()) {
            error(key, "", std::string("expected an array, got ") + type_name(*it));
            return nullptr;
        }
        return &*it;
    }

    void terms(const json& arr, const char* what, std::vector<Vocabulary::Term>& out) {
        out.clear();
        for (std::size_t i = 0; i < arr.size(); ++i) {
            std::string rec = std::string("vocabulary.") + what + "[" + std::to_string(i) + "]";
            if (!is_object(arr[i], rec)) continue;
            Vocabulary::Term t;
            get_string(arr[i], "id", t.id, rec, true);
            get_string(arr[i], "name", t.name, rec, false);
            get_string(arr[i], "parent", t.parent, rec, false);
            check_keys(arr[i], {"id", "name", "parent"}, rec);
            out.push_back(std::move(t));
        }
    }

    Network load(const json& root) {
        Network net;
        if (!root.is_object()) {
            error("document", "", "the top level must be an object");
            return net;
        }
        check_keys(root, {"format", "version", "name", "description", "vocabulary", "regions", "nodes",
                          "edges", "organizations"},
                   "document");
        std::string format;
        if (get_string(root, "format", format, "document", false) && format != "hatchnet-network")
            error("document", "format", "expected \"hatchnet-network\", got \"" + format + "\"",
                  "bad_value");
        std::int64_t version = 1;
        if (get_int(root, "version", version, "document", false) && version != 1)
            error("document", "version", "unsupported format version " + std::to_string(version),
                  "bad_value");
        get_string(root, "name", net.name, "document", false);
        get_string(root, "description", net.description, "document", false);

        if (auto it = root.find("vocabulary"); it != root.end()) {
            if (is_object(*it, "vocabulary")) {
                check_keys(*it, {"sectors", "services"}, "vocabulary");
                for (const char* k : {"sectors", "services"}) {
                    auto a = it->find(k);
                    if (a == it->end()) continue;
                    if (!a->is_array()) {
                        error("vocabulary", k, "expected an array of terms");
                        continue;
                    }
                    terms(*a, k, std::string_view(k) == "sectors" ? net.vocabulary.sectors
                                                                  : net.vocabulary.services);
                }
            }
        }

        if (const json* arr = array_of(root, "regions")) {
            net.regions.reserve(arr->size());
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const json& o = (*arr)[i];
                std::string rec = rec_name("region", o, "code", i);
                if (!is_object(o, rec)) continue;
                Region r;
                get_string(o, "code", r.code, rec, true);
                get_string(o, "name", r.name, rec, false);
                get_string(o, "kind", r.kind, rec, false);
                std::int64_t pop = 0;
                if (get_int(o, "population", pop, rec, false)) r.population = pop;
                check_keys(o, {"code", "name", "kind", "population"}, rec);
                net.regions.push_back(std::move(r));
            }
        }

        if (const json* arr = array_of(root, "nodes")) {
            net.nodes.reserve(arr->size());
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const json& o = (*arr)[i];
                std::string rec = rec_name("node", o, "id", i);
                if (!is_object(o, rec)) continue;
                Node n;
                get_string(o, "id", n.id, rec, true);
                get_string(o, "name", n.name, rec, false);
                get_enum(o, "tier", n.tier, rec, true, parse_tier,
                         "city_center, city_sector, district, street, community, social");
                get_string(o, "region", n.region, rec, true);
                get_strings(o, "sectors", n.sectors, rec);
                get_strings(o, "services", n.services, rec);
                get_int(o, "capacity", n.capacity, rec, false);
                get_int(o, "occupied", n.occupied, rec, false);
                get_string(o, "capacity_updated", n.capacity_updated, rec, false);
                get_enum(o, "operator", n.op, rec, false, parse_operator, "government, social");
                double d = 0;
                if (get_double(o, "lat", d, rec, false)) n.lat = d;
                if (get_double(o, "lon", d, rec, false)) n.lon = d;
                if (get_double(o, "score", d, rec, false)) n.score = d;
                get_attributes(o, n.attributes, rec);
                check_keys(o, {"id", "name", "tier", "region", "sectors", "services", "capacity",
                               "occupied", "capacity_updated", "operator", "lat", "lon", "score",
                               "attributes"},
                           rec);
                net.nodes.push_back(std::move(n));
            }
        }

        if (const json* arr = array_of(root, "edges")) {
            net.edges.reserve(arr->size());
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const json& o = (*arr)[i];
                std::string rec = "edge " + std::to_string(i);
                if (!is_object(o, rec)) continue;
                Edge e;
                get_string(o, "from", e.from, rec, true);
                get_string(o, "to", e.to, rec, true);
                get_enum(o, "type", e.type, rec, true, parse_relation,
                         "guidance, contract, consortium, referral");
                get_bool(o, "irregular", e.irregular, rec);
                get_string(o, "note", e.note, rec, false);
                check_keys(o, {"from", "to", "type", "irregular", "note"}, rec);
                net.edges.push_back(std::move(e));
            }
        }

        if (const json* arr = array_of(root, "organizations")) {
            net.organizations.reserve(arr->size());
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const json& o = (*arr)[i];
                std::string rec = rec_name("organization", o, "id", i);
                if (!is_object(o, rec)) continue;
                Organization g;
                get_string(o, "id", g.id, rec, true);
                get_string(o, "name", g.name, rec, false);
                get_enum(o, "type", g.type, rec, true, parse_org_type,
                         "association, service_org, foundation, community_org");
                get_enum(o, "stage", g.stage, rec, false, parse_stage, "founding, growing, mature");
                get_enum(o, "registration", g.registration, rec, false, parse_registration,
                         "city, district, street");
                get_strings(o, "sectors", g.sectors, rec);
                get_string(o, "region", g.region, rec, true);
                get_string(o, "home", g.home, rec, false);
                get_double(o, "credit", g.credit, rec, false);
                get_attributes(o, g.attributes, rec);
                check_keys(o, {"id", "name", "type", "stage", "registration", "sectors", "region",
                               "home", "credit", "attributes"},
                           rec);
                net.organizations.push_back(std::move(g));
            }
        }
        return net;
    }
};

std::size_t line_of(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i)
        if (text[i] == '\n') ++line;
    return line;
}

}  // namespace

Network load_json(std::string_view text, const LoadOptions& opt) {
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::string msg = e.what();
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at ..."
        if (auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
        ValidationReport rep;
        rep.errors.push_back({Severity::error, "malformed_json",
                              "line " + std::to_string(line_of(text, e.byte ? e.byte - 1 : 0)), "",
                              msg});
        if (opt.report) *opt.report = rep;
        throw validation_error(std::move(rep));
    }
    Loader L;
    Network net = L.load(root);
    root = json();  // free the DOM before validating
    ValidationReport rep;
    rep.errors = std::move(L.errs);
    if (rep.errors.empty() && opt.validate) rep = validate(net);
    if (opt.report) *opt.report = rep;
    if (!rep.ok()) throw validation_error(std::move(rep));
    return net;
}

Network load_json_file(const std::string& path, const LoadOptions& opt) {
    return load_json(read_file(path), opt);
}

// ------------------------------------------------------------------ save

namespace {

void put_strings(ojson& o, const char* k, const std::vector<std::string>& v) {
    if (v.empty()) return;
    ojson a = ojson::array();
    for (const auto& s : v) a.push_back(s);
    o[k] = std::move(a);
}

void put_attributes(ojson& o, const std::string& attrs) {
    if (attrs.empty()) return;
    o["attributes"] = ojson::parse(attrs);
}

ojson term_json(const Vocabulary::Term& t) {
    ojson o;
    o["id"] = t.id;
    if (!t.name.empty()) o["name"] = t.name;
    if (!t.parent.empty()) o["parent"] = t.parent;
    return o;
}

ojson region_json(const Region& r) {
    ojson o;
    o["code"] = r.code;
    if (!r.name.empty()) o["name"] = r.name;
    if (!r.kind.empty()) o["kind"] = r.kind;
    if (r.population) o["population"] = *r.population;
    return o;
}

ojson node_json(const Node& n) {
    ojson o;
    o["id"] = n.id;
    if (!n.name.empty()) o["name"] = n.name;
    o["tier"] = std::string(to_string(n.tier));
    o["region"] = n.region;
    put_strings(o, "sectors", n.sectors);
    put_strings(o, "services", n.services);
    o["capacity"] = n.capacity;
    if (n.occupied) o["occupied"] = n.occupied;
    if (!n.capacity_updated.empty()) o["capacity_updated"] = n.capacity_updated;
    o["operator"] = std::string(to_string(n.op));
    if (n.lat) o["lat"] = *n.lat;
    if (n.lon) o["lon"] = *n.lon;
    if (n.score) o["score"] = *n.score;
    put_attributes(o, n.attributes);
    return o;
}

ojson edge_json(const Edge& e) {
    ojson o;
    o["from"] = e.from;
    o["to"] = e.to;
    o["type"] = std::string(to_string(e.type));
    if (e.irregular) o["irregular"] = true;
    if (!e.note.empty()) o["note"] = e.note;
    return o;
}

ojson org_json(const Organization& g) {
    ojson o;
    o["id"] = g.id;
    if (!g.name.empty()) o["name"] = g.name;
    o["type"] = std::string(to_string(g.type));
    o["stage"] = std::string(to_string(g.stage));
    o["registration"] = std::string(to_string(g.registration));
    put_strings(o, "sectors", g.sectors);
    o["region"] = g.region;
    if (!g.home.empty()) o["home"] = g.home;
    o["credit"] = g.credit;
    put_attributes(o, g.attributes);
    return o;
}

template <class T, class F>
void put_array(std::string& out, const char* key, const std::vector<T>& v, F to_json, int indent,
               bool last) {
    out += "\"";
    out += key;
    out += "\":[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        out += i ? ",\n" : "\n";
        out += to_json(v[i]).dump(indent >= 0 ? indent : -1);
    }
    out += v.empty() ? "]" : "\n]";
    out += last ? "\n" : ",\n";
}

}  // namespace

std::string save_json(const Network& net, const SaveOptions& opt) {
    if (opt.indent >= 0) {
        ojson root;
        root["format"] = "hatchnet-network";
        root["version"] = 1;
        root["name"] = net.name;
        if (!net.description.empty()) root["description"] = net.description;
        ojson voc;
        voc["sectors"] = ojson::array();
        for (const auto& t : net.vocabulary.sectors) voc["sectors"].push_back(term_json(t));
        voc["services"] = ojson::array();
        for (const auto& t : net.vocabulary.services) voc["services"].push_back(term_json(t));
        root["vocabulary"] = std::move(voc);
        auto arr = [](const auto& v, auto f) {
            ojson a = ojson::array();
            for (const auto& x : v) a.push_back(f(x));
            return a;
        };
        root["regions"] = arr(net.regions, region_json);
        root["nodes"] = arr(net.nodes, node_json);
        root["edges"] = arr(net.edges, edge_json);
        root["organizations"] = arr(net.organizations, org_json);
        return root.dump(opt.indent) + "\n";
    }
    // Canonical layout: one record per line, keys in a fixed order.
    std::string out;
    out.reserve(256 + 160 * (net.nodes.size() + net.organizations.size() + net.regions.size()) +
                80 * net.edges.size());
    out += "{\"format\":\"hatchnet-network\",\"version\":1,\n\"name\":" + ojson(net.name).dump() + ",\n";
    if (!net.description.empty()) out += "\"description\":" + ojson(net.description).dump() + ",\n";
    out += "\"vocabulary\":{\n";
    put_array(out, "sectors", net.vocabulary.sectors, term_json, -1, false);
    put_array(out, "services", net.vocabulary.services, term_json, -1, true);
    out += "},\n";
    put_array(out, "regions", net.regions, region_json, -1, false);
    put_array(out, "nodes", net.nodes, node_json, -1, false);
    put_array(out, "edges", net.edges, edge_json, -1, false);
    put_array(out, "organizations", net.organizations, org_json, -1, true);
    out += "}\n";
    return out;
}

void save_json_file(const Network& net, const std::string& path, const SaveOptions& opt) {
    write_file(path, save_json(net, opt));
}

}  // namespace hatchnet::io
