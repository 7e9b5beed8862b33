/* The C ABI of the records store, exercised from C99: transitions, capacity, counts against
 * the records, the JSON round trip, refused input and files, and a second process reading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *SMALL = HATCHNET_SOURCE_DIR "/tests/data/small.json";

static int count_of(const char *json, const char *needle) {
    int n = 0;
    const char *p = json;
    while (p && (p = strstr(p, needle)) != NULL) {
        ++n;
        p += strlen(needle);
    }
    return n;
}

static void path_in(char *buf, size_t n, const char *name) {
    snprintf(buf, n, "/tmp/hn-c-records-%ld-%s", (long)getpid(), name);
    remove(buf);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", buf);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", buf);
    remove(side);
}

int main(void) {
    hn_network *net = NULL;
    hn_store *st = NULL, *copy = NULL;
    char path[512], path2[512], *out = NULL, *text = NULL, *again = NULL;
    int version = 0;
    path_in(path, sizeof path, "a.db");
    path_in(path2, sizeof path2, "b.db");

    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    CHECK(hn_store_open(&st, path) == HN_OK);
    CHECK(hn_store_version(&version, st) == HN_OK && version == 2);
    CHECK(hn_store_set_network(st, net) == HN_OK);
    CHECK(hn_store_add_years(st, 2020, 2021) == HN_OK);

    /* c-east-a has 5 places: six admissions, the sixth refused */
    CHECK(hn_store_record_json(&out, st,
                               "[{\"organization\": \"so-1\", \"node\": \"c-east-a\", \"at\": \"2020-01-02\", \"id\": \"a\"},"
                               " {\"id\": \"a\", \"to\": \"admitted\", \"at\": \"2020-01-03\"},"
                               " {\"id\": \"a\", \"to\": \"incubating\", \"at\": \"2020-01-04\", \"services\": [\"office\"]}]") == HN_OK);
    CHECK(out && strcmp(out, "[\"a\",\"a\",\"a\"]") == 0);
    hn_free(out);
    out = NULL;
    {
        const char *orgs[] = {"so-2", "so-3", "so-4", "so-5"};
        char buf[256];
        int i;
        for (i = 0; i < 4; ++i) {
            snprintf(buf, sizeof buf,
                     "[{\"organization\": \"%s\", \"node\": \"c-east-a\", \"at\": \"2020-02-01\", \"id\": \"x%d\"},"
                     " {\"id\": \"x%d\", \"to\": \"admitted\", \"at\": \"2020-02-01\"}]",
                     orgs[i], i, i);
            CHECK(hn_store_record_json(NULL, st, buf) == HN_OK);
        }
    }
    /* so-1 is resident already: admitting it elsewhere is refused, nothing written */
    CHECK(hn_store_record_json(&out, st,
                               "[{\"organization\": \"so-1\", \"node\": \"d-east\", \"at\": \"2020-03-01\", \"id\": \"b\"},"
                               " {\"id\": \"b\", \"to\": \"admitted\", \"at\": \"2020-03-01\"}]") == HN_ERR_INVALID);
    CHECK(out == NULL);
    CHECK(strstr(hn_last_error(), "incubation b") != NULL && strstr(hn_last_error(), "organization") != NULL);
    CHECK(hn_store_incubation_json(&out, st, "b") == HN_ERR_NOT_FOUND);
    CHECK(hn_store_record_json(NULL, st, "{\"id\": \"a\", \"to\": \"graduated\", \"at\": \"2020-12-30\", \"outcome\": \"registered\"}") == HN_OK);
    CHECK(hn_store_record_json(NULL, st, "{\"id\": \"a\", \"to\": \"exited\", \"at\": \"2020-12-31\"}") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "graduated is final") != NULL);
    CHECK(hn_store_record_json(NULL, st, "{\"id\": \"x0\", \"to\": \"incubating\", \"at\": \"2019-01-01\"}") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "field 'at'") != NULL);
    CHECK(hn_store_record_json(NULL, st, "{\"id\": \"x0\", \"to\": \"sleeping\", \"at\": \"2020-05-01\"}") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "field 'to'") != NULL);
    CHECK(hn_store_record_json(NULL, st, "{\"organization\": \"ghost\", \"node\": \"d-east\", \"at\": \"2020-05-01\"}") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "unknown organization 'ghost'") != NULL);
    CHECK(hn_store_record_json(NULL, st, "{\"at\": ") == HN_ERR_INVALID);
    CHECK(hn_store_record_json(NULL, NULL, "{}") == HN_ERR_NULL);

    CHECK(hn_store_incubation_json(&out, st, "a") == HN_OK);
    CHECK(out && strstr(out, "\"stage\":\"graduated\"") && strstr(out, "\"services\":[\"office\"]"));
    CHECK(count_of(out, "\"at\":") == 4);
    hn_free(out);
    out = NULL;

    /* counts: 5 incubations, 1 graduated and 4 admitted now; all at c-east-a in district 110101 */
    CHECK(hn_store_counts_json(&out, st, NULL) == HN_OK);
    CHECK(out && strstr(out, "\"total\":{\"applied\":0,\"admitted\":4,\"incubating\":0,\"graduated\":1,"));
    CHECK(out && strstr(out, "\"by_district\":{\"110101\":{\"applied\":0,\"admitted\":4,"));
    hn_free(out);
    out = NULL;
    CHECK(hn_store_counts_json(&out, st, "2020-01-03") == HN_OK);
    CHECK(out && strstr(out, "\"total\":{\"applied\":0,\"admitted\":1,\"incubating\":0,"));
    hn_free(out);
    out = NULL;
    CHECK(hn_store_summary_json(&out, st, "2020") == HN_OK);
    CHECK(out && strstr(out, "\"graduated\":1") && strstr(out, "\"median\":362"));
    hn_free(out);
    out = NULL;
    CHECK(hn_store_summary_json(&out, st, "1999") == HN_ERR_INVALID);

    /* a batch of facts or targets is all or nothing: the good first item is not kept */
    CHECK(hn_store_add_facts_json(st, "[{\"at\": \"2021-01-01\", \"kind\": \"capacity\", \"subject\": \"d-west\", \"value\": 7},"
                                      " {\"at\": \"2021-01-01\", \"kind\": \"capacity\", \"subject\": \"nope\", \"value\": 3}]") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "subject") != NULL && strstr(hn_last_error(), "nothing recorded") != NULL);
    CHECK(hn_store_add_targets_json(st, "[{\"id\": \"t1\", \"kind\": \"graduations\", \"value\": 2, \"due\": \"2021-12-31\"},"
                                        " {\"id\": \"t2\", \"kind\": \"graduations\", \"value\": 2, \"due\": \"never\"}]") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "due") != NULL);
    CHECK(hn_store_export_json(&out, st) == HN_OK);
    CHECK(out && strstr(out, "\"timeline\":[]") != NULL && strstr(out, "\"targets\":[]") != NULL);
    hn_free(out);
    out = NULL;

    /* export -> import -> export: the same bytes */
    CHECK(hn_store_export_json(&text, st) == HN_OK);
    CHECK(hn_store_open(&copy, path2) == HN_OK);
    CHECK(hn_store_import_json(copy, text) == HN_OK);
    CHECK(hn_store_export_json(&again, copy) == HN_OK);
    CHECK(text && again && strcmp(text, again) == 0);
    CHECK(hn_store_import_json(copy, text) == HN_ERR_IO); /* not empty */
    hn_free(text);
    hn_free(again);
    hn_store_free(copy);

    /* a second handle (another connection) sees what the first committed */
    CHECK(hn_store_open(&copy, path) == HN_OK);
    CHECK(hn_store_counts_json(&out, copy, NULL) == HN_OK);
    CHECK(out && strstr(out, "\"graduated\":1"));
    hn_free(out);
    out = NULL;
    hn_store_free(copy);
    copy = NULL;

    /* files that are not stores: named in the error */
    {
        FILE *f = fopen(path2, "wb");
        int i;
        for (i = 0; i < 4096; ++i) fputc('x', f);
        fclose(f);
        remove(path2);
        f = fopen(path2, "wb");
        for (i = 0; i < 4096; ++i) fputc('x', f);
        fclose(f);
    }
    CHECK(hn_store_open(&copy, path2) == HN_ERR_IO);
    CHECK(copy == NULL);
    CHECK(strstr(hn_last_error(), path2) != NULL);
    CHECK(hn_store_open(&copy, "/nonexistent-dir/x.db") == HN_ERR_IO);

    /* time: facts, the network at a period, targets and progress */
    {
        hn_network *then = NULL;
        size_t nodes_now = 0, nodes_then = 0;
        CHECK(hn_store_add_facts_json(st, "[{\"at\": \"2021-01-01\", \"kind\": \"closed\", \"subject\": \"d-west\"},"
                                          " {\"at\": \"2021-01-02\", \"kind\": \"capacity\", \"subject\": \"c-east-a\", \"value\": 4}]") == HN_OK);
        CHECK(hn_store_add_facts_json(st, "{\"at\": \"2021-01-03\", \"kind\": \"capacity\", \"subject\": \"c-east-a\", \"value\": 2}") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "below the 4 residents") != NULL);
        CHECK(hn_store_network_at(&then, st, net, "2021") == HN_OK);
        CHECK(hn_network_node_count(&nodes_now, net) == HN_OK && hn_network_node_count(&nodes_then, then) == HN_OK);
        CHECK(nodes_then + 1 == nodes_now);
        hn_network_free(then);
        then = NULL;
        CHECK(hn_store_network_at(&then, st, net, "2031") == HN_ERR_INVALID && then == NULL);
        CHECK(strstr(hn_last_error(), "period 2031") != NULL);
        CHECK(hn_store_progress_json(&out, st, net) == HN_OK);
        CHECK(out && strstr(out, "\"id\":\"district-incubators-2020\"") && strstr(out, "\"status\":\"met\""));
        /* 2021: d-west closed, one district of two */
        CHECK(out && strstr(out, "{\"period\":\"2021\",\"measured\":0.5}"));
        hn_free(out);
        out = NULL;
        CHECK(hn_store_add_targets_json(st, "{\"id\": \"t\", \"kind\": \"graduations\", \"value\": 5, \"due\": \"2030-12-31\"}") == HN_OK);
        CHECK(hn_store_add_targets_json(st, "{\"id\": \"u\", \"kind\": \"bridges\", \"due\": \"2030-12-31\"}") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "target u: field 'kind'") != NULL);
        CHECK(hn_store_progress_json(&out, st, net) == HN_OK);
        CHECK(out && strstr(out, "\"id\":\"t\"") && strstr(out, "\"status\":\"behind\""));
        hn_free(out);
        out = NULL;
    }

    /* evaluation cycles: a scheme on the record indicators alone, two years, compared */
    {
        const char *scheme = "{\"id\": \"rec\", \"total_points\": 100, \"ungraded\": \"none\","
                             " \"grades\": [{\"name\": \"A\", \"min_points\": 50}],"
                             " \"indicators\": [{\"id\": \"incubation.graduated\", \"points\": 100,"
                             " \"scoring\": {\"method\": \"goalposts\", \"low\": 0, \"high\": 1}}]}";
        CHECK(hn_store_evaluate_json(&out, st, net, "2020", scheme, NULL, NULL) == HN_OK);
        /* c-east-a graduated one organization ("a") in 2020: 100 points, grade A */
        CHECK(out && strstr(out, "{\"incubator\":\"c-east-a\",\"score\":100.0,\"grade\":\"A\""));
        hn_free(out);
        out = NULL;
        CHECK(hn_store_evaluate_json(&out, st, net, "2021", scheme, NULL, NULL) == HN_OK);
        CHECK(out && strstr(out, "{\"incubator\":\"c-east-a\",\"score\":0.0,\"grade\":\"none\""));
        hn_free(out);
        out = NULL;
        CHECK(hn_store_compare_json(&out, st, scheme, "2020", "2021") == HN_OK);
        CHECK(out && strstr(out, "\"transitions\":{\"A\":{\"none\":1}"));
        CHECK(out && strstr(out, "\"incubator\":\"c-east-a\",\"from\":\"A\",\"to\":\"none\",\"levels\":-1"));
        CHECK(out && strstr(out, "\"movers\":[]"));
        hn_free(out);
        out = NULL;
        CHECK(hn_store_evaluate_json(&out, st, net, "1999", scheme, NULL, NULL) == HN_ERR_INVALID && out == NULL);
        CHECK(strstr(hn_last_error(), "period 1999") != NULL);
        CHECK(hn_store_compare_json(&out, st, NULL, "2020", "2021") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "no evaluation of scheme 'incubator'") != NULL);
    }

    /* the simulation: into a store that already has incubations it is refused; into new
     * stores, the same seed gives the same bytes */
    CHECK(hn_store_simulate_json(&out, st, net, NULL) == HN_ERR_INVALID && out == NULL);
    CHECK(strstr(hn_last_error(), "already holds incubations") != NULL);
    {
        char *texts[2] = {NULL, NULL};
        int k;
        for (k = 0; k < 2; ++k) {
            hn_store *sim = NULL;
            path_in(path2, sizeof path2, k ? "sim1.db" : "sim0.db");
            CHECK(hn_store_open(&sim, path2) == HN_OK);
            CHECK(hn_store_simulate_json(&out, sim, net, "{\"first_year\": 2018, \"last_year\": 2019, \"seed\": 4, \"scale\": 0.01}") == HN_OK);
            CHECK(out && strstr(out, "\"evaluated\":[\"2018\",\"2019\"]"));
            hn_free(out);
            out = NULL;
            CHECK(hn_store_export_json(&texts[k], sim) == HN_OK);
            hn_store_free(sim);
            path_in(path2, sizeof path2, k ? "sim1.db" : "sim0.db");
        }
        CHECK(texts[0] && texts[1] && strcmp(texts[0], texts[1]) == 0);
        hn_free(texts[0]);
        hn_free(texts[1]);
        CHECK(hn_store_simulate_json(NULL, st, net, "{\"seeds\": 1}") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "field 'seeds'") != NULL);
    }

    hn_store_free(st);
    hn_network_free(net);
    path_in(path, sizeof path, "a.db");
    path_in(path2, sizeof path2, "b.db");
    return check_summary();
}
