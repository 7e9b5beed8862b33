// Gini, Theil and the Theil decomposition (hatchnet/algo/inequality.hpp). Included by that
// header in header-only mode, by src/algo/inequality.cpp (which instantiates the double
// versions once), or by a program of the compiled mode that wants another value type (see
// hatchnet/algo/config.hpp). Templates only: including it twice in a program is harmless.
#pragma once

#include "hatchnet/algo/inequality.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "hatchnet/error.hpp"

namespace hatchnet::algo {

namespace detail::inequality {

/// The units kept (weight > 0), their weights (1 when unweighted) and original positions.
template <class T>
struct Clean {
    std::vector<T> x, w;
    std::size_t excluded = 0;
    std::vector<std::size_t> pos;  // original positions kept
};

template <class T>
Clean<T> prepare(std::span<const T> x, std::span<const T> w, const char* what) {
    if (x.empty()) throw input_error(what, "values", "no values given");
    if (!w.empty() && w.size() != x.size())
        throw input_error(what, "weights",
                          "weights and values differ in length (" + std::to_string(w.size()) + " vs " +
                              std::to_string(x.size()) + ")");
    Clean<T> c;
    c.x.reserve(x.size());
    c.w.reserve(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        T wi = w.empty() ? T(1) : w[i];
        if (!std::isfinite(x[i]) || x[i] < 0)
            throw input_error(std::string(what) + " value " + std::to_string(i), "values",
                              "must be a finite non-negative number");
        if (!std::isfinite(wi) || wi < 0)
            throw input_error(std::string(what) + " weight " + std::to_string(i), "weights",
                              "must be a finite non-negative number");
        if (wi == 0) {
            ++c.excluded;
            continue;
        }
        c.x.push_back(x[i]);
        c.w.push_back(wi);
        c.pos.push_back(i);
    }
    if (c.x.empty()) throw input_error(what, "weights", "every weight is zero");
    return c;
}

template <class T>
T theil_of(const std::vector<T>& x, const std::vector<T>& w) {
    T P = 0, Y = 0;
    for (std::size_t i = 0; i < x.size(); ++i) P += w[i], Y += w[i] * x[i];
    if (Y <= 0) return T(0);
    T mu = Y / P, t = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i] > 0) t += (w[i] / P) * (x[i] / mu) * std::log(x[i] / mu);
    return std::max(T(0), t);
}

}  // namespace detail::inequality

template <class T>
T gini(std::span<const T> x, std::span<const T> w) {
    auto c = detail::inequality::prepare<T>(x, w, "gini");
    const std::size_t n = c.x.size();
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return c.x[a] < c.x[b]; });
    T P = 0, Y = 0;
    for (std::size_t i = 0; i < n; ++i) P += c.w[i], Y += c.w[i] * c.x[i];
    if (Y <= 0) return T(0);
    T before = 0, s = 0;
    for (auto i : idx) {
        T after = P - before - c.w[i];
        s += c.w[i] * c.x[i] * (before - after);
        before += c.w[i];
    }
    return std::max(T(0), s / (P * Y));
}

template <class T>
T theil(std::span<const T> x, std::span<const T> w) {
    auto c = detail::inequality::prepare<T>(x, w, "theil");
    return detail::inequality::theil_of(c.x, c.w);
}

template <class T>
BasicTheilDecomposition<T> theil_decompose(std::span<const T> x, std::span<const T> w,
                                           std::span<const std::uint32_t> group) {
    if (group.size() != x.size())
        throw input_error("theil", "groups",
                          "groups and values differ in length (" + std::to_string(group.size()) + " vs " +
                              std::to_string(x.size()) + ")");
    auto c = detail::inequality::prepare<T>(x, w, "theil");
    std::uint32_t G = 0;
    for (auto p : c.pos) G = std::max(G, group[p] + 1);
    BasicTheilDecomposition<T> d;
    std::vector<T> Pg(G, 0), Yg(G, 0);
    T P = 0, Y = 0;
    for (std::size_t i = 0; i < c.x.size(); ++i) {
        auto g = group[c.pos[i]];
        Pg[g] += c.w[i];
        Yg[g] += c.w[i] * c.x[i];
        P += c.w[i];
        Y += c.w[i] * c.x[i];
    }
    d.group_theil.assign(G, T(0));
    d.group_share.assign(G, T(0));
    if (Y <= 0) return d;
    T mu = Y / P;
    std::vector<T> Tg(G, 0);
    for (std::size_t i = 0; i < c.x.size(); ++i) {
        auto g = group[c.pos[i]];
        if (c.x[i] <= 0 || Yg[g] <= 0) continue;
        T mug = Yg[g] / Pg[g];
        Tg[g] += (c.w[i] * c.x[i] / Yg[g]) * std::log(c.x[i] / mug);
    }
    for (std::uint32_t g = 0; g < G; ++g) {
        d.group_theil[g] = std::max(T(0), Tg[g]);
        d.group_share[g] = Yg[g] / Y;
        if (Yg[g] > 0) {
            d.within += (Yg[g] / Y) * Tg[g];
            d.between += (Yg[g] / Y) * std::log((Yg[g] / Pg[g]) / mu);
        }
    }
    d.total = d.between + d.within;
    return d;
}

}  // namespace hatchnet::algo
