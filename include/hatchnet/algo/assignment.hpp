// hatchnet/algo/assignment.hpp — exact linear assignment, dense and sparse.
//
// Problem. Rows R and columns C (|R| = r, |C| = c), a cost c(i, j) for the allowed pairs.
// Find a matching of size min(r, c) — every row matched when r <= c, every column when
// r > c — of minimum (or maximum) total cost. When no such matching exists among the
// allowed pairs the outcome is Status::infeasible (not an exception).
//
// Algorithm. LAPJV (Jonker & Volgenant 1987): dual potentials v(j) on the columns, reduced
// costs c(i,j) - v(j), every assigned row holding a column of least reduced cost; prices
// only fall, so free columns keep v = 0 and rectangular problems (transposed to rows <= cols)
// stay exact. Three phases:
//   1. column reduction v(j) = min_i c(i,j) with reduction transfer (square problems only);
//   2. augmenting row reduction, two passes: a free row takes its cheapest column and lowers
//      that column's price by the gap to its second choice, displacing the holder (an
//      auction step with epsilon 0; the work of a pass is bounded);
//   3. shortest augmenting paths: for each row still free, a Dijkstra search over the columns
//      in reduced costs to the nearest free column, then augmentation and price update.
//   * DenseAssignment: phase 3 scans the columns linearly (all columns at the current
//     minimum distance are taken together, as in JV's code): O(r^2 c) worst case, usually far
//     less after phases 1-2. Memory: one internal copy of the matrix (transposed when
//     r > c, negated to maximise) plus O(r + c). Entries equal to +infinity (minimising) or
//     -infinity (maximising) are forbidden pairs (double only; IEEE arithmetic keeps them
//     infinite, no per-entry test in the loops).
//   * SparseAssignment: compressed rows (parallel edges reduced to the cheapest), phase 3
//     with a binary heap touching only reached columns: O(r (E + c) log c) worst case,
//     O(E + r + c) memory, never a dense matrix. For square problems of at least 1000 rows
//     (AssignmentAlgorithm::automatic; forced by ::auction, excluded by ::shortest_path)
//     the prices of phase 1 come instead from a forward auction with epsilon scaling
//     (Bertsekas; Gauss-Seidel bids, eps divided by 12 per phase down to max(range / 4r,
//     1 for integral costs)), after a Hopcroft-Karp check that all rows can be matched
//     (otherwise: infeasible). The auction's own assignment is discarded: phases 2-3 then
//     finish from its near-optimal prices, so the result is exact for int64 and double
//     costs alike and only a handful of short searches remain. Should the auction exhaust
//     its bid budget (64 (E + r) per phase) or its prices leave the safe range, LAPJV runs
//     from scratch.
// Deterministic: the same input gives the same assignment (ties go to the lowest index in
// scan order); among several optimal assignments which one is returned may differ between
// methods and versions.
// Costs may be std::int64_t (exact; inputs whose potentials could overflow are refused with
// input_error) or double (exact while all partial sums are integers below 2^53; NaN refused).
//
// References.
//   R. Jonker, A. Volgenant: A shortest augmenting path algorithm for dense and sparse linear
//     assignment problems. Computing 38 (1987) 325-340.
//   D. F. Crouse: On implementing 2D rectangular assignment algorithms. IEEE Trans. Aerospace
//     and Electronic Systems 52 (2016) 1679-1696.
//   R. E. Burkard, M. Dell'Amico, S. Martello: Assignment Problems, SIAM 2009, ch. 4.
//   D. P. Bertsekas: The auction algorithm: a distributed relaxation method for the assignment
//     problem. Annals of Operations Research 14 (1988) 105-123.
//   D. P. Bertsekas, D. A. Castanon: A forward/reverse auction algorithm for asymmetric
//     assignment problems. Computational Optimization and Applications 1 (1992) 277-297.
//   J. E. Hopcroft, R. M. Karp: An n^{5/2} algorithm for maximum matchings in bipartite
//     graphs. SIAM J. Computing 2 (1973) 225-231.
// Header-first: include this header alone (-I include, nothing linked) or link the library
// (see hatchnet/algo/config.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "hatchnet/algo/config.hpp"

namespace hatchnet::algo {

enum class AssignmentStatus { not_run, optimal, infeasible };
enum class Objective { minimize, maximize };
/// Method of SparseAssignment::run (see the header comment): automatic uses the auction warm
/// start for square problems of at least 1000 rows, shortest_path plain LAPJV always; auction
/// forces the warm start for every square problem (rectangular ones always use LAPJV).
enum class AssignmentAlgorithm { automatic, shortest_path, auction };

inline std::string_view to_string(AssignmentStatus s) noexcept {
    switch (s) {
        case AssignmentStatus::not_run: return "not_run";
        case AssignmentStatus::optimal: return "optimal";
        case AssignmentStatus::infeasible: return "infeasible";
    }
    return "unknown";
}

/// Dense linear assignment on a row-major cost matrix (copied).
template <class Cost>
class DenseAssignment {
public:
    using index_t = std::int32_t;
    using Status = AssignmentStatus;

    /// `costs` has rows * cols entries, row-major. Throws input_error for a size mismatch, NaN,
    /// or (int64) values whose sums could overflow.
    DenseAssignment(index_t rows, index_t cols, std::span<const Cost> costs,
                    Objective objective = Objective::minimize);

    Status run();
    Status status() const noexcept { return status_; }
    index_t rows() const noexcept { return rows_; }
    index_t cols() const noexcept { return cols_; }
    /// Column of each row (-1: unmatched, possible only when rows > cols).
    const std::vector<index_t>& assignment() const noexcept { return row_to_col_; }
    /// Row of each column (-1: unmatched).
    const std::vector<index_t>& col_to_row() const noexcept { return col_to_row_; }
    /// Total cost of the matched pairs (in the caller's sign).
    Cost cost() const noexcept { return cost_; }

private:
    index_t rows_, cols_;
    std::vector<Cost> c_;  // internal form: transposed when rows > cols, negated to maximise
    Objective objective_;
    bool transpose_ = false;
    Status status_ = Status::not_run;
    std::vector<index_t> row_to_col_, col_to_row_;
    Cost cost_{};
};

/// Sparse linear assignment on an edge list; absent pairs are forbidden.
template <class Cost>
class SparseAssignment {
public:
    using index_t = std::int32_t;
    using Status = AssignmentStatus;

    SparseAssignment(index_t rows, index_t cols);
    /// Adds the allowed pair (row, col) at `cost`; parallel edges are allowed (the cheapest
    /// counts). Throws input_error ("edge <k>") for an index out of range or NaN.
    void add_edge(index_t row, index_t col, Cost cost);
    /// Bulk form of add_edge (arrays of equal length), validated before anything is added.
    void add_edges(std::span<const index_t> rows, std::span<const index_t> cols,
                   std::span<const Cost> costs);

    Status run(Objective objective = Objective::minimize);
    /// Chooses the method of run() (default automatic; see AssignmentAlgorithm). Every method
    /// returns an optimal assignment; they differ in speed only.
    void set_algorithm(AssignmentAlgorithm a) noexcept { algorithm_ = a; }
    AssignmentAlgorithm algorithm() const noexcept { return algorithm_; }
    Status status() const noexcept { return status_; }
    index_t rows() const noexcept { return rows_; }
    index_t cols() const noexcept { return cols_; }
    std::size_t edge_count() const noexcept { return er_.size(); }
    const std::vector<index_t>& assignment() const noexcept { return row_to_col_; }
    const std::vector<index_t>& col_to_row() const noexcept { return col_to_row_; }
    Cost cost() const noexcept { return cost_; }

private:
    index_t rows_, cols_;
    std::vector<index_t> er_, ec_;
    std::vector<Cost> ecost_;
    AssignmentAlgorithm algorithm_ = AssignmentAlgorithm::automatic;
    Status status_ = Status::not_run;
    std::vector<index_t> row_to_col_, col_to_row_;
    Cost cost_{};
};

#if defined(HATCHNET_ALGO_COMPILED)
// Compiled once in the library (src/algo/assignment.cpp); other Cost types: include
// "hatchnet/algo/impl/assignment.ipp" as well.
extern template class DenseAssignment<double>;
extern template class DenseAssignment<std::int64_t>;
extern template class SparseAssignment<double>;
extern template class SparseAssignment<std::int64_t>;
#endif

}  // namespace hatchnet::algo

#if !defined(HATCHNET_ALGO_COMPILED)
#include "hatchnet/algo/impl/assignment.ipp"
#endif
