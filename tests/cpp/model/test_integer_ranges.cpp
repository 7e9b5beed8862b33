// Integers beyond 2^63 - 1 in JSON input: nlohmann keeps them unsigned, and reading them as
// int64 wrapped them negative (2^64 - 1 became -1), so an id came back as "-1" and a range
// check with a negative lower bound let the wrapped value through. Ids keep their decimal
// text; a bounded field refuses, naming the field. (Found by a hostile review.)
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "hatchnet/coverage/json.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/match/json.hpp"
#include "hatchnet/records/json.hpp"
#include "hatchnet/referral/json.hpp"
#include "hatchnet/referral/policy.hpp"

using namespace hatchnet;

TEST_CASE("integer ids from 2^63 to 2^64 - 1 keep their decimal text") {
    for (const char* id : {"9223372036854775807", "9223372036854775808", "18446744073709551615", "-9223372036854775808"}) {
        CAPTURE(id);
        const auto r = referral::request_from_json(nlohmann::ordered_json::parse(
            std::string(R"({"id": )") + id + R"(, "organization": "so-1", "needs": ["office"]})"));
        CHECK(r.id == id);
        const auto needs = match::needs_from_json(nlohmann::json::parse(
            std::string(R"({"needs": [{"id": )") + id + R"(, "organization": "so-1", "category": "legal", "quantity": 1}]})"));
        REQUIRE(needs.size() == 1);
        CHECK(needs[0].id == id);
        const auto f = records::fact_from_json(nlohmann::json::parse(
            std::string(R"({"kind": "capacity", "at": "2020-01-01", "subject": "d-east", "value": )") + id + "}"));
        CHECK(f.value == id);
    }
}

TEST_CASE("bounded integers refuse values past 2^63 instead of reading them wrapped") {
    // the policy's integers accept -1e6..1e6: 2^64 - 1 read as int64 was -1, accepted
    CHECK_THROWS_WITH_AS(referral::policy_from_json(R"({"max_hops": 18446744073709551615})"),
                         doctest::Contains("max_hops"), input_error);
    CHECK(referral::policy_from_json(R"({"max_hops": 3})").max_hops == 3);
    // coverage options: an int field given 2^32 + 5 was narrowed to 5, 2^64 - 1 wrapped to -1
    for (const char* v : {"4294967301", "18446744073709551615", "9223372036854775808"}) {
        CAPTURE(v);
        CHECK_THROWS_WITH_AS(coverage::plan_options_from_json(nlohmann::json::parse(
                                 std::string(R"({"interchange_rounds": )") + v + "}")),
                             doctest::Contains("interchange_rounds"), input_error);
    }
    CHECK(coverage::plan_options_from_json(nlohmann::json::parse(R"({"interchange_rounds": 7})")).interchange_rounds == 7);
}
