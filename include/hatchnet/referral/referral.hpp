// hatchnet/referral/referral.hpp — the referral engine in one include: the routing policy,
// the router (single and batch routing), the ledger and their JSON forms.
// See docs/algorithms/referral.md.
#pragma once

#include "hatchnet/referral/json.hpp"
#include "hatchnet/referral/ledger.hpp"
#include "hatchnet/referral/many.hpp"
#include "hatchnet/referral/policy.hpp"
#include "hatchnet/referral/router.hpp"
