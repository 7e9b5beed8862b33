// hatchnet._core: the coverage engine (coverage, balance, planning, inequality indices).
//
// Requests go in as JSON option text (hatchnet/coverage/json.hpp defines every field) and come
// back as Python objects; lists of records are turned into columns (numpy arrays for numeric
// fields, null → NaN) handed to the Python layer's table factory (json_to_py, bindings.hpp).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
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

/// A column of str as a numpy object array (pandas takes it as it is, where a list is first
/// copied into one). `make(i)` gives row i's value as a new reference (or null with a
/// Python error set).
template <class F>
pybind11::array object_array(std::size_t n, F make) {
    pybind11::array a(pybind11::dtype("O"), std::vector<pybind11::ssize_t>{static_cast<pybind11::ssize_t>(n)},
                      std::vector<pybind11::ssize_t>{});
    auto** p = static_cast<PyObject**>(a.mutable_data());
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* o = make(i);
        if (!o) throw pybind11::error_already_set();
        Py_XDECREF(p[i]);  // numpy fills a new object array with NULL (or None)
        p[i] = o;
    }
    return a;
}

PyObject* decode(std::string_view s) {
    return PyUnicode_DecodeUTF8(s.data(), static_cast<pybind11::ssize_t>(s.size()), "replace");
}

/// Equal values as one Python object (a level, a district: a handful of values over
/// thousands of rows).
template <class F>
pybind11::array shared_str_array(std::size_t n, F f) {
    std::vector<std::pair<std::string_view, PyObject*>> seen;  // borrowed from the array
    return object_array(n, [&](std::size_t i) -> PyObject* {
        const std::string_view s = f(i);
        for (const auto& e : seen)
            if (e.first == s) {
                Py_INCREF(e.second);
                return e.second;
            }
        PyObject* o = decode(s);
        if (o && seen.size() < 256) seen.emplace_back(s, o);
        return o;
    });
}

/// Row i's value `s` from `cache` (a list of str by network region index, made once per
/// network by region_text and kept by hatchnet.coverage) when the entry at `region` is that
/// very text, else decoded anew: a stale or foreign cache costs time, never a wrong value.
PyObject* cached_str(const pybind11::handle& cache, std::uint32_t region, std::string_view s) {
    if (cache && PyList_Check(cache.ptr()) && region < std::uint32_t(PyList_GET_SIZE(cache.ptr()))) {
        PyObject* o = PyList_GET_ITEM(cache.ptr(), pybind11::ssize_t(region));
        if (PyUnicode_Check(o)) {
            pybind11::ssize_t len = 0;
            const char* u = PyUnicode_AsUTF8AndSize(o, &len);
            if (u && std::size_t(len) == s.size() && std::memcmp(u, s.data(), s.size()) == 0) {
                Py_INCREF(o);
                return o;
            }
            if (!u) PyErr_Clear();  // e.g. a lone surrogate: decoded anew
        }
    }
    return decode(s);
}

/// The regions table of a coverage report as the columns json_to_py makes of
/// to_json(report)["regions"] (same names and dtypes: int64 for integers, float64 with NaN
/// for a column with a missing value, str for strings; an all-missing column is float64
/// NaN), built from the report without JSON: the numbers in one pass over the rows (a pass
/// per column read every row's struct 33 times), the strings as object arrays.
pybind11::dict region_columns(const coverage::CoverageReport& r, const pybind11::handle& codes,
                              const pybind11::handle& names) {
    const auto& R = r.regions;
    const std::size_t n = R.size();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const auto real = [](double v) { return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN(); };
    const auto ints = [&] { return pybind11::array_t<std::int64_t>(static_cast<pybind11::ssize_t>(n)); };
    const auto reals = [&] { return pybind11::array_t<double>(static_cast<pybind11::ssize_t>(n)); };
    pybind11::dict d;
    d["code"] = object_array(n, [&](std::size_t i) { return cached_str(codes, R[i].region, R[i].code); });
    d["name"] = object_array(n, [&](std::size_t i) { return cached_str(names, R[i].region, R[i].name); });
    d["level"] = shared_str_array(n, [&](std::size_t i) -> std::string_view {
        return R[i].level == RegionLevel::county ? std::string_view("district") : to_string(R[i].level);
    });
    d["district"] = shared_str_array(n, [&](std::size_t i) -> std::string_view { return R[i].district; });
    auto population = reals(), opi = reals(), opc = reals(), cpo = reals(), ppi = reals(), c10k = reals(),
         access = reals();
    auto incubators = ints(), capacity = ints(), spare = ints(), organizations = ints();
    std::array<pybind11::array_t<std::int64_t>, tier_count> within, serving, hops_int;
    std::array<pybind11::array_t<double>, tier_count> hops_real;
    std::array<bool, tier_count> all_hops{};
    for (int t = 0; t < tier_count; ++t) {
        within[std::size_t(t)] = ints();
        serving[std::size_t(t)] = ints();
        all_hops[std::size_t(t)] = r.hops_computed && n > 0 &&
                                   std::all_of(R.begin(), R.end(), [&](const auto& c) { return c.hops[std::size_t(t)] >= 0; });
        if (all_hops[std::size_t(t)]) hops_int[std::size_t(t)] = ints();
        else hops_real[std::size_t(t)] = reals();
    }
    {
        double *pp = population.mutable_data(), *p1 = opi.mutable_data(), *p2 = opc.mutable_data(),
               *p3 = cpo.mutable_data(), *p4 = ppi.mutable_data(), *p5 = c10k.mutable_data(), *pa = access.mutable_data();
        std::int64_t *qi = incubators.mutable_data(), *qc = capacity.mutable_data(), *qs = spare.mutable_data(),
                     *qo = organizations.mutable_data();
        std::array<std::int64_t*, tier_count> pw{}, ps{}, ph{};
        std::array<double*, tier_count> phr{};
        for (std::size_t t = 0; t < std::size_t(tier_count); ++t) {
            pw[t] = within[t].mutable_data();
            ps[t] = serving[t].mutable_data();
            if (all_hops[t]) ph[t] = hops_int[t].mutable_data();
            else phr[t] = hops_real[t].mutable_data();
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto& c = R[i];
            pp[i] = real(c.population);
            qi[i] = c.incubators;
            qc[i] = c.capacity;
            qs[i] = c.spare;
            qo[i] = c.organizations;
            p1[i] = real(c.orgs_per_incubator);
            p2[i] = real(c.orgs_per_capacity);
            p3[i] = real(c.capacity_per_org);
            p4[i] = real(c.people_per_incubator);
            p5[i] = real(c.capacity_per_10k);
            pa[i] = real(c.access);
            for (std::size_t t = 0; t < std::size_t(tier_count); ++t) {
                pw[t][i] = c.within[t];
                ps[t][i] = c.serving[t];
                const int h = c.hops[t];
                if (all_hops[t]) ph[t][i] = h;
                else phr[t][i] = r.hops_computed && h >= 0 ? double(h) : nan;
            }
        }
    }
    d["population"] = population;
    d["incubators"] = incubators;
    d["capacity"] = capacity;
    d["spare"] = spare;
    d["organizations"] = organizations;
    d["orgs_per_incubator"] = opi;
    d["orgs_per_capacity"] = opc;
    d["capacity_per_org"] = cpo;
    d["people_per_incubator"] = ppi;
    d["capacity_per_10k"] = c10k;
    const bool any_missing = std::any_of(R.begin(), R.end(), [](const auto& c) { return !c.missing.empty(); });
    if (any_missing) {
        pybind11::list l(n);
        for (std::size_t i = 0; i < n; ++i)
            l[i] = R[i].missing.empty() ? pybind11::object(pybind11::none()) : pybind11::object(pybind11::str(R[i].missing));
        d["missing"] = l;
    } else {
        auto m = reals();
        std::fill_n(m.mutable_data(), n, nan);
        d["missing"] = m;
    }
    d["access"] = access;
    for (std::size_t t = 0; t < std::size_t(tier_count); ++t) {
        const std::string tn(to_string(Tier(int(t))));
        d[pybind11::str("within_" + tn)] = within[t];
        d[pybind11::str("serving_" + tn)] = serving[t];
        if (all_hops[t]) d[pybind11::str("hops_" + tn)] = hops_int[t];
        else d[pybind11::str("hops_" + tn)] = hops_real[t];
    }
    return d;
}

}  // namespace

void bind_coverage(pybind11::module_& m) {
    m.def(
        "coverage_columns",
        [](const PyNetwork& n, const std::string& o, const pybind11::object& table, const pybind11::object& progress,
           const pybind11::object& region_text) {
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
            pybind11::handle codes, names;  // the network's region texts, when the caller keeps them
            if (pybind11::isinstance<pybind11::tuple>(region_text) && pybind11::len(region_text) == 2) {
                codes = pybind11::reinterpret_borrow<pybind11::tuple>(region_text)[0];
                names = pybind11::reinterpret_borrow<pybind11::tuple>(region_text)[1];
            }
            pybind11::dict cols = region_columns(rep, codes, names);
            if (rep.regions.empty()) out["regions"] = pybind11::list();
            else out["regions"] = table.is_none() ? pybind11::object(cols) : table(cols);
            return out;
        },
        pybind11::arg("net"), pybind11::arg("options") = "", pybind11::arg("table") = pybind11::none(),
        pybind11::arg("progress") = pybind11::none(), pybind11::arg("region_text") = pybind11::none(),
        "Coverage of every region as coverage_json gives it, without the sameness part and with the regions "
        "table built as columns (no JSON); what hatchnet.coverage.coverage reads. region_text: region_text(net), "
        "kept by the caller, so the codes and names are not decoded again on every call.");
    m.def(
        "region_text",
        [](const PyNetwork& n) {
            const auto& regs = n.graph().network().regions;
            pybind11::list codes(regs.size()), names(regs.size());
            for (std::size_t i = 0; i < regs.size(); ++i) {
                PyObject* c = decode(regs[i].code);
                if (!c) throw pybind11::error_already_set();
                PyList_SET_ITEM(codes.ptr(), pybind11::ssize_t(i), c);
                PyObject* m = decode(regs[i].name);
                if (!m) throw pybind11::error_already_set();
                PyList_SET_ITEM(names.ptr(), pybind11::ssize_t(i), m);
            }
            return pybind11::make_tuple(codes, names);
        },
        pybind11::arg("net"), "The codes and names of the network's regions as str, by region index (for coverage_columns).");
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
