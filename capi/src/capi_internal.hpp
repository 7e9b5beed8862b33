// Internal helpers of the C ABI: the exception firewall, the thread-local error message,
// allocation of caller-owned buffers. Every extern "C" body runs inside hn_guard().
#pragma once

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/hatchnet.h"
#include "hatchnet/network.hpp"

struct hn_network {
    std::shared_ptr<const hatchnet::Network> net;
    hatchnet::Graph graph;
    explicit hn_network(hatchnet::Network n)
        : net(std::make_shared<const hatchnet::Network>(std::move(n))), graph(net) {}
};

namespace hatchnet::capi {

void set_error(std::string msg) noexcept;
void set_error_where(const std::string& record, const std::string& field) noexcept;
void clear_error() noexcept;

constexpr hn_status status_of(hatchnet::error_kind k) noexcept {
    switch (k) {
        case hatchnet::error_kind::invalid: return HN_ERR_INVALID;
        case hatchnet::error_kind::io: return HN_ERR_IO;
        case hatchnet::error_kind::limit: return HN_ERR_LIMIT;
        case hatchnet::error_kind::nomem: return HN_ERR_NOMEM;
        case hatchnet::error_kind::range: return HN_ERR_RANGE;
        case hatchnet::error_kind::internal: return HN_ERR_INTERNAL;
    }
    return HN_ERR_INTERNAL;
}

/// Thrown inside a guarded body to return a specific status with a message.
struct status_error {
    hn_status status;
    std::string message;
};

template <class F>
hn_status guard(F&& body) noexcept {
    try {
        clear_error();
        body();
        return HN_OK;
    } catch (const status_error& e) {
        set_error(e.message);
        return e.status;
    } catch (...) {
        const hatchnet::error_info info = hatchnet::describe_current_exception();
        set_error(info.message);
        set_error_where(info.record, info.field);
        return status_of(info.kind);
    }
}

/// Refuse NULL for a required pointer argument.
inline void need(const void* p, const char* name) {
    if (!p) throw status_error{HN_ERR_NULL, std::string("argument '") + name + "' must not be NULL"};
}

/// A malloc'ed copy of `s` (NUL-terminated) for the caller to hn_free().
char* dup_string(std::string_view s);

/// A malloc'ed array copy for the caller to hn_free(); NULL for an empty vector.
template <class T>
T* dup_array(const std::vector<T>& v) {
    if (v.empty()) return nullptr;
    T* p = static_cast<T*>(std::malloc(v.size() * sizeof(T)));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, v.data(), v.size() * sizeof(T));
    return p;
}

inline const hatchnet::Network& net_of(const hn_network* h) {
    need(h, "net");
    return *h->net;
}

}  // namespace hatchnet::capi
