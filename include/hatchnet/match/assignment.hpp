// hatchnet/match/assignment.hpp — exact linear assignment, dense and sparse.
//
// Problem. Rows R and columns C (|R| = r, |C| = c), a cost c(i, j) for the allowed pairs.
// Find a matching of size min(r, c) — every row matched when r <= c, every column when
// r > c — of minimum (or maximum) total cost. When no such matching exists among the
// allowed pairs the outcome is Status::infeasible (not an exception).
//
// Algorithm. Shortest augmenting paths with dual potentials (Jonker & Volgenant 1987, in the
// form of Crouse 2016 used by scipy.optimize.linear_sum_assignment): rows are inserted one by
// one; for each, a Dijkstra search over the columns in reduced costs c(i,j) - u(i) - v(j) >= 0
// finds the cheapest alternating path to a free column, along which the matching is
// augmented, and the potentials are updated so that they stay dual feasible. Ties are broken
// towards free columns, then by lowest index, so results are deterministic.
//   * DenseAssignment: a row-major r x c matrix; each search scans the columns linearly,
//     O(r^2 c) time, O(r c) for the matrix (given by the caller) plus O(r + c).
//     Entries equal to +infinity (minimising) or -infinity (maximising) are forbidden pairs.
//   * SparseAssignment: an edge list (row, col, cost) stored as compressed rows; the search
//     uses a binary heap and touches only reached columns: O(r (E + c) log c) worst case,
//     O(E + r + c) memory, never a dense matrix.
// Costs may be std::int64_t (exact; inputs whose potentials could overflow are refused with
// input_error) or double (exact while all partial sums are integers below 2^53; NaN refused).
//
// References.
//   R. Jonker, A. Volgenant: A shortest augmenting path algorithm for dense and sparse linear
//     assignment problems. Computing 38 (1987) 325-340.
//   D. F. Crouse: On implementing 2D rectangular assignment algorithms. IEEE Trans. Aerospace
//     and Electronic Systems 52 (2016) 1679-1696.
//   R. E. Burkard, M. Dell'Amico, S. Martello: Assignment Problems, SIAM 2009, ch. 4.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hatchnet::match {

enum class AssignmentStatus { not_run, optimal, infeasible };
enum class Objective { minimize, maximize };

const char* to_string(AssignmentStatus s) noexcept;

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
    std::vector<Cost> c_;
    Objective objective_;
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
    Status status_ = Status::not_run;
    std::vector<index_t> row_to_col_, col_to_row_;
    Cost cost_{};
};

extern template class DenseAssignment<double>;
extern template class DenseAssignment<std::int64_t>;
extern template class SparseAssignment<double>;
extern template class SparseAssignment<std::int64_t>;

}  // namespace hatchnet::match
