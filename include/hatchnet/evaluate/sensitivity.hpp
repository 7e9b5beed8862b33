// hatchnet/evaluate/sensitivity.hpp — uncertainty and sensitivity of rankings.
//
// Problem: a composite ranking depends on choices (weights, normalisation, aggregation);
// OECD/JRC practice asks how far each unit's rank could move, which choice drives that,
// and whether removing an alternative reverses others' order.
// Method:
//   * Uncertain inputs: weights w_j·(1 + x·(2u_j − 1)) with u_j ~ U(0,1) and x the
//     perturbation (e.g. 0.2 = ±20%), then divided by their sum (this re-normalisation is
//     part of the model and stated in the notes); normalisation uniformly from a list;
//     aggregation uniformly from a list. Draws use std::mt19937_64(seed), in draw order, so
//     results are identical run to run and across platforms.
//   * Every (normalisation, aggregation) pair is precomputed once so a draw is a handful of
//     matrix–vector products: weighted_sum Z·w; geometric log(Z')·w with Z' = Z rescaled to
//     [1, 100] per column (COINr's convention before geometric aggregation; ranks of exp are
//     ranks of log); TOPSIS via (Z − max)²·w² and (Z − min)²·w²; VIKOR S = D·w and
//     R = max_j w_j D_ij on the normalised matrix; PROMETHEE II (usual criterion) as F·w with
//     F the single-criterion net flows. Scores are ranked with pymcdm's average-tie rule.
//   * Draws are independent: draw d uses its own std::mt19937_64 seeded with
//     draw_seed(seed, d) (SplitMix64), and uniforms are made from 53 bits of its output by our
//     own code (uniform01), so the result does not depend on the platform, on the number of
//     threads or on how draws are batched. Draws are computed in batches (one packed
//     matrix × weight-batch product per (normalisation, aggregation) pair in the batch;
//     monte_carlo_ranks makes a batch hold about `batch` draws per pair) on `threads`
//     std::threads. The products sum in one fixed order with fused multiply-adds, with
//     AVX-512, AVX2/FMA or portable kernels chosen at run time that give bit-identical
//     scores, so the instruction set does not change a result. Each draw's scores are ranked
//     by a two-pass LSD radix sort of 22-bit keys (max − score)·scale, runs of equal keys then
//     sorted by the exact double scores (so exact ties, and only they, get the average rank);
//     ranks kept unit-major as 16-bit integers when n < 32768; percentiles come from per-unit
//     counting over the rank range.
//   * monte_carlo_ranks: per unit median, 5th and 95th percentile (numpy's linear rule) and
//     mean of the rank, plus the nominal rank (given weights, first normalisation, first
//     aggregation).
//   * sobol_indices: Saltelli (2010) sampling with base matrices A, B (N rows) and A_B^(i);
//     first order S_i = mean(f_B (f_{A_B^i} − f_A))/V (Saltelli 2010), total
//     ST_i = mean((f_A − f_{A_B^i})²)/(2V) (Jansen 1999); the weights are one group factor.
//     Output f = rank of each unit; indices per unit and variance-weighted means over units.
//     Units whose rank never varies (V = 0) get 0 and are counted in the notes.
//   * rank_reversal: remove each alternative in turn, recompute everything (normalisation
//     included) and count pairs of the remaining alternatives whose order flips.
// Complexity: precompute O(K·A·n·m (+ n log n for PROMETHEE)); each draw O(n·m + n log n);
// Sobol N·(k + 2) evaluations; rank reversal O(n·(cost of one run) + n³) pair checks.
// References: Saltelli et al. (2010) CPC 181:259; Jansen (1999) CPC 117:35; OECD/JRC (2008)
// Handbook §6–7; COINr get_sensitivity(); Mareschal et al. (2008) on rank reversal.
#pragma once

#include "hatchnet/evaluate/aggregate.hpp"
#include "hatchnet/progress.hpp"

#include <cstdint>
#include <functional>
#include <random>
#include <string>

namespace hatchnet::evaluate {

/// Seed of draw `draw` of a Monte-Carlo run seeded with `seed` (SplitMix64 mix of both).
std::uint64_t draw_seed(std::uint64_t seed, std::int64_t draw);
/// Uniform in [0, 1) from the top 53 bits of g() — identical on every platform.
inline double uniform01(std::mt19937_64& g) { return double(g() >> 11) * 0x1.0p-53; }
/// Number of worker threads for `threads` (0 = hardware concurrency, at least 1).
int resolve_threads(int threads);

/// Stored ranks a Monte-Carlo run may keep, per element of max_elements: draws × units ≤
/// rank_store_factor × max_elements (16 × 10^7 = 1.6·10^8 by default — 10,000 draws on 10,000
/// units fit; the store takes 2 bytes a rank below 32,767 units, else 4).
inline constexpr std::uint64_t rank_store_factor = 16;

/// Refuse a Monte-Carlo run before anything is allocated: draws < 1 is an input_error; draws
/// above max_elements, or draws × units above rank_store_factor × max_elements, a limit_error
/// naming `record` and field "draws" (hatchnet/limits.hpp). monte_carlo_ranks, rank_intervals
/// and the network evaluation call it.
void check_draws(std::int64_t draws, std::int64_t units, const std::string& record = "uncertainty");

struct UncertaintySpec {
    Vector weights;                       ///< nominal weights (sum 1, checked)
    Types types;
    double weight_perturbation = 0.2;     ///< ±20 %
    std::vector<Normalisation> normalisations = {Normalisation::minmax};
    std::vector<Aggregation> aggregations = {Aggregation::weighted_sum};
    double vikor_v = 0.5;
    std::int64_t draws = 1000;
    std::uint64_t seed = 42;
    bool keep_ranks = false;              ///< keep the draws × units rank matrix
    int threads = 0;                      ///< 0 = hardware concurrency; results do not depend on it
    Index batch = 32;                     ///< draws per method pair per batch (one GEMM per pair;
                                          ///< a batch holds up to batch × pairs draws, capped
                                          ///< at ~24 MB of scores); results do not depend on it
    /// Stage "draws" (draws done / total), from the calling thread; returning false stops
    /// the run with hatchnet::interrupted (hatchnet/progress.hpp).
    ProgressFn progress;
};

struct UncertaintyResult {
    Vector nominal_rank, median_rank, p05, p95, mean_rank;
    Matrix ranks;                         ///< draws × units when keep_ranks
    Notes notes;
};

UncertaintyResult monte_carlo_ranks(const Matrix& x, const UncertaintySpec& spec);

/// A model for rank_intervals(): fill `scores` (n × count; column c = draw first + c, higher is
/// better) for draws first .. first + count - 1. Called concurrently from several threads on
/// disjoint batches: it must only read shared state. Use draw_seed(seed, d) per draw.
using DrawModel = std::function<void(std::int64_t first, Index count, Matrix& scores)>;

struct DrawOptions {
    std::int64_t draws = 1000;
    int threads = 0;
    Index batch = 32;
    bool keep_ranks = false;
    ProgressFn progress;   ///< stage "draws", as in UncertaintySpec::progress
};

/// The generic Monte-Carlo rank driver behind monte_carlo_ranks (and the network evaluation's
/// interval over scheme weights): ranks every draw's scores (average ties, 1 = highest) and
/// summarises each unit's ranks (nominal from `nominal_scores`, percentiles, mean).
UncertaintyResult rank_intervals(const Vector& nominal_scores, const DrawModel& model,
                                 const DrawOptions& opt);

struct SobolResult {
    std::vector<std::string> factors;     ///< "weights", "normalisation", "aggregation"
    Matrix first_order, total;            ///< units × factors
    Vector mean_first_order, mean_total;  ///< variance-weighted over units
    std::int64_t evaluations = 0;
    Notes notes;
};

/// Throws limit_error ("sobol", "base_samples") when base_samples × (criteria + 2) — the
/// entries of Saltelli's base matrix A — exceeds max_elements, before any evaluation.
SobolResult sobol_indices(const Matrix& x, const UncertaintySpec& spec, std::int64_t base_samples);

struct RankReversalResult {
    Vector base_rank;
    Eigen::VectorXi reversed_pairs;       ///< per removed alternative
    Index total_reversals = 0;
    Notes notes;
};

RankReversalResult rank_reversal(const Matrix& x, const Vector& w, const Types& types,
                                 Aggregation aggregation,
                                 Normalisation normalisation = Normalisation::minmax,
                                 double vikor_v = 0.5);

}  // namespace hatchnet::evaluate
