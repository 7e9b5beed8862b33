// The two network JSON readers (hatchnet/io/json.hpp, JsonReader): the fast one (simdjson
// On-Demand) against the reference (nlohmann SAX). On every input both give the same
// outcome — the same Network (compared as canonical JSON) or the same errors, record, field
// and message — and the fast one reads the shipped dataset and generated networks itself
// rather than declining them. Every simdjson kernel this CPU can run (fallback, westmere,
// haswell, icelake; arm64) gives the fast reader the same result as the one picked at run time.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/synth/beijing.hpp"
#include "hatchnet/synth/national.hpp"
#include "../test_rng.hpp"
#include "../../../src/io/json_fast.hpp"  // the kernel switch (private to the library)

using namespace hatchnet;

namespace {

/// The outcome of one load: the canonical JSON of the network, or every issue of the refusal.
std::string outcome(const std::string& text, io::JsonReader reader, bool validate = true) {
    io::LoadOptions opt;
    opt.reader = reader;
    opt.validate = validate;
    try {
        return "loaded\n" + io::save_json(io::load_json(text, opt));
    } catch (const validation_error& e) {
        std::string s = "refused\n";
        for (const auto* list : {&e.report().errors, &e.report().warnings})
            for (const auto& i : *list) s += i.code + " | " + i.record + " | " + i.field + " | " + i.message + "\n";
        return s;
    } catch (const std::exception& e) {
        return std::string("error\n") + e.what();
    }
}

/// The fast reader reads `text` itself (it does not decline).
bool fast_reads(const std::string& text) {
    io::LoadOptions opt;
    opt.reader = io::JsonReader::fast;
    opt.validate = false;
    try {
        io::load_json(text, opt);
        return true;
    } catch (const input_error&) {
        return false;
    }
}

void same_outcome(const std::string& text) {
    for (bool validate : {true, false}) {
        const std::string want = outcome(text, io::JsonReader::reference, validate);
        const std::string got = outcome(text, io::JsonReader::automatic, validate);
        if (got != want) {
            INFO("input: " << text.substr(0, 400));
            CHECK(got.substr(0, 2000) == want.substr(0, 2000));
            CHECK(got == want);
        }
    }
}

std::string small_text() { return io::read_file(HATCHNET_SOURCE_DIR "/tests/data/small.json"); }

}  // namespace

TEST_CASE("the shipped Beijing dataset: the fast reader reads it, into the reference's Network") {
    const std::string text = io::read_file(io::default_dataset_path());
    CHECK(fast_reads(text));
    const std::string want = outcome(text, io::JsonReader::reference);
    REQUIRE(want.rfind("loaded", 0) == 0);
    CHECK(outcome(text, io::JsonReader::fast) == want);
}

TEST_CASE("generated networks of several seeds and the test files: the same Network from both readers") {
    for (std::uint64_t seed : {1u, 7u, 2024u}) {
        synth::BeijingOptions o;
        o.seed = seed;
        o.scale = 0.05;
        const std::string text = io::save_json(synth::beijing(o));
        CHECK(fast_reads(text));
        CHECK(outcome(text, io::JsonReader::fast, false) == outcome(text, io::JsonReader::reference, false));
        // the pretty-printed form reads the same
        io::SaveOptions pretty;
        pretty.indent = 2;
        CHECK(outcome(io::save_json(synth::beijing(o), pretty), io::JsonReader::fast, false) ==
              outcome(text, io::JsonReader::reference, false));
    }
    synth::NationalOptions n;
    n.provinces = 2, n.prefectures = 4, n.counties = 12, n.streets = 60, n.scale = 0.01, n.seed = 3;
    const std::string national = io::save_json(synth::national_synthetic(n));
    CHECK(fast_reads(national));
    same_outcome(national);
    same_outcome(small_text());
    CHECK(fast_reads(small_text()));
    same_outcome(io::read_file(HATCHNET_SOURCE_DIR "/tests/data/bad.json"));
}

TEST_CASE("the fuzz corpus of the network JSON: the same outcome from both readers") {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(HATCHNET_SOURCE_DIR "/tests/fuzz/corpus/network_json")) {
        same_outcome(io::read_file(e.path().string()));
        ++n;
    }
    CHECK(n >= 10);
}

TEST_CASE("bad and unusual input: the same errors (record, field, message) or the same Network") {
    const std::string t = small_text();
    auto with = [&](const std::string& a, const std::string& b) {
        std::string s = t;
        auto p = s.find(a);
        REQUIRE(p != std::string::npos);
        return s.replace(p, a.size(), b);
    };
    const std::vector<std::string> cases = {
        with(R"("capacity":30)", R"("capacity":"thirty")"),
        with(R"("capacity":30)", R"("capacity":30.0)"),
        with(R"("capacity":30)", R"("capacity":3e1)"),
        with(R"("capacity":30)", R"("capacity":9223372036854775808)"),
        with(R"("capacity":30)", R"("capacity":-0)"),
        with(R"("capacity":30)", R"("capacity":30,"capacity":31)"),
        with(R"("credit":78)", R"("credit":1e400)"),
        with(R"("credit":78)", R"("credit":1e-400)"),
        with(R"("credit":78)", R"("credit":null)"),
        with(R"("credit":78)", R"("credit":18446744073709551617)"),
        with(R"("tier":"street")", R"("tier":"ward")"),
        with(R"("tier":"street")", R"("t\u0069er":"street")"),
        with(R"("tier":"street")", R"("tier":"str\u0065et")"),
        with(R"({"id":"so-2","name")", R"({"id":"so-2","colour":"red","name")"),
        with(R"({"id":"so-2","name")", R"({"id":"so-2","attributes":{"a":{"b":1}},"name")"),
        with(R"({"id":"so-2","name")", R"({"id":"so-2","attributes":{"b":[1,2.5,-3,true,null,"x"]},"name")"),
        with(R"({"id":"so-2","name")", R"({"id":"so-2","attributes":{"z":1,"a":2.50,"m":-7,"u":18446744073709551615,"n":null,"t":false},"name")"),
        with(R"({"id":"so-2","name")", R"({"id":"so-2","attributes":{"a":1,"a":2},"name")"),
        with(R"({"id":"so-2","name")", R"({"id":"so-2","attributes":{},"name")"),
        // string contents: escapes, surrogates, control characters, bad UTF-8 (the name's
        // text is prefixed, so nothing else about the record changes)
        with(R"({"id":"so-2","name":")", R"({"id":"so-2","name":"\ud800 lone)"),
        with(R"({"id":"so-2","name":")", R"({"id":"so-2","name":"\ud83d\ude00 pair)"),
        with(R"({"id":"so-2","name":")", R"({"id":"so-2","name":"a\u0000b)"),
        with(R"({"id":"so-2","name":")", R"({"id":"so-2","name":"q\"uote\\ \/ \b\f\n\r\t)"),
        with(R"({"id":"so-2","name":")", "{\"id\":\"so-2\",\"name\":\"tab\there"),
        with(R"({"id":"so-2","name":")", "{\"id\":\"so-2\",\"name\":\"nl\nhere"),
        with(R"({"id":"so-2","name":")", "{\"id\":\"so-2\",\"name\":\"del\x7f c1\xc2\x85 "),
        with(R"({"id":"so-2","name":")", "{\"id\":\"so-2\",\"name\":\"\xff\xfe"),
        with(R"({"id":"so-2","name":")", "{\"id\":\"so-2\",\"name\":\"\xe4\xb8"),
        with(R"({"id":"so-2","name":")", "{\"id\":\"so-2\",\"name\":\"\xed\xa0\x80"),
        with(R"({"id":"so-2")", "{\"id\":\"so-2\x01\""),
        with(R"({"id":"so-2")", R"({"id":"so-2\u0001")"),
        with(R"({"id":"so-2")", "{\"id\" : \"so-2\" \n\t"),
        with(R"({"from":"cc","to":"d-west","type":"guidance"})", R"({"from":"cc","type":"guidance"})"),
        with(R"({"from":"cc","to":"d-west","type":"guidance"})", R"({"from":"cc","to":"d-west","type":"guidance","irregular":1})"),
        with(R"({"from":"cc","to":"d-west","type":"guidance"})", R"(7)"),
        with(R"("regions":[)", R"("regions":{"a":1},"x":[)"),
        with(R"("regions":[)", R"("nodes":[],"regions":[)"),
        with(R"("version":1)", R"("version":2)"),
        with(R"("version":1)", R"("version":1.0)"),
        with(R"("format":"hatchnet-network")", R"("format":"other")"),
        t + " x",
        t + "{}",
        t + "]",
        "[" + t + "]",
        "  " + t + "  \n",
        "",
        "{}",
        "null",
        R"({"nodes":[{"id":"a","tier":"street","region":"11","staff":{"total":3,"trained":1,"pay":5000.5}}],"regions":[{"code":"11"}]})",
        R"({"nodes":[{"id":"a","tier":"street","region":"11","staff":{"total":3,"total":4}}],"regions":[{"code":"11"}]})",
        R"({"nodes":[{"id":"a","tier":"street","region":"11","staff":{"total":3.5}}],"regions":[{"code":"11"}]})",
        R"({"nodes":[{"id":"a","tier":"street","region":"11","staff":{"boss":1}}],"regions":[{"code":"11"}]})",
        R"({"nodes":[{"id":"a","tier":"street","region":"11","sponsor":"enterprise","build":"co_build","operation":"socially_run","lat":39,"lon":116.5,"score":1E2}],"regions":[{"code":"11","population":12,"kind":"x","pinyin":"y"}]})",
    };
    for (const auto& c : cases) same_outcome(c);
}

TEST_CASE("every cut of a small network, and seeded random byte edits: the same outcome") {
    const std::string t = small_text();
    for (std::size_t cut = 0; cut < t.size(); cut += 7) same_outcome(t.substr(0, cut));
    test::Rng rng(15);
    const char alphabet[] = "{}[]:,\"\\ 0123456789.eE+-truefalsnl\x01\xc3\xa9";
    for (int i = 0; i < 300; ++i) {
        std::string s = t;
        for (int k = 0, edits = 1 + int(rng.below(3)); k < edits; ++k) {
            std::size_t at = rng.below(s.size());
            char ch = alphabet[rng.below(sizeof alphabet - 1)];
            switch (rng.below(3)) {
                case 0: s[at] = ch; break;
                case 1: s.insert(at, 1, ch); break;
                default: s.erase(at, 1); break;
            }
        }
        same_outcome(s);
    }
}

TEST_CASE("limits: depth and nested-value counts refuse the same way through both readers") {
    const std::string t = small_text();
    const Limits saved = limits();
    Limits l = saved;
    for (std::uint32_t depth : {2u, 3u, 4u, 5u}) {
        l.max_json_depth = depth;
        set_limits(l);
        same_outcome(t);
    }
    l = saved;
    for (std::uint64_t n : {1u, 10u, 40u, 100u}) {
        l.max_elements = n;
        set_limits(l);
        same_outcome(t);
    }
    set_limits(saved);
}

namespace {

/// The fast path's result, without the reference reader behind it: declined, or the network
/// it reads. (Not read_json_fast's own result: the kernels split malformed text into tokens
/// differently — simdjson's fallback kernel reads `x"` as one bare word where the SIMD ones
/// open a string — so the fast reader may decline a root member's text under one kernel and
/// copy it under another, for the reference SAX reader to refuse; the fast path declines either way.)
std::string fast_result(const std::string& text) {
    const std::string r = outcome(text, io::JsonReader::fast, false);
    return r.rfind("error\n", 0) == 0 ? "declined" : r;
}

}  // namespace

TEST_CASE("every simdjson kernel this CPU runs: the same result as the kernel picked at run time") {
    const std::string picked = io::fastjson::kernel();
    MESSAGE("simdjson kernel picked at run time: " << picked);
    CHECK(!picked.empty());
    std::vector<std::string> inputs = {io::read_file(io::default_dataset_path()), small_text(),
                                       io::read_file(HATCHNET_SOURCE_DIR "/tests/data/bad.json")};
    synth::BeijingOptions o;
    o.seed = 7;
    o.scale = 0.05;
    io::SaveOptions pretty;
    pretty.indent = 2;
    inputs.push_back(io::save_json(synth::beijing(o), pretty));
    for (const char* dir : {"/tests/fuzz/corpus/network_json", "/tests/fuzz/regressions/network_json"})
        for (const auto& e : std::filesystem::directory_iterator(std::string(HATCHNET_SOURCE_DIR) + dir))
            inputs.push_back(io::read_file(e.path().string()));
    // a quote inside a bare word, in a root member and in records (as in the regression input
    // vocabulary-quote-inside-bare-word-fallback-kernel): tokenized differently by the fallback
    // kernel, refused through either
    const std::string t = small_text();
    for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
             {R"("name":"small test city")", R"("name":x"small test city")"},
             {R"("version":1)", R"("version":1")"},
             {R"({"id":"so-2","name")", R"({"id":"so-2","name":so"2",name")"},
             {R"("credit":78)", R"("credit":78")"},
             {R"("capacity":30)", R"("capacity":true")"}}) {
        std::string s = t;
        const auto p = s.find(a);
        REQUIRE(p != std::string::npos);
        inputs.push_back(s.replace(p, a.size(), b));
    }
    // escapes, bad UTF-8 and cuts land in different 64-byte blocks of the first stage
    for (std::size_t cut = 0; cut < t.size(); cut += 13) inputs.push_back(t.substr(0, cut));
    // a name with an escape or multi-byte UTF-8 after 0 ... 96 plain bytes: the string kernels
    // (simdjson unescapes in 32- and 64-byte blocks) meet it at every offset of a block
    const std::string at = R"({"id":"so-2","name":")";
    REQUIRE(t.find(at) != std::string::npos);
    for (std::size_t pad = 0; pad <= 96; ++pad)
        for (const char* tail : {R"(\"q\\ \/ \n\u00e9\ud83d\ude00 )", "\xe4\xb8\xad\xf0\x9f\x98\x80 ", R"(\ud800 )"}) {
            std::string s = t;
            inputs.push_back(s.insert(t.find(at) + at.size(), std::string(pad, 'x') + tail));
        }
    test::Rng rng(151);
    const char alphabet[] = "{}[]:,\"\\ 0123456789.eE+-truefalsnl\x01\xc3\xa9\xff\xe4";
    for (int i = 0; i < 200; ++i) {
        std::string s = t;
        for (int k = 0, edits = 1 + int(rng.below(3)); k < edits; ++k) {
            std::size_t at = rng.below(s.size());
            s.insert(at, 1, alphabet[rng.below(sizeof alphabet - 1)]);
        }
        inputs.push_back(s);
    }
    std::vector<std::string> want, reference;
    for (const auto& in : inputs) {
        want.push_back(fast_result(in));
        reference.push_back(outcome(in, io::JsonReader::reference));
    }
    // the reader reads the dataset itself under the picked kernel (a test of declines proves nothing)
    if (picked != "fallback") {
        REQUIRE(want[0] != "declined");
        REQUIRE(want[3] != "declined");
    }

    std::vector<std::string> ran;
    for (const char* k : {"fallback", "westmere", "haswell", "icelake", "arm64", "ppc64"}) {
        if (!io::fastjson::use_kernel(k)) continue;
        CHECK(io::fastjson::kernel() == k);
        ran.push_back(k);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            INFO("kernel " << std::string(k) << ", input " << i << ": " << inputs[i].substr(0, 200));
            // under the fallback kernel the fast path declines everything (json_fast.cpp), but
            // a text with a NUL byte is refused before any reader runs (fuzz regression
            // nul-byte-refused-before-any-reader)
            const bool before_readers = inputs[i].find('\0') != std::string::npos;
            CHECK(fast_result(inputs[i]) ==
                  (std::string(k) == "fallback" && !before_readers ? std::string("declined") : want[i]));
            // and the whole load (validated, the reference reader behind the fast one) is the reference's
            CHECK(outcome(inputs[i], io::JsonReader::automatic) == reference[i]);
        }
    }
    std::size_t read = 0;
    for (const auto& w : want) read += w != "declined";
    MESSAGE(ran.size() << " kernels compared on " << inputs.size() << " inputs (" << read << " read, the rest declined)");
    REQUIRE(io::fastjson::use_kernel(picked));
    CHECK(io::fastjson::kernel() == picked);
    // the portable kernel runs everywhere, and the picked one ran again among them
    CHECK(std::find(ran.begin(), ran.end(), "fallback") != ran.end());
    CHECK(std::find(ran.begin(), ran.end(), picked) != ran.end());
    CHECK_FALSE(io::fastjson::use_kernel("no-such-kernel"));
    CHECK(io::fastjson::kernel() == picked);
}
