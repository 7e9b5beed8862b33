// The library's one compiled copy of hatchnet/algo/submodular.hpp (see hatchnet/algo/config.hpp).
#include "hatchnet/algo/submodular.hpp"
#include "hatchnet/algo/impl/submodular.ipp"
