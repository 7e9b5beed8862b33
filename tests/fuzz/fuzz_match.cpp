// Fuzz target: the needs/resources matcher (docs/algorithms/matching.md) through the C ABI,
// on the small test network.
//   input: needs JSON \0 resources JSON \0 options JSON (empty options: the defaults).
// Drives hn_match_json, then a kept hn_matcher on the same data: its first run must agree
// with hn_match_json (status and summary), and a re-run after changing the first need's
// quantity and the first resource's capacity must succeed and give valid JSON.
#include "fuzz_common.hpp"

using namespace hnfuzz;
using nlohmann::json;

namespace {

// The id of the first element of a needs/resources text (array or {"<key>": [...]}), or "".
std::string first_id(const std::string& text, const char* key) {
    json j = json::parse(text, nullptr, false);
    if (j.is_object() && j.contains(key)) j = j[key];
    if (!j.is_array() || j.empty() || !j[0].is_object()) return {};
    auto it = j[0].find("id");
    return it != j[0].end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto p = split(data, size, 3);
    const hn_network* net = small_network();
    const char* needs = part(p, 0);
    const char* resources = part(p, 1);
    const char* options = opt_part(p, 2);

    text once;
    const bool matched = ok_json(hn_match_json(&once.p, net, needs, resources, options), once.p, "hn_match_json");

    // A kept matcher accepts what hn_match_json accepts; its first run agrees with it (solver
    // refusals, e.g. an objective that would overflow, come from the run in both cases).
    hn_matcher* m = nullptr;
    const bool created = ok(hn_matcher_create(&m, net, needs, resources, options), "hn_matcher_create");
    if (matched && !created) fail("hn_match_json accepts what hn_matcher_create refuses", hn_last_error());
    if (!created) {
        HNFUZZ_CHECK(m == nullptr, "failed create must leave *out untouched");
        return 0;
    }
    text first;
    hn_solve_status st{};
    const bool ran = ok_json(hn_matcher_run(&first.p, &st, m), first.p, "hn_matcher_run");
    if (ran != matched)
        fail("hn_match_json and a new matcher's first run disagree", matched ? hn_last_error() : "");
    if (ran) {
        const json a = json::parse(once.p), b = json::parse(first.p);
        const json sa = a.value("status", json()), sb = b.value("status", json());
        if (sa == "optimal" && sb == "optimal")
            HNFUZZ_CHECK(a.value("summary", json()) == b.value("summary", json()),
                         "matcher and hn_match_json: summary " + a.value("summary", json()).dump() + " vs " +
                             b.value("summary", json()).dump());
        else if (sa != sb && sa != "time_limit" && sb != "time_limit")
            fail("matcher and hn_match_json: status", sa.dump() + " vs " + sb.dump());
        // re-match after changes (warm when there is no fairness)
        const std::string need = first_id(needs, "needs"), res = first_id(resources, "resources");
        if (!need.empty()) ok(hn_matcher_set_need_quantity(m, need.c_str(), static_cast<int64_t>(size % 4)),
                              "hn_matcher_set_need_quantity");
        if (!res.empty()) ok(hn_matcher_set_resource_capacity(m, res.c_str(), static_cast<int64_t>(size % 3)),
                             "hn_matcher_set_resource_capacity");
        text again;
        ok_json(hn_matcher_run(&again.p, &st, m), again.p, "hn_matcher_run (re-run)");
    }
    hn_matcher_free(m);
    return 0;
}
