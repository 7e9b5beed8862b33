// hatchnet/hatchnet.hpp — umbrella header of the hatchnet C++ API.
#pragma once

#include "hatchnet/version.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/network.hpp"
#include "hatchnet/validate.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/divisions.hpp"
#include "hatchnet/referral/referral.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/coverage/scenario.hpp"
