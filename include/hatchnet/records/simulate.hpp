// hatchnet/records/simulate.hpp — a seeded multi-year simulation of the incubation system that
// writes a records store (docs/records.md, "Simulation"): a baseline for analysts and a load
// test of the store.
//
// Model (all draws through one seeded generator, events processed in date order, ties by
// creation order, so the same seed gives the same store):
//   - roll-out: district, community and social incubators are open from the first day except
//     `late_districts` district incubators, which open during the second year; a share
//     `streets_open_at_start` of the street incubators is open from the first day, the others
//     open as `growth` says; each incubator not open on the first day has a closed fact then;
//   - growth (`growth`):
//       plan (the default) — at the start of every year the coverage engine plans on the network
//         as it stands then (Timeline::at of the simulation's facts, occupied = residents):
//         openings: coverage::plan, objective coverage, demand = street-level units weighted by
//         organizations, candidates = the street incubators not open yet (each a new street site
//         in its region with its own capacity, cost 1), at most `plan_openings` a year (-1: the
//         street incubators closed at the start / `rollout_years`, rounded up); each pick opens on
//         a uniform date of the year (an opened fact, note "plan"). Capacity (from the second
//         year): coverage::split_budget of `plan_budget` × the capacity in force of the counted
//         tiers (price 1: places) over the districts; a district's places, rounded, are shared
//         evenly by its open district and street incubators (the first in network order get the
//         remainder) as capacity facts on 1 January (note "plan");
//       fixed — the street incubators not open at the start open on uniform dates over the first
//         `rollout_years` years, and district and street incubators grow by `capacity_growth`
//         a year (a capacity fact on 1 January of every later year);
//   - arrivals: `registered_per_year` registered and `community_per_year` community social
//     organizations a year (defaults: the public Beijing figures, 7,965 registered in 2012 to
//     12,858 in 2021 and 14,594 community organizations filed in 2012 to 71,325 in 2022),
//     times `scale`, drawn without replacement from the network's organizations of each kind,
//     on uniform dates;
//   - referrals (when `route`, the default): each arrival's first contact — its home incubator
//     when open and a routing tier, else the incubator of its level below — is routed by
//     referral::Router (policy `policy`, default Policy::defaults()) for one or two of the
//     vocabulary's root services, on the network as it stands at the start of the month (the
//     facts in force on its first day, the residents at the end of the day before: one router
//     per month); the referral (`ref-N`, to the chosen node or the waitlist node) is written to
//     the store's referrals / referral_events tables and named by the incubation it brings
//     about: requested → accepted (admitted) → in_progress (incubating) → completed
//     (graduated) / failed (exited) / cancelled (withdrawn), or requested → rejected (no place).
//     An arrival with no candidate and no waitlist place does not apply (`unrouted`);
//   - without `route`: each applies to the incubator of its level — a community organization
//     to the street incubator of its street (else its district's), a district-registered one to
//     its district incubator, a city-registered one to the city center — if it is open then;
//   - admission 7–30 days later when a place is free on that day (else withdrawn: no place);
//     incubating 14 days after; then graduated (70 %, after 180–720 days, outcome registered,
//     rated or active), exited (20 %, after 30–330 days) or withdrawn (10 %, after 30–230 days);
//   - yearly evaluation (when `evaluate`): evaluate_period() of every year on the shipped
//     incubator scheme, rank intervals off.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/progress.hpp"
#include "hatchnet/records/store.hpp"
#include "hatchnet/referral/policy.hpp"

namespace hatchnet::records {

/// How capacity grows and the roll-out proceeds (SimulationOptions::growth).
enum class Growth : std::uint8_t { plan, fixed };
std::string_view to_string(Growth g) noexcept;
std::optional<Growth> parse_growth(std::string_view s) noexcept;

struct SimulationOptions {
    int first_year = 2017, last_year = 2025;
    std::uint64_t seed = 2017;
    double scale = 1.0;
    double registered_per_year = (12858.0 - 7965.0) / 9.0;
    double community_per_year = (71325.0 - 14594.0) / 10.0;
    /// Every organization of the network arrives once over the years (`scale` < 1: that share
    /// of them): each year an equal part (to one) of its registered and of its community
    /// organizations, instead of registered_per_year / community_per_year. The national
    /// preset uses it.
    bool all_arrive = false;
    double streets_open_at_start = 0.4;
    int rollout_years = 4;
    int late_districts = 3;
    double capacity_growth = 0.05;  ///< fixed growth: per year
    Growth growth = Growth::plan;
    double plan_budget = 0.05;      ///< plan: places bought a year, a share of the capacity in force
    int plan_openings = -1;         ///< plan: street incubators opened a year (-1: see above)
    bool evaluate = true;
    bool route = true;     ///< referrals through referral::Router (false: the level rule)
    std::optional<referral::Policy> policy;  ///< the router's policy (none: Policy::defaults())
    ProgressFn progress;   ///< stage "years": years done / total
};

struct SimulationSummary {
    std::int64_t arrivals = 0, transitions = 0, facts = 0, admitted = 0, no_place = 0, graduated = 0;
    /// referrals written (routed or waitlisted), of them waitlisted; arrivals the router found
    /// no place for (no incubation); routers built (one per month)
    std::int64_t referrals = 0, waitlisted = 0, unrouted = 0, router_builds = 0;
    /// growth plan: incubators opened and places added by the coverage engine's plans
    std::int64_t plan_openings = 0, plan_places = 0;
    std::vector<std::string> evaluated;  ///< periods evaluated
};

/// Run the simulation on `net` into `store`, which must hold no incubations yet: writes the
/// network, yearly periods, facts, transitions (batched transactions) and evaluations.
SimulationSummary simulate(Store& store, const Network& net, const SimulationOptions& opt = {});

}  // namespace hatchnet::records
