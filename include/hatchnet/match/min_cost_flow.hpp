// hatchnet/match/min_cost_flow.hpp — forwarding header: the solver moved to
// hatchnet/algo/min_cost_flow.hpp (namespace hatchnet::algo). Kept for one release.
#pragma once

#include "hatchnet/algo/min_cost_flow.hpp"

namespace hatchnet::match {
using algo::CostScaling;
using algo::MinCostFlow;
using algo::scale_costs;
using algo::to_string;
}  // namespace hatchnet::match
