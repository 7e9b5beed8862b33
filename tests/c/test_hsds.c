/* The C ABI of the HSDS directory, from C99: export -> import -> export gives the same files,
 * the specification's example imports, bad input fails whole with the record named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *NET =
    "{\"format\":\"hatchnet-network\",\"version\":1,"
    "\"regions\":[{\"code\":\"11\"},{\"code\":\"110101\",\"name\":\"East\"},{\"code\":\"110101001\"}],"
    "\"nodes\":["
    "{\"id\":\"d\",\"name\":\"东城区社会组织发展服务中心\",\"tier\":\"district\",\"region\":\"110101\","
    "\"services\":[\"training\",\"venue\"],\"capacity\":30,\"lat\":39.93,\"lon\":116.42},"
    "{\"id\":\"s1\",\"tier\":\"street\",\"region\":\"110101001\",\"services\":[\"venue\"],\"capacity\":10}],"
    "\"edges\":[{\"from\":\"d\",\"to\":\"s1\",\"type\":\"guidance\"}]}";

static const char *OPTIONS =
    "{\"format\":\"csv\",\"resources\":[{\"id\":\"r1\",\"provider\":\"d\",\"category\":\"venue\",\"capacity\":4,"
    "\"unit_cost\":2.5}],\"needs\":[{\"id\":\"n1\",\"organization\":\"o1\",\"category\":\"venue\"}]}";

static int contains(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

int main(void) {
    hn_network *net = NULL, *back = NULL;
    char *files = NULL, *again = NULL, *extras = NULL;
    CHECK(hn_network_load_json(&net, NET, strlen(NET)) == HN_OK);

    CHECK(hn_hsds_files_json(&files, net, OPTIONS) == HN_OK);
    CHECK(contains(files, "\"organizations.csv\""));
    CHECK(contains(files, "\"datapackage.json\""));
    CHECK(hn_hsds_export(net, "hsds-c-test", OPTIONS) == HN_OK);

    CHECK(hn_hsds_import(&back, &extras, "hsds-c-test", net, NULL) == HN_OK);
    CHECK(back != NULL);
    CHECK(contains(extras, "\"r1\""));
    CHECK(contains(extras, "\"n1\""));
    if (back) {
        size_t counts[HN_TIER_COUNT];
        hn_network_count_by_tier(counts, back);
        CHECK(counts[HN_TIER_DISTRICT] == 1 && counts[HN_TIER_STREET] == 1);
        CHECK(hn_hsds_files_json(&again, back, OPTIONS) == HN_OK);
        CHECK(files && again && strcmp(files, again) == 0); /* byte-identical */
    }
    hn_free(again);
    hn_free(files);
    files = NULL;
    hn_free(extras);
    hn_network_free(back);

    /* the specification's example, with a region for its (foreign) organization */
    back = NULL;
    CHECK(hn_hsds_import(&back, NULL, HATCHNET_SOURCE_DIR "/tests/data/hsds/example-csv", NULL,
                         "{\"default_region\":\"11\"}") == HN_OK);
    hn_network_free(back);

    /* bad input: no region for a foreign organization; an unknown option; a missing directory */
    back = NULL;
    extras = NULL;
    CHECK(hn_hsds_import(&back, &extras, HATCHNET_SOURCE_DIR "/tests/data/hsds/example-csv", NULL, NULL) ==
          HN_ERR_INVALID);
    CHECK(back == NULL && extras == NULL);
    CHECK(contains(hn_last_error(), "file organizations.csv, row 1"));
    CHECK(hn_hsds_import(&back, NULL, "hsds-c-test", NULL, "{\"colour\":1}") == HN_ERR_INVALID);
    CHECK(contains(hn_last_error(), "colour"));
    CHECK(hn_hsds_import(&back, NULL, "no-such-hsds-dir", NULL, NULL) == HN_ERR_IO);
    CHECK(hn_hsds_files_json(&files, net, "{\"format\":\"xml\"}") != HN_OK);
    CHECK(files == NULL);
    CHECK(hn_hsds_export(NULL, "x", NULL) != HN_OK);

    hn_network_free(net);
    return check_summary();
}
