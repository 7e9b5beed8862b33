// Header-only use of hatchnet::algo::DenseAssignment / SparseAssignment: one hatchnet header,
// -I include, nothing linked. Checked against brute force over all permutations.
#include <hatchnet/algo/assignment.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <vector>

int main() {
    using namespace hatchnet::algo;
    // 4 x 4 costs from a fixed linear congruential sequence; brute force over 4! permutations.
    std::vector<std::int64_t> c(16);
    std::uint32_t x = 12345;
    for (auto& v : c) { x = x * 1103515245u + 12345u; v = (x >> 16) % 50; }
    std::vector<int> p(4);
    std::iota(p.begin(), p.end(), 0);
    std::int64_t best = INT64_MAX;
    do {
        std::int64_t s = 0;
        for (int i = 0; i < 4; ++i) s += c[i * 4 + p[i]];
        best = std::min(best, s);
    } while (std::next_permutation(p.begin(), p.end()));

    DenseAssignment<std::int64_t> dense(4, 4, c);
    if (dense.run() != AssignmentStatus::optimal || dense.cost() != best) return 1;
    SparseAssignment<std::int64_t> sparse(4, 4);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) sparse.add_edge(i, j, c[i * 4 + j]);
    if (sparse.run() != AssignmentStatus::optimal || sparse.cost() != best) return 2;
    // A value type the library does not instantiate: float, compiled here from the header.
    std::vector<float> cf(c.begin(), c.end());
    DenseAssignment<float> df(4, 4, cf);
    if (df.run() != AssignmentStatus::optimal || df.cost() != static_cast<float>(best)) return 3;
    // No perfect matching: both rows only allow column 0.
    SparseAssignment<double> none(2, 2);
    none.add_edge(0, 0, 1.0);
    none.add_edge(1, 0, 1.0);
    if (none.run() != AssignmentStatus::infeasible) return 4;
    std::printf("assignment header-only: ok (optimum %lld)\n", static_cast<long long>(best));
    return 0;
}
