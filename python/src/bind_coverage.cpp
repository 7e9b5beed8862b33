// hatchnet._core: the coverage engine (coverage, balance, planning, inequality indices).
//
// Requests go in as JSON option text (hatchnet/coverage/json.hpp defines every field) and come
// back as Python objects; lists of records are turned into columns (numpy arrays for numeric
// fields, null → NaN) so the pure-Python layer builds DataFrames without a per-row loop.
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

using namespace pybind11::literals;

pybind11::object to_py(const json& j);

bool is_records(const json& j) {
    if (!j.is_array()) return false;
    for (const auto& x : j)
        if (!x.is_object()) return false;
    return true;
}

/// [{a:1,b:"x"}, {a:2,b:"y"}] → {"a": array([1,2]), "b": ["x","y"]} (key order of the first record).
pybind11::dict columns(const json& rows) {
    pybind11::dict d;
    if (rows.empty()) return d;
    std::vector<std::string> keys;
    for (auto it = rows[0].begin(); it != rows[0].end(); ++it) keys.push_back(it.key());
    const auto n = rows.size();
    for (const auto& k : keys) {
        bool numeric = true, integral = true, any = false;
        for (const auto& r : rows) {
            auto it = r.find(k);
            if (it == r.end() || it->is_null()) {
                integral = false;
                continue;
            }
            any = true;
            if (!it->is_number()) numeric = false;
            if (!it->is_number_integer()) integral = false;
        }
        if (!any) {
            pybind11::array_t<double> a(static_cast<pybind11::ssize_t>(n));
            auto m = a.mutable_unchecked<1>();
            for (std::size_t i = 0; i < n; ++i) m(pybind11::ssize_t(i)) = std::numeric_limits<double>::quiet_NaN();
            d[pybind11::str(k)] = a;
        } else if (numeric && integral) {
            pybind11::array_t<std::int64_t> a(static_cast<pybind11::ssize_t>(n));
            auto m = a.mutable_unchecked<1>();
            for (std::size_t i = 0; i < n; ++i) m(pybind11::ssize_t(i)) = rows[i][k].get<std::int64_t>();
            d[pybind11::str(k)] = a;
        } else if (numeric) {
            pybind11::array_t<double> a(static_cast<pybind11::ssize_t>(n));
            auto m = a.mutable_unchecked<1>();
            for (std::size_t i = 0; i < n; ++i) {
                auto it = rows[i].find(k);
                m(pybind11::ssize_t(i)) = (it == rows[i].end() || it->is_null())
                                              ? std::numeric_limits<double>::quiet_NaN()
                                              : it->get<double>();
            }
            d[pybind11::str(k)] = a;
        } else {
            pybind11::list l(n);
            for (std::size_t i = 0; i < n; ++i) {
                auto it = rows[i].find(k);
                l[i] = it == rows[i].end() ? pybind11::none() : to_py(*it);
            }
            d[pybind11::str(k)] = l;
        }
    }
    return d;
}

pybind11::object to_py(const json& j) {
    switch (j.type()) {
        case json::value_t::null: return pybind11::none();
        case json::value_t::boolean: return pybind11::bool_(j.get<bool>());
        case json::value_t::number_integer: return pybind11::int_(j.get<std::int64_t>());
        case json::value_t::number_unsigned: return pybind11::int_(j.get<std::uint64_t>());
        case json::value_t::number_float: return pybind11::float_(j.get<double>());
        case json::value_t::string: return pybind11::str(j.get_ref<const std::string&>());
        case json::value_t::array: {
            pybind11::list l;
            for (const auto& x : j) l.append(to_py(x));
            return l;
        }
        case json::value_t::object: {
            pybind11::dict d;
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (is_records(it.value()) && !it.value().empty())
                    d[pybind11::str(it.key())] = pybind11::dict("__records__"_a = columns(it.value()));
                else
                    d[pybind11::str(it.key())] = to_py(it.value());
            }
            return d;
        }
        default: return pybind11::none();
    }
}

template <class F>
pybind11::object request(const PyNetwork& self, const std::string& options, F&& f) {
    json out;
    {
        pybind11::gil_scoped_release release;
        out = f(self.graph(), options);
    }
    return to_py(out);
}

using Arr = pybind11::array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

std::vector<double> vec(const Arr& a, const char* what) {
    if (a.ndim() != 1) throw input_error(what, "", "must be one-dimensional");
    return std::vector<double>(a.data(), a.data() + a.size());
}

}  // namespace

void bind_coverage(pybind11::module_& m) {
    m.def(
        "coverage_json",
        [](const PyNetwork& n, const std::string& o) { return request(n, o, coverage::coverage_json); },
        pybind11::arg("net"), pybind11::arg("options") = "",
        "Coverage of every region (see hatchnet.coverage.coverage); options as JSON text.");
    m.def(
        "balance_json",
        [](const PyNetwork& n, const std::string& o) { return request(n, o, coverage::balance_json); },
        pybind11::arg("net"), pybind11::arg("options") = "");
    m.def(
        "plan_json",
        [](const PyNetwork& n, const std::string& o) { return request(n, o, coverage::plan_json); },
        pybind11::arg("net"), pybind11::arg("options") = "");
    m.def(
        "scenario_json",
        [](const PyNetwork& n, const std::string& o) { return request(n, o, coverage::scenario_json); },
        pybind11::arg("net"), pybind11::arg("options") = "");
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
