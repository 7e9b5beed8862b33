// The referral ledger: legal and illegal transitions, capacity, counts, exact JSON round trips.
#include <doctest/doctest.h>

#include <random>

#include "hatchnet/io/json.hpp"
#include "hatchnet/referral/referral.hpp"

using namespace hatchnet;
using namespace hatchnet::referral;

namespace {
std::shared_ptr<const Network> small() {
    auto n = io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json");
    n.nodes[n.node_index("s-east-2")].capacity = 1;  // one place
    return std::make_shared<const Network>(std::move(n));
}
Referral ref(const std::string& node, const std::string& org = "so-1") {
    Referral r;
    r.organization = org;
    r.node = node;
    r.first_contact = "s-east-1";
    r.needs = {"venue"};
    return r;
}
}  // namespace

TEST_CASE("ledger: the transition table") {
    using S = Status;
    const S all[] = {S::requested, S::accepted, S::rejected, S::in_progress, S::completed, S::cancelled, S::failed};
    int legal = 0;
    for (S a : all)
        for (S b : all) legal += legal_transition(a, b);
    CHECK(legal == 9);
    CHECK(legal_transition(S::requested, S::accepted));
    CHECK(legal_transition(S::requested, S::rejected));
    CHECK(legal_transition(S::requested, S::cancelled));
    CHECK(legal_transition(S::accepted, S::in_progress));
    CHECK(legal_transition(S::in_progress, S::completed));
    CHECK(legal_transition(S::in_progress, S::failed));
    CHECK_FALSE(legal_transition(S::requested, S::completed));
    CHECK_FALSE(legal_transition(S::completed, S::cancelled));
    CHECK_FALSE(legal_transition(S::rejected, S::accepted));
    for (S a : all) CHECK(parse_status(to_string(a)) == a);
}

TEST_CASE("ledger: capacity is taken by accepting and given back") {
    Ledger L(small());
    const auto& r1 = L.open(ref("s-east-2"), "2024-03-01T09:00");
    CHECK(r1.id == "ref-1");
    std::string id1 = r1.id;
    std::string id2 = L.open(ref("s-east-2", "so-2"), "2024-03-01T09:05").id;
    CHECK(L.spare("s-east-2") == 1);
    L.transition(id1, Status::accepted, "2024-03-02");
    CHECK(L.held("s-east-2") == 1);
    CHECK(L.spare("s-east-2") == 0);
    // no place left for the second
    try {
        L.transition(id2, Status::accepted, "2024-03-02");
        FAIL("accepted without capacity");
    } catch (const input_error& e) {
        CHECK(std::string(e.what()).find("no spare capacity") != std::string::npos);
    }
    CHECK(L.find(id2)->status == Status::requested);
    L.transition(id1, Status::in_progress, "2024-03-03");
    CHECK(L.held("s-east-2") == 1);
    L.transition(id1, Status::completed, "2024-04-01", "all good", "got_help");
    CHECK(L.held("s-east-2") == 0);
    CHECK(L.find(id1)->outcome == "got_help");
    CHECK(L.find(id1)->history.size() == 4);
    L.transition(id2, Status::accepted, "2024-04-02");
    L.transition(id2, Status::cancelled, "2024-04-03", "moved away");
    CHECK(L.held("s-east-2") == 0);
}

TEST_CASE("ledger: illegal transitions and bad input fail with a clear error") {
    Ledger L(small());
    auto id = L.open(ref("d-east"), "t0").id;
    auto err = [&](auto f) {
        try {
            f();
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("<no error>");
    };
    CHECK(err([&] { L.transition(id, Status::completed, "t1"); }).find("illegal transition requested -> completed") !=
          std::string::npos);
    CHECK(err([&] { L.transition(id, Status::requested, "t1"); }).find("illegal transition") != std::string::npos);
    CHECK(err([&] { L.transition("nope", Status::accepted, "t1"); }).find("unknown referral id") != std::string::npos);
    CHECK(err([&] { L.transition(id, Status::accepted, ""); }).find("timestamp") != std::string::npos);
    CHECK(err([&] { L.transition(id, Status::accepted, "t1", "", "got_help"); }).find("outcome") != std::string::npos);
    L.transition(id, Status::rejected, "t2", "not eligible", "not_eligible");
    CHECK(err([&] { L.transition(id, Status::accepted, "t3"); }).find("illegal transition rejected -> accepted") !=
          std::string::npos);
    CHECK(err([&] { L.open(ref("ghost"), "t"); }).find("unknown node 'ghost'") != std::string::npos);
    CHECK(err([&] { L.open(ref("d-east", "nobody"), "t"); }).find("unknown organization") != std::string::npos);
    Referral dup = ref("d-east");
    dup.id = id;
    CHECK(err([&] { L.open(dup, "t"); }).find("duplicate referral id") != std::string::npos);
}

TEST_CASE("ledger: counts and JSON round trips are exact") {
    auto net = small();
    Ledger L(net);
    std::mt19937_64 rng(5);
    const char* nodes[] = {"d-east", "d-west", "s-east-1", "soc-1", "cc"};
    for (int i = 0; i < 40; ++i) {
        auto id = L.open(ref(nodes[rng() % 5], "so-" + std::to_string(1 + rng() % 5)), "2024-01-" + std::to_string(10 + i % 20)).id;
        for (int step = 0; step < 4; ++step) {
            const Status targets[] = {Status::accepted, Status::rejected, Status::in_progress, Status::completed,
                                      Status::cancelled, Status::failed};
            Status to = targets[rng() % 6];
            if (!legal_transition(L.find(id)->status, to)) continue;
            if (to == Status::accepted && L.spare(L.find(id)->node) <= 0) continue;
            L.transition(id, to, "2024-02-" + std::to_string(10 + step), "step \"" + std::to_string(step) + "\"",
                         is_final(to) ? "outcome-" + std::to_string(step) : "");
        }
    }
    auto c = L.counts();
    std::size_t total = 0;
    for (auto x : c.by_status) total += x;
    CHECK(total == 40);
    std::size_t by_node = 0;
    for (const auto& [k, row] : c.by_node)
        for (auto x : row) by_node += x;
    CHECK(by_node == 40);
    CHECK(c.by_district.count("110101"));
    CHECK(c.by_district.count(""));  // city-level nodes
    std::string a = L.save_json();
    Ledger M = Ledger::load_json(net, a);
    CHECK(M.save_json() == a);
    CHECK(M.counts_json() == L.counts_json());
    for (const char* n : nodes) CHECK(M.held(n) == L.held(n));
    // next ids continue after a load
    CHECK(M.open(ref("d-east"), "t").id == "ref-41");
    // an empty ledger too
    Ledger E(net);
    CHECK(Ledger::load_json(net, E.save_json()).save_json() == E.save_json());
}

TEST_CASE("ledger: a tampered or malformed file is refused, naming the field") {
    auto net = small();
    Ledger L(net);
    auto id = L.open(ref("d-east"), "t0").id;
    L.transition(id, Status::accepted, "t1");
    std::string good = L.save_json();
    auto err = [&](std::string text) {
        try {
            Ledger::load_json(net, text);
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("<no error>");
    };
    auto replace = [&](std::string s, const std::string& a, const std::string& b) {
        auto p = s.find(a);
        REQUIRE(p != std::string::npos);
        return s.replace(p, a.size(), b);
    };
    CHECK(err(replace(good, "\"status\":\"accepted\",\"at\":\"t1\"", "\"status\":\"completed\",\"at\":\"t1\""))
              .find("illegal transition") != std::string::npos);
    CHECK(err(replace(good, "\"status\":\"accepted\",\"outcome\"", "\"status\":\"requested\",\"outcome\""))
              .find("status") != std::string::npos);
    CHECK(err(replace(good, "\"node\":\"d-east\"", "\"node\":\"ghost\"")).find("unknown node") != std::string::npos);
    CHECK(err(replace(good, "\"urgency\"", "\"colour\"")).find("colour") != std::string::npos);
    CHECK(err(good.substr(0, good.size() / 2)).find("malformed JSON") != std::string::npos);
}

TEST_CASE("ledger: open from a routing result") {
    auto net = small();
    Graph g(net);
    Router router(g);
    Request q = parse_request(R"({"id": "q-9", "organization": "so-1", "needs": ["office"]})");
    auto res = router.route(q);
    Ledger L(net);
    const auto& r = L.open(res, q, g, "2024-05-01");
    CHECK(r.id == "q-9");
    CHECK(r.node == "d-east");
    CHECK(r.first_contact == "d-east");
}

TEST_CASE("ledger: text that could not be saved is refused by field (fuzz finding)") {
    Ledger L(small());
    const std::string id = L.open(ref("s-east-2"), "2024-03-01").id;
    auto field_of = [](auto f) {
        try {
            f();
        } catch (const input_error& e) {
            return e.field();
        }
        return std::string("no error");
    };
    CHECK(field_of([&] { L.transition(id, Status::rejected, "2024-03-02\xff"); }) == "at");
    CHECK(field_of([&] { L.transition(id, Status::rejected, "2024-03-02", "n\xc3"); }) == "note");
    CHECK(field_of([&] { L.transition(id, Status::rejected, "2024-03-02", "", std::string("o\0k", 3)); }) == "outcome");
    CHECK(field_of([&] { L.open(ref("s-east-2"), "2024-03-01", "\xed\xa0\x80"); }) == "note");  // a surrogate
    CHECK(L.find(id)->status == Status::requested);  // nothing half-applied
    L.transition(id, Status::rejected, "2024-03-02", "备注", "not_eligible");
    CHECK(Ledger::load_json(small(), L.save_json()).save_json() == L.save_json());
}
