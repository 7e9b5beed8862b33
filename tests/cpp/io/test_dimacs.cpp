// Tests of the DIMACS min-cost flow reader/writer: round trip, lower bounds, every kind of
// malformed line reported with its line number.
#include <doctest/doctest.h>

#include <random>
#include <sstream>
#include <string>

#include "hatchnet/error.hpp"
#include "hatchnet/match/dimacs.hpp"

using namespace hatchnet::match;
using namespace hatchnet::algo;

namespace {

// the line number and field of the input_error raised by parsing `text`
std::pair<std::string, std::string> error_of(const std::string& text) {
    try {
        parse_dimacs(text);
    } catch (const hatchnet::input_error& e) {
        return {e.record(), e.field()};
    }
    return {"no error", ""};
}

}  // namespace

TEST_CASE("dimacs: reads a problem and solves it") {
    const std::string text =
        "c a small problem\n"
        "p min 4 5\n"
        "n 1 4\n"
        "n 4 -4\n"
        "\n"
        "a 1 2 0 4 2\n"
        "a 1 3 0 2 2\n"
        "a 2 3 0 2 1\n"
        "a 2 4 0 3 3\n"
        "a 3 4 0 5 1\n";
    MinCostFlow f = parse_dimacs(text);
    CHECK(f.node_count() == 4);
    CHECK(f.arc_count() == 5);
    CHECK(f.supply(0) == 4);
    CHECK(f.tail(3) == 1);
    REQUIRE(f.run() == MinCostFlow::Status::optimal);
    CHECK(f.total_cost() == 14);
}

TEST_CASE("dimacs: lower bounds are honoured") {
    // 1 -> 2 must carry at least 3 although 1 -> 3 -> 2 is cheaper
    const std::string text = "p min 3 3\nn 1 5\nn 2 -5\na 1 2 3 10 10\na 1 3 0 10 1\na 3 2 0 10 1\n";
    MinCostFlow f = parse_dimacs(text);
    REQUIRE(f.run() == MinCostFlow::Status::optimal);
    CHECK(f.flow(0) == 3);
    CHECK(f.flow(1) == 2);
    CHECK(f.total_cost() == 34);
}

TEST_CASE("dimacs: write then read gives the same problem and optimum") {
    std::mt19937_64 rng(3);
    for (int iter = 0; iter < 50; ++iter) {
        const int n = 2 + static_cast<int>(rng() % 10);
        MinCostFlow f(n);
        for (int a = 0; a < 3 * n; ++a) {
            const auto cap = static_cast<std::int64_t>(rng() % 10);
            f.add_arc(static_cast<int>(rng() % n), static_cast<int>(rng() % n),
                      static_cast<std::int64_t>(rng() % (cap + 1)) / 2, cap,
                      static_cast<std::int64_t>(rng() % 20) - 5);
        }
        f.set_supply(0, 3);
        f.set_supply(n - 1, -3);
        std::ostringstream out;
        write_dimacs(out, f, "round trip\nsecond comment line");
        MinCostFlow g = parse_dimacs(out.str());
        REQUIRE(g.arc_count() == f.arc_count());
        for (int a = 0; a < f.arc_count(); ++a) {
            CHECK(g.tail(a) == f.tail(a));
            CHECK(g.head(a) == f.head(a));
            CHECK(g.lower(a) == f.lower(a));
            CHECK(g.capacity(a) == f.capacity(a));
            CHECK(g.cost(a) == f.cost(a));
        }
        const auto st = f.run();
        CHECK(g.run() == st);
        if (st == MinCostFlow::Status::optimal) CHECK(g.total_cost() == f.total_cost());
    }
}

TEST_CASE("dimacs: malformed input names the line") {
    using R = std::pair<std::string, std::string>;
    CHECK(error_of("") == R{"dimacs text", "p"});
    CHECK(error_of("c only a comment\n") == R{"dimacs text", "p"});
    CHECK(error_of("x 1 2\n") == R{"line 1", ""});
    CHECK(error_of("n 1 5\np min 2 0\n") == R{"line 1", "n"});
    CHECK(error_of("p max 2 1\n") == R{"line 1", "p"});
    CHECK(error_of("p min 2\n") == R{"line 1", "p"});
    CHECK(error_of("p min two 1\n") == R{"line 1", "nodes"});
    CHECK(error_of("p min -2 1\n") == R{"line 1", "nodes"});
    CHECK(error_of("p min 2 0\np min 2 0\n") == R{"line 2", "p"});
    CHECK(error_of("p min 2 1\nn 3 1\n") == R{"line 2", "id"});
    CHECK(error_of("p min 2 1\nn 1 1\nn 1 2\n") == R{"line 3", "id"});
    CHECK(error_of("p min 2 1\nn 1 1x\n") == R{"line 2", "supply"});
    CHECK(error_of("p min 2 1\nc\na 1 2 0 5\n") == R{"line 3", "a"});
    CHECK(error_of("p min 2 1\na 1 0 0 5 1\n") == R{"line 2", "head"});
    CHECK(error_of("p min 2 1\na 1 2 -1 5 1\n") == R{"line 2", "low"});
    CHECK(error_of("p min 2 1\na 1 2 6 5 1\n") == R{"line 2", "cap"});
    CHECK(error_of("p min 2 1\na 1 2 0 5 99999999999999999999\n") == R{"line 2", "cost"});
    CHECK(error_of("p min 2 1\na 1 2 0 5 1.5\n") == R{"line 2", "cost"});
    CHECK(error_of("p min 2 1\na 1 2 0 5 1\na 1 2 0 5 1\n") == R{"line 3", "a"});
    CHECK(error_of("p min 2 2\na 1 2 0 5 1\n") == R{"dimacs text", "a"});
    CHECK_THROWS_AS(read_dimacs_file("/nonexistent/file.min"), hatchnet::input_error);
    // the message says what is wrong
    try {
        parse_dimacs("p min 2 1\na 1 2 6 5 1\n");
    } catch (const hatchnet::input_error& e) {
        CHECK(std::string(e.what()).find("line 2") != std::string::npos);
        CHECK(std::string(e.what()).find("below the lower bound") != std::string::npos);
    }
}
