// Structural validation of a Network: see hatchnet/validate.hpp for the rules.
#include "hatchnet/validate.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "hatchnet/records/store.hpp"  // records::is_date

#include "../detail/vocabulary.hpp"

namespace hatchnet {

std::string Issue::to_string() const {
    std::string s = severity == Severity::error ? "error: " : "warning: ";
    s += input_error::compose(record, field, message);
    s += " [" + code + "]";
    return s;
}

std::string ValidationReport::to_string() const {
    std::string s;
    for (const auto& e : errors) s += e.to_string() + "\n";
    for (const auto& w : warnings) s += w.to_string() + "\n";
    return s;
}

std::string validation_error::summary(const ValidationReport& r) {
    std::string s = std::to_string(r.errors.size()) +
                    (r.errors.size() == 1 ? " error" : " errors");
    if (!r.errors.empty()) s += "; first: " + r.errors.front().to_string();
    return s;
}

namespace {

// Rank of a government tier in the guidance hierarchy; social has none (-1).
int rank_of(Tier t) {
    switch (t) {
        case Tier::city_center: return 0;
        case Tier::city_sector: return 1;
        case Tier::district:
        case Tier::district_sector: return 2;
        case Tier::street: return 3;
        case Tier::community: return 4;
        case Tier::social: return -1;
    }
    return -1;
}

bool region_len_ok(Tier t, std::size_t len) {
    switch (t) {
        case Tier::city_center:
        case Tier::city_sector: return len == 2 || len == 4;
        case Tier::district:
        case Tier::district_sector: return len == 6;
        case Tier::street: return len == 9;
        case Tier::community: return len == 12;
        case Tier::social: return true;
    }
    return false;
}

std::string_view expected_len(Tier t) {
    switch (t) {
        case Tier::city_center:
        case Tier::city_sector: return "2 or 4 digits (province or prefecture level)";
        case Tier::district:
        case Tier::district_sector: return "6 digits (county / district level)";
        case Tier::street: return "9 digits (street / township level)";
        case Tier::community: return "12 digits (community / village level)";
        case Tier::social: return "a 2/4/6/9/12-digit code";
    }
    return "";
}

/// The first control character in `id` (C0, DEL, or C1 as UTF-8 U+0080–U+009F), or npos.
std::size_t control_at(std::string_view id) {
    for (std::size_t i = 0; i < id.size(); ++i) {
        const auto c = static_cast<unsigned char>(id[i]);
        if (c < 0x20 || c == 0x7F) return i;
        if (c == 0xC2 && i + 1 < id.size() && static_cast<unsigned char>(id[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(id[i + 1]) <= 0x9F)
            return i;
    }
    return std::string_view::npos;
}

/// `id` with its control characters shown as \u0000 … \u009f (so a message shows them, and a NUL
/// does not cut it short on its way through the C API).
std::string escaped(std::string_view id) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < id.size(); ++i) {
        auto c = static_cast<unsigned>(static_cast<unsigned char>(id[i]));
        const bool c1 = c == 0xC2 && i + 1 < id.size() && static_cast<unsigned char>(id[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(id[i + 1]) <= 0x9F;
        if (c1) c = static_cast<unsigned char>(id[++i]);
        if (c < 0x20 || c == 0x7F || c1) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += id[i];
        }
    }
    return out;
}

std::string control_message(std::string_view id) {
    return "the id '" + escaped(id) + "' contains a control character (ids are printable text)";
}

/// For each record, whether its key may repeat an earlier record's: true only where the key's
/// hash repeats. One sort of 64-bit hashes (sequential memory) replaces a hash-table probe per
/// record (a cache miss or three each: most of validate()'s time on large networks); the few
/// flagged records are then checked exactly against the network's index.
template <class T, class Key>
std::vector<char> maybe_repeated(const std::vector<T>& records, Key key) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> h(records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        h[i] = {std::hash<std::string_view>{}(key(records[i])), std::uint32_t(i)};
    std::sort(h.begin(), h.end());
    std::vector<char> flag(records.size(), 0);
    for (std::size_t i = 1; i < h.size(); ++i)
        if (h[i].first == h[i - 1].first) flag[h[i].second] = flag[h[i - 1].second] = 1;
    return flag;
}

/// "what id" naming a record: the id escaped only when it holds a control character.
std::string record_name(const char* what, const std::string& id, bool bad_id, std::size_t i) {
    if (id.empty()) return std::string(what) + " #" + std::to_string(i);
    return std::string(what) + " " + (bad_id ? escaped(id) : id);
}

struct Checker {
    const Network& net;
    ValidationReport rep;

    void error(std::string code, std::string record, std::string field, std::string msg) {
        rep.errors.push_back({Severity::error, std::move(code), std::move(record), std::move(field),
                              std::move(msg)});
    }
    void warn(std::string code, std::string record, std::string field, std::string msg) {
        rep.warnings.push_back({Severity::warning, std::move(code), std::move(record),
                                std::move(field), std::move(msg)});
    }

    // A record's name: given, or made by a callable only when a message needs it (on a large
    // network, building "organization <id>" for every record costs more than the checks).
    static const std::string& name(const std::string& rec) { return rec; }
    template <class F>
    static std::string name(const F& make) { return make(); }

    template <class Rec>
    void check_region_ref(const Rec& rec, const std::string& code) {
        if (code.empty()) {
            error("missing_field", name(rec), "region", "a region code is required");
        } else if (!is_region_code(code)) {
            error("bad_region_code", name(rec), "region",
                  "'" + escaped(code) + "' is not an NBS code of 2, 4, 6, 9 or 12 digits");
        } else if (!net.regions.empty() && net.region_index(code) == Network::npos) {
            error("unknown_reference", name(rec), "region", "unknown region '" + code + "'");
        }
    }

    template <class Rec>
    void check_terms(const Rec& rec, const char* field, const std::vector<std::string>& ids, bool sector) {
        for (std::size_t i = 0; i < ids.size(); ++i) {
            bool ok = sector ? net.vocabulary.has_sector(ids[i]) : net.vocabulary.has_service(ids[i]);
            if (!ok)
                error("unknown_reference", name(rec), std::string(field) + "[" + std::to_string(i) + "]",
                      std::string("unknown ") + (sector ? "sector" : "service") + " '" + ids[i] +
                          "' (not in the vocabulary)");
        }
    }

    void vocabulary() {
        auto check = [&](const std::vector<Vocabulary::Term>& terms, const char* what) {
            std::unordered_map<std::string_view, std::size_t> seen;
            for (std::size_t i = 0; i < terms.size(); ++i) {
                std::string rec = std::string("vocabulary.") + what + "[" + std::to_string(i) + "]";
                if (terms[i].id.empty()) error("missing_field", rec, "id", "a term id is required");
                else if (control_at(terms[i].id) != std::string_view::npos)
                    error("bad_id", rec, "id", control_message(terms[i].id));
                else if (!seen.emplace(terms[i].id, i).second)
                    error("duplicate_id", rec, "id", "duplicate term id '" + escaped(terms[i].id) + "'");
            }
            for (std::size_t i = 0; i < terms.size(); ++i) {
                const auto& p = terms[i].parent;
                if (p.empty()) continue;
                std::string rec = std::string("vocabulary.") + what + " " + escaped(terms[i].id);
                if (!seen.count(p)) {
                    error("unknown_reference", rec, "parent", "unknown parent term '" + escaped(p) + "'");
                    continue;
                }
                // walk up (ids looked up in `seen`): cut after more steps than terms, a cycle
                const bool cycle = detail::walk_term_chain(
                    terms[i].id, terms.size(),
                    [&](std::string_view id) -> const Vocabulary::Term* {
                        auto it = seen.find(id);
                        return it == seen.end() ? nullptr : &terms[it->second];
                    },
                    [](std::string_view, const Vocabulary::Term*) { return true; });
                if (cycle) error("term_cycle", rec, "parent", "the parent chain of this term is a cycle");
            }
        };
        check(net.vocabulary.sectors, "sectors");
        check(net.vocabulary.services, "services");
        functions();
    }

    // The tiers' functions: ids unique, each performed by at least one known service; the
    // mandates name known functions, each at most once per tier.
    void functions() {
        const auto& voc = net.vocabulary;
        std::unordered_set<std::string_view> seen;
        for (std::size_t i = 0; i < voc.functions.size(); ++i) {
            const auto& f = voc.functions[i];
            std::string rec = "vocabulary.functions[" + std::to_string(i) + "]";
            if (f.id.empty()) error("missing_field", rec, "id", "a function id is required");
            else if (control_at(f.id) != std::string_view::npos) error("bad_id", rec, "id", control_message(f.id));
            else if (!seen.insert(f.id).second)
                error("duplicate_id", rec, "id", "duplicate function id '" + escaped(f.id) + "'");
            if (!f.id.empty()) rec = "vocabulary.functions " + escaped(f.id);
            if (f.services.empty())
                error("missing_field", rec, "services", "a function needs at least one service that performs it");
            check_terms(rec, "services", f.services, false);
        }
        for (std::size_t t = 0; t < voc.mandates.size(); ++t) {
            std::unordered_set<std::string_view> once;
            std::string rec = "vocabulary.mandates " + std::string(to_string(static_cast<Tier>(t)));
            for (std::size_t k = 0; k < voc.mandates[t].size(); ++k) {
                const auto& id = voc.mandates[t][k];
                std::string field = "[" + std::to_string(k) + "]";
                if (!voc.find_function(id))
                    error("unknown_reference", rec, field, "unknown function '" + escaped(id) + "' (not in vocabulary.functions)");
                else if (!once.insert(id).second)
                    error("duplicate_id", rec, field, "function '" + escaped(id) + "' is mandated twice");
            }
        }
    }

    // Every node performs each mandated function of its tier (§4); one warning per missing
    // function, naming the node and the function.
    void mandated_functions() {
        const auto& voc = net.vocabulary;
        for (const auto& n : net.nodes) {
            for (const auto& id : voc.missing_functions(n.tier, n.services)) {
                const auto* f = voc.find_function(id);
                std::string offer;
                for (const auto& s : f->services) offer += (offer.empty() ? "" : ", ") + s;
                warn("missing_function", "node " + escaped(n.id), "services",
                     "lacks the mandated function '" + id + "' of tier " + std::string(to_string(n.tier)) +
                         " (offers none of: " + offer + ")");
            }
        }
    }

    void regions() {
        const auto repeated = maybe_repeated(net.regions, [](const Region& r) { return std::string_view(r.code); });
        for (std::size_t i = 0; i < net.regions.size(); ++i) {
            const auto& r = net.regions[i];
            std::string rec = "region " + (r.code.empty() ? "#" + std::to_string(i) : escaped(r.code));
            if (!is_region_code(r.code))
                error("bad_region_code", rec, "code",
                      "'" + escaped(r.code) + "' is not an NBS code of 2, 4, 6, 9 or 12 digits");
            else if (repeated[i] && net.region_index(r.code) != i)  // the index keeps the first of each code
                error("duplicate_id", rec, "code", "duplicate region code '" + r.code + "'");
            if (r.population && *r.population < 0)
                error("out_of_range", rec, "population", "population must not be negative");
        }
    }

    void nodes() {
        const auto repeated = maybe_repeated(net.nodes, [](const Node& n) { return std::string_view(n.id); });
        for (std::size_t i = 0; i < net.nodes.size(); ++i) {
            const auto& n = net.nodes[i];
            const bool bad_id = control_at(n.id) != std::string_view::npos;
            std::string rec = record_name("node", n.id, bad_id, i);
            if (n.id.empty()) error("missing_field", rec, "id", "a node id is required");
            else if (bad_id) error("bad_id", rec, "id", control_message(n.id));
            else if (repeated[i] && net.node_index(n.id) != i)  // the index keeps the first of each id
                error("duplicate_id", rec, "id", "duplicate node id '" + n.id + "'");
            check_region_ref(rec, n.region);
            if (is_region_code(n.region) && !region_len_ok(n.tier, n.region.size()))
                error("bad_region_code", rec, "region",
                      "a " + std::string(to_string(n.tier)) + " node needs a region code of " +
                          std::string(expected_len(n.tier)) + ", got '" + n.region + "'");
            check_terms(rec, "sectors", n.sectors, true);
            check_terms(rec, "services", n.services, false);
            // bounded so that sums over a whole country cannot overflow 64 bits
            constexpr std::int64_t max_capacity = 1'000'000'000'000LL;
            if (n.capacity < 0 || n.capacity > max_capacity)
                error("out_of_range", rec, "capacity", "capacity must lie in [0, 10^12]");
            if (n.occupied < 0 || n.occupied > max_capacity)
                error("out_of_range", rec, "occupied", "occupied must lie in [0, 10^12]");
            if (n.capacity >= 0 && n.occupied >= 0 && n.occupied > n.capacity)
                warn("over_capacity", rec, "occupied",
                     "serves " + std::to_string(n.occupied) + " organizations, capacity " +
                         std::to_string(n.capacity));
            if (n.lat && !(std::isfinite(*n.lat) && *n.lat >= -90 && *n.lat <= 90))
                error("out_of_range", rec, "lat", "latitude must lie in [-90, 90]");
            if (n.lon && !(std::isfinite(*n.lon) && *n.lon >= -180 && *n.lon <= 180))
                error("out_of_range", rec, "lon", "longitude must lie in [-180, 180]");
            if (n.lat.has_value() != n.lon.has_value())
                error("missing_field", rec, n.lat ? "lon" : "lat", "lat and lon go together");
            if (n.score && !(std::isfinite(*n.score) && *n.score >= 0 && *n.score <= 100))
                error("out_of_range", rec, "score", "score must lie in [0, 100]");
            if (n.staff) staff(rec, n);
            if (n.operation == OperationMode::publicly_built_socially_run && n.op != Operator::social)
                warn("operation_mismatch", rec, "operation",
                     "government-built, socially run (公建民营) but its operator is government");
            if (n.operation == OperationMode::government_run && n.op != Operator::government)
                warn("operation_mismatch", rec, "operation", "government-run but its operator is social");
        }
    }

    // Staff (§6.3): counts in range, no more trained staff than staff; pay against the floor.
    void staff(const std::string& rec, const Node& n) {
        constexpr std::int64_t max_staff = 10'000'000;
        const Staff& s = *n.staff;
        bool ok = true;
        for (auto [v, f] : {std::pair{s.total, "staff.total"}, std::pair{s.trained, "staff.trained"},
                            std::pair{s.funded_posts, "staff.funded_posts"}})
            if (v < 0 || v > max_staff) {
                error("out_of_range", rec, f, "must lie in [0, 10^7]");
                ok = false;
            }
        if (ok && s.trained > s.total)
            error("out_of_range", rec, "staff.trained",
                  "more trained staff (" + std::to_string(s.trained) + ") than staff (" + std::to_string(s.total) + ")");
        if (s.pay && !(std::isfinite(*s.pay) && *s.pay >= 0))
            error("out_of_range", rec, "staff.pay", "pay must be a finite number >= 0");
        if (!ok) return;
        const auto& st = net.staffing;
        if (s.pay && std::isfinite(*s.pay) && st.pay_floor && *s.pay < *st.pay_floor)
            warn("pay_below_floor", rec, "staff.pay",
                 "mean pay " + std::to_string(*s.pay) + " is below the floor " + std::to_string(*st.pay_floor));
        if (st.min_trained_share && s.total > 0 && double(s.trained) < *st.min_trained_share * double(s.total))
            warn("few_trained_staff", rec, "staff.trained",
                 std::to_string(s.trained) + " of " + std::to_string(s.total) +
                     " staff trained, below the least share " + std::to_string(*st.min_trained_share));
        if (s.total == 0 && n.capacity > 0)
            warn("unstaffed", rec, "staff.total", "no staff for a capacity of " + std::to_string(n.capacity));
        if (s.funded_posts > s.total)
            warn("vacant_posts", rec, "staff.funded_posts",
                 std::to_string(s.funded_posts - s.total) + " funded posts are not filled");
    }

    void staffing() {
        const auto& st = net.staffing;
        if (st.pay_floor && !(std::isfinite(*st.pay_floor) && *st.pay_floor >= 0))
            error("out_of_range", "staffing", "pay_floor", "must be a finite number >= 0");
        if (st.min_trained_share && !(*st.min_trained_share >= 0 && *st.min_trained_share <= 1))
            error("out_of_range", "staffing", "min_trained_share", "must lie in [0, 1]");
    }

    void edges() {
        struct Key {
            std::size_t a, b;
            int t;
            bool operator==(const Key&) const = default;
        };
        struct KeyHash {
            std::size_t operator()(const Key& k) const noexcept {
                return (k.a * 1000003u) ^ (k.b * 31u) ^ std::size_t(k.t);
            }
        };
        std::unordered_set<Key, KeyHash> seen;
        for (std::size_t i = 0; i < net.edges.size(); ++i) {
            const auto& e = net.edges[i];
            std::string rec = "edge " + std::to_string(i) + " (" + escaped(e.from) + " -> " + escaped(e.to) + ")";
            auto a = net.node_index(e.from), b = net.node_index(e.to);
            if (a == Network::npos)
                error("unknown_reference", rec, "from", "unknown node '" + escaped(e.from) + "'");
            if (b == Network::npos) error("unknown_reference", rec, "to", "unknown node '" + escaped(e.to) + "'");
            if (a == Network::npos || b == Network::npos) continue;
            if (a == b) {
                error("self_loop", rec, "to", "an edge must join two different nodes");
                continue;
            }
            if (!seen.insert({a, b, int(e.type)}).second)
                warn("duplicate_edge", rec, "type",
                     "a " + std::string(to_string(e.type)) + " edge between these nodes already exists");
            if (e.type == Relation::guidance) guidance(rec, net.nodes[a], net.nodes[b], e.irregular);
        }
    }

    void guidance(const std::string& rec, const Node& from, const Node& to, bool irregular) {
        int rf = rank_of(from.tier), rt = rank_of(to.tier);
        std::string pair = std::string(to_string(from.tier)) + " -> " + std::string(to_string(to.tier));
        if (!irregular) {
            if (from.tier == Tier::social) {
                error("guidance_from_social", rec, "from",
                      "social incubators do not guide others (" + pair +
                          "); mark the edge irregular if intended");
            } else if (to.tier != Tier::social) {
                if (rt <= rf) {
                    error("guidance_upward", rec, "to",
                          "guidance runs downward, this one runs " +
                              std::string(rt == rf ? "sideways" : "upward") + " (" + pair +
                              "); mark the edge irregular if intended");
                } else {
                    bool regular = (rt == rf + 1) ||
                                   (from.tier == Tier::city_center &&
                                    (to.tier == Tier::district || to.tier == Tier::district_sector)) ||
                                   from.tier == Tier::city_sector || from.tier == Tier::district_sector;
                    if (!regular)
                        error("guidance_skips_level", rec, "to",
                              "guidance skips a level of the hierarchy (" + pair +
                                  "); mark the edge irregular if intended");
                }
            }
        }
        // area containment: the guided node lies in the guiding node's area
        bool area_bound = from.tier != Tier::city_sector && from.tier != Tier::social;
        if (area_bound && is_region_code(from.region) && is_region_code(to.region) &&
            !region_within(to.region, from.region)) {
            std::string what = to.tier == Tier::street && from.tier == Tier::district
                                   ? "street code '" + to.region + "' does not lie under its district's '" +
                                         from.region + "'"
                                   : "region '" + to.region + "' does not lie within the guiding node's region '" +
                                         from.region + "'";
            error("region_mismatch", rec, "to", what);
        }
        if ((from.tier == Tier::city_sector || from.tier == Tier::district_sector) && !from.sectors.empty() &&
            !to.sectors.empty()) {
            bool shared = std::any_of(from.sectors.begin(), from.sectors.end(), [&](const auto& s) {
                return std::find(to.sectors.begin(), to.sectors.end(), s) != to.sectors.end();
            });
            if (!shared)
                warn("sector_mismatch", rec, "to",
                     "a sector incubator guides a node that shares none of its sectors");
        }
    }

    void guidance_cycles() {
        // Kahn's algorithm on guidance edges; whatever remains lies on or behind a cycle.
        const std::size_t n = net.nodes.size();
        std::vector<std::vector<std::size_t>> out(n);
        std::vector<std::size_t> indeg(n, 0);
        for (const auto& e : net.edges) {
            if (e.type != Relation::guidance) continue;
            auto a = net.node_index(e.from), b = net.node_index(e.to);
            if (a == Network::npos || b == Network::npos || a == b) continue;
            out[a].push_back(b);
            ++indeg[b];
        }
        std::vector<std::size_t> queue;
        for (std::size_t v = 0; v < n; ++v)
            if (indeg[v] == 0) queue.push_back(v);
        for (std::size_t qi = 0; qi < queue.size(); ++qi)
            for (auto w : out[queue[qi]])
                if (--indeg[w] == 0) queue.push_back(w);
        if (queue.size() == n) return;
        // Report each cycle once: walk from a remaining node along remaining arcs.
        std::vector<char> state(n, 0);  // 0 fresh, 1 on current walk, 2 reported/done
        for (std::size_t s = 0; s < n; ++s) {
            if (indeg[s] == 0 || state[s]) continue;
            std::vector<std::size_t> path;
            std::size_t v = s;
            while (state[v] == 0) {
                state[v] = 1;
                path.push_back(v);
                std::size_t next = Network::npos;
                for (auto w : out[v])
                    if (indeg[w] > 0) { next = w; break; }
                if (next == Network::npos) break;
                v = next;
            }
            if (state[v] == 1) {
                auto it = std::find(path.begin(), path.end(), v);
                std::string chain;
                for (auto p = it; p != path.end(); ++p) chain += net.nodes[*p].id + " -> ";
                chain += net.nodes[v].id;
                error("guidance_cycle", "node " + net.nodes[v].id, "guidance",
                      "guidance edges form a cycle: " + chain);
            }
            for (auto p : path) state[p] = 2;
        }
    }

    void organizations() {
        const auto repeated =
            maybe_repeated(net.organizations, [](const Organization& o) { return std::string_view(o.id); });
        for (std::size_t i = 0; i < net.organizations.size(); ++i) {
            const auto& o = net.organizations[i];
            const bool bad_id = control_at(o.id) != std::string_view::npos;
            const auto rec = [&] { return record_name("organization", o.id, bad_id, i); };
            if (o.id.empty()) error("missing_field", rec(), "id", "an organization id is required");
            else if (bad_id) error("bad_id", rec(), "id", control_message(o.id));
            else if (repeated[i] && net.organization_index(o.id) != i)  // the index keeps the first of each id
                error("duplicate_id", rec(), "id", "duplicate organization id '" + o.id + "'");
            check_region_ref(rec, o.region);
            check_terms(rec, "sectors", o.sectors, true);
            if (!(std::isfinite(o.credit) && o.credit >= 0 && o.credit <= 100))
                error("out_of_range", rec(), "credit", "credit score must lie in [0, 100]");
            if (!o.home.empty()) {
                const Node* h = net.find_node(o.home);
                if (!h) error("unknown_reference", rec(), "home", "unknown incubator '" + escaped(o.home) + "'");
                else if (h->tier != Tier::city_center && h->tier != Tier::city_sector &&
                         is_region_code(o.region) && is_region_code(h->region)) {
                    // the area a home serves, as the router decides it (referral::Policy::area_of):
                    // its own region, or for a social incubator the district it is based in
                    std::string area = h->tier == Tier::social ? Network::district_of(h->region) : std::string();
                    if (area.empty()) area = h->region;
                    if (!region_within(o.region, area) && !region_within(area, o.region))
                        warn("home_out_of_area", rec(), "home",
                             "home incubator '" + o.home + "' serves " + area +
                                 ", outside the organization's region " + o.region);
                }
            }
        }
    }

    // The incubators a consortium or contract names in `field` (members, parties): at least
    // two, each a node of the network, none twice.
    void parties(const std::string& rec, const char* field, const std::vector<std::string>& ids) {
        if (ids.size() < 2)
            error("missing_field", rec, field, "needs at least two incubators, got " + std::to_string(ids.size()));
        std::unordered_set<std::string_view> once;
        for (std::size_t k = 0; k < ids.size(); ++k) {
            std::string f = std::string(field) + "[" + std::to_string(k) + "]";
            if (net.node_index(ids[k]) == Network::npos)
                error("unknown_reference", rec, f, "unknown node '" + escaped(ids[k]) + "'");
            else if (!once.insert(ids[k]).second)
                error("duplicate_id", rec, f, "node '" + escaped(ids[k]) + "' is listed twice");
        }
    }

    /// An id of a consortium or contract: present, printable, unique among its kind.
    std::string entity_id(const char* what, std::size_t i, const std::string& id,
                          std::unordered_set<std::string_view>& seen) {
        std::string rec = std::string(what) + " " + (id.empty() ? "#" + std::to_string(i) : escaped(id));
        if (id.empty()) error("missing_field", rec, "id", std::string("a ") + what + " id is required");
        else if (control_at(id) != std::string_view::npos) error("bad_id", rec, "id", control_message(id));
        else if (!seen.insert(id).second) error("duplicate_id", rec, "id", std::string("duplicate ") + what + " id '" + id + "'");
        return rec;
    }

    // Consortia (§5.1): members that exist, known pooled services, a region.
    void consortia() {
        std::unordered_set<std::string_view> seen;
        for (std::size_t i = 0; i < net.consortia.size(); ++i) {
            const auto& c = net.consortia[i];
            std::string rec = entity_id("consortium", i, c.id, seen);
            parties(rec, "members", c.members);
            if (c.services.empty()) error("missing_field", rec, "services", "a consortium pools at least one service");
            check_terms(rec, "services", c.services, false);
            check_region_ref(rec, c.region);
        }
    }

    // Contracts (§5.4): parties that exist, a known scope, a period whose end is not before its start.
    void contracts() {
        std::unordered_set<std::string_view> seen;
        for (std::size_t i = 0; i < net.contracts.size(); ++i) {
            const auto& c = net.contracts[i];
            std::string rec = entity_id("contract", i, c.id, seen);
            parties(rec, "parties", c.parties);
            if (c.scope.empty()) error("missing_field", rec, "scope", "a contract covers at least one service");
            check_terms(rec, "scope", c.scope, false);
            const bool start_ok = records::is_date(c.start);
            if (c.start.empty()) error("missing_field", rec, "start", "the first day in force (YYYY-MM-DD) is required");
            else if (!start_ok) error("bad_value", rec, "start", "expected a date YYYY-MM-DD, got '" + escaped(c.start) + "'");
            if (c.end.empty()) continue;
            if (!records::is_date(c.end)) error("bad_value", rec, "end", "expected a date YYYY-MM-DD, got '" + escaped(c.end) + "'");
            else if (start_ok && c.end < c.start)
                error("bad_period", rec, "end", "the contract ends (" + c.end + ") before it starts (" + c.start + ")");
        }
    }

    void coverage() {
        // Every district and every street-level unit should have an incubator of its tier.
        std::unordered_set<std::string_view> has_district, has_street;
        for (const auto& n : net.nodes) {
            if (n.tier == Tier::district) has_district.insert(n.region);
            if (n.tier == Tier::street) has_street.insert(n.region);
        }
        // Every street incubator should hang under a district incubator (§5.4: guidance).
        std::vector<char> guided(net.nodes.size(), 0);
        for (const auto& e : net.edges) {
            if (e.type != Relation::guidance) continue;
            auto a = net.node_index(e.from), b = net.node_index(e.to);
            if (a != Network::npos && b != Network::npos && net.nodes[a].tier == Tier::district) guided[b] = 1;
        }
        for (std::size_t i = 0; i < net.nodes.size(); ++i)
            if (net.nodes[i].tier == Tier::street && !guided[i])
                warn("street_without_district", "node " + net.nodes[i].id, "",
                     "no district incubator guides this street incubator");
        for (const auto& r : net.regions) {
            if (r.code.size() == 6 && !has_district.count(r.code))
                warn("region_without_incubator", "region " + r.code, "code",
                     "district " + r.name + " has no district-level incubator");
            if (r.code.size() == 9 && !has_street.count(r.code))
                warn("region_without_incubator", "region " + r.code, "code",
                     "street-level unit " + r.name + " has no street incubator");
        }
    }
};

}  // namespace

ValidationReport validate(const Network& net) {
    Checker c{net, {}};
    c.vocabulary();
    c.regions();
    c.staffing();
    c.nodes();
    c.edges();
    c.guidance_cycles();
    c.organizations();
    c.consortia();
    c.contracts();
    c.coverage();
    c.mandated_functions();
    return std::move(c.rep);
}

}  // namespace hatchnet
