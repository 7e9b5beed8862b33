// hatchnet._core: the funding engine (funds, contracts, the multi-fund split, payments, cost
// per organization served). JSON text in (hatchnet/funding/json.hpp defines every field);
// Python objects out, record lists as columns for the Python layer's table factory.
#include "bindings.hpp"
#include "hatchnet/funding/json.hpp"

namespace hatchnet::py {

void bind_funding(pybind11::module_& m) {
    namespace py = pybind11;
    m.def(
        "funds_check_json",
        [](const PyNetwork& n, const std::string& funds, const std::string& scheme) {
            nlohmann::json out;
            {
                py::gil_scoped_release unlocked;
                out = funding::funds_check_json(*n.net, funds, scheme);
            }
            return json_to_py(out, py::none());
        },
        py::arg("net"), py::arg("funds"), py::arg("scheme") = "",
        "Check a funds file against the network and scheme (hatchnet.funding.check).");
    m.def(
        "funds_split_json",
        [](const PyNetwork& n, const std::string& funds, const std::string& items, const std::string& options,
           const py::object& table) {
            nlohmann::json out;
            {
                py::gil_scoped_release unlocked;
                out = funding::funds_split_json(n.graph(), funds, items, options);
            }
            return json_to_py(out, table);
        },
        py::arg("net"), py::arg("funds"), py::arg("items") = "", py::arg("options") = "", py::arg("table") = py::none(),
        "Split costs across several funds (hatchnet.funding.split).");
    m.def(
        "funds_payments_json",
        [](const PyNetwork& n, const std::string& funds, const std::string& performance, const std::string& scheme,
           const std::string& options, const py::object& table) {
            nlohmann::json out;
            {
                py::gil_scoped_release unlocked;
                out = funding::funds_payments_json(*n.net, funds, performance, scheme, options);
            }
            return json_to_py(out, table);
        },
        py::arg("net"), py::arg("funds"), py::arg("performance"), py::arg("scheme") = "", py::arg("options") = "",
        py::arg("table") = py::none(), "Payments due on every contract (hatchnet.funding.payments).");
    m.def(
        "funds_cost_json",
        [](const PyNetwork& n, const std::string& funds, const std::string& performance, const std::string& scheme,
           const std::string& options, const py::object& table) {
            nlohmann::json out;
            {
                py::gil_scoped_release unlocked;
                out = funding::funds_cost_json(*n.net, funds, performance, scheme, options);
            }
            return json_to_py(out, table);
        },
        py::arg("net"), py::arg("funds"), py::arg("performance") = "", py::arg("scheme") = "", py::arg("options") = "",
        py::arg("table") = py::none(), "Cost per organization served (hatchnet.funding.cost_per_served).");
}

}  // namespace hatchnet::py
