// hatchnet._core: the match engine — min-cost flow, linear assignment, stable matching and
// the needs/resources matcher. Every solver runs with the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "bindings.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/algo/assignment.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/algo/stable_matching.hpp"
#include "hatchnet/synth/demand.hpp"

namespace py = pybind11;

namespace hatchnet::py {
namespace {

using pybind11::array_t;
using pybind11::dict;
using pybind11::list;
using i64arr = array_t<std::int64_t, pybind11::array::c_style | pybind11::array::forcecast>;
using f64arr = array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

std::span<const std::int64_t> span_of(const i64arr& a, const char* name) {
    if (a.ndim() != 1) throw input_error("argument", name, "must be a one-dimensional array");
    return {a.data(), static_cast<std::size_t>(a.size())};
}

template <class T>
array_t<T> to_array(const std::vector<T>& v) {
    array_t<T> a(static_cast<pybind11::ssize_t>(v.size()));
    if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
    return a;
}

template <class T, class F>
array_t<T> num_column(std::size_t n, F f) {
    array_t<T> a(static_cast<pybind11::ssize_t>(n));
    T* p = a.mutable_data();
    for (std::size_t i = 0; i < n; ++i) p[i] = f(i);
    return a;
}

/// A count argument from Python (an int of any size, or anything with __index__), checked
/// BEFORE any cast: >= 0 and, with `already` elements present, a total within max_elements
/// (hatchnet/limits.hpp) and the solvers' 32-bit ids (2^31 - 2). Never truncated.
std::int64_t count_arg(const pybind11::handle& n, const char* record, const char* field, std::int64_t already = 0) {
    pybind11::object i = pybind11::reinterpret_steal<pybind11::object>(PyNumber_Index(n.ptr()));
    if (!i) {
        PyErr_Clear();
        throw input_error(record, field, "must be a whole number, got " + std::string(pybind11::str(pybind11::repr(n))));
    }
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
    const std::string shown = pybind11::str(i);
    if (overflow < 0 || (overflow == 0 && v < 0)) throw input_error(record, field, "must be >= 0, got " + shown);
    const std::string total = already > 0 ? std::to_string(already) + " present + " + shown : shown;
    const std::uint64_t lim = limits().max_elements;
    if (overflow > 0 || static_cast<std::uint64_t>(v) > lim || static_cast<std::uint64_t>(v) + std::uint64_t(already) > lim)
        throw limit_error(record, field, total + " exceeds the limit of " + std::to_string(lim) +
                                             " elements (raise max_elements to allow it)");
    constexpr std::int64_t id_limit = std::numeric_limits<std::int32_t>::max() - 1;  // 2^31 - 2
    if (v > id_limit - already)
        throw limit_error(record, field, total + " exceeds the solver's limit of 2^31 - 2 (32-bit ids)");
    return v;
}

algo::MinCostFlow::Mode flow_mode(const std::string& mode) {
    if (mode == "exact") return algo::MinCostFlow::Mode::exact;
    if (mode == "max_flow" || mode == "max_flow_min_cost") return algo::MinCostFlow::Mode::max_flow_min_cost;
    throw input_error("argument", "mode", "'" + mode + "' is not one of exact, max_flow_min_cost");
}

std::vector<algo::MinCostFlow::node_t> node_ids(std::span<const std::int64_t> ends, std::size_t n, const char* field,
                                                 std::size_t first = 0) {
    std::vector<algo::MinCostFlow::node_t> out(ends.size());
    for (std::size_t a = 0; a < ends.size(); ++a) {
        if (ends[a] < 0 || static_cast<std::size_t>(ends[a]) >= n)
            throw input_error("arc " + std::to_string(first + a), field,
                              "node " + std::to_string(ends[a]) + " does not exist (" + std::to_string(n) + " nodes)");
        out[a] = static_cast<algo::MinCostFlow::node_t>(ends[a]);
    }
    return out;
}

dict scaling_dict(const algo::CostScaling& sc) {
    dict d;
    d["scale"] = sc.scale;
    d["exact"] = sc.exact;
    d["max_rounding_error"] = sc.max_rounding_error;
    return d;
}

dict min_cost_flow(const i64arr& tails, const i64arr& heads, const i64arr& capacities, const i64arr& costs,
                   const i64arr& supplies, const std::string& mode, std::optional<i64arr> lower,
                   std::int64_t max_iterations, double time_limit, std::optional<f64arr> float_costs,
                   bool require_exact, const std::string& algorithm) {
    auto t = span_of(tails, "tails"), h = span_of(heads, "heads"), c = span_of(capacities, "capacities"),
         w = span_of(costs, "costs"), b = span_of(supplies, "supplies");
    std::span<const std::int64_t> lo;
    if (lower) lo = span_of(*lower, "lower");
    algo::MinCostFlow::Mode m;
    if (mode == "exact") m = algo::MinCostFlow::Mode::exact;
    else if (mode == "max_flow" || mode == "max_flow_min_cost") m = algo::MinCostFlow::Mode::max_flow_min_cost;
    else throw input_error("argument", "mode", "'" + mode + "' is not one of exact, max_flow_min_cost");
    if (max_iterations < 0) throw input_error("argument", "max_iterations", "must be >= 0");
    if (!(time_limit >= 0)) throw input_error("argument", "time_limit", "must be >= 0 seconds");
    const auto solver = algo::parse_min_cost_flow_algorithm(algorithm);
    if (!solver)
        throw input_error("argument", "algorithm",
                          "unknown solver '" + algorithm + "' (automatic, network_simplex, cost_scaling)");
    std::span<const double> fc;
    if (float_costs) {
        if (float_costs->ndim() != 1) throw input_error("argument", "costs", "must be a one-dimensional array");
        fc = {float_costs->data(), static_cast<std::size_t>(float_costs->size())};
    }
    algo::MinCostFlow f;
    algo::MinCostFlow::Status st;
    algo::CostScaling sc;
    ProgressBridge bridge;  // Ctrl-C every 2000 pivots
    f.set_progress([&bridge](const algo::MinCostFlow::Progress& p) {
        return bridge.call("min_cost_flow", p.pivots, -1, p.seconds);
    }, 2000);
    {
        pybind11::gil_scoped_release rel;
        if (b.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) - 1)
            throw input_error("argument", "supplies", "too many nodes (limit 2^31 - 2)");
        const std::size_t n = b.size(), k = t.size();
        if (h.size() != k || c.size() != k || w.size() != k || (!lo.empty() && lo.size() != k))
            throw input_error("argument", "arcs",
                              "tails, heads, capacities, costs" + std::string(lower ? ", lower" : "") +
                                  " must have the same length (got " + std::to_string(k) + ", " +
                                  std::to_string(h.size()) + ", " + std::to_string(c.size()) + ", " +
                                  std::to_string(w.size()) + ")");
        f.add_nodes(static_cast<algo::MinCostFlow::node_t>(n));
        std::vector<algo::MinCostFlow::node_t> t32(k), h32(k);
        for (std::size_t a = 0; a < k; ++a) {
            if (t[a] < 0 || static_cast<std::size_t>(t[a]) >= n)
                throw input_error("arc " + std::to_string(a), "tail",
                                  "node " + std::to_string(t[a]) + " does not exist (" + std::to_string(n) + " nodes)");
            if (h[a] < 0 || static_cast<std::size_t>(h[a]) >= n)
                throw input_error("arc " + std::to_string(a), "head",
                                  "node " + std::to_string(h[a]) + " does not exist (" + std::to_string(n) + " nodes)");
            t32[a] = static_cast<algo::MinCostFlow::node_t>(t[a]);
            h32[a] = static_cast<algo::MinCostFlow::node_t>(h[a]);
        }
        f.add_arcs(t32, h32, c, w, lo);
        f.set_supplies(b);
        if (float_costs) {
            if (fc.size() != k)
                throw input_error("argument", "costs", "has " + std::to_string(fc.size()) + " values for " +
                                                           std::to_string(k) + " arcs");
            sc = f.set_costs(fc);
            if (require_exact && !sc.exact)
                throw input_error("argument", "costs",
                                  "not exactly representable as integers at a safe scale (largest rounding "
                                  "error would be " + std::to_string(sc.max_rounding_error) +
                                  "); pass cost_scale='auto' to accept rounding, or an explicit cost_scale");
        }
        f.set_supplies(b);
        f.set_algorithm(*solver);
        f.set_iteration_limit(max_iterations);
        f.set_time_limit(time_limit);
        st = f.run(m);
    }
    bridge.rethrow();
    dict d;
    d["status"] = std::string(algo::to_string(st));
    d["flow"] = to_array(f.flows());
    d["cost"] = f.total_cost();
    d["unrouted"] = to_array(f.unrouted());
    d["potentials"] = to_array(f.potentials());
    d["routed"] = f.routed();
    d["iterations"] = f.iterations();
    d["algorithm"] = std::string(algo::to_string(f.last_algorithm()));
    d["cost_scale"] = f.cost_scale();
    d["costs_exact"] = f.costs_exact();
    d["max_rounding_error"] = sc.max_rounding_error;
    d["scaled_cost"] = f.scaled_total_cost();
    return d;
}

// A kept solver for warm re-solves, limits and progress (hatchnet.matching.MinCostFlow).
struct PyMCF {
    algo::MinCostFlow f;
    pybind11::object callback = pybind11::none();      // None or a callable
    std::int64_t every = 10000;                        // pivots between calls of the callback
    std::unique_ptr<pybind11::error_already_set> err;  // raised by the callback (or Ctrl-C) during run()
};

using PyMCFClass = pybind11::class_<PyMCF>;

// MinCostFlow, step 1: construction and the problem's data (nodes, arcs, supplies, costs).
void bind_mcf_building(PyMCFClass& c) {
    using MCF = algo::MinCostFlow;
    c
        .def(pybind11::init([](const pybind11::object& n_nodes) {
                 const std::int64_t n = count_arg(n_nodes, "argument", "n_nodes");  // before any cast
                 auto p = std::make_unique<PyMCF>();
                 p->f.add_nodes(static_cast<MCF::node_t>(n));
                 return p;
             }),
             pybind11::arg("n_nodes") = 0)
        .def("add_nodes", [](PyMCF& s, const pybind11::object& count) {
            const std::int64_t n = count_arg(count, "argument", "n", s.f.node_count());  // before any cast
            return s.f.add_nodes(static_cast<MCF::node_t>(n));
        }, pybind11::arg("n"))
        .def("add_arcs",
             [](PyMCF& s, const i64arr& tails, const i64arr& heads, const i64arr& caps, const i64arr& costs,
                std::optional<i64arr> lower) {
                 auto t = span_of(tails, "tails"), h = span_of(heads, "heads");
                 const std::size_t n = static_cast<std::size_t>(s.f.node_count()),
                                   base = static_cast<std::size_t>(s.f.arc_count());
                 auto t32 = node_ids(t, n, "tail", base), h32 = node_ids(h, n, "head", base);
                 std::span<const std::int64_t> lo;
                 if (lower) lo = span_of(*lower, "lower");
                 return s.f.add_arcs(t32, h32, span_of(caps, "capacities"), span_of(costs, "costs"), lo);
             },
             pybind11::arg("tails"), pybind11::arg("heads"), pybind11::arg("capacities"), pybind11::arg("costs"),
             pybind11::arg("lower") = pybind11::none())
        .def("set_supplies", [](PyMCF& s, const i64arr& b) { s.f.set_supplies(span_of(b, "supplies")); })
        .def("set_supply", [](PyMCF& s, std::int64_t v, std::int64_t b) {
            if (v < 0 || v >= s.f.node_count())
                throw input_error("node " + std::to_string(v), "supply", "no such node");
            s.f.set_supply(static_cast<MCF::node_t>(v), b);
        })
        .def("set_cost", [](PyMCF& s, std::int64_t a, std::int64_t c) {
            if (a < 0 || a >= s.f.arc_count()) throw input_error("arc " + std::to_string(a), "", "no such arc");
            s.f.set_cost(static_cast<MCF::arc_t>(a), c);
        })
        .def("set_capacity", [](PyMCF& s, std::int64_t a, std::int64_t cap) {
            if (a < 0 || a >= s.f.arc_count()) throw input_error("arc " + std::to_string(a), "index", "no such arc");
            s.f.set_capacity(static_cast<MCF::arc_t>(a), cap);
        })
        .def("set_bounds", [](PyMCF& s, std::int64_t a, std::int64_t lo, std::int64_t cap) {
            if (a < 0 || a >= s.f.arc_count()) throw input_error("arc " + std::to_string(a), "", "no such arc");
            s.f.set_bounds(static_cast<MCF::arc_t>(a), lo, cap);
        })
        .def("set_costs", [](PyMCF& s, const f64arr& c) {
            if (c.ndim() != 1) throw input_error("argument", "costs", "must be a one-dimensional array");
            return scaling_dict(s.f.set_costs(std::span<const double>(c.data(), static_cast<std::size_t>(c.size()))));
        });
}

// Step 2: the settings of a run (warm start, limits, progress, solver).
void bind_mcf_settings(PyMCFClass& c) {
    c
        .def_property("warm_start", [](const PyMCF& s) { return s.f.warm_start(); },
                      [](PyMCF& s, bool on) { s.f.set_warm_start(on); })
        .def_property("time_limit", [](const PyMCF& s) { return s.f.time_limit(); },
                      [](PyMCF& s, double t) { s.f.set_time_limit(t); })
        .def("set_iteration_limit", [](PyMCF& s, std::int64_t k) {
            if (k < 0) throw input_error("argument", "max_iterations", "must be >= 0");
            s.f.set_iteration_limit(k);
        })
        .def("clear_basis", [](PyMCF& s) { s.f.clear_basis(); })
        .def(
            "set_progress",
            [](PyMCF& s, pybind11::object cb, std::int64_t every) {
                if (!cb.is_none() && !PyCallable_Check(cb.ptr()))
                    throw input_error("argument", "callback", "must be callable");
                if (every < 1) throw input_error("argument", "every", "must be >= 1");
                s.callback = cb;
                s.every = every;
            },
            pybind11::arg("callback"), pybind11::arg("every") = 10000)
        .def_property(
            "algorithm", [](const PyMCF& s) { return std::string(algo::to_string(s.f.algorithm())); },
            [](PyMCF& s, const std::string& name) {
                const auto a = algo::parse_min_cost_flow_algorithm(name);
                if (!a)
                    throw input_error("argument", "algorithm",
                                      "unknown solver '" + name + "' (automatic, network_simplex, cost_scaling)");
                s.f.set_algorithm(*a);
            });
}

// Step 3: run(), with Ctrl-C and the Python progress callback bridged to the solver's hook.
void bind_mcf_run(PyMCFClass& c) {
    using MCF = algo::MinCostFlow;
    c
        .def("run", [](PyMCF& s, const std::string& mode) {
            const auto md = flow_mode(mode);
            s.err.reset();   // an error of an earlier run that ended in a C++ exception
            PyMCF* self = &s;
            // Always hooked: Ctrl-C is checked every 2000 pivots (or `every`, when smaller)
            // even without a callback; the callback is called every `every` pivots.
            const std::int64_t step = self->callback.is_none() ? 2000 : std::min<std::int64_t>(self->every, 2000);
            s.f.set_progress(
                [self, step, calls = std::int64_t(0)](const MCF::Progress& p) mutable -> bool {
                    pybind11::gil_scoped_acquire gil;
                    if (self->err) return false;
                    if (PyErr_CheckSignals() != 0) {
                        self->err = std::make_unique<pybind11::error_already_set>();
                        return false;
                    }
                    ++calls;
                    if (self->callback.is_none() || (calls * step) % self->every >= step) return true;
                    try {
                        dict d;
                        d["pivots"] = p.pivots;
                        d["seconds"] = p.seconds;
                        d["objective"] = p.objective;
                        d["infeasibility"] = p.infeasibility;
                        pybind11::object r = self->callback(d);
                        return r.is_none() || r.cast<bool>();
                    } catch (pybind11::error_already_set& e) {
                        self->err = std::make_unique<pybind11::error_already_set>(std::move(e));
                        return false;
                    }
                },
                step);
            MCF::Status st;
            {
                pybind11::gil_scoped_release rel;
                try {
                    st = s.f.run(md);
                } catch (...) {
                    s.f.set_progress(nullptr);
                    throw;
                }
                s.f.set_progress(nullptr);
            }
            if (s.err) {
                auto e = std::move(s.err);
                throw pybind11::error_already_set(std::move(*e));
            }
            return std::string(algo::to_string(st));
        }, pybind11::arg("mode") = "exact");
}

// Step 4: the results of the last run and the state used for pickling.
void bind_mcf_results(PyMCFClass& c) {
    using MCF = algo::MinCostFlow;
    c
        .def_property_readonly("status", [](const PyMCF& s) { return std::string(algo::to_string(s.f.status())); })
        .def_property_readonly("flow", [](const PyMCF& s) { return to_array(s.f.flows()); })
        .def_property_readonly("potentials", [](const PyMCF& s) { return to_array(s.f.potentials()); })
        .def_property_readonly("unrouted", [](const PyMCF& s) { return to_array(s.f.unrouted()); })
        .def_property_readonly("total_cost", [](const PyMCF& s) { return s.f.total_cost(); })
        .def_property_readonly("scaled_total_cost", [](const PyMCF& s) { return s.f.scaled_total_cost(); })
        .def_property_readonly("cost_scale", [](const PyMCF& s) { return s.f.cost_scale(); })
        .def_property_readonly("costs_exact", [](const PyMCF& s) { return s.f.costs_exact(); })
        .def_property_readonly("routed", [](const PyMCF& s) { return s.f.routed(); })
        .def_property_readonly("iterations", [](const PyMCF& s) { return s.f.iterations(); })
        .def_property_readonly("warm_started", [](const PyMCF& s) { return s.f.warm_started(); })
        .def_property_readonly("last_algorithm",
                               [](const PyMCF& s) { return std::string(algo::to_string(s.f.last_algorithm())); })
        .def("state",
             [](const PyMCF& s) {
                 const auto k = static_cast<std::size_t>(s.f.arc_count());
                 const auto n = static_cast<std::size_t>(s.f.node_count());
                 dict d;
                 d["tails"] = num_column<std::int64_t>(k, [&](auto a) { return std::int64_t(s.f.tail(MCF::arc_t(a))); });
                 d["heads"] = num_column<std::int64_t>(k, [&](auto a) { return std::int64_t(s.f.head(MCF::arc_t(a))); });
                 d["lower"] = num_column<std::int64_t>(k, [&](auto a) { return std::int64_t(s.f.lower(MCF::arc_t(a))); });
                 d["capacities"] = num_column<std::int64_t>(k, [&](auto a) { return std::int64_t(s.f.capacity(MCF::arc_t(a))); });
                 d["costs"] = num_column<std::int64_t>(k, [&](auto a) { return std::int64_t(s.f.cost(MCF::arc_t(a))); });
                 d["supplies"] = num_column<std::int64_t>(n, [&](auto v) { return std::int64_t(s.f.supply(MCF::node_t(v))); });
                 d["warm_start"] = s.f.warm_start();
                 d["time_limit"] = s.f.time_limit();
                 d["algorithm"] = std::string(algo::to_string(s.f.algorithm()));
                 return d;
             },
             "the problem's data (arcs, supplies, settings) for pickling; costs are the integer (scaled) ones")
        .def_property_readonly("node_count", [](const PyMCF& s) { return s.f.node_count(); })
        .def_property_readonly("arc_count", [](const PyMCF& s) { return s.f.arc_count(); });
}

void bind_mcf_class(pybind11::module_& m) {
    PyMCFClass c(m, "MinCostFlow");
    bind_mcf_building(c);
    bind_mcf_settings(c);
    bind_mcf_run(c);
    bind_mcf_results(c);
}

template <class Solver>
dict assignment_result(Solver& s, algo::AssignmentStatus st) {
    dict d;
    d["status"] = std::string(algo::to_string(st));
    std::vector<std::int64_t> r(s.assignment().begin(), s.assignment().end());
    d["row_to_col"] = to_array(r);
    d["cost"] = static_cast<double>(s.cost());
    return d;
}

dict dense_assignment(const f64arr& m, bool maximize) {
    if (m.ndim() != 2) throw input_error("argument", "cost_matrix", "must be two-dimensional");
    const auto rows = m.shape(0), cols = m.shape(1);
    if (rows >= std::numeric_limits<std::int32_t>::max() || cols >= std::numeric_limits<std::int32_t>::max())
        throw input_error("argument", "cost_matrix", "too large");
    std::unique_ptr<algo::DenseAssignment<double>> s;
    algo::AssignmentStatus st;
    {
        pybind11::gil_scoped_release rel;
        s = std::make_unique<algo::DenseAssignment<double>>(
            static_cast<std::int32_t>(rows), static_cast<std::int32_t>(cols),
            std::span<const double>(m.data(), static_cast<std::size_t>(rows * cols)),
            maximize ? algo::Objective::maximize : algo::Objective::minimize);
        st = s->run();
    }
    return assignment_result(*s, st);
}

dict sparse_assignment(const i64arr& r, const i64arr& c, const f64arr& w, const pybind11::object& n_rows,
                       const pybind11::object& n_cols, bool maximize) {
    // both sizes checked (>= 0, max_elements, 32-bit ids) before anything is allocated for them
    const std::int64_t rows = count_arg(n_rows, "argument", "n_rows");
    const std::int64_t cols = count_arg(n_cols, "argument", "n_cols");
    auto rs = span_of(r, "rows"), cs = span_of(c, "cols");
    if (w.ndim() != 1) throw input_error("argument", "costs", "must be one-dimensional");
    std::span<const double> ws(w.data(), static_cast<std::size_t>(w.size()));
    if (rs.size() != cs.size() || rs.size() != ws.size())
        throw input_error("argument", "edges", "rows, cols and costs must have the same length");
    algo::SparseAssignment<double> s(static_cast<std::int32_t>(rows), static_cast<std::int32_t>(cols));
    algo::AssignmentStatus st;
    {
        pybind11::gil_scoped_release rel;
        std::vector<std::int32_t> r32(rs.size()), c32(cs.size());
        for (std::size_t k = 0; k < rs.size(); ++k) {
            if (rs[k] < 0 || rs[k] >= rows) throw input_error("edge " + std::to_string(k), "row", "out of range");
            if (cs[k] < 0 || cs[k] >= cols) throw input_error("edge " + std::to_string(k), "col", "out of range");
            r32[k] = static_cast<std::int32_t>(rs[k]);
            c32[k] = static_cast<std::int32_t>(cs[k]);
        }
        s.add_edges(r32, c32, ws);
        st = s.run(maximize ? algo::Objective::maximize : algo::Objective::minimize);
    }
    return assignment_result(s, st);
}

dict stable_match(algo::StableMatching::Prefs rp, algo::StableMatching::Prefs hp,
                  std::vector<std::int32_t> caps, bool hospitals_propose) {
    std::vector<std::int32_t> m;
    std::vector<std::vector<std::int32_t>> hm;
    std::int64_t proposals = 0;
    {
        pybind11::gil_scoped_release rel;
        algo::StableMatching s(std::move(rp), std::move(hp), std::move(caps));
        s.run(hospitals_propose ? algo::StableMatching::Proposer::hospitals : algo::StableMatching::Proposer::residents);
        m = s.resident_match();
        hm = s.hospital_matches();
        proposals = s.proposals();
    }
    dict d;
    d["resident_match"] = to_array(m);
    d["hospital_matches"] = hm;
    d["proposals"] = proposals;
    return d;
}

dict result_columns(const PyNetwork& pn, const match::ResourceMatcher* m);

/// Installs a progress hook on `m` that reports through `bridge` (Ctrl-C, the user's
/// callback): every 2000 pivots of each flow phase, so an interrupt is seen within
/// milliseconds of solving.
void hook(match::ResourceMatcher& m, ProgressBridge& bridge) {
    m.set_progress(
        [&bridge](int phase, int phases, const algo::MinCostFlow::Progress& p) {
            const std::string stage = "match phase " + std::to_string(phase + 1) + "/" + std::to_string(phases);
            return bridge.call(stage, p.pivots, -1, p.seconds);
        },
        2000);
}

/// Between the steps that have no hook of their own (parsing, building the flow network):
/// Ctrl-C is seen there too.
void checkpoint(ProgressBridge& bridge) {
    if (!bridge.check_signals()) throw hatchnet::interrupted();
}

std::unique_ptr<match::ResourceMatcher> make_matcher(const Graph& g, const std::string& needs_json,
                                                     const std::string& resources_json,
                                                     const std::string& options_json, ProgressBridge& bridge) {
    auto opt = match::parse_match_options(options_json);
    auto needs = match::parse_needs(needs_json);
    checkpoint(bridge);
    auto res = match::parse_resources(resources_json);
    checkpoint(bridge);
    auto m = std::make_unique<match::ResourceMatcher>(g, std::move(needs), std::move(res), opt);
    checkpoint(bridge);
    return m;
}

/// Needs from columns (hatchnet.matching hands a DataFrame over this way when it holds only
/// plain columns: id, organization, category as str; quantity, priority as int64;
/// min_provider_score as float64, NaN for none; group as str, "" for none; window as a mask
/// with window_start / window_end day numbers), the same Needs
/// parse_needs makes of the records' JSON, without the JSON text.
std::vector<match::Need> needs_from_columns(const dict& c) {
    const auto strings = [&](const char* k) {
        if (!c.contains(k)) return std::vector<std::string>{};
        const pybind11::object col = c[k];
        if (PyList_Check(col.ptr())) {  // hatchnet.matching's tolist(): read in place
            const pybind11::ssize_t n = PyList_GET_SIZE(col.ptr());
            std::vector<std::string> v;
            v.reserve(std::size_t(n));
            for (pybind11::ssize_t i = 0; i < n; ++i) {
                PyObject* o = PyList_GET_ITEM(col.ptr(), i);
                pybind11::ssize_t len = 0;
                const char* u = PyUnicode_Check(o) ? PyUnicode_AsUTF8AndSize(o, &len) : nullptr;
                if (!u) {  // not a str, or not encodable: pybind11's conversion says what
                    PyErr_Clear();
                    return col.cast<std::vector<std::string>>();
                }
                v.emplace_back(u, std::size_t(len));
            }
            return v;
        }
        return col.cast<std::vector<std::string>>();
    };
    auto id = strings("id"), org = strings("organization"), cat = strings("category"), group = strings("group");
    const std::size_t n = id.size();
    const auto sized = [&](std::size_t m, const char* k) {
        if (m != n) throw input_error("needs", k, "column length differs from the id column's");
    };
    sized(org.size(), "organization");
    sized(cat.size(), "category");
    if (c.contains("group")) sized(group.size(), "group");
    std::optional<i64arr> qty, prio, wstart, wend;
    std::optional<array_t<std::int8_t, pybind11::array::c_style | pybind11::array::forcecast>> win;
    std::optional<f64arr> mps;
    if (c.contains("window")) {
        win = c["window"].cast<array_t<std::int8_t, pybind11::array::c_style | pybind11::array::forcecast>>();
        wstart = c["window_start"].cast<i64arr>();
        wend = c["window_end"].cast<i64arr>();
        sized(std::size_t(win->size()), "window");
        sized(std::size_t(wstart->size()), "window");
        sized(std::size_t(wend->size()), "window");
    }
    if (c.contains("quantity")) qty = c["quantity"].cast<i64arr>();
    if (c.contains("priority")) prio = c["priority"].cast<i64arr>();
    if (c.contains("min_provider_score")) mps = c["min_provider_score"].cast<f64arr>();
    if (qty) sized(std::size_t(qty->size()), "quantity");
    if (prio) sized(std::size_t(prio->size()), "priority");
    if (mps) sized(std::size_t(mps->size()), "min_provider_score");
    std::vector<match::Need> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        match::Need& x = v[i];
        x.id = std::move(id[i]);
        x.organization = std::move(org[i]);
        x.category = std::move(cat[i]);
        if (qty) x.quantity = qty->data()[i];
        if (prio) x.priority = prio->data()[i];
        if (!group.empty()) x.group = std::move(group[i]);
        if (win && win->data()[i]) {
            x.window = match::TimeWindow{wstart->data()[i], wend->data()[i]};
            if (x.window->start > x.window->end) throw input_error("need " + x.id, "window", "start is after end");
        }
        if (mps && !std::isnan(mps->data()[i])) {
            if (!std::isfinite(mps->data()[i])) throw input_error("need " + x.id, "min_provider_score", "must be finite");
            x.min_provider_score = mps->data()[i];
        }
    }
    return v;
}

dict match_columns(const PyNetwork& pn, const pybind11::object& needs_in, const std::string& resources_json,
                   const std::string& options_json, const pybind11::object& progress) {
    ProgressBridge bridge(progress);
    std::optional<std::vector<match::Need>> columns;
    std::optional<match::MatchOptions> column_opt;
    if (!pybind11::isinstance<pybind11::str>(needs_in)) {
        // the options first, as make_matcher reads them: with bad options and bad needs, the
        // options' error is the one reported on both paths
        column_opt = match::parse_match_options(options_json);
        columns = needs_from_columns(needs_in.cast<dict>());
    }
    const std::string needs_json = columns ? std::string() : needs_in.cast<std::string>();
    auto m = run_hooked(bridge, [&] {
        if (columns) {
            const match::MatchOptions& opt = *column_opt;
            auto res = match::parse_resources(resources_json);
            checkpoint(bridge);
            auto mm = std::make_unique<match::ResourceMatcher>(pn.graph(), std::move(*columns), std::move(res), opt);
            checkpoint(bridge);
            hook(*mm, bridge);
            mm->run();
            mm->set_progress(nullptr);
            return mm;
        }
        auto mm = make_matcher(pn.graph(), needs_json, resources_json, options_json, bridge);
        hook(*mm, bridge);
        mm->run();
        mm->set_progress(nullptr);
        return mm;
    });
    bridge.rethrow();
    return result_columns(pn, m.get());
}

/// A kept matcher for re-matching (hatchnet.matching.Matcher); keeps its network alive.
struct PyMatcher {
    std::shared_ptr<PyNetwork> owner;
    std::unique_ptr<match::ResourceMatcher> m;
};

// GcPause (bindings.hpp): a result's tens of thousands of new lists and strings are all
// reachable, yet each 700 of them woke the collector, which walked every young object again.

/// str_column for a column of few distinct values (a category, a distance level, a
/// reason): equal values one Python object, looked up among the first 16 seen.
template <class F>
pybind11::list few_str_column(std::size_t n, F f) {
    pybind11::list l(n);
    std::vector<std::pair<std::string_view, PyObject*>> seen;  // borrowed from the list
    for (std::size_t i = 0; i < n; ++i) {
        const std::string_view s = f(i);
        PyObject* o = nullptr;
        for (const auto& e : seen)
            if (e.first == s) {
                o = e.second;
                Py_INCREF(o);
                break;
            }
        if (!o) {
            o = PyUnicode_DecodeUTF8(s.data(), pybind11::ssize_t(s.size()), "replace");
            if (!o) throw pybind11::error_already_set();
            if (seen.size() < 16) seen.emplace_back(s, o);
        }
        PyList_SET_ITEM(l.ptr(), pybind11::ssize_t(i), o);
    }
    return l;
}

dict result_columns(const PyNetwork& pn, const match::ResourceMatcher* m) {
    const GcPause gc;
    const auto& r = m->result();
    const auto& N = m->needs();
    const auto& R = m->resources();
    const auto& A = r.assignments;
    dict a;
    a["need"] = str_column(A.size(), [&](auto i) -> std::string_view { return N[A[i].need].id; });
    a["organization"] = str_column(A.size(), [&](auto i) -> std::string_view { return N[A[i].need].organization; });
    a["resource"] = str_column(A.size(), [&](auto i) -> std::string_view { return R[A[i].resource].id; });
    a["provider"] = str_column(A.size(), [&](auto i) -> std::string_view { return R[A[i].resource].provider; });
    a["outside_provider"] = few_str_column(A.size(), [&](auto i) -> std::string_view { return R[A[i].resource].outside_provider; });
    a["category"] = few_str_column(A.size(), [&](auto i) -> std::string_view { return N[A[i].need].category; });
    a["quantity"] = num_column<std::int64_t>(A.size(), [&](auto i) { return A[i].quantity; });
    a["unit_cost"] = num_column<double>(A.size(), [&](auto i) { return A[i].unit_cost; });
    a["distance"] = few_str_column(A.size(), [&](auto i) { return match::to_string(A[i].level); });
    a["hops"] = num_column<std::int64_t>(A.size(), [&](auto i) { return std::int64_t(A[i].hops); });
    a["distance_cost"] = num_column<double>(A.size(), [&](auto i) { return A[i].distance_cost; });
    a["cost_per_unit"] = num_column<double>(A.size(), [&](auto i) { return A[i].cost_per_unit; });
    a["cost"] = num_column<double>(A.size(), [&](auto i) { return A[i].cost; });
    // "" unless served from a consortium partner's pool (§5.1): the consortium's id
    const auto& C = m->graph().network().consortia;
    a["via_consortium"] = few_str_column(A.size(), [&](auto i) -> std::string_view {
        return A[i].consortium >= 0 ? std::string_view(C[std::size_t(A[i].consortium)].id) : std::string_view();
    });

    std::vector<std::size_t> un;
    for (std::size_t i = 0; i < r.needs.size(); ++i)
        if (r.needs[i].served < r.needs[i].requested) un.push_back(i);
    const auto& O = r.needs;
    dict u;
    u["need"] = str_column(un.size(), [&](auto k) -> std::string_view { return N[un[k]].id; });
    u["organization"] = str_column(un.size(), [&](auto k) -> std::string_view { return N[un[k]].organization; });
    u["category"] = few_str_column(un.size(), [&](auto k) -> std::string_view { return N[un[k]].category; });
    u["priority"] = num_column<std::int64_t>(un.size(), [&](auto k) { return N[un[k]].priority; });
    u["requested"] = num_column<std::int64_t>(un.size(), [&](auto k) { return O[un[k]].requested; });
    u["served"] = num_column<std::int64_t>(un.size(), [&](auto k) { return O[un[k]].served; });
    u["unserved"] = num_column<std::int64_t>(un.size(), [&](auto k) { return O[un[k]].requested - O[un[k]].served; });
    u["eligible"] = num_column<std::int64_t>(un.size(), [&](auto k) { return std::int64_t(O[un[k]].eligible); });
    u["reason"] = few_str_column(un.size(), [&](auto k) { return match::to_string(O[un[k]].reason); });
    u["detail"] = str_column(un.size(), [&](auto k) -> std::string_view { return O[un[k]].detail; });
    list blocked(un.size()), full(un.size());
    for (std::size_t k = 0; k < un.size(); ++k) {
        list b, f;
        for (auto x : O[un[k]].blocked_by) b.append(N[x].id);
        for (auto x : O[un[k]].full_resources) f.append(R[x].id);
        blocked[k] = b;
        full[k] = f;
    }
    u["blocked_by"] = blocked;
    u["full_resources"] = full;

    const auto& G = r.groups;
    const Network& net = pn.graph().network();
    dict gcol;
    gcol["group"] = str_column(G.size(), [&](auto i) -> std::string_view { return G[i].group; });
    gcol["name"] = str_column(G.size(), [&](auto i) -> std::string_view {
        const Region* reg = net.find_region(G[i].group);
        return reg ? std::string_view(reg->name) : std::string_view();
    });
    gcol["needs"] = num_column<std::int64_t>(G.size(), [&](auto i) { return std::int64_t(G[i].needs); });
    gcol["requested"] = num_column<std::int64_t>(G.size(), [&](auto i) { return G[i].requested; });
    gcol["served"] = num_column<std::int64_t>(G.size(), [&](auto i) { return G[i].served; });
    gcol["share"] = num_column<double>(G.size(), [&](auto i) { return G[i].requested ? double(G[i].served) / double(G[i].requested) : 1.0; });
    gcol["weighted_served"] = num_column<std::int64_t>(G.size(), [&](auto i) { return G[i].weighted_served; });
    gcol["floor"] = num_column<std::int64_t>(G.size(), [&](auto i) { return G[i].floor; });
    gcol["floor_met"] = num_column<bool>(G.size(), [&](auto i) { return G[i].floor_met; });
    gcol["cost"] = num_column<double>(G.size(), [&](auto i) { return G[i].cost; });

    dict summary;
    summary["status"] = std::string(algo::to_string(r.status));
    summary["needs"] = N.size();
    summary["resources"] = R.size();
    summary["requested"] = r.requested;
    summary["served"] = r.served;
    summary["served_share"] = r.requested ? double(r.served) / double(r.requested) : 1.0;
    summary["weighted_served"] = r.weighted_served;
    summary["total_cost"] = r.total_cost;
    summary["floors_met"] = r.floors_met;
    const auto stats = json_to_py(match::match_stats_to_json(r.stats), pybind11::none());

    dict d;
    d["assignments"] = a;
    d["unserved"] = u;
    d["groups"] = gcol;
    d["summary"] = summary;
    d["stats"] = stats;
    return d;
}

}  // namespace

void bind_match(pybind11::module_& m) {
    m.def("min_cost_flow", &min_cost_flow, pybind11::arg("tails"), pybind11::arg("heads"),
          pybind11::arg("capacities"), pybind11::arg("costs"), pybind11::arg("supplies"),
          pybind11::arg("mode") = "exact", pybind11::arg("lower") = pybind11::none(),
          pybind11::arg("max_iterations") = 0, pybind11::arg("time_limit") = 0.0,
          pybind11::arg("float_costs") = pybind11::none(), pybind11::arg("require_exact") = false,
          pybind11::arg("algorithm") = "automatic",
          "Min-cost flow by network simplex; returns a dict (status, flow, cost, unrouted, potentials, routed, "
          "iterations, cost_scale, costs_exact, max_rounding_error, scaled_cost).");
    bind_mcf_class(m);
    m.def("linear_assignment_dense", &dense_assignment, pybind11::arg("cost_matrix"), pybind11::arg("maximize") = false);
    m.def("linear_assignment_sparse", &sparse_assignment, pybind11::arg("rows"), pybind11::arg("cols"),
          pybind11::arg("costs"), pybind11::arg("n_rows"), pybind11::arg("n_cols"), pybind11::arg("maximize") = false);
    m.def("stable_match", &stable_match, pybind11::arg("resident_prefs"), pybind11::arg("hospital_prefs"),
          pybind11::arg("capacities"), pybind11::arg("hospitals_propose") = false);
    pybind11::class_<PyMatcher, std::shared_ptr<PyMatcher>>(m, "Matcher", "A kept needs/resources matcher.")
        .def(pybind11::init([](std::shared_ptr<PyNetwork> net, const std::string& needs_json,
                               const std::string& resources_json, const std::string& options_json) {
                 auto pm = std::make_shared<PyMatcher>();
                 pm->owner = net;
                 ProgressBridge bridge;  // Ctrl-C between the steps
                 pm->m = run_hooked(bridge, [&] {
                     return make_matcher(net->graph(), needs_json, resources_json, options_json, bridge);
                 });
                 return pm;
             }),
             pybind11::arg("net"), pybind11::arg("needs_json"), pybind11::arg("resources_json"),
             pybind11::arg("options_json") = "")
        .def("run",
             [](PyMatcher& self, const pybind11::object& progress) {
                 ProgressBridge bridge(progress);
                 {
                     pybind11::gil_scoped_release rel;
                     hook(*self.m, bridge);
                     try {
                         self.m->run();
                     } catch (...) {
                         self.m->set_progress(nullptr);
                         throw;
                     }
                     self.m->set_progress(nullptr);
                 }
                 bridge.rethrow();
                 return result_columns(*self.owner, self.m.get());
             },
             pybind11::arg("progress") = pybind11::none())
        .def("result_json", [](const PyMatcher& self, int indent) { return match::match_result_to_json(*self.m).dump(indent); },
             pybind11::arg("indent") = -1)
        .def("set_quantity",
             [](PyMatcher& self, const std::string& id, std::int64_t q) {
                 const auto i = self.m->need_index(id);
                 if (i == match::ResourceMatcher::npos) throw input_error("need " + id, "id", "no such need");
                 self.m->set_need_quantity(i, q);
             },
             pybind11::arg("need_id"), pybind11::arg("quantity"))
        .def("set_capacity",
             [](PyMatcher& self, const std::string& id, std::int64_t c) {
                 const auto j = self.m->resource_index(id);
                 if (j == match::ResourceMatcher::npos) throw input_error("resource " + id, "id", "no such resource");
                 self.m->set_resource_capacity(j, c);
             },
             pybind11::arg("resource_id"), pybind11::arg("capacity"));
    m.def("match_columns", &match_columns, pybind11::arg("net"), pybind11::arg("needs"),
          pybind11::arg("resources_json"), pybind11::arg("options_json") = "",
          pybind11::arg("progress") = pybind11::none());
    m.def(
        "match_json",
        [](const PyNetwork& pn, const std::string& needs_json, const std::string& resources_json,
           const std::string& options_json, int indent) {
            pybind11::gil_scoped_release rel;
            auto needs = match::parse_needs(needs_json);
            auto res = match::parse_resources(resources_json);
            auto opt = match::parse_match_options(options_json);
            match::ResourceMatcher mm(pn.graph(), std::move(needs), std::move(res), opt);
            mm.run();
            return match::match_result_to_json(mm).dump(indent);
        },
        pybind11::arg("net"), pybind11::arg("needs_json"), pybind11::arg("resources_json"),
        pybind11::arg("options_json") = "", pybind11::arg("indent") = -1);
    m.def(
        "demo_demand",
        [](const PyNetwork& pn, std::uint64_t seed, std::size_t needs, int supply_percent,
           const pybind11::object& table) {
            nlohmann::json a, b;
            ProgressBridge bridge;  // Ctrl-C between the steps
            run_hooked(bridge, [&] {
                synth::DemandOptions o;
                o.seed = seed;
                o.needs = needs;
                o.supply_percent = supply_percent;
                auto d = synth::demand(*pn.net, o);
                checkpoint(bridge);
                a = nlohmann::json(match::needs_to_json(d.needs));  // sorted keys, as before
                checkpoint(bridge);
                b = nlohmann::json(match::resources_to_json(d.resources));
            });
            return std::make_pair(json_to_py(a, table), json_to_py(b, table));
        },
        pybind11::arg("net"), pybind11::arg("seed") = 2017, pybind11::arg("needs") = 0,
        pybind11::arg("supply_percent") = 85, pybind11::arg("table") = pybind11::none());
    m.attr("UNSERVED_REASONS") = names_of<match::UnservedReason>(5);
    m.attr("DISTANCE_LEVELS") = names_of<match::DistanceLevel>(4);
}

}  // namespace hatchnet::py
