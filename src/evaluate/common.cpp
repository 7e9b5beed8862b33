// evaluate_common.cpp — ranks and input checks shared by the evaluation engine.
// See include/hatchnet/evaluate/common.hpp for the conventions.
#include "hatchnet/evaluate/common.hpp"

#include "hatchnet/error.hpp"

#include "../detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hatchnet::evaluate {

std::string column_label(Index j, const std::vector<std::string>* names) {
    if (names && j >= 0 && static_cast<std::size_t>(j) < names->size() && !(*names)[j].empty())
        return (*names)[j];
    return "column " + std::to_string(j);
}

Vector rank(const Vector& scores, bool higher_is_better, TieMethod ties) {
    const Index n = scores.size();
    for (Index i = 0; i < n; ++i)
        if (std::isnan(scores[i]))
            throw input_error("row " + std::to_string(i), "score", "score is NaN; cannot rank");
    std::vector<Index> idx(n);
    std::iota(idx.begin(), idx.end(), Index{0});
    if (higher_is_better)
        std::stable_sort(idx.begin(), idx.end(),
                         [&](Index a, Index b) { return scores[a] > scores[b]; });
    else
        std::stable_sort(idx.begin(), idx.end(),
                         [&](Index a, Index b) { return scores[a] < scores[b]; });
    Vector r(n);
    Index dense = 0;
    for (Index i = 0; i < n;) {
        Index j = i;
        while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) ++j;
        ++dense;
        for (Index k = i; k <= j; ++k) {
            double v = 0;
            switch (ties) {
                case TieMethod::average: v = 0.5 * double(i + 1 + j + 1); break;
                case TieMethod::min: v = double(i + 1); break;
                case TieMethod::dense: v = double(dense); break;
                case TieMethod::ordinal: v = double(k + 1); break;
            }
            r[idx[k]] = v;
        }
        i = j + 1;
    }
    return r;
}

void check_finite(const Matrix& m, const std::string& what) {
    for (Index j = 0; j < m.cols(); ++j)
        for (Index i = 0; i < m.rows(); ++i)
            if (!std::isfinite(m(i, j)))
                throw input_error("row " + std::to_string(i), "column " + std::to_string(j),
                                  what + " value is " + (std::isnan(m(i, j)) ? "NaN" : "infinite") +
                                      " (impute missing values first, see impute())");
}

void check_finite(const Vector& v, const std::string& what) {
    for (Index i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            throw input_error(what, "[" + std::to_string(i) + "]",
                              std::string("value is ") + (std::isnan(v[i]) ? "NaN" : "infinite"));
}

void check_types(const Types& types, Index ncols) {
    if (types.size() != ncols)
        throw input_error("types", "size",
                          "has " + std::to_string(types.size()) + " entries, matrix has " +
                              std::to_string(ncols) + " columns");
    for (Index j = 0; j < ncols; ++j)
        if (types[j] != 1 && types[j] != -1)
            throw input_error("types", "[" + std::to_string(j) + "]",
                              "criterion type must be +1 (benefit) or -1 (cost), got " +
                                  std::to_string(types[j]));
}

void check_weights(const Vector& w, Index ncols, double tol) {
    if (w.size() != ncols)
        throw input_error("weights", "size",
                          "has " + std::to_string(w.size()) + " entries, matrix has " +
                              std::to_string(ncols) + " columns");
    check_finite(w, "weights");
    for (Index j = 0; j < w.size(); ++j)
        if (w[j] < 0)
            throw input_error("weights", "[" + std::to_string(j) + "]",
                              "weight is negative (" + std::to_string(w[j]) + ")");
    const double s = w.sum();
    if (std::abs(s - 1.0) > tol) {
        throw input_error("weights", "sum",
                          "weights sum to " + hatchnet::detail::num(s, 12) +
                              ", not 1; rescale explicitly with normalise_weights() (hatchnet never "
                              "divides by the weight sum silently)");
    }
}

}  // namespace hatchnet::evaluate
