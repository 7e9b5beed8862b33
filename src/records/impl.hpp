// Private: the Store's state, shared by the files of src/records/.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "hatchnet/records/store.hpp"
#include "sqlite.hpp"

namespace hatchnet::records {

struct Store::Impl {
    sql::Db db;
    bool read_only;
    mutable std::recursive_mutex mu;  // one Store object may be shared between threads
    Impl(const std::string& path, int flags, int busy) : db(path, flags, busy) {}

    /// Apply one transition inside the caller's transaction (all checks first, then writes).
    std::string apply(const Transition& t);
    std::string open_incubation(const Transition& t);
    std::string move_incubation(const Transition& t);
    /// The resident places of `node` on `date`: the latest timeline capacity fact on or
    /// before it, else the incubators table.
    std::int64_t capacity_at(const std::string& node, std::int64_t base, const std::string& date);
    void add_fact(const Fact& f);
    /// Write one referral's row and its new events inside the caller's transaction.
    void put_referral(const referral::Referral& r);
    std::string next_id(const char* key, const char* prefix, const char* table);
    void need_writable() const;
    /// Refuse (naming `rec` and field 'at') a date outside the store's periods, when it has any:
    /// a typo such as 2202 for 2022 would otherwise freeze its incubator and organization.
    void check_in_periods(const std::string& rec, const std::string& at);

    /// What a batch of transitions (Store::record) reads once inside its write transaction
    /// instead of once per transition: the periods' range and whether the timeline has any
    /// opened / closed / capacity fact (a batch adds none).
    struct Batch {
        bool on = false;
        bool periods = false;
        std::string first, last;
        bool timeline = true;
    } batch;
    void begin_batch();

    // The rows transitions read and change (an incubator's residents and last date, an
    // organization's residence and last date, an incubation's stage), read once from the
    // database and kept here while a batch runs; flush() writes the changed ones (before the
    // commit), drop_rows() forgets them (a refused batch rolls back). Outside a batch, apply()
    // flushes after each transition. New incubations are inserted at once (their id and
    // referral are checked by SQL), their later state written by flush(). In a batch, a new
    // incubation is inserted by flush() with its final state (one write instead of an insert
    // and an update: Store::record defers the foreign keys to the commit); its id and referral
    // are checked against the table and against the batch's fresh rows.
    struct NodeRow {
        std::string last_at;
        std::int64_t residents = 0, capacity = 0;
        bool dirty = false;
    };
    struct OrgRow {
        std::string last_at, residence;
        bool dirty = false;
    };
    struct IncRow {
        std::string organization, node, last_at, services, outcome;
        IncubationStage stage = IncubationStage::applied;
        bool dirty = false;
        bool fresh = false;    ///< applied in this batch: flush() inserts it with its final state
        std::string referral;  ///< of a fresh row
    };
    std::unordered_map<std::string, NodeRow> node_rows;
    std::unordered_map<std::string, OrgRow> org_rows;
    std::unordered_map<std::string, IncRow> inc_rows;
    std::unordered_map<std::string, std::string> fresh_referrals;  ///< referral -> fresh incubation citing it
    std::vector<std::string> fresh_ids;  ///< the fresh rows in the order applied (= rowid order, the export's)
    NodeRow* node_row(const std::string& id);  ///< null for an unknown incubator
    OrgRow* org_row(const std::string& id);
    IncRow* inc_row(const std::string& id);
    void flush();
    void drop_rows() noexcept {
        node_rows.clear();
        org_rows.clear();
        inc_rows.clear();
        fresh_referrals.clear();
        fresh_ids.clear();
    }
};

/// The Store's lock for one public call; on leaving, every cached statement is reset so that
/// no read snapshot stays open between calls.
struct Lock {
    std::lock_guard<std::recursive_mutex> guard;
    sql::Db& db;
    explicit Lock(Store::Impl& i) : guard(i.mu), db(i.db) {}
    ~Lock() { db.reset_all(); }
};

[[noreturn]] inline void bad(const std::string& record, const std::string& field, const std::string& msg) {
    throw input_error(record, field, msg);
}

}  // namespace hatchnet::records
