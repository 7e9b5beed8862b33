// hatchnet/regions.hpp — the region table as a tree: the one region index of a network.
//
// NBS codes nest by prefix (2-digit province, 4 prefecture, 6 county/district, 9 street-level
// unit, 12 community), and a network's region table lists some of them. RegionIndex joins
// the two once: each region's parent (its nearest ancestor present in the table), its
// district, its level, the region of every node and organization, each region's location
// (mean of the located nodes under it), and the regions of each level sorted by code.
//
// A Graph builds one when it freezes a network (Graph::regions()); the coverage engine walks
// its tree. The static helpers (code_at, district_number) answer for any code, listed or not
// (a request's region, say), by the NBS prefix rule: the matcher's street and district
// groups and the router's district numbers come from them, so "which district is this in"
// has one answer everywhere. (The router's service areas, referral::Policy::area_of, follow
// the same rule on their own.)
//
// Complexity: construction O(R log R + V + O) for R regions, V nodes, O organizations;
// within() and ancestor_at() O(depth); find() O(1) expected (Network::region_index).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet {

class RegionIndex {
public:
    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);

    /// Index the region table of `net` (which must outlive the index).
    explicit RegionIndex(const Network& net);

    const Network* net = nullptr;
    std::vector<std::uint32_t> parent;       ///< nearest ancestor present in the table, or none
    std::vector<std::uint32_t> district;     ///< the 6-digit region containing it (itself), or none
    std::vector<std::uint8_t> depth;         ///< 0 province .. 4 community (RegionLevel)
    std::vector<std::uint32_t> node_region;  ///< per node: its region's index, or none
    std::vector<std::uint32_t> org_region;   ///< per organization: its region's index, or none
    /// Location of each region: mean coordinates of the located nodes based in it or under it,
    /// else its nearest located ancestor's (flagged in `inherited`); NaN when none has any.
    std::vector<double> lat, lon;
    std::vector<std::uint8_t> inherited;
    /// Region indexes by level (RegionLevel order), each sorted by code.
    std::array<std::vector<std::uint32_t>, 5> by_level;

    std::size_t size() const noexcept { return parent.size(); }
    bool located(std::uint32_t r) const noexcept { return lat[r] == lat[r]; }
    /// The index of a code in the table, or none.
    std::uint32_t find(std::string_view code) const;
    /// The region index of a code; throws input_error(record, field, ...) when unknown.
    std::uint32_t require(const std::string& code, const std::string& record, const std::string& field) const;
    /// True when region `inner` equals `outer` or lies under it.
    bool within(std::uint32_t inner, std::uint32_t outer) const noexcept;
    /// `r` itself when it is at `level`, else its nearest ancestor at `level`; none when there
    /// is none in the table (or r is none).
    std::uint32_t ancestor_at(std::uint32_t r, RegionLevel level) const noexcept;

    // ---------------------------------------------------------------- by code
    /// The code of the unit at `level` that contains `code` — its prefix of that level's
    /// length — for any well-formed NBS code, listed or not; "" when `code` is not such a
    /// code or lies above `level`.
    static std::string_view code_at(std::string_view code, RegionLevel level) noexcept;
    /// The district (county) code of `code` as a number, for fast comparison; 0 when it has
    /// none.
    static std::uint32_t district_number(std::string_view code) noexcept;
};

}  // namespace hatchnet
