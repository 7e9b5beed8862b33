// The library's one compiled copy of hatchnet/algo/min_cost_flow.hpp (see hatchnet/algo/config.hpp):
// the non-template helpers, the cost-scaling engine and the common instantiations (the header
// declares them extern).
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/algo/impl/min_cost_flow.ipp"
#include "hatchnet/algo/impl/min_cost_flow_common.ipp"
#include "hatchnet/algo/impl/cost_scaling.ipp"

namespace hatchnet::algo {
template class BasicMinCostFlow<std::int64_t, std::int64_t>;
template class BasicMinCostFlow<std::int64_t, double>;
}  // namespace hatchnet::algo
