// read_file's whole-buffer gunzip (libdeflate) against zlib's streaming gzread, the reader it
// replaced and still falls back to: the same text or a refusal on every gzip file — one or
// several members, trailing bytes, truncated or corrupt streams, plain text — and the input
// limit enforced on the inflated size.
#include <doctest/doctest.h>

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"
#include "../test_rng.hpp"

using namespace hatchnet;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("hatchnet-io-gzip-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d / name;
}

std::string bytes_of(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void put(const fs::path& p, const std::string& data) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << data;
}

/// One gzip member holding `text` (zlib's writer).
std::string gzip_member(const std::string& text, int level = 6) {
    const fs::path p = scratch("member.gz");
    gzFile f = gzopen(p.c_str(), ("wb" + std::to_string(level)).c_str());
    REQUIRE(f);
    if (!text.empty()) REQUIRE(gzwrite(f, text.data(), unsigned(text.size())) == int(text.size()));
    gzclose(f);
    return bytes_of(p);
}

/// The reference: zlib's gzread over the whole file, or "refused".
std::string zlib_read(const fs::path& p) {
    gzFile f = gzopen(p.c_str(), "rb");
    if (!f) return "refused";
    std::string out;
    char buf[1 << 16];
    for (;;) {
        int n = gzread(f, buf, sizeof buf);
        if (n < 0) {
            gzclose(f);
            return "refused";
        }
        if (n == 0) break;
        out.append(buf, std::size_t(n));
    }
    gzclose(f);
    return "read " + out;
}

std::string ours(const fs::path& p) {
    try {
        return "read " + io::read_file(p.string());
    } catch (const io_error&) {
        return "refused";
    }
}

void same(const std::string& file_bytes) {
    const fs::path p = scratch("case.gz");
    put(p, file_bytes);
    const std::string want = zlib_read(p), got = ours(p);
    CHECK(got.size() == want.size());
    CHECK(got == want);
}

}  // namespace

TEST_CASE("gzip files: the same text as zlib's gzread, or a refusal where it refuses") {
    const std::string a = io::read_file(HATCHNET_SOURCE_DIR "/tests/data/small.json");
    std::string big;
    for (int i = 0; i < 20000; ++i) big += "{\"id\":\"org-" + std::to_string(i * 7919 % 100003) + "\"},\n";
    const std::string ga = gzip_member(a), gbig = gzip_member(big, 1), gempty = gzip_member("");
    same(ga);
    same(gbig);
    same(gempty);
    same(ga + gbig);          // two members: the concatenation
    same(gbig + ga);          // the last member's size is no guide to the whole
    same(ga + gempty + ga);
    same(ga + "trailing");    // bytes after a member
    same(ga + std::string(30, '\0'));
    same(a);                  // plain text
    same("");
    for (std::size_t cut = 1; cut < ga.size(); cut += 37) same(ga.substr(0, cut));  // truncated
    test::Rng rng(15);
    for (int i = 0; i < 200; ++i) {  // corrupt bytes
        std::string s = ga;
        s[rng.below(s.size())] = char(rng.below(256));
        same(s);
    }
}

TEST_CASE("gzip files: the input limit applies to the inflated text") {
    std::string big(300000, 'x');
    const fs::path p = scratch("limit.gz");
    put(p, gzip_member(big, 9));
    const Limits saved = limits();
    Limits l = saved;
    l.max_input_bytes = 100000;
    set_limits(l);
    CHECK_THROWS_AS(io::read_file(p.string()), limit_error);
    l.max_input_bytes = 300000;
    set_limits(l);
    CHECK(io::read_file(p.string()) == big);
    set_limits(saved);
}
