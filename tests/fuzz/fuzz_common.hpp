// Shared helpers of the libFuzzer targets in tests/fuzz (see README.md there).
//
// A target reports a finding by aborting (libFuzzer then saves the input as crash-*):
//  - the C ABI returned HN_ERR_INTERNAL (an exception that is not bad input reached the
//    firewall: a bug by the header's own definition) or HN_ERR_NOMEM (a 64 KiB input should
//    never exhaust memory; under ASan a runaway allocation usually aborts earlier anyway);
//  - a C ABI call broke its documented contract (failed without a message, left an out
//    parameter set on failure, returned OK without output, produced text that is not JSON);
//  - a C++ entry point threw anything but hatchnet::input_error;
//  - a documented invariant failed (canonical save -> load -> save, flow conservation, ...).
// Sanitizer reports, timeouts (-timeout) and memory limits (-rss_limit_mb, -malloc_limit_mb)
// are reported by libFuzzer itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hatchnet/hatchnet.h"

namespace hnfuzz {

[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "\n==hatchnet-fuzz== FINDING: %s\n", what);
    if (!detail.empty()) std::fprintf(stderr, "==hatchnet-fuzz== %s\n", detail.c_str());
    std::fflush(stderr);
    std::abort();
}

#define HNFUZZ_CHECK(cond, detail)                                                        \
    do {                                                                                  \
        if (!(cond)) ::hnfuzz::fail("check failed: " #cond " (" __FILE__ ":" HNFUZZ_STR(__LINE__) ")", (detail)); \
    } while (0)
#define HNFUZZ_STR2(x) #x
#define HNFUZZ_STR(x) HNFUZZ_STR2(x)

/// The input split at NUL bytes into at most `max_parts` texts (the last keeps any further
/// NULs replaced by nothing). A C string cannot hold a NUL, so NUL is the natural separator
/// between the JSON texts of one call (needs \0 resources \0 options).
inline std::vector<std::string> split(const std::uint8_t* data, std::size_t size, std::size_t max_parts) {
    std::vector<std::string> parts(1);
    for (std::size_t i = 0; i < size; ++i) {
        const char c = static_cast<char>(data[i]);
        if (c == '\0') {
            if (parts.size() < max_parts) parts.emplace_back();
            continue;
        }
        parts.back().push_back(c);
    }
    return parts;
}

/// A part, or NULL when it is absent or empty ("use the default" for optional arguments).
inline const char* opt_part(const std::vector<std::string>& p, std::size_t i) {
    return i < p.size() && !p[i].empty() ? p[i].c_str() : nullptr;
}
inline const char* part(const std::vector<std::string>& p, std::size_t i) {
    return i < p.size() ? p[i].c_str() : "";
}

/// Checks the status of a C ABI call. The targets pass text, never paths, NULLs where they
/// are not allowed, or indexes out of range, so the only acceptable failures are bad input
/// (HN_ERR_INVALID), input over a configured limit (HN_ERR_LIMIT, "limit") and an unknown id
/// (HN_ERR_NOT_FOUND), each with a message. Anything else — HN_ERR_INTERNAL above all, but
/// also NOMEM, IO, NULL, RANGE (a std::out_of_range from the inside) — is a finding.
/// Returns true on HN_OK.
inline bool ok(hn_status s, const char* call) {
    if (s == HN_OK) return true;
    const char* msg = hn_last_error();
    const bool refused = s == HN_ERR_INVALID || s == HN_ERR_NOT_FOUND ||
                         std::strcmp(hn_status_name(s), "limit") == 0;   // by name: newer headers
    if (!refused)
        fail((std::string(call) + " returned " + hn_status_name(s)).c_str(), msg ? msg : "");
    if (!msg || !*msg) fail((std::string(call) + " failed without a message").c_str());
    return false;
}

/// Checks a JSON text the library handed out (status OK): present, NUL-terminated, parses.
inline void check_json_out(const char* text, const char* call) {
    if (!text) fail((std::string(call) + " returned HN_OK and a NULL text").c_str());
    if (!nlohmann::json::accept(text))
        fail((std::string(call) + " produced text that is not JSON").c_str(), std::string(text).substr(0, 400));
}

/// The call's status, its text output checked: OK → valid JSON; failure → out left NULL.
inline bool ok_json(hn_status s, char* text, const char* call) {
    if (ok(s, call)) {
        check_json_out(text, call);
        return true;
    }
    if (text) fail((std::string(call) + " failed but left its out parameter set").c_str());
    return false;
}

/// Process set-up, before the first input: tighter input limits than the library's defaults
/// (hatchnet/limits.hpp reads them from the environment at first use), so that a huge
/// declared or requested count is refused in microseconds instead of being legitimately
/// slow; anything that still allocates or loops in proportion to such a count has escaped
/// the limit checks and shows up as an OOM or a timeout. Variables already set win.
inline void setup() {
    setenv("HATCHNET_MAX_ELEMENTS", "20000", 0);
}

/// The small hand-made network of the tests (tests/data/small.json), loaded once: cheap
/// iterations, and every id of the seed corpora resolves in it.
inline const hn_network* small_network() {
    static const hn_network* net = [] {
        hn_network* n = nullptr;
        const char* path = std::getenv("HATCHNET_FUZZ_NETWORK");
        if (!path || !*path) path = HATCHNET_FUZZ_SMALL_NETWORK;
        if (hn_network_load_json_file(&n, path) != HN_OK) {
            std::fprintf(stderr, "cannot load %s: %s\n", path, hn_last_error());
            std::abort();
        }
        return n;   // kept for the life of the process (not a leak: still reachable)
    }();
    return net;
}

/// RAII for library-owned strings.
struct text {
    char* p = nullptr;
    ~text() { hn_free(p); }
    text() = default;
    text(const text&) = delete;
    text& operator=(const text&) = delete;
    void reset() { hn_free(p); p = nullptr; }
};

}  // namespace hnfuzz

// Every target includes this header once: libFuzzer calls this before the first input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    hnfuzz::setup();
    return 0;
}
