// bench_evaluate — timing of the evaluation engine at the sizes of issue 5:
//   10,000 units × 60 indicators, 1,000,000 ratings pooled, scored and graded (goal <= 50 ms
//   after load); 10,000-draw Monte-Carlo (goal <= 2 s); and the single methods (TOPSIS, VIKOR,
//   PROMETHEE II, entropy, CRITIC) on the matrices bench_evaluate_peers.py gives pymcdm and
//   scikit-criteria. Plain std::chrono, best of `reps` runs; prints one line per measurement
//   ("name  size  ms") so the peers script can parse and print ratios.
// Usage: bench_evaluate [units=10000] [indicators=60] [ratings=1000000] [draws=10000] [mc]
//   (a fifth argument "mc" runs only the Monte-Carlo part and prints a digest of its results)
#include "hatchnet/evaluate/evaluate.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>

using namespace hatchnet::evaluate;
using clk = std::chrono::steady_clock;

static double best_ms(int reps, const std::function<void()>& f) {
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        auto t0 = clk::now();
        f();
        best = std::min(best, std::chrono::duration<double, std::milli>(clk::now() - t0).count());
    }
    return best;
}

static void line(const char* name, const std::string& size, double ms, double goal = 0) {
    if (goal > 0) std::printf("%-34s %-22s %10.2f ms   (goal <= %.0f ms: %s)\n", name, size.c_str(), ms, goal, ms <= goal ? "met" : "MISSED");
    else std::printf("%-34s %-22s %10.2f ms\n", name, size.c_str(), ms);
    std::fflush(stdout);
}

int main(int argc, char** argv) {
    const Index n = argc > 1 ? std::atol(argv[1]) : 10000;
    const Index m = argc > 2 ? std::atol(argv[2]) : 60;
    const std::int64_t R = argc > 3 ? std::atoll(argv[3]) : 1000000;
    const std::int64_t D = argc > 4 ? std::atoll(argv[4]) : 10000;
    const std::string sz = std::to_string(n) + "x" + std::to_string(m);
    const bool mc_only = argc > 5 && std::string(argv[5]) == "mc";

    // ---- load (not timed): data, ratings, a 60-leaf points scheme with 4 areas
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<double> U(0, 1);
    Matrix x(n, m);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = 1 + 99 * U(rng);
    Types t = Types::Ones(m);
    for (Index j = 0; j < m; j += 5) t[j] = -1;
    const Vector w = equal_weights(m);
    std::vector<std::int64_t> unit(R), rater(R);
    Vector val(R);
    std::uniform_int_distribution<std::int64_t> pu(0, n - 1), pr(0, 4999);
    for (std::int64_t k = 0; k < R; ++k) { unit[k] = pu(rng); rater[k] = pr(rng); val[k] = double(1 + rng() % 5); }
    nlohmann::json sj;
    sj["id"] = "bench"; sj["total_points"] = 1000;
    sj["indicators"] = nlohmann::json::array();
    const double area_pts[4] = {70, 490, 320, 120};
    const Index per = m / 4;
    for (int a = 0; a < 4; ++a) {
        sj["indicators"].push_back({{"id", "area" + std::to_string(a)}, {"points", area_pts[a]}});
        const Index cnt = a == 3 ? m - 3 * per : per;
        for (Index k = 0; k < cnt; ++k)
            sj["indicators"].push_back({{"id", "i" + std::to_string(a * per + k)}, {"parent", "area" + std::to_string(a)},
                                        {"weight", 1.0 / double(cnt)}, {"scoring", "minmax"}});
    }
    // weights 1/cnt may not sum to exactly 1 in floating point: allow rescaling (noted)
    sj["strict_sums"] = false;
    sj["grades"] = {{{"name", "5A"}, {"min_points", 900}}, {{"name", "4A"}, {"min_points", 800}},
                    {{"name", "3A"}, {"min_points", 700}}, {{"name", "2A"}, {"min_points", 600}},
                    {{"name", "1A"}, {"min_points", 500}}};
    sj["vetoes"] = {{{"id", "v"}, {"indicator", "i0"}, {"op", "<"}, {"threshold", 5}, {"max_grade", "3A"}}};
    Scheme scheme = scheme_from_json(sj);
    std::vector<std::string> cols;
    for (Index j = 0; j < m; ++j) cols.push_back("i" + std::to_string(j));
    PoolOptions po; po.method = Pooling::shrinkage; po.prior_strength = 5; po.compute_severity = false;
    po.unit_group = Eigen::VectorXi(n);
    for (Index i = 0; i < n; ++i) po.unit_group[i] = int(i % 3);

    std::printf("# hatchnet bench_evaluate: %ld units x %ld indicators, %lld ratings, %lld draws\n",
                long(n), long(m), (long long)R, (long long)D);
    double sink = 0;
    if (!mc_only) {
    // ---- the pipeline: pool -> put into a column -> scheme score + grade
    const double pipe = best_ms(5, [&] {
        auto pooled = pool_ratings(n, unit, rater, val, po);
        Matrix data = x;
        data.col(m - 1) = pooled.pooled;
        auto res = evaluate_scheme(scheme, data, cols);
        sink += res.total[0];
    });
    line("pool+score+grade (shrinkage)", sz + " R=" + std::to_string(R), pipe, 50);
    line("  pool_ratings mean", "R=" + std::to_string(R), best_ms(5, [&] { sink += pool_ratings(n, unit, rater, val).pooled[0]; }));
    line("  pool_ratings median", "R=" + std::to_string(R), best_ms(3, [&] { PoolOptions o; o.method = Pooling::median; sink += pool_ratings(n, unit, rater, val, o).pooled[0]; }));
    line("  evaluate_scheme", sz, best_ms(5, [&] { sink += evaluate_scheme(scheme, x, cols).total[0]; }));
    line("  minmax + weighted_sum + rank", sz, best_ms(5, [&] { sink += weighted_sum(normalise(x, t, Normalisation::minmax).values, w).rank[0]; }));

    // ---- single methods (peers compare on the same sizes)
    line("topsis", sz, best_ms(5, [&] { sink += topsis(x, w, t).score[0]; }));
    line("vikor", sz, best_ms(5, [&] { sink += vikor(x, w, t).Q[0]; }));
    line("promethee2 usual", sz, best_ms(3, [&] { sink += promethee2(x, w, t).phi[0]; }));
    std::vector<PreferenceSpec> vs(1); vs[0].function = Preference::vshape_2; vs[0].p = 30; vs[0].q = 5;
    line("promethee2 vshape_2", sz, best_ms(3, [&] { sink += promethee2(x, w, t, vs).phi[0]; }));
    line("entropy_weights", sz, best_ms(5, [&] { sink += entropy_weights(x)[0]; }));
    line("critic_weights", sz, best_ms(3, [&] { sink += critic_weights(x)[0]; }));
    {
        const Index n1 = std::min<Index>(n, 1000);
        Matrix x1 = x.topRows(n1);
        line("promethee2 usual", std::to_string(n1) + "x" + std::to_string(m), best_ms(5, [&] { sink += promethee2(x1, w, t).phi[0]; }));
        line("promethee2 reference O(n^2 m)", std::to_string(n1) + "x" + std::to_string(m), best_ms(1, [&] { sink += promethee2_reference(x1, w, t, {PreferenceSpec{}}).phi[0]; }));
    }

    }
    // ---- Monte-Carlo
    UncertaintySpec us;
    us.weights = w; us.types = t; us.weight_perturbation = 0.2; us.draws = D; us.seed = 1;
    us.normalisations = {Normalisation::minmax, Normalisation::zscore, Normalisation::rank};
    us.aggregations = {Aggregation::weighted_sum, Aggregation::geometric, Aggregation::topsis,
                       Aggregation::vikor, Aggregation::promethee2};
    auto digest = [&](const UncertaintyResult& r) {
        if (!mc_only) return;
        double h = 0;
        for (Index i = 0; i < n; ++i)
            h += double(i % 97 + 1) * (r.median_rank[i] + 3 * r.p05[i] + 7 * r.p95[i] + 11 * r.mean_rank[i]);
        std::printf("# digest %.17g\n", h);
    };
    // process CPU time (all threads) next to the wall time: steadier when the machine is shared
    auto cpu_ms = [](const std::function<void()>& f) {
        const std::clock_t c0 = std::clock();
        f();
        return 1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC;
    };
    double mc_cpu = 0;
    line("monte_carlo 3 norms x 5 aggs", sz + " D=" + std::to_string(D), best_ms(1, [&] { mc_cpu = cpu_ms([&] { auto r = monte_carlo_ranks(x, us); sink += r.median_rank[0]; digest(r); }); }), 2000);
    std::printf("#   cpu time (all threads) %.2f ms\n", mc_cpu);
    us.normalisations = {Normalisation::minmax};
    us.aggregations = {Aggregation::weighted_sum};
    line("monte_carlo weights only (wsum)", sz + " D=" + std::to_string(D), best_ms(1, [&] { mc_cpu = cpu_ms([&] { auto r = monte_carlo_ranks(x, us); sink += r.median_rank[0]; digest(r); }); }), 2000);
    std::printf("#   cpu time (all threads) %.2f ms\n", mc_cpu);
    std::printf("# checksum %g\n", sink);
    return 0;
}
