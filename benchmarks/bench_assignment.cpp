// benchmarks/bench_assignment.cpp — hatchnet's linear assignment (dense and sparse shortest
// augmenting paths) against LEMON's NetworkSimplex on the same bipartite instances (LEMON has
// no assignment solver; min-cost flow with unit supplies is its way to solve them), and our
// own MinCostFlow. Prints time, ratios and whether the optimal costs agree.
//   bench_assignment [--quick]
// The Python peers (scipy, OR-Tools) are compared by benchmarks/bench_assignment_peers.py,
// which writes each instance to a file and times our solver on it through
//   bench_assignment --instance FILE [--repeat R] [--double]
//   (sparse: --shortest-path / --auction force SparseAssignment's method, default automatic)
// printing one line "time <seconds> cost <total> status <status>" (best of R runs; the time
// covers constructing the solver from the arrays in memory, add_edges and run()).
// File format (little endian): 8 bytes "HNASSIGN", int64 kind (0 dense, 1 sparse), int64 rows,
// int64 cols, int64 m; dense: rows*cols int64 costs row-major; sparse: m int32 rows, m int32
// cols, m int64 costs. --double solves the same instance with double costs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "hatchnet/algo/assignment.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"

using namespace hatchnet::algo;

namespace {

double secs(const std::function<void()>& f) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Edges { int n = 0; std::vector<int> r, c; std::vector<std::int64_t> w; };

// n x n with k random columns per row plus a random perfect matching (so it is feasible)
Edges sparse_instance(int n, int k, unsigned seed) {
    std::mt19937_64 rng(seed);
    Edges E;
    E.n = n;
    std::vector<int> perm(n);
    for (int i = 0; i < n; ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), rng);
    for (int i = 0; i < n; ++i) {
        E.r.push_back(i); E.c.push_back(perm[i]); E.w.push_back(static_cast<std::int64_t>(rng() % 10000));
        for (int q = 1; q < k; ++q) {
            E.r.push_back(i); E.c.push_back(static_cast<int>(rng() % n));
            E.w.push_back(static_cast<std::int64_t>(rng() % 10000));
        }
    }
    return E;
}

std::int64_t lemon_assign(const Edges& E, double& t) {
    using G = lemon::SmartDigraph;
    G g;
    std::vector<G::Node> nodes(2 * E.n);
    for (auto& v : nodes) v = g.addNode();
    std::vector<G::Arc> arcs(E.r.size());
    for (std::size_t a = 0; a < arcs.size(); ++a) arcs[a] = g.addArc(nodes[E.r[a]], nodes[E.n + E.c[a]]);
    std::int64_t cost = 0;
    t = secs([&] {
        G::ArcMap<std::int64_t> c(g), cap(g);
        G::NodeMap<std::int64_t> s(g);
        for (std::size_t a = 0; a < arcs.size(); ++a) { c[arcs[a]] = E.w[a]; cap[arcs[a]] = 1; }
        for (int v = 0; v < E.n; ++v) { s[nodes[v]] = 1; s[nodes[E.n + v]] = -1; }
        lemon::NetworkSimplex<G, std::int64_t, std::int64_t> ns(g);
        ns.upperMap(cap).costMap(c).supplyMap(s).run();
        cost = ns.totalCost();
    });
    return cost;
}

int run_instance(const char* path, int repeat, bool as_double, AssignmentAlgorithm algo) {
    std::FILE* f = std::fopen(path, "rb");
    if (!f) { std::fprintf(stderr, "cannot open %s\n", path); return 2; }
    char magic[8];
    std::int64_t hdr[4];
    if (std::fread(magic, 1, 8, f) != 8 || std::memcmp(magic, "HNASSIGN", 8) || std::fread(hdr, 8, 4, f) != 4) {
        std::fprintf(stderr, "%s: not an assignment instance\n", path);
        return 2;
    }
    const int rows = static_cast<int>(hdr[1]), cols = static_cast<int>(hdr[2]);
    const std::size_t m = static_cast<std::size_t>(hdr[3]);
    std::vector<std::int32_t> er, ec;
    std::vector<std::int64_t> w(m);
    bool read_ok = true;
    if (hdr[0] == 1) {
        er.resize(m); ec.resize(m);
        read_ok = std::fread(er.data(), 4, m, f) == m && std::fread(ec.data(), 4, m, f) == m;
    }
    read_ok = read_ok && std::fread(w.data(), 8, m, f) == m;
    std::fclose(f);
    if (!read_ok) { std::fprintf(stderr, "%s: truncated\n", path); return 2; }
    std::vector<double> wd(w.begin(), w.end());
    double best = 1e300;
    double cost = 0;
    std::string_view status = "";
    for (int rep = 0; rep < repeat; ++rep) {
        auto solve = [&](auto tag) {
            using C = decltype(tag);
            const std::vector<C>& W = [&]() -> const std::vector<C>& {
                if constexpr (std::is_same_v<C, double>) return wd; else return w;
            }();
            const double t = secs([&] {
                if (hdr[0] == 0) {
                    DenseAssignment<C> a(rows, cols, W);
                    status = to_string(a.run());
                    cost = static_cast<double>(a.cost());
                } else {
                    SparseAssignment<C> a(rows, cols);
                    a.set_algorithm(algo);
                    a.add_edges(er, ec, W);
                    status = to_string(a.run());
                    cost = static_cast<double>(a.cost());
                }
            });
            best = std::min(best, t);
        };
        if (as_double) solve(double{}); else solve(std::int64_t{});
    }
    std::printf("time %.6f cost %.17g status %.*s\n", best, cost, int(status.size()), status.data());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 2 && !std::strcmp(argv[1], "--instance")) {
        int repeat = 1;
        bool as_double = false;
        AssignmentAlgorithm algo = AssignmentAlgorithm::automatic;
        for (int a = 3; a < argc; ++a) {
            if (!std::strcmp(argv[a], "--shortest-path")) algo = AssignmentAlgorithm::shortest_path;
            if (!std::strcmp(argv[a], "--auction")) algo = AssignmentAlgorithm::auction;
            if (!std::strcmp(argv[a], "--repeat") && a + 1 < argc) repeat = std::max(1, std::atoi(argv[++a]));
            else if (!std::strcmp(argv[a], "--double")) as_double = true;
        }
        return run_instance(argv[2], repeat, as_double, algo);
    }
    const bool quick = argc > 1 && !std::strcmp(argv[1], "--quick");
    std::printf("%-34s %10s %10s %10s %10s %11s %8s\n", "instance", "ours[s]", "oursMCF[s]", "LEMON[s]",
                "ours/LEMON", "oursMCF/LEM", "cost ok");
    int bad = 0;
    // dense: full matrices, solved by the dense solver; LEMON on the complete bipartite graph
    for (int n : quick ? std::vector<int>{300} : std::vector<int>{300, 1000, 2000}) {
        std::mt19937_64 rng(n);
        Edges E;
        E.n = n;
        std::vector<std::int64_t> m(static_cast<std::size_t>(n) * n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                const auto w = static_cast<std::int64_t>(rng() % 100000);
                m[static_cast<std::size_t>(i) * n + j] = w;
                E.r.push_back(i); E.c.push_back(j); E.w.push_back(w);
            }
        std::int64_t ours = 0, mcf = 0;
        const double t = secs([&] {
            DenseAssignment<std::int64_t> a(n, n, m);
            a.run();
            ours = a.cost();
        });
        const double tm = secs([&] {
            MinCostFlow f(2 * n);
            for (std::size_t k = 0; k < E.r.size(); ++k) f.add_arc(E.r[k], n + E.c[k], 1, E.w[k]);
            for (int v = 0; v < n; ++v) { f.set_supply(v, 1); f.set_supply(n + v, -1); }
            f.run();
            mcf = f.total_cost();
        });
        double tl = 0;
        const std::int64_t lem = lemon_assign(E, tl);
        const bool ok = ours == lem && mcf == lem;
        bad += !ok;
        std::printf("%-34s %10.4f %10.4f %10.4f %10.3f %11.3f %8s\n",
                    ("dense " + std::to_string(n) + "x" + std::to_string(n)).c_str(), t, tm, tl, t / tl,
                    tm / tl, ok ? "yes" : "NO");
    }
    // sparse
    for (auto [n, k] : quick ? std::vector<std::pair<int, int>>{{5000, 10}}
                             : std::vector<std::pair<int, int>>{{5000, 10}, {20000, 10}, {50000, 20}}) {
        Edges E = sparse_instance(n, k, static_cast<unsigned>(n + k));
        std::int64_t ours = 0, mcf = 0;
        bool feasible = false;
        const double t = secs([&] {
            SparseAssignment<std::int64_t> a(n, n);
            a.add_edges(E.r, E.c, E.w);
            feasible = a.run() == AssignmentStatus::optimal;
            ours = a.cost();
        });
        const double tm = secs([&] {
            MinCostFlow f(2 * n);
            std::vector<int> heads(E.c);
            for (auto& h : heads) h += n;
            std::vector<std::int64_t> caps(E.r.size(), 1);
            f.add_arcs(E.r, heads, caps, E.w);
            for (int v = 0; v < n; ++v) { f.set_supply(v, 1); f.set_supply(n + v, -1); }
            f.run();
            mcf = f.total_cost();
        });
        double tl = 0;
        const std::int64_t lem = lemon_assign(E, tl);
        const bool ok = feasible && ours == lem && mcf == lem;
        bad += !ok;
        std::printf("%-34s %10.4f %10.4f %10.4f %10.3f %11.3f %8s\n",
                    ("sparse " + std::to_string(n) + "x" + std::to_string(n) + " k=" + std::to_string(k)).c_str(),
                    t, tm, tl, t / tl, tm / tl, ok ? "yes" : "NO");
    }
    return bad == 0 ? 0 : 1;
}
