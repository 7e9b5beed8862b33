// Internal: the pieces of the hatchnet._core module, one bind_* per area.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "hatchnet/graph.hpp"
#include "hatchnet/network.hpp"
#include "hatchnet/progress.hpp"

namespace hatchnet::referral {
struct Referral;
}

namespace hatchnet::py {

/// The cyclic garbage collector paused for a scope (and resumed as it was). Used where a
/// binding makes many reachable objects (a collection would only walk them), and where it
/// reads the caller's lists and dicts while making Python objects: a collection's finalizer
/// could otherwise change them under the reader.
struct GcPause {
#if PY_VERSION_HEX >= 0x030A0000
    int was = PyGC_Disable();
    GcPause() = default;
    ~GcPause() {
        if (was) PyGC_Enable();
    }
#else
    pybind11::module_ gc = pybind11::module_::import("gc");
    bool was = gc.attr("isenabled")().cast<bool>();
    GcPause() { gc.attr("disable")(); }
    ~GcPause() {
        if (was) gc.attr("enable")();
    }
#endif
    GcPause(const GcPause&) = delete;
    GcPause& operator=(const GcPause&) = delete;
};

/// The object behind hatchnet._core.Network: an immutable network and its frozen graph,
/// built on first use.
struct PyNetwork {
    std::shared_ptr<const Network> net;
    mutable std::shared_ptr<const Graph> graph_;
    mutable std::once_flag once_;

    // The index is built here, once: later lookups only read it, so calls that release the
    // GIL may look ids up from several threads at once.
    explicit PyNetwork(Network n) : net(indexed(std::move(n))) {}
    static std::shared_ptr<const Network> indexed(Network n) {
        auto p = std::make_shared<const Network>(std::move(n));
        p->reindex();
        return p;
    }
    const Graph& graph() const {
        std::call_once(once_, [&] { graph_ = std::make_shared<const Graph>(net); });
        return *graph_;
    }
};

/// One referral to open, as Python's Ledger.open_many passes it: (id, organization, node,
/// first_contact, needs, urgency).
using ReferralRow = std::tuple<std::string, std::string, std::string, std::string, std::vector<std::string>, std::string>;
/// The referrals of Ledger.open_many (bind_referral.cpp); an unknown urgency names the
/// referral's place in the batch.
std::vector<referral::Referral> referrals_from_rows(const std::vector<ReferralRow>& rows);

/// A Python list of str made from n string_views f(0..n-1) (invalid UTF-8 replaced),
/// built without intermediate std::string copies.
template <class F>
pybind11::list str_column(std::size_t n, F f) {
    pybind11::list l(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::string_view s = f(i);
        PyObject* o = PyUnicode_DecodeUTF8(s.data(), pybind11::ssize_t(s.size()), "replace");
        if (!o) throw pybind11::error_already_set();
        PyList_SET_ITEM(l.ptr(), pybind11::ssize_t(i), o);
    }
    return l;
}

/// The Python side of a progress hook of a long C++ call, made for use with the GIL
/// released: `call()` (from the C++ hook, any thread) takes the GIL, checks for a pending
/// signal (Ctrl-C: PyErr_CheckSignals raises KeyboardInterrupt), then calls the user's
/// callback with a hatchnet._core.Progress-like tuple (stage, done, total, elapsed).
/// Returning false from call() asks the C++ code to stop; the Python exception that made
/// it stop (KeyboardInterrupt, or one the callback raised) is kept and raised by
/// `rethrow()` after the C++ call has unwound and the GIL is held again. A callback that
/// returns False (not None) stops the run without an exception (`stopped()`).
struct ProgressBridge {
    pybind11::object callback;                          // None or a callable
    std::unique_ptr<pybind11::error_already_set> err;   // the exception that stopped the run
    bool stopped_by_callback = false;

    explicit ProgressBridge(pybind11::object cb = pybind11::none()) : callback(std::move(cb)) {
        if (!callback.is_none() && !PyCallable_Check(callback.ptr()))
            throw pybind11::type_error("progress: must be a callable or None");
    }

    bool call(std::string_view stage, std::int64_t done, std::int64_t total, double elapsed) {
        pybind11::gil_scoped_acquire gil;
        if (err || stopped_by_callback) return false;
        if (PyErr_CheckSignals() != 0) {
            err = std::make_unique<pybind11::error_already_set>();
            return false;
        }
        if (callback.is_none()) return true;
        try {
            pybind11::object r = callback(pybind11::make_tuple(
                pybind11::str(std::string(stage)), done, total, elapsed));
            if (!r.is_none() && !pybind11::bool_(r)) {
                stopped_by_callback = true;
                return false;
            }
            return true;
        } catch (pybind11::error_already_set& e) {
            err = std::make_unique<pybind11::error_already_set>(std::move(e));
            return false;
        }
    }

    /// Only the Ctrl-C check, without a report (between steps that have no hook of their
    /// own); false when a signal handler raised.
    bool check_signals() {
        pybind11::gil_scoped_acquire gil;
        if (err) return false;
        if (PyErr_CheckSignals() != 0) {
            err = std::make_unique<pybind11::error_already_set>();
            return false;
        }
        return true;
    }

    /// Raise the kept Python exception, if any (call with the GIL held).
    void rethrow() {
        if (err) {
            auto e = std::move(err);
            throw pybind11::error_already_set(std::move(*e));
        }
    }
    bool failed() const noexcept { return bool(err); }

    /// The hook for an options struct's `ProgressFn progress` (hatchnet/progress.hpp). Always
    /// set, callback or not, so Ctrl-C is seen at every report.
    ProgressFn hook() {
        return [this](const Progress& p) { return call(p.stage, p.done, p.total, p.elapsed); };
    }
};

/// Runs f() with the GIL released. When a progress hook stopped it (hatchnet::interrupted),
/// raises the Python exception that made it stop (KeyboardInterrupt, or what the callback
/// raised); when the callback returned False, hatchnet.Interrupted (the translator in
/// module.cpp).
template <class F>
auto run_hooked(ProgressBridge& bridge, F&& f) -> decltype(f()) {
    try {
        pybind11::gil_scoped_release release;
        return f();
    } catch (const hatchnet::interrupted&) {
        bridge.rethrow();
        throw;
    }
}

/// A JSON value as Python objects; every array of objects (a list of records) becomes
/// `table(columns)`, where columns is a dict of numpy arrays (numbers; null -> NaN) or
/// lists (anything else), in the key order of the first record. `table` is the Python
/// layer's DataFrame factory, so records never cross as JSON text or marker dicts.
template <class Json>
pybind11::object json_to_py(const Json& j, const pybind11::object& table);

template <class Json>
bool is_records(const Json& j) {
    if (!j.is_array() || j.empty()) return false;
    for (const auto& x : j)
        if (!x.is_object()) return false;
    return true;
}

template <class Json>
pybind11::dict record_columns(const Json& rows, const pybind11::object& table) {
    pybind11::dict d;
    std::vector<std::string> keys;
    for (const auto& r : rows)
        for (auto it = r.begin(); it != r.end(); ++it)
            if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
    const auto n = rows.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& k : keys) {
        bool numeric = true, integral = true, any = false;
        for (const auto& r : rows) {
            auto it = r.find(k);
            if (it == r.end() || it->is_null()) {
                integral = false;
                continue;
            }
            any = true;
            if (!it->is_number() || it->is_boolean()) numeric = false;
            if (!it->is_number_integer()) integral = false;
        }
        if (!any || numeric) {
            if (integral) {
                pybind11::array_t<std::int64_t> a(static_cast<pybind11::ssize_t>(n));
                auto* p = a.mutable_data();
                for (std::size_t i = 0; i < n; ++i) p[i] = rows[i][k].template get<std::int64_t>();
                d[pybind11::str(k)] = a;
            } else {
                pybind11::array_t<double> a(static_cast<pybind11::ssize_t>(n));
                auto* p = a.mutable_data();
                for (std::size_t i = 0; i < n; ++i) {
                    auto it = rows[i].find(k);
                    p[i] = (it == rows[i].end() || it->is_null()) ? nan : it->template get<double>();
                }
                d[pybind11::str(k)] = a;
            }
        } else {
            pybind11::list l(n);
            for (std::size_t i = 0; i < n; ++i) {
                auto it = rows[i].find(k);
                l[i] = it == rows[i].end() ? pybind11::none() : json_to_py(*it, table);
            }
            d[pybind11::str(k)] = l;
        }
    }
    return d;
}

template <class Json>
pybind11::object json_to_py(const Json& j, const pybind11::object& table) {
    using vt = typename Json::value_t;
    switch (j.type()) {
        case vt::null: return pybind11::none();
        case vt::boolean: return pybind11::bool_(j.template get<bool>());
        case vt::number_integer: return pybind11::int_(j.template get<std::int64_t>());
        case vt::number_unsigned: return pybind11::int_(j.template get<std::uint64_t>());
        case vt::number_float: return pybind11::float_(j.template get<double>());
        case vt::string: return pybind11::str(j.template get_ref<const std::string&>());
        case vt::array: {
            if (!table.is_none() && is_records(j)) return table(record_columns(j, table));
            pybind11::list l;
            for (const auto& x : j) l.append(json_to_py(x, table));
            return l;
        }
        case vt::object: {
            pybind11::dict d;
            for (auto it = j.begin(); it != j.end(); ++it) d[pybind11::str(it.key())] = json_to_py(it.value(), table);
            return d;
        }
        default: return pybind11::none();
    }
}

/// A tuple of the names of enum values 0..n-1 (to_string), for the vocabularies
/// hatchnet._core exports (TIERS, REASONS, ...), so Python never hard-codes them.
template <class E>
pybind11::tuple names_of(int n) {
    pybind11::tuple t(n);
    for (int i = 0; i < n; ++i) t[i] = pybind11::str(std::string(to_string(static_cast<E>(i))));
    return t;
}

void bind_network(pybind11::module_& m);
void bind_match(pybind11::module_& m);
void bind_referral(pybind11::module_& m);
void bind_evaluate(pybind11::module_& m);
void bind_coverage(pybind11::module_& m);
void bind_records(pybind11::module_& m);
void bind_policy(pybind11::module_& m);
void bind_funding(pybind11::module_& m);
void bind_hsds(pybind11::module_& m);
void bind_publish(pybind11::module_& m);

}  // namespace hatchnet::py
