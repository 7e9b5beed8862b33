// hatchnet/synth/ratings.hpp — seeded generator of plausible evaluation data for a network.
//
// Problem: the demo, the tests and the benchmarks need indicator data and ratings for every
// incubator of a network, shaped by an evaluation scheme, without real data.
// Method: each incubator gets a latent quality q in (0, 1): a tier base (city center 0.86,
// city sector 0.78, district 0.76, social 0.73, street 0.70, community 0.63) plus noise
// (sd ~0.12), blended half-and-half with its existing Node::score / 100 when it has one.
// For every leaf of the scheme, the target fraction f = clamp(q + leaf noise) (mirrored for
// cost polarity) is turned into a value on the leaf's scale (fraction; points; goalposts
// low + f·(high − low), whole numbers for count-like ranges; binary, mostly 1; 0–100 for
// data-driven scoring). Leaves whose source is `recipients` become ratings by service
// recipients (a rater pool of about one rater per three ratings, each rater with a severity;
// counts per incubator vary by tier and can be 0, so shrinkage matters); leaves whose source
// is `third_party` and that are scored on a rating scale become 1–3 ratings by third-party
// assessors when `third_party_ratings` is set, otherwise indicator values. Capacity use and
// coverage columns named `capacity_use` are computed from the network (occupied / capacity).
// Rating scales: goalposts 1–5 (or any range up to 10) → whole-number Likert ratings;
// wider ranges → continuous; fractions → multiples of 0.05.
// Determinism: std::mt19937_64 with our own integer-to-uniform conversion and Irwin–Hall
// sums for noise (no standard distributions, no transcendental functions): the same network,
// scheme and options give identical data on every platform.
// Complexity: O(units · leaves + ratings).
#pragma once

#include <cstdint>

#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/network.hpp"

namespace hatchnet::synth {

struct RatingsOptions {
    std::uint64_t seed = 2024;
    double ratings_per_unit = 8;        ///< mean recipient ratings per incubator (per column)
    bool third_party_ratings = true;    ///< third-party leaves on a rating scale as ratings
    double missing_share = 0.0;         ///< share of indicator cells left missing (NaN)
    std::vector<Tier> tiers;            ///< empty = all tiers
};

struct EvaluationData {
    evaluate::IndicatorTable indicators;
    evaluate::RatingTable ratings;
};

EvaluationData generate_evaluation_data(const Network& net, const evaluate::Scheme& scheme,
                                        const RatingsOptions& options = {});

}  // namespace hatchnet::synth
