// Internal helpers of the C ABI: the exception firewall, the thread-local error message,
// allocation of caller-owned buffers. Every extern "C" body runs inside guard().
#pragma once

#include <cstddef>
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

// A network handle is immutable once made: the Network's lazy id index is built here, on the
// creating thread, so that concurrent lookups afterwards only read it (docs/c-api.md,
// "Threading").
// The frozen graph is shared (not copied) with every router and matcher made from the network:
// they keep `shared_graph` and so the network alive after hn_network_free.
struct hn_network {
    std::shared_ptr<const hatchnet::Network> net;
    std::shared_ptr<const hatchnet::Graph> shared_graph;
    const hatchnet::Graph& graph;
    explicit hn_network(hatchnet::Network n)
        : net(std::make_shared<const hatchnet::Network>(std::move(n))),
          shared_graph(std::make_shared<const hatchnet::Graph>(net)), graph(*shared_graph) {
        (void)net->node_index({});
    }
    hn_network(const hn_network&) = delete;
    hn_network& operator=(const hn_network&) = delete;
};

namespace hatchnet::capi {

/// The thread's last error: what hn_last_error*() read. `io_reason` is HN_IO_NONE unless
/// `status` is HN_ERR_IO.
void set_error(hn_status status, hn_io_reason io_reason, std::string message, std::string record = {},
               std::string field = {}) noexcept;
void clear_error() noexcept;

constexpr hn_io_reason io_reason_of(hatchnet::io_error::reason r) noexcept {
    switch (r) {
        case hatchnet::io_error::reason::not_found: return HN_IO_NOT_FOUND;
        case hatchnet::io_error::reason::is_directory: return HN_IO_IS_DIRECTORY;
        case hatchnet::io_error::reason::other: return HN_IO_OTHER;
    }
    return HN_IO_OTHER;
}

constexpr hn_status status_of(hatchnet::error_kind k) noexcept {
    switch (k) {
        case hatchnet::error_kind::invalid: return HN_ERR_INVALID;
        case hatchnet::error_kind::io: return HN_ERR_IO;
        case hatchnet::error_kind::limit: return HN_ERR_LIMIT;
        case hatchnet::error_kind::nomem: return HN_ERR_NOMEM;
        case hatchnet::error_kind::range: return HN_ERR_RANGE;
        case hatchnet::error_kind::internal: return HN_ERR_INTERNAL;
        // no C entry point takes a progress callback, so nothing can stop a C call
        case hatchnet::error_kind::interrupted: return HN_ERR_INTERNAL;
    }
    return HN_ERR_INTERNAL;
}

/// Thrown inside a guarded body to return a specific status with a message (and, when the
/// error names them, the record and field).
struct status_error {
    hn_status status;
    std::string message;
    std::string record = {}, field = {};
};

/// The status and last error of the exception being handled (call inside a catch block).
hn_status record_current_exception() noexcept;

/// The exception firewall: runs `body`, records any exception as the thread's last error
/// (status, I/O reason, message, record, field: all from the exception object, never parsed
/// out of a message) and returns its status.
template <class F>
hn_status guard(F&& body) noexcept {
    try {
        clear_error();
        body();
        return HN_OK;
    } catch (...) {
        return record_current_exception();
    }
}

/// A C enum argument as the int the caller passed: any int may arrive, and loading a value
/// outside the enumerators' range as the enum type is undefined behaviour in C++.
template <class E>
int enum_value(const E& e) noexcept {
    static_assert(sizeof(E) == sizeof(int), "an int-sized C enum");
    int v = 0;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

/// Refuse NULL for a required pointer argument.
inline void need(const void* p, const char* name) {
    if (!p) throw status_error{HN_ERR_NULL, std::string("argument '") + name + "' must not be NULL", "argument", name};
}

/// The text of a `const char *text, size_t len` pair, for every such parameter: NULL refused
/// (HN_ERR_NULL naming `name`), len == HN_NUL_TERMINATED meaning "up to the NUL" (strlen).
inline std::string_view text_arg(const char* text, size_t len, const char* name) {
    need(text, name);
    return std::string_view(text, len == HN_NUL_TERMINATED ? std::strlen(text) : len);
}

/// A caller's size-versioned struct (`size_t size` first): refuse a NULL pointer or a size
/// below the struct's first version (`v1_size`), reading the size without writing anything.
template <class T>
void check_sized(const T* out, size_t v1_size, const char* name) {
    need(out, name);
    size_t size = 0;
    std::memcpy(&size, out, sizeof size);
    if (size < v1_size)
        throw status_error{HN_ERR_INVALID,
                           std::string("argument '") + name + "': field 'size' is " + std::to_string(size) +
                               ", smaller than the " + std::to_string(v1_size) +
                               " bytes of the struct's first version (set it to sizeof the struct)",
                           std::string("argument ") + name, "size"};
}

/// Write `value` into the caller's size-versioned struct: only the fields that end within the
/// caller's `size` (`field_ends`: offsetof + sizeof of each field after `size`); the caller's
/// `size` and everything beyond the last whole field are left as they were.
template <class T, size_t N>
void put_sized(T* out, const T& value, const size_t (&field_ends)[N]) {
    size_t size = 0;
    std::memcpy(&size, out, sizeof size);
    size_t end = sizeof(size_t);
    for (size_t e : field_ends)
        if (e <= size && e > end) end = e;
    std::memcpy(reinterpret_cast<char*>(out) + sizeof(size_t), reinterpret_cast<const char*>(&value) + sizeof(size_t),
                end - sizeof(size_t));
}
#define HN_FIELD_END(T, f) (offsetof(T, f) + sizeof(static_cast<T*>(nullptr)->f))

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
