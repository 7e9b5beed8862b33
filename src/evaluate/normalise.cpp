// evaluate_normalise.cpp — column normalisation and imputation (see normalise.hpp).
#include "hatchnet/evaluate/normalise.hpp"

#include "hatchnet/error.hpp"

#include "../detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace hatchnet::evaluate {

std::string_view to_string(Normalisation n) noexcept {
    switch (n) {
        case Normalisation::minmax: return "minmax";
        case Normalisation::zscore: return "zscore";
        case Normalisation::goalposts: return "goalposts";
        case Normalisation::rank: return "rank";
        case Normalisation::vector: return "vector";
        case Normalisation::sum: return "sum";
        case Normalisation::none: return "none";
    }
    return "?";
}

std::optional<Normalisation> parse_normalisation(std::string_view s) noexcept {
    if (s == "minmax" || s == "min-max") return Normalisation::minmax;
    if (s == "zscore" || s == "z-score") return Normalisation::zscore;
    if (s == "goalposts" || s == "target") return Normalisation::goalposts;
    if (s == "rank") return Normalisation::rank;
    if (s == "vector" || s == "l2") return Normalisation::vector;
    if (s == "sum") return Normalisation::sum;
    if (s == "none") return Normalisation::none;
    return std::nullopt;
}

std::string_view to_string(Imputation i) noexcept {
    switch (i) {
        case Imputation::none: return "none";
        case Imputation::mean: return "mean";
        case Imputation::median: return "median";
        case Imputation::group_mean: return "group_mean";
        case Imputation::zero: return "zero";
        case Imputation::leave_out: return "leave_out";
    }
    return "?";
}

std::optional<Imputation> parse_imputation(std::string_view s) noexcept {
    if (s == "none" || s == "error") return Imputation::none;
    if (s == "mean") return Imputation::mean;
    if (s == "median") return Imputation::median;
    if (s == "group_mean") return Imputation::group_mean;
    if (s == "zero") return Imputation::zero;
    if (s == "leave_out") return Imputation::leave_out;
    return std::nullopt;
}

namespace {

using hatchnet::detail::num;

}  // namespace

Vector normalise_column(const Vector& x, bool cost, Normalisation method, double low,
                        double high, bool clip, Notes* notes, const std::string& label) {
    const Index n = x.size();
    Vector out(n);
    // statistics over present (non-NaN) values
    Index cnt = 0;
    double mn = INFINITY, mx = -INFINITY, sum = 0;
    for (Index i = 0; i < n; ++i) {
        const double v = x[i];
        if (std::isnan(v)) continue;
        if (!std::isfinite(v))
            throw input_error("row " + std::to_string(i), label, "value is infinite");
        ++cnt;
        mn = std::min(mn, v);
        mx = std::max(mx, v);
        sum += v;
    }
    auto note = [&](const std::string& s) { if (notes) notes->push_back(label + ": " + s); };
    auto keep_nan = [&](auto f) {
        for (Index i = 0; i < n; ++i) out[i] = std::isnan(x[i]) ? x[i] : f(x[i]);
    };
    if (cnt == 0 && method != Normalisation::none && method != Normalisation::goalposts) {
        note("every value is missing; column left as missing");
        out.setConstant(NAN);
        return out;
    }
    switch (method) {
        case Normalisation::none: out = x; break;
        case Normalisation::minmax: {
            if (mn == mx) {
                note("constant column (" + num(mn) + "): min-max gives 1 for every row");
                keep_nan([](double) { return 1.0; });
            } else if (cost) {
                keep_nan([&](double v) { return (mx - v) / (mx - mn); });
            } else {
                keep_nan([&](double v) { return (v - mn) / (mx - mn); });
            }
            break;
        }
        case Normalisation::zscore: {
            const double mean = sum / double(cnt);
            double ss = 0;
            for (Index i = 0; i < n; ++i)
                if (!std::isnan(x[i])) ss += (x[i] - mean) * (x[i] - mean);
            const double sd = cnt > 1 ? std::sqrt(ss / double(cnt - 1)) : 0.0;
            if (sd == 0) {
                note(cnt > 1 ? "constant column (" + num(mn) + "): z-score gives 0 for every row"
                             : "one value only: z-score gives 0");
                keep_nan([](double) { return 0.0; });
            } else {
                const double s = cost ? -1.0 : 1.0;
                keep_nan([&](double v) { return s * (v - mean) / sd; });
            }
            break;
        }
        case Normalisation::goalposts: {
            if (!std::isfinite(low) || !std::isfinite(high) || low == high)
                throw input_error(label, "goalposts",
                                  "low and high goalposts must be finite and differ (low " +
                                      num(low) + ", high " + num(high) + ")");
            keep_nan([&](double v) {
                double f = cost ? (high - v) / (high - low) : (v - low) / (high - low);
                if (clip) f = std::clamp(f, 0.0, 1.0);
                return f;
            });
            break;
        }
        case Normalisation::rank: {
            std::vector<Index> present;
            present.reserve(cnt);
            for (Index i = 0; i < n; ++i)
                if (!std::isnan(x[i])) present.push_back(i);
            Vector xs(cnt);
            for (Index k = 0; k < cnt; ++k) xs[k] = x[present[k]];
            // ascending for benefit: the best (largest) gets rank n -> 1
            Vector r = rank(xs, /*higher_is_better=*/cost, TieMethod::average);
            out.setConstant(NAN);
            if (mn == mx) note("constant column (" + num(mn) + "): rank gives 0.5 for every row");
            for (Index k = 0; k < cnt; ++k)
                out[present[k]] = cnt == 1 ? 1.0 : (r[k] - 1.0) / double(cnt - 1);
            break;
        }
        case Normalisation::vector: {
            double ss = 0;
            for (Index i = 0; i < n; ++i)
                if (!std::isnan(x[i])) ss += x[i] * x[i];
            const double norm = std::sqrt(ss);
            if (norm == 0) {
                note("all-zero column: vector normalisation gives 1 for every row");
                keep_nan([](double) { return 1.0; });
            } else if (cost) {
                keep_nan([&](double v) { return 1.0 - v / norm; });
            } else {
                keep_nan([&](double v) { return v / norm; });
            }
            break;
        }
        case Normalisation::sum: {
            for (Index i = 0; i < n; ++i)
                if (!std::isnan(x[i]) && x[i] <= 0)
                    throw input_error("row " + std::to_string(i), label,
                                      "sum normalisation needs values > 0, got " + num(x[i]));
            if (cost) {
                double s = 0;
                for (Index i = 0; i < n; ++i)
                    if (!std::isnan(x[i])) s += 1.0 / x[i];
                keep_nan([&](double v) { return (1.0 / v) / s; });
            } else {
                keep_nan([&](double v) { return v / sum; });
            }
            break;
        }
    }
    return out;
}

Normalised normalise(const Matrix& x, const Types& types, const NormaliseOptions& opt,
                     const std::vector<std::string>* column_names) {
    if (types.size() != 0) check_types(types, x.cols());
    if (opt.method == Normalisation::goalposts &&
        (opt.low.size() != x.cols() || opt.high.size() != x.cols()))
        throw input_error("goalposts", "low/high",
                          "need one low and one high goalpost per column (" +
                              std::to_string(x.cols()) + ")");
    Normalised r;
    r.values.resize(x.rows(), x.cols());
    for (Index j = 0; j < x.cols(); ++j) {
        const bool cost = types.size() != 0 && types[j] == -1;
        const double lo = opt.method == Normalisation::goalposts ? opt.low[j] : 0.0;
        const double hi = opt.method == Normalisation::goalposts ? opt.high[j] : 1.0;
        r.values.col(j) = normalise_column(x.col(j), cost, opt.method, lo, hi, opt.clip,
                                           &r.notes, column_label(j, column_names));
    }
    return r;
}

namespace {

double median_of(std::vector<double>& v) {
    const std::size_t n = v.size();
    std::nth_element(v.begin(), v.begin() + n / 2, v.end());
    double m = v[n / 2];
    if (n % 2 == 0) {
        const double lo = *std::max_element(v.begin(), v.begin() + n / 2);
        m = 0.5 * (lo + m);
    }
    return m;
}

}  // namespace

Imputed impute(const Matrix& x, Imputation method, const Eigen::VectorXi* groups,
               const std::vector<std::string>* column_names) {
    Imputed r;
    r.values = x;
    r.missing = x.array().isNaN();
    r.missing_per_column = r.missing.cast<int>().colwise().sum().transpose();
    r.missing_total = r.missing_per_column.sum();
    for (Index j = 0; j < x.cols(); ++j)
        for (Index i = 0; i < x.rows(); ++i)
            if (std::isinf(x(i, j)))
                throw input_error("row " + std::to_string(i), column_label(j, column_names),
                                  "value is infinite");
    if (method == Imputation::group_mean) {
        if (!groups || groups->size() != x.rows())
            throw input_error("groups", "size",
                              "group_mean imputation needs one group per row (" +
                                  std::to_string(x.rows()) + ")");
    }
    for (Index j = 0; j < x.cols(); ++j) {
        const int miss = r.missing_per_column[j];
        if (miss == 0) continue;
        const std::string label = column_label(j, column_names);
        const std::string head = label + ": " + std::to_string(miss) + " of " +
                                 std::to_string(x.rows()) + " values missing";
        if (method == Imputation::none) {
            for (Index i = 0; i < x.rows(); ++i)
                if (r.missing(i, j))
                    throw input_error("row " + std::to_string(i), label,
                                      "value is missing (NaN) and imputation is 'none'");
        }
        if (method == Imputation::leave_out) {
            r.notes.push_back(head + "; left out (weights re-normalised over the present "
                                     "indicators of each unit)");
            continue;
        }
        if (method == Imputation::zero) {
            for (Index i = 0; i < x.rows(); ++i)
                if (r.missing(i, j)) r.values(i, j) = 0.0;
            r.notes.push_back(head + "; replaced by 0");
            continue;
        }
        if (miss == x.rows())
            throw input_error(label, "values",
                              "every value is missing; nothing to impute from (use "
                              "leave_out or zero, or drop the indicator)");
        std::vector<double> present;
        present.reserve(x.rows() - miss);
        for (Index i = 0; i < x.rows(); ++i)
            if (!r.missing(i, j)) present.push_back(x(i, j));
        double colmean = 0;
        for (double v : present) colmean += v;
        colmean /= double(present.size());
        if (method == Imputation::mean) {
            for (Index i = 0; i < x.rows(); ++i)
                if (r.missing(i, j)) r.values(i, j) = colmean;
            r.notes.push_back(head + "; replaced by the column mean " + num(colmean));
        } else if (method == Imputation::median) {
            const double med = median_of(present);
            for (Index i = 0; i < x.rows(); ++i)
                if (r.missing(i, j)) r.values(i, j) = med;
            r.notes.push_back(head + "; replaced by the column median " + num(med));
        } else if (method == Imputation::group_mean) {
            std::map<int, std::pair<double, Index>> acc;
            for (Index i = 0; i < x.rows(); ++i)
                if (!r.missing(i, j)) {
                    auto& a = acc[(*groups)[i]];
                    a.first += x(i, j);
                    a.second += 1;
                }
            Index fallback = 0;
            for (Index i = 0; i < x.rows(); ++i) {
                if (!r.missing(i, j)) continue;
                auto it = acc.find((*groups)[i]);
                if (it == acc.end()) {
                    r.values(i, j) = colmean;
                    ++fallback;
                } else {
                    r.values(i, j) = it->second.first / double(it->second.second);
                }
            }
            std::string s = head + "; replaced by the mean of the unit's group";
            if (fallback)
                s += " (" + std::to_string(fallback) +
                     " in groups with no value at all: column mean " + num(colmean) + ")";
            r.notes.push_back(s);
        }
    }
    return r;
}

}  // namespace hatchnet::evaluate
