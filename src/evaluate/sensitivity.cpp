// evaluate_sensitivity.cpp — Monte-Carlo rank intervals, Sobol indices, rank reversal.
// See include/hatchnet/evaluate/sensitivity.hpp.
#include "hatchnet/evaluate/sensitivity.hpp"

#include "hatchnet/error.hpp"
#include "hatchnet/limits.hpp"

#include "kernels.hpp"
#include "../detail/rng.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <numeric>
#include <cstring>
#include <exception>
#include <functional>
#include <thread>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hatchnet::evaluate {

namespace {

// Runs f(0) .. f(n - 1), f(0) on this thread and the others on new threads; a thread that
// cannot be started (std::system_error) has its share run here instead, so no joinable
// thread is ever left behind and the work is done either way.
template <class F>
void run_workers(int n, F& f) {
    std::vector<std::thread> pool;
    int started = 1;
    try {
        for (int t = 1; t < n; ++t) {
            pool.emplace_back(std::ref(f), t);
            ++started;
        }
    } catch (...) {
    }
    f(0);
    for (int t = started; t < n; ++t) f(t);
    for (auto& th : pool) th.join();
}

struct Op {   // precomputed (normalisation, aggregation) pair
    Aggregation agg;
    Matrix a, b;   // weighted_sum/geometric/promethee: a; topsis: a = P, b = M; vikor: a = D
};

struct Model {
    Index n = 0, m = 0;
    std::vector<Normalisation> norms;
    std::vector<Aggregation> aggs;
    std::vector<Op> ops;   // index k * A + a
    double v = 0.5;
    Notes notes;
};

Model build(const Matrix& x, const UncertaintySpec& s) {
    check_finite(x, "matrix");
    check_types(s.types, x.cols());
    check_weights(s.weights, x.cols());
    if (s.normalisations.empty()) throw input_error("uncertainty", "normalisations", "empty list");
    if (s.aggregations.empty()) throw input_error("uncertainty", "aggregations", "empty list");
    if (!(s.weight_perturbation >= 0 && s.weight_perturbation < 1))
        throw input_error("uncertainty", "weight_perturbation", "must be in [0, 1)");
    if (x.rows() < 2) throw input_error("matrix", "rows", "need at least 2 alternatives");
    Model md;
    md.n = x.rows();
    md.m = x.cols();
    md.norms = s.normalisations;
    md.aggs = s.aggregations;
    md.v = s.vikor_v;
    for (Normalisation nz : s.normalisations)
        if (nz == Normalisation::goalposts)
            throw input_error("uncertainty", "normalisations",
                              "goalposts need per-column bounds; normalise first and pass none");
    // each normalisation's (normalisation, aggregation) matrices are independent: build them
    // on up to `threads` threads, each writing its own slots (the order does not depend on it)
    const std::size_t K = s.normalisations.size(), A = s.aggregations.size();
    md.ops.resize(K * A);
    std::vector<Notes> knotes(K);
    auto one = [&](std::size_t k) {
        const Normalisation nz = s.normalisations[k];
        Normalised z = normalise(x, s.types, nz);
        for (auto& t : z.notes) knotes[k].push_back(std::string(to_string(nz)) + ": " + t);
        const Matrix& Z = z.values;
        const Eigen::RowVectorXd mx = Z.colwise().maxCoeff(), mn = Z.colwise().minCoeff();
        for (std::size_t ai = 0; ai < A; ++ai) {
            const Aggregation ag = s.aggregations[ai];
            Op& op = md.ops[k * A + ai];
            op.agg = ag;
            switch (ag) {
                case Aggregation::weighted_sum: op.a = Z; break;
                case Aggregation::geometric: {
                    op.a.resize(md.n, md.m);
                    for (Index j = 0; j < md.m; ++j) {
                        const double r = mx[j] - mn[j];
                        if (r == 0) op.a.col(j).setConstant(std::log(100.0));
                        else op.a.col(j) = (1.0 + 99.0 * (Z.col(j).array() - mn[j]) / r).log();
                    }
                    break;
                }
                case Aggregation::topsis:
                    op.a = (Z.rowwise() - mx).array().square();
                    op.b = (Z.rowwise() - mn).array().square();
                    break;
                case Aggregation::vikor: {
                    op.a.resize(md.n, md.m);
                    for (Index j = 0; j < md.m; ++j) {
                        const double r = mx[j] - mn[j];
                        if (r == 0) op.a.col(j).setZero();
                        else op.a.col(j) = (mx[j] - Z.col(j).array()) / r;
                    }
                    break;
                }
                case Aggregation::promethee2:
                    op.a = promethee_criterion_flows(Z, Types::Ones(md.m), {PreferenceSpec{}});
                    break;
            }
        }
    };
    {
        const std::size_t NT = std::min<std::size_t>(K, std::size_t(resolve_threads(s.threads)));
        // one slot per normalisation: the error reported is the first in list order, as in
        // a serial run, whatever the thread count
        std::vector<std::exception_ptr> errors(K);
        auto worker = [&](int t) {
            for (std::size_t k = std::size_t(t); k < K; k += NT) {
                try {
                    one(k);
                } catch (...) {
                    errors[k] = std::current_exception();
                    return;
                }
            }
        };
        run_workers(int(NT), worker);
        for (auto& e : errors) if (e) std::rethrow_exception(e);
    }
    for (auto& kn : knotes) md.notes.insert(md.notes.end(), kn.begin(), kn.end());
    if (std::find(md.aggs.begin(), md.aggs.end(), Aggregation::geometric) != md.aggs.end())
        md.notes.push_back("geometric aggregation applied to each normalised column rescaled to "
                           "[1, 100] (so geometric results do not depend on the normalisation "
                           "beyond its order and spacing)");
    if (std::find(md.aggs.begin(), md.aggs.end(), Aggregation::promethee2) != md.aggs.end())
        md.notes.push_back("PROMETHEE II uses the usual criterion on the normalised matrix");
    return md;
}

// higher is better for every returned score (VIKOR Q is negated)
void score(const Model& md, const Op& op, const Vector& w, Vector& out) {
    switch (op.agg) {
        case Aggregation::weighted_sum:
        case Aggregation::geometric:
        case Aggregation::promethee2: out.noalias() = op.a * w; break;
        case Aggregation::topsis: {
            const Vector w2 = w.array().square();
            const Vector dp = (op.a * w2).array().sqrt();
            const Vector dm = (op.b * w2).array().sqrt();
            out.resize(md.n);
            for (Index i = 0; i < md.n; ++i) {
                const double d = dp[i] + dm[i];
                out[i] = d == 0 ? 0.5 : dm[i] / d;
            }
            break;
        }
        case Aggregation::vikor: {
            const Vector S = op.a * w;
            Eigen::ArrayXd R = Eigen::ArrayXd::Zero(md.n);
            for (Index j = 0; j < md.m; ++j) R = R.max(w[j] * op.a.col(j).array());
            const double s0 = S.minCoeff(), s1 = S.maxCoeff(), r0 = R.minCoeff(), r1 = R.maxCoeff();
            out.resize(md.n);
            for (Index i = 0; i < md.n; ++i) {
                const double a = s1 == s0 ? 0.0 : (S[i] - s0) / (s1 - s0);
                const double b = r1 == r0 ? 0.0 : (R[i] - r0) / (r1 - r0);
                out[i] = -(md.v * a + (1 - md.v) * b);
            }
            break;
        }
    }
}

// average ranks (1 = highest score), written as 2*rank (an integer) into out
void ranks2(const Vector& s, std::vector<std::pair<double, std::int32_t>>& buf,
            std::vector<std::uint32_t>& out) {
    const Index n = s.size();
    buf.resize(std::size_t(n));
    for (Index i = 0; i < n; ++i) buf[std::size_t(i)] = {-s[i], std::int32_t(i)};
    std::sort(buf.begin(), buf.end());
    out.resize(std::size_t(n));
    for (Index i = 0; i < n;) {
        Index j = i;
        while (j + 1 < n && buf[std::size_t(j + 1)].first == buf[std::size_t(i)].first) ++j;
        const std::uint32_t r2 = std::uint32_t(i + 1 + j + 1);   // 2 * average rank
        for (Index k = i; k <= j; ++k) out[std::size_t(buf[std::size_t(k)].second)] = r2;
        i = j + 1;
    }
}


Vector perturbed(const Vector& w0, double x, const double* u) {
    Vector w(w0.size());
    for (Index j = 0; j < w0.size(); ++j) w[j] = w0[j] * (1.0 + x * (2.0 * u[j] - 1.0));
    const double s = w.sum();
    return s > 0 ? Vector(w / s) : w0;
}

std::size_t pick(double u, std::size_t k) { return std::min(k - 1, std::size_t(u * double(k))); }

}  // namespace

// ---------------------------------------------------------------- the Monte-Carlo driver

std::uint64_t draw_seed(std::uint64_t seed, std::int64_t draw) {
    using hatchnet::detail::splitmix64;
    return splitmix64(splitmix64(seed) ^ std::uint64_t(draw));
}

int resolve_threads(int threads) {
    if (threads > 0) return threads;
    const unsigned h = std::thread::hardware_concurrency();
    return h == 0 ? 1 : int(std::min(h, 64u));
}

namespace {

// lo = min, hi = max of s[0 .. n) in one pass; false if a value is not finite (x·0 is 0 for
// every finite x and NaN otherwise, so the sum of those products tells).
bool min_max_finite(const double* s, Index n, double& lo, double& hi) {
    Index i = 0;
#if defined(__SSE2__)
    if (n >= 4) {
        const __m128d zero = _mm_setzero_pd();
        __m128d lo0 = _mm_loadu_pd(s), lo1 = _mm_loadu_pd(s + 2), hi0 = lo0, hi1 = lo1;
        __m128d z0 = _mm_mul_pd(lo0, zero), z1 = _mm_mul_pd(lo1, zero);
        for (i = 4; i + 4 <= n; i += 4) {
            const __m128d a = _mm_loadu_pd(s + i), b = _mm_loadu_pd(s + i + 2);
            lo0 = _mm_min_pd(lo0, a); hi0 = _mm_max_pd(hi0, a); z0 = _mm_add_pd(z0, _mm_mul_pd(a, zero));
            lo1 = _mm_min_pd(lo1, b); hi1 = _mm_max_pd(hi1, b); z1 = _mm_add_pd(z1, _mm_mul_pd(b, zero));
        }
        alignas(16) double l[2], h[2], z[2];
        _mm_store_pd(l, _mm_min_pd(lo0, lo1));
        _mm_store_pd(h, _mm_max_pd(hi0, hi1));
        _mm_store_pd(z, _mm_add_pd(z0, z1));
        if (!(z[0] == 0 && z[1] == 0)) return false;
        lo = std::min(l[0], l[1]);
        hi = std::max(h[0], h[1]);
    } else
#endif
    {
        if (n < 1) return false;
        lo = hi = s[0];
        i = 0;
    }
    for (; i < n; ++i) {
        if (!std::isfinite(s[i])) return false;
        lo = std::min(lo, s[i]);
        hi = std::max(hi, s[i]);
    }
    return true;
}

// Ranks of one draw (descending score first; exact double ties get the average rank);
// writes 2 * average rank (an integer) into out. Scores are mapped to 22-bit keys by
// key = (max − v)·scale (monotone under rounding, so a larger score never gets a larger key)
// and sorted, packed with the unit index into one 64-bit word, by an LSD radix sort of two
// 11-bit passes; the only possible disorder is then inside a run of equal keys, which is
// sorted by the exact double scores. Ranks are therefore exactly those of the double scores.
// Returns false if a score is not finite.
struct RadixRanker {
    std::vector<std::uint64_t> a, b;
    std::vector<std::uint32_t> count;

    template <class T>
    bool run(const double* s, Index n, T* out) {
        constexpr int bits = 11, buckets = 1 << bits, passes = 2;
        constexpr double top = double((1u << (bits * passes)) - 1);
        a.resize(std::size_t(n)); b.resize(std::size_t(n));
        count.assign(std::size_t(buckets) * passes, 0u);
        double lo, hi;
        if (!min_max_finite(s, n, lo, hi)) return false;
        // key = (hi − v)·scale, halved first if hi − lo overflows
        const double h = std::isfinite(hi - lo) ? 1.0 : 0.5;
        const double range = hi * h - lo * h;
        const double scale = range > 0 ? top / range : 0.0;
        const double hh = hi * h;
        std::uint32_t* c0 = count.data();
        std::uint32_t* c1 = c0 + buckets;
        for (Index i = 0; i < n; ++i) {
            const std::uint32_t k = std::uint32_t(std::min(top, (hh - s[i] * h) * scale));
            a[std::size_t(i)] = (std::uint64_t(k) << 32) | std::uint32_t(i);
            ++c0[k & (buckets - 1)];
            ++c1[k >> bits];
        }
        for (int p = 0; p < passes; ++p) {
            std::uint32_t* c = count.data() + std::size_t(p) * buckets;
            const int shift = 32 + p * bits;
            const std::uint64_t first = (a[0] >> shift) & (buckets - 1);
            if (c[first] == std::uint32_t(n)) continue;   // every key shares this digit
            std::uint32_t sum = 0;
            for (int d = 0; d < buckets; ++d) { const std::uint32_t t = c[d]; c[d] = sum; sum += t; }
            const std::uint64_t* src = a.data();
            std::uint64_t* dst = b.data();
            for (Index i = 0; i < n; ++i) {
                const std::uint64_t e = src[i];
                dst[c[(e >> shift) & (buckets - 1)]++] = e;
            }
            a.swap(b);
        }
        std::uint64_t* e = a.data();
        for (Index i = 0; i < n;) {
            Index j = i;
            const std::uint64_t hk = e[i] >> 32;
            while (j + 1 < n && (e[j + 1] >> 32) == hk) ++j;
            if (j == i) {
                out[std::uint32_t(e[i])] = T(2 * i + 2);
                ++i;
                continue;
            }
            // a run of equal keys: order it by the exact scores, then average exact ties
            std::sort(e + i, e + j + 1, [s](std::uint64_t x, std::uint64_t y) {
                return s[std::uint32_t(x)] > s[std::uint32_t(y)];
            });
            for (Index g = i; g <= j;) {
                Index q = g;
                const double v = s[std::uint32_t(e[g])];
                while (q + 1 <= j && s[std::uint32_t(e[q + 1])] == v) ++q;
                const T r2 = T(g + 1 + q + 1);   // 2 * average rank
                for (Index k = g; k <= q; ++k) out[std::uint32_t(e[k])] = r2;
                g = q + 1;
            }
            i = j + 1;
        }
        return true;
    }
};

// dst[i * ld + c] = src[c * n + i] for c < cnt, i < n (a batch's draw-major ranks into the
// unit-major store), in blocks of units that stay in cache; 8 × 8 blocks of 16-bit ranks are
// transposed with SSE2 where available.
template <class Store>
void transpose_into(const Store* src, Index n, Index cnt, Store* dst, std::int64_t ld) {
    constexpr Index ub = 256;
    for (Index i0 = 0; i0 < n; i0 += ub) {
        const Index h = std::min(ub, n - i0);
        Index c0 = 0;
#if defined(__SSE2__)
        if constexpr (sizeof(Store) == 2) {
            for (; c0 + 8 <= cnt; c0 += 8) {
                Index k = 0;
                for (; k + 8 <= h; k += 8) {
                    __m128i r[8];
                    for (int q = 0; q < 8; ++q)
                        r[q] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(
                            src + std::size_t(c0 + q) * std::size_t(n) + std::size_t(i0 + k)));
                    const __m128i a0 = _mm_unpacklo_epi16(r[0], r[1]), a1 = _mm_unpackhi_epi16(r[0], r[1]);
                    const __m128i a2 = _mm_unpacklo_epi16(r[2], r[3]), a3 = _mm_unpackhi_epi16(r[2], r[3]);
                    const __m128i a4 = _mm_unpacklo_epi16(r[4], r[5]), a5 = _mm_unpackhi_epi16(r[4], r[5]);
                    const __m128i a6 = _mm_unpacklo_epi16(r[6], r[7]), a7 = _mm_unpackhi_epi16(r[6], r[7]);
                    const __m128i b0 = _mm_unpacklo_epi32(a0, a2), b1 = _mm_unpackhi_epi32(a0, a2);
                    const __m128i b2 = _mm_unpacklo_epi32(a1, a3), b3 = _mm_unpackhi_epi32(a1, a3);
                    const __m128i b4 = _mm_unpacklo_epi32(a4, a6), b5 = _mm_unpackhi_epi32(a4, a6);
                    const __m128i b6 = _mm_unpacklo_epi32(a5, a7), b7 = _mm_unpackhi_epi32(a5, a7);
                    const __m128i o[8] = {_mm_unpacklo_epi64(b0, b4), _mm_unpackhi_epi64(b0, b4),
                                          _mm_unpacklo_epi64(b1, b5), _mm_unpackhi_epi64(b1, b5),
                                          _mm_unpacklo_epi64(b2, b6), _mm_unpackhi_epi64(b2, b6),
                                          _mm_unpacklo_epi64(b3, b7), _mm_unpackhi_epi64(b3, b7)};
                    for (int q = 0; q < 8; ++q)
                        _mm_storeu_si128(reinterpret_cast<__m128i*>(
                            dst + std::size_t(i0 + k + q) * std::size_t(ld) + std::size_t(c0)), o[q]);
                }
                for (; k < h; ++k)
                    for (Index c = c0; c < c0 + 8; ++c)
                        dst[std::size_t(i0 + k) * std::size_t(ld) + std::size_t(c)] =
                            src[std::size_t(c) * std::size_t(n) + std::size_t(i0 + k)];
            }
        }
#endif
        if (c0 < cnt)
            for (Index k = 0; k < h; ++k)
                for (Index c = c0; c < cnt; ++c)
                    dst[std::size_t(i0 + k) * std::size_t(ld) + std::size_t(c)] =
                        src[std::size_t(c) * std::size_t(n) + std::size_t(i0 + k)];
    }
}

/// Per-unit median, 5th and 95th percentile (numpy's linear rule) and mean of the ranks in
/// `store` (unit-major, 2 x rank), by counting over each unit's rank range, on NT threads.
template <class Store>
void summarise_ranks(const Store* store, Index n, std::int64_t D, int NT, UncertaintyResult& r) {
    r.median_rank.resize(n); r.p05.resize(n); r.p95.resize(n); r.mean_rank.resize(n);
    // per-unit summaries by counting over the unit's rank range; units interleaved in blocks
    constexpr Index tile = 64;
    auto summarise = [&](int t) {
        std::vector<std::uint32_t> hist(2 * std::size_t(n) + 3);
        for (Index i0 = Index(t) * tile; i0 < n; i0 += Index(NT) * tile) {
            const Index w = std::min(tile, n - i0);
            for (Index k = 0; k < w; ++k) {
                const Store* v = store + std::size_t(i0 + k) * std::size_t(D);
                std::uint32_t lo = ~0u, hi = 0;
                std::uint64_t sum = 0;
                for (std::int64_t d = 0; d < D; ++d) {
                    lo = std::min<std::uint32_t>(lo, v[d]); hi = std::max<std::uint32_t>(hi, v[d]); sum += v[d];
                }
                std::fill(hist.begin() + lo, hist.begin() + hi + 1, 0u);
                for (std::int64_t d = 0; d < D; ++d) ++hist[v[d]];
                // k-th smallest (0-based) for the three quantiles in one sweep
                const double ps[3] = {0.05, 0.5, 0.95};
                std::int64_t need[6];
                double frac[3];
                for (int q = 0; q < 3; ++q) {
                    const double pos = ps[q] * double(D - 1);
                    const std::int64_t l = std::int64_t(std::floor(pos));
                    frac[q] = pos - double(l);
                    need[2 * q] = l;
                    need[2 * q + 1] = std::min<std::int64_t>(l + 1, D - 1);
                }
                double got[6];
                int next = 0;
                std::int64_t c = 0;
                // needs are non-decreasing (quantiles ascending)
                for (std::uint32_t val = lo; val <= hi && next < 6; ++val) {
                    c += hist[val];
                    while (next < 6 && c > need[next]) got[next++] = double(val);
                }
                while (next < 6) got[next++] = double(hi);
                const Index i = i0 + k;
                double* dst[3] = {&r.p05[i], &r.median_rank[i], &r.p95[i]};
                for (int q = 0; q < 3; ++q)
                    *dst[q] = (got[2 * q] + frac[q] * (got[2 * q + 1] - got[2 * q])) / 2.0;
                r.mean_rank[i] = double(sum) / double(D) / 2.0;
            }
        }
    };
    run_workers(NT, summarise);
}

template <class Store>
UncertaintyResult drive(const Vector& nominal, const DrawModel& model, const DrawOptions& opt) {
    const Index n = nominal.size();
    const std::int64_t D = opt.draws;
    const Index B = std::max<Index>(1, opt.batch);
    const std::int64_t nb = (D + B - 1) / B;
    const int NT = int(std::min<std::int64_t>(resolve_threads(opt.threads), std::max<std::int64_t>(1, nb)));
    // unit-major (store[i * D + d] = 2 * rank of unit i in draw d): each worker ranks a batch
    // into a draw-major buffer and transposes it in cache-sized unit blocks, so the per-unit
    // summaries (and the kept D × n column-major rank matrix) read contiguous memory
    // (left uninitialised: the batches write every entry; zero-filling 200 MB cost ~5 %)
    const std::size_t store_size = std::size_t(D) * std::size_t(n);
    std::unique_ptr<Store[]> store_buf(new Store[store_size]);
    Store* const store = store_buf.get();
    // per thread: the first failing batch and its error; the earliest batch's is reported
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(NT));
    std::vector<std::int64_t> error_batch(static_cast<std::size_t>(NT), nb);
    // progress: every worker counts its finished draws; worker 0 runs on the calling thread
    // and is the only one that reports. A stop is seen by the others at their next batch
    // (other failures are not: the earliest failing batch is reported, on any thread count).
    ProgressTicker tick(opt.progress);
    tick.check_every_tick();   // a batch is a long unit of work
    tick.stage("draws", D);
    std::atomic<std::int64_t> drawn{0};
    std::atomic<bool> stop{false};
    auto worker = [&](int t) {
        std::int64_t b = t;
        try {
            RadixRanker rr;
            Matrix sc;
            std::vector<Store> local;
            for (; b < nb && !stop.load(std::memory_order_relaxed); b += NT) {
                if (t == 0) {
                    try {
                        tick.tick(drawn.load(std::memory_order_relaxed));
                    } catch (...) {
                        stop.store(true, std::memory_order_relaxed);
                        throw;
                    }
                }
                const std::int64_t first = b * B;
                const Index cnt = Index(std::min<std::int64_t>(B, D - first));
                sc.resize(n, cnt);
                model(first, cnt, sc);
                local.resize(std::size_t(cnt) * std::size_t(n));
                for (Index c = 0; c < cnt; ++c) {
                    if (!rr.run(sc.col(c).data(), n, local.data() + std::size_t(c) * std::size_t(n)))
                        for (Index i = 0; i < n; ++i)
                            if (!std::isfinite(sc(i, c)))
                                throw input_error("draw " + std::to_string(first + c), "score",
                                                  "non-finite score for unit " + std::to_string(i));
                }
                transpose_into(local.data(), n, cnt, store + std::size_t(first), D);
                drawn.fetch_add(cnt, std::memory_order_relaxed);
            }
        } catch (...) {
            errors[std::size_t(t)] = std::current_exception();
            error_batch[std::size_t(t)] = b;
        }
    };
    run_workers(NT, worker);
    {
        const auto first = std::min_element(error_batch.begin(), error_batch.end()) - error_batch.begin();
        if (errors[std::size_t(first)]) std::rethrow_exception(errors[std::size_t(first)]);
    }
    tick.finish(D);

    UncertaintyResult r;
    {
        RadixRanker rr;
        std::vector<std::uint32_t> nr(static_cast<std::size_t>(n));
        rr.run(nominal.data(), n, nr.data());
        r.nominal_rank.resize(n);
        for (Index i = 0; i < n; ++i) r.nominal_rank[i] = nr[std::size_t(i)] / 2.0;
    }
    if (opt.keep_ranks) {
        r.ranks.resize(D, n);   // column-major: same layout as the store
        double* dst = r.ranks.data();
        for (std::size_t e = 0; e < store_size; ++e) dst[e] = store[e] / 2.0;
    }
    summarise_ranks(store, n, D, NT, r);
    return r;
}

}  // namespace

namespace {
std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
    return b != 0 && a > ~std::uint64_t(0) / b ? ~std::uint64_t(0) : a * b;
}
}  // namespace

// The rank store holds draws × units entries: refuse sizes over the limits before allocating.
void check_draws(std::int64_t draws, std::int64_t units, const std::string& record) {
    if (draws < 1) throw input_error(record, "draws", "need at least one draw");
    check_count(std::uint64_t(draws), record, "draws");
    const std::uint64_t max_ranks = saturating_mul(rank_store_factor, limits().max_elements);
    const std::uint64_t ranks = saturating_mul(std::uint64_t(draws), std::uint64_t(std::max<std::int64_t>(units, 0)));
    if (ranks > max_ranks)
        throw limit_error(record, "draws",
                          std::to_string(draws) + " draws x " + std::to_string(units) + " units = " +
                              std::to_string(ranks) + " stored ranks exceed the limit of " +
                              std::to_string(max_ranks) + " (" + std::to_string(rank_store_factor) +
                              " x max_elements; raise max_elements to allow it)");
}

UncertaintyResult rank_intervals(const Vector& nominal, const DrawModel& model, const DrawOptions& opt) {
    check_draws(opt.draws, nominal.size());
    if (nominal.size() < 1) throw input_error("uncertainty", "units", "no unit to rank");
    check_finite(nominal, "nominal scores");
    if (2 * nominal.size() + 2 < 65536) return drive<std::uint16_t>(nominal, model, opt);
    return drive<std::uint32_t>(nominal, model, opt);
}

UncertaintyResult monte_carlo_ranks(const Matrix& x, const UncertaintySpec& s) {
    check_draws(s.draws, x.rows());
    Model md = build(x, s);
    const Index n = md.n, m = md.m;
    const std::size_t A = md.aggs.size(), K = md.norms.size();
    Vector nominal;
    score(md, md.ops[0], s.weights, nominal);
    // pack each precomputed matrix once for the draw kernels (and drop the unpacked copy)
    struct Packed { Aggregation agg; detail::PackedRows a, b; };
    std::vector<Packed> pk;
    pk.reserve(md.ops.size());
    for (Op& op : md.ops) {
        pk.push_back({op.agg, detail::pack_rows(op.a), detail::PackedRows{}});
        if (op.b.size()) pk.back().b = detail::pack_rows(op.b);
        op.a.resize(0, 0);
        op.b.resize(0, 0);
    }
    auto model = [&](std::int64_t first, Index cnt, Matrix& out) {
        // draws of the batch: weights (m × cnt) and method pair
        Matrix W(m, cnt);
        std::vector<std::size_t> op(static_cast<std::size_t>(cnt));
        std::vector<double> u(std::size_t(m) + 2);
        for (Index c = 0; c < cnt; ++c) {
            hatchnet::detail::Rng g(draw_seed(s.seed, first + c));
            for (auto& v : u) v = g.uniform01();
            W.col(c) = perturbed(s.weights, s.weight_perturbation, u.data());
            op[std::size_t(c)] = pick(u[std::size_t(m)], K) * A + pick(u[std::size_t(m) + 1], A);
        }
        // one packed product per method pair present in the batch, written straight into the
        // draws' score columns where the aggregation needs no second step
        Matrix Wo, T1, T2;
        std::vector<double*> dst, t1, t2;
        for (std::size_t o = 0; o < pk.size(); ++o) {
            std::vector<Index> cols;
            for (Index c = 0; c < cnt; ++c) if (op[std::size_t(c)] == o) cols.push_back(c);
            if (cols.empty()) continue;
            const Packed& p = pk[o];
            const Index k = Index(cols.size());
            Wo.resize(m, k);
            dst.resize(std::size_t(k));
            for (Index c = 0; c < k; ++c) {
                Wo.col(c) = W.col(cols[std::size_t(c)]);
                dst[std::size_t(c)] = out.col(cols[std::size_t(c)]).data();
            }
            auto columns = [&](Matrix& T, std::vector<double*>& ptr) {
                T.resize(n, k);
                ptr.resize(std::size_t(k));
                for (Index c = 0; c < k; ++c) ptr[std::size_t(c)] = T.col(c).data();
            };
            switch (p.agg) {
                case Aggregation::weighted_sum:
                case Aggregation::geometric:
                case Aggregation::promethee2:
                    detail::panel_products(p.a, Wo.data(), m, k, dst.data(), detail::Combine::dot);
                    break;
                case Aggregation::topsis: {
                    const Matrix W2 = Wo.array().square().matrix();
                    columns(T1, t1);
                    columns(T2, t2);
                    detail::panel_products(p.a, W2.data(), m, k, t1.data(), detail::Combine::dot);
                    detail::panel_products(p.b, W2.data(), m, k, t2.data(), detail::Combine::dot);
                    for (Index c = 0; c < k; ++c) {
                        const double* dp = t1[std::size_t(c)];
                        const double* dm = t2[std::size_t(c)];
                        double* sc = dst[std::size_t(c)];
                        for (Index i = 0; i < n; ++i) {
                            const double a = std::sqrt(std::max(0.0, dp[i])), b = std::sqrt(std::max(0.0, dm[i]));
                            sc[i] = a + b == 0 ? 0.5 : b / (a + b);
                        }
                    }
                    break;
                }
                case Aggregation::vikor: {
                    columns(T1, t1);
                    columns(T2, t2);
                    detail::panel_products(p.a, Wo.data(), m, k, t1.data(), detail::Combine::dot);
                    detail::panel_products(p.a, Wo.data(), m, k, t2.data(), detail::Combine::max_product);
                    for (Index c = 0; c < k; ++c) {
                        const auto Sv = T1.col(c).array();
                        const auto R = T2.col(c).array();
                        const double s0 = Sv.minCoeff(), s1 = Sv.maxCoeff();
                        const double r0 = R.minCoeff(), r1 = R.maxCoeff();
                        double* sc = dst[std::size_t(c)];
                        for (Index i = 0; i < n; ++i) {
                            const double a = s1 == s0 ? 0.0 : (Sv[i] - s0) / (s1 - s0);
                            const double b = r1 == r0 ? 0.0 : (R[i] - r0) / (r1 - r0);
                            sc[i] = -(md.v * a + (1 - md.v) * b);
                        }
                    }
                    break;
                }
            }
        }
    };
    DrawOptions o;
    o.draws = s.draws; o.threads = s.threads; o.keep_ranks = s.keep_ranks; o.progress = s.progress;
    // `batch` draws per method pair: a batch spans batch × (number of pairs) draws so that each
    // GEMM multiplies a precomputed matrix by about `batch` weight vectors (the matrix is read
    // and packed once per GEMM), capped to keep the n × batch score block near 24 MB.
    // Results do not depend on the batch size.
    {
        const Index b0 = std::max<Index>(1, s.batch);
        const Index cap = std::max<Index>(b0, Index(3'000'000 / std::max<Index>(1, n)));
        o.batch = std::min(b0 * Index(md.ops.size()), cap);
    }
    UncertaintyResult r = rank_intervals(nominal, model, o);
    r.notes = md.notes;
    r.notes.push_back("weights perturbed by ±" + std::to_string(s.weight_perturbation * 100) +
                      "% and re-normalised to sum 1 in each draw");
    return r;
}

SobolResult sobol_indices(const Matrix& x, const UncertaintySpec& s, std::int64_t N) {
    if (N < 2) throw input_error("sobol", "base_samples", "need at least 2 base samples");
    {
        // Saltelli's base matrices hold N rows of criteria + 2 uniforms (the weights, the
        // normalisation, the aggregation): refuse a sample over max_elements before any work
        const std::uint64_t dim = std::uint64_t(std::max<Index>(x.cols(), 0)) + 2;
        const std::uint64_t entries = saturating_mul(std::uint64_t(N), dim);
        const std::uint64_t lim = limits().max_elements;
        if (entries > lim)
            throw limit_error("sobol", "base_samples",
                              std::to_string(N) + " base samples x (" + std::to_string(dim - 2) +
                                  " criteria + 2) = " + std::to_string(entries) + " exceeds the limit of " +
                                  std::to_string(lim) + " elements (raise max_elements to allow it)");
    }
    Model md = build(x, s);
    SobolResult r;
    r.notes = md.notes;
    const Index n = md.n, m = md.m;
    const std::size_t A = md.aggs.size();
    // factor groups over the columns of the sample matrix: [0,m) weights, m norm, m+1 agg
    std::vector<std::pair<Index, Index>> groups;
    if (s.weight_perturbation > 0) { r.factors.push_back("weights"); groups.push_back({0, m}); }
    else r.notes.push_back("weights fixed (perturbation 0): not a factor");
    if (md.norms.size() > 1) { r.factors.push_back("normalisation"); groups.push_back({m, m + 1}); }
    else r.notes.push_back("one normalisation only: not a factor");
    if (A > 1) { r.factors.push_back("aggregation"); groups.push_back({m + 1, m + 2}); }
    else r.notes.push_back("one aggregation only: not a factor");
    const std::size_t K = groups.size();
    if (K == 0) throw input_error("sobol", "factors", "nothing varies: no uncertain factor");
    const Index dim = m + 2;
    hatchnet::detail::Rng rng(s.seed);
    Vector sc;
    std::vector<std::pair<double, std::int32_t>> buf;
    std::vector<std::uint32_t> rk;
    auto eval = [&](const std::vector<double>& u, Vector& f) {
        const Vector w = perturbed(s.weights, s.weight_perturbation, u.data());
        const std::size_t k = pick(u[std::size_t(m)], md.norms.size());
        const std::size_t a = pick(u[std::size_t(m) + 1], A);
        score(md, md.ops[k * A + a], w, sc);
        ranks2(sc, buf, rk);
        f.resize(n);
        for (Index i = 0; i < n; ++i) f[i] = rk[std::size_t(i)] / 2.0;
    };
    Vector sumA = Vector::Zero(n), sumA2 = Vector::Zero(n), sumB = Vector::Zero(n), sumB2 = Vector::Zero(n);
    Matrix Sn = Matrix::Zero(n, Index(K)), Tn = Matrix::Zero(n, Index(K));
    std::vector<double> ua(dim), ub(dim), uab(dim);
    Vector fA, fB, fAB;
    for (std::int64_t row = 0; row < N; ++row) {
        for (auto& v : ua) v = rng.uniform01();
        for (auto& v : ub) v = rng.uniform01();
        eval(ua, fA);
        eval(ub, fB);
        sumA += fA; sumA2 += fA.cwiseAbs2(); sumB += fB; sumB2 += fB.cwiseAbs2();
        for (std::size_t g = 0; g < K; ++g) {
            uab = ua;
            for (Index c = groups[g].first; c < groups[g].second; ++c) uab[std::size_t(c)] = ub[std::size_t(c)];
            eval(uab, fAB);
            Sn.col(Index(g)) += (fB.array() * (fAB - fA).array()).matrix();
            Tn.col(Index(g)) += (fA - fAB).cwiseAbs2();
        }
    }
    r.evaluations = N * std::int64_t(K + 2);
    const double Nd = double(N);
    r.first_order.resize(n, Index(K));
    r.total.resize(n, Index(K));
    Vector var(n);
    Index constant = 0;
    for (Index i = 0; i < n; ++i) {
        const double mean = (sumA[i] + sumB[i]) / (2 * Nd);
        var[i] = (sumA2[i] + sumB2[i]) / (2 * Nd) - mean * mean;
        if (var[i] <= 1e-12 * std::max(1.0, mean * mean)) {
            var[i] = 0;
            ++constant;
            r.first_order.row(i).setZero();
            r.total.row(i).setZero();
            continue;
        }
        for (std::size_t g = 0; g < K; ++g) {
            r.first_order(i, Index(g)) = Sn(i, Index(g)) / Nd / var[i];
            r.total(i, Index(g)) = Tn(i, Index(g)) / Nd / (2 * var[i]);
        }
    }
    if (constant)
        r.notes.push_back(std::to_string(constant) +
                          " unit(s) never changed rank: their indices are set to 0");
    const double vt = var.sum();
    r.mean_first_order = vt > 0 ? Vector((r.first_order.transpose() * var) / vt) : Vector::Zero(Index(K));
    r.mean_total = vt > 0 ? Vector((r.total.transpose() * var) / vt) : Vector::Zero(Index(K));
    return r;
}

namespace {
Vector run_once(const Matrix& x, const Vector& w, const Types& t, Aggregation ag,
                Normalisation nz, double v) {
    switch (ag) {
        case Aggregation::weighted_sum: return weighted_sum(normalise(x, t, nz).values, w).score;
        case Aggregation::geometric: {
            UncertaintySpec s; s.weights = w; s.types = t; s.normalisations = {nz};
            s.aggregations = {ag}; s.vikor_v = v;
            Model md = build(x, s);
            Vector out; score(md, md.ops[0], w, out); return out;
        }
        case Aggregation::topsis: return topsis(x, w, t, nz).score;
        case Aggregation::vikor: return -vikor(x, w, t, v).Q;
        case Aggregation::promethee2: return promethee2(x, w, t).phi;
    }
    return {};
}
}  // namespace

RankReversalResult rank_reversal(const Matrix& x, const Vector& w, const Types& t,
                                 Aggregation ag, Normalisation nz, double v) {
    check_finite(x, "matrix");
    const Index n = x.rows();
    if (n < 3) throw input_error("matrix", "rows", "rank reversal needs at least 3 alternatives");
    RankReversalResult r;
    const Vector base = run_once(x, w, t, ag, nz, v);
    r.base_rank = rank(base, true);
    r.reversed_pairs = Eigen::VectorXi::Zero(n);
    for (Index a = 0; a < n; ++a) {
        Matrix y(n - 1, x.cols());
        std::vector<Index> keep;
        for (Index i = 0; i < n; ++i) if (i != a) { y.row(Index(keep.size())) = x.row(i); keep.push_back(i); }
        const Vector s = run_once(y, w, t, ag, nz, v);
        int flips = 0;
        for (Index i = 0; i < n - 1; ++i)
            for (Index j = i + 1; j < n - 1; ++j) {
                const double b = base[keep[i]] - base[keep[j]], c = s[i] - s[j];
                if ((b > 0 && c < 0) || (b < 0 && c > 0)) ++flips;
            }
        r.reversed_pairs[a] = flips;
        r.total_reversals += flips;
    }
    if (r.total_reversals)
        r.notes.push_back("removing an alternative reversed the order of other alternatives in " +
                          std::to_string((r.reversed_pairs.array() > 0).count()) + " of " +
                          std::to_string(n) + " removals");
    return r;
}

}  // namespace hatchnet::evaluate
