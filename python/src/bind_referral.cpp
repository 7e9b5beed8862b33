// hatchnet._core: the referral engine.
#include "bindings.hpp"

namespace hatchnet::py {

void bind_referral(pybind11::module_& m) { (void)m; }

}  // namespace hatchnet::py
