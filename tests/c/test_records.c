/* The C ABI of the records store, exercised from C99: transitions, capacity, counts against
 * the records, the JSON round trip, refused input and files, and a second process reading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

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

/* The referral ledger kept in the store: the same operations on a plain hn_ledger are the
 * reference (same ids, same export bytes); a second handle reloads exactly what was written;
 * bad timestamps and out-of-order events are refused naming the referral and field. */
static void test_ledger_in_store(const hn_network *net) {
    hn_store *st = NULL, *other = NULL;
    hn_ledger *ref = NULL;
    char path[512], *id = NULL, *rid = NULL, *out = NULL, *want = NULL;
    path_in(path, sizeof path, "ledger.db");
    CHECK(hn_store_open(&st, path) == HN_OK);
    CHECK(hn_store_set_network(st, net) == HN_OK);
    CHECK(hn_ledger_create(&ref, net) == HN_OK);
    /* before a ledger is loaded: refused, not crashed */
    CHECK(hn_store_referral_open_json(&id, st, "{\"node\": \"d-east\"}", "2024-03-01") == HN_ERR_INVALID && id == NULL);
    CHECK(strstr(hn_last_error(), "hn_store_ledger_load") != NULL);
    CHECK(hn_store_ledger_load(st, net) == HN_OK);
    {
        const char *r1 = "{\"organization\": \"so-1\", \"node\": \"d-east\", \"first_contact\": \"s-east-1\", \"needs\": [\"office\"]}";
        const char *r2 = "{\"id\": \"x-1\", \"node\": \"soc-1\", \"urgency\": \"urgent\", \"note\": \"walk-in\"}";
        CHECK(hn_store_referral_open_json(&id, st, r1, "2024-03-01T09:00+08:00") == HN_OK);
        CHECK(hn_ledger_open(&rid, ref, r1, "2024-03-01T09:00+08:00") == HN_OK);
        CHECK(id && rid && strcmp(id, rid) == 0);
        CHECK(hn_store_referral_open_json(NULL, st, r2, "2024-03-02") == HN_OK);
        CHECK(hn_ledger_open(NULL, ref, r2, "2024-03-02") == HN_OK);
        CHECK(hn_store_referral_transition(st, id, "accepted", "2024-03-02", NULL, NULL) == HN_OK);
        CHECK(hn_ledger_transition(ref, id, "accepted", "2024-03-02", NULL, NULL) == HN_OK);
        CHECK(hn_store_referral_transition(st, id, "in_progress", "2024-03-03T10:00Z", "first meeting", NULL) == HN_OK);
        CHECK(hn_ledger_transition(ref, id, "in_progress", "2024-03-03T10:00Z", "first meeting", NULL) == HN_OK);
        /* refused, nothing written: an illegal move, a free-text time, a time before the last event */
        CHECK(hn_store_referral_transition(st, id, "requested", "2024-03-04", NULL, NULL) == HN_ERR_INVALID);
        CHECK(hn_store_referral_transition(st, id, "completed", "next week", NULL, NULL) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "field 'at'") != NULL && strstr(hn_last_error(), id) != NULL);
        CHECK(hn_store_referral_transition(st, id, "completed", "2024-03-03T17:59+08:00", NULL, NULL) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "time order") != NULL);
        CHECK(hn_store_referral_transition(st, id, "sleeping", "2024-03-05", NULL, NULL) == HN_ERR_INVALID);
        CHECK(hn_store_referral_open_json(NULL, st, "{\"node\": \"d-east\", \"colour\": 1}", "2024-03-05") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "field 'colour'") != NULL);
        CHECK(hn_store_referral_transition(st, id, "completed", "2024-04-01", NULL, "got_help") == HN_OK);
        CHECK(hn_ledger_transition(ref, id, "completed", "2024-04-01", NULL, "got_help") == HN_OK);
    }
    CHECK(hn_store_ledger_export_json(&out, st) == HN_OK);
    CHECK(hn_ledger_save_json(&want, ref) == HN_OK);
    CHECK(out && want && strcmp(out, want) == 0);
    hn_free(out);
    out = NULL;
    /* the tables, read back without a ledger, and by a second handle on the same file */
    CHECK(hn_store_referrals_json(&out, st) == HN_OK);
    CHECK(out && count_of(out, "\"history\":") == 2 && count_of(out, "\"status\":\"completed\"") == 2);
    hn_free(out);
    out = NULL;
    CHECK(hn_store_referral_json(&out, st, "x-1") == HN_OK && out && strstr(out, "\"urgency\":\"urgent\""));
    hn_free(out);
    out = NULL;
    CHECK(hn_store_referral_json(&out, st, "nope") == HN_ERR_NOT_FOUND && out == NULL);
    CHECK(hn_store_ledger_counts_json(&out, st) == HN_OK && out && strstr(out, "\"total\":2"));
    hn_free(out);
    out = NULL;
    CHECK(hn_store_open(&other, path) == HN_OK);
    CHECK(hn_store_ledger_load(other, net) == HN_OK);
    CHECK(hn_store_ledger_export_json(&out, other) == HN_OK && out && strcmp(out, want) == 0);
    hn_free(out);
    out = NULL;
    hn_store_free(other);
    /* an exported ledger into a new store: the same bytes back; a store with referrals refuses it */
    CHECK(hn_store_ledger_import_json(st, net, want) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "already holds referrals") != NULL);
    path_in(path, sizeof path, "ledger2.db");
    CHECK(hn_store_open(&other, path) == HN_OK);
    CHECK(hn_store_set_network(other, net) == HN_OK);
    CHECK(hn_store_ledger_import_json(other, net, "{\"format\": 1}") == HN_ERR_INVALID);
    CHECK(hn_store_ledger_import_json(other, net, want) == HN_OK);
    CHECK(hn_store_ledger_export_json(&out, other) == HN_OK && out && strcmp(out, want) == 0);
    hn_free(out);
    out = NULL;
    CHECK(hn_store_ledger_load(NULL, net) == HN_ERR_NULL);
    CHECK(hn_store_referrals_json(NULL, other) == HN_ERR_NULL);
    {
        /* two ledger handles on one store handle: each writes through; the one overtaken by the
         * other is refused (nothing written), and a new one continues from what is stored */
        hn_ledger *a = NULL, *b = NULL, *c = NULL;
        char *saved_a = NULL, *saved_c = NULL, *one = NULL;
        CHECK(hn_store_ledger_create(&a, other, net) == HN_OK && a != NULL);
        CHECK(hn_store_ledger_create(&b, other, net) == HN_OK && b != NULL);
        CHECK(hn_ledger_open(NULL, a, "{\"id\": \"two-1\", \"organization\": \"so-3\", \"node\": \"d-west\"}",
                             "2024-05-01") == HN_OK);
        CHECK(hn_store_referral_json(&one, other, "two-1") == HN_OK && one && strstr(one, "\"two-1\""));
        hn_free(one);
        CHECK(hn_ledger_open(NULL, b, "{\"id\": \"two-1\", \"organization\": \"so-4\", \"node\": \"d-east\"}",
                             "2024-05-01") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "reload") != NULL);
        CHECK(hn_ledger_transition(a, "two-1", "rejected", "2024-05-02", "no place", NULL) == HN_OK);
        CHECK(hn_store_ledger_create(&c, other, net) == HN_OK);
        CHECK(hn_ledger_save_json(&saved_a, a) == HN_OK && hn_ledger_save_json(&saved_c, c) == HN_OK);
        CHECK(saved_a && saved_c && strcmp(saved_a, saved_c) == 0);
        hn_ledger_free(c);
        c = NULL;
        CHECK(hn_store_ledger_create(NULL, other, net) == HN_ERR_NULL);
        CHECK(hn_store_ledger_create(&c, other, NULL) == HN_ERR_NULL && c == NULL);
        hn_free(saved_a);
        hn_free(saved_c);
        hn_ledger_free(a);
        hn_ledger_free(b);
    }
    hn_store_free(other);
    hn_free(want);
    hn_free(id);
    hn_free(rid);
    hn_ledger_free(ref);
    hn_store_free(st);
    path_in(path, sizeof path, "ledger.db");
    path_in(path, sizeof path, "ledger2.db");
}

/* hn_store_open_options: no-create, read-only and the busy timeout (a lock held by a plain
 * SQLite connection in this process). */
static void test_open_options(const hn_network *net) {
    hn_store *st = NULL, *ro = NULL;
    char path[512], *out = NULL;
    sqlite3 *db = NULL;
    path_in(path, sizeof path, "options.db");
    CHECK(hn_store_open_options(&st, path, "{\"create\": false}") == HN_ERR_IO && st == NULL);
    CHECK(hn_last_error_io_reason() == HN_IO_NOT_FOUND);
    CHECK(access(path, F_OK) != 0); /* not created */
    CHECK(hn_store_open_options(&st, path, "{\"read_only\": 1}") == HN_ERR_INVALID && st == NULL);
    CHECK(strstr(hn_last_error(), "field 'read_only'") != NULL);
    CHECK(hn_store_open_options(&st, path, "{\"busy_timeout_ms\": -1}") == HN_ERR_INVALID);
    CHECK(hn_store_open_options(&st, path, "{\"wal\": true}") == HN_ERR_INVALID);
    CHECK(hn_store_open_options(&st, path, "[") == HN_ERR_INVALID && st == NULL);
    CHECK(hn_store_open_options(&st, path, "{\"create\": true, \"busy_timeout_ms\": 50}") == HN_OK && st != NULL);
    CHECK(hn_store_set_network(st, net) == HN_OK);
    CHECK(hn_store_add_years(st, 2020, 2020) == HN_OK);
    CHECK(hn_store_open_options(&ro, path, "{\"read_only\": true}") == HN_OK && ro != NULL);
    CHECK(hn_store_add_years(ro, 2021, 2021) == HN_ERR_IO);
    CHECK(strstr(hn_last_error(), "read-only") != NULL && strstr(hn_last_error(), path) != NULL);
    CHECK(hn_store_record_json(NULL, ro, "{\"organization\": \"so-1\", \"node\": \"d-east\", \"at\": \"2020-01-02\"}") == HN_ERR_IO);
    CHECK(hn_store_counts_json(&out, ro, NULL) == HN_OK && out != NULL);
    hn_free(out);
    out = NULL;
    /* another connection holds the write lock: a write waits 50 ms, then HN_ERR_IO "locked";
     * reads go on (WAL) */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(hn_store_add_years(st, 2022, 2022) == HN_ERR_IO);
    CHECK(strstr(hn_last_error(), "locked") != NULL);
    CHECK(hn_store_counts_json(&out, ro, NULL) == HN_OK);
    hn_free(out);
    out = NULL;
    CHECK(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(hn_store_add_years(st, 2022, 2022) == HN_OK);
    hn_store_free(ro);
    hn_store_free(st);
    path_in(path, sizeof path, "options.db");
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
    CHECK(hn_store_version(&version, st) == HN_OK && version == 4);
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
            CHECK(out && strstr(out, "\"router_builds\":24"));
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
        CHECK(hn_store_simulate_json(NULL, st, net, "{\"growth\": \"planned\"}") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "field 'growth'") != NULL);
    }

    hn_store_free(st);
    test_ledger_in_store(net);
    test_open_options(net);
    hn_network_free(net);
    path_in(path, sizeof path, "a.db");
    path_in(path2, sizeof path2, "b.db");
    return check_summary();
}
