// Coverage, balance and planning at scale.
// Goals (issue 6): coverage + balance of the national-scale network <= 2 s; a k = 50 plan on
// Beijing <= 1 s (2-core machine). Prints one line per measurement and a JSON summary line
// (read by bench_coverage_peers.py, which times the same computations in numpy / networkx and
// prints the ratios).
//
// usage: bench_coverage [--national-scale S] [--repeat N] [--json]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/synth/beijing.hpp"
#include "hatchnet/synth/national.hpp"

using namespace hatchnet;
using namespace hatchnet::coverage;
using clk = std::chrono::steady_clock;

static double secs(clk::time_point a) { return std::chrono::duration<double>(clk::now() - a).count(); }

template <class F>
static double best_of(int repeat, F&& f) {
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        auto t = clk::now();
        f();
        best = std::min(best, secs(t));
    }
    return best;
}

int main(int argc, char** argv) {
    double scale = 1.0;
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--national-scale") && i + 1 < argc) scale = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::atoi(argv[++i]);
    }
    // ---- Beijing
    auto t0 = clk::now();
    Graph bj(synth::beijing());
    double t_bj_gen = secs(t0);
    CoverageReport cov;
    double t_bj_cov = best_of(repeat, [&] { cov = analyse(bj); });
    double t_bj_bal = best_of(repeat, [&] { (void)balance(cov); });
    double t_plan[4];
    const char* names[4] = {"coverage", "served", "minmax", "p_median"};
    for (int o = 0; o < 4; ++o) {
        PlanOptions p;
        p.objective = Objective(o);
        p.k = 50;
        if (p.objective == Objective::coverage) {
            p.candidate_level = RegionLevel::community;
            p.site_tier = Tier::community;
        }
        PlanResult r;
        t_plan[o] = best_of(repeat, [&] { r = plan(bj, p); });
        std::printf("beijing plan k=50 %-9s %8.4f s  (%zu candidates, %zu picks, %s)%s\n", names[o], t_plan[o],
                    r.candidates.size(), r.picks.size(), r.method.c_str(), t_plan[o] <= 1.0 ? "" : "  ** over 1 s **");
    }
    std::printf("beijing: generate %.3f s, coverage (hops + 2SFCA) %.4f s, balance %.5f s, %zu regions\n",
                t_bj_gen, t_bj_cov, t_bj_bal, cov.regions.size());

    // ---- national scale
    t0 = clk::now();
    synth::NationalOptions no;
    no.scale = scale;
    Graph nat(synth::national_synthetic(no));
    double t_nat_gen = secs(t0);
    const auto& N = nat.network();
    CoverageReport ncov;
    BalanceReport nbal;
    double t_nat = best_of(repeat, [&] {
        ncov = analyse(nat);
        nbal = balance(ncov);
    });
    CoverageOptions light;
    light.accessibility = false;
    light.two_step = false;
    double t_nat_light = best_of(repeat, [&] { (void)balance(analyse(nat, light)); });
    std::printf("national: %zu regions, %zu nodes, %zu edges, %zu organizations (generated in %.1f s)\n",
                N.regions.size(), N.nodes.size(), N.edges.size(), N.organizations.size(), t_nat_gen);
    std::printf("national coverage + balance (hops, 2SFCA): %.3f s%s\n", t_nat, t_nat <= 2.0 ? "" : "  ** over 2 s **");
    std::printf("national coverage + balance (counts only): %.3f s\n", t_nat_light);
    std::printf("{\"beijing_coverage_s\": %.6f, \"beijing_balance_s\": %.6f, \"beijing_plan_coverage_s\": %.6f, "
                "\"beijing_plan_served_s\": %.6f, \"beijing_plan_minmax_s\": %.6f, \"beijing_plan_p_median_s\": %.6f, "
                "\"national_coverage_balance_s\": %.6f, \"national_counts_s\": %.6f}\n",
                t_bj_cov, t_bj_bal, t_plan[0], t_plan[1], t_plan[2], t_plan[3], t_nat, t_nat_light);
    return 0;
}
