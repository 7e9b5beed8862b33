// Evaluation cycles from the records: a hand-computed two-year case (indicators, scores,
// grades, ranks, rank stability, the ±2-level mover and the indicators that moved it).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "hatchnet/evaluate/json.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/records/records.hpp"
#include "temp_store.hpp"

using namespace hatchnet::records;
using hatchnet::input_error;
using hatchnet::Network;
namespace ev = hatchnet::evaluate;
namespace fs = std::filesystem;

namespace {
using hatchnet::test::TempStore;
Transition tr(const std::string& id, IncubationStage to, const std::string& at, const std::string& org = {}, const std::string& node = {}) {
    Transition t;
    t.id = id;
    t.to = to;
    t.at = at;
    t.organization = org;
    t.node = node;
    return t;
}
void stay(Store& s, const std::string& id, const std::string& org, const std::string& node, const std::string& at) {
    s.record({tr(id, IncubationStage::applied, at, org, node), tr(id, IncubationStage::admitted, at), tr(id, IncubationStage::incubating, at)});
}
ev::Scheme scheme() {
    return ev::scheme_from_json(nlohmann::json::parse(R"({
      "id": "rec", "total_points": 100, "ungraded": "none",
      "grades": [{"name": "A", "min_points": 80}, {"name": "B", "min_points": 50}, {"name": "C", "min_points": 20}],
      "indicators": [
        {"id": "incubation.graduated", "points": 50, "scoring": {"method": "goalposts", "low": 0, "high": 2}},
        {"id": "capacity_use", "points": 50, "scoring": "fraction"}]})"));
}
}  // namespace

TEST_CASE("evaluation cycles: a hand-computed two-year case") {
    TempStore tmp("hn-eval");
    Store s(tmp.path);
    auto base = hatchnet::io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json");
    for (auto& n : base.nodes) n.capacity = 2;
    s.set_network(base);
    s.add_years(2020, 2021);
    stay(s, "a", "so-1", "d-east", "2020-01-10");
    stay(s, "b", "so-2", "d-east", "2020-02-01");
    stay(s, "c", "so-3", "s-east-1", "2020-03-01");
    s.record(tr("a", IncubationStage::graduated, "2020-06-30"));
    stay(s, "e", "so-4", "s-east-1", "2021-01-10");
    s.record(tr("b", IncubationStage::graduated, "2021-02-01"));
    s.record(tr("c", IncubationStage::graduated, "2021-03-01"));
    s.record(tr("e", IncubationStage::graduated, "2021-06-01"));
    stay(s, "f", "so-5", "s-east-1", "2021-07-01");
    stay(s, "g", "so-1", "s-east-1", "2021-07-01");

    // the record indicators of 2020, by hand
    auto net2020 = s.network_at(base, "2020");
    auto ind = record_indicators(s, net2020, *s.period("2020"));
    auto at = [&](const std::string& id, const std::string& col) {
        auto r = std::find(ind.ids.begin(), ind.ids.end(), id) - ind.ids.begin();
        auto c = std::find(ind.columns.begin(), ind.columns.end(), col) - ind.columns.begin();
        return ind.values(r, c);
    };
    CHECK(at("d-east", "incubation.incubated") == 2);
    CHECK(at("d-east", "incubation.graduated") == 1);
    CHECK(at("d-east", "graduation_rate") == 1.0);
    CHECK(at("d-east", "median_days_to_graduation") == double(day_number("2020-06-30") - day_number("2020-01-10")));
    CHECK(at("d-east", "capacity_use") == 0.5);
    CHECK(std::isnan(at("d-east", "referral_completion_rate")));
    CHECK(std::isnan(at("s-east-1", "graduation_rate")));

    ev::NetworkEvalOptions opt;
    opt.draws = 0;
    auto c20 = evaluate_period(s, base, "2020", scheme(), {}, {}, opt);
    auto c21 = evaluate_period(s, base, "2021", scheme(), {}, {}, opt);
    auto row = [](const Cycle& c, const std::string& id) {
        return *std::find_if(c.rows.begin(), c.rows.end(), [&](const EvaluationRow& r) { return r.incubator == id; });
    };
    // 2020: d-east 1 graduation (25) + half full (25) = 50 -> B; s-east-1 0 + 25 -> C
    CHECK(*row(c20, "d-east").score == doctest::Approx(50));
    CHECK(row(c20, "d-east").grade == "B");
    CHECK(*row(c20, "s-east-1").score == doctest::Approx(25));
    CHECK(row(c20, "s-east-1").grade == "C");
    CHECK(row(c20, "cc").grade == "none");
    CHECK(*row(c20, "d-east").rank == 1);
    CHECK(*row(c20, "cc").rank == 6.5);
    // 2021: s-east-1 2 graduations (50) + full (50) = 100 -> A; d-east 1 graduation, empty -> C
    CHECK(*row(c21, "s-east-1").score == doctest::Approx(100));
    CHECK(row(c21, "s-east-1").grade == "A");
    CHECK(row(c21, "d-east").grade == "C");
    // the rows are in the store, as plain SQL sees them
    CHECK(s.query("SELECT grade FROM evaluations WHERE period = '2021' AND incubator = 's-east-1'").at(0).at(0) == "A");
    CHECK(s.evaluations("2020", "rec").size() == base.nodes.size());
    // re-running a cycle replaces it
    evaluate_period(s, base, "2020", scheme(), {}, {}, opt);
    CHECK(s.query("SELECT count(*) FROM evaluations").at(0).at(0) == std::to_string(2 * base.nodes.size()));

    auto cmp = compare_cycles(s, scheme(), "2020", "2021");
    CHECK(cmp.common == base.nodes.size());
    // ranks 2020: d-east 1, s-east-1 2, eight tied at 6.5; 2021 the first two swap:
    // rho = 39.5 / 40.5
    REQUIRE(cmp.rank_correlation);
    CHECK(*cmp.rank_correlation == doctest::Approx(39.5 / 40.5));
    CHECK(cmp.transitions["B"]["C"] == 1);
    CHECK(cmp.transitions["C"]["A"] == 1);
    CHECK(cmp.transitions["none"]["none"] == int(base.nodes.size()) - 2);
    CHECK(cmp.changes.size() == 2);
    REQUIRE(cmp.movers.size() == 1);
    const auto& m = cmp.movers[0];
    CHECK(m.incubator == "s-east-1");
    CHECK(m.levels == 2);
    REQUIRE(m.moved_by.size() == 2);
    CHECK(m.moved_by[0].first == "incubation.graduated");
    CHECK(m.moved_by[0].second == doctest::Approx(50));
    CHECK(m.moved_by[1].first == "capacity_use");
    CHECK(m.moved_by[1].second == doctest::Approx(25));
    auto j = comparison_to_json(cmp);
    CHECK(j["movers"][0]["incubator"] == "s-east-1");

    try {
        compare_cycles(s, scheme(), "2020", "2019");
        FAIL("accepted");
    } catch (const input_error& e) {
        CHECK(e.record() == "period 2019");
    }
    try {
        evaluate_period(s, base, "2019", scheme(), {}, {}, opt);
        FAIL("accepted");
    } catch (const input_error& e) {
        CHECK(e.record() == "period 2019");
    }
}
