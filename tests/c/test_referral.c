/* The C ABI of referral routing and the referral ledger, exercised from C99. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *SMALL = HATCHNET_SOURCE_DIR "/tests/data/small.json";

static void test_refer(hn_network *net) {
    char *out = NULL, *again = NULL, *pol = NULL;
    hn_router *router = NULL;
    CHECK(hn_refer_json(&out, net, "{\"organization\": \"so-2\", \"needs\": [\"office\"], \"first_contact\": \"s-east-2\"}",
                        NULL) == HN_OK);
    CHECK(out && strstr(out, "\"status\":\"routed\"") != NULL);
    CHECK(out && strstr(out, "\"chosen\":\"d-east\"") != NULL);
    CHECK(out && strstr(out, "\"move\":\"up\"") != NULL);
    CHECK(out && strstr(out, "\"reasons\":[") != NULL);
    /* a router (with an explicit policy equal to the default) gives the same bytes */
    CHECK(hn_router_create(&router, net, "{\"weights\": {\"distance\": 1.0}}") == HN_OK);
    CHECK(hn_router_refer_json(&again, router,
                               "{\"organization\": \"so-2\", \"needs\": [\"office\"], \"first_contact\": \"s-east-2\"}") == HN_OK);
    CHECK(out && again && strcmp(out, again) == 0);
    hn_free(again);
    again = NULL;
    CHECK(hn_router_policy_json(&pol, router) == HN_OK && pol && strstr(pol, "hatchnet-referral-policy") != NULL);
    hn_free(pol);
    pol = NULL;
    CHECK(hn_referral_default_policy_json(&pol) == HN_OK && pol && strstr(pol, "\"max_hops\":3") != NULL);
    hn_free(pol);
    hn_free(out);
    out = NULL;

    /* batch */
    CHECK(hn_router_refer_batch_json(&out, router,
                                     "[{\"id\": \"a\", \"organization\": \"so-1\", \"needs\": [\"office\"]},"
                                     " {\"id\": \"b\", \"organization\": \"so-4\", \"needs\": [\"venue\"]}]") == HN_OK);
    CHECK(out && strstr(out, "\"routed\":2") != NULL);
    CHECK(out && strstr(out, "\"request\":\"b\"") != NULL);
    hn_free(out);
    out = NULL;
    CHECK(hn_refer_batch_json(&out, net, "{\"requests\": []}", NULL) == HN_OK);
    CHECK(out && strstr(out, "\"assignments\":[]") != NULL);
    hn_free(out);
    out = NULL;

    /* bad input: named fields, no crash, out set to NULL */
    CHECK(hn_refer_json(&out, net, "{\"organization\": \"so-1\", \"needs\": []}", NULL) == HN_ERR_INVALID);
    CHECK(out == NULL);
    CHECK(strstr(hn_last_error(), "needs") != NULL);
    CHECK(hn_refer_json(&out, net, "{\"organization\": \"ghost\", \"needs\": [\"office\"]}", NULL) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "unknown organization 'ghost'") != NULL);
    CHECK(hn_refer_json(&out, net, "{\"organization\": \"so-1\", \"needs\": [\"office\"], \"first_contact\": \"c-east-a\"}",
                        NULL) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "first_contact") != NULL);
    CHECK(hn_refer_json(&out, net, "{\"organization\": \"so-1\", \"needs\": [\"office\"", NULL) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "malformed JSON") != NULL);
    CHECK(hn_refer_json(&out, net, "{\"organization\": \"so-1\", \"needs\": [\"office\"]}", "{\"weights\": {\"tier\": -2}}") ==
          HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "weights.tier") != NULL);
    CHECK(hn_refer_json(&out, net, "{\"organization\": \"so-1\", \"needs\": [\"office\"]}",
                        "{\"tier_fit\": [{\"fit\": {\"ward\": 1}}]}") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "unknown tier 'ward'") != NULL);
    CHECK(hn_refer_json(NULL, net, "{}", NULL) == HN_ERR_NULL);
    CHECK(hn_refer_json(&out, NULL, "{}", NULL) == HN_ERR_NULL);
    CHECK(hn_router_refer_json(&out, NULL, "{}") == HN_ERR_NULL);
    hn_router_free(router);
    hn_router_free(NULL);
}

static void test_ledger(hn_network *net) {
    hn_ledger *l = NULL, *m = NULL;
    char *id = NULL, *json = NULL, *json2 = NULL, *counts = NULL, *one = NULL;
    CHECK(hn_ledger_create(&l, net) == HN_OK);
    if (!l) return;
    CHECK(hn_ledger_open(&id, l, "{\"organization\": \"so-1\", \"node\": \"d-east\", \"first_contact\": \"s-east-1\", \"needs\": [\"office\"]}",
                         "2024-03-01T09:00") == HN_OK);
    CHECK(id && strcmp(id, "ref-1") == 0);
    CHECK(hn_ledger_transition(l, id, "accepted", "2024-03-02", NULL, NULL) == HN_OK);
    CHECK(hn_ledger_transition(l, id, "completed", "2024-03-03", NULL, "got_help") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "illegal transition accepted -> completed") != NULL);
    CHECK(hn_ledger_transition(l, id, "in_progress", "2024-03-03", "first meeting", NULL) == HN_OK);
    CHECK(hn_ledger_transition(l, id, "completed", "2024-04-01", NULL, "got_help") == HN_OK);
    CHECK(hn_ledger_transition(l, id, "sleeping", "2024-04-02", NULL, NULL) == HN_ERR_INVALID);
    CHECK(hn_ledger_transition(l, "ref-99", "accepted", "2024-04-02", NULL, NULL) == HN_ERR_INVALID);
    CHECK(hn_ledger_open(NULL, l, "{\"id\": \"x-1\", \"node\": \"soc-1\", \"urgency\": \"urgent\"}", "2024-04-05") == HN_OK);
    CHECK(hn_ledger_open(NULL, l, "{\"node\": \"ghost\"}", "2024-04-05") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "ghost") != NULL);
    CHECK(hn_ledger_get_json(&one, l, "ref-1") == HN_OK && one && strstr(one, "\"outcome\":\"got_help\"") != NULL);
    hn_free(one);
    one = NULL;
    CHECK(hn_ledger_get_json(&one, l, "nope") == HN_ERR_NOT_FOUND && one == NULL);
    CHECK(hn_ledger_counts_json(&counts, l) == HN_OK);
    CHECK(counts && strstr(counts, "\"total\":2") != NULL);
    CHECK(counts && strstr(counts, "\"110101\"") != NULL);
    CHECK(hn_ledger_save_json(&json, l) == HN_OK);
    CHECK(hn_ledger_load_json(&m, net, json) == HN_OK);
    CHECK(m && hn_ledger_save_json(&json2, m) == HN_OK);
    CHECK(json && json2 && strcmp(json, json2) == 0);
    CHECK(hn_ledger_load_json(&m, net, "{\"format\": \"nope\"}") == HN_ERR_INVALID);
    hn_free(id);
    hn_free(json);
    hn_free(json2);
    hn_free(counts);
    hn_ledger_free(l);
    hn_ledger_free(m);
    hn_ledger_free(NULL);
}

/* A router shares the network's frozen graph (no copy) and keeps it alive: freeing the network
 * first must leave the router working, with the same answers as a router on a live network
 * (the ASan stage of CI turns a dangling graph into a failure). */
static void test_router_outlives_network(hn_network *net) {
    const char *req = "{\"organization\": \"so-1\", \"needs\": [\"office\"]}";
    hn_network *tmp = NULL;
    hn_router *orphan = NULL, *live = NULL;
    char *a = NULL, *b = NULL;
    CHECK(hn_network_load_json_file(&tmp, SMALL) == HN_OK);
    CHECK(hn_router_create(&orphan, tmp, NULL) == HN_OK);
    hn_network_free(tmp);
    CHECK(hn_router_create(&live, net, NULL) == HN_OK);
    CHECK(hn_router_refer_json(&a, orphan, req) == HN_OK);
    CHECK(hn_router_refer_json(&b, live, req) == HN_OK);
    CHECK(a && b && strcmp(a, b) == 0);
    hn_free(a);
    hn_free(b);
    hn_router_free(orphan);
    hn_router_free(live);
}

/* hn_router_refer_many_json: element i is exactly what hn_router_refer_json gives for
 * request i, for 1 and 2 threads; the failing request is named. */
static void test_refer_many(hn_network *net) {
    static const char *reqs[] = {
        "{\"id\": \"a\", \"organization\": \"so-1\", \"needs\": [\"office\"]}",
        "{\"id\": \"b\", \"organization\": \"so-4\", \"needs\": [\"venue\"], \"urgency\": \"urgent\"}",
        "{\"id\": \"c\", \"organization\": \"so-2\", \"needs\": [\"office\"], \"first_contact\": \"s-east-2\"}",
    };
    char expected[16384] = "[", *one = NULL, *many = NULL;
    char array[2048] = "[";
    hn_router *router = NULL;
    unsigned threads;
    int i;
    CHECK(hn_router_create(&router, net, NULL) == HN_OK);
    if (!router) return;
    for (i = 0; i < 3; ++i) {
        if (i) { strcat(expected, ","); strcat(array, ","); }
        strcat(array, reqs[i]);
        CHECK(hn_router_refer_json(&one, router, reqs[i]) == HN_OK);
        if (one && strlen(expected) + strlen(one) + 2 < sizeof expected) strcat(expected, one);
        hn_free(one);
        one = NULL;
    }
    strcat(expected, "]");
    strcat(array, "]");
    for (threads = 1; threads <= 2; ++threads) {
        CHECK(hn_router_refer_many_json(&many, router, array, threads) == HN_OK);
        CHECK(many && strcmp(many, expected) == 0);
        hn_free(many);
        many = NULL;
    }
    CHECK(hn_router_refer_many_json(&many, router, "[{\"organization\": \"so-1\", \"needs\": [\"office\"]}, "
                                                   "{\"organization\": \"nobody\", \"needs\": [\"office\"]}]", 2)
          == HN_ERR_INVALID);
    CHECK(many == NULL);
    CHECK(strstr(hn_last_error(), "requests[1]") != NULL);
    CHECK(hn_router_refer_many_json(&many, router, NULL, 1) == HN_ERR_NULL);
    CHECK(hn_router_refer_many_json(NULL, router, "[]", 1) == HN_ERR_NULL);
    CHECK(hn_router_refer_many_json(&many, router, "[]", 0) == HN_OK);
    CHECK(many && strcmp(many, "[]") == 0);
    hn_free(many);
    hn_router_free(router);
}

int main(void) {
    hn_network *net = NULL;
    if (hn_network_load_json_file(&net, SMALL) != HN_OK) {
        fprintf(stderr, "cannot load %s: %s\n", SMALL, hn_last_error());
        return 1;
    }
    test_refer(net);
    test_ledger(net);
    test_router_outlives_network(net);
    test_refer_many(net);
    hn_network_free(net);
    return check_summary();
}
