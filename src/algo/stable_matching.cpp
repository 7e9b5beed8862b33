// The library's one compiled copy of hatchnet/algo/stable_matching.hpp (see hatchnet/algo/config.hpp).
#include "hatchnet/algo/stable_matching.hpp"
#include "hatchnet/algo/impl/stable_matching.ipp"
