// The records store from several threads (and processes) at once: openers racing on a new or
// old file, readers that only ever see whole transactions (incubations and the referral
// ledger's attach), one Store shared by writer threads. Run under ThreadSanitizer in CI.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "store_test_util.hpp"

using namespace records_test;

TEST_CASE("records: many openers (threads, processes) of one new or old file at once all succeed") {
    TempDir tmp;
    std::ifstream in(HATCHNET_SOURCE_DIR "/tests/data/records_v1.sql");
    std::stringstream v1sql;
    v1sql << in.rdbuf();
    const auto net = small(5);
    for (int trial = 0; trial < 12; ++trial) {
        const bool old = trial % 2 == 1;  // odd trials: a v1 file that every opener wants to migrate
        const std::string path = tmp.file("race" + std::to_string(trial) + ".db");
        if (old) sql_exec(path, v1sql.str());
        constexpr int n = 6;
        std::vector<std::string> errors(n);
        std::atomic<int> ready{0};
        std::vector<std::thread> ts;
        for (int i = 0; i < n; ++i)
            ts.emplace_back([&, i] {
                ++ready;
                while (ready.load() < n) std::this_thread::yield();
                try {
                    Store s(path, StoreOptions{true, false, 10000});
                    if (!old) s.set_network(net);
                    s.add_years(2020, 2021);
                    if (s.version() != schema_version) errors[std::size_t(i)] = "version";
                } catch (const std::exception& e) {
                    errors[std::size_t(i)] = e.what();
                }
            });
        for (auto& t : ts) t.join();
        for (const auto& e : errors) CHECK_MESSAGE(e.empty(), e);
        CHECK(sql_int(path, "PRAGMA user_version") == schema_version);
        CHECK(sql_int(path, "SELECT count(*) FROM periods WHERE id IN ('2020', '2021')") == 2);
        CHECK(sql_int(path, "SELECT count(*) FROM meta WHERE key = 'format'") == 1);
        if (old) CHECK(sql_int(path, "SELECT count(*) FROM incubations") == 1);  // the v1 record kept
    }
    // and from processes: each child opens the same new file at once
    const std::string path = tmp.file("procs.db");
    std::vector<pid_t> kids;
    for (int i = 0; i < 4; ++i) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int rc = 0;
            try {
                Store s(path, StoreOptions{true, false, 10000});
                s.set_network(net);
            } catch (...) {
                rc = 1;
            }
            std::_Exit(rc);
        }
        kids.push_back(pid);
    }
    for (pid_t k : kids) {
        int status = 0;
        ::waitpid(k, &status, 0);
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    CHECK(sql_int(path, "PRAGMA user_version") == schema_version);
}

TEST_CASE("records: readers in other threads see only whole transactions") {
    TempDir tmp;
    const std::string path = tmp.file("r.db");
    auto net = small(3);
    {
        Store s(path);
        s.set_network(net);
    }
    std::atomic<bool> done{false};
    std::atomic<int> looks{0}, torn{0};
    auto reader = [&] {
        Store r(path, StoreOptions{false, true, 5000});
        while (!done.load()) {
            // one statement, one snapshot: events come in batches of 4 per organization cycle,
            // and the resident count always equals the stays holding a place
            auto row = r.query(
                "SELECT (SELECT count(*) FROM incubation_events) % 4, "
                "(SELECT coalesce(sum(residents), 0) FROM incubators) - "
                "(SELECT count(*) FROM incubations WHERE stage IN ('admitted', 'incubating'))");
            if (row.at(0).at(0) != "0" || row.at(0).at(1) != "0") ++torn;
            ++looks;
        }
    };
    std::thread r1(reader), r2(reader);
    {
        Store w(path);
        std::int64_t day = day_number("2018-01-01");
        for (int i = 0; i < 150; ++i) {
            const auto& o = net.organizations[std::size_t(i) % net.organizations.size()];
            const auto& n = net.nodes[std::size_t(i) % net.nodes.size()];
            const std::string id = "w" + std::to_string(i);
            w.record({apply(o.id, n.id, date_of(day), id), move(id, IncubationStage::admitted, date_of(day)),
                      move(id, IncubationStage::incubating, date_of(day + 1)), move(id, IncubationStage::graduated, date_of(day + 2))});
            day += 2;
        }
    }
    done = true;
    r1.join();
    r2.join();
    CHECK(looks.load() > 0);
    CHECK(torn.load() == 0);
}

TEST_CASE("records: a ledger's attach is one transaction: readers in other threads see all or none") {
    TempDir tmp;
    const std::string path = tmp.file("attach.db");
    auto net = std::make_shared<const Network>(small(1000));
    auto store = std::make_shared<Store>(path);
    store->set_network(*net);
    referral::Ledger L(net);
    constexpr int n = 400;
    std::int64_t events = 0;
    for (int i = 0; i < n; ++i) {
        referral::Referral r;
        r.organization = net->organizations[std::size_t(i) % net->organizations.size()].id;
        r.node = net->nodes[std::size_t(i) % net->nodes.size()].id;
        const std::string id = L.open(r, "2024-03-01T09:00").id;
        ++events;
        if (i % 2) L.transition(id, referral::Status::accepted, "2024-03-01T10:00"), ++events;
        if (i % 4 == 1) L.transition(id, referral::Status::in_progress, "2024-03-02"), ++events;
    }
    std::atomic<bool> done{false};
    std::atomic<int> looks{0}, torn{0};
    auto reader = [&] {
        Store r(path, StoreOptions{false, true, 5000});
        while (!done.load()) {
            auto row = r.query("SELECT (SELECT count(*) FROM referrals), (SELECT count(*) FROM referral_events)");
            const auto a = std::stoll(row.at(0).at(0)), b = std::stoll(row.at(0).at(1));
            if (!((a == 0 && b == 0) || (a == n && b == events))) ++torn;
            ++looks;
        }
    };
    std::thread r1(reader), r2(reader);
    while (looks.load() < 4) std::this_thread::yield();  // the readers are running
    L.attach(store);
    while (looks.load() < 40) std::this_thread::yield();  // and look again after
    done = true;
    r1.join();
    r2.join();
    CHECK(torn.load() == 0);
    CHECK(sql_int(path, "SELECT count(*) FROM referrals") == n);
    CHECK(sql_int(path, "SELECT count(*) FROM referral_events") == events);
    CHECK(referral::Ledger::load(net, store).save_json() == L.save_json());
    // a failed attach writes nothing: a read-only store refuses the whole batch
    referral::Ledger M(net);
    referral::Referral one;
    one.node = net->nodes[0].id;
    M.open(one, "2024-03-01");
    TempDir tmp2;
    { Store s(tmp2.file("ro.db")); }
    auto ro = std::make_shared<Store>(tmp2.file("ro.db"), StoreOptions{false, true, 100});
    CHECK_THROWS_AS(M.attach(ro), io_error);
    CHECK(M.store() == nullptr);
    CHECK(sql_int(tmp2.file("ro.db"), "SELECT count(*) FROM referrals") == 0);
}

TEST_CASE("records: one Store shared by threads keeps every invariant (threads)") {
    TempDir tmp;
    auto net = small(2);
    Store s(tmp.file("shared.db"));
    s.set_network(net);
    constexpr int threads = 4, rounds = 30;
    std::vector<std::string> errors(threads);
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
            try {
                // thread t owns the organizations i with i % threads == t; dates only move on
                std::int64_t day = day_number("2020-01-01");
                for (int k = 0; k < rounds; ++k, day += 3) {
                    const auto& o = net.organizations[std::size_t(t + threads * (k % 2)) % net.organizations.size()];
                    const auto& n = net.nodes[std::size_t(k + t) % net.nodes.size()];
                    const std::string id = "t" + std::to_string(t) + "-" + std::to_string(k);
                    try {
                        s.record({apply(o.id, n.id, date_of(day), id), move(id, IncubationStage::admitted, date_of(day)),
                                  move(id, IncubationStage::withdrawn, date_of(day + 1))});
                    } catch (const input_error&) {  // full, or another thread is ahead in time there
                    }
                    (void)s.counts();
                    (void)s.residents(n.id);
                }
            } catch (const std::exception& e) {
                errors[std::size_t(t)] = e.what();
            }
        });
    for (auto& t : ts) t.join();
    for (const auto& e : errors) CHECK_MESSAGE(e.empty(), e);
    CHECK(s.incubation_count() > 0);
    check_invariants(s, net);
    CHECK(sql_int(s.path(), "SELECT count(*) FROM incubation_events") == 3 * std::int64_t(s.incubation_count()));
}
