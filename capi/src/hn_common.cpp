// C ABI: version, errors, memory.
#include "capi_internal.hpp"
#include "hatchnet/version.hpp"

static_assert(HN_VERSION_NUMBER == hatchnet::version_number, "hatchnet.h and version.hpp disagree");

namespace hatchnet::capi {
namespace {
thread_local std::string last_error;
}
void set_error(std::string msg) noexcept {
    try {
        last_error = std::move(msg);
    } catch (...) {
    }
}
void clear_error() noexcept { last_error.clear(); }

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
    }
    return "unknown";
}

}  // extern "C"
