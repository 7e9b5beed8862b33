// Private: the hn_ledger handle's definition, shared by hn_referral.cpp (the ledger functions)
// and hn_records.cpp (hn_store_ledger_create: a ledger handle kept in a store).
#pragma once

#include "hatchnet/referral/ledger.hpp"

struct hn_ledger {
    hatchnet::referral::Ledger ledger;
};
