// hatchnet — command-line entry point: dispatches to the registered sub-commands and parses
// their options with CLI11. This is the only file that includes <CLI/CLI.hpp>: commands
// declare their options through cli::Options (cli.hpp), implemented here.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>

#include "cli.hpp"
#include "hatchnet/error.hpp"
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

// ---------------------------------------------------------------- Options over CLI11

namespace {

constexpr const char* common_footer =
    "A FILE option reads standard input for '-', an output option writes standard output for '-'.\n"
    "Exit codes: 0 ok, 1 bad input or no solution, 2 a command line that cannot be parsed, 3 a bug.\n"
    "docs/cli.md describes every command.";

/// Help lines: "--name VALUE (required)" then the description, wrapped, with its default.
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_option_opts(const CLI::Option* opt) const override {
        std::string s;
        if (opt->get_type_size() != 0 && !opt->get_type_name().empty()) s += " " + opt->get_type_name();
        if (opt->get_required() && !opt->get_positional()) s += " (required)";
        return s;
    }
    std::string make_option_desc(const CLI::Option* opt) const override {
        std::string d = opt->get_description();
        if (opt->get_type_size() != 0 && !opt->get_default_str().empty())
            d += " (default: " + opt->get_default_str() + ")";
        return wrap(d, 100 - get_column_width());
    }
    static std::string wrap(const std::string& text, std::size_t width) {
        std::vector<std::string> words;
        std::istringstream in(text);
        for (std::string w; in >> w;) {
            // "(- for standard input)": no line break after a lone "-"
            if (!words.empty() && (words.back() == "-" || words.back() == "(-")) words.back() += " " + w;
            else words.push_back(w);
        }
        std::string out;
        std::size_t col = 0;
        for (const auto& word : words) {
            if (col > 0 && col + 1 + word.size() > width) {
                out += "\n";
                col = 0;
            } else if (col > 0) {
                out += " ";
                ++col;
            }
            out += word;
            col += word.size();
        }
        return out;
    }
};

bool is_integer(const std::string& s) {
    std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool is_number(const std::string& s) {
    if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return false;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && std::isfinite(v) && s.find_first_of("xXpP") == std::string::npos;
}

// the values of integer and number options are checked here, before CLI11 converts them,
// so that the message says what was expected
CLI::Validator integer_check() {
    return CLI::Validator(
        [](std::string& v) {
            if (!is_integer(v)) return "expected an integer, got '" + printable_utf8(v) + "'";
            try {
                (void)std::stoll(v);
            } catch (...) {
                return "the integer '" + v + "' is out of range";
            }
            return std::string();
        },
        "");
}
CLI::Validator number_check() {
    return CLI::Validator(
        [](std::string& v) {
            return is_number(v) ? std::string() : "expected a finite number, got '" + printable_utf8(v) + "'";
        },
        "");
}

std::string shown(double x) {
    std::ostringstream s;
    s << x;
    return s.str();
}

}  // namespace

struct Options::Impl {
    CLI::App app;
    std::map<std::string, bool> long_names;  ///< "--name" -> takes a value
    Impl(const std::string& summary, const std::string& name) : app(summary, name) {}

    CLI::Option* add(const std::string& name, bool takes_value, CLI::Option* o) {
        long_names[name] = takes_value;
        o->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // as before: the last one counts
        return o;
    }
};

Options::Opt& Options::Opt::required() {
    static_cast<CLI::Option*>(option_)->required();
    return *this;
}
Options::Opt& Options::Opt::default_text(const std::string& text) {
    static_cast<CLI::Option*>(option_)->default_str(text);
    return *this;
}
Options::Opt& Options::Opt::value_name(const std::string& name) {
    static_cast<CLI::Option*>(option_)->type_name(name);
    return *this;
}

Options::Opt Options::value(const std::string& name, std::string& into, const std::string& help) {
    auto* o = impl_.add(name, true, impl_.app.add_option(name, into, help));
    o->type_name("TEXT");
    if (!into.empty()) o->default_str(into);
    return Opt(o);
}
Options::Opt Options::value(const std::string& name, long long& into, const std::string& help) {
    auto* o = impl_.add(name, true, impl_.app.add_option(name, into, help));
    o->type_name("N")->check(integer_check())->default_str(std::to_string(into));
    return Opt(o);
}
Options::Opt Options::value(const std::string& name, double& into, const std::string& help) {
    auto* o = impl_.add(name, true, impl_.app.add_option(name, into, help));
    o->type_name("X")->check(number_check())->default_str(shown(into));
    return Opt(o);
}
Options::Opt Options::value(const std::string& name, std::optional<std::string>& into, const std::string& help) {
    auto* o = impl_.add(name, true,
                        impl_.app.add_option_function<std::string>(
                            name, [&into](const std::string& v) { into = v; }, help));
    o->type_name("TEXT");
    return Opt(o);
}
Options::Opt Options::value(const std::string& name, std::optional<long long>& into, const std::string& help) {
    auto* o = impl_.add(name, true,
                        impl_.app.add_option_function<long long>(
                            name, [&into](const long long& v) { into = v; }, help));
    o->type_name("N")->check(integer_check());
    return Opt(o);
}
Options::Opt Options::value(const std::string& name, std::optional<double>& into, const std::string& help) {
    auto* o = impl_.add(name, true,
                        impl_.app.add_option_function<double>(name, [&into](const double& v) { into = v; }, help));
    o->type_name("X")->check(number_check());
    return Opt(o);
}
Options::Opt Options::flag(const std::string& name, bool& into, const std::string& help) {
    return Opt(impl_.add(name, false, impl_.app.add_flag(name, into, help)));
}
Options::Opt Options::positional(const std::string& name, std::string& into, const std::string& help) {
    auto* o = impl_.app.add_option(name, into, help);
    o->type_name("");
    return Opt(o);
}
void Options::ui(Ui& into, bool json, const std::string& quiet_help) {
    if (json) flag("--json", into.json, "print the result as JSON on standard output (one line, keys sorted)");
    flag("--progress", into.progress, "show progress on standard error even when it is not a terminal");
    flag("--quiet", into.quiet, quiet_help);
}
void Options::footer(const std::string& text) {
    impl_.app.footer(HelpFormatter::wrap(text, 100) + "\n\n" + common_footer);
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
        if (c.usage.size() > 44) os << "\n" << std::string(46, ' ');
        else os << std::string(44 - c.usage.size(), ' ');
        os << " " << c.summary << "\n";
    }
    os << "\n'hatchnet COMMAND --help' lists a command's options with their defaults; a network argument\n"
          "may be a JSON file (.json or .json.gz), '-' for standard input, or 'beijing' for the embedded\n"
          "default dataset. "
       << common_footer << "\n";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

/// The closest of `names` to `given` when it is close enough (a typo or a prefix), else "".
std::string closest(const std::string& given, const std::vector<std::string>& names) {
    std::string best;
    std::size_t best_d = std::string::npos;
    for (const auto& n : names) {
        std::size_t d = edit_distance(given, n);
        if (n.size() > given.size() && n.compare(0, given.size(), given) == 0 && given.size() >= 3) d = 1;
        if (d < best_d) best_d = d, best = n;
    }
    const std::size_t allowed = std::max<std::size_t>(2, given.size() / 3);
    return best_d <= allowed ? best : std::string();
}

bool is_negative_number(const std::string& a) {
    return a.size() > 1 && a[0] == '-' && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.');
}

/// Refuses what CLI11 would report late or vaguely: an unknown option (with the closest
/// valid one) and an option whose value is missing (last, or followed by another option).
void check_names(const std::vector<std::string>& args, const std::map<std::string, bool>& known) {
    std::vector<std::string> names;
    for (const auto& [n, v] : known) names.push_back(n);
    names.push_back("--help");
    auto option_name = [](const std::string& a) { return a.substr(0, a.find('=')); };
    auto is_known = [&](const std::string& n) { return n == "--help" || n == "-h" || known.count(n) != 0; };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") break;
        if (a.size() < 2 || a[0] != '-' || is_negative_number(a)) continue;
        const std::string name = a[1] == '-' ? option_name(a) : a;
        if (!is_known(name)) {
            const std::string guess = closest(name[1] == '-' ? name : "-" + name, names);
            throw usage_error("unknown option " + hatchnet::printable_utf8(name) +
                              (guess.empty() ? std::string() : " (did you mean " + guess + "?)"));
        }
        auto it = known.find(name);
        if (it == known.end() || !it->second || a.find('=') != std::string::npos) continue;
        if (i + 1 == args.size()) throw usage_error("option " + name + " needs a value");
        const std::string& next = args[i + 1];
        if (next.size() > 2 && next[0] == '-' && next[1] == '-' && is_known(option_name(next)))
            throw usage_error("option " + name + " needs a value (found the option " + option_name(next) + ")");
        ++i;  // the value, whatever it looks like
    }
}

int fail(const std::string& command, const std::string& message) {
    std::cerr << "hatchnet " << command << ": " << message << "\n";
    std::cerr << "Run 'hatchnet " << command << " --help' for its options.\n";
    return 2;
}

int run_command(const Command& cmd, int argc, char** argv) {
    Options::Impl impl(cmd.summary, "hatchnet " + cmd.name);
    impl.app.formatter(std::make_shared<HelpFormatter>());
    impl.app.get_formatter()->column_width(34);
    impl.app.footer(common_footer);
    Options opts(impl);
    Run run = cmd.define(opts);

    std::vector<std::string> args(argv, argv + argc);
    const bool help = std::any_of(args.begin(), std::find(args.begin(), args.end(), "--"),
                                  [](const std::string& a) { return a == "--help" || a == "-h"; });
    if (help) {
        std::cout << impl.app.help();
        return 0;
    }
    try {
        check_names(args, impl.long_names);
        // CLI11 wants the arguments in reverse order
        std::vector<std::string> rev(args.rbegin(), args.rend());
        impl.app.parse(rev);
    } catch (const CLI::CallForHelp&) {
        std::cout << impl.app.help();
        return 0;
    } catch (const CLI::ExtrasError&) {
        std::string list;
        for (const auto& x : impl.app.remaining()) list += (list.empty() ? "" : " ") + x;
        return fail(cmd.name, std::string(impl.app.remaining().size() > 1 ? "unexpected arguments " : "unexpected argument ") +
                                  hatchnet::printable_utf8(list));
    } catch (const CLI::ParseError& e) {
        return fail(cmd.name, hatchnet::printable_utf8(e.what()));
    } catch (const usage_error& e) {
        return fail(cmd.name, e.what());
    }
    try {
        return run(std::cout, std::cerr);
    } catch (const usage_error& e) {
        return fail(cmd.name, e.what());
    } catch (...) {
        // the same classification as the C ABI and Python: bad input (including files, limits
        // and memory) exits 1; only a hatchnet bug is an internal error (exit 3)
        const auto info = hatchnet::describe_current_exception();
        std::cout.flush();
        std::cerr << "hatchnet " << cmd.name << ": " << info.message << "\n";
        return info.kind == hatchnet::error_kind::internal ? 3 : 1;
    }
}

const Command* find_command(const std::string& name) {
    for (const auto& c : commands())
        if (c.name == name) return &c;
    return nullptr;
}

int unknown_command(const std::string& name) {
    std::vector<std::string> names;
    for (const auto& c : commands()) names.push_back(c.name);
    const bool dash = name.rfind("-", 0) == 0;
    const std::string guess = dash ? std::string() : closest(name, names);
    std::cerr << "hatchnet: " << (dash ? "unknown option '" : "unknown command '") << hatchnet::printable_utf8(name)
              << "'" << (guess.empty() ? std::string() : " (did you mean '" + guess + "'?)") << "\n\n";
    usage(std::cerr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        usage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        if (name == "help" && argc > 2) {
            if (const Command* c = find_command(argv[2])) {
                char help_flag[] = "--help";
                char* args[] = {help_flag};
                return run_command(*c, 1, args);
            }
            return unknown_command(argv[2]);
        }
        usage(std::cout);
        return 0;
    }
    if (name == "--version" || name == "version") {
        std::cout << "hatchnet " << hatchnet::version_string << "\n";
        return 0;
    }
    const Command* cmd = find_command(name);
    if (!cmd) return unknown_command(name);
    return run_command(*cmd, argc - 2, argv + 2);
}
