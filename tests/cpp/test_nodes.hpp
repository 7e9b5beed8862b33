// A node with only what the tier-function and sameness tests look at.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::test {

inline Node make_node(const std::string& id, Tier t, const std::string& region, std::vector<std::string> services) {
    Node n;
    n.id = id;
    n.tier = t;
    n.region = region;
    n.services = std::move(services);
    return n;
}

}  // namespace hatchnet::test
