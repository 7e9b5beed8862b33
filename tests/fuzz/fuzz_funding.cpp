// Fuzz target: the funding engine's JSON (funds files, cost items, performance, options;
// docs/funding.md) through the C ABI, on the small test network.
//   input: one selector byte, then NUL-separated parts:
//     'c' hn_funds_check_json(funds, scheme "incubator" when part 2 is "s")
//     's' hn_funds_split_json(funds, items, options)
//     'p' hn_funds_payments_json(funds, performance, no scheme, options)
//     'k' hn_funds_cost_json(funds, performance, no scheme, options)
//     (any other byte: its value mod 4).
// Every call returns a status; a success returns valid JSON (fuzz_common.hpp checks it).
#include "fuzz_common.hpp"

using namespace hnfuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    int which = 0;
    switch (data[0]) {
        case 'c': which = 0; break;
        case 's': which = 1; break;
        case 'p': which = 2; break;
        case 'k': which = 3; break;
        default: which = data[0] % 4;
    }
    const auto p = split(data + 1, size - 1, 3);
    const char* funds = part(p, 0);
    const char* second = opt_part(p, 1);
    const char* options = opt_part(p, 2);
    const hn_network* net = small_network();

    text out;
    switch (which) {
        case 0: {
            const char* scheme = second && std::strcmp(second, "s") == 0 ? "incubator" : nullptr;
            ok_json(hn_funds_check_json(&out.p, net, funds, scheme), out.p, "hn_funds_check_json");
            break;
        }
        case 1: ok_json(hn_funds_split_json(&out.p, net, funds, second, options), out.p, "hn_funds_split_json"); break;
        case 2:
            ok_json(hn_funds_payments_json(&out.p, net, funds, second, nullptr, options), out.p, "hn_funds_payments_json");
            break;
        default: ok_json(hn_funds_cost_json(&out.p, net, funds, second, nullptr, options), out.p, "hn_funds_cost_json");
    }
    return 0;
}
