// hatchnet/records/records.hpp — time and operational records: the SQLite store
// (hatchnet/records/store.hpp), the timeline of dated facts (timeline.hpp), targets and
// progress (progress.hpp) and their JSON (hatchnet/records/json.hpp).
#pragma once

#include "hatchnet/records/evaluation.hpp"
#include "hatchnet/records/json.hpp"
#include "hatchnet/records/progress.hpp"
#include "hatchnet/records/store.hpp"
#include "hatchnet/records/timeline.hpp"
