// Internal: the pieces of the hatchnet._core module, one bind_* per area.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <mutex>
#include <string_view>

#include "hatchnet/graph.hpp"
#include "hatchnet/network.hpp"

namespace hatchnet::py {

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

void bind_network(pybind11::module_& m);
void bind_match(pybind11::module_& m);
void bind_referral(pybind11::module_& m);
void bind_evaluate(pybind11::module_& m);
void bind_coverage(pybind11::module_& m);

}  // namespace hatchnet::py
