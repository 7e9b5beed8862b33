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
    HN_SOLVE_ITERATION_LIMIT = 3,
    HN_SOLVE_TIME_LIMIT = 4,    /* the time limit was reached (hn_mcf_set_limits) */
    HN_SOLVE_INTERRUPTED = 5    /* the progress callback asked to stop */
} hn_solve_status;

typedef enum hn_flow_mode {
    HN_FLOW_EXACT = 0,              /* supplies must balance; every supply and demand met exactly */
    HN_FLOW_MAX_FLOW_MIN_COST = 1   /* route as much as possible at least cost; report the rest */
} hn_flow_mode;

/* The solver of an hn_mcf run (hn_mcf_set_algorithm). AUTOMATIC (the default) takes the
 * network simplex unless the cost-scaling solver is expected to be faster and nothing it
 * lacks is asked for (warm start, a pivot limit); COST_SCALING (integer costs; no basis is
 * kept, its limit counts relabels, a stopped run reports no flow) and NETWORK_SIMPLEX force
 * one. See docs/algorithms/min_cost_flow.md. */
typedef enum hn_mcf_algorithm {
    HN_MCF_AUTOMATIC = 0,
    HN_MCF_NETWORK_SIMPLEX = 1,
    HN_MCF_COST_SCALING = 2
} hn_mcf_algorithm;

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

/* As hn_min_cost_flow with double costs, scaled to integers exactly when possible (the
 * smallest power of 10 or of 2 making every cost an integer: decimals with up to d digits,
 * dyadic fractions), else rounded at the largest safe power of 10.
 *   *cost_out      the optimal total cost in the caller's units (scaled cost / *scale_out)
 *   *scale_out     the scale used (integer cost = round(cost * scale)); may be NULL
 *   *exact_out     1 when every cost was scaled exactly, 0 when rounded; may be NULL
 *   *max_error_out the largest |cost - integer / scale| (0 when exact); may be NULL
 * NaN or infinite costs, and costs too large for 64-bit arithmetic at scale 1, return
 * HN_ERR_INVALID naming the arc. */
HN_EXPORT hn_status hn_min_cost_flow_f64(int64_t **flow_out, double *cost_out, hn_solve_status *status_out,
                                         int64_t **unrouted_out, double *scale_out, int *exact_out,
                                         double *max_error_out, size_t n_nodes, const int64_t *supplies,
                                         size_t n_arcs, const int64_t *tails, const int64_t *heads,
                                         const int64_t *capacities, const double *costs, hn_flow_mode mode);

/* A min-cost flow solver kept between runs, for re-solving after changes (warm start), time
 * limits and progress reporting. Nodes are 0..n-1, arcs are numbered in the order added.
 *   hn_mcf_create(&f, n_nodes); hn_mcf_add_arcs(NULL, f, ...); hn_mcf_set_supplies(f, ...);
 *   hn_mcf_set_warm_start(f, 1); hn_mcf_run(&st, f, HN_FLOW_EXACT);
 *   hn_mcf_set_cost(f, 3, 12); hn_mcf_run(&st, f, HN_FLOW_EXACT);   -- starts from the last basis
 *   hn_mcf_free(f);
 * Changing data between runs is allowed; the results describe the last run. */
typedef struct hn_mcf hn_mcf;

HN_EXPORT hn_status hn_mcf_create(hn_mcf **out, size_t n_nodes);
HN_EXPORT void hn_mcf_free(hn_mcf *f);
/* Adds n more nodes (supply 0); *first_out (may be NULL) receives the id of the first. */
HN_EXPORT hn_status hn_mcf_add_nodes(int64_t *first_out, hn_mcf *f, size_t n);
/* Adds arcs tails[i] -> heads[i] with flow in [lower[i], capacities[i]] (lower may be NULL:
 * zeros) at costs[i]; validates all before adding any; *first_out (may be NULL) receives
 * the id of the first. */
HN_EXPORT hn_status hn_mcf_add_arcs(int64_t *first_out, hn_mcf *f, size_t n_arcs, const int64_t *tails,
                                    const int64_t *heads, const int64_t *lower, const int64_t *capacities,
                                    const int64_t *costs);
/* Supplies of nodes 0..n-1 (n <= node count). */
HN_EXPORT hn_status hn_mcf_set_supplies(hn_mcf *f, size_t n, const int64_t *supplies);
HN_EXPORT hn_status hn_mcf_set_supply(hn_mcf *f, int64_t node, int64_t supply);
HN_EXPORT hn_status hn_mcf_set_cost(hn_mcf *f, int64_t arc, int64_t cost);
HN_EXPORT hn_status hn_mcf_set_bounds(hn_mcf *f, int64_t arc, int64_t lower, int64_t capacity);
/* All arc costs from doubles (n == arc count), scaled as in hn_min_cost_flow_f64; the three
 * out parameters may be NULL. hn_mcf_total_cost_f64 then gives the cost in these units. */
HN_EXPORT hn_status hn_mcf_set_costs_f64(double *scale_out, int *exact_out, double *max_error_out, hn_mcf *f,
                                         size_t n, const double *costs);
/* Warm start (0 off, the default; 1 on): each run keeps its final basis and the next run in
 * the same mode starts from it. Results have the same optimal cost as a cold start. */
HN_EXPORT hn_status hn_mcf_set_warm_start(hn_mcf *f, int on);
/* Limits of each run: pivots (0: none) and wall-clock seconds (0: none). A run stopped by
 * them reports HN_SOLVE_ITERATION_LIMIT / HN_SOLVE_TIME_LIMIT; flows then lie within their
 * bounds but supplies may be unmet, and a warm re-run continues from there. */
HN_EXPORT hn_status hn_mcf_set_limits(hn_mcf *f, int64_t max_pivots, double seconds);
/* A callback called every `every` pivots (>= 1) with the pivots so far, the seconds since
 * the run started, the objective of the current basis and the flow not yet feasible; a
 * return value of 0 stops the run (HN_SOLVE_INTERRUPTED). callback NULL removes it. */
typedef int (*hn_mcf_progress_fn)(void *user, int64_t pivots, double seconds, double objective,
                                  int64_t infeasibility);
HN_EXPORT hn_status hn_mcf_set_progress(hn_mcf *f, hn_mcf_progress_fn callback, void *user, int64_t every);
/* The solver of the next runs (HN_ERR_INVALID for a value outside hn_mcf_algorithm). A run
 * with COST_SCALING forced refuses (HN_ERR_INVALID) costs too large for its 64-bit guard. */
HN_EXPORT hn_status hn_mcf_set_algorithm(hn_mcf *f, hn_mcf_algorithm algorithm);
/* The solver the last run used (NETWORK_SIMPLEX or COST_SCALING; AUTOMATIC before any run). */
HN_EXPORT hn_status hn_mcf_last_algorithm(hn_mcf_algorithm *algorithm_out, const hn_mcf *f);
/* Solves. *status_out receives the outcome. */
HN_EXPORT hn_status hn_mcf_run(hn_solve_status *status_out, hn_mcf *f, hn_flow_mode mode);
/* Results of the last run: the integer total cost, the pivots, whether it started warm. */
HN_EXPORT hn_status hn_mcf_result(int64_t *cost_out, int64_t *pivots_out, int *warm_started_out, const hn_mcf *f);
/* The total cost divided by the scale of the last hn_mcf_set_costs_f64 (1 otherwise). */
HN_EXPORT hn_status hn_mcf_total_cost_f64(double *cost_out, const hn_mcf *f);
/* Copies of the arc flows (arc count values) and of the unrouted supplies (node count
 * values) of the last run; caller frees with hn_free (NULL when empty). */
HN_EXPORT hn_status hn_mcf_flows(int64_t **flow_out, const hn_mcf *f);
HN_EXPORT hn_status hn_mcf_unrouted(int64_t **unrouted_out, const hn_mcf *f);

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

/* A kept matcher for re-matching: after a run, change a need's quantity or a resource's
 * capacity (0 withdraws it) by id and run again; without fairness the re-run starts from the
 * previous optimal basis ("warm_start": true in the result's stats), with the same optimum as
 * a new matcher on the changed data. It keeps its network alive (the network handle may be
 * freed first). Not for concurrent use. Free with hn_matcher_free (NULL is fine). */
typedef struct hn_matcher hn_matcher;
HN_EXPORT hn_status hn_matcher_create(hn_matcher **out, const hn_network *net, const char *needs_json,
                                      const char *resources_json, const char *options_json);
HN_EXPORT void hn_matcher_free(hn_matcher *matcher);
/* Solves (or re-solves) and writes the result JSON of hn_match_json; *status_out (may be NULL)
 * receives HN_SOLVE_OPTIMAL, or HN_SOLVE_TIME_LIMIT with the option "time_limit". */
HN_EXPORT hn_status hn_matcher_run(char **result_json, hn_solve_status *status_out, hn_matcher *matcher);
/* HN_ERR_NOT_FOUND for an unknown id; HN_ERR_INVALID for a negative value. */
HN_EXPORT hn_status hn_matcher_set_need_quantity(hn_matcher *matcher, const char *need_id, int64_t quantity);
HN_EXPORT hn_status hn_matcher_set_resource_capacity(hn_matcher *matcher, const char *resource_id,
                                                     int64_t capacity);

/* Realistic demo needs and resources on a network (seeded; n_needs 0: one per organization)
 * as JSON texts for hn_match_json; both freed with hn_free. */
HN_EXPORT hn_status hn_match_demo_data(char **needs_json, char **resources_json, const hn_network *net,
                                       uint64_t seed, size_t n_needs);

#ifdef __cplusplus
}
#endif

#endif
