// hatchnet._core: the coverage engine.
#include "bindings.hpp"

namespace hatchnet::py {

void bind_coverage(pybind11::module_& m) { (void)m; }

}  // namespace hatchnet::py
