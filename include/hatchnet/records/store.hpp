// hatchnet/records/store.hpp — time and operational records in SQLite: incubation records,
// the referral ledger, periods, evaluations, targets and dated facts of the network.
//
// A Store is one SQLite database file (docs/records.md; the schema, versioned, in
// docs/records-schema.md), opened from a path in WAL mode: one writer and many readers, from
// several threads and processes. Every change is one transaction (BEGIN IMMEDIATE … COMMIT):
// a reader in any connection sees a whole transition or none of it, and a process killed at
// any moment loses no committed record and leaves no torn one (SQLite's WAL; synchronous=NORMAL,
// so a power cut may lose the last commits but never tears one).
//
// Incubation records. An organization's stay at an incubator moves through
//
//     applied ──► admitted ──► incubating ──► graduated
//        │           │  │           │  └────► exited
//        │           │  └──► exited └───────► withdrawn
//        │           └─────► withdrawn
//        ├──► exited    (not admitted)
//        └──► withdrawn
//
// graduated, exited and withdrawn are final. Admitting takes one of the incubator's resident
// places, leaving (graduated / exited / withdrawn from admitted or incubating) gives it back;
// admission is refused when every place is taken at that date (capacity: the incubators
// table, or the latest dated `capacity` fact of the timeline), and when the organization is
// resident elsewhere. Dates are ISO 8601 calendar dates (YYYY-MM-DD). Events are recorded in
// date order per record, per incubator and per organization (an event dated before the last
// one there is refused), so that the resident count at the moment of recording is the count
// at every later date: no period is ever over capacity and nobody is in two places at once.
//
// Bad input throws hatchnet::input_error naming the record ("incubation inc-7") and the field;
// a batch is all or nothing. A file that is not a hatchnet store, is corrupt, locked by
// another writer past the busy timeout, or of a newer schema version throws io_error naming
// the file. Complexity: a transition O(log N) (indexed look-ups); counts O(E) for E events.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/network.hpp"
#include "hatchnet/records/timeline.hpp"

namespace hatchnet::referral {
struct Referral;
}

namespace hatchnet::records {

/// The schema version this library writes (PRAGMA user_version); older files are migrated
/// on opening, newer ones refused.
inline constexpr int schema_version = 4;

/// A stay's stage (named apart from hatchnet::Stage, an organization's founding / growing /
/// mature, so that both namespaces may be used at once).
enum class IncubationStage : std::uint8_t { applied, admitted, incubating, graduated, exited, withdrawn };
inline constexpr int incubation_stage_count = 6;
std::string_view to_string(IncubationStage s) noexcept;
std::optional<IncubationStage> parse_incubation_stage(std::string_view s) noexcept;
/// True when an incubation may move from `from` to `to` (the diagram above).
bool legal_transition(IncubationStage from, IncubationStage to) noexcept;
/// The stages that hold a resident place (admitted, incubating).
bool holds_place(IncubationStage s) noexcept;
bool is_final(IncubationStage s) noexcept;

/// True for a valid ISO 8601 calendar date YYYY-MM-DD (years 1000–9999).
bool is_date(std::string_view s) noexcept;
/// Days since 1970-01-01 of a valid date (is_date); the difference of two is a duration.
std::int64_t day_number(std::string_view date) noexcept;

struct Event {
    IncubationStage from = IncubationStage::applied;  ///< the stage before (equal to `stage` for the first event)
    IncubationStage stage = IncubationStage::applied;
    std::string at;               ///< YYYY-MM-DD
    std::string note;
};

struct Incubation {
    std::string id;
    std::string organization;
    std::string node;                  ///< the incubator
    std::string referral;              ///< the referral that brought it there, or empty
    std::vector<std::string> services; ///< services received (vocabulary ids, free text allowed)
    IncubationStage stage = IncubationStage::applied;
    std::string outcome;               ///< set with a final stage (e.g. registered, rated), or empty
    std::vector<Event> history;
};

/// One recorded change: `to == applied` opens a new incubation (organization, node, and
/// optionally id — "inc-N" when empty —, referral and services); any other stage moves the
/// incubation `id`. `outcome` only with a final stage; `services` on a move are added.
struct Transition {
    std::string id;
    IncubationStage to = IncubationStage::applied;
    std::string at;
    std::string note;
    std::string organization, node, referral;
    std::vector<std::string> services;
    std::string outcome;
};

struct Period {
    std::string id;     ///< e.g. "2020"
    std::string start;  ///< first day, YYYY-MM-DD
    std::string end;    ///< last day, YYYY-MM-DD (inclusive)
};

/// A goal as data (docs/records.md, "Targets and progress"). `kind`: district_coverage,
/// street_coverage, community_coverage (shares of the regions in `scope` with an open
/// incubator of that tier, 0..1) or graduations (graduations recorded in scope, a count).
/// `scope`: a region code prefix ("" everywhere, "11" Beijing, "110105" Chaoyang).
struct Target {
    std::string id;
    std::string kind;
    std::string scope;
    double value = 1.0;
    std::string due;   ///< YYYY-MM-DD
    std::string note;
};

/// One incubator's result in one evaluation cycle (the `evaluations` table; evaluation.hpp
/// computes them). `indicators` is a JSON object text: the data the scheme saw ("data") and
/// the points per scheme indicator ("points").
struct EvaluationRow {
    std::string period, incubator, scheme;
    std::optional<double> score;
    std::string grade;
    std::optional<double> rank;
    std::string indicators = "{}";
};

/// Counts of incubations by the stage they were in (at a date, or now).
struct StageCounts {
    using Row = std::array<std::int64_t, incubation_stage_count>;
    Row total{};
    std::map<std::string, Row> by_node;      ///< incubator id
    std::map<std::string, Row> by_tier;      ///< tier name
    std::map<std::string, Row> by_district;  ///< 6-digit district code ("" for city-level)
};

/// What happened within a period: transitions into each stage, the residents at its end,
/// and the durations (days from admission to graduation) of those who graduated in it.
struct PeriodSummary {
    Period period;
    StageCounts::Row entered{};       ///< events into each stage dated within the period
    StageCounts at_end;               ///< stage of every incubation as of the period's last day
    std::vector<std::int64_t> days_to_graduation;  ///< sorted ascending
};

struct StoreOptions {
    bool create = true;            ///< create the file when it does not exist
    bool read_only = false;        ///< open for reading only (no migration either)
    int busy_timeout_ms = 5000;    ///< how long to wait for another writer's lock
};

class Store {
public:
    /// Open (or create) the store at `path`; migrates an older schema in one transaction.
    explicit Store(const std::string& path, StoreOptions options = {});
    ~Store();
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::string& path() const noexcept;
    /// The schema version of the file (after migration: schema_version).
    int version() const;

    /// Write the network's incubators and organizations (insert or update, one transaction).
    /// Capacities come from Node::capacity. Nothing else of the network is stored.
    void set_network(const Network& net);
    /// The network name recorded by set_network, or empty.
    std::string network_name() const;

    void add_period(const Period& p);
    /// Yearly periods first..last ("2017" = 2017-01-01..2017-12-31), skipping existing ones.
    void add_years(int first, int last);
    std::vector<Period> periods() const;
    std::optional<Period> period(std::string_view id) const;

    /// Record one change (one transaction). Returns the incubation's id.
    std::string record(const Transition& t);
    /// Record many changes in one transaction: all or nothing. Returns the ids.
    std::vector<std::string> record(const std::vector<Transition>& batch);

    std::optional<Incubation> incubation(std::string_view id) const;
    std::vector<Incubation> incubations() const;
    std::size_t incubation_count() const;
    /// Resident places held at an incubator now.
    std::int64_t residents(std::string_view node) const;
    /// The incubation holding the organization's residence now, or empty.
    std::string residence(std::string_view organization) const;

    /// Stage counts now (date empty) or as of `date` (the last event on or before it).
    StageCounts counts(const std::string& date = {}) const;
    PeriodSummary summary(std::string_view period) const;

    // --- periods and the network over time ------------------------------------------
    /// Record a dated fact (timeline.hpp) about an incubator or organization in the store.
    /// Facts are recorded in date order per incubator like events; a capacity below the
    /// residents of that date, or closing an incubator that has residents, is refused.
    void add_fact(const Fact& f);
    /// Many facts in one transaction (in order): all or nothing.
    void add_facts(const std::vector<Fact>& facts);
    Timeline timeline() const;
    /// The network as it stood at the end of `period` (a period id, or a date YYYY-MM-DD):
    /// Timeline::at, with each incubator's `occupied` set to the residents recorded on that
    /// date (0 where none are: the records, not the base snapshot, say who is resident). A period id the store does not know, or a date outside the store's periods, is
    /// refused naming the period.
    Network network_at(const Network& base, std::string_view period) const;
    /// The date a period id (or a date) stands for: the period's last day.
    std::string period_end(std::string_view period) const;

    // --- targets ---------------------------------------------------------------------
    void add_target(const Target& t);
    /// Many targets in one transaction (in order): all or nothing.
    void add_targets(const std::vector<Target>& targets);
    std::vector<Target> targets() const;

    // --- evaluation cycles -------------------------------------------------------------
    /// Replace the rows of (period, scheme) with `rows` (one transaction); every row must
    /// name that period and scheme, a known period and a known incubator.
    void put_evaluations(const std::string& period, const std::string& scheme, const std::vector<EvaluationRow>& rows);
    /// The rows of a period and scheme (every scheme when `scheme` is empty), by incubator.
    std::vector<EvaluationRow> evaluations(const std::string& period, const std::string& scheme = {}) const;

    // --- the referral ledger's persistence (referral::Ledger::attach) ------------------
    /// Insert or update a referral and append the events of its history not yet stored.
    void put_referral(const referral::Referral& r);
    /// put_referral for many referrals in one transaction: all of them or none.
    void put_referrals(const std::vector<referral::Referral>& refs);
    std::vector<referral::Referral> referrals() const;
    /// One referral with its history (two index look-ups), or nothing for an unknown id.
    std::optional<referral::Referral> referral(std::string_view id) const;

    /// The whole store as canonical JSON (fixed key order, one record per line).
    std::string export_json() const;
    /// Load an export into an empty store, replaying every event through the same checks
    /// (one transaction). store → JSON → store → JSON gives the same bytes.
    void import_json(std::string_view text);

    /// Run `sql` (reads only: SELECT, WITH, VALUES, or a PRAGMA that only reads; BEGIN,
    /// SAVEPOINT, ATTACH, DETACH, VACUUM, setting PRAGMAs and every write are refused as
    /// input_error "sql") and return the rows as JSON arrays of values: for reports and tests
    /// that check the API against plain SQL.
    std::vector<std::vector<std::string>> query(const std::string& sql) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace hatchnet::records
