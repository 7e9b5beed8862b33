// Fuzz target: coverage, balance and planning options (docs/algorithms/coverage.md) through
// the C ABI, on the small test network.
//   input: one selector byte, then the options JSON (empty: the defaults):
//     'c' hn_coverage_json   'b' hn_balance_json   'p' hn_plan_json
//     's' hn_scenario_json   'a' hn_apply_plan_json   'm' hn_sameness_json
//     (any other byte: its value mod 5).
// The planned network hn_apply_plan_json returns must load back as a valid network.
#include "fuzz_common.hpp"

using namespace hnfuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    int which = 0;
    switch (data[0]) {
        case 'c': which = 0; break;
        case 'b': which = 1; break;
        case 'p': which = 2; break;
        case 's': which = 3; break;
        case 'a': which = 4; break;
        case 'm': which = 5; break;
        default: which = data[0] % 5;
    }
    const auto p = split(data + 1, size - 1, 1);
    const char* options = opt_part(p, 0);
    const hn_network* net = small_network();

    text out;
    switch (which) {
        case 0: ok_json(hn_coverage_json(&out.p, net, options), out.p, "hn_coverage_json"); break;
        case 1: ok_json(hn_balance_json(&out.p, net, options), out.p, "hn_balance_json"); break;
        case 2: ok_json(hn_plan_json(&out.p, net, options), out.p, "hn_plan_json"); break;
        case 3: ok_json(hn_scenario_json(&out.p, net, options), out.p, "hn_scenario_json"); break;
        case 5: ok_json(hn_sameness_json(&out.p, net, options), out.p, "hn_sameness_json"); break;
        default:
            if (ok_json(hn_apply_plan_json(&out.p, net, options), out.p, "hn_apply_plan_json")) {
                hn_network* planned = nullptr;
                if (!ok(hn_network_load_json(&planned, out.p, std::strlen(out.p)), "hn_network_load_json(planned)"))
                    fail("the planned network does not load", hn_last_error());
                hn_network_free(planned);
            }
    }
    return 0;
}
