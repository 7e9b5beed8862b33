// The library's one compiled copy of hatchnet/algo/min_cost_flow.hpp (see hatchnet/algo/config.hpp).
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/algo/impl/min_cost_flow.ipp"
