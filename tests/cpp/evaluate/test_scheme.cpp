// Tests of indicator schemes: JSON load/save and errors, points, bonus caps, grades at and
// around every threshold, veto rules, missing data, per-level aggregators, shipped presets.
#include <doctest/doctest.h>

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/limits.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#ifndef HATCHNET_TEST_DATA_DIR
#define HATCHNET_TEST_DATA_DIR "data"
#endif

using namespace hatchnet::evaluate;
using hatchnet::input_error;
using nlohmann::json;

namespace {

// A small points scheme: A (60) = a1 (40) + a2 (20); B (40) leaf; bonus X (cap 5) = x1 (10).
json small() {
    return json::parse(R"({
      "id": "small", "total_points": 100, "bonus_cap": 5,
      "indicators": [
        {"id": "A", "points": 60},
        {"id": "a1", "parent": "A", "points": 40},
        {"id": "a2", "parent": "A", "points": 20},
        {"id": "B", "points": 40, "polarity": "cost"},
        {"id": "X", "bonus": true, "points": 10, "cap": 5},
        {"id": "x1", "parent": "X", "points": 10}
      ],
      "grades": [{"name": "1A", "min_points": 50}, {"name": "3A", "min_points": 80},
                 {"name": "2A", "min_points": 65}],
      "vetoes": [{"id": "v", "indicator": "a2", "op": "<", "threshold": 0.25, "max_grade": "2A"}]
    })");
}

std::string error_of(const json& j) {
    try { scheme_from_json(j); } catch (const input_error& e) { return e.record() + "|" + e.field(); }
    return "no error";
}

}  // namespace

TEST_CASE("points, cost polarity, bonus cap") {
    Scheme s = scheme_from_json(small());
    CHECK(s.grades[0].name == "3A");   // sorted best first
    Matrix d(2, 4);
    // columns: a1 a2 B x1 (B is cost: 0.25 -> fraction 0.75)
    d << 1.0, 0.5, 0.25, 1.0,
         0.5, 1.0, 0.0, 0.2;
    auto r = evaluate_scheme(s, d, {"a1", "a2", "B", "x1"});
    CHECK(r.main_points[0] == doctest::Approx(40 + 10 + 30));
    CHECK(r.bonus_points[0] == doctest::Approx(5));     // 10 capped at 5
    CHECK(r.total[0] == doctest::Approx(85));
    CHECK(r.grade[0] == "3A");
    CHECK(r.main_points[1] == doctest::Approx(20 + 20 + 40));
    CHECK(r.bonus_points[1] == doctest::Approx(2));
    CHECK(r.total[1] == doctest::Approx(82));
    CHECK(r.area_nodes.size() == 2);
}

TEST_CASE("grades at and around every threshold") {
    Scheme s = scheme_from_json(small());
    for (const auto& g : s.grades) {
        const double t = g.min_points;
        CHECK(s.grades[grade_for(s, t)].name == g.name);                 // at: reached
        CHECK(s.grades[grade_for(s, t + 1e-6)].name == g.name);          // just above
        CHECK(s.grades[grade_for(s, t - 1e-12)].name == g.name);         // float noise
        const int below = grade_for(s, t - 1e-6);
        CHECK(below != grade_for(s, t));                                 // just below: lower
    }
    CHECK(grade_for(s, 49.9) == -1);
    CHECK(grade_for(s, 1e9) == 0);
    // through evaluate: totals exactly at 80, 65, 50 (x1 = 0, B = 0 -> B gives 40 points)
    Matrix d(4, 4);
    d << 1.0, 0.0, 0.0, 0,    // 40 + 0 + 40 = 80 -> 3A; veto: a2 = 0 < 0.25 -> capped at 2A
         0.625, 0.5, 0.0, 0,  // 25 + 10 + 40 = 75 -> 2A
         0.0, 0.5, 0.0, 0,    // 0 + 10 + 40 = 50 -> 1A
         0.0, 0.45, 0.0, 0;   // 49 -> ungraded
    auto r = evaluate_scheme(s, d, {"a1", "a2", "B", "x1"});
    CHECK(r.grade_before_veto[0] == "3A");
    CHECK(r.grade[0] == "2A");
    CHECK(r.vetoes_fired[0] == std::vector<std::string>{"v"});
    CHECK(r.grade[1] == "2A");
    CHECK(r.grade[2] == "1A");
    CHECK(r.grade[3] == "ungraded");
}

TEST_CASE("veto rules: fire, do not raise a grade, 'none', missing values") {
    json j = small();
    j["vetoes"].push_back({{"id", "kill"}, {"indicator", "B"}, {"op", ">"}, {"threshold", 0.9},
                           {"max_grade", nullptr}});
    Scheme s = scheme_from_json(j);
    Matrix d(3, 4);
    d << 1, 1, 0.95, 1,   // B high (cost) fires "kill" -> ungraded
         1, 0.2, 0, 0,    // grade 3A (40+4+40=84) capped by v to 2A
         0, 0.2, 0.5, 0;  // 0+4+20 = 24 ungraded: veto cannot raise
    auto r = evaluate_scheme(s, d, {"a1", "a2", "B", "x1"});
    CHECK(r.grade[0] == "ungraded");
    CHECK(r.grade[1] == "2A");
    CHECK(r.grade[2] == "ungraded");
    // a missing a2 (zero-imputed) and the veto on its raw value fires conservatively
    Matrix m(1, 4);
    m << 1, NAN, 0, 0;
    auto rm = evaluate_scheme(s, m, {"a1", "a2", "B", "x1"});
    CHECK(rm.vetoes_fired[0].size() == 1);
    bool noted = false;
    for (auto& n : rm.notes) noted |= n.find("veto") != std::string::npos;
    CHECK(noted);
}

TEST_CASE("missing data: zero, mean, leave out") {
    Scheme s = scheme_from_json(small());
    Matrix d(2, 4);
    d << 1, NAN, 0, 0,
         1, 1, 0, 0;
    SchemeOptions o;
    auto z = evaluate_scheme(s, d, {"a1", "a2", "B", "x1"}, o);
    CHECK(z.total[0] == doctest::Approx(80));
    CHECK(!z.notes.empty());
    o.missing = Imputation::mean;
    auto m = evaluate_scheme(s, d, {"a1", "a2", "B", "x1"}, o);
    CHECK(m.total[0] == doctest::Approx(100));
    o.missing = Imputation::leave_out;   // A = a1 only -> fraction 1 -> 60 points
    auto l = evaluate_scheme(s, d, {"a1", "a2", "B", "x1"}, o);
    CHECK(l.points(0, s.index_of("A")) == doctest::Approx(60));
    o.missing = Imputation::none;
    CHECK_THROWS_AS(evaluate_scheme(s, d, {"a1", "a2", "B", "x1"}, o), input_error);
    // a data column missing altogether names the indicator
    try { evaluate_scheme(s, d, {"a1", "zz", "B", "x1"}); FAIL("no throw"); }
    catch (const input_error& e) { CHECK(e.record() == "a2"); CHECK(e.field() == "column"); }
}

TEST_CASE("per-level and per-node aggregators (COINr#42)") {
    json j = small();
    j["level_aggregators"] = {{"0", "minimum"}};
    Scheme s = scheme_from_json(j);
    Matrix d(1, 4);
    d << 1, 0.25, 0, 0;     // a1 = 1, a2 = 0.25 -> min 0.25 -> A = 15
    auto r = evaluate_scheme(s, d, {"a1", "a2", "B", "x1"});
    CHECK(r.points(0, s.index_of("A")) == doctest::Approx(15));
    j["indicators"][0]["aggregator"] = "geometric";   // node override beats level
    Scheme g = scheme_from_json(j);
    auto rg = evaluate_scheme(g, d, {"a1", "a2", "B", "x1"});
    const double f = std::pow(1.0, 2.0 / 3) * std::pow(0.25, 1.0 / 3);
    CHECK(rg.points(0, g.index_of("A")) == doctest::Approx(60 * f));
}

TEST_CASE("scheme errors name the indicator and the field") {
    json j = small();
    j["indicators"][1]["parent"] = "nope";
    CHECK(error_of(j) == "a1|parent");
    j = small();
    j["indicators"][0]["parent"] = "a1";   // A -> a1 -> A
    CHECK(error_of(j).find("|parent") != std::string::npos);
    j = small();
    j["indicators"][2]["points"] = 25;     // 40 + 25 != 60
    CHECK(error_of(j) == "A|points");
    j["strict_sums"] = false;
    CHECK(error_of(j) == "no error");
    j = small();
    j["indicators"][3]["points"] = 30;     // areas add to 90, not 100
    CHECK(error_of(j) == "scheme|total_points");
    j = small();
    j["indicators"][1]["points"] = "x";
    CHECK(error_of(j) == "a1|points");
    j = small();
    j["indicators"][1]["points"] = std::nan("");   // NaN smuggled in from code
    CHECK(error_of(j) == "a1|points");
    j = small();
    j["indicators"].push_back(j["indicators"][1]);
    CHECK(error_of(j) == "a1|id");
    j = small();
    j["vetoes"][0]["indicator"] = "zz";
    CHECK(error_of(j) == "v|indicator");
    j = small();
    j["vetoes"][0]["max_grade"] = "9A";
    CHECK(error_of(j) == "v|max_grade");
    j = small();
    j["indicators"][1]["polarity"] = "up";
    CHECK(error_of(j) == "a1|polarity");
    j = small();
    j["indicators"][1]["source"] = "gossip";
    CHECK(error_of(j) == "a1|source");
    j = small();
    j["indicators"][1].erase("points");
    j["indicators"][1]["weight"] = 0.5;   // mixed points and weights among siblings
    CHECK(error_of(j).find("|points") != std::string::npos);
}

namespace {
/// A chain of `levels` nested indicators L1 > L2 > ... (100 points each), or a cycle of them.
json chain(int levels, bool cycle = false) {
    json inds = json::array();
    for (int i = 1; i <= levels; ++i) {
        json o = {{"id", "L" + std::to_string(i)}, {"points", 100}};
        if (i > 1) o["parent"] = "L" + std::to_string(i - 1);
        else if (cycle) o["parent"] = "L" + std::to_string(levels);
        inds.push_back(o);
    }
    return {{"id", "deep"}, {"indicators", inds}};
}
}  // namespace

TEST_CASE("scheme trees: at most max_scheme_depth levels, at most max_elements indicators (issue #10)") {
    CHECK(max_scheme_depth == 32);
    Scheme ok = scheme_from_json(chain(32));
    CHECK(ok.depth.back() == 31);
    CHECK(ok.max_points.back() == 100);
    // 33 levels: refused, naming the indicator at level 33 and its field 'parent'
    CHECK(error_of(chain(33)) == "L33|parent");
    try {
        scheme_from_json(chain(33));
    } catch (const input_error& e) {
        CHECK(std::string(e.what()).find("32 levels") != std::string::npos);
    }
    // the reviewer's chain of 100,000 (9.7 s to load before, 300,000 over a minute): refused
    // in linear time, by the same indicator
    CHECK(error_of(chain(100000)) == "L33|parent");
    // the order of the records does not matter
    json rev = chain(40);
    std::reverse(rev["indicators"].begin(), rev["indicators"].end());
    CHECK(error_of(rev) == "L33|parent");
    // a long cycle is still a cycle (found in linear time too)
    CHECK(error_of(chain(1000, true)).find("|parent") != std::string::npos);
    try {
        scheme_from_json(chain(1000, true));
    } catch (const input_error& e) {
        CHECK(std::string(e.what()).find("cycle") != std::string::npos);
        CHECK(std::string(e.what()).size() < 400);   // the message names a few ids, not all
    }
    // the number of indicators is bounded by max_elements
    const hatchnet::Limits old = hatchnet::limits();
    hatchnet::Limits l = old;
    l.max_elements = 5;
    hatchnet::set_limits(l);
    std::string got;
    try {
        scheme_from_json(small());   // 6 indicators
    } catch (const hatchnet::limit_error& e) {
        got = e.record() + "|" + e.field();
    }
    Scheme direct;
    direct.indicators.resize(6);
    std::string got_validate;
    try {
        validate(direct);
    } catch (const hatchnet::limit_error& e) {
        got_validate = e.record() + "|" + e.field();
    }
    hatchnet::set_limits(old);
    CHECK(got == "small|indicators");
    CHECK(got_validate == "scheme|indicators");
}

TEST_CASE("JSON round trip") {
    Scheme s = scheme_from_json(small());
    Scheme t = scheme_from_json(scheme_to_json(s));
    CHECK(scheme_to_json(t) == scheme_to_json(s));
    CHECK(t.max_points == s.max_points);
}

TEST_CASE("shipped presets load and grade") {
    Scheme mca = load_scheme(std::string(HATCHNET_TEST_DATA_DIR) + "/schemes/mca_1000.json");
    CHECK(*mca.total_points == 1000);
    double areas = 0;
    for (int i = 0; i < int(mca.indicators.size()); ++i)
        if (mca.parent_index[i] == -1 && !mca.indicators[i].bonus) areas += mca.max_points[i];
    CHECK(areas == 1000);
    std::vector<std::string> cols;
    for (int i = 0; i < int(mca.indicators.size()); ++i)
        if (mca.is_leaf(i)) cols.push_back(mca.indicators[i].column);
    Matrix full = Matrix::Ones(3, Index(cols.size()));
    full.row(1) *= 0.85;
    full.row(2).setZero();
    auto r = evaluate_scheme(mca, full, cols);
    CHECK(r.total[0] == doctest::Approx(1020));   // 1000 + bonus capped at 20
    CHECK(r.grade[0] == "5A");
    CHECK(r.grade[2] == "ungraded");
    // row 1: every value 0.85; registration is binary (0.85 != 0 -> full points) but the
    // "no_registration" veto reads the raw value (< 1) and fires: ungraded
    CHECK(r.total[1] == doctest::Approx(20 + 0.85 * 980 + 20));   // bonus 25.5 capped at 20
    CHECK(r.grade_before_veto[1] == "4A");
    CHECK(r.grade[1] == "ungraded");
    Scheme inc = load_scheme(std::string(HATCHNET_TEST_DATA_DIR) + "/schemes/incubator.json");
    CHECK(*inc.total_points == 100);
    std::vector<std::string> ic;
    for (int i = 0; i < int(inc.indicators.size()); ++i)
        if (inc.is_leaf(i)) ic.push_back(inc.indicators[i].column);
    CHECK(ic.size() == 8);
}
