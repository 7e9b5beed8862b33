/* The C ABI of networks and validation, exercised from C99. */
#define _POSIX_C_SOURCE 200809L /* setenv, mkdtemp, symlink */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *SMALL = HATCHNET_SOURCE_DIR "/tests/data/small.json";

static void test_version(void) {
    CHECK(hn_version_number() == HN_VERSION_NUMBER);
    CHECK(strcmp(hn_version_string(), HN_VERSION_STRING) == 0);
    CHECK(strcmp(hn_status_name(HN_ERR_INVALID), "invalid") == 0);
}

static void test_load_and_query(void) {
    hn_network *net = NULL;
    size_t n = 0, counts[HN_TIER_COUNT];
    hn_node_info info = HN_NODE_INFO_INIT;
    size_t *idx = NULL, k = 0;
    int hops = -2;
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    if (!net) return;
    CHECK(hn_network_node_count(&n, net) == HN_OK && n == 10);
    CHECK(hn_network_edge_count(&n, net) == HN_OK && n == 12);
    CHECK(hn_network_organization_count(&n, net) == HN_OK && n == 5);
    CHECK(hn_network_region_count(&n, net) == HN_OK && n == 9);
    CHECK(hn_network_count_by_tier(counts, net) == HN_OK);
    CHECK(counts[HN_TIER_CITY_CENTER] == 1 && counts[HN_TIER_STREET] == 3 && counts[HN_TIER_SOCIAL] == 1);
    {
        /* every tier, and an array longer than HN_TIER_COUNT: the rest is 0 */
        size_t all[HN_TIER_COUNT_ALL + 2], total = 0, i;
        CHECK(hn_network_count_by_tier_n(all, HN_TIER_COUNT_ALL + 2, net) == HN_OK);
        for (i = 0; i < HN_TIER_COUNT_ALL; ++i) total += all[i];
        CHECK(total == 10 && all[HN_TIER_DISTRICT_SECTOR] == 0 && all[HN_TIER_COUNT_ALL] == 0 &&
              all[HN_TIER_COUNT_ALL + 1] == 0);
        CHECK(hn_network_count_by_tier_n(NULL, 0, net) == HN_OK);
    }

    CHECK(hn_network_find_node(&info, net, "d-east") == HN_OK);
    CHECK(strcmp(info.name, "East District Incubator") == 0);
    CHECK(info.tier == HN_TIER_DISTRICT && info.capacity == 30 && info.occupied == 10);
    CHECK(info.has_coordinates == 1 && info.lat > 39.9 && info.lat < 40.0);
    CHECK(hn_network_find_node(&info, net, "ghost") == HN_ERR_NOT_FOUND);
    CHECK(strstr(hn_last_error(), "ghost") != NULL);
    CHECK(hn_network_node_at(&info, net, 0) == HN_OK && strcmp(info.id, "cc") == 0);
    CHECK(hn_network_node_at(&info, net, 99) == HN_ERR_RANGE);

    CHECK(hn_network_guidance_children(&idx, &k, net, "d-east") == HN_OK);
    CHECK(k == 2);
    if (k == 2) {
        CHECK(hn_network_node_at(&info, net, idx[0]) == HN_OK && strcmp(info.id, "s-east-1") == 0);
    }
    hn_free(idx);
    CHECK(hn_network_guidance_parents(&idx, &k, net, "s-west-1") == HN_OK && k == 1);
    hn_free(idx);
    CHECK(hn_network_incubators_serving(&idx, &k, net, "110101001002") == HN_OK && k == 6);
    hn_free(idx);
    CHECK(hn_network_incubators_serving(&idx, &k, net, "11x") == HN_ERR_INVALID);
    CHECK(hn_network_hops(&hops, net, "c-east-a", "s-west-1") == HN_OK && hops == 4);

    /* canonical text round trip */
    {
        char *text = NULL, *text2 = NULL;
        size_t len = 0, len2 = 0;
        hn_network *again = NULL;
        CHECK(hn_network_to_json(&text, &len, net) == HN_OK);
        CHECK(text != NULL && len == strlen(text));
        CHECK(hn_network_load_json(&again, text, len) == HN_OK);
        CHECK(hn_network_to_json(&text2, &len2, again) == HN_OK);
        CHECK(len == len2 && text2 != NULL && memcmp(text, text2, len) == 0);
        hn_free(text);
        hn_free(text2);
        hn_network_free(again);
    }
    {
        hn_issue_list *list = NULL;
        CHECK(hn_network_validate(&list, net) == HN_OK);
        CHECK(hn_issue_list_error_count(list) == 0);
        hn_issue_list_free(list);
    }
    hn_network_free(net);
}

static void test_bad_input(void) {
    hn_network *net = NULL;
    hn_issue_list *list = NULL;
    hn_issue issue = HN_ISSUE_INIT;
    const char *broken = "{\"nodes\":[{\"id\":\"a\",\"tier\":\"street\",\"region\":\"110101001\"},"
                         "{\"id\":\"a\",\"tier\":\"ward\",\"region\":\"110101001\"}]}";
    const char *dup = "{\"nodes\":[{\"id\":\"a\",\"tier\":\"street\",\"region\":\"110101001\"},"
                      "{\"id\":\"a\",\"tier\":\"street\",\"region\":\"110101002\"}]}";
    size_t i, n;
    int saw_dup = 0;

    CHECK(hn_network_load_json(&net, "{not json", 9) == HN_ERR_INVALID);
    CHECK(net == NULL);
    CHECK(strstr(hn_last_error(), "line 1") != NULL);
    CHECK(hn_network_load_json(&net, broken, strlen(broken)) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "tier") != NULL);
    CHECK(hn_network_load_json_file(&net, "/nonexistent/file.json") == HN_ERR_IO);
    CHECK(hn_network_load_json(NULL, "{}", 2) == HN_ERR_NULL);
    CHECK(hn_network_load_json(&net, NULL, 0) == HN_ERR_NULL);
    CHECK(net == NULL);

    CHECK(hn_validate_json(&list, dup, strlen(dup)) == HN_OK);
    n = hn_issue_list_size(list);
    CHECK(hn_issue_list_error_count(list) >= 1);
    for (i = 0; i < n; ++i) {
        CHECK(hn_issue_list_get(&issue, list, i) == HN_OK);
        if (strcmp(issue.code, "duplicate_id") == 0 && strcmp(issue.field, "id") == 0 &&
            strstr(issue.record, "node a") != NULL)
            saw_dup = 1;
    }
    CHECK(saw_dup);
    CHECK(hn_issue_list_get(&issue, list, n) == HN_ERR_RANGE);
    hn_issue_list_free(list);

    CHECK(hn_validate_json_file(&list, SMALL) == HN_OK);
    /* no errors; its warnings are the mandated functions its nodes lack (tests/c/test_policy.c) */
    CHECK(hn_issue_list_error_count(list) == 0);
    hn_issue_list_free(list);

    hn_network_free(NULL);
    hn_issue_list_free(NULL);
    hn_free(NULL);
    CHECK(hn_network_node_count(&n, NULL) == HN_ERR_NULL);
}

/* Size-versioned structs: the library writes only the fields within the caller's `size`,
 * never the `size` itself, and refuses a size below the first version's. */
static void test_sized_structs(void) {
    hn_network *net = NULL;
    hn_issue_list *list = NULL;
    const char *dup = "{\"nodes\":[{\"id\":\"a\",\"tier\":\"street\",\"region\":\"110101001\"},"
                      "{\"id\":\"a\",\"tier\":\"street\",\"region\":\"110101002\"}]}";
    /* a caller built against a newer header: a bigger struct with fields this library does not
     * know; they (here: the tail) must stay untouched */
    union {
        hn_node_info info;
        unsigned char bytes[sizeof(hn_node_info) + 32];
    } newer;
    union {
        hn_issue issue;
        unsigned char bytes[sizeof(hn_issue) + 32];
    } newer_issue;
    hn_node_info info = HN_NODE_INFO_INIT, small = HN_NODE_INFO_INIT;
    hn_issue issue = HN_ISSUE_INIT;
    size_t i;
    int tail_ok = 1;

    CHECK(info.size == sizeof(hn_node_info) && info.id == NULL && info.index == 0);
    CHECK(issue.size == sizeof(hn_issue) && issue.code == NULL);
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    if (!net) return;

    memset(newer.bytes, 0xAB, sizeof newer.bytes);
    newer.info.size = sizeof newer.bytes;
    CHECK(hn_network_find_node(&newer.info, net, "d-east") == HN_OK);
    CHECK(newer.info.size == sizeof newer.bytes); /* the caller's size is never rewritten */
    CHECK(strcmp(newer.info.id, "d-east") == 0 && newer.info.capacity == 30);
    for (i = sizeof(hn_node_info); i < sizeof newer.bytes; ++i) tail_ok &= newer.bytes[i] == 0xAB;
    CHECK(tail_ok);
    memset(newer.bytes, 0xAB, sizeof newer.bytes);
    newer.info.size = sizeof newer.bytes;
    CHECK(hn_network_node_at(&newer.info, net, 0) == HN_OK && strcmp(newer.info.id, "cc") == 0);
    for (i = sizeof(hn_node_info), tail_ok = 1; i < sizeof newer.bytes; ++i) tail_ok &= newer.bytes[i] == 0xAB;
    CHECK(tail_ok);

    /* too small (an unset size, or a struct from before `size` existed): refused, nothing written */
    small.size = 0;
    CHECK(hn_network_find_node(&small, net, "d-east") == HN_ERR_INVALID);
    CHECK(hn_last_error_status() == HN_ERR_INVALID);
    CHECK(strcmp(hn_last_error_field(), "size") == 0);
    CHECK(small.id == NULL && small.size == 0);
    small.size = sizeof(hn_node_info) - 1;
    CHECK(hn_network_node_at(&small, net, 0) == HN_ERR_INVALID);
    CHECK(strcmp(hn_last_error_field(), "size") == 0);
    CHECK(small.id == NULL);
    CHECK(hn_network_find_node(NULL, net, "d-east") == HN_ERR_NULL);
    /* the same error for a size that is garbage but huge is impossible to detect: the size
     * is the caller's promise, as in every size-versioned C API */

    CHECK(hn_validate_json(&list, dup, strlen(dup)) == HN_OK);
    CHECK(hn_issue_list_size(list) >= 1);
    memset(newer_issue.bytes, 0xCD, sizeof newer_issue.bytes);
    newer_issue.issue.size = sizeof newer_issue.bytes;
    CHECK(hn_issue_list_get(&newer_issue.issue, list, 0) == HN_OK);
    CHECK(newer_issue.issue.code != NULL && newer_issue.issue.message != NULL && newer_issue.issue.is_warning == 0);
    for (i = sizeof(hn_issue), tail_ok = 1; i < sizeof newer_issue.bytes; ++i)
        tail_ok &= newer_issue.bytes[i] == 0xCD;
    CHECK(tail_ok);
    issue.size = sizeof(size_t);
    CHECK(hn_issue_list_get(&issue, list, 0) == HN_ERR_INVALID);
    CHECK(strcmp(hn_last_error_field(), "size") == 0 && issue.code == NULL);
    issue.size = sizeof(hn_issue);
    CHECK(hn_issue_list_get(&issue, list, 0) == HN_OK && issue.code != NULL);
    hn_issue_list_free(list);
    hn_network_free(net);
}

/* HN_NUL_TERMINATED: every (text, len) pair reads up to the NUL. */
static void test_nul_terminated(void) {
    hn_network *net = NULL, *again = NULL;
    hn_issue_list *list = NULL;
    char *text = NULL;
    size_t len = 0, n = 0;
    const char *dup = "{\"nodes\":[{\"id\":\"a\",\"tier\":\"street\",\"region\":\"110101001\"},"
                      "{\"id\":\"a\",\"tier\":\"street\",\"region\":\"110101002\"}]}";

    CHECK(HN_NUL_TERMINATED == (size_t)-1);
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    if (!net) return;
    CHECK(hn_network_to_json(&text, &len, net) == HN_OK);
    CHECK(hn_network_load_json(&again, text, HN_NUL_TERMINATED) == HN_OK);
    CHECK(again != NULL && hn_network_node_count(&n, again) == HN_OK && n == 10);
    hn_network_free(again);
    again = NULL;
    /* the length still wins when given: a prefix is a broken document */
    CHECK(hn_network_load_json(&again, text, len / 2) == HN_ERR_INVALID);
    CHECK(again == NULL);
    CHECK(hn_network_load_json(&again, "{not json", HN_NUL_TERMINATED) == HN_ERR_INVALID);
    CHECK(hn_network_load_json(&again, NULL, HN_NUL_TERMINATED) == HN_ERR_NULL);
    CHECK(again == NULL);

    CHECK(hn_validate_json(&list, dup, HN_NUL_TERMINATED) == HN_OK);
    CHECK(hn_issue_list_error_count(list) >= 1);
    hn_issue_list_free(list);
    list = NULL;
    CHECK(hn_validate_json(&list, text, HN_NUL_TERMINATED) == HN_OK);
    CHECK(list != NULL && hn_issue_list_error_count(list) == 0);
    hn_issue_list_free(list);
    list = NULL;
    CHECK(hn_validate_json(&list, NULL, HN_NUL_TERMINATED) == HN_ERR_NULL);
    CHECK(list == NULL);
    /* a length one short of HN_NUL_TERMINATED is a length, not a NUL marker: refused as too
     * large, never read */
    CHECK(hn_network_load_json(&again, "{}", HN_NUL_TERMINATED - 1) == HN_ERR_LIMIT);
    hn_free(text);
    hn_network_free(net);
}

/* The data directory: $HATCHNET_DATA_DIR first when it holds the dataset, else the next place
 * (here, in the build tree: the source tree's data/). */
static void test_data_dir(void) {
    char *dir = NULL, tmp[] = "/tmp/hn-data-XXXXXX", link[64], path[4096];
    FILE *f;
    CHECK(hn_default_data_dir(NULL) == HN_ERR_NULL);
    CHECK(hn_default_data_dir(&dir) == HN_OK && dir != NULL);
    if (dir) {
        snprintf(path, sizeof path, "%s/beijing.json.gz", dir);
        f = fopen(path, "rb");
        CHECK(f != NULL);
        if (f) fclose(f);
        snprintf(path, sizeof path, "%s/schemes/mca_1000.json", dir);
        f = fopen(path, "rb");
        CHECK(f != NULL);
        if (f) fclose(f);
    }
    hn_free(dir);
    dir = NULL;
    if (!mkdtemp(tmp)) return;
    /* a directory without the dataset is passed over */
    CHECK(setenv("HATCHNET_DATA_DIR", tmp, 1) == 0);
    CHECK(hn_default_data_dir(&dir) == HN_OK && dir != NULL && strcmp(dir, tmp) != 0);
    hn_free(dir);
    dir = NULL;
    /* one with it wins */
    snprintf(link, sizeof link, "%s/beijing.json.gz", tmp);
    CHECK(symlink(HATCHNET_SOURCE_DIR "/data/beijing.json.gz", link) == 0);
    CHECK(hn_default_data_dir(&dir) == HN_OK && dir != NULL && strcmp(dir, tmp) == 0);
    hn_free(dir);
    unlink(link);
    rmdir(tmp);
    unsetenv("HATCHNET_DATA_DIR");
}

int main(void) {
    test_version();
    test_data_dir();
    test_load_and_query();
    test_bad_input();
    test_sized_structs();
    test_nul_terminated();
    return check_summary();
}
