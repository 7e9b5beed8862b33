// JSON load/save of a Network: see hatchnet/io/json.hpp and docs/data-format.md.
#include "hatchnet/io/json.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/limits.hpp"

#include "../detail/lines.hpp"
#include "json_fast.hpp"

namespace hatchnet::io {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

// ------------------------------------------------------------------ load
//
// The reader is a SAX handler (nlohmann::json::sax_parse): records are collected as flat
// key/value lists, never as a whole-document DOM (a std::map per object), which makes loading
// several times faster and keeps memory to one record at a time. Nested values (sector lists,
// attribute objects, the vocabulary) are captured as small json values.

namespace {

/// One JSON object as read: its members in order (the last of duplicate keys wins).
struct Rec {
    std::vector<std::pair<std::string, json>> kv;
    const json* find(std::string_view k) const {
        for (auto it = kv.rbegin(); it != kv.rend(); ++it)
            if (it->first == k) return &it->second;
        return nullptr;
    }
    static Rec of(const json& o) {
        Rec r;
        for (auto it = o.begin(); it != o.end(); ++it) r.kv.emplace_back(it.key(), it.value());
        return r;
    }
};

/// The name of a record in messages ("node d-east", "edge 12"), made only when an error
/// needs it: loading a valid file builds none.
struct RecName {
    const char* what = "";
    const Rec* rec = nullptr;    // when set, named by its `key` field if that is a string
    const char* key = nullptr;
    std::size_t index = 0;
    std::string fixed;           // a name given outright
    const std::string* id = nullptr;  // the id once read (it is moved out of the record)
    RecName(const char* w, const Rec& r, const char* k, std::size_t i) : what(w), rec(&r), key(k), index(i) {}
    RecName(const char* w, std::size_t i) : what(w), index(i) {}
    RecName(std::string f) : fixed(std::move(f)) {}
    RecName(const char* f) : fixed(f) {}
    std::string str() const {
        if (!fixed.empty()) return fixed;
        if (id && !id->empty()) return std::string(what) + " " + *id;
        if (rec && key) {
            const json* v = rec->find(key);
            if (v && v->is_string() && !v->get_ref<const std::string&>().empty())
                return std::string(what) + " " + v->get_ref<const std::string&>();
            return std::string(what) + " #" + std::to_string(index);
        }
        return std::string(what) + " " + std::to_string(index);
    }
};

struct Loader {
    std::vector<Issue> errs;
    Network net;

    void error(const RecName& rec, const std::string& field, std::string msg, std::string code = "bad_type") {
        errs.push_back({Severity::error, std::move(code), rec.str(), field, std::move(msg)});
    }

    static std::string type_name(const json& v) { return v.type_name(); }

    // The keys the getters asked for in the record being read: record() refuses the others.
    std::vector<const char*> asked_;
    const json* look(const Rec& o, const char* k) {
        asked_.push_back(k);
        return o.find(k);
    }

    // Each getter: absent + !required → leave default; wrong type → error.
    const json* field(const Rec& o, const char* k, const RecName& rec, bool required) {
        const json* v = look(o, k);
        if (!v && required) error(rec, k, "required field is missing", "missing_field");
        return v;
    }
    bool get_string(const Rec& o, const char* k, std::string& out, const RecName& rec, bool required) {
        const json* v = field(o, k, rec, required);
        if (!v) return false;
        if (!v->is_string()) {
            error(rec, k, std::string("expected a string, got ") + type_name(*v));
            return false;
        }
        out = std::move(const_cast<json*>(v)->get_ref<std::string&>());  // the record is read once
        return true;
    }
    bool get_int(const Rec& o, const char* k, std::int64_t& out, const RecName& rec, bool required) {
        const json* v = field(o, k, rec, required);
        if (!v) return false;
        if (v->is_number_integer()) {
            if (v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t(INT64_MAX)) {
                error(rec, k, "integer too large", "out_of_range");
                return false;
            }
            out = v->get<std::int64_t>();
            return true;
        }
        if (v->is_number_float()) {
            double d = v->get<double>();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
                out = std::int64_t(d);
                return true;
            }
        }
        error(rec, k, std::string("expected an integer, got ") + type_name(*v));
        return false;
    }
    bool get_double(const Rec& o, const char* k, double& out, const RecName& rec, bool required) {
        const json* v = field(o, k, rec, required);
        if (!v) return false;
        if (!v->is_number()) {
            error(rec, k, std::string("expected a number, got ") + type_name(*v));
            return false;
        }
        out = v->get<double>();
        return true;
    }
    bool get_bool(const Rec& o, const char* k, bool& out, const RecName& rec) {
        const json* v = look(o, k);
        if (!v) return false;
        if (!v->is_boolean()) {
            error(rec, k, std::string("expected true or false, got ") + type_name(*v));
            return false;
        }
        out = v->get<bool>();
        return true;
    }
    void get_strings(const Rec& o, const char* k, std::vector<std::string>& out, const RecName& rec) {
        const json* v = look(o, k);
        if (!v) return;
        if (!v->is_array()) {
            error(rec, k, std::string("expected an array of strings, got ") + type_name(*v));
            return;
        }
        out.reserve(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            const auto& x = (*v)[i];
            if (!x.is_string())
                error(rec, std::string(k) + "[" + std::to_string(i) + "]",
                      std::string("expected a string, got ") + type_name(x));
            else
                out.push_back(std::move(const_cast<json&>(x).get_ref<std::string&>()));
        }
    }
    template <class E, class Parse>
    void get_enum(const Rec& o, const char* k, E& out, const RecName& rec, bool required, Parse parse,
                  const char* allowed) {
        std::string s;
        if (!get_string(o, k, s, rec, required)) return;
        if (auto v = parse(s)) out = *v;
        else error(rec, k, "'" + s + "' is not one of: " + allowed, "bad_value");
    }
    template <class E, class Parse>
    void get_optional_enum(const Rec& o, const char* k, std::optional<E>& out, const RecName& rec, Parse parse,
                           const char* allowed) {
        E v{};
        bool ok = false;
        get_enum(o, k, v, rec, false, [&](std::string_view s) {
            auto p = parse(s);
            ok = p.has_value();
            return p;
        }, allowed);
        if (ok) out = v;
    }
    /// "staff": {"total", "trained", "funded_posts", "pay"}: integers >= 0 and a number.
    void get_staff(const Rec& o, std::optional<Staff>& out, const RecName& rec) {
        const json* v = look(o, "staff");
        if (!v) return;
        if (!v->is_object()) {
            error(rec, "staff", std::string("expected an object, got ") + type_name(*v));
            return;
        }
        Staff s;
        for (auto it = v->begin(); it != v->end(); ++it) {
            const std::string f = "staff." + it.key();
            std::int64_t* slot = it.key() == "total" ? &s.total
                                 : it.key() == "trained" ? &s.trained
                                 : it.key() == "funded_posts" ? &s.funded_posts
                                                             : nullptr;
            if (slot) {
                if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(INT64_MAX)))
                    error(rec, f, std::string("expected an integer, got ") + type_name(*it));
                else
                    *slot = it->get<std::int64_t>();
            } else if (it.key() == "pay") {
                if (!it->is_number()) error(rec, f, std::string("expected a number, got ") + type_name(*it));
                else s.pay = it->get<double>();
            } else {
                error(rec, f, "unknown field", "unknown_field");
            }
        }
        out = s;
    }
    void get_attributes(const Rec& o, std::string& out, const RecName& rec) {
        const json* v = look(o, "attributes");
        if (!v) return;
        if (!v->is_object()) {
            error(rec, "attributes", std::string("expected an object, got ") + type_name(*v));
            return;
        }
        if (!v->empty()) out = v->dump();
    }
    void check_keys(const Rec& o, std::initializer_list<const char*> keys, const RecName& rec) {
        for (const auto& [key, value] : o.kv) {
            bool known = false;
            for (const char* k : keys)
                if (key == k) { known = true; break; }
            if (!known) error(rec, key, "unknown field", "unknown_field");
        }
    }
    /// Reads one record into `out`: read(record, rec) fills it through the getters, then
    /// every member of `o` that no getter asked for is refused as an unknown field.
    template <class T, class Read>
    void record(const Rec& o, RecName rec, std::vector<T>& out, Read read) {
        asked_.clear();
        T x;
        read(x, rec);
        for (const auto& member : o.kv) {
            const auto& key = member.first;  // not a structured binding: clang 14 cannot capture one
            if (std::none_of(asked_.begin(), asked_.end(), [&](const char* k) { return key == k; }))
                error(rec, key, "unknown field", "unknown_field");
        }
        out.push_back(std::move(x));
    }
    /// A record's identifying field `key` (required), which names the record from then on,
    /// and its "name".
    void get_id_and_name(const Rec& o, const char* key, std::string& id, std::string& name, RecName& rec) {
        get_string(o, key, id, rec, true);
        rec.id = &id;
        get_string(o, "name", name, rec, false);
    }
    void terms(const json& arr, const char* what, std::vector<Vocabulary::Term>& out) {
        out.clear();
        for (std::size_t i = 0; i < arr.size(); ++i) {
            std::string name = std::string("vocabulary.") + what + "[" + std::to_string(i) + "]";
            if (!arr[i].is_object()) {
                error(name, "", std::string("expected an object, got ") + type_name(arr[i]));
                continue;
            }
            Rec o = Rec::of(arr[i]);
            record(o, RecName(std::move(name)), out, [&](Vocabulary::Term& t, RecName& rec) {
                get_id_and_name(o, "id", t.id, t.name, rec);
                get_string(o, "parent", t.parent, rec, false);
            });
        }
    }

    void functions(const json& arr) {
        net.vocabulary.functions.clear();
        for (std::size_t i = 0; i < arr.size(); ++i) {
            std::string name = "vocabulary.functions[" + std::to_string(i) + "]";
            if (!arr[i].is_object()) {
                error(name, "", std::string("expected an object, got ") + type_name(arr[i]));
                continue;
            }
            Rec o = Rec::of(arr[i]);
            record(o, RecName(std::move(name)), net.vocabulary.functions, [&](Vocabulary::Function& f, RecName& rec) {
                get_id_and_name(o, "id", f.id, f.name, rec);
                get_strings(o, "services", f.services, rec);
            });
        }
    }
    void mandates(const json& obj) {
        for (auto& m : net.vocabulary.mandates) m.clear();
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            auto t = parse_tier(it.key());
            if (!t) {
                error("vocabulary.mandates", it.key(),
                      "not a tier (city_center, city_sector, district, street, community, social, district_sector)",
                      "bad_value");
                continue;
            }
            const json& a = it.value();
            if (!a.is_array()) {
                error("vocabulary.mandates", it.key(), std::string("expected an array of function ids, got ") + type_name(a));
                continue;
            }
            auto& out = net.vocabulary.mandates[std::size_t(*t)];
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (!a[i].is_string())
                    error("vocabulary.mandates", it.key() + "[" + std::to_string(i) + "]",
                          std::string("expected a string, got ") + type_name(a[i]));
                else
                    out.push_back(a[i].get<std::string>());
            }
        }
    }
    /// "staffing": {"pay_floor": number, "min_trained_share": number}.
    void staffing(const json& v) {
        if (!v.is_object()) {
            error("staffing", "", std::string("expected an object, got ") + type_name(v));
            return;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            std::optional<double>* slot = it.key() == "pay_floor"           ? &net.staffing.pay_floor
                                          : it.key() == "min_trained_share" ? &net.staffing.min_trained_share
                                                                            : nullptr;
            if (!slot) error("staffing", it.key(), "unknown field", "unknown_field");
            else if (!it->is_number()) error("staffing", it.key(), std::string("expected a number, got ") + type_name(*it));
            else *slot = it->get<double>();
        }
    }
    void vocabulary(const json& v) {
        check_keys(Rec::of(v), {"sectors", "services", "functions", "mandates"}, "vocabulary");
        for (const char* k : {"sectors", "services"}) {
            auto a = v.find(k);
            if (a == v.end()) continue;
            if (!a->is_array()) {
                error("vocabulary", k, "expected an array of terms");
                continue;
            }
            terms(*a, k, std::string_view(k) == "sectors" ? net.vocabulary.sectors : net.vocabulary.services);
        }
        // The §4 defaults go with the default services: a document with a service vocabulary
        // of its own and no functions or mandates has none.
        const bool own_services = v.contains("services");
        if (auto a = v.find("functions"); a != v.end()) {
            if (a->is_array()) functions(*a);
            else error("vocabulary", "functions", "expected an array of functions");
        } else if (own_services) {
            net.vocabulary.functions.clear();
        }
        if (auto a = v.find("mandates"); a != v.end()) {
            if (a->is_object()) mandates(*a);
            else error("vocabulary", "mandates", "expected an object of tier: [function ids]");
        } else if (own_services) {
            for (auto& m : net.vocabulary.mandates) m.clear();
        }
    }

    void root(const Rec& r) {
        check_keys(r, {"format", "version", "name", "description", "vocabulary", "staffing", "regions", "nodes",
                       "edges", "organizations", "consortia", "contracts"},
                   "document");
        if (const json* v = r.find("staffing")) staffing(*v);
        std::string format;
        if (get_string(r, "format", format, "document", false) && format != "hatchnet-network")
            error("document", "format", "expected \"hatchnet-network\", got \"" + format + "\"", "bad_value");
        std::int64_t version = 1;
        if (get_int(r, "version", version, "document", false) && version != 1)
            error("document", "version", "unsupported format version " + std::to_string(version), "bad_value");
        get_string(r, "name", net.name, "document", false);
        get_string(r, "description", net.description, "document", false);
        if (const json* v = r.find("vocabulary")) {
            if (!v->is_object()) {
                error("vocabulary", "", std::string("expected an object, got ") + type_name(*v));
            } else {
                vocabulary(*v);
            }
        }
        // a record section given as something other than an array
        for (const char* k : {"regions", "nodes", "edges", "organizations", "consortia", "contracts"})
            if (const json* v = r.find(k))
                error(k, "", std::string("expected an array, got ") + type_name(*v));
    }

    void region(const Rec& o, std::size_t i) {
        record(o, RecName("region", o, "code", i), net.regions, [&](Region& r, RecName& rec) {
            get_id_and_name(o, "code", r.code, r.name, rec);
            get_string(o, "pinyin", r.pinyin, rec, false);
            get_string(o, "kind", r.kind, rec, false);
            std::int64_t pop = 0;
            if (get_int(o, "population", pop, rec, false)) r.population = pop;
        });
    }

    void node(const Rec& o, std::size_t i) {
        record(o, RecName("node", o, "id", i), net.nodes, [&](Node& n, RecName& rec) {
            get_id_and_name(o, "id", n.id, n.name, rec);
            get_enum(o, "tier", n.tier, rec, true, parse_tier,
                     "city_center, city_sector, district, street, community, social, district_sector");
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
            get_optional_enum(o, "sponsor", n.sponsor, rec, parse_sponsor,
                              "civil_affairs, competent_authority, industry_department, mass_organization, "
                              "enterprise, civil_society");
            get_optional_enum(o, "build", n.build, rec, parse_build_mode, "new_build, co_build, conversion, assisted");
            get_optional_enum(o, "operation", n.operation, rec, parse_operation_mode,
                              "government_run, publicly_built_socially_run, socially_run");
            get_staff(o, n.staff, rec);
            get_attributes(o, n.attributes, rec);
        });
    }

    void edge(const Rec& o, std::size_t i) {
        record(o, RecName("edge", i), net.edges, [&](Edge& e, RecName& rec) {
            get_string(o, "from", e.from, rec, true);
            get_string(o, "to", e.to, rec, true);
            get_enum(o, "type", e.type, rec, true, parse_relation, "guidance, contract, consortium, referral");
            get_bool(o, "irregular", e.irregular, rec);
            get_string(o, "note", e.note, rec, false);
        });
    }

    void organization(const Rec& o, std::size_t i) {
        record(o, RecName("organization", o, "id", i), net.organizations, [&](Organization& g, RecName& rec) {
            get_id_and_name(o, "id", g.id, g.name, rec);
            get_enum(o, "type", g.type, rec, true, parse_org_type,
                     "association, service_org, foundation, community_org");
            get_enum(o, "stage", g.stage, rec, false, parse_stage, "founding, growing, mature");
            get_enum(o, "registration", g.registration, rec, false, parse_registration, "city, district, street");
            get_strings(o, "sectors", g.sectors, rec);
            get_string(o, "region", g.region, rec, true);
            get_string(o, "home", g.home, rec, false);
            get_double(o, "credit", g.credit, rec, false);
            get_attributes(o, g.attributes, rec);
        });
    }
    void consortium(const Rec& o, std::size_t i) {
        record(o, RecName("consortium", o, "id", i), net.consortia, [&](Consortium& c, RecName& rec) {
            get_id_and_name(o, "id", c.id, c.name, rec);
            get_strings(o, "members", c.members, rec);
            get_strings(o, "services", c.services, rec);
            get_string(o, "region", c.region, rec, true);
            get_attributes(o, c.attributes, rec);
        });
    }

    void contract(const Rec& o, std::size_t i) {
        record(o, RecName("contract", o, "id", i), net.contracts, [&](Contract& c, RecName& rec) {
            get_id_and_name(o, "id", c.id, c.name, rec);
            get_strings(o, "parties", c.parties, rec);
            get_strings(o, "scope", c.scope, rec);
            get_string(o, "start", c.start, rec, true);
            get_string(o, "end", c.end, rec, false);
            get_string(o, "terms", c.terms, rec, false);
            get_attributes(o, c.attributes, rec);
        });
    }
};

/// The SAX handler: routes events to the document's root record, to the record being read in
/// one of the four record sections, or to a nested value being captured.
class Reader final : public nlohmann::json_sax<json> {
public:
    /// `captured`: nested values already counted against max_elements (by the fast reader).
    explicit Reader(Loader& L, std::uint64_t captured = 0) : L_(L) { captured_values_ = captured; }

    std::size_t error_byte = 0;
    std::string error_message;
    bool top_not_object = false;
    bool too_deep = false;
    bool too_many = false;

    bool null() override { return scalar(json(nullptr)); }
    bool boolean(bool v) override { return scalar(json(v)); }
    bool number_integer(number_integer_t v) override { return scalar(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return scalar(json(v)); }
    bool string(string_t& v) override { return scalar(json(std::move(v))); }
    bool binary(binary_t&) override { return scalar(json(nullptr)); }

    bool start_object(std::size_t) override {
        if (!deeper()) return false;
        if (cap_.empty() && level_ == Level::start) {
            level_ = Level::root;
            return true;
        }
        if (!cap_.empty() || capture_here()) return cap_open(json::object());
        switch (level_) {
            case Level::section: level_ = Level::record; rec_.kv.clear(); return true;
            default: return cap_open(json::object());
        }
    }
    bool end_object() override {
        --depth_;
        if (!cap_.empty()) return cap_close();
        if (level_ == Level::record) {
            finish_record();
            level_ = Level::section;
            ++index_;
        } else if (level_ == Level::root) {
            level_ = Level::done;
            L_.root(root_);
        }
        return true;
    }
    bool start_array(std::size_t) override {
        if (!deeper()) return false;
        if (!cap_.empty() || capture_here()) return cap_open(json::array());
        if (level_ == Level::root && section_of(key_) != Section::none) {
            section_ = section_of(key_);
            level_ = Level::section;
            index_ = 0;
            return true;
        }
        return cap_open(json::array());
    }
    bool end_array() override {
        --depth_;
        if (!cap_.empty()) return cap_close();
        if (level_ == Level::section) level_ = Level::root;
        return true;
    }
    bool key(string_t& k) override {
        if (!cap_.empty()) cap_key_.back() = k;
        else key_ = k;
        return true;
    }
    bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& e) override {
        error_byte = byte;
        error_message = e.what();
        return false;
    }

private:
    enum class Level { start, root, section, record, done };
    enum class Section { none, regions, nodes, edges, organizations, consortia, contracts };

    static Section section_of(const std::string& k) {
        if (k == "regions") return Section::regions;
        if (k == "nodes") return Section::nodes;
        if (k == "edges") return Section::edges;
        if (k == "organizations") return Section::organizations;
        if (k == "consortia") return Section::consortia;
        if (k == "contracts") return Section::contracts;
        return Section::none;
    }
    // Nesting beyond max_json_depth is refused: kept attributes are dumped and copied
    // recursively later, so an unbounded depth would overflow the stack there.
    bool deeper() {
        if (++depth_ <= max_depth_) return true;
        too_deep = true;
        return false;
    }
    std::uint32_t depth_ = 0, max_depth_ = limits().max_json_depth;

    // At the top level a non-object document is captured whole (and refused in finish()).
    bool capture_here() const { return level_ == Level::start || level_ == Level::done; }

    bool scalar(json v) {
        if (!cap_.empty()) return cap_add(std::move(v));
        deliver(std::move(v));
        return true;
    }
    // Nested values are kept as a DOM (~50-100 bytes each): count them against max_elements,
    // so a file of a few hundred MB cannot amplify into gigabytes (and out of memory, where
    // nlohmann's destructors cannot fail cleanly).
    bool counted() {
        if (++captured_values_ <= max_captured_) return true;
        too_many = true;
        return false;
    }
    std::uint64_t captured_values_ = 0, max_captured_ = limits().max_elements;

    bool cap_open(json container) {
        if (!counted()) return false;
        if (cap_.empty()) {
            captured_ = std::move(container);
            cap_.push_back(&captured_);
        } else {
            json* at = cap_insert(std::move(container));
            cap_.push_back(at);
        }
        cap_key_.emplace_back();
        return true;
    }
    bool cap_close() {
        cap_.pop_back();
        cap_key_.pop_back();
        if (cap_.empty()) deliver(std::move(captured_));
        return true;
    }
    bool cap_add(json v) {
        if (!counted()) return false;
        cap_insert(std::move(v));
        return true;
    }
    json* cap_insert(json v) {
        json* top = cap_.back();
        if (top->is_array()) {
            top->push_back(std::move(v));
            return &top->back();
        }
        json& slot = (*top)[cap_key_.back()];
        slot = std::move(v);
        return &slot;
    }
    // A complete value at the current structural position.
    void deliver(json v) {
        switch (level_) {
            case Level::start:
            case Level::done: top_not_object = true; break;
            case Level::root: root_.kv.emplace_back(key_, std::move(v)); break;
            case Level::record: rec_.kv.emplace_back(key_, std::move(v)); break;
            case Level::section: {
                const char* what = section_ == Section::regions         ? "region"
                                   : section_ == Section::nodes         ? "node"
                                   : section_ == Section::edges         ? "edge"
                                   : section_ == Section::consortia     ? "consortium"
                                   : section_ == Section::contracts     ? "contract"
                                                                        : "organization";
                L_.error(std::string(what) + " #" + std::to_string(index_), "",
                         std::string("expected an object, got ") + v.type_name());
                ++index_;
                break;
            }
        }
    }
    void finish_record() {
        switch (section_) {
            case Section::regions: L_.region(rec_, index_); break;
            case Section::nodes: L_.node(rec_, index_); break;
            case Section::edges: L_.edge(rec_, index_); break;
            case Section::organizations: L_.organization(rec_, index_); break;
            case Section::consortia: L_.consortium(rec_, index_); break;
            case Section::contracts: L_.contract(rec_, index_); break;
            case Section::none: break;
        }
    }

    Loader& L_;
    Level level_ = Level::start;
    Section section_ = Section::none;
    std::size_t index_ = 0;
    std::string key_;
    Rec root_, rec_;
    json captured_;
    std::vector<json*> cap_;
    std::vector<std::string> cap_key_;
};

}  // namespace

namespace {

/// The end of every load: validate when asked, make the messages printable, report, and
/// throw when there are errors.
Network finish_load(ValidationReport rep, Network&& net, const LoadOptions& opt) {
    if (rep.errors.empty() && opt.validate) rep = validate(net);
    // messages quote the text, which may not be valid UTF-8: make them printable everywhere
    for (auto* list : {&rep.errors, &rep.warnings})
        for (auto& i : *list) {
            i.record = printable_utf8(i.record);
            i.field = printable_utf8(i.field);
            i.message = printable_utf8(i.message);
        }
    if (opt.report) *opt.report = rep;
    if (!rep.ok()) throw validation_error(std::move(rep));
    return std::move(net);
}

/// The fast reader (json_fast.hpp) over the record sections, then the reference reader over
/// the rest of the document (format, version, name, vocabulary, staffing); false when either
/// finds anything to complain about.
bool load_fast(std::string_view text, std::size_t capacity, Loader& L) {
    fastjson::FastRead fast;
    if (!fastjson::read_json_fast(text, capacity, fast)) return false;
    L.net = std::move(fast.net);
    Reader reader(L, fast.captured);
    const bool ok = json::sax_parse(fast.root.begin(), fast.root.end(), &reader);
    return ok && !reader.too_deep && !reader.too_many && !reader.top_not_object && L.errs.empty();
}

/// load_json, told how many bytes are readable from text.data() (read_file leaves padding).
Network load_json_in(std::string_view text, std::size_t capacity, const LoadOptions& opt) {
    check_input_size(text.size(), "network");
    if (const void* nul = std::memchr(text.data(), 0, text.size())) {
        // a parser stops at a NUL and would ignore the rest: refuse it, naming the line
        const auto at = std::size_t(static_cast<const char*>(nul) - text.data());
        ValidationReport rep;
        rep.errors.push_back({Severity::error, "malformed_json", "line " + std::to_string(detail::line_of(text, at)), "",
                              "a NUL byte (not JSON text)"});
        if (opt.report) *opt.report = rep;
        throw validation_error(std::move(rep));
    }
    if (opt.reader != JsonReader::reference) {
        Loader L;
        if (load_fast(text, capacity, L)) return finish_load({}, std::move(L.net), opt);
        if (opt.reader == JsonReader::fast)
            throw input_error("network", "", "the fast reader declined this text (the reference reader names the problem)");
    }
    Loader L;
    Reader reader(L);
    bool ok = json::sax_parse(text.begin(), text.end(), &reader);
    if (reader.too_deep)
        throw limit_error("network", "", "JSON nested deeper than the limit of " +
                                             std::to_string(limits().max_json_depth) +
                                             " levels (raise max_json_depth to allow it)");
    if (reader.too_many)
        throw limit_error("network", "", "more than " + std::to_string(limits().max_elements) +
                                             " nested JSON values (attributes, lists) (raise max_elements to allow it)");
    ValidationReport rep;
    if (!ok) {
        std::string msg = reader.error_message;
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at ..."
        if (auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
        rep.errors.push_back({Severity::error, "malformed_json",
                              "line " + std::to_string(detail::line_of(text, reader.error_byte ? reader.error_byte - 1 : 0)),
                              "", msg});
    } else if (reader.top_not_object) {
        rep.errors.push_back({Severity::error, "bad_type", "document", "", "the top level must be an object"});
    } else {
        rep.errors = std::move(L.errs);
    }
    return finish_load(std::move(rep), std::move(L.net), opt);
}

}  // namespace

Network load_json(std::string_view text, const LoadOptions& opt) { return load_json_in(text, text.size(), opt); }

Network load_json_file(const std::string& path, const LoadOptions& opt) {
    const std::string text = read_file(path);  // with padding: the fast reader parses it in place
    return load_json_in(text, text.capacity(), opt);
}

namespace {

template <class J>
J parse_bounded(std::string_view text, const std::string& record) {
    check_json_text(text, record);
    try {
        return J::parse(text.begin(), text.end());
    } catch (const typename J::parse_error& e) {
        // locate the byte offset as a line and column
        auto [line, col] = detail::line_col(text, e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0);
        std::string what = e.what();
        auto p = what.find("syntax error");
        if (p == std::string::npos)
            if (auto q = what.find("] "); q != std::string::npos) p = q + 2;
        throw input_error(record, "", "malformed JSON at line " + std::to_string(line) + ", column " +
                                          std::to_string(col) + ": " +
                                          (p == std::string::npos ? what : what.substr(p)));
    } catch (const typename J::exception& e) {
        // e.g. out_of_range.406: a number such as 1e400 that no double holds
        std::string what = e.what();
        if (auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
        throw input_error(record, "", "malformed JSON: " + what);
    }
}

}  // namespace

nlohmann::ordered_json parse_json_text(std::string_view text, const std::string& record) {
    return parse_bounded<nlohmann::ordered_json>(text, record);
}

nlohmann::json parse_json_value(std::string_view text, const std::string& record) {
    return parse_bounded<nlohmann::json>(text, record);
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
    o["attributes"] = parse_json_text(attrs, "attributes");
}

/// A text field, left out when empty.
void put_text(ojson& o, const char* k, const std::string& v) {
    if (!v.empty()) o[k] = v;
}

/// A record opening with its identifying field `key` and its name (as get_id_and_name reads them).
ojson named_json(const char* key, const std::string& id, const std::string& name) {
    ojson o;
    o[key] = id;
    put_text(o, "name", name);
    return o;
}

ojson term_json(const Vocabulary::Term& t) {
    ojson o = named_json("id", t.id, t.name);
    put_text(o, "parent", t.parent);
    return o;
}

ojson function_json(const Vocabulary::Function& f) {
    ojson o = named_json("id", f.id, f.name);
    ojson a = ojson::array();
    for (const auto& s : f.services) a.push_back(s);
    o["services"] = std::move(a);
    return o;
}

/// {"city_center": [...], ...}: the tiers with a mandate, in tier order.
ojson mandates_json(const Vocabulary& v) {
    ojson o = ojson::object();
    for (std::size_t t = 0; t < v.mandates.size(); ++t)
        if (!v.mandates[t].empty()) o[std::string(to_string(static_cast<Tier>(t)))] = v.mandates[t];
    return o;
}

bool has_mandates(const Vocabulary& v) {
    return !v.functions.empty() ||
           std::any_of(v.mandates.begin(), v.mandates.end(), [](const auto& m) { return !m.empty(); });
}

ojson region_json(const Region& r) {
    ojson o = named_json("code", r.code, r.name);
    put_text(o, "pinyin", r.pinyin);
    put_text(o, "kind", r.kind);
    if (r.population) o["population"] = *r.population;
    return o;
}

ojson node_json(const Node& n) {
    ojson o = named_json("id", n.id, n.name);
    o["tier"] = std::string(to_string(n.tier));
    o["region"] = n.region;
    put_strings(o, "sectors", n.sectors);
    put_strings(o, "services", n.services);
    o["capacity"] = n.capacity;
    if (n.occupied) o["occupied"] = n.occupied;
    put_text(o, "capacity_updated", n.capacity_updated);
    o["operator"] = std::string(to_string(n.op));
    if (n.lat) o["lat"] = *n.lat;
    if (n.lon) o["lon"] = *n.lon;
    if (n.score) o["score"] = *n.score;
    if (n.sponsor) o["sponsor"] = std::string(to_string(*n.sponsor));
    if (n.build) o["build"] = std::string(to_string(*n.build));
    if (n.operation) o["operation"] = std::string(to_string(*n.operation));
    if (n.staff) {
        ojson s;
        s["total"] = n.staff->total;
        s["trained"] = n.staff->trained;
        s["funded_posts"] = n.staff->funded_posts;
        if (n.staff->pay) s["pay"] = *n.staff->pay;
        o["staff"] = std::move(s);
    }
    put_attributes(o, n.attributes);
    return o;
}

/// The staffing standards, or null when none is set.
ojson staffing_json(const StaffingStandards& s) {
    if (!s.pay_floor && !s.min_trained_share) return nullptr;
    ojson o = ojson::object();
    if (s.pay_floor) o["pay_floor"] = *s.pay_floor;
    if (s.min_trained_share) o["min_trained_share"] = *s.min_trained_share;
    return o;
}

ojson edge_json(const Edge& e) {
    ojson o;
    o["from"] = e.from;
    o["to"] = e.to;
    o["type"] = std::string(to_string(e.type));
    if (e.irregular) o["irregular"] = true;
    put_text(o, "note", e.note);
    return o;
}

ojson org_json(const Organization& g) {
    ojson o = named_json("id", g.id, g.name);
    o["type"] = std::string(to_string(g.type));
    o["stage"] = std::string(to_string(g.stage));
    o["registration"] = std::string(to_string(g.registration));
    put_strings(o, "sectors", g.sectors);
    o["region"] = g.region;
    put_text(o, "home", g.home);
    o["credit"] = g.credit;
    put_attributes(o, g.attributes);
    return o;
}

ojson consortium_json(const Consortium& c) {
    ojson o = named_json("id", c.id, c.name);
    o["members"] = c.members;
    o["services"] = c.services;
    o["region"] = c.region;
    put_attributes(o, c.attributes);
    return o;
}

ojson contract_json(const Contract& c) {
    ojson o = named_json("id", c.id, c.name);
    o["parties"] = c.parties;
    o["scope"] = c.scope;
    o["start"] = c.start;
    put_text(o, "end", c.end);
    put_text(o, "terms", c.terms);
    put_attributes(o, c.attributes);
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
        if (has_mandates(net.vocabulary)) {
            voc["functions"] = ojson::array();
            for (const auto& f : net.vocabulary.functions) voc["functions"].push_back(function_json(f));
            voc["mandates"] = mandates_json(net.vocabulary);
        }
        root["vocabulary"] = std::move(voc);
        if (ojson s = staffing_json(net.staffing); !s.is_null()) root["staffing"] = std::move(s);
        auto arr = [](const auto& v, auto f) {
            ojson a = ojson::array();
            for (const auto& x : v) a.push_back(f(x));
            return a;
        };
        root["regions"] = arr(net.regions, region_json);
        root["nodes"] = arr(net.nodes, node_json);
        root["edges"] = arr(net.edges, edge_json);
        root["organizations"] = arr(net.organizations, org_json);
        // absent when empty: files without them stay as they were
        if (!net.consortia.empty()) root["consortia"] = arr(net.consortia, consortium_json);
        if (!net.contracts.empty()) root["contracts"] = arr(net.contracts, contract_json);
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
    const bool mandates = has_mandates(net.vocabulary);
    put_array(out, "services", net.vocabulary.services, term_json, -1, !mandates);
    if (mandates) {
        put_array(out, "functions", net.vocabulary.functions, function_json, -1, false);
        out += "\"mandates\":" + mandates_json(net.vocabulary).dump() + "\n";
    }
    out += "},\n";
    if (ojson s = staffing_json(net.staffing); !s.is_null()) out += "\"staffing\":" + s.dump() + ",\n";
    put_array(out, "regions", net.regions, region_json, -1, false);
    put_array(out, "nodes", net.nodes, node_json, -1, false);
    put_array(out, "edges", net.edges, edge_json, -1, false);
    const bool more = !net.consortia.empty() || !net.contracts.empty();
    put_array(out, "organizations", net.organizations, org_json, -1, !more);
    // absent when empty: files without them stay byte-identical
    if (!net.consortia.empty()) put_array(out, "consortia", net.consortia, consortium_json, -1, net.contracts.empty());
    if (!net.contracts.empty()) put_array(out, "contracts", net.contracts, contract_json, -1, true);
    out += "}\n";
    return out;
}

std::string functions_json(const Vocabulary& v) {
    ojson o;
    o["functions"] = ojson::array();
    for (const auto& f : v.functions) o["functions"].push_back(function_json(f));
    o["mandates"] = mandates_json(v);
    return o.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string missing_functions_json(const Network& net) {
    ojson a = ojson::array();
    for (const auto& n : net.nodes)
        for (const auto& id : net.vocabulary.missing_functions(n.tier, n.services)) {
            const auto* f = net.vocabulary.find_function(id);
            a.push_back({{"node", n.id}, {"tier", std::string(to_string(n.tier))}, {"function", id},
                         {"name", f ? f->name : std::string()}});
        }
    return a.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

void save_json_file(const Network& net, const std::string& path, const SaveOptions& opt) {
    write_file(path, save_json(net, opt));
}

}  // namespace hatchnet::io
