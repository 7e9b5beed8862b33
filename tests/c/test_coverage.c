/* The C ABI of coverage, balance and planning, exercised from C99. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *SMALL = HATCHNET_SOURCE_DIR "/tests/data/small.json";

static int contains(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

static void test_coverage(hn_network *net) {
    char *out = NULL;
    CHECK(hn_coverage_json(&out, net, NULL) == HN_OK);
    CHECK(contains(out, "\"summary\""));
    CHECK(contains(out, "\"code\":\"110101\""));
    CHECK(contains(out, "\"districts\":2"));
    CHECK(contains(out, "\"hops_street\":1"));
    hn_free(out);
    out = NULL;
    CHECK(hn_coverage_json(&out, net, "{\"accessibility\":false,\"catchment_km\":2.5}") == HN_OK);
    CHECK(contains(out, "\"hops_computed\":false"));
    hn_free(out);
    out = (char *)1;
    CHECK(hn_coverage_json(&out, net, "{\"catchment\":2}") == HN_ERR_INVALID);
    CHECK(out == NULL);
    CHECK(contains(hn_last_error(), "catchment"));
    CHECK(hn_coverage_json(&out, net, "{not json") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "malformed"));
    CHECK(hn_coverage_json(NULL, net, NULL) == HN_ERR_NULL);
    CHECK(hn_coverage_json(&out, NULL, NULL) == HN_ERR_NULL);
}

static void test_balance(hn_network *net) {
    char *out = NULL;
    CHECK(hn_balance_json(&out, net, "") == HN_OK);
    CHECK(contains(out, "\"metrics\""));
    CHECK(contains(out, "\"gini\""));
    CHECK(contains(out, "\"theil_between\""));
    CHECK(contains(out, "\"furthest\""));
    hn_free(out);
    CHECK(hn_balance_json(&out, net, "{\"top\":-1}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "top"));
}

static void test_plan(hn_network *net) {
    char *out = NULL;
    CHECK(hn_plan_json(&out, net, "{\"k\":2,\"objective\":\"served\"}") == HN_OK);
    CHECK(contains(out, "\"objective\":\"served\""));
    CHECK(contains(out, "\"picks\""));
    hn_free(out);
    CHECK(hn_plan_json(&out, net,
                       "{\"budget\":3,\"candidates\":[{\"region\":\"110101002\",\"cost\":2,\"capacity\":5},"
                       "{\"node\":\"d-west\",\"cost\":1,\"capacity\":10}],\"objective\":\"served\","
                       "\"scenario\":true,\"split_budget\":20}") == HN_OK);
    CHECK(contains(out, "\"scenario\""));
    CHECK(contains(out, "\"split\""));
    hn_free(out);
    CHECK(hn_plan_json(&out, net, "{\"k\":1,\"budget\":-1}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "budget"));
    CHECK(hn_plan_json(&out, net, "{\"k\":1,\"candidates\":[{\"region\":\"110199001\"}]}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "110199001"));
    CHECK(contains(hn_last_error(), "region"));
    CHECK(hn_plan_json(&out, net, NULL) == HN_ERR_INVALID); /* neither k nor a budget */
    CHECK(contains(hn_last_error(), "k"));
    CHECK(hn_plan_json(&out, net, "{\"budget\":0}") == HN_OK); /* a documented empty plan */
    CHECK(contains(out, "\"picks\":[]"));
    hn_free(out);
}

static void test_scenario(hn_network *net) {
    char *out = NULL;
    char *before = NULL;
    CHECK(hn_network_to_json(&before, NULL, net) == HN_OK);
    /* a plan with its referral and matching outcomes on a generated demand */
    CHECK(hn_plan_json(&out, net, "{\"k\":1,\"objective\":\"served\",\"demand\":{\"requests\":20,\"needs\":20}}") == HN_OK);
    CHECK(contains(out, "\"outcomes\":{"));
    CHECK(contains(out, "\"placed_at_new\""));
    CHECK(contains(out, "\"served_share\""));
    hn_free(out);
    /* given picks, no planning */
    CHECK(hn_scenario_json(&out, net, "{\"picks\":[{\"region\":\"110101002\",\"tier\":\"street\",\"capacity\":5}],"
                                      "\"demand\":{\"seed\":3,\"requests\":10,\"matching\":false}}") == HN_OK);
    CHECK(contains(out, "\"added\":[\"plan-1\"]"));
    CHECK(contains(out, "\"matching\":null"));
    hn_free(out);
    CHECK(hn_scenario_json(&out, net, "{\"picks\":[],\"demand\":{\"nonsense\":1}}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "nonsense"));
    /* the planned copy as network JSON; the new site has its tier's services */
    CHECK(hn_apply_plan_json(&out, net, "{\"picks\":[{\"region\":\"110101002\",\"tier\":\"street\",\"capacity\":5}]}") == HN_OK);
    CHECK(contains(out, "\"plan-1\""));
    hn_free(out);
    /* the network is untouched */
    char *after = NULL;
    CHECK(hn_network_to_json(&after, NULL, net) == HN_OK);
    CHECK(before && after && strcmp(before, after) == 0);
    hn_free(before);
    hn_free(after);
}

int main(void) {
    hn_network *net = NULL;
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    if (net) {
        test_coverage(net);
        test_balance(net);
        test_plan(net);
        test_scenario(net);
    }
    hn_network_free(net);
    return check_summary();
}
