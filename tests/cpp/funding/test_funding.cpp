// Funding model: dates, checks naming record and field, JSON round trip, payments and cost per
// organization served against hand-computed cases.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/funding/funding.hpp"
#include "hatchnet/funding/json.hpp"
#include "../test_rng.hpp"
#include "fixture.hpp"

using namespace hatchnet;
using namespace hatchnet::funding;

namespace {

const char* kBook = R"({
  "format": "hatchnet-funds",
  "funds": [
    {"id": "city", "kind": "municipal_budget", "amounts": {"2024": 1000000}},
    {"id": "lottery", "kind": "welfare_lottery", "amounts": {"2024": 300000, "2025": 200000},
     "earmarks": [{"id": "streets", "tiers": ["street"], "purposes": ["projects", "services"], "cap": 150000}]},
    {"id": "dc", "kind": "district_special", "district": "110101", "amounts": {"2024": 50000}}
  ],
  "contracts": [
    {"id": "c1", "buyer": "东城区民政局", "fund": "dc", "incubator": "street-110101001", "amount": 40000,
     "start": "2024-01-01", "end": "2024-12-31", "deliverables": ["a", {"indicator": "b", "min_fraction": 0.8}],
     "payment": {"tranches": [{"share": 0.3, "due": "2024-01-31", "linked": false}, {"share": 0.7}],
                 "rules": [{"grade_below": "B", "withhold": 0.2}, {"per_missed_deliverable": true, "withhold": 0.1}]}},
    {"id": "c2", "buyer": "北京市民政局", "incubator": "district-110101", "amount": 100000,
     "start": "2024-07-01", "end": "2025-06-30", "payment": {"rules": [{"score_below": 60, "withhold": 1}]}}
  ]
})";

template <class F>
void expect_input_error(F&& f, const std::string& record, const std::string& field) {
    try {
        f();
        FAIL("no input_error");
    } catch (const input_error& e) {
        CHECK(e.record() == record);
        CHECK(e.field() == field);
    }
}

std::string with(std::string text, const std::string& from, const std::string& to) {
    const auto p = text.find(from);
    REQUIRE(p != std::string::npos);
    return text.replace(p, from.size(), to);
}

evaluate::Scheme tiny_scheme() {
    evaluate::Scheme s;
    s.id = "tiny";
    s.indicators = {{.id = "a", .points = 50}, {.id = "b", .points = 50}};
    s.grades = {{"A", 80}, {"B", 60}, {"C", 40}};
    evaluate::validate(s);
    return s;
}

}  // namespace

TEST_CASE("dates: days since the epoch, leap years, refusals") {
    CHECK(days(Date{1970, 1, 1}) == 0);
    CHECK(days(Date{2024, 3, 1}) - days(Date{2024, 2, 1}) == 29);  // leap year
    CHECK(days(Date{2023, 3, 1}) - days(Date{2023, 2, 1}) == 28);
    CHECK(days(Date{2025, 1, 1}) - days(Date{2024, 1, 1}) == 366);
    CHECK(parse_date("2024-02-29").has_value());
    CHECK_FALSE(parse_date("2023-02-29").has_value());
    CHECK_FALSE(parse_date("2024-13-01").has_value());
    CHECK_FALSE(parse_date("2024-1-01").has_value());
    CHECK(to_string(*parse_date("2024-07-01")) == "2024-07-01");
}

TEST_CASE("amount_in_year: the years' shares add up to the amount, by days") {
    funding::Contract c;
    c.amount = 100000;
    c.start = Date{2024, 7, 1};
    c.end = Date{2025, 6, 30};
    const double a24 = amount_in_year(c, 2024), a25 = amount_in_year(c, 2025);
    CHECK(a24 + a25 == doctest::Approx(100000));
    CHECK(a24 == doctest::Approx(100000.0 * 184 / 365));  // Jul–Dec 2024: 184 of 365 days
    CHECK(amount_in_year(c, 2023) == 0);
}

TEST_CASE("parse_book reads every record and round-trips through JSON") {
    const Book b = parse_book(kBook);
    REQUIRE(b.funds.size() == 3);
    REQUIRE(b.contracts.size() == 2);
    CHECK(b.funds[1].kind == FundKind::welfare_lottery);
    CHECK(b.funds[1].earmarks[0].cap == 150000);
    CHECK(b.contracts[0].deliverables[1].min_fraction == 0.8);
    CHECK(b.contracts[0].tranches[0].linked == false);
    const auto j = book_to_json(b);
    CHECK(book_to_json(book_from_json(j)) == j);
    CHECK(parse_fund_kind("lottery") == FundKind::welfare_lottery);
    for (auto k : {FundKind::municipal_budget, FundKind::welfare_lottery, FundKind::district_special,
                   FundKind::social, FundKind::enterprise})
        CHECK(parse_fund_kind(to_string(k)) == k);
}

TEST_CASE("bad funds files: the record and the field are named, nothing is returned") {
    expect_input_error([] { parse_book(with(kBook, "\"end\": \"2024-12-31\"", "\"end\": \"2023-12-31\"")); },
                       "contract c1", "end");
    expect_input_error([] { parse_book(with(kBook, "\"fund\": \"dc\"", "\"fund\": \"nope\"")); }, "contract c1", "fund");
    expect_input_error([] { parse_book(with(kBook, "\"cap\": 150000", "\"cap\": 250000")); },
                       "fund lottery earmark streets", "cap");
    expect_input_error([] { parse_book(with(kBook, "\"amount\": 40000", "\"amount\": -1")); }, "contract c1", "amount");
    expect_input_error([] { parse_book(with(kBook, "{\"2024\": 1000000}", "{\"2024\": -5}")); }, "fund city", "amounts.2024");
    expect_input_error([] { parse_book(with(kBook, "\"share\": 0.7", "\"share\": 0.6")); }, "contract c1", "tranches");
    expect_input_error([] { parse_book(with(kBook, "\"kind\": \"municipal_budget\"", "\"kind\": \"gold\"")); }, "fund city", "kind");
    expect_input_error([] { parse_book(with(kBook, "\"district\": \"110101\", ", "")); }, "fund dc", "district");
    expect_input_error([] { parse_book(with(kBook, "\"id\": \"dc\"", "\"id\": \"city\"")); }, "fund city", "id");
    expect_input_error([] { parse_book(with(kBook, "\"buyer\": \"北京市民政局\"", "\"buyer\": \"x\", \"colour\": 1")); },
                       "contract c2", "colour");
    expect_input_error([] { parse_book(with(kBook, "\"withhold\": 1}", "\"withhold\": 1.5}")); }, "contract c2 rule 1", "withhold");
}

TEST_CASE("checks against the network and the scheme") {
    const Network net = test::funding_network();
    const evaluate::Scheme s = tiny_scheme();
    const Book good = parse_book(kBook);
    CHECK_NOTHROW(check(good, net, &s));
    Book b = good;
    b.contracts[1].incubator = "ghost";
    expect_input_error([&] { check(b, net, &s); }, "contract c2", "incubator");
    b = good;
    b.contracts[0].deliverables[0].indicator = "zzz";
    expect_input_error([&] { check(b, net, &s); }, "contract c1 deliverable 1", "indicator");
    b = good;
    b.contracts[0].rules[0].grade_below = "Z";
    expect_input_error([&] { check(b, net, &s); }, "contract c1 rule 1", "grade_below");
    b = good;
    b.funds[2].district = "119999";
    expect_input_error([&] { check(b, net, &s); }, "fund dc", "district");
    b = good;
    b.contracts[0].incubator = "street-110102001";  // dc pays only in 110101
    expect_input_error([&] { check(b, net, &s); }, "contract c1", "fund");
    b = good;
    b.funds[1].earmarks[0].services = {"no_such_service"};
    expect_input_error([&] { check(b, net, &s); }, "fund lottery earmark streets", "services");
}

TEST_CASE("payments: tranches, withholding below a grade and per missed deliverable (hand-computed)") {
    const Book b = parse_book(kBook);
    Performance perf;
    perf.grades = {"A", "B", "C"};
    perf.units["street-110101001"] = {"C", 45.0, {{"a", 0.9}, {"b", 0.7}}};  // below B; misses b (0.7 < 0.8)
    perf.units["district-110101"] = {"A", 85.0, {}};
    const auto ps = payments(b, perf);
    REQUIRE(ps.size() == 2);
    // c1: fixed 30% = 12000; linked 70% = 28000, withheld 20% + 10% = 30% → 8400.
    CHECK(ps[0].withheld_share == doctest::Approx(0.3));
    CHECK(ps[0].withheld == doctest::Approx(8400));
    CHECK(ps[0].due == doctest::Approx(40000 - 8400));
    CHECK(ps[0].missed == std::vector<std::string>{"b"});
    CHECK(ps[0].reasons.size() == 2);
    // c2: score 85 ≥ 60: nothing withheld.
    CHECK(ps[1].due == doctest::Approx(100000));
    CHECK(ps[1].withheld == 0);

    // As of 2024-06-30 only c1's first tranche is due; c2 (due at its end) is not.
    PaymentOptions o;
    o.as_of = Date{2024, 6, 30};
    const auto early = payments(b, perf, o);
    CHECK(early[0].due == doctest::Approx(12000));
    CHECK(early[1].due == 0);

    // Grade exactly B is not below B; all deliverables met; without a result, every rule fires.
    perf.units["street-110101001"] = {"B", 70.0, {{"a", 0.6}, {"b", 0.8}}};
    CHECK(payments(b, perf)[0].due == doctest::Approx(40000));
    perf.units.erase("district-110101");
    const auto none = payments(b, perf);
    CHECK_FALSE(none[1].evaluated);
    CHECK(none[1].due == 0);  // score rule withholds 100%
}

TEST_CASE("cost per organization served: per incubator and per district, by hand") {
    const Network net = test::funding_network();
    const Book b = parse_book(kBook);
    const auto c = cost_per_served(b, net);
    CHECK(c.served_from == "occupied");
    REQUIRE(c.incubators.size() == 2);
    CHECK(c.incubators[0].key == "district-110101");
    CHECK(c.incubators[0].per_served == doctest::Approx(100000.0 / 20));
    CHECK(c.incubators[1].per_served == doctest::Approx(40000.0 / 8));
    REQUIRE(c.districts.size() == 1);
    CHECK(c.districts[0].key == "110101");
    CHECK(c.districts[0].name == "东城区");
    CHECK(c.districts[0].per_served == doctest::Approx(140000.0 / 28));

    std::map<std::string, std::int64_t> served{{"district-110101", 50}};
    const auto g = cost_per_served(b, net, {}, &served);
    CHECK(g.served_from == "given");
    CHECK(g.incubators[0].per_served == doctest::Approx(2000));
    CHECK(std::isnan(g.incubators[1].per_served));
    served["ghost"] = 1;
    expect_input_error([&] { cost_per_served(b, net, {}, &served); }, "served ghost", "");
}

TEST_CASE("regression: a grade_below rule on a grade the results do not know is refused, not silently skipped") {
    const Book b = parse_book(kBook);
    Performance perf;
    perf.grades = {"X", "Y"};  // the book's rule says grade_below B: never fires under these grades
    perf.units["street-110101001"] = {"Y", 45.0, {}};
    expect_input_error([&] { (void)payments(b, perf); }, "contract c1 rule 1", "grade_below");
}

TEST_CASE("regression: a contract's share of a year near DBL_MAX stays finite") {
    funding::Contract c;
    c.amount = 1e308;
    c.start = Date{2024, 1, 1};
    c.end = Date{2025, 12, 31};
    const double a = amount_in_year(c, 2024);
    CHECK(std::isfinite(a));
    CHECK(a == doctest::Approx(1e308 / 731.0 * 366.0));  // 2024 is a leap year: 366 of 731 days
}

TEST_CASE("regression: a fund's year before 1900 is refused like dates and options are") {
    expect_input_error([] { parse_book(with(kBook, "{\"2024\": 1000000}", "{\"0000\": 1000000}")); }, "fund city", "amounts");
    CHECK_NOTHROW(parse_book(with(kBook, "{\"2024\": 1000000}", "{\"1900\": 1000000, \"2024\": 1000000}")));
}

TEST_CASE("regression: served counts near INT64_MAX are refused, not summed into an overflow per district") {
    const Network net = test::funding_network();
    const Book b = parse_book(kBook);
    const std::map<std::string, std::int64_t> huge = {{"district-110101", std::int64_t(9e18)},
                                                       {"street-110101001", std::int64_t(9e18)}};
    expect_input_error([&] { (void)cost_per_served(b, net, {}, &huge); }, "served district-110101", "");
    const std::map<std::string, std::int64_t> ok = {{"district-110101", 4}, {"street-110101001", 1'000'000'000'000}};
    const auto c = cost_per_served(b, net, {}, &ok);
    CHECK(c.districts.at(0).served == 4 + 1'000'000'000'000);
}

TEST_CASE("regression: funds_check_json's committed per year equals the year-by-year sum, without a loop per year") {
    // contracts spanning 1900-9999 made the check loop 8100 years each (100k contracts: minutes)
    const Network net = test::funding_network();
    test::Rng rng(20261207);
    nlohmann::json book = {{"funds", {{{"id", "f"}, {"kind", "social"}, {"amounts", {{"2024", 1000}}}}}},
                           {"contracts", nlohmann::json::array()}};
    std::vector<funding::Contract> cs;
    for (int k = 0; k < 40; ++k) {
        funding::Contract c;
        c.start = Date{int((std::int64_t(1900) + std::int64_t(rng.below(131)))), int((std::int64_t(1) + std::int64_t(rng.below(12)))), int((std::int64_t(1) + std::int64_t(rng.below(28))))};
        c.end = Date{c.start.year + int((std::int64_t(0) + std::int64_t(rng.below(4)))) * (k % 7 == 0 ? 2000 : 1), 12, 31};
        if (c.end.year > 9999) c.end.year = 9999;
        c.amount = double((std::int64_t(1) + std::int64_t(rng.below(1000000))));
        cs.push_back(c);
        book["contracts"].push_back({{"id", "c" + std::to_string(k)}, {"buyer", "b"}, {"incubator", "street-110101001"},
                                     {"amount", c.amount}, {"start", to_string(c.start)}, {"end", to_string(c.end)}});
    }
    const auto out = funding::funds_check_json(net, book.dump(), "");
    std::map<int, double> ref;
    for (const auto& c : cs)
        for (int y = c.start.year; y <= c.end.year; ++y) ref[y] += amount_in_year(c, y);
    REQUIRE(out["committed"].size() == ref.size());
    for (const auto& [y, a] : ref) CHECK(out["committed"][std::to_string(y)].get<double>() == doctest::Approx(a));
}
