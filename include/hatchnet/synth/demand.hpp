// hatchnet/synth/demand.hpp — seeded generator of realistic needs and resources on a network,
// for demos, tests and benchmarks of the matcher (hatchnet/match/resources.hpp).
//
// Resources: every incubator offers one resource per allocatable service it lists (venue,
// office, funds, project_matching, training, mentoring, volunteers, legal, accounting,
// registration, policy, party_building), serving its own area (community, street or district
// code; city-level and sector incubators their city or province; social incubators their district).
// Capacities follow the tier and are calibrated per category so that the total capacity is
// about `supply_percent` % of the demand; government incubators are free for space, policy,
// party-building and registration services, social incubators and outside providers (law and
// accounting firms attached to each district incubator) charge a unit cost. Eligibility
// rules as the guidance suggests: resident offices for founding / growing organizations,
// funds above a credit score, registration at street level for community organizations,
// sector platforms for registered organizations; some resources have availability windows.
// Needs: organizations drawn uniformly; the category from a distribution by organization type
// (community organizations mostly need venues, volunteers and small funds; registered ones
// offices, funds, training, professional services); quantity 1-5 (mostly 1); priority 1-5,
// higher for founding organizations and low credit; 15% with a time window in 2024.
//
// Deterministic: integer-only draws from std::mt19937_64 (same seed, same output everywhere).
// Complexity O(nodes + needs).
#pragma once

#include <cstdint>
#include <vector>

#include "hatchnet/match/resources.hpp"
#include "hatchnet/network.hpp"

namespace hatchnet::synth {

struct DemandOptions {
    std::uint64_t seed = 2017;
    /// Number of needs; 0 means one per organization (rounded).
    std::size_t needs = 0;
    /// Total capacity per category as a percentage of the demand for it (1..1000).
    int supply_percent = 85;
    /// Percentage of needs with a time window (0..100).
    int window_percent = 15;
};

struct Demand {
    std::vector<match::Need> needs;
    std::vector<match::Resource> resources;
};

/// Needs and resources on `net`. Throws input_error ("options", field) for bad options or a
/// network without organizations.
Demand demand(const Network& net, const DemandOptions& options = {});

}  // namespace hatchnet::synth
