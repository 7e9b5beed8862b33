// hatchnet/referral/io.hpp — moved to hatchnet/referral/json.hpp (every engine's JSON lives
// in <engine>/json.hpp); this forwarding header is kept for one release.
#pragma once

#include "hatchnet/referral/json.hpp"
