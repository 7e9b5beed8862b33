// hatchnet/evaluate/evaluate.hpp — umbrella header of the evaluation scoring engine.
#pragma once

#include "hatchnet/evaluate/aggregate.hpp"
#include "hatchnet/evaluate/common.hpp"
#include "hatchnet/evaluate/json.hpp"
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/evaluate/normalise.hpp"
#include "hatchnet/evaluate/raters.hpp"
#include "hatchnet/evaluate/report.hpp"
#include "hatchnet/evaluate/scheme.hpp"
#include "hatchnet/evaluate/sensitivity.hpp"
#include "hatchnet/evaluate/supervision.hpp"
#include "hatchnet/evaluate/weights.hpp"
