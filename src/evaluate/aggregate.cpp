// evaluate_aggregate.cpp — weighted means, TOPSIS, VIKOR, PROMETHEE II (see aggregate.hpp).
#include "hatchnet/evaluate/aggregate.hpp"

#include "hatchnet/error.hpp"

#include "../detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace hatchnet::evaluate {

namespace {
using hatchnet::detail::num;
}  // namespace

std::string_view to_string(Preference p) noexcept {
    switch (p) {
        case Preference::usual: return "usual";
        case Preference::ushape: return "ushape";
        case Preference::vshape: return "vshape";
        case Preference::level: return "level";
        case Preference::vshape_2: return "vshape_2";
        case Preference::gaussian: return "gaussian";
    }
    return "?";
}

std::optional<Preference> parse_preference(std::string_view s) noexcept {
    if (s == "usual") return Preference::usual;
    if (s == "ushape" || s == "u-shape") return Preference::ushape;
    if (s == "vshape" || s == "v-shape") return Preference::vshape;
    if (s == "level") return Preference::level;
    if (s == "vshape_2" || s == "linear" || s == "v-shape-indifference") return Preference::vshape_2;
    if (s == "gaussian") return Preference::gaussian;
    return std::nullopt;
}

std::string_view to_string(Aggregation a) noexcept {
    switch (a) {
        case Aggregation::weighted_sum: return "weighted_sum";
        case Aggregation::geometric: return "geometric";
        case Aggregation::topsis: return "topsis";
        case Aggregation::vikor: return "vikor";
        case Aggregation::promethee2: return "promethee2";
    }
    return "?";
}

std::optional<Aggregation> parse_aggregation(std::string_view s) noexcept {
    if (s == "weighted_sum" || s == "arithmetic" || s == "wsm") return Aggregation::weighted_sum;
    if (s == "geometric" || s == "wpm") return Aggregation::geometric;
    if (s == "topsis") return Aggregation::topsis;
    if (s == "vikor") return Aggregation::vikor;
    if (s == "promethee2" || s == "promethee_ii") return Aggregation::promethee2;
    return std::nullopt;
}

// ----------------------------------------------------------------- weighted means
namespace {

template <class F>
Scores weighted_mean_impl(const Matrix& z, const Vector& w, F cell, double identity,
                          bool geometric) {
    check_weights(w, z.cols());
    for (Index j = 0; j < z.cols(); ++j)
        for (Index i = 0; i < z.rows(); ++i)
            if (std::isinf(z(i, j)))
                throw input_error("row " + std::to_string(i), "column " + std::to_string(j),
                                  "value is infinite");
    Scores s;
    s.score.resize(z.rows());
    Index partial = 0;
    const bool anynan = z.array().isNaN().any();
    if (!anynan && !geometric) {
        s.score = z * w;
    } else {
        for (Index i = 0; i < z.rows(); ++i) {
            double acc = identity, wsum = 0;
            bool missing = false;
            for (Index j = 0; j < z.cols(); ++j) {
                const double v = z(i, j);
                if (std::isnan(v)) { missing = true; continue; }
                if (w[j] == 0) continue;
                acc += cell(v, w[j], i, j);
                wsum += w[j];
            }
            if (wsum == 0)
                throw input_error("row " + std::to_string(i), "values",
                                  "no present value with a positive weight: cannot score");
            if (missing) ++partial;
            s.score[i] = geometric ? std::exp(acc / wsum) : acc / wsum;
        }
    }
    if (partial)
        s.notes.push_back(std::to_string(partial) +
                          " unit(s) with missing values scored over their present indicators "
                          "(weights re-normalised per unit)");
    s.rank = rank(s.score, true);
    return s;
}

}  // namespace

Scores weighted_sum(const Matrix& z, const Vector& w) {
    return weighted_mean_impl(
        z, w, [](double v, double wj, Index, Index) { return wj * v; }, 0.0, false);
}

Scores weighted_geometric(const Matrix& z, const Vector& w, double offset) {
    return weighted_mean_impl(
        z, w,
        [offset](double v, double wj, Index i, Index j) {
            const double u = v + offset;
            if (u < 0)
                throw input_error("row " + std::to_string(i), "column " + std::to_string(j),
                                  "geometric mean needs values >= 0, got " + num(u) +
                                      " (normalise to a positive range or set an offset)");
            return wj * std::log(u);
        },
        0.0, true);
}

// ----------------------------------------------------------------- TOPSIS
TopsisResult topsis(const Matrix& x, const Vector& w, const Types& types,
                    Normalisation normalisation) {
    check_finite(x, "matrix");
    check_types(types, x.cols());
    check_weights(w, x.cols());
    if (x.rows() == 0) throw input_error("matrix", "rows", "no alternatives");
    TopsisResult r;
    NormaliseOptions opt;
    opt.method = normalisation;
    if (normalisation == Normalisation::goalposts)
        throw input_error("topsis", "normalisation",
                          "goalposts need per-column low/high: normalise first and call "
                          "topsis with Normalisation::none");
    Normalised nz = normalise(x, types, opt);
    r.notes = std::move(nz.notes);
    const Matrix v = nz.values * w.asDiagonal();
    const Eigen::RowVectorXd pis = v.colwise().maxCoeff();
    const Eigen::RowVectorXd nis = v.colwise().minCoeff();
    r.d_plus = (v.rowwise() - pis).rowwise().norm();
    r.d_minus = (v.rowwise() - nis).rowwise().norm();
    r.score.resize(x.rows());
    Index degenerate = 0;
    for (Index i = 0; i < x.rows(); ++i) {
        const double d = r.d_plus[i] + r.d_minus[i];
        if (d == 0) { r.score[i] = 0.5; ++degenerate; }
        else r.score[i] = r.d_minus[i] / d;
    }
    if (degenerate)
        r.notes.push_back("every weighted criterion is constant: TOPSIS closeness set to 0.5 "
                          "for " + std::to_string(degenerate) + " unit(s)");
    r.rank = rank(r.score, true);
    return r;
}

// ----------------------------------------------------------------- VIKOR
VikorResult vikor(const Matrix& x, const Vector& w, const Types& types, double v) {
    check_finite(x, "matrix");
    check_types(types, x.cols());
    check_weights(w, x.cols());
    if (!(v >= 0 && v <= 1)) throw input_error("vikor", "v", "v must be in [0, 1], got " + num(v));
    const Index n = x.rows(), m = x.cols();
    if (n == 0) throw input_error("matrix", "rows", "no alternatives");
    VikorResult r;
    Matrix d(n, m);
    for (Index j = 0; j < m; ++j) {
        const double mx = x.col(j).maxCoeff(), mn = x.col(j).minCoeff();
        if (mx == mn) {
            d.col(j).setZero();
            r.notes.push_back("column " + std::to_string(j) +
                              " is constant: contributes 0 to S and R (scikit-criteria's rule; "
                              "pymcdm refuses)");
            continue;
        }
        if (types[j] == 1)
            d.col(j) = w[j] * ((mx - x.col(j).array()) / (mx - mn));
        else
            d.col(j) = w[j] * ((x.col(j).array() - mn) / (mx - mn));
    }
    r.S = d.rowwise().sum();
    r.R = d.rowwise().maxCoeff();
    const double s0 = r.S.minCoeff(), s1 = r.S.maxCoeff();
    const double r0 = r.R.minCoeff(), r1 = r.R.maxCoeff();
    r.Q.resize(n);
    if (s1 == s0) r.notes.push_back("S is equal for every unit: its term in Q is 0");
    if (r1 == r0) r.notes.push_back("R is equal for every unit: its term in Q is 0");
    for (Index i = 0; i < n; ++i) {
        const double a = s1 == s0 ? 0.0 : (r.S[i] - s0) / (s1 - s0);
        const double b = r1 == r0 ? 0.0 : (r.R[i] - r0) / (r1 - r0);
        r.Q[i] = v * a + (1 - v) * b;
    }
    r.rank = rank(r.Q, false);
    // Opricovic's conditions
    std::vector<Index> order(n);
    std::iota(order.begin(), order.end(), Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return r.Q[a] < r.Q[b]; });
    if (n >= 2) {
        const double dq = 1.0 / double(n - 1);
        const Index a1 = order[0], a2 = order[1];
        r.acceptable_advantage = r.Q[a2] - r.Q[a1] >= dq;
        r.acceptable_stability = r.S[a1] == s0 || r.R[a1] == r0;
        if (r.acceptable_advantage && r.acceptable_stability) {
            r.compromise_set = {a1};
        } else if (r.acceptable_advantage) {
            r.compromise_set = {a1, a2};
        } else {
            for (Index k : order)
                if (r.Q[k] - r.Q[a1] < dq) r.compromise_set.push_back(k);
        }
    } else {
        r.acceptable_advantage = r.acceptable_stability = true;
        r.compromise_set = {0};
    }
    return r;
}

// ----------------------------------------------------------------- PROMETHEE II
namespace {

void check_prefs(const std::vector<PreferenceSpec>& prefs, Index m) {
    if (prefs.size() != 1 && Index(prefs.size()) != m)
        throw input_error("preference", "size",
                          "give one preference spec per criterion (" + std::to_string(m) +
                              ") or one for all, got " + std::to_string(prefs.size()));
    for (std::size_t j = 0; j < prefs.size(); ++j) {
        const auto& p = prefs[j];
        const std::string rec = "preference[" + std::to_string(j) + "]";
        if (!std::isfinite(p.p) || p.p < 0) throw input_error(rec, "p", "p must be finite and >= 0");
        if (!std::isfinite(p.q) || p.q < 0) throw input_error(rec, "q", "q must be finite and >= 0");
        if (p.function == Preference::gaussian && !(std::isfinite(p.s) && p.s > 0))
            throw input_error(rec, "s", "gaussian spread s must be > 0");
        if ((p.function == Preference::vshape) && !(p.p > 0))
            throw input_error(rec, "p", "vshape needs p > 0");
        if ((p.function == Preference::vshape_2 || p.function == Preference::level) &&
            !(p.p > p.q))
            throw input_error(rec, "p", "level and vshape_2 need p > q");
    }
}

inline double pref_value(const PreferenceSpec& s, double d) {
    switch (s.function) {
        case Preference::usual: return d > 0 ? 1.0 : 0.0;
        case Preference::ushape: return d > s.q ? 1.0 : 0.0;
        case Preference::vshape: return (0 < d && d <= s.p) ? d / s.p : (d > s.p ? 1.0 : 0.0);
        case Preference::level: return (s.q < d && d <= s.p) ? 0.5 : (d > s.p ? 1.0 : 0.0);
        case Preference::vshape_2:
            return (s.q < d && d <= s.p) ? (d - s.q) / (s.p - s.q) : (d > s.p ? 1.0 : 0.0);
        case Preference::gaussian: return d > 0 ? 1.0 - std::exp(-d * d / (2 * s.s * s.s)) : 0.0;
    }
    return 0;
}

// Single-criterion net flow (unscaled sums): out[a] = sum_b P(y_a - y_b) - P(y_b - y_a).
void criterion_net_flow(const Vector& y, const PreferenceSpec& s, Eigen::Ref<Vector> out) {
    const Index n = y.size();
    if (s.function == Preference::gaussian) {
        for (Index a = 0; a < n; ++a) {
            double acc = 0;
            for (Index b = 0; b < n; ++b) acc += pref_value(s, y[a] - y[b]) - pref_value(s, y[b] - y[a]);
            out[a] = acc;
        }
        return;
    }
    if (s.function == Preference::usual) {
        // P(d) = [d > 0] and, for finite doubles, ya − yb > 0 exactly when ya > yb: the net
        // flow is (#smaller − #larger), read off one sort of (value, index) pairs
        std::vector<std::pair<double, Index>> v(static_cast<std::size_t>(n));
        for (Index a = 0; a < n; ++a) v[std::size_t(a)] = {y[a], a};
        std::sort(v.begin(), v.end());
        for (Index i = 0; i < n;) {
            Index j = i;
            while (j + 1 < n && v[std::size_t(j + 1)].first == v[std::size_t(i)].first) ++j;
            const double net = double(i) - double(n - 1 - j);   // smaller − larger
            for (Index k = i; k <= j; ++k) out[v[std::size_t(k)].second] = net;
            i = j + 1;
        }
        return;
    }
    std::vector<double> ys(y.data(), y.data() + n);
    std::sort(ys.begin(), ys.end());
    std::vector<long double> pre(n + 1, 0.0L);
    for (Index k = 0; k < n; ++k) pre[k + 1] = pre[k] + ys[k];
    auto sum_range = [&](Index lo, Index hi) { return double(pre[hi] - pre[lo]); };
    // thresholds: "full" above hi_t, "partial" in (lo_t, hi_t]
    double lo_t = 0, hi_t = 0;
    switch (s.function) {
        case Preference::usual: lo_t = hi_t = 0; break;
        case Preference::ushape: lo_t = hi_t = s.q; break;
        case Preference::vshape: lo_t = 0; hi_t = s.p; break;
        case Preference::level:
        case Preference::vshape_2: lo_t = s.q; hi_t = s.p; break;
        case Preference::gaussian: break;
    }
    const bool partial = hi_t > lo_t;
    auto part_plus = [&](double ya, Index lo, Index hi) -> double {  // b in [lo,hi): d = ya - yb
        const Index c = hi - lo;
        if (c <= 0) return 0.0;
        switch (s.function) {
            case Preference::vshape: return (double(c) * ya - sum_range(lo, hi)) / s.p;
            case Preference::level: return 0.5 * double(c);
            case Preference::vshape_2:
                return (double(c) * (ya - s.q) - sum_range(lo, hi)) / (s.p - s.q);
            default: return 0.0;
        }
    };
    auto part_minus = [&](double ya, Index lo, Index hi) -> double {  // d = yb - ya
        const Index c = hi - lo;
        if (c <= 0) return 0.0;
        switch (s.function) {
            case Preference::vshape: return (sum_range(lo, hi) - double(c) * ya) / s.p;
            case Preference::level: return 0.5 * double(c);
            case Preference::vshape_2:
                return (sum_range(lo, hi) - double(c) * (ya + s.q)) / (s.p - s.q);
            default: return 0.0;
        }
    };
    for (Index a = 0; a < n; ++a) {
        const double ya = y[a];
        // plus: d = ya - yb decreasing in yb; {d > t} is a prefix of ys.
        const Index k_hi = std::partition_point(ys.begin(), ys.end(),
                                                [&](double yb) { return ya - yb > hi_t; }) - ys.begin();
        double plus = double(k_hi);
        if (partial) {
            const Index k_lo = std::partition_point(ys.begin(), ys.end(),
                                                    [&](double yb) { return ya - yb > lo_t; }) - ys.begin();
            plus += part_plus(ya, k_hi, k_lo);
        }
        // minus: d = yb - ya increasing in yb; {d > t} is a suffix.
        const Index m_hi = std::partition_point(ys.begin(), ys.end(),
                                                [&](double yb) { return !(yb - ya > hi_t); }) - ys.begin();
        double minus = double(n - m_hi);
        if (partial) {
            const Index m_lo = std::partition_point(ys.begin(), ys.end(),
                                                    [&](double yb) { return !(yb - ya > lo_t); }) - ys.begin();
            minus += part_minus(ya, m_lo, m_hi);
        }
        out[a] = plus - minus;
    }
}

}  // namespace

Matrix promethee_criterion_flows(const Matrix& x, const Types& types,
                                 const std::vector<PreferenceSpec>& prefs) {
    check_finite(x, "matrix");
    check_types(types, x.cols());
    check_prefs(prefs, x.cols());
    const Index n = x.rows(), m = x.cols();
    Matrix f(n, m);
    if (n < 2) { f.setZero(); return f; }
    for (Index j = 0; j < m; ++j) {
        const PreferenceSpec& s = prefs.size() == 1 ? prefs[0] : prefs[j];
        Vector y = types[j] == 1 ? Vector(x.col(j)) : Vector(-x.col(j));
        criterion_net_flow(y, s, f.col(j));
    }
    f /= double(n - 1);
    return f;
}

namespace {
// phi+ and phi- separately (phi+ - phi- = F w); needs per-criterion plus/minus: recompute
// with the reference formulation only where asked. For speed we derive phi+ from F:
// sum_b [pi(a,b) + pi(b,a)] is not linear-free, so compute plus sums directly.
}  // namespace

PrometheeResult promethee2(const Matrix& x, const Vector& w, const Types& types,
                           const std::vector<PreferenceSpec>& prefs) {
    check_weights(w, x.cols());
    const Index n = x.rows(), m = x.cols();
    if (n == 0) throw input_error("matrix", "rows", "no alternatives");
    PrometheeResult r;
    r.criterion_flows = promethee_criterion_flows(x, types, prefs);
    r.phi = r.criterion_flows * w;
    // phi+ alone: sum_j w_j plus_j(a)/(n-1). Computed with the same sorted pass, plus only.
    r.phi_plus = Vector::Zero(n);
    if (n >= 2) {
        for (Index j = 0; j < m; ++j) {
            const PreferenceSpec& s = prefs.size() == 1 ? prefs[0] : prefs[j];
            Vector y = types[j] == 1 ? Vector(x.col(j)) : Vector(-x.col(j));
            // plus_j(a) = (net + pair_total)/2 where pair_total = sum_b P(ya-yb)+P(yb-ya);
            // simpler: evaluate plus directly via a mirrored call on reversed preference is
            // not available, so do it the direct way for small n and the sorted way otherwise.
            Vector plus(n);
            if (s.function == Preference::gaussian || n <= 64) {
                for (Index a = 0; a < n; ++a) {
                    double acc = 0;
                    for (Index b = 0; b < n; ++b) acc += pref_value(s, y[a] - y[b]);
                    plus[a] = acc;
                }
            } else {
                std::vector<double> ys(y.data(), y.data() + n);
                std::sort(ys.begin(), ys.end());
                std::vector<long double> pre(n + 1, 0.0L);
                for (Index k = 0; k < n; ++k) pre[k + 1] = pre[k] + ys[k];
                double lo_t = 0, hi_t = 0;
                if (s.function == Preference::ushape) lo_t = hi_t = s.q;
                if (s.function == Preference::vshape) hi_t = s.p;
                if (s.function == Preference::level || s.function == Preference::vshape_2) {
                    lo_t = s.q;
                    hi_t = s.p;
                }
                for (Index a = 0; a < n; ++a) {
                    const double ya = y[a];
                    const Index k_hi = std::partition_point(ys.begin(), ys.end(),
                                           [&](double yb) { return ya - yb > hi_t; }) - ys.begin();
                    double p = double(k_hi);
                    if (hi_t > lo_t) {
                        const Index k_lo = std::partition_point(ys.begin(), ys.end(),
                                               [&](double yb) { return ya - yb > lo_t; }) - ys.begin();
                        const Index c = k_lo - k_hi;
                        if (c > 0) {
                            const double sr = double(pre[k_lo] - pre[k_hi]);
                            if (s.function == Preference::vshape) p += (double(c) * ya - sr) / s.p;
                            else if (s.function == Preference::level) p += 0.5 * double(c);
                            else p += (double(c) * (ya - s.q) - sr) / (s.p - s.q);
                        }
                    }
                    plus[a] = p;
                }
            }
            r.phi_plus += w[j] * plus / double(n - 1);
        }
        r.phi_minus = r.phi_plus - r.phi;
    } else {
        r.phi_minus = Vector::Zero(n);
        r.notes.push_back("one alternative only: all flows are 0");
    }
    r.rank = rank(r.phi, true);
    return r;
}

PrometheeResult promethee2_reference(const Matrix& x, const Vector& w, const Types& types,
                                     const std::vector<PreferenceSpec>& prefs) {
    check_finite(x, "matrix");
    check_types(types, x.cols());
    check_weights(w, x.cols());
    check_prefs(prefs, x.cols());
    const Index n = x.rows(), m = x.cols();
    Matrix pi = Matrix::Zero(n, n);
    for (Index j = 0; j < m; ++j) {
        const PreferenceSpec& s = prefs.size() == 1 ? prefs[0] : prefs[j];
        for (Index a = 0; a < n; ++a)
            for (Index b = 0; b < n; ++b) {
                const double d = types[j] == 1 ? x(a, j) - x(b, j) : x(b, j) - x(a, j);
                pi(a, b) += w[j] * pref_value(s, d);
            }
    }
    PrometheeResult r;
    r.phi_plus = pi.rowwise().sum() / double(n - 1);
    r.phi_minus = pi.colwise().sum().transpose() / double(n - 1);
    r.phi = r.phi_plus - r.phi_minus;
    r.rank = rank(r.phi, true);
    return r;
}

}  // namespace hatchnet::evaluate
