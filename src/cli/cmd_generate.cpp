// hatchnet generate — write a generated network (Beijing-calibrated or national scale).
#include <chrono>
#include <iostream>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/divisions.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/beijing.hpp"
#include "hatchnet/synth/national.hpp"

namespace hatchnet::cli {
namespace {

int cmd_generate(const Args& a, std::ostream& out, std::ostream& err) {
    std::string preset = a.get("preset", "beijing");
    std::string path = a.require("out");
    long long seed = a.get_int("seed", 2017);
    if (seed < 0) throw input_error("command line", "--seed", "the seed must not be negative");
    double scale = a.get_double("scale", 1.0);
    auto t0 = std::chrono::steady_clock::now();
    Network net;
    if (preset == "beijing") {
        synth::BeijingOptions o;
        o.seed = std::uint64_t(seed);
        o.scale = scale;
        net = synth::beijing(o);
    } else if (preset == "national") {
        synth::NationalOptions o;
        o.seed = std::uint64_t(seed);
        o.scale = scale;
        net = a.has("divisions") ? synth::national(io::load_divisions_dir(a.get("divisions")), o)
                                 : synth::national_synthetic(o);
    } else {
        throw input_error("command line", "--preset", "unknown preset '" + preset + "' (beijing, national)");
    }
    io::save_json_file(net, path);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    err << "wrote " << path << ": " << net.regions.size() << " regions, " << net.nodes.size() << " nodes, "
        << net.edges.size() << " edges, " << net.organizations.size() << " organizations in " << s << " s\n";
    (void)out;
    return 0;
}

const Register r{{"generate", "generate --preset beijing|national [--divisions DIR] [--seed N] [--scale X] --out FILE",
                  "generate a network deterministically from a seed (the shipped dataset is beijing, seed 2017)",
                  {},
                  cmd_generate}};

}  // namespace
}  // namespace hatchnet::cli
