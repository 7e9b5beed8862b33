// Fuzz target: referral routing (docs/algorithms/referral.md) through the C ABI, on the
// small test network.
//   input: request JSON (an object, or an array / {"requests": [...]} for a batch)
//          \0 policy JSON (empty: the documented default).
// Drives hn_refer_json and hn_refer_batch_json with the policy, and an hn_router made from
// it: the router gives the same bytes as hn_refer_json, and its canonical policy makes a
// router with the same canonical policy (policy round trip).
#include "fuzz_common.hpp"

using namespace hnfuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto p = split(data, size, 2);
    const hn_network* net = small_network();
    const char* request = part(p, 0);
    const char* policy = opt_part(p, 1);

    text one, batch;
    const bool routed = ok_json(hn_refer_json(&one.p, net, request, policy), one.p, "hn_refer_json");
    ok_json(hn_refer_batch_json(&batch.p, net, request, policy), batch.p, "hn_refer_batch_json");

    hn_router* r = nullptr;
    if (!ok(hn_router_create(&r, net, policy), "hn_router_create")) {
        HNFUZZ_CHECK(r == nullptr, "failed create must leave *out untouched");
        HNFUZZ_CHECK(!routed, "hn_refer_json accepted a policy hn_router_create refuses");
        return 0;
    }
    text via_router;
    const bool routed2 = ok_json(hn_router_refer_json(&via_router.p, r, request), via_router.p, "hn_router_refer_json");
    HNFUZZ_CHECK(routed == routed2, "hn_refer_json and hn_router_refer_json disagree on accepting the request");
    if (routed)
        HNFUZZ_CHECK(std::strcmp(one.p, via_router.p) == 0, "hn_refer_json and the router give different results");
    text batch2;
    ok_json(hn_router_refer_batch_json(&batch2.p, r, request), batch2.p, "hn_router_refer_batch_json");

    text canon;
    if (ok_json(hn_router_policy_json(&canon.p, r), canon.p, "hn_router_policy_json")) {
        hn_router* r2 = nullptr;
        if (!ok(hn_router_create(&r2, net, canon.p), "hn_router_create(canonical policy)"))
            fail("the router's own canonical policy is refused", std::string(hn_last_error()) + "\n" + canon.p);
        text canon2;
        ok_json(hn_router_policy_json(&canon2.p, r2), canon2.p, "hn_router_policy_json(again)");
        HNFUZZ_CHECK(std::strcmp(canon.p, canon2.p) == 0, "policy -> canonical JSON -> policy is not stable");
        hn_router_free(r2);
    }
    hn_router_free(r);
    return 0;
}
