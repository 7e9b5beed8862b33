// Tests of Monte-Carlo rank intervals, Sobol indices, rank reversal, commendation and the
// disclosure report (JSON + escaped HTML).
#include <doctest/doctest.h>

#include "../limit_of.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/evaluate.hpp"
#include "hatchnet/limits.hpp"

#include "../../../src/evaluate/kernels.hpp"   // internal: the Monte-Carlo kernels

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace hatchnet::evaluate;
using hatchnet::input_error;
using hatchnet::limit_error;

namespace {
Matrix random_matrix(Index n, Index m, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(1, 100);
    Matrix x(n, m);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
    return x;
}
/// Sets max_elements for one test case and puts the old limits back.
struct ScopedMaxElements {
    hatchnet::Limits old = hatchnet::limits();
    explicit ScopedMaxElements(std::uint64_t n) {
        auto l = old;
        l.max_elements = n;
        hatchnet::set_limits(l);
    }
    ~ScopedMaxElements() { hatchnet::set_limits(old); }
};
using hatchnet::testing::limit_of;
UncertaintySpec spec(Index m) {
    UncertaintySpec s;
    s.weights = equal_weights(m);
    s.types = Types::Ones(m);
    s.types[1] = -1;
    s.normalisations = {Normalisation::minmax, Normalisation::zscore, Normalisation::rank};
    s.aggregations = {Aggregation::weighted_sum, Aggregation::geometric, Aggregation::topsis,
                      Aggregation::vikor, Aggregation::promethee2};
    s.draws = 400;
    s.seed = 11;
    return s;
}
}  // namespace

TEST_CASE("Monte-Carlo rank intervals: bounds, determinism, dominance") {
    Matrix x = random_matrix(25, 5, 1);
    x.row(0).setConstant(1000);     // dominant in every benefit criterion ...
    x(0, 1) = 0;                    // ... and the cost criterion
    auto s = spec(5);
    auto a = monte_carlo_ranks(x, s);
    auto b = monte_carlo_ranks(x, s);
    CHECK(a.median_rank == b.median_rank);
    CHECK(a.p05 == b.p05);
    CHECK(a.p95 == b.p95);
    for (Index i = 0; i < 25; ++i) {
        CHECK(a.p05[i] <= a.median_rank[i]);
        CHECK(a.median_rank[i] <= a.p95[i]);
        CHECK(a.p05[i] >= 1);
        CHECK(a.p95[i] <= 25);
    }
    CHECK(a.p95[0] == 1);           // a dominant unit is first in every draw
    CHECK(!a.notes.empty());
    // the nominal rank equals the plain computation (minmax + weighted sum)
    auto nom = weighted_sum(normalise(x, s.types, Normalisation::minmax).values, s.weights);
    CHECK(a.nominal_rank == nom.rank);
    s.seed = 12;
    auto c = monte_carlo_ranks(x, s);
    CHECK(c.mean_rank != a.mean_rank);   // another seed, other draws
}

TEST_CASE("Monte-Carlo with kept ranks agrees with the percentiles (numpy linear rule)") {
    Matrix x = random_matrix(12, 4, 2);
    UncertaintySpec s;
    s.weights = equal_weights(4);
    s.types = Types::Ones(4);
    s.draws = 101;
    s.keep_ranks = true;
    auto r = monte_carlo_ranks(x, s);
    for (Index i = 0; i < 12; ++i) {
        std::vector<double> v(r.ranks.col(i).data(), r.ranks.col(i).data() + 101);
        std::sort(v.begin(), v.end());
        CHECK(r.median_rank[i] == v[50]);
        CHECK(r.p05[i] == v[5]);
        CHECK(r.p95[i] == v[95]);
    }
}

TEST_CASE("Sobol indices: a factor that cannot matter gets ~0; indices deterministic") {
    Matrix x = random_matrix(15, 4, 3);
    UncertaintySpec s;
    s.weights = equal_weights(4);
    s.types = Types::Ones(4);
    s.weight_perturbation = 0.5;
    // minmax and zscore are affine per column: weighted_sum ranks differ only through scale,
    // but vector vs minmax differ; use two aggregations that coincide for 1 normalisation.
    s.normalisations = {Normalisation::minmax, Normalisation::rank};
    s.aggregations = {Aggregation::weighted_sum};
    auto a = sobol_indices(x, s, 300);
    auto b = sobol_indices(x, s, 300);
    CHECK(a.factors == std::vector<std::string>{"weights", "normalisation"});
    CHECK(a.first_order == b.first_order);
    CHECK(a.evaluations == 300 * 4);
    for (Index k = 0; k < 2; ++k) {
        CHECK(a.mean_total[k] >= -0.05);
        CHECK(a.mean_total[k] <= 1.5);
    }
    // fixed weights: only normalisation varies -> its total index ~ 1
    s.weight_perturbation = 0;
    auto c = sobol_indices(x, s, 300);
    REQUIRE(c.factors.size() == 1);
    CHECK(c.mean_total[0] == doctest::Approx(1.0).epsilon(0.1));
    CHECK(c.mean_first_order[0] == doctest::Approx(1.0).epsilon(0.15));
    s.normalisations = {Normalisation::minmax};
    CHECK_THROWS_AS(sobol_indices(x, s, 100), input_error);   // nothing varies
}

TEST_CASE("rank reversal: weighted sum on minmax can reverse, TOPSIS reported") {
    Matrix x = random_matrix(10, 3, 4);
    auto ws = rank_reversal(x, equal_weights(3), Types::Ones(3), Aggregation::weighted_sum);
    CHECK(ws.reversed_pairs.size() == 10);
    auto tp = rank_reversal(x, equal_weights(3), Types::Ones(3), Aggregation::topsis);
    CHECK(tp.total_reversals >= 0);
    // a "none"-normalised weighted sum never reverses (scores do not depend on the others)
    auto none = rank_reversal(x, equal_weights(3), Types::Ones(3), Aggregation::weighted_sum,
                              Normalisation::none);
    CHECK(none.total_reversals == 0);
}

TEST_CASE("commendation: top-k per group, ties explained") {
    Vector score(7);
    score << 90, 85, 85, 70, 95, 60, 95;
    Eigen::VectorXi group(7);
    group << 0, 0, 0, 0, 1, 1, 1;
    std::vector<std::string> ids = {"a", "b", "c", "d", "e", "f", "g"};
    CommendationRule rule;
    rule.top_k = 2;
    auto all = commend(score, group, ids, rule);
    // group 0: a, then b and c tie at the cut-off -> 3 commended; group 1: e and g tie at 1
    int g0 = 0;
    for (auto& c : all) if (c.group == 0) ++g0;
    CHECK(g0 == 3);
    bool explained = false;
    for (auto& c : all) if (c.unit == 2) explained = c.reason.find("tied") != std::string::npos;
    CHECK(explained);
    rule.ties = CommendationRule::Ties::break_by_secondary;
    Vector raters(7);
    raters << 10, 3, 30, 5, 1, 1, 1;
    auto br = commend(score, group, ids, rule, {}, raters);
    std::vector<Index> g0u;
    for (auto& c : br) if (c.group == 0) g0u.push_back(c.unit);
    CHECK(g0u == std::vector<Index>{0, 2});   // c beats b on number of raters
    rule.min_score = 92;
    auto hi = commend(score, group, ids, rule);
    CHECK(hi.size() == 2);
    CHECK(hi[0].position == 1);
    CHECK(hi[1].position == 1);                // e and g tie: same position
    CHECK(hi[0].unit == 4);                    // id order among equals
}

TEST_CASE("disclosure JSON and HTML (escaped)") {
    auto j = nlohmann::json::parse(R"({"id": "s", "total_points": 10,
      "indicators": [{"id": "a", "name": "<script>alert(1)</script>", "points": 10}],
      "grades": [{"name": "A&B", "min_points": 5}]})");
    Scheme s = scheme_from_json(j);
    Matrix d(1, 1);
    d << 0.7;
    auto r = evaluate_scheme(s, d, {"a"});
    UncertaintyResult un;
    un.nominal_rank = Vector::Constant(1, 1); un.median_rank = un.nominal_rank;
    un.p05 = un.nominal_rank; un.p95 = un.nominal_rank;
    DisclosureExtras ex;
    ex.unit_name = "Incubator \"One\"";
    ex.uncertainty = &un;
    ex.n_raters = 12;
    auto rep = disclosure_json(s, r, 0, "u1", ex);
    CHECK(rep["total"].get<double>() == doctest::Approx(7));
    CHECK(rep["grade"] == "A&B");
    CHECK(rep["n_raters"] == 12);
    const std::string html = disclosure_html(rep);
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("A&amp;B") != std::string::npos);
    CHECK(html.find("&quot;One&quot;") != std::string::npos);
    CHECK(html_escape("<a href='x'>&</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
}

TEST_CASE("rank_intervals ranks are the exact average ranks of the double scores") {
    // exact ties, doubles that differ only below float precision (same float key), -0/+0,
    // tiny and huge magnitudes (beyond float range) must rank exactly as rank() does
    const Index n = 3000;
    const std::int64_t D = 40;
    auto scores = [n](std::int64_t d) {
        std::mt19937_64 g(draw_seed(7, d));
        Vector s(n);
        for (Index i = 0; i < n; ++i) {
            const double u = uniform01(g);
            switch (i % 8) {
                case 0: s[i] = std::floor(u * 20) / 4; break;                       // exact ties
                case 1: s[i] = 1.0 + double(g() % 64) * 1e-15; break;               // same float
                case 2: s[i] = (g() & 1) ? 0.0 : -0.0; break;                       // signed zero
                case 3: s[i] = (u - 0.5) * 1e-300; break;                           // tiny
                case 4: s[i] = (u - 0.5) * 1e300; break;                            // beyond float
                case 5: s[i] = -1.0 - double(g() % 8) * 2.220446049250313e-16; break;
                default: s[i] = u - 0.5; break;
            }
        }
        return s;
    };
    DrawOptions o;
    o.draws = D; o.keep_ranks = true; o.batch = 7; o.threads = 2;
    auto model = [&](std::int64_t first, Index cnt, Matrix& out) {
        for (Index c = 0; c < cnt; ++c) out.col(c) = scores(first + c);
    };
    auto r = rank_intervals(scores(-1), model, o);
    CHECK((r.nominal_rank - rank(scores(-1), true)).cwiseAbs().maxCoeff() == 0.0);
    double worst = 0;
    for (std::int64_t d = 0; d < D; ++d)
        worst = std::max(worst, (r.ranks.row(d).transpose() - rank(scores(d), true)).cwiseAbs().maxCoeff());
    CHECK(worst == 0.0);
    o.threads = 1; o.batch = 40;
    auto r1 = rank_intervals(scores(-1), model, o);
    CHECK(r1.ranks == r.ranks);
    CHECK(r1.median_rank == r.median_rank);
    CHECK(r1.p05 == r.p05);
    CHECK(r1.p95 == r.p95);
    CHECK(r1.mean_rank == r.mean_rank);
}

TEST_CASE("rank_intervals: scores a few subnormal steps apart, and all equal") {
    const Index n = 50;
    Vector s(n), z = Vector::Zero(n);
    for (Index i = 0; i < n; ++i) s[i] = double((i * 7) % 5) * 4.9406564584124654e-324 * ((i % 3) ? 1 : -1);
    DrawOptions o;
    o.draws = 3; o.keep_ranks = true; o.threads = 1;
    auto r = rank_intervals(s, [&](std::int64_t, Index cnt, Matrix& out) { for (Index c = 0; c < cnt; ++c) out.col(c) = s; }, o);
    CHECK((r.nominal_rank - rank(s, true)).cwiseAbs().maxCoeff() == 0.0);
    CHECK((r.ranks.row(2).transpose() - rank(s, true)).cwiseAbs().maxCoeff() == 0.0);
    auto q = rank_intervals(z, [&](std::int64_t, Index cnt, Matrix& out) { for (Index c = 0; c < cnt; ++c) out.col(c) = z; }, o);
    CHECK((q.median_rank.array() == (n + 1) / 2.0).all());
}

TEST_CASE("Monte-Carlo kernels: every instruction-set path equals the sequential reference bit for bit") {
    namespace dt = hatchnet::evaluate::detail;
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(-3, 7);
    INFO("machine level " << dt::simd_name());
    for (int trial = 0; trial < 60; ++trial) {
        // sizes from 0 (no panel, no column, no weight vector) through partial last panels
        const Index n = Index(rng() % 70), m = Index(rng() % 25), k = Index(rng() % 20);
        Matrix a(n, m);
        for (Index i = 0; i < a.size(); ++i) {
            a.data()[i] = u(rng);
            switch (rng() % 16) {   // signed zeros, subnormals, huge values
                case 0: a.data()[i] = 0.0; break;
                case 1: a.data()[i] = -0.0; break;
                case 2: a.data()[i] = 4.9e-324 * double(rng() % 1000); break;
                case 3: a.data()[i] = 1e300; break;
                default: break;
            }
        }
        if (trial % 3 == 0) a = a.cwiseAbs();          // the max kernel's case: non-negative
        Matrix w(m, k);
        for (Index i = 0; i < w.size(); ++i) w.data()[i] = std::abs(u(rng));
        const dt::PackedRows p = dt::pack_rows(a);
        for (dt::Combine op : {dt::Combine::dot, dt::Combine::max_product}) {
            Matrix ref(n, k);
            for (Index c = 0; c < k; ++c)
                for (Index i = 0; i < n; ++i) {
                    double acc = 0.0;
                    for (Index j = 0; j < m; ++j)
                        acc = op == dt::Combine::dot ? std::fma(a(i, j), w(j, c), acc)
                                                     : std::max(acc, a(i, j) * w(j, c));
                    ref(i, c) = acc;
                }
            for (int level = 0; level <= 2; ++level) {
                Matrix out = Matrix::Constant(n, k, -12345.0);
                std::vector<double*> ptr(static_cast<std::size_t>(k));
                for (Index c = 0; c < k; ++c) ptr[std::size_t(c)] = out.col(c).data();
                dt::panel_products(p, w.data(), m, k, ptr.data(), op, level);
                // bit for bit (so -0.0 and +0.0 count as different)
                bool same = true;
                for (Index e = 0; e < out.size(); ++e)
                    same = same && std::memcmp(out.data() + e, ref.data() + e, sizeof(double)) == 0;
                CHECK(same);
            }
        }
    }
}

TEST_CASE("Monte-Carlo draws: at most max_elements, draws x units at most 16 x max_elements (issue #10)") {
    // the bound, checked before the rank store is allocated
    const auto lim = std::int64_t(hatchnet::limits().max_elements);
    CHECK(rank_store_factor == 16);
    CHECK_NOTHROW(check_draws(lim, 16));                     // 1.6e8 stored ranks: the most allowed
    CHECK(limit_of([&] { check_draws(lim, 17); }) == "uncertainty|draws");
    CHECK(limit_of([&] { check_draws(lim + 1, 1); }) == "uncertainty|draws");
    CHECK_NOTHROW(check_draws(10'000, 10'000));              // issue #15: 10,000 draws on 10,000 units
    CHECK(limit_of([&] { check_draws(700'000, 2'700, "options"); }) == "options|draws");
    CHECK(limit_of([&] { check_draws(std::int64_t(1) << 62, std::int64_t(1) << 62); }) == "uncertainty|draws");
    CHECK_THROWS_AS(check_draws(0, 5), input_error);
    // through the engines: refused at once (before: 2e7 draws of 3 units were accepted, 60 M
    // ranks stored, and a run of minutes)
    Matrix x = random_matrix(3, 4, 5);
    auto s = spec(4);
    s.draws = 20'000'000;
    CHECK(limit_of([&] { monte_carlo_ranks(x, s); }) == "uncertainty|draws");
    DrawOptions o;
    o.draws = 20'000'000;
    Vector nominal = Vector::LinSpaced(3, 1, 3);
    CHECK(limit_of([&] { rank_intervals(nominal, [](std::int64_t, Index, Matrix&) {}, o); }) ==
          "uncertainty|draws");
    // a lowered limit moves both bounds
    ScopedMaxElements lower(100);
    s.draws = 101;
    CHECK(limit_of([&] { monte_carlo_ranks(x, s); }) == "uncertainty|draws");
    s.draws = 100;   // 300 stored ranks <= 1,600
    CHECK(monte_carlo_ranks(x, s).median_rank.size() == 3);
    Matrix wide = random_matrix(17, 4, 6);
    CHECK(limit_of([&] { monte_carlo_ranks(wide, s); }) == "uncertainty|draws");   // 1,700 > 1,600
}

TEST_CASE("Sobol: base_samples x (criteria + 2) is bounded by max_elements (issue #10)") {
    Matrix x = random_matrix(6, 3, 7);
    auto s = spec(3);
    // the reviewer's call: sobol_indices(x, w, base_samples=10**14) ran without end
    CHECK(limit_of([&] { sobol_indices(x, s, std::int64_t(100'000'000'000'000)); }) == "sobol|base_samples");
    CHECK(limit_of([&] { sobol_indices(x, s, std::numeric_limits<std::int64_t>::max()); }) == "sobol|base_samples");
    CHECK_THROWS_AS(sobol_indices(x, s, 1), input_error);
    ScopedMaxElements lower(50);   // 3 criteria + 2 = 5 entries a base sample
    CHECK(sobol_indices(x, s, 10).evaluations == 10 * 5);   // 3 factors + 2
    CHECK(limit_of([&] { sobol_indices(x, s, 11); }) == "sobol|base_samples");
}
