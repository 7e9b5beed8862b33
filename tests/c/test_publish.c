/* The C ABI of disclosure pages and public supervision, from C99. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *NET =
    "{\"format\":\"hatchnet-network\",\"version\":1,\"name\":\"东城\","
    "\"regions\":[{\"code\":\"11\"},{\"code\":\"110101\",\"name\":\"东城区\"},{\"code\":\"110101001\",\"name\":\"东华门街道\"}],"
    "\"staffing\":{\"pay_floor\":4000},"
    "\"nodes\":["
    "{\"id\":\"d\",\"name\":\"东城区社会组织发展服务中心\",\"tier\":\"district\",\"region\":\"110101\","
    "\"services\":[\"training\"],\"capacity\":30,\"occupied\":20,\"staff\":{\"total\":10,\"trained\":4,\"funded_posts\":3,\"pay\":3500}},"
    "{\"id\":\"s/1\",\"name\":\"东华门<街道>\",\"tier\":\"street\",\"region\":\"110101001\",\"services\":[\"venue\"],\"capacity\":10}],"
    "\"edges\":[{\"from\":\"d\",\"to\":\"s/1\",\"type\":\"guidance\"}]}";

static const char *FEEDBACK =
    "[{\"id\":\"f1\",\"incubator\":\"d\",\"date\":\"2025-03-01\",\"kind\":\"complaint\",\"resolved\":true},"
    "{\"id\":\"f2\",\"incubator\":\"d\",\"date\":\"2025-04-01\",\"kind\":\"complaint\"},"
    "{\"id\":\"f3\",\"incubator\":\"s/1\",\"date\":\"2025-05-01\",\"kind\":\"feedback\"}]";

static int contains(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

int main(void) {
    hn_network *net = NULL;
    char *pages = NULL, *ind = NULL, *staff = NULL;
    char options[1024];
    CHECK(hn_network_load_json(&net, NET, strlen(NET)) == HN_OK);
    snprintf(options, sizeof options, "{\"templates\":\"%s/data/templates\",\"feedback\":%s}", HATCHNET_SOURCE_DIR,
             FEEDBACK);

    CHECK(hn_publish_pages_json(&pages, net, options) == HN_OK);
    CHECK(contains(pages, "\"index.html\""));
    CHECK(contains(pages, "\"incubators/d.html\""));
    CHECK(contains(pages, "\"incubators/s~2F1.html\""));       /* a file-safe name */
    CHECK(contains(pages, "东城区社会组织发展服务中心"));       /* Chinese by default */
    CHECK(contains(pages, "东华门&lt;街道&gt;"));                /* escaped */
    CHECK(contains(pages, "低于本地区标准 4000 元"));            /* pay 3500 below the floor */
    CHECK(contains(pages, "办结率 50%"));                        /* 1 of 2 complaints */
    hn_free(pages);
    pages = NULL;
    snprintf(options, sizeof options, "{\"templates\":\"%s/data/templates\",\"lang\":\"en\"}", HATCHNET_SOURCE_DIR);
    CHECK(hn_publish_pages_json(&pages, net, options) == HN_OK);
    CHECK(contains(pages, "District incubator"));
    CHECK(hn_publish(net, "publish-c-test", options) == HN_OK);
    hn_free(pages);

    CHECK(hn_supervision_indicators_json(&ind, net, FEEDBACK, "{\"from\":\"2025-01-01\"}") == HN_OK);
    CHECK(contains(ind, "\"complaint_count\":2.0"));
    CHECK(contains(ind, "\"complaints_per_100_orgs\":10.0")); /* 100 * 2 / 20 */
    CHECK(contains(ind, "\"complaint_resolution_rate\":0.5"));
    hn_free(ind);
    CHECK(hn_staff_indicators_json(&staff, net) == HN_OK);
    CHECK(contains(staff, "\"staff_trained_share\":0.4"));
    CHECK(contains(staff, "\"staff_below_pay_floor\":1.0"));
    hn_free(staff);

    /* bad input */
    pages = NULL;
    CHECK(hn_publish_pages_json(&pages, net, "{\"lang\":\"fr\"}") == HN_ERR_INVALID);
    CHECK(pages == NULL);
    CHECK(contains(hn_last_error(), "lang"));
    ind = NULL;
    CHECK(hn_supervision_indicators_json(&ind, net,
                                         "[{\"id\":\"x\",\"incubator\":\"ghost\",\"date\":\"2025-01-01\",\"kind\":\"complaint\"}]",
                                         NULL) == HN_ERR_INVALID);
    CHECK(ind == NULL);
    CHECK(contains(hn_last_error(), "feedback x: field 'incubator'"));
    CHECK(hn_publish_pages_json(&pages, net, "{\"templates\":\"/no/such/templates\"}") == HN_ERR_IO);

    hn_network_free(net);
    return check_summary();
}
