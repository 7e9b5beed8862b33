// What every command shares: files and "-", JSON output, progress on standard error.
// (The option parser is in main.cpp, the only file that includes CLI11.)
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"

namespace hatchnet::cli {

namespace {
bool stdin_taken = false;

std::string read_stdin() {
    if (stdin_taken)
        throw usage_error("standard input can be read only once: give '-' to one input option at most");
    stdin_taken = true;
    // through /dev/stdin when it can be opened: gzip-compressed input is recognised there
    // as in any file, and the same bounded reader applies
    if (int fd = ::open("/dev/stdin", O_RDONLY | O_CLOEXEC); fd >= 0) {
        ::close(fd);
        return io::read_file("/dev/stdin");
    }
    const std::uint64_t limit = limits().max_input_bytes;
    std::string out;
    char buf[1 << 16];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
        out.append(buf, std::size_t(std::cin.gcount()));
        if (out.size() > limit) check_input_size(out.size(), "standard input");
    }
    return out;
}
}  // namespace

Network load_network(const std::string& spec) {
    if (spec == "beijing" || spec.empty()) return io::load_json_file(io::default_dataset_path());
    if (is_std(spec)) return io::load_json(read_stdin());
    return io::load_json_file(spec);
}

std::string read_input(const std::string& path) { return is_std(path) ? read_stdin() : io::read_file(path); }

std::string options_text(const std::string& spec) {
    if (is_std(spec)) return read_stdin();
    if (spec.find('{') != std::string::npos || spec.find_first_not_of(" \t\r\n") == std::string::npos ||
        spec == "null")
        return spec;
    return io::read_file(spec);
}

void write_output(const std::string& path, const std::string& text, std::ostream& out) {
    if (is_std(path)) {
        out << text;
        out.flush();
    } else {
        io::write_file(path, text);
    }
}

void one_stdout(std::initializer_list<const std::string*> paths, const std::string& what) {
    int n = 0;
    for (const auto* p : paths) n += p && is_std(*p);
    if (n > 1) throw usage_error("only one of " + what + " can be '-' (standard output)");
}

void print_json(std::ostream& out, const nlohmann::json& j) {
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// ---------------------------------------------------------------- progress

namespace {
using clock_type = std::chrono::steady_clock;

std::string seconds_text(double s) {
    char b[32];
    if (s < 60) std::snprintf(b, sizeof b, "%.1f s", s);
    else if (s < 3600) std::snprintf(b, sizeof b, "%dm%02ds", int(s) / 60, int(s) % 60);
    else std::snprintf(b, sizeof b, "%dh%02dm", int(s) / 3600, int(s) % 3600 / 60);
    return b;
}

std::string amount_text(double x) {
    char b[32];
    if (x >= 1e9) std::snprintf(b, sizeof b, "%.2fG", x / 1e9);
    else if (x >= 1e6) std::snprintf(b, sizeof b, "%.2fM", x / 1e6);
    else if (x >= 1e4) std::snprintf(b, sizeof b, "%.1fk", x / 1e3);
    else std::snprintf(b, sizeof b, "%.0f", x);
    return b;
}
}  // namespace

struct Progress::State {
    std::string command;
    bool tty = false, forced = false;
    clock_type::time_point t0 = clock_type::now(), count_t0 = t0, last_draw{};
    std::string stage;
    bool counting = false;
    double done = 0, total = 0;
    std::string unit, extra;
    bool drawn = false;
    std::mutex m;
    std::condition_variable cv;
    bool stop = false;
    std::thread ticker;

    double since(clock_type::time_point t) const {
        return std::chrono::duration<double>(clock_type::now() - t).count();
    }
    std::string line() const {
        std::ostringstream os;
        os << "hatchnet " << command << ": " << stage;
        if (counting) {
            const double rate = done / std::max(since(count_t0), 1e-9);
            os << (stage.empty() ? "" : ", ");
            if (total > 0)
                os << std::lround(100.0 * std::min(done / total, 1.0)) << "% (" << amount_text(done) << " of "
                   << amount_text(total) << " " << unit << ")";
            else
                os << amount_text(done) << " " << unit;
            os << ", " << amount_text(rate) << " " << unit << "/s";
            if (!extra.empty()) os << ", " << extra;
        }
        os << ", " << seconds_text(since(t0)) << " elapsed";
        if (counting && total > 0) {
            const double rate = done / std::max(since(count_t0), 1e-9);
            os << ", ETA " << (done > 0 && rate > 0 ? seconds_text((total - done) / rate) : std::string("unknown"));
        }
        return os.str();
    }
    /// Draws when due (the caller holds the lock).
    void draw(bool force_now) {
        const auto now = clock_type::now();
        if (!forced && since(t0) < 0.5) return;  // quick runs stay silent on a terminal
        const double every = tty ? 0.2 : 1.0;
        if (!force_now && drawn && std::chrono::duration<double>(now - last_draw).count() < every) return;
        last_draw = now;
        drawn = true;
        if (tty) std::cerr << "\r" << line() << "\033[K" << std::flush;
        else std::cerr << line() << "\n" << std::flush;
    }
};

Progress::Progress(const Ui& ui, std::string command) {
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    on_ = !ui.quiet && (ui.progress || tty);
    if (!on_) return;
    s_ = std::make_unique<State>();
    s_->command = std::move(command);
    s_->tty = tty;
    s_->forced = ui.progress;
    s_->ticker = std::thread([s = s_.get()] {
        std::unique_lock<std::mutex> lock(s->m);
        while (!s->cv.wait_for(lock, std::chrono::milliseconds(200), [s] { return s->stop; })) s->draw(false);
    });
}

Progress::~Progress() { stop(false); }

void Progress::stage(const std::string& name) {
    if (!on_) return;
    std::lock_guard<std::mutex> lock(s_->m);
    s_->stage = name;
    s_->counting = false;
    s_->draw(!s_->tty);
}

void Progress::count(double done, double total, const std::string& unit, const std::string& extra) {
    if (!on_) return;
    std::lock_guard<std::mutex> lock(s_->m);
    if (!s_->counting || s_->unit != unit) {
        s_->counting = true;
        s_->count_t0 = clock_type::now();
    }
    s_->done = done;
    s_->total = total;
    s_->unit = unit;
    s_->extra = extra;
    s_->draw(false);
}

void Progress::done() { stop(true); }

void Progress::stop(bool finished) {
    if (!on_) return;
    on_ = false;
    {
        std::lock_guard<std::mutex> lock(s_->m);
        s_->stop = true;
    }
    s_->cv.notify_all();
    s_->ticker.join();
    if (s_->tty) {
        if (s_->drawn) std::cerr << "\r\033[K" << std::flush;
    } else if (finished) {
        std::cerr << "hatchnet " << s_->command << ": done in " << seconds_text(s_->since(s_->t0)) << "\n"
                  << std::flush;
    }
}

}  // namespace hatchnet::cli
