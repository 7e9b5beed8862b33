/* Consortia (§5.1) and contracts (§5.4) through the C ABI's JSON paths, from C99: a network
 * carrying them loads and saves them, bad ones are refused naming record and field, the
 * matcher serves from a consortium pool and says so, routing uses a contract only within
 * its scope and period and says why not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

#define HEAD                                                                                                      \
    "{\"format\":\"hatchnet-network\",\"version\":1,"                                                           \
    "\"regions\":[{\"code\":\"11\"},{\"code\":\"110101\"},{\"code\":\"110102\"}],"                              \
    "\"nodes\":[{\"id\":\"d1\",\"tier\":\"district\",\"region\":\"110101\",\"services\":[\"office\"],\"capacity\":5}," \
    "{\"id\":\"d2\",\"tier\":\"district\",\"region\":\"110102\",\"services\":[\"legal\",\"venue\"],\"capacity\":5}]," \
    "\"organizations\":[{\"id\":\"o1\",\"type\":\"service_org\",\"region\":\"110101\",\"home\":\"d1\",\"credit\":80}],"

static const char *NET = HEAD
    "\"consortia\":[{\"id\":\"C1\",\"members\":[\"d1\",\"d2\"],\"services\":[\"space\"],\"region\":\"11\"}],"
    "\"contracts\":[{\"id\":\"K1\",\"parties\":[\"d1\",\"d2\"],\"scope\":[\"legal\"],\"start\":\"2024-01-01\","
    "\"end\":\"2025-12-31\"}]}";

static const char *BAD = HEAD
    "\"contracts\":[{\"id\":\"K1\",\"parties\":[\"d1\",\"d2\"],\"scope\":[\"legal\"],\"start\":\"2025-01-01\","
    "\"end\":\"2024-12-31\"}]}";

int main(void) {
    hn_network *net = NULL, *bad = NULL;
    char *out = NULL;
    CHECK(hn_network_load_json(&net, NET, strlen(NET)) == HN_OK);

    /* a contract ending before it starts: refused, record and field named, nothing returned */
    CHECK(hn_network_load_json(&bad, BAD, strlen(BAD)) == HN_ERR_INVALID);
    CHECK(bad == NULL);
    CHECK(strstr(hn_last_error(), "contract K1") != NULL && strstr(hn_last_error(), "end") != NULL);

    /* the pool: d2's venue serves o1 (home d1) via consortium C1 */
    CHECK(hn_match_json(&out, net, "[{\"id\":\"n1\",\"organization\":\"o1\",\"category\":\"venue\",\"quantity\":2}]",
                        "[{\"id\":\"r1\",\"provider\":\"d2\",\"category\":\"venue\",\"capacity\":5,\"unit_cost\":1}]",
                        "{\"providers\":\"home\"}") == HN_OK);
    CHECK(out && strstr(out, "\"via_consortium\":\"C1\"") != NULL);
    CHECK(out && strstr(out, "\"served\":2") != NULL);
    hn_free(out);
    out = NULL;
    CHECK(hn_match_json(&out, net, "[{\"id\":\"n1\",\"organization\":\"o1\",\"category\":\"venue\",\"quantity\":2}]",
                        "[{\"id\":\"r1\",\"provider\":\"d2\",\"category\":\"venue\",\"capacity\":5,\"unit_cost\":1}]",
                        "{\"providers\":\"home\",\"pooling\":false}") == HN_OK);
    CHECK(out && strstr(out, "\"served\":0") != NULL);
    hn_free(out);
    out = NULL;

    /* routing over K1: in force and in scope, then expired */
    CHECK(hn_refer_json(&out, net,
                        "{\"type\":\"service_org\",\"needs\":[\"legal\"],\"first_contact\":\"d1\",\"as_of\":\"2025-06-01\"}",
                        NULL) == HN_OK);
    CHECK(out && strstr(out, "\"chosen\":\"d2\"") != NULL && strstr(out, "\"contract\":\"K1\"") != NULL);
    hn_free(out);
    out = NULL;
    CHECK(hn_refer_json(&out, net,
                        "{\"type\":\"service_org\",\"needs\":[\"legal\"],\"first_contact\":\"d1\",\"as_of\":\"2026-01-01\"}",
                        NULL) == HN_OK);
    CHECK(out && strstr(out, "contract K1 expired on 2025-12-31") != NULL);
    CHECK(out && strstr(out, "\"contract_unusable\"") != NULL);
    hn_free(out);
    out = NULL;
    /* a malformed as-of date: an error naming the field, no result */
    CHECK(hn_refer_json(&out, net, "{\"type\":\"service_org\",\"needs\":[\"legal\"],\"first_contact\":\"d1\",\"as_of\":\"x\"}",
                        NULL) == HN_ERR_INVALID);
    CHECK(out == NULL && strstr(hn_last_error(), "as_of") != NULL);

    /* saved and read back with the entities */
    CHECK(hn_network_to_json(&out, NULL, net) == HN_OK);
    CHECK(out && strstr(out, "\"consortia\"") != NULL && strstr(out, "\"contracts\"") != NULL);
    hn_free(out);
    hn_network_free(net);
    return check_summary();
}
