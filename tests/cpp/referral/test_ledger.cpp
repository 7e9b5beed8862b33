// The referral ledger: legal and illegal transitions, capacity, counts, exact JSON round trips.
#include <doctest/doctest.h>

#include <ctime>
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
    auto id = L.open(ref("d-east"), "2024-03-01").id;
    auto err = [&](auto f) {
        try {
            f();
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("<no error>");
    };
    CHECK(err([&] { L.transition(id, Status::completed, "2024-03-02"); }).find("illegal transition requested -> completed") !=
          std::string::npos);
    CHECK(err([&] { L.transition(id, Status::requested, "2024-03-02"); }).find("illegal transition") != std::string::npos);
    CHECK(err([&] { L.transition("nope", Status::accepted, "2024-03-02"); }).find("unknown referral id") != std::string::npos);
    CHECK(err([&] { L.transition(id, Status::accepted, ""); }).find("timestamp") != std::string::npos);
    CHECK(err([&] { L.transition(id, Status::accepted, "2024-03-02", "", "got_help"); }).find("outcome") != std::string::npos);
    L.transition(id, Status::rejected, "2024-03-03", "not eligible", "not_eligible");
    CHECK(err([&] { L.transition(id, Status::accepted, "2024-03-04"); }).find("illegal transition rejected -> accepted") !=
          std::string::npos);
    CHECK(err([&] { L.open(ref("ghost"), "2024-03-05"); }).find("unknown node 'ghost'") != std::string::npos);
    CHECK(err([&] { L.open(ref("d-east", "nobody"), "2024-03-05"); }).find("unknown organization") != std::string::npos);
    Referral dup = ref("d-east");
    dup.id = id;
    CHECK(err([&] { L.open(dup, "2024-03-05"); }).find("duplicate referral id") != std::string::npos);
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
    CHECK(M.open(ref("d-east"), "2024-03-05").id == "ref-41");
    // an empty ledger too
    Ledger E(net);
    CHECK(Ledger::load_json(net, E.save_json()).save_json() == E.save_json());
}

TEST_CASE("ledger: a tampered or malformed file is refused, naming the field") {
    auto net = small();
    Ledger L(net);
    auto id = L.open(ref("d-east"), "2024-03-01").id;
    L.transition(id, Status::accepted, "2024-03-02");
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
    CHECK(err(replace(good, "\"status\":\"accepted\",\"at\":\"2024-03-02\"", "\"status\":\"completed\",\"at\":\"2024-03-02\""))
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

TEST_CASE("ledger: timestamps are ISO 8601 and in time order per referral") {
    for (const char* ok : {"2024-03-01", "2024-02-29", "2024-03-01T09:00", "2024-03-01 09:00:05", "2024-03-01T09:00:05.125",
                           "2024-03-01T09:00Z", "2024-03-01T23:59:59+08:00", "2024-03-01T00:00-0530", "2024-03-01T12:00+08"})
        CHECK_MESSAGE(is_timestamp(ok), ok);
    for (const char* no : {"", "t0", "2023-02-29", "2024-3-1", "2024-03-01T", "2024-03-01T24:00", "2024-03-01T09:60",
                           "2024-03-01T09:00:61", "2024-03-01T09:00.5", "2024-03-01T09:00+", "2024-03-01T09:00Zx",
                           "2024-03-01T09:00:00.", "2024-03-01T09:00:00.1234567890", "0999-01-01", "2024-03-01x"})
        CHECK_MESSAGE(!is_timestamp(no), no);
    // against the C library's timegm on random instants with offsets
    std::mt19937_64 rng(13);
    auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    auto make = [&](std::int64_t& utc) {
        int y = 2000 + int(rng() % 30), mo = 1 + int(rng() % 12), d = 1 + int(rng() % 28), h = int(rng() % 24),
            mi = int(rng() % 60), s = int(rng() % 60), oh = int(rng() % 15), om = int(rng() % 2) * 30;
        const bool plus = rng() % 2;
        std::tm tm{};
        tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = s;
        utc = std::int64_t(timegm(&tm)) - (plus ? 1 : -1) * (oh * 3600 + om * 60);
        return std::to_string(y) + "-" + two(mo) + "-" + two(d) + "T" + two(h) + ":" + two(mi) + ":" + two(s) +
               (plus ? "+" : "-") + two(oh) + ":" + two(om);
    };
    for (int i = 0; i < 2000; ++i) {
        std::int64_t ua = 0, ub = 0;
        const std::string a = make(ua), b = make(ub);
        REQUIRE(is_timestamp(a));
        const int want = ua < ub ? -1 : ua > ub ? 1 : 0;
        const int got = compare_timestamps(a, b);
        CHECK_MESSAGE((got > 0) - (got < 0) == want, a << " vs " << b);
    }
    CHECK(compare_timestamps("2024-03-01", "2024-03-01T23:59") == 0);  // a date is the whole day
    CHECK(compare_timestamps("2024-03-01T00:00:00.5", "2024-03-01T00:00:00.25") > 0);

    Ledger L(small());
    auto err = [&](auto f) -> std::pair<std::string, std::string> {
        try {
            f();
        } catch (const input_error& e) {
            return {e.record(), e.field()};
        }
        return {"", "no error"};
    };
    CHECK(err([&] { L.open(ref("d-east"), "yesterday"); }) == std::pair<std::string, std::string>{"referral ref-1", "at"});
    CHECK(L.size() == 0);
    const std::string id = L.open(ref("d-east"), "2024-03-05T10:00+08:00").id;
    // 01:00Z on the 5th is 09:00 in +08:00: before the request
    CHECK(err([&] { L.transition(id, Status::accepted, "2024-03-05T01:00Z"); }) ==
          std::pair<std::string, std::string>{"referral " + id, "at"});
    CHECK(err([&] { L.transition(id, Status::accepted, "2024-03-04"); }).second == "at");
    CHECK(L.find(id)->status == Status::requested);  // nothing applied
    L.transition(id, Status::accepted, "2024-03-05");  // the same day
    // a date equals every time on it, so each earlier event is checked, not only the last
    CHECK(err([&] { L.transition(id, Status::in_progress, "2024-03-05T09:00+08:00"); }).second == "at");
    L.transition(id, Status::in_progress, "2024-03-05T11:00+08:00");
    // a saved file with events out of order is refused on loading
    std::string text = L.save_json();
    const auto p = text.find("2024-03-05T11:00+08:00");
    REQUIRE(p != std::string::npos);
    text.replace(p, 22, "2024-03-01T11:00+08:00");
    try {
        Ledger::load_json(small(), text);
        FAIL("an out-of-order history was loaded");
    } catch (const input_error& e) {
        CHECK(std::string(e.what()).find("time order") != std::string::npos);
    }
}
