// The fast network JSON reader: see json_fast.hpp. Every departure from the plain shapes
// throws Decline (or simdjson_error, from a failed conversion); read_json_fast turns both into
// `false`, and load_json runs the reference reader instead.
#include "json_fast.hpp"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <system_error>
#include <nlohmann/json.hpp>

#include "hatchnet/limits.hpp"

namespace hatchnet::io::fastjson {

namespace {

namespace od = simdjson::ondemand;

struct Decline {};

/// The index of `k` in `keys`; an unknown key declines. `hint`: the previous field's index,
/// tried +1 first (files written by save_json list the fields in `keys` order).
template <std::size_t N>
int key_index(std::string_view k, const std::array<std::string_view, N>& keys, int& hint) {
    const std::size_t next = std::size_t(hint + 1);
    if (next < N && keys[next] == k) return hint = int(next);
    for (std::size_t i = 0; i < N; ++i)
        if (keys[i] == k) return hint = int(i);
    throw Decline{};
}

/// The same for a key as written in the text (no unescaping copy): the keys of `keys` hold no
/// quote or backslash, so a key written with an escape matches none and declines.
template <std::size_t N>
int key_index(od::raw_json_string k, const std::array<std::string_view, N>& keys, int& hint) {
    const std::size_t next = std::size_t(hint + 1);
    if (next < N && k.unsafe_is_equal(keys[next])) return hint = int(next);
    for (std::size_t i = 0; i < N; ++i)
        if (k.unsafe_is_equal(keys[i])) return hint = int(i);
    throw Decline{};
}

/// Marks field `i` as read; a repeated field declines (the reference keeps the last one).
void mark(std::uint32_t& seen, int i) {
    if (seen >> i & 1u) throw Decline{};
    seen |= 1u << i;
}

/// All the bits of `required` are set in `seen`.
void require(std::uint32_t seen, std::uint32_t required) {
    if ((seen & required) != required) throw Decline{};
}

/// A string value. Without escapes it is copied straight from the text (simdjson's first stage
/// has validated its UTF-8 and its characters), skipping the unescaping copy get_string makes
/// into the parser's buffer: most strings of a network have none.
std::string str(od::value& v) {
    std::string_view raw = v.raw_json_token();  // the token and the whitespace after it
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
    if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"' &&
        raw.find('\\') == std::string_view::npos) {
        // consumed all the same: a value left unread is later skipped by bracket depth alone,
        // which does not check the separator after it ("name":"a":[...] read on as valid)
        od::raw_json_string consumed = v.get_raw_json_string();
        (void)consumed;
        return std::string(raw.substr(1, raw.size() - 2));
    }
    return std::string(std::string_view(v.get_string()));
}

/// A number read as a double, exactly as the reference reader reads it. simdjson's own
/// get_double is used only to check the token: the installed simdjson (3.0.1) misreads "0."
/// followed by 20 or more significant digits in its On-Demand API ("0.50000000000000000000"
/// gave 0.131; simdjson issue #2093, fixed in 3.6.3), and it reads the integer "-0" as -0.0
/// where the reference reads the integer 0. So the token is parsed again here: an integer
/// token as nlohmann does (int64, else uint64, then converted), anything else by
/// std::from_chars (correctly rounded, as the reference's strtod); out of range declines.
double number(od::value& v) {
    std::string_view raw = v.raw_json_token();  // the token and the whitespace after it
    (void)double(v.get_double());                // validates the token (throws as before)
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
    const char* b = raw.data();
    const char* e = b + raw.size();
    if (raw.find_first_of(".eE") == std::string_view::npos) {
        std::int64_t i = 0;
        if (auto r = std::from_chars(b, e, i); r.ec == std::errc{} && r.ptr == e) return double(i);
        std::uint64_t u = 0;
        if (auto r = std::from_chars(b, e, u); r.ec == std::errc{} && r.ptr == e) return double(u);
        throw Decline{};
    }
    double d = 0;
    if (auto r = std::from_chars(b, e, d); r.ec == std::errc{} && r.ptr == e) return d;
    throw Decline{};
}

template <class E, class Parse>
E enum_of(od::value& v, Parse parse) {
    auto e = parse(std::string_view(v.get_string()));
    if (!e) throw Decline{};
    return *e;
}

class FastReader {
public:
    explicit FastReader(FastRead& out) : out_(out) {}

    void document(od::document& doc);

private:
    FastRead& out_;

    void strings(od::value& v, std::vector<std::string>& out) {
        od::array a = v.get_array();
        for (auto x : a) out.emplace_back(std::string_view(x.get_string()));
        out_.captured += 1 + out.size();
    }
    void attributes(od::value& v, std::string& out);
    void staff(od::value& v, std::optional<Staff>& out);
    void root_member(std::string_view key, od::value& v);
    void section(int which, od::array arr);
    void region(od::object o);
    void node(od::object o);
    void edge(od::object o);
    void organization(od::object o);
    void consortium(od::object o);
    void contract(od::object o);
};

/// Only a flat object of scalars (nested values are the reference reader's); kept as the
/// reference keeps it: the compact dump of a nlohmann::json object (keys sorted).
void FastReader::attributes(od::value& v, std::string& out) {
    od::object o = v.get_object();
    nlohmann::json j = nlohmann::json::object();
    std::size_t n = 0;
    for (auto f : o) {
        std::string key(std::string_view(f.unescaped_key()));
        od::value x = f.value();
        if (j.contains(key)) throw Decline{};
        switch (od::json_type(x.type())) {
            case od::json_type::string: j[key] = std::string(std::string_view(x.get_string())); break;
            case od::json_type::boolean: j[key] = bool(x.get_bool()); break;
            case od::json_type::null:
                if (!bool(x.is_null())) throw Decline{};
                j[key] = nullptr;
                break;
            case od::json_type::number:
                switch (od::number_type(x.get_number_type())) {
                    case od::number_type::signed_integer: j[key] = std::int64_t(x.get_int64()); break;
                    case od::number_type::unsigned_integer: j[key] = std::uint64_t(x.get_uint64()); break;
                    case od::number_type::floating_point_number: j[key] = number(x); break;
                    default: throw Decline{};
                }
                break;
            default: throw Decline{};
        }
        ++n;
    }
    out_.captured += 1 + n;
    if (!j.empty()) out = j.dump();
}

void FastReader::staff(od::value& v, std::optional<Staff>& out) {
    static constexpr std::array<std::string_view, 4> keys{"total", "trained", "funded_posts", "pay"};
    od::object o = v.get_object();
    Staff s;
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : o) {
        int k = key_index(f.key(), keys, hint);
        mark(seen, k);
        od::value x = f.value();
        switch (k) {
            case 0: s.total = x.get_int64(); break;
            case 1: s.trained = x.get_int64(); break;
            case 2: s.funded_posts = x.get_int64(); break;
            default: s.pay = number(x); break;
        }
    }
    out_.captured += 1 + std::uint64_t(__builtin_popcount(seen));
    out = s;
}

void FastReader::region(od::object o) {
    static constexpr std::array<std::string_view, 5> keys{"code", "name", "pinyin", "kind", "population"};
    Region r;
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : o) {
        int k = key_index(f.key(), keys, hint);
        mark(seen, k);
        od::value v = f.value();
        switch (k) {
            case 0: r.code = str(v); break;
            case 1: r.name = str(v); break;
            case 2: r.pinyin = str(v); break;
            case 3: r.kind = str(v); break;
            default: r.population = std::int64_t(v.get_int64()); break;
        }
    }
    require(seen, 1u);
    out_.net.regions.push_back(std::move(r));
}

void FastReader::node(od::object o) {
    static constexpr std::array<std::string_view, 18> keys{
        "id",       "name",     "tier", "region", "sectors", "services", "capacity",  "occupied", "capacity_updated",
        "operator", "lat",      "lon",  "score",  "sponsor", "build",    "operation", "staff",    "attributes"};
    Node n;
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : o) {
        int k = key_index(f.key(), keys, hint);
        mark(seen, k);
        od::value v = f.value();
        switch (k) {
            case 0: n.id = str(v); break;
            case 1: n.name = str(v); break;
            case 2: n.tier = enum_of<Tier>(v, parse_tier); break;
            case 3: n.region = str(v); break;
            case 4: strings(v, n.sectors); break;
            case 5: strings(v, n.services); break;
            case 6: n.capacity = v.get_int64(); break;
            case 7: n.occupied = v.get_int64(); break;
            case 8: n.capacity_updated = str(v); break;
            case 9: n.op = enum_of<Operator>(v, parse_operator); break;
            case 10: n.lat = number(v); break;
            case 11: n.lon = number(v); break;
            case 12: n.score = number(v); break;
            case 13: n.sponsor = enum_of<Sponsor>(v, parse_sponsor); break;
            case 14: n.build = enum_of<BuildMode>(v, parse_build_mode); break;
            case 15: n.operation = enum_of<OperationMode>(v, parse_operation_mode); break;
            case 16: staff(v, n.staff); break;
            default: attributes(v, n.attributes); break;
        }
    }
    require(seen, 1u | 1u << 2 | 1u << 3);
    out_.net.nodes.push_back(std::move(n));
}

void FastReader::edge(od::object o) {
    static constexpr std::array<std::string_view, 5> keys{"from", "to", "type", "irregular", "note"};
    Edge e;
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : o) {
        int k = key_index(f.key(), keys, hint);
        mark(seen, k);
        od::value v = f.value();
        switch (k) {
            case 0: e.from = str(v); break;
            case 1: e.to = str(v); break;
            case 2: e.type = enum_of<Relation>(v, parse_relation); break;
            case 3: e.irregular = bool(v.get_bool()); break;
            default: e.note = str(v); break;
        }
    }
    require(seen, 7u);
    out_.net.edges.push_back(std::move(e));
}

void FastReader::organization(od::object o) {
    static constexpr std::array<std::string_view, 10> keys{"id",      "name",   "type", "stage",  "registration",
                                                           "sectors", "region", "home", "credit", "attributes"};
    Organization g;
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : o) {
        int k = key_index(f.key(), keys, hint);
        mark(seen, k);
        od::value v = f.value();
        switch (k) {
            case 0: g.id = str(v); break;
            case 1: g.name = str(v); break;
            case 2: g.type = enum_of<OrgType>(v, parse_org_type); break;
            case 3: g.stage = enum_of<Stage>(v, parse_stage); break;
            case 4: g.registration = enum_of<Registration>(v, parse_registration); break;
            case 5: strings(v, g.sectors); break;
            case 6: g.region = str(v); break;
            case 7: g.home = str(v); break;
            case 8: g.credit = number(v); break;
            default: attributes(v, g.attributes); break;
        }
    }
    require(seen, 1u | 1u << 2 | 1u << 6);
    out_.net.organizations.push_back(std::move(g));
}

void FastReader::consortium(od::object o) {
    static constexpr std::array<std::string_view, 6> keys{"id", "name", "members", "services", "region", "attributes"};
    Consortium c;
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : o) {
        int k = key_index(f.key(), keys, hint);
        mark(seen, k);
        od::value v = f.value();
        switch (k) {
            case 0: c.id = str(v); break;
            case 1: c.name = str(v); break;
            case 2: strings(v, c.members); break;
            case 3: strings(v, c.services); break;
            case 4: c.region = str(v); break;
            default: attributes(v, c.attributes); break;
        }
    }
    require(seen, 1u | 1u << 4);
    out_.net.consortia.push_back(std::move(c));
}

void FastReader::contract(od::object o) {
    static constexpr std::array<std::string_view, 8> keys{"id",  "name", "parties", "scope",
                                                          "start", "end", "terms",  "attributes"};
    Contract c;
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : o) {
        int k = key_index(f.key(), keys, hint);
        mark(seen, k);
        od::value v = f.value();
        switch (k) {
            case 0: c.id = str(v); break;
            case 1: c.name = str(v); break;
            case 2: strings(v, c.parties); break;
            case 3: strings(v, c.scope); break;
            case 4: c.start = str(v); break;
            case 5: c.end = str(v); break;
            case 6: c.terms = str(v); break;
            default: attributes(v, c.attributes); break;
        }
    }
    require(seen, 1u | 1u << 4);
    out_.net.contracts.push_back(std::move(c));
}

void FastReader::section(int which, od::array arr) {
    // sized once (a skip over the section's structure): no reallocation, which on a national
    // network would move a million records and hold the old and new buffers at once
    const std::size_t n = arr.count_elements();
    switch (which) {
        case 0: out_.net.regions.reserve(out_.net.regions.size() + n); break;
        case 1: out_.net.nodes.reserve(out_.net.nodes.size() + n); break;
        case 2: out_.net.edges.reserve(out_.net.edges.size() + n); break;
        case 3: out_.net.organizations.reserve(out_.net.organizations.size() + n); break;
        case 4: out_.net.consortia.reserve(out_.net.consortia.size() + n); break;
        default: out_.net.contracts.reserve(out_.net.contracts.size() + n); break;
    }
    for (auto x : arr) {
        od::object o = x.get_object();
        switch (which) {
            case 0: region(o); break;
            case 1: node(o); break;
            case 2: edge(o); break;
            case 3: organization(o); break;
            case 4: consortium(o); break;
            default: contract(o); break;
        }
    }
}

/// A member other than a record section, copied as its JSON text into out_.root.
void FastReader::root_member(std::string_view key, od::value& v) {
    std::string_view raw;
    switch (od::json_type(v.type())) {
        case od::json_type::object: {
            od::object o = v.get_object();
            raw = o.raw_json();
            break;
        }
        case od::json_type::array: {
            od::array a = v.get_array();
            raw = a.raw_json();
            break;
        }
        default:
            raw = v.raw_json_token();
            // consume the scalar (see str(): an unread value is skipped without checking the
            // separator after it; fuzz regression root-name-then-colon-icelake)
            switch (od::json_type(v.type())) {
                case od::json_type::string: {
                    od::raw_json_string consumed = v.get_raw_json_string();
                    (void)consumed;
                    break;
                }
                case od::json_type::number: (void)double(v.get_double()); break;
                case od::json_type::boolean: (void)bool(v.get_bool()); break;
                default:
                    if (!bool(v.is_null())) throw Decline{};
                    break;
            }
            break;
    }
    out_.root += out_.root.size() > 1 ? ",\"" : "\"";
    out_.root += key;  // one of the known keys: plain ASCII, nothing to escape
    out_.root += "\":";
    out_.root += raw;
}

void FastReader::document(od::document& doc) {
    static constexpr std::array<std::string_view, 12> keys{
        "regions", "nodes",   "edges", "organizations", "consortia",  "contracts",
        "format",  "version", "name",  "description",   "vocabulary", "staffing"};
    od::object root = doc.get_object();
    out_.root = "{";
    std::uint32_t seen = 0;
    int hint = -1;
    for (auto f : root) {
        std::string_view key = f.unescaped_key();
        int k = key_index(key, keys, hint);
        mark(seen, k);
        od::value v = f.value();
        if (k < 6) section(k, v.get_array());
        else root_member(key, v);
    }
    out_.root += "}";
    // something after the document (simdjson 3.0 has no document::at_end())
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) throw Decline{};
}

}  // namespace

bool read_json_fast(std::string_view text, std::size_t capacity, FastRead& out) {
    // records are at depth 3, their lists, staff and (flat) attributes at 4
    if (limits().max_json_depth < 4) return false;
    // Under simdjson's portable fallback kernel the On-Demand walk reads some malformed text as
    // valid (`"name":"a":"b"` at the root: tests/fuzz/regressions/network_json/
    // root-name-with-two-values-fallback-kernel), which the SIMD kernels decline: there the
    // reference reader reads everything (only CPUs without SSE4.2 and PCLMUL use it).
    if (simdjson::get_active_implementation()->name() == "fallback") return false;
    try {
        od::parser parser;
        simdjson::padded_string copy;  // only when the caller's buffer has no room to read past the end
        if (capacity < text.size() + simdjson::SIMDJSON_PADDING) copy = simdjson::padded_string(text);
        od::document doc = copy.size() || text.empty() ? parser.iterate(copy)
                                                      : parser.iterate(text.data(), text.size(), capacity);
        FastReader(out).document(doc);
        return out.captured <= limits().max_elements;
    } catch (const simdjson::simdjson_error&) {
        return false;
    } catch (const Decline&) {
        return false;
    }
}

std::string kernel() { return simdjson::get_active_implementation()->name(); }

bool use_kernel(std::string_view name) {
    const simdjson::implementation* k = simdjson::get_available_implementations()[name];
    if (!k || !k->supported_by_runtime_system()) return false;
    simdjson::get_active_implementation() = k;
    return true;
}

}  // namespace hatchnet::io::fastjson
