// Tests of hatchnet::algo gini / theil / theil_decompose against independent references:
// hand-computed values, the O(n²) pairwise definition of the Gini index, the share form of the
// Theil index, units repeated instead of weighted, and the decomposition rebuilt from the
// groups' own indices.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "hatchnet/algo/inequality.hpp"
// float and long double: the library compiled only double, so the definitions come from here
// (hatchnet/algo/config.hpp; in header-only mode the header includes it itself)
#include "hatchnet/algo/impl/inequality.ipp"
#include "hatchnet/error.hpp"
#include "../test_rng.hpp"

using hatchnet::input_error;
using hatchnet::test::Rng;
using hatchnet::algo::gini;
using hatchnet::algo::theil;
using hatchnet::algo::theil_decompose;

namespace {


/// The definition: Σ_i Σ_j p_i p_j |x_i − x_j| / (2 P² μ), over units with p > 0; 0 when Y = 0.
long double gini_pairs(const std::vector<double>& x, const std::vector<double>& w) {
    long double P = 0, Y = 0, s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) P += w[i], Y += (long double)w[i] * x[i];
    if (Y <= 0) return 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        for (std::size_t j = 0; j < x.size(); ++j) s += (long double)w[i] * w[j] * std::fabs(x[i] - x[j]);
    const long double mu = Y / P;
    return s / (2 * P * P * mu);
}

/// The share form: Σ_i s_i ln(s_i / q_i), s_i = y_i / Y (income share), q_i = p_i / P.
long double theil_shares(const std::vector<double>& x, const std::vector<double>& w) {
    long double P = 0, Y = 0, t = 0;
    for (std::size_t i = 0; i < x.size(); ++i) P += w[i], Y += (long double)w[i] * x[i];
    if (Y <= 0) return 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (w[i] == 0 || x[i] == 0) continue;
        long double s = w[i] * (long double)x[i] / Y, q = w[i] / P;
        t += s * std::log(s / q);
    }
    return t;
}

std::vector<double> ones(std::size_t n) { return std::vector<double>(n, 1.0); }

}  // namespace

TEST_CASE("gini: hand-computed values") {
    CHECK(gini({1, 1, 1}) == doctest::Approx(0.0));
    // {0, 0, 1}: |differences| 1 four times over 9 pairs, μ = 1/3: 4 / (2 · 9 · 1/3) = 2/3
    CHECK(gini({0, 0, 1}) == doctest::Approx(2.0 / 3.0));
    // {1, 2, 3, 4}: Σ|x_i − x_j| = 2·(1+2+3+1+2+1) = 20, n² = 16, μ = 2.5: 20 / (2·16·2.5) = 0.25
    CHECK(gini({1, 2, 3, 4}) == doctest::Approx(0.25));
    // weights as repetitions: {1 ×1, 2 ×3} = {1, 2, 2, 2}: 6 / (2·16·7/4) = 6/56
    CHECK(gini({1, 2}, {1, 3}) == doctest::Approx(6.0 / 56.0));
    CHECK(gini({1, 2, 2, 2}) == doctest::Approx(6.0 / 56.0));
    CHECK(gini({5}) == doctest::Approx(0.0));
    CHECK(gini({0, 0, 0}) == 0.0);        // nobody has anything: equal by definition
    CHECK(gini({3, 9}, {2, 0}) == 0.0);   // zero-weight units are left out
    CHECK(gini({0, 0, 0, 1}) == doctest::Approx(0.75));  // one has all: (n − 1)/n
    CHECK(gini({2, 4, 6, 8}) == doctest::Approx(gini({1, 2, 3, 4})));  // scale invariance
}

TEST_CASE("theil: hand-computed values") {
    CHECK(theil({1, 1}) == doctest::Approx(0.0));
    CHECK(theil({3, 3, 3}) == doctest::Approx(0.0));
    CHECK(theil({0, 1}) == doctest::Approx(std::log(2.0)));       // one of two has all: ln 2
    CHECK(theil({0, 0, 0, 7}) == doctest::Approx(std::log(4.0)));  // one of n has all: ln n
    // {1, 2, 3, 4}: μ = 2.5, T = (1/n) Σ (x/μ) ln(x/μ)
    double t = (0.4 * std::log(0.4) + 0.8 * std::log(0.8) + 1.2 * std::log(1.2) + 1.6 * std::log(1.6)) / 4;
    CHECK(theil({1, 2, 3, 4}) == doctest::Approx(t));
    // weighted {1 ×1, 2 ×3}: P = 4, Y = 7; shares 1/7 (pop 1/4) and 6/7 (pop 3/4)
    double tw = (1.0 / 7) * std::log((1.0 / 7) / 0.25) + (6.0 / 7) * std::log((6.0 / 7) / 0.75);
    CHECK(theil({1, 2}, {1, 3}) == doctest::Approx(tw));
    CHECK(theil({1, 2, 2, 2}) == doctest::Approx(tw));
    CHECK(theil({0, 0, 0}) == 0.0);
    CHECK(theil({3, 9}, {2, 0}) == 0.0);
}

TEST_CASE("gini and theil against the definitions on random data; weights act as repetitions") {
    Rng rng(11);
    for (int rep = 0; rep < 200; ++rep) {
        std::size_t n = 1 + rng.below(25);
        std::vector<double> x(n), w(n);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = rng.below(5) == 0 ? 0.0 : rng.unit() * 10;
            w[i] = rng.below(6) == 0 ? 0.0 : double(1 + rng.below(5));
        }
        if (std::all_of(w.begin(), w.end(), [](double v) { return v == 0; })) w[0] = 1;
        CAPTURE(rep);
        CHECK(gini(x, w) == doctest::Approx(double(gini_pairs(x, w))).epsilon(1e-12));
        CHECK(gini(x) == doctest::Approx(double(gini_pairs(x, ones(n)))).epsilon(1e-12));
        CHECK(theil(x, w) == doctest::Approx(double(theil_shares(x, w))).epsilon(1e-12));
        CHECK(theil(x) == doctest::Approx(double(theil_shares(x, ones(n)))).epsilon(1e-12));
        // integer weights: the same as repeating each unit w_i times
        std::vector<double> rep_x;
        for (std::size_t i = 0; i < n; ++i)
            for (int c = 0; c < int(w[i]); ++c) rep_x.push_back(x[i]);
        CHECK(gini(x, w) == doctest::Approx(gini(rep_x)).epsilon(1e-12));
        CHECK(theil(x, w) == doctest::Approx(theil(rep_x)).epsilon(1e-12));
        // ranges: Gini in [0, 1), Theil in [0, ln n]
        CHECK(gini(x, w) >= 0);
        CHECK(gini(x, w) < 1);
        CHECK(theil(x) >= 0);
        CHECK(theil(x) <= std::log(double(n)) + 1e-12);
    }
}

TEST_CASE("theil_decompose: between and within rebuilt from the groups") {
    Rng rng(12);
    for (int rep = 0; rep < 100; ++rep) {
        std::size_t n = 2 + rng.below(30);
        const std::uint32_t G = std::uint32_t(1 + rng.below(5));
        std::vector<double> x(n), w(n);
        std::vector<std::uint32_t> g(n);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = rng.below(6) == 0 ? 0.0 : rng.unit() * 10;
            w[i] = 1 + double(rng.below(100));
            g[i] = std::uint32_t(rng.below(G));
        }
        CAPTURE(rep);
        auto d = theil_decompose(x, w, g);
        // reference: group totals, each group's own Theil index, then the two sums
        std::uint32_t groups = 0;
        for (auto v : g) groups = std::max(groups, v + 1);
        std::vector<double> Pg(groups, 0), Yg(groups, 0);
        double P = 0, Y = 0;
        for (std::size_t i = 0; i < n; ++i) Pg[g[i]] += w[i], Yg[g[i]] += w[i] * x[i], P += w[i], Y += w[i] * x[i];
        REQUIRE(d.group_theil.size() == groups);
        REQUIRE(d.group_share.size() == groups);
        double between = 0, within = 0;
        for (std::uint32_t q = 0; q < groups; ++q) {
            std::vector<double> xq, wq;
            for (std::size_t i = 0; i < n; ++i)
                if (g[i] == q) xq.push_back(x[i]), wq.push_back(w[i]);
            double Tq = xq.empty() ? 0.0 : double(theil_shares(xq, wq));
            CHECK(d.group_theil[q] == doctest::Approx(Tq).epsilon(1e-9));
            CHECK(d.group_share[q] == doctest::Approx(Y > 0 ? Yg[q] / Y : 0.0));
            if (Yg[q] > 0) {
                within += Yg[q] / Y * Tq;
                between += Yg[q] / Y * std::log((Yg[q] / Y) / (Pg[q] / P));
            }
        }
        CHECK(d.between == doctest::Approx(between).epsilon(1e-9));
        CHECK(d.within == doctest::Approx(within).epsilon(1e-9));
        CHECK(d.total == doctest::Approx(double(theil_shares(x, w))).epsilon(1e-9));
        CHECK(d.between + d.within == doctest::Approx(d.total));
        // singleton groups: everything is between; one group: everything is within
        std::vector<std::uint32_t> id(n);
        std::iota(id.begin(), id.end(), 0u);
        auto s = theil_decompose(x, w, id);
        CHECK(s.within == doctest::Approx(0.0).epsilon(1e-12));
        CHECK(s.between == doctest::Approx(theil(x, w)));
        auto o = theil_decompose(x, w, std::vector<std::uint32_t>(n, 0));
        CHECK(o.between == doctest::Approx(0.0).epsilon(1e-12));
        CHECK(o.within == doctest::Approx(theil(x, w)));
    }
    // nobody has anything: all zero, one entry per group
    auto z = theil_decompose({0, 0, 0}, {1, 2, 3}, {0, 2, 2});
    CHECK(z.total == 0.0);
    CHECK(z.group_theil == std::vector<double>{0, 0, 0});
    CHECK(z.group_share == std::vector<double>{0, 0, 0});
}

TEST_CASE("templates: span interface, other value types, the vector overloads give the same bits") {
    const std::vector<double> x{3, 1, 4, 1, 5, 9, 2, 6}, w{1, 2, 1, 3, 1, 1, 2, 1};
    const std::vector<std::uint32_t> g{0, 1, 0, 1, 2, 2, 0, 1};
    const std::span<const double> xs(x), ws(w);
    CHECK(gini<double>(xs, ws) == gini(x, w));  // exactly: the overload forwards
    CHECK(gini(xs, ws) == gini(x, w));          // T deduced from the spans
    CHECK(theil<double>(xs) == theil(x));
    auto dv = theil_decompose(x, w, g);
    auto ds = theil_decompose<double>(xs, ws, std::span<const std::uint32_t>(g));
    CHECK(dv.total == ds.total);
    CHECK(dv.between == ds.between);
    CHECK(dv.group_theil == ds.group_theil);
    // float and long double agree with double to their precision
    std::vector<float> xf(x.begin(), x.end()), wf(w.begin(), w.end());
    std::vector<long double> xl(x.begin(), x.end()), wl(w.begin(), w.end());
    CHECK(double(gini<float>(xf, wf)) == doctest::Approx(gini(x, w)).epsilon(1e-5));
    CHECK(double(theil<float>(xf, wf)) == doctest::Approx(theil(x, w)).epsilon(1e-5));
    CHECK(double(gini<long double>(xl, wl)) == doctest::Approx(gini(x, w)).epsilon(1e-14));
    hatchnet::algo::BasicTheilDecomposition<float> df = theil_decompose<float>(xf, wf, g);
    CHECK(double(df.total) == doctest::Approx(dv.total).epsilon(1e-5));
    CHECK(df.group_theil.size() == 3);
}

TEST_CASE("gini / theil: bad input is an input_error naming the position") {
    CHECK_THROWS_AS(gini({}), input_error);
    CHECK_THROWS_AS(gini({1, -1}), input_error);
    CHECK_THROWS_AS(gini({1, NAN}), input_error);
    CHECK_THROWS_AS(gini({1, INFINITY}), input_error);
    CHECK_THROWS_AS(gini({1, 2}, {1}), input_error);
    CHECK_THROWS_AS(theil({1, 2}, {0, 0}), input_error);
    CHECK_THROWS_AS(theil({1, 2}, {1, -2}), input_error);
    CHECK_THROWS_AS(theil_decompose({1, 2}, {1, 1}, {0}), input_error);
    CHECK_THROWS_AS(theil<float>(std::vector<float>{1, -1}), input_error);
    auto where = [](auto&& call) -> std::string {
        try {
            call();
        } catch (const input_error& e) {
            return e.record() + "|" + e.field();
        }
        return "no error";
    };
    CHECK(where([] { gini({1, -1}); }) == "gini value 1|values");
    CHECK(where([] { theil({1, 2}, {1, -2}); }) == "theil weight 1|weights");
    CHECK(where([] { gini({}); }) == "gini|values");
    CHECK(where([] { theil({1, 2}, {0, 0}); }) == "theil|weights");
    CHECK(where([] { theil_decompose({1, 2}, {1, 1}, {0}); }) == "theil|groups");
}
