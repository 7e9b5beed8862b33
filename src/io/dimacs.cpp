// DIMACS min-cost flow reader and writer (hatchnet/match/dimacs.hpp).
#include "hatchnet/match/dimacs.hpp"

#include <charconv>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>
#include <string_view>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"

namespace hatchnet::match {

namespace {

// Splits a line into whitespace-separated tokens (at most `max_tokens` + 1 kept).
std::vector<std::string_view> tokens_of(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i >= line.size()) break;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

std::int64_t parse_int(std::string_view tok, const std::string& record, const char* field) {
    std::int64_t v = 0;
    const char* b = tok.data();
    const char* e = tok.data() + tok.size();
    if (b != e && *b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, v);
    if (ec == std::errc::result_out_of_range)
        throw input_error(record, field, "'" + std::string(tok) + "' is out of the 64-bit range");
    if (ec != std::errc() || p != e || b == e)
        throw input_error(record, field, "'" + std::string(tok) + "' is not an integer");
    return v;
}

}  // namespace

algo::MinCostFlow read_dimacs(std::istream& in, const std::string& source) {
    algo::MinCostFlow f;
    std::string line;
    std::int64_t line_no = 0, nodes = -1, arcs = -1, arcs_read = 0;
    std::vector<char> seen;
    while (std::getline(in, line)) {
        ++line_no;
        const std::string rec = "line " + std::to_string(line_no);
        const auto tok = tokens_of(line);
        if (tok.empty()) continue;
        const std::string_view kind = tok[0];
        if (kind == "c") continue;
        if (kind == "p") {
            if (nodes >= 0) throw input_error(rec, "p", "a second problem line");
            if (tok.size() != 4)
                throw input_error(rec, "p", "expected 'p min <nodes> <arcs>', got " +
                                                std::to_string(tok.size()) + " fields");
            if (tok[1] != "min")
                throw input_error(rec, "p", "problem type '" + std::string(tok[1]) +
                                                "' is not 'min' (a min-cost flow problem)");
            nodes = parse_int(tok[2], rec, "nodes");
            arcs = parse_int(tok[3], rec, "arcs");
            if (nodes < 0 || nodes >= (std::int64_t{1} << 31) - 2)
                throw input_error(rec, "nodes", "node count " + std::to_string(nodes) + " out of range");
            if (arcs < 0 || arcs >= (std::int64_t{1} << 31) - 2)
                throw input_error(rec, "arcs", "arc count " + std::to_string(arcs) + " out of range");
            check_count(std::uint64_t(nodes), rec, "nodes");
            check_count(std::uint64_t(arcs), rec, "arcs");
            f.add_nodes(static_cast<algo::MinCostFlow::node_t>(nodes));
            // reserve no more than the arcs a line-by-line read can prove: a 'p' line alone
            // must not allocate for millions of arcs that never come
            f.reserve(static_cast<algo::MinCostFlow::node_t>(nodes),
                      static_cast<algo::MinCostFlow::arc_t>(std::min<std::int64_t>(arcs, std::int64_t{1} << 16)));
            seen.assign(static_cast<std::size_t>(nodes), 0);
            continue;
        }
        if (kind != "n" && kind != "a")
            throw input_error(rec, "", "unknown line type '" + std::string(kind) +
                                           "' (expected c, p, n or a)");
        if (nodes < 0) throw input_error(rec, std::string(kind), "comes before the 'p min' line");
        auto node_id = [&](std::string_view t, const char* field) {
            const std::int64_t id = parse_int(t, rec, field);
            if (id < 1 || id > nodes)
                throw input_error(rec, field, "node " + std::to_string(id) + " is not in 1.." +
                                                  std::to_string(nodes));
            return static_cast<algo::MinCostFlow::node_t>(id - 1);
        };
        if (kind == "n") {
            if (tok.size() != 3)
                throw input_error(rec, "n", "expected 'n <id> <supply>', got " +
                                                std::to_string(tok.size()) + " fields");
            const auto v = node_id(tok[1], "id");
            const std::int64_t s = parse_int(tok[2], rec, "supply");
            if (seen[static_cast<std::size_t>(v)])
                throw input_error(rec, "id", "node " + std::to_string(v + 1) + " is listed twice");
            seen[static_cast<std::size_t>(v)] = 1;
            if (s == std::numeric_limits<std::int64_t>::min())
                throw input_error(rec, "supply", "out of range");
            f.set_supply(v, s);
            continue;
        }
        // arc line
        if (tok.size() != 6)
            throw input_error(rec, "a", "expected 'a <tail> <head> <low> <cap> <cost>', got " +
                                            std::to_string(tok.size()) + " fields");
        if (arcs_read == arcs)
            throw input_error(rec, "a", "more arc lines than the " + std::to_string(arcs) +
                                            " announced on the 'p' line");
        const auto u = node_id(tok[1], "tail");
        const auto v = node_id(tok[2], "head");
        const std::int64_t low = parse_int(tok[3], rec, "low");
        const std::int64_t cap = parse_int(tok[4], rec, "cap");
        const std::int64_t cost = parse_int(tok[5], rec, "cost");
        if (low < 0) throw input_error(rec, "low", "negative lower bound " + std::to_string(low));
        if (cap < low)
            throw input_error(rec, "cap", "capacity " + std::to_string(cap) +
                                              " is below the lower bound " + std::to_string(low));
        if (cost == std::numeric_limits<std::int64_t>::min())
            throw input_error(rec, "cost", "out of range");
        f.add_arc(u, v, low, cap, cost);
        ++arcs_read;
    }
    if (nodes < 0) throw input_error(source, "p", "no 'p min <nodes> <arcs>' line (empty or not DIMACS)");
    if (arcs_read != arcs)
        throw input_error(source, "a", "the 'p' line announces " + std::to_string(arcs) +
                                           " arcs but " + std::to_string(arcs_read) + " were read");
    return f;
}

algo::MinCostFlow read_dimacs_file(const std::string& path) {
    std::istringstream in(io::read_file(path));
    return read_dimacs(in, path);
}

algo::MinCostFlow parse_dimacs(const std::string& text) {
    check_input_size(text.size(), "dimacs text");
    std::istringstream in(text);
    return read_dimacs(in, "dimacs text");
}

void write_dimacs(std::ostream& out, const algo::MinCostFlow& f, const std::string& comment) {
    std::istringstream cs(comment);
    std::string line;
    while (std::getline(cs, line)) out << "c " << line << '\n';
    out << "p min " << f.node_count() << ' ' << f.arc_count() << '\n';
    for (algo::MinCostFlow::node_t v = 0; v < f.node_count(); ++v)
        if (f.supply(v) != 0) out << "n " << (v + 1) << ' ' << f.supply(v) << '\n';
    for (algo::MinCostFlow::arc_t a = 0; a < f.arc_count(); ++a)
        out << "a " << (f.tail(a) + 1) << ' ' << (f.head(a) + 1) << ' ' << f.lower(a) << ' '
            << f.capacity(a) << ' ' << f.cost(a) << '\n';
}

void write_dimacs_file(const std::string& path, const algo::MinCostFlow& f, const std::string& comment) {
    std::ostringstream out;
    write_dimacs(out, f, comment);
    io::write_file(path, out.str());
}

}  // namespace hatchnet::match
