// Shared by the C++ tests: what a call throws, as "record|field" of its limit_error.
#pragma once

#include <string>

#include "hatchnet/error.hpp"

namespace hatchnet::testing {

/// "record|field" of the limit_error `f` throws ("no limit_error" otherwise).
template <class F>
std::string limit_of(F&& f) {
    try {
        f();
    } catch (const limit_error& e) {
        return e.record() + "|" + e.field();
    }
    return "no limit_error";
}

}  // namespace hatchnet::testing
