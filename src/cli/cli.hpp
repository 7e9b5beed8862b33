// The hatchnet command-line program: a registry of sub-commands. Each command lives in its
// own src/cli/cmd_*.cpp and registers itself with a static `Register`; the demo report is
// made of sections registered the same way, so each engine adds its part without touching
// the others.
//
// A command declares its options through `Options` (below), a thin front of CLI11: only
// main.cpp includes <CLI/CLI.hpp>, so the parser is compiled once, not in every command.
// `define` binds the options to the command's own storage and returns the function that
// runs it once the command line has been parsed.
//
// Exit codes (docs/cli.md): 0 ok; 1 bad input or an unsolvable problem (a file missing or
// malformed, invalid data, a value an engine refuses, infeasible); 2 a command line that
// cannot be parsed (unknown command or option, a missing or mistyped value, a missing
// argument); 3 a hatchnet bug.
#pragma once

#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet {
class Graph;
}
namespace hatchnet::referral {
struct Request;
struct Result;
struct BatchResult;
}

namespace hatchnet::cli {

/// A command line that cannot be obeyed as written (exit 2): thrown by a command's checks
/// after parsing (e.g. "--budget or --k is required", two inputs from standard input).
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Output switches every command accepts (--json, --progress, --quiet).
struct Ui {
    bool json = false;      ///< machine-readable result on standard output
    bool progress = false;  ///< progress on standard error even when it is not a terminal
    bool quiet = false;     ///< no progress
};

/// The options of one command (implemented over CLI11 in main.cpp). Names are "--long";
/// every declaration takes the variable it fills and a one-line description for --help.
class Options {
public:
    /// A declared option, for chaining refinements.
    class Opt {
    public:
        Opt& required();
        /// The value shown as the default in --help (numbers and non-empty strings show
        /// their initial value by themselves).
        Opt& default_text(const std::string& text);
        /// The placeholder of the value in --help: FILE, DIR, N, X, ...
        Opt& value_name(const std::string& name);

    private:
        friend class Options;
        explicit Opt(void* option) : option_(option) {}
        void* option_;  // CLI::Option*
    };

    Opt value(const std::string& name, std::string& into, const std::string& help);
    Opt value(const std::string& name, long long& into, const std::string& help);
    Opt value(const std::string& name, double& into, const std::string& help);
    /// Options whose absence means "the engine's default" (nothing shown as the default).
    Opt value(const std::string& name, std::optional<std::string>& into, const std::string& help);
    Opt value(const std::string& name, std::optional<long long>& into, const std::string& help);
    Opt value(const std::string& name, std::optional<double>& into, const std::string& help);
    Opt flag(const std::string& name, bool& into, const std::string& help);
    /// A positional argument (NAME in the usage line).
    Opt positional(const std::string& name, std::string& into, const std::string& help);
    /// --json (when `json`), --progress and --quiet (`quiet_help` describes it).
    void ui(Ui& into, bool json = true, const std::string& quiet_help = "no progress");
    /// Text shown after the options in --help.
    void footer(const std::string& text);

    struct Impl;
    explicit Options(Impl& impl) : impl_(impl) {}

private:
    Impl& impl_;
};

/// A command's body: runs after parsing; returns the exit code.
using Run = std::function<int(std::ostream& out, std::ostream& err)>;

struct Command {
    std::string name;
    std::string usage;    ///< e.g. "validate FILE", for the list of commands
    std::string summary;  ///< one line
    /// Declares the options (bound to storage the returned Run keeps alive).
    std::function<Run(Options&)> define;
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

// ---------------------------------------------------------------- files and "-"
// Every input-file option reads standard input for "-" and every output option writes
// standard output for "-" (common.cpp). Standard input can be read once per run.

/// True for "-".
inline bool is_std(const std::string& path) { return path == "-"; }
/// Load a network given on the command line: a path, "-" (standard input) or "beijing" (or
/// nothing) for the embedded dataset.
Network load_network(const std::string& spec);
/// The text of a file (gunzipped), or of standard input for "-", bounded by max_input_bytes.
std::string read_input(const std::string& path);
/// An --options argument: JSON text itself (it contains '{', or is blank), "-" (standard
/// input) or a file.
std::string options_text(const std::string& spec);
/// Write `text` to the file `path` (durably, io::write_file) or to `out` for "-".
void write_output(const std::string& path, const std::string& text, std::ostream& out);
/// A usage_error unless at most one of `paths` is "-" (`what` names them in the message).
void one_stdout(std::initializer_list<const std::string*> paths, const std::string& what);
/// One line of JSON (keys sorted, invalid UTF-8 replaced) and a newline.
void print_json(std::ostream& out, const nlohmann::json& j);

/// `hatchnet refer --request FILE --db FILE --at WHEN` (cmd_records.cpp): open the routed
/// referral in the referral ledger kept in the store (an existing one); returns its id.
std::string record_referral(const std::string& db, std::shared_ptr<const Network> net, const referral::Result& result,
                            const referral::Request& request, const Graph& graph, const std::string& at);
/// `hatchnet refer --batch FILE --db FILE --at WHEN` (cmd_records.cpp): open a referral for every
/// assignment of the batch placed or waitlisted at a node, all in one transaction; their ids.
std::vector<std::string> record_batch_referrals(const std::string& db, std::shared_ptr<const Network> net,
                                                const referral::BatchResult& batch,
                                                const std::vector<referral::Request>& requests, const Graph& graph,
                                                const std::string& at);

// ---------------------------------------------------------------- progress
/// Progress of a long run on standard error: shown when standard error is a terminal (after
/// half a second, redrawn in place) or with --progress (at once; one line every second when
/// not a terminal); never with --quiet. A background ticker keeps the elapsed time moving
/// while an engine without a progress hook works. Destroying it (or done()) clears the line.
class Progress {
public:
    Progress(const Ui& ui, std::string command);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    bool shown() const noexcept { return on_; }
    /// A new stage ("loading the network", "planning"): elapsed time only.
    void stage(const std::string& name);
    /// Work counted in `unit`s: `done` of `total` (total <= 0: unknown) and free text;
    /// the line shows the rate and, when the total is known, the ETA.
    void count(double done, double total, const std::string& unit, const std::string& extra = "");
    /// Stops the ticker and clears the line (with --progress off a terminal: a last line).
    void done();

private:
    void stop(bool finished);
    struct State;
    std::unique_ptr<State> s_;
    bool on_ = false;
};

}  // namespace hatchnet::cli
