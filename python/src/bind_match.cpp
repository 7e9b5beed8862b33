// hatchnet._core: the match engine.
#include "bindings.hpp"

namespace hatchnet::py {

void bind_match(pybind11::module_& m) { (void)m; }

}  // namespace hatchnet::py
