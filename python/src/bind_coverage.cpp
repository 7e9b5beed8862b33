// hatchnet._core: the coverage engine (coverage, balance, planning, inequality indices).
//
// Requests go in as JSON option text (hatchnet/coverage/json.hpp defines every field) and come
// back as Python objects; lists of records are turned into columns (numpy arrays for numeric
// fields, null → NaN) handed to the Python layer's table factory (json_to_py, bindings.hpp).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
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

/// A float64 column, NaN where not finite (the JSON writes null there, read as NaN).
template <class F>
pybind11::array_t<double> real_column(std::size_t n, F f) {
    pybind11::array_t<double> a(static_cast<pybind11::ssize_t>(n));
    auto* p = a.mutable_data();
    for (std::size_t i = 0; i < n; ++i) {
        const double v = f(i);
        p[i] = std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
    }
    return a;
}

template <class F>
pybind11::array_t<std::int64_t> int_column(std::size_t n, F f) {
    pybind11::array_t<std::int64_t> a(static_cast<pybind11::ssize_t>(n));
    auto* p = a.mutable_data();
    for (std::size_t i = 0; i < n; ++i) p[i] = std::int64_t(f(i));
    return a;
}

/// The regions table of a coverage report as the columns json_to_py makes of
/// to_json(report)["regions"] (same names and dtypes: int64 for integers, float64 with NaN
/// for a column with a missing value, a list for strings; an all-missing column is float64
/// NaN), built from the report without JSON.
pybind11::dict region_columns(const coverage::CoverageReport& r) {
    const auto& R = r.regions;
    const std::size_t n = R.size();
    pybind11::dict d;
    d["code"] = str_column(n, [&](auto i) -> std::string_view { return R[i].code; });
    d["name"] = str_column(n, [&](auto i) -> std::string_view { return R[i].name; });
    d["level"] = str_column(n, [&](auto i) -> std::string_view {
        return R[i].level == RegionLevel::county ? std::string_view("district") : to_string(R[i].level);
    });
    d["district"] = str_column(n, [&](auto i) -> std::string_view { return R[i].district; });
    d["population"] = real_column(n, [&](auto i) { return R[i].population; });
    d["incubators"] = int_column(n, [&](auto i) { return R[i].incubators; });
    d["capacity"] = int_column(n, [&](auto i) { return R[i].capacity; });
    d["spare"] = int_column(n, [&](auto i) { return R[i].spare; });
    d["organizations"] = int_column(n, [&](auto i) { return R[i].organizations; });
    d["orgs_per_incubator"] = real_column(n, [&](auto i) { return R[i].orgs_per_incubator; });
    d["orgs_per_capacity"] = real_column(n, [&](auto i) { return R[i].orgs_per_capacity; });
    d["capacity_per_org"] = real_column(n, [&](auto i) { return R[i].capacity_per_org; });
    d["people_per_incubator"] = real_column(n, [&](auto i) { return R[i].people_per_incubator; });
    d["capacity_per_10k"] = real_column(n, [&](auto i) { return R[i].capacity_per_10k; });
    const bool any_missing = std::any_of(R.begin(), R.end(), [](const auto& c) { return !c.missing.empty(); });
    if (any_missing) {
        pybind11::list l(n);
        for (std::size_t i = 0; i < n; ++i)
            l[i] = R[i].missing.empty() ? pybind11::object(pybind11::none()) : pybind11::object(pybind11::str(R[i].missing));
        d["missing"] = l;
    } else {
        d["missing"] = real_column(n, [](auto) { return std::numeric_limits<double>::quiet_NaN(); });
    }
    d["access"] = real_column(n, [&](auto i) { return R[i].access; });
    for (int t = 0; t < tier_count; ++t) {
        const std::string tn(to_string(Tier(t)));
        d[pybind11::str("within_" + tn)] = int_column(n, [&](auto i) { return R[i].within[std::size_t(t)]; });
        d[pybind11::str("serving_" + tn)] = int_column(n, [&](auto i) { return R[i].serving[std::size_t(t)]; });
        const bool all = r.hops_computed && n > 0 &&
                         std::all_of(R.begin(), R.end(), [&](const auto& c) { return c.hops[std::size_t(t)] >= 0; });
        if (all) {
            d[pybind11::str("hops_" + tn)] = int_column(n, [&](auto i) { return R[i].hops[std::size_t(t)]; });
        } else {
            d[pybind11::str("hops_" + tn)] = real_column(n, [&](auto i) {
                const int h = R[i].hops[std::size_t(t)];
                return r.hops_computed && h >= 0 ? double(h) : std::numeric_limits<double>::quiet_NaN();
            });
        }
    }
    return d;
}

}  // namespace

void bind_coverage(pybind11::module_& m) {
    m.def(
        "coverage_columns",
        [](const PyNetwork& n, const std::string& o, const pybind11::object& table, const pybind11::object& progress) {
            ProgressBridge bridge(progress);
            coverage::CoverageReport rep;
            json rest = run_hooked(bridge, [&] {
                auto opt = coverage::coverage_options_from_json(coverage::parse_options(o));
                opt.progress = bridge.hook();
                rep = coverage::analyse(n.graph(), opt);
                // everything but the regions table through the JSON writer (it is small):
                // the report with only the regions that lack an incubator, for "lacking"
                coverage::CoverageReport small;
                small.summary = rep.summary;
                small.hops_computed = rep.hops_computed;
                small.access_computed = rep.access_computed;
                small.catchment_km = rep.catchment_km;
                small.unlocated = rep.unlocated;
                small.notes = rep.notes;
                for (const auto& c : rep.regions)
                    if (!c.missing.empty()) small.regions.push_back(c);
                json j = coverage::to_json(small);
                j.erase("regions");
                return j;
            });
            bridge.rethrow();
            pybind11::dict out = json_to_py(rest, table);
            pybind11::dict cols = region_columns(rep);
            if (rep.regions.empty()) out["regions"] = pybind11::list();
            else out["regions"] = table.is_none() ? pybind11::object(cols) : table(cols);
            return out;
        },
        pybind11::arg("net"), pybind11::arg("options") = "", pybind11::arg("table") = pybind11::none(),
        pybind11::arg("progress") = pybind11::none(),
        "Coverage of every region as coverage_json gives it, without the sameness part and with the regions "
        "table built as columns (no JSON); what hatchnet.coverage.coverage reads.");
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
