// hatchnet/match/stable_matching.hpp — forwarding header: deferred acceptance moved to
// hatchnet/algo/stable_matching.hpp (namespace hatchnet::algo). Kept for one release.
#pragma once

#include "hatchnet/algo/stable_matching.hpp"

namespace hatchnet::match {
using algo::blocking_pairs;
using algo::StableMatching;
}  // namespace hatchnet::match
