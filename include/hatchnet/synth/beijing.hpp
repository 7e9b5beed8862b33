// hatchnet/synth/beijing.hpp — the embedded default dataset: Beijing's incubator network,
// generated deterministically from a seed and calibrated to public figures.
//
// What is real (public figures, embedded in the generator with their sources, see
// docs/datasets.md): the 16 districts with their GB/T 2260 codes, Chinese names and 2020
// census populations (sum 21,893,095); the number of street-level units of each kind per
// district (349: streets, area offices, towns, townships, development zones; NBS 2022
// statistical division codes); residents' committees (3,080) and village committees
// (3,926) per district (NBS 2016); the totals of registered social organizations (12,858;
// 4,449 at city level; 4,346 associations; 805 foundations; 238 rated 5A) and of filed
// community social organizations (71,325) in Beijing; the 349 street-level units' real NBS
// codes and names (non-contiguous within a district: 001–0xx streets and area offices, 1xx
// towns, 2xx townships, 4xx zones), with a pinyin name for the root, each district and each
// unit (Region::pinyin).
//
// What is synthetic: the names and exact codes of communities (12-digit codes with
// committee numbers 001–199 for residents' and 2xx–3xx for village committees), how communities and population are spread over the
// units of a district, every incubator's services, capacity, score and coordinates, the
// relations between incubators, and every organization record.
//
// Determinism: the output depends only on the options. The generator draws from
// std::mt19937_64 (whose output the standard fixes) through integer-only code of its own,
// never the standard distributions (whose output differs between libraries) or
// transcendental functions, so the same seed gives the same network on every platform.
// Complexity: O(R + V + E + O) for regions, nodes, edges and organizations; about 0.3 s.
#pragma once

#include <cstdint>

#include "hatchnet/network.hpp"
#include "hatchnet/progress.hpp"

namespace hatchnet::synth {

struct BeijingOptions {
    std::uint64_t seed = 2017;          ///< 2017 gives the shipped data/beijing.json.gz
    double scale = 1.0;                 ///< multiplies the number of organizations (>= 0)
    bool include_organizations = true;  ///< false: regions, incubators and relations only
    /// Stages "regions", "nodes", "edges", "organizations" (organizations made / total);
    /// returning false stops beijing() with hatchnet::interrupted (hatchnet/progress.hpp).
    ProgressFn progress;
};

/// Generate the Beijing network. Throws input_error when `scale` is negative, not finite
/// or above 100. The same options always give an identical network; the incubators and
/// relations do not depend on `scale` or `include_organizations`.
Network beijing(const BeijingOptions& options = {});

}  // namespace hatchnet::synth
