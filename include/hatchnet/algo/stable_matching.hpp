// hatchnet/algo/stable_matching.hpp — stable matching with capacities (hospitals/residents).
//
// Problem. Residents (capacity 1 each: an organization's need, an applicant) and hospitals
// (capacity c(h) >= 0: a resource, a programme) rank some members of the other side, best
// first; lists may be incomplete and a pair is acceptable only when each lists the other. A
// matching assigns each resident at most one acceptable hospital and each hospital at most
// c(h) residents. It is stable when no acceptable pair (r, h) blocks it: r unmatched or
// preferring h to its hospital, and h under capacity or preferring r to one of its residents.
//
// Algorithm. Deferred acceptance (Gale & Shapley 1962) in the capacitated form of Gusfield &
// Irving (1989, §1.6):
//   * Proposer::residents — free residents propose down their lists; a full hospital keeps
//     its best c(h) applicants. Gives the resident-optimal stable matching (every resident
//     gets its best partner over all stable matchings).
//   * Proposer::hospitals — hospitals with free places offer down their lists; a resident
//     keeps its best offer. Gives the hospital-optimal (= resident-pessimal) stable matching.
// Both are unique, so the order in which proposals are processed does not matter; we use FIFO
// queues in index order, and the output is fully deterministic. By the "rural hospitals"
// theorem every stable matching matches the same residents and fills each hospital equally.
//
// Complexity. O(L) time and memory, L = total length of all preference lists: mutual ranks
// are cross-indexed by bucketing, and a full hospital finds its worst resident with a pointer
// that only moves up its list.
//
// References.
//   D. Gale, L. S. Shapley: College admissions and the stability of marriage. American
//     Mathematical Monthly 69 (1962) 9-15.
//   D. Gusfield, R. W. Irving: The Stable Marriage Problem: Structure and Algorithms. MIT
//     Press 1989.
//   A. E. Roth: The evolution of the labor market for medical interns and residents. Journal
//     of Political Economy 92 (1984) 991-1016.
// Header-first: include this header alone (-I include, nothing linked) or link the library
// (see hatchnet/algo/config.hpp).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "hatchnet/algo/config.hpp"

namespace hatchnet::algo {

class StableMatching {
public:
    using index_t = std::int32_t;
    using Prefs = std::vector<std::vector<index_t>>;
    enum class Proposer { residents, hospitals };

    /// resident_prefs[r]: hospitals in r's order of preference; hospital_prefs[h]: residents;
    /// capacities[h] >= 0. Throws input_error ("resident 3" / "hospital 1", field) for an
    /// unknown id, an id listed twice, a negative capacity or a size mismatch.
    StableMatching(Prefs resident_prefs, Prefs hospital_prefs, std::vector<index_t> capacities);

    /// Runs deferred acceptance; always succeeds (a stable matching always exists).
    void run(Proposer proposer = Proposer::residents);

    index_t resident_count() const noexcept { return static_cast<index_t>(rprefs_.size()); }
    index_t hospital_count() const noexcept { return static_cast<index_t>(hprefs_.size()); }
    /// Hospital of each resident, -1 when unmatched.
    const std::vector<index_t>& resident_match() const noexcept { return match_; }
    /// Residents of each hospital, in the hospital's order of preference.
    std::vector<std::vector<index_t>> hospital_matches() const;
    /// (resident, hospital) pairs, by resident.
    std::vector<std::pair<index_t, index_t>> pairs() const;
    /// Number of proposals made by the last run (<= L).
    std::int64_t proposals() const noexcept { return proposals_; }

private:
    Prefs rprefs_, hprefs_;
    std::vector<index_t> cap_;
    // flat cross ranks: for the k-th entry of resident r's list (offset roff_[r] + k), the
    // rank of r in that hospital's list (-1: the hospital does not list r); and vice versa.
    std::vector<std::int64_t> roff_, hoff_;
    std::vector<index_t> r_entry_hrank_, h_entry_rrank_;
    std::vector<index_t> match_;
    std::int64_t proposals_ = 0;
};

/// The blocking pairs (resident, hospital) of `resident_match` (hospital per resident, -1:
/// none), by direct check of the definition; empty when the matching is stable. Throws
/// input_error when the matching is not feasible (unacceptable pair, capacity exceeded).
std::vector<std::pair<StableMatching::index_t, StableMatching::index_t>> blocking_pairs(
    const StableMatching::Prefs& resident_prefs, const StableMatching::Prefs& hospital_prefs,
    const std::vector<StableMatching::index_t>& capacities,
    const std::vector<StableMatching::index_t>& resident_match);

}  // namespace hatchnet::algo

#if !defined(HATCHNET_ALGO_COMPILED)
#include "hatchnet/algo/impl/stable_matching.ipp"
#endif
