// The library's one compiled copy of hatchnet/algo/inequality.hpp for double (see
// hatchnet/algo/config.hpp): the header declares these instantiations extern.
#include "hatchnet/algo/inequality.hpp"
#include "hatchnet/algo/impl/inequality.ipp"

namespace hatchnet::algo {

template double gini<double>(std::span<const double>, std::span<const double>);
template double theil<double>(std::span<const double>, std::span<const double>);
template TheilDecomposition theil_decompose<double>(std::span<const double>, std::span<const double>,
                                                    std::span<const std::uint32_t>);

}  // namespace hatchnet::algo
