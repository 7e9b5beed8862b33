// Tests of hatchnet::algo::StableMatching (deferred acceptance with capacities): every result
// is stable (no blocking pair, checked by brute force); on tiny instances all stable matchings
// are enumerated and resident-/hospital-optimality and the rural hospitals theorem checked.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/algo/stable_matching.hpp"

using hatchnet::algo::StableMatching;
using hatchnet::algo::blocking_pairs;
using Prefs = StableMatching::Prefs;
using P = StableMatching::Proposer;

namespace {

struct Inst { Prefs rp, hp; std::vector<int> cap; };

Inst random_inst(std::mt19937& rng, int R, int H, int maxcap) {
    Inst I;
    I.rp.resize(R);
    I.hp.resize(H);
    for (int r = 0; r < R; ++r) {
        for (int h = 0; h < H; ++h)
            if (rng() % 4 != 0) I.rp[r].push_back(h);
        std::shuffle(I.rp[r].begin(), I.rp[r].end(), rng);
    }
    for (int h = 0; h < H; ++h) {
        for (int r = 0; r < R; ++r)
            if (rng() % 4 != 0) I.hp[h].push_back(r);
        std::shuffle(I.hp[h].begin(), I.hp[h].end(), rng);
        I.cap.push_back(static_cast<int>(rng() % (maxcap + 1)));
    }
    return I;
}

int rank_of(const std::vector<int>& list, int x) {
    auto it = std::find(list.begin(), list.end(), x);
    return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

// all stable matchings, by enumerating every feasible matching
std::vector<std::vector<int>> all_stable(const Inst& I) {
    const int R = static_cast<int>(I.rp.size()), H = static_cast<int>(I.hp.size());
    std::vector<std::vector<int>> out;
    std::vector<int> m(R, -1), count(H, 0);
    std::function<void(int)> rec = [&](int r) {
        if (r == R) {
            if (blocking_pairs(I.rp, I.hp, I.cap, m).empty()) out.push_back(m);
            return;
        }
        m[r] = -1;
        rec(r + 1);
        for (int h : I.rp[r]) {
            if (rank_of(I.hp[h], r) < 0 || count[h] >= I.cap[h]) continue;
            m[r] = h;
            ++count[h];
            rec(r + 1);
            --count[h];
            m[r] = -1;
        }
    };
    rec(0);
    return out;
}

// resident r's rank of its match (unmatched = worse than any)
int rrank(const Inst& I, int r, int h) { return h < 0 ? 1000 : rank_of(I.rp[r], h); }

}  // namespace

TEST_CASE("stable matching: classic example") {
    // 3 residents, 2 hospitals of capacity 1 and 2
    Prefs rp{{0, 1}, {0, 1}, {1, 0}};
    Prefs hp{{1, 0, 2}, {0, 2, 1}};
    StableMatching sm(rp, hp, {1, 2});
    sm.run(P::residents);
    CHECK(sm.resident_match() == std::vector<int>{1, 0, 1});  // r1 displaces r0 at h0
    CHECK(blocking_pairs(rp, hp, {1, 2}, sm.resident_match()).empty());
    sm.run(P::hospitals);
    CHECK(blocking_pairs(rp, hp, {1, 2}, sm.resident_match()).empty());
    CHECK(sm.hospital_matches().size() == 2);
}

TEST_CASE("stable matching: results are stable and optimal for the proposing side (brute force)") {
    std::mt19937 rng(2024);
    int checked = 0;
    for (int iter = 0; iter < 1500; ++iter) {
        const int R = 1 + static_cast<int>(rng() % 5), H = 1 + static_cast<int>(rng() % 3);
        Inst I = random_inst(rng, R, H, 2);
        StableMatching sm(I.rp, I.hp, I.cap);
        sm.run(P::residents);
        const auto ro = sm.resident_match();
        sm.run(P::hospitals);
        const auto ho = sm.resident_match();
        CAPTURE(iter);
        CHECK(blocking_pairs(I.rp, I.hp, I.cap, ro).empty());
        CHECK(blocking_pairs(I.rp, I.hp, I.cap, ho).empty());
        const auto stable = all_stable(I);
        REQUIRE(!stable.empty());
        CHECK(std::find(stable.begin(), stable.end(), ro) != stable.end());
        CHECK(std::find(stable.begin(), stable.end(), ho) != stable.end());
        for (const auto& s : stable) {
            for (int r = 0; r < R; ++r) {
                // resident-optimal and resident-pessimal (= hospital-optimal)
                CHECK(rrank(I, r, ro[r]) <= rrank(I, r, s[r]));
                CHECK(rrank(I, r, ho[r]) >= rrank(I, r, s[r]));
                // rural hospitals: the same residents are matched in every stable matching
                CHECK((s[r] < 0) == (ro[r] < 0));
            }
            for (int h = 0; h < H; ++h)
                CHECK(std::count(s.begin(), s.end(), h) == std::count(ro.begin(), ro.end(), h));
        }
        ++checked;
    }
    CHECK(checked == 1500);
}

TEST_CASE("stable matching: larger instances are stable and deterministic") {
    std::mt19937 rng(77);
    for (int iter = 0; iter < 20; ++iter) {
        Inst I = random_inst(rng, 300, 40, 12);
        StableMatching a(I.rp, I.hp, I.cap), b(I.rp, I.hp, I.cap);
        for (P p : {P::residents, P::hospitals}) {
            a.run(p);
            b.run(p);
            CHECK(a.resident_match() == b.resident_match());
            CHECK(blocking_pairs(I.rp, I.hp, I.cap, a.resident_match()).empty());
            std::int64_t L = 0;
            for (auto& l : I.rp) L += static_cast<std::int64_t>(l.size());
            for (auto& l : I.hp) L += static_cast<std::int64_t>(l.size());
            CHECK(a.proposals() <= L);
        }
    }
}

TEST_CASE("stable matching: bad input raises input_error") {
    CHECK_THROWS_AS(StableMatching({{0}}, {{0}}, {1, 1}), hatchnet::input_error);   // caps size
    CHECK_THROWS_AS(StableMatching({{1}}, {{0}}, {1}), hatchnet::input_error);      // hospital 1
    CHECK_THROWS_AS(StableMatching({{0, 0}}, {{0}}, {1}), hatchnet::input_error);   // twice
    CHECK_THROWS_AS(StableMatching({{0}}, {{0, 3}}, {1}), hatchnet::input_error);   // resident 3
    CHECK_THROWS_AS(StableMatching({{0}}, {{0}}, {-1}), hatchnet::input_error);     // capacity
    try {
        StableMatching({{0}, {0, 2}}, {{0}}, {1});
        FAIL("no throw");
    } catch (const hatchnet::input_error& e) {
        CHECK(e.record() == "resident 1");
        CHECK(e.field() == "preferences");
    }
    // empty problem, zero capacities, empty lists
    StableMatching e({}, {}, {});
    e.run();
    CHECK(e.resident_match().empty());
    StableMatching z({{0}, {}}, {{0, 1}}, {0});
    z.run();
    CHECK(z.resident_match() == std::vector<int>{-1, -1});
    CHECK_THROWS_AS(blocking_pairs({{0}}, {{0}}, {0}, {0}), hatchnet::input_error);  // over capacity
}
