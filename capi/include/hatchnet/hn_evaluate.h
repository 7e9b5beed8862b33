/* hatchnet/hn_evaluate.h — the evaluate part of the C ABI. Include <hatchnet/hatchnet.h>, not this file.
 *
 * Two levels:
 *  - array functions for the methods, on caller-owned row-major matrices (rows = units,
 *    cols = criteria), weights summing to 1 (never rescaled) and types +1 (benefit) / -1
 *    (cost); results are written into caller-provided arrays of the documented length;
 *  - network evaluation with the scheme, the data and the options in JSON and the result as
 *    JSON text (release it with hn_free()).
 * Bad input returns HN_ERR_INVALID and hn_last_error() names the field (row, column, rating,
 * incubator id). See docs/evaluation.md. */
#ifndef HATCHNET_HN_EVALUATE_H
#define HATCHNET_HN_EVALUATE_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- array functions */

/* TOPSIS closeness (higher is better), min-max normalisation (pymcdm). scores_out[rows]. */
HN_EXPORT hn_status hn_topsis(double *scores_out, const double *matrix, size_t rows, size_t cols,
                              const double *weights, const int *types);
/* VIKOR Q (lower is better), v in [0, 1] (0.5 usual). q_out[rows]; s_out, r_out may be NULL. */
HN_EXPORT hn_status hn_vikor(double *q_out, double *s_out, double *r_out, const double *matrix,
                             size_t rows, size_t cols, const double *weights, const int *types, double v);
/* PROMETHEE II net flows phi (higher is better). preference: "usual", "ushape", "vshape",
 * "level", "vshape_2", "gaussian" (NULL = usual), the same for every criterion; p, q, s: per
 * criterion thresholds (cols entries each) or NULL for 0 (s: 1). phi_out[rows]. */
HN_EXPORT hn_status hn_promethee2(double *phi_out, const double *matrix, size_t rows, size_t cols,
                                  const double *weights, const int *types, const char *preference,
                                  const double *p, const double *q, const double *s);
/* Weighted sum of an already normalised matrix (NaN cells left out, weights re-normalised per row). */
HN_EXPORT hn_status hn_weighted_sum(double *scores_out, const double *matrix, size_t rows, size_t cols,
                                    const double *weights);
/* AHP weights from an n x n positive reciprocal pairwise matrix (principal eigenvector);
 * weights_out[n]; *cr_out the consistency ratio (Saaty's RI). Refuses (HN_ERR_INVALID, field
 * "consistency_ratio") when CR > cr_threshold; pass HUGE_VAL to never refuse. */
HN_EXPORT hn_status hn_ahp_weights(double *weights_out, double *cr_out, const double *pairwise, size_t n,
                                   double cr_threshold);
/* Objective weights: weights_out[cols]. hn_critic_weights: types may be NULL (pymcdm) or
 * give cost columns (scikit-criteria). */
HN_EXPORT hn_status hn_entropy_weights(double *weights_out, const double *matrix, size_t rows, size_t cols);
HN_EXPORT hn_status hn_critic_weights(double *weights_out, const double *matrix, size_t rows, size_t cols,
                                      const int *types);
/* Normalise each column: method "minmax", "zscore", "rank", "vector", "sum" (goalposts need
 * bounds: use the JSON scheme). out[rows * cols], row-major; types may be NULL (all benefit). */
HN_EXPORT hn_status hn_normalise(double *out, const double *matrix, size_t rows, size_t cols,
                                 const int *types, const char *method);
/* Ranks (1 = best, average ties) of n scores; higher_is_better != 0 ranks the largest first. */
HN_EXPORT hn_status hn_rank(double *ranks_out, const double *scores, size_t n, int higher_is_better);
/* Krippendorff's alpha of a raters x units row-major matrix (NaN = missing); level
 * "nominal", "ordinal", "interval", "ratio". */
HN_EXPORT hn_status hn_krippendorff_alpha(double *alpha_out, const double *data, size_t raters, size_t units,
                                          const char *level);
/* Pool n ratings (unit index < n_units, rater index >= 0, value) per unit. method "mean",
 * "median", "trimmed_mean", "shrinkage" (groups[n_units] required: shrink toward the group
 * mean with prior strength k). pooled_out[n_units]; count_out[n_units] may be NULL. */
HN_EXPORT hn_status hn_pool_ratings(double *pooled_out, int *count_out, size_t n_units, const int64_t *unit,
                                    const int64_t *rater, const double *value, size_t n, const char *method,
                                    double prior_strength, const int *groups);
/* Monte-Carlo rank intervals under ±perturbation of the weights (min-max + weighted sum):
 * p05_out, median_out, p95_out [rows] (any may be NULL). Deterministic for a seed; threads 0
 * = hardware concurrency. */
HN_EXPORT hn_status hn_rank_intervals(double *p05_out, double *median_out, double *p95_out,
                                      const double *matrix, size_t rows, size_t cols, const double *weights,
                                      const int *types, double perturbation, int64_t draws, uint64_t seed,
                                      int threads);

/* ---------------------------------------------------------------- network evaluation */

/* Evaluate the network's incubators. scheme_json: a scheme (docs/evaluation.md), or the name
 * of a shipped one ("mca_1000", "incubator"). data_json: {"indicators": [{"id": ..., "<column>":
 * number|null, ...}], "ratings": [{"unit", "rater", "column", "source", "value"}]} or NULL / ""
 * for data generated from seed `options.data_seed` (default 2024). options_json: NULL or an
 * object (tiers, pooling, prior_strength, shrink_toward, missing, draws, weight_perturbation,
 * seed, threads, commend {by, top_k, min_score, min_grade, ties}). *json_out: the result
 * ({"scheme", "units": [...], "by_tier", "by_district", "commended", "alpha", "notes"}). */
HN_EXPORT hn_status hn_evaluate_network(char **json_out, const hn_network *net, const char *scheme_json,
                                        const char *data_json, const char *options_json);
/* The disclosure report of one incubator, as JSON (as_html == 0) or a standalone HTML page. */
HN_EXPORT hn_status hn_evaluate_disclosure(char **text_out, const hn_network *net, const char *scheme_json,
                                           const char *data_json, const char *options_json,
                                           const char *incubator_id, int as_html);
/* A new network, a copy of `net` with every evaluated node's score (0-100) set from the
 * evaluation: what the referral engine's evaluation factor reads. Free with hn_network_free(). */
HN_EXPORT hn_status hn_evaluate_network_scores(hn_network **out, const hn_network *net, const char *scheme_json,
                                               const char *data_json, const char *options_json);
/* Generated evaluation data for a network and scheme, as the data_json above. */
HN_EXPORT hn_status hn_evaluate_generate_data(char **json_out, const hn_network *net, const char *scheme_json,
                                              uint64_t seed);

#ifdef __cplusplus
}
#endif

#endif
