// C ABI: version, errors, memory.
#include <algorithm>
#include <cstdint>

#include "capi_internal.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/version.hpp"

static_assert(HN_VERSION_NUMBER == hatchnet::version_number, "hatchnet.h and version.hpp disagree");

namespace hatchnet::capi {
namespace {
thread_local std::string last_error, last_record, last_field;
}
void set_error(std::string msg) noexcept {
    try {
        last_error = std::move(msg);
        last_record.clear();
        last_field.clear();
    } catch (...) {
    }
}
void set_error_where(const std::string& record, const std::string& field) noexcept {
    try {
        last_record = record;
        last_field = field;
    } catch (...) {
    }
}
void clear_error() noexcept {
    last_error.clear();
    last_record.clear();
    last_field.clear();
}

char* dup_string(std::string_view s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}
}  // namespace hatchnet::capi

extern "C" {

int hn_version_number(void) { return HN_VERSION_NUMBER; }
const char* hn_version_string(void) { return HN_VERSION_STRING; }
const char* hn_last_error(void) { return hatchnet::capi::last_error.c_str(); }
const char* hn_last_error_record(void) { return hatchnet::capi::last_record.c_str(); }
const char* hn_last_error_field(void) { return hatchnet::capi::last_field.c_str(); }

namespace {
// A caller may pass any int as an hn_limit: read it as an int (loading an out-of-range value
// as the enum type is undefined behaviour in C++).
static_assert(sizeof(hn_limit) == sizeof(int), "hn_limit is an int-sized C enum");
int limit_number(const hn_limit& which) {
    int w = 0;
    std::memcpy(&w, &which, sizeof w);
    return w;
}
}  // namespace

hn_status hn_get_limit(uint64_t* out, hn_limit which_) {
    const int which = limit_number(which_);
    return hatchnet::capi::guard([&] {
        hatchnet::capi::need(out, "out");
        const auto l = hatchnet::limits();
        switch (which) {
            case HN_LIMIT_INPUT_BYTES: *out = l.max_input_bytes; return;
            case HN_LIMIT_JSON_DEPTH: *out = l.max_json_depth; return;
            case HN_LIMIT_ELEMENTS: *out = l.max_elements; return;
        }
        throw hatchnet::capi::status_error{HN_ERR_RANGE, "unknown limit " + std::to_string(int(which))};
    });
}

hn_status hn_set_limit(hn_limit which_, uint64_t value) {
    const int which = limit_number(which_);
    return hatchnet::capi::guard([&] {
        auto l = hatchnet::limits();
        switch (which) {
            case HN_LIMIT_INPUT_BYTES: l.max_input_bytes = value; break;
            case HN_LIMIT_JSON_DEPTH:
                // set_limits refuses a depth over its ceiling; keep the value from wrapping first
                l.max_json_depth = static_cast<std::uint32_t>(std::min<uint64_t>(value, UINT32_MAX));
                break;
            case HN_LIMIT_ELEMENTS: l.max_elements = value; break;
            default: throw hatchnet::capi::status_error{HN_ERR_RANGE, "unknown limit " + std::to_string(int(which))};
        }
        hatchnet::set_limits(l);
    });
}
void hn_free(void* p) { std::free(p); }

const char* hn_status_name(hn_status s) {
    switch (s) {
        case HN_OK: return "ok";
        case HN_ERR_INVALID: return "invalid";
        case HN_ERR_NOT_FOUND: return "not_found";
        case HN_ERR_IO: return "io";
        case HN_ERR_NOMEM: return "nomem";
        case HN_ERR_INTERNAL: return "internal";
        case HN_ERR_NULL: return "null";
        case HN_ERR_RANGE: return "range";
        case HN_ERR_LIMIT: return "limit";
    }
    return "unknown";
}

}  // extern "C"
