// Tests of rating pooling, rater severity, Krippendorff's alpha (against the `krippendorff`
// package, exact to 1e-9) and ICC (Shrout & Fleiss 1979, Table 2).
#include <doctest/doctest.h>

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/aggregate.hpp"
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/evaluate/normalise.hpp"
#include "hatchnet/evaluate/raters.hpp"

#include <cmath>
#include <vector>

using namespace hatchnet::evaluate;
using hatchnet::input_error;

namespace {
Matrix rows(Index r, Index c, std::initializer_list<double> v) {
    Matrix m(r, c);
    Index i = 0;
    for (double x : v) { m(i / c, i % c) = x; ++i; }
    return m;
}
}  // namespace

// Reference values:
// ---------------------------------------------------------------------------------------
// import numpy as np, krippendorff as K
// nan = np.nan
// D1 = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
//       [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
//       [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
// D2 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
//       [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
// rng = np.random.default_rng(42)
// D3 = rng.integers(1, 6, size=(5, 20)).astype(float); D3[rng.random((5, 20)) < 0.2] = nan
// D3[:, :6] = np.clip(D3[0, :6] + rng.integers(-1, 2, size=(5, 6)), 1, 5)
// D4 = np.round(rng.normal(3, 1, size=(4, 12)), 2)
// for D in (D1, D2, D3, D4):
//     [K.alpha(reliability_data=D, level_of_measurement=l)
//      for l in ("nominal", "ordinal", "interval", "ratio")]
// ---------------------------------------------------------------------------------------
TEST_CASE("Krippendorff's alpha matches the krippendorff package") {
    const double N = NAN;
    struct Case { Matrix d; double a[4]; };
    std::vector<Case> cases;
    cases.push_back({rows(3, 15, {N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3,
                                  1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N,
                                  N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4}),
                     {0.691358024691358, 0.8067214199413153, 0.8108448928121059, 0.8089436707842471}});
    cases.push_back({rows(4, 12, {1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N, 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3,
                                  N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N, 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N}),
                     {0.743421052631579, 0.8153875037548814, 0.8491071428571428, 0.7974027747116121}});
    cases.push_back({rows(5, 20, {N, N, 3.0, 4.0, 3.0, 4.0, 1.0, 4.0, N, N, 3.0, 5.0, 4.0, 4.0, 4.0, 4.0, 3.0, 1.0, N, 3.0, N, N, 3.0, 2.0, 3.0, 5.0, 3.0, 5.0, 3.0, 3.0, 3.0, 2.0, 1.0, N, N, N, 5.0, 5.0, N, 4.0, N, N, 3.0, 3.0, 4.0, 5.0, 3.0, N, N, 4.0, 4.0, 1.0, 2.0, 3.0, 3.0, 1.0, 3.0, 1.0, N, 4.0, N, N, 3.0, 2.0, 3.0, 5.0, 5.0, 2.0, 1.0, 3.0, 4.0, 1.0, N, 1.0, N, 3.0, 2.0, N, N, 4.0, N, N, 3.0, 2.0, 2.0, 5.0, 1.0, 2.0, 4.0, N, 3.0, 5.0, 5.0, 2.0, 5.0, 2.0, 2.0, 4.0, 4.0, N}),
                     {0.08758421559191532, 0.007509776367067733, 0.004759638267491595, 0.02100628931172721}});
    cases.push_back({rows(4, 12, {5.13, 2.18, 3.84, 2.1, 3.93, 3.38, 2.84, 2.96, 2.35, 3.45, 2.55, 1.77, 1.72, 3.17, 4.58, 3.16, 2.88, 3.29, 4.31, 3.22, 2.59, 4.11, 3.43, 4.54, 3.18, 1.78, 1.63, 4.65, 4.72, 2.82, 2.62, 4.46, 1.89, 2.11, 3.64, 2.61, 2.99, 2.84, 3.34, 4.41, 3.09, 3.64, 0.95, 2.95, 2.16, 1.78, 2.12, 2.67}),
                     {-0.002666666666666817, -0.03311890414925012, -0.053206647410236396, -0.050481291458761346}});
    const Level levels[4] = {Level::nominal, Level::ordinal, Level::interval, Level::ratio};
    for (std::size_t c = 0; c < cases.size(); ++c)
        for (int l = 0; l < 4; ++l) {
            CAPTURE(c);
            CAPTURE(to_string(levels[l]));
            CHECK(std::abs(krippendorff_alpha(cases[c].d, levels[l]) - cases[c].a[l]) <= 1e-9);
        }
}

TEST_CASE("Krippendorff's alpha: perfect agreement, bad input") {
    Matrix d = rows(2, 4, {1, 2, 3, 4, 1, 2, 3, 4});
    CHECK(krippendorff_alpha(d, Level::interval) == doctest::Approx(1.0));
    CHECK_THROWS_AS(krippendorff_alpha(Matrix::Constant(2, 3, 2.0)), input_error);  // one value
    CHECK_THROWS_AS(krippendorff_alpha(rows(2, 2, {1, NAN, NAN, 2})), input_error); // no pair
    CHECK_THROWS_AS(level_from_string("cardinal"), input_error);
}

TEST_CASE("Enum helpers: parse_<e> round-trips to_string, keeps the aliases; *_from_string throws") {
    static_assert(noexcept(to_string(Level::ratio)) && noexcept(parse_level("ratio")));
    for (Level l : {Level::nominal, Level::ordinal, Level::interval, Level::ratio})
        CHECK(parse_level(to_string(l)) == l);
    for (Pooling p : {Pooling::mean, Pooling::median, Pooling::trimmed_mean, Pooling::shrinkage})
        CHECK(parse_pooling(to_string(p)) == p);
    for (int i = 0; i <= int(Normalisation::none); ++i)
        CHECK(parse_normalisation(to_string(Normalisation(i))) == Normalisation(i));
    for (int i = 0; i <= int(Imputation::leave_out); ++i)
        CHECK(parse_imputation(to_string(Imputation(i))) == Imputation(i));
    for (int i = 0; i <= int(Preference::gaussian); ++i)
        CHECK(parse_preference(to_string(Preference(i))) == Preference(i));
    for (int i = 0; i <= int(Aggregation::promethee2); ++i)
        CHECK(parse_aggregation(to_string(Aggregation(i))) == Aggregation(i));
    for (ShrinkToward s : {ShrinkToward::tier, ShrinkToward::district, ShrinkToward::all})
        CHECK(parse_shrink_toward(to_string(s)) == s);
    CHECK(parse_pooling("bayes") == Pooling::shrinkage);
    CHECK(parse_normalisation("target") == Normalisation::goalposts);
    CHECK(parse_imputation("error") == Imputation::none);
    CHECK(parse_preference("linear") == Preference::vshape_2);
    CHECK(parse_aggregation("promethee_ii") == Aggregation::promethee2);
    CHECK(parse_shrink_toward("overall") == ShrinkToward::all);
    CHECK(parse_source("third_party") == Source::third_party);
    CHECK(parse_node_aggregator("min") == NodeAggregator::minimum);
    CHECK(parse_node_aggregator(to_string(NodeAggregator::geometric)) == NodeAggregator::geometric);
    CHECK(parse_leaf_scoring(to_string(LeafScoring::goalposts)) == LeafScoring::goalposts);
    CHECK_FALSE(parse_leaf_scoring("linear"));
    CHECK_FALSE(parse_level("cardinal"));
    CHECK_FALSE(parse_level(""));
    try {
        level_from_string("cardinal");
        FAIL("no throw");
    } catch (const input_error& e) {
        CHECK(e.record() == "level");
        CHECK(e.field() == "level_of_measurement");
        CHECK(e.message() == "unknown level 'cardinal' (nominal, ordinal, interval, ratio)");
    }
}

TEST_CASE("ICC: Shrout & Fleiss (1979) Table 2 example") {
    // 6 targets rated by 4 judges; given as raters × units.
    Matrix tu = rows(6, 4, {9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7});
    auto r = icc(tu.transpose());
    CHECK(r.icc1 == doctest::Approx(0.17).epsilon(0.03));
    CHECK(r.icc2 == doctest::Approx(0.29).epsilon(0.02));
    CHECK(r.icc3 == doctest::Approx(0.71).epsilon(0.01));
    CHECK(r.icc1k == doctest::Approx(0.44).epsilon(0.02));
    CHECK(r.icc2k == doctest::Approx(0.62).epsilon(0.01));
    CHECK(r.icc3k == doctest::Approx(0.91).epsilon(0.01));
    // mean squares from the paper's ANOVA table: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02
    CHECK(r.bms == doctest::Approx(11.24).epsilon(1e-3));
    CHECK(r.wms == doctest::Approx(6.26).epsilon(1e-3));
    CHECK(r.jms == doctest::Approx(32.49).epsilon(1e-3));
    CHECK(r.ems == doctest::Approx(1.02).epsilon(1e-2));
    Matrix m = tu.transpose();
    m(0, 0) = NAN;
    auto d = icc(m);
    CHECK(d.dropped_units == 1);
    CHECK(!d.notes.empty());
    CHECK_THROWS_AS(icc(Matrix::Constant(3, 4, 1.0)), input_error);
}

TEST_CASE("pooling: mean, median, trimmed mean, shrinkage") {
    // unit 0: 1,2,3,4,100 ; unit 1: 5 ; unit 2: none
    std::vector<std::int64_t> u = {0, 0, 0, 0, 0, 1};
    std::vector<std::int64_t> r = {0, 1, 2, 3, 4, 0};
    Vector v(6); v << 1, 2, 3, 4, 100, 5;
    PoolOptions o;
    auto mean = pool_ratings(3, u, r, v, o);
    CHECK(mean.pooled[0] == doctest::Approx(22.0));
    CHECK(mean.pooled[1] == 5.0);
    CHECK(std::isnan(mean.pooled[2]));
    CHECK(mean.count[2] == 0);
    CHECK(!mean.notes.empty());   // the empty unit is reported
    o.method = Pooling::median;
    CHECK(pool_ratings(3, u, r, v, o).pooled[0] == 3.0);
    o.method = Pooling::trimmed_mean; o.trim = 0.2;   // drops 1 and 100
    CHECK(pool_ratings(3, u, r, v, o).pooled[0] == doctest::Approx(3.0));
    o.method = Pooling::shrinkage; o.prior_strength = 5;
    o.unit_group.resize(3); o.unit_group << 0, 0, 0;
    auto s = pool_ratings(3, u, r, v, o);
    const double gm = 115.0 / 6;
    CHECK(s.group_mean[0] == doctest::Approx(gm));
    CHECK(s.pooled[0] == doctest::Approx((5 * 22.0 + 5 * gm) / 10));
    CHECK(s.pooled[1] == doctest::Approx((1 * 5.0 + 5 * gm) / 6));
    CHECK(s.pooled[2] == doctest::Approx(gm));     // no ratings: the prior
    // few ratings must not make a champion: one 5/5 rating loses to many 4.6s under shrinkage
    std::vector<std::int64_t> u2, r2; std::vector<double> v2;
    u2.push_back(0); r2.push_back(0); v2.push_back(5.0);
    for (int i = 0; i < 50; ++i) { u2.push_back(1); r2.push_back(i + 1); v2.push_back(i % 5 == 0 ? 4.0 : 4.75); }
    for (int i = 0; i < 50; ++i) { u2.push_back(2); r2.push_back(i + 60); v2.push_back(3.0); }
    Vector vv = Eigen::Map<Vector>(v2.data(), Index(v2.size()));
    PoolOptions so; so.method = Pooling::shrinkage; so.prior_strength = 5;
    so.unit_group = Eigen::VectorXi::Zero(3);
    auto p2 = pool_ratings(3, u2, r2, vv, so);
    CHECK(p2.pooled[1] > p2.pooled[0]);
    o.unit_group.resize(3); o.unit_group << 0, 0, 1;   // group 1 has no ratings
    CHECK_THROWS_AS(pool_ratings(3, u, r, v, o), input_error);
}

TEST_CASE("rater severity and correction") {
    // 3 raters × 4 units; rater 2 is 1 point harsher than the others on every unit.
    std::vector<std::int64_t> u, r;
    std::vector<double> v;
    const double base[4] = {3, 4, 2, 5};
    for (int unit = 0; unit < 4; ++unit)
        for (int rater = 0; rater < 3; ++rater) {
            u.push_back(unit); r.push_back(rater);
            v.push_back(base[unit] - (rater == 2 ? 1.0 : 0.0));
        }
    Vector vv = Eigen::Map<Vector>(v.data(), Index(v.size()));
    Vector sev = rater_severity(4, u, r, vv);
    CHECK(sev[2] == doctest::Approx(-2.0 / 3));
    CHECK(sev[0] == doctest::Approx(1.0 / 3));
    PoolOptions o; o.correct_severity = true;
    auto p = pool_ratings(4, u, r, vv, o);
    for (int k = 0; k < 4; ++k) CHECK(p.pooled[k] == doctest::Approx(base[k] - 1.0 / 3));
    // the harsh rater rating only one unit no longer sinks it
    CHECK(!p.notes.empty());
}

TEST_CASE("pooling: bad input names the rating") {
    std::vector<std::int64_t> u = {0, 5}, r = {0, 1};
    Vector v(2); v << 1, 2;
    try { pool_ratings(3, u, r, v); FAIL("no throw"); }
    catch (const input_error& e) { CHECK(e.record() == "rating 1"); CHECK(e.field() == "unit"); }
    u = {0, 1}; v[0] = NAN;
    CHECK_THROWS_AS(pool_ratings(3, u, r, v), input_error);
    CHECK_THROWS_AS(pool_ratings(3, {0}, {0, 1}, Vector::Ones(1)), input_error);
}
