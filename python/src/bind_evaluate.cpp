// hatchnet._core: the evaluate engine.
#include "bindings.hpp"

namespace hatchnet::py {

void bind_evaluate(pybind11::module_& m) { (void)m; }

}  // namespace hatchnet::py
