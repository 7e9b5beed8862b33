// hatchnet/records/records.hpp — time and operational records: the SQLite store
// (hatchnet/records/store.hpp) and its JSON (hatchnet/records/json.hpp).
#pragma once

#include "hatchnet/records/json.hpp"
#include "hatchnet/records/store.hpp"
