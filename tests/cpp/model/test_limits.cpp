// Input limits (hatchnet/limits.hpp) and the one classification of errors every surface uses
// (hatchnet/error.hpp): hostile input is refused with a typed error naming the record and
// field, before anything large is allocated; nothing escapes as an "internal error".
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "hatchnet/coverage/json.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/graph.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/match/dimacs.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/referral/json.hpp"

using namespace hatchnet;

namespace {

/// Sets limits for one test case and puts the old ones back.
struct ScopedLimits {
    Limits old = limits();
    explicit ScopedLimits(const Limits& l) { set_limits(l); }
    ~ScopedLimits() { set_limits(old); }
};

std::string nested(std::size_t depth, char open = '[', char close = ']') {
    return std::string(depth, open) + std::string(depth, close);
}

std::string small_text() { return io::read_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

/// The error_info of what `f` throws (kind internal with "no exception" when it throws nothing).
template <class F>
error_info thrown_by(F&& f) {
    try {
        f();
    } catch (...) {
        return describe_current_exception();
    }
    return {error_kind::internal, "no exception"};
}

}  // namespace

TEST_CASE("depth scan: counts brackets outside strings only, escapes understood") {
    const auto lim = limits().max_json_depth;
    CHECK_NOTHROW(check_json_depth(nested(lim), "x"));
    CHECK_THROWS_AS(check_json_depth(nested(lim + 1), "x"), limit_error);
    // brackets inside strings (with escaped quotes before them) do not count
    std::string s = "[\"\\\"" + std::string(5000, '[') + "\"]";
    CHECK_NOTHROW(check_json_depth(s, "x"));
    // the error names the record and the line
    try {
        check_json_depth("{\n\"a\":\n" + nested(lim + 5), "options");
        FAIL("no throw");
    } catch (const limit_error& e) {
        CHECK(e.record() == "options");
        CHECK(std::string(e.what()).find("line 3") != std::string::npos);
    }
}

TEST_CASE("deeply nested JSON is refused at every entry point, never a stack overflow") {
    const std::string deep = nested(200000);  // would overflow a recursive dump or copy
    CHECK_THROWS_AS(io::parse_json_text(deep, "request"), limit_error);
    CHECK_THROWS_AS(io::parse_json_value(deep, "options"), limit_error);
    CHECK_THROWS_AS(coverage::parse_options("{\"counted_tiers\":" + deep + "}"), limit_error);
    CHECK_THROWS_AS(referral::parse_requests(deep), limit_error);

    // kept attributes in a network: refused while loading
    std::string text = small_text();
    const std::string node = "{\"id\":\"cc\",";
    const auto at = text.find(node);
    REQUIRE(at != std::string::npos);
    text.insert(at + node.size(), "\"attributes\":{\"x\":" + nested(100000) + "},");
    const auto info = thrown_by([&] { io::load_json(text); });
    CHECK(info.kind == error_kind::limit);
    CHECK(info.message.find("nested deeper") != std::string::npos);
}

TEST_CASE("a depth limit the caller raised is honoured") {
    Limits l = limits();
    l.max_json_depth = 300;
    ScopedLimits scope(l);
    CHECK_NOTHROW(io::parse_json_text(nested(250), "x"));
    CHECK_THROWS_AS(io::parse_json_text(nested(301), "x"), limit_error);
}

TEST_CASE("numbers no double holds are bad input, not a library exception") {
    for (const char* text : {"{\"budget\": 1e400}", "[1e400]", "{\"k\": -1e99999}"}) {
        const auto info = thrown_by([&] { io::parse_json_text(text, "request"); });
        CHECK(info.kind == error_kind::invalid);
        CHECK(info.record == "request");
        CHECK(info.message.find("internal") == std::string::npos);
        CHECK(info.message.find("json.exception") == std::string::npos);
    }
}

TEST_CASE("files: missing, directory and oversized files are typed I/O and limit errors") {
    auto missing = thrown_by([] { io::read_file("/nonexistent/hatchnet/x.json"); });
    CHECK(missing.kind == error_kind::io);
    CHECK(missing.io_reason == io_error::reason::not_found);
    CHECK(missing.record == "file /nonexistent/hatchnet/x.json");

    auto dir = thrown_by([] { io::read_file(HATCHNET_SOURCE_DIR "/tests"); });
    CHECK(dir.kind == error_kind::io);
    CHECK(dir.io_reason == io_error::reason::is_directory);

    Limits l = limits();
    l.max_input_bytes = 1000;
    ScopedLimits scope(l);
    auto big = thrown_by([] { io::read_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); });
    CHECK(big.kind == error_kind::limit);
    // an endless device stops at the limit
    const auto t0 = std::chrono::steady_clock::now();
    auto zero = thrown_by([] { io::read_file("/dev/zero"); });
    CHECK(zero.kind == error_kind::limit);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));  // a hang guard, not a benchmark
    CHECK_THROWS_AS(io::load_json(std::string(2000, ' ')), limit_error);
}

TEST_CASE("DIMACS: declared sizes beyond the limit are refused before allocating") {
    for (const char* text : {"p min 2000000000 2000000000\n", "p min 2000000000 1\n", "p min 10 2000000000\n",
                             "p min 10000001 0\n"}) {
        const auto info = thrown_by([&] { match::parse_dimacs(text); });
        CHECK(info.kind == error_kind::limit);
        CHECK(info.record == "line 1");
        CHECK((info.field == "nodes" || info.field == "arcs"));
    }
    // a 'p' line announcing many arcs that never come is an ordinary error, and cheap
    const auto info = thrown_by([] { match::parse_dimacs("p min 3 9000000\na 1 2 0 1 1\n"); });
    CHECK(info.kind == error_kind::invalid);
    CHECK(info.field == "a");
}

TEST_CASE("solver node counts are bounded") {
    CHECK_THROWS_AS(algo::MinCostFlow(2'000'000'000), limit_error);
    algo::MinCostFlow f(10);
    CHECK_THROWS_AS(f.add_nodes(1'999'999'000), limit_error);
    CHECK(f.node_count() == 10);  // nothing half-added
    Limits l = limits();
    l.max_elements = 20'000'000;
    ScopedLimits scope(l);
    CHECK_NOTHROW(f.add_nodes(15'000'000));
}

TEST_CASE("counts inside options are bounded") {
    Network net = io::load_json(small_text());
    Graph g(net);
    for (const char* opt : {R"({"k":1,"objective":"served","demand":{"requests":25,"needs":1101028000}})",
                            R"({"k":1,"demand":{"requests":2000000000}})"}) {
        const auto info = thrown_by([&] { coverage::plan_json(g, opt); });
        CHECK(info.kind == error_kind::limit);
        CHECK(info.record == "demand");
    }
}

TEST_CASE("the error classification: library exceptions are bad input, messages valid UTF-8") {
    auto type = thrown_by([] { (void)nlohmann::json("x").get<int>(); });
    CHECK(type.kind == error_kind::invalid);
    CHECK(type.message.find("[json.exception") == std::string::npos);

    auto alloc = thrown_by([] { throw std::bad_alloc(); });
    CHECK(alloc.kind == error_kind::nomem);

    auto internal = thrown_by([] { throw std::runtime_error("boom"); });
    CHECK(internal.kind == error_kind::internal);

    // invalid UTF-8 quoted from the caller is replaced, never dropped
    auto bad = thrown_by([] { throw input_error("so-\xff\xfe", "needs", "unknown service 'a\xc3'"); });
    CHECK(bad.kind == error_kind::invalid);
    CHECK(bad.record == "so-\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(bad.message.find("unknown service 'a\xEF\xBF\xBD'") != std::string::npos);
    // valid multi-byte text is kept as it is
    auto ok = thrown_by([] { throw input_error("东城区", "", "名称"); });
    CHECK(ok.message == "东城区: 名称");
}

TEST_CASE("limits: zero is refused, values round-trip") {
    Limits l = limits();
    Limits z = l;
    z.max_elements = 0;
    CHECK_THROWS_AS(set_limits(z), input_error);
    CHECK(limits().max_elements == l.max_elements);
}

TEST_CASE("limits have ceilings: no depth that overflows the stack, no size that wraps") {
    Limits l = limits();
    l.max_json_depth = 60000;
    CHECK_THROWS_AS(set_limits(l), input_error);
    l = limits();
    l.max_input_bytes = ~std::uint64_t(0);
    CHECK_THROWS_AS(set_limits(l), input_error);
    l = limits();
    l.max_json_depth = 1000;
    ScopedLimits scope(l);
    // the deepest allowed document is parsed, copied and dumped without overflowing the stack
    // (this test also runs under AddressSanitizer, whose frames are several times larger)
    const auto doc = io::parse_json_text(nested(1000), "x");
    const auto copy = doc;
    CHECK(copy.dump().size() == 2000);
}

TEST_CASE("JSON text: NUL bytes and value amplification are refused before parsing") {
    const auto nul = thrown_by([] { io::parse_json_text(std::string("{\"a\":1}\0{\"b", 12), "request"); });
    CHECK(nul.kind == error_kind::invalid);
    CHECK(nul.message.find("NUL") != std::string::npos);
    // an escaped NUL inside a string is JSON, and is kept
    CHECK(io::parse_json_text("[\"a\\u0000b\"]", "x")[0].get<std::string>().size() == 3);

    Limits l = limits();
    l.max_elements = 1000;
    ScopedLimits scope(l);
    std::string many = "[";
    for (int i = 0; i < 5000; ++i) many += "[],";
    many += "[]]";
    const auto amp = thrown_by([&] { io::parse_json_text(many, "options"); });
    CHECK(amp.kind == error_kind::limit);
    CHECK(amp.record == "options");
    // a network's nested values count too (its records are read one at a time)
    std::string text = small_text();
    text.insert(text.find("{\"id\":\"cc\",") + 11, "\"attributes\":{\"x\":" + many + "},");
    CHECK(thrown_by([&] { io::load_json(text); }).kind == error_kind::limit);
}

TEST_CASE("a failed load names the record and field of its first error; messages are printable") {
    std::string text = small_text();
    const std::string cap = "\"capacity\":50";
    text.replace(text.find(cap), cap.size(), "\"capacity\":-1");
    const auto info = thrown_by([&] { io::load_json(text); });
    CHECK(info.kind == error_kind::invalid);
    CHECK(info.record == "node cc");
    CHECK(info.field == "capacity");
    CHECK(printable_utf8(std::string("a\0b", 3)) == "a\\u0000b");
    CHECK(printable_utf8("\xff") == "\xEF\xBF\xBD");
}
