// Fuzz target: the DIMACS min-cost flow reader (C++ API: hatchnet::match::parse_dimacs; the
// C ABI has no text entry point for it) and the network simplex on what it reads.
//   input: DIMACS text ("p min <nodes> <arcs>", "n <id> <supply>", "a <t> <h> <low> <cap> <cost>").
// Anything but hatchnet::input_error escaping the reader or the solver is a finding. On a
// problem that parses it checks: write_dimacs -> parse_dimacs gives the same problem; an
// optimal solution is an optimality certificate (bounds, flow conservation, total cost,
// reduced costs against the potentials: complementary slackness); exact and
// max-flow-min-cost modes agree; a warm re-solve after a cost change matches a cold solve.
#include <algorithm>
#include <sstream>
#include <string>

#include "hatchnet/error.hpp"
#include "hatchnet/match/dimacs.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"

#include "fuzz_common.hpp"

using namespace hnfuzz;
using hatchnet::algo::MinCostFlow;
using i128 = __int128;

namespace {

std::string s128(i128 v) {
    if (v == 0) return "0";
    bool neg = v < 0;
    std::string s;
    while (v != 0) {
        int d = static_cast<int>(v % 10);
        s.push_back(static_cast<char>('0' + (d < 0 ? -d : d)));
        v /= 10;
    }
    if (neg) s.push_back('-');
    std::reverse(s.begin(), s.end());
    return s;
}

void same_problem(const MinCostFlow& a, const MinCostFlow& b) {
    HNFUZZ_CHECK(a.node_count() == b.node_count(), "write/parse round trip: node count");
    HNFUZZ_CHECK(a.arc_count() == b.arc_count(), "write/parse round trip: arc count");
    for (MinCostFlow::node_t v = 0; v < a.node_count(); ++v)
        HNFUZZ_CHECK(a.supply(v) == b.supply(v), "write/parse round trip: supply of node " + std::to_string(v + 1));
    for (MinCostFlow::arc_t e = 0; e < a.arc_count(); ++e)
        HNFUZZ_CHECK(a.tail(e) == b.tail(e) && a.head(e) == b.head(e) && a.lower(e) == b.lower(e) &&
                         a.capacity(e) == b.capacity(e) && a.cost(e) == b.cost(e),
                     "write/parse round trip: arc " + std::to_string(e + 1));
}

// Bounds, conservation (out - in = supply - unrouted) and the total cost of a solution.
void check_flow(const MinCostFlow& f, const char* mode) {
    const std::string m = mode;
    std::vector<i128> net(static_cast<std::size_t>(f.node_count()), 0);
    i128 cost = 0;
    for (MinCostFlow::arc_t e = 0; e < f.arc_count(); ++e) {
        const auto x = f.flow(e);
        if (x < f.lower(e) || x > f.capacity(e))
            fail((m + ": flow outside its bounds").c_str(),
                 "arc " + std::to_string(e + 1) + " flow " + std::to_string(x) + " not in [" +
                     std::to_string(f.lower(e)) + ", " + std::to_string(f.capacity(e)) + "]");
        net[static_cast<std::size_t>(f.tail(e))] += x;
        net[static_cast<std::size_t>(f.head(e))] -= x;
        cost += static_cast<i128>(x) * f.cost(e);
    }
    for (MinCostFlow::node_t v = 0; v < f.node_count(); ++v) {
        const i128 want = static_cast<i128>(f.supply(v)) - f.unrouted(v);
        if (net[static_cast<std::size_t>(v)] != want)
            fail((m + ": flow conservation violated").c_str(),
                 "node " + std::to_string(v + 1) + " out-in " + s128(net[static_cast<std::size_t>(v)]) +
                     " but supply-unrouted " + s128(want));
    }
    if (cost != f.total_cost())
        fail((m + ": total_cost() is not sum cost*flow").c_str(),
             s128(cost) + " vs " + std::to_string(f.total_cost()));
}

// Complementary slackness: the potentials prove the flow optimal (exact mode).
void check_optimal(const MinCostFlow& f) {
    HNFUZZ_CHECK(f.potentials().size() == static_cast<std::size_t>(f.node_count()), "potentials missing");
    for (MinCostFlow::arc_t e = 0; e < f.arc_count(); ++e) {
        const i128 rc = static_cast<i128>(f.cost(e)) + f.potential(f.tail(e)) - f.potential(f.head(e));
        const auto x = f.flow(e);
        if ((x < f.capacity(e) && rc < 0) || (x > f.lower(e) && rc > 0))
            fail("exact: optimality certificate fails (reduced cost)",
                 "arc " + std::to_string(e + 1) + " flow " + std::to_string(x) + " reduced cost " + s128(rc));
    }
}

bool solve(MinCostFlow& f, MinCostFlow::Mode mode, MinCostFlow::Status& st) {
    try {
        st = f.run(mode);
        return true;
    } catch (const hatchnet::input_error&) {
        return false;   // refused: unbalanced (exact) or could overflow 64 bits
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    MinCostFlow f;
    try {
        f = hatchnet::match::parse_dimacs(text);
    } catch (const hatchnet::input_error& e) {
        HNFUZZ_CHECK(*e.what() != '\0', "input_error without a message");
        return 0;
    }

    {   // write -> parse gives the same problem
        std::ostringstream out;
        hatchnet::match::write_dimacs(out, f, "fuzz\nround trip");
        MinCostFlow g;
        try {
            g = hatchnet::match::parse_dimacs(out.str());
        } catch (const hatchnet::input_error& e) {
            fail("write_dimacs wrote text parse_dimacs refuses", e.what());
        }
        same_problem(f, g);
    }

    bool zero_lower = true;
    for (MinCostFlow::arc_t e = 0; e < f.arc_count(); ++e) zero_lower = zero_lower && f.lower(e) == 0;

    MinCostFlow exact = f;
    MinCostFlow::Status st_exact{};
    const bool ran_exact = solve(exact, MinCostFlow::Mode::exact, st_exact);
    if (ran_exact && st_exact == MinCostFlow::Status::optimal) {
        check_flow(exact, "exact");
        check_optimal(exact);
    }

    MinCostFlow mf = f;
    MinCostFlow::Status st_mf{};
    const bool ran_mf = solve(mf, MinCostFlow::Mode::max_flow_min_cost, st_mf);
    if (ran_mf) {
        // "never infeasible" — unless lower bounds force flow no supply can feed
        if (zero_lower && st_mf == MinCostFlow::Status::infeasible) fail("max_flow_min_cost reported infeasible");
        if (st_mf == MinCostFlow::Status::optimal) check_flow(mf, "max_flow_min_cost");
    }

    // exact vs max-flow-min-cost on balanced problems without lower bounds
    if (ran_exact && ran_mf && zero_lower && st_mf == MinCostFlow::Status::optimal) {
        bool all_routed = true;
        for (MinCostFlow::node_t v = 0; v < f.node_count(); ++v) all_routed = all_routed && mf.unrouted(v) == 0;
        if (st_exact == MinCostFlow::Status::optimal) {
            HNFUZZ_CHECK(all_routed, "exact is optimal but max_flow_min_cost leaves supply unrouted");
            HNFUZZ_CHECK(mf.total_cost() == exact.total_cost(),
                         "exact and max_flow_min_cost optima differ: " + std::to_string(exact.total_cost()) +
                             " vs " + std::to_string(mf.total_cost()));
        }
        if (st_exact == MinCostFlow::Status::infeasible)
            HNFUZZ_CHECK(!all_routed, "exact says infeasible but max_flow_min_cost routes every unit");
    }

    // warm start: change one cost, re-solve warm, compare with a cold solve
    if (ran_exact && st_exact == MinCostFlow::Status::optimal && f.arc_count() > 0) {
        const auto arc = static_cast<MinCostFlow::arc_t>((size * 2654435761u) % static_cast<std::size_t>(f.arc_count()));
        const MinCostFlow::cost_t delta = static_cast<MinCostFlow::cost_t>(size % 7) - 3;
        const MinCostFlow::cost_t c = f.cost(arc);
        if (c > -(std::int64_t{1} << 40) && c < (std::int64_t{1} << 40)) {
            MinCostFlow warm = f, cold = f;
            warm.set_warm_start(true);
            MinCostFlow::Status s1{}, s2{}, s3{};
            if (solve(warm, MinCostFlow::Mode::exact, s1) && s1 == MinCostFlow::Status::optimal) {
                warm.set_cost(arc, c + delta);
                cold.set_cost(arc, c + delta);
                const bool rw = solve(warm, MinCostFlow::Mode::exact, s2);
                const bool rc = solve(cold, MinCostFlow::Mode::exact, s3);
                HNFUZZ_CHECK(rw == rc, "warm and cold runs disagree on refusing the changed problem");
                if (rw && rc) {
                    HNFUZZ_CHECK(s2 == s3, std::string("warm/cold status: ") + std::string(hatchnet::algo::to_string(s2)) +
                                               " vs " + std::string(hatchnet::algo::to_string(s3)));
                    if (s2 == MinCostFlow::Status::optimal) {
                        HNFUZZ_CHECK(warm.total_cost() == cold.total_cost(),
                                     "warm/cold optimum: " + std::to_string(warm.total_cost()) + " vs " +
                                         std::to_string(cold.total_cost()));
                        check_flow(warm, "warm");
                        check_optimal(warm);
                    }
                }
            }
        }
    }
    return 0;
}
