// A small network for the funding tests: two districts, a district incubator and two streets.
#pragma once

#include "hatchnet/network.hpp"
#include "../test_nodes.hpp"

namespace hatchnet::test {

inline Network funding_network() {
    Network net;
    net.regions = {{"11", "北京市", "province", {}},
                   {"110101", "东城区", "district", {}},
                   {"110102", "西城区", "district", {}},
                   {"110101001", "东华门街道", "street", {}},
                   {"110102001", "西长安街街道", "street", {}}};
    Node d = make_node("district-110101", Tier::district, "110101", {"office", "training"});
    d.capacity = 40;
    d.occupied = 20;
    d.build = BuildMode::new_build;
    Node s1 = make_node("street-110101001", Tier::street, "110101001", {"venue", "funds"});
    s1.capacity = 10;
    s1.occupied = 8;
    s1.build = BuildMode::conversion;
    Node s2 = make_node("street-110102001", Tier::street, "110102001", {"venue", "training"});
    s2.capacity = 10;
    s2.occupied = 0;
    net.nodes = {d, s1, s2};
    return net;
}

}  // namespace hatchnet::test
