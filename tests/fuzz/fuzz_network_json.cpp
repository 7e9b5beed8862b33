// Fuzz target: the network JSON format (docs/data-format.md) through the C ABI.
//   input: a network JSON text (any bytes).
// Drives hn_network_load_json and hn_validate_json on the same text and checks that they
// agree (a text loads iff validation reports no error), that a loaded network saves in the
// canonical form (save -> load -> save gives the same bytes), re-validates without errors,
// and answers the graph queries (guidance parents/children, hops, incubators serving).
// The C ABI loads through the fast reader (simdjson, falling back to the reference reader);
// the same text through the reference reader alone must give the same outcome: the same
// canonical JSON, or the same errors (hatchnet/io/json.hpp, JsonReader). The fast path
// alone gives the same result (declined, or the same network) under simdjson's portable
// fallback kernel as under the SIMD kernel picked at run time.
#include "fuzz_common.hpp"

#include <exception>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "../../src/io/json_fast.hpp"  // the kernel switch (private to the library)

using namespace hnfuzz;

namespace {

std::string outcome(std::string_view text, hatchnet::io::JsonReader reader) {
    hatchnet::io::LoadOptions opt;
    opt.reader = reader;
    try {
        return "loaded\n" + hatchnet::io::save_json(hatchnet::io::load_json(text, opt));
    } catch (const hatchnet::validation_error& e) {
        std::string s = "refused\n";
        for (const auto* list : {&e.report().errors, &e.report().warnings})
            for (const auto& i : *list) s += i.code + "|" + i.record + "|" + i.field + "|" + i.message + "\n";
        return s;
    } catch (const std::exception& e) {
        return std::string("error\n") + e.what();
    }
}

/// The fast path alone (JsonReader::fast, unvalidated): the network it reads, or "declined".
/// Not read_json_fast's own result: the kernels split malformed text into tokens differently
/// (the fallback kernel reads `x"` as one bare word where the SIMD ones open a string), so a
/// root member may be declined under one and copied under the other for the reference SAX
/// reader to refuse (regressions/network_json/vocabulary-quote-inside-bare-word-fallback-kernel).
std::string fast_result(std::string_view text) {
    hatchnet::io::LoadOptions opt;
    opt.reader = hatchnet::io::JsonReader::fast;
    opt.validate = false;
    try {
        return hatchnet::io::save_json(hatchnet::io::load_json(text, opt));
    } catch (const hatchnet::validation_error&) {
        return "refused";  // the records read, refused by the checks every load makes
    } catch (const std::exception&) {
        return "declined";
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const char* text = reinterpret_cast<const char*>(data);

    {
        const std::string_view t(text, size);
        const std::string fast = outcome(t, hatchnet::io::JsonReader::automatic);
        const std::string reference = outcome(t, hatchnet::io::JsonReader::reference);
        if (fast != reference)
            fail("the fast and the reference JSON readers disagree",
                 "fast: " + fast.substr(0, 300) + "\nreference: " + reference.substr(0, 300));

        // the picked kernel against westmere (SSE4.2), and the fallback kernel, under which the
        // fast path declines everything (json_fast.cpp: it reads some malformed text as valid)
        static const std::string picked = hatchnet::io::fastjson::kernel();
        if (picked != "westmere" && hatchnet::io::fastjson::use_kernel("westmere")) {
            const std::string other = fast_result(t);
            if (!hatchnet::io::fastjson::use_kernel(picked)) fail("cannot return to the picked simdjson kernel");
            const std::string mine = fast_result(t);
            if (mine != other)
                fail("the picked and the westmere simdjson kernels disagree",
                     picked + ": " + mine.substr(0, 300) + "\nwestmere: " + other.substr(0, 300));
        }
        if (hatchnet::io::fastjson::use_kernel("fallback")) {
            const std::string portable = fast_result(t);
            if (!hatchnet::io::fastjson::use_kernel(picked)) fail("cannot return to the picked simdjson kernel");
            // ("refused": before any reader, e.g. a NUL byte)
            if (portable != "declined" && portable != "refused")
                fail("the fast path read a text under the fallback kernel", portable.substr(0, 300));
        }
    }

    hn_issue_list* issues = nullptr;
    const bool validated = ok(hn_validate_json(&issues, text, size), "hn_validate_json");
    if (validated && !issues) fail("hn_validate_json returned HN_OK and no list");
    std::size_t errors = validated ? hn_issue_list_error_count(issues) : 1;
    if (validated) {
        const std::size_t n = hn_issue_list_size(issues);
        HNFUZZ_CHECK(errors <= n, "");
        for (std::size_t i = 0; i < n; ++i) {
            hn_issue is = HN_ISSUE_INIT;
            ok(hn_issue_list_get(&is, issues, i), "hn_issue_list_get");
            HNFUZZ_CHECK(is.code && is.record && is.field && is.message, "");
            HNFUZZ_CHECK((is.is_warning != 0) == (i >= errors), "errors come first");
        }
    }
    hn_issue_list_free(issues);

    hn_network* net = nullptr;
    const bool loaded = ok(hn_network_load_json(&net, text, size), "hn_network_load_json");
    if (loaded != (errors == 0))
        fail("hn_network_load_json and hn_validate_json disagree",
             std::string("loaded=") + (loaded ? "yes" : "no") + " validation errors=" + std::to_string(errors) +
                 (loaded ? "" : std::string(" load error: ") + hn_last_error()));
    if (!loaded) {
        HNFUZZ_CHECK(net == nullptr, "failed load must leave *out untouched");
        return 0;
    }
    HNFUZZ_CHECK(net != nullptr, "");

    // canonical save -> load -> save
    char* t1 = nullptr;
    std::size_t n1 = 0;
    if (!ok(hn_network_to_json(&t1, &n1, net), "hn_network_to_json")) fail("a loaded network does not save", hn_last_error());
    check_json_out(t1, "hn_network_to_json");
    HNFUZZ_CHECK(std::strlen(t1) == n1, "");
    hn_network* again = nullptr;
    if (!ok(hn_network_load_json(&again, t1, n1), "hn_network_load_json(saved)"))
        fail("a saved network does not load back", hn_last_error());
    char* t2 = nullptr;
    std::size_t n2 = 0;
    ok(hn_network_to_json(&t2, &n2, again), "hn_network_to_json(again)");
    if (!t2 || n1 != n2 || std::memcmp(t1, t2, n1) != 0)
        fail("save -> load -> save is not byte-identical", std::string(t1).substr(0, 300));
    hn_free(t1);
    hn_free(t2);
    hn_network_free(again);

    // a loaded network has no validation errors
    issues = nullptr;
    if (ok(hn_network_validate(&issues, net), "hn_network_validate"))
        HNFUZZ_CHECK(hn_issue_list_error_count(issues) == 0, "a loaded network re-validates with errors");
    hn_issue_list_free(issues);

    // graph queries on the first and last nodes
    std::size_t nodes = 0, counts[HN_TIER_COUNT_ALL] = {};
    ok(hn_network_node_count(&nodes, net), "hn_network_node_count");
    ok(hn_network_count_by_tier_n(counts, HN_TIER_COUNT_ALL, net), "hn_network_count_by_tier_n");
    std::size_t total = 0;
    for (std::size_t c : counts) total += c;
    HNFUZZ_CHECK(total == nodes, "tier counts do not add up");
    if (nodes > 0) {
        hn_node_info first = HN_NODE_INFO_INIT, last = HN_NODE_INFO_INIT;
        ok(hn_network_node_at(&first, net, 0), "hn_network_node_at");
        ok(hn_network_node_at(&last, net, nodes - 1), "hn_network_node_at");
        hn_node_info found = HN_NODE_INFO_INIT;
        if (ok(hn_network_find_node(&found, net, last.id), "hn_network_find_node"))
            HNFUZZ_CHECK(found.index == nodes - 1, "find_node(id of node i) is not node i");
        int hops = 0;
        ok(hn_network_hops(&hops, net, first.id, last.id), "hn_network_hops");
        std::size_t* idx = nullptr;
        std::size_t n = 0;
        if (ok(hn_network_guidance_children(&idx, &n, net, first.id), "hn_network_guidance_children"))
            for (std::size_t i = 0; i < n; ++i) HNFUZZ_CHECK(idx[i] < nodes, "");
        hn_free(idx);
        idx = nullptr;
        if (ok(hn_network_guidance_parents(&idx, &n, net, last.id), "hn_network_guidance_parents"))
            for (std::size_t i = 0; i < n; ++i) HNFUZZ_CHECK(idx[i] < nodes, "");
        hn_free(idx);
        idx = nullptr;
        if (ok(hn_network_incubators_serving(&idx, &n, net, last.region), "hn_network_incubators_serving"))
            for (std::size_t i = 0; i < n; ++i) HNFUZZ_CHECK(idx[i] < nodes, "");
        hn_free(idx);
    }
    hn_network_free(net);
    return 0;
}
