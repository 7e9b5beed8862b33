// C ABI: version, errors, memory.
#include <algorithm>
#include <cstdint>
#include <iterator>

#include "capi_internal.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/version.hpp"

static_assert(HN_VERSION_NUMBER == hatchnet::version_number, "hatchnet.h and version.hpp disagree");

namespace hatchnet::capi {
namespace {
struct LastError {
    hn_status status = HN_OK;
    hn_io_reason io_reason = HN_IO_NONE;
    std::string message, record, field;
};
thread_local LastError last;
}  // namespace

void set_error(hn_status status, hn_io_reason io_reason, std::string message, std::string record,
               std::string field) noexcept {
    last.status = status;
    last.io_reason = status == HN_ERR_IO ? io_reason : HN_IO_NONE;
    // moves only: nothing here can throw
    last.message = std::move(message);
    last.record = std::move(record);
    last.field = std::move(field);
}

void clear_error() noexcept {
    last.status = HN_OK;
    last.io_reason = HN_IO_NONE;
    last.message.clear();
    last.record.clear();
    last.field.clear();
}

hn_status record_current_exception() noexcept {
    try {
        try {
            throw;
        } catch (const status_error& e) {
            set_error(e.status, HN_IO_NONE, printable_utf8(e.message), printable_utf8(e.record),
                      printable_utf8(e.field));
            return e.status;
        }
    } catch (...) {
        // everything else is classified once, for every surface (hatchnet/error.hpp)
        hatchnet::error_info info = hatchnet::describe_current_exception();
        const hn_status s = status_of(info.kind);
        set_error(s, io_reason_of(info.io_reason), std::move(info.message), std::move(info.record),
                  std::move(info.field));
        return s;
    }
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
const char* hn_last_error(void) { return hatchnet::capi::last.message.c_str(); }
const char* hn_last_error_record(void) { return hatchnet::capi::last.record.c_str(); }
const char* hn_last_error_field(void) { return hatchnet::capi::last.field.c_str(); }
hn_status hn_last_error_status(void) { return hatchnet::capi::last.status; }
hn_io_reason hn_last_error_io_reason(void) { return hatchnet::capi::last.io_reason; }

hn_status hn_last_error_info(hn_error_info* out) {
    // reads the last error: never records one of its own
    using hatchnet::capi::last;
    if (!out) return HN_ERR_NULL;
    size_t size = 0;
    std::memcpy(&size, out, sizeof size);
    constexpr size_t ends[] = {HN_FIELD_END(hn_error_info, status), HN_FIELD_END(hn_error_info, io_reason),
                               HN_FIELD_END(hn_error_info, message), HN_FIELD_END(hn_error_info, record),
                               HN_FIELD_END(hn_error_info, field)};
    if (size < ends[std::size(ends) - 1]) return HN_ERR_INVALID;
    hn_error_info v{};
    v.status = last.status;
    v.io_reason = last.io_reason;
    v.message = last.message.c_str();
    v.record = last.record.c_str();
    v.field = last.field.c_str();
    hatchnet::capi::put_sized(out, v, ends);
    return HN_OK;
}

hn_status hn_get_limit(uint64_t* out, hn_limit which_) {
    const int which = hatchnet::capi::enum_value(which_);  // any int may arrive
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
    const int which = hatchnet::capi::enum_value(which_);  // any int may arrive
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

const char* hn_status_name(hn_status status) {
    switch (hatchnet::capi::enum_value(status)) {
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
