/* hatchnet/hn_coverage.h — the coverage part of the C ABI. Include <hatchnet/hatchnet.h>, not this file.
 *
 * Coverage, balance and placement planning, JSON in and JSON out (field names and formulas:
 * docs/algorithms/coverage.md). Every function writes a NUL-terminated JSON text to *out,
 * which the caller releases with hn_free(); on failure *out is NULL and hn_last_error()
 * names the option or record at fault. `options_json` may be NULL or "" for the defaults;
 * unknown option keys are refused (HN_ERR_INVALID), never ignored.
 */
#ifndef HATCHNET_HN_COVERAGE_H
#define HATCHNET_HN_COVERAGE_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Coverage of every district, street and community: {"summary", "regions": [...], "lacking": [...],
 * "notes"}. Options: counted_tiers, expect_district, expect_street, expect_community,
 * accessibility, relations, two_step, catchment_km, demand_level, gaussian_decay. */
HN_EXPORT hn_status hn_coverage_json(char **out, const hn_network *net, const char *options_json);

/* Tier sameness: the mean Jaccard similarity of the nodes' service profiles within each tier
 * and between tiers, network-wide and per district (docs/algorithms/coverage.md):
 * {"network": {"nodes", "by_tier", "within", "between", "tier_pairs": [{"a", "b", "pairs",
 * "jaccard"}]}, "districts": [{"code", "name", "nodes", "by_tier", "within", "between"}],
 * "notes"}; null where no pair exists. Options: tiers (array of tier names), districts (bool).
 * hn_coverage_json and hn_balance_json carry the network's figures as "sameness". */
HN_EXPORT hn_status hn_sameness_json(char **out, const hn_network *net, const char *options_json);
/* Staff indicators (§6.3) from the nodes' staff data against the network's staffing standards:
 * {"nodes": [{node, tier, district, recorded, staff, trained, funded_posts, occupied, pay,
 * trained_share, pay_ratio, orgs_per_staff, funded_share, below_floor, below_trained_share}],
 * "districts": [...], "total": {...}, "pay_floor", "min_trained_share", "notes"}; null where
 * undefined. Options: none yet (NULL, "" or {}). */
HN_EXPORT hn_status hn_staffing_json(char **out, const hn_network *net, const char *options_json);
/* Gini / Theil balance of capacity per organization and per resident across districts and
 * streets: {"metrics", "districts", "furthest", "city", "notes"}. Options: counted_tiers, top. */
HN_EXPORT hn_status hn_balance_json(char **out, const hn_network *net, const char *options_json);

/* A placement plan: {"objective", "status", "method", "picks": [...], "value_before",
 * "value_after", "cost", ...}. Options: objective (coverage | served | minmax | p_median), k,
 * budget, candidates [{region | node, tier, capacity, cost, name}], candidate_level, site_tier,
 * site_capacity, site_cost, radius_km, compare_exact, method (greedy | exact), ... ; plus
 * "scenario": true for the before/after of the plan and "split_budget": B (with "price") for a
 * water-filling split of a purchase-of-services budget across districts. A plan never exceeds
 * k or the budget; a negative budget or an unknown candidate region is HN_ERR_INVALID.
 * "demand": true | {referral, matching, seed, requests (count | array), needs (count | array),
 * resources (array), supply_percent, match_options} implies "scenario" and adds
 * "scenario.outcomes": batch referral and resource matching of the same demand on the original
 * and the planned network ({"demand", "referral": {"before", "after", "placed_at_new"},
 * "matching": {"before", "after"}, "districts": [...], "notes"}). With "picks": [...] instead
 * of plan options, those picks are applied without planning: {"scenario": {...}}. */
HN_EXPORT hn_status hn_plan_json(char **out, const hn_network *net, const char *options_json);

/* The before/after of given picks: options {"picks": [{region | node, tier, capacity, name}],
 * "demand": ..., "top": n, "coverage": {...}} → {"added", "expanded", "coverage", "balance",
 * "hooks", "outcomes", "notes"}. The network is never modified. */
HN_EXPORT hn_status hn_scenario_json(char **out, const hn_network *net, const char *options_json);

/* The planned copy of the network as network JSON (the data format): options {"picks": [...]}.
 * New sites get the default services and sectors of their tier (docs/algorithms/coverage.md). */
HN_EXPORT hn_status hn_apply_plan_json(char **out, const hn_network *net, const char *options_json);

#ifdef __cplusplus
}
#endif

#endif
