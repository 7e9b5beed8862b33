/* hatchnet/hn_funding.h — money in the incubation system (§3.3, §6.2): funds with earmarks,
 * purchase-of-service contracts, the split of costs across several funds, payments tied to
 * evaluation and the cost per organization served. Include <hatchnet/hatchnet.h>, not this file.
 *
 * JSON in, JSON out (formats: docs/funding.md). `funds_json` is a funds file's text
 * ({"format": "hatchnet-funds", "funds": [...], "contracts": [...]}). `scheme` is NULL or ""
 * (none), the name of a shipped scheme ("mca_1000", "incubator"), a scheme's JSON text or a
 * path. `options_json` may be NULL or "" for the defaults; unknown keys are refused. Every
 * function writes a NUL-terminated JSON text to *out, released with hn_free(); on failure
 * *out is NULL, the status is HN_ERR_INVALID (or HN_ERR_LIMIT, HN_ERR_IO) and hn_last_error()
 * names the record and field (e.g. "contract c1: field 'end': ends (...) before it starts").
 * Nothing is kept from a bad file.
 */
#ifndef HATCHNET_HN_FUNDING_H
#define HATCHNET_HN_FUNDING_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Check a funds file against the network (nodes, regions, services) and, when given, the
 * scheme (deliverables' indicators, rules' grades): {"funds", "contracts", "periods": {year:
 * total}, "committed": {year: contracts' total}}. */
HN_EXPORT hn_status hn_funds_check_json(char **out, const hn_network *net, const char *funds_json,
                                        const char *scheme);

/* Split costs across the funds without breaking an earmark or a fund's total (max-flow
 * min-cost). items_json: NULL / "", {"items": [...]} or a plan result ({"picks": [...]}).
 * Options: year, unit, charge_contracts, contracts, plan (coverage plan options: plan first),
 * split ({"budget", "price"}). Result: {"year", "total", "funded", "unfunded", "allocations":
 * [{fund, earmark, item, amount}], "items": [{id, amount, funded, shortfall, funds, reason}],
 * "funds": [{id, amount, committed, allocated, left}], "cost_items", "notes"}. */
HN_EXPORT hn_status hn_funds_split_json(char **out, const hn_network *net, const char *funds_json,
                                        const char *items_json, const char *options_json);

/* Payments due on every contract given evaluation results: performance_json is {"units":
 * [{"id", "grade", "score", "indicators": {id: fraction}}], "grades": [best first]} or the
 * result of hn_evaluate_network (then pass its scheme). Options: as_of ("YYYY-MM-DD").
 * Result: {"payments": [{contract, incubator, fund, buyer, amount, scheduled, linked,
 * withheld_share, withheld, due, evaluated, grade, score, missed, reasons}]}. */
HN_EXPORT hn_status hn_funds_payments_json(char **out, const hn_network *net, const char *funds_json,
                                           const char *performance_json, const char *scheme,
                                           const char *options_json);

/* Cost per organization served, per incubator and per district. performance_json NULL / "":
 * money = the contracts' amounts; else the payments due. Options: as_of, served ({node id:
 * count}; default: the nodes' occupied counts). Result: {"served_from", "money_from",
 * "incubators": [{id, name, district, spent, served, per_served}], "districts": [{code, ...}]}. */
HN_EXPORT hn_status hn_funds_cost_json(char **out, const hn_network *net, const char *funds_json,
                                       const char *performance_json, const char *scheme,
                                       const char *options_json);

#ifdef __cplusplus
}
#endif

#endif
