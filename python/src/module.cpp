// hatchnet._core — the compiled part of the hatchnet Python package.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/validate.hpp"
#include "hatchnet/version.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
    m.doc() = "hatchnet compiled core (use the hatchnet package, not this module directly)";
    m.attr("__version__") = hatchnet::version_string;

    // input_error -> ValueError (pybind11 already maps std::invalid_argument); a validation
    // error lists every problem, not just the first.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const hatchnet::validation_error& e) {
            const auto& r = e.report();
            std::string msg = std::to_string(r.errors.size()) + " error(s):";
            std::size_t shown = 0;
            for (const auto& x : r.errors) {
                if (++shown > 50) {
                    msg += "\n  ... and " + std::to_string(r.errors.size() - 50) + " more";
                    break;
                }
                msg += "\n  " + x.to_string();
            }
            PyErr_SetString(PyExc_ValueError, msg.c_str());
        } catch (const hatchnet::solver_error& e) {
            PyErr_SetString(PyExc_RuntimeError, e.what());
        }
    });

    hatchnet::py::bind_network(m);
    hatchnet::py::bind_match(m);
    hatchnet::py::bind_referral(m);
    hatchnet::py::bind_evaluate(m);
    hatchnet::py::bind_coverage(m);
}
