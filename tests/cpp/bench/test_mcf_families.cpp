// Tests of benchmarks/mcf_families.hpp, the generators of the min-cost flow benchmark
// families: NETGEN and GOTO reproduce, arc for arc, the DIMACS text that the original
// programs (Schlenker's NETGEN in C with Cheriyan's patches; Goldberg's goto.c) print for
// the same parameters and seed (checksums of the originals' output, comment lines removed and
// blanks collapsed, taken from builds of the originals outside this repository — how: see
// "How the checksums were obtained" below), among them every NETGEN and GOTO preset the
// benchmark runs, at every size; every family
// is deterministic, balanced, within its ranges, of the documented size, and feasible
// (LEMON's NetworkSimplex and hatchnet's MinCostFlow agree on an optimum); the index list
// behind NETGEN against a brute-force list; the DIMACS writer against the project's reader;
// bad parameters are refused naming the field.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../../benchmarks/mcf_families.hpp"
#include "../test_rng.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/match/dimacs.hpp"

#ifdef HATCHNET_HAVE_LEMON
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#endif

namespace hb = hatchnet::bench;
using hatchnet::algo::MinCostFlow;

namespace {

// How the checksums were obtained (re-done 2026-12-08 for every row of the three tables below;
// the original sources were read and built in a temporary directory, not copied here):
// * NETGEN: Schlenker's C version with the BCJL (Cheriyan) overflow patches, the DIMACS
//   challenge's netgen.c / index.c / random.c / netgen.h as kept in github.com/vini-fda/netgen_rs
//   (netgen_original/, identical to github.com/emmanuj/netgen up to the renaming of random()),
//   with random()/set_random() renamed (they clash with glibc's declarations; nothing else
//   changed) and MAXNODES / MAXARCS raised to 1100000 / 8400000 for the instances beyond the
//   shipped 17000 / 150000 (static array bounds only), built `gcc -O2 -DDIMACS`, fed
//   "seed 1 <the 13 parameters>" on stdin.
// * GOTO: Goldberg's goto.c (1991) of the DIMACS challenge, built `gcc -O -lm`, fed
//   "N M MAXCAP MAXCOST seed" on stdin.
// * GRIDGEN: GLPK's port of Lee and Orlin's GRIDGEN (glpnet04.c as in github.com/mingodad/GLPK,
//   which states it "produces exactly the same instances as the original"), built with a
//   stand-in for glpapi.h (printf, calloc, assert; only the program's own DIMACS output path)
//   and a main() reading the 14 parameters, `gcc -O2 -fwrapv -lm` (-fwrapv: its 16807 * seed
//   overflows a 32-bit int on purpose, as on the machines it was written for). Its output
//   lists the sources' and sinks' "n" lines in selection order, zero supplies included; the
//   script sorted them by node and dropped the zeros (hb::to_dimacs's order) before hashing.
// * The program's output, with comment ("c") lines dropped and runs of blanks collapsed to one
//   (GOTO pads with %8d and ends arc lines with a blank), is exactly what hb::to_dimacs()
//   writes; the checksum is hb::fnv1a64() of that text (FNV-1a, 64 bits), computed by a script
//   on the original's output; the arc count is that of the output's "a" lines.

struct NetgenRef {
    const char* what;
    std::int64_t seed;
    std::int64_t p[13];
    std::size_t arcs;
    std::uint64_t fnv;
};

// seed, the 13 NETGEN parameters (nodes sources sinks density mincost maxcost supply
// tsources tsinks hicost% capacitated% mincap maxcap), arcs printed, FNV-1a of the text.
const NetgenRef kNetgenRefs[] = {
    {"NETGEN-8 2^8 a", 13502460, {256, 16, 16, 2048, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 2048, 0x35685074cbe7ebc0ull},
    {"NETGEN-8 2^10 a", 13502460, {1024, 32, 32, 8192, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 8192, 0x8511d4c7aad8ec32ull},
    {"NETGEN-8 2^12 a", 13502460, {4096, 64, 64, 32768, 1, 10000, 64000, 0, 0, 100, 100, 1, 1000}, 32768, 0xdce5537881a05f3eull},
    {"NETGEN-SR 2^8 a", 13502460, {256, 16, 16, 4096, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 4096, 0xed1659b0babca6cfull},
    {"NETGEN-SR 2^10 a", 13502460, {1024, 32, 32, 32768, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 32768, 0x7eb669f3af0d951eull},
    {"NETGEN-LO-8 2^10 a", 13502460, {1024, 32, 32, 8192, 1, 10000, 320, 0, 0, 100, 100, 1, 1000}, 8192, 0x89f97ea6c35f70a0ull},
    {"NETGEN-8 2^8 b", 69013527, {256, 16, 16, 2048, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 2048, 0xa30b64470da540faull},
    {"NETGEN-8 2^10 b", 69013527, {1024, 32, 32, 8192, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 8192, 0x7fabe9b5eb44a048ull},
    {"NETGEN-8 2^12 b", 69013527, {4096, 64, 64, 32768, 1, 10000, 64000, 0, 0, 100, 100, 1, 1000}, 32768, 0x831db52c2b18ee24ull},
    {"NETGEN-SR 2^8 b", 69013527, {256, 16, 16, 4096, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 4096, 0x0551df1be14f8a6eull},
    {"NETGEN-SR 2^10 b", 69013527, {1024, 32, 32, 32768, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 32768, 0x26d5cd9f36dd9c32ull},
    {"NETGEN-LO-8 2^10 b", 69013527, {1024, 32, 32, 8192, 1, 10000, 320, 0, 0, 100, 100, 1, 1000}, 8192, 0x97fa6ef951c085b9ull},
    {"NETGEN-8 2^8 c", 91208735, {256, 16, 16, 2048, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 2048, 0x743634d717bb3b0dull},
    {"NETGEN-8 2^10 c", 91208735, {1024, 32, 32, 8192, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 8192, 0xd3cabc09fb15850eull},
    {"NETGEN-8 2^12 c", 91208735, {4096, 64, 64, 32768, 1, 10000, 64000, 0, 0, 100, 100, 1, 1000}, 32768, 0xe359a0552e7d3c56ull},
    {"NETGEN-SR 2^8 c", 91208735, {256, 16, 16, 4096, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 4096, 0x264643dc39b48362ull},
    {"NETGEN-SR 2^10 c", 91208735, {1024, 32, 32, 32768, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 32768, 0x1904be93bcbdcfacull},
    {"NETGEN-LO-8 2^10 c", 91208735, {1024, 32, 32, 8192, 1, 10000, 320, 0, 0, 100, 100, 1, 1000}, 8192, 0x81c82db9a6ba65f8ull},
    {"NETGEN-8 2^8 d", 73460581, {256, 16, 16, 2048, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 2048, 0x27053ed0da7dbcc8ull},
    {"NETGEN-8 2^10 d", 73460581, {1024, 32, 32, 8192, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 8192, 0xb8f4abf9dd09eb73ull},
    {"NETGEN-8 2^12 d", 73460581, {4096, 64, 64, 32768, 1, 10000, 64000, 0, 0, 100, 100, 1, 1000}, 32768, 0xd741afe5813948d4ull},
    {"NETGEN-SR 2^8 d", 73460581, {256, 16, 16, 4096, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 4096, 0xa68fb3d2b53a3d1aull},
    {"NETGEN-SR 2^10 d", 73460581, {1024, 32, 32, 32768, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 32768, 0x897f1df7f62f50ddull},
    {"NETGEN-LO-8 2^10 d", 73460581, {1024, 32, 32, 8192, 1, 10000, 320, 0, 0, 100, 100, 1, 1000}, 8192, 0x3c5e4c4e8cd924f3ull},
    {"NETGEN-8 2^8 e", 37240194, {256, 16, 16, 2048, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 2048, 0xde4a19747e3793fcull},
    {"NETGEN-8 2^10 e", 37240194, {1024, 32, 32, 8192, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 8192, 0x23b81ca2e6c00777ull},
    {"NETGEN-8 2^12 e", 37240194, {4096, 64, 64, 32768, 1, 10000, 64000, 0, 0, 100, 100, 1, 1000}, 32768, 0x24be7964508ce17full},
    {"NETGEN-SR 2^8 e", 37240194, {256, 16, 16, 4096, 1, 10000, 16000, 0, 0, 100, 100, 1, 1000}, 4096, 0x48e0be71e606de75ull},
    {"NETGEN-SR 2^10 e", 37240194, {1024, 32, 32, 32768, 1, 10000, 32000, 0, 0, 100, 100, 1, 1000}, 32768, 0xb648712fdb1611f0ull},
    {"NETGEN-LO-8 2^10 e", 37240194, {1024, 32, 32, 8192, 1, 10000, 320, 0, 0, 100, 100, 1, 1000}, 8192, 0x9c2dc9bb43412b27ull},
    {"README example: transshipment, negative costs", 1, {400, 200, 200, 5000, -1000, 1000, 100000, 150, 150, 20, 100, -1000, 1000}, 5000, 0xff99e2d3fd8d1dceull},
    {"transshipment sources and sinks, partial hicost/capacitated", 7, {5000, 50, 60, 40000, 0, 500, 200000, 10, 20, 30, 60, 100, 2000}, 40000, 0x764836d5d036d2ffull},
    {"transportation (sources + sinks = nodes)", 7, {300, 100, 200, 6000, 1, 100, 5000, 0, 0, 30, 60, 100, 2000}, 6001, 0xad64381d825b1876ull},
    {"uncapacitated, low supply", 99, {20000, 200, 200, 400000, 1, 100, 777, 0, 0, 30, 0, 100, 2000}, 400000, 0xab0b3952afc60f9full},
};

struct GotoRef {
    const char* what;
    std::int64_t seed;
    std::int64_t p[4];  // N M MAXCAP MAXCOST
    std::size_t arcs;
    std::uint64_t fnv;
};

const GotoRef kGotoRefs[] = {
    {"GOTO-8 2^7 a", 13502460, {128, 1024, 1000, 10000}, 1024, 0x113b5bbedd7b8fcaull},
    {"GOTO-8 2^10 a", 13502460, {1024, 8192, 1000, 10000}, 8192, 0xe380287ef9fc383aull},
    {"GOTO-8 2^12 a", 13502460, {4096, 32768, 1000, 10000}, 32768, 0x7c376bf330994562ull},
    {"GOTO-SR 2^8 b", 69013527, {256, 4096, 1000, 10000}, 4096, 0x64bcd4314f54eacbull},
    {"GOTO-SR 2^10 b", 69013527, {1024, 32768, 1000, 10000}, 32768, 0xee897d288700c222ull},
    {"GOTO n = X*Y exactly (no extra nodes)", 5, {1000, 8000, 1000, 10000}, 8000, 0x4396dadb40b39725ull},
    {"GOTO small capacities and costs", 7, {5000, 40000, 64, 100}, 40000, 0xacee3b69244a2eabull},
};

// The benchmark's own NETGEN and GOTO instances (make_instance(family, size), default seed
// 13502460, LEMON's seed "a"), at every size: the original programs' output for the preset's
// parameters (netgen_8/netgen_sr/netgen_lo_8/goto_8/goto_sr(k), the k of netgen_preset and
// goto_preset), obtained as above.
struct PresetRef {
    hb::Family family;
    hb::Size size;
    std::size_t arcs;
    std::uint64_t fnv;
};

const PresetRef kPresetRefs[] = {
    {hb::Family::netgen_8, hb::Size::tiny, 1024, 0x6c373d228f1a61a6ull},        // 2^7: 128 11 11 1024 1 10000 11000 ...
    {hb::Family::netgen_8, hb::Size::small, 65536, 0x1fcb3d8dde0dabe1ull},      // 2^13: 8192 91 91 65536 1 10000 91000
    {hb::Family::netgen_8, hb::Size::medium, 262144, 0x54dd6aa680e58781ull},    // 2^15: 32768 181 181 262144 ... 181000
    {hb::Family::netgen_8, hb::Size::large, 1048576, 0x9771048d3e77a271ull},    // 2^17: 131072 362 362 1048576 ... 362000
    {hb::Family::netgen_sr, hb::Size::tiny, 1448, 0x348deb4072350e0bull},       // 2^7: m = 1448
    {hb::Family::netgen_sr, hb::Size::small, 32768, 0x7eb669f3af0d951eull},     // 2^10 (= "NETGEN-SR 2^10 a" above)
    {hb::Family::netgen_sr, hb::Size::medium, 262144, 0xbed94a92fd5ef40full},   // 2^12
    {hb::Family::netgen_sr, hb::Size::large, 741455, 0xfc10b23667afdbeaull},    // 2^13
    {hb::Family::netgen_lo_8, hb::Size::tiny, 1024, 0x26ae9507315898b1ull},     // 2^7, supply 110
    {hb::Family::netgen_lo_8, hb::Size::small, 65536, 0x4235469463491acfull},   // 2^13, supply 910
    {hb::Family::netgen_lo_8, hb::Size::medium, 262144, 0x048e81e48220d696ull}, // 2^15, supply 1810
    {hb::Family::netgen_lo_8, hb::Size::large, 1048576, 0x3ebe38064efc0d0dull}, // 2^17, supply 3620
    {hb::Family::goto_8, hb::Size::tiny, 1024, 0x113b5bbedd7b8fcaull},          // 128 1024 1000 10000
    {hb::Family::goto_8, hb::Size::small, 65536, 0xf66b27737ca79ebbull},        // 8192 65536 1000 10000
    {hb::Family::goto_8, hb::Size::medium, 262144, 0x5367c8586212a7eeull},      // 32768 262144 1000 10000
    {hb::Family::goto_8, hb::Size::large, 1048576, 0xc352d1c60e193795ull},      // 131072 1048576 1000 10000
    {hb::Family::goto_sr, hb::Size::tiny, 4096, 0x036facfdb6095d86ull},         // 256 4096 1000 10000
    {hb::Family::goto_sr, hb::Size::small, 32768, 0x7dc70173aab29c78ull},       // 1024 32768 1000 10000
    {hb::Family::goto_sr, hb::Size::medium, 262144, 0xa50b93159a3819aaull},     // 4096 262144 1000 10000
    {hb::Family::goto_sr, hb::Size::large, 741455, 0x7a43af6d0140af2aull},      // 8192 741455 1000 10000
};

// GRIDGEN: seed, then two_way nodes width sources sinks degree supply cost_dist cost1 cost2
// cap_dist cap1 cap2 (the original's input order), arcs printed, FNV-1a of the text.
struct GridgenRef {
    const char* what;
    std::int64_t seed;
    std::int64_t p[13];
    std::size_t arcs;
    std::uint64_t fnv;
};

const GridgenRef kGridgenRefs[] = {
    {"one-way 10x10, uniform", 1, {0, 100, 10, 3, 3, 4, 1000, 1, 1, 100, 1, 1, 50}, 404, 0x321aefc647fff57dull},
    {"two-way 40x25, uniform", 7, {1, 1000, 25, 10, 10, 6, 5000, 1, 1, 10000, 1, 1, 1000}, 6006, 0xe1b101e30567aaa8ull},
    {"exponential costs", 12345, {0, 5000, 50, 20, 30, 8, 20000, 2, 500, 0, 1, 100, 1000}, 40008, 0xad77807a5866462aull},
    {"exponential capacities asked, drawn uniform (the original's quirk)", 99, {1, 2000, 100, 5, 5, 5, 3000, 1, 0, 100, 2, 300, 0}, 10005, 0xdff4842a6c6d312dull},
    {"long grid 5000x8", 2024, {0, 40000, 8, 100, 100, 8, 100000, 1, 1, 10000, 1, 1, 1000}, 320008, 0x4514ecb4e84c93e9ull},
    {"square grid 200x200, two-way", 13502460, {1, 40000, 200, 200, 200, 8, 200000, 1, 1, 10000, 1, 1, 1000}, 320008, 0x58f65ecefd333cbeull},
    {"both exponential, one source and sink", 31, {0, 12345, 111, 1, 1, 3, 777, 2, 1234, 0, 2, 5000, 0}, 36966, 0x35027ee314837242ull},
    {"negative costs, capacities from 0", 5, {1, 900, 30, 40, 50, 12, 1000000, 1, -500, 500, 1, 0, 10}, 10812, 0x0d2935bea0541fa2ull},
};

hb::GridgenSpec spec_of(const GridgenRef& r) {
    hb::GridgenSpec g;
    g.two_way = r.p[0] != 0;
    std::int64_t* f[] = {&g.nodes, &g.width, &g.sources, &g.sinks, &g.degree, &g.supply};
    for (int i = 0; i < 6; ++i) *f[i] = r.p[1 + i];
    g.cost_dist = static_cast<int>(r.p[7]);
    g.cost1 = r.p[8];
    g.cost2 = r.p[9];
    g.cap_dist = static_cast<int>(r.p[10]);
    g.cap1 = r.p[11];
    g.cap2 = r.p[12];
    return g;
}

hb::NetgenSpec spec_of(const NetgenRef& r) {
    hb::NetgenSpec p;
    std::int64_t* f[] = {&p.nodes, &p.sources, &p.sinks, &p.arcs, &p.min_cost, &p.max_cost, &p.supply,
                         &p.tsources, &p.tsinks, &p.hicost_pct, &p.capacitated_pct, &p.min_cap, &p.max_cap};
    for (int i = 0; i < 13; ++i) *f[i] = r.p[i];
    return p;
}

std::int64_t solve_ours(const hb::McfInstance& I, bool& optimal) {
    MinCostFlow f(I.n);
    f.add_arcs(I.tail, I.head, I.cap, I.cost);
    f.set_supplies(I.supply);
    optimal = f.run() == MinCostFlow::Status::optimal;
    return optimal ? f.total_cost() : 0;
}

#ifdef HATCHNET_HAVE_LEMON
std::int64_t solve_lemon(const hb::McfInstance& I, bool& optimal) {
    using G = lemon::SmartDigraph;
    G g;
    std::vector<G::Node> v(static_cast<std::size_t>(I.n));
    for (auto& x : v) x = g.addNode();
    G::ArcMap<std::int64_t> cap(g), cost(g);
    G::NodeMap<std::int64_t> sup(g);
    for (std::size_t a = 0; a < I.m(); ++a) {
        const auto e = g.addArc(v[static_cast<std::size_t>(I.tail[a])], v[static_cast<std::size_t>(I.head[a])]);
        cap[e] = I.cap[a];
        cost[e] = I.cost[a];
    }
    for (int i = 0; i < I.n; ++i) sup[v[static_cast<std::size_t>(i)]] = I.supply[static_cast<std::size_t>(i)];
    lemon::NetworkSimplex<G, std::int64_t, std::int64_t> ns(g);
    ns.upperMap(cap).costMap(cost).supplyMap(sup);
    optimal = ns.run() == lemon::NetworkSimplex<G, std::int64_t, std::int64_t>::OPTIMAL;
    return optimal ? ns.totalCost() : 0;
}
#endif

// ranges, balance, no self-loops: what every family promises
void check_well_formed(const hb::McfInstance& I) {
    REQUIRE(I.supply.size() == static_cast<std::size_t>(I.n));
    REQUIRE(I.head.size() == I.m());
    REQUIRE(I.cap.size() == I.m());
    REQUIRE(I.cost.size() == I.m());
    std::int64_t sum = 0;
    for (auto b : I.supply) sum += b;
    CHECK(sum == 0);
    CHECK(I.total_supply() > 0);
    std::size_t bad = 0;
    for (std::size_t a = 0; a < I.m(); ++a) {
        bad += I.tail[a] < 0 || I.tail[a] >= I.n || I.head[a] < 0 || I.head[a] >= I.n || I.tail[a] == I.head[a];
        bad += I.cap[a] < 0 || I.cost[a] < 0 || I.cap[a] >= MinCostFlow::infinite;
    }
    CHECK(bad == 0);
}

}  // namespace

TEST_CASE("NETGEN reproduces the original program's instances (checksums of its DIMACS output)") {
    for (const auto& r : kNetgenRefs) {
        CAPTURE(r.what);
        CAPTURE(r.seed);
        const hb::McfInstance I = hb::netgen_kns(spec_of(r), r.seed);
        CHECK(I.m() == r.arcs);
        CHECK(hb::fnv1a64(hb::to_dimacs(I)) == r.fnv);
    }
}

TEST_CASE("GOTO reproduces the original program's instances (checksums of its DIMACS output)") {
    for (const auto& r : kGotoRefs) {
        CAPTURE(r.what);
        const hb::McfInstance I = hb::goto_torus(hb::GotoSpec{r.p[0], r.p[1], r.p[2], r.p[3]}, r.seed);
        CHECK(I.m() == r.arcs);
        CHECK(hb::fnv1a64(hb::to_dimacs(I)) == r.fnv);
    }
}

TEST_CASE("GRIDGEN reproduces the original program's instances (checksums of its DIMACS output)") {
    for (const auto& r : kGridgenRefs) {
        CAPTURE(r.what);
        const hb::McfInstance I = hb::gridgen(spec_of(r), r.seed);
        CHECK(I.m() == r.arcs);
        CHECK(hb::fnv1a64(hb::to_dimacs(I)) == r.fnv);
        std::int64_t sum = 0;
        for (auto b : I.supply) sum += b;
        CHECK(sum == 0);
        CHECK(I.total_supply() == r.p[6]);
    }
    // feasible through the super node: hatchnet (and LEMON) find the same optimum
    for (std::size_t k : {0u, 1u, 6u, 7u}) {
        CAPTURE(kGridgenRefs[k].what);
        const hb::McfInstance I = hb::gridgen(spec_of(kGridgenRefs[k]), kGridgenRefs[k].seed);
        bool ours_ok = false;
        const std::int64_t ours = solve_ours(I, ours_ok);
        CHECK(ours_ok);
#ifdef HATCHNET_HAVE_LEMON
        bool lemon_ok = false;
        CHECK(solve_lemon(I, lemon_ok) == ours);
        CHECK(lemon_ok);
#endif
    }
}

TEST_CASE("the benchmark's NETGEN and GOTO instances at every size are the original programs' output") {
    for (const auto& r : kPresetRefs) {
        CAPTURE(std::string(hb::to_string(r.family)));
        CAPTURE(std::string(hb::to_string(r.size)));
        const hb::McfInstance I = hb::make_instance(r.family, r.size);
        CHECK(I.m() == r.arcs);
        CHECK(hb::fnv1a64(hb::to_dimacs(I)) == r.fnv);
    }
    // the table covers every NETGEN / GOTO family at every size
    CHECK(std::size(kPresetRefs) == 5 * hb::kSizes.size());
}

TEST_CASE("the family presets are LEMON's / Kovacs' parameter sets") {
    const hb::NetgenSpec p = hb::netgen_8(15);
    CHECK(p.nodes == 32768);
    CHECK(p.sources == 181);  // round(sqrt(32768)) = 181, as in LEMON's netgen_8_15*.min
    CHECK(p.arcs == 262144);
    CHECK(p.supply == 181000);
    CHECK(hb::netgen_sr(13).arcs == 741455);
    CHECK(hb::netgen_lo_8(11).supply == 450);
    CHECK(hb::kNetgenSeeds[0] == 13502460);
    CHECK(hb::goto_sr(10).arcs == 32768);
}

TEST_CASE("every family: same seed same instance, another seed another, well formed") {
    for (hb::Family f : hb::kFamilies) {
        CAPTURE(std::string(hb::to_string(f)));
        const hb::McfInstance a = hb::make_instance(f, hb::Size::tiny, 5);
        const hb::McfInstance b = hb::make_instance(f, hb::Size::tiny, 5);
        const hb::McfInstance c = hb::make_instance(f, hb::Size::tiny, 6);
        CHECK(hb::to_dimacs(a) == hb::to_dimacs(b));
        CHECK(hb::to_dimacs(a) != hb::to_dimacs(c));
        CHECK(hb::parse_family(hb::to_string(f)) == f);
        check_well_formed(a);
        check_well_formed(c);
        CHECK(hb::to_dimacs(hb::make_instance(f, hb::Size::tiny)) == hb::to_dimacs(hb::make_instance(f, hb::Size::tiny, hb::default_seed(f))));
    }
    CHECK_FALSE(hb::parse_family("nope").has_value());
    CHECK(hb::parse_size("medium") == hb::Size::medium);
}

TEST_CASE("every family is feasible: hatchnet and LEMON find the same optimum on several seeds") {
    for (hb::Family f : hb::kFamilies)
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            CAPTURE(std::string(hb::to_string(f)));
            CAPTURE(seed);
            const hb::McfInstance I = hb::make_instance(f, hb::Size::tiny, seed);
            bool ours_ok = false;
            const std::int64_t ours = solve_ours(I, ours_ok);
            CHECK(ours_ok);
#ifdef HATCHNET_HAVE_LEMON
            bool lemon_ok = false;
            const std::int64_t lem = solve_lemon(I, lemon_ok);
            CHECK(lemon_ok);
            CHECK(ours == lem);
#endif
        }
}

TEST_CASE("structure: node and arc counts, slack, supplies") {
    SUBCASE("grid: right and vertical arcs, source and sink arcs, planted row flows") {
        const hb::GridSpec g{5, 9, 1000, 10000};
        const hb::McfInstance I = hb::grid(g, 3);
        CHECK(I.n == 5 * 9 + 2);
        CHECK(I.m() == static_cast<std::size_t>(5 + 5 * 8 + 2 * 4 * 9 + 5));
        CHECK(I.supply[45] == I.total_supply());
        CHECK(I.supply[46] == -I.total_supply());
    }
    SUBCASE("transport surplus: supply exceeds demand by about slack_pct, excess to the slack sink") {
        hb::TransportSpec t;
        t.sources = 2000; t.sinks = 200; t.arcs_per_source = 10; t.slack_pct = 33;
        const hb::McfInstance I = hb::transport_slack(t, 9);
        CHECK(I.n == 2201);
        CHECK(I.m() == 2000u * 10 + 2000);
        const std::int64_t excess = -I.supply[2200];
        const double ratio = double(I.total_supply()) / double(I.total_supply() - excess);
        CHECK(ratio == doctest::Approx(1.33).epsilon(0.02));
        for (int s = 0; s < 2000; ++s) CHECK(I.supply[static_cast<std::size_t>(s)] > 0);
        for (int d = 2000; d < 2200; ++d) CHECK(I.supply[static_cast<std::size_t>(d)] <= 0);
    }
    SUBCASE("transport shortage: demand exceeds supply, the slack source covers it") {
        hb::TransportSpec t;
        t.sources = 2000; t.sinks = 200; t.arcs_per_source = 10; t.slack_pct = -25;
        const hb::McfInstance I = hb::transport_slack(t, 9);
        CHECK(I.m() == 2000u * 10 + 200);
        std::int64_t real_supply = 0;
        for (int s = 0; s < 2000; ++s) real_supply += I.supply[static_cast<std::size_t>(s)];
        const std::int64_t demand = I.total_supply();  // supply nodes plus the slack source
        CHECK(I.supply[2200] > 0);
        CHECK(double(demand) / double(real_supply) == doctest::Approx(4.0 / 3.0).epsilon(0.03));
    }
    SUBCASE("assignment surplus and shortage: unit supplies, degree arcs per worker, slack arcs") {
        const hb::McfInstance a = hb::assignment_slack(hb::AssignmentSpec{500, 400, 6, 1000}, 2);
        CHECK(a.n == 901);
        CHECK(a.m() == 500u * 6 + 500);
        CHECK(a.supply[900] == -100);
        const hb::McfInstance b = hb::assignment_slack(hb::AssignmentSpec{400, 500, 6, 1000}, 2);
        CHECK(b.m() == 400u * 6 + 500);
        CHECK(b.supply[900] == 100);
        for (std::size_t e = 0; e < b.m(); ++e) CHECK(b.cap[e] == 1);
    }
    SUBCASE("road: two-way arcs, terminals on highways, a perturbed grid") {
        hb::RoadSpec r;
        r.rows = 20; r.cols = 30; r.terminals = 25;
        const hb::McfInstance I = hb::road(r, 4);
        CHECK(I.n == 600);
        CHECK(I.m() % 2 == 0);
        CHECK(I.m() >= 2u * (20 * 29 + 19 * 30));
        for (std::size_t e = 0; e < I.m(); e += 2) {
            CHECK(I.tail[e] == I.head[e + 1]);
            CHECK(I.cost[e] == I.cost[e + 1]);
        }
        for (int v = 0; v < I.n; ++v)
            if (I.supply[static_cast<std::size_t>(v)] != 0) {
                const int row = v / 30, col = v % 30;
                CHECK((row % 8 == 0 || row == 19 || col % 8 == 0 || col == 29));
            }
    }
    SUBCASE("NETGEN: supplies at sources, demands at sinks, the requested arc count") {
        const hb::McfInstance I = hb::make_instance(hb::Family::netgen_8, hb::Size::tiny);
        const hb::NetgenSpec p = hb::netgen_preset(hb::Family::netgen_8, hb::Size::tiny);
        CHECK(I.n == p.nodes);
        CHECK(I.m() == static_cast<std::size_t>(p.arcs));
        CHECK(I.total_supply() == p.supply);
        for (std::int64_t v = 0; v < p.nodes; ++v) {
            const auto b = I.supply[static_cast<std::size_t>(v)];
            if (v < p.sources) CHECK(b > 0);
            else if (v < p.nodes - p.sinks) CHECK(b == 0);
            else CHECK(b <= 0);
        }
    }
    SUBCASE("GOTO: the requested arc count, one source and one sink") {
        const hb::GotoSpec g = hb::goto_preset(hb::Family::goto_8, hb::Size::tiny);
        const hb::McfInstance I = hb::make_instance(hb::Family::goto_8, hb::Size::tiny);
        CHECK(I.m() == static_cast<std::size_t>(g.arcs));
        CHECK(std::count_if(I.supply.begin(), I.supply.end(), [](auto b) { return b != 0; }) == 2);
    }
}

TEST_CASE("NETGEN's index list against a brute-force list, through its dense switch") {
    hatchnet::test::Rng rng(11);
    for (int round = 0; round < 6; ++round) {
        const std::int64_t from = 1 + static_cast<std::int64_t>(rng.below(50));
        const std::int64_t to = from + static_cast<std::int64_t>(rng.below(round < 3 ? 60 : 5000));
        hb::detail::IndexList L(from, to);
        std::vector<std::int64_t> ref;
        for (std::int64_t i = from; i <= to; ++i) ref.push_back(i);
        std::int64_t pseudo = to - from + 1;
        for (int op = 0; op < 4000; ++op) {
            if (rng.chance(0.5)) {
                const auto pos = static_cast<std::int64_t>(rng.below(ref.size() + 3));
                const std::int64_t want = pos >= 1 && pos <= static_cast<std::int64_t>(ref.size()) ? ref[static_cast<std::size_t>(pos - 1)] : 0;
                if (want) { ref.erase(ref.begin() + pos - 1); --pseudo; }
                REQUIRE(L.choose(pos) == want);
            } else {
                const auto idx = from - 2 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(to - from + 5)));
                auto it = std::find(ref.begin(), ref.end(), idx);
                if (it != ref.end()) ref.erase(it);
                --pseudo;
                L.remove(idx);
            }
            REQUIRE(L.size() == static_cast<std::int64_t>(ref.size()));
            REQUIRE(L.pseudo() == pseudo);
        }
    }
    hb::detail::IndexList bad(5, 4);  // the original's invalid list: empty, inert
    CHECK(bad.size() == 0);
    CHECK(bad.choose(1) == 0);
}

TEST_CASE("the DIMACS writer: the project's reader reads the same problem back") {
    for (hb::Family f : {hb::Family::netgen_8, hb::Family::goto_8, hb::Family::transport_shortage, hb::Family::road}) {
        CAPTURE(std::string(hb::to_string(f)));
        const hb::McfInstance I = hb::make_instance(f, hb::Size::tiny, 2);
        MinCostFlow g = hatchnet::match::parse_dimacs(hb::to_dimacs(I));
        CHECK(g.node_count() == I.n);
        CHECK(g.arc_count() == I.m());
        bool ok = false;
        const std::int64_t direct = solve_ours(I, ok);
        REQUIRE(g.run() == MinCostFlow::Status::optimal);
        CHECK(g.total_cost() == direct);
    }
    std::ostringstream s;
    hb::write_dimacs(s, hb::make_instance(hb::Family::grid_square, hb::Size::tiny), "line one\nline two");
    CHECK(s.str().rfind("c line one\nc line two\np min ", 0) == 0);
}

TEST_CASE("bad parameters are refused, naming the field") {
    auto message = [](auto&& fn) {
        try { fn(); } catch (const std::invalid_argument& e) { return std::string(e.what()); }
        return std::string("no error");
    };
    hb::NetgenSpec p = hb::netgen_8(8);
    p.sinks = 0;
    CHECK(message([&] { hb::netgen_kns(p, 1); }).find("sinks") != std::string::npos);
    CHECK(message([&] { hb::netgen_kns(hb::netgen_8(8), 0); }).find("seed") != std::string::npos);
    p = hb::netgen_8(8);
    p.hicost_pct = 101;
    CHECK(message([&] { hb::netgen_kns(p, 1); }).find("hicost_pct") != std::string::npos);
    CHECK(message([&] { hb::goto_torus(hb::GotoSpec{100, 100, 1000, 1000}, 1); }).find("arcs") != std::string::npos);
    CHECK(message([&] { hb::grid(hb::GridSpec{0, 5, 10, 10}, 1); }).find("rows") != std::string::npos);
    hb::TransportSpec t;
    t.sources = 10; t.sinks = 3; t.arcs_per_source = 4;
    CHECK(message([&] { hb::transport_slack(t, 1); }).find("arcs_per_source") != std::string::npos);
    CHECK(message([&] { hb::assignment_slack(hb::AssignmentSpec{5, 5, 0, 10}, 1); }).find("degree") != std::string::npos);
    hb::RoadSpec r;
    r.rows = 1; r.cols = 5;
    CHECK(message([&] { hb::road(r, 1); }).find("rows") != std::string::npos);
    hb::GridgenSpec g = spec_of(kGridgenRefs[0]);
    g.sinks = 0;
    CHECK(message([&] { hb::gridgen(g, 1); }).find("sources") != std::string::npos);
    g = spec_of(kGridgenRefs[0]);
    g.cost_dist = 3;
    CHECK(message([&] { hb::gridgen(g, 1); }).find("cost_dist") != std::string::npos);
    g = spec_of(kGridgenRefs[0]);
    g.sources = 60; g.sinks = 60;  // more terminals than the 100 grid nodes
    CHECK(message([&] { hb::gridgen(g, 1); }).find("sources") != std::string::npos);
    CHECK(message([&] { hb::gridgen(spec_of(kGridgenRefs[0]), 0); }).find("seed") != std::string::npos);
}
