// Tests of hatchnet::algo::DenseAssignment / SparseAssignment: optimal cost equal to brute
// force over all (partial) permutations, dense and sparse, square and rectangular, minimise
// and maximise, infeasible instances, bad input, determinism.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/algo/assignment.hpp"

using namespace hatchnet::algo;

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

// ---------------------------------------------------------------------------------------
// LAPJV (dense and sparse) and the auction warm start of SparseAssignment against references:
// brute force on small instances, an independent O(n^3) Hungarian method on medium ones.

namespace {

using i128 = __int128;

// Minimum-cost assignment of every row of an r x c integer matrix (r <= c is not required:
// the matrix is transposed when r > c) among allowed pairs, by the O(n^2 m) Hungarian method
// with potentials (Kuhn-Munkres in the form of the e-maxx notes), in 128-bit arithmetic.
// Forbidden pairs cost a prohibitive M; an optimum using one proves infeasibility.
std::optional<i128> hungarian(int r, int c, const std::vector<std::int64_t>& m, const std::vector<char>& ok) {
    const bool t = r > c;
    const int n = t ? c : r, k = t ? r : c;
    if (n == 0) return i128(0);
    i128 maxc = 0;
    for (std::size_t q = 0; q < m.size(); ++q)
        if (ok[q]) maxc = std::max<i128>(maxc, m[q] < 0 ? -i128(m[q]) : i128(m[q]));
    const i128 M = (maxc + 1) * 4 * (n + 1), INF = M * 4 * (n + 1);
    auto a = [&](int i, int j) -> i128 {  // 1-based, rows = smaller side
        const std::size_t q = t ? static_cast<std::size_t>(j - 1) * c + (i - 1) : static_cast<std::size_t>(i - 1) * c + (j - 1);
        return ok[q] ? i128(m[q]) : M;
    };
    std::vector<i128> u(n + 1, 0), v(k + 1, 0), minv(k + 1);
    std::vector<int> p(k + 1, 0), way(k + 1, 0);
    std::vector<char> used(k + 1);
    for (int i = 1; i <= n; ++i) {
        p[0] = i;
        int j0 = 0;
        std::fill(minv.begin(), minv.end(), INF);
        std::fill(used.begin(), used.end(), 0);
        do {
            used[j0] = 1;
            const int i0 = p[j0];
            i128 delta = INF;
            int j1 = 0;
            for (int j = 1; j <= k; ++j)
                if (!used[j]) {
                    const i128 cur = a(i0, j) - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
            for (int j = 0; j <= k; ++j)
                if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                else minv[j] -= delta;
            j0 = j1;
        } while (p[j0] != 0);
        do { const int j1 = way[j0]; p[j0] = p[j1]; j0 = j1; } while (j0);
    }
    i128 total = 0;
    for (int j = 1; j <= k; ++j)
        if (p[j]) {
            const i128 w = a(p[j], j);
            if (w == M) return std::nullopt;
            total += w;
        }
    return total;
}

// The returned assignment is a matching of size min(r, c) on allowed pairs, the two views
// agree, and cost() is the sum of its pairs.
template <class Assign, class Cost, class Allowed>
void check_solution(const Assign& a, int r, int c, Cost cost_of, Allowed allowed) {
    const auto& rc = a.assignment();
    const auto& cr = a.col_to_row();
    REQUIRE(static_cast<int>(rc.size()) == r);
    REQUIRE(static_cast<int>(cr.size()) == c);
    int matched = 0;
    decltype(a.cost()) total = 0;
    std::vector<char> seen(c, 0);
    for (int i = 0; i < r; ++i) {
        if (rc[i] < 0) continue;
        REQUIRE(rc[i] < c);
        CHECK(!seen[rc[i]]);
        seen[rc[i]] = 1;
        CHECK(cr[rc[i]] == i);
        CHECK(allowed(i, rc[i]));
        total += cost_of(i, rc[i]);
        ++matched;
    }
    for (int j = 0; j < c; ++j)
        if (cr[j] >= 0) CHECK(rc[cr[j]] == j);
    CHECK(matched == std::min(r, c));
    CHECK(total == a.cost());
}

constexpr AssignmentAlgorithm kSparseAlgorithms[] = {AssignmentAlgorithm::automatic,
                                                      AssignmentAlgorithm::shortest_path,
                                                      AssignmentAlgorithm::auction};

// A random r x c instance: integer costs in [lo, lo + spread), pairs forbidden with
// probability forbid_pct / 100. Returns costs and the allowed mask.
struct Instance {
    int r = 0, c = 0;
    std::vector<std::int64_t> m;
    std::vector<char> ok;
};

Instance random_instance(std::mt19937_64& rng, int r, int c, std::int64_t lo, std::int64_t spread, int forbid_pct) {
    Instance I;
    I.r = r; I.c = c;
    I.m.resize(static_cast<std::size_t>(r) * c);
    I.ok.resize(I.m.size());
    for (std::size_t q = 0; q < I.m.size(); ++q) {
        I.m[q] = lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(spread));
        I.ok[q] = static_cast<int>(rng() % 100) >= forbid_pct;
    }
    return I;
}

// Solves I (scaled by `sign`: -1 maximises the negated costs, the same optimum) with the
// dense double solver, the dense int64 solver when nothing is forbidden, and the sparse
// solvers (int64 and double, every algorithm), and compares with the Hungarian reference.
void compare_all(const Instance& I, bool maximize, const char* what) {
    CAPTURE(what);
    CAPTURE(I.r);
    CAPTURE(I.c);
    CAPTURE(maximize);
    const int r = I.r, c = I.c;
    std::vector<std::int64_t> ref_cost(I.m);
    if (maximize)
        for (auto& x : ref_cost) x = -x;
    const auto expect = hungarian(r, c, ref_cost, I.ok);
    const Objective obj = maximize ? Objective::maximize : Objective::minimize;
    const double forbidden = maximize ? -kForbidden : kForbidden;
    auto at = [&](int i, int j) { return static_cast<std::size_t>(i) * c + j; };
    auto allowed = [&](int i, int j) { return I.ok[at(i, j)] != 0; };
    auto expect_cost = [&]() -> std::int64_t {
        const i128 e = *expect;
        return static_cast<std::int64_t>(maximize ? -e : e);
    };
    const bool all_allowed = std::all_of(I.ok.begin(), I.ok.end(), [](char o) { return o != 0; });
    if (all_allowed) {
        DenseAssignment<std::int64_t> d(r, c, I.m, obj);
        REQUIRE(d.run() == AssignmentStatus::optimal);
        CHECK(d.cost() == expect_cost());
        check_solution(d, r, c, [&](int i, int j) { return I.m[at(i, j)]; }, allowed);
    }
    // doubles: exact while the sums stay below 2^53
    bool small = true;
    for (auto x : I.m) small = small && (x < 0 ? -x : x) < (std::int64_t(1) << 40);
    if (small) {
        std::vector<double> md(I.m.size());
        for (std::size_t q = 0; q < md.size(); ++q) md[q] = I.ok[q] ? double(I.m[q]) : forbidden;
        DenseAssignment<double> d(r, c, md, obj);
        const auto st = d.run();
        if (!expect) {
            CHECK(st == AssignmentStatus::infeasible);
        } else {
            REQUIRE(st == AssignmentStatus::optimal);
            CHECK(d.cost() == double(expect_cost()));
            check_solution(d, r, c, [&](int i, int j) { return md[at(i, j)]; }, allowed);
        }
    }
    std::vector<std::int32_t> er, ec;
    std::vector<std::int64_t> ew;
    for (int i = 0; i < r; ++i)
        for (int j = 0; j < c; ++j)
            if (allowed(i, j)) { er.push_back(i); ec.push_back(j); ew.push_back(I.m[at(i, j)]); }
    std::vector<double> ewd(ew.begin(), ew.end());
    for (const auto algo : kSparseAlgorithms) {
        CAPTURE(static_cast<int>(algo));
        SparseAssignment<std::int64_t> s(r, c);
        s.set_algorithm(algo);
        s.add_edges(er, ec, ew);
        const auto st = s.run(obj);
        if (!expect) {
            CHECK(st == AssignmentStatus::infeasible);
        } else {
            REQUIRE(st == AssignmentStatus::optimal);
            CHECK(s.cost() == expect_cost());
            check_solution(s, r, c, [&](int i, int j) { return I.m[at(i, j)]; }, allowed);
            // deterministic: a second run gives the same assignment
            SparseAssignment<std::int64_t> s2(r, c);
            s2.set_algorithm(algo);
            s2.add_edges(er, ec, ew);
            CHECK(s2.run(obj) == st);
            CHECK(s2.assignment() == s.assignment());
        }
        if (small) {
            SparseAssignment<double> sd(r, c);
            sd.set_algorithm(algo);
            sd.add_edges(er, ec, ewd);
            const auto std_ = sd.run(obj);
            if (!expect) {
                CHECK(std_ == AssignmentStatus::infeasible);
            } else {
                REQUIRE(std_ == AssignmentStatus::optimal);
                CHECK(sd.cost() == double(expect_cost()));
            }
        }
    }
}

}  // namespace

TEST_CASE("assignment: every method equals brute force on small instances") {
    std::mt19937_64 rng(20240603);
    for (int iter = 0; iter < 1500; ++iter) {
        const int r = 1 + static_cast<int>(rng() % 7), c = 1 + static_cast<int>(rng() % 7);
        const bool maximize = iter % 2 == 1;
        const std::int64_t spread = iter % 3 == 0 ? 3 : (iter % 3 == 1 ? 20 : 1000);
        const int forbid = iter % 4 == 0 ? 0 : static_cast<int>(rng() % 60);
        const Instance I = random_instance(rng, r, c, -spread / 2, spread, forbid);
        CAPTURE(iter);
        // brute force on the instance itself
        auto cost = [&](int i, int j) { return double(I.m[static_cast<std::size_t>(i) * c + j]); };
        auto allowed = [&](int i, int j) { return I.ok[static_cast<std::size_t>(i) * c + j] != 0; };
        const auto bf = brute(r, c, cost, allowed, maximize);
        std::vector<std::int64_t> ref(I.m);
        if (maximize)
            for (auto& x : ref) x = -x;
        const auto h = hungarian(r, c, ref, I.ok);
        REQUIRE(bf.has_value() == h.has_value());
        if (bf) CHECK(double(maximize ? -*h : *h) == *bf);
        compare_all(I, maximize, "small");
    }
}

TEST_CASE("assignment: medium instances equal the Hungarian reference (dense, sparse, degenerate, large)") {
    std::mt19937_64 rng(77);
    int infeasible = 0;
    for (int iter = 0; iter < 300; ++iter) {
        const int kind = iter % 6;
        int r = 10 + static_cast<int>(rng() % 50), c = r;
        if (kind == 4) c = r + static_cast<int>(rng() % 20);       // wide
        if (kind == 5) r = c + static_cast<int>(rng() % 20);       // tall
        std::int64_t lo = 0, spread = 1000;
        int forbid = 0;
        const char* what = "random";
        switch (kind) {
            case 0: break;
            case 1: spread = 2; what = "degenerate (costs 0/1)"; break;
            case 2: forbid = 50 + static_cast<int>(rng() % 45); what = "sparse, forbidden pairs"; break;
            case 3: {  // near the 64-bit guard: 8 (k + 2)(max + 1) < 2^62
                const std::int64_t max_ok = ((std::int64_t(1) << 59) / (std::min(r, c) + 2)) - 2;
                spread = max_ok / 4;
                lo = max_ok - spread;
                if (rng() % 2) lo = -max_ok;
                what = "large costs";
                break;
            }
            default: forbid = static_cast<int>(rng() % 80); what = "rectangular"; break;
        }
        const Instance I = random_instance(rng, r, c, lo, spread, forbid);
        CAPTURE(iter);
        std::vector<std::int64_t> ref(I.m);
        infeasible += !hungarian(r, c, ref, I.ok).has_value();
        compare_all(I, iter % 2 == 1, what);
    }
    CHECK(infeasible > 0);  // the forbidden-pair instances include infeasible ones
}

TEST_CASE("assignment: sparse instances like the benchmark's (hidden perfect matching)") {
    std::mt19937_64 rng(5);
    for (int iter = 0; iter < 40; ++iter) {
        const int n = 200 + static_cast<int>(rng() % 400), k = 2 + static_cast<int>(rng() % 6);
        const std::int64_t spread = iter % 2 ? 10000 : 4;
        std::vector<int> perm(n);
        for (int i = 0; i < n; ++i) perm[i] = i;
        for (int i = n - 1; i > 0; --i) std::swap(perm[i], perm[rng() % (i + 1)]);
        Instance I;
        I.r = I.c = n;
        I.m.assign(static_cast<std::size_t>(n) * n, 0);
        I.ok.assign(I.m.size(), 0);
        std::vector<std::int32_t> er, ec;
        std::vector<std::int64_t> ew;
        for (int i = 0; i < n; ++i)
            for (int q = 0; q < k; ++q) {
                const int j = q == 0 ? perm[i] : static_cast<int>(rng() % n);
                const auto w = static_cast<std::int64_t>(rng() % spread);
                er.push_back(i); ec.push_back(j); ew.push_back(w);  // parallel edges: cheapest counts
                auto& cell = I.m[static_cast<std::size_t>(i) * n + j];
                auto& ok = I.ok[static_cast<std::size_t>(i) * n + j];
                cell = ok ? std::min(cell, w) : w;
                ok = 1;
            }
        CAPTURE(iter);
        const auto expect = hungarian(n, n, I.m, I.ok);
        REQUIRE(expect.has_value());
        for (const auto algo : kSparseAlgorithms) {
            CAPTURE(static_cast<int>(algo));
            SparseAssignment<std::int64_t> s(n, n);
            s.set_algorithm(algo);
            s.add_edges(er, ec, ew);
            REQUIRE(s.run() == AssignmentStatus::optimal);
            CHECK(s.cost() == static_cast<std::int64_t>(*expect));
            check_solution(s, n, n, [&](int i, int j) { return I.m[static_cast<std::size_t>(i) * n + j]; },
                           [&](int i, int j) { return I.ok[static_cast<std::size_t>(i) * n + j] != 0; });
        }
        // doubles with fractional (dyadic, so exact) costs through the auction warm start
        std::vector<double> ewd(ew.size());
        for (std::size_t q = 0; q < ew.size(); ++q) ewd[q] = double(ew[q]) * 0.25;
        SparseAssignment<double> sd(n, n);
        sd.set_algorithm(AssignmentAlgorithm::auction);
        sd.add_edges(er, ec, ewd);
        REQUIRE(sd.run() == AssignmentStatus::optimal);
        CHECK(sd.cost() == double(static_cast<std::int64_t>(*expect)) * 0.25);
    }
}

TEST_CASE("assignment: large automatic runs agree across methods") {
    // above the automatic auction threshold: dense LAPJV, sparse automatic and sparse LAPJV
    std::mt19937_64 rng(99);
    const int n = 1200;
    std::vector<std::int64_t> m(static_cast<std::size_t>(n) * n);
    for (auto& x : m) x = static_cast<std::int64_t>(rng() % 5000);
    DenseAssignment<std::int64_t> d(n, n, m);
    REQUIRE(d.run() == AssignmentStatus::optimal);
    std::vector<std::int32_t> er, ec;
    std::vector<std::int64_t> ew;
    for (int i = 0; i < n; ++i)
        for (int q = 0; q < 8; ++q) {
            const int j = static_cast<int>(rng() % n);
            er.push_back(i); ec.push_back(j); ew.push_back(m[static_cast<std::size_t>(i) * n + j]);
        }
    for (int i = 0; i < n; ++i) {  // keep d's optimal matching allowed, so the sparse one is feasible
        er.push_back(i); ec.push_back(d.assignment()[i]); ew.push_back(m[static_cast<std::size_t>(i) * n + d.assignment()[i]]);
    }
    SparseAssignment<std::int64_t> a(n, n), b(n, n);
    b.set_algorithm(AssignmentAlgorithm::shortest_path);
    a.add_edges(er, ec, ew);
    b.add_edges(er, ec, ew);
    REQUIRE(a.run() == AssignmentStatus::optimal);
    REQUIRE(b.run() == AssignmentStatus::optimal);
    CHECK(a.cost() == b.cost());
    // the pairs are a subset holding the dense optimum's matching: same optimal cost
    CHECK(a.cost() == d.cost());
    check_solution(a, n, n, [&](int i, int j) { return m[static_cast<std::size_t>(i) * n + j]; },
                   [](int, int) { return true; });
}

TEST_CASE("assignment: status names, in the compiled mode the library's users see") {
    // Every declared non-template function must be defined for programs that link the
    // library (HATCHNET_ALGO_COMPILED): calling it here is the link-time check.
    CHECK(std::string(to_string(AssignmentStatus::not_run)) == "not_run");
    CHECK(std::string(to_string(AssignmentStatus::optimal)) == "optimal");
    CHECK(std::string(to_string(AssignmentStatus::infeasible)) == "infeasible");
}
