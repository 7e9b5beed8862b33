// Staff (§6.3), sponsors and build / operation modes on nodes: JSON, validation, the staff
// indicators (a hand-computed case).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "hatchnet/coverage/staffing.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;

namespace {

const std::string head = R"({"format":"hatchnet-network","version":1,"regions":[{"code":"11"},{"code":"110101","name":"East"},{"code":"110102","name":"West"},{"code":"110101001"}],)";

Network two_districts() {
    return io::load_json(head + R"("staffing":{"pay_floor":3000,"min_trained_share":0.5},
"nodes":[
{"id":"d1","tier":"district","region":"110101","capacity":20,"occupied":12,"sponsor":"civil_affairs","build":"new_build","operation":"government_run","staff":{"total":6,"trained":4,"funded_posts":3,"pay":5000}},
{"id":"s1","tier":"street","region":"110101001","capacity":10,"occupied":6,"build":"conversion","staff":{"total":2,"trained":0,"funded_posts":4,"pay":2500}},
{"id":"d2","tier":"district","region":"110102","capacity":5,"operator":"social","operation":"publicly_built_socially_run","sponsor":"mass_organization","build":"co_build"}],
"edges":[{"from":"d1","to":"s1","type":"guidance"}]})");
}

bool has(const std::vector<Issue>& v, const std::string& code, const std::string& record, const std::string& field) {
    return std::any_of(v.begin(), v.end(), [&](const Issue& i) {
        return i.code == code && i.record == record && i.field == field;
    });
}

}  // namespace

TEST_CASE("staff, sponsor and modes: JSON round trip and the canonical form") {
    Network net = two_districts();
    const Node& d1 = *net.find_node("d1");
    REQUIRE(d1.staff);
    CHECK(d1.staff->total == 6);
    CHECK(d1.staff->pay == 5000.0);
    CHECK(d1.sponsor == Sponsor::civil_affairs);
    CHECK(net.find_node("d2")->operation == OperationMode::publicly_built_socially_run);
    CHECK(net.find_node("s1")->build == BuildMode::conversion);
    CHECK_FALSE(net.find_node("d2")->staff);
    CHECK(net.staffing.pay_floor == 3000.0);
    std::string text = io::save_json(net);
    CHECK(io::save_json(io::load_json(text)) == text);
    io::SaveOptions pretty;
    pretty.indent = 1;
    CHECK(io::save_json(io::load_json(io::save_json(net, pretty))) == text);
    for (int i = 0; i < 4; ++i) CHECK(parse_build_mode(to_string(BuildMode(i))) == BuildMode(i));
    for (int i = 0; i < 6; ++i) CHECK(parse_sponsor(to_string(Sponsor(i))) == Sponsor(i));
    for (int i = 0; i < 3; ++i) CHECK(parse_operation_mode(to_string(OperationMode(i))) == OperationMode(i));
    CHECK(parse_operation_mode("gongjian_minying") == OperationMode::publicly_built_socially_run);
    CHECK_FALSE(parse_build_mode("rebuild"));
}

TEST_CASE("staff: warnings against the standards, naming node and field") {
    Network net = two_districts();
    auto rep = validate(net);
    REQUIRE(rep.errors.empty());
    CHECK(has(rep.warnings, "pay_below_floor", "node s1", "staff.pay"));
    CHECK_FALSE(has(rep.warnings, "pay_below_floor", "node d1", "staff.pay"));
    CHECK(has(rep.warnings, "few_trained_staff", "node s1", "staff.trained"));
    CHECK(has(rep.warnings, "vacant_posts", "node s1", "staff.funded_posts"));
    CHECK_FALSE(has(rep.warnings, "operation_mismatch", "node d2", "operation"));
    net.nodes[2].op = Operator::government;
    net.nodes[0].staff->total = 0;
    net.nodes[0].staff->trained = 0;
    rep = validate(net);
    CHECK(has(rep.warnings, "operation_mismatch", "node d2", "operation"));
    CHECK(has(rep.warnings, "unstaffed", "node d1", "staff.total"));
}

TEST_CASE("staff: bad input is an error naming record and field; nothing half-loaded") {
    Network net = two_districts();
    net.nodes[0].staff->trained = 7;
    CHECK(has(validate(net).errors, "out_of_range", "node d1", "staff.trained"));
    net.nodes[0].staff->trained = -1;
    CHECK(has(validate(net).errors, "out_of_range", "node d1", "staff.trained"));
    net.nodes[0].staff->trained = 1;
    net.nodes[0].staff->pay = -5;
    CHECK(has(validate(net).errors, "out_of_range", "node d1", "staff.pay"));
    net.nodes[0].staff->pay = 1;
    net.staffing.min_trained_share = 1.5;
    CHECK(has(validate(net).errors, "out_of_range", "staffing", "min_trained_share"));

    auto refused = [&](const std::string& body, const std::string& record, const std::string& field) {
        ValidationReport rep;
        io::LoadOptions lo;
        lo.report = &rep;
        CHECK_THROWS_AS(io::load_json(head + body, lo), validation_error);
        const bool named = std::any_of(rep.errors.begin(), rep.errors.end(),
                                       [&](const Issue& i) { return i.record == record && i.field == field; });
        CHECK_MESSAGE(named, body);
    };
    refused(R"("nodes":[{"id":"a","tier":"district","region":"110101","staff":{"total":2,"trained":3}}]})", "node a",
            "staff.trained");
    refused(R"("nodes":[{"id":"a","tier":"district","region":"110101","staff":{"total":2,"wage":3}}]})", "node a",
            "staff.wage");
    refused(R"("nodes":[{"id":"a","tier":"district","region":"110101","staff":{"total":"two"}}]})", "node a",
            "staff.total");
    refused(R"("nodes":[{"id":"a","tier":"district","region":"110101","sponsor":"ministry"}]})", "node a", "sponsor");
    refused(R"("nodes":[{"id":"a","tier":"district","region":"110101","build":"rebuild"}]})", "node a", "build");
    refused(R"("staffing":{"pay_floor":"low"},"nodes":[]})", "staffing", "pay_floor");
    refused(R"("staffing":{"floor":1},"nodes":[]})", "staffing", "floor");
}

TEST_CASE("staff indicators: a hand-computed case") {
    Network net = two_districts();
    auto r = coverage::staffing(net);
    REQUIRE(r.nodes.size() == 3);
    const auto& s1 = r.nodes[1];
    CHECK(s1.trained_share == 0.0);
    CHECK(s1.pay_ratio == doctest::Approx(2500.0 / 3000));
    CHECK(s1.orgs_per_staff == doctest::Approx(3.0));
    CHECK(s1.funded_share == doctest::Approx(2.0));
    CHECK(s1.below_floor);
    CHECK(s1.below_trained_share);
    CHECK_FALSE(r.nodes[2].recorded);
    CHECK(std::isnan(r.nodes[2].trained_share));
    REQUIRE(r.districts.size() == 2);
    const auto& east = r.districts[0];
    CHECK(east.code == "110101");
    CHECK(east.name == "East");
    CHECK(east.nodes == 2);
    CHECK(east.staff == 8);
    CHECK(east.trained_share == doctest::Approx(4.0 / 8));
    CHECK(east.funded_posts == 7);
    CHECK(east.orgs_per_staff == doctest::Approx(18.0 / 8));
    CHECK(east.mean_pay == doctest::Approx((6 * 5000.0 + 2 * 2500.0) / 8));
    CHECK(east.below_floor == 1);
    const auto& west = r.districts[1];
    CHECK(west.recorded == 0);
    CHECK(std::isnan(west.mean_pay));
    CHECK(r.total.staff == 8);
    CHECK(r.total.nodes == 3);
}
