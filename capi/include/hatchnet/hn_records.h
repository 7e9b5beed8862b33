/* hatchnet/hn_records.h — the records store in the C ABI. Include <hatchnet/hatchnet.h>, not this file.
 *
 * A store is one SQLite file (docs/records.md, schema in docs/records-schema.md): incubation
 * records, the referral ledger's rows, periods, evaluations and targets. Opening creates the
 * file or migrates an older schema; a newer schema, a corrupt, foreign or locked file is
 * HN_ERR_IO with hn_last_error() naming the file. Every change is one transaction.
 *
 *   transition:  {"id"?, "to": "applied" | "admitted" | "incubating" | "graduated" | "exited" |
 *                 "withdrawn", "at": "YYYY-MM-DD", "note"?, "organization"?, "node"?,
 *                 "referral"?, "services"?, "outcome"?}  — "applied" (the default) opens a
 *                 new incubation of "organization" at "node"; other stages move "id".
 *
 * Bad input is HN_ERR_INVALID naming the record and field ("incubation inc-3: field 'stage':
 * illegal transition graduated -> exited: graduated is final"); a batch is all or nothing.
 * A handle may be used from several threads (calls are serialised); other processes may
 * open the same file (one writer at a time, readers never see half a transaction).
 * Strings handed out are released with hn_free().
 */
#ifndef HATCHNET_HN_RECORDS_H
#define HATCHNET_HN_RECORDS_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hn_store hn_store;

/* Open (or create) the store at `path`. */
HN_EXPORT hn_status hn_store_open(hn_store **out, const char *path);
/* hn_store_open with options: options_json NULL (the defaults) or {"create": true,
 * "read_only": false, "busy_timeout_ms": 5000}. "create": false refuses a missing file
 * (HN_ERR_IO, "no such store", hn_last_error_io_reason() HN_IO_NOT_FOUND); "read_only": true opens an
 * existing store for reading only (no migration; every change is HN_ERR_IO naming the file);
 * "busy_timeout_ms" (0-3600000) is how long a call waits for another writer's lock before
 * HN_ERR_IO "locked". Unknown members or wrong types are HN_ERR_INVALID naming the member. */
HN_EXPORT hn_status hn_store_open_options(hn_store **out, const char *path, const char *options_json);
HN_EXPORT void hn_store_free(hn_store *store);
/* The schema version of the open file (after migration). */
HN_EXPORT hn_status hn_store_version(int *version, const hn_store *store);
/* Write the network's incubators and organizations (insert or update). */
HN_EXPORT hn_status hn_store_set_network(hn_store *store, const hn_network *net);
/* Yearly periods first..last ("2020": 2020-01-01 .. 2020-12-31), existing ones kept. */
HN_EXPORT hn_status hn_store_add_years(hn_store *store, int first, int last);
/* Record one transition (a JSON object) or many (an array) in one transaction. *ids_json (may
 * be NULL) receives the incubations' ids as a JSON array. */
HN_EXPORT hn_status hn_store_record_json(char **ids_json, hn_store *store, const char *transitions_json);
/* One incubation with its history; HN_ERR_NOT_FOUND for an unknown id. */
HN_EXPORT hn_status hn_store_incubation_json(char **incubation_json, const hn_store *store, const char *id);
/* Counts of incubations by stage: now (date NULL) or as of a date:
 * {"date", "total", "by_node", "by_tier", "by_district"}, each {stage: count}. */
HN_EXPORT hn_status hn_store_counts_json(char **counts_json, const hn_store *store, const char *date);
/* A period: {"period", "entered", "at_end", "graduated", "days_to_graduation"}. */
HN_EXPORT hn_status hn_store_summary_json(char **summary_json, const hn_store *store, const char *period);
/* The whole store as canonical JSON, and back into an empty store (lossless). */
HN_EXPORT hn_status hn_store_export_json(char **records_json, const hn_store *store);
HN_EXPORT hn_status hn_store_import_json(hn_store *store, const char *records_json);

/* ------------------------------------------------------------------ time and targets
 * fact:   {"at", "kind": "opened" | "closed" | "capacity" | "registered" | "stage", "subject",
 *          "value"?, "note"?}  (capacity: a whole number; stage: founding | growing | mature)
 * target: {"id", "kind": "district_coverage" | "street_coverage" | "community_coverage" |
 *          "graduations", "scope"? (region code prefix), "value"? (share 0..1, or a count),
 *          "due": "YYYY-MM-DD", "note"?} */
/* Record dated facts (one object or an array), each in its own transaction, in order. */
HN_EXPORT hn_status hn_store_add_facts_json(hn_store *store, const char *facts_json);
/* The network as it stood at the end of `period` (a period id or a date): a new network
 * handle (free it with hn_network_free), incubators' "occupied" = residents on that date. */
HN_EXPORT hn_status hn_store_network_at(hn_network **out, const hn_store *store, const hn_network *base,
                                        const char *period);
/* Add targets (one object or an array). */
HN_EXPORT hn_status hn_store_add_targets_json(hn_store *store, const char *targets_json);
/* Progress toward the store's targets (the guidance's 2020 targets when it has none) on the
 * network `base`: {"as_of", "targets": [{"id", "kind", "scope", "value", "due", "note",
 * "series": [{"period", "measured"}], "by_district": {code: value}, "projection": {"method",
 * "at", "value", "low", "high", "level", "points", "slope_per_year"} | null, "status"}]}. */
HN_EXPORT hn_status hn_store_progress_json(char **progress_json, const hn_store *store, const hn_network *base);

/* ------------------------------------------------------------------ evaluation cycles
 * Evaluate `period` on the network as it stood then with indicators from the records
 * (docs/records.md, "Evaluation cycles"): scheme_json NULL for the shipped incubator scheme;
 * data_json NULL or {"indicators": ..., "ratings": ...} as hn_evaluate_network_json takes them;
 * options_json NULL or evaluation options (draws default 0 here). The rows are written to the
 * store: {"period", "scheme", "rows": [{"incubator", "score", "grade", "rank", "indicators"}]}. */
HN_EXPORT hn_status hn_store_evaluate_json(char **cycle_json, hn_store *store, const hn_network *base,
                                           const char *period, const char *scheme_json, const char *data_json,
                                           const char *options_json);
/* Year on year: {"from", "to", "scheme", "common", "rank_correlation", "transitions",
 * "changes", "movers": [{"incubator", "from", "to", "levels", "rank_from", "rank_to",
 * "moved_by": [{"indicator", "points_change"}]}]} (movers: two grade levels or more). */
HN_EXPORT hn_status hn_store_compare_json(char **comparison_json, const hn_store *store, const char *scheme_json,
                                          const char *from, const char *to);

/* ------------------------------------------------------------------ simulation
 * The seeded multi-year simulation (docs/records.md, "Simulation") of `net` into `store`
 * (which must hold no incubations). options_json NULL or {"first_year", "last_year", "seed",
 * "scale", "evaluate", "route", "growth", "plan_budget", "plan_openings"} (defaults 2017, 2025,
 * 2017, 1.0, true, true, "plan", 0.05, -1; "route": referrals through the router; "growth":
 * "plan" for the coverage engine's yearly plans or "fixed"). The same seed gives the same store.
 * *summary_json: {"arrivals", "transitions", "facts", "admitted", "no_place", "graduated",
 * "referrals", "waitlisted", "unrouted", "router_builds", "plan_openings", "plan_places",
 * "evaluated"}. */
HN_EXPORT hn_status hn_store_simulate_json(char **summary_json, hn_store *store, const hn_network *net,
                                           const char *options_json);

/* ------------------------------------------------------------------ the referral ledger in the store
 * The store keeps the referral ledger (hn_referral.h) in its referrals and referral_events
 * tables; the ledger's JSON (hn_ledger_save_json) stays an export. Timestamps are ISO 8601
 * dates or dates and times ("2024-03-01", "2024-03-01T09:30+08:00"), in time order per
 * referral. A store handle holds one ledger of its own at a time (it has no other name for it
 * in the functions below), loaded on a network by hn_store_ledger_load
 * (or _import_json); the ledger functions below need it (HN_ERR_INVALID "no ledger loaded"
 * otherwise). Every open and transition is written to the store (one transaction) before the
 * ledger changes: a failed call changes nothing. Two handles (two processes) may keep one
 * store: a write from a ledger that another has overtaken is refused ("reload it"). */
/* Load the store's referrals on `net`, replaying every history through the ledger's checks. */
HN_EXPORT hn_status hn_store_ledger_load(hn_store *store, const hn_network *net);
/* A ledger handle of its own on the store (hn_referral.h's hn_ledger): the store's referrals
 * replayed, and attached, so hn_ledger_open / hn_ledger_transition write through (each in one
 * transaction, before the ledger changes). Unlike hn_store_ledger_load, which keeps one ledger
 * in the store handle (a second load replaces it), any number of these may keep one store
 * handle, each used by one thread at a time; one that another has overtaken is refused ("reload
 * it": create it again). Free with hn_ledger_free; it keeps the store's file open until then. */
HN_EXPORT hn_status hn_store_ledger_create(hn_ledger **out, hn_store *store, const hn_network *net);
/* Put an exported ledger into a store that holds no referrals, in one transaction (a reader
 * sees all of it or none), and keep it loaded. */
HN_EXPORT hn_status hn_store_ledger_import_json(hn_store *store, const hn_network *net, const char *ledger_json);
/* The loaded ledger as hn_ledger_save_json writes it, and its counts ({"total", "by_status",
 * "by_node", "by_district"}). */
HN_EXPORT hn_status hn_store_ledger_export_json(char **ledger_json, hn_store *store);
HN_EXPORT hn_status hn_store_ledger_counts_json(char **counts_json, hn_store *store);
/* Open a referral: referral_json {"id"?, "organization"?, "node", "first_contact"?, "needs"?,
 * "urgency"?, "note"?}; *id_out (may be NULL) receives its id ("ref-N" when none is given). */
HN_EXPORT hn_status hn_store_referral_open_json(char **id_out, hn_store *store, const char *referral_json,
                                                const char *at);
/* Move a referral to `status` at `at`; note and outcome may be NULL (an outcome only with a
 * final state). */
HN_EXPORT hn_status hn_store_referral_transition(hn_store *store, const char *id, const char *status, const char *at,
                                                 const char *note, const char *outcome);
/* Read from the store's tables (no ledger needed): one referral with its history
 * (HN_ERR_NOT_FOUND for an unknown id), or every referral as a JSON array in recorded order. */
HN_EXPORT hn_status hn_store_referral_json(char **referral_json, const hn_store *store, const char *id);
HN_EXPORT hn_status hn_store_referrals_json(char **referrals_json, const hn_store *store);

#ifdef __cplusplus
}
#endif

#endif
