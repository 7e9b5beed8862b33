// Deferred acceptance with capacities (hatchnet/algo/stable_matching.hpp). Included by that
// header in header-only mode, or by src/algo/stable_matching.cpp (see hatchnet/algo/config.hpp).
#pragma once

#include "hatchnet/algo/stable_matching.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>

#include "hatchnet/error.hpp"

namespace hatchnet::algo {

namespace detail::stable {

inline std::string rrec(std::size_t r) { return "resident " + std::to_string(r); }
inline std::string hrec(std::size_t h) { return "hospital " + std::to_string(h); }

}  // namespace detail::stable

HATCHNET_ALGO_INLINE StableMatching::StableMatching(Prefs resident_prefs, Prefs hospital_prefs, std::vector<index_t> capacities)
    : rprefs_(std::move(resident_prefs)), hprefs_(std::move(hospital_prefs)), cap_(std::move(capacities)) {
    using namespace detail::stable;
    const std::size_t R = rprefs_.size(), H = hprefs_.size();
    if (cap_.size() != H)
        throw input_error("", "capacities", std::to_string(cap_.size()) + " capacities for " +
                                                std::to_string(H) + " hospitals");
    if (R >= static_cast<std::size_t>(INT32_MAX) || H >= static_cast<std::size_t>(INT32_MAX))
        throw input_error("", "", "too many residents or hospitals");
    for (std::size_t h = 0; h < H; ++h)
        if (cap_[h] < 0) throw input_error(hrec(h), "capacity", "must be >= 0, got " + std::to_string(cap_[h]));

    roff_.assign(R + 1, 0);
    hoff_.assign(H + 1, 0);
    for (std::size_t r = 0; r < R; ++r) roff_[r + 1] = roff_[r] + static_cast<std::int64_t>(rprefs_[r].size());
    for (std::size_t h = 0; h < H; ++h) hoff_[h + 1] = hoff_[h] + static_cast<std::int64_t>(hprefs_[h].size());
    r_entry_hrank_.assign(static_cast<std::size_t>(roff_[R]), -1);
    h_entry_rrank_.assign(static_cast<std::size_t>(hoff_[H]), -1);

    // validate hospital lists (ids in range, no repeats) with a stamp per resident
    {
        std::vector<index_t> stamp(R, -1);
        for (std::size_t h = 0; h < H; ++h)
            for (std::size_t k = 0; k < hprefs_[h].size(); ++k) {
                const index_t r = hprefs_[h][k];
                if (r < 0 || static_cast<std::size_t>(r) >= R)
                    throw input_error(hrec(h), "preferences", "resident " + std::to_string(r) + " does not exist");
                if (stamp[r] == static_cast<index_t>(h))
                    throw input_error(hrec(h), "preferences", "resident " + std::to_string(r) + " is listed twice");
                stamp[r] = static_cast<index_t>(h);
            }
    }
    // bucket the hospital-list entries by resident: (hospital, position)
    std::vector<std::int64_t> bstart(R + 1, 0);
    for (std::size_t h = 0; h < H; ++h)
        for (index_t r : hprefs_[h]) ++bstart[static_cast<std::size_t>(r) + 1];
    for (std::size_t r = 0; r < R; ++r) bstart[r + 1] += bstart[r];
    std::vector<std::int64_t> bfill(bstart.begin(), bstart.end() - 1);
    std::vector<std::pair<index_t, index_t>> bucket(static_cast<std::size_t>(bstart[R]));
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t k = 0; k < hprefs_[h].size(); ++k)
            bucket[static_cast<std::size_t>(bfill[hprefs_[h][k]]++)] = {static_cast<index_t>(h), static_cast<index_t>(k)};

    // per resident: position of each listed hospital, then cross-link the bucket entries
    std::vector<index_t> pos(H, -1);
    for (std::size_t r = 0; r < R; ++r) {
        const auto& list = rprefs_[r];
        for (std::size_t k = 0; k < list.size(); ++k) {
            const index_t h = list[k];
            if (h < 0 || static_cast<std::size_t>(h) >= H) {
                for (std::size_t q = 0; q < k; ++q) pos[list[q]] = -1;
                throw input_error(rrec(r), "preferences", "hospital " + std::to_string(h) + " does not exist");
            }
            if (pos[h] >= 0) {
                for (std::size_t q = 0; q < k; ++q) pos[list[q]] = -1;
                throw input_error(rrec(r), "preferences", "hospital " + std::to_string(h) + " is listed twice");
            }
            pos[h] = static_cast<index_t>(k);
        }
        for (std::int64_t b = bstart[r]; b < bstart[r + 1]; ++b) {
            const auto [h, hk] = bucket[static_cast<std::size_t>(b)];
            const index_t rk = pos[h];
            if (rk < 0) continue;  // r does not list h: not acceptable
            h_entry_rrank_[static_cast<std::size_t>(hoff_[h] + hk)] = rk;
            r_entry_hrank_[static_cast<std::size_t>(roff_[r] + rk)] = hk;
        }
        for (index_t h : list) pos[h] = -1;
    }
    match_.assign(R, -1);
}

HATCHNET_ALGO_INLINE void StableMatching::run(Proposer proposer) {
    using namespace detail::stable;
    const std::size_t R = rprefs_.size(), H = hprefs_.size();
    match_.assign(R, -1);
    proposals_ = 0;
    if (proposer == Proposer::residents) {
        // held[e] for hospital-list entry e: the resident of that entry is held by the hospital
        std::vector<char> held(h_entry_rrank_.size(), 0);
        std::vector<index_t> count(H, 0), worst(H);
        for (std::size_t h = 0; h < H; ++h) worst[h] = static_cast<index_t>(hprefs_[h].size()) - 1;
        std::vector<index_t> next(R, 0);
        std::vector<index_t> match_rank(R, -1);  // rank of r in its hospital's list
        std::deque<index_t> free;
        for (std::size_t r = 0; r < R; ++r) free.push_back(static_cast<index_t>(r));
        while (!free.empty()) {
            const index_t r = free.front();
            free.pop_front();
            const auto& list = rprefs_[r];
            while (next[r] < static_cast<index_t>(list.size())) {
                const index_t k = next[r]++;
                const index_t h = list[k];
                const index_t hr = r_entry_hrank_[static_cast<std::size_t>(roff_[r] + k)];
                if (hr < 0 || cap_[h] == 0) continue;
                ++proposals_;
                const std::int64_t base = hoff_[h];
                if (count[h] < cap_[h]) {
                    held[static_cast<std::size_t>(base + hr)] = 1;
                    ++count[h];
                    match_[r] = h;
                    match_rank[r] = hr;
                    break;
                }
                // full: find its worst held resident (the pointer only moves up the list)
                while (!held[static_cast<std::size_t>(base + worst[h])]) --worst[h];
                if (hr < worst[h]) {
                    const index_t w = hprefs_[h][worst[h]];
                    held[static_cast<std::size_t>(base + worst[h])] = 0;
                    match_[w] = -1;
                    match_rank[w] = -1;
                    free.push_back(w);
                    held[static_cast<std::size_t>(base + hr)] = 1;
                    match_[r] = h;
                    match_rank[r] = hr;
                    break;
                }
            }
        }
    } else {
        std::vector<index_t> count(H, 0), next(H, 0);
        std::vector<index_t> rank(R, -1);  // rank of the held hospital in r's list
        std::vector<char> queued(H, 1);
        std::deque<index_t> queue;
        for (std::size_t h = 0; h < H; ++h) queue.push_back(static_cast<index_t>(h));
        while (!queue.empty()) {
            const index_t h = queue.front();
            queue.pop_front();
            queued[h] = 0;
            const auto& list = hprefs_[h];
            while (count[h] < cap_[h] && next[h] < static_cast<index_t>(list.size())) {
                const index_t k = next[h]++;
                const index_t r = list[k];
                const index_t rk = h_entry_rrank_[static_cast<std::size_t>(hoff_[h] + k)];
                if (rk < 0) continue;
                ++proposals_;
                const index_t cur = match_[r];
                if (cur < 0 || rk < rank[r]) {
                    if (cur >= 0) {
                        --count[cur];
                        if (!queued[cur]) { queued[cur] = 1; queue.push_back(cur); }
                    }
                    match_[r] = h;
                    rank[r] = rk;
                    ++count[h];
                }
            }
        }
    }
}

HATCHNET_ALGO_INLINE std::vector<std::vector<StableMatching::index_t>> StableMatching::hospital_matches() const {
    using namespace detail::stable;
    std::vector<std::vector<index_t>> out(hprefs_.size());
    // in the hospital's order of preference
    for (std::size_t h = 0; h < hprefs_.size(); ++h)
        for (index_t r : hprefs_[h])
            if (match_[r] == static_cast<index_t>(h)) out[h].push_back(r);
    return out;
}

HATCHNET_ALGO_INLINE std::vector<std::pair<StableMatching::index_t, StableMatching::index_t>> StableMatching::pairs() const {
    using namespace detail::stable;
    std::vector<std::pair<index_t, index_t>> out;
    for (std::size_t r = 0; r < match_.size(); ++r)
        if (match_[r] >= 0) out.emplace_back(static_cast<index_t>(r), match_[r]);
    return out;
}

HATCHNET_ALGO_INLINE std::vector<std::pair<StableMatching::index_t, StableMatching::index_t>> blocking_pairs(const StableMatching::Prefs& rp,
                                                        const StableMatching::Prefs& hp,
                                                        const std::vector<StableMatching::index_t>& cap,
                                                        const std::vector<StableMatching::index_t>& m) {
    using namespace detail::stable;
    using index_t = StableMatching::index_t;
    const std::size_t R = rp.size(), H = hp.size();
    if (m.size() != R || cap.size() != H) throw input_error("", "matching", "size mismatch");
    auto rank_in = [](const std::vector<index_t>& list, index_t x) -> index_t {
        for (std::size_t k = 0; k < list.size(); ++k)
            if (list[k] == x) return static_cast<index_t>(k);
        return -1;
    };
    std::vector<index_t> count(H, 0), worst(H, -1);  // worst: largest rank held
    for (std::size_t r = 0; r < R; ++r) {
        const index_t h = m[r];
        if (h < 0) continue;
        if (static_cast<std::size_t>(h) >= H) throw input_error(rrec(r), "match", "no such hospital");
        const index_t hr = rank_in(hp[h], static_cast<index_t>(r));
        if (hr < 0 || rank_in(rp[r], h) < 0)
            throw input_error(rrec(r), "match", "pair with hospital " + std::to_string(h) + " is not acceptable");
        ++count[h];
        worst[h] = std::max(worst[h], hr);
    }
    for (std::size_t h = 0; h < H; ++h)
        if (count[h] > cap[h]) throw input_error(hrec(h), "match", "capacity exceeded");
    std::vector<std::pair<index_t, index_t>> out;
    for (std::size_t r = 0; r < R; ++r) {
        const index_t limit = m[r] < 0 ? static_cast<index_t>(rp[r].size()) : rank_in(rp[r], m[r]);
        for (index_t k = 0; k < limit; ++k) {
            const index_t h = rp[r][k];
            const index_t hr = rank_in(hp[h], static_cast<index_t>(r));
            if (hr < 0) continue;
            if (count[h] < cap[h] || hr < worst[h]) out.emplace_back(static_cast<index_t>(r), h);
        }
    }
    return out;
}

}  // namespace hatchnet::algo
