// benchmarks/bench_mcf_families.cpp — hatchnet's min-cost flow solver side by side with LEMON's
// NetworkSimplex and CostScaling and OR-Tools' SimpleMinCostFlow on the standard instance
// families of mcf_families.hpp (NETGEN, GOTO, grids, transportation and assignment with slack,
// road-like networks), each at three sizes up to ~1M arcs.
//
//   bench_mcf_families [--quick] [--sizes small,medium,large] [--families f1,f2] [--reps K]
//                      [--csv FILE] [--json FILE] [--python PY | --no-ortools] [--write-dimacs DIR]
//
// --quick: the tiny presets, one run each (a smoke test of a few seconds; ctest runs it).
// Times: best of K runs (default 3, 1 on the large size; with K > 1 after one untimed run of
// hatchnet's default, which takes the process's first page faults) from arrays in memory to the optimal
// flow: hatchnet = MinCostFlow construction + add_arcs + set_supplies + run(); LEMON = filling
// its maps + run() (the SmartDigraph is built once, outside the timing); OR-Tools = its Python
// API (add_arcs_with_capacity_and_unit_cost + set_nodes_supplies + solve) in
// bench_mcf_families_ortools.py on the same instance written as DIMACS, reading untimed.
// hatchnet runs with its default algorithm and, when MinCostFlow offers set_algorithm, also with
// its network simplex and its cost scaling forced (columns hn-simplex, hn-cs; a forced algorithm
// may refuse an instance, "!"). Every solver that solves must reach the same optimal cost; the
// exit status is 1 if one does not.
// Prints one row per family and size, families ordered worst first by the ratio
// hatchnet / fastest peer (< 1: hatchnet is faster), and writes CSV and JSON for plotting.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "hatchnet/algo/min_cost_flow.hpp"
#include "lemon_runner.hpp"
#include "mcf_families.hpp"
#include "timing.hpp"

#ifndef HATCHNET_BENCH_PYTHON
#define HATCHNET_BENCH_PYTHON "python3"
#endif
#ifndef HATCHNET_BENCH_DIR
#define HATCHNET_BENCH_DIR "benchmarks"
#endif

namespace hb = hatchnet::bench;
using hatchnet::algo::MinCostFlow;

namespace {

struct Timing {
    bool ran = false, ok = false;
    double secs = 0;
    std::int64_t cost = 0;
};

// hatchnet's default, its forced alternatives (when MinCostFlow offers a choice), the peers
enum Solver { kOurs, kOursNS, kOursCS, kLemonNS, kLemonCS, kOrTools, kSolvers };
const char* const kSolverNames[kSolvers] = {"hatchnet", "hatchnet simplex", "hatchnet cost scaling",
                                            "LEMON NetworkSimplex", "LEMON CostScaling", "OR-Tools"};
const char* const kSolverKeys[kSolvers] = {"hatchnet", "hatchnet_ns", "hatchnet_cs", "lemon_ns", "lemon_cs", "ortools"};
const char* const kSolverShort[kSolvers] = {"hatchnet", "hn-simplex", "hn-cs", "LEMON-NS", "LEMON-CS", "OR-Tools"};

// MinCostFlow with a choice of algorithm (set_algorithm): its network simplex and its cost
// scaling are then also timed, forced, next to the default.
template <class F>
concept HasAlgorithms = requires(F f) {
    f.set_algorithm(F::Algorithm::network_simplex);
    f.set_algorithm(F::Algorithm::cost_scaling);
};

struct Row {
    hb::Family family;
    hb::Size size;
    std::uint64_t seed = 0;
    int n = 0;
    std::size_t m = 0;
    Timing t[kSolvers];
    int fastest_peer = -1;
    double ratio = 0;
    bool agree = false;
};

struct Options {
    bool quick = false, ortools = true;
    int reps = 0;  // 0: 3, or 1 on the large size
    std::vector<hb::Size> sizes{hb::Size::small, hb::Size::medium, hb::Size::large};
    std::vector<hb::Family> families{hb::kFamilies.begin(), hb::kFamilies.end()};
    std::string csv = "bench_mcf_families.csv", json = "bench_mcf_families.json";
    std::string python = HATCHNET_BENCH_PYTHON, dimacs_dir;
};

// which: kOurs (the default), kOursNS or kOursCS (forced; ran = false without the choice)
template <class F = MinCostFlow>
Timing run_ours(const hb::McfInstance& I, int reps, Solver which = kOurs) {
    Timing r;
    if constexpr (!HasAlgorithms<F>) {
        if (which != kOurs) return r;
    }
    r.ran = true;
    try {
    r.secs = hb::seconds_of([&] {
        F f(I.n);
        if constexpr (HasAlgorithms<F>) {
            if (which == kOursNS) f.set_algorithm(F::Algorithm::network_simplex);
            if (which == kOursCS) f.set_algorithm(F::Algorithm::cost_scaling);
        }
        f.add_arcs(I.tail, I.head, I.cap, I.cost);
        f.set_supplies(I.supply);
        r.ok = f.run() == F::Status::optimal;
        r.cost = r.ok ? f.total_cost() : 0;
    }, reps);
    } catch (const std::exception& e) {  // a forced algorithm may refuse an instance (shown "!")
        if (which == kOurs) throw;
        std::fprintf(stderr, "%s refused %s: %s\n", kSolverNames[which], I.name.c_str(), e.what());
        r.ok = false;
        r.secs = 0;
    }
    return r;
}

Timing run_lemon(hb::LemonResult (*algo)(const hb::LemonInput&, int), const hb::McfInstance& I, int reps) {
    hb::LemonInput in;
    in.n = I.n;
    in.m = I.m();
    in.tail = I.tail.data(); in.head = I.head.data();
    in.cap = I.cap.data(); in.cost = I.cost.data(); in.supply = I.supply.data();
    const hb::LemonResult l = algo(in, reps);
    Timing r;
    r.ran = true;
    r.ok = l.ok;
    r.secs = l.secs;
    r.cost = l.cost;
    return r;
}

// the value of "key": in a one-line JSON object (our own script's output; no nesting)
std::string json_field(const std::string& line, const std::string& key) {
    const auto k = line.find("\"" + key + "\":");
    if (k == std::string::npos) return {};
    auto v = k + key.size() + 3;
    while (v < line.size() && line[v] == ' ') ++v;
    if (v < line.size() && line[v] == '"') {
        const auto e = line.find('"', v + 1);
        return line.substr(v + 1, e - v - 1);
    }
    const auto e = line.find_first_of(",}", v);
    return line.substr(v, e - v);
}

// OR-Tools through its Python API on the instance written as DIMACS; ran = false if the
// interpreter or OR-Tools is missing (the message is printed once).
Timing run_ortools(const Options& o, const hb::McfInstance& I, const std::string& path, int reps) {
    static bool warned = false;
    Timing r;
    {
        std::ofstream out(path);
        hb::write_dimacs(out, I, I.name);
    }
    const std::string cmd = "\"" + o.python + "\" \"" HATCHNET_BENCH_DIR "/bench_mcf_families_ortools.py\" --reps " +
                            std::to_string(reps) + " \"" + path + "\" 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    if (p) {
        char buf[4096];
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        pclose(p);
    }
    if (o.dimacs_dir.empty()) std::remove(path.c_str());
    const std::string status = json_field(out, "status");
    if (status.empty()) {
        if (!warned) std::fprintf(stderr, "OR-Tools column skipped: %s\n", out.empty() ? "no output" : out.c_str());
        warned = true;
        return r;
    }
    r.ran = true;
    r.ok = status == "optimal";
    r.secs = std::stod(json_field(out, "seconds"));
    r.cost = std::stoll(json_field(out, "cost"));
    return r;
}

void finish_row(Row& row) {
    const Timing& ours = row.t[kOurs];
    row.agree = ours.ran && ours.ok;
    for (int s : {kOursNS, kOursCS}) {  // a forced algorithm may refuse; if it solves, same optimum
        const Timing& t = row.t[s];
        if (t.ran && t.ok) row.agree = row.agree && t.cost == ours.cost;
    }
    for (int s = kLemonNS; s < kSolvers; ++s) {
        const Timing& t = row.t[s];
        if (!t.ran) continue;
        row.agree = row.agree && t.ok && t.cost == ours.cost;
        if (t.ok && (row.fastest_peer < 0 || t.secs < row.t[row.fastest_peer].secs)) row.fastest_peer = s;
    }
    row.ratio = row.fastest_peer >= 0 ? ours.secs / row.t[row.fastest_peer].secs : 0;
}

Row run_instance(const Options& o, hb::Family f, hb::Size z) {
    Row row;
    row.family = f;
    row.size = z;
    row.seed = hb::default_seed(f);
    const hb::McfInstance I = hb::make_instance(f, z, row.seed);
    row.n = I.n;
    row.m = I.m();
    const int reps = o.reps > 0 ? o.reps : (o.quick ? 1 : (z == hb::Size::large ? 1 : 3));
    // one untimed run first when timing best-of-several: the process's first large
    // allocations fault their pages in, which otherwise lands on whichever solver runs first
    if (reps > 1) (void)run_ours(I, 1);
    row.t[kOurs] = run_ours(I, reps);
    row.t[kOursNS] = run_ours(I, reps, kOursNS);
    row.t[kOursCS] = run_ours(I, reps, kOursCS);
    row.t[kLemonNS] = run_lemon(hb::lemon_network_simplex, I, reps);
    row.t[kLemonCS] = run_lemon(hb::lemon_cost_scaling, I, reps);
    if (o.ortools) {
        const std::string dir = o.dimacs_dir.empty() ? std::string("/tmp") : o.dimacs_dir;
        const std::string path = dir + "/" + std::string(hb::to_string(f)) + "-" + std::string(hb::to_string(z)) +
                                 (o.dimacs_dir.empty() ? "." + std::to_string(::getpid()) : std::string()) + ".min";
        row.t[kOrTools] = run_ortools(o, I, path, reps);
    } else if (!o.dimacs_dir.empty()) {
        std::ofstream out(o.dimacs_dir + "/" + std::string(hb::to_string(f)) + "-" + std::string(hb::to_string(z)) + ".min");
        hb::write_dimacs(out, I, I.name);
    }
    finish_row(row);
    return row;
}

std::string secs_or_dash(const Timing& t) {
    if (!t.ran) return "-";
    char b[32];
    std::snprintf(b, sizeof b, t.ok ? "%.4f" : "%.4f!", t.secs);
    return b;
}

// families ordered by their worst ratio over the sizes, worst first; rows by size within
std::vector<const Row*> worst_first(const std::vector<Row>& rows) {
    std::map<hb::Family, double> worst;
    for (const Row& r : rows) worst[r.family] = std::max(worst[r.family], r.ratio);
    std::vector<const Row*> order;
    for (const Row& r : rows) order.push_back(&r);
    std::stable_sort(order.begin(), order.end(), [&](const Row* a, const Row* b) {
        if (a->family != b->family) {
            if (worst[a->family] != worst[b->family]) return worst[a->family] > worst[b->family];
            return a->family < b->family;
        }
        return a->size < b->size;
    });
    return order;
}

void print_table(const std::vector<Row>& rows) {
    bool shown[kSolvers] = {};
    for (const Row& r : rows)
        for (int k = 0; k < kSolvers; ++k) shown[k] = shown[k] || r.t[k].ran || k == kOurs;
    std::printf("\n%-19s %-6s %8s %8s", "family", "size", "n", "m");
    for (int k = 0; k < kSolvers; ++k)
        if (shown[k]) std::printf(" %10s", kSolverShort[k]);
    std::printf(" %-21s %7s %s\n", "fastest peer", "ratio", "same optimum");
    for (const Row* r : worst_first(rows)) {
        char ratio[32] = "-";
        if (r->fastest_peer >= 0) std::snprintf(ratio, sizeof ratio, "%.3f", r->ratio);
        std::printf("%-19s %-6s %8d %8zu", std::string(hb::to_string(r->family)).c_str(),
                    std::string(hb::to_string(r->size)).c_str(), r->n, r->m);
        for (int k = 0; k < kSolvers; ++k)
            if (shown[k]) std::printf(" %10s", secs_or_dash(r->t[k]).c_str());
        std::printf(" %-21s %7s %s\n", r->fastest_peer >= 0 ? kSolverNames[r->fastest_peer] : "-", ratio,
                    r->agree ? "yes" : "NO");
    }
    std::printf("(seconds, best of the runs, ! = not optimal / refused; ratio = hatchnet (default) / fastest "
                "peer, < 1: hatchnet faster; families worst first)\n");
}

std::string read_first_line(const char* path, const char* prefix) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0) {
            const auto c = line.find(':');
            return c == std::string::npos ? line : line.substr(c + 2);
        }
    return "?";
}

std::string machine_json() {
    static const std::string load_at_start = read_first_line("/proc/loadavg", "");
    std::ostringstream s;
    s << "{\"cpu\": \"" << read_first_line("/proc/cpuinfo", "model name") << "\", \"hardware_threads\": "
      << std::thread::hardware_concurrency() << ", \"loadavg_at_start\": \"" << load_at_start
      << "\", \"loadavg_now\": \"" << read_first_line("/proc/loadavg", "") << "\", \"compiler\": \"" << __VERSION__ << "\", \"lemon\": \""
      << hb::lemon_version() << "\"}";
    return s.str();
}

void write_outputs(const Options& o, const std::vector<Row>& rows) {
    std::ofstream csv(o.csv);
    csv << "family,size,seed,n,m";
    for (const char* k : kSolverKeys) csv << ',' << k << "_s," << k << "_cost";
    csv << ",fastest_peer,ratio,same_optimum\n";
    std::ofstream js(o.json);
    js << "{\n  \"machine\": " << machine_json() << ",\n  \"mode\": \"" << (o.quick ? "quick" : "full")
       << "\",\n  \"results\": [";
    bool first = true;
    for (const Row* r : worst_first(rows)) {
        const std::string f(hb::to_string(r->family)), z(hb::to_string(r->size));
        csv << f << ',' << z << ',' << r->seed << ',' << r->n << ',' << r->m;
        js << (first ? "\n" : ",\n") << "    {\"family\": \"" << f << "\", \"size\": \"" << z << "\", \"seed\": " << r->seed
           << ", \"n\": " << r->n << ", \"m\": " << r->m;
        first = false;
        for (int s = 0; s < kSolvers; ++s) {
            const Timing& t = r->t[s];
            if (t.ran) csv << ',' << t.secs << ',' << t.cost;
            else csv << ",,";
            js << ", \"" << kSolverKeys[s] << "\": ";
            if (t.ran) js << "{\"seconds\": " << t.secs << ", \"cost\": " << t.cost << ", \"optimal\": " << (t.ok ? "true" : "false") << "}";
            else js << "null";
        }
        const char* fp = r->fastest_peer >= 0 ? kSolverKeys[r->fastest_peer] : "";
        csv << ',' << fp << ',' << r->ratio << ',' << (r->agree ? "yes" : "no") << '\n';
        js << ", \"fastest_peer\": \"" << fp << "\", \"ratio\": " << r->ratio << ", \"same_optimum\": " << (r->agree ? "true" : "false") << "}";
    }
    js << "\n  ]\n}\n";
}

template <class T, class Parse>
bool parse_list(const char* arg, std::vector<T>& out, Parse parse) {
    out.clear();
    std::stringstream ss(arg);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto v = parse(item);
        if (!v) { std::fprintf(stderr, "unknown name '%s'\n", item.c_str()); return false; }
        out.push_back(*v);
    }
    return !out.empty();
}

int usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s [--quick] [--sizes small,medium,large] [--families f1,f2,...] [--reps K]\n"
                 "          [--csv FILE] [--json FILE] [--python PY | --no-ortools] [--write-dimacs DIR]\nfamilies:",
                 argv0);
    for (auto f : hb::kFamilies) std::fprintf(stderr, " %s", std::string(hb::to_string(f)).c_str());
    std::fprintf(stderr, "\nsizes: tiny small medium large\n");
    return 2;
}

bool parse_options(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has = i + 1 < argc;
        if (a == "--quick") { o.quick = true; o.sizes = {hb::Size::tiny}; }
        else if (a == "--no-ortools") o.ortools = false;
        else if (a == "--sizes" && has) { if (!parse_list(argv[++i], o.sizes, [](const std::string& s) { return hb::parse_size(s); })) return false; }
        else if (a == "--families" && has) { if (!parse_list(argv[++i], o.families, [](const std::string& s) { return hb::parse_family(s); })) return false; }
        else if (a == "--reps" && has) o.reps = std::max(1, std::atoi(argv[++i]));
        else if (a == "--csv" && has) o.csv = argv[++i];
        else if (a == "--json" && has) o.json = argv[++i];
        else if (a == "--python" && has) o.python = argv[++i];
        else if (a == "--write-dimacs" && has) o.dimacs_dir = argv[++i];
        else return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse_options(argc, argv, o)) return usage(argv[0]);
    std::printf("machine: %s\n", machine_json().c_str());
    std::vector<Row> rows;
    for (hb::Size z : o.sizes)
        for (hb::Family f : o.families) {
            rows.push_back(run_instance(o, f, z));
            const Row& r = rows.back();
            std::printf("%-19s %-6s m=%-8zu", std::string(hb::to_string(f)).c_str(), std::string(hb::to_string(z)).c_str(), r.m);
            for (int k = 0; k < kSolvers; ++k)
                if (r.t[k].ran) std::printf("  %s %s", kSolverShort[k], secs_or_dash(r.t[k]).c_str());
            std::printf("  ratio %.3f %s\n", r.ratio, r.agree ? "" : "COSTS DIFFER");
            std::fflush(stdout);
        }
    print_table(rows);
    write_outputs(o, rows);
    std::printf("wrote %s and %s\n", o.csv.c_str(), o.json.c_str());
    const bool all_agree = std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.agree; });
    return all_agree ? 0 : 1;
}
