// benchmarks/bench_mcf_families.cpp — hatchnet's min-cost flow solver side by side with LEMON's
// NetworkSimplex and CostScaling and OR-Tools' SimpleMinCostFlow on the standard instance
// families of mcf_families.hpp (NETGEN, GOTO, grids, transportation and assignment with slack,
// road-like networks), each at three sizes up to ~1M arcs.
//
//   bench_mcf_families [--quick] [--sizes small,medium,large] [--families f1,f2] [--reps K]
//                      [--skip s1,s2] [--csv FILE] [--json FILE] [--python PY | --no-ortools]
//                      [--write-dimacs DIR]
//
// --quick: the tiny presets, one run each (a smoke test of a few seconds; ctest runs it).
// Times: wall time and CPU time, each the best of K runs (default 3, 1 on the large size; with
// K > 1 after one untimed run of hatchnet's default, which takes the process's first page
// faults), from arrays in memory to the optimal flow. CPU time is the process's
// (clock_gettime(CLOCK_PROCESS_CPUTIME_ID) around the same section for hatchnet and LEMON, in
// this process; time.process_time() in the OR-Tools script): on a shared machine the wall time
// also counts the time spent waiting for a core, the CPU time does not. What is timed: hatchnet = MinCostFlow construction + add_arcs + set_supplies + run(); LEMON = filling
// its maps + run() (the SmartDigraph is built once, outside the timing); OR-Tools = its Python
// API (add_arcs_with_capacity_and_unit_cost + set_nodes_supplies + solve) in
// bench_mcf_families_ortools.py on the same instance written as DIMACS, reading untimed.
// hatchnet runs with its default algorithm and, when MinCostFlow offers set_algorithm, also with
// its network simplex and its cost scaling forced (columns hn-simplex, hn-cs; a forced algorithm
// may refuse an instance, "!"; --skip hatchnet_ns,hatchnet_cs leaves them out). Every solver
// that solves must reach the same optimal cost; the exit status is 1 if one does not.
// Ratios (hatchnet's default over a peer; < 1: hatchnet is faster), each on wall and on CPU time:
//   all  — over the fastest of all peers (LEMON NetworkSimplex, LEMON CostScaling, OR-Tools);
//   goal — over the faster of LEMON NetworkSimplex and OR-Tools: issue #15's goal is goal <= 0.8
//          on every family and size.
// Prints one row per family and size, families ordered worst first by the goal ratio on CPU
// time, then a summary: the worst family and size for each ratio (per size and overall) and
// whether every row meets the goal. A row is marked noisy when a solver's wall time exceeds
// its CPU time by more than 25% (it waited for a core) or its runs' wall times spread by more
// than 25%. Writes CSV and JSON for plotting, rewritten after every row (a partial run keeps
// the rows that finished).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
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
    double secs = 0;      // best wall time [s]
    double cpu = 0;       // best CPU time [s]
    double secs_max = 0;  // worst wall time of the runs [s]
    std::int64_t cost = 0;
};

// which time a ratio is taken on
enum Clock { kWall, kCpu, kClocks };
const char* const kClockNames[kClocks] = {"wall", "CPU"};
double time_of(const Timing& t, Clock c) { return c == kWall ? t.secs : t.cpu; }

// which peers a ratio is taken against
enum PeerSet { kAll, kGoal, kPeerSets };
const char* const kPeerSetNames[kPeerSets] = {"fastest peer (all)", "goal: faster of LEMON NS and OR-Tools"};

constexpr double kGoalRatio = 0.8;      // issue #15: goal ratio <= 0.8 on every family and size
constexpr double kNoisy = 1.25;     // wall / CPU (or worst / best wall) above this: a noisy row

struct Ratio {
    int peer = -1;   // the peer the ratio is taken against (-1: none ran)
    double value = 0;
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
    Ratio ratio[kPeerSets][kClocks];
    double noise = 1;  // max over the solvers of wall / CPU and worst / best wall
    bool noisy = false;
    bool agree = false;
};

struct Options {
    bool quick = false, ortools = true;
    int reps = 0;  // 0: 3, or 1 on the large size
    std::vector<hb::Size> sizes{hb::Size::small, hb::Size::medium, hb::Size::large};
    std::vector<hb::Family> families{hb::kFamilies.begin(), hb::kFamilies.end()};
    bool skip[kSolvers] = {};
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
    const hb::WallCpu w = hb::wall_cpu_of([&] {
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
    r.secs = w.wall;
    r.cpu = w.cpu;
    r.secs_max = w.wall_max;
    } catch (const std::exception& e) {  // a forced algorithm may refuse an instance (shown "!")
        if (which == kOurs) throw;
        std::fprintf(stderr, "%s refused %s: %s\n", kSolverNames[which], I.name.c_str(), e.what());
        r.ok = false;
        r.secs = r.cpu = r.secs_max = 0;
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
    r.cpu = l.cpu;
    r.secs_max = l.secs_max;
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
    const std::string cpu = json_field(out, "cpu_seconds"), worst = json_field(out, "seconds_max");
    r.cpu = cpu.empty() ? r.secs : std::stod(cpu);
    r.secs_max = worst.empty() ? r.secs : std::stod(worst);
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
        if (t.ran) row.agree = row.agree && t.ok && t.cost == ours.cost;
    }
    for (int p = 0; p < kPeerSets; ++p)
        for (int c = 0; c < kClocks; ++c) {
            Ratio& r = row.ratio[p][c];
            for (int s = kLemonNS; s < kSolvers; ++s) {
                const Timing& t = row.t[s];
                if (p == kGoal && s == kLemonCS) continue;
                if (!t.ran || !t.ok) continue;
                if (r.peer < 0 || time_of(t, Clock(c)) < time_of(row.t[r.peer], Clock(c))) r.peer = s;
            }
            const double peer = r.peer >= 0 ? time_of(row.t[r.peer], Clock(c)) : 0;
            r.value = peer > 0 ? time_of(ours, Clock(c)) / peer : 0;
        }
    row.noise = 1;
    for (const Timing& t : row.t) {
        if (!t.ran || !t.ok || t.secs <= 0) continue;
        // differences below 2 ms are the clocks' granularity and start-up, not load
        if (t.cpu > 0 && t.secs - t.cpu > 0.002) row.noise = std::max(row.noise, t.secs / t.cpu);
        if (t.secs_max - t.secs > 0.002) row.noise = std::max(row.noise, t.secs_max / t.secs);
    }
    row.noisy = row.noise > kNoisy;
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
    if (!o.skip[kOursNS]) row.t[kOursNS] = run_ours(I, reps, kOursNS);
    if (!o.skip[kOursCS]) row.t[kOursCS] = run_ours(I, reps, kOursCS);
    if (!o.skip[kLemonNS]) row.t[kLemonNS] = run_lemon(hb::lemon_network_simplex, I, reps);
    if (!o.skip[kLemonCS]) row.t[kLemonCS] = run_lemon(hb::lemon_cost_scaling, I, reps);
    if (o.ortools && !o.skip[kOrTools]) {
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
    char b[48];
    std::snprintf(b, sizeof b, t.ok ? "%.4f/%.4f" : "%.4f/%.4f!", t.secs, t.cpu);
    return b;
}

std::string ratio_or_dash(const Ratio& r) {
    if (r.peer < 0) return "-";
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", r.value);
    return b;
}

std::string family_size(const Row& r) {
    return std::string(hb::to_string(r.family)) + "/" + std::string(hb::to_string(r.size));
}

// families ordered by their worst goal ratio on CPU time over the sizes, worst first; rows by
// size within
std::vector<const Row*> worst_first(const std::vector<Row>& rows) {
    std::map<hb::Family, double> worst;
    for (const Row& r : rows) worst[r.family] = std::max(worst[r.family], r.ratio[kGoal][kCpu].value);
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

bool ortools_ran(const std::vector<Row>& rows) {
    return std::any_of(rows.begin(), rows.end(), [](const Row& r) { return r.t[kOrTools].ran; });
}

void print_table(const std::vector<Row>& rows) {
    bool shown[kSolvers] = {};
    for (const Row& r : rows)
        for (int k = 0; k < kSolvers; ++k) shown[k] = shown[k] || r.t[k].ran || k == kOurs;
    std::printf("\n%-19s %-6s %8s %8s", "family", "size", "n", "m");
    for (int k = 0; k < kSolvers; ++k)
        if (shown[k]) std::printf(" %17s", kSolverShort[k]);
    std::printf(" %-9s %7s %7s %-9s %7s %7s %-5s %s\n", "fastest", "all:w", "all:cpu", "goal peer", "goal:w",
                "goal:cpu", "noisy", "same optimum");
    for (const Row* r : worst_first(rows)) {
        std::printf("%-19s %-6s %8d %8zu", std::string(hb::to_string(r->family)).c_str(),
                    std::string(hb::to_string(r->size)).c_str(), r->n, r->m);
        for (int k = 0; k < kSolvers; ++k)
            if (shown[k]) std::printf(" %17s", secs_or_dash(r->t[k]).c_str());
        const Ratio& all = r->ratio[kAll][kWall];
        const Ratio& goal = r->ratio[kGoal][kCpu];
        std::printf(" %-9s %7s %7s %-9s %7s %7s %-5s %s\n", all.peer >= 0 ? kSolverShort[all.peer] : "-",
                    ratio_or_dash(all).c_str(), ratio_or_dash(r->ratio[kAll][kCpu]).c_str(),
                    goal.peer >= 0 ? kSolverShort[goal.peer] : "-", ratio_or_dash(r->ratio[kGoal][kWall]).c_str(),
                    ratio_or_dash(goal).c_str(), r->noisy ? "yes" : "", r->agree ? "yes" : "NO");
    }
    std::printf("(seconds, wall/CPU, each the best of the runs, ! = not optimal / refused; ratios = hatchnet "
                "(default) / peer on wall (w) and CPU time, < 1: hatchnet faster; all = the fastest of all peers "
                "(column 'fastest': by wall), goal = the faster of LEMON NetworkSimplex and OR-Tools (column "
                "'goal peer': by CPU); noisy: a wall time %.0f%% above its CPU time or its runs' spread; families "
                "worst first by goal:cpu)\n", (kNoisy - 1) * 100);
}

// The worst row (highest ratio) among `rows` for a peer set and clock; nullptr if none.
const Row* worst_row(const std::vector<const Row*>& rows, PeerSet p, Clock c) {
    const Row* w = nullptr;
    for (const Row* r : rows)
        if (r->ratio[p][c].peer >= 0 && (!w || r->ratio[p][c].value > w->ratio[p][c].value)) w = r;
    return w;
}

std::string worst_text(const Row* w, PeerSet p, Clock c) {
    if (!w) return "-";
    char b[96];
    std::snprintf(b, sizeof b, "%s %.3f (%s)", family_size(*w).c_str(), w->ratio[p][c].value,
                  kSolverShort[w->ratio[p][c].peer]);
    return b;
}

// rows meeting the goal (goal ratio <= 0.8) on a clock, of the rows with a goal peer
std::pair<int, int> goal_met(const std::vector<const Row*>& rows, Clock c) {
    int met = 0, of = 0;
    for (const Row* r : rows)
        if (r->ratio[kGoal][c].peer >= 0) {
            ++of;
            met += r->ratio[kGoal][c].value <= kGoalRatio;
        }
    return {met, of};
}

void print_summary(const Options& o, const std::vector<Row>& rows) {
    std::printf("\nsummary: worst family/size for each ratio (hatchnet default / peer; peer in parentheses)\n");
    std::printf("%-7s %-44s %-44s %-44s %-44s\n", "size", "all peers, wall", "all peers, CPU", "goal, wall",
                "goal, CPU");
    std::vector<hb::Size> sizes = o.sizes;
    for (int pass = 0; pass <= static_cast<int>(sizes.size()); ++pass) {
        std::vector<const Row*> sel;
        for (const Row& r : rows)
            if (pass == static_cast<int>(sizes.size()) || r.size == sizes[static_cast<std::size_t>(pass)]) sel.push_back(&r);
        if (sel.empty()) continue;
        const std::string label = pass == static_cast<int>(sizes.size()) ? "every" : std::string(hb::to_string(sizes[static_cast<std::size_t>(pass)]));
        std::printf("%-7s", label.c_str());
        for (int p = 0; p < kPeerSets; ++p)
            for (int c = 0; c < kClocks; ++c)
                std::printf(" %-44s", worst_text(worst_row(sel, PeerSet(p), Clock(c)), PeerSet(p), Clock(c)).c_str());
        std::printf("\n");
    }
    std::vector<const Row*> all;
    for (const Row& r : rows) all.push_back(&r);
    const auto [mw, ow] = goal_met(all, kWall);
    const auto [mc, oc] = goal_met(all, kCpu);
    const Row* ww = worst_row(all, kGoal, kWall);
    const Row* wc = worst_row(all, kGoal, kCpu);
    const Row* aw = worst_row(all, kAll, kWall);
    const Row* ac = worst_row(all, kAll, kCpu);
    std::printf("worst vs the fastest peer (all): wall %s, CPU %s\n", worst_text(aw, kAll, kWall).c_str(),
                worst_text(ac, kAll, kCpu).c_str());
    std::printf("worst goal ratio (vs the faster of LEMON NS and OR-Tools%s): wall %s, CPU %s\n",
                ortools_ran(rows) ? "" : "; OR-Tools did not run: LEMON NS alone", worst_text(ww, kGoal, kWall).c_str(),
                worst_text(wc, kGoal, kCpu).c_str());
    std::printf("goal <= %.2f on every row: wall %s (%d of %d rows), CPU %s (%d of %d rows)\n", kGoalRatio,
                mw == ow && ow > 0 ? "yes" : "NO", mw, ow, mc == oc && oc > 0 ? "yes" : "NO", mc, oc);
    const auto noisy = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.noisy; });
    std::printf("noisy rows: %td of %zu", noisy, rows.size());
    for (const Row* r : worst_first(rows))
        if (r->noisy) std::printf(" %s(%.2f)", family_size(*r).c_str(), r->noise);
    std::printf("\n");
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

std::string run_command(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[256];
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// the source tree's commit when the run starts (git describe of the benchmarks' directory;
// "-dirty" if changed). The binary may be older than the tree: "built" says when it was compiled.
const std::string& source_commit() {
    static const std::string c = [] {
        const std::string s = run_command("git -C \"" HATCHNET_BENCH_DIR "\" describe --always --dirty --abbrev=12 2>/dev/null");
        return s.empty() ? std::string("?") : s;
    }();
    return c;
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return b;
}

std::string machine_json() {
    static const std::string load_at_start = read_first_line("/proc/loadavg", "");
    static const std::string started = utc_now();
    std::ostringstream s;
    s << "{\"cpu\": \"" << read_first_line("/proc/cpuinfo", "model name") << "\", \"hardware_threads\": "
      << std::thread::hardware_concurrency() << ", \"loadavg_at_start\": \"" << load_at_start
      << "\", \"loadavg_now\": \"" << read_first_line("/proc/loadavg", "") << "\", \"started_utc\": \"" << started
      << "\", \"now_utc\": \"" << utc_now() << "\", \"source_commit\": \"" << source_commit() << "\", \"built\": \"" << __DATE__ << ' ' << __TIME__
      << "\", \"compiler\": \""
      << __VERSION__ << "\", \"lemon\": \"" << hb::lemon_version() << "\"}";
    return s.str();
}

void json_ratio(std::ostream& js, const char* key, const Ratio& r) {
    js << ", \"" << key << "\": ";
    if (r.peer < 0) js << "null";
    else js << "{\"peer\": \"" << kSolverKeys[r.peer] << "\", \"ratio\": " << r.value << "}";
}

void json_worst(std::ostream& js, const Row* w, PeerSet p, Clock c) {
    if (!w) { js << "null"; return; }
    js << "{\"family\": \"" << hb::to_string(w->family) << "\", \"size\": \"" << hb::to_string(w->size)
       << "\", \"ratio\": " << w->ratio[p][c].value << ", \"peer\": \"" << kSolverKeys[w->ratio[p][c].peer] << "\"}";
}

void write_outputs(const Options& o, const std::vector<Row>& rows, bool finished) {
    std::ofstream csv(o.csv);
    csv << "family,size,seed,n,m";
    for (const char* k : kSolverKeys) csv << ',' << k << "_s," << k << "_cpu_s," << k << "_cost";
    csv << ",fastest_peer,ratio,fastest_peer_cpu,ratio_cpu,goal_peer,goal_ratio,goal_peer_cpu,goal_ratio_cpu,"
           "noise,noisy,same_optimum\n";
    std::ofstream js(o.json);
    js << "{\n  \"machine\": " << machine_json() << ",\n  \"mode\": \"" << (o.quick ? "quick" : "full")
       << "\",\n  \"finished\": " << (finished ? "true" : "false") << ",\n  \"goal\": " << kGoalRatio
       << ",\n  \"results\": [";
    bool first = true;
    auto peer_key = [](const Ratio& r) { return r.peer >= 0 ? kSolverKeys[r.peer] : ""; };
    for (const Row* r : worst_first(rows)) {
        const std::string f(hb::to_string(r->family)), z(hb::to_string(r->size));
        csv << f << ',' << z << ',' << r->seed << ',' << r->n << ',' << r->m;
        js << (first ? "\n" : ",\n") << "    {\"family\": \"" << f << "\", \"size\": \"" << z << "\", \"seed\": " << r->seed
           << ", \"n\": " << r->n << ", \"m\": " << r->m;
        first = false;
        for (int s = 0; s < kSolvers; ++s) {
            const Timing& t = r->t[s];
            if (t.ran) csv << ',' << t.secs << ',' << t.cpu << ',' << t.cost;
            else csv << ",,,";
            js << ", \"" << kSolverKeys[s] << "\": ";
            if (t.ran)
                js << "{\"seconds\": " << t.secs << ", \"cpu_seconds\": " << t.cpu << ", \"seconds_max\": " << t.secs_max
                   << ", \"cost\": " << t.cost << ", \"optimal\": " << (t.ok ? "true" : "false") << "}";
            else js << "null";
        }
        for (int p = 0; p < kPeerSets; ++p)
            for (int c = 0; c < kClocks; ++c) csv << ',' << peer_key(r->ratio[p][c]) << ',' << r->ratio[p][c].value;
        csv << ',' << r->noise << ',' << (r->noisy ? "yes" : "no") << ',' << (r->agree ? "yes" : "no") << '\n';
        json_ratio(js, "ratio_all_wall", r->ratio[kAll][kWall]);
        json_ratio(js, "ratio_all_cpu", r->ratio[kAll][kCpu]);
        json_ratio(js, "ratio_goal_wall", r->ratio[kGoal][kWall]);
        json_ratio(js, "ratio_goal_cpu", r->ratio[kGoal][kCpu]);
        js << ", \"noise\": " << r->noise << ", \"noisy\": " << (r->noisy ? "true" : "false")
           << ", \"same_optimum\": " << (r->agree ? "true" : "false") << "}";
    }
    js << "\n  ],\n  \"summary\": {";
    std::vector<const Row*> all;
    for (const Row& r : rows) all.push_back(&r);
    bool first_size = true;
    for (hb::Size z : o.sizes) {
        std::vector<const Row*> sel;
        for (const Row* r : all)
            if (r->size == z) sel.push_back(r);
        js << (first_size ? "\n" : ",\n") << "    \"" << hb::to_string(z) << "\": {";
        first_size = false;
        const char* keys[kPeerSets][kClocks] = {{"worst_all_wall", "worst_all_cpu"}, {"worst_goal_wall", "worst_goal_cpu"}};
        for (int p = 0; p < kPeerSets; ++p)
            for (int c = 0; c < kClocks; ++c) {
                js << (p + c ? ", " : "") << "\"" << keys[p][c] << "\": ";
                json_worst(js, worst_row(sel, PeerSet(p), Clock(c)), PeerSet(p), Clock(c));
            }
        js << "}";
    }
    const auto [mw, ow] = goal_met(all, kWall);
    const auto [mc, oc] = goal_met(all, kCpu);
    js << (first_size ? "\n" : ",\n") << "    \"goal_met_wall\": {\"rows\": " << ow << ", \"met\": " << mw
       << "}, \"goal_met_cpu\": {\"rows\": " << oc << ", \"met\": " << mc << "}\n  }\n}\n";
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
                 "          [--skip s1,s2] [--csv FILE] [--json FILE] [--python PY | --no-ortools]\n"
                 "          [--write-dimacs DIR]\nfamilies (run in the order given):",
                 argv0);
    for (auto f : hb::kFamilies) std::fprintf(stderr, " %s", std::string(hb::to_string(f)).c_str());
    std::fprintf(stderr, "\nsizes: tiny small medium large\n--skip (not hatchnet's default):");
    for (int k = kOursNS; k < kSolvers; ++k) std::fprintf(stderr, " %s", kSolverKeys[k]);
    std::fprintf(stderr, "\n");
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
        else if (a == "--skip" && has) {
            std::vector<int> skip;
            if (!parse_list(argv[++i], skip, [](const std::string& s) -> std::optional<int> {
                    for (int k = kOursNS; k < kSolvers; ++k)
                        if (s == kSolverKeys[k]) return k;
                    return std::nullopt;
                }))
                return false;
            for (int k : skip) o.skip[k] = true;
        }
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
            std::printf("  all w/cpu %s/%s  goal w/cpu %s/%s%s %s\n", ratio_or_dash(r.ratio[kAll][kWall]).c_str(),
                        ratio_or_dash(r.ratio[kAll][kCpu]).c_str(), ratio_or_dash(r.ratio[kGoal][kWall]).c_str(),
                        ratio_or_dash(r.ratio[kGoal][kCpu]).c_str(), r.noisy ? "  noisy" : "",
                        r.agree ? "" : "COSTS DIFFER");
            std::fflush(stdout);
            write_outputs(o, rows, false);  // a partial run keeps what finished
        }
    print_table(rows);
    print_summary(o, rows);
    write_outputs(o, rows, true);
    std::printf("wrote %s and %s\n", o.csv.c_str(), o.json.c_str());
    const bool all_agree = std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.agree; });
    return all_agree ? 0 : 1;
}
