// The hatchnet command-line program: a registry of sub-commands. Each command lives in its
// own src/cli/cmd_*.cpp and registers itself with a static `Register`; the demo report is
// made of sections registered the same way, so each engine adds its part without touching
// the others.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::cli {

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  ///< "--key value" / "--key=value" / flags as "1"

    bool has(const std::string& k) const { return options.count(k) != 0; }
    std::string get(const std::string& k, const std::string& def = "") const;
    /// The option as an integer; throws input_error naming the option when it is not one.
    long long get_int(const std::string& k, long long def) const;
    double get_double(const std::string& k, double def) const;
    /// The option's value; throws input_error ("missing option --k") when absent.
    std::string require(const std::string& k) const;
};

struct Command {
    std::string name;
    std::string usage;    ///< e.g. "validate FILE"
    std::string summary;  ///< one line
    std::vector<std::string> flags;  ///< options that take no value
    std::function<int(const Args&, std::ostream& out, std::ostream& err)> run;
};

struct Register {
    explicit Register(Command c);
};

/// A section of `hatchnet demo`, printed in `order`.
struct DemoSection {
    int order;
    std::string title;
    std::function<void(const Network&, std::ostream&)> run;
};

struct RegisterDemo {
    explicit RegisterDemo(DemoSection s);
};

std::vector<Command>& commands();
std::vector<DemoSection>& demo_sections();

/// Load a network given on the command line: a path, or "beijing" for the embedded dataset.
Network load_network(const std::string& spec);
/// The text of a file, or of standard input for "-", bounded by max_input_bytes.
std::string read_input(const std::string& path);

}  // namespace hatchnet::cli
