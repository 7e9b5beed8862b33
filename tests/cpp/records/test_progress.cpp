// Periods, the network on a date, targets and progress: hand-computed cases.
#include <doctest/doctest.h>

#include <algorithm>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "hatchnet/io/json.hpp"
#include "hatchnet/records/records.hpp"
#include "temp_store.hpp"

using namespace hatchnet::records;
using hatchnet::input_error;
using hatchnet::Network;
namespace fs = std::filesystem;

namespace {
using hatchnet::test::TempStore;
Network small() { return hatchnet::io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }
Fact fact(const std::string& at, FactKind k, const std::string& subject, const std::string& value = {}) {
    return Fact{at, k, subject, value, {}};
}
template <class F>
void refused(F&& f, const std::string& field, const std::string& text) {
    try {
        f();
        FAIL("accepted");
    } catch (const input_error& e) {
        CHECK_MESSAGE(e.field() == field, e.what());
        CHECK_MESSAGE(std::string(e.what()).find(text) != std::string::npos, e.what());
    }
}
Transition tr(const std::string& id, IncubationStage to, const std::string& at, const std::string& org = {}, const std::string& node = {}) {
    Transition t;
    t.id = id;
    t.to = to;
    t.at = at;
    t.organization = org;
    t.node = node;
    return t;
}
}  // namespace

TEST_CASE("timeline: the network as it stood on a date") {
    auto base = small();
    Timeline tl;
    tl.facts = {fact("2019-06-01", FactKind::opened, "d-west"), fact("2020-03-01", FactKind::closed, "s-east-1"),
                fact("2018-01-01", FactKind::capacity, "d-east", "12"), fact("2021-01-01", FactKind::capacity, "d-east", "40"),
                fact("2019-02-01", FactKind::stage, "so-1", "growing"), fact("2020-01-01", FactKind::registered, "so-5", "district")};
    for (const auto& f : tl.facts) check_fact(f, base, "fact");
    auto n2018 = tl.at(base, "2018-12-31");
    CHECK(n2018.find_node("d-west") == nullptr);                 // opens later
    CHECK(n2018.find_node("s-east-1") != nullptr);
    CHECK(n2018.find_node("d-east")->capacity == 12);
    CHECK(n2018.find_node("d-east")->capacity_updated == "2018-01-01");
    CHECK(n2018.find_organization("so-5") == nullptr);          // registered later
    CHECK(n2018.find_organization("so-1")->stage == hatchnet::Stage::mature);  // as in the base
    for (const auto& e : n2018.edges) CHECK((e.from != "d-west" && e.to != "d-west"));
    CHECK(n2018.edges.size() < base.edges.size());
    auto n2020 = tl.at(base, "2020-06-30");
    CHECK(n2020.find_node("d-west") != nullptr);
    CHECK(n2020.find_node("s-east-1") == nullptr);              // closed
    CHECK(n2020.find_organization("so-4")->home.empty());       // its home closed
    CHECK(n2020.find_organization("so-1")->stage == hatchnet::Stage::growing);
    CHECK(n2020.find_organization("so-5")->registration == hatchnet::Registration::district);
    CHECK(tl.at(base, "2022-01-01").find_node("d-east")->capacity == 40);
    CHECK(n2020.nodes.size() == base.nodes.size() - 1);
    refused([&] { check_fact(fact("2020-01-01", FactKind::capacity, "d-east", "-3"), base, "fact"); }, "value", "whole number");
    refused([&] { check_fact(fact("2020-01-01", FactKind::stage, "so-1", "old"), base, "fact"); }, "value", "founding");
    refused([&] { check_fact(fact("2020-01-01", FactKind::opened, "ghost"), base, "fact"); }, "subject", "unknown incubator");
    refused([&] { tl.at(base, "2020-02-30"); }, "date", "YYYY-MM-DD");
}

TEST_CASE("store: no admission into an incubator closed on that date") {
    TempStore tmp("hn-progress");
    Store s(tmp.path);
    s.set_network(small());
    s.add_years(2020, 2021);
    s.record(tr("c1", IncubationStage::applied, "2020-01-01", "so-1", "d-west"));
    s.add_fact(fact("2020-02-01", FactKind::closed, "d-west"));  // an applicant holds no place
    refused([&] { s.record(tr("c1", IncubationStage::admitted, "2020-03-01")); }, "node", "closed on 2020-03-01");
    CHECK(s.incubation("c1")->stage == IncubationStage::applied);  // nothing recorded
    CHECK(s.residents("d-west") == 0);
    s.add_fact(fact("2020-04-01", FactKind::opened, "d-west"));
    s.record(tr("c1", IncubationStage::admitted, "2020-04-02"));
    CHECK(s.residents("d-west") == 1);
    // what the store holds, its own export imports again
    TempStore tmp2("hn-progress");
    Store copy(tmp2.path);
    copy.import_json(s.export_json());
    CHECK(copy.residents("d-west") == 1);
}

TEST_CASE("store: set_network refuses a capacity below the current residents") {
    TempStore tmp("hn-progress");
    Store s(tmp.path);
    auto net = small();
    s.set_network(net);
    s.add_years(2020, 2021);
    const char* orgs[] = {"so-1", "so-2", "so-3"};
    for (int i = 0; i < 3; ++i) {
        const std::string id = "r" + std::to_string(i), at = "2020-01-0" + std::to_string(i + 1);
        s.record({tr(id, IncubationStage::applied, at, orgs[i], "s-west-1"), tr(id, IncubationStage::admitted, at)});
    }
    auto lower = net;
    for (auto& n : lower.nodes)
        if (n.id == "s-west-1") n.capacity = 2;
    refused([&] { s.set_network(lower); }, "capacity", "below the 3 residents the store records for it on 2020-01-03");
    CHECK(s.query("SELECT capacity FROM incubators WHERE id = 's-west-1'").at(0).at(0) ==
          std::to_string(net.find_node("s-west-1")->capacity));  // nothing changed
    for (auto& n : lower.nodes)
        if (n.id == "s-west-1") n.capacity = 3;
    s.set_network(lower);  // exactly full is allowed
    CHECK(s.query("SELECT capacity FROM incubators WHERE id = 's-west-1'").at(0).at(0) == "3");
    // one leaves: the store had 3 at once before, so 2 places are still too few for its history
    s.record(tr("r0", IncubationStage::exited, "2020-01-10"));
    for (auto& n : lower.nodes)
        if (n.id == "s-west-1") n.capacity = 2;
    refused([&] { s.set_network(lower); }, "capacity", "3 residents the store records for it on 2020-01-03");
    // a capacity fact of the timeline is what counts from its date on: only events before it
    // must fit the network's capacity
    s.add_fact(fact("2020-02-01", FactKind::capacity, "s-west-1", "4"));
    s.record({tr("r3", IncubationStage::applied, "2020-02-02", "so-4", "s-west-1"), tr("r3", IncubationStage::admitted, "2020-02-02")});
    s.record({tr("r4", IncubationStage::applied, "2020-02-03", "so-5", "s-west-1"), tr("r4", IncubationStage::admitted, "2020-02-03")});
    CHECK(s.residents("s-west-1") == 4);
    for (auto& n : lower.nodes)
        if (n.id == "s-west-1") n.capacity = 3;
    s.set_network(lower);
    TempStore tmp2("hn-progress");
    Store copy(tmp2.path);
    copy.import_json(s.export_json());  // the store's own export imports again
    CHECK(copy.residents("s-west-1") == 4);
}

TEST_CASE("store: a batch of facts or targets is all or nothing") {
    TempStore tmp("hn-progress");
    Store s(tmp.path);
    s.set_network(small());
    s.add_years(2020, 2021);
    refused([&] { s.add_facts({fact("2020-01-01", FactKind::capacity, "d-west", "7"), fact("2020-01-02", FactKind::capacity, "nope", "3")}); },
            "subject", "fact 1 of the batch; nothing recorded");
    CHECK(s.timeline().facts.empty());
    CHECK(s.query("SELECT count(*) FROM timeline").at(0).at(0) == "0");
    Target good{"g", "graduations", "", 2, "2021-12-31", ""}, bad_due{"h", "graduations", "", 2, "never", ""};
    refused([&] { s.add_targets({good, bad_due}); }, "due", "target 1 of the batch; nothing recorded");
    CHECK(s.targets().empty());
    refused([&] { s.add_targets({good, good}); }, "id", "duplicate target id");
    CHECK(s.targets().empty());
    s.add_targets({good});
    CHECK(s.targets().size() == 1);
}

TEST_CASE("store: a copy through JSON keeps the facts' place in the date order") {
    TempStore tmp("hn-progress");
    Store s(tmp.path);
    s.set_network(small());
    s.add_years(2020, 2021);
    s.add_fact(fact("2021-06-01", FactKind::stage, "so-1", "growing"));
    s.add_fact(fact("2021-06-01", FactKind::capacity, "d-west", "25"));
    TempStore tmp2("hn-progress");
    Store copy(tmp2.path);
    copy.import_json(s.export_json());
    for (Store* st : {&s, &copy}) {
        refused([&] { st->record(tr("", IncubationStage::applied, "2020-06-01", "so-1", "d-east")); }, "at", "of organization so-1");
        refused([&] { st->record(tr("", IncubationStage::applied, "2020-06-01", "so-2", "d-west")); }, "at", "at incubator d-west");
        CHECK(st->record(tr("", IncubationStage::applied, "2021-06-02", "so-1", "d-west")) == "inc-1");
    }
    CHECK(copy.export_json() == s.export_json());
}

TEST_CASE("store: dates outside the store's periods are refused") {
    TempStore tmp("hn-progress");
    Store s(tmp.path);
    s.set_network(small());
    s.add_years(2020, 2021);
    const std::string range = "outside the store's periods (2020-01-01 to 2021-12-31)";
    refused([&] { s.record(tr("a", IncubationStage::applied, "2202-03-01", "so-1", "d-east")); }, "at", "dated 2202-03-01, " + range);
    refused([&] { s.record(tr("a", IncubationStage::applied, "1000-01-01", "so-1", "d-east")); }, "at", range);
    refused([&] { s.add_fact(fact("2022-01-01", FactKind::capacity, "d-east", "3")); }, "at", range);
    s.record(tr("a", IncubationStage::applied, "2020-03-01", "so-1", "d-east"));
    refused([&] { s.record(tr("a", IncubationStage::admitted, "2022-01-01")); }, "at", range);
    // nothing was frozen by the refused dates: the real ones go on
    s.record(tr("a", IncubationStage::admitted, "2021-12-31"));
    s.add_fact(fact("2021-12-31", FactKind::capacity, "d-east", "3"));
    CHECK(progress(s, small()).as_of == "2021-12-31");
    // a later period widens the range
    s.add_years(2022, 2022);
    s.record(tr("a", IncubationStage::incubating, "2022-01-01"));
}

TEST_CASE("store: facts are checked against the records; network_at carries the residents") {
    TempStore tmp("hn-progress");
    Store s(tmp.path);
    auto base = small();
    s.set_network(base);
    s.add_years(2019, 2021);
    s.record({tr("a", IncubationStage::applied, "2019-03-01", "so-1", "s-east-2"), tr("a", IncubationStage::admitted, "2019-03-02")});
    s.record({tr("b", IncubationStage::applied, "2019-03-03", "so-2", "s-east-2"), tr("b", IncubationStage::admitted, "2019-03-04")});
    refused([&] { s.add_fact(fact("2019-04-01", FactKind::capacity, "s-east-2", "1")); }, "value", "below the 2 residents");
    refused([&] { s.add_fact(fact("2019-04-01", FactKind::closed, "s-east-2")); }, "kind", "still has 2 residents");
    refused([&] { s.add_fact(fact("2019-03-01", FactKind::capacity, "s-east-2", "5")); }, "at", "date order");
    refused([&] { s.add_fact(fact("2019-05-01", FactKind::opened, "nowhere")); }, "subject", "unknown incubator");
    s.add_fact(fact("2019-05-01", FactKind::capacity, "s-east-2", "2"));
    // full now: the capacity fact, not the network's 10 places, applies
    s.record(tr("c", IncubationStage::applied, "2019-05-02", "so-3", "s-east-2"));
    refused([&] { s.record(tr("c", IncubationStage::admitted, "2019-05-03")); }, "node", "capacity 2");
    s.record(tr("a", IncubationStage::exited, "2019-06-01"));
    s.record(tr("c", IncubationStage::admitted, "2019-06-02"));
    s.add_fact(fact("2019-07-01", FactKind::closed, "c-east-b"));
    refused([&] { s.record(tr("d", IncubationStage::applied, "2019-07-02", "so-4", "c-east-b")); }, "node", "closed on 2019-07-02");
    auto mid = s.network_at(base, "2019-03-05");
    CHECK(mid.find_node("s-east-2")->occupied == 2);
    CHECK(mid.find_node("s-east-2")->capacity == 10);
    auto end = s.network_at(base, "2019");
    CHECK(end.find_node("s-east-2")->occupied == 2);
    CHECK(end.find_node("s-east-2")->capacity == 2);
    CHECK(end.find_node("c-east-b") == nullptr);
    CHECK(s.timeline().facts.size() == 2);
    refused([&] { s.network_at(base, "2030"); }, "id", "unknown period");
    refused([&] { s.network_at(base, "2030-01-01"); }, "id", "outside the store's periods (2019-01-01 to 2021-12-31)");
    // the facts travel with the JSON export
    TempStore tmp2("hn-progress");
    Store copy(tmp2.path);
    copy.import_json(s.export_json());
    CHECK(copy.export_json() == s.export_json());
    CHECK(copy.network_at(base, "2019").find_node("s-east-2")->capacity == 2);
    // an export whose periods, facts or targets would not pass add_period / add_fact /
    // add_target is refused whole, naming the row and field
    s.add_target(Target{"t", "graduations", "", 2, "2021-12-31", ""});
    const std::string text = s.export_json();
    auto tampered = [&](const std::string& from, const std::string& to, const std::string& field) {
        std::string bad = text;
        auto at = bad.find(from);
        REQUIRE(at != std::string::npos);
        bad.replace(at, from.size(), to);
        TempStore t3("hn-progress");
        Store u(t3.path);
        refused([&] { u.import_json(bad); }, field, "");
        CHECK(u.query("SELECT count(*) FROM incubators").at(0).at(0) == "0");
    };
    tampered("[\"2019\",\"2019-01-01\"", "[\"2019\",\"2019-01-01' OR 1=1 --\"", "start");
    tampered("\"capacity\",\"s-east-2\",\"2\"", "\"capacity\",\"s-east-2\",\"two\"", "value");
    tampered("\"2021-12-31\",\"\"]", "\"soon\",\"\"]", "due");
}

TEST_CASE("progress: the projection is ordinary least squares with a prediction interval") {
    auto p = project({0, 1, 2, 3}, {0, 1, 1, 3}, 5.0);  // hand-computed below
    REQUIRE(p);
    CHECK(p->slope == doctest::Approx(0.9));
    CHECK(p->value == doctest::Approx(4.4));
    // s^2 = 0.7 / 2; se = sqrt(0.35 (1 + 1/4 + 3.5^2 / 5)) = sqrt(1.295); t(0.95, 2) = 2.920
    const double half = 2.920 * std::sqrt(1.295);
    CHECK(*p->low == doctest::Approx(4.4 - half));
    CHECK(*p->high == doctest::Approx(4.4 + half));
    auto exact = project({2017, 2018, 2019}, {0.1, 0.2, 0.3}, 2020);
    CHECK(exact->value == doctest::Approx(0.4));
    CHECK(*exact->high - *exact->low == doctest::Approx(0.0).epsilon(1e-9));
    auto two = project({1, 2}, {1, 3}, 3);
    CHECK(two->value == doctest::Approx(5));
    CHECK_FALSE(two->low);
    CHECK_FALSE(project({1}, {1}, 2));
    CHECK_FALSE(project({1, 1}, {1, 2}, 2));
}

TEST_CASE("progress: the 2020 targets by period and district on a growing network") {
    TempStore tmp("hn-progress");
    Store s(tmp.path);
    auto base = small();
    s.set_network(base);
    s.add_years(2017, 2021);
    // d-west opens in 2018, s-west-1 in 2019, s-east-2 in 2020; c-east-b opens in 2020
    s.add_fact(fact("2017-01-01", FactKind::opened, "d-east"));
    s.add_fact(fact("2018-03-01", FactKind::opened, "d-west"));
    s.add_fact(fact("2019-07-01", FactKind::opened, "s-west-1"));
    s.add_fact(fact("2020-05-01", FactKind::opened, "s-east-2"));
    s.add_fact(fact("2020-02-01", FactKind::opened, "c-east-b"));
    s.record({tr("g", IncubationStage::applied, "2021-01-04", "so-1", "d-east"), tr("g", IncubationStage::admitted, "2021-01-04"),
              tr("g", IncubationStage::incubating, "2021-01-05"), tr("g", IncubationStage::graduated, "2021-06-30")});
    s.add_target(Target{"stations", "community_coverage", "11", 1.0, "2025-12-31", "user"});
    s.add_target(Target{"grads", "graduations", "110101", 3, "2021-12-31", ""});
    refused([&] { s.add_target(Target{"x", "bridges", "", 1, "2020-12-31", ""}); }, "kind", "unknown kind");
    refused([&] { s.add_target(Target{"y", "street_coverage", "", 2, "2020-12-31", ""}); }, "value", "between 0 and 1");
    refused([&] { s.add_target(Target{"stations", "street_coverage", "", 1, "2020-12-31", ""}); }, "id", "duplicate");
    auto r = progress(s, base, default_targets("11"));
    CHECK(r.as_of == "2021-06-30");
    REQUIRE(r.targets.size() == 2);
    const auto& d = r.targets[0];
    std::vector<double> want_d{0.5, 1, 1, 1, 1}, want_s{1.0 / 3, 1.0 / 3, 2.0 / 3, 1, 1};
    REQUIRE(d.series.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(d.series[i].first == std::to_string(2017 + i));
        CHECK(d.series[i].second == doctest::Approx(want_d[i]));
        CHECK(r.targets[1].series[i].second == doctest::Approx(want_s[i]));
    }
    CHECK(d.status == "met");
    CHECK(d.by_district.at("110101") == 1.0);
    CHECK(r.targets[1].by_district.at("110101") == 1.0);
    // the store's own targets when none are given
    auto mine = progress(s, base);
    REQUIRE(mine.targets.size() == 2);
    const auto& st = mine.targets[0];
    std::vector<double> want_c{1.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3, 2.0 / 3};
    std::vector<double> xs;
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(st.series[i].second == doctest::Approx(want_c[i]));
        xs.push_back(double(day_number(std::to_string(2017 + i) + "-12-31")) / 365.2425 + 1970.0);
    }
    auto expect = project(xs, want_c, double(day_number("2025-12-31")) / 365.2425 + 1970.0);
    REQUIRE(st.projection);
    CHECK(st.projection->value == doctest::Approx(std::min(1.0, expect->value)));
    CHECK(st.status == (std::min(1.0, expect->value) >= 1.0 ? "on_track" : "behind"));
    CHECK(st.by_district.at("110102") == 0.0);  // its one village has no station
    const auto& g = mine.targets[1];
    CHECK(g.series.back().second == 1);
    CHECK(g.status == "missed");  // 1 of 3 graduations by the end of 2021
    // the series (graduations counted once, period by period) equals measure() on each period's
    // end (all graduations up to it, counted again), with the districts of the latest
    const auto periods = s.periods();
    for (const auto& [pid, v] : g.series) {
        const auto p = std::find_if(periods.begin(), periods.end(), [&](const Period& x) { return x.id == pid; });
        REQUIRE(p != periods.end());
        std::map<std::string, double> by;
        CHECK(v == measure(g.target, base, s, p->end, &by));
        if (pid == g.series.back().first) CHECK(by == g.by_district);
    }
    auto j = progress_to_json(mine);
    CHECK(j["targets"][1]["status"] == "missed");
    CHECK(j["targets"][0]["projection"]["method"] == "ols_linear");
}
