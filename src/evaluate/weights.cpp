// evaluate_weights.cpp — weights: given, equal, AHP, entropy, CRITIC, std (see weights.hpp).
#include "hatchnet/evaluate/weights.hpp"

#include "hatchnet/error.hpp"

#include "../detail/format.hpp"
#include "../detail/rng.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <map>
#include <mutex>
#include <sstream>

namespace hatchnet::evaluate {

namespace {
using hatchnet::detail::num;
}  // namespace

NormalisedWeights normalise_weights(const Vector& w, Index m) {
    if (m >= 0 && w.size() != m)
        throw input_error("weights", "size", "has " + std::to_string(w.size()) +
                                                 " entries, expected " + std::to_string(m));
    if (w.size() == 0) throw input_error("weights", "size", "no weights given");
    check_finite(w, "weights");
    for (Index j = 0; j < w.size(); ++j)
        if (w[j] < 0)
            throw input_error("weights", "[" + std::to_string(j) + "]",
                              "weight is negative (" + num(w[j]) + ")");
    const double s = w.sum();
    if (!(s > 0)) throw input_error("weights", "sum", "weights sum to 0; cannot normalise");
    NormalisedWeights r;
    r.original_sum = s;
    r.weights = w / s;
    r.note = s == 1.0 ? "weights already summed to 1; unchanged"
                      : "weights summed to " + num(s) + "; each divided by " + num(s);
    return r;
}

Vector given_weights(const Vector& w, Index m, double tol) {
    check_weights(w, m, tol);
    return w;
}

Vector equal_weights(Index m) {
    if (m <= 0) throw input_error("weights", "m", "need at least one criterion");
    return Vector::Constant(m, 1.0 / double(m));
}

// ------------------------------------------------------------------------------- AHP
namespace {

const double kSaaty[15] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                           1.51, 1.48, 1.56, 1.57, 1.59};
const double kTummalaLing[15] = {0, 0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952,
                                 1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831};
const double kAlonsoLamata[15] = {0, 0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
                                  1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838};

double max_real_eigenvalue(const Matrix& a) {
    Eigen::EigenSolver<Matrix> es(a, /*computeEigenvectors=*/false);
    const auto ev = es.eigenvalues();
    double lm = -INFINITY;
    for (Index i = 0; i < ev.size(); ++i) lm = std::max(lm, ev[i].real());
    return lm;
}

double simulated_ri(Index n) {
    static std::mutex mu;
    static std::map<Index, double> cache;
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(n);
    if (it != cache.end()) return it->second;
    static const double scale[17] = {1.0 / 9, 1.0 / 8, 1.0 / 7, 1.0 / 6, 1.0 / 5, 1.0 / 4,
                                     1.0 / 3, 1.0 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    // below(17) was `rng() % 17`: 2^64 - 1 is a multiple of 17, so the unbiased draw rejects
    // only the raw value 2^64 - 1 and otherwise returns the same index (the RIs are unchanged)
    hatchnet::detail::Rng rng(20240607ULL + std::uint64_t(n));
    const int trials = 2000;
    double acc = 0;
    Matrix a(n, n);
    for (int t = 0; t < trials; ++t) {
        for (Index i = 0; i < n; ++i) {
            a(i, i) = 1;
            for (Index j = i + 1; j < n; ++j) {
                const double v = scale[rng.below(17)];
                a(i, j) = v;
                a(j, i) = 1.0 / v;
            }
        }
        acc += max_real_eigenvalue(a);
    }
    const double lm = acc / trials;
    const double ri = (lm - double(n)) / double(n - 1);
    cache[n] = ri;
    return ri;
}

}  // namespace

double random_index(Index n, RandomIndex table, bool* estimated) {
    if (estimated) *estimated = false;
    if (n <= 0) throw input_error("pairwise", "size", "empty pairwise matrix");
    if (n <= 15) {
        switch (table) {
            case RandomIndex::saaty: return kSaaty[n - 1];
            case RandomIndex::tummala_ling: return kTummalaLing[n - 1];
            case RandomIndex::alonso_lamata: return kAlonsoLamata[n - 1];
        }
    }
    if (estimated) *estimated = true;
    return simulated_ri(n);
}

AhpResult ahp_weights(const Matrix& a, double cr_threshold, AhpMethod method, RandomIndex table,
                      double reciprocity_tol) {
    const Index n = a.rows();
    if (n == 0 || a.cols() != n)
        throw input_error("pairwise", "shape",
                          "pairwise matrix must be square and non-empty, got " +
                              std::to_string(a.rows()) + "x" + std::to_string(a.cols()));
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < n; ++j) {
            const std::string cell = "[" + std::to_string(i) + "," + std::to_string(j) + "]";
            if (!std::isfinite(a(i, j)))
                throw input_error("pairwise", cell, "entry is not finite");
            if (a(i, j) <= 0)
                throw input_error("pairwise", cell, "entry must be > 0, got " + num(a(i, j)));
        }
    for (Index i = 0; i < n; ++i)
        if (std::abs(a(i, i) - 1.0) > reciprocity_tol)
            throw input_error("pairwise", "[" + std::to_string(i) + "," + std::to_string(i) + "]",
                              "diagonal entry must be 1, got " + num(a(i, i)));
    for (Index i = 0; i < n; ++i)
        for (Index j = i + 1; j < n; ++j)
            if (std::abs(a(i, j) * a(j, i) - 1.0) > reciprocity_tol)
                throw input_error("pairwise",
                                  "[" + std::to_string(j) + "," + std::to_string(i) + "]",
                                  "not reciprocal: a[" + std::to_string(i) + "," +
                                      std::to_string(j) + "] = " + num(a(i, j)) + " so a[" +
                                      std::to_string(j) + "," + std::to_string(i) +
                                      "] must be " + num(1.0 / a(i, j)) + ", got " +
                                      num(a(j, i)));
    AhpResult r;
    if (method == AhpMethod::eigenvector) {
        Eigen::EigenSolver<Matrix> es(a, true);
        const auto ev = es.eigenvalues();
        Index best = 0;
        for (Index i = 1; i < n; ++i)
            if (std::abs(ev[i]) > std::abs(ev[best])) best = i;
        Vector w = es.eigenvectors().col(best).real();
        r.weights = w / w.sum();
        r.lambda_max = -INFINITY;
        for (Index i = 0; i < n; ++i) r.lambda_max = std::max(r.lambda_max, ev[i].real());
    } else {
        Vector w(n);
        for (Index i = 0; i < n; ++i) w[i] = std::exp(a.row(i).array().log().mean());
        r.weights = w / w.sum();
        r.lambda_max = ((a * r.weights).array() / r.weights.array()).mean();
    }
    if (n <= 2) {
        r.ci = 0;
        r.cr = 0;
        r.ri = 0;
        r.notes.push_back("n <= 2: a reciprocal matrix is always consistent (CR = 0)");
    } else {
        bool est = false;
        r.ri = random_index(n, table, &est);
        r.ci = (r.lambda_max - double(n)) / double(n - 1);
        r.cr = r.ci / r.ri;
        if (est)
            r.notes.push_back("n = " + std::to_string(n) +
                              " > 15: random index " + num(r.ri) +
                              " estimated by simulation (2000 random reciprocal matrices, "
                              "Saaty scale, fixed seed)");
    }
    r.consistent = r.cr <= cr_threshold;
    if (!r.consistent)
        throw input_error("pairwise", "consistency_ratio",
                          "consistency ratio " + num(r.cr) + " exceeds the threshold " +
                              num(cr_threshold) + " (lambda_max " + num(r.lambda_max) +
                              ", CI " + num(r.ci) + ", RI " + num(r.ri) +
                              "); revise the judgements or raise the threshold");
    return r;
}

// ----------------------------------------------------------------- objective weights
Vector entropy_weights(const Matrix& x, Notes* notes) {
    const Index n = x.rows(), m = x.cols();
    if (n < 2) throw input_error("matrix", "rows", "entropy weights need at least 2 rows");
    check_finite(x, "matrix");
    Vector d(m);
    for (Index j = 0; j < m; ++j) {
        const double s = x.col(j).sum();
        for (Index i = 0; i < n; ++i)
            if (x(i, j) < 0)
                throw input_error("row " + std::to_string(i), "column " + std::to_string(j),
                                  "entropy weights need values >= 0, got " + num(x(i, j)));
        if (s == 0)
            throw input_error("column " + std::to_string(j), "values",
                              "all-zero column: entropy is undefined");
        double e = 0;
        for (Index i = 0; i < n; ++i) {
            const double p = x(i, j) / s;
            if (p > 0) e -= p * std::log(p);
        }
        d[j] = 1.0 - e / std::log(double(n));
        if ((x.col(j).array() == x(0, j)).all() && notes)
            notes->push_back("column " + std::to_string(j) + " is constant: entropy weight 0");
    }
    const double t = d.sum();
    if (!(t > 0))
        throw input_error("matrix", "columns",
                          "every column has maximal entropy (all constant): no entropy weights");
    return d / t;
}

Vector std_weights(const Matrix& x, Notes* notes) {
    const Index n = x.rows();
    if (n < 2) throw input_error("matrix", "rows", "standard-deviation weights need 2 rows");
    check_finite(x, "matrix");
    Vector sd(x.cols());
    for (Index j = 0; j < x.cols(); ++j) {
        const double mean = x.col(j).mean();
        sd[j] = std::sqrt((x.col(j).array() - mean).square().sum() / double(n - 1));
        if (sd[j] == 0 && notes)
            notes->push_back("column " + std::to_string(j) + " is constant: weight 0");
    }
    const double t = sd.sum();
    if (!(t > 0)) throw input_error("matrix", "columns", "every column is constant: no std weights");
    return sd / t;
}

Vector critic_weights(const Matrix& x, const Types& types, Notes* notes) {
    const Index n = x.rows(), m = x.cols();
    if (n < 2) throw input_error("matrix", "rows", "CRITIC weights need at least 2 rows");
    check_finite(x, "matrix");
    if (types.size()) check_types(types, m);
    Matrix z(n, m);
    std::vector<char> active(m, 1);
    for (Index j = 0; j < m; ++j) {
        const double mn = x.col(j).minCoeff(), mx = x.col(j).maxCoeff();
        if (mn == mx) {
            active[j] = 0;
            z.col(j).setConstant(1.0);
            if (notes)
                notes->push_back("column " + std::to_string(j) +
                                 " is constant: CRITIC weight 0, left out of the correlations");
            continue;
        }
        if (types.size() && types[j] == -1)
            z.col(j) = (mx - x.col(j).array()) / (mx - mn);
        else
            z.col(j) = (x.col(j).array() - mn) / (mx - mn);
    }
    Vector sd(m), mean(m);
    for (Index j = 0; j < m; ++j) {
        mean[j] = z.col(j).mean();
        sd[j] = std::sqrt((z.col(j).array() - mean[j]).square().sum() / double(n - 1));
    }
    Vector c = Vector::Zero(m);
    for (Index j = 0; j < m; ++j) {
        if (!active[j]) continue;
        double acc = 0;
        const auto zj = (z.col(j).array() - mean[j]);
        const double sj = std::sqrt(zj.square().sum());
        for (Index k = 0; k < m; ++k) {
            if (!active[k]) continue;
            double r = 1.0;
            if (k != j) {
                const auto zk = (z.col(k).array() - mean[k]);
                r = (zj * zk).sum() / (sj * std::sqrt(zk.square().sum()));
            }
            acc += 1.0 - r;
        }
        c[j] = sd[j] * acc;
    }
    const double t = c.sum();
    if (!(t > 0))
        throw input_error("matrix", "columns",
                          "CRITIC weights undefined: fewer than two non-constant columns or "
                          "all columns perfectly correlated");
    return c / t;
}

}  // namespace hatchnet::evaluate
