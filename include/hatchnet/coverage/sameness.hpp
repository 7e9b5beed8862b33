// hatchnet/coverage/sameness.hpp — how alike the tiers' service profiles are.
//
// Problem: the guidance names "unclear roles, look-alike tiers" (§1 功能定位不清晰、同质化): a
// street platform that offers what the district incubator offers, which offers what the city
// center offers. Measure it: the Jaccard similarity of the service profiles of incubators,
// averaged within each tier and between each pair of tiers, over the whole network and per
// district, so that a bureau can watch the figure fall as the tiers take up their own
// mandated functions (Vocabulary::mandates).
//
// Definitions (docs/algorithms/coverage.md, "Tier sameness"):
//   profile(x)  the set of distinct service ids node x offers, as listed (no tree expansion);
//   J(A, B)     |A ∩ B| / |A ∪ B|, and J(∅, ∅) = 1 (two nodes offering nothing are alike);
//   pair[a][b]  the mean of J over the unordered pairs {x, y} of distinct nodes, x of tier a
//               and y of tier b (a = b: pairs within the tier), NaN when there is no pair;
//   within      the mean of pair[t][t] over the tiers t with two nodes or more (each tier
//               weighs the same, so 5,000 community stations do not drown the 16 districts);
//   between     the mean of pair[a][b] over the tier pairs a < b that both have nodes;
//   district D  the same over the nodes based in D or under it (district, street, community
//               and social tiers; city-level bodies have no district and count network-wide).
// Complexity: nodes are grouped by (tier, profile); O(V · s log s) to build the groups plus
// O(Σ_{a≤b} g_a g_b · s) for the pairs, with g_t distinct profiles of tier t and s services a
// profile: independent of V² (profiles repeat).
// Reference: Jaccard, P. (1912) The distribution of the flora in the alpine zone, New
// Phytologist 11(2).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hatchnet/coverage/coverage.hpp"

namespace hatchnet::coverage {

struct SamenessOptions {
    TierSet tiers{true, true, true, true, true, true};  ///< the tiers compared
    bool districts = true;                              ///< also per district
};

struct SamenessGroup {
    std::string code, name;      ///< the district ("" for the whole network)
    std::size_t nodes = 0;       ///< nodes compared
    std::array<std::int64_t, tier_count> by_tier{};
    double within = nan, between = nan;
    /// pair[a][b] (symmetric), NaN where there is no pair; pairs[a][b] the number of pairs.
    std::array<std::array<double, tier_count>, tier_count> pair{};
    std::array<std::array<std::int64_t, tier_count>, tier_count> pairs{};
};

struct SamenessReport {
    SamenessGroup network;
    std::vector<SamenessGroup> districts;  ///< sorted by code; districts with no node left out
    Notes notes;
};

/// Jaccard similarity of two sets of ids (duplicates ignored); 1 for two empty sets.
double jaccard(std::vector<std::string> a, std::vector<std::string> b);

SamenessReport sameness(const Network& net, const SamenessOptions& options = {});
inline SamenessReport sameness(const Graph& g, const SamenessOptions& options = {}) {
    return sameness(g.network(), options);
}

}  // namespace hatchnet::coverage
