// The region index (hatchnet/regions.hpp) against brute force over the codes: parents,
// districts, levels, ancestors, containment and node / organization regions; the static
// code helpers against Network::district_of and the prefix rule; one index per Graph.
#include <doctest/doctest.h>

#include <string>

#include "../coverage/fixture.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/regions.hpp"

using namespace hatchnet;

namespace {

/// The longest proper prefix of `code` (by whole levels) that the table lists, by scanning
/// every region: the parent by definition.
std::uint32_t brute_parent(const Network& n, const std::string& code) {
    std::uint32_t best = RegionIndex::none;
    std::size_t best_len = 0;
    for (std::size_t r = 0; r < n.regions.size(); ++r) {
        const auto& c = n.regions[r].code;
        if (c.size() < code.size() && code.compare(0, c.size(), c) == 0 && region_within(code, c) &&
            c.size() > best_len)
            best = std::uint32_t(r), best_len = c.size();
    }
    return best;
}

void check_against_brute_force(const Network& n) {
    const Graph g(n);
    const RegionIndex& T = g.regions();
    REQUIRE(T.size() == n.regions.size());
    for (std::size_t r = 0; r < n.regions.size(); ++r) {
        const auto& code = n.regions[r].code;
        CAPTURE(code);
        CHECK(T.find(code) == r);
        CHECK(T.parent[r] == brute_parent(n, code));
        CHECK(T.depth[r] == std::uint8_t(n.regions[r].level()));
        // district: the listed 6-digit prefix, when the chain of listed parents reaches it
        const auto d = T.district[r];
        if (code.size() >= 6 && d != RegionIndex::none) CHECK(n.regions[d].code == Network::district_of(code));
        if (code.size() < 6) CHECK(d == RegionIndex::none);
        for (int l = 0; l < 5; ++l) {
            const auto a = T.ancestor_at(std::uint32_t(r), RegionLevel(l));
            const auto want = T.find(std::string(RegionIndex::code_at(code, RegionLevel(l))));
            // listed ancestors are found through the parent chain
            if (a != RegionIndex::none) CHECK(a == want);
        }
        const auto p = T.parent[r];
        if (p != RegionIndex::none) {
            CHECK(T.within(std::uint32_t(r), p));
            CHECK_FALSE(T.within(p, std::uint32_t(r)));
            CHECK(region_within(code, n.regions[p].code));
        }
        CHECK(T.within(std::uint32_t(r), std::uint32_t(r)));
    }
    for (std::size_t v = 0; v < n.nodes.size(); ++v) CHECK(T.node_region[v] == T.find(n.nodes[v].region));
    for (std::size_t o = 0; o < n.organizations.size(); ++o)
        CHECK(T.org_region[o] == T.find(n.organizations[o].region));
    for (int l = 0; l < 5; ++l)
        for (std::size_t i = 1; i < T.by_level[std::size_t(l)].size(); ++i)
            CHECK(n.regions[T.by_level[std::size_t(l)][i - 1]].code < n.regions[T.by_level[std::size_t(l)][i]].code);
}

}  // namespace

TEST_CASE("RegionIndex: parents, districts, ancestors and containment equal brute force") {
    check_against_brute_force(test::make_city(3, 4, 4, 3));
    check_against_brute_force(io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"));
}

TEST_CASE("RegionIndex: region locations are the mean of the located nodes under each region") {
    const Network n = test::make_city(5, 3, 3, 2);
    const Graph g(n);
    const auto& T = g.regions();
    for (std::size_t r = 0; r < n.regions.size(); ++r) {
        double sl = 0, so = 0;
        int k = 0;
        for (const auto& x : n.nodes)
            if (x.lat && x.lon && region_within(x.region, n.regions[r].code)) sl += *x.lat, so += *x.lon, ++k;
        CAPTURE(n.regions[r].code);
        if (k > 0) {
            CHECK(T.lat[r] == doctest::Approx(sl / k));
            CHECK(T.lon[r] == doctest::Approx(so / k));
            CHECK(T.inherited[r] == 0);
        }
    }
}

TEST_CASE("RegionIndex: the code helpers follow the NBS prefix rule, listed or not") {
    CHECK(RegionIndex::code_at("110105001002", RegionLevel::street) == "110105001");
    CHECK(RegionIndex::code_at("110105001002", RegionLevel::county) == "110105");
    CHECK(RegionIndex::code_at("110105001", RegionLevel::prefecture) == "1101");
    CHECK(RegionIndex::code_at("110105", RegionLevel::street).empty());   // above the level
    CHECK(RegionIndex::code_at("11010x", RegionLevel::county).empty());   // not a code
    CHECK(RegionIndex::code_at("1101050", RegionLevel::county).empty());  // 7 digits: not a code
    for (std::string c : {"11", "1101", "110105", "110105001", "110105001002", "abc", "", "1101050"}) {
        CAPTURE(c);
        const auto d = Network::district_of(c);
        CHECK(RegionIndex::district_number(c) == (d.empty() ? 0u : std::uint32_t(std::stoul(d))));
    }
}

TEST_CASE("RegionIndex: built once per Graph and shared by its copies") {
    const Graph g(test::make_city(7));
    const Graph h = g;
    CHECK(&g.regions() == &h.regions());
    CHECK(g.regions().net == &g.network());
    RegionIndex again(g.network());
    CHECK(again.parent == g.regions().parent);
    CHECK(again.lat.size() == g.regions().lat.size());
}
