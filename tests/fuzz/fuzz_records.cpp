// Fuzz target: the records store (hatchnet/records/store.hpp) through the C ABI, on the small
// test network, in a temporary SQLite file per input.
//   input: records export JSON (empty: a new store) \0 transitions JSON \0 ... (at most 8),
//     where each part after the first is given to hn_store_record_json (an object or array),
//     or, starting with '!', to hn_store_add_facts_json.
// Whatever is accepted must keep the store exportable and canonical: export -> import into a
// new store -> export gives the same bytes; counts and progress come out as valid JSON.
#include <unistd.h>

#include <filesystem>

#include "fuzz_common.hpp"

using namespace hnfuzz;

namespace {

struct TempDb {
    std::string path;
    explicit TempDb(const char* name) {
        static const std::string dir = [] {
            auto d = std::filesystem::temp_directory_path() / ("hn-fuzz-records-" + std::to_string(::getpid()));
            std::filesystem::create_directories(d);
            return d.string();
        }();
        path = dir + "/" + name;
        clean();
    }
    ~TempDb() { clean(); }
    void clean() {
        for (const char* s : {"", "-wal", "-shm"}) std::remove((path + s).c_str());
    }
};

void round_trip(const hn_store* st) {
    text a, b;
    if (!ok_json(hn_store_export_json(&a.p, st), a.p, "hn_store_export_json"))
        fail("a store does not export", hn_last_error());
    TempDb other("copy.db");
    hn_store* back = nullptr;
    if (!ok(hn_store_open(&back, other.path.c_str()), "hn_store_open(copy)")) fail("cannot open a second store");
    if (!ok(hn_store_import_json(back, a.p), "hn_store_import_json(exported)"))
        fail("an export does not import back", std::string(hn_last_error()) + "\n" + std::string(a.p).substr(0, 600));
    ok_json(hn_store_export_json(&b.p, back), b.p, "hn_store_export_json(again)");
    if (std::strcmp(a.p, b.p) != 0) fail("export -> import -> export is not byte-identical");
    hn_store_free(back);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto p = split(data, size, 9);
    const hn_network* net = small_network();
    TempDb db("fuzz.db");
    hn_store* st = nullptr;
    if (!ok(hn_store_open(&st, db.path.c_str()), "hn_store_open")) fail("cannot open a store");
    if (!p[0].empty()) {
        if (ok(hn_store_import_json(st, p[0].c_str()), "hn_store_import_json")) round_trip(st);
    } else {
        ok(hn_store_set_network(st, net), "hn_store_set_network");
        ok(hn_store_add_years(st, 2019, 2021), "hn_store_add_years");
    }
    for (std::size_t i = 1; i < p.size(); ++i) {
        if (!p[i].empty() && p[i][0] == '!') {
            ok(hn_store_add_facts_json(st, p[i].c_str() + 1), "hn_store_add_facts_json");
            continue;
        }
        text ids;
        ok_json(hn_store_record_json(&ids.p, st, p[i].c_str()), ids.p, "hn_store_record_json");
    }
    text counts, progress;
    ok_json(hn_store_counts_json(&counts.p, st, nullptr), counts.p, "hn_store_counts_json");
    ok_json(hn_store_progress_json(&progress.p, st, net), progress.p, "hn_store_progress_json");
    round_trip(st);
    hn_store_free(st);
    return 0;
}
