/* Structured errors through the C ABI: the status, the I/O reason, the record and the field of
 * the last failure, each read from the error itself (never from its message), cleared by the
 * next call, and hn_last_error_info() with its size-versioned struct. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define SMALL_PATH HATCHNET_SOURCE_DIR "/tests/data/small.json"
static const char *SMALL = SMALL_PATH;

static void test_status_and_clearing(void) {
    hn_network *net = NULL;
    size_t n = 0;

    /* before any failure, and after a success: no error */
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    CHECK(hn_last_error_status() == HN_OK);
    CHECK(hn_last_error_io_reason() == HN_IO_NONE);
    CHECK(strcmp(hn_last_error(), "") == 0 && strcmp(hn_last_error_record(), "") == 0 &&
          strcmp(hn_last_error_field(), "") == 0);

    /* each status is the one returned */
    CHECK(hn_network_node_count(&n, NULL) == HN_ERR_NULL);
    CHECK(hn_last_error_status() == HN_ERR_NULL);
    CHECK(strcmp(hn_last_error_field(), "net") == 0);
    CHECK(hn_network_find_node(NULL, net, "cc") == HN_ERR_NULL);
    CHECK(strcmp(hn_last_error_field(), "out") == 0);
    {
        hn_node_info info = HN_NODE_INFO_INIT;
        CHECK(hn_network_find_node(&info, net, "ghost") == HN_ERR_NOT_FOUND);
        CHECK(hn_last_error_status() == HN_ERR_NOT_FOUND);
        CHECK(hn_last_error_io_reason() == HN_IO_NONE);
        CHECK(hn_network_node_at(&info, net, 1000) == HN_ERR_RANGE);
        CHECK(hn_last_error_status() == HN_ERR_RANGE);
    }
    CHECK(hn_network_load_json(&net, "{oops", 5) == HN_ERR_INVALID);
    CHECK(hn_last_error_status() == HN_ERR_INVALID);
    CHECK(hn_last_error_io_reason() == HN_IO_NONE);
    CHECK(strlen(hn_last_error()) > 0);

    /* reading the error does not clear it; the next call does */
    CHECK(hn_last_error_status() == HN_ERR_INVALID);
    CHECK(hn_network_node_count(&n, net) == HN_OK && n == 10);
    CHECK(hn_last_error_status() == HN_OK);
    CHECK(strcmp(hn_last_error(), "") == 0);
    hn_network_free(net);
}

/* The I/O reason comes from the error's cause. The paths below are chosen so that the message
 * would mislead anyone parsing it: a missing file whose name says "is a directory". */
static void test_io_reasons(void) {
    hn_network *net = NULL;
    hn_issue_list *list = NULL;
    const char *missing = "/nonexistent/is a directory, not a file.json";

    CHECK(hn_network_load_json_file(&net, missing) == HN_ERR_IO);
    CHECK(hn_last_error_status() == HN_ERR_IO);
    CHECK(hn_last_error_io_reason() == HN_IO_NOT_FOUND);
    CHECK(strstr(hn_last_error_record(), missing) != NULL);
    CHECK(net == NULL);

    CHECK(hn_network_load_json_file(&net, HATCHNET_SOURCE_DIR "/tests") == HN_ERR_IO);
    CHECK(hn_last_error_io_reason() == HN_IO_IS_DIRECTORY);
    /* a path through a regular file: ENOTDIR is "not found" */
    CHECK(hn_network_load_json_file(&net, SMALL_PATH "/x.json") == HN_ERR_IO);
    CHECK(hn_last_error_io_reason() == HN_IO_NOT_FOUND);

    /* validation of a file: the same classification, record included */
    CHECK(hn_validate_json_file(&list, missing) == HN_ERR_IO);
    CHECK(hn_last_error_io_reason() == HN_IO_NOT_FOUND);
    CHECK(strstr(hn_last_error_record(), "file ") == hn_last_error_record());
    CHECK(list == NULL);
    CHECK(hn_validate_json_file(&list, HATCHNET_SOURCE_DIR "/tests") == HN_ERR_IO);
    CHECK(hn_last_error_io_reason() == HN_IO_IS_DIRECTORY);

    /* anything else: a full device refuses the write (ENOSPC) */
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    if (net && access("/dev/full", W_OK) == 0) {
        CHECK(hn_network_save_json_file(net, "/dev/full") == HN_ERR_IO);
        CHECK(hn_last_error_io_reason() == HN_IO_OTHER);
    }
    /* saving into a directory that does not exist */
    CHECK(hn_network_save_json_file(net, "/nonexistent/dir/out.json") == HN_ERR_IO);
    CHECK(hn_last_error_io_reason() == HN_IO_NOT_FOUND);
    /* an I/O reason never outlives its error */
    CHECK(hn_network_load_json(&net, "[", 1) == HN_ERR_INVALID);
    CHECK(hn_last_error_io_reason() == HN_IO_NONE);
    hn_network_free(net);
}

static void test_error_info(void) {
    hn_network *net = NULL;
    hn_error_info info = HN_ERROR_INFO_INIT;
    union {
        hn_error_info info;
        unsigned char bytes[sizeof(hn_error_info) + 16];
    } newer;
    size_t i;
    int tail_ok = 1;

    CHECK(info.size == sizeof(hn_error_info) && info.status == HN_OK && info.message == NULL);

    CHECK(hn_network_load_json_file(&net, "/nonexistent/net.json") == HN_ERR_IO);
    CHECK(hn_last_error_info(&info) == HN_OK);
    CHECK(info.status == HN_ERR_IO && info.io_reason == HN_IO_NOT_FOUND);
    CHECK(info.message == hn_last_error() && info.record == hn_last_error_record() &&
          info.field == hn_last_error_field());
    CHECK(strcmp(info.record, "file /nonexistent/net.json") == 0);

    /* a bigger (newer) struct: the tail is left alone */
    memset(newer.bytes, 0x5A, sizeof newer.bytes);
    newer.info.size = sizeof newer.bytes;
    CHECK(hn_last_error_info(&newer.info) == HN_OK);
    CHECK(newer.info.status == HN_ERR_IO && newer.info.size == sizeof newer.bytes);
    for (i = sizeof(hn_error_info); i < sizeof newer.bytes; ++i) tail_ok &= newer.bytes[i] == 0x5A;
    CHECK(tail_ok);

    /* refusals leave the last error as it was (it is what the caller is asking about) */
    info.size = 4;
    info.status = HN_OK;
    CHECK(hn_last_error_info(&info) == HN_ERR_INVALID);
    CHECK(info.status == HN_OK);
    CHECK(hn_last_error_info(NULL) == HN_ERR_NULL);
    CHECK(hn_last_error_status() == HN_ERR_IO && hn_last_error_io_reason() == HN_IO_NOT_FOUND);

    /* a validation failure names the record and field of its first error */
    {
        const char *neg = "{\"format\":\"hatchnet-network\",\"version\":1,\"name\":\"x\",\"nodes\":[{\"id\":\"cc\","
                          "\"tier\":\"city_center\",\"region\":\"11\",\"capacity\":-1,\"operator\":\"government\"}]}";
        info.size = sizeof info;
        CHECK(hn_network_load_json(&net, neg, HN_NUL_TERMINATED) == HN_ERR_INVALID);
        CHECK(hn_last_error_info(&info) == HN_OK);
        CHECK(info.status == HN_ERR_INVALID && info.io_reason == HN_IO_NONE);
        CHECK(strcmp(info.record, "node cc") == 0 && strcmp(info.field, "capacity") == 0);
    }
    /* and after a success, nothing */
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    CHECK(hn_last_error_info(&info) == HN_OK);
    CHECK(info.status == HN_OK && info.io_reason == HN_IO_NONE && strcmp(info.message, "") == 0);
    hn_network_free(net);
}

/* Status names cover every status; an unknown value is named, not a crash. */
static void test_names(void) {
    int s;
    for (s = HN_OK; s <= HN_ERR_LIMIT; ++s) CHECK(strcmp(hn_status_name((hn_status)s), "unknown") != 0);
    CHECK(strcmp(hn_status_name((hn_status)42), "unknown") == 0);
}

int main(void) {
    test_status_and_clearing();
    test_io_reasons();
    test_error_info();
    test_names();
    return check_summary();
}
