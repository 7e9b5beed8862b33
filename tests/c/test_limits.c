/* Input limits and typed errors through the C ABI: hostile input gets a specific status, the
 * record and field, and never HN_ERR_INTERNAL. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hatchnet/hn_coverage.h"
#include "hatchnet/hn_match.h"
#include "hatchnet/hn_referral.h"

static char *nested(size_t depth) {
    char *s = (char *)malloc(2 * depth + 1);
    memset(s, '[', depth);
    memset(s + depth, ']', depth);
    s[2 * depth] = '\0';
    return s;
}

int main(void) {
    uint64_t v = 0, old_bytes = 0, old_elems = 0;
    hn_network *net = NULL;
    char *out = NULL;
    char *deep = nested(100000);
    char buf[512];

    /* limits: defaults readable, settable, zero refused */
    CHECK(hn_get_limit(&v, HN_LIMIT_JSON_DEPTH) == HN_OK && v == 128);
    CHECK(hn_get_limit(&old_bytes, HN_LIMIT_INPUT_BYTES) == HN_OK && old_bytes == ((uint64_t)1 << 30));
    CHECK(hn_get_limit(&old_elems, HN_LIMIT_ELEMENTS) == HN_OK && old_elems == 10000000u);
    CHECK(hn_set_limit(HN_LIMIT_ELEMENTS, 0) == HN_ERR_INVALID);
    CHECK(hn_set_limit((hn_limit)99, 5) == HN_ERR_RANGE);
    CHECK(hn_get_limit(NULL, HN_LIMIT_ELEMENTS) == HN_ERR_NULL);
    CHECK(strcmp(hn_status_name(HN_ERR_LIMIT), "limit") == 0);

    /* files: missing and directory are I/O errors naming the file */
    CHECK(hn_network_load_json_file(&net, "/nonexistent/net.json") == HN_ERR_IO);
    CHECK(strcmp(hn_last_error_record(), "file /nonexistent/net.json") == 0);
    CHECK(hn_network_load_json_file(&net, HATCHNET_SOURCE_DIR "/tests") == HN_ERR_IO);
    CHECK(strstr(hn_last_error(), "directory") != NULL);

    /* a document over the size limit */
    CHECK(hn_set_limit(HN_LIMIT_INPUT_BYTES, 100) == HN_OK);
    CHECK(hn_network_load_json_file(&net, HATCHNET_SOURCE_DIR "/tests/data/small.json") == HN_ERR_LIMIT);
    CHECK(hn_network_load_json_file(&net, "/dev/zero") == HN_ERR_LIMIT);
    CHECK(hn_set_limit(HN_LIMIT_INPUT_BYTES, old_bytes) == HN_OK);

    /* deep nesting: refused with HN_ERR_LIMIT on every text entry point */
    CHECK(hn_network_load_json(&net, deep, strlen(deep)) == HN_ERR_LIMIT);
    CHECK(net == NULL);
    CHECK(hn_network_load_json_file(&net, HATCHNET_SOURCE_DIR "/tests/data/small.json") == HN_OK);
    snprintf(buf, sizeof buf, "{\"counted_tiers\":%.300s}", deep);
    CHECK(hn_coverage_json(&out, net, buf) == HN_ERR_LIMIT);
    CHECK(strcmp(hn_last_error_record(), "options") == 0);
    CHECK(hn_refer_json(&out, net, deep, NULL) == HN_ERR_LIMIT);

    /* a number no double holds: bad input, not an internal error */
    CHECK(hn_refer_json(&out, net, "{\"organization\":\"x\",\"needs\":[\"office\"],\"urgency\":1e400}", NULL) ==
          HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "internal") == NULL);
    CHECK(hn_plan_json(&out, net, "{\"k\":1,\"budget\":1e400}") == HN_ERR_INVALID);

    /* invalid UTF-8: the message is kept (made valid), never empty */
    CHECK(hn_refer_json(&out, net, "{\"organization\":\"\xff\xfe\",\"needs\":[\"office\"]}", NULL) != HN_OK);
    CHECK(strlen(hn_last_error()) > 0);

    /* counts: declared or requested sizes over the limit are refused before allocating */
    CHECK(hn_plan_json(&out, net, "{\"k\":1,\"demand\":{\"requests\":2000000000}}") == HN_ERR_LIMIT);
    CHECK(strcmp(hn_last_error_record(), "demand") == 0);
    CHECK(strcmp(hn_last_error_field(), "requests") == 0);
    {
        hn_mcf *f = NULL;
        int64_t first = 0;
        CHECK(hn_mcf_create(&f, 2000000000u) == HN_ERR_LIMIT);
        CHECK(f == NULL);
        CHECK(hn_mcf_create(&f, 4) == HN_OK);
        CHECK(hn_mcf_add_nodes(&first, f, 1999999000u) == HN_ERR_LIMIT);
        CHECK(hn_set_limit(HN_LIMIT_ELEMENTS, 20000000u) == HN_OK);
        CHECK(hn_mcf_add_nodes(&first, f, 15000000u) == HN_OK && first == 4);
        CHECK(hn_set_limit(HN_LIMIT_ELEMENTS, old_elems) == HN_OK);
        hn_mcf_free(f);
    }

    /* a load that fails validation names the record and field of its first error */
    {
        hn_network *bad = NULL;
        const char *neg = "{\"format\":\"hatchnet-network\",\"version\":1,\"name\":\"x\",\"nodes\":[{\"id\":\"cc\","
                          "\"tier\":\"city_center\",\"region\":\"11\",\"capacity\":-1,\"operator\":\"government\"}]}";
        CHECK(hn_network_load_json(&bad, neg, strlen(neg)) == HN_ERR_INVALID);
        CHECK(strcmp(hn_last_error_record(), "node cc") == 0);
        CHECK(strcmp(hn_last_error_field(), "capacity") == 0);
    }
    /* text after a NUL byte is not silently ignored */
    {
        hn_network *again = NULL;
        char *text = NULL;
        size_t len = 0;
        CHECK(hn_network_to_json(&text, &len, net) == HN_OK);
        text = (char *)realloc(text, len + 12);
        memcpy(text + len, "\0{\"garbage", 11);
        CHECK(hn_network_load_json(&again, text, len + 11) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "NUL") != NULL);
        CHECK(again == NULL);
        free(text);
    }
    /* the depth ceiling: a depth that would overflow the stack cannot be set */
    CHECK(hn_set_limit(HN_LIMIT_JSON_DEPTH, 60000) == HN_ERR_INVALID);
    CHECK(hn_set_limit(HN_LIMIT_INPUT_BYTES, UINT64_MAX) == HN_ERR_INVALID);

    hn_network_free(net);
    free(deep);
    return check_summary();
}
