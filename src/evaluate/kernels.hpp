// evaluate_kernels.hpp — internal: the matrix kernels of the Monte-Carlo draws.
//
// A draw's scores are products of a fixed n × m matrix A (precomputed per normalisation and
// aggregation) with a batch of k weight vectors. Eigen's GEMM packs A again on every call and
// its summation order depends on the instruction set it was compiled for; these kernels pack
// A once and sum in one fixed order, s_i = fma(a_i,m-1, w_m-1, ... fma(a_i0, w_0, 0)), so the
// results are bit-identical whether the AVX-512 or AVX2/FMA path (chosen at run time) or
// the portable path (std::fma) computes them.
#pragma once

#include "hatchnet/evaluate/common.hpp"

#include <vector>

namespace hatchnet::evaluate::detail {

/// A packed in panels of 8 rows: panel p holds rows 8p .. 8p+7, column by column
/// (p[(panel * m + j) * 8 + r]); rows past n are zero.
struct PackedRows {
    Index n = 0, m = 0;
    std::vector<double> p;
};

PackedRows pack_rows(const Matrix& a);

enum class Combine {
    dot,           ///< out_i = sum_j a_ij w_j (fused multiply-adds in order j = 0 .. m-1)
    max_product,   ///< out_i = max(0, max_j a_ij w_j)
};

/// For c < k: out[c][i] = combine over j of A(i, j) and W[c * ldw + j], i < n. `level` caps
/// the instruction set (see simd_level(); -1: the machine's best).
void panel_products(const PackedRows& a, const double* W, Index ldw, Index k,
                    double* const* out, Combine op, int level = -1);

/// The kernels used on this machine: 2 AVX-512, 1 AVX2+FMA, 0 portable (std::fma). Every
/// level gives bit-identical results; HATCHNET_SIMD=portable or =avx2 caps the level.
int simd_level();
/// "avx512", "avx2" or "portable".
const char* simd_name();

}  // namespace hatchnet::evaluate::detail
