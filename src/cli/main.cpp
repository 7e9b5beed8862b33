// hatchnet — command-line entry point: dispatches to the registered sub-commands.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/version.hpp"

namespace hatchnet::cli {

std::vector<Command>& commands() {
    static std::vector<Command> c;
    return c;
}
std::vector<DemoSection>& demo_sections() {
    static std::vector<DemoSection> s;
    return s;
}
Register::Register(Command c) { commands().push_back(std::move(c)); }
RegisterDemo::RegisterDemo(DemoSection s) { demo_sections().push_back(std::move(s)); }

std::string Args::get(const std::string& k, const std::string& def) const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
}
std::string Args::require(const std::string& k) const {
    auto it = options.find(k);
    if (it == options.end() || it->second.empty())
        throw input_error("command line", "--" + k, "missing option --" + k);
    return it->second;
}
long long Args::get_int(const std::string& k, long long def) const {
    auto it = options.find(k);
    if (it == options.end()) return def;
    try {
        std::size_t pos = 0;
        long long v = std::stoll(it->second, &pos);
        if (pos == it->second.size()) return v;
    } catch (...) {
    }
    throw input_error("command line", "--" + k, "expected an integer, got '" + it->second + "'");
}
double Args::get_double(const std::string& k, double def) const {
    auto it = options.find(k);
    if (it == options.end()) return def;
    try {
        std::size_t pos = 0;
        double v = std::stod(it->second, &pos);
        if (pos == it->second.size() && std::isfinite(v)) return v;
    } catch (...) {
    }
    throw input_error("command line", "--" + k, "expected a finite number, got '" + it->second + "'");
}

Network load_network(const std::string& spec) {
    if (spec == "beijing" || spec.empty()) return io::load_json_file(io::default_dataset_path());
    return io::load_json_file(spec);
}

std::string read_input(const std::string& path) {
    if (path != "-") return io::read_file(path);
    const std::uint64_t limit = limits().max_input_bytes;
    std::string out;
    char buf[1 << 16];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
        out.append(buf, std::size_t(std::cin.gcount()));
        if (out.size() > limit) check_input_size(out.size(), "standard input");
    }
    return out;
}

}  // namespace hatchnet::cli

namespace {

using namespace hatchnet::cli;

void usage(std::ostream& os) {
    os << "hatchnet " << hatchnet::version_string
       << " — a city's network of social-organization incubators\n\nusage: hatchnet COMMAND [options]\n\n"
          "commands:\n";
    auto cmds = commands();
    std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.name < b.name; });
    for (const auto& c : cmds) {
        os << "  " << c.usage;
        for (std::size_t i = c.usage.size(); i < 44; ++i) os << ' ';
        os << " " << c.summary << "\n";
    }
    os << "\n'hatchnet COMMAND --help' shows a command's usage; a network argument may be a JSON\n"
          "file (.json or .json.gz) or 'beijing' for the embedded default dataset.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
        std::string(argv[1]) == "help") {
        usage(argc < 2 ? std::cerr : std::cout);
        return argc < 2 ? 2 : 0;
    }
    std::string name = argv[1];
    if (name == "--version" || name == "version") {
        std::cout << "hatchnet " << hatchnet::version_string << "\n";
        return 0;
    }
    const Command* cmd = nullptr;
    for (const auto& c : commands())
        if (c.name == name) cmd = &c;
    if (!cmd) {
        std::cerr << "hatchnet: unknown command '" << name << "'\n\n";
        usage(std::cerr);
        return 2;
    }
    Args args;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::cout << "usage: hatchnet " << cmd->usage << "\n" << cmd->summary << "\n";
            return 0;
        }
        if (a.rfind("--", 0) == 0 && a.size() > 2) {
            std::string key = a.substr(2), value = "1";
            if (auto eq = key.find('='); eq != std::string::npos) {
                value = key.substr(eq + 1);
                key = key.substr(0, eq);
            } else if (std::find(cmd->flags.begin(), cmd->flags.end(), key) == cmd->flags.end()) {
                if (i + 1 >= argc) {
                    std::cerr << "hatchnet " << name << ": option --" << key << " needs a value\n";
                    return 2;
                }
                value = argv[++i];
            }
            args.options[key] = value;
        } else {
            args.positional.push_back(a);
        }
    }
    try {
        return cmd->run(args, std::cout, std::cerr);
    } catch (...) {
        // the same classification as the C ABI and Python: bad input (including files, limits
        // and memory) exits 1; only a hatchnet bug is an internal error (exit 3)
        const auto info = hatchnet::describe_current_exception();
        std::cerr << "hatchnet " << name << ": " << info.message << "\n";
        return info.kind == hatchnet::error_kind::internal ? 3 : 1;
    }
}
