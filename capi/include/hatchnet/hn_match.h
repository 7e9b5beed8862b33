/* hatchnet/hn_match.h — the match part of the C ABI. Include <hatchnet/hatchnet.h>, not this file.
 *
 * Generic exact solvers on plain arrays (min-cost flow, linear assignment, stable matching)
 * and the needs/resources matcher of the resource-allocation platform (JSON in, JSON out).
 * A solver outcome (infeasible, unbounded) is reported through an hn_solve_status out
 * parameter with HN_OK returned; bad input (negative capacities, unknown nodes, unbalanced
 * supplies in exact mode, sums that would overflow 64 bits, NaN) returns HN_ERR_INVALID and
 * hn_last_error() names the record ("arc 12", "row 3", "need n7") and the field.
 * Arrays handed out through `T **` parameters are released with hn_free().
 */
#ifndef HATCHNET_HN_MATCH_H
#define HATCHNET_HN_MATCH_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The outcome of a solver run (not an error). */
typedef enum hn_solve_status {
    HN_SOLVE_OPTIMAL = 0,
    HN_SOLVE_INFEASIBLE = 1,    /* no flow / complete assignment satisfies the constraints */
    HN_SOLVE_UNBOUNDED = 2,     /* a negative-cost cycle of infinite capacity */
    HN_SOLVE_ITERATION_LIMIT = 3
} hn_solve_status;

typedef enum hn_flow_mode {
    HN_FLOW_EXACT = 0,              /* supplies must balance; every supply and demand met exactly */
    HN_FLOW_MAX_FLOW_MIN_COST = 1   /* route as much as possible at least cost; report the rest */
} hn_flow_mode;

/* A capacity meaning "no upper bound". */
#define HN_INFINITE_CAPACITY INT64_MAX

/* A short name for a solve status ("optimal", "infeasible", ...). */
HN_EXPORT const char *hn_solve_status_name(hn_solve_status status);

/* Minimum-cost flow (exact network simplex) on n_nodes nodes (0..n_nodes-1) and n_arcs arcs
 * tails[a] -> heads[a] with flow in [0, capacities[a]] (HN_INFINITE_CAPACITY: unbounded) at
 * costs[a] per unit; supplies[v] > 0 supply, < 0 demand (NULL: all zero).
 *   *flow_out      n_arcs flows (caller frees with hn_free; NULL when n_arcs == 0 or the
 *                  status is not optimal)
 *   *cost_out      the optimal total cost (0 unless optimal)
 *   *status_out    the outcome
 *   unrouted_out   optional (may be NULL): n_nodes values, in HN_FLOW_MAX_FLOW_MIN_COST the
 *                  part of each node's supply (> 0) or demand (< 0) not routed; zeros in
 *                  exact mode. Caller frees.
 * Exact mode refuses unbalanced supplies with HN_ERR_INVALID (use the max-flow mode for a
 * partial answer). */
HN_EXPORT hn_status hn_min_cost_flow(int64_t **flow_out, int64_t *cost_out, hn_solve_status *status_out,
                                     int64_t **unrouted_out, size_t n_nodes, const int64_t *supplies,
                                     size_t n_arcs, const int64_t *tails, const int64_t *heads,
                                     const int64_t *capacities, const int64_t *costs, hn_flow_mode mode);

/* Dense linear assignment (Jonker-Volgenant): costs is a row-major rows x cols matrix;
 * +infinity (minimising) / -infinity (maximising) marks a forbidden pair, NaN is refused.
 * Matches min(rows, cols) pairs.
 *   *row_to_col_out  rows entries: the column of each row, -1 when unmatched (caller frees)
 *   *cost_out        total cost of the matched pairs */
HN_EXPORT hn_status hn_linear_assignment(int64_t **row_to_col_out, double *cost_out,
                                         hn_solve_status *status_out, size_t rows, size_t cols,
                                         const double *costs, int maximize);

/* Sparse linear assignment on an edge list (rows[k], cols[k], costs[k]); absent pairs are
 * forbidden; never builds a dense matrix. Outputs as hn_linear_assignment. */
HN_EXPORT hn_status hn_linear_assignment_sparse(int64_t **row_to_col_out, double *cost_out,
                                                hn_solve_status *status_out, size_t rows, size_t cols,
                                                size_t n_edges, const int64_t *edge_rows,
                                                const int64_t *edge_cols, const double *costs,
                                                int maximize);

/* Stable matching with capacities (hospitals/residents, deferred acceptance). Preference
 * lists are flattened: resident r ranks resident_prefs[resident_offsets[r] ..
 * resident_offsets[r+1]-1] (hospital indexes, best first); likewise hospitals rank residents.
 * Offsets have n + 1 entries starting at 0. hospitals_propose = 0 gives the
 * resident-optimal stable matching, 1 the hospital-optimal one.
 *   *match_out  n_residents entries: the hospital of each resident, -1 when unmatched */
HN_EXPORT hn_status hn_stable_match(int64_t **match_out, size_t n_residents,
                                    const int64_t *resident_prefs, const size_t *resident_offsets,
                                    size_t n_hospitals, const int64_t *hospital_prefs,
                                    const size_t *hospital_offsets, const int64_t *capacities,
                                    int hospitals_propose);

/* The needs/resources matcher on a network (formats in docs/algorithms/matching.md).
 * needs_json: an array of needs (or {"needs": [...]}); resources_json likewise; options_json
 * may be NULL or "" for the defaults (e.g. {"fair": "district"}). *result_json receives
 * {"status", "summary", "assignments", "unserved", "groups", "stats"}; free with hn_free. */
HN_EXPORT hn_status hn_match_json(char **result_json, const hn_network *net, const char *needs_json,
                                  const char *resources_json, const char *options_json);

/* Realistic demo needs and resources on a network (seeded; n_needs 0: one per organization)
 * as JSON texts for hn_match_json; both freed with hn_free. */
HN_EXPORT hn_status hn_match_demo_data(char **needs_json, char **resources_json, const hn_network *net,
                                       uint64_t seed, size_t n_needs);

#ifdef __cplusplus
}
#endif

#endif
