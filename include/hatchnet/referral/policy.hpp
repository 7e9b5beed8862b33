// hatchnet/referral/policy.hpp — the routing policy of the referral engine, as data.
//
// The 2017 Beijing guidance (§5.3) asks the first-contact institution to refer an
// organization to "the level and incubator best suited" to its specialised need; upper levels
// guide lower ones (§5.4), contracts and consortia open lateral paths (§5.1, §5.4). A Policy
// writes those rules down as data, so an analyst can read, change and version them:
//
//   * routing_tiers   — the tiers that take part in routing (first contact, transit, target).
//                       Community service stations (社区服务站) are stations, not incubators:
//                       by default they take no part.
//   * moves           — which hops a referral may take: "up" (to a guiding node along a
//                       guidance edge), "down" (to a guided node), "contract", "consortium"
//                       (either direction), "referral" (a standing referral edge, in its
//                       direction only), and "to_social" (entering a social incubator at all).
//   * authorised      — who may refer to whom: for each tier, the tiers it may pass a
//                       referral to in one hop.
//   * max_hops        — the longest route; horizon (>= max_hops) — how far the explanation
//                       looks: every routing node within `horizon` relation hops of the first
//                       contact is listed, as a candidate or excluded with reasons.
//   * tier_fit        — rows matched in order on organization type and/or registration; the
//                       first row that matches gives each tier a fit in [0, 1] (0: the tier
//                       does not fit: reason tier_mismatch).
//   * service_tier_fit — needs in a service subtree raise a tier's fit (the maximum is taken):
//                       e.g. international exchange → city center (§4).
//   * citywide_tiers  — tiers whose area is the whole city. Every other node serves the unit
//                       of its tier's level that contains its region (Policy::area_of): a
//                       district or social incubator its district, a street incubator its
//                       street-level unit, a community station its community.
//   * min_credit      — per tier, the least credit score (0–100) an organization needs.
//   * weights         — of the score's seven factors (all >= 0); min_coverage; the sector fit
//                       of a generalist node; the evaluation score assumed for a node without
//                       one; the urgency factors.
//
// Policy::defaults() is the documented default (data/referral_policy.json holds the same
// text; docs/algorithms/referral.md explains every number). policy_from_json() starts from
// the defaults and overrides the fields present, refusing unknown fields, unknown tiers,
// negative or non-finite weights, fits outside [0, 1] with an input_error naming the field.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::referral {

/// One hop kind of a referral route.
enum class Move : std::uint8_t { up, down, contract, consortium, referral };
inline constexpr int move_count = 5;
std::string_view to_string(Move m) noexcept;
std::optional<Move> parse_move(std::string_view s) noexcept;

/// The score's factors, each a value in [0, 1] multiplied by its weight.
enum class Factor : std::uint8_t { coverage, sector, tier, capacity, evaluation, distance, district };
inline constexpr int factor_count = 7;
std::string_view to_string(Factor f) noexcept;

using TierTable = std::array<double, tier_count>;
using TierSet = std::array<bool, tier_count>;

struct TierFitRule {
    std::optional<OrgType> type;                 ///< matches when equal (absent: any)
    std::optional<Registration> registration;    ///< matches when equal (absent: any)
    TierTable fit{};                             ///< fit per tier in [0, 1]; unlisted tiers 0
};

struct ServiceTierFit {
    std::string service;                         ///< a service id; needs within it qualify
    TierTable fit{};                             ///< raises the tier fit to at least this
};

struct Weights {
    std::array<double, factor_count> w{4.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0};
    double& operator[](Factor f) noexcept { return w[std::size_t(f)]; }
    double operator[](Factor f) const noexcept { return w[std::size_t(f)]; }
};

struct Policy {
    TierSet routing_tiers{true, true, true, true, false, true, true};
    int max_hops = 3;
    int horizon = 3;
    std::array<bool, move_count> moves{true, true, true, true, true};
    bool to_social = true;
    std::array<TierSet, tier_count> authorised{};   ///< authorised[from][to]
    std::vector<TierFitRule> tier_fit;
    std::vector<ServiceTierFit> service_tier_fit;
    TierSet citywide_tiers{true, true, false, false, false, false, false};
    TierTable min_credit{};
    Weights weights;
    double min_coverage = 0.5;            ///< least share of the needs a node must cover, in (0, 1]
    double generalist_sector_fit = 0.5;   ///< sector fit of a node with no sectors listed
    double default_evaluation = 60.0;     ///< evaluation score (0–100) of a node without one
    double urgent_capacity_factor = 2.0;  ///< urgent requests: capacity weight multiplier
    double urgent_distance_factor = 2.0;  ///< urgent requests: distance weight multiplier
    double urgent_batch_bonus = 1.0;      ///< batch routing: score bonus of placing an urgent request

    /// The documented default policy (docs/algorithms/referral.md, data/referral_policy.json).
    static Policy defaults();

    /// Checks ranges (weights >= 0 and finite, fits in [0, 1], 1 <= max_hops <= horizon <= 16,
    /// 0 < min_coverage <= 1, ...) and, when `vocabulary` is given, that service ids exist.
    /// Throws input_error naming the field ("policy", "weights.distance").
    void validate(const Vocabulary* vocabulary = nullptr) const;

    /// The fit row for an organization of this type and registration (all 0 when no row matches).
    TierTable fit_for(OrgType type, Registration registration) const noexcept;

    /// The area a node of tier `tier` based in `region` serves: "" (no limit) for a tier in
    /// citywide_tiers; otherwise the code of the unit of the tier's level that contains
    /// `region` — its district (6 digits) for a district or social incubator, its street-level
    /// unit (9 digits) for a street incubator, its community (12 digits) for a station; for
    /// city-level tiers left out of citywide_tiers, and for a region already at or above the
    /// tier's level (or not an NBS code), `region` itself. A social incubator is based at a
    /// street address but complements the district's public services (京民社发〔2017〕61号
    /// §2), funded like them by purchase of services (§6(二)): the district contracts it and
    /// homes district-registered organizations there (docs/algorithms/referral.md, "Areas").
    /// An organization is out_of_area at a node when its region does not lie within this
    /// area (a prefix of the NBS code). A view into `region`.
    std::string_view area_of(Tier tier, std::string_view region) const noexcept;
};

/// Parse a policy from JSON text: absent fields keep their default value; unknown fields,
/// unknown tier / move / type names, wrong types and out-of-range values throw input_error
/// naming the field. The result is validated (without a vocabulary).
Policy policy_from_json(std::string_view text);
/// The canonical JSON text of a policy (fixed key order, one line per top-level field):
/// policy_to_json(policy_from_json(policy_to_json(p))) == policy_to_json(p).
std::string policy_to_json(const Policy& p);

}  // namespace hatchnet::referral
