// Evaluation cycles from the records. See hatchnet/records/evaluation.hpp.
#include "hatchnet/records/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "hatchnet/error.hpp"

namespace hatchnet::records {

using ojson = nlohmann::ordered_json;

namespace {
const std::vector<std::string>& record_columns() {
    static const std::vector<std::string> c{"incubation.incubated", "incubation.graduated", "graduation_rate",
                                            "median_days_to_graduation", "referrals_completed",
                                            "referral_completion_rate", "capacity_use"};
    return c;
}
}  // namespace

const std::vector<std::string>& record_indicator_columns() { return record_columns(); }

namespace {
enum Col { incubated, graduated, grad_rate, median_days, ref_done, ref_rate, cap_use };

double median_of(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
}  // namespace

evaluate::IndicatorTable record_indicators(const Store& store, const Network& net, const Period& p) {
    evaluate::IndicatorTable t;
    t.columns = record_columns();
    const auto n = net.nodes.size();
    t.values = evaluate::Matrix::Zero(evaluate::Index(n), evaluate::Index(t.columns.size()));
    std::unordered_map<std::string, evaluate::Index> row;
    for (std::size_t i = 0; i < n; ++i) {
        t.ids.push_back(net.nodes[i].id);
        row[net.nodes[i].id] = evaluate::Index(i);
    }
    const std::string s = "'" + p.start + "'", e = "'" + p.end + "'";  // dates checked by add_period
    auto each = [&](const std::string& sql, auto&& f) {
        for (const auto& r : store.query(sql))
            if (auto it = row.find(r[0]); it != row.end()) f(it->second, r);
    };
    each("SELECT i.node, count(*) FROM incubations i JOIN incubation_events a ON a.incubation = i.id AND a.stage = 'admitted' "
         "WHERE a.at <= " + e + " AND NOT EXISTS (SELECT 1 FROM incubation_events l WHERE l.incubation = i.id AND "
         "l.from_stage IN ('admitted', 'incubating') AND l.stage IN ('graduated', 'exited', 'withdrawn') AND l.at < " + s + ") "
         "GROUP BY i.node",
         [&](evaluate::Index u, const auto& r) { t.values(u, incubated) = std::stod(r[1]); });
    std::vector<double> ended(n, 0.0);
    each("SELECT i.node, e.stage, count(*) FROM incubation_events e JOIN incubations i ON i.id = e.incubation "
         "WHERE e.at BETWEEN " + s + " AND " + e + " AND e.from_stage IN ('admitted', 'incubating') "
         "AND e.stage IN ('graduated', 'exited', 'withdrawn') GROUP BY i.node, e.stage",
         [&](evaluate::Index u, const auto& r) {
             ended[std::size_t(u)] += std::stod(r[2]);
             if (r[1] == "graduated") t.values(u, graduated) = std::stod(r[2]);
         });
    std::vector<std::vector<double>> days(n);
    each("SELECT i.node, g.at, a.at FROM incubation_events g JOIN incubations i ON i.id = g.incubation "
         "JOIN incubation_events a ON a.incubation = g.incubation AND a.stage = 'admitted' "
         "WHERE g.stage = 'graduated' AND g.at BETWEEN " + s + " AND " + e,
         [&](evaluate::Index u, const auto& r) { days[std::size_t(u)].push_back(double(day_number(r[1]) - day_number(r[2]))); });
    std::vector<double> ref_ended(n, 0.0);
    each("SELECT r.node, e.status, count(*) FROM referral_events e JOIN referrals r ON r.id = e.referral "
         "WHERE e.at BETWEEN " + s + " AND " + e + " AND e.status IN ('completed', 'failed', 'cancelled', 'rejected') "
         "GROUP BY r.node, e.status",
         [&](evaluate::Index u, const auto& r) {
             ref_ended[std::size_t(u)] += std::stod(r[2]);
             if (r[1] == "completed") t.values(u, ref_done) = std::stod(r[2]);
         });
    for (std::size_t i = 0; i < n; ++i) {
        const auto u = evaluate::Index(i);
        t.values(u, grad_rate) = ended[i] > 0 ? t.values(u, graduated) / ended[i] : NAN;
        t.values(u, median_days) = median_of(days[i]);
        t.values(u, ref_rate) = ref_ended[i] > 0 ? t.values(u, ref_done) / ref_ended[i] : NAN;
        const auto& node = net.nodes[i];
        t.values(u, cap_use) = node.capacity > 0 ? double(node.occupied) / double(node.capacity) : NAN;
    }
    return t;
}

namespace {
/// The record columns the caller did not give, then the caller's table (its columns win).
evaluate::IndicatorTable merged(const evaluate::IndicatorTable& rec, const evaluate::IndicatorTable& extra) {
    evaluate::IndicatorTable m;
    m.ids = rec.ids;
    std::vector<std::size_t> keep;
    for (std::size_t c = 0; c < rec.columns.size(); ++c)
        if (std::find(extra.columns.begin(), extra.columns.end(), rec.columns[c]) == extra.columns.end()) keep.push_back(c);
    m.columns.reserve(keep.size() + extra.columns.size());
    for (auto c : keep) m.columns.push_back(rec.columns[c]);
    m.columns.insert(m.columns.end(), extra.columns.begin(), extra.columns.end());
    m.values = evaluate::Matrix::Constant(evaluate::Index(m.ids.size()), evaluate::Index(m.columns.size()), NAN);
    std::unordered_map<std::string, evaluate::Index> row;
    for (std::size_t i = 0; i < m.ids.size(); ++i) row[m.ids[i]] = evaluate::Index(i);
    for (std::size_t k = 0; k < keep.size(); ++k) m.values.col(evaluate::Index(k)) = rec.values.col(evaluate::Index(keep[k]));
    for (std::size_t i = 0; i < extra.ids.size(); ++i) {
        auto it = row.find(extra.ids[i]);
        if (it == row.end())
            throw input_error("indicators row " + std::to_string(i), "id",
                              "'" + printable_utf8(extra.ids[i]) + "' is not an incubator of the network in this period");
        for (std::size_t c = 0; c < extra.columns.size(); ++c)
            m.values(it->second, evaluate::Index(keep.size() + c)) = extra.values(evaluate::Index(i), evaluate::Index(c));
    }
    return m;
}

ojson row_data(const evaluate::NetworkEvaluation& e, const evaluate::Scheme& s, evaluate::Index u) {
    ojson data = ojson::object();
    for (std::size_t c = 0; c < e.columns.size(); ++c) {
        const double v = e.data(u, evaluate::Index(c));
        data[e.columns[c]] = std::isfinite(v) ? ojson(v) : ojson(nullptr);
    }
    ojson points = ojson::object();
    for (std::size_t k = 0; k < e.scheme.node_ids.size(); ++k) {
        const int idx = s.index_of(e.scheme.node_ids[k]);
        if (idx >= 0 && s.is_leaf(idx)) points[e.scheme.node_ids[k]] = e.scheme.points(u, evaluate::Index(k));
    }
    return ojson{{"data", data}, {"points", points}};
}
}  // namespace

Cycle evaluate_period(Store& store, const Network& base, const std::string& period, const evaluate::Scheme& scheme,
                      const evaluate::RatingTable& ratings, const evaluate::IndicatorTable& extra,
                      const evaluate::NetworkEvalOptions& opt) {
    auto p = store.period(period);
    if (!p) throw input_error("period " + printable_utf8(period), "id", "unknown period");
    const Network net = store.network_at(base, period);
    Cycle c;
    c.period = period;
    c.scheme = scheme.id.empty() ? std::string("scheme") : scheme.id;
    auto data = merged(record_indicators(store, net, *p), extra);
    // scheme columns nobody gives are missing values (imputed per opt.missing), not an error
    for (std::size_t i = 0; i < scheme.indicators.size(); ++i) {
        if (!scheme.is_leaf(int(i))) continue;
        const auto& ind = scheme.indicators[i];
        const std::string col = ind.column.empty() ? ind.id : ind.column;
        if (std::find(data.columns.begin(), data.columns.end(), col) != data.columns.end() ||
            std::find(ratings.column.begin(), ratings.column.end(), col) != ratings.column.end())
            continue;
        data.columns.push_back(col);
        data.values.conservativeResize(Eigen::NoChange, data.values.cols() + 1);
        data.values.col(data.values.cols() - 1).setConstant(NAN);
    }
    c.evaluation = evaluate::evaluate_network(net, scheme, data, ratings, opt);
    const auto& e = c.evaluation;
    for (evaluate::Index u = 0; u < e.units(); ++u) {
        EvaluationRow r;
        r.period = period;
        r.incubator = e.ids[std::size_t(u)];
        r.scheme = c.scheme;
        r.score = e.score[u];
        r.grade = e.scheme.grade[std::size_t(u)];
        r.rank = e.rank[u];
        r.indicators = row_data(e, scheme, u).dump();
        c.rows.push_back(std::move(r));
    }
    store.put_evaluations(period, c.scheme, c.rows);
    return c;
}

namespace {
int level_of(const evaluate::Scheme& s, const std::string& grade) {
    for (std::size_t i = 0; i < s.grades.size(); ++i)
        if (s.grades[i].name == grade) return int(i);
    return int(s.grades.size());  // ungraded (or a grade the scheme no longer has)
}
std::vector<double> average_ranks(const std::vector<double>& v) {
    std::vector<std::size_t> o(v.size());
    for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
    std::stable_sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < o.size();) {
        std::size_t j = i;
        while (j + 1 < o.size() && v[o[j + 1]] == v[o[i]]) ++j;
        for (std::size_t k = i; k <= j; ++k) r[o[k]] = 0.5 * double(i + j) + 1.0;
        i = j + 1;
    }
    return r;
}
std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    if (n < 2) return std::nullopt;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
    mx /= double(n), my /= double(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i)
        sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx), syy += (y[i] - my) * (y[i] - my);
    if (sxx <= 0 || syy <= 0) return std::nullopt;
    return sxy / std::sqrt(sxx * syy);
}
std::vector<std::pair<std::string, double>> moved(const std::string& from_json, const std::string& to_json) {
    auto a = nlohmann::json::parse(from_json, nullptr, false), b = nlohmann::json::parse(to_json, nullptr, false);
    std::vector<std::pair<std::string, double>> d;
    if (!a.is_object() || !b.is_object() || !a.contains("points") || !b.contains("points")) return d;
    for (auto it = b["points"].begin(); it != b["points"].end(); ++it) {
        const double before = a["points"].value(it.key(), 0.0), after = it->is_number() ? it->get<double>() : 0.0;
        if (std::abs(after - before) > 1e-9) d.emplace_back(it.key(), after - before);
    }
    std::stable_sort(d.begin(), d.end(), [](const auto& x, const auto& y) {
        return std::abs(x.second) != std::abs(y.second) ? std::abs(x.second) > std::abs(y.second) : x.first < y.first;
    });
    if (d.size() > 3) d.resize(3);
    return d;
}
}  // namespace

CycleComparison compare_cycles(const Store& store, const evaluate::Scheme& scheme, const std::string& from,
                               const std::string& to) {
    CycleComparison c;
    c.from = from;
    c.to = to;
    c.scheme = scheme.id.empty() ? std::string("scheme") : scheme.id;
    for (const auto& p : {from, to})
        if (!store.period(p)) throw input_error("period " + printable_utf8(p), "id", "unknown period");
    auto a = store.evaluations(from, c.scheme), b = store.evaluations(to, c.scheme);
    if (a.empty()) throw input_error("period " + printable_utf8(from), "evaluations", "no evaluation of scheme '" + c.scheme + "' in this period");
    if (b.empty()) throw input_error("period " + printable_utf8(to), "evaluations", "no evaluation of scheme '" + c.scheme + "' in this period");
    std::unordered_map<std::string, const EvaluationRow*> before;
    for (const auto& r : a) before[r.incubator] = &r;
    std::vector<double> ra, rb;
    for (const auto& r : b) {
        auto it = before.find(r.incubator);
        if (it == before.end()) continue;
        const EvaluationRow& o = *it->second;
        ++c.common;
        ++c.transitions[o.grade][r.grade];
        if (o.rank && r.rank) ra.push_back(*o.rank), rb.push_back(*r.rank);
        if (o.grade == r.grade) continue;
        GradeChange g{r.incubator, o.grade, r.grade, level_of(scheme, o.grade) - level_of(scheme, r.grade), o.rank, r.rank,
                      moved(o.indicators, r.indicators)};
        c.changes.push_back(g);
        if (std::abs(g.levels) >= 2) c.movers.push_back(g);
    }
    c.rank_correlation = pearson(average_ranks(ra), average_ranks(rb));
    return c;
}

ojson cycle_to_json(const Cycle& c) {
    ojson rows = ojson::array();
    for (const auto& r : c.rows)
        rows.push_back(ojson{{"incubator", r.incubator}, {"score", r.score ? ojson(*r.score) : ojson(nullptr)},
                             {"grade", r.grade}, {"rank", r.rank ? ojson(*r.rank) : ojson(nullptr)},
                             {"indicators", ojson::parse(r.indicators)}});
    return ojson{{"period", c.period}, {"scheme", c.scheme}, {"rows", rows}};
}

ojson comparison_to_json(const CycleComparison& c) {
    auto change = [](const GradeChange& g) {
        ojson m = ojson::array();
        for (const auto& [k, v] : g.moved_by) m.push_back(ojson{{"indicator", k}, {"points_change", v}});
        return ojson{{"incubator", g.incubator}, {"from", g.grade_from}, {"to", g.grade_to}, {"levels", g.levels},
                     {"rank_from", g.rank_from ? ojson(*g.rank_from) : ojson(nullptr)},
                     {"rank_to", g.rank_to ? ojson(*g.rank_to) : ojson(nullptr)}, {"moved_by", m}};
    };
    ojson o{{"from", c.from}, {"to", c.to}, {"scheme", c.scheme}, {"common", c.common},
            {"rank_correlation", c.rank_correlation ? ojson(*c.rank_correlation) : ojson(nullptr)}};
    ojson t = ojson::object();
    for (const auto& [f, m] : c.transitions)
        for (const auto& [g, k] : m) t[f][g] = k;
    o["transitions"] = t;
    ojson ch = ojson::array(), mv = ojson::array();
    for (const auto& g : c.changes) ch.push_back(change(g));
    for (const auto& g : c.movers) mv.push_back(change(g));
    o["changes"] = ch;
    o["movers"] = mv;
    return o;
}

}  // namespace hatchnet::records
