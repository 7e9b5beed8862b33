// Public supervision and staff indicators against hand-computed cases; a scheme that reads
// them scores as computed by hand; bad records are refused naming record and field.
#include <doctest/doctest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "hatchnet/evaluate/evaluate.hpp"
#include "hatchnet/evaluate/supervision.hpp"

using namespace hatchnet;
using namespace hatchnet::evaluate;

namespace {

Network three() {
    Network net;
    net.regions = {{"11", "北京市", "province"}, {"110105", "朝阳区", "district"}};
    auto node = [&](const char* id, std::int64_t occupied, std::optional<Staff> staff) {
        Node n;
        n.id = id;
        n.name = id;
        n.tier = Tier::district;
        n.region = "110105";
        n.capacity = 100;
        n.occupied = occupied;
        n.staff = staff;
        net.nodes.push_back(n);
    };
    node("a", 20, Staff{10, 4, 3, 5000.0});
    node("b", 0, Staff{5, 5, 0, 3000.0});
    node("c", 50, std::nullopt);
    net.staffing.pay_floor = 4000;
    return net;
}

const char* RECORDS = R"([
  {"id": "f1", "incubator": "a", "date": "2025-03-01", "kind": "complaint", "category": "fees", "resolved": true},
  {"id": "f2", "incubator": "a", "date": "2025-04-01", "kind": "complaint", "category": "conduct"},
  {"id": "f3", "incubator": "a", "date": "2025-05-01", "kind": "feedback", "text": "good training"},
  {"id": "f4", "incubator": "b", "date": "2025-06-01", "kind": "投诉", "resolved": true},
  {"id": "f5", "incubator": "a", "date": "2024-12-31", "kind": "complaint"}
])";

double at(const IndicatorTable& t, const std::string& id, const std::string& col) {
    const auto r = std::find(t.ids.begin(), t.ids.end(), id) - t.ids.begin();
    const auto c = std::find(t.columns.begin(), t.columns.end(), col) - t.columns.begin();
    REQUIRE(std::size_t(r) < t.ids.size());
    REQUIRE(std::size_t(c) < t.columns.size());
    return t.values(Index(r), Index(c));
}

std::string error_of(const std::string& text, const Network& net) {
    try {
        parse_feedback(text, &net);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("supervision indicators: hand-computed per incubator, within the period") {
    const Network net = three();
    const auto records = parse_feedback(RECORDS, &net);
    REQUIRE(records.size() == 5);
    CHECK(records[3].kind == FeedbackKind::complaint);
    SupervisionOptions period;
    period.from = "2025-01-01";
    const auto t = supervision_indicators(net, records, period);
    CHECK(t.ids == std::vector<std::string>{"a", "b", "c"});
    CHECK(at(t, "a", "feedback_count") == 1);
    CHECK(at(t, "a", "complaint_count") == 2);            // f5 lies before the period
    CHECK(at(t, "a", "complaints_per_100_orgs") == doctest::Approx(10.0));   // 100 * 2 / 20
    CHECK(at(t, "a", "complaint_resolution_rate") == doctest::Approx(0.5));  // 1 of 2
    CHECK(at(t, "b", "complaint_count") == 1);
    CHECK(std::isnan(at(t, "b", "complaints_per_100_orgs")));                // serves none
    CHECK(at(t, "b", "complaint_resolution_rate") == 1.0);
    CHECK(at(t, "c", "complaint_count") == 0);
    CHECK(at(t, "c", "complaints_per_100_orgs") == 0.0);
    CHECK(std::isnan(at(t, "c", "complaint_resolution_rate")));              // no complaint
    // the whole history: f5 counts
    const auto all = supervision_indicators(net, records);
    CHECK(at(all, "a", "complaint_count") == 3);
    CHECK(at(all, "a", "complaint_resolution_rate") == doctest::Approx(1.0 / 3.0));
    // JSON round trip
    CHECK(feedback_to_json(parse_feedback(feedback_to_json(records), &net)) == feedback_to_json(records));
    const auto rows = nlohmann::json::parse(indicators_json_text(t));
    CHECK(rows[1]["complaints_per_100_orgs"].is_null());
    CHECK(indicators_from_json(rows).values.rows() == 3);
}

TEST_CASE("bad supervision records: the record and the field are named") {
    const Network net = three();
    CHECK(error_of(R"([{"id": "x", "incubator": "ghost", "date": "2025-01-01", "kind": "complaint"}])", net)
              .find("feedback x: field 'incubator'") != std::string::npos);
    CHECK(error_of(R"([{"id": "x", "incubator": "a", "date": "2025-02-30", "kind": "complaint"}])", net)
              .find("feedback x: field 'date'") != std::string::npos);
    CHECK(error_of(R"([{"id": "x", "incubator": "a", "date": "2025-02-01", "kind": "praise"}])", net)
              .find("feedback x: field 'kind'") != std::string::npos);
    CHECK(error_of(R"([{"id": "x", "incubator": "a", "date": "2025-02-01", "kind": "feedback", "resolved": "yes"}])", net)
              .find("field 'resolved'") != std::string::npos);
    CHECK(error_of(R"([{"incubator": "a", "date": "2025-02-01", "kind": "feedback"}])", net)
              .find("feedback[0]: field 'id'") != std::string::npos);
    CHECK(error_of(R"([{"id": "x", "incubator": "a", "date": "2025-02-01", "kind": "feedback", "mood": 1}])", net)
              .find("feedback[0]: field 'mood'") != std::string::npos);
    const std::string dup = R"([{"id": "x", "incubator": "a", "date": "2025-02-01", "kind": "feedback"},
                                {"id": "x", "incubator": "b", "date": "2025-02-01", "kind": "feedback"}])";
    CHECK(error_of(dup, net).find("feedback x: field 'id'") != std::string::npos);
    CHECK(error_of("{\"records\": []}", net).find("feedback") != std::string::npos);
    SupervisionOptions bad;
    bad.to = "2025-13-01";
    CHECK_THROWS_AS(supervision_indicators(net, {}, bad), input_error);
}

TEST_CASE("staff indicators: hand-computed; a scheme reads them and the supervision data") {
    const Network net = three();
    const auto st = staff_indicators(net);
    CHECK(st.ids == std::vector<std::string>{"a", "b"});   // c records no staff
    CHECK(at(st, "a", "staff") == 10);
    CHECK(at(st, "a", "staff_trained_share") == doctest::Approx(0.4));
    CHECK(at(st, "a", "staff_funded_share") == doctest::Approx(0.3));
    CHECK(at(st, "a", "staff_pay_ratio") == doctest::Approx(1.25));
    CHECK(at(st, "a", "staff_below_pay_floor") == 0);
    CHECK(at(st, "b", "staff_below_pay_floor") == 1);
    CHECK(at(st, "b", "staff_pay_ratio") == doctest::Approx(0.75));

    // 60 points for the trained share (read from the network), 40 for the complaint
    // resolution rate (supervision data the caller gives); missing values score zero
    const Scheme s = scheme_from_json(nlohmann::json::parse(R"({
        "id": "t", "total_points": 100,
        "indicators": [
            {"id": "trained", "points": 60, "column": "staff_trained_share"},
            {"id": "resolved", "points": 40, "column": "complaint_resolution_rate"}],
        "grades": [{"name": "good", "min_points": 50}]})"));
    const auto sup = supervision_indicators(net, parse_feedback(RECORDS, &net));
    NetworkEvalOptions o;
    o.draws = 0;
    const auto e = evaluate_network(net, s, sup, {}, o);
    CHECK(e.score[e.unit_of("a")] == doctest::Approx(60 * 0.4 + 40 * (1.0 / 3.0)));
    CHECK(e.score[e.unit_of("b")] == doctest::Approx(60 * 1.0 + 40 * 1.0));
    CHECK(e.score[e.unit_of("c")] == doctest::Approx(0.0));
    // without the network's indicators nothing gives the scheme's column
    o.network_indicators = false;
    CHECK_THROWS_WITH_AS(evaluate_network(net, s, sup, {}, o), doctest::Contains("staff_trained_share"), input_error);
    // the caller's own column wins over the network's
    IndicatorTable own = merge_indicators(sup, [] {
        IndicatorTable t;
        t.ids = {"a"};
        t.columns = {"staff_trained_share"};
        t.values = Matrix::Constant(1, 1, 1.0);
        return t;
    }());
    o.network_indicators = true;
    const auto e3 = evaluate_network(net, s, own, {}, o);
    CHECK(e3.score[e3.unit_of("a")] == doctest::Approx(60 + 40 * (1.0 / 3.0)));
    CHECK_THROWS_AS(merge_indicators(sup, sup), input_error);
}
