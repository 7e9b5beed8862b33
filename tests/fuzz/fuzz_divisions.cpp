// Fuzz target: the NBS division-table CSV importer (C++ API: hatchnet::io::parse_divisions_csv;
// there is no C ABI entry point).
//   input: CSV text (RFC 4180; header `code,name,...` or positional NBS columns).
// Anything but hatchnet::input_error escaping is a finding; on success every region has a
// code of 2/4/6/9/12 digits, codes are unique, a kind is set and populations are >= 0.
#include <set>
#include <string>

#include "hatchnet/error.hpp"
#include "hatchnet/io/divisions.hpp"

#include "fuzz_common.hpp"

using namespace hnfuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<hatchnet::Region> regions;
    try {
        regions = hatchnet::io::parse_divisions_csv(text, "fuzz.csv");
    } catch (const hatchnet::input_error& e) {
        HNFUZZ_CHECK(*e.what() != '\0', "input_error without a message");
        return 0;
    }
    std::set<std::string> seen;
    for (const auto& r : regions) {
        const std::size_t n = r.code.size();
        HNFUZZ_CHECK(n == 2 || n == 4 || n == 6 || n == 9 || n == 12, "code length: " + r.code);
        for (char c : r.code) HNFUZZ_CHECK(c >= '0' && c <= '9', "code with a non-digit: " + r.code);
        HNFUZZ_CHECK(seen.insert(r.code).second, "duplicate code returned: " + r.code);
        HNFUZZ_CHECK(!r.kind.empty(), "no kind for " + r.code);
        HNFUZZ_CHECK(!r.population || *r.population >= 0, "negative population for " + r.code);
    }
    return 0;
}
