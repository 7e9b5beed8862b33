// Fuzz target: the referral ledger (hatchnet/referral/ledger.hpp) through the C ABI, on the
// small test network.
//   input: ledger JSON (empty: a new ledger) \0 op \0 op ... (at most 16 ops), where an op is
//     {referral JSON}                       hn_ledger_open(referral, at = "2024-01-01T00:00:<i>")
//     status[|at[|note[|outcome]]]          hn_ledger_transition of the last opened referral
//                                           (or of "ref-1" when none was opened)
// A loaded ledger, and the ledger after the ops, must be canonical: save -> load -> save
// gives the same bytes. Counts and every opened referral must come out as valid JSON.
#include "fuzz_common.hpp"

using namespace hnfuzz;

namespace {

void round_trip(const hn_ledger* l, const hn_network* net, const char* when) {
    text a, b;
    if (!ok_json(hn_ledger_save_json(&a.p, l), a.p, "hn_ledger_save_json"))
        fail((std::string("a ledger does not save ") + when).c_str(), hn_last_error());
    hn_ledger* back = nullptr;
    if (!ok(hn_ledger_load_json(&back, net, a.p), "hn_ledger_load_json(saved)"))
        fail((std::string("a saved ledger does not load back ") + when).c_str(),
             std::string(hn_last_error()) + "\n" + std::string(a.p).substr(0, 600));
    ok_json(hn_ledger_save_json(&b.p, back), b.p, "hn_ledger_save_json(again)");
    if (std::strcmp(a.p, b.p) != 0)
        fail((std::string("save -> load -> save is not byte-identical ") + when).c_str());
    hn_ledger_free(back);
}

std::vector<std::string> fields(const std::string& s) {
    std::vector<std::string> f(1);
    for (char c : s) {
        if (c == '|' && f.size() < 4) f.emplace_back();
        else f.back().push_back(c);
    }
    return f;
}

}  // namespace

// the i-th op's time: ISO 8601, increasing with i (i <= 16)
static std::string stamp(std::size_t i) { return "2024-01-01T00:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i); }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto p = split(data, size, 17);
    const hn_network* net = small_network();

    hn_ledger* l = nullptr;
    if (!p[0].empty()) {
        if (ok(hn_ledger_load_json(&l, net, p[0].c_str()), "hn_ledger_load_json"))
            round_trip(l, net, "(loaded)");
        else
            HNFUZZ_CHECK(l == nullptr, "failed load must leave *out untouched");
    }
    if (!l && !ok(hn_ledger_create(&l, net), "hn_ledger_create")) fail("cannot create a ledger");

    std::vector<std::string> opened;
    std::string last = "ref-1";
    for (std::size_t i = 1; i < p.size(); ++i) {
        const std::string& op = p[i];
        if (!op.empty() && op[0] == '{') {
            text id;
            const std::string at = stamp(i);
            if (ok(hn_ledger_open(&id.p, l, op.c_str(), at.c_str()), "hn_ledger_open")) {
                HNFUZZ_CHECK(id.p != nullptr, "hn_ledger_open returned HN_OK without an id");
                last = id.p;
                opened.push_back(last);
            } else {
                HNFUZZ_CHECK(id.p == nullptr, "failed call left its out parameter set");
            }
        } else {
            const auto f = fields(op);
            const std::string at = f.size() > 1 ? f[1] : stamp(i);
            ok(hn_ledger_transition(l, last.c_str(), f[0].c_str(), at.c_str(), f.size() > 2 ? f[2].c_str() : nullptr,
                                    f.size() > 3 ? f[3].c_str() : nullptr),
               "hn_ledger_transition");
        }
    }
    text counts;
    ok_json(hn_ledger_counts_json(&counts.p, l), counts.p, "hn_ledger_counts_json");
    for (const auto& id : opened) {
        text one;
        if (!ok_json(hn_ledger_get_json(&one.p, l, id.c_str()), one.p, "hn_ledger_get_json"))
            fail("an opened referral cannot be read back", id + ": " + hn_last_error());
    }
    round_trip(l, net, "(after the ops)");
    hn_ledger_free(l);
    return 0;
}
