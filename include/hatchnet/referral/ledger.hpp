// hatchnet/referral/ledger.hpp — the referral ledger: closing the loop on every referral.
//
// Each referral moves through these states (the only legal transitions):
//
//     requested ──► accepted ──► in_progress ──► completed
//        │  │          │  │           │  └─────► failed
//        │  │          │  └──► failed └────────► cancelled
//        │  │          └─────► cancelled
//        │  └──► rejected
//        └─────► cancelled
//
// rejected, completed, cancelled and failed are final. Accepting takes one unit of the
// incubator's capacity (refused when it has no spare capacity left, counting the network's
// `occupied` and what this ledger holds); completing, cancelling or failing an accepted or
// in-progress referral gives it back. Every transition is recorded with a caller-provided
// timestamp — an ISO 8601 date (YYYY-MM-DD) or date and time (YYYY-MM-DDThh:mm[:ss[.f]][Z|±hh:mm])
// — and a note; a referral's events are in time order (an event dated before an earlier one of
// the same referral is refused naming the referral and field "at"). Final states may carry an
// outcome code (e.g. got_help, couldnt_contact, not_eligible). Counts by status, by incubator
// and by district serve the public disclosure the guidance asks for (§6.4).
//
// JSON: save_json() is canonical (fixed key order, one referral per line), load_json()
// checks every field and replays every history so that save → load → save gives the same
// bytes and a tampered history is refused. Complexity: transitions O(1) expected; counts
// O(R); save / load O(R + H) for R referrals with H events.
// Not thread-safe: one writer at a time (the C ABI and Python hold one per handle / object).
//
// Persistence: a ledger attached to a records::Store (hatchnet/records/store.hpp) writes every
// open and transition to the store's `referrals` and `referral_events` tables in one
// transaction before it changes in memory (a failed write changes nothing); attach() writes the
// referrals it already holds in one transaction (a reader sees all of them or none); load()
// rebuilds a ledger from a store by replaying its histories. The JSON file remains an export.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "hatchnet/network.hpp"
#include "hatchnet/referral/router.hpp"

namespace hatchnet::records {
class Store;
}

namespace hatchnet::referral {

enum class Status : std::uint8_t { requested, accepted, rejected, in_progress, completed, cancelled, failed };
inline constexpr int status_count = 7;
std::string_view to_string(Status s) noexcept;
std::optional<Status> parse_status(std::string_view s) noexcept;
/// True when a referral may move from `from` to `to` (the diagram above).
bool legal_transition(Status from, Status to) noexcept;
/// True for the states that hold a unit of the incubator's capacity (accepted, in_progress).
bool holds_capacity(Status s) noexcept;
bool is_final(Status s) noexcept;

/// True for an ISO 8601 date "YYYY-MM-DD" or date and time "YYYY-MM-DDThh:mm[:ss[.fraction]]"
/// with an optional "Z" or "±hh:mm" offset (a space may stand for the "T"; years 1000–9999).
bool is_timestamp(std::string_view s) noexcept;
/// Order two valid timestamps in time: negative, zero or positive. Times with an offset are
/// compared in UTC, a time without one is taken as UTC; a date alone is the whole day, equal
/// to any time on it.
int compare_timestamps(std::string_view a, std::string_view b) noexcept;

struct Event {
    Status status = Status::requested;
    std::string at;      ///< ISO 8601 date or date and time (is_timestamp)
    std::string note;
};

struct Referral {
    std::string id;
    std::string organization;        ///< organization id, or empty
    std::string node;                ///< the incubator referred to
    std::string first_contact;       ///< the referring node, or empty
    std::vector<std::string> needs;
    Urgency urgency = Urgency::routine;
    Status status = Status::requested;
    std::string outcome;             ///< set by a final transition, or empty
    std::vector<Event> history;      ///< first event: requested
};

struct LedgerCounts {
    using Row = std::array<std::size_t, status_count>;
    Row by_status{};
    std::map<std::string, Row> by_node;      ///< node id → counts by status
    std::map<std::string, Row> by_district;  ///< 6-digit district code ("" for city-level nodes)
};

/// One referral as compact JSON text: id, organization, node, first_contact, needs, urgency,
/// status, outcome, history (the record format of Ledger::save_json).
std::string referral_to_json(const Referral& r);

class Ledger {
public:
    explicit Ledger(std::shared_ptr<const Network> net);

    /// Record a new referral in state `requested` at time `at`. An empty r.id gets the next
    /// free "ref-N". Throws input_error for a duplicate id, an unknown node, organization or
    /// first contact, or a timestamp that is not ISO 8601. r.status / r.history are ignored.
    const Referral& open(Referral r, const std::string& at, const std::string& note = {});
    /// Open many referrals at time `at` (notes[i] for the i-th, when given): all of them or
    /// none, and, attached to a store, in one transaction. Ids generated as open() does,
    /// distinct within the batch; the error names the referral and its place in the batch.
    std::vector<std::string> open_many(std::vector<Referral> rs, const std::string& at,
                                       const std::vector<std::string>& notes = {});
    /// Open a referral for a routing result: to its chosen node (or waitlist node).
    const Referral& open(const Result& result, const Request& request, const Graph& graph,
                         const std::string& at);

    /// Move referral `id` to `to` at time `at`. Throws input_error for an unknown id, an
    /// illegal transition (naming both states), a timestamp that is not ISO 8601 or is before
    /// an earlier event of the referral, or (accepting) a node without spare capacity.
    /// `outcome` is only allowed on a final state.
    const Referral& transition(std::string_view id, Status to, const std::string& at,
                               const std::string& note = {}, const std::string& outcome = {});

    const Referral* find(std::string_view id) const;
    const std::vector<Referral>& referrals() const noexcept { return refs_; }
    std::size_t size() const noexcept { return refs_.size(); }
    /// Units of capacity the ledger holds at a node (accepted + in progress).
    std::int64_t held(std::string_view node) const;
    /// The node's spare capacity after what the ledger holds.
    std::int64_t spare(std::string_view node) const;
    LedgerCounts counts() const;

    std::string save_json() const;
    static Ledger load_json(std::shared_ptr<const Network> net, std::string_view text);
    /// counts() as JSON text: {"by_status": {...}, "by_node": {...}, "by_district": {...}}.
    std::string counts_json() const;

    const Network& network() const noexcept { return *net_; }

    /// Keep this ledger in `store` from now on: writes the referrals it already holds (one
    /// transaction), then every open and transition as it happens. A store that already holds
    /// referrals is refused (continue them with load()).
    void attach(std::shared_ptr<records::Store> store);
    /// The store this ledger writes to, or null.
    const std::shared_ptr<records::Store>& store() const noexcept { return store_; }
    /// A ledger rebuilt from the store's referrals (every history replayed through the same
    /// checks), attached to it.
    static Ledger load(std::shared_ptr<const Network> net, std::shared_ptr<records::Store> store);

private:
    Referral prepared(Referral r, const std::string& at, const std::string& note,
                      const std::unordered_set<std::string>& pending);
    std::shared_ptr<const Network> net_;
    std::shared_ptr<records::Store> store_;
    std::unordered_map<std::string_view, std::uint32_t> node_index_, org_index_;
    std::vector<Referral> refs_;
    std::unordered_map<std::string, std::size_t> by_id_;
    std::vector<std::int64_t> held_;
    std::uint64_t next_ = 1;
    std::uint32_t node_of(const std::string& id, const std::string& record, const char* field) const;
};

}  // namespace hatchnet::referral
