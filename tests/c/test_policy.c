/* The C ABI of the tiers' mandated functions and the tier sameness figure, from C99. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

/* The hand-computed case of tests/cpp/coverage/test_sameness.cpp, with the default
 * vocabulary: the district node lacks level_linkage and district_projects, nothing else. */
static const char *NET =
    "{\"format\":\"hatchnet-network\",\"version\":1,"
    "\"regions\":[{\"code\":\"11\"},{\"code\":\"110101\",\"name\":\"East\"},{\"code\":\"110101001\"},"
    "{\"code\":\"110101002\"},{\"code\":\"110101001001\"},{\"code\":\"110101002001\"}],"
    "\"nodes\":["
    "{\"id\":\"d\",\"tier\":\"district\",\"region\":\"110101\",\"services\":[\"information\",\"project_matching\","
    "\"policy\",\"office\",\"training\",\"party_building\"]},"
    "{\"id\":\"s1\",\"tier\":\"street\",\"region\":\"110101001\",\"services\":[\"venue\",\"funds\"]},"
    "{\"id\":\"s2\",\"tier\":\"street\",\"region\":\"110101002\",\"services\":[\"policy\"]},"
    "{\"id\":\"c1\",\"tier\":\"community\",\"region\":\"110101001001\"},"
    "{\"id\":\"c2\",\"tier\":\"community\",\"region\":\"110101002001\"}],"
    "\"edges\":[{\"from\":\"d\",\"to\":\"s1\",\"type\":\"guidance\"},{\"from\":\"d\",\"to\":\"s2\",\"type\":\"guidance\"},"
    "{\"from\":\"s1\",\"to\":\"c1\",\"type\":\"guidance\"},{\"from\":\"s2\",\"to\":\"c2\",\"type\":\"guidance\"}]}";

static int contains(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

/* The number after the first `"key":` at or after `from` in `s`. */
static double number_after(const char *s, const char *from, const char *key) {
    const char *p = s ? strstr(s, from) : NULL;
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = p ? strstr(p, pat) : NULL;
    return p ? strtod(p + strlen(pat), NULL) : NAN;
}

static size_t count(const char *s, const char *needle) {
    size_t n = 0;
    for (const char *p = s; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) ++n;
    return n;
}

/* Staff and modes: the hand case of tests/cpp/model/test_staff.cpp, district East only. */
static const char *STAFFED =
    "{\"format\":\"hatchnet-network\",\"version\":1,\"staffing\":{\"pay_floor\":3000},"
    "\"regions\":[{\"code\":\"11\"},{\"code\":\"110101\"},{\"code\":\"110101001\"},{\"code\":\"110101002\"}],"
    "\"nodes\":["
    "{\"id\":\"d1\",\"tier\":\"district\",\"region\":\"110101\",\"occupied\":12,\"capacity\":20,"
    "\"staff\":{\"total\":6,\"trained\":4,\"funded_posts\":3,\"pay\":5000}},"
    "{\"id\":\"s1\",\"tier\":\"street\",\"region\":\"110101001\",\"occupied\":6,\"capacity\":10,"
    "\"build\":\"conversion\",\"staff\":{\"total\":2,\"trained\":0,\"funded_posts\":4,\"pay\":2500}}],"
    "\"edges\":[{\"from\":\"d1\",\"to\":\"s1\",\"type\":\"guidance\"}],"
    "\"organizations\":[{\"id\":\"o1\",\"type\":\"association\",\"region\":\"110101002\"},"
    "{\"id\":\"o2\",\"type\":\"association\",\"region\":\"110101002\"}]}";

static void test_staff_and_modes(void) {
    hn_network *net = NULL;
    char *out = NULL;
    CHECK(hn_network_load_json(&net, STAFFED, HN_NUL_TERMINATED) == HN_OK);
    CHECK(hn_staffing_json(&out, net, NULL) == HN_OK);
    /* East: 8 staff, 4 trained, mean pay (6*5000 + 2*2500) / 8, one node below the floor */
    CHECK(fabs(number_after(out, "\"districts\"", "trained_share") - 0.5) < 1e-12);
    CHECK(fabs(number_after(out, "\"districts\"", "mean_pay") - 4375.0) < 1e-9);
    CHECK(number_after(out, "\"districts\"", "below_floor") == 1.0);
    CHECK(contains(out, "\"pay_floor\":3000"));
    hn_free(out);
    out = (char *)1;
    CHECK(hn_staffing_json(&out, net, "{\"x\":1}") == HN_ERR_INVALID);
    CHECK(out == NULL);
    /* a mixed-mode plan: each pick names its mode, the cost stays within the budget */
    CHECK(hn_plan_json(&out, net,
                       "{\"objective\":\"served\",\"budget\":4,\"method\":\"exact\",\"counted_tiers\":[],\"modes\":["
                       "{\"mode\":\"new_build\",\"cost\":3,\"capacity\":1},"
                       "{\"mode\":\"co_build\",\"cost\":1,\"capacity\":1}]}") == HN_OK);
    CHECK(contains(out, "\"mode\":\"co_build\""));
    CHECK(number_after(out, "\"objective\"", "cost") <= 4.0);
    hn_free(out);
    CHECK(hn_plan_json(&out, net, "{\"budget\":4,\"modes\":[{\"mode\":\"rebuild\",\"cost\":1}]}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "modes[0]"));
    hn_network_free(net);
    net = NULL;
    /* more trained staff than staff: refused, naming node and field */
    CHECK(hn_network_load_json(&net,
                               "{\"regions\":[{\"code\":\"110101\"}],\"nodes\":[{\"id\":\"a\",\"tier\":\"district\","
                               "\"region\":\"110101\",\"staff\":{\"total\":1,\"trained\":2}}]}",
                               HN_NUL_TERMINATED) == HN_ERR_INVALID);
    CHECK(net == NULL);
    CHECK(contains(hn_last_error(), "node a"));
    CHECK(contains(hn_last_error(), "staff.trained"));
}

int main(void) {
    hn_network *net = NULL;
    char *out = NULL;
    CHECK(hn_network_load_json(&net, NET, HN_NUL_TERMINATED) == HN_OK);

    /* the default mandates */
    CHECK(hn_tier_functions_json(&out, net) == HN_OK);
    CHECK(contains(out, "\"mandates\":{\"city_center\":[\"information_publishing\""));
    CHECK(contains(out, "\"id\":\"filing\",\"name\":"));
    hn_free(out);

    /* missing functions: the street s2 lacks all seven of its tier but none twice; s1 five */
    CHECK(hn_missing_functions_json(&out, net) == HN_OK);
    CHECK(contains(out, "{\"node\":\"d\",\"tier\":\"district\",\"function\":\"level_linkage\""));
    CHECK(contains(out, "\"function\":\"district_projects\""));
    CHECK(count(out, "\"node\":\"d\"") == 2);
    CHECK(count(out, "\"node\":\"s1\"") == 5);
    CHECK(count(out, "\"node\":\"s2\"") == 7);
    CHECK(count(out, "\"node\":\"c1\"") == 0);
    hn_free(out);

    /* the same as validation warnings, naming node and field */
    {
        hn_issue_list *list = NULL;
        size_t i, n, found = 0;
        CHECK(hn_network_validate(&list, net) == HN_OK);
        n = hn_issue_list_size(list);
        for (i = 0; i < n; ++i) {
            hn_issue is = HN_ISSUE_INIT;
            CHECK(hn_issue_list_get(&is, list, i) == HN_OK);
            if (strcmp(is.code, "missing_function") == 0) {
                ++found;
                CHECK(is.is_warning == 1);
                CHECK(strcmp(is.field, "services") == 0);
                if (strcmp(is.record, "node d") == 0) {
                    const char *a = "lacks the mandated function 'level_linkage'";
                    const char *b = "lacks the mandated function 'district_projects'";
                    CHECK(strncmp(is.message, a, strlen(a)) == 0 || strncmp(is.message, b, strlen(b)) == 0);
                }
            }
        }
        CHECK(found == 14);
        hn_issue_list_free(list);
    }

    /* sameness: district d {information, project_matching, policy, office, training,
     * party_building}, s1 {venue, funds}, s2 {policy}, c1 = c2 = {}:
     * district–street (0 + 1/6) / 2 = 1/12, district–community 0, street–community 0 → between 1/36;
     * within: streets 0, communities 1 → 1/2 */
    CHECK(hn_sameness_json(&out, net, NULL) == HN_OK);
    CHECK(fabs(number_after(out, "\"network\"", "between") - 1.0 / 36) < 1e-12);
    CHECK(fabs(number_after(out, "\"network\"", "within") - 0.5) < 1e-12);
    CHECK(contains(out, "\"code\":\"110101\""));
    hn_free(out);
    CHECK(hn_sameness_json(&out, net, "{\"tiers\":[\"street\"]}") == HN_OK);
    CHECK(contains(out, "\"between\":null"));
    hn_free(out);
    out = (char *)1;
    CHECK(hn_sameness_json(&out, net, "{\"tiers\":[\"ward\"]}") == HN_ERR_INVALID);
    CHECK(out == NULL);
    CHECK(contains(hn_last_error(), "tiers"));
    CHECK(hn_coverage_json(&out, net, NULL) == HN_OK);
    CHECK(contains(out, "\"sameness\":{"));
    hn_free(out);
    CHECK(hn_missing_functions_json(NULL, net) == HN_ERR_NULL);
    CHECK(hn_tier_functions_json(&out, NULL) == HN_ERR_NULL);
    hn_network_free(net);
    net = NULL;

    /* bad mandates: refused whole, naming record and field */
    CHECK(hn_network_load_json(&net,
                               "{\"vocabulary\":{\"mandates\":{\"street\":[\"no_such\"]}},\"regions\":[],\"nodes\":[]}",
                               HN_NUL_TERMINATED) == HN_ERR_INVALID);
    CHECK(net == NULL);
    CHECK(contains(hn_last_error(), "vocabulary.mandates street"));
    CHECK(contains(hn_last_error(), "no_such"));
    test_staff_and_modes();
    return check_summary();
}
