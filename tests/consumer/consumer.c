/* A C99 program on the installed C ABI only: built by the consumer tests with pkg-config
 * (`pkg-config --cflags --libs hatchnet`) and with find_package(hatchnet COMPONENTS c).
 *   consumer EXPECTED_DATA_DIR
 * Checks that the library found its data where EXPECTED_DATA_DIR says (the installed, maybe
 * moved, prefix's share/hatchnet: found relative to the library itself), loads the shipped
 * dataset from there, finds a shipped evaluation scheme by name, and reports errors with their
 * structure. Exit 0 only when all of it holds. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hatchnet/hatchnet.h>

static int failures = 0;
#define EXPECT(cond)                                                                      \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            ++failures;                                                                   \
            fprintf(stderr, "consumer.c:%d: failed: %s (last error: %s)\n", __LINE__, #cond, \
                    hn_last_error());                                                     \
        }                                                                                 \
    } while (0)

int main(int argc, char **argv) {
    char *dir = NULL, *path = NULL, *real_dir = NULL, *real_expected = NULL, *data = NULL;
    hn_network *net = NULL;
    hn_node_info info = HN_NODE_INFO_INIT;
    size_t n = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: consumer EXPECTED_DATA_DIR\n");
        return 2;
    }
    EXPECT(hn_version_number() == HN_VERSION_NUMBER);
    EXPECT(getenv("HATCHNET_DATA_DIR") == NULL);

    /* where the library looks for its data: beside itself, in the (moved) prefix */
    EXPECT(hn_default_data_dir(&dir) == HN_OK && dir != NULL);
    if (dir) {
        real_dir = realpath(dir, NULL);
        real_expected = realpath(argv[1], NULL);
        printf("data directory: %s\n", dir);
        EXPECT(real_dir != NULL && real_expected != NULL && strcmp(real_dir, real_expected) == 0);
        if (real_dir && real_expected && strcmp(real_dir, real_expected) != 0)
            fprintf(stderr, "expected the data in %s, the library found %s\n", real_expected, real_dir);
    }

    /* the shipped dataset, from there */
    if (dir) {
        path = (char *)malloc(strlen(dir) + 32);
        if (path) {
            strcpy(path, dir);
            strcat(path, "/beijing.json.gz");
            EXPECT(hn_network_load_json_file(&net, path) == HN_OK);
        }
    }
    if (net) {
        EXPECT(hn_network_node_count(&n, net) == HN_OK && n > 5000);
        EXPECT(hn_network_find_node(&info, net, "center-11") == HN_OK && info.tier == HN_TIER_CITY_CENTER);
        /* a shipped scheme, found by name in the same directory */
        EXPECT(hn_evaluate_generate_data(&data, net, "mca_1000", 7) == HN_OK && data != NULL &&
               strstr(data, "\"indicators\"") != NULL);
    }

    /* errors keep their structure across the installed ABI */
    EXPECT(hn_network_load_json_file(&net, "/nonexistent/consumer.json") == HN_ERR_IO);
    EXPECT(hn_last_error_status() == HN_ERR_IO && hn_last_error_io_reason() == HN_IO_NOT_FOUND);
    EXPECT(hn_network_load_json(&net, "{\"nodes\": 1}", HN_NUL_TERMINATED) == HN_ERR_INVALID);

    hn_free(data);
    hn_network_free(net);
    free(path);
    free(real_dir);
    free(real_expected);
    hn_free(dir);
    printf("consumer.c: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
