// hatchnet/match/dimacs.hpp — the DIMACS minimum-cost flow format (reader and writer).
//
// The format of the First DIMACS Implementation Challenge (1990-91), read by LEMON, CS2 and
// most min-cost flow codes:
//   c <comment>
//   p min <nodes> <arcs>          exactly once, before any n or a line
//   n <id> <supply>               node ids are 1..nodes; a node may appear at most once;
//                                 nodes not listed have supply 0
//   a <tail> <head> <low> <cap> <cost>   exactly <arcs> of them; 0 <= low <= cap
// Blank lines are ignored. Every malformed line raises hatchnet::input_error with record
// "line <k>" (1-based) and a message saying what is wrong. Lower bounds are kept on the
// arcs; algo::MinCostFlow shifts them away (flow' = flow - low) when it solves.
// Node ids in the file are 1-based; in the algo::MinCostFlow they are 0-based (id - 1).
#pragma once

#include <iosfwd>
#include <string>

#include "hatchnet/algo/min_cost_flow.hpp"

namespace hatchnet::match {

/// Reads a DIMACS min-cost flow problem from a stream. `source` names it in messages.
algo::MinCostFlow read_dimacs(std::istream& in, const std::string& source = "dimacs");
/// Reads a file; throws input_error when it cannot be opened.
algo::MinCostFlow read_dimacs_file(const std::string& path);
/// Parses DIMACS text held in memory.
algo::MinCostFlow parse_dimacs(const std::string& text);

/// Writes the problem (nodes, supplies, arcs with lower bounds, capacities, costs) in DIMACS
/// format. Infinite capacities are written as algo::MinCostFlow::infinite. `comment` may span
/// several lines; each becomes a "c" line.
void write_dimacs(std::ostream& out, const algo::MinCostFlow& problem, const std::string& comment = {});
void write_dimacs_file(const std::string& path, const algo::MinCostFlow& problem,
                       const std::string& comment = {});

}  // namespace hatchnet::match
