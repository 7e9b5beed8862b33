// Test fixtures of the coverage engine: a seeded synthetic city with coordinates.
#pragma once

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "hatchnet/network.hpp"
#include "../test_rng.hpp"

namespace hatchnet::test {


inline std::string pad(int v, int width) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*d", width, v);
    return buf;
}

/// A city "11" with `districts` districts, `streets` streets each and `communities` per street.
/// Every district but the last has a district incubator; a street has one with probability
/// `street_cover`; a community has a station with probability 0.8. Coordinates on every node
/// when `coords`. Organizations: 0..8 community organizations per community, 3 per district.
inline Network make_city(std::uint64_t seed, int districts = 4, int streets = 4, int communities = 3,
                         double street_cover = 0.7, bool coords = true) {
    Rng rng(seed);
    Network n;
    n.name = "fixture city";
    n.regions.push_back({"11", "Fixture City", "province", std::nullopt});
    Node cc;
    cc.id = "cc";
    cc.name = "City Center";
    cc.tier = Tier::city_center;
    cc.region = "11";
    cc.capacity = 40;
    n.nodes.push_back(cc);
    std::int64_t city_pop = 0;
    int org_id = 0;
    auto add_org = [&](const std::string& region, OrgType t) {
        Organization o;
        o.id = "o" + std::to_string(++org_id);
        o.name = o.id;
        o.type = t;
        o.registration = t == OrgType::community_org ? Registration::street : Registration::district;
        o.region = region;
        o.credit = 70;
        n.organizations.push_back(o);
    };
    for (int d = 1; d <= districts; ++d) {
        std::string dc = "1101" + pad(d, 2);
        std::size_t d_region = n.regions.size();
        n.regions.push_back({dc, "District " + std::to_string(d), "district", 0});
        double dlat = 39.5 + 0.15 * d, dlon = 116.0 + 0.1 * (d % 3);
        std::string dnode;
        if (d < districts || districts == 1) {
            Node x;
            x.id = "d" + std::to_string(d);
            x.name = "District incubator " + std::to_string(d);
            x.tier = Tier::district;
            x.region = dc;
            x.capacity = 10 + std::int64_t(rng.below(30));
            if (coords) x.lat = dlat, x.lon = dlon;
            n.nodes.push_back(x);
            n.edges.push_back({"cc", x.id, Relation::guidance, false, ""});
            dnode = x.id;
        }
        for (int k = 0; k < 3; ++k) add_org(dc, OrgType::association);
        std::int64_t dpop = 0;
        for (int s = 1; s <= streets; ++s) {
            std::string sc = dc + pad(s, 3);
            std::size_t s_region = n.regions.size();
            n.regions.push_back({sc, "Street " + std::to_string(d) + "-" + std::to_string(s), "street", 0});
            double slat = dlat + 0.03 * (s % 3) - 0.03, slon = dlon + 0.03 * (s / 3);
            std::string snode;
            if (rng.chance(street_cover)) {
                Node x;
                x.id = "s" + std::to_string(d) + "-" + std::to_string(s);
                x.name = "Street incubator " + x.id;
                x.tier = Tier::street;
                x.region = sc;
                x.capacity = 3 + std::int64_t(rng.below(10));
                if (coords) x.lat = slat, x.lon = slon;
                n.nodes.push_back(x);
                if (!dnode.empty()) n.edges.push_back({dnode, x.id, Relation::guidance, false, ""});
                snode = x.id;
            }
            std::int64_t spop = 0;
            for (int c = 1; c <= communities; ++c) {
                std::string code = sc + pad(c, 3);
                std::int64_t pop = 1000 + std::int64_t(rng.below(9000));
                spop += pop;
                n.regions.push_back({code, "Community " + code, "residents_committee", pop});
                double clat = slat + 0.005 * c, clon = slon - 0.004 * c;
                if (rng.chance(0.8)) {
                    Node x;
                    x.id = "c" + code;
                    x.name = "Station " + code;
                    x.tier = Tier::community;
                    x.region = code;
                    x.capacity = 1 + std::int64_t(rng.below(4));
                    if (coords) x.lat = clat, x.lon = clon;
                    n.nodes.push_back(x);
                    if (!snode.empty()) n.edges.push_back({snode, x.id, Relation::guidance, false, ""});
                }
                int k = int(rng.below(9));
                for (int q = 0; q < k; ++q) add_org(code, OrgType::community_org);
            }
            n.regions[s_region].population = spop;
            dpop += spop;
        }
        n.regions[d_region].population = dpop;
        city_pop += dpop;
    }
    n.regions[0].population = city_pop;
    return n;
}

}  // namespace hatchnet::test
