// evaluate_raters.cpp — rating pooling, severity, Krippendorff's alpha, ICC (see raters.hpp).
#include "hatchnet/evaluate/raters.hpp"

#include "hatchnet/error.hpp"

#include "../detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace hatchnet::evaluate {

std::string_view to_string(Pooling p) noexcept {
    switch (p) {
        case Pooling::mean: return "mean";
        case Pooling::median: return "median";
        case Pooling::trimmed_mean: return "trimmed_mean";
        case Pooling::shrinkage: return "shrinkage";
    }
    return "?";
}
std::optional<Pooling> parse_pooling(std::string_view s) noexcept {
    if (s == "mean") return Pooling::mean;
    if (s == "median") return Pooling::median;
    if (s == "trimmed_mean" || s == "trimmed") return Pooling::trimmed_mean;
    if (s == "shrinkage" || s == "bayes") return Pooling::shrinkage;
    return std::nullopt;
}
std::string_view to_string(Level l) noexcept {
    switch (l) {
        case Level::nominal: return "nominal";
        case Level::ordinal: return "ordinal";
        case Level::interval: return "interval";
        case Level::ratio: return "ratio";
    }
    return "?";
}
std::optional<Level> parse_level(std::string_view s) noexcept {
    if (s == "nominal") return Level::nominal;
    if (s == "ordinal") return Level::ordinal;
    if (s == "interval") return Level::interval;
    if (s == "ratio") return Level::ratio;
    return std::nullopt;
}

namespace {

using hatchnet::detail::num;

void check_ratings(Index n_units, const std::vector<std::int64_t>& unit,
                   const std::vector<std::int64_t>& rater, const Vector& value) {
    if (unit.size() != rater.size() || Index(unit.size()) != value.size())
        throw input_error("ratings", "size",
                          "unit, rater and value must have the same length (" +
                              std::to_string(unit.size()) + ", " + std::to_string(rater.size()) +
                              ", " + std::to_string(value.size()) + ")");
    for (std::size_t i = 0; i < unit.size(); ++i) {
        if (unit[i] < 0 || unit[i] >= n_units)
            throw input_error("rating " + std::to_string(i), "unit",
                              "unknown unit index " + std::to_string(unit[i]) + " (have " +
                                  std::to_string(n_units) + " units)");
        // raters are dense indexes: a huge id would mean a huge per-rater table
        if (rater[i] < 0 || rater[i] >= (std::int64_t(1) << 31))
            throw input_error("rating " + std::to_string(i), "rater",
                              "rater index must lie in [0, 2^31), got " + std::to_string(rater[i]));
        if (!std::isfinite(value[Index(i)]))
            throw input_error("rating " + std::to_string(i), "value", "value is not finite");
    }
}

/// The number of raters: `n_raters` when given (>= 0), else 1 + the largest rater index.
Index rater_count(const std::vector<std::int64_t>& rater, Index n_raters) {
    if (n_raters >= 0) return n_raters;
    n_raters = 0;
    for (auto r : rater) n_raters = std::max<Index>(n_raters, r + 1);
    return n_raters;
}

void check_pool_options(Index n_units, const PoolOptions& opt) {
    if (opt.method == Pooling::trimmed_mean && !(opt.trim >= 0 && opt.trim < 0.5))
        throw input_error("pooling", "trim", "trim must be in [0, 0.5), got " + num(opt.trim));
    if (opt.method == Pooling::shrinkage) {
        if (!(opt.prior_strength >= 0) || !std::isfinite(opt.prior_strength))
            throw input_error("pooling", "prior_strength", "must be finite and >= 0");
        if (opt.unit_group.size() != n_units)
            throw input_error("pooling", "unit_group",
                              "shrinkage needs one group per unit (" + std::to_string(n_units) +
                                  "), got " + std::to_string(opt.unit_group.size()));
    }
}

/// Shrinkage toward the group means, for both pooling paths: each group's ratings are summed
/// by add_unit(sum, u) unit by unit (each path keeps its own summation order, which the
/// results are pinned to), then pooled[u] = shrunk(u, group mean, n = count[u], k).
template <class AddUnit, class Shrunk>
void shrink_to_group_means(PoolResult& res, Index n_units, const PoolOptions& opt, AddUnit add_unit,
                           Shrunk shrunk) {
    std::map<int, std::pair<double, Index>> g;
    for (Index u = 0; u < n_units; ++u) {
        auto& a = g[opt.unit_group[u]];
        add_unit(a.first, u);
        a.second += res.count[u];
    }
    int maxg = 0;
    for (auto& [id, a] : g) {
        if (id < 0) throw input_error("pooling", "unit_group", "group ids must be >= 0");
        maxg = std::max(maxg, id);
        if (a.second == 0)
            throw input_error("group " + std::to_string(id), "ratings",
                              "group has no rating at all: cannot shrink toward its mean");
    }
    res.group_mean = Vector::Constant(maxg + 1, NAN);
    for (auto& [id, a] : g) res.group_mean[id] = a.first / double(a.second);
    const double k = opt.prior_strength;
    for (Index u = 0; u < n_units; ++u) {
        const double gm = res.group_mean[opt.unit_group[u]];
        const double n = res.count[u];
        res.pooled[u] = shrunk(u, gm, n, k);
    }
    res.notes.push_back("shrinkage toward the group mean with prior strength k = " + num(k) +
                        ": pooled = (n*mean + k*group_mean)/(n + k)");
}

/// The note on the `empty` units without a rating (none when there is none).
void note_unrated(PoolResult& res, const PoolOptions& opt, Index empty) {
    if (!empty) return;
    if (opt.method == Pooling::shrinkage)
        res.notes.push_back(std::to_string(empty) + " unit(s) without ratings get their group mean");
    else
        res.notes.push_back(std::to_string(empty) +
                            " unit(s) have no rating: pooled value is missing (NaN, count 0)");
}

/// Mean or shrinkage without severity: one streaming pass over the ratings, no reordering.
PoolResult pool_streaming(Index n_units, const std::vector<std::int64_t>& unit,
                          const std::vector<std::int64_t>& rater, const Vector& value, Index n_raters,
                          const PoolOptions& opt) {
    const std::size_t R = unit.size();
    PoolResult res;
    res.count = Eigen::VectorXi::Zero(n_units);
    Vector sum = Vector::Zero(n_units);
    for (std::size_t i = 0; i < R; ++i) { sum[unit[i]] += value[Index(i)]; ++res.count[unit[i]]; }
    res.raw_mean.resize(n_units);
    res.pooled.resize(n_units);
    Index empty = 0;
    for (Index u = 0; u < n_units; ++u) {
        res.raw_mean[u] = res.count[u] ? sum[u] / res.count[u] : NAN;
        res.pooled[u] = res.raw_mean[u];
        empty += res.count[u] == 0;
    }
    res.rater_count = Eigen::VectorXi::Zero(n_raters);
    for (auto r : rater) ++res.rater_count[r];
    res.severity = Vector::Zero(n_raters);
    res.notes.push_back("rater severity not computed (set compute_severity or correct_severity)");
    if (opt.method == Pooling::shrinkage)
        shrink_to_group_means(
            res, n_units, opt, [&](double& s, Index u) { s += sum[u]; },
            [&](Index u, double gm, double n, double k) { return n == 0 ? gm : (sum[u] + k * gm) / (n + k); });
    note_unrated(res, opt, empty);
    return res;
}

/// The ratings sorted by unit (counting sort, stable): unit u's values and raters at
/// [start[u], start[u + 1]).
struct ByUnit {
    std::vector<std::int64_t> start;
    std::vector<double> vals;
    std::vector<std::int64_t> who;
};

ByUnit sort_by_unit(Index n_units, const std::vector<std::int64_t>& unit, const std::vector<std::int64_t>& rater,
                    const Vector& value, const Eigen::VectorXi& count) {
    const std::size_t R = unit.size();
    ByUnit by;
    by.start.assign(n_units + 1, 0);
    for (Index u = 0; u < n_units; ++u) by.start[u + 1] = by.start[u] + count[u];
    by.vals.resize(R);
    by.who.resize(R);
    std::vector<std::int64_t> pos(by.start.begin(), by.start.end() - 1);
    for (std::size_t i = 0; i < R; ++i) {
        const auto p = pos[unit[i]]++;
        by.vals[p] = value[Index(i)];
        by.who[p] = rater[i];
    }
    return by;
}

/// Each rater's mean deviation from the unit means (0 for a rater without ratings) and
/// number of ratings.
void rater_deviations(PoolResult& res, const ByUnit& by, Index n_units, Index n_raters) {
    res.severity = Vector::Zero(n_raters);
    res.rater_count = Eigen::VectorXi::Zero(n_raters);
    for (Index u = 0; u < n_units; ++u)
        for (auto p = by.start[u]; p < by.start[u + 1]; ++p) {
            if (by.who[p] >= n_raters)
                throw input_error("ratings", "rater", "rater index " + std::to_string(by.who[p]) +
                                                          " >= n_raters " + std::to_string(n_raters));
            res.severity[by.who[p]] += by.vals[p] - res.raw_mean[u];
            ++res.rater_count[by.who[p]];
        }
    for (Index r = 0; r < n_raters; ++r)
        if (res.rater_count[r]) res.severity[r] /= res.rater_count[r];
}

/// One unit's pooled value from its n >= 1 ratings [b, e), which it may reorder.
double pool_unit(const PoolOptions& opt, std::vector<double>::iterator b, std::vector<double>::iterator e, Index n) {
    switch (opt.method) {
        case Pooling::mean:
        case Pooling::shrinkage: {
            double s = 0;
            for (auto it = b; it != e; ++it) s += *it;
            return s / n;
        }
        case Pooling::median: {
            auto mid = b + n / 2;
            std::nth_element(b, mid, e);
            double m = *mid;
            if (n % 2 == 0) m = 0.5 * (m + *std::max_element(b, mid));
            return m;
        }
        case Pooling::trimmed_mean: {
            std::sort(b, e);
            const Index cut = Index(std::floor(opt.trim * double(n)));
            double s = 0;
            for (auto it = b + cut; it != e - cut; ++it) s += *it;
            return s / double(n - 2 * cut);
        }
    }
    return NAN;
}

/// Every method, with severity: the ratings sorted by unit, the raw means, the raters'
/// severity (subtracted first with correct_severity), then the pooled value of each unit.
PoolResult pool_sorted(Index n_units, const std::vector<std::int64_t>& unit, const std::vector<std::int64_t>& rater,
                       const Vector& value, Index n_raters, const PoolOptions& opt) {
    const std::size_t R = unit.size();
    PoolResult res;
    res.count = Eigen::VectorXi::Zero(n_units);
    for (auto u : unit) ++res.count[u];
    ByUnit by = sort_by_unit(n_units, unit, rater, value, res.count);
    res.raw_mean.resize(n_units);
    for (Index u = 0; u < n_units; ++u) {
        double s = 0;
        for (auto p = by.start[u]; p < by.start[u + 1]; ++p) s += by.vals[p];
        res.raw_mean[u] = res.count[u] ? s / res.count[u] : NAN;
    }
    rater_deviations(res, by, n_units, n_raters);
    if (opt.correct_severity) {
        for (std::size_t p = 0; p < R; ++p) by.vals[p] -= res.severity[by.who[p]];
        res.notes.push_back("rater severity corrected: each rating minus its rater's mean "
                            "deviation from the unit means");
    }
    res.pooled.resize(n_units);
    Index empty = 0;
    for (Index u = 0; u < n_units; ++u) {
        const Index n = res.count[u];
        if (n == 0) { res.pooled[u] = NAN; ++empty; continue; }
        res.pooled[u] = pool_unit(opt, by.vals.begin() + by.start[u], by.vals.begin() + by.start[u + 1], n);
    }
    if (opt.method == Pooling::shrinkage)
        shrink_to_group_means(
            res, n_units, opt,
            [&](double& s, Index u) {
                for (auto p = by.start[u]; p < by.start[u + 1]; ++p) s += by.vals[p];
            },
            [&](Index u, double gm, double n, double k) {
                const double pooled = n + k > 0 ? (n * (n ? res.pooled[u] : 0.0) + k * gm) / (n + k) : gm;
                return n == 0 ? gm : pooled;
            });
    note_unrated(res, opt, empty);
    return res;
}

}  // namespace

Vector rater_severity(Index n_units, const std::vector<std::int64_t>& unit,
                      const std::vector<std::int64_t>& rater, const Vector& value,
                      Index n_raters) {
    check_ratings(n_units, unit, rater, value);
    const std::size_t R = unit.size();
    n_raters = rater_count(rater, n_raters);
    Vector usum = Vector::Zero(n_units);
    Eigen::VectorXi ucnt = Eigen::VectorXi::Zero(n_units);
    for (std::size_t i = 0; i < R; ++i) { usum[unit[i]] += value[Index(i)]; ++ucnt[unit[i]]; }
    Vector sev = Vector::Zero(n_raters);
    Eigen::VectorXi rc = Eigen::VectorXi::Zero(n_raters);
    for (std::size_t i = 0; i < R; ++i) {
        if (rater[i] >= n_raters)
            throw input_error("rating " + std::to_string(i), "rater",
                              "rater index " + std::to_string(rater[i]) + " >= n_raters");
        sev[rater[i]] += value[Index(i)] - usum[unit[i]] / ucnt[unit[i]];
        ++rc[rater[i]];
    }
    for (Index r = 0; r < n_raters; ++r) if (rc[r]) sev[r] /= rc[r];
    return sev;
}

PoolResult pool_ratings(Index n_units, const std::vector<std::int64_t>& unit,
                        const std::vector<std::int64_t>& rater, const Vector& value,
                        const PoolOptions& opt) {
    check_ratings(n_units, unit, rater, value);
    check_pool_options(n_units, opt);
    const Index n_raters = rater_count(rater, opt.n_raters);
    if (!opt.correct_severity && !opt.compute_severity &&
        (opt.method == Pooling::mean || opt.method == Pooling::shrinkage))
        return pool_streaming(n_units, unit, rater, value, n_raters, opt);
    return pool_sorted(n_units, unit, rater, value, n_raters, opt);
}

// ------------------------------------------------------------------ Krippendorff
double krippendorff_alpha(const Matrix& data, Level level) {
    for (Index i = 0; i < data.size(); ++i)
        if (std::isinf(data.data()[i]))
            throw input_error("reliability_data", "values", "infinite value");
    std::vector<double> domain;
    domain.reserve(data.size());
    for (Index i = 0; i < data.size(); ++i)
        if (!std::isnan(data.data()[i])) domain.push_back(data.data()[i]);
    std::sort(domain.begin(), domain.end());
    domain.erase(std::unique(domain.begin(), domain.end()), domain.end());
    const Index V = Index(domain.size());
    if (V <= 1) throw input_error("reliability_data", "values",
                                  "there has to be more than one value in the domain");
    if (level == Level::ratio)
        for (double v : domain)
            if (v < 0) throw input_error("reliability_data", "values", "ratio level needs values >= 0");
    auto idx = [&](double v) {
        return Index(std::lower_bound(domain.begin(), domain.end(), v) - domain.begin());
    };
    // per unit (column): sorted value indices
    const Index units = data.cols();
    std::vector<std::vector<Index>> per(units);
    Vector nv = Vector::Zero(V);
    bool any_pair = false;
    for (Index u = 0; u < units; ++u) {
        for (Index r = 0; r < data.rows(); ++r)
            if (!std::isnan(data(r, u))) per[u].push_back(idx(data(r, u)));
        if (per[u].size() >= 2) {
            any_pair = true;
            for (Index a : per[u]) nv[a] += 1;
        }
        std::sort(per[u].begin(), per[u].end());
    }
    if (!any_pair)
        throw input_error("reliability_data", "units",
                          "there has to be at least one unit with values from two raters");
    std::vector<double> cum(V + 1, 0.0);
    for (Index a = 0; a < V; ++a) cum[a + 1] = cum[a] + nv[a];
    auto dist = [&](Index a, Index b) -> double {
        switch (level) {
            case Level::nominal: return a != b ? 1.0 : 0.0;
            case Level::ordinal: {
                const Index lo = std::min(a, b), hi = std::max(a, b);
                const double s = cum[hi + 1] - cum[lo] - 0.5 * (nv[a] + nv[b]);
                return s * s;
            }
            case Level::interval: { const double d = domain[a] - domain[b]; return d * d; }
            case Level::ratio: {
                const double s = domain[a] + domain[b];
                if (s == 0) return 0.0;
                const double d = (domain[a] - domain[b]) / s;
                return d * d;
            }
        }
        return 0;
    };
    double Do = 0;
    for (Index u = 0; u < units; ++u) {
        const auto& v = per[u];
        const Index m = Index(v.size());
        if (m < 2) continue;
        // distinct values with counts
        std::vector<std::pair<Index, double>> c;
        for (Index a : v) {
            if (!c.empty() && c.back().first == a) c.back().second += 1;
            else c.push_back({a, 1.0});
        }
        double s = 0;
        for (std::size_t i = 0; i < c.size(); ++i)
            for (std::size_t j = i + 1; j < c.size(); ++j)
                s += 2.0 * c[i].second * c[j].second * dist(c[i].first, c[j].first);
        Do += s / double(m - 1);
    }
    const double n = nv.sum();
    double De = 0;
    if (level == Level::nominal) {
        De = n * n - nv.squaredNorm();
    } else if (level == Level::interval) {
        double mu = 0;
        for (Index a = 0; a < V; ++a) mu += nv[a] * domain[a];
        mu /= n;
        double s2 = 0, s1 = 0;
        for (Index a = 0; a < V; ++a) {
            const double c = domain[a] - mu;
            s1 += nv[a] * c;
            s2 += nv[a] * c * c;
        }
        De = 2.0 * n * s2 - 2.0 * s1 * s1;
    } else {
        for (Index a = 0; a < V; ++a)
            for (Index b = a + 1; b < V; ++b) De += 2.0 * nv[a] * nv[b] * dist(a, b);
    }
    De /= (n - 1);
    if (!(De > 0))
        throw input_error("reliability_data", "values",
                          "no expected disagreement (all pairable values identical)");
    return 1.0 - Do / De;
}

// ------------------------------------------------------------------ ICC
IccResult icc(const Matrix& rbu) {
    IccResult r;
    const Index k = rbu.rows();
    std::vector<Index> keep;
    for (Index u = 0; u < rbu.cols(); ++u) {
        bool ok = true;
        for (Index j = 0; j < k; ++j) {
            if (std::isinf(rbu(j, u)))
                throw input_error("unit " + std::to_string(u), "rater " + std::to_string(j),
                                  "infinite rating");
            if (std::isnan(rbu(j, u))) ok = false;
        }
        if (ok) keep.push_back(u);
    }
    const Index n = Index(keep.size());
    r.dropped_units = rbu.cols() - n;
    if (r.dropped_units)
        r.notes.push_back(std::to_string(r.dropped_units) +
                          " unit(s) with a missing rating dropped (ICC needs complete data)");
    if (k < 2) throw input_error("ratings", "raters", "ICC needs at least 2 raters");
    if (n < 2) throw input_error("ratings", "units", "ICC needs at least 2 complete units");
    Matrix y(n, k);   // units × raters
    for (Index i = 0; i < n; ++i) y.row(i) = rbu.col(keep[i]).transpose();
    const double grand = y.mean();
    const Vector rm = y.rowwise().mean();
    const Eigen::RowVectorXd cm = y.colwise().mean();
    const double sst = (y.array() - grand).square().sum();
    const double ssr = double(k) * (rm.array() - grand).square().sum();
    const double ssc = double(n) * (cm.array() - grand).square().sum();
    const double sse = sst - ssr - ssc;
    const double ssw = sst - ssr;
    r.bms = ssr / double(n - 1);
    r.wms = ssw / double(n * (k - 1));
    r.jms = ssc / double(k - 1);
    r.ems = sse / double((n - 1) * (k - 1));
    r.n_units = n;
    r.k_raters = k;
    const double kd = double(k), nd = double(n);
    const double d1 = r.bms + (kd - 1) * r.wms;
    const double d2 = r.bms + (kd - 1) * r.ems + kd * (r.jms - r.ems) / nd;
    const double d3 = r.bms + (kd - 1) * r.ems;
    if (!(d1 > 0) || !(d3 > 0) || !(r.bms > 0))
        throw input_error("ratings", "values", "ICC undefined: no variance between units");
    r.icc1 = (r.bms - r.wms) / d1;
    r.icc2 = (r.bms - r.ems) / d2;
    r.icc3 = (r.bms - r.ems) / d3;
    r.icc1k = (r.bms - r.wms) / r.bms;
    r.icc2k = (r.bms - r.ems) / (r.bms + (r.jms - r.ems) / nd);
    r.icc3k = (r.bms - r.ems) / r.bms;
    return r;
}

}  // namespace hatchnet::evaluate
