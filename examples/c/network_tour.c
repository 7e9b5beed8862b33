/* network_tour.c — a first tour of hatchnet through its C ABI.
 *
 * What it shows, in the order a newcomer meets it:
 *   1. load the Beijing dataset (validated on load) and count the incubators by tier;
 *   2. look a node up by id, walk one guidance edge up, count hops to the city center;
 *   3. route one referral and a small batch through the JSON functions;
 *   4. handle errors: every call returns an hn_status, hn_last_error() says what went wrong
 *      (naming the record and field), and memory handed out is released with hn_free().
 *
 * Build (CMake):  target_link_libraries(network_tour PRIVATE hatchnet::c)
 * Run:            network_tour [path/to/beijing.json.gz]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hatchnet/hatchnet.h>

#ifndef HATCHNET_EXAMPLE_DATA
#define HATCHNET_EXAMPLE_DATA "data/beijing.json.gz"
#endif

/* Report a failed call and say whether to carry on. Every hatchnet function returns a status;
 * HN_OK is 0, anything else comes with a message from hn_last_error(). */
static int failed(hn_status st, const char *what) {
    if (st == HN_OK) return 0;
    fprintf(stderr, "%s failed: %s (%s)\n", what, hn_status_name(st), hn_last_error());
    /* the error is structured: branch on its status and I/O reason, never on its text */
    if (hn_last_error_status() == HN_ERR_IO && hn_last_error_io_reason() == HN_IO_NOT_FOUND)
        fprintf(stderr, "  no such file: pass the dataset's path as the first argument\n");
    return 1;
}

/* A tiny helper for this tour only: copy the string value of the first "key":"value" in a
 * JSON text into buf (a real program would use a JSON parser such as cJSON or yyjson). */
static const char *json_string(const char *json, const char *key, char *buf, size_t n) {
    char pattern[64];
    const char *p;
    size_t i = 0;
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    p = strstr(json, pattern);
    if (!p) return "(absent)";
    p += strlen(pattern);
    if (*p != '"') { /* not a string: null, a number, ... copy up to the next delimiter */
        while (*p && *p != ',' && *p != '}' && i + 1 < n) buf[i++] = *p++;
    } else {
        ++p;
        while (*p && *p != '"' && i + 1 < n) buf[i++] = *p++;
    }
    buf[i] = '\0';
    return buf;
}

static const char *TIER_NAMES[HN_TIER_COUNT_ALL] = {"city_center", "city_sector", "district",       "street",
                                                "community",   "social",      "district_sector"};

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : HATCHNET_EXAMPLE_DATA;
    hn_network *net = NULL;
    /* structs the library fills carry their own size: start them from their INIT macro */
    hn_node_info street = HN_NODE_INFO_INIT, parent = HN_NODE_INFO_INIT;
    size_t counts[HN_TIER_COUNT_ALL], *parents = NULL, n_parents = 0, i, n_nodes = 0, n_orgs = 0;
    char *result = NULL, buf[128];
    int hops = -1, rc = 1;
    hn_status st;

    printf("hatchnet %s\n", hn_version_string());

    /* 1. Load. On failure nothing is returned and hn_last_error() names the first problem. */
    if (failed(hn_network_load_json_file(&net, path), "loading the network")) return 1;
    if (failed(hn_network_node_count(&n_nodes, net), "node count") ||
        failed(hn_network_organization_count(&n_orgs, net), "organization count") ||
        failed(hn_network_count_by_tier_n(counts, HN_TIER_COUNT_ALL, net), "counts by tier"))
        goto done;
    printf("\n%zu nodes serving %zu social organizations\n", n_nodes, n_orgs);
    for (i = 0; i < HN_TIER_COUNT_ALL; ++i) printf("  %-12s %6zu\n", TIER_NAMES[i], counts[i]);

    /* 2. One street incubator (Haidian district, first street): its fields, the district
     *    incubator that guides it, and how far it is from the city center. */
    if (failed(hn_network_find_node(&street, net, "street-110108001"), "finding a node")) goto done;
    printf("\n%s (%s): tier %s, region %s, capacity %lld, occupied %lld\n", street.id, street.name,
           TIER_NAMES[street.tier], street.region, (long long)street.capacity, (long long)street.occupied);
    if (failed(hn_network_guidance_parents(&parents, &n_parents, net, street.id), "guidance parents")) goto done;
    for (i = 0; i < n_parents; ++i)
        if (hn_network_node_at(&parent, net, parents[i]) == HN_OK)
            printf("  guided by %s (%s)\n", parent.id, parent.name);
    hn_free(parents); /* arrays the library hands out are released with hn_free() */
    if (failed(hn_network_hops(&hops, net, street.id, "center-11"), "hops")) goto done;
    printf("  %d hop(s) from the city center\n", hops);

    /* An id that names nothing is an ordinary, reported failure, not a crash. */
    st = hn_network_find_node(&street, net, "street-999999999");
    printf("\nlooking up an unknown id: %s — %s\n", hn_status_name(st), hn_last_error());

    /* 3. A referral: an elder-care group in a Haidian community needs legal help, which its
     *    home street incubator does not offer. Requests and results are JSON text; policy
     *    NULL means the documented default. */
    if (failed(hn_refer_json(&result, net, "{\"organization\": \"cso-020985\", \"needs\": [\"legal\"]}", NULL),
               "referral"))
        goto done;
    printf("\nreferral of cso-020985: status %s", json_string(result, "status", buf, sizeof buf));
    printf(", chosen %s", json_string(result, "chosen", buf, sizeof buf));
    printf(", first contact %s\n", json_string(result, "first_contact", buf, sizeof buf));
    hn_free(result); /* strings too */
    result = NULL;

    /* A bad request fails with HN_ERR_INVALID and a message naming the field. */
    st = hn_refer_json(&result, net, "{\"organization\": \"so-05001\", \"needs\": [\"teleportation\"]}", NULL);
    printf("a request with an unknown service: %s — %s\n", hn_status_name(st), hn_last_error());
    /* result stays NULL on failure; hn_free(NULL) is fine either way */

    /* A batch is routed against spare capacities: nobody is overfilled. */
    if (failed(hn_refer_batch_json(&result, net,
                                   "[{\"id\": \"a\", \"organization\": \"so-05001\", \"needs\": [\"office\"]},"
                                   " {\"id\": \"b\", \"organization\": \"so-00100\", \"needs\": [\"venue\"]},"
                                   " {\"id\": \"c\", \"organization\": \"cso-020985\", \"needs\": [\"funds\"],"
                                   "  \"urgency\": \"urgent\"}]",
                                   NULL),
               "batch referral"))
        goto done;
    printf("batch of 3: routed %s", json_string(result, "routed", buf, sizeof buf));
    printf(", waitlisted %s", json_string(result, "waitlisted", buf, sizeof buf));
    printf(", unroutable %s\n", json_string(result, "unroutable", buf, sizeof buf));
    rc = 0;

done:
    hn_free(result);
    hn_network_free(net); /* accepts NULL too */
    return rc;
}
