// Load and validate the Beijing dataset and a national-scale network: time and peak memory.
// Goals (issue 2): Beijing <= 0.3 s; national scale (>= 40,000 street units, >= 1,000,000
// organizations) <= 10 s and <= 3 GB peak memory on a 2-core machine.
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
    std::string text = io::read_file(path);
    double t_read = secs(t0);
    auto t1 = clk::now();
    io::LoadOptions off;
    off.validate = false;
    Network net = io::load_json(text, off);
    double t_parse = secs(t1);
    text.clear();
    text.shrink_to_fit();
    auto t2 = clk::now();
    auto rep = validate(net);
    double t_validate = secs(t2);
    auto t3 = clk::now();
    Graph g(std::move(net));
    double t_graph = secs(t3);
    const auto& n = g.network();
    std::printf("%s: %zu regions, %zu nodes, %zu edges, %zu organizations; %zu errors, %zu warnings\n",
                mode.c_str(), n.regions.size(), n.nodes.size(), n.edges.size(), n.organizations.size(),
                rep.errors.size(), rep.warnings.size());
    std::printf("  read+gunzip %.3f s | parse %.3f s | validate %.3f s | load+validate %.3f s | "
                "graph (incl. re-validation) %.3f s | peak RSS %.0f MB\n",
                t_read, t_parse, t_validate, t_read + t_parse + t_validate, t_graph, peak_mb());
    double goal = mode == "beijing" ? 0.3 : 10.0;
    std::printf("  goal %.1f s: %s (ratio %.2f)\n", goal,
                t_read + t_parse + t_validate <= goal ? "met" : "MISSED",
                (t_read + t_parse + t_validate) / goal);
    return 0;
}
