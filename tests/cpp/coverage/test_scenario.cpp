// Scenarios: applying a plan gives a network that loads, or a clear error naming the pick.
#include <doctest/doctest.h>

#include "hatchnet/coverage/json.hpp"
#include "hatchnet/coverage/scenario.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;

TEST_CASE("apply_plan: a pick whose region does not fit its tier is refused by the pick (fuzz finding)") {
    Graph g(io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"));
    try {
        coverage::apply_plan_json(g, R"({"picks":[{"region":"110101"}]})");  // a district, not a street
        FAIL("a planned network that does not validate was returned");
    } catch (const input_error& e) {
        CHECK(e.record() == "pick 110101");
        CHECK(e.field() == "region");
    }
    // a pick that fits is applied, and the result validates and grows by one node
    Network out = coverage::apply_plan_json(g, R"({"picks":[{"region":"110102001"}]})");
    CHECK(validate(out).ok());
    CHECK(out.nodes.size() == g.network().nodes.size() + 1);
}
