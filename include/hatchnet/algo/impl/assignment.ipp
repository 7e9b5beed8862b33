// Linear assignment: LAPJV, dense and sparse (hatchnet/algo/assignment.hpp). Template
// definitions: included by that header in header-only mode, by src/algo/assignment.cpp in the
// library, and by a program that wants a Cost type other than double and std::int64_t while
// linking the library (see hatchnet/algo/config.hpp). Non-template functions are inline.
#pragma once

#include "hatchnet/algo/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

#include "hatchnet/error.hpp"

namespace hatchnet::algo {


namespace detail::lap {

using index_t = std::int32_t;

// AssignmentAlgorithm::automatic: the auction warm start from this many rows (square only)
inline constexpr index_t kAuctionMinRows = 1000;

template <class Cost>
constexpr Cost infinity() {
    if constexpr (std::is_floating_point_v<Cost>) return std::numeric_limits<Cost>::infinity();
    else return std::numeric_limits<Cost>::max();
}

// int64: refuse inputs whose potentials or path lengths could leave 64 bits
template <class Cost>
void check_range(Cost max_abs, index_t k, const char* what) {
    if constexpr (std::is_integral_v<Cost>) {
        const detail::int128 bound = static_cast<detail::int128>(8) * (k + 2) * (static_cast<detail::int128>(max_abs) + 1);
        if (bound >= (static_cast<detail::int128>(1) << 62))
            throw input_error(what, "cost", "costs up to " + std::to_string(max_abs) +
                                                " could overflow 64-bit sums over " +
                                                std::to_string(k) + " assignments");
    } else {
        (void)max_abs; (void)k; (void)what;
    }
}

// Augmenting row reduction (Jonker & Volgenant 1987, section 4.2), shared by the dense and the
// sparse solver. `row_min2(i, u1, j1, u2, j2)` yields the smallest and second smallest reduced
// cost c(i,j) - v(j) of row i over distinct columns (lowest index on ties; u2 = infinity when
// the row has a single allowed column). Rows in `free_rows` are offered their cheapest column,
// lowering its price by u2 - u1 so the row keeps it at the reduced cost of its second choice;
// a displaced row is offered again at once when the price fell, otherwise at the next pass.
// Invariant kept: every assigned row holds a column of minimum reduced cost in its row, and
// prices only fall (so free columns keep v = 0 in rectangular problems). Returns false when a
// row has no allowed column at all. On return free_rows lists the rows still unassigned.
template <class Cost, class RowMin2>
bool augmenting_row_reduction(index_t nr, std::vector<index_t>& free_rows, std::vector<index_t>& x,
                              std::vector<index_t>& y, std::vector<Cost>& v, RowMin2 row_min2,
                              int passes) {
    constexpr Cost INF = infinity<Cost>();
    std::vector<index_t> stuck;  // rows with one allowed column, held by another row
    for (int pass = 0; pass < passes && !free_rows.empty(); ++pass) {
        std::size_t k = 0, prev = free_rows.size(), nfree = 0;
        // bound the work of one pass (the displacement chains are pseudo-polynomial)
        std::size_t budget = 8 * static_cast<std::size_t>(nr) + 64;
        while (k < prev) {
            const index_t i = free_rows[k++];
            Cost u1, u2;
            index_t j1, j2;
            row_min2(i, u1, j1, u2, j2);
            if (u1 == INF) return false;
            index_t i0 = y[j1];
            if (u2 == INF) {  // a single allowed column: take it only when free
                if (i0 >= 0) { stuck.push_back(i); continue; }
            } else if (u1 < u2) {
                v[j1] -= u2 - u1;
            } else if (i0 >= 0) {
                j1 = j2;
                i0 = y[j2];
            }
            if (i0 >= 0) x[i0] = -1;
            x[i] = j1;
            y[j1] = i;
            if (i0 >= 0) {
                if (u1 < u2 && budget > 0) { --budget; free_rows[--k] = i0; }
                else free_rows[nfree++] = i0;
            }
        }
        free_rows.resize(nfree);
    }
    free_rows.insert(free_rows.end(), stuck.begin(), stuck.end());
    return true;
}

// Dense LAPJV (Jonker & Volgenant 1987) on an nr x nc row-major matrix W, nr <= nc,
// minimising; +infinity (double only) marks forbidden pairs. Fills x (column of each row);
// false when some row cannot be matched.
template <class Cost>
bool dense_lapjv(index_t nr, index_t nc, const Cost* W, std::vector<index_t>& x) {
    constexpr Cost INF = infinity<Cost>();
    x.assign(nr, -1);
    if (nr == 0) return true;
    std::vector<index_t> y(nc, -1), free_rows;
    std::vector<Cost> v(nc, 0);
    free_rows.reserve(nr);
    auto row_of = [&](index_t i) { return W + static_cast<std::size_t>(i) * nc; };
    if (nr == nc) {
        // column reduction: v(j) = min_i c(i,j); each column goes to its cheapest row when
        // that row has no column yet
        std::vector<index_t> arg(nc, 0), matches(nr, 0);
        std::copy(W, W + nc, v.begin());
        for (index_t i = 1; i < nr; ++i) {
            const Cost* row = row_of(i);
            for (index_t j = 0; j < nc; ++j)
                if (row[j] < v[j]) { v[j] = row[j]; arg[j] = i; }
        }
        for (index_t j = 0; j < nc; ++j) {
            if (v[j] == INF) return false;  // a column without any allowed row
            const index_t i = arg[j];
            if (matches[i]++ == 0) { x[i] = j; y[j] = i; }
        }
        // reduction transfer: a row holding one column passes its slack to that column's price
        for (index_t i = 0; i < nr; ++i) {
            if (matches[i] == 0) { free_rows.push_back(i); continue; }
            if (matches[i] != 1) continue;
            const index_t j1 = x[i];
            const Cost* row = row_of(i);
            Cost m = INF;
            for (index_t j = 0; j < j1; ++j) m = std::min(m, row[j] - v[j]);
            for (index_t j = j1 + 1; j < nc; ++j) m = std::min(m, row[j] - v[j]);
            if (m != INF) v[j1] -= m;
        }
    } else {
        for (index_t i = 0; i < nr; ++i) free_rows.push_back(i);
    }
    auto row_min2 = [&](index_t i, Cost& u1, index_t& j1, Cost& u2, index_t& j2) {
        const Cost* row = row_of(i);
        Cost a = row[0] - v[0], b = INF;
        index_t ja = 0, jb = -1;
        for (index_t j = 1; j < nc; ++j) {
            const Cost h = row[j] - v[j];
            if (h < b) {
                if (h >= a) { b = h; jb = j; }
                else { b = a; jb = ja; a = h; ja = j; }
            }
        }
        u1 = a; j1 = ja; u2 = b; j2 = jb;
    };
    if (!augmenting_row_reduction<Cost>(nr, free_rows, x, y, v, row_min2, 2)) return false;

    // shortest augmenting paths (Dijkstra over the columns) for the rows still free
    std::vector<Cost> d(nc);
    std::vector<index_t> pred(nc), cols(nc);
    for (const index_t f : free_rows) {
        const Cost* rf = row_of(f);
        for (index_t j = 0; j < nc; ++j) { d[j] = rf[j] - v[j]; pred[j] = f; cols[j] = j; }
        // cols[0, low): scanned; cols[low, up): at the current minimum, to scan; rest: others
        index_t low = 0, up = 0, sink = -1;
        Cost mind = 0;
        while (sink < 0) {
            if (low == up) {
                mind = d[cols[up++]];
                for (index_t k = up; k < nc; ++k) {
                    const index_t j = cols[k];
                    const Cost h = d[j];
                    if (h <= mind) {
                        if (h < mind) { up = low; mind = h; }
                        cols[k] = cols[up];
                        cols[up++] = j;
                    }
                }
                if (mind == INF) return false;
                for (index_t k = low; k < up; ++k)
                    if (y[cols[k]] < 0) { sink = cols[k]; break; }
                if (sink >= 0) break;
            }
            const index_t j1 = cols[low++];
            const index_t i = y[j1];
            const Cost* ri = row_of(i);
            const Cost h = ri[j1] - v[j1] - mind;
            for (index_t k = up; k < nc; ++k) {
                const index_t j = cols[k];
                const Cost r = ri[j] - v[j] - h;
                if (r < d[j]) {
                    d[j] = r;
                    pred[j] = i;
                    if (r == mind) {
                        if (y[j] < 0) { sink = j; break; }
                        cols[k] = cols[up];
                        cols[up++] = j;
                    }
                }
            }
        }
        for (index_t k = 0; k < low; ++k) {
            const index_t j = cols[k];
            v[j] += d[j] - mind;
        }
        for (index_t j = sink;;) {
            const index_t i = pred[j];
            y[j] = i;
            std::swap(x[i], j);
            if (i == f) break;
        }
    }
    return true;
}

// Phase 1 of sparse LAPJV on a square problem: column reduction (each column to its
// cheapest row; rows that win one column keep it) and reduction transfer; the rows left
// unassigned go to free_rows. False when a column has no edge.
template <class Cost>
bool sparse_column_reduction(index_t nr, index_t nc, const std::vector<index_t>& start,
                             const std::vector<index_t>& col, const std::vector<Cost>& cost,
                             std::vector<index_t>& x, std::vector<index_t>& y, std::vector<Cost>& v,
                             std::vector<index_t>& free_rows) {
    constexpr Cost INF = infinity<Cost>();
    std::vector<index_t> arg(nc, -1), matches(nr, 0);
    std::fill(v.begin(), v.end(), INF);
    for (index_t i = 0; i < nr; ++i)
        for (index_t e = start[i]; e < start[i + 1]; ++e) {
            const index_t j = col[e];
            if (cost[e] < v[j]) { v[j] = cost[e]; arg[j] = i; }
        }
    for (index_t j = 0; j < nc; ++j) {
        if (arg[j] < 0) return false;
        const index_t i = arg[j];
        if (matches[i]++ == 0) { x[i] = j; y[j] = i; }
    }
    for (index_t i = 0; i < nr; ++i) {
        if (matches[i] == 0) { free_rows.push_back(i); continue; }
        if (matches[i] != 1) continue;
        const index_t j1 = x[i];
        Cost m = INF;
        for (index_t e = start[i]; e < start[i + 1]; ++e)
            if (col[e] != j1) m = std::min(m, cost[e] - v[col[e]]);
        if (m != INF) v[j1] -= m;
    }
    return true;
}

// Phase 3 of sparse LAPJV: for one free row at a time, a shortest augmenting path by
// Dijkstra's method over the reduced costs, with a binary heap holding only reached columns
// (columns at the current minimum distance are taken from a stack first); then the
// potentials of the scanned columns and the assignment along the path are updated. The
// scratch arrays are kept between rows and reset only where touched.
template <class Cost>
class SparseAugmenter {
public:
    SparseAugmenter(index_t nc, const std::vector<index_t>& start, const std::vector<index_t>& col,
                    const std::vector<Cost>& cost)
        : start_(start), col_(col), cost_(cost), d_(nc, infinity<Cost>()), pred_(nc), prede_(nc), done_(nc, 0) {}

    // Augments from free row f (x, y: the assignment; xe: the edge of each row's column;
    // v: column potentials); false when no free column is reachable.
    bool augment(index_t f, std::vector<index_t>& x, std::vector<index_t>& y, std::vector<index_t>& xe,
                 std::vector<Cost>& v) {
        const index_t sink = search(f, y, xe, v);
        if (sink >= 0) {
            for (const index_t j : ready_) v[j] += d_[j] - mind_;
            for (index_t j = sink;;) {
                const index_t r = pred_[j];
                const index_t e = prede_[j];
                y[j] = r;
                std::swap(x[r], j);
                xe[r] = e;
                if (r == f) break;
            }
        }
        for (const index_t j : touched_) { d_[j] = infinity<Cost>(); done_[j] = 0; }
        touched_.clear();
        return sink >= 0;
    }

private:
    struct Entry { Cost d; index_t j; };
    static bool later(const Entry& a, const Entry& b) { return a.d != b.d ? a.d > b.d : a.j > b.j; }

    const std::vector<index_t>& start_;
    const std::vector<index_t>& col_;
    const std::vector<Cost>& cost_;
    std::vector<Entry> heap_;
    std::vector<Cost> d_;
    std::vector<index_t> pred_, prede_, touched_, ready_, todo_;
    std::vector<char> done_;
    Cost mind_ = 0;

    // The shortest path search from f: returns the free column reached (-1: none).
    index_t search(index_t f, const std::vector<index_t>& y, const std::vector<index_t>& xe,
                   const std::vector<Cost>& v) {
        constexpr Cost INF = infinity<Cost>();
        heap_.clear();
        todo_.clear();
        ready_.clear();
        mind_ = 0;
        // the free row itself: its reduced costs, with u(f) left implicit
        Cost h = 0;
        index_t i = f;
        bool first = true;
        for (;;) {
            for (index_t e = start_[i]; e < start_[i + 1]; ++e) {
                const index_t j = col_[e];
                if (done_[j]) continue;
                const Cost r = cost_[e] - v[j] - h;
                if (r < d_[j]) {
                    if (d_[j] == INF) touched_.push_back(j);
                    d_[j] = r;
                    pred_[j] = i;
                    prede_[j] = e;
                    if (!first && r == mind_) {
                        if (y[j] < 0) return j;
                        todo_.push_back(j);
                    } else {
                        heap_.push_back({r, j});
                        std::push_heap(heap_.begin(), heap_.end(), later);
                    }
                }
            }
            first = false;
            const index_t j = next_column();
            if (j < 0) return -1;  // no free column reachable
            if (y[j] < 0) return j;
            done_[j] = 1;
            ready_.push_back(j);
            i = y[j];
            h = cost_[xe[i]] - v[j] - mind_;
        }
    }

    // The next column to scan: one at the current minimum distance, else the heap's least
    // (which sets the new minimum); -1 when none is left.
    index_t next_column() {
        while (!todo_.empty()) {
            const index_t t = todo_.back();
            todo_.pop_back();
            if (!done_[t]) return t;
        }
        while (!heap_.empty()) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
            const Entry en = heap_.back();
            heap_.pop_back();
            if (!done_[en.j] && en.d == d_[en.j]) {
                mind_ = d_[en.j];
                return en.j;
            }
        }
        return -1;
    }
};

// Sparse LAPJV on compressed rows (start[nr + 1], col, cost; one edge per (row, column)),
// nr <= nc: the same three phases (sparse_column_reduction on square problems, the
// augmenting row reduction, SparseAugmenter), the shortest path search touching only
// reached columns.
template <class Cost>
bool sparse_lapjv(index_t nr, index_t nc, const std::vector<index_t>& start,
                  const std::vector<index_t>& col, const std::vector<Cost>& cost,
                  std::vector<index_t>& x, const std::vector<Cost>* v0 = nullptr) {
    constexpr Cost INF = infinity<Cost>();
    x.assign(nr, -1);
    if (nr == 0) return true;
    for (index_t i = 0; i < nr; ++i)
        if (start[i] == start[i + 1]) return false;
    std::vector<index_t> y(nc, -1), free_rows;
    std::vector<index_t> xe(nr, -1);  // edge of the assigned column of each row
    std::vector<Cost> v(nc, 0);
    free_rows.reserve(nr);
    if (v0) {
        v = *v0;
        for (index_t i = 0; i < nr; ++i) free_rows.push_back(i);
    } else if (nr == nc) {
        if (!sparse_column_reduction<Cost>(nr, nc, start, col, cost, x, y, v, free_rows)) return false;
    } else {
        for (index_t i = 0; i < nr; ++i) free_rows.push_back(i);
    }
    auto row_min2 = [&](index_t i, Cost& u1, index_t& j1, Cost& u2, index_t& j2) {
        Cost a = INF, b = INF;
        index_t ja = -1, jb = -1;
        for (index_t e = start[i]; e < start[i + 1]; ++e) {
            const index_t j = col[e];
            const Cost h = cost[e] - v[j];
            if (h < b || (h == b && j < jb)) {
                if (h > a || (h == a && j > ja)) { b = h; jb = j; }
                else { b = a; jb = ja; a = h; ja = j; }
            }
        }
        u1 = a; j1 = ja; u2 = b; j2 = jb;
    };
    if (!augmenting_row_reduction<Cost>(nr, free_rows, x, y, v, row_min2, 2)) return false;
    for (index_t i = 0; i < nr; ++i)
        if (x[i] >= 0)
            for (index_t e = start[i]; e < start[i + 1]; ++e)
                if (col[e] == x[i]) { xe[i] = e; break; }
    SparseAugmenter<Cost> aug(nc, start, col, cost);
    for (const index_t f : free_rows)
        if (!aug.augment(f, x, y, xe, v)) return false;
    return true;
}

// Whether every row of a compressed-row bipartite graph (nr <= nc) can be matched: a maximum
// matching by Hopcroft & Karp (1973), O(m sqrt(n)), with an explicit stack (no recursion).
inline bool rows_matchable(index_t nr, index_t nc, const std::vector<index_t>& start, const std::vector<index_t>& col) {
    std::vector<index_t> xm(nr, -1), ym(nc, -1), dist(nr), it(nr), queue, stack;
    index_t unmatched = 0;
    for (index_t i = 0; i < nr; ++i) {
        for (index_t e = start[i]; e < start[i + 1]; ++e)
            if (ym[col[e]] < 0) { xm[i] = col[e]; ym[col[e]] = i; break; }
        unmatched += xm[i] < 0;
    }
    constexpr index_t FAR = std::numeric_limits<index_t>::max();
    queue.reserve(nr);
    while (unmatched > 0) {
        queue.clear();
        for (index_t i = 0; i < nr; ++i) {
            dist[i] = xm[i] < 0 ? 0 : FAR;
            if (xm[i] < 0) queue.push_back(i);
        }
        bool found = false;
        for (std::size_t q = 0; q < queue.size(); ++q) {
            const index_t i = queue[q];
            for (index_t e = start[i]; e < start[i + 1]; ++e) {
                const index_t i2 = ym[col[e]];
                if (i2 < 0) found = true;
                else if (dist[i2] == FAR) { dist[i2] = dist[i] + 1; queue.push_back(i2); }
            }
        }
        if (!found) return false;
        for (index_t i = 0; i < nr; ++i) it[i] = start[i];
        for (index_t f = 0; f < nr; ++f) {
            if (xm[f] >= 0 || dist[f] != 0) continue;
            stack.assign(1, f);
            while (!stack.empty()) {
                const index_t i = stack.back();
                if (it[i] == start[i + 1]) { dist[i] = FAR; stack.pop_back(); continue; }
                const index_t j = col[it[i]], i2 = ym[j];
                if (i2 < 0) {
                    for (const index_t s : stack) { xm[s] = col[it[s]]; ym[col[it[s]]] = s; }
                    --unmatched;
                    break;
                }
                if (dist[i2] == dist[i] + 1) stack.push_back(i2);
                else ++it[i];
            }
        }
    }
    return true;
}

// Forward auction with epsilon scaling (Bertsekas 1988; Bertsekas & Castanon 1991) on a
// square problem (compressed rows, one edge per pair, a perfect matching known to exist), used
// only to compute column prices that warm-start the exact LAPJV (the hybrid keeps the result
// exact for any costs: the auction's own assignment is discarded). Gauss-Seidel bids: an
// unassigned row takes its cheapest column j1 (cost + price) and raises p(j1) by (second
// cheapest - cheapest) + eps, displacing the previous holder; every phase starts with all rows
// unassigned and the prices of the last. eps starts at range / alpha and falls by alpha per
// phase while it is at least `eps_min`. Returns v = -p (LAPJV's column potentials), or an
// empty vector when the bid budget runs out (the caller then runs LAPJV from scratch).
template <class Cost>
std::vector<Cost> auction_prices(index_t n, const std::vector<index_t>& start, const std::vector<index_t>& col,
                                 const std::vector<Cost>& cost, Cost range, Cost eps_min) {
    constexpr Cost INF = infinity<Cost>();
    constexpr Cost alpha = 12;
    std::vector<Cost> p(n, 0);
    std::vector<index_t> x(n), y(n), queue(static_cast<std::size_t>(n) + 1);
    const std::size_t qn = queue.size();
    // bids of one phase are O(n^2 range / eps) in theory, far fewer in practice: give up
    // beyond a generous budget rather than risk a price war
    const std::size_t budget = 64 * (start[n] + static_cast<std::size_t>(n));
    Cost eps = range / alpha;
    if constexpr (std::is_integral_v<Cost>) eps = std::max<Cost>(eps, 1);
    const index_t* __restrict S = start.data();
    const index_t* __restrict J = col.data();
    const Cost* __restrict W = cost.data();
    Cost* __restrict P = p.data();
    while (eps >= eps_min && eps > 0) {
        std::fill(x.begin(), x.end(), -1);
        std::fill(y.begin(), y.end(), -1);
        std::size_t head = 0, tail = 0, count = n, bids = 0;
        for (index_t i = 0; i < n; ++i) queue[tail++] = i;
        if (tail == qn) tail = 0;
        while (count > 0) {
            if (++bids > budget) return {};
            const index_t i = queue[head];
            head = head + 1 == qn ? 0 : head + 1;
            --count;
            Cost b1 = INF, b2 = INF;
            index_t j1 = -1;
            const index_t e1 = S[i + 1];
            for (index_t e = S[i]; e < e1; ++e) {
                const index_t j = J[e];
                const Cost t = W[e] + P[j];
                if (t < b1) { b2 = b1; b1 = t; j1 = j; }
                else b2 = std::min(b2, t);
            }
            if (b2 == INF) b2 = b1 + range;  // a row with a single column
            const Cost raise = (b2 - b1) + eps;
            if constexpr (std::is_integral_v<Cost>)  // keep prices within 62 bits
                if (P[j1] > (Cost(1) << 61) - raise) return {};
            P[j1] += raise;
            const index_t old = y[j1];
            y[j1] = i;
            x[i] = j1;
            if (old >= 0) {
                x[old] = -1;
                queue[tail] = old;
                tail = tail + 1 == qn ? 0 : tail + 1;
                ++count;
            }
        }
        if constexpr (std::is_integral_v<Cost>) {
            if (eps == 1) break;
            eps = std::max<Cost>(1, eps / alpha);
        } else {
            eps /= alpha;
        }
    }
    // prices are defined up to a constant: hand over v = min p - p <= 0, unless the spread is
    // beyond what LAPJV's 64-bit range check assumed of potentials
    const auto [mn, mx] = std::minmax_element(p.begin(), p.end());
    if (static_cast<double>(*mx) - static_cast<double>(*mn) >
        2.0 * (static_cast<double>(n) + 2) * (static_cast<double>(range) + 1))
        return {};
    const Cost shift = *mn;
    for (auto& q : p) q = shift - q;
    return p;
}

template <class Cost>
void check_finite(Cost c, const std::string& record) {
    if constexpr (std::is_floating_point_v<Cost>) {
        if (std::isnan(c)) throw input_error(record, "cost", "is NaN");
    } else {
        if (c == std::numeric_limits<Cost>::min()) throw input_error(record, "cost", "out of range");
    }
}

}  // namespace detail::lap

// ====================================================================== dense

template <class Cost>
DenseAssignment<Cost>::DenseAssignment(index_t rows, index_t cols, std::span<const Cost> costs,
                                       Objective objective)
    : rows_(rows), cols_(cols), objective_(objective) {
    using namespace detail::lap;
    if (rows < 0 || cols < 0) throw input_error("", "shape", "negative matrix dimension");
    if (costs.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
        throw input_error("", "costs", "expected " + std::to_string(static_cast<std::size_t>(rows) * cols) +
                                           " entries for a " + std::to_string(rows) + " x " +
                                           std::to_string(cols) + " matrix, got " +
                                           std::to_string(costs.size()));
    const bool maximize = objective == Objective::maximize;
    auto bad_entry = [&](std::size_t k) {
        const index_t i = static_cast<index_t>(k / static_cast<std::size_t>(cols));
        const index_t j = static_cast<index_t>(k % static_cast<std::size_t>(cols));
        const Cost c = costs[k];
        if constexpr (std::is_floating_point_v<Cost>) {
            if (std::isnan(c))
                throw input_error("row " + std::to_string(i), "cost", "NaN in column " + std::to_string(j));
            throw input_error("row " + std::to_string(i), "cost",
                              std::string(c > 0 ? "+" : "-") + "infinity in column " + std::to_string(j) +
                                  " makes the objective unbounded");
        } else {
            throw input_error("row " + std::to_string(i), "cost", "out of range in column " + std::to_string(j));
        }
    };
    // validate in one branch-light pass; locate the offending entry only on failure
    Cost max_abs = 0;
    const std::size_t total = costs.size();
    if constexpr (std::is_floating_point_v<Cost>) {
        const Cost bad_inf = maximize ? std::numeric_limits<Cost>::infinity() : -std::numeric_limits<Cost>::infinity();
        bool bad = false;
        for (std::size_t k = 0; k < total; ++k) {
            const Cost c = costs[k];
            bad |= (c != c) | (c == bad_inf);
            const Cost a = std::abs(c);
            if (a != std::numeric_limits<Cost>::infinity()) max_abs = std::max(max_abs, a);
        }
        if (bad)
            for (std::size_t k = 0; k < total; ++k)
                if (std::isnan(costs[k]) || costs[k] == bad_inf) bad_entry(k);
    } else {
        Cost lo = 0, hi = 0;
        for (std::size_t k = 0; k < total; ++k) { lo = std::min(lo, costs[k]); hi = std::max(hi, costs[k]); }
        if (lo == std::numeric_limits<Cost>::min())
            for (std::size_t k = 0; k < total; ++k)
                if (costs[k] == lo) bad_entry(k);
        max_abs = std::max<Cost>(hi, -lo);
    }
    check_range<Cost>(max_abs, std::min(rows, cols), "matrix");
    // internal form: at most as many rows as columns, minimising
    transpose_ = rows > cols;
    const index_t nr = transpose_ ? cols : rows, nc = transpose_ ? rows : cols;
    c_.resize(total);
    if (!transpose_) {
        if (maximize) std::transform(costs.begin(), costs.end(), c_.begin(), [](Cost c) { return -c; });
        else std::copy(costs.begin(), costs.end(), c_.begin());
    } else {
        const Cost sign = maximize ? Cost(-1) : Cost(1);
        constexpr index_t B = 32;  // blocked transpose
        for (index_t i0 = 0; i0 < rows; i0 += B)
            for (index_t j0 = 0; j0 < cols; j0 += B)
                for (index_t i = i0; i < std::min(rows, i0 + B); ++i)
                    for (index_t j = j0; j < std::min(cols, j0 + B); ++j)
                        c_[static_cast<std::size_t>(j) * nc + i] = sign * costs[static_cast<std::size_t>(i) * cols + j];
    }
    (void)nr;
}

template <class Cost>
AssignmentStatus DenseAssignment<Cost>::run() {
    using namespace detail::lap;
    const bool maximize = objective_ == Objective::maximize;
    const index_t nr = transpose_ ? cols_ : rows_, nc = transpose_ ? rows_ : cols_;
    std::vector<index_t> col4row;
    const bool ok = dense_lapjv<Cost>(nr, nc, c_.data(), col4row);
    row_to_col_.assign(rows_, -1);
    col_to_row_.assign(cols_, -1);
    cost_ = 0;
    if (!ok) return status_ = Status::infeasible;
    Cost total = 0;
    for (index_t r = 0; r < nr; ++r) {
        const index_t i = transpose_ ? col4row[r] : r, j = transpose_ ? r : col4row[r];
        row_to_col_[i] = j;
        col_to_row_[j] = i;
        total += c_[static_cast<std::size_t>(r) * nc + col4row[r]];
    }
    cost_ = maximize ? -total : total;
    return status_ = Status::optimal;
}

// ====================================================================== sparse

template <class Cost>
SparseAssignment<Cost>::SparseAssignment(index_t rows, index_t cols) : rows_(rows), cols_(cols) {
    using namespace detail::lap;
    if (rows < 0 || cols < 0) throw input_error("", "shape", "negative dimension");
}

template <class Cost>
void SparseAssignment<Cost>::add_edge(index_t row, index_t col, Cost cost) {
    using namespace detail::lap;
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
    using namespace detail::lap;
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
    using namespace detail::lap;
    const bool maximize = objective == Objective::maximize;
    const bool transpose = rows_ > cols_;
    const index_t nr = transpose ? cols_ : rows_, nc = transpose ? rows_ : cols_;
    Cost max_abs = 0;
    for (Cost c : ecost_) max_abs = std::max<Cost>(max_abs, c < 0 ? -c : c);
    check_range<Cost>(max_abs, nr, "edges");
    // compressed rows, one edge per (row, column): parallel edges keep the cheapest
    const std::size_t m = er_.size();
    std::vector<index_t> start(static_cast<std::size_t>(nr) + 1, 0), adj_col(m);
    std::vector<Cost> adj_cost(m);
    const index_t* rr = transpose ? ec_.data() : er_.data();
    const index_t* cc = transpose ? er_.data() : ec_.data();
    for (std::size_t k = 0; k < m; ++k) ++start[rr[k] + 1];
    for (index_t r = 0; r < nr; ++r) start[r + 1] += start[r];
    {
        std::vector<index_t> fill(start.begin(), start.end() - 1);
        for (std::size_t k = 0; k < m; ++k) {
            const index_t p = fill[rr[k]]++;
            adj_col[p] = cc[k];
            adj_cost[p] = maximize ? -ecost_[k] : ecost_[k];
        }
    }
    {
        std::vector<index_t> seen(nc, -1);  // position of column j in the current row
        index_t out = 0;
        for (index_t r = 0; r < nr; ++r) {
            const index_t b = start[r], e = start[r + 1];
            start[r] = out;
            const index_t row_begin = out;
            for (index_t k = b; k < e; ++k) {
                const index_t j = adj_col[k];
                const index_t q = seen[j];
                if (q >= row_begin) {
                    if (adj_cost[k] < adj_cost[q]) adj_cost[q] = adj_cost[k];
                } else {
                    seen[j] = out;
                    adj_col[out] = j;
                    adj_cost[out] = adj_cost[k];
                    ++out;
                }
            }
        }
        start[nr] = out;
        adj_col.resize(out);
        adj_cost.resize(out);
    }
    std::vector<index_t> col4row;
    bool ok = false, solved = false;
    const bool auction = algorithm_ == AssignmentAlgorithm::auction ||
                         (algorithm_ == AssignmentAlgorithm::automatic && nr >= kAuctionMinRows);
    if (nr == nc && nr > 0 && auction) {
        if (!rows_matchable(nr, nc, start, adj_col)) {
            solved = true;  // infeasible: some row cannot be matched at all
        } else {
            Cost lo = infinity<Cost>(), hi = -infinity<Cost>();
            bool integral = true;
            for (const Cost c : adj_cost) {
                lo = std::min(lo, c);
                hi = std::max(hi, c);
                if constexpr (std::is_floating_point_v<Cost>) integral = integral && c == std::floor(c);
            }
            // the auction's eps need not reach the exact level: LAPJV finishes exactly
            const Cost range = hi - lo;
            Cost eps_min = range / (4 * static_cast<Cost>(nr));
            if (integral) eps_min = std::max<Cost>(eps_min, Cost(1));
            if constexpr (std::is_floating_point_v<Cost>) eps_min = std::max<Cost>(eps_min, range * 0x1p-30);
            std::vector<Cost> v = auction_prices<Cost>(nr, start, adj_col, adj_cost, range, eps_min);
            if (!v.empty()) {
                ok = sparse_lapjv<Cost>(nr, nc, start, adj_col, adj_cost, col4row, &v);
                solved = true;
            }
        }
    }
    if (!solved) ok = sparse_lapjv<Cost>(nr, nc, start, adj_col, adj_cost, col4row);
    row_to_col_.assign(rows_, -1);
    col_to_row_.assign(cols_, -1);
    cost_ = 0;
    if (!ok) return status_ = Status::infeasible;
    Cost total = 0;
    for (index_t r = 0; r < nr; ++r) {
        const index_t j = col4row[r];
        for (index_t k = start[r]; k < start[r + 1]; ++k)
            if (adj_col[k] == j) { total += adj_cost[k]; break; }
        const index_t i = transpose ? j : r, jj = transpose ? r : j;
        row_to_col_[i] = jj;
        col_to_row_[jj] = i;
    }
    cost_ = maximize ? -total : total;
    return status_ = Status::optimal;
}


}  // namespace hatchnet::algo
