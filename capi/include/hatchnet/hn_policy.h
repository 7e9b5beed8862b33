/* hatchnet/hn_policy.h — the policy part of the C ABI: the tiers' mandated functions (§4 of
 * the 2017 guidance). Include <hatchnet/hatchnet.h>, not this file.
 *
 * JSON out, released by the caller with hn_free(); on failure *out is NULL and
 * hn_last_error() says why. The missing functions are also validate()'s "missing_function"
 * warnings (hn_network_validate); the tier sameness figure is hn_sameness_json (hn_coverage.h).
 * docs/policy.md has the default table.
 */
#ifndef HATCHNET_HN_POLICY_H
#define HATCHNET_HN_POLICY_H

#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The network's functions and mandates: {"functions": [{"id", "name", "services"}],
 * "mandates": {"city_center": [function ids], ...}}. */
HN_EXPORT hn_status hn_tier_functions_json(char **out, const hn_network *net);
/* Every mandated function a node does not perform: [{"node", "tier", "function", "name"}]. */
HN_EXPORT hn_status hn_missing_functions_json(char **out, const hn_network *net);

#ifdef __cplusplus
}
#endif

#endif
