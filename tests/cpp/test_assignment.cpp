// Tests of hatchnet::match::DenseAssignment / SparseAssignment: optimal cost equal to brute
// force over all (partial) permutations, dense and sparse, square and rectangular, minimise
// and maximise, infeasible instances, bad input, determinism.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/match/assignment.hpp"

using namespace hatchnet::match;

namespace {

constexpr double kForbidden = std::numeric_limits<double>::infinity();

// Best total over injective maps of the smaller side into the larger (nullopt: none exists).
// allowed(i, j) false marks forbidden pairs.
template <class F, class A>
std::optional<double> brute(int r, int c, F cost, A allowed, bool maximize) {
    const bool t = r > c;
    const int small = t ? c : r, big = t ? r : c;
    std::vector<int> perm(big);
    for (int k = 0; k < big; ++k) perm[k] = k;
    std::optional<double> best;
    do {
        double total = 0;
        bool ok = true;
        for (int k = 0; k < small && ok; ++k) {
            const int i = t ? perm[k] : k, j = t ? k : perm[k];
            if (!allowed(i, j)) ok = false;
            else total += cost(i, j);
        }
        if (ok && (!best || (maximize ? total > *best : total < *best))) best = total;
    } while (std::next_permutation(perm.begin(), perm.end()));
    return best;
}

template <class Assign>
void check_matching(const Assign& a, int r, int c) {
    const auto& rc = a.assignment();
    const auto& cr = a.col_to_row();
    REQUIRE(static_cast<int>(rc.size()) == r);
    REQUIRE(static_cast<int>(cr.size()) == c);
    int matched = 0;
    for (int i = 0; i < r; ++i)
        if (rc[i] >= 0) {
            ++matched;
            CHECK(cr[rc[i]] == i);
        }
    CHECK(matched == std::min(r, c));
}

}  // namespace

TEST_CASE("assignment: hand example") {
    const std::vector<std::int64_t> m{4, 1, 3, 2, 0, 5, 3, 2, 2};
    DenseAssignment<std::int64_t> a(3, 3, m);
    REQUIRE(a.run() == AssignmentStatus::optimal);
    CHECK(a.cost() == 5);
    CHECK(a.assignment() == std::vector<std::int32_t>{1, 0, 2});
    DenseAssignment<std::int64_t> b(3, 3, m, Objective::maximize);
    REQUIRE(b.run() == AssignmentStatus::optimal);
    CHECK(b.cost() == 11);
}

TEST_CASE("assignment: dense equals brute force (int64 and double, rectangular, min and max)") {
    std::mt19937_64 rng(31337);
    for (int iter = 0; iter < 600; ++iter) {
        const int r = 1 + static_cast<int>(rng() % 6), c = 1 + static_cast<int>(rng() % 6);
        const bool maximize = iter % 3 == 0;
        const int spread = iter % 4 == 0 ? 3 : 100;  // many ties in one case out of four
        std::vector<std::int64_t> mi(static_cast<std::size_t>(r) * c);
        for (auto& x : mi) x = static_cast<std::int64_t>(rng() % spread) - spread / 3;
        CAPTURE(iter);
        auto cost = [&](int i, int j) { return double(mi[static_cast<std::size_t>(i) * c + j]); };
        auto all = [](int, int) { return true; };
        const double expect = *brute(r, c, cost, all, maximize);
        DenseAssignment<std::int64_t> a(r, c, mi, maximize ? Objective::maximize : Objective::minimize);
        REQUIRE(a.run() == AssignmentStatus::optimal);
        CHECK(double(a.cost()) == expect);
        check_matching(a, r, c);
        std::int64_t recomputed = 0;
        for (int i = 0; i < r; ++i)
            if (a.assignment()[i] >= 0) recomputed += mi[static_cast<std::size_t>(i) * c + a.assignment()[i]];
        CHECK(recomputed == a.cost());

        // double with forbidden entries
        std::vector<double> md(mi.begin(), mi.end());
        for (auto& x : md)
            if (rng() % 5 == 0) x = maximize ? -kForbidden : kForbidden;
        auto costd = [&](int i, int j) { return md[static_cast<std::size_t>(i) * c + j]; };
        auto allowed = [&](int i, int j) { return std::isfinite(costd(i, j)); };
        const auto expd = brute(r, c, costd, allowed, maximize);
        DenseAssignment<double> d(r, c, md, maximize ? Objective::maximize : Objective::minimize);
        const auto st = d.run();
        if (!expd) {
            CHECK(st == AssignmentStatus::infeasible);
        } else {
            REQUIRE(st == AssignmentStatus::optimal);
            CHECK(d.cost() == *expd);
            check_matching(d, r, c);
        }

        // sparse with the same allowed pairs
        SparseAssignment<double> s(r, c);
        for (int i = 0; i < r; ++i)
            for (int j = 0; j < c; ++j)
                if (allowed(i, j)) s.add_edge(i, j, costd(i, j));
        const auto sst = s.run(maximize ? Objective::maximize : Objective::minimize);
        if (!expd) {
            CHECK(sst == AssignmentStatus::infeasible);
        } else {
            REQUIRE(sst == AssignmentStatus::optimal);
            CHECK(s.cost() == *expd);
            check_matching(s, r, c);
        }
        // repeated runs are identical
        DenseAssignment<double> d2(r, c, md, maximize ? Objective::maximize : Objective::minimize);
        CHECK(d2.run() == st);
        CHECK(d2.assignment() == d.assignment());
    }
}

TEST_CASE("assignment: sparse int64 with parallel edges equals brute force") {
    std::mt19937_64 rng(4242);
    for (int iter = 0; iter < 400; ++iter) {
        const int r = 1 + static_cast<int>(rng() % 6), c = 1 + static_cast<int>(rng() % 6);
        SparseAssignment<std::int64_t> s(r, c);
        std::vector<std::int64_t> best(static_cast<std::size_t>(r) * c, std::numeric_limits<std::int64_t>::max());
        const int edges = static_cast<int>(rng() % (2 * r * c + 1));
        for (int k = 0; k < edges; ++k) {
            const int i = static_cast<int>(rng() % r), j = static_cast<int>(rng() % c);
            const std::int64_t w = static_cast<std::int64_t>(rng() % 50) - 10;
            s.add_edge(i, j, w);
            auto& b = best[static_cast<std::size_t>(i) * c + j];
            b = std::min(b, w);
        }
        CAPTURE(iter);
        auto cost = [&](int i, int j) { return double(best[static_cast<std::size_t>(i) * c + j]); };
        auto allowed = [&](int i, int j) {
            return best[static_cast<std::size_t>(i) * c + j] != std::numeric_limits<std::int64_t>::max();
        };
        const auto expect = brute(r, c, cost, allowed, false);
        const auto st = s.run();
        if (!expect) {
            CHECK(st == AssignmentStatus::infeasible);
        } else {
            REQUIRE(st == AssignmentStatus::optimal);
            CHECK(double(s.cost()) == *expect);
            check_matching(s, r, c);
        }
    }
}

TEST_CASE("assignment: larger dense and sparse agree") {
    std::mt19937_64 rng(8);
    const int n = 120;
    std::vector<std::int64_t> m(static_cast<std::size_t>(n) * n);
    for (auto& x : m) x = static_cast<std::int64_t>(rng() % 1000);
    DenseAssignment<std::int64_t> d(n, n, m);
    REQUIRE(d.run() == AssignmentStatus::optimal);
    SparseAssignment<std::int64_t> s(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) s.add_edge(i, j, m[static_cast<std::size_t>(i) * n + j]);
    REQUIRE(s.run() == AssignmentStatus::optimal);
    CHECK(d.cost() == s.cost());
}

TEST_CASE("assignment: empty problems and bad input") {
    DenseAssignment<double> e(0, 0, std::vector<double>{});
    CHECK(e.run() == AssignmentStatus::optimal);
    CHECK(e.cost() == 0.0);
    DenseAssignment<double> e2(3, 0, std::vector<double>{});
    CHECK(e2.run() == AssignmentStatus::optimal);
    CHECK(e2.assignment() == std::vector<std::int32_t>{-1, -1, -1});
    SparseAssignment<std::int64_t> none(2, 2);
    CHECK(none.run() == AssignmentStatus::infeasible);

    const std::vector<double> nan{1.0, std::nan("")};
    CHECK_THROWS_AS(DenseAssignment<double>(1, 2, nan), hatchnet::input_error);
    const std::vector<double> three{1.0, 2.0, 3.0};
    CHECK_THROWS_AS(DenseAssignment<double>(2, 2, three), hatchnet::input_error);
    const std::vector<double> neg_inf{-kForbidden, 1.0};
    CHECK_THROWS_AS(DenseAssignment<double>(1, 2, neg_inf), hatchnet::input_error);
    const std::vector<std::int64_t> huge{std::int64_t(1) << 60, 0, 0, 0};
    CHECK_THROWS_AS(DenseAssignment<std::int64_t>(2, 2, huge), hatchnet::input_error);
    SparseAssignment<double> s(2, 2);
    CHECK_THROWS_AS(s.add_edge(2, 0, 1.0), hatchnet::input_error);
    CHECK_THROWS_AS(s.add_edge(0, -1, 1.0), hatchnet::input_error);
    CHECK_THROWS_AS(s.add_edge(0, 0, std::nan("")), hatchnet::input_error);
    try {
        s.add_edge(0, 0, 1.0);
        s.add_edge(0, 5, 1.0);
        FAIL("no throw");
    } catch (const hatchnet::input_error& e) {
        CHECK(e.record() == "edge 1");
        CHECK(e.field() == "col");
    }
}
