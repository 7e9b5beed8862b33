// Linear assignment by shortest augmenting paths (hatchnet/match/assignment.hpp).
#include "hatchnet/match/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <string>
#include <type_traits>

#include "hatchnet/error.hpp"

namespace hatchnet::match {

const char* to_string(AssignmentStatus s) noexcept {
    switch (s) {
        case AssignmentStatus::not_run: return "not_run";
        case AssignmentStatus::optimal: return "optimal";
        case AssignmentStatus::infeasible: return "infeasible";
    }
    return "unknown";
}

namespace {

using index_t = std::int32_t;

template <class Cost>
constexpr Cost infinity() {
    if constexpr (std::is_floating_point_v<Cost>) return std::numeric_limits<Cost>::infinity();
    else return std::numeric_limits<Cost>::max();
}

// int64: refuse inputs whose potentials or path lengths could leave 64 bits
template <class Cost>
void check_range(Cost max_abs, index_t k, const char* what) {
    if constexpr (std::is_integral_v<Cost>) {
        const __int128 bound = static_cast<__int128>(8) * (k + 2) * (static_cast<__int128>(max_abs) + 1);
        if (bound >= (static_cast<__int128>(1) << 62))
            throw input_error(what, "cost", "costs up to " + std::to_string(max_abs) +
                                                " could overflow 64-bit sums over " +
                                                std::to_string(k) + " assignments");
    } else {
        (void)max_abs; (void)k; (void)what;
    }
}

// Shortest augmenting path on a dense nr x nc matrix W (row-major, nr <= nc, minimising;
// infinity() = forbidden). Fills col4row; false when some row cannot be matched.
template <class Cost>
bool dense_sap(index_t nr, index_t nc, const std::vector<Cost>& W, std::vector<index_t>& col4row) {
    const Cost INF = infinity<Cost>();
    std::vector<Cost> u(nr, 0), v(nc, 0), shortest(nc);
    std::vector<index_t> path(nc, -1), row4col(nc, -1), remaining(nc);
    std::vector<char> SR(nr), SC(nc);
    col4row.assign(nr, -1);
    // row reduction (Jonker-Volgenant initialisation): u(i) = min_j c(i,j) keeps the duals
    // feasible with v = 0; a row whose cheapest column is still free takes it at once.
    for (index_t i = 0; i < nr; ++i) {
        const Cost* row = W.data() + static_cast<std::size_t>(i) * nc;
        index_t arg = -1;
        for (index_t j = 0; j < nc; ++j)
            if (row[j] != INF && (arg < 0 || row[j] < row[arg])) arg = j;
        if (arg < 0) return false;  // a row without any allowed column
        u[i] = row[arg];
        if (row4col[arg] < 0) { row4col[arg] = i; col4row[i] = arg; }
    }
    for (index_t cur = 0; cur < nr; ++cur) {
        if (col4row[cur] >= 0) continue;
        std::fill(shortest.begin(), shortest.end(), INF);
        std::fill(SR.begin(), SR.end(), 0);
        std::fill(SC.begin(), SC.end(), 0);
        index_t n_rem = nc;
        for (index_t it = 0; it < nc; ++it) remaining[it] = nc - 1 - it;
        Cost min_val = 0;
        index_t i = cur, sink = -1;
        while (sink < 0) {
            SR[i] = 1;
            index_t best_it = -1;
            Cost lowest = INF;
            const Cost* row = W.data() + static_cast<std::size_t>(i) * nc;
            const Cost base = min_val - u[i];
            for (index_t it = 0; it < n_rem; ++it) {
                const index_t j = remaining[it];
                const Cost c = row[j];
                if (c != INF) {
                    const Cost r = base + c - v[j];
                    if (r < shortest[j]) { path[j] = i; shortest[j] = r; }
                }
                const Cost s = shortest[j];
                if (s == INF) continue;
                // smallest distance; ties: a free column first, then the lowest index
                bool better = best_it < 0 || s < lowest;
                if (!better && s == lowest) {
                    const index_t b = remaining[best_it];
                    better = (row4col[j] < 0) != (row4col[b] < 0) ? row4col[j] < 0 : j < b;
                }
                if (better) { lowest = s; best_it = it; }
            }
            if (best_it < 0 || lowest == INF) return false;
            min_val = lowest;
            const index_t j = remaining[best_it];
            SC[j] = 1;
            remaining[best_it] = remaining[--n_rem];
            if (row4col[j] < 0) sink = j;
            else i = row4col[j];
        }
        u[cur] += min_val;
        for (index_t r = 0; r < nr; ++r)
            if (SR[r] && r != cur) u[r] += min_val - shortest[col4row[r]];
        for (index_t j = 0; j < nc; ++j)
            if (SC[j]) v[j] -= min_val - shortest[j];
        for (index_t j = sink;;) {
            const index_t r = path[j];
            row4col[j] = r;
            std::swap(col4row[r], j);
            if (r == cur) break;
        }
    }
    return true;
}

// The same on compressed rows (start[nr + 1], adj_col, adj_cost), with a binary heap.
template <class Cost>
bool sparse_sap(index_t nr, index_t nc, const std::vector<index_t>& start,
                const std::vector<index_t>& adj_col, const std::vector<Cost>& adj_cost,
                std::vector<index_t>& col4row) {
    const Cost INF = infinity<Cost>();
    std::vector<Cost> u(nr, 0), v(nc, 0), shortest(nc, INF);
    std::vector<index_t> path(nc, -1), row4col(nc, -1), touched, rows_seen, cols_done;
    std::vector<char> done(nc, 0);
    col4row.assign(nr, -1);
    // heap entries: (distance, column is matched, column) — smallest first
    struct Entry { Cost d; char matched; index_t j; };
    auto worse = [](const Entry& a, const Entry& b) {
        if (a.d != b.d) return a.d > b.d;
        if (a.matched != b.matched) return a.matched > b.matched;
        return a.j > b.j;
    };
    std::vector<Entry> heap;
    // row reduction, as in dense_sap
    for (index_t i = 0; i < nr; ++i) {
        index_t arg = -1;
        for (index_t k = start[i]; k < start[i + 1]; ++k)
            if (arg < 0 || adj_cost[k] < adj_cost[arg] || (adj_cost[k] == adj_cost[arg] && adj_col[k] < adj_col[arg]))
                arg = k;
        if (arg < 0) return false;
        u[i] = adj_cost[arg];
        const index_t j = adj_col[arg];
        if (row4col[j] < 0) { row4col[j] = i; col4row[i] = j; }
    }
    for (index_t cur = 0; cur < nr; ++cur) {
        if (col4row[cur] >= 0) continue;
        Cost min_val = 0;
        index_t i = cur, sink = -1;
        heap.clear();
        rows_seen.clear();
        cols_done.clear();
        bool ok = true;
        while (sink < 0) {
            rows_seen.push_back(i);
            const Cost base = min_val - u[i];
            for (index_t k = start[i]; k < start[i + 1]; ++k) {
                const index_t j = adj_col[k];
                if (done[j]) continue;
                const Cost r = base + adj_cost[k] - v[j];
                if (r < shortest[j]) {
                    if (shortest[j] == INF) touched.push_back(j);
                    shortest[j] = r;
                    path[j] = i;
                    heap.push_back({r, static_cast<char>(row4col[j] >= 0), j});
                    std::push_heap(heap.begin(), heap.end(), worse);
                }
            }
            index_t j = -1;
            while (!heap.empty()) {
                std::pop_heap(heap.begin(), heap.end(), worse);
                const Entry e = heap.back();
                heap.pop_back();
                if (!done[e.j] && e.d == shortest[e.j]) { j = e.j; break; }
            }
            if (j < 0) { ok = false; break; }
            min_val = shortest[j];
            done[j] = 1;
            cols_done.push_back(j);
            if (row4col[j] < 0) sink = j;
            else i = row4col[j];
        }
        if (ok) {
            u[cur] += min_val;
            for (index_t r : rows_seen)
                if (r != cur) u[r] += min_val - shortest[col4row[r]];
            for (index_t j : cols_done) v[j] -= min_val - shortest[j];
            for (index_t j = sink;;) {
                const index_t r = path[j];
                row4col[j] = r;
                std::swap(col4row[r], j);
                if (r == cur) break;
            }
        }
        for (index_t j : touched) { shortest[j] = INF; done[j] = 0; }
        touched.clear();
        if (!ok) return false;
    }
    return true;
}

template <class Cost>
void check_finite(Cost c, const std::string& record) {
    if constexpr (std::is_floating_point_v<Cost>) {
        if (std::isnan(c)) throw input_error(record, "cost", "is NaN");
    } else {
        if (c == std::numeric_limits<Cost>::min()) throw input_error(record, "cost", "out of range");
    }
}

}  // namespace

// ====================================================================== dense

template <class Cost>
DenseAssignment<Cost>::DenseAssignment(index_t rows, index_t cols, std::span<const Cost> costs,
                                       Objective objective)
    : rows_(rows), cols_(cols), objective_(objective) {
    if (rows < 0 || cols < 0) throw input_error("", "shape", "negative matrix dimension");
    if (costs.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
        throw input_error("", "costs", "expected " + std::to_string(static_cast<std::size_t>(rows) * cols) +
                                           " entries for a " + std::to_string(rows) + " x " +
                                           std::to_string(cols) + " matrix, got " +
                                           std::to_string(costs.size()));
    const bool maximize = objective == Objective::maximize;
    Cost max_abs = 0;
    for (index_t i = 0; i < rows; ++i)
        for (index_t j = 0; j < cols; ++j) {
            const Cost c = costs[static_cast<std::size_t>(i) * cols + j];
            if constexpr (std::is_floating_point_v<Cost>) {
                if (std::isnan(c))
                    throw input_error("row " + std::to_string(i), "cost", "NaN in column " + std::to_string(j));
                if (std::isinf(c) && ((c > 0) == maximize))
                    throw input_error("row " + std::to_string(i), "cost",
                                      std::string(c > 0 ? "+" : "-") + "infinity in column " +
                                          std::to_string(j) + " makes the objective unbounded");
                if (!std::isinf(c)) max_abs = std::max(max_abs, std::abs(c));
            } else {
                if (c == std::numeric_limits<Cost>::min())
                    throw input_error("row " + std::to_string(i), "cost", "out of range in column " + std::to_string(j));
                max_abs = std::max<Cost>(max_abs, c < 0 ? -c : c);
            }
        }
    check_range<Cost>(max_abs, std::min(rows, cols), "matrix");
    c_.assign(costs.begin(), costs.end());
}

template <class Cost>
AssignmentStatus DenseAssignment<Cost>::run() {
    const bool maximize = objective_ == Objective::maximize;
    const bool transpose = rows_ > cols_;
    const index_t nr = transpose ? cols_ : rows_, nc = transpose ? rows_ : cols_;
    std::vector<Cost> W(static_cast<std::size_t>(nr) * nc);
    for (index_t i = 0; i < rows_; ++i)
        for (index_t j = 0; j < cols_; ++j) {
            Cost c = c_[static_cast<std::size_t>(i) * cols_ + j];
            if (maximize) c = -c;
            W[transpose ? static_cast<std::size_t>(j) * nc + i : static_cast<std::size_t>(i) * nc + j] = c;
        }
    std::vector<index_t> col4row;
    const bool ok = dense_sap<Cost>(nr, nc, W, col4row);
    row_to_col_.assign(rows_, -1);
    col_to_row_.assign(cols_, -1);
    cost_ = 0;
    if (!ok) return status_ = Status::infeasible;
    for (index_t r = 0; r < nr; ++r) {
        const index_t i = transpose ? col4row[r] : r, j = transpose ? r : col4row[r];
        row_to_col_[i] = j;
        col_to_row_[j] = i;
        cost_ += c_[static_cast<std::size_t>(i) * cols_ + j];
    }
    return status_ = Status::optimal;
}

// ====================================================================== sparse

template <class Cost>
SparseAssignment<Cost>::SparseAssignment(index_t rows, index_t cols) : rows_(rows), cols_(cols) {
    if (rows < 0 || cols < 0) throw input_error("", "shape", "negative dimension");
}

template <class Cost>
void SparseAssignment<Cost>::add_edge(index_t row, index_t col, Cost cost) {
    const std::string rec = "edge " + std::to_string(er_.size());
    if (row < 0 || row >= rows_)
        throw input_error(rec, "row", std::to_string(row) + " is not in 0.." + std::to_string(rows_ - 1));
    if (col < 0 || col >= cols_)
        throw input_error(rec, "col", std::to_string(col) + " is not in 0.." + std::to_string(cols_ - 1));
    check_finite(cost, rec);
    if constexpr (std::is_floating_point_v<Cost>)
        if (std::isinf(cost)) throw input_error(rec, "cost", "is infinite (leave the edge out instead)");
    er_.push_back(row);
    ec_.push_back(col);
    ecost_.push_back(cost);
}

template <class Cost>
void SparseAssignment<Cost>::add_edges(std::span<const index_t> rows, std::span<const index_t> cols,
                                       std::span<const Cost> costs) {
    if (rows.size() != cols.size() || rows.size() != costs.size())
        throw input_error("", "edges", "rows, cols and costs differ in length");
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const bool ok = rows[k] >= 0 && rows[k] < rows_ && cols[k] >= 0 && cols[k] < cols_;
        bool finite = true;
        if constexpr (std::is_floating_point_v<Cost>) finite = std::isfinite(costs[k]);
        else finite = costs[k] != std::numeric_limits<Cost>::min();
        if (ok && finite) continue;
        const std::string rec = "edge " + std::to_string(er_.size() + k);
        if (rows[k] < 0 || rows[k] >= rows_) throw input_error(rec, "row", std::to_string(rows[k]) + " out of range");
        if (cols[k] < 0 || cols[k] >= cols_) throw input_error(rec, "col", std::to_string(cols[k]) + " out of range");
        throw input_error(rec, "cost", "is NaN, infinite or out of range");
    }
    er_.insert(er_.end(), rows.begin(), rows.end());
    ec_.insert(ec_.end(), cols.begin(), cols.end());
    ecost_.insert(ecost_.end(), costs.begin(), costs.end());
}

template <class Cost>
AssignmentStatus SparseAssignment<Cost>::run(Objective objective) {
    const bool maximize = objective == Objective::maximize;
    const bool transpose = rows_ > cols_;
    const index_t nr = transpose ? cols_ : rows_, nc = transpose ? rows_ : cols_;
    Cost max_abs = 0;
    for (Cost c : ecost_) max_abs = std::max<Cost>(max_abs, c < 0 ? -c : c);
    check_range<Cost>(max_abs, nr, "edges");
    // compressed rows (stable: edges of a row keep their input order)
    std::vector<index_t> start(static_cast<std::size_t>(nr) + 1, 0), adj_col(er_.size());
    std::vector<Cost> adj_cost(er_.size());
    for (std::size_t k = 0; k < er_.size(); ++k) ++start[(transpose ? ec_[k] : er_[k]) + 1];
    for (index_t r = 0; r < nr; ++r) start[r + 1] += start[r];
    std::vector<index_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < er_.size(); ++k) {
        const index_t r = transpose ? ec_[k] : er_[k], c = transpose ? er_[k] : ec_[k];
        const index_t p = fill[r]++;
        adj_col[p] = c;
        adj_cost[p] = maximize ? -ecost_[k] : ecost_[k];
    }
    std::vector<index_t> col4row;
    const bool ok = sparse_sap<Cost>(nr, nc, start, adj_col, adj_cost, col4row);
    row_to_col_.assign(rows_, -1);
    col_to_row_.assign(cols_, -1);
    cost_ = 0;
    if (!ok) return status_ = Status::infeasible;
    // the cost of a pair is its cheapest (or dearest) parallel edge
    for (index_t r = 0; r < nr; ++r) {
        const index_t j = col4row[r];
        Cost best = 0;
        bool first = true;
        for (index_t k = start[r]; k < start[r + 1]; ++k)
            if (adj_col[k] == j && (first || adj_cost[k] < best)) { best = adj_cost[k]; first = false; }
        const index_t i = transpose ? j : r, jj = transpose ? r : j;
        row_to_col_[i] = jj;
        col_to_row_[jj] = i;
        cost_ += maximize ? -best : best;
    }
    return status_ = Status::optimal;
}

template class DenseAssignment<double>;
template class DenseAssignment<std::int64_t>;
template class SparseAssignment<double>;
template class SparseAssignment<std::int64_t>;

}  // namespace hatchnet::match
