// evaluate_network.cpp — evaluation of a network's incubators (see evaluate/network.hpp).
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/evaluate/supervision.hpp"

#include "hatchnet/error.hpp"
#include "hatchnet/limits.hpp"

#include "../detail/format.hpp"
#include "../detail/rng.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

namespace hatchnet::evaluate {

using nlohmann::json;

std::string_view to_string(ShrinkToward s) noexcept {
    switch (s) {
        case ShrinkToward::tier: return "tier";
        case ShrinkToward::district: return "district";
        case ShrinkToward::all: return "all";
    }
    return "?";
}

std::optional<ShrinkToward> parse_shrink_toward(std::string_view s) noexcept {
    if (s == "tier") return ShrinkToward::tier;
    if (s == "district") return ShrinkToward::district;
    if (s == "all" || s == "overall") return ShrinkToward::all;
    return std::nullopt;
}

namespace {

Source source_from_string(const std::string& s, const std::string& rec) {
    if (s.empty() || s == "recipients" || s == "recipient") return Source::recipients;
    if (s == "third_party" || s == "third-party") return Source::third_party;
    if (s == "self_report") return Source::self_report;
    if (s == "administrative") return Source::administrative;
    throw input_error(rec, "source", "unknown rating source '" + s + "' (recipients, third_party)");
}

using hatchnet::detail::num;

Vector ranks_within(const Vector& total, const std::vector<int>& group) {
    std::map<int, std::vector<Index>> by;
    for (Index i = 0; i < total.size(); ++i) by[group[std::size_t(i)]].push_back(i);
    Vector out(total.size());
    for (auto& [g, v] : by) {
        Vector s(Index(v.size()));
        for (std::size_t k = 0; k < v.size(); ++k) s[Index(k)] = total[v[k]];
        const Vector r = rank(s, true);
        for (std::size_t k = 0; k < v.size(); ++k) out[v[k]] = r[Index(k)];
    }
    return out;
}

double median_of(std::vector<double> v) {
    if (v.empty()) return NAN;
    const std::size_t h = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(h), v.end());
    double m = v[h];
    if (v.size() % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), v.begin() + std::ptrdiff_t(h)));
    return m;
}

// Interval alpha from long-format values grouped by unit (units with >= 2 values pairable).
double interval_alpha(const std::vector<std::vector<double>>& by_unit) {
    double Do = 0, N = 0, S1 = 0, S2 = 0;
    for (const auto& v : by_unit) {
        if (v.size() < 2) continue;
        const double m = double(v.size());
        double s1 = 0, s2 = 0;
        for (double x : v) { s1 += x; s2 += x * x; }
        Do += 2 * (m * s2 - s1 * s1) / (m - 1);   // sum_{i!=j} (vi-vj)^2 / (m-1)
        N += m; S1 += s1; S2 += s2;
    }
    if (N < 2) return NAN;
    const double De = 2 * (N * S2 - S1 * S1) / (N * (N - 1));
    if (!(De > 0)) return NAN;
    return 1.0 - (Do / N) / De;
}

}  // namespace

Index NetworkEvaluation::unit_of(const std::string& id) const {
    for (std::size_t i = 0; i < ids.size(); ++i) if (ids[i] == id) return Index(i);
    return -1;
}

NetworkEvalOptions network_options_from_json(const json& j) {
    NetworkEvalOptions o;
    if (j.is_null()) return o;
    if (!j.is_object()) throw input_error("options", "", "must be a JSON object");
    auto num_of = [](const json& v, const std::string& k) {
        if (!v.is_number()) throw input_error("options", k, "must be a number");
        return v.get<double>();
    };
    auto str_of = [](const json& v, const std::string& k) {
        if (!v.is_string()) throw input_error("options", k, "must be a string");
        return v.get<std::string>();
    };
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const json& v = it.value();
        if (k == "tiers") {
            if (!v.is_array()) throw input_error("options", k, "must be an array of tier names");
            for (const auto& t : v) {
                auto p = t.is_string() ? parse_tier(t.get<std::string>()) : std::nullopt;
                if (!p) throw input_error("options", "tiers", "unknown tier " + t.dump());
                o.tiers.push_back(*p);
            }
            if (o.tiers.empty()) throw input_error("options", "tiers", "empty list: no tier to evaluate");
        } else if (k == "pooling") o.pooling = pooling_from_string(str_of(v, k));
        else if (k == "prior_strength") o.prior_strength = num_of(v, k);
        else if (k == "trim") o.trim = num_of(v, k);
        else if (k == "shrink_toward") o.shrink_toward = shrink_toward_from_string(str_of(v, k));
        else if (k == "correct_severity") { if (!v.is_boolean()) throw input_error("options", k, "must be true or false"); o.correct_severity = v.get<bool>(); }
        else if (k == "missing") o.missing = imputation_from_string(str_of(v, k));
        else if (k == "draws") {
            const double d = num_of(v, k);
            if (!(d >= 0) || !std::isfinite(d) || d != std::floor(d))
                throw input_error("options", k, "must be a whole number >= 0");
            // at most max_elements (and draws x units at most rank_store_factor x max_elements,
            // checked by evaluate_network once the units are known)
            check_count(d >= 1.8e19 ? ~std::uint64_t(0) : std::uint64_t(d), "options", k);
            o.draws = std::int64_t(d);
        }
        else if (k == "weight_perturbation") o.weight_perturbation = num_of(v, k);
        else if (k == "aggregators") {
            if (!v.is_array()) throw input_error("options", k, "must be an array of aggregator names");
            for (const auto& a : v) {
                const std::string name = a.is_string() ? a.get<std::string>() : a.dump();
                // the scheme format's names and aliases
                const std::optional<NodeAggregator> got = parse_node_aggregator(name);
                if (!got)
                    throw input_error("options", k, "unknown aggregator " + name + " (" +
                                      std::string(to_string(NodeAggregator::arithmetic)) + ", " +
                                      std::string(to_string(NodeAggregator::geometric)) + ", " +
                                      std::string(to_string(NodeAggregator::minimum)) + ")");
                o.aggregators.push_back(*got);
            }
        }
        else if (k == "seed") { const double d = num_of(v, k); if (!(d >= 0 && d < 1.8e19) || d != std::floor(d)) throw input_error("options", k, "must be a whole number >= 0"); o.seed = std::uint64_t(d); }
        else if (k == "threads") { const double d = num_of(v, k); if (!(d >= 0 && d <= 1024) || d != std::floor(d)) throw input_error("options", k, "must be a whole number in [0, 1024]"); o.threads = int(d); }
        else if (k == "commend") {
            if (!v.is_object()) throw input_error("options", k, "must be an object");
            for (auto c = v.begin(); c != v.end(); ++c) {
                const std::string ck = "commend." + c.key();
                if (c.key() == "by") o.commend_by = str_of(c.value(), ck);
                else if (c.key() == "top_k") {
                    // a whole number in range before the cast (1e300 would be undefined, 1.5 truncated)
                    const double t = num_of(c.value(), ck);
                    if (!(t >= 1 && t <= 1e9) || t != std::floor(t))
                        throw input_error("options", ck, "must be a whole number in [1, 1e9]");
                    o.commend.top_k = Index(t);
                }
                else if (c.key() == "min_score") o.commend.min_score = num_of(c.value(), ck);
                else if (c.key() == "min_grade") o.commend_min_grade = str_of(c.value(), ck);
                else if (c.key() == "ties") {
                    const std::string t = str_of(c.value(), ck);
                    if (t == "include_all") o.commend.ties = CommendationRule::Ties::include_all;
                    else if (t == "break" || t == "break_by_secondary") o.commend.ties = CommendationRule::Ties::break_by_secondary;
                    else throw input_error("options", ck, "unknown tie rule '" + t + "' (include_all, break)");
                } else throw input_error("options", ck, "unknown option");
            }
        } else throw input_error("options", k, "unknown option");
    }
    return o;
}

namespace {

/// evaluate_network() as named steps, in order: options, units, indicator data, rating
/// columns, rating pooling, the scheme and ranks, rank intervals, commendation, group
/// summaries.
class NetworkRun {
public:
    NetworkRun(const Network& n, const Scheme& sc, const IndicatorTable& it, const RatingTable& rts,
               const NetworkEvalOptions& o)
        : net(n), s(sc), ind(it), rt(rts), opt(o) {}

    NetworkEvaluation run() {
        check_options();
        select_units();
        check_indicator_table();
        fill_columns();
        pool();
        score();
        intervals();
        commendation();
        summaries();
        return std::move(e);
    }

private:
    void check_options();
    void select_units();
    Index locate(const std::string& id, const std::string& rec, const std::string& field) const;
    void check_indicator_table();
    void fill_columns();
    void pool();
    void score();
    void intervals();
    void commendation();
    std::vector<GroupSummary> summarise(const std::vector<int>& g, const std::vector<std::string>& keys,
                                        const std::vector<std::string>& names, bool tiers_mode) const;
    void summaries();

    const Network& net;
    const Scheme& s;
    const IndicatorTable& ind;
    const RatingTable& rt;
    const NetworkEvalOptions& opt;
    NetworkEvaluation e;
    int min_grade_index = -1;                      ///< commend.min_grade's index (-1: any)
    std::unordered_map<std::string, Index> unit_of;
    Index U = 0;                                   ///< units
    std::size_t R = 0;                             ///< ratings
    std::map<std::string, int> rated;              ///< rated column -> its index
    Index RC = 0;                                  ///< rated columns
    std::vector<int> tier_g, dist_g;               ///< per unit: tier, district group
    std::vector<std::string> dist_keys;            ///< district group keys (sorted)
};

/// Options the evaluation checks itself (before any work).
void NetworkRun::check_options() {
    if (opt.commend_by != "tier" && opt.commend_by != "district")
        throw input_error("options", "commend.by", "must be 'tier' or 'district', got '" + opt.commend_by + "'");
    if (!(opt.weight_perturbation >= 0 && opt.weight_perturbation < 1))
        throw input_error("options", "weight_perturbation", "must be in [0, 1)");
    if (opt.draws < 0) throw input_error("options", "draws", "must be >= 0");
    if (opt.draws > 0) check_count(std::uint64_t(opt.draws), "options", "draws");
    if (opt.commend.top_k < 1) throw input_error("options", "commend.top_k", "must be >= 1");
    min_grade_index = -1;
    if (!opt.commend_min_grade.empty()) {
        for (std::size_t g = 0; g < s.grades.size(); ++g)
            if (s.grades[g].name == opt.commend_min_grade) min_grade_index = int(g);
        if (min_grade_index < 0)
            throw input_error("options", "commend.min_grade", "no grade '" + opt.commend_min_grade + "' in scheme " + s.id);
    }
}

/// The units: the nodes of the wanted tiers, in network order, once each.
void NetworkRun::select_units() {
    std::array<bool, tier_count> want{};
    if (opt.tiers.empty()) want.fill(true);
    for (Tier t : opt.tiers) want[std::size_t(t)] = true;
    const auto counts = net.count_by_tier();
    for (Tier t : opt.tiers)
        if (counts[std::size_t(t)] == 0)
            throw input_error("options", "tiers", std::string("tier '") + std::string(to_string(t)) +
                                                      "' has no incubator in this network (empty group)");
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
        const Node& n = net.nodes[i];
        if (!want[std::size_t(n.tier)]) continue;
        if (unit_of.count(n.id)) continue;
        unit_of.emplace(n.id, Index(e.ids.size()));
        e.node_index.push_back(i);
        e.ids.push_back(n.id);
        e.names.push_back(n.name);
        e.tiers.push_back(n.tier);
        e.districts.push_back(Network::district_of(n.region));
    }
    U = e.units();
    if (U == 0) throw input_error("options", "tiers", "no incubator to evaluate (empty selection)");
    // the rank intervals' store (draws x units), refused before any scoring work
    if (opt.draws > 0 && U >= 2) check_draws(opt.draws, U, "options");
}

Index NetworkRun::locate(const std::string& id, const std::string& rec, const std::string& field) const {
    auto it = unit_of.find(id);
    if (it != unit_of.end()) return it->second;
    if (net.find_node(id)) throw input_error(rec, field, "incubator '" + id + "' is not in the evaluated tiers");
    throw input_error(rec, field, "unknown incubator id '" + id + "'");
}

/// The indicator table's shape and column names.
void NetworkRun::check_indicator_table() {
    if (Index(ind.ids.size()) != ind.values.rows() || Index(ind.columns.size()) != ind.values.cols())
        throw input_error("indicators", "values", "table shape does not match its ids and columns");
    {
        std::set<std::string> seen;
        for (const auto& c : ind.columns) {
            if (c.empty() || c == "id") throw input_error("indicators", "columns", "empty or reserved column name '" + c + "'");
            if (!seen.insert(c).second) throw input_error("indicators", c, "duplicate column");
        }
    }
}

/// The columns (rated ones first, then the indicator data) and the indicator values.
void NetworkRun::fill_columns() {
    R = rt.size();
    if (rt.unit.size() != R || rt.rater.size() != R || rt.column.size() != R ||
        (!rt.source.empty() && rt.source.size() != R))
        throw input_error("ratings", "", "unit, rater, column, source and value must have the same length");
    for (std::size_t k = 0; k < R; ++k) rated.emplace(rt.column[k], 0);
    for (auto& [c, idx] : rated) {
        if (c.empty()) throw input_error("ratings", "column", "empty column name");
        if (std::find(ind.columns.begin(), ind.columns.end(), c) != ind.columns.end())
            throw input_error("ratings", c, "column given both as indicator data and as ratings");
        idx = int(e.rated_columns.size());
        e.rated_columns.push_back(c);
    }
    e.columns = e.rated_columns;
    e.columns.insert(e.columns.end(), ind.columns.begin(), ind.columns.end());
    e.data = Matrix::Constant(U, Index(e.columns.size()), NAN);
    RC = Index(e.rated_columns.size());
    {
        std::vector<char> filled(static_cast<std::size_t>(U), 0);
        for (std::size_t r = 0; r < ind.ids.size(); ++r) {
            const std::string rec = "indicators row " + std::to_string(r) + " (" + ind.ids[r] + ")";
            const Index u = locate(ind.ids[r], rec, "id");
            if (filled[std::size_t(u)]) throw input_error(rec, "id", "duplicate row for incubator '" + ind.ids[r] + "'");
            filled[std::size_t(u)] = 1;
            for (Index c = 0; c < ind.values.cols(); ++c) {
                const double v = ind.values(Index(r), c);
                if (std::isinf(v)) throw input_error(rec, ind.columns[std::size_t(c)], "infinite value");
                e.data(u, RC + c) = v;
            }
        }
        const Index none = Index(std::count(filled.begin(), filled.end(), 0));
        if (none && !ind.ids.empty())
            e.notes.push_back(std::to_string(none) + " incubator(s) have no indicator row: their indicators are missing (" +
                              std::string(to_string(opt.missing)) + ")");
    }
}

/// Ratings pooled per rated column (shrinkage toward the unit's group, trimmed mean, ...),
/// counts per unit and the raters' agreement (alpha).
void NetworkRun::pool() {
    e.pooled = Matrix::Constant(U, RC, NAN);
    e.raw_mean = Matrix::Constant(U, RC, NAN);
    e.rating_count = Eigen::MatrixXi::Zero(U, RC);
    e.n_ratings = Eigen::VectorXi::Zero(U);
    e.n_raters = Eigen::VectorXi::Zero(U);
    e.n_recipient_ratings = Eigen::VectorXi::Zero(U);
    e.n_third_party_ratings = Eigen::VectorXi::Zero(U);
    e.alpha = Vector::Constant(RC, NAN);
    if (R) {
        std::vector<std::int64_t> unit(R), rater(R);
        std::vector<int> col(R);
        std::unordered_map<std::string, std::int64_t> rater_id;
        for (std::size_t k = 0; k < R; ++k) {
            const std::string rec = "rating " + std::to_string(k);
            unit[k] = locate(rt.unit[k], rec, "unit");
            if (rt.rater[k].empty()) throw input_error(rec, "rater", "empty rater id");
            rater[k] = rater_id.try_emplace(rt.rater[k], std::int64_t(rater_id.size())).first->second;
            if (!std::isfinite(rt.value[k])) throw input_error(rec, "value", "not a finite number");
            col[k] = rated[rt.column[k]];
            const Source src = rt.source.empty() ? Source::recipients : rt.source[k];
            if (src == Source::third_party) ++e.n_third_party_ratings[unit[k]];
            else if (src == Source::recipients) ++e.n_recipient_ratings[unit[k]];
            else throw input_error(rec, "source", "ratings come from recipients or third_party, not " + std::string(to_string(src)));
            ++e.n_ratings[unit[k]];
        }
        {   // distinct raters per unit
            std::vector<std::pair<std::int64_t, std::int64_t>> ur(R);
            for (std::size_t k = 0; k < R; ++k) ur[k] = {unit[k], rater[k]};
            std::sort(ur.begin(), ur.end());
            for (std::size_t k = 0; k < R; ++k)
                if (k == 0 || ur[k] != ur[k - 1]) ++e.n_raters[ur[k].first];
        }
        // shrinkage groups
        Eigen::VectorXi group(U);
        std::vector<std::string> group_name;
        {
            std::map<std::string, int> gid;
            for (Index u = 0; u < U; ++u) {
                std::string key = opt.shrink_toward == ShrinkToward::tier ? std::string(to_string(e.tiers[std::size_t(u)]))
                                  : opt.shrink_toward == ShrinkToward::district
                                      ? (e.districts[std::size_t(u)].empty() ? "city level" : e.districts[std::size_t(u)])
                                      : "all";
                auto [it, fresh] = gid.try_emplace(key, int(gid.size()));
                if (fresh) group_name.push_back(key);
                group[u] = it->second;
            }
        }
        for (Index c = 0; c < RC; ++c) {
            std::vector<std::int64_t> cu, cr;
            std::vector<double> cv;
            for (std::size_t k = 0; k < R; ++k)
                if (col[k] == int(c)) { cu.push_back(unit[k]); cr.push_back(rater[k]); cv.push_back(rt.value[k]); }
            const std::string& cname = e.rated_columns[std::size_t(c)];
            if (opt.pooling == Pooling::shrinkage) {
                std::vector<Index> per(group_name.size(), 0);
                for (auto u : cu) ++per[std::size_t(group[u])];
                for (std::size_t g = 0; g < per.size(); ++g)
                    if (per[g] == 0)
                        throw input_error("ratings", "shrink_toward",
                                          "column '" + cname + "': " + std::string(to_string(opt.shrink_toward)) + " '" +
                                              group_name[g] + "' has no rating to shrink toward (empty group); "
                                              "give it ratings or use shrink_toward 'all'");
            }
            PoolOptions po;
            po.method = opt.pooling;
            po.trim = opt.trim;
            po.prior_strength = opt.prior_strength;
            po.unit_group = group;
            po.correct_severity = opt.correct_severity;
            po.compute_severity = opt.correct_severity;
            po.n_raters = Index(rater_id.size());
            Vector v = Eigen::Map<const Vector>(cv.data(), Index(cv.size()));
            PoolResult pr = pool_ratings(U, cu, cr, v, po);
            e.pooled.col(c) = pr.pooled;
            e.raw_mean.col(c) = pr.raw_mean;
            e.rating_count.col(c) = pr.count;
            e.data.col(c) = pr.pooled;
            for (const auto& note : pr.notes)
                if (note.find("severity not computed") == std::string::npos)
                    e.notes.push_back("ratings '" + cname + "': " + note);
            std::vector<std::vector<double>> by_unit(static_cast<std::size_t>(U));
            for (std::size_t k = 0; k < cu.size(); ++k) by_unit[std::size_t(cu[k])].push_back(cv[k]);
            e.alpha[c] = interval_alpha(by_unit);
        }
    }
}

/// The scheme's scores, the 0-100 score and the ranks (overall, in tier, in district).
void NetworkRun::score() {
    SchemeOptions so;
    so.missing = opt.missing;
    so.groups.resize(U);
    for (Index u = 0; u < U; ++u) so.groups[u] = int(e.tiers[std::size_t(u)]);
    e.scheme = evaluate_scheme(s, e.data, e.columns, so);
    e.notes.insert(e.notes.end(), e.scheme.notes.begin(), e.scheme.notes.end());
    const double tp = s.total_points.value_or(100.0);
    e.score.resize(U);
    for (Index u = 0; u < U; ++u) e.score[u] = tp > 0 ? std::min(100.0, 100.0 * e.scheme.total[u] / tp) : 0.0;
    e.rank = rank(e.scheme.total, true);
    tier_g.assign(std::size_t(U), 0);
    dist_g.assign(std::size_t(U), 0);
    {
        std::map<std::string, int> dk;
        for (const auto& d : e.districts) dk.emplace(d, 0);
        for (auto& [k, v] : dk) { v = int(dist_keys.size()); dist_keys.push_back(k); }
        for (Index u = 0; u < U; ++u) {
            tier_g[std::size_t(u)] = int(e.tiers[std::size_t(u)]);
            dist_g[std::size_t(u)] = dk[e.districts[std::size_t(u)]];
        }
    }
    e.rank_in_tier = ranks_within(e.scheme.total, tier_g);
    e.rank_in_district = ranks_within(e.scheme.total, dist_g);
}

/// Rank intervals over the scheme's weights (and, when given, its aggregators).
void NetworkRun::intervals() {
    if (!(opt.draws > 0 && U >= 2)) return;
    {
        const int N = int(s.indicators.size());
        std::vector<int> main_nodes;   // internal main nodes, bottom-up
        for (int i : s.order_bottom_up) if (!s.is_leaf(i) && !s.in_bonus[i]) main_nodes.push_back(i);
        std::map<int, NodeAggregator> level_agg(s.level_aggregators.begin(), s.level_aggregators.end());
        std::vector<NodeAggregator> agg(static_cast<std::size_t>(N), NodeAggregator::arithmetic);
        std::vector<std::vector<int>> kids(static_cast<std::size_t>(N));
        for (int i = 0; i < N; ++i) {
            if (auto it = level_agg.find(s.depth[i]); it != level_agg.end()) agg[std::size_t(i)] = it->second;
            if (s.indicators[i].aggregator) agg[std::size_t(i)] = *s.indicators[i].aggregator;
            for (int c : s.children[i]) if (!s.indicators[c].bonus || s.in_bonus[i]) kids[std::size_t(i)].push_back(c);
        }
        const std::vector<int>& areas = e.scheme.area_nodes;
        const Matrix& F0 = e.scheme.fraction;
        const Vector bonus = e.scheme.bonus_points;
        const double x = opt.weight_perturbation;
        const std::uint64_t seed = opt.seed;
        double main_total = 0;
        for (int a : areas) main_total += s.max_points[a];
        const std::vector<NodeAggregator>& choices = opt.aggregators;
        auto model = [&](std::int64_t first, Index cnt, Matrix& out) {
            Matrix F = F0;   // leaves are fixed; internal main nodes recomputed per draw
            std::vector<double> P(static_cast<std::size_t>(N));
            for (Index c = 0; c < cnt; ++c) {
                hatchnet::detail::Rng g(draw_seed(seed, first + c));
                for (int i = 0; i < N; ++i) P[std::size_t(i)] = s.max_points[i] * (1.0 + x * (2.0 * g.uniform01() - 1.0));
                // the drawn aggregator (when a list is given) replaces every main node's own
                const bool forced = !choices.empty();
                const NodeAggregator drawn =
                    forced ? choices[std::min(choices.size() - 1, std::size_t(g.uniform01() * double(choices.size())))]
                           : NodeAggregator::arithmetic;
                for (int i : main_nodes) {
                    const NodeAggregator ai = forced ? drawn : agg[std::size_t(i)];
                    const auto& ch = kids[std::size_t(i)];
                    double wsum = 0;
                    for (int k : ch) wsum += P[std::size_t(k)];
                    for (Index u = 0; u < U; ++u) {
                        double acc = ai == NodeAggregator::minimum ? INFINITY : 0.0, wp = 0;
                        for (int k : ch) {
                            const double f = F(u, k);
                            const double w = wsum > 0 ? P[std::size_t(k)] / wsum : 1.0 / double(ch.size());
                            if (std::isnan(f)) continue;
                            wp += w;
                            switch (ai) {
                                case NodeAggregator::arithmetic: acc += w * f; break;
                                case NodeAggregator::geometric: acc += w > 0 ? w * std::log(f) : 0.0; break;
                                case NodeAggregator::minimum: if (w > 0) acc = std::min(acc, f); break;
                            }
                        }
                        double f = NAN;
                        if (wp > 0) {
                            switch (ai) {
                                case NodeAggregator::arithmetic: f = acc / wp; break;
                                case NodeAggregator::geometric: f = std::exp(acc / wp); break;
                                case NodeAggregator::minimum: f = std::isinf(acc) ? 0.0 : acc; break;
                            }
                        }
                        F(u, i) = f;
                    }
                }
                double asum = 0;
                for (int a : areas) asum += P[std::size_t(a)];
                for (Index u = 0; u < U; ++u) {
                    double t = bonus[u];
                    for (int a : areas) {
                        const double f = F(u, a);
                        t += (std::isnan(f) ? 0.0 : f) * P[std::size_t(a)] / asum * main_total;
                    }
                    out(u, c) = t;
                }
            }
        };
        DrawOptions d;
        d.draws = opt.draws;
        d.threads = opt.threads;
        d.progress = opt.progress;
        d.batch = 16;
        e.intervals = rank_intervals(e.scheme.total, model, d);
        std::string varied;
        if (!choices.empty()) {
            varied = "; every internal indicator aggregated, per draw, by one of";
            for (std::size_t q = 0; q < choices.size(); ++q) varied += std::string(q ? ", " : " ") + std::string(to_string(choices[q]));
            varied += " (drawn uniformly)";
        }
        e.intervals.notes.push_back("rank intervals: " + std::to_string(opt.draws) + " draws; every main indicator's points "
                                    "perturbed by ±" + num(x * 100, 6) + "% and re-normalised among its siblings" + varied);
        e.notes.push_back(e.intervals.notes.back());
    }
}

/// The commended units per tier or district.
void NetworkRun::commendation() {
    {
        const bool by_tier = opt.commend_by == "tier";
        Eigen::VectorXi grp(U);
        for (Index u = 0; u < U; ++u) grp[u] = by_tier ? tier_g[std::size_t(u)] : dist_g[std::size_t(u)];
        if (by_tier) for (int t = 0; t < tier_count; ++t) e.commend_groups.push_back(std::string(to_string(Tier(t))));
        else e.commend_groups = dist_keys;
        CommendationRule rule = opt.commend;
        rule.max_grade_index = min_grade_index;
        Vector secondary = e.n_ratings.cast<double>();
        e.commended = commend(e.score, grp, e.ids, rule, e.scheme.grade_index, secondary);
        for (auto& c : e.commended) {   // name the group in the reason
            const std::string from = "in group " + std::to_string(c.group);
            const std::string label = e.commend_groups[std::size_t(c.group)];
            const std::string to = std::string("in ") + (by_tier ? "tier '" : "district '") +
                                   (label.empty() ? std::string("city level") : label) + "'";
            if (auto pos = c.reason.find(from); pos != std::string::npos) c.reason.replace(pos, from.size(), to);
        }
    }
}

std::vector<GroupSummary> NetworkRun::summarise(const std::vector<int>& g, const std::vector<std::string>& keys,
                                                const std::vector<std::string>& names, bool tiers_mode) const {
    std::vector<GroupSummary> out;
    std::map<int, std::vector<Index>> by;
    for (Index u = 0; u < U; ++u) by[g[std::size_t(u)]].push_back(u);
    for (auto& [k, v] : by) {
        GroupSummary gs;
        gs.key = keys[std::size_t(k)];
        gs.name = names[std::size_t(k)];
        gs.count = Index(v.size());
        std::vector<double> sc;
        double sum = 0, sum2 = 0;
        gs.min = INFINITY; gs.max = -INFINITY;
        gs.grade_counts.assign(s.grades.size() + 1, 0);
        Index best = v[0];
        for (Index u : v) {
            const double x = e.score[u];
            sc.push_back(x); sum += x; sum2 += x * x;
            gs.min = std::min(gs.min, x); gs.max = std::max(gs.max, x);
            const int gi = e.scheme.grade_index[u];
            ++gs.grade_counts[gi < 0 ? s.grades.size() : std::size_t(gi)];
            if (e.scheme.total[u] > e.scheme.total[best] ||
                (e.scheme.total[u] == e.scheme.total[best] && e.ids[std::size_t(u)] < e.ids[std::size_t(best)]))
                best = u;
        }
        const double n = double(v.size());
        gs.mean = sum / n;
        gs.sd = n > 1 ? std::sqrt(std::max(0.0, (sum2 - sum * sum / n) / (n - 1))) : 0.0;
        gs.median = median_of(sc);
        gs.best = e.ids[std::size_t(best)];
        for (const auto& c : e.commended) {
            const bool same = tiers_mode ? (opt.commend_by == "tier" && c.group == k)
                                         : (opt.commend_by == "district" && c.group == k);
            if (same) ++gs.commended;
        }
        out.push_back(std::move(gs));
    }
    return out;
}

/// Score summaries per tier and per district.
void NetworkRun::summaries() {
    {
        std::vector<std::string> tk, tn;
        for (int t = 0; t < tier_count; ++t) { tk.push_back(std::string(to_string(Tier(t)))); tn.push_back(tk.back()); }
        e.by_tier = summarise(tier_g, tk, tn, true);
        std::vector<std::string> dn;
        for (const auto& d : dist_keys) {
            const Region* r = d.empty() ? nullptr : net.find_region(d);
            dn.push_back(d.empty() ? "city level" : (r ? r->name : d));
        }
        std::vector<std::string> dk = dist_keys;
        for (auto& k : dk) if (k.empty()) k = "city";
        e.by_district = summarise(dist_g, dk, dn, false);
    }
}

}  // namespace

namespace {

/// The staff indicator columns the scheme reads and the caller does not give, for the nodes of
/// the evaluated tiers (an empty table when there is none).
IndicatorTable network_indicator_data(const Network& net, const Scheme& s, const IndicatorTable& ind,
                                      const RatingTable& rt, const NetworkEvalOptions& opt) {
    std::vector<std::string> want;
    for (const auto& i : s.indicators) {
        const std::string& c = i.column.empty() ? i.id : i.column;
        const auto& sc = staff_columns();
        if (std::find(sc.begin(), sc.end(), c) == sc.end()) continue;
        if (std::find(ind.columns.begin(), ind.columns.end(), c) != ind.columns.end()) continue;
        if (std::find(rt.column.begin(), rt.column.end(), c) != rt.column.end()) continue;
        if (std::find(want.begin(), want.end(), c) == want.end()) want.push_back(c);
    }
    IndicatorTable out;
    if (want.empty()) return out;
    const IndicatorTable all = staff_indicators(net);
    std::array<bool, tier_count> tier_ok{};
    if (opt.tiers.empty()) tier_ok.fill(true);
    for (Tier t : opt.tiers) tier_ok[std::size_t(t)] = true;
    std::vector<Index> rows, cols;
    for (std::size_t r = 0; r < all.ids.size(); ++r)
        if (tier_ok[std::size_t(net.find_node(all.ids[r])->tier)]) rows.push_back(Index(r));
    for (const auto& c : want)
        cols.push_back(Index(std::find(all.columns.begin(), all.columns.end(), c) - all.columns.begin()));
    out.columns = want;
    out.values = Matrix::Constant(Index(rows.size()), Index(cols.size()), NAN);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        out.ids.push_back(all.ids[std::size_t(rows[r])]);
        for (std::size_t c = 0; c < cols.size(); ++c) out.values(Index(r), Index(c)) = all.values(rows[r], cols[c]);
    }
    return out;
}

}  // namespace

NetworkEvaluation evaluate_network(const Network& net, const Scheme& s, const IndicatorTable& ind,
                                   const RatingTable& rt, const NetworkEvalOptions& opt) {
    if (opt.network_indicators) {
        const IndicatorTable extra = network_indicator_data(net, s, ind, rt, opt);
        if (!extra.columns.empty()) {
            const IndicatorTable merged = merge_indicators(ind, extra);
            return NetworkRun(net, s, merged, rt, opt).run();
        }
    }
    return NetworkRun(net, s, ind, rt, opt).run();
}

// ---------------------------------------------------------------- JSON in and out

IndicatorTable indicators_from_json(const json& j) {
    IndicatorTable t;
    if (j.is_null()) { t.values.resize(0, 0); return t; }
    if (!j.is_array()) throw input_error("indicators", "", "must be an array of objects with an 'id'");
    std::map<std::string, Index> cols;
    for (std::size_t r = 0; r < j.size(); ++r) {
        const json& o = j[r];
        const std::string rec = "indicators row " + std::to_string(r);
        if (!o.is_object()) throw input_error(rec, "", "must be an object");
        if (!o.contains("id") || !o["id"].is_string()) throw input_error(rec, "id", "missing or not a string");
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() != "id" && !cols.count(it.key())) {
                cols.emplace(it.key(), Index(t.columns.size()));
                t.columns.push_back(it.key());
            }
    }
    t.values = Matrix::Constant(Index(j.size()), Index(t.columns.size()), NAN);
    for (std::size_t r = 0; r < j.size(); ++r) {
        const json& o = j[r];
        t.ids.push_back(o["id"].get<std::string>());
        const std::string rec = "indicators row " + std::to_string(r) + " (" + t.ids.back() + ")";
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == "id") continue;
            if (it->is_null()) continue;
            if (it->is_boolean()) { t.values(Index(r), cols[it.key()]) = it->get<bool>() ? 1.0 : 0.0; continue; }
            if (!it->is_number()) throw input_error(rec, it.key(), "must be a number or null");
            t.values(Index(r), cols[it.key()]) = it->get<double>();
        }
    }
    return t;
}

RatingTable ratings_from_json(const json& j) {
    RatingTable t;
    if (j.is_null()) return t;
    if (!j.is_array()) throw input_error("ratings", "", "must be an array of objects");
    const std::size_t R = j.size();
    t.unit.reserve(R); t.rater.reserve(R); t.column.reserve(R); t.source.reserve(R); t.value.reserve(R);
    for (std::size_t k = 0; k < R; ++k) {
        const json& o = j[k];
        const std::string rec = "rating " + std::to_string(k);
        if (!o.is_object()) throw input_error(rec, "", "must be an object");
        auto str = [&](const char* key, bool required) -> std::string {
            auto it = o.find(key);
            if (it == o.end() || it->is_null()) {
                if (required) throw input_error(rec, key, "is required");
                return "";
            }
            if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
            if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
            if (!it->is_string()) throw input_error(rec, key, "must be a string");
            return it->get<std::string>();
        };
        t.unit.push_back(str("unit", true));
        t.rater.push_back(str("rater", true));
        t.column.push_back(str("column", true));
        t.source.push_back(source_from_string(str("source", false), rec));
        auto v = o.find("value");
        if (v == o.end() || !v->is_number()) throw input_error(rec, "value", "missing or not a number");
        t.value.push_back(v->get<double>());
    }
    return t;
}

json indicators_to_json(const IndicatorTable& t) {
    json a = json::array();
    for (std::size_t r = 0; r < t.ids.size(); ++r) {
        json o = {{"id", t.ids[r]}};
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const double v = t.values(Index(r), Index(c));
            o[t.columns[c]] = std::isnan(v) ? json(nullptr) : json(v);
        }
        a.push_back(std::move(o));
    }
    return a;
}

json ratings_to_json(const RatingTable& r) {
    json a = json::array();
    for (std::size_t k = 0; k < r.size(); ++k)
        a.push_back({{"unit", r.unit[k]}, {"rater", r.rater[k]}, {"column", r.column[k]},
                     {"source", to_string(r.source.empty() ? Source::recipients : r.source[k])},
                     {"value", r.value[k]}});
    return a;
}

namespace {
json group_json(const GroupSummary& g, const Scheme& s) {
    json gc = json::object();
    for (std::size_t k = 0; k < s.grades.size(); ++k) gc[s.grades[k].name] = g.grade_counts[k];
    gc[s.ungraded] = g.grade_counts.back();
    return {{"key", g.key}, {"name", g.name}, {"count", g.count}, {"mean", g.mean}, {"median", g.median},
            {"sd", g.sd}, {"min", g.min}, {"max", g.max}, {"grades", gc}, {"best", g.best},
            {"commended", g.commended}};
}
json nan_or(double v) { return std::isnan(v) ? json(nullptr) : json(v); }
}  // namespace

json evaluation_to_json(const NetworkEvaluation& e, const Scheme& s) {
    json j;
    j["scheme"] = {{"id", s.id}, {"name", s.name}, {"total_points", s.total_points.value_or(100.0)}};
    j["rated_columns"] = e.rated_columns;
    json al = json::object();
    for (std::size_t c = 0; c < e.rated_columns.size(); ++c) al[e.rated_columns[c]] = nan_or(e.alpha[Index(c)]);
    j["alpha"] = al;
    json units = json::array();
    const bool iv = e.intervals.p05.size() == e.units();
    for (Index u = 0; u < e.units(); ++u) {
        json o = {{"id", e.ids[std::size_t(u)]}, {"name", e.names[std::size_t(u)]},
                  {"tier", std::string(to_string(e.tiers[std::size_t(u)]))},
                  {"district", e.districts[std::size_t(u)]}, {"total", e.scheme.total[u]},
                  {"main_points", e.scheme.main_points[u]}, {"bonus_points", e.scheme.bonus_points[u]},
                  {"score", e.score[u]}, {"grade", e.scheme.grade[std::size_t(u)]},
                  {"grade_before_veto", e.scheme.grade_before_veto[std::size_t(u)]},
                  {"vetoes", e.scheme.vetoes_fired[std::size_t(u)]}, {"rank", e.rank[u]},
                  {"rank_in_tier", e.rank_in_tier[u]}, {"rank_in_district", e.rank_in_district[u]},
                  {"n_ratings", e.n_ratings[u]}, {"n_raters", e.n_raters[u]}};
        if (iv) o["rank_interval"] = {{"p05", e.intervals.p05[u]}, {"median", e.intervals.median_rank[u]},
                                      {"p95", e.intervals.p95[u]}};
        json areas = json::object();
        for (int a : e.scheme.area_nodes) areas[s.indicators[std::size_t(a)].id] = nan_or(e.scheme.points(u, a));
        o["areas"] = areas;
        json pooled = json::object();
        for (std::size_t c = 0; c < e.rated_columns.size(); ++c)
            pooled[e.rated_columns[c]] = {{"pooled", nan_or(e.pooled(u, Index(c)))}, {"raw_mean", nan_or(e.raw_mean(u, Index(c)))},
                                          {"count", e.rating_count(u, Index(c))}};
        o["ratings"] = pooled;
        units.push_back(std::move(o));
    }
    j["units"] = std::move(units);
    j["by_tier"] = json::array();
    for (const auto& g : e.by_tier) j["by_tier"].push_back(group_json(g, s));
    j["by_district"] = json::array();
    for (const auto& g : e.by_district) j["by_district"].push_back(group_json(g, s));
    j["commended"] = json::array();
    for (const auto& c : e.commended)
        j["commended"].push_back({{"id", e.ids[std::size_t(c.unit)]}, {"group", e.commend_groups[std::size_t(c.group)]},
                                  {"position", c.position}, {"score", c.score}, {"reason", c.reason}});
    j["notes"] = e.notes;
    return j;
}

json unit_disclosure(const NetworkEvaluation& e, const Scheme& s, Index u) {
    if (u < 0 || u >= e.units()) throw input_error("disclosure", "unit", "unit index out of range");
    DisclosureExtras x;
    x.unit_name = e.names[std::size_t(u)];
    x.uncertainty = e.intervals.p05.size() == e.units() ? &e.intervals : nullptr;
    x.n_raters = e.n_raters[u];
    double a = NAN;
    for (Index c = 0; c < e.alpha.size(); ++c) if (!std::isnan(e.alpha[c])) { a = e.alpha[c]; break; }
    x.rater_alpha = a;
    json j = disclosure_json(s, e.scheme, u, e.ids[std::size_t(u)], x);
    j["tier"] = std::string(to_string(e.tiers[std::size_t(u)]));
    j["district"] = e.districts[std::size_t(u)];
    j["score"] = e.score[u];
    j["rank_in_tier"] = e.rank_in_tier[u];
    j["rank_in_district"] = e.rank_in_district[u];
    j["n_ratings"] = e.n_ratings[u];
    json pooled = json::object();
    for (std::size_t c = 0; c < e.rated_columns.size(); ++c)
        pooled[e.rated_columns[c]] = {{"pooled", nan_or(e.pooled(u, Index(c)))}, {"raw_mean", nan_or(e.raw_mean(u, Index(c)))},
                                      {"count", e.rating_count(u, Index(c))}, {"alpha", nan_or(e.alpha[Index(c)])}};
    j["ratings"] = pooled;
    for (const auto& c : e.commended)
        if (c.unit == u) j["commendation"] = c.reason;
    return j;
}

Network with_scores(const Network& net, const NetworkEvaluation& e) {
    Network out = net;
    for (Index u = 0; u < e.units(); ++u) {
        const std::size_t i = e.node_index[std::size_t(u)];
        if (i >= out.nodes.size() || out.nodes[i].id != e.ids[std::size_t(u)])
            throw input_error("evaluation", "network", "the evaluation was made on another network (node " +
                                                           e.ids[std::size_t(u)] + ")");
        out.nodes[i].score = e.score[u];
    }
    return out;
}

}  // namespace hatchnet::evaluate
