// evaluate_scheme.cpp — indicator schemes: JSON load/save, validation, scoring, grades, vetoes.
// See include/hatchnet/evaluate/scheme.hpp.
#include "hatchnet/evaluate/scheme.hpp"

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/io/json_text.hpp"

#include "../detail/format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace hatchnet::evaluate {

using nlohmann::json;

namespace {

using hatchnet::detail::num;

const char* kSources[] = {"unspecified", "recipients", "third_party", "self_report", "administrative"};
const char* kAggs[] = {"arithmetic", "geometric", "minimum"};
const char* kScorings[] = {"fraction", "points", "goalposts", "binary", "minmax", "rank"};

template <class E, std::size_t N>
std::optional<E> find_name(std::string_view s, const char* (&names)[N]) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (s == names[i]) return E(i);
    return std::nullopt;
}

// parse_<e>'s answer, or input_error naming the record, the field and the canonical names
template <class E, std::size_t N>
E known_or_throw(std::optional<E> v, const std::string& s, const char* (&names)[N], const std::string& rec,
                 const std::string& field) {
    if (v) return *v;
    std::string all;
    for (std::size_t i = 0; i < N; ++i) all += (i ? ", " : "") + std::string(names[i]);
    throw input_error(rec, field, "unknown value '" + s + "' (" + all + ")");
}

double get_number(const json& j, const std::string& rec, const std::string& field) {
    if (!j.is_number()) throw input_error(rec, field, "must be a number");
    const double v = j.get<double>();
    if (!std::isfinite(v)) throw input_error(rec, field, "must be finite, got " + num(v));
    return v;
}

std::optional<double> opt_number(const json& o, const char* key, const std::string& rec) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return std::nullopt;
    return get_number(*it, rec, key);
}

std::string get_string(const json& o, const char* key, const std::string& rec, bool required,
                       const std::string& dflt = "") {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
        if (required) throw input_error(rec, key, "is required");
        return dflt;
    }
    if (!it->is_string()) throw input_error(rec, key, "must be a string");
    return it->get<std::string>();
}

NodeAggregator parse_agg(const std::string& s, const std::string& rec, const std::string& field) {
    return known_or_throw(parse_node_aggregator(s), s, kAggs, rec, field);
}

}  // namespace

std::string_view to_string(Source s) noexcept { return kSources[int(s)]; }
std::string_view to_string(NodeAggregator a) noexcept { return kAggs[int(a)]; }
std::string_view to_string(LeafScoring s) noexcept { return kScorings[int(s)]; }

std::optional<Source> parse_source(std::string_view s) noexcept { return find_name<Source>(s, kSources); }
std::optional<NodeAggregator> parse_node_aggregator(std::string_view s) noexcept {
    if (s == "weighted_sum" || s == "sum" || s == "arithmetic_mean") return NodeAggregator::arithmetic;
    if (s == "geometric_mean") return NodeAggregator::geometric;
    if (s == "min") return NodeAggregator::minimum;
    return find_name<NodeAggregator>(s, kAggs);
}
std::optional<LeafScoring> parse_leaf_scoring(std::string_view s) noexcept {
    return find_name<LeafScoring>(s, kScorings);
}

int Scheme::index_of(const std::string& id) const {
    for (std::size_t i = 0; i < indicators.size(); ++i)
        if (indicators[i].id == id) return int(i);
    return -1;
}

namespace {

// validate(Scheme&) in steps.

/// Indicator ids: non-empty and unique; returns id -> index.
std::unordered_map<std::string, int> index_ids(const Scheme& s) {
    const int n = int(s.indicators.size());
    std::unordered_map<std::string, int> idx;
    for (int i = 0; i < n; ++i) {
        const auto& ind = s.indicators[i];
        if (ind.id.empty()) throw input_error("indicator #" + std::to_string(i), "id", "is empty");
        if (!idx.emplace(ind.id, i).second)
            throw input_error(ind.id, "id", "duplicate indicator id");
    }
    return idx;
}

/// parent_index and children from the parent ids.
void link_parents(Scheme& s, const std::unordered_map<std::string, int>& idx) {
    const int n = int(s.indicators.size());
    s.parent_index.assign(n, -1);
    s.children.assign(n, {});
    for (int i = 0; i < n; ++i) {
        const auto& ind = s.indicators[i];
        if (ind.parent.empty()) continue;
        auto it = idx.find(ind.parent);
        if (it == idx.end())
            throw input_error(ind.id, "parent", "unknown parent '" + ind.parent + "'");
        if (it->second == i) throw input_error(ind.id, "parent", "indicator is its own parent (cycle)");
        s.parent_index[i] = it->second;
        s.children[it->second].push_back(i);
    }
}

/// depth of every indicator; a cycle or a tree deeper than max_scheme_depth is refused.
void compute_depths(Scheme& s) {
    const int n = int(s.indicators.size());
    // cycles / depth: walk up from each indicator until a known depth or a root; each
    // indicator is walked over once (O(n) in all), and one met again on the walk in progress
    // (stamped with it) closes a cycle
    s.depth.assign(n, -1);
    {
        std::vector<int> stamp(static_cast<std::size_t>(n), -1), path;
        for (int i = 0; i < n; ++i) {
            path.clear();
            int c = i;
            while (c != -1 && s.depth[c] == -1) {
                if (stamp[c] == i) {
                    // name the walk up to the cycle (at most 10 ids before it closes)
                    std::string cyc;
                    const std::size_t from = path.size() > 10 ? path.size() - 10 : 0;
                    if (from > 0) cyc = "... -> ";
                    for (std::size_t k = from; k < path.size(); ++k) cyc += s.indicators[path[k]].id + " -> ";
                    throw input_error(s.indicators[c].id, "parent", "cycle: " + cyc + s.indicators[c].id);
                }
                stamp[c] = i;
                path.push_back(c);
                c = s.parent_index[c];
            }
            int d = c == -1 ? 0 : s.depth[c] + 1;
            for (auto it = path.rbegin(); it != path.rend(); ++it) s.depth[*it] = d++;
        }
    }
    // depth limit: a deeper tree is no evaluation scheme, and would make every walk up the tree
    // (bonus subtrees, evaluation) cost in proportion to its depth
    for (int i = 0; i < n; ++i)
        if (s.depth[i] == max_scheme_depth)   // the first level too deep (one exists if any)
            throw input_error(s.indicators[i].id, "parent",
                              "the indicator tree is deeper than " + std::to_string(max_scheme_depth) +
                                  " levels: this indicator, under '" + s.indicators[i].parent + "', is at level " +
                                  std::to_string(max_scheme_depth + 1));
}

/// in_bonus, and the numbers each indicator gives.
void mark_bonus_and_check_numbers(Scheme& s) {
    const int n = int(s.indicators.size());
    // bonus subtrees
    s.in_bonus.assign(n, 0);
    for (int i = 0; i < n; ++i)
        for (int c = i; c != -1; c = s.parent_index[c])
            if (s.indicators[c].bonus) { s.in_bonus[i] = 1; break; }
    // numbers
    for (const auto& ind : s.indicators) {
        if (ind.points && *ind.points < 0) throw input_error(ind.id, "points", "must be >= 0");
        if (ind.weight && *ind.weight < 0) throw input_error(ind.id, "weight", "must be >= 0");
        if (ind.cap && *ind.cap < 0) throw input_error(ind.id, "cap", "must be >= 0");
        if (ind.scoring == LeafScoring::goalposts && ind.low == ind.high)
            throw input_error(ind.id, "scoring", "goalposts low and high must differ");
        if (ind.scoring == LeafScoring::points && !ind.points && !ind.weight)
            throw input_error(ind.id, "points", "scoring 'points' needs the indicator's points");
    }
}

/// The max points of `sib`, children of a node with `parent_points`: main (non-bonus)
/// siblings share the parent's points by their points or weights; bonus ones keep their own.
void resolve_siblings(Scheme& s, const std::vector<int>& sib, double parent_points, const std::string& parent_id) {
    // main (non-bonus) siblings share the parent's points; bonus ones keep their own
    std::vector<int> main, bonus;
    for (int c : sib) (s.indicators[c].bonus ? bonus : main).push_back(c);
    for (int c : bonus) {
        const auto& ind = s.indicators[c];
        if (ind.points) s.max_points[c] = *ind.points;
        else if (ind.cap) s.max_points[c] = *ind.cap;
        else throw input_error(ind.id, "points", "a bonus item needs points or a cap");
    }
    if (main.empty()) return;
    int with_points = 0, with_weight = 0;
    for (int c : main) {
        with_points += s.indicators[c].points.has_value();
        with_weight += s.indicators[c].weight.has_value();
    }
    const std::string rec = parent_id.empty() ? "scheme" : parent_id;
    if (with_points == int(main.size())) {
        double sum = 0;
        for (int c : main) sum += *s.indicators[c].points;
        const bool ok = std::isnan(parent_points) ||
                        std::abs(sum - parent_points) <= 1e-9 * std::max(1.0, parent_points);
        if (!ok) {
            if (s.strict_sums)
                throw input_error(rec, parent_id.empty() ? "total_points" : "points",
                                  "children's points add up to " + num(sum) + ", not " +
                                      num(parent_points) + " (strict_sums)");
            for (int c : main) s.max_points[c] = *s.indicators[c].points * parent_points / sum;
            s.notes.push_back(rec + ": children's points (" + num(sum) + ") rescaled to " +
                              num(parent_points));
        } else {
            for (int c : main) s.max_points[c] = *s.indicators[c].points;
        }
    } else if (with_weight == int(main.size()) && with_points == 0) {
        if (std::isnan(parent_points))
            throw input_error(rec, "points", "children use weights, so this node needs points");
        double sum = 0;
        for (int c : main) sum += *s.indicators[c].weight;
        if (!(sum > 0)) throw input_error(rec, "weight", "children's weights sum to 0");
        if (std::abs(sum - 1.0) > 1e-9) {
            if (s.strict_sums)
                throw input_error(rec, "weight", "children's weights add up to " + num(sum) +
                                                     ", not 1 (strict_sums)");
            s.notes.push_back(rec + ": children's weights (sum " + num(sum) +
                              ") divided by their sum");
        }
        for (int c : main) s.max_points[c] = parent_points * *s.indicators[c].weight / sum;
    } else {
        throw input_error(s.indicators[main[0]].id, "points",
                          "siblings under '" + rec +
                              "' must all give points or all give weights");
    }
}

/// max_points top-down, total_points, and order_bottom_up.
void resolve_points(Scheme& s) {
    const int n = int(s.indicators.size());
    // resolve max points top-down
    s.max_points.assign(n, NAN);
    std::vector<int> roots;
    for (int i = 0; i < n; ++i) if (s.parent_index[i] == -1) roots.push_back(i);
    const double total = s.total_points ? *s.total_points : NAN;
    resolve_siblings(s, roots, total, "");
    if (!s.total_points) {
        double t = 0;
        for (int r : roots) if (!s.indicators[r].bonus) t += s.max_points[r];
        s.total_points = t;
    }
    // breadth by depth
    std::vector<int> by_depth(n);
    for (int i = 0; i < n; ++i) by_depth[i] = i;
    std::stable_sort(by_depth.begin(), by_depth.end(), [&](int a, int b) { return s.depth[a] < s.depth[b]; });
    for (int i : by_depth)
        if (!s.children[i].empty()) resolve_siblings(s, s.children[i], s.max_points[i], s.indicators[i].id);
    s.order_bottom_up.assign(by_depth.rbegin(), by_depth.rend());
}

/// Grades sorted by min_points (descending), named once each, finite.
void check_grades(Scheme& s) {
    // grades
    std::sort(s.grades.begin(), s.grades.end(),
              [](const Grade& a, const Grade& b) { return a.min_points > b.min_points; });
    for (std::size_t g = 0; g < s.grades.size(); ++g) {
        if (s.grades[g].name.empty()) throw input_error("grades[" + std::to_string(g) + "]", "name", "is empty");
        if (!std::isfinite(s.grades[g].min_points))
            throw input_error(s.grades[g].name, "min_points", "must be finite");
        for (std::size_t h = 0; h < g; ++h)
            if (s.grades[h].name == s.grades[g].name)
                throw input_error(s.grades[g].name, "name", "duplicate grade");
    }
}

/// Vetoes name a known indicator, a known grade, a valid comparison.
void check_vetoes(const Scheme& s, const std::unordered_map<std::string, int>& idx) {
    for (const auto& v : s.vetoes) {
        const std::string rec = v.id.empty() ? "veto on " + v.indicator : v.id;
        if (idx.find(v.indicator) == idx.end())
            throw input_error(rec, "indicator", "unknown indicator '" + v.indicator + "'");
        if (v.on != "value" && v.on != "fraction" && v.on != "points")
            throw input_error(rec, "on", "must be value, fraction or points");
        if (v.on == "value" && !s.children[idx.at(v.indicator)].empty())
            throw input_error(rec, "on", "'value' needs a leaf indicator; use fraction or points");
        static const char* ops[] = {"<", "<=", ">", ">=", "==", "!="};
        if (std::find(std::begin(ops), std::end(ops), v.op) == std::end(ops))
            throw input_error(rec, "op", "unknown operator '" + v.op + "'");
        if (!std::isfinite(v.threshold)) throw input_error(rec, "threshold", "must be finite");
        if (v.max_grade != "none") {
            bool found = false;
            for (const auto& g : s.grades) found |= g.name == v.max_grade;
            if (!found) throw input_error(rec, "max_grade", "unknown grade '" + v.max_grade + "'");
        }
    }
}

}  // namespace

void validate(Scheme& s) {
    const std::string srec = s.id.empty() ? "scheme" : s.id;
    check_count(s.indicators.size(), srec, "indicators");
    if (s.indicators.empty()) throw input_error(srec, "indicators", "no indicators");
    s.notes.clear();
    const auto idx = index_ids(s);
    link_parents(s, idx);
    compute_depths(s);
    mark_bonus_and_check_numbers(s);
    resolve_points(s);
    check_grades(s);
    check_vetoes(s, idx);
}

Scheme scheme_from_json(const json& j) {
    if (!j.is_object()) throw input_error("scheme", "", "a scheme must be a JSON object");
    Scheme s;
    s.id = get_string(j, "id", "scheme", false, "scheme");
    s.name = get_string(j, "name", s.id, false);
    s.description = get_string(j, "description", s.id, false);
    s.total_points = opt_number(j, "total_points", s.id);
    s.bonus_cap = opt_number(j, "bonus_cap", s.id);
    if (auto it = j.find("strict_sums"); it != j.end()) {
        if (!it->is_boolean()) throw input_error(s.id, "strict_sums", "must be true or false");
        s.strict_sums = it->get<bool>();
    }
    s.ungraded = get_string(j, "ungraded", s.id, false, "ungraded");
    if (auto it = j.find("level_aggregators"); it != j.end() && !it->is_null()) {
        if (!it->is_object()) throw input_error(s.id, "level_aggregators", "must be an object {depth: name}");
        for (auto& [k, v] : it->items()) {
            int d = 0;
            try { d = std::stoi(k); } catch (...) {
                throw input_error(s.id, "level_aggregators", "key '" + k + "' is not a depth");
            }
            if (!v.is_string()) throw input_error(s.id, "level_aggregators." + k, "must be a string");
            s.level_aggregators.push_back({d, parse_agg(v.get<std::string>(), s.id, "level_aggregators." + k)});
        }
    }
    auto inds = j.find("indicators");
    if (inds == j.end() || !inds->is_array()) throw input_error(s.id, "indicators", "must be an array");
    check_count(inds->size(), s.id, "indicators");
    int k = 0;
    for (const auto& o : *inds) {
        const std::string pos = "indicators[" + std::to_string(k++) + "]";
        if (!o.is_object()) throw input_error(pos, "", "must be an object");
        Indicator ind;
        ind.id = get_string(o, "id", pos, true);
        const std::string& rec = ind.id;
        ind.parent = get_string(o, "parent", rec, false);
        ind.name = get_string(o, "name", rec, false, ind.id);
        ind.description = get_string(o, "description", rec, false);
        ind.points = opt_number(o, "points", rec);
        ind.weight = opt_number(o, "weight", rec);
        ind.cap = opt_number(o, "cap", rec);
        const std::string pol = get_string(o, "polarity", rec, false, "benefit");
        if (pol == "benefit" || pol == "+1") ind.polarity = 1;
        else if (pol == "cost" || pol == "-1") ind.polarity = -1;
        else throw input_error(rec, "polarity", "must be 'benefit' or 'cost', got '" + pol + "'");
        const std::string src = get_string(o, "source", rec, false, "unspecified");
        ind.source = known_or_throw(parse_source(src), src, kSources, rec, "source");
        if (auto it = o.find("bonus"); it != o.end()) {
            if (!it->is_boolean()) throw input_error(rec, "bonus", "must be true or false");
            ind.bonus = it->get<bool>();
        }
        ind.column = get_string(o, "column", rec, false, ind.id);
        if (auto it = o.find("scoring"); it != o.end() && !it->is_null()) {
            const json& sc = *it;
            if (sc.is_string()) {
                const std::string name = sc.get<std::string>();
                ind.scoring = known_or_throw(parse_leaf_scoring(name), name, kScorings, rec, "scoring");
            } else if (sc.is_object()) {
                const std::string name = get_string(sc, "method", rec, true);
                ind.scoring = known_or_throw(parse_leaf_scoring(name), name, kScorings, rec, "scoring.method");
                if (auto lo = opt_number(sc, "low", rec)) ind.low = *lo;
                if (auto hi = opt_number(sc, "high", rec)) ind.high = *hi;
                if (ind.scoring == LeafScoring::goalposts && (!sc.contains("low") || !sc.contains("high")))
                    throw input_error(rec, "scoring", "goalposts need 'low' and 'high'");
            } else {
                throw input_error(rec, "scoring", "must be a string or an object");
            }
        }
        if (auto it = o.find("aggregator"); it != o.end() && !it->is_null()) {
            if (!it->is_string()) throw input_error(rec, "aggregator", "must be a string");
            ind.aggregator = parse_agg(it->get<std::string>(), rec, "aggregator");
        }
        s.indicators.push_back(std::move(ind));
    }
    if (auto it = j.find("grades"); it != j.end() && !it->is_null()) {
        if (!it->is_array()) throw input_error(s.id, "grades", "must be an array");
        int g = 0;
        for (const auto& o : *it) {
            const std::string pos = "grades[" + std::to_string(g++) + "]";
            if (!o.is_object()) throw input_error(pos, "", "must be an object");
            Grade gr;
            gr.name = get_string(o, "name", pos, true);
            auto mp = o.find("min_points");
            if (mp == o.end()) throw input_error(gr.name, "min_points", "is required");
            gr.min_points = get_number(*mp, gr.name, "min_points");
            s.grades.push_back(gr);
        }
    }
    if (auto it = j.find("vetoes"); it != j.end() && !it->is_null()) {
        if (!it->is_array()) throw input_error(s.id, "vetoes", "must be an array");
        int g = 0;
        for (const auto& o : *it) {
            const std::string pos = "vetoes[" + std::to_string(g++) + "]";
            if (!o.is_object()) throw input_error(pos, "", "must be an object");
            VetoRule v;
            v.id = get_string(o, "id", pos, false, pos);
            v.indicator = get_string(o, "indicator", v.id, true);
            v.on = get_string(o, "on", v.id, false, "value");
            v.op = get_string(o, "op", v.id, false, "<");
            auto th = o.find("threshold");
            if (th == o.end()) throw input_error(v.id, "threshold", "is required");
            v.threshold = get_number(*th, v.id, "threshold");
            auto mg = o.find("max_grade");
            v.max_grade = (mg == o.end() || mg->is_null()) ? "none" : get_string(o, "max_grade", v.id, true);
            v.reason = get_string(o, "reason", v.id, false);
            s.vetoes.push_back(v);
        }
    }
    validate(s);
    return s;
}

Scheme load_scheme(const std::string& path) {
    return scheme_from_json(io::parse_json_value(io::read_file(path), path));
}

json scheme_to_json(const Scheme& s) {
    json j;
    j["id"] = s.id;
    if (!s.name.empty()) j["name"] = s.name;
    if (!s.description.empty()) j["description"] = s.description;
    if (s.total_points) j["total_points"] = *s.total_points;
    if (s.bonus_cap) j["bonus_cap"] = *s.bonus_cap;
    j["strict_sums"] = s.strict_sums;
    j["ungraded"] = s.ungraded;
    if (!s.level_aggregators.empty()) {
        json la = json::object();
        for (auto& [d, a] : s.level_aggregators) la[std::to_string(d)] = to_string(a);
        j["level_aggregators"] = la;
    }
    j["indicators"] = json::array();
    for (const auto& ind : s.indicators) {
        json o;
        o["id"] = ind.id;
        if (!ind.parent.empty()) o["parent"] = ind.parent;
        if (!ind.name.empty() && ind.name != ind.id) o["name"] = ind.name;
        if (!ind.description.empty()) o["description"] = ind.description;
        if (ind.points) o["points"] = *ind.points;
        if (ind.weight) o["weight"] = *ind.weight;
        if (ind.cap) o["cap"] = *ind.cap;
        if (ind.polarity == -1) o["polarity"] = "cost";
        if (ind.source != Source::unspecified) o["source"] = to_string(ind.source);
        if (ind.bonus) o["bonus"] = true;
        if (ind.column != ind.id) o["column"] = ind.column;
        if (ind.scoring == LeafScoring::goalposts)
            o["scoring"] = {{"method", "goalposts"}, {"low", ind.low}, {"high", ind.high}};
        else if (ind.scoring != LeafScoring::fraction)
            o["scoring"] = to_string(ind.scoring);
        if (ind.aggregator) o["aggregator"] = to_string(*ind.aggregator);
        j["indicators"].push_back(o);
    }
    j["grades"] = json::array();
    for (const auto& g : s.grades) j["grades"].push_back({{"name", g.name}, {"min_points", g.min_points}});
    j["vetoes"] = json::array();
    for (const auto& v : s.vetoes) {
        json o = {{"id", v.id}, {"indicator", v.indicator}, {"on", v.on}, {"op", v.op},
                  {"threshold", v.threshold}, {"max_grade", v.max_grade}};
        if (!v.reason.empty()) o["reason"] = v.reason;
        j["vetoes"].push_back(o);
    }
    return j;
}

void save_scheme(const Scheme& s, const std::string& path) {
    io::write_file(path, scheme_to_json(s).dump(2) + "\n");
}

int grade_for(const Scheme& s, double total) {
    for (std::size_t g = 0; g < s.grades.size(); ++g) {
        const double t = s.grades[g].min_points;
        if (total >= t - 1e-9 * std::max(1.0, std::abs(t))) return int(g);
    }
    return -1;
}

namespace {
bool compare(const std::string& op, double a, double b) {
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
    if (op == "==") return a == b;
    return a != b;
}
}  // namespace

namespace {

/// Leaves' fractions in [0, 1] (NaN where left out) from their imputed values, by each
/// leaf's scoring rule.
void score_leaves(const Scheme& s, const std::vector<int>& leaves, const Imputed& im, Index units, SchemeResult& r) {
    for (std::size_t k = 0; k < leaves.size(); ++k) {
        const int i = leaves[k];
        const auto& ind = s.indicators[i];
        const Vector x = im.values.col(Index(k));
        Vector f(units);
        const bool cost = ind.polarity == -1;
        switch (ind.scoring) {
            case LeafScoring::fraction:
                for (Index u = 0; u < units; ++u) f[u] = std::clamp(x[u], 0.0, 1.0);
                if (cost) f = (1.0 - f.array()).matrix();
                break;
            case LeafScoring::points: {
                const double p = s.max_points[i];
                for (Index u = 0; u < units; ++u) f[u] = p > 0 ? std::clamp(x[u] / p, 0.0, 1.0) : 0.0;
                if (cost) f = (1.0 - f.array()).matrix();
                break;
            }
            case LeafScoring::binary:
                for (Index u = 0; u < units; ++u) f[u] = std::isnan(x[u]) ? NAN : (x[u] != 0 ? 1.0 : 0.0);
                if (cost) f = (1.0 - f.array()).matrix();
                break;
            case LeafScoring::goalposts:
                f = normalise_column(x, cost, Normalisation::goalposts, ind.low, ind.high, true, &r.notes, ind.id);
                break;
            case LeafScoring::minmax:
                f = normalise_column(x, cost, Normalisation::minmax, 0, 1, true, &r.notes, ind.id);
                break;
            case LeafScoring::rank:
                f = normalise_column(x, cost, Normalisation::rank, 0, 1, true, &r.notes, ind.id);
                break;
        }
        // clamp keeps NaN (leave_out) as NaN: std::clamp(NaN) returns NaN
        r.fraction.col(i) = f;
    }
}

/// Internal nodes' fractions, bottom-up, by their aggregator over the present children.
void aggregate_internal(const Scheme& s, Index units, SchemeResult& r) {
    std::map<int, NodeAggregator> level_agg(s.level_aggregators.begin(), s.level_aggregators.end());
    for (int i : s.order_bottom_up) {
        if (s.is_leaf(i)) continue;
        const auto& ind = s.indicators[i];
        NodeAggregator agg = NodeAggregator::arithmetic;
        if (auto it = level_agg.find(s.depth[i]); it != level_agg.end()) agg = it->second;
        if (ind.aggregator) agg = *ind.aggregator;
        std::vector<int> ch;
        double wsum = 0;
        for (int c : s.children[i])
            if (s.in_bonus[c] == s.in_bonus[i] || !s.indicators[c].bonus) { ch.push_back(c); wsum += s.max_points[c]; }
        // bonus children of a main node do not count here
        ch.erase(std::remove_if(ch.begin(), ch.end(), [&](int c) { return s.indicators[c].bonus && !s.in_bonus[i]; }), ch.end());
        wsum = 0;
        for (int c : ch) wsum += s.max_points[c];
        for (Index u = 0; u < units; ++u) {
            double acc = agg == NodeAggregator::minimum ? INFINITY : 0.0, wpresent = 0;
            for (int c : ch) {
                const double f = r.fraction(u, c);
                const double w = wsum > 0 ? s.max_points[c] / wsum : 1.0 / double(ch.size());
                if (std::isnan(f)) continue;
                wpresent += w;
                switch (agg) {
                    case NodeAggregator::arithmetic: acc += w * f; break;
                    case NodeAggregator::geometric: acc += w > 0 ? w * std::log(f) : 0.0; break;
                    case NodeAggregator::minimum: if (w > 0) acc = std::min(acc, f); break;
                }
            }
            double f = NAN;
            if (wpresent > 0) {
                switch (agg) {
                    case NodeAggregator::arithmetic: f = acc / wpresent; break;
                    case NodeAggregator::geometric: f = std::exp(acc / wpresent); break;
                    case NodeAggregator::minimum: f = std::isinf(acc) ? 0.0 : acc; break;
                }
            }
            r.fraction(u, i) = f;
        }
    }
}

/// Points (capped), main and bonus points per unit, totals.
void total_points(const Scheme& s, Index units, SchemeResult& r) {
    const int n = int(s.indicators.size());
    for (int i = 0; i < n; ++i) r.points.col(i) = r.fraction.col(i) * s.max_points[i];
    // caps on bonus nodes
    for (int i = 0; i < n; ++i)
        if (s.indicators[i].cap)
            r.points.col(i) = r.points.col(i).cwiseMin(*s.indicators[i].cap);
    // totals
    r.main_points = Vector::Zero(units);
    r.bonus_points = Vector::Zero(units);
    for (int i = 0; i < n; ++i) {
        if (s.parent_index[i] == -1 && !s.indicators[i].bonus) {
            r.area_nodes.push_back(i);
            r.main_points += r.points.col(i);
        }
        // top-most bonus nodes (a bonus node whose parent is not in a bonus subtree)
        if (s.indicators[i].bonus && (s.parent_index[i] == -1 || !s.in_bonus[s.parent_index[i]]))
            r.bonus_points += r.points.col(i);
    }
    for (Index u = 0; u < units; ++u) {
        if (std::isnan(r.main_points[u]))
            throw input_error("row " + std::to_string(u), "values",
                              "no indicator present in some first-level area: cannot score "
                              "(leave_out needs at least one value per area)");
        if (std::isnan(r.bonus_points[u])) r.bonus_points[u] = 0;
    }
    if (s.bonus_cap) r.bonus_points = r.bonus_points.cwiseMin(*s.bonus_cap);
    r.total = r.main_points + r.bonus_points;
}

/// Grades by total points, then vetoes (a fired veto caps the grade).
void grade_and_veto(const Scheme& s, const std::vector<int>& leaves, const Matrix& raw, Index units, SchemeResult& r) {
    r.grade.resize(units);
    r.grade_before_veto.resize(units);
    r.grade_index.resize(units);
    r.vetoes_fired.assign(units, {});
    std::vector<int> vind;
    for (const auto& v : s.vetoes) vind.push_back(s.index_of(v.indicator));
    std::vector<int> vcap;
    for (const auto& v : s.vetoes) {
        int g = int(s.grades.size());   // "none": below every grade
        for (std::size_t k = 0; k < s.grades.size(); ++k) if (s.grades[k].name == v.max_grade) g = int(k);
        vcap.push_back(g);
    }
    std::unordered_map<int, Index> leafcol;
    for (std::size_t k = 0; k < leaves.size(); ++k) leafcol[leaves[k]] = Index(k);
    Index veto_missing = 0;
    for (Index u = 0; u < units; ++u) {
        int g = grade_for(s, r.total[u]);
        r.grade_before_veto[u] = g < 0 ? s.ungraded : s.grades[g].name;
        for (std::size_t k = 0; k < s.vetoes.size(); ++k) {
            const auto& v = s.vetoes[k];
            const int i = vind[k];
            double val;
            if (v.on == "value") val = raw(u, leafcol[i]);
            else if (v.on == "fraction") val = r.fraction(u, i);
            else val = r.points(u, i);
            bool fire;
            if (std::isnan(val)) { fire = true; ++veto_missing; }
            else fire = compare(v.op, val, v.threshold);
            if (!fire) continue;
            r.vetoes_fired[u].push_back(v.id);
            if (g >= 0 && g < vcap[k]) g = vcap[k] >= int(s.grades.size()) ? -1 : vcap[k];
        }
        r.grade_index[u] = g;
        r.grade[u] = g < 0 ? s.ungraded : s.grades[g].name;
    }
    if (veto_missing)
        r.notes.push_back(std::to_string(veto_missing) +
                          " veto check(s) on a missing value applied (conservative)");
}

}  // namespace

SchemeResult evaluate_scheme(const Scheme& s, const Matrix& data,
                             const std::vector<std::string>& columns, const SchemeOptions& opt) {
    const int n = int(s.indicators.size());
    const Index units = data.rows();
    if (Index(columns.size()) != data.cols())
        throw input_error("data", "columns", "have " + std::to_string(columns.size()) +
                                                 " names for " + std::to_string(data.cols()) + " columns");
    std::unordered_map<std::string, Index> col;
    for (std::size_t c = 0; c < columns.size(); ++c) col.emplace(columns[c], Index(c));
    // gather leaf columns
    std::vector<int> leaves;
    for (int i = 0; i < n; ++i) if (s.is_leaf(i)) leaves.push_back(i);
    Matrix raw(units, Index(leaves.size()));
    std::vector<std::string> leaf_names;
    for (std::size_t k = 0; k < leaves.size(); ++k) {
        const auto& ind = s.indicators[leaves[k]];
        auto it = col.find(ind.column);
        if (it == col.end())
            throw input_error(ind.id, "column", "no data column '" + ind.column + "'");
        raw.col(Index(k)) = data.col(it->second);
        leaf_names.push_back(ind.id);
    }
    SchemeResult r;
    const Imputation imp = opt.missing;
    Imputed im = impute(raw, imp, opt.groups.size() ? &opt.groups : nullptr, &leaf_names);
    r.notes = s.notes;
    r.notes.insert(r.notes.end(), im.notes.begin(), im.notes.end());
    for (const auto& ind : s.indicators) r.node_ids.push_back(ind.id);
    r.fraction.resize(units, n);
    r.points.resize(units, n);
    score_leaves(s, leaves, im, units, r);
    aggregate_internal(s, units, r);
    total_points(s, units, r);
    grade_and_veto(s, leaves, raw, units, r);
    return r;
}

}  // namespace hatchnet::evaluate
