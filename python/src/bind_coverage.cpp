// hatchnet._core: the coverage engine (coverage, balance, planning, inequality indices).
//
// Requests go in as JSON option text (hatchnet/coverage/json.hpp defines every field) and come
// back as Python objects; lists of records are turned into columns (numpy arrays for numeric
// fields, null → NaN) handed to the Python layer's table factory (json_to_py, bindings.hpp).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>

#include "bindings.hpp"
#include "hatchnet/coverage/json.hpp"
#include "hatchnet/error.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace hatchnet::py {
namespace {

using Arr = pybind11::array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

std::vector<double> vec(const Arr& a, const char* what) {
    if (a.ndim() != 1) throw input_error(what, "", "must be one-dimensional");
    return std::vector<double>(a.data(), a.data() + a.size());
}

}  // namespace

void bind_coverage(pybind11::module_& m) {
    m.def(
        "coverage_json",
        [](const PyNetwork& n, const std::string& o, const pybind11::object& table, const pybind11::object& progress) {
            ProgressBridge bridge(progress);
            json out = run_hooked(bridge, [&] { return coverage::coverage_json(n.graph(), o, bridge.hook()); });
            return json_to_py(out, table);
        },
        pybind11::arg("net"), pybind11::arg("options") = "", pybind11::arg("table") = pybind11::none(),
        pybind11::arg("progress") = pybind11::none(),
        "Coverage of every region (see hatchnet.coverage.coverage); options as JSON text.");
    m.def(
        "balance_json",
        [](const PyNetwork& n, const std::string& o, const pybind11::object& table, const pybind11::object& progress) {
            ProgressBridge bridge(progress);
            json out = run_hooked(bridge, [&] { return coverage::balance_json(n.graph(), o, bridge.hook()); });
            return json_to_py(out, table);
        },
        pybind11::arg("net"), pybind11::arg("options") = "", pybind11::arg("table") = pybind11::none(),
        pybind11::arg("progress") = pybind11::none());
    m.def(
        "plan_json",
        [](const PyNetwork& n, const std::string& o, const pybind11::object& table, const pybind11::object& progress) {
            ProgressBridge bridge(progress);
            json out = run_hooked(bridge, [&] { return coverage::plan_json(n.graph(), o, bridge.hook()); });
            return json_to_py(out, table);
        },
        pybind11::arg("net"), pybind11::arg("options") = "", pybind11::arg("table") = pybind11::none(),
        pybind11::arg("progress") = pybind11::none(),
        "A plan (hatchnet.coverage.plan), with picks, a scenario or a split as coverage::plan_json takes them.");
    m.def(
        "scenario_json",
        [](const PyNetwork& n, const std::string& o, const pybind11::object& table, const pybind11::object& progress) {
            ProgressBridge bridge(progress);
            json out = run_hooked(bridge, [&] { return coverage::scenario_json(n.graph(), o, bridge.hook()); });
            return json_to_py(out, table);
        },
        pybind11::arg("net"), pybind11::arg("options") = "", pybind11::arg("table") = pybind11::none(),
        pybind11::arg("progress") = pybind11::none());
    m.def(
        "apply_plan",
        [](const PyNetwork& n, const std::string& o) {
            std::shared_ptr<PyNetwork> out;
            {
                pybind11::gil_scoped_release release;
                out = std::make_shared<PyNetwork>(coverage::apply_plan_json(n.graph(), o));
            }
            return out;
        },
        pybind11::arg("net"), pybind11::arg("options"),
        "The planned copy of the network ({\"picks\": [...]}) as a new _core.Network.");
    m.def(
        "gini",
        [](const Arr& x, std::optional<Arr> w) {
            auto xv = vec(x, "x");
            std::vector<double> wv = w ? vec(*w, "w") : std::vector<double>{};
            pybind11::gil_scoped_release r;
            return coverage::gini(xv, wv);
        },
        pybind11::arg("x"), pybind11::arg("w") = pybind11::none(),
        "Gini index of x (weighted by w): sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean).");
    m.def(
        "theil",
        [](const Arr& x, std::optional<Arr> w) {
            auto xv = vec(x, "x");
            std::vector<double> wv = w ? vec(*w, "w") : std::vector<double>{};
            pybind11::gil_scoped_release r;
            return coverage::theil(xv, wv);
        },
        pybind11::arg("x"), pybind11::arg("w") = pybind11::none(), "Theil T index of x (weighted by w).");
    m.def(
        "theil_decompose",
        [](const Arr& x, const Arr& w,
           const pybind11::array_t<std::int64_t, pybind11::array::c_style | pybind11::array::forcecast>& g) {
            auto xv = vec(x, "x");
            auto wv = vec(w, "w");
            std::vector<std::uint32_t> gv;
            for (pybind11::ssize_t i = 0; i < g.size(); ++i) {
                auto v = g.data()[i];
                if (v < 0 || v > std::int64_t(std::numeric_limits<std::uint32_t>::max() / 2))
                    throw input_error("groups", "", "group ids must be small non-negative integers");
                gv.push_back(std::uint32_t(v));
            }
            coverage::TheilDecomposition d;
            {
                pybind11::gil_scoped_release r;
                d = coverage::theil_decompose(xv, wv, gv);
            }
            pybind11::dict out;
            out["total"] = d.total;
            out["between"] = d.between;
            out["within"] = d.within;
            out["group_theil"] = d.group_theil;
            out["group_share"] = d.group_share;
            return out;
        },
        pybind11::arg("x"), pybind11::arg("w"), pybind11::arg("groups"));
    m.def(
        "water_fill",
        [](const Arr& cap, const Arr& dem, double budget, double price) {
            auto c = vec(cap, "capacity");
            auto d = vec(dem, "demand");
            double level = 0;
            std::vector<double> x;
            {
                pybind11::gil_scoped_release r;
                x = coverage::water_fill(c, d, budget, price, &level);
            }
            return std::make_pair(x, level);
        },
        pybind11::arg("capacity"), pybind11::arg("demand"), pybind11::arg("budget"), pybind11::arg("price") = 1.0);
}

}  // namespace hatchnet::py
