// Fuzz target: network evaluation (docs/evaluation.md) through the C ABI, on the small test
// network.
//   input: scheme JSON \0 data JSON (indicators and ratings; empty: generated)
//          \0 options JSON (empty: defaults) [\0 incubator id: a disclosure report instead].
// A scheme that is not a JSON object is replaced by the shipped "incubator" scheme: the C ABI
// reads any other text as a file path, which a fuzzer must not explore.
// Drives hn_evaluate_network (and, for every fourth input, hn_evaluate_network_scores, whose
// scored network must save and load back), or hn_evaluate_disclosure as JSON or HTML.
#include "fuzz_common.hpp"

using namespace hnfuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto p = split(data, size, 4);
    const hn_network* net = small_network();
    std::string scheme = part(p, 0);
    const auto first = scheme.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || scheme[first] != '{')
        scheme = scheme == "mca_1000" ? "mca_1000" : "incubator";
    const char* ratings = opt_part(p, 1);
    const char* options = opt_part(p, 2);

    if (p.size() >= 4) {
        const int html = static_cast<int>(size & 1);
        text report;
        const hn_status s =
            hn_evaluate_disclosure(&report.p, net, scheme.c_str(), ratings, options, part(p, 3), html);
        if (html) {
            if (ok(s, "hn_evaluate_disclosure(html)"))
                HNFUZZ_CHECK(report.p && std::strstr(report.p, "<html") != nullptr, "disclosure HTML");
            else
                HNFUZZ_CHECK(report.p == nullptr, "failed call left its out parameter set");
        } else {
            ok_json(s, report.p, "hn_evaluate_disclosure(json)");
        }
        return 0;
    }

    text result;
    const bool evaluated =
        ok_json(hn_evaluate_network(&result.p, net, scheme.c_str(), ratings, options), result.p, "hn_evaluate_network");
    if (evaluated && size % 4 == 0) {
        hn_network* scored = nullptr;
        if (!ok(hn_evaluate_network_scores(&scored, net, scheme.c_str(), ratings, options),
                "hn_evaluate_network_scores"))
            fail("hn_evaluate_network accepts what hn_evaluate_network_scores refuses", hn_last_error());
        char* t = nullptr;
        std::size_t n = 0;
        if (ok(hn_network_to_json(&t, &n, scored), "hn_network_to_json(scored)")) {
            hn_network* back = nullptr;
            if (!ok(hn_network_load_json(&back, t, n), "hn_network_load_json(scored)"))
                fail("the scored network does not load back", hn_last_error());
            hn_network_free(back);
        }
        hn_free(t);
        hn_network_free(scored);
    }
    return 0;
}
