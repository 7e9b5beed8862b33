// benchmarks/bench_records.cpp — the records store's speed goals (#13): recording transitions in
// batched transactions, and the counting / progress queries over what was recorded.
//
//   bench_records [--n 1000000] [--batch 10000] [--dir /tmp]
//
// Work: n/4 incubations over 1,000 incubators and n/4 organizations, each applied, admitted,
// incubating and graduated (dates spread over 2017-2025, in date order), `batch` transitions
// per transaction, WAL and synchronous=NORMAL as always. Then counts now, counts as of a date,
// a period summary and progress toward the default targets. Prints one line per measure, the
// rate and the goal; bench_records_peers.py does the same work in plain sqlite3 from Python and
// prints the ratios. Each time is wall and CPU (user + system of this process): the machine
// may be shared, and CPU time is what the work itself costs.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

#include "hatchnet/records/records.hpp"

using namespace hatchnet;
using namespace hatchnet::records;

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
double cpu() {  // user + system seconds of this process
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::string date_of(std::int64_t day) {  // 2017-01-01 + day, in 28-day months (every date valid, order kept)
    const std::int64_t y = 2017 + day / 336, m = 1 + (day % 336) / 28, d = 1 + day % 28;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
    return buf;
}

Network synthetic(std::size_t nodes, std::size_t orgs) {
    Network n;
    n.name = "bench";
    n.regions.push_back(Region{"11", "city", "province", std::nullopt});
    n.regions.push_back(Region{"110101", "district", "district", std::nullopt});
    for (std::size_t i = 0; i < nodes; ++i) {
        Node v;
        v.id = "n" + std::to_string(i);
        v.name = v.id;
        v.tier = Tier::street;
        v.region = "110101";
        v.capacity = 1000000;
        n.nodes.push_back(std::move(v));
    }
    for (std::size_t i = 0; i < orgs; ++i) {
        Organization o;
        o.id = "o" + std::to_string(i);
        o.name = o.id;
        o.region = "110101";
        n.organizations.push_back(std::move(o));
    }
    return n;
}
}  // namespace

int main(int argc, char** argv) {
    std::int64_t n = 1000000, batch = 10000;
    std::string dir = std::filesystem::temp_directory_path().string(), keep;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--keep") keep = argv[i + 1];
        if (a == "--n") n = std::atoll(argv[i + 1]);
        else if (a == "--batch") batch = std::atoll(argv[i + 1]);
        else if (a == "--dir") dir = argv[i + 1];
    }
    const std::int64_t incs = n / 4;
    const std::string path = !keep.empty() ? keep : dir + "/bench_records_" + std::to_string(::getpid()) + ".db";
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    auto net = synthetic(1000, std::size_t(incs));
    double t0 = now();
    Store st(path);
    st.set_network(net);
    st.add_years(2017, 2025);
    const double t_setup = now() - t0;
    // the stays, in date order: incubation k applies on day k*span/incs and moves on the next days
    const std::int64_t span = 9 * 336 - 1;
    std::vector<Transition> pending;
    pending.reserve(std::size_t(batch));
    std::int64_t recorded = 0;
    t0 = now();
    const double c0 = cpu();
    for (std::int64_t k = 0; k < incs; ++k) {
        const std::int64_t day = k * span / std::max<std::int64_t>(incs, 1);
        const std::string id = "i" + std::to_string(k);
        Transition t;
        t.id = id;
        t.to = records::IncubationStage::applied;
        t.at = date_of(day);
        t.organization = "o" + std::to_string(k);
        t.node = "n" + std::to_string(k % 1000);
        pending.push_back(t);
        for (records::IncubationStage s : {records::IncubationStage::admitted, records::IncubationStage::incubating, records::IncubationStage::graduated}) {
            Transition m;
            m.id = id;
            m.to = s;
            m.at = t.at;
            pending.push_back(std::move(m));
        }
        if (std::int64_t(pending.size()) >= batch) {
            st.record(pending);
            recorded += std::int64_t(pending.size());
            pending.clear();
        }
    }
    if (!pending.empty()) st.record(pending), recorded += std::int64_t(pending.size());
    const double t_write = now() - t0, c_write = cpu() - c0;
    std::printf("setup (network of %lld organizations): %.2f s\n", (long long)incs, t_setup);
    std::printf("write: %lld transitions in %.2f s wall, %.2f s CPU = %.0f transitions/s (goal: 1M in <= 10 s)\n",
                (long long)recorded, t_write, c_write, double(recorded) / t_write);
    auto timed = [](const char* what, auto&& f) {
        const double a = now(), c = cpu();
        f();
        const double s = now() - a;
        std::printf("query %-28s %.3f s wall, %.3f s CPU (goal <= 1 s)\n", what, s, cpu() - c);
        return s;
    };
    timed("counts now", [&] { (void)st.counts(); });
    timed("counts as of 2021-06-30", [&] { (void)st.counts("2021-06-30"); });
    timed("summary 2020", [&] { (void)st.summary("2020"); });
    timed("progress (default targets)", [&] { (void)progress(st, net); });
    std::printf("RESULT write_seconds=%.3f write_cpu_seconds=%.3f transitions=%lld\n", t_write, c_write, (long long)recorded);
    if (keep.empty())
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    return 0;
}
