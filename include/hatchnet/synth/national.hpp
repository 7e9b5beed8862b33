// hatchnet/synth/national.hpp — national-scale networks for benchmarks: the shape of China's
// statistical divisions (31 provinces, 342 prefecture-level cities, 2,978 counties, 41,352
// street-level units in the NBS 2022 table) with an incubator hierarchy and about 1.2
// million organizations on top.
//
// national(regions) takes a division table (io::load_divisions_dir on the NBS files, or any
// list of regions with 2/4/6/9/12-digit codes) and builds: one city_center per province
// (2-digit region), one district incubator per county (6), one street incubator per
// street-level unit (9), one community station per 12-digit region when the table has
// them, one social incubator per prefecture (4; based in its first county); guidance
// center → district → street → community; a contract between each social incubator and
// its county's district incubator. Organizations (at scale 1): registered ones in
// proportion to China's about 894,000 (Ministry of Civil Affairs statistical bulletin 2020:
// about 375,000 associations, 511,000 service organizations, 8,400 foundations) per
// 41,352 street units, and 8 community social organizations per street unit on average,
// spread over counties and units by population. Regions without a population get a
// synthetic one (by unit kind) whose total is China's census 2020 population
// (1,411,778,724) per 41,352 street units.
//
// national_synthetic() first makes a plausible division table of the requested shape
// (synthetic_divisions(): real provincial codes, synthetic names like "110105001街道",
// NBS code classes for the units' kinds in about the national proportions), then calls
// national() on it.
//
// Deterministic from the seed (integer-only draws from std::mt19937_64). Complexity
// O(R + O log U) with R regions, O organizations, U units per county; the whole national
// network takes about a second and some 500 MB.
#pragma once

#include <cstdint>
#include <vector>

#include "hatchnet/network.hpp"
#include "hatchnet/progress.hpp"

namespace hatchnet::synth {

struct NationalOptions {
    std::uint64_t seed = 2017;
    double scale = 1.0;                 ///< multiplies the number of organizations, in [0, 100]
    bool include_organizations = true;
    // The shape of the synthetic division table (national_synthetic / synthetic_divisions
    // only); the defaults are the NBS 2022 counts.
    int provinces = 31;                 ///< 1..89
    int prefectures = 342;              ///< provinces..99 * provinces
    int counties = 2978;                ///< prefectures..99 * prefectures
    int streets = 41352;                ///< 0..497 * counties
    /// national(): stages "regions", "nodes", "edges", "organizations" (organizations made /
    /// total); returning false stops it with hatchnet::interrupted (hatchnet/progress.hpp).
    ProgressFn progress;
};

/// A network on the given division table. Throws input_error naming "regions[i]" and
/// field "code" for a malformed or duplicate code, and "options" for a bad option.
Network national(std::vector<Region> regions, const NationalOptions& options = {});

/// A synthetic division table of the shape in `options` (sorted by code).
std::vector<Region> synthetic_divisions(const NationalOptions& options = {});

/// national(synthetic_divisions(options), options).
Network national_synthetic(const NationalOptions& options = {});

}  // namespace hatchnet::synth
