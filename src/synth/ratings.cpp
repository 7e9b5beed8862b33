// synth_ratings.cpp — seeded indicator data and ratings for a network (see synth/ratings.hpp).
#include "hatchnet/synth/ratings.hpp"

#include "hatchnet/error.hpp"

#include "../detail/rng.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace hatchnet::synth {

using namespace hatchnet::evaluate;

namespace {

// below() was `g() % n`, modulo-biased; now the unbiased draw, which returns the same value
// unless a raw draw falls in the rejected top UINT64_MAX % n + 1 values (n / 2^64 at most):
// the generated data are unchanged.
using hatchnet::detail::Rng;

double clamp01(double v) { return std::min(1.0, std::max(0.0, v)); }

double tier_base(Tier t) {
    switch (t) {
        case Tier::city_center: return 0.86;
        case Tier::city_sector: return 0.78;
        case Tier::district: return 0.76;
        case Tier::social: return 0.73;
        case Tier::district_sector: return 0.74;
        case Tier::street: return 0.70;
        case Tier::community: return 0.63;
    }
    return 0.6;
}

double ratings_scale(Tier t) {
    switch (t) {
        case Tier::city_center: return 3.0;
        case Tier::city_sector: return 2.0;
        case Tier::district: return 2.0;
        case Tier::social: return 1.2;
        case Tier::district_sector: return 1.5;
        case Tier::street: return 1.0;
        case Tier::community: return 0.4;
    }
    return 1.0;
}

// a rating scale: whole-number Likert when the goalposts span at most 10
bool likert(const Indicator& ind) {
    return ind.scoring == LeafScoring::goalposts && ind.high - ind.low <= 10 &&
           ind.low == std::floor(ind.low) && ind.high == std::floor(ind.high);
}

double value_for(const Indicator& ind, double max_points, double f) {
    switch (ind.scoring) {
        case LeafScoring::fraction: return std::round(f * 100.0) / 100.0;
        case LeafScoring::points: return std::round(f * max_points * 10.0) / 10.0;
        case LeafScoring::binary: return f > 0.1 ? 1.0 : 0.0;
        case LeafScoring::goalposts: {
            const double v = ind.low + f * (ind.high - ind.low);
            return ind.high - ind.low >= 10 ? std::round(v) : std::round(v * 100.0) / 100.0;
        }
        case LeafScoring::minmax:
        case LeafScoring::rank: return std::round(f * 1000.0) / 10.0;
    }
    return f;
}

}  // namespace

EvaluationData generate_evaluation_data(const Network& net, const Scheme& s, const RatingsOptions& opt) {
    if (!(opt.ratings_per_unit >= 0) || opt.ratings_per_unit > 10000)
        throw input_error("ratings options", "ratings_per_unit", "must be in [0, 10000]");
    if (!(opt.missing_share >= 0 && opt.missing_share < 1))
        throw input_error("ratings options", "missing_share", "must be in [0, 1)");
    std::array<bool, tier_count> want{};
    if (opt.tiers.empty()) want.fill(true);
    for (Tier t : opt.tiers) want[std::size_t(t)] = true;
    std::vector<std::size_t> units;
    for (std::size_t i = 0; i < net.nodes.size(); ++i)
        if (want[std::size_t(net.nodes[i].tier)]) units.push_back(i);
    // leaves: which become ratings, which indicator columns
    struct Leaf { int node; bool rated; Source src; };
    std::vector<Leaf> leaves;
    EvaluationData out;
    for (int i = 0; i < int(s.indicators.size()); ++i) {
        if (!s.is_leaf(i)) continue;
        const Indicator& ind = s.indicators[std::size_t(i)];
        const bool rated = ind.source == Source::recipients ||
                           (ind.source == Source::third_party && opt.third_party_ratings &&
                            (likert(ind) || (ind.scoring == LeafScoring::goalposts && ind.low == 0 && ind.high == 100)));
        leaves.push_back({i, rated, ind.source});
        if (!rated) out.indicators.columns.push_back(ind.column);
    }
    Rng rng(opt.seed);
    const std::size_t U = units.size();
    // latent quality per unit
    std::vector<double> q(U);
    for (std::size_t k = 0; k < U; ++k) {
        const Node& n = net.nodes[units[k]];
        double v = tier_base(n.tier) + 0.12 * rng.normal();
        if (n.score) v = 0.5 * v + 0.5 * (*n.score / 100.0);
        q[k] = std::min(0.98, std::max(0.05, v));
    }
    // indicator table
    out.indicators.values = Matrix::Constant(Index(U), Index(out.indicators.columns.size()), NAN);
    for (std::size_t k = 0; k < U; ++k) {
        const Node& n = net.nodes[units[k]];
        out.indicators.ids.push_back(n.id);
        Index c = 0;
        for (const Leaf& l : leaves) {
            if (l.rated) continue;
            const Indicator& ind = s.indicators[std::size_t(l.node)];
            double f = clamp01(q[k] + 0.15 * rng.normal());
            if (ind.polarity == -1) f = 1.0 - f;
            double v = value_for(ind, s.max_points[std::size_t(l.node)], f);
            if (ind.column == "capacity_use" && n.capacity > 0)
                v = std::round(std::min(1.0, double(n.occupied) / double(n.capacity)) * 100.0) / 100.0;
            if (ind.scoring == LeafScoring::binary) v = rng.uniform01() < 0.03 ? 0.0 : 1.0;
            if (opt.missing_share > 0 && rng.uniform01() < opt.missing_share) v = NAN;
            out.indicators.values(Index(k), c++) = v;
        }
    }
    // ratings
    auto& r = out.ratings;
    const double mean_n = opt.ratings_per_unit;
    const std::uint64_t pool = std::max<std::uint64_t>(1, std::uint64_t(double(U) * mean_n / 3.0));
    std::vector<double> severity(std::size_t(std::min<std::uint64_t>(pool, 50'000'000)));
    for (auto& v : severity) v = 0.08 * rng.normal();
    const std::uint64_t assessors = 40;
    std::vector<double> aseverity(assessors);
    for (auto& v : aseverity) v = 0.05 * rng.normal();
    for (const Leaf& l : leaves) {
        if (!l.rated) continue;
        const Indicator& ind = s.indicators[std::size_t(l.node)];
        std::array<bool, tier_count> tier_rated{};
        for (std::size_t k = 0; k < U; ++k) {
            const Node& n = net.nodes[units[k]];
            const bool third = l.src == Source::third_party;
            std::uint64_t cnt;
            if (third) cnt = 1 + rng.below(3);
            else {
                const double m = mean_n * ratings_scale(n.tier);
                cnt = std::uint64_t(std::floor(rng.uniform01() * 2.0 * m + 0.5));
            }
            // every tier gets ratings (shrinkage toward the tier mean needs them)
            if (!tier_rated[std::size_t(n.tier)] && mean_n > 0) cnt = std::max<std::uint64_t>(cnt, 1);
            if (cnt) tier_rated[std::size_t(n.tier)] = true;
            for (std::uint64_t t = 0; t < cnt; ++t) {
                std::uint64_t who;
                double sev;
                if (third) { who = rng.below(assessors); sev = aseverity[who]; }
                else { who = rng.below(severity.size()); sev = severity[who]; }
                double f = clamp01(q[k] + sev + (third ? 0.06 : 0.15) * rng.normal());
                if (ind.polarity == -1) f = 1.0 - f;
                double v;
                if (likert(ind)) v = std::round(ind.low + f * (ind.high - ind.low));
                else if (ind.scoring == LeafScoring::fraction) v = std::round(f * 20.0) / 20.0;
                else v = value_for(ind, s.max_points[std::size_t(l.node)], f);
                r.unit.push_back(n.id);
                r.rater.push_back((third ? "assessor-" : "recipient-") + std::to_string(who));
                r.column.push_back(ind.column);
                r.source.push_back(third ? Source::third_party : Source::recipients);
                r.value.push_back(v);
            }
        }
    }
    return out;
}

}  // namespace hatchnet::synth
