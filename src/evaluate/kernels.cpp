// evaluate_kernels.cpp — packed matrix × weight-batch kernels for the Monte-Carlo draws.
// See evaluate_kernels.hpp. The AVX2/FMA path is compiled with a function target attribute
// (the rest of the library keeps the baseline instruction set) and chosen at run time.
#include "kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define HATCHNET_X86_KERNELS 1
#include <immintrin.h>
#endif

namespace hatchnet::evaluate::detail {

namespace {

constexpr Index R = 8;    // rows per panel
constexpr int NC = 8;     // at most this many weight vectors per micro-kernel call

// Portable micro-kernel: rows 8 × `nc` weight vectors, same operation order as the SIMD one.
template <Combine Op>
void micro_portable(const double* P, Index m, const double* W, Index ldw, int nc,
                    double* const* dst, Index off) {
    for (int c = 0; c < nc; ++c) {
        const double* w = W + c * ldw;
        for (Index r = 0; r < R; ++r) {
            double acc = 0.0;
            for (Index j = 0; j < m; ++j) {
                if constexpr (Op == Combine::dot) acc = std::fma(P[j * R + r], w[j], acc);
                else acc = std::max(acc, P[j * R + r] * w[j]);
            }
            dst[c][off + r] = acc;
        }
    }
}

#if defined(HATCHNET_X86_KERNELS)
template <Combine Op, int N>
__attribute__((target("avx2,fma"))) void micro_avx2(const double* P, Index m, const double* W,
                                                     Index ldw, double* const* dst, Index off) {
    __m256d lo[N], hi[N];
    for (int c = 0; c < N; ++c) { lo[c] = _mm256_setzero_pd(); hi[c] = _mm256_setzero_pd(); }
    for (Index j = 0; j < m; ++j) {
        const __m256d a0 = _mm256_loadu_pd(P + j * R), a1 = _mm256_loadu_pd(P + j * R + 4);
        for (int c = 0; c < N; ++c) {
            const __m256d b = _mm256_broadcast_sd(W + c * ldw + j);
            if constexpr (Op == Combine::dot) {
                lo[c] = _mm256_fmadd_pd(a0, b, lo[c]);
                hi[c] = _mm256_fmadd_pd(a1, b, hi[c]);
            } else {
                // max(acc, x) keeps acc when equal, like std::max(acc, x)
                lo[c] = _mm256_max_pd(_mm256_mul_pd(a0, b), lo[c]);
                hi[c] = _mm256_max_pd(_mm256_mul_pd(a1, b), hi[c]);
            }
        }
    }
    for (int c = 0; c < N; ++c) {
        _mm256_storeu_pd(dst[c] + off, lo[c]);
        _mm256_storeu_pd(dst[c] + off + 4, hi[c]);
    }
}

template <Combine Op>
__attribute__((target("avx2,fma"))) void micro_avx2_n(const double* P, Index m, const double* W,
                                                       Index ldw, int nc, double* const* dst,
                                                       Index off) {
    switch (nc) {
        case 1: micro_avx2<Op, 1>(P, m, W, ldw, dst, off); break;
        case 2: micro_avx2<Op, 2>(P, m, W, ldw, dst, off); break;
        case 3: micro_avx2<Op, 3>(P, m, W, ldw, dst, off); break;
        case 4: micro_avx2<Op, 4>(P, m, W, ldw, dst, off); break;
        case 5: micro_avx2<Op, 5>(P, m, W, ldw, dst, off); break;
        default: micro_avx2<Op, 6>(P, m, W, ldw, dst, off); break;
    }
}

template <Combine Op, int N>
__attribute__((target("avx512f"))) void micro_avx512(const double* P, Index m, const double* W,
                                                      Index ldw, double* const* dst, Index off) {
    __m512d acc[N];
    for (int c = 0; c < N; ++c) acc[c] = _mm512_setzero_pd();
    for (Index j = 0; j < m; ++j) {
        const __m512d a = _mm512_loadu_pd(P + j * R);
        for (int c = 0; c < N; ++c) {
            const __m512d b = _mm512_set1_pd(W[c * ldw + j]);
            if constexpr (Op == Combine::dot) acc[c] = _mm512_fmadd_pd(a, b, acc[c]);
            else {
                // max(prod, acc) = prod > acc ? prod : acc (as maxpd, and std::max(acc, prod));
                // spelled as compare + blend, which GCC does not warn about
                const __m512d prod = _mm512_mul_pd(a, b);
                acc[c] = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(prod, acc[c], _CMP_GT_OQ), acc[c], prod);
            }
        }
    }
    for (int c = 0; c < N; ++c) _mm512_storeu_pd(dst[c] + off, acc[c]);
}

template <Combine Op>
__attribute__((target("avx512f"))) void micro_avx512_n(const double* P, Index m, const double* W,
                                                        Index ldw, int nc, double* const* dst,
                                                        Index off) {
    switch (nc) {
        case 1: micro_avx512<Op, 1>(P, m, W, ldw, dst, off); break;
        case 2: micro_avx512<Op, 2>(P, m, W, ldw, dst, off); break;
        case 3: micro_avx512<Op, 3>(P, m, W, ldw, dst, off); break;
        case 4: micro_avx512<Op, 4>(P, m, W, ldw, dst, off); break;
        case 5: micro_avx512<Op, 5>(P, m, W, ldw, dst, off); break;
        case 6: micro_avx512<Op, 6>(P, m, W, ldw, dst, off); break;
        case 7: micro_avx512<Op, 7>(P, m, W, ldw, dst, off); break;
        default: micro_avx512<Op, 8>(P, m, W, ldw, dst, off); break;
    }
}

int detect_simd() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 2;
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
}

#endif

template <Combine Op>
void run(const PackedRows& a, const double* W, Index ldw, Index k, double* const* out, int simd) {
    const Index m = a.m, n = a.n;
    const int group = simd == 2 ? 8 : 6;
    // full panels are stored straight into the output columns; the last, partial one goes
    // through a tile
    alignas(64) double tile[NC * R];
    double* tiles[NC];
    for (int c = 0; c < NC; ++c) tiles[c] = tile + c * R;
    for (Index p0 = 0; p0 < n; p0 += R) {
        const double* P = a.p.data() + p0 * m;   // panel p0 / R starts at (p0 / R) * m * R
        const Index rows = std::min(R, n - p0);
        for (Index c0 = 0; c0 < k; c0 += group) {
            const int nc = int(std::min<Index>(group, k - c0));
            double* const* dst = rows == R ? out + c0 : tiles;
            const Index off = rows == R ? p0 : 0;
#if defined(HATCHNET_X86_KERNELS)
            if (simd == 2) micro_avx512_n<Op>(P, m, W + c0 * ldw, ldw, nc, dst, off);
            else if (simd == 1) micro_avx2_n<Op>(P, m, W + c0 * ldw, ldw, nc, dst, off);
            else
#endif
                micro_portable<Op>(P, m, W + c0 * ldw, ldw, nc, dst, off);
            if (rows < R)
                for (int c = 0; c < nc; ++c) std::copy_n(tile + c * R, rows, out[c0 + c] + p0);
        }
    }
    (void)simd;
}

}  // namespace

int simd_level() {
#if defined(HATCHNET_X86_KERNELS)
    static const int level = [] {
        // HATCHNET_SIMD=portable|avx2 caps the kernels (for testing that every path agrees)
        const char* cap = std::getenv("HATCHNET_SIMD");
        const int hw = detect_simd();
        if (cap && std::strcmp(cap, "portable") == 0) return 0;
        if (cap && std::strcmp(cap, "avx2") == 0) return std::min(hw, 1);
        return hw;
    }();
    return level;
#else
    return 0;
#endif
}

const char* simd_name() {
    switch (simd_level()) {
        case 2: return "avx512";
        case 1: return "avx2";
        default: return "portable";
    }
}

PackedRows pack_rows(const Matrix& a) {
    PackedRows pr;
    pr.n = a.rows();
    pr.m = a.cols();
    const Index panels = (pr.n + R - 1) / R;
    pr.p.assign(std::size_t(panels * R * pr.m), 0.0);
    for (Index q = 0; q < panels; ++q)
        for (Index j = 0; j < pr.m; ++j)
            for (Index r = 0; r < R && q * R + r < pr.n; ++r)
                pr.p[std::size_t((q * pr.m + j) * R + r)] = a(q * R + r, j);
    return pr;
}

void panel_products(const PackedRows& a, const double* W, Index ldw, Index k, double* const* out,
                    Combine op, int level) {
    const int simd = level < 0 ? simd_level() : std::min(level, simd_level());
    if (op == Combine::dot) run<Combine::dot>(a, W, ldw, k, out, simd);
    else run<Combine::max_product>(a, W, ldw, k, out, simd);
}

}  // namespace hatchnet::evaluate::detail
