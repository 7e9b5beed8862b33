// Header-only use of hatchnet::algo::StableMatching: one hatchnet header, -I include, nothing
// linked. The instance is the textbook one where resident- and hospital-proposing deferred
// acceptance give different stable matchings (checked by hand and by blocking_pairs).
#include <hatchnet/algo/stable_matching.hpp>

#include <cstdio>
#include <vector>

int main() {
    using hatchnet::algo::StableMatching;
    // Residents 0, 1; hospitals 0, 1 with capacity 1. Residents: 0 prefers h0, 1 prefers h1;
    // hospitals: h0 prefers r1, h1 prefers r0.
    StableMatching::Prefs rp{{0, 1}, {1, 0}};
    StableMatching::Prefs hp{{1, 0}, {0, 1}};
    std::vector<StableMatching::index_t> cap{1, 1};
    StableMatching m(rp, hp, cap);
    m.run(StableMatching::Proposer::residents);
    if (m.resident_match() != std::vector<StableMatching::index_t>{0, 1}) return 1;
    if (!hatchnet::algo::blocking_pairs(rp, hp, cap, m.resident_match()).empty()) return 2;
    m.run(StableMatching::Proposer::hospitals);
    if (m.resident_match() != std::vector<StableMatching::index_t>{1, 0}) return 3;
    // Leaving everyone single is blocked by all four pairs (every list is complete).
    if (hatchnet::algo::blocking_pairs(rp, hp, cap, {-1, -1}).size() != 4) return 4;
    std::printf("stable_matching header-only: ok\n");
    return 0;
}
