// hatchnet/limits.hpp — how much input hatchnet accepts before it refuses, process-wide.
//
// Every text entry point (files, JSON documents and options, DIMACS) and every count a caller
// can ask for (declared DIMACS sizes, solver node counts, generated requests and needs) is
// checked against these limits BEFORE anything is allocated for it, and refused with a
// hatchnet::limit_error that names the record and field. The defaults suit the largest
// shipped workloads (the national network, 1.2M organizations, is ~0.3 GB of JSON) with
// room to spare; a caller who needs more raises them:
//
//     auto l = hatchnet::limits();
//     l.max_input_bytes = std::uint64_t(8) << 30;
//     hatchnet::set_limits(l);
//
// The environment variables HATCHNET_MAX_INPUT_BYTES, HATCHNET_MAX_JSON_DEPTH and
// HATCHNET_MAX_ELEMENTS set the starting values (read once, at first use). The C ABI has
// hn_get_limit / hn_set_limit; Python hatchnet.get_limits() / hatchnet.set_limits().
// The limits are atomics: reading them is thread-safe; set them before starting threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hatchnet {

struct Limits {
    /// Bytes of text read from one file or given as one document (after gunzip).
    std::uint64_t max_input_bytes = std::uint64_t(1) << 30;  // 1 GiB
    /// Nesting of arrays and objects in any JSON document hatchnet parses or keeps
    /// (at most 1000: deeper can overflow a thread's stack in recursive consumers).
    std::uint32_t max_json_depth = 128;
    /// Any declared or requested count: DIMACS nodes and arcs, solver nodes and arcs,
    /// generated requests, needs or organizations, rows of an evaluation.
    std::uint64_t max_elements = 10'000'000;
};

/// The limits in force.
Limits limits() noexcept;
/// Replace the limits in force; throws input_error on a zero limit, a depth over 1000, or a
/// byte or element limit over 2^62.
void set_limits(const Limits& l);

/// Throw limit_error(record, field, ...) when `n` exceeds max_elements.
void check_count(std::uint64_t n, const std::string& record, const std::string& field);
/// Throw limit_error(record, "", ...) when `bytes` exceeds max_input_bytes.
void check_input_size(std::uint64_t bytes, const std::string& record);
/// Throw limit_error(record, "", ...) when the JSON text nests deeper than max_json_depth, and
/// input_error on a raw NUL byte (a parser would stop there and ignore the rest). A linear
/// scan that understands strings and escapes; it does not validate the syntax.
void check_json_depth(std::string_view text, const std::string& record);
/// check_input_size, check_json_depth, and a bound on the number of values the document
/// would hold once parsed (4 x max_elements): what every JSON entry point calls first, so
/// that no document can nest, hide a NUL or amplify into more memory than the limits allow.
void check_json_text(std::string_view text, const std::string& record);
/// Throw input_error(record, field, ...) unless `text` is valid UTF-8 without NUL bytes: for
/// strings a record keeps and later writes as JSON (a ledger's notes, outcomes, timestamps),
/// so that what was accepted can always be saved.
void check_utf8(std::string_view text, const std::string& record, const std::string& field);

}  // namespace hatchnet
