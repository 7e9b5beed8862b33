// Helpers of the records store's tests (test_store.cpp, test_threads.cpp): a temporary
// directory, the small network, transitions, refused-input checks, plain-SQL reads, the
// independent invariant sweep and random activity.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../test_rng.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/records/store.hpp"
#include "hatchnet/referral/referral.hpp"

namespace records_test {
using namespace hatchnet::records;
using hatchnet::input_error;
using hatchnet::io_error;
using hatchnet::Network;
namespace io = hatchnet::io;
namespace referral = hatchnet::referral;
namespace test = hatchnet::test;
namespace fs = std::filesystem;

struct TempDir {
    fs::path dir;
    TempDir() {
        static int n = 0;
        dir = fs::temp_directory_path() / ("hn-records-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~TempDir() { fs::remove_all(dir); }
    std::string file(const std::string& name) const { return (dir / name).string(); }
};

inline Network small(std::int64_t cap = 1) {
    auto n = io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json");
    for (auto& node : n.nodes) node.capacity = cap;
    return n;
}

inline Transition apply(const std::string& org, const std::string& node, const std::string& at, const std::string& id = {}) {
    Transition t;
    t.id = id;
    t.to = IncubationStage::applied;
    t.organization = org;
    t.node = node;
    t.at = at;
    return t;
}
inline Transition move(const std::string& id, IncubationStage to, const std::string& at, const std::string& outcome = {}) {
    Transition t;
    t.id = id;
    t.to = to;
    t.at = at;
    t.outcome = outcome;
    return t;
}

/// The input_error of `f`, checked to name `record` and `field`.
template <class F>
inline std::string refused(F&& f, const std::string& record, const std::string& field) {
    try {
        f();
    } catch (const io_error& e) {
        FAIL("io_error instead of input_error: " << e.what());
    } catch (const input_error& e) {
        CHECK_MESSAGE(e.record().find(record) != std::string::npos, e.what());
        CHECK_MESSAGE(e.field() == field, e.what());
        return e.what();
    }
    FAIL("accepted");
    return {};
}
template <class F>
inline std::string io_refused(F&& f, const std::string& path) {
    try {
        f();
    } catch (const io_error& e) {
        CHECK_MESSAGE(e.path() == path, e.what());
        return e.what();
    }
    FAIL("accepted");
    return {};
}

inline std::int64_t sql_int(const std::string& path, const std::string& q) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

inline void sql_exec(const std::string& path, const std::string& q) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, q.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

/// Every invariant, checked independently of the store's own bookkeeping: each history legal
/// and dated in order; for every incubator and every date, residents (admitted … leaving,
/// swept over the histories) <= capacity; no organization resident in two places at once;
/// the stored resident counts and residences equal the sweep's.
inline void check_invariants(const Store& s, const Network& net) {
    std::map<std::string, std::vector<std::pair<std::string, int>>> node_moves;  // date, +1/-1
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> org_stays;  // [from, to)
    std::map<std::string, std::int64_t> resident_now;
    for (const auto& r : s.incubations()) {
        REQUIRE(!r.history.empty());
        CHECK(r.history[0].stage == IncubationStage::applied);
        std::string admitted;
        for (std::size_t k = 1; k < r.history.size(); ++k) {
            CHECK(legal_transition(r.history[k - 1].stage, r.history[k].stage));
            CHECK(r.history[k].from == r.history[k - 1].stage);
            CHECK(r.history[k - 1].at <= r.history[k].at);
            if (r.history[k].stage == IncubationStage::admitted) admitted = r.history[k].at;
            if (holds_place(r.history[k - 1].stage) && !holds_place(r.history[k].stage)) {
                node_moves[r.node].push_back({r.history[k].at, -1});
                org_stays[r.organization].push_back({admitted, r.history[k].at});
            }
        }
        if (!admitted.empty()) node_moves[r.node].push_back({admitted, +1});
        if (holds_place(r.stage)) {
            ++resident_now[r.node];
            org_stays[r.organization].push_back({admitted, "9999-12-31"});
        }
        CHECK(r.stage == r.history.back().stage);
    }
    for (auto& [node, moves] : node_moves) {
        std::sort(moves.begin(), moves.end());  // leaving (-1) before arriving on the same day
        std::int64_t cur = 0, cap = net.find_node(node)->capacity;
        for (const auto& m : moves) {
            cur += m.second;
            CHECK_MESSAGE(cur <= cap, node << " over capacity on " << m.first);
        }
        CHECK(s.residents(node) == resident_now[node]);
    }
    for (auto& [org, stays] : org_stays) {
        std::sort(stays.begin(), stays.end());
        for (std::size_t k = 1; k < stays.size(); ++k)
            CHECK_MESSAGE(stays[k - 1].second <= stays[k].first, org << " in two places on " << stays[k].first);
    }
}

inline std::string date_of(std::int64_t day) {  // inverse of day_number by search (test-only, slow is fine)
    int y = 1970 + int(day / 366);
    while (day_number(std::to_string(y + 1) + "-01-01") <= day) ++y;
    std::string base = std::to_string(y);
    for (int m = 1; m <= 12; ++m)
        for (int d = 1; d <= 31; ++d) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%s-%02d-%02d", base.c_str(), m, d);
            if (is_date(buf) && day_number(buf) == day) return buf;
        }
    return {};
}

/// Random activity: legal and illegal transitions mixed; the store refuses the illegal ones.
inline void random_activity(Store& s, const Network& net, std::uint64_t seed, int steps, std::int64_t day0 = 18000) {
    test::Rng rng(seed);
    std::vector<std::string> ids;
    std::int64_t day = day0;
    for (int i = 0; i < steps; ++i) {
        day += std::int64_t(rng.below(3));
        const std::string at = date_of(day);
        try {
            if (ids.empty() || rng.below(3) == 0) {
                const auto& o = net.organizations[rng.below(net.organizations.size())];
                const auto& n = net.nodes[rng.below(net.nodes.size())];
                ids.push_back(s.record(apply(o.id, n.id, at)));
            } else {
                const IncubationStage st = IncubationStage(1 + rng.below(incubation_stage_count - 1));
                s.record(move(ids[rng.below(ids.size())], st, at, is_final(st) && rng.below(2) ? "registered" : ""));
            }
        } catch (const io_error&) {
            throw;
        } catch (const input_error&) {
        }
    }
}
}  // namespace records_test
