// Process-wide input limits (hatchnet/limits.hpp) and the one classification of exceptions
// that the C ABI, the Python module and the CLI share (hatchnet/error.hpp).
#include "hatchnet/limits.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/progress.hpp"
#include "hatchnet/validate.hpp"

#include "../detail/lines.hpp"

namespace hatchnet {

namespace {

std::uint64_t env_or(const char* name, std::uint64_t def) {
    const char* v = std::getenv(name);
    if (!v || !*v) return def;
    char* end = nullptr;
    unsigned long long x = std::strtoull(v, &end, 10);
    return (end && *end == '\0' && x > 0) ? x : def;
}

// Ceilings on the limits themselves: recursive consumers (nlohmann's dump and copy) overflow
// the stack past some depth — 60,000 levels on an 8 MiB stack in a release build, 10,000
// under AddressSanitizer, fewer on a thread's smaller stack — so at most 1000; and byte or
// element counts past 2^62 would overflow the arithmetic that uses them.
constexpr std::uint32_t max_depth_ceiling = 1000;
constexpr std::uint64_t max_count_ceiling = std::uint64_t(1) << 62;

struct State {
    std::atomic<std::uint64_t> input_bytes, elements;
    std::atomic<std::uint32_t> depth;
    State() {
        const Limits d;
        input_bytes = std::min(env_or("HATCHNET_MAX_INPUT_BYTES", d.max_input_bytes), max_count_ceiling);
        elements = std::min(env_or("HATCHNET_MAX_ELEMENTS", d.max_elements), max_count_ceiling);
        depth = static_cast<std::uint32_t>(
            std::min<std::uint64_t>(env_or("HATCHNET_MAX_JSON_DEPTH", d.max_json_depth), max_depth_ceiling));
    }
};

State& state() {
    static State s;
    return s;
}

std::string with_units(std::uint64_t n) { return std::to_string(n); }

}  // namespace

Limits limits() noexcept {
    auto& s = state();
    Limits l;
    l.max_input_bytes = s.input_bytes.load(std::memory_order_relaxed);
    l.max_json_depth = s.depth.load(std::memory_order_relaxed);
    l.max_elements = s.elements.load(std::memory_order_relaxed);
    return l;
}

void set_limits(const Limits& l) {
    if (l.max_input_bytes == 0) throw input_error("limits", "max_input_bytes", "must be positive");
    if (l.max_json_depth == 0) throw input_error("limits", "max_json_depth", "must be positive");
    if (l.max_json_depth > max_depth_ceiling)
        throw input_error("limits", "max_json_depth",
                          "must be at most " + std::to_string(max_depth_ceiling) + " (deeper overflows the stack)");
    if (l.max_elements == 0) throw input_error("limits", "max_elements", "must be positive");
    if (l.max_input_bytes > max_count_ceiling) throw input_error("limits", "max_input_bytes", "must be at most 2^62");
    if (l.max_elements > max_count_ceiling) throw input_error("limits", "max_elements", "must be at most 2^62");
    auto& s = state();
    s.input_bytes = l.max_input_bytes;
    s.depth = l.max_json_depth;
    s.elements = l.max_elements;
}

void check_count(std::uint64_t n, const std::string& record, const std::string& field) {
    const auto lim = state().elements.load(std::memory_order_relaxed);
    if (n > lim)
        throw limit_error(record, field,
                          with_units(n) + " exceeds the limit of " + with_units(lim) +
                              " elements (raise max_elements to allow it)");
}

void check_input_size(std::uint64_t bytes, const std::string& record) {
    const auto lim = state().input_bytes.load(std::memory_order_relaxed);
    if (bytes > lim)
        throw limit_error(record, "",
                          "input larger than the limit of " + with_units(lim) +
                              " bytes (raise max_input_bytes to allow it)");
}

namespace {

/// One linear pass over JSON text that understands strings and escapes: the nesting depth,
/// raw NUL bytes (never valid JSON; a parser would stop at one and ignore the rest) and,
/// when `max_values` is set, an upper bound on the number of values (containers + commas).
void scan_json(std::string_view text, const std::string& record, std::uint64_t max_values) {
    const std::uint32_t lim = state().depth.load(std::memory_order_relaxed);
    std::uint32_t depth = 0;
    std::uint64_t values = 1;
    bool in_string = false;
    const char* p = text.data();
    const char* e = p + text.size();
    auto line = [&] { return std::to_string(detail::line_of(text, std::size_t(p - text.data()))); };
    for (; p < e; ++p) {
        const char c = *p;
        if (c == '\0')
            throw input_error(record, "", "a NUL byte at line " + line() + " (not JSON text)");
        if (in_string) {
            if (c == '\\') {
                if (p + 1 < e && p[1] == '\0') continue;  // reported on the next turn
                ++p;                                      // skip the escaped character
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '[':
            case '{':
                ++values;
                if (++depth > lim)
                    throw limit_error(record, "",
                                      "JSON nested deeper than the limit of " + std::to_string(lim) +
                                          " levels at line " + line() +
                                          " (raise max_json_depth to allow it)");
                break;
            case ']':
            case '}':
                if (depth) --depth;
                break;
            case ',': ++values; break;
            default: break;
        }
    }
    if (max_values && values > max_values)
        throw limit_error(record, "",
                          "about " + std::to_string(values) + " JSON values exceed the limit of " +
                              std::to_string(max_values) + " (raise max_elements to allow it)");
}

}  // namespace

void check_json_depth(std::string_view text, const std::string& record) { scan_json(text, record, 0); }

void check_json_text(std::string_view text, const std::string& record) {
    check_input_size(text.size(), record);
    // a parsed document holds ~50-100 bytes per value: bound it by the element limit (x4,
    // since a record of several fields is one element of what a caller asks for)
    const std::uint64_t elems = state().elements.load(std::memory_order_relaxed);
    scan_json(text, record, elems > max_count_ceiling / 4 ? max_count_ceiling : elems * 4);
}

namespace {

/// nlohmann's messages start with "[json.exception.type_error.302] "; users need the rest.
std::string strip_json_prefix(const char* what) {
    std::string s = what;
    if (s.rfind("[json.exception.", 0) == 0)
        if (auto p = s.find("] "); p != std::string::npos) s.erase(0, p + 2);
    return s;
}

}  // namespace

void check_utf8(std::string_view text, const std::string& record, const std::string& field) {
    if (text.find('\0') == std::string_view::npos && printable_utf8(text) == text) return;
    throw input_error(record, field, "not valid UTF-8 text: '" + printable_utf8(text.substr(0, 60)) + "'");
}

std::string printable_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned c = p[i];
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= n;
        for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
        if (ok && len > 1) {
            // no overlong forms, no surrogates, nothing above U+10FFFF
            std::uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
            for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
            ok = (len == 2 && cp >= 0x80) || (len == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) ||
                 (len == 4 && cp >= 0x10000 && cp <= 0x10FFFF);
        }
        if (ok && c == 0) {
            out += "\\u0000";  // a C string would end here
            ++i;
        } else if (ok) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

namespace {

error_info info_of(error_kind k, std::string message, std::string record = {}, std::string field = {}) {
    error_info i;
    i.kind = k;
    i.message = std::move(message);
    i.record = std::move(record);
    i.field = std::move(field);
    return i;
}

}  // namespace

error_info describe_current_exception() noexcept {
    error_info info;
    try {
        try {
            throw;
        } catch (const limit_error& e) {
            info = info_of(error_kind::limit, e.what(), e.record(), e.field());
        } catch (const validation_error& e) {
            // a load or validation with many problems: where is the first one
            const auto& errs = e.report().errors;
            info = errs.empty() ? info_of(error_kind::invalid, e.what())
                                : info_of(error_kind::invalid, e.what(), errs.front().record, errs.front().field);
        } catch (const io_error& e) {
            info = info_of(error_kind::io, e.what(), e.record(), e.field());
            info.io_reason = e.why();
        } catch (const input_error& e) {
            info = info_of(error_kind::invalid, e.what(), e.record(), e.field());
        } catch (const interrupted& e) {
            info = info_of(error_kind::interrupted, e.what());
        } catch (const std::invalid_argument& e) {
            info = info_of(error_kind::invalid, e.what());
        } catch (const std::out_of_range& e) {
            info = info_of(error_kind::range, e.what());
        } catch (const std::length_error& e) {
            info = info_of(error_kind::limit, std::string("too large: ") + e.what());
        } catch (const std::bad_alloc&) {
            info = info_of(error_kind::nomem, "out of memory");
        } catch (const nlohmann::json::exception& e) {
            info = info_of(error_kind::invalid, strip_json_prefix(e.what()));
        } catch (const std::exception& e) {
            info = info_of(error_kind::internal, std::string("internal error: ") + e.what());
        } catch (...) {
            info = info_of(error_kind::internal, "internal error: unknown exception");
        }
        info.message = printable_utf8(info.message);
        info.record = printable_utf8(info.record);
        info.field = printable_utf8(info.field);
    } catch (...) {
        info.kind = error_kind::nomem;  // copying a message failed
        info.message.clear();
    }
    if (info.message.empty()) info.message = info.kind == error_kind::nomem ? "out of memory" : "invalid input";
    return info;
}

}  // namespace hatchnet
