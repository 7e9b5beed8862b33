// The records store: transitions and their checks, capacity and residence invariants against an
// independent sweep over the histories, counts against plain SQL, exact JSON round trips,
// schema migration, refused files, crash safety (a writer killed with SIGKILL). The tests with
// threads are in test_threads.cpp (run under ThreadSanitizer in CI).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <thread>

#include "../test_rng.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/records/store.hpp"
#include "hatchnet/referral/referral.hpp"

#include "store_test_util.hpp"

using namespace records_test;

TEST_CASE("records: the transition table and dates") {
    using S = IncubationStage;
    int legal = 0;
    for (int a = 0; a < incubation_stage_count; ++a)
        for (int b = 0; b < incubation_stage_count; ++b) legal += legal_transition(S(a), S(b));
    CHECK(legal == 9);
    CHECK(legal_transition(S::applied, S::admitted));
    CHECK(legal_transition(S::incubating, S::graduated));
    CHECK_FALSE(legal_transition(S::admitted, S::graduated));
    CHECK_FALSE(legal_transition(S::graduated, S::exited));
    for (int a = 0; a < incubation_stage_count; ++a) CHECK(parse_incubation_stage(to_string(S(a))) == S(a));
    CHECK_FALSE(parse_incubation_stage("done"));
    // day numbers against a day-by-day walk of the calendar
    std::int64_t n = day_number("1999-12-31");
    int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int y = 2000; y <= 2030; ++y)
        for (int m = 1; m <= 12; ++m) {
            int len = days_in[m - 1] + (m == 2 && y % 4 == 0 ? 1 : 0);  // 2000 is a leap year
            for (int d = 1; d <= 31; ++d) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
                CHECK(is_date(buf) == (d <= len));
                if (d <= len) CHECK(day_number(buf) == ++n);
            }
        }
    CHECK(day_number("1970-01-01") == 0);
    for (const char* bad : {"2020-1-01", "2020-13-01", "2020-00-10", "2021-02-29", "20200101", "2020-01-01T00", ""})
        CHECK_FALSE(is_date(bad));
}

TEST_CASE("records: a stay takes a place and gives it back") {
    TempDir tmp;
    Store s(tmp.file("r.db"));
    auto net = small(1);
    s.set_network(net);
    CHECK(s.version() == schema_version);
    auto a = s.record(apply("so-1", "s-east-2", "2020-01-05"));
    CHECK(a == "inc-1");
    auto b = s.record(apply("so-2", "s-east-2", "2020-01-06"));
    s.record(move(a, IncubationStage::admitted, "2020-01-10"));
    CHECK(s.residents("s-east-2") == 1);
    CHECK(s.residence("so-1") == a);
    auto msg = refused([&] { s.record(move(b, IncubationStage::admitted, "2020-01-11")); }, "incubation inc-2", "node");
    CHECK(msg.find("no free place on 2020-01-11") != std::string::npos);
    // so-1 cannot be resident elsewhere at the same time
    auto c = s.record(apply("so-1", "d-east", "2020-01-12"));
    msg = refused([&] { s.record(move(c, IncubationStage::admitted, "2020-01-12")); }, "incubation " + c, "organization");
    CHECK(msg.find("already resident") != std::string::npos);
    s.record(move(a, IncubationStage::incubating, "2020-02-01"));
    s.record(move(a, IncubationStage::graduated, "2020-11-30", "registered"));
    CHECK(s.residents("s-east-2") == 0);
    CHECK(s.residence("so-1").empty());
    s.record(move(b, IncubationStage::admitted, "2020-12-01"));
    s.record(move(c, IncubationStage::admitted, "2020-12-02"));  // so-1 has left s-east-2
    auto r = s.incubation(a);
    REQUIRE(r);
    CHECK(r->stage == IncubationStage::graduated);
    CHECK(r->outcome == "registered");
    CHECK(r->history.size() == 4);
    CHECK(r->history[3].from == IncubationStage::incubating);
    check_invariants(s, net);

    s.add_years(2020, 2021);
    auto p = s.summary("2020");
    CHECK(p.entered[std::size_t(IncubationStage::applied)] == 3);
    CHECK(p.entered[std::size_t(IncubationStage::admitted)] == 3);
    CHECK(p.days_to_graduation == std::vector<std::int64_t>{day_number("2020-11-30") - day_number("2020-01-10")});
    CHECK(p.at_end.by_node["s-east-2"][std::size_t(IncubationStage::admitted)] == 1);
    auto mid = s.counts("2020-06-30");
    CHECK(mid.by_node["s-east-2"][std::size_t(IncubationStage::incubating)] == 1);
    CHECK(mid.by_node["s-east-2"][std::size_t(IncubationStage::applied)] == 1);
    refused([&] { s.summary("1999"); }, "period 1999", "id");
}

TEST_CASE("records: bad input is refused, naming the record and field, nothing half-written") {
    TempDir tmp;
    Store s(tmp.file("r.db"));
    s.set_network(small(2));
    auto a = s.record(apply("so-1", "d-east", "2020-03-01"));
    s.record(move(a, IncubationStage::admitted, "2020-03-05"));
    refused([&] { s.record(move(a, IncubationStage::incubating, "2020-03-04")); }, "incubation inc-1", "at");  // out of order
    refused([&] { s.record(apply("so-2", "d-east", "2020-03-02")); }, "incubation", "at");          // before d-east's last
    refused([&] { s.record(move(a, IncubationStage::graduated, "2020-04-01")); }, "incubation inc-1", "stage");  // skips incubating
    refused([&] { s.record(move("inc-404", IncubationStage::admitted, "2020-04-01")); }, "incubation inc-404", "id");
    refused([&] { s.record(apply("ghost", "d-east", "2020-04-01")); }, "incubation", "organization");
    refused([&] { s.record(apply("so-2", "nowhere", "2020-04-01")); }, "incubation", "node");
    refused([&] { s.record(apply("so-2", "d-east", "2020-04-31")); }, "incubation", "at");
    refused([&] { s.record(apply("so-2", "d-east", "2020-04-01", "inc-1")); }, "incubation inc-1", "id");
    auto t = apply("so-2", "d-east", "2020-04-01");
    t.referral = "ref-9";
    refused([&] { s.record(t); }, "incubation", "referral");
    refused([&] { s.record(move(a, IncubationStage::incubating, "2020-04-01", "registered")); }, "incubation inc-1", "outcome");
    s.record(move(a, IncubationStage::withdrawn, "2020-04-02"));
    auto msg = refused([&] { s.record(move(a, IncubationStage::incubating, "2020-04-03")); }, "incubation inc-1", "stage");
    CHECK(msg.find("withdrawn is final") != std::string::npos);
    // a batch is all or nothing: the bad third transition leaves no trace of the first two
    const auto events = sql_int(s.path(), "SELECT count(*) FROM incubation_events");
    const auto incs = sql_int(s.path(), "SELECT count(*) FROM incubations");
    std::vector<Transition> batch{apply("so-2", "d-east", "2020-05-01", "x1"), move("x1", IncubationStage::admitted, "2020-05-02"),
                                  move("x1", IncubationStage::graduated, "2020-05-03")};
    msg = refused([&] { s.record(batch); }, "incubation x1", "stage");
    CHECK(msg.find("nothing recorded") != std::string::npos);
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubation_events") == events);
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubations") == incs);
    CHECK(s.residents("d-east") == 0);
    CHECK(s.residence("so-2").empty());
    refused([&] { s.add_period(Period{"p", "2020-02-01", "2020-01-01"}); }, "period p", "end");
    refused([&] { s.query("DELETE FROM incubations"); }, "sql", "");
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubations") == incs);
}

TEST_CASE("records: query() runs reads only") {
    TempDir tmp;
    Store s(tmp.file("q.db"));
    s.set_network(small(2));
    s.add_years(2020, 2020);
    const std::string attached = tmp.file("attached.db");
    for (const std::string& q : std::vector<std::string>{"BEGIN", "begin immediate", "SAVEPOINT a", "ATTACH '" + attached + "' AS x", "DETACH main",
                                "VACUUM", "REINDEX", "ANALYZE", "PRAGMA journal_mode = DELETE", "PRAGMA foreign_keys(0)",
                                "PRAGMA user_version(7)", "PRAGMA wal_checkpoint", "-- a comment\n BEGIN",
                                "/* a comment */ SAVEPOINT b", "DELETE FROM incubations", "END", "-- only a comment"})
        refused([&] { s.query(q); }, "sql", "");
    CHECK_FALSE(fs::exists(attached));
    CHECK(s.version() == schema_version);
    // the refused statements left no transaction open: writes still work
    CHECK(s.record(apply("so-1", "d-east", "2020-01-01")) == "inc-1");
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubations") == 1);
    CHECK(s.query("SELECT count(*) FROM incubations").at(0).at(0) == "1");
    CHECK(s.query("  with t(n) AS (SELECT 2) SELECT n FROM t").at(0).at(0) == "2");
    CHECK(s.query("VALUES (3)").at(0).at(0) == "3");
    CHECK(s.query("/* c */ select 4").at(0).at(0) == "4");
    CHECK(s.query("PRAGMA integrity_check").at(0).at(0) == "ok");
    CHECK(s.query("PRAGMA table_info(incubations)").size() == 8);
}

TEST_CASE("records: random activity keeps every invariant; counts in SQL equal the API's") {
    TempDir tmp;
    Store s(tmp.file("r.db"));
    auto net = small(2);
    s.set_network(net);
    random_activity(s, net, 7, 1500);
    CHECK(s.incubation_count() > 100);
    check_invariants(s, net);
    // counts now: the API (SQL grouped by node) against a brute-force count over the records
    auto all = s.incubations();
    StageCounts::Row brute{};
    std::map<std::string, StageCounts::Row> by_district;
    for (const auto& r : all) {
        ++brute[std::size_t(r.stage)];
        ++by_district[Network::district_of(net.find_node(r.node)->region)][std::size_t(r.stage)];
    }
    auto c = s.counts();
    CHECK(c.total == brute);
    CHECK(c.by_district == by_district);
    // and against plain SQL written here
    for (int st = 0; st < incubation_stage_count; ++st)
        CHECK(c.total[std::size_t(st)] ==
              sql_int(s.path(), "SELECT count(*) FROM incubations WHERE stage = '" + std::string(to_string(IncubationStage(st))) + "'"));
    // counts as of a date: the last event on or before it, per record — on dates across the
    // whole range (the store sums the events before the date or takes those after it from
    // the counts now, whichever side is smaller: both sides are checked, and the ends)
    std::vector<std::string> dates;
    for (const auto& r : all)
        for (const auto& e : r.history) dates.push_back(e.at);
    std::sort(dates.begin(), dates.end());
    REQUIRE(dates.size() > 8);
    std::vector<std::string> probes{"1999-01-01", "2999-12-31"};
    for (std::size_t k = 0; k <= 8; ++k) probes.push_back(dates[(dates.size() - 1) * k / 8]);
    for (const auto& date : probes) {
        CAPTURE(date);
        StageCounts::Row asof{};
        std::map<std::string, StageCounts::Row> asof_by_node;
        for (const auto& r : all) {
            const Event* last = nullptr;
            for (const auto& e : r.history)
                if (e.at <= date) last = &e;
            if (last) ++asof[std::size_t(last->stage)], ++asof_by_node[r.node][std::size_t(last->stage)];
        }
        const auto got = s.counts(date);
        CHECK(got.total == asof);
        CHECK(got.by_node == asof_by_node);
        std::int64_t tier_sum = 0;
        for (const auto& [tier, row] : got.by_tier)
            for (auto v : row) tier_sum += v;
        CHECK(tier_sum == std::accumulate(asof.begin(), asof.end(), std::int64_t(0)));
    }
}

TEST_CASE("records: store -> JSON -> store is exact; a tampered export is refused whole") {
    TempDir tmp;
    auto net = small(2);
    Store s(tmp.file("a.db"));
    s.set_network(net);
    s.add_years(2019, 2021);
    random_activity(s, net, 11, 600);
    const std::string text = s.export_json();
    Store t(tmp.file("b.db"));
    t.import_json(text);
    CHECK(t.export_json() == text);
    check_invariants(t, net);
    // importing twice is refused (the store is not empty)
    io_refused([&] { t.import_json(text); }, t.path());
    // tampering: a graduation turned into an illegal stage order
    auto pos = text.find("\"graduated\",\"");
    if (pos != std::string::npos) {
        std::string bad = text;
        auto ev = bad.find("\"incubation_events\"");
        auto at = bad.find("\"incubating\",\"graduated\"", ev);
        if (at != std::string::npos) {
            bad.replace(at, 24, "\"applied\",\"graduated\"   ");
            Store u(tmp.file("c.db"));
            refused([&] { u.import_json(bad); }, "incubation_events[", "from_stage");
            CHECK(sql_int(u.path(), "SELECT count(*) FROM incubators") == 0);
        }
    }
    Store u(tmp.file("d.db"));
    refused([&] { u.import_json("{\"format\": \"hatchnet-records\"}"); }, "records", "version");
    refused([&] { u.import_json("{\"format\": \"x\", \"extra\": 1}"); }, "records", "extra");
}

TEST_CASE("records: an export with a bad incubator, evaluation or next id is refused whole") {
    TempDir tmp;
    Store s(tmp.file("a.db"));
    s.set_network(small(2));
    s.add_years(2020, 2020);
    s.record(apply("so-1", "d-east", "2020-01-01"));
    const auto good = nlohmann::ordered_json::parse(s.export_json());
    auto tampered = [&](const std::function<void(nlohmann::ordered_json&)>& f) {
        auto j = good;
        f(j);
        return j.dump();
    };
    int n = 0;
    auto refused_whole = [&](const std::string& text, const std::string& record, const std::string& field) {
        Store u(tmp.file("t" + std::to_string(n++) + ".db"));
        refused([&] { u.import_json(text); }, record, field);
        CHECK(sql_int(u.path(), "SELECT count(*) FROM incubators") == 0);
        CHECK(sql_int(u.path(), "SELECT count(*) FROM incubations") == 0);
    };
    refused_whole(tampered([](auto& j) { j["next_incubation"] = "abc"; }), "records", "next_incubation");
    refused_whole(tampered([](auto& j) { j["next_incubation"] = "-1"; }), "records", "next_incubation");
    refused_whole(tampered([](auto& j) { j["incubators"][1][5] = -5; }), "incubators[1]", "capacity");
    refused_whole(tampered([](auto& j) { j["incubators"][1][5] = "abc"; }), "incubators[1]", "capacity");
    refused_whole(tampered([](auto& j) { j["incubators"][1][5] = 2.5; }), "incubators[1]", "capacity");
    refused_whole(tampered([](auto& j) { j["incubators"][0][2] = "galaxy"; }), "incubators[0]", "tier");
    auto with_evaluation = [&](const std::string& period, const std::string& node, const std::string& indicators) {
        return tampered([&](auto& j) {
            j["evaluations"].push_back(nlohmann::ordered_json::array({period, node, "s", 1.0, "A", 1, indicators}));
        });
    };
    refused_whole(with_evaluation("1999", "d-east", "{}"), "evaluations[0]", "period");
    refused_whole(with_evaluation("2020", "ghost", "{}"), "evaluations[0]", "incubator");
    refused_whole(with_evaluation("2020", "d-east", "not json"), "evaluations[0]", "indicators");
    {
        Store v(tmp.file("ev.db"));
        v.import_json(with_evaluation("2020", "d-east", "{\"data\": 1}"));
        CHECK(v.evaluations("2020", "s").size() == 1);
    }
    // the untouched export still imports, and the next automatic id goes on from it
    Store u(tmp.file("ok.db"));
    u.import_json(good.dump());
    CHECK(u.record(apply("so-2", "d-east", "2020-02-01")) == "inc-2");
}

TEST_CASE("records: a batch checks new incubations against each other (ids, referrals) and writes them whole") {
    TempDir tmp;
    auto net = small(3);
    Store s(tmp.file("b.db"));
    s.set_network(net);
    using S = IncubationStage;
    // generated ids inside one batch are distinct, and go on after an explicit one that took the next
    auto ids = s.record({apply("so-1", "d-east", "2020-01-01"), apply("so-2", "d-east", "2020-01-01", "inc-2"),
                         apply("so-3", "d-east", "2020-01-01")});
    CHECK(ids == std::vector<std::string>{"inc-1", "inc-2", "inc-3"});
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubations") == 3);
    // the same id twice in a batch, or an id already stored: nothing of the batch is written
    const auto events = sql_int(s.path(), "SELECT count(*) FROM incubation_events");
    refused([&] { s.record({apply("so-4", "s-east-1", "2020-02-01", "x"), apply("so-5", "s-east-1", "2020-02-01", "x")}); },
            "incubation x", "id");
    refused([&] { s.record({apply("so-4", "s-east-1", "2020-02-01", "y"), apply("so-5", "s-east-1", "2020-02-01", "inc-1")}); },
            "incubation inc-1", "id");
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubations") == 3);
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubation_events") == events);
    // one referral cited by two applications of one batch
    referral::Referral r;
    r.id = "ref-1";
    r.organization = "so-4";
    r.node = "s-east-1";
    r.first_contact = "s-east-1";
    r.history.push_back(referral::Event{referral::Status::requested, "2020-02-01", ""});
    s.put_referral(r);
    auto cite = [](const std::string& id) {
        auto t = apply("so-4", "s-east-1", "2020-02-02", id);
        t.referral = "ref-1";
        return t;
    };
    auto msg = refused([&] { s.record({cite("p"), move("p", S::withdrawn, "2020-02-02"), cite("q")}); }, "incubation q", "referral");
    CHECK(msg.find("already led to incubation p") != std::string::npos);
    // a new stay moved to its end within its batch is stored once, in its final state, with its history
    s.record({cite("p"), move("p", S::admitted, "2020-02-03"), move("p", S::incubating, "2020-02-04"),
              move("p", S::graduated, "2020-02-05", "registered")});
    auto p = s.incubation("p");
    REQUIRE(p);
    CHECK(p->stage == S::graduated);
    CHECK(p->outcome == "registered");
    CHECK(p->referral == "ref-1");
    CHECK(p->history.size() == 4);
    CHECK(s.residents("s-east-1") == 0);
    CHECK(sql_int(s.path(), "SELECT count(*) FROM pragma_foreign_key_check") == 0);
    // the rows of a batch's new incubations follow the order applied (the export's order)
    std::vector<Transition> many;
    std::string expect;
    for (int k = 0; k < 40; ++k) {
        many.push_back(apply("so-5", "s-west-1", "2020-03-01", "z" + std::to_string((k * 17) % 40)));
        expect += (k ? "," : "") + many.back().id;
    }
    s.record(many);
    CHECK(s.query("SELECT group_concat(id) FROM (SELECT id FROM incubations WHERE id LIKE 'z%' ORDER BY rowid)").at(0).at(0) == expect);
}

TEST_CASE("records: a v3 store is migrated to v4 (event indexes replaced); its counts and checks hold") {
    TempDir tmp;
    const std::string v3 = tmp.file("v3.db");
    std::ifstream in(HATCHNET_SOURCE_DIR "/tests/data/records_v3.sql");
    std::stringstream ss;
    ss << in.rdbuf();
    sql_exec(v3, ss.str());
    REQUIRE(sql_int(v3, "PRAGMA user_version") == 3);
    {
        Store s(v3);
        CHECK(s.version() == schema_version);
        auto index = [&](const std::string& name) {
            return sql_int(v3, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '" + name + "'");
        };
        CHECK(index("incubation_events_by_stage_at") == 1);
        CHECK(index("incubations_by_referral") == 1);
        CHECK(index("incubation_events_by_node_stage") == 0);
        CHECK(index("incubation_events_by_at") == 0);
        CHECK(index("incubation_events_by_incubation") == 1);
        // the fixture's stays, counted by hand: inc-1 applied 02-01, admitted 03-01, incubating
        // 03-15, graduated 2020-06-01; inc-2 applied 05-01, admitted 05-10; inc-3 applied 06-01,
        // withdrawn 06-20 (2019 unless said)
        using S = IncubationStage;
        auto row = [](std::initializer_list<std::pair<S, std::int64_t>> v) {
            StageCounts::Row r{};
            for (auto [st, k] : v) r[std::size_t(st)] = k;
            return r;
        };
        CHECK(s.counts("2018-12-31").total == row({}));
        CHECK(s.counts("2019-03-31").total == row({{S::incubating, 1}}));
        CHECK(s.counts("2019-05-31").total == row({{S::incubating, 1}, {S::admitted, 1}}));
        CHECK(s.counts("2019-06-10").by_node.at("s-east-1") == row({{S::applied, 1}}));
        CHECK(s.counts("2019-12-31").total == row({{S::incubating, 1}, {S::admitted, 1}, {S::withdrawn, 1}}));
        CHECK(s.counts("2020-12-31").total == row({{S::graduated, 1}, {S::admitted, 1}, {S::withdrawn, 1}}));
        CHECK(s.counts().total == s.counts("2020-12-31").total);
        auto sum = s.summary("2019");
        CHECK(sum.entered == row({{S::applied, 3}, {S::admitted, 2}, {S::incubating, 1}, {S::withdrawn, 1}}));
        CHECK(s.summary("2020").days_to_graduation == std::vector<std::int64_t>{day_number("2020-06-01") - day_number("2019-03-01")});
        // ref-1 already led to inc-2 (the new referral index), in a batch as alone
        refused([&] { auto t = apply("so-3", "d-east", "2020-07-01"); t.referral = "ref-1"; s.record(t); }, "incubation", "referral");
        // the migrated file takes new records, ids going on from next_incubation
        CHECK(s.record(apply("so-1", "s-east-1", "2020-07-01")) == "inc-4");
        s.record(move("inc-4", S::admitted, "2020-07-02"));
        CHECK(s.residents("s-east-1") == 1);
    }
    CHECK(sql_int(v3, "PRAGMA user_version") == schema_version);
}

TEST_CASE("records: a v1 store is migrated; newer, corrupt, foreign and locked files are refused") {
    TempDir tmp;
    const std::string v1 = tmp.file("v1.db");
    std::ifstream in(HATCHNET_SOURCE_DIR "/tests/data/records_v1.sql");
    std::stringstream ss;
    ss << in.rdbuf();
    sql_exec(v1, ss.str());
    CHECK(sql_int(v1, "PRAGMA user_version") == 1);
    {
        Store s(v1);
        CHECK(s.version() == schema_version);
        CHECK(s.network_name() == "v1 fixture");
        auto r = s.incubation("inc-1");
        REQUIRE(r);
        CHECK(r->stage == IncubationStage::admitted);
        CHECK(r->history.size() == 2);
        CHECK(s.residents("d-east") == 1);
        // the new table works on the migrated file
        CHECK(s.query("SELECT count(*) FROM timeline").at(0).at(0) == "0");
        s.record(move("inc-1", IncubationStage::incubating, "2019-04-01"));
    }
    CHECK(sql_int(v1, "PRAGMA user_version") == schema_version);

    const std::string newer = tmp.file("newer.db");
    { Store s(newer); }
    sql_exec(newer, "PRAGMA user_version = 99");
    auto msg = io_refused([&] { Store s(newer); }, newer);
    CHECK(msg.find("schema version 99 is newer") != std::string::npos);

    const std::string junk = tmp.file("junk.db");
    std::ofstream(junk) << std::string(5000, 'x');
    msg = io_refused([&] { Store s(junk); }, junk);
    CHECK(msg.find("not a hatchnet store or corrupt") != std::string::npos);

    const std::string foreign = tmp.file("foreign.db");
    sql_exec(foreign, "CREATE TABLE stuff(a)");
    msg = io_refused([&] { Store s(foreign); }, foreign);
    CHECK(msg.find("not a hatchnet store") != std::string::npos);

    io_refused([&] { Store s(tmp.file("missing.db"), StoreOptions{false, false, 100}); }, tmp.file("missing.db"));

    const std::string locked = tmp.file("locked.db");
    Store s(locked, StoreOptions{true, false, 50});
    s.set_network(small(2));
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(locked.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    msg = io_refused([&] { s.record(apply("so-1", "d-east", "2020-01-01")); }, locked);
    CHECK(msg.find("locked") != std::string::npos);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    CHECK(s.record(apply("so-1", "d-east", "2020-01-01")) == "inc-1");  // the failed attempt left nothing
}

TEST_CASE("records: a foreign database with a schema version is not a store") {
    TempDir tmp;
    for (int v : {1, 2}) {
        const std::string f = tmp.file("foreign" + std::to_string(v) + ".db");
        sql_exec(f, "CREATE TABLE accounts(x); PRAGMA user_version = " + std::to_string(v));
        auto msg = io_refused([&] { Store s(f); }, f);
        CHECK(msg.find("not a hatchnet store") != std::string::npos);
        msg = io_refused([&] { Store s(f, StoreOptions{false, true, 100}); }, f);
        CHECK(msg.find("not a hatchnet store") != std::string::npos);
        CHECK(sql_int(f, "SELECT count(*) FROM sqlite_master") == 1);  // nothing was added to it
        // a table called meta of another shape, or without the format row
        const std::string g = tmp.file("meta" + std::to_string(v) + ".db");
        sql_exec(g, v == 1 ? "CREATE TABLE meta(a, b); PRAGMA user_version = 2"
                           : "CREATE TABLE meta(key TEXT, value TEXT); PRAGMA user_version = 2");
        msg = io_refused([&] { Store s(g); }, g);
        CHECK(msg.find("not a hatchnet store") != std::string::npos);
    }
    // a newer store opened read-only is called newer, not "open it writable to migrate"
    const std::string newer = tmp.file("newer.db");
    { Store s(newer); }
    sql_exec(newer, "PRAGMA user_version = " + std::to_string(schema_version + 1));
    auto msg = io_refused([&] { Store s(newer, StoreOptions{false, true, 100}); }, newer);
    CHECK(msg.find("schema version " + std::to_string(schema_version + 1) + " is newer") != std::string::npos);
    CHECK(msg.find("writable") == std::string::npos);
}

TEST_CASE("records: a writer killed at any moment loses no committed record and tears none") {
    TempDir tmp;
    const std::string path = tmp.file("crash.db");
    auto net = small(4);
    {
        Store s(path);
        s.set_network(net);
    }
    test::Rng rng(2024);
    std::set<std::string> committed;
    std::int64_t day = day_number("2017-01-01");
    for (int round = 0; round < 12; ++round) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const std::int64_t start_day = day + 1000 * round;
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            try {
                Store w(path);
                for (int i = 0;; ++i) {
                    const auto& o = net.organizations[std::size_t(i) % net.organizations.size()];
                    const auto& n = net.nodes[std::size_t(i) % net.nodes.size()];
                    const std::string id = "r" + std::to_string(round) + "-" + std::to_string(i);
                    const std::string at = date_of(start_day + i / 8);
                    w.record({apply(o.id, n.id, at, id), move(id, IncubationStage::admitted, at), move(id, IncubationStage::exited, at)});
                    std::string line = id + "\n";  // reported only once committed
                    if (::write(fds[1], line.data(), line.size()) < 0) break;
                }
            } catch (...) {
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        ::usleep(useconds_t(20000 + rng.below(80000)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        std::string got;
        char buf[4096];
        ssize_t k;
        while ((k = ::read(fds[0], buf, sizeof buf)) > 0) got.append(buf, std::size_t(k));
        ::close(fds[0]);
        std::istringstream lines(got);
        for (std::string id; std::getline(lines, id);) committed.insert(id);
        // reopen after the crash: every committed record is there, whole
        Store s(path);
        CHECK(s.query("PRAGMA integrity_check").at(0).at(0) == "ok");
        for (const auto& id : committed) {
            auto r = s.incubation(id);
            REQUIRE_MESSAGE(r, id << " lost after round " << round);
            CHECK(r->stage == IncubationStage::exited);
            CHECK(r->history.size() == 3);
        }
        CHECK(s.query("SELECT count(*) FROM incubations WHERE stage <> 'exited'").at(0).at(0) == "0");
        CHECK(sql_int(path, "SELECT count(*) FROM incubation_events") == 3 * sql_int(path, "SELECT count(*) FROM incubations"));
        check_invariants(s, net);
    }
    CHECK(committed.size() > 12);
}

TEST_CASE("records: a ledger opens a batch of referrals in one transaction; one referral is read by its id") {
    TempDir tmp;
    auto net = std::make_shared<const Network>(small(2));
    auto store = std::make_shared<Store>(tmp.file("many.db"));
    store->set_network(*net);
    referral::Ledger L(net);
    L.attach(store);
    auto ref = [](const std::string& id, const std::string& org, const std::string& node) {
        referral::Referral r;
        r.id = id;
        r.organization = org;
        r.node = node;
        return r;
    };
    // one refused referral (unknown node): none is written, and no generated id is used up
    std::string msg = refused([&] { L.open_many({ref("", "so-1", "d-east"), ref("", "so-2", "ghost")}, "2024-03-01"); },
                              "referral ref-2", "node");
    CHECK(msg.find("referral 1 of the batch; nothing recorded") != std::string::npos);
    CHECK(L.size() == 0);
    CHECK(sql_int(store->path(), "SELECT count(*) FROM referrals") == 0);
    refused([&] { L.open_many({ref("a", "so-1", "d-east"), ref("a", "so-2", "d-east")}, "2024-03-01"); }, "referral a", "id");
    auto ids = L.open_many({ref("", "so-1", "d-east"), ref("r-x", "so-2", "s-east-1"), ref("", "", "soc-1")}, "2024-03-01",
                           {"first", "", "third"});
    CHECK(ids == std::vector<std::string>{"ref-1", "r-x", "ref-2"});
    CHECK(sql_int(store->path(), "SELECT count(*) FROM referrals") == 3);
    CHECK(sql_int(store->path(), "SELECT count(*) FROM referral_events WHERE note = 'third'") == 1);
    // Store::referral reads one referral, the same as the scan of all of them finds
    L.transition("r-x", referral::Status::accepted, "2024-03-02");
    for (const auto& r : store->referrals()) {
        auto one = store->referral(r.id);
        REQUIRE(one);
        CHECK(referral::referral_to_json(*one) == referral::referral_to_json(r));
    }
    CHECK(store->referral("r-x")->history.size() == 2);
    CHECK_FALSE(store->referral("nope"));
    // what the store holds replays into the same ledger
    CHECK(referral::Ledger::load(net, store).save_json() == L.save_json());
}

TEST_CASE("records: the referral ledger kept in the store") {
    TempDir tmp;
    auto net = std::make_shared<const Network>(small(1));
    auto store = std::make_shared<Store>(tmp.file("r.db"));
    store->set_network(*net);
    referral::Ledger L(net);
    referral::Referral r;
    r.organization = "so-1";
    r.node = "s-east-2";
    r.first_contact = "s-east-1";
    r.needs = {"venue"};
    const std::string id1 = L.open(r, "2024-03-01").id;
    L.attach(store);
    r.organization = "so-2";
    const std::string id2 = L.open(r, "2024-03-02").id;
    L.transition(id1, referral::Status::accepted, "2024-03-03");
    // a refused transition (no capacity) writes nothing
    CHECK_THROWS_AS(L.transition(id2, referral::Status::accepted, "2024-03-03"), input_error);
    L.transition(id1, referral::Status::in_progress, "2024-03-04");
    L.transition(id1, referral::Status::completed, "2024-03-05", "", "got_help");
    CHECK(sql_int(store->path(), "SELECT count(*) FROM referral_events") == 5);
    CHECK(sql_int(store->path(), "SELECT count(*) FROM referrals WHERE status = 'completed' AND outcome = 'got_help'") == 1);
    auto again = referral::Ledger::load(net, store);
    CHECK(again.save_json() == L.save_json());
    // an incubation brought by the referral
    auto t = apply("so-1", "s-east-2", "2024-03-06");
    t.referral = id1;
    auto inc = store->record(t);
    CHECK(store->incubation(inc)->referral == id1);
    // a referral leads to one incubation, of its organization at its incubator
    auto cite = [&](const std::string& org, const std::string& node, const std::string& ref) {
        auto c = apply(org, node, "2024-03-07");
        c.referral = ref;
        return c;
    };
    auto msg = refused([&] { store->record(cite("so-1", "s-east-2", id1)); }, "incubation", "referral");
    CHECK(msg.find("already led to incubation " + inc) != std::string::npos);
    msg = refused([&] { store->record(cite("so-1", "s-east-2", id2)); }, "incubation", "referral");
    CHECK(msg.find("refers so-2 to s-east-2") != std::string::npos);
    refused([&] { store->record(cite("so-2", "cc", id2)); }, "incubation", "referral");
    store->record(cite("so-2", "s-east-2", id2));
    CHECK(sql_int(store->path(), "SELECT count(*) FROM incubations WHERE referral <> ''") == 2);
    // the export carries referrals too, and round-trips
    Store copy(tmp.file("copy.db"));
    copy.import_json(store->export_json());
    CHECK(copy.export_json() == store->export_json());
    referral::Ledger fresh(net);
    fresh.open(r, "2024-03-01");
    CHECK_THROWS_AS(fresh.attach(store), input_error);  // the store already has referrals

    // two ledgers on one file (another Store, as another process would have): a stale one is
    // refused, never merged into what the other wrote
    auto store2 = std::make_shared<Store>(store->path());
    auto stale = referral::Ledger::load(net, store2);
    L.transition(id2, referral::Status::rejected, "2024-03-08");
    const auto events = sql_int(store->path(), "SELECT count(*) FROM referral_events");
    auto stale_msg = refused([&] { stale.transition(id2, referral::Status::cancelled, "2024-03-09"); }, "referral " + id2, "status");
    CHECK(stale_msg.find("another ledger") != std::string::npos);
    CHECK(sql_int(store->path(), "SELECT count(*) FROM referral_events") == events);
    r.organization = "so-3";
    const std::string id3 = L.open(r, "2024-03-10").id;
    r.organization = "so-4";
    stale_msg = refused([&] { (void)stale.open(r, "2024-03-10"); }, "referral " + id3, "id");  // the same next id
    CHECK(stale_msg.find("another ledger") != std::string::npos);
    CHECK(referral::Ledger::load(net, store).save_json() == L.save_json());
    Store copy2(tmp.file("copy2.db"));
    copy2.import_json(store->export_json());
}

// Both namespaces at once (#13 review): the organization's Stage and the stay's IncubationStage
// do not clash, nor do their parse functions.
namespace clash {
using namespace hatchnet;
using namespace hatchnet::records;
static_assert(std::is_same_v<Stage, hatchnet::Stage>);
bool both_namespaces() {
    return parse_stage("growing") == Stage::growing && parse_incubation_stage("admitted") == IncubationStage::admitted &&
           to_string(IncubationStage::graduated) == "graduated" && incubation_stage_count == 6;
}
}  // namespace clash

TEST_CASE("records: using namespace hatchnet and hatchnet::records together compiles and resolves") {
    CHECK(clash::both_namespaces());
}
