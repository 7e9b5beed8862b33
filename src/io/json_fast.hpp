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

}  // namespace hatchnet::io::fastjson
