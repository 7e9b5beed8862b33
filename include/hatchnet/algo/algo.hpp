// hatchnet/algo/algo.hpp — the header-first, domain-free algorithms in one include (each
// header is also self-contained; see hatchnet/algo/config.hpp).
#pragma once

#include "hatchnet/algo/assignment.hpp"
#include "hatchnet/algo/inequality.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/algo/stable_matching.hpp"
#include "hatchnet/algo/submodular.hpp"
