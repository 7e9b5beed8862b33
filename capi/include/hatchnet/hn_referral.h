/* hatchnet/hn_referral.h — the referral part of the C ABI. Include <hatchnet/hatchnet.h>, not this file.
 *
 * Referral routing (docs/algorithms/referral.md): requests, policies and results travel as
 * JSON text; the ledger is an opaque handle.
 *
 *   request:  {"id": "r1", "organization": "so-1", "needs": ["office"], "first_contact": "s-east-1",
 *              "urgency": "routine" | "urgent", "consent": ["government", "social"], "exclude": [...]}
 *             or, instead of "organization", its attributes: "type", "stage", "registration",
 *             "sectors", "region", "credit".
 *   policy:   NULL for the documented default, or a JSON object overriding any of its fields
 *             (see hn_referral_default_policy_json()).
 *   result:   {"status": "routed" | "waitlisted" | "no_candidate", "chosen": id | null, "route":
 *             [hops], "candidates": [ranked, with "factors" and "contributions"], "excluded":
 *             [with "reasons"], "waitlist": {"node", "position"} | null}
 *
 * Errors: HN_ERR_INVALID with hn_last_error() naming the record and field (e.g.
 * "request: field 'needs[1]': unknown service 'x'"); a solver failure is HN_ERR_INTERNAL.
 * Strings handed out are released with hn_free().
 */
#ifndef HATCHNET_HN_REFERRAL_H
#define HATCHNET_HN_REFERRAL_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The documented default routing policy as JSON text. */
HN_EXPORT hn_status hn_referral_default_policy_json(char **policy_json);

/* Route one request on a network (policy_json may be NULL). Builds the routing tables for the
 * call; to route many requests keep an hn_router instead. */
HN_EXPORT hn_status hn_refer_json(char **result_json, const hn_network *net, const char *request_json,
                                  const char *policy_json);
/* Route many requests against spare capacities (a JSON array of requests, or
 * {"requests": [...]}): {"routed", "waitlisted", "unroutable", "total_score", "objective",
 * "assignments": [{"index", "request", "status", "node", "score", "hops", "waitlist_position"}],
 * "placed": {node: count}}. No incubator receives more than its spare capacity; the total
 * score is optimal. */
HN_EXPORT hn_status hn_refer_batch_json(char **result_json, const hn_network *net, const char *requests_json,
                                        const char *policy_json);

/* A router keeps the routing tables between calls; it is safe to use from several threads at
 * once and keeps its network alive (the network handle may be freed before it). */
typedef struct hn_router hn_router;
HN_EXPORT hn_status hn_router_create(hn_router **out, const hn_network *net, const char *policy_json);
HN_EXPORT void hn_router_free(hn_router *router);
HN_EXPORT hn_status hn_router_refer_json(char **result_json, const hn_router *router, const char *request_json);
HN_EXPORT hn_status hn_router_refer_batch_json(char **result_json, const hn_router *router,
                                               const char *requests_json);
/* Route many requests independently (a JSON array of requests, or {"requests": [...]}), each
 * exactly as hn_router_refer_json would, on `threads` threads (0: all cores): a JSON array of
 * the results in input order, whatever the thread count. The requests do not compete for
 * capacity (that is hn_router_refer_batch_json). The first failing request is named in the
 * error ("requests[i]"). */
HN_EXPORT hn_status hn_router_refer_many_json(char **result_json, const hn_router *router,
                                              const char *requests_json, unsigned threads);
/* The policy the router uses, in canonical JSON. */
HN_EXPORT hn_status hn_router_policy_json(char **policy_json, const hn_router *router);

/* ------------------------------------------------------------------ the ledger
 * States: requested -> accepted | rejected | cancelled; accepted -> in_progress | cancelled |
 * failed; in_progress -> completed | cancelled | failed. Accepting takes a unit of the
 * incubator's capacity; cancelling, failing or completing gives it back. A ledger is not
 * thread-safe: one caller at a time per handle. */
typedef struct hn_ledger hn_ledger;
HN_EXPORT hn_status hn_ledger_create(hn_ledger **out, const hn_network *net);
HN_EXPORT void hn_ledger_free(hn_ledger *ledger);
/* Record a referral in state "requested" at time `at`. referral_json: {"id"?, "organization"?,
 * "node", "first_contact"?, "needs"?, "urgency"?, "note"?}. *id_out (may be NULL) receives
 * its id (generated "ref-N" when none is given). */
HN_EXPORT hn_status hn_ledger_open(char **id_out, hn_ledger *ledger, const char *referral_json, const char *at);
/* Move a referral to `status` ("accepted", "in_progress", ...) at time `at`; note and outcome
 * may be NULL (an outcome only with a final state). An illegal transition is HN_ERR_INVALID
 * and changes nothing. */
HN_EXPORT hn_status hn_ledger_transition(hn_ledger *ledger, const char *id, const char *status, const char *at,
                                         const char *note, const char *outcome);
/* One referral with its history, as JSON; HN_ERR_NOT_FOUND for an unknown id. */
HN_EXPORT hn_status hn_ledger_get_json(char **referral_json, const hn_ledger *ledger, const char *id);
/* Canonical JSON (save -> load -> save gives the same bytes). */
HN_EXPORT hn_status hn_ledger_save_json(char **ledger_json, const hn_ledger *ledger);
HN_EXPORT hn_status hn_ledger_load_json(hn_ledger **out, const hn_network *net, const char *ledger_json);
/* {"total", "by_status", "by_node", "by_district"}. */
HN_EXPORT hn_status hn_ledger_counts_json(char **counts_json, const hn_ledger *ledger);

#ifdef __cplusplus
}
#endif

#endif
