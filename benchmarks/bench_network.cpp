// Load and validate the Beijing dataset and a national-scale network: time and peak memory.
// Goals (issue 15): Beijing <= 0.25x Python's json.load of the same gzipped file (the ratio is
// printed by benchmarks/bench_load.py, which runs this program); national scale (>= 40,000
// street units, >= 1,000,000 organizations) <= 3 s and <= 1 GB peak memory on a 2-core machine.
// "load" is io::load_json_file (read, gunzip, parse) without validation; "validate" is
// validate() on the result; their sum is what load_json_file with validation costs.
//
// usage: bench_network [beijing|national] [--divisions DIR] [--file PATH]
//   national: generates the network once into a temp file (in a child process, so the
//   generator's memory is not counted), then loads it here.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "hatchnet/graph.hpp"
#include "hatchnet/io/divisions.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/national.hpp"

using namespace hatchnet;
using clk = std::chrono::steady_clock;

static double secs(clk::time_point a) { return std::chrono::duration<double>(clk::now() - a).count(); }
/// CPU seconds (user + system) of this process so far: on a shared machine the wall time of a
/// run also counts the time other processes held the cores.
static double cpu_secs() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + 1e-6 * double(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
}
static double peak_mb() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return double(r.ru_maxrss) / 1024.0;
}

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "beijing";
    std::string divisions, file;
    for (int i = 2; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--divisions") divisions = argv[i + 1];
        if (std::string(argv[i]) == "--file") file = argv[i + 1];
    }
    if (mode == "--generate") {  // child: write the national network
        synth::NationalOptions o;
        Network n = divisions.empty() ? synth::national_synthetic(o)
                                      : synth::national(io::load_divisions_dir(divisions), o);
        io::save_json_file(n, file);
        return 0;
    }
    std::string path;
    if (mode == "beijing") {
        path = file.empty() ? io::default_dataset_path() : file;
    } else {
        path = file.empty() ? (std::filesystem::temp_directory_path() / "hatchnet_national.json.gz").string()
                            : file;
        if (!std::filesystem::exists(path)) {
            std::string cmd = std::string(argv[0]) + " --generate --file " + path;
            if (!divisions.empty()) cmd += " --divisions " + divisions;
            auto t = clk::now();
            if (std::system(cmd.c_str()) != 0) return 1;
            std::printf("generated %s in %.2f s\n", path.c_str(), secs(t));
        }
    }
    auto t0 = clk::now();
    {
        std::string text = io::read_file(path);  // read + gunzip alone, for the breakdown
    }
    double t_read = secs(t0);
    auto t1 = clk::now();
    const double c1 = cpu_secs();
    io::LoadOptions off;
    off.validate = false;
    Network net = io::load_json_file(path, off);
    double t_parse = secs(t1) - t_read;  // approximately: load_json_file reads the file again
    double t_load = secs(t1);
    auto t2 = clk::now();
    auto rep = validate(net);
    double t_validate = secs(t2);
    const double cpu = cpu_secs() - c1;
    auto t3 = clk::now();
    Graph g(std::move(net));
    double t_graph = secs(t3);
    const auto& n = g.network();
    std::printf("%s: %zu regions, %zu nodes, %zu edges, %zu organizations; %zu errors, %zu warnings\n",
                mode.c_str(), n.regions.size(), n.nodes.size(), n.edges.size(), n.organizations.size(),
                rep.errors.size(), rep.warnings.size());
    const double peak = peak_mb();
    std::printf("  read+gunzip %.3f s | parse %.3f s | validate %.3f s | load+validate %.3f s | "
                "graph (incl. re-validation) %.3f s | peak RSS %.0f MB\n",
                t_read, t_parse, t_validate, t_load + t_validate, t_graph, peak);
    std::printf("  load+validate CPU time (user + system) %.3f s\n", cpu);
    std::printf("load_validate_seconds=%.4f peak_rss_mb=%.0f cpu_seconds=%.4f\n", t_load + t_validate, peak, cpu);
    if (mode != "beijing")
        std::printf("  goal 3 s and 1024 MB: %s (time ratio %.2f, memory ratio %.2f)\n",
                    t_load + t_validate <= 3.0 && peak <= 1024 ? "met" : "MISSED", (t_load + t_validate) / 3.0,
                    peak / 1024);
    return 0;
}
