/* The threading contract of the C ABI (docs/c-api.md, "Threading"), from C99 + POSIX threads:
 * one network and one router shared by several threads at once give every thread the answers
 * a single thread gets, and each thread's last error is its own. (The C++ core's concurrency
 * is also checked under ThreadSanitizer: tests/cpp/model/test_concurrency.cpp.) */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define THREADS 4
#define ROUNDS 200

static const char *SMALL = HATCHNET_SOURCE_DIR "/tests/data/small.json";
static const char *REQUEST = "{\"organization\": \"so-2\", \"needs\": [\"office\"], \"first_contact\": \"s-east-2\"}";

struct shared {
    const hn_network *net;
    const hn_router *router;
    const char *expected_route; /* the single-threaded answer */
};

struct job {
    const struct shared *shared;
    int id;
    int failures; /* counted here: CHECK's counters are not thread-safe */
};

static void *worker(void *arg) {
    struct job *job = (struct job *)arg;
    const struct shared *sh = job->shared;
    char ghost[32], *out = NULL;
    int r, hops = -1;
    hn_node_info info = HN_NODE_INFO_INIT;
    snprintf(ghost, sizeof ghost, "ghost-%d", job->id);
    for (r = 0; r < ROUNDS; ++r) {
        /* a failure of this thread: its error names this thread's id, whatever the others do */
        if (hn_network_find_node(&info, sh->net, ghost) != HN_ERR_NOT_FOUND) ++job->failures;
        if (hn_last_error_status() != HN_ERR_NOT_FOUND || strstr(hn_last_error(), ghost) == NULL) ++job->failures;
        if (job->id % 2 == 1) { /* half the threads fail differently in between */
            if (hn_network_load_json(NULL, "{}", 2) != HN_ERR_NULL) ++job->failures;
            if (hn_last_error_status() != HN_ERR_NULL) ++job->failures;
        }
        /* reads of the shared network */
        if (hn_network_find_node(&info, sh->net, "d-east") != HN_OK || strcmp(info.id, "d-east") != 0 ||
            info.capacity != 30)
            ++job->failures;
        if (hn_last_error_status() != HN_OK || hn_last_error()[0] != '\0') ++job->failures;
        if (hn_network_hops(&hops, sh->net, "c-east-a", "s-west-1") != HN_OK || hops != 4) ++job->failures;
        /* routing on the shared router: the same bytes as on one thread */
        if (r % 10 == 0) {
            if (hn_router_refer_json(&out, sh->router, REQUEST) != HN_OK || !out ||
                strcmp(out, sh->expected_route) != 0)
                ++job->failures;
            hn_free(out);
            out = NULL;
        }
    }
    return NULL;
}

int main(void) {
    hn_network *net = NULL;
    hn_router *router = NULL;
    char *expected = NULL;
    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    struct shared sh;
    int i, started = 0;

    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    CHECK(hn_router_create(&router, net, NULL) == HN_OK);
    if (!net || !router) return check_summary();
    CHECK(hn_router_refer_json(&expected, router, REQUEST) == HN_OK && expected != NULL);
    if (!expected) return check_summary();
    sh.net = net;
    sh.router = router;
    sh.expected_route = expected;

    /* this thread's error survives the other threads' work */
    CHECK(hn_network_load_json_file(&net, "/nonexistent/main-thread.json") == HN_ERR_IO);
    for (i = 0; i < THREADS; ++i) {
        jobs[i].shared = &sh;
        jobs[i].id = i;
        jobs[i].failures = 0;
        if (pthread_create(&threads[i], NULL, worker, &jobs[i]) == 0) ++started;
    }
    CHECK(started == THREADS);
    for (i = 0; i < started; ++i) {
        pthread_join(threads[i], NULL);
        CHECK(jobs[i].failures == 0);
        if (jobs[i].failures) fprintf(stderr, "thread %d: %d failures\n", i, jobs[i].failures);
    }
    CHECK(hn_last_error_status() == HN_ERR_IO);
    CHECK(hn_last_error_io_reason() == HN_IO_NOT_FOUND);
    CHECK(strstr(hn_last_error_record(), "main-thread.json") != NULL);

    hn_free(expected);
    hn_router_free(router);
    hn_network_free(net);
    return check_summary();
}
