// hatchnet generate — write a generated network (Beijing-calibrated or national scale).
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/divisions.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/beijing.hpp"
#include "hatchnet/synth/national.hpp"

namespace hatchnet::cli {
namespace {

struct GenerateArgs {
    std::string preset = "beijing";
    std::string out;
    long long seed = 2017;
    double scale = 1.0;
    std::optional<std::string> divisions;
    Ui ui;
};

int cmd_generate(const GenerateArgs& a, std::ostream& out, std::ostream& err) {
    if (a.seed < 0) throw input_error("command line", "--seed", "the seed must not be negative");
    if (a.ui.json && is_std(a.out))
        throw usage_error("--json and --out - both write standard output: give --out a file");
    auto t0 = std::chrono::steady_clock::now();
    Network net;
    Progress progress(a.ui, "generate");
    if (a.preset == "beijing") {
        progress.stage("generating the Beijing network");
        synth::BeijingOptions o;
        o.seed = std::uint64_t(a.seed);
        o.scale = a.scale;
        net = synth::beijing(o);
    } else if (a.preset == "national") {
        synth::NationalOptions o;
        o.seed = std::uint64_t(a.seed);
        o.scale = a.scale;
        if (a.divisions) {
            progress.stage("reading the division table " + *a.divisions);
            auto regions = io::load_divisions_dir(*a.divisions);
            progress.stage("generating the national network");
            net = synth::national(regions, o);
        } else {
            progress.stage("generating the national network");
            net = synth::national_synthetic(o);
        }
    } else {
        throw input_error("command line", "--preset", "unknown preset '" + a.preset + "' (beijing, national)");
    }
    progress.stage(is_std(a.out) ? std::string("writing standard output") : "writing " + a.out);
    if (is_std(a.out)) write_output(a.out, io::save_json(net), out);
    else io::save_json_file(net, a.out);
    progress.done();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string where = is_std(a.out) ? std::string("standard output") : a.out;
    if (a.ui.json)
        print_json(out, {{"out", a.out},
                         {"preset", a.preset},
                         {"seed", a.seed},
                         {"scale", a.scale},
                         {"regions", net.regions.size()},
                         {"nodes", net.nodes.size()},
                         {"edges", net.edges.size()},
                         {"organizations", net.organizations.size()},
                         {"seconds", s}});
    err << "wrote " << where << ": " << net.regions.size() << " regions, " << net.nodes.size() << " nodes, "
        << net.edges.size() << " edges, " << net.organizations.size() << " organizations in " << s << " s\n";
    return 0;
}

Run define_generate(Options& o) {
    auto a = std::make_shared<GenerateArgs>();
    o.value("--preset", a->preset, "beijing (calibrated to Beijing) or national (the shape of China)");
    o.value("--out", a->out,
            "the network file to write (.json, or .json.gz compressed; - for standard output, uncompressed)")
        .value_name("FILE")
        .required();
    o.value("--seed", a->seed, "the seed of every random draw (>= 0; beijing with 2017 is the shipped dataset)");
    o.value("--scale", a->scale, "multiplies the number of organizations, in [0, 100]");
    o.value("--divisions", a->divisions,
            "national only: a division table directory (NBS codes) instead of synthetic divisions")
        .value_name("DIR");
    o.ui(a->ui);
    o.footer("The same options always give the same network. With --json a summary (out, preset, seed, scale, "
             "counts, seconds) is printed on standard output.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_generate(*a, out, err); };
}

const Register r{{"generate",
                  "generate --preset beijing|national [--divisions DIR] [--seed N] [--scale X] --out FILE",
                  "generate a network deterministically from a seed (the shipped dataset is beijing, seed 2017)",
                  define_generate}};

}  // namespace
}  // namespace hatchnet::cli
