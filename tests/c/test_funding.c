/* The C ABI of funding (funds, contracts, the multi-fund split, payments, cost per served),
 * exercised from C99 on the embedded Beijing network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *BEIJING = HATCHNET_SOURCE_DIR "/data/beijing.json.gz";
static const char *FUNDS_FILE = HATCHNET_SOURCE_DIR "/data/funds/beijing_2024_synthetic.json";

static int contains(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) { free(s); s = NULL; }
    if (s) s[n] = '\0';
    fclose(f);
    return s;
}

/* Hand case: general 100 (any use) and a lottery fund 80 whose only earmark admits streets up
 * to 60. Items: a district site 90, two street sites 50 and 40. At most 100 + 60 = 160 can be
 * funded, the district site (first priority, general money only) fully. */
static const char *HAND_FUNDS =
    "{\"funds\":[{\"id\":\"general\",\"kind\":\"municipal_budget\",\"amounts\":{\"2024\":100}},"
    "{\"id\":\"lottery\",\"kind\":\"welfare_lottery\",\"amounts\":{\"2024\":80},"
    "\"earmarks\":[{\"id\":\"streets\",\"tiers\":[\"street\"],\"cap\":60}]}]}";
static const char *HAND_ITEMS =
    "{\"items\":[{\"id\":\"d\",\"amount\":90,\"tier\":\"district\",\"region\":\"110101\",\"priority\":3},"
    "{\"id\":\"s1\",\"amount\":50,\"tier\":\"street\",\"region\":\"110101001\",\"priority\":2},"
    "{\"id\":\"s2\",\"amount\":40,\"tier\":\"street\",\"region\":\"110102001\",\"priority\":1}]}";

static void test_split(hn_network *net) {
    char *out = NULL;
    CHECK(hn_funds_split_json(&out, net, HAND_FUNDS, HAND_ITEMS, NULL) == HN_OK);
    CHECK(contains(out, "\"funded\":160.0"));
    CHECK(contains(out, "\"unfunded\":20.0"));
    CHECK(contains(out, "{\"amount\":90.0,\"funded\":90.0,\"funds\":[\"general\"],\"id\":\"d\""));
    CHECK(contains(out, "cap reached"));
    CHECK(contains(out, "{\"allocated\":60.0,\"amount\":80.0"));
    hn_free(out);
    out = NULL;
    /* a year no fund has, an unknown option */
    CHECK(hn_funds_split_json(&out, net, HAND_FUNDS, HAND_ITEMS, "{\"year\":2030}") == HN_ERR_INVALID);
    CHECK(out == NULL);
    CHECK(contains(hn_last_error(), "year"));
    CHECK(hn_funds_split_json(&out, net, HAND_FUNDS, HAND_ITEMS, "{\"yeer\":2024}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "yeer"));
    CHECK(hn_funds_split_json(&out, net, HAND_FUNDS, "{\"items\":[{\"id\":\"x\",\"amount\":-1}]}", NULL) == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "item x: field 'amount'"));
    CHECK(hn_funds_split_json(NULL, net, HAND_FUNDS, NULL, NULL) == HN_ERR_NULL);
    CHECK(hn_funds_split_json(&out, NULL, HAND_FUNDS, NULL, NULL) == HN_ERR_NULL);
}

static void test_bad_files(hn_network *net) {
    char *out = NULL;
    CHECK(hn_funds_check_json(&out, net,
                              "{\"funds\":[{\"id\":\"f\",\"kind\":\"social\",\"amounts\":{\"2024\":10},"
                              "\"earmarks\":[{\"id\":\"e\",\"cap\":11}]}]}", NULL) == HN_ERR_INVALID);
    CHECK(out == NULL);
    CHECK(contains(hn_last_error(), "fund f earmark e: field 'cap'"));
    CHECK(hn_funds_check_json(&out, net,
                              "{\"contracts\":[{\"id\":\"c\",\"buyer\":\"b\",\"incubator\":\"center-11\",\"amount\":1,"
                              "\"start\":\"2024-02-01\",\"end\":\"2024-01-01\"}]}", NULL) == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "contract c: field 'end'"));
    CHECK(hn_funds_check_json(&out, net,
                              "{\"contracts\":[{\"id\":\"c\",\"buyer\":\"b\",\"incubator\":\"nowhere\",\"amount\":1,"
                              "\"start\":\"2024-01-01\",\"end\":\"2024-12-31\"}]}", NULL) == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "contract c: field 'incubator'"));
    CHECK(hn_funds_check_json(&out, net,
                              "{\"contracts\":[{\"id\":\"c\",\"buyer\":\"b\",\"fund\":\"ghost\",\"incubator\":\"center-11\","
                              "\"amount\":1,\"start\":\"2024-01-01\",\"end\":\"2024-12-31\"}]}", NULL) == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "contract c: field 'fund'"));
    CHECK(hn_funds_check_json(&out, net,
                              "{\"contracts\":[{\"id\":\"c\",\"buyer\":\"b\",\"incubator\":\"center-11\",\"amount\":1,"
                              "\"start\":\"2024-01-01\",\"end\":\"2024-12-31\",\"deliverables\":[\"nope\"]}]}",
                              "incubator") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "deliverable 1: field 'indicator'"));
    CHECK(hn_funds_check_json(&out, net, "{\"funds\": [", NULL) == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "malformed"));
}

static void test_example_file(hn_network *net) {
    char *funds = slurp(FUNDS_FILE);
    CHECK(funds != NULL);
    if (!funds) return;
    char *out = NULL;
    CHECK(hn_funds_check_json(&out, net, funds, "incubator") == HN_OK);
    CHECK(contains(out, "\"funds\":6"));
    CHECK(contains(out, "\"contracts\":4"));
    hn_free(out);
    out = NULL;
    /* plan first (new street sites at 500000 each), then pay the picks and the unfunded contracts */
    CHECK(hn_funds_split_json(&out, net, funds, NULL,
                              "{\"plan\":{\"k\":5,\"objective\":\"served\",\"site_cost\":500000}}") == HN_OK);
    CHECK(contains(out, "\"item\":\"pick-1\""));
    CHECK(contains(out, "\"item\":\"contract-dc-2024-003\""));
    CHECK(contains(out, "\"committed\":2400000.0"));
    hn_free(out);
    out = NULL;
    const char *perf = "{\"units\":[{\"id\":\"center-11\",\"grade\":\"qualified\",\"score\":65,"
                       "\"indicators\":{\"services\":0.8,\"satisfaction\":0.5}}]}";
    CHECK(hn_funds_payments_json(&out, net, funds, perf, "incubator", "{\"as_of\":\"2024-12-31\"}") == HN_OK);
    /* bj-2024-001: 40% fixed (960000) + 60% linked (1440000) less 20% (grade) + 10% (satisfaction missed) */
    CHECK(contains(out, "\"due\":1968000.0"));
    hn_free(out);
    out = NULL;
    CHECK(hn_funds_cost_json(&out, net, funds, NULL, NULL, "{\"served\":{\"center-11\":120}}") == HN_OK);
    CHECK(contains(out, "\"per_served\":20000.0"));
    CHECK(contains(out, "\"served_from\":\"given\""));
    hn_free(out);
    out = NULL;
    CHECK(hn_funds_cost_json(&out, net, funds, NULL, NULL, "{\"served\":{\"ghost\":1}}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "ghost"));
    free(funds);
}

/* Regressions of the hostile review: each refused with HN_ERR_INVALID naming record and field,
 * and NULL arguments refused (never a crash). */
static void test_hostile(hn_network *net) {
    char *out = NULL;
    /* an item in a region the network does not have was paid by the open fund */
    CHECK(hn_funds_split_json(&out, net, HAND_FUNDS,
                              "{\"items\":[{\"id\":\"typo\",\"amount\":5,\"region\":\"99999\"}]}", NULL) ==
          HN_ERR_INVALID);
    CHECK(out == NULL);
    CHECK(contains(hn_last_error(), "item typo: field 'region'"));
    /* a grade_below rule on a grade the results do not list never fired: linked money paid in full */
    const char *funds =
        "{\"funds\":[{\"id\":\"f\",\"kind\":\"social\",\"amounts\":{\"2024\":100}}],"
        "\"contracts\":[{\"id\":\"c\",\"buyer\":\"b\",\"incubator\":\"center-11\",\"amount\":100,"
        "\"start\":\"2024-01-01\",\"end\":\"2024-12-31\","
        "\"payment\":{\"rules\":[{\"grade_below\":\"nonsense\",\"withhold\":0.5}]}}]}";
    const char *perf = "{\"grades\":[\"good\",\"bad\"],\"units\":[{\"id\":\"center-11\",\"grade\":\"bad\"}]}";
    CHECK(hn_funds_payments_json(&out, net, funds, perf, NULL, NULL) == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "contract c rule 1: field 'grade_below'"));
    /* served counts whose district sum overflowed int64 */
    CHECK(hn_funds_cost_json(&out, net, funds, NULL, NULL,
                             "{\"served\":{\"center-11\":9000000000000000000}}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "served center-11"));
    /* NULL everywhere: a status, never a crash */
    CHECK(hn_funds_split_json(NULL, net, HAND_FUNDS, NULL, NULL) != HN_OK);
    CHECK(hn_funds_split_json(&out, NULL, HAND_FUNDS, NULL, NULL) != HN_OK);
    CHECK(hn_funds_split_json(&out, net, NULL, NULL, NULL) == HN_ERR_INVALID);
    CHECK(hn_funds_check_json(&out, NULL, NULL, NULL) != HN_OK);
    CHECK(hn_funds_payments_json(&out, net, HAND_FUNDS, NULL, NULL, NULL) == HN_ERR_INVALID);
    CHECK(hn_funds_cost_json(NULL, NULL, NULL, NULL, NULL, NULL) != HN_OK);
    CHECK(out == NULL);
}

int main(void) {
    hn_network *net = NULL;
    CHECK(hn_network_load_json_file(&net, BEIJING) == HN_OK);
    if (!net) return check_summary();
    test_split(net);
    test_bad_files(net);
    test_example_file(net);
    test_hostile(net);
    hn_network_free(net);
    return check_summary();
}
