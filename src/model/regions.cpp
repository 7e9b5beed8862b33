// The region table as a tree: see hatchnet/regions.hpp.
#include "hatchnet/regions.hpp"

#include <algorithm>
#include <cmath>

#include "hatchnet/error.hpp"

namespace hatchnet {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

RegionIndex::RegionIndex(const Network& n) : net(&n) {
    const std::size_t R = n.regions.size();
    parent.assign(R, none);
    district.assign(R, none);
    depth.assign(R, 0);
    for (std::size_t r = 0; r < R; ++r) {
        const auto& code = n.regions[r].code;
        depth[r] = static_cast<std::uint8_t>(n.regions[r].level());
        by_level[depth[r]].push_back(std::uint32_t(r));
        for (auto c = truncate_region(code); !c.empty(); c = truncate_region(c)) {
            auto p = n.region_index(c);
            if (p != Network::npos) {
                parent[r] = std::uint32_t(p);
                break;
            }
        }
    }
    for (auto& v : by_level)
        std::sort(v.begin(), v.end(), [&](auto a, auto b) { return n.regions[a].code < n.regions[b].code; });
    for (int l = 0; l < 5; ++l)
        for (auto r : by_level[std::size_t(l)]) {
            if (l == int(RegionLevel::county)) district[r] = r;
            else if (l > int(RegionLevel::county) && parent[r] != none) district[r] = district[parent[r]];
        }
    node_region.assign(n.nodes.size(), none);
    for (std::size_t v = 0; v < n.nodes.size(); ++v) node_region[v] = find(n.nodes[v].region);
    org_region.assign(n.organizations.size(), none);
    for (std::size_t o = 0; o < n.organizations.size(); ++o) org_region[o] = find(n.organizations[o].region);
    // locations: the mean over the located nodes based in a region or under it
    std::vector<double> sub_lat(R, 0), sub_lon(R, 0);
    std::vector<std::uint32_t> sub_n(R, 0);
    for (std::size_t v = 0; v < n.nodes.size(); ++v) {
        const auto& x = n.nodes[v];
        if (!x.lat || !x.lon || node_region[v] == none) continue;
        auto r = node_region[v];
        sub_lat[r] += *x.lat;
        sub_lon[r] += *x.lon;
        ++sub_n[r];
    }
    for (int l = 4; l > 0; --l)
        for (auto r : by_level[std::size_t(l)])
            if (parent[r] != none) {
                sub_lat[parent[r]] += sub_lat[r];
                sub_lon[parent[r]] += sub_lon[r];
                sub_n[parent[r]] += sub_n[r];
            }
    lat.assign(R, nan);
    lon.assign(R, nan);
    inherited.assign(R, 0);
    for (std::size_t r = 0; r < R; ++r) {
        if (sub_n[r]) {
            lat[r] = sub_lat[r] / sub_n[r];
            lon[r] = sub_lon[r] / sub_n[r];
        }
    }
    // still unlocated: the nearest located ancestor's location (parents first)
    for (int l = 1; l < 5; ++l)
        for (auto r : by_level[std::size_t(l)])
            if (lat[r] != lat[r] && parent[r] != none && lat[parent[r]] == lat[parent[r]]) {
                lat[r] = lat[parent[r]];
                lon[r] = lon[parent[r]];
                inherited[r] = 1;
            }
}

std::uint32_t RegionIndex::find(std::string_view code) const {
    auto r = net->region_index(code);
    return r == Network::npos ? none : std::uint32_t(r);
}

std::uint32_t RegionIndex::require(const std::string& code, const std::string& record,
                                   const std::string& field) const {
    if (!is_region_code(code))
        throw input_error(record, field, "'" + code + "' is not an NBS code of 2/4/6/9/12 digits");
    auto r = find(code);
    if (r == none) throw input_error(record, field, "unknown region '" + code + "'");
    return r;
}

bool RegionIndex::within(std::uint32_t inner, std::uint32_t outer) const noexcept {
    if (inner == none || outer == none) return false;
    for (auto r = inner; r != none && depth[r] >= depth[outer]; r = parent[r])
        if (r == outer) return true;
    return false;
}

std::uint32_t RegionIndex::ancestor_at(std::uint32_t r, RegionLevel level) const noexcept {
    for (auto a = r; a != none; a = parent[a])
        if (depth[a] == std::uint8_t(level)) return a;
    return none;
}

std::string_view RegionIndex::code_at(std::string_view code, RegionLevel level) noexcept {
    static constexpr std::size_t digits[] = {2, 4, 6, 9, 12};
    if (std::size_t(level) >= std::size(digits)) return {};
    const std::size_t want = digits[std::size_t(level)];
    if (!is_region_code(code) || code.size() < want) return {};
    return code.substr(0, want);
}

std::uint32_t RegionIndex::district_number(std::string_view code) noexcept {
    std::uint32_t d = 0;
    for (char c : code_at(code, RegionLevel::county)) d = d * 10 + std::uint32_t(c - '0');
    return d;
}

}  // namespace hatchnet
