// The fast network JSON reader (private to src/io): simdjson's On-Demand API over the record
// sections, straight into the Network's vectors. It reads only documents it can read exactly
// as the reference reader (the nlohmann SAX reader of json.cpp) would, and declines
// everything else — a syntax error, a wrong type, a missing, unknown or repeated field, an
// unknown enum value, an integer written as 3.0, nested attribute values, a limit — so that
// the caller runs the reference reader, whose messages name the record and the field.
// Accepting means: the same Network as the reference reader's (tests/cpp/io/test_json_fast.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hatchnet/network.hpp"

namespace hatchnet::io::fastjson {

struct FastRead {
    Network net;            ///< the record sections (regions ... contracts), in file order
    std::string root;       ///< the document's other members (format, version, name, description,
                            ///< vocabulary, staffing) as a JSON object text, for the reference reader
    std::uint64_t captured = 0;  ///< nested values the reference reader counts against max_elements
};

/// Reads `text` into `out`; false when it declines (then `out` is unspecified). `capacity`:
/// the bytes readable from text.data(); at least text.size() + 64 (simdjson's padding) lets the
/// reader parse in place, less makes it copy the text first.
bool read_json_fast(std::string_view text, std::size_t capacity, FastRead& out);

// The simdjson kernel. The SIMD work of a read — simdjson's first stage, which validates the
// UTF-8 and indexes every structural character, and the unescaping of strings — runs in
// libsimdjson, which picks at run time the best kernel this CPU supports (icelake: AVX-512,
// haswell: AVX2, westmere: SSE4.2, or the portable fallback; on aarch64 arm64). Only the
// On-Demand walk over that index is compiled into this file, for the baseline target: nothing
// here needs more than baseline x86-64, and no function is compiled twice for two targets
// (docs/benchmarks.md, "Loading": compiling the walk for AVX2 measured no faster).
// simdjson's own SIMDJSON_FORCE_IMPLEMENTATION=<name> picks a kernel for a whole process.

/// The name of the kernel reads use now ("icelake", "haswell", "westmere", "arm64", "fallback").
std::string kernel();

/// For tests and benchmarks: the reads that follow, in the whole process, use kernel `name`;
/// false (nothing changes) when libsimdjson has no such kernel or this CPU cannot run it. Not
/// to be called while another thread reads.
bool use_kernel(std::string_view name);

}  // namespace hatchnet::io::fastjson
