// benchmarks/bench_records.cpp — the records store's speed goals (#13): recording transitions in
// batched transactions, and the counting / progress queries over what was recorded.
//
//   bench_records [--n 1000000] [--batch 10000] [--dir /tmp] [--keep FILE]
//   bench_records --national 1 [--orgs 1200000] [--dir /tmp] [--keep FILE [--query-only 1]]
//
// Work: n/4 incubations over 1,000 incubators and n/4 organizations, each applied, admitted,
// incubating and graduated (dates spread over 2017-2025, in date order), `batch` transitions
// per transaction, WAL and synchronous=NORMAL as always. Then counts now, counts as of a date,
// a period summary and progress toward the default targets. Prints one line per measure, the
// rate and the goal; bench_records_peers.py does the same work in plain sqlite3 from Python and
// prints the ratios. Each time is wall and CPU (user + system of this process): the machine
// may be shared, and CPU time is what the work itself costs.
//
// --national: the progress queries' goal (<= 1 s on a national store: 1.2M organizations, 8
// years). A synthetic country written directly (not the simulation): 2,850 districts of 14
// streets each, a district incubator in 97 % of the districts and a street incubator in 80 %
// of the streets; every organization applies once, on a uniform date of 2017-2024, to its
// street's incubator (else its district's), is admitted 10 days later, incubates from day 24,
// then graduates (70 %, 200-700 days on), exits or withdraws; events past 2024 are not
// recorded. Then progress toward the default targets and a graduations target, counts and a
// period summary, each timed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <unordered_set>
#include <vector>

#include "hatchnet/records/progress.hpp"
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

int national(std::int64_t orgs, const std::string& path, bool query_only) {
    Network n;
    n.name = "national";
    std::vector<std::string> streets;
    std::uint64_t h = 88172645463325252ull;  // xorshift64: a fixed synthetic country
    auto rnd = [&h] { h ^= h << 13, h ^= h >> 7, h ^= h << 17; return h; };
    for (int p = 11; p < 41; ++p) {
        n.regions.push_back(Region{std::to_string(p), "p" + std::to_string(p), "province", std::nullopt});
        for (int c = 1; c <= 5; ++c)
            for (int k = 1; k <= 19; ++k) {
                char d[8];
                std::snprintf(d, sizeof d, "%02d%02d%02d", p, c, k);
                n.regions.push_back(Region{d, d, "district", std::nullopt});
                if (rnd() % 100 < 97) {
                    Node v;
                    v.id = std::string("d") + d, v.name = v.id, v.tier = Tier::district, v.region = d, v.capacity = 1000000;
                    n.nodes.push_back(std::move(v));
                }
                for (int s = 1; s <= 14; ++s) {
                    char st[12];
                    std::snprintf(st, sizeof st, "%s%03d", d, s);
                    n.regions.push_back(Region{st, st, "street", std::nullopt});
                    streets.push_back(st);
                    if (rnd() % 100 < 80) {
                        Node v;
                        v.id = std::string("s") + st, v.name = v.id, v.tier = Tier::street, v.region = st, v.capacity = 1000000;
                        n.nodes.push_back(std::move(v));
                    }
                }
            }
    }
    std::unordered_set<std::string> open;
    for (const auto& v : n.nodes) open.insert(v.id);
    struct Ev { std::int32_t day; std::int32_t org; IncubationStage to; };
    std::vector<Ev> evs;
    std::vector<std::string> home(static_cast<std::size_t>(orgs));
    const std::int32_t days = 8 * 336;
    for (std::int64_t i = 0; i < orgs; ++i) {
        Organization o;
        o.id = "o" + std::to_string(i);
        o.name = o.id;
        o.region = streets[rnd() % streets.size()];
        home[std::size_t(i)] = open.count("s" + o.region) ? "s" + o.region : "d" + o.region.substr(0, 6);
        if (!open.count(home[std::size_t(i)])) home[std::size_t(i)] = n.nodes.front().id;  // neither open
        n.organizations.push_back(std::move(o));
        const auto d = std::int32_t(rnd() % std::uint64_t(days)), org = std::int32_t(i);
        evs.push_back({d, org, IncubationStage::applied});
        evs.push_back({d + 10, org, IncubationStage::admitted});
        evs.push_back({d + 24, org, IncubationStage::incubating});
        const auto u = rnd() % 100;
        const IncubationStage end = u < 70 ? IncubationStage::graduated : u < 90 ? IncubationStage::exited : IncubationStage::withdrawn;
        evs.push_back({d + 24 + std::int32_t(u < 70 ? 200 + rnd() % 500 : 30 + rnd() % 300), org, end});
    }
    std::erase_if(evs, [&](const Ev& e) { return e.day >= days; });
    std::stable_sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) { return a.day < b.day; });
    double t0 = now(), c0 = cpu();
    Store st(path);
    if (!query_only) {
    st.set_network(n);
    st.add_years(2017, 2024);
    std::printf("national network: %zu incubators, %zu organizations, %zu regions; setup %.2f s wall, %.2f s CPU\n",
                n.nodes.size(), n.organizations.size(), n.regions.size(), now() - t0, cpu() - c0);
    t0 = now(), c0 = cpu();
    std::vector<Transition> batch;
    for (std::size_t i = 0; i < evs.size(); ++i) {
        Transition t;
        t.id = "i" + std::to_string(evs[i].org);
        t.to = evs[i].to;
        t.at = date_of(evs[i].day);
        if (t.to == IncubationStage::applied) t.organization = "o" + std::to_string(evs[i].org), t.node = home[std::size_t(evs[i].org)];
        batch.push_back(std::move(t));
        if (batch.size() == 10000 || i + 1 == evs.size()) st.record(batch), batch.clear();
    }
    std::printf("national write: %zu transitions in %.2f s wall, %.2f s CPU\n", evs.size(), now() - t0, cpu() - c0);
    }
    std::printf("national store: %s incubations, %s events, last event %s\n",
                st.query("SELECT count(*) FROM incubations").at(0).at(0).c_str(),
                st.query("SELECT count(*) FROM incubation_events").at(0).at(0).c_str(),
                st.query("SELECT max(last_at) FROM incubators").at(0).at(0).c_str());
    std::fflush(stdout);
    auto timed = [](const char* what, auto&& f) {
        const double a = now(), c = cpu();
        f();
        std::printf("national query %-34s %.3f s wall, %.3f s CPU (goal <= 1 s)\n", what, now() - a, cpu() - c);
    };
    timed("progress (default targets, 11)", [&] { (void)progress(st, n); });
    timed("progress (coverage, whole country)", [&] { (void)progress(st, n, default_targets("")); });
    std::vector<Target> grads{Target{"grads", "graduations", "", 500000, "2024-12-31", ""},
                              Target{"grads-11", "graduations", "11", 20000, "2024-12-31", ""}};
    timed("progress (graduations targets)", [&] { (void)progress(st, n, grads); });
    timed("counts now", [&] { (void)st.counts(); });
    timed("counts as of 2020-06-28", [&] { (void)st.counts("2020-06-28"); });
    timed("counts as of 2023-06-28", [&] { (void)st.counts("2023-06-28"); });
    timed("summary 2021", [&] { (void)st.summary("2021"); });
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    std::int64_t n = 1000000, batch = 10000, national_orgs = 0;
    bool query_only = false;  // --national with --query-only 1: the queries on an existing --keep store
    std::string dir = std::filesystem::temp_directory_path().string(), keep;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--keep") keep = argv[i + 1];
        else if (a == "--national") national_orgs = std::atoll(argv[i + 1]) ? 1200000 : 0;
        else if (a == "--orgs") national_orgs = std::atoll(argv[i + 1]);
        else if (a == "--query-only") query_only = std::atoll(argv[i + 1]) != 0;
        if (a == "--n") n = std::atoll(argv[i + 1]);
        else if (a == "--batch") batch = std::atoll(argv[i + 1]);
        else if (a == "--dir") dir = argv[i + 1];
    }
    if (national_orgs > 0) {
        const std::string p = !keep.empty() ? keep : dir + "/bench_records_national_" + std::to_string(::getpid()) + ".db";
        if (!query_only)
            for (const char* x : {"", "-wal", "-shm"}) std::filesystem::remove(p + x);
        national(national_orgs, p, query_only);
        if (keep.empty() && !query_only)
            for (const char* x : {"", "-wal", "-shm"}) std::filesystem::remove(p + x);
        return 0;
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
