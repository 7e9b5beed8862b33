// The library's one compiled copy of hatchnet/algo/assignment.hpp for the common Cost types
// (see hatchnet/algo/config.hpp).
#include "hatchnet/algo/assignment.hpp"
#include "hatchnet/algo/impl/assignment.ipp"

namespace hatchnet::algo {
template class DenseAssignment<double>;
template class DenseAssignment<std::int64_t>;
template class SparseAssignment<double>;
template class SparseAssignment<std::int64_t>;
}  // namespace hatchnet::algo
