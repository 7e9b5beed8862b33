// hatchnet/coverage/coverage.hpp — how well the incubator network covers its regions.
//
// Problem: for every region at district, street and community level, which incubators serve
// it (by tier), how many organizations and residents fall on each incubator and on each unit
// of capacity, and which regions lack an incubator of a tier the policy expects (§2 of the
// 2017 guidance: every district one, every street one). Accessibility: the fewest relation
// hops from each community to its nearest incubator of each tier, and where nodes carry
// coordinates a two-step floating catchment area (2SFCA) score per region.
//
// Definitions (docs/algorithms/coverage.md has them in full):
//   within[t]   nodes of tier t based in the region or in a region under it;
//   serving[t]  nodes of tier t whose area contains the region (based in it or an ancestor),
//               i.e. Graph::incubators_serving counted by tier;
//   incubators, capacity, spare: over nodes within the region whose tier is "counted"
//               (district, street, social and district_sector by default; community stations and city-level
//               bodies are reported by tier but not counted as the region's own incubators);
//   ratios      orgs/incubator, orgs/capacity, capacity/org, people/incubator: NaN (JSON null)
//               when the denominator is 0 or the population is unknown — never a division by 0.
//   hops[t]     communities: multi-source BFS from every node of tier t over the relations in
//               `relations`, ignoring direction, read at the community's anchor (the nodes based
//               in it; a community with none is anchored at its nearest ancestor with nodes,
//               plus one hop per level climbed); -1 when unreachable. Streets and districts
//               report the worst (largest) value over their communities.
//   2SFCA       (Luo & Wang 2003) supply S_j = capacity of counted, located incubators; demand
//               P_k = population of regions at `demand_level`, located at the mean coordinates
//               of the nodes based in or under them (else their parent's location); R_j = S_j / Σ_{d_kj≤d0}
//               P_k; A_k = Σ_{d_kj≤d0} R_j, in capacity units per 10,000 residents; haversine
//               distance; optional Gaussian decay (E2SFCA, Luo & Qi 2009). Streets and districts
//               get the population-weighted mean of their demand units.
//
// Complexity: region tree and counts O(R + V + O) expected (hash lookups on codes); hops
// 6 multi-source BFS, O(6(V + E)); 2SFCA O(R + V) plus the pairs within d0, found through a
// uniform grid of cell size d0 (O(R·V) only if d0 spans the whole map).
// References: Luo, W. & Wang, F. (2003) Measures of spatial accessibility to health care in a
// GIS environment, Environment and Planning B 30(6); Luo, W. & Qi, Y. (2009) An enhanced
// two-step floating catchment area (E2SFCA) method, Health & Place 15(4).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "hatchnet/graph.hpp"
#include "hatchnet/network.hpp"
#include "hatchnet/regions.hpp"
#include "hatchnet/progress.hpp"

namespace hatchnet::coverage {

inline constexpr std::uint32_t none32 = static_cast<std::uint32_t>(-1);
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();
using TierSet = std::array<bool, tier_count>;
using Notes = std::vector<std::string>;

/// Tiers counted as a region's own incubators by default: district, street, social.
inline constexpr TierSet default_counted_tiers{false, false, true, true, false, true, true};

/// Great-circle distance in km (mean Earth radius 6371.0088 km).
double haversine_km(double lat1, double lon1, double lat2, double lon2) noexcept;

/// The region index now lives with the Graph (hatchnet/regions.hpp, Graph::regions());
/// this name is kept for one release.
using RegionTree [[deprecated("use hatchnet::RegionIndex (Graph::regions())")]] = RegionIndex;

struct CoverageOptions {
    TierSet counted_tiers = default_counted_tiers;
    bool expect_district = true;    ///< every district should have a district-tier incubator
    bool expect_street = true;      ///< every street-level unit a street-tier incubator
    bool expect_community = false;  ///< every community a community station
    bool accessibility = true;      ///< compute hops
    RelationMask relations = all_relations;
    bool two_step = true;           ///< compute 2SFCA where coordinates exist
    double catchment_km = 3.0;      ///< d0 (> 0)
    RegionLevel demand_level = RegionLevel::community;  ///< community or street
    bool gaussian_decay = false;    ///< E2SFCA Gaussian weights instead of a 0/1 catchment
    /// Called with stages "count", "hops", "access" (supply sites done / total) and "rows";
    /// returning false stops analyse() with hatchnet::interrupted (hatchnet/progress.hpp).
    ProgressFn progress;
};

struct RegionCoverage {
    std::uint32_t region = none32;  ///< index into Network::regions
    std::string code, name, district;
    RegionLevel level = RegionLevel::county;
    double population = nan;        ///< NaN when unknown
    std::array<std::int32_t, tier_count> within{};
    std::array<std::int32_t, tier_count> serving{};
    std::int64_t incubators = 0, capacity = 0, spare = 0, organizations = 0;
    double orgs_per_incubator = nan, orgs_per_capacity = nan, capacity_per_org = nan;
    double people_per_incubator = nan;
    double capacity_per_10k = nan;  ///< capacity per 10,000 residents
    std::string missing;            ///< the expected tier it lacks ("" when none)
    std::array<int, tier_count> hops{-1, -1, -1, -1, -1, -1};
    double access = nan;            ///< 2SFCA score (capacity per 10,000 residents in reach)
};

struct CoverageSummary {
    std::size_t districts = 0, streets = 0, communities = 0;
    std::size_t districts_lacking = 0, streets_lacking = 0, communities_lacking = 0;
    std::int64_t organizations = 0, capacity = 0, incubators = 0;
    double population = 0;
    double mean_hops_street = nan;      ///< mean over communities, street tier
    double share_street_within_2 = nan; ///< share of communities within 2 hops of a street incubator
    double mean_access = nan;           ///< population-weighted mean 2SFCA over demand units
};

struct CoverageReport {
    /// Districts, then streets, then communities; each sorted by code.
    std::vector<RegionCoverage> regions;
    CoverageSummary summary;
    bool hops_computed = false, access_computed = false;
    double catchment_km = 0;
    std::size_t unlocated = 0;  ///< demand units skipped by 2SFCA (no coordinates or no population)
    Notes notes;
};

/// Coverage of every district, street and community. Throws input_error for bad options
/// (catchment_km <= 0 or not finite, demand_level not street/community).
CoverageReport analyse(const Graph& g, const CoverageOptions& options = {});

/// Hops from every vertex to its nearest vertex in `sources` (multi-source BFS, ignoring
/// direction, over `mask`); -1 where unreachable; all -1 when `sources` is empty.
std::vector<int> multi_source_hops(const Graph& g, const std::vector<Graph::vertex>& sources,
                                   RelationMask mask = all_relations);

/// Generic 2SFCA: supply points (lat, lon, S) and demand points (lat, lon, P) → A_k per
/// demand point (supply per unit of demand in reach; 0 when nothing is in reach).
/// Throws input_error on negative supply/demand or d0 <= 0.
std::vector<double> two_step_fca(const std::vector<double>& s_lat, const std::vector<double>& s_lon,
                                 const std::vector<double>& supply,
                                 const std::vector<double>& d_lat, const std::vector<double>& d_lon,
                                 const std::vector<double>& demand, double d0_km,
                                 bool gaussian = false);

}  // namespace hatchnet::coverage
