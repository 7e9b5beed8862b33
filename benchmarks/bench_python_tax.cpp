// bench_python_tax — the C++ side of benchmarks/bench_python_tax.py: the bulk calls the
// Python module makes, timed here on the same instances (the script writes them to a
// directory and runs this program on it), so the script can print what Python adds.
//
// usage: bench_python_tax DIR [reps [only]]
//   only                a comma-separated list of the results to time (default: all)
//   DIR/requests.json   referral requests (JSON array, as Router::route takes them)
//   DIR/matrix.bin      float64, row-major, with DIR/matrix.shape "rows cols"
//   DIR/scheme.json     an evaluation scheme whose leaves are the matrix columns i0, i1, ...
//   DIR/params.json     {"draws": D, "match_seed": s, "match_needs": n, "supply_percent": p}
// Prints "RESULT name wall_seconds cpu_seconds" (least of `reps` runs; the network is the
// embedded Beijing dataset, the match instance synth::demand with the given seed, as
// hatchnet.matching.demo_demand makes it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/evaluate/evaluate.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/match/json.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/referral/json.hpp"
#include "hatchnet/referral/many.hpp"
#include "hatchnet/referral/referral.hpp"
#include "hatchnet/synth/demand.hpp"

using namespace hatchnet;
using clk = std::chrono::steady_clock;

static std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        std::fprintf(stderr, "bench_python_tax: cannot read %s\n", path.c_str());
        std::exit(2);
    }
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

static int reps = 3;
static double sink = 0;
static std::string only;  // "," + names + ",", or empty: every result

/// Best wall time and least CPU time of `reps` runs (each the least of the runs).
static void timed(const char* name, const std::function<void()>& f) {
    if (!only.empty() && only.find("," + std::string(name) + ",") == std::string::npos) return;
    double best = 1e300, best_cpu = 1e300;
    for (int r = 0; r < reps; ++r) {
        const std::clock_t c0 = std::clock();
        const auto t0 = clk::now();
        f();
        const double wall = std::chrono::duration<double>(clk::now() - t0).count();
        const double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
        best = std::min(best, wall);
        best_cpu = std::min(best_cpu, cpu);
    }
    std::printf("RESULT %s %.6f %.6f\n", name, best, best_cpu);
    std::fflush(stdout);
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_python_tax DIR [reps]\n");
        return 2;
    }
    const std::string dir = argv[1];
    if (argc > 2) reps = std::max(1, std::atoi(argv[2]));
    if (argc > 3) only = "," + std::string(argv[3]) + ",";
    const auto params = nlohmann::json::parse(slurp(dir + "/params.json"));

    auto net = std::make_shared<const Network>(io::load_json_file(io::default_dataset_path()));
    auto graph = std::make_shared<const Graph>(net);

    // ---- referral: one at a time (the result is what Python reads), many, a batch
    {
        referral::Router router(graph);
        router.warm_up();
        const auto reqs = referral::parse_requests(slurp(dir + "/requests.json"));
        const std::size_t single = params.value("single", std::size_t(3000));
        timed("refer_single", [&] {
            for (std::size_t i = 0; i < single; ++i) {
                auto r = router.route(reqs[i % reqs.size()]);
                sink += double(r.excluded.size());
            }
        });
        timed("refer_many", [&] {
            referral::ManyOptions o;
            o.threads = 1;
            auto v = referral::route_many(router, reqs, o);
            sink += double(v.size());
        });
        timed("refer_batch", [&] {
            auto b = router.route_batch(reqs);
            sink += b.total_score;
        });
    }

    // ---- matching: the demo demand (one need per organization) on the network
    {
        synth::DemandOptions o;
        o.seed = params.value("match_seed", std::uint64_t(2017));
        o.needs = params.value("match_needs", std::size_t(0));
        o.supply_percent = params.value("supply_percent", 85);
        const auto d = synth::demand(*net, o);
        timed("match", [&] {
            match::ResourceMatcher m(graph, d.needs, d.resources, match::MatchOptions{});
            m.run();
            sink += m.result().total_cost;
        });
        const std::string nt = nlohmann::json(match::needs_to_json(d.needs)).dump();
        const std::string rt = nlohmann::json(match::resources_to_json(d.resources)).dump();
        timed("match_hooked", [&] {
            match::ResourceMatcher m(graph, d.needs, d.resources, match::MatchOptions{});
            m.set_progress([](int, int, const algo::MinCostFlow::Progress&) { return true; }, 2000);
            m.run();
            sink += m.result().total_cost;
        });
        timed("match_parse", [&] {
            sink += double(match::parse_needs(nt).size() + match::parse_resources(rt).size());
        });
        timed("match_from_json", [&] {
            match::ResourceMatcher m(graph, match::parse_needs(nt), match::parse_resources(rt), match::MatchOptions{});
            m.run();
            sink += m.result().total_cost;
        });
    }

    // ---- coverage of every region
    timed("coverage", [&] { sink += double(coverage::analyse(*graph).regions.size()); });

    // ---- evaluation: scheme scoring, TOPSIS, Monte-Carlo on one core
    {
        int rows = 0, cols = 0;
        {
            std::istringstream s(slurp(dir + "/matrix.shape"));
            s >> rows >> cols;
        }
        const std::string raw = slurp(dir + "/matrix.bin");
        if (raw.size() != std::size_t(rows) * std::size_t(cols) * sizeof(double)) {
            std::fprintf(stderr, "bench_python_tax: matrix.bin does not hold %d x %d doubles\n", rows, cols);
            return 2;
        }
        evaluate::Matrix x(rows, cols);
        const auto* v = reinterpret_cast<const double*>(raw.data());
        for (int i = 0; i < rows; ++i)
            for (int j = 0; j < cols; ++j) x(i, j) = v[std::size_t(i) * std::size_t(cols) + std::size_t(j)];
        const auto scheme = evaluate::scheme_from_json(nlohmann::json::parse(slurp(dir + "/scheme.json")));
        std::vector<std::string> names;
        for (int j = 0; j < cols; ++j) names.push_back("i" + std::to_string(j));
        timed("evaluate_scheme", [&] { sink += evaluate::evaluate_scheme(scheme, x, names).total[0]; });
        evaluate::Types t = evaluate::Types::Ones(cols);
        for (int j = 0; j < cols; j += 5) t[j] = -1;
        const evaluate::Vector w = evaluate::equal_weights(cols);
        timed("topsis", [&] { sink += evaluate::topsis(x, w, t).score[0]; });
        evaluate::UncertaintySpec us;
        us.weights = w;
        us.types = t;
        us.draws = params.value("draws", std::int64_t(10000));
        us.seed = 42;
        us.threads = 1;
        timed("monte_carlo_wsum", [&] { sink += evaluate::monte_carlo_ranks(x, us).median_rank[0]; });
        us.normalisations = {evaluate::Normalisation::minmax, evaluate::Normalisation::zscore,
                             evaluate::Normalisation::rank};
        us.aggregations = {evaluate::Aggregation::weighted_sum, evaluate::Aggregation::geometric,
                           evaluate::Aggregation::topsis, evaluate::Aggregation::vikor,
                           evaluate::Aggregation::promethee2};
        timed("monte_carlo_3x5", [&] { sink += evaluate::monte_carlo_ranks(x, us).median_rank[0]; });
    }
    std::printf("# checksum %g\n", sink);
    return 0;
}
