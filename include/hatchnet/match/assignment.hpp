// hatchnet/match/assignment.hpp — forwarding header: linear assignment moved to
// hatchnet/algo/assignment.hpp (namespace hatchnet::algo). Kept for one release.
#pragma once

#include "hatchnet/algo/assignment.hpp"

namespace hatchnet::match {
using algo::AssignmentAlgorithm;
using algo::AssignmentStatus;
using algo::DenseAssignment;
using algo::Objective;
using algo::SparseAssignment;
using algo::to_string;
}  // namespace hatchnet::match
