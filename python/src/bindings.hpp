// Internal: the pieces of the hatchnet._core module, one bind_* per area.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <mutex>

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

void bind_network(pybind11::module_& m);
void bind_match(pybind11::module_& m);
void bind_referral(pybind11::module_& m);
void bind_evaluate(pybind11::module_& m);
void bind_coverage(pybind11::module_& m);

}  // namespace hatchnet::py
