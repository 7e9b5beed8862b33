// hatchnet._core: the policy model — the tiers' mandated functions and the tier sameness figure.
//
// JSON from the C++ (io::functions_json, io::missing_functions_json, coverage::sameness_json)
// comes back as Python objects; record lists become columns for the Python layer's table
// factory (json_to_py, bindings.hpp).
#include "bindings.hpp"
#include "hatchnet/coverage/json.hpp"
#include "hatchnet/io/json.hpp"

namespace hatchnet::py {

void bind_policy(pybind11::module_& m) {
    m.def(
        "tier_functions_json",
        [](const PyNetwork& n) {
            return json_to_py(nlohmann::json::parse(io::functions_json(n.net->vocabulary)), pybind11::none());
        },
        pybind11::arg("net"), "The vocabulary's functions and the tiers' mandates, as the network JSON has them.");
    m.def(
        "missing_functions_json",
        [](const PyNetwork& n, const pybind11::object& table) {
            std::string text;
            {
                pybind11::gil_scoped_release release;
                text = io::missing_functions_json(*n.net);
            }
            return json_to_py(nlohmann::json{{"rows", nlohmann::json::parse(text)}}, table);
        },
        pybind11::arg("net"), pybind11::arg("table") = pybind11::none(),
        "Every mandated function a node does not perform: {rows: [{node, tier, function, name}]}.");
    m.def(
        "sameness_json",
        [](const PyNetwork& n, const std::string& o, const pybind11::object& table) {
            nlohmann::json out;
            {
                pybind11::gil_scoped_release release;
                out = coverage::sameness_json(n.graph(), o);
            }
            return json_to_py(out, table);
        },
        pybind11::arg("net"), pybind11::arg("options") = "", pybind11::arg("table") = pybind11::none(),
        "Tier sameness (hatchnet.policy.sameness); options as JSON text.");
    m.def(
        "staffing_json",
        [](const PyNetwork& n, const pybind11::object& table) {
            nlohmann::json out;
            {
                pybind11::gil_scoped_release release;
                out = coverage::staffing_json(n.graph(), "");
            }
            return json_to_py(out, table);
        },
        pybind11::arg("net"), pybind11::arg("table") = pybind11::none(),
        "Staff indicators per node and district (hatchnet.policy.staffing).");
}

}  // namespace hatchnet::py
