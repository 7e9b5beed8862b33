// hatchnet._core — the compiled part of the hatchnet Python package.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include "bindings.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/progress.hpp"
#include "hatchnet/validate.hpp"
#include "hatchnet/version.hpp"

namespace py = pybind11;

namespace {

/// A validation error lists every problem (the first 50), not just the first.
void validation_error_to_python(const hatchnet::validation_error& e) {
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
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "hatchnet compiled core (use the hatchnet package, not this module directly)";
    m.attr("__version__") = hatchnet::version_string;

    // Errors as Python users expect them, in the same classification as the C ABI and the
    // CLI (hatchnet::describe_current_exception): input_error -> ValueError, a missing file ->
    // FileNotFoundError, a directory -> IsADirectoryError, another I/O failure -> OSError, an
    // input over a limit -> hatchnet.LimitError (a ValueError), nlohmann's type errors ->
    // ValueError, solver_error -> RuntimeError. Messages quoting invalid UTF-8 are made valid.
    static py::exception<hatchnet::limit_error> limit_exc(m, "LimitError", PyExc_ValueError);
    // A long call stopped because its progress callback returned False (hatchnet.Interrupted).
    static py::handle interrupted_exc =
        PyErr_NewExceptionWithDoc("hatchnet._core.Interrupted",
                                  "A long call was stopped because its progress callback returned False.",
                                  PyExc_RuntimeError, nullptr);
    m.attr("Interrupted") = interrupted_exc;
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const hatchnet::interrupted& e) {
            PyErr_SetString(interrupted_exc.ptr(), e.what());
        } catch (const hatchnet::limit_error&) {
            PyErr_SetString(limit_exc.ptr(), hatchnet::describe_current_exception().message.c_str());
        } catch (const hatchnet::io_error& e) {
            PyObject* type = e.why() == hatchnet::io_error::reason::not_found      ? PyExc_FileNotFoundError
                             : e.why() == hatchnet::io_error::reason::is_directory ? PyExc_IsADirectoryError
                                                                                   : PyExc_OSError;
            PyErr_SetString(type, hatchnet::describe_current_exception().message.c_str());
        } catch (const hatchnet::validation_error& e) {
            validation_error_to_python(e);
        } catch (const hatchnet::input_error&) {
            PyErr_SetString(PyExc_ValueError, hatchnet::describe_current_exception().message.c_str());
        } catch (const nlohmann::json::exception&) {
            PyErr_SetString(PyExc_ValueError, hatchnet::describe_current_exception().message.c_str());
        } catch (const hatchnet::solver_error& e) {
            PyErr_SetString(PyExc_RuntimeError, e.what());
        }
    });

    m.def("get_limits", [] {
        const auto l = hatchnet::limits();
        py::dict d;
        d["max_input_bytes"] = l.max_input_bytes;
        d["max_json_depth"] = l.max_json_depth;
        d["max_elements"] = l.max_elements;
        return d;
    }, "The input limits in force (see hatchnet.set_limits).");
    m.def("set_limits", [](std::optional<std::uint64_t> max_input_bytes, std::optional<std::uint32_t> max_json_depth,
                           std::optional<std::uint64_t> max_elements) {
        auto l = hatchnet::limits();
        if (max_input_bytes) l.max_input_bytes = *max_input_bytes;
        if (max_json_depth) l.max_json_depth = *max_json_depth;
        if (max_elements) l.max_elements = *max_elements;
        hatchnet::set_limits(l);
    }, py::kw_only(), py::arg("max_input_bytes") = py::none(), py::arg("max_json_depth") = py::none(),
       py::arg("max_elements") = py::none(), "Change the process-wide input limits; omitted ones are kept.");

    m.def("write_file", [](const std::string& path, const std::string& text) {
        py::gil_scoped_release nogil;
        hatchnet::io::write_file(path, text);
    }, py::arg("path"), py::arg("text"),
       "Write a whole file durably: a temporary beside it, flushed, then renamed over it (gzip for .gz).");
    m.def("read_file", [](const std::string& path) {
        std::string text;
        {
            py::gil_scoped_release nogil;
            text = hatchnet::io::read_file(path);
        }
        return py::bytes(text);
    }, py::arg("path"), "Read a whole file (gunzipped when compressed), bounded by max_input_bytes.");

    hatchnet::py::bind_network(m);
    hatchnet::py::bind_match(m);
    hatchnet::py::bind_referral(m);
    hatchnet::py::bind_evaluate(m);
    hatchnet::py::bind_coverage(m);
    hatchnet::py::bind_records(m);
    hatchnet::py::bind_policy(m);
    hatchnet::py::bind_funding(m);
    hatchnet::py::bind_hsds(m);
    hatchnet::py::bind_publish(m);
}
