// hatchnet/match/match.hpp — the resource matching engine in one include: min-cost flow
// (network simplex), linear assignment, stable matching with capacities, DIMACS I/O, and the
// needs-against-resources matcher with eligibility, fairness and explanations.
#pragma once

#include "hatchnet/match/assignment.hpp"
#include "hatchnet/match/dimacs.hpp"
#include "hatchnet/match/json.hpp"
#include "hatchnet/match/min_cost_flow.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/match/stable_matching.hpp"
