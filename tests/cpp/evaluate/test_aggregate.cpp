// Tests of hatchnet::evaluate normalisation, weights and aggregation against pymcdm 1.4 /
// scikit-criteria 0.10 reference numbers (exact to 1e-9) and textbook AHP examples.
#include <doctest/doctest.h>

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/aggregate.hpp"
#include "hatchnet/evaluate/weights.hpp"

#include <cmath>
#include <random>
#include <vector>

using namespace hatchnet::evaluate;
using hatchnet::input_error;

namespace {

Vector vec(std::initializer_list<double> v) {
    Vector r(Index(v.size()));
    Index i = 0;
    for (double x : v) r[i++] = x;
    return r;
}

void check_close(const Vector& a, const Vector& b, double tol = 1e-9) {
    REQUIRE(a.size() == b.size());
    for (Index i = 0; i < a.size(); ++i) {
        CAPTURE(i);
        CHECK(std::abs(a[i] - b[i]) <= tol);
    }
}

// The reference problem. Reference numbers were produced by:
// ---------------------------------------------------------------------------------------
// import numpy as np, pymcdm as pm
// from pymcdm.methods import TOPSIS, VIKOR, PROMETHEE_II
// from pymcdm import weights as W
// from pymcdm.weights.subjective import AHP
// X = np.array([[250, 16, 12, 5], [200, 16, 8, 3], [300, 32, 16, 4],
//               [275, 32, 8, 4], [225, 16, 16, 2], [260, 24, 10, 5]], dtype=float)
// w = np.array([0.35, 0.25, 0.25, 0.15]); t = np.array([-1, 1, 1, 1])
// TOPSIS()(X, w, t); TOPSIS(pm.normalizations.vector_normalization)(X, w, t)
// _, fm, fs, S, R, Q = VIKOR(v=0.5)._method(X, w, t); VIKOR(v=0.3)(X, w, t)
// for name, p, q in [("usual", None, None), ("ushape", None, [20, 4, 2, 0.5]),
//                    ("vshape", [60, 10, 5, 2], None),
//                    ("level", [60, 10, 5, 2], [20, 4, 2, 0.5]),
//                    ("vshape_2", [60, 10, 5, 2], [20, 4, 2, 0.5])]:
//     out = PROMETHEE_II(name, p=p, q=q)._method(X, w, t)   # out[-3:] = phi+, phi-, phi
// W.entropy_weights(X); W.critic_weights(X); W.standard_deviation_weights(X)
// A = np.array([[1, 3, 5, 7], [1/3, 1, 3, 5], [1/5, 1/3, 1, 3], [1/7, 1/5, 1/3, 1]])
// a = AHP(matrix=A); a(); a.get_cr()
// ---------------------------------------------------------------------------------------
Matrix ref_x() {
    Matrix x(6, 4);
    x << 250, 16, 12, 5, 200, 16, 8, 3, 300, 32, 16, 4, 275, 32, 8, 4, 225, 16, 16, 2, 260, 24, 10, 5;
    return x;
}
const Vector ref_w = vec({0.35, 0.25, 0.25, 0.15});
Types ref_t() { Types t(4); t << -1, 1, 1, 1; return t; }

}  // namespace

TEST_CASE("rank follows pymcdm rankdata (average ties) and the other conventions") {
    Vector s = vec({0, 3, 2, 3});
    check_close(rank(s, false), vec({1, 3.5, 2, 3.5}));
    check_close(rank(s, true), vec({4, 1.5, 3, 1.5}));
    check_close(rank(s, true, TieMethod::min), vec({4, 1, 3, 1}));
    check_close(rank(s, true, TieMethod::dense), vec({3, 1, 2, 1}));
    check_close(rank(s, true, TieMethod::ordinal), vec({4, 1, 3, 2}));  // lower index first
    CHECK_THROWS_AS(rank(vec({1, NAN})), input_error);
}

TEST_CASE("TOPSIS matches pymcdm (min-max and vector normalisation)") {
    auto r = topsis(ref_x(), ref_w, ref_t());
    check_close(r.score, vec({0.4429279506901577, 0.49038105676657967, 0.5096189432334203,
                              0.43620435005590086, 0.5435639177847444, 0.4462760597172525}));
    check_close(r.rank, vec({5, 3, 2, 6, 1, 4}));
    auto v = topsis(ref_x(), ref_w, ref_t(), Normalisation::vector);
    check_close(v.score, vec({0.43866346463808203, 0.3664050826230286, 0.6335949173769714,
                              0.4862334797042227, 0.4861684634022414, 0.4786324517298075}));
}

TEST_CASE("VIKOR matches pymcdm S, R, Q") {
    auto r = vikor(ref_x(), ref_w, ref_t(), 0.5);
    check_close(r.S, vec({0.55, 0.6, 0.39999999999999997, 0.5625, 0.48750000000000004, 0.5225}));
    check_close(r.R, vec({0.25, 0.25, 0.35, 0.26249999999999996, 0.25, 0.21}));
    check_close(r.Q, vec({0.517857142857143, 0.6428571428571429, 0.5, 0.59375,
                          0.3616071428571431, 0.30624999999999997}));
    check_close(r.rank, vec({4, 6, 3, 5, 2, 1}));
    auto r3 = vikor(ref_x(), ref_w, ref_t(), 0.3);
    check_close(r3.Q, vec({0.42500000000000016, 0.5, 0.7, 0.5062499999999999,
                           0.33125000000000016, 0.18374999999999997}));
    CHECK_THROWS_AS(vikor(ref_x(), ref_w, ref_t(), 1.5), input_error);
}

TEST_CASE("PROMETHEE II matches pymcdm for every preference function") {
    struct Case { Preference f; std::vector<PreferenceSpec> specs; Vector phi, plus, minus; };
    auto spec = [](Preference f, Vector p, Vector q) {
        std::vector<PreferenceSpec> s(4);
        for (int j = 0; j < 4; ++j) { s[j].function = f; s[j].p = p[j]; s[j].q = q[j]; }
        return s;
    };
    const Vector P = vec({60, 10, 5, 2}), Q = vec({20, 4, 2, 0.5}), Z = Vector::Zero(4);
    std::vector<Case> cases = {
        {Preference::usual, spec(Preference::usual, Z, Z),
         vec({0.08999999999999997, -0.09000000000000002, 0.04999999999999999, -0.21000000000000008, 0.10999999999999999, 0.050000000000000044}),
         vec({0.48, 0.38, 0.45999999999999996, 0.32999999999999996, 0.48, 0.51}),
         vec({0.39, 0.47000000000000003, 0.41, 0.54, 0.37, 0.45999999999999996})},
        {Preference::ushape, spec(Preference::ushape, Z, Q),
         vec({-0.030000000000000027, -0.040000000000000036, 0.04999999999999999, -0.09000000000000008, 0.10999999999999999, -5.551115123125783e-17}),
         vec({0.36, 0.38, 0.45999999999999996, 0.32999999999999996, 0.48, 0.33999999999999997}),
         vec({0.39, 0.42000000000000004, 0.41, 0.42000000000000004, 0.37, 0.34})},
        {Preference::vshape, spec(Preference::vshape, P, Z),
         vec({-0.018333333333333313, -0.07750000000000001, 0.12083333333333335, -0.10083333333333333, 0.08416666666666661, -0.008333333333333304}),
         vec({0.2891666666666667, 0.3125, 0.425, 0.26416666666666666, 0.3883333333333333, 0.31416666666666665}),
         vec({0.3075, 0.39, 0.30416666666666664, 0.365, 0.3041666666666667, 0.32249999999999995})},
        {Preference::level, spec(Preference::level, P, Q),
         vec({-0.05000000000000002, -0.04999999999999993, 0.10499999999999998, -0.05499999999999999, 0.08499999999999996, -0.03500000000000003}),
         vec({0.195, 0.26, 0.38, 0.24, 0.35, 0.185}),
         vec({0.24500000000000002, 0.30999999999999994, 0.275, 0.295, 0.265, 0.22000000000000003})},
        {Preference::vshape_2, spec(Preference::vshape_2, P, Q),
         vec({-0.053333333333333316, -0.06541666666666668, 0.15041666666666664, -0.05249999999999996, 0.06874999999999998, -0.047916666666666635}),
         vec({0.20791666666666667, 0.28125, 0.4066666666666666, 0.23208333333333334, 0.3408333333333333, 0.215}),
         vec({0.26125, 0.3466666666666667, 0.25625, 0.2845833333333333, 0.27208333333333334, 0.26291666666666663})},
    };
    for (auto& c : cases) {
        CAPTURE(to_string(c.f));
        auto r = promethee2(ref_x(), ref_w, ref_t(), c.specs);
        check_close(r.phi, c.phi);
        check_close(r.phi_plus, c.plus);
        check_close(r.phi_minus, c.minus);
        auto ref = promethee2_reference(ref_x(), ref_w, ref_t(), c.specs);
        check_close(ref.phi, c.phi);
    }
}

TEST_CASE("fast PROMETHEE II equals the O(n^2) reference on random matrices (ties included)") {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> small(0, 6);
    std::uniform_real_distribution<double> u(0, 10);
    for (int rep = 0; rep < 20; ++rep) {
        const Index n = 30 + rep * 7, m = 5;
        Matrix x(n, m);
        for (Index i = 0; i < n; ++i)
            for (Index j = 0; j < m; ++j) x(i, j) = j % 2 ? double(small(rng)) : u(rng);
        Types t(m); t << 1, -1, 1, -1, 1;
        Vector w = vec({0.1, 0.2, 0.3, 0.25, 0.15});
        std::vector<PreferenceSpec> specs(m);
        const Preference fs[] = {Preference::usual, Preference::ushape, Preference::vshape,
                                 Preference::level, Preference::vshape_2};
        for (Index j = 0; j < m; ++j) {
            specs[j].function = fs[(j + rep) % 5];
            specs[j].q = 1; specs[j].p = 3;   // integer differences hit the thresholds exactly
        }
        auto a = promethee2(x, w, t, specs);
        auto b = promethee2_reference(x, w, t, specs);
        CHECK((a.phi - b.phi).cwiseAbs().maxCoeff() <= 1e-12);
        CHECK((a.phi_plus - b.phi_plus).cwiseAbs().maxCoeff() <= 1e-12);
        CHECK((a.phi_minus - b.phi_minus).cwiseAbs().maxCoeff() <= 1e-12);
    }
}

TEST_CASE("objective weights match pymcdm") {
    check_close(entropy_weights(ref_x()), vec({0.059985995386451135, 0.35156645435281303,
                                               0.2913002913901721, 0.2971472588705637}));
    check_close(critic_weights(ref_x()), vec({0.12617340731568896, 0.2427637647657876,
                                              0.37490185553799793, 0.2561609723805255}));
    check_close(std_weights(ref_x()), vec({0.7369417334304391, 0.16286596587079546,
                                           0.07598572924577593, 0.024206571452989392}));
    check_close(equal_weights(4), vec({0.25, 0.25, 0.25, 0.25}));
}

TEST_CASE("AHP: pymcdm eigenvector weights and CR; Saaty's textbook matrices") {
    Matrix a(4, 4);
    a << 1, 3, 5, 7, 1.0 / 3, 1, 3, 5, 1.0 / 5, 1.0 / 3, 1, 3, 1.0 / 7, 1.0 / 5, 1.0 / 3, 1;
    auto r = ahp_weights(a, 0.1, AhpMethod::eigenvector, RandomIndex::tummala_ling);
    check_close(r.weights, vec({0.5650090537990473, 0.2622012055608733, 0.11750425004139851,
                                0.05528549059868089}));
    CHECK(r.cr == doctest::Approx(0.04371051206788109).epsilon(1e-9));
    // A perfectly consistent matrix (a_ij = w_i/w_j): CR = 0, weights recovered, both methods.
    const Vector w0 = vec({0.4, 0.3, 0.2, 0.1});
    Matrix c(4, 4);
    for (int i = 0; i < 4; ++i) for (int j = 0; j < 4; ++j) c(i, j) = w0[i] / w0[j];
    for (auto m : {AhpMethod::eigenvector, AhpMethod::geometric_mean}) {
        auto rc = ahp_weights(c, 0.1, m);
        check_close(rc.weights, w0, 1e-12);
        CHECK(std::abs(rc.cr) < 1e-12);
    }
    // Saaty (1980/2008) "choosing a house" style example: 3x3 judgements
    // [[1, 5, 3], [1/5, 1, 1/3], [1/3, 3, 1]] -> lambda_max 3.0385, CI 0.0193, CR 0.033 (RI 0.58)
    Matrix s(3, 3);
    s << 1, 5, 3, 1.0 / 5, 1, 1.0 / 3, 1.0 / 3, 3, 1;
    auto rs = ahp_weights(s);
    CHECK(rs.lambda_max == doctest::Approx(3.0385).epsilon(1e-4));
    CHECK(rs.cr == doctest::Approx(0.0193 / 0.58).epsilon(1e-2));
    CHECK(rs.weights[0] == doctest::Approx(0.637).epsilon(1e-3));
    CHECK(rs.weights[1] == doctest::Approx(0.105).epsilon(1e-2));
    CHECK(rs.weights[2] == doctest::Approx(0.258).epsilon(1e-3));
}

TEST_CASE("AHP refuses and validates") {
    Matrix bad(3, 3);
    bad << 1, 9, 1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9, 1;   // strongly intransitive
    CHECK_THROWS_AS(ahp_weights(bad, 0.1), input_error);
    CHECK_NOTHROW(ahp_weights(bad, INFINITY));
    try { ahp_weights(bad, 0.1); } catch (const input_error& e) { CHECK(e.field() == "consistency_ratio"); }
    CHECK_THROWS_AS(ahp_weights(Matrix::Ones(2, 3)), input_error);   // not square
    Matrix neg = Matrix::Ones(3, 3); neg(0, 1) = -1;
    CHECK_THROWS_AS(ahp_weights(neg), input_error);                 // not positive
    Matrix nrec = Matrix::Ones(3, 3); nrec(0, 1) = 3;                // a_10 should be 1/3
    try { ahp_weights(nrec); FAIL("no throw"); } catch (const input_error& e) { CHECK(e.field() == "[1,0]"); }
}

TEST_CASE("AHP beyond 10 and 15 criteria") {
    for (int n : {12, 20}) {
        const Vector w0 = Vector::LinSpaced(n, 1, n) / (n * (n + 1) / 2.0);
        Matrix c(n, n);
        for (int i = 0; i < n; ++i) for (int j = 0; j < n; ++j) c(i, j) = w0[i] / w0[j];
        auto r = ahp_weights(c);
        check_close(r.weights, w0, 1e-10);
        CHECK(r.ri > 1.4);
        if (n > 15) CHECK(!r.notes.empty());
    }
    bool est = true;
    CHECK(random_index(10, RandomIndex::saaty, &est) == 1.49);
    CHECK(!est);
    const double ri20 = random_index(20, RandomIndex::saaty, &est);
    CHECK(est);
    CHECK(ri20 > 1.55);
    CHECK(ri20 < 1.7);
    CHECK(random_index(20) == ri20);   // deterministic (fixed seed)
}

TEST_CASE("weights are never divided by their sum silently") {
    CHECK_THROWS_AS(topsis(ref_x(), vec({0.3, 0.3, 0.3, 0.3}), ref_t()), input_error);
    CHECK_THROWS_AS(weighted_sum(ref_x(), vec({0.5, 0.5, 0.5})), input_error);
    CHECK_THROWS_AS(given_weights(vec({0.5, -0.1, 0.6}), 3), input_error);
    auto nw = normalise_weights(vec({30, 30, 20, 10}));
    check_close(nw.weights, vec({1.0 / 3, 1.0 / 3, 2.0 / 9, 1.0 / 9}));
    CHECK(nw.original_sum == 90);
    CHECK(nw.note.find("90") != std::string::npos);
    CHECK_THROWS_AS(normalise_weights(vec({0, 0})), input_error);
}

TEST_CASE("degenerate columns: constant and 0/1 never give NaN") {
    Matrix x(4, 3);
    x << 1, 5, 0, 2, 5, 1, 3, 5, 0, 4, 5, 1;   // column 1 constant, column 2 binary
    Types t(3); t << 1, 1, 1;
    Vector w = vec({0.4, 0.3, 0.3});
    auto tp = topsis(x, w, t);
    CHECK(tp.score.allFinite());
    CHECK(!tp.notes.empty());
    auto vk = vikor(x, w, t);
    CHECK(vk.Q.allFinite());
    auto pr = promethee2(x, w, t);
    CHECK(pr.phi.allFinite());
    for (auto nm : {Normalisation::minmax, Normalisation::zscore, Normalisation::rank,
                    Normalisation::vector}) {
        auto z = normalise(x, t, nm);
        CHECK(z.values.allFinite());
        if (nm != Normalisation::vector) CHECK(!z.notes.empty());   // constant column reported
    }
    // all columns constant: TOPSIS closeness 0.5 for all, stated
    auto all = topsis(Matrix::Constant(3, 2, 7.0), vec({0.5, 0.5}), Types::Ones(2));
    check_close(all.score, Vector::Constant(3, 0.5));
    CHECK(!all.notes.empty());
    CHECK_THROWS_AS(critic_weights(Matrix::Constant(3, 2, 1.0)), input_error);
    auto cw = critic_weights(x);
    CHECK(cw[1] == 0.0);
    CHECK(cw.allFinite());
    auto ew = entropy_weights(x);
    CHECK(ew[1] == doctest::Approx(0.0).scale(1));
}

TEST_CASE("normalisation definitions") {
    Vector c = vec({2, 4, 6, 10});
    check_close(normalise_column(c, false, Normalisation::minmax), vec({0, 0.25, 0.5, 1}));
    check_close(normalise_column(c, true, Normalisation::minmax), vec({1, 0.75, 0.5, 0}));
    check_close(normalise_column(c, false, Normalisation::sum), c / 22.0);
    check_close(normalise_column(c, false, Normalisation::vector), c / c.norm());
    check_close(normalise_column(c, false, Normalisation::goalposts, 0, 8), vec({0.25, 0.5, 0.75, 1}));
    check_close(normalise_column(c, true, Normalisation::goalposts, 0, 8), vec({0.75, 0.5, 0.25, 0}));
    check_close(normalise_column(vec({3, 1, 2, 2}), false, Normalisation::rank), vec({1, 0, 0.5, 0.5}));
    Vector z = normalise_column(c, false, Normalisation::zscore);
    CHECK(z.mean() == doctest::Approx(0.0).scale(1));
    CHECK(std::sqrt(z.squaredNorm() / 3.0) == doctest::Approx(1.0));
    CHECK_THROWS_AS(normalise_column(vec({1, 0, 2}), false, Normalisation::sum), input_error);
    CHECK_THROWS_AS(normalise_column(c, false, Normalisation::goalposts, 3, 3), input_error);
    CHECK_THROWS_AS(normalise_column(vec({1, INFINITY}), false, Normalisation::minmax), input_error);
}

TEST_CASE("missing values: imputation is stated, leave-out re-weights") {
    Matrix x(4, 2);
    x << 1, 10, NAN, 20, 3, NAN, 5, 40;
    auto mean = impute(x, Imputation::mean);
    CHECK(mean.values(1, 0) == 3.0);
    CHECK(mean.values(2, 1) == doctest::Approx(70.0 / 3));
    CHECK(mean.notes.size() == 2);
    CHECK(mean.missing_total == 2);
    auto med = impute(x, Imputation::median);
    CHECK(med.values(1, 0) == 3.0);
    CHECK(med.values(2, 1) == 20.0);
    Eigen::VectorXi g(4); g << 0, 0, 1, 1;
    auto gm = impute(x, Imputation::group_mean, &g);
    CHECK(gm.values(1, 0) == 1.0);
    CHECK(gm.values(2, 1) == 40.0);
    CHECK_THROWS_AS(impute(x, Imputation::none), input_error);
    CHECK_THROWS_AS(impute(x, Imputation::group_mean), input_error);   // no groups
    Matrix allmiss = Matrix::Constant(3, 1, NAN);
    CHECK_THROWS_AS(impute(allmiss, Imputation::mean), input_error);
    // leave out: weights re-normalised per unit
    auto z = normalise(x, Types::Ones(2), Normalisation::minmax);
    auto s = weighted_sum(z.values, vec({0.5, 0.5}));
    CHECK(s.score.allFinite());
    CHECK(s.score[1] == doctest::Approx(z.values(1, 1)));
    CHECK(!s.notes.empty());
    CHECK_THROWS_AS(topsis(x, vec({0.5, 0.5}), Types::Ones(2)), input_error);  // NaN → error
}

TEST_CASE("weighted geometric mean") {
    Matrix z(2, 2);
    z << 0.25, 1, 0.5, 0.5;
    auto g = weighted_geometric(z, vec({0.5, 0.5}));
    check_close(g.score, vec({0.5, 0.5}));
    z(0, 0) = -0.1;
    CHECK_THROWS_AS(weighted_geometric(z, vec({0.5, 0.5})), input_error);
}

TEST_CASE("determinism: identical results run to run") {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(1, 100);
    Matrix x(50, 6);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
    Types t = Types::Ones(6); t[2] = -1;
    Vector w = equal_weights(6);
    auto a = topsis(x, w, t), b = topsis(x, w, t);
    CHECK(a.score == b.score);
    auto p = promethee2(x, w, t), q = promethee2(x, w, t);
    CHECK(p.phi == q.phi);
}

TEST_CASE("PROMETHEE usual criterion: single-criterion flows equal the pairwise definition on awkward values") {
    // the usual criterion is computed from one sort; check it against sum_b [ya-yb>0] - [yb-ya>0]
    // with signed zeros, subnormals, ties and differences that overflow to infinity
    std::mt19937_64 rng(8);
    const double pool[] = {0.0, -0.0, 4.9e-324, -4.9e-324, 1e-310, 1.7e308, -1.7e308, 1.0, 1.0, 2.5, -3.0};
    for (int trial = 0; trial < 200; ++trial) {
        const Index n = 2 + Index(rng() % 30), m = 1 + Index(rng() % 4);
        Matrix x(n, m);
        for (Index i = 0; i < x.size(); ++i)
            x.data()[i] = rng() % 2 ? pool[rng() % (sizeof pool / sizeof pool[0])] : double(rng() % 7) - 3.0;
        Types t = Types::Ones(m);
        if (m > 1) t[0] = -1;
        const Matrix f = promethee_criterion_flows(x, t, {PreferenceSpec{}});
        for (Index j = 0; j < m; ++j)
            for (Index a = 0; a < n; ++a) {
                double net = 0;
                for (Index b = 0; b < n; ++b) {
                    const double ya = t[j] * x(a, j), yb = t[j] * x(b, j);
                    net += double(ya - yb > 0) - double(yb - ya > 0);
                }
                CHECK(f(a, j) == net / double(n - 1));
            }
    }
}
