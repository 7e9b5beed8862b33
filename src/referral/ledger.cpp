// The referral ledger. See hatchnet/referral/ledger.hpp.
#include <algorithm>
#include <unordered_set>
#include <nlohmann/json.hpp>

#include "hatchnet/limits.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/referral/json.hpp"
#include "hatchnet/referral/ledger.hpp"
#include "hatchnet/records/store.hpp"

namespace hatchnet::referral {

using ojson = nlohmann::ordered_json;

namespace {
constexpr std::array<std::string_view, status_count> status_names{
    "requested", "accepted", "rejected", "in_progress", "completed", "cancelled", "failed"};

[[noreturn]] void bad(const std::string& record, const std::string& field, const std::string& msg) {
    throw input_error(record, field, msg);
}
std::string str(const ojson& j, const std::string& record, const std::string& field) {
    if (!j.is_string()) bad(record, field, "expected a string, got " + std::string(j.type_name()));
    return j.get<std::string>();
}
const ojson& need_field(const ojson& j, const char* key, const std::string& record) {
    auto it = j.find(key);
    if (it == j.end()) bad(record, key, "missing");
    return *it;
}
}  // namespace

std::string_view to_string(Status s) noexcept {
    return std::size_t(s) < status_names.size() ? status_names[std::size_t(s)] : "?";
}
std::optional<Status> parse_status(std::string_view s) noexcept {
    for (std::size_t i = 0; i < status_names.size(); ++i)
        if (status_names[i] == s) return Status(i);
    return std::nullopt;
}
bool legal_transition(Status from, Status to) noexcept {
    using S = Status;
    switch (from) {
        case S::requested: return to == S::accepted || to == S::rejected || to == S::cancelled;
        case S::accepted: return to == S::in_progress || to == S::cancelled || to == S::failed;
        case S::in_progress: return to == S::completed || to == S::cancelled || to == S::failed;
        default: return false;
    }
}
bool holds_capacity(Status s) noexcept { return s == Status::accepted || s == Status::in_progress; }
bool is_final(Status s) noexcept {
    return s == Status::rejected || s == Status::completed || s == Status::cancelled || s == Status::failed;
}

namespace {
// A parsed timestamp: the day, and (when a time is given) seconds and nanoseconds since that
// day's midnight UTC (an offset moves the seconds; they may leave 0..86399).
struct Instant {
    std::int64_t day = 0;
    bool has_time = false;
    std::int64_t seconds = 0, nanos = 0;
};
bool digits(std::string_view s, std::size_t at, std::size_t n, int& v) {
    if (at + n > s.size()) return false;
    v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    return true;
}
std::optional<Instant> parse_instant(std::string_view s) noexcept {
    if (s.size() < 10 || !records::is_date(s.substr(0, 10))) return std::nullopt;
    Instant t;
    t.day = records::day_number(s.substr(0, 10));
    if (s.size() == 10) return t;
    if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (!digits(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mm) || hh > 23 || mm > 59)
        return std::nullopt;
    std::size_t i = 16;
    if (i < s.size() && s[i] == ':') {
        if (!digits(s, i + 1, 2, ss) || ss > 59) return std::nullopt;
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            std::size_t k = ++i;
            std::int64_t scale = 100000000;
            for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10)
                if (scale > 0) t.nanos += (s[i] - '0') * scale;
            if (i == k || i - k > 9) return std::nullopt;
        }
    }
    t.has_time = true;
    t.seconds = hh * 3600 + mm * 60 + ss;
    if (i == s.size()) return t;
    if (s[i] == 'Z') return i + 1 == s.size() ? std::optional<Instant>(t) : std::nullopt;
    if (s[i] != '+' && s[i] != '-') return std::nullopt;
    int oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh) || oh > 23) return std::nullopt;
    std::size_t end = i + 3;
    if (end < s.size()) {
        if (s[end] == ':') ++end;
        if (!digits(s, end, 2, om) || om > 59) return std::nullopt;
        end += 2;
    }
    if (end != s.size()) return std::nullopt;
    t.seconds -= (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    return t;
}
}  // namespace

bool is_timestamp(std::string_view s) noexcept { return parse_instant(s).has_value(); }

int compare_timestamps(std::string_view a, std::string_view b) noexcept {
    const auto x = parse_instant(a), y = parse_instant(b);
    if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
    if (!x->has_time || !y->has_time) return x->day < y->day ? -1 : x->day > y->day ? 1 : 0;
    const std::int64_t sx = x->day * 86400 + x->seconds, sy = y->day * 86400 + y->seconds;
    if (sx != sy) return sx < sy ? -1 : 1;
    return x->nanos < y->nanos ? -1 : x->nanos > y->nanos ? 1 : 0;
}

namespace {
void check_at(const std::string& rec, const std::string& at) {
    if (at.empty()) bad(rec, "at", "a timestamp is required");
    if (!is_timestamp(at))
        bad(rec, "at", "expected an ISO 8601 date or date and time (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|+hh:mm]), got '" +
                           printable_utf8(at) + "'");
}
}  // namespace

Ledger::Ledger(std::shared_ptr<const Network> net) : net_(std::move(net)) {
    if (!net_) throw input_error("ledger", "network", "a ledger needs a network");
    for (std::size_t i = 0; i < net_->nodes.size(); ++i) node_index_.emplace(net_->nodes[i].id, std::uint32_t(i));
    for (std::size_t i = 0; i < net_->organizations.size(); ++i)
        org_index_.emplace(net_->organizations[i].id, std::uint32_t(i));
    held_.assign(net_->nodes.size(), 0);
}

std::uint32_t Ledger::node_of(const std::string& id, const std::string& record, const char* field) const {
    auto it = node_index_.find(id);
    if (it == node_index_.end()) bad(record, field, "unknown node '" + id + "'");
    return it->second;
}

// The checks of open(): `r` as it will be stored (id given or generated, state requested).
// `pending` holds the ids of a batch being opened (open_many), not yet in the ledger.
Referral Ledger::prepared(Referral r, const std::string& at, const std::string& note,
                          const std::unordered_set<std::string>& pending) {
    if (r.id.empty()) {
        do r.id = "ref-" + std::to_string(next_++);
        while (by_id_.count(r.id) || pending.count(r.id));
    }
    check_utf8(r.id, "referral", "id");
    const std::string rec = "referral " + r.id;
    if (by_id_.count(r.id) || pending.count(r.id)) bad(rec, "id", "duplicate referral id '" + r.id + "'");
    // what is accepted must be savable as JSON
    check_utf8(at, rec, "at");
    check_at(rec, at);
    check_utf8(note, rec, "note");
    for (const auto& n : r.needs) check_utf8(n, rec, "needs");
    node_of(r.node, rec, "node");
    if (!r.first_contact.empty()) node_of(r.first_contact, rec, "first_contact");
    if (!r.organization.empty() && !org_index_.count(r.organization))
        bad(rec, "organization", "unknown organization '" + r.organization + "'");
    r.status = Status::requested;
    r.outcome.clear();
    r.history.assign(1, Event{Status::requested, at, note});
    return r;
}

const Referral& Ledger::open(Referral r, const std::string& at, const std::string& note) {
    r = prepared(std::move(r), at, note, {});
    if (store_) store_->put_referral(r);  // first: a failed write leaves the ledger as it was
    by_id_.emplace(r.id, refs_.size());
    refs_.push_back(std::move(r));
    return refs_.back();
}

std::vector<std::string> Ledger::open_many(std::vector<Referral> rs, const std::string& at,
                                           const std::vector<std::string>& notes) {
    const auto next = next_;
    std::unordered_set<std::string> pending;
    try {
        for (std::size_t i = 0; i < rs.size(); ++i) {
            try {
                rs[i] = prepared(std::move(rs[i]), at, i < notes.size() ? notes[i] : std::string(), pending);
            } catch (const input_error& e) {
                if (rs.size() == 1) throw;
                throw input_error(e.record(), e.field(),
                                  e.message() + " (referral " + std::to_string(i) + " of the batch; nothing recorded)");
            }
            pending.insert(rs[i].id);
        }
        if (store_) store_->put_referrals(rs);  // one transaction, before the ledger changes
    } catch (...) {
        next_ = next;  // a refused batch takes no generated id either
        throw;
    }
    std::vector<std::string> ids;
    ids.reserve(rs.size());
    for (auto& r : rs) {
        ids.push_back(r.id);
        by_id_.emplace(r.id, refs_.size());
        refs_.push_back(std::move(r));
    }
    return ids;
}

const Referral& Ledger::open(const Result& result, const Request& request, const Graph& graph,
                             const std::string& at) {
    Graph::vertex v = result.chosen != Graph::null_vertex ? result.chosen
                      : result.waitlist                   ? result.waitlist->node
                                                          : Graph::null_vertex;
    if (v == Graph::null_vertex) bad("referral", "node", "the routing result has no node to refer to");
    Referral r;
    r.id = request.id;
    r.organization = request.organization;
    r.node = graph.node(v).id;
    r.first_contact = graph.node(result.first_contact).id;
    r.needs = request.needs;
    r.urgency = request.urgency;
    return open(std::move(r), at, result.status == RouteStatus::waitlisted ? "waitlisted" : "");
}

const Referral& Ledger::transition(std::string_view id, Status to, const std::string& at,
                                   const std::string& note, const std::string& outcome) {
    auto it = by_id_.find(std::string(id));
    if (it == by_id_.end()) bad("referral " + std::string(id), "id", "unknown referral id");
    Referral& r = refs_[it->second];
    const std::string rec = "referral " + r.id;
    if (!legal_transition(r.status, to))
        bad(rec, "status",
            "illegal transition " + std::string(to_string(r.status)) + " -> " + std::string(to_string(to)));
    check_utf8(at, rec, "at");
    check_at(rec, at);
    // in time order: a date alone equals every time on its day, so every earlier event is checked
    for (const auto& e : r.history)
        if (compare_timestamps(at, e.at) < 0)
            bad(rec, "at", "dated " + at + ", before its " + std::string(to_string(e.status)) + " event (" + e.at +
                               "): a referral's events are recorded in time order");
    check_utf8(note, rec, "note");
    check_utf8(outcome, rec, "outcome");
    if (!outcome.empty() && !is_final(to)) bad(rec, "outcome", "an outcome is only recorded with a final state");
    auto v = node_of(r.node, rec, "node");
    if (to == Status::accepted && spare(r.node) <= 0)
        bad(rec, "node", "incubator '" + r.node + "' has no spare capacity to accept the referral");
    if (store_) {  // first: a failed write leaves the ledger as it was
        Referral next = r;
        next.status = to;
        if (is_final(to)) next.outcome = outcome;
        next.history.push_back(Event{to, at, note});
        store_->put_referral(next);
    }
    if (to == Status::accepted) {
        ++held_[v];
    } else if (holds_capacity(r.status) && !holds_capacity(to)) {
        --held_[v];
    }
    r.status = to;
    if (is_final(to)) r.outcome = outcome;
    r.history.push_back(Event{to, at, note});
    return r;
}

const Referral* Ledger::find(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? nullptr : &refs_[it->second];
}

std::int64_t Ledger::held(std::string_view node) const {
    auto it = node_index_.find(node);
    return it == node_index_.end() ? 0 : held_[it->second];
}

std::int64_t Ledger::spare(std::string_view node) const {
    auto it = node_index_.find(node);
    if (it == node_index_.end()) return 0;
    return net_->nodes[it->second].spare() - held_[it->second];
}

LedgerCounts Ledger::counts() const {
    LedgerCounts c;
    for (const auto& r : refs_) {
        auto s = std::size_t(r.status);
        ++c.by_status[s];
        ++c.by_node[r.node][s];
        const Node& n = net_->nodes[node_index_.at(r.node)];
        ++c.by_district[Network::district_of(n.region)][s];
    }
    return c;
}

namespace {
ojson row_json(const LedgerCounts::Row& r) {
    ojson o = ojson::object();
    for (int s = 0; s < status_count; ++s) o[std::string(status_names[s])] = r[s];
    return o;
}
ojson referral_json(const Referral& r) {
    ojson o = ojson::object();
    o["id"] = r.id;
    o["organization"] = r.organization;
    o["node"] = r.node;
    o["first_contact"] = r.first_contact;
    o["needs"] = r.needs;
    o["urgency"] = std::string(to_string(r.urgency));
    o["status"] = std::string(to_string(r.status));
    o["outcome"] = r.outcome;
    ojson h = ojson::array();
    for (const auto& e : r.history)
        h.push_back(ojson{{"status", std::string(to_string(e.status))}, {"at", e.at}, {"note", e.note}});
    o["history"] = h;
    return o;
}
}  // namespace

std::string referral_to_json(const Referral& r) { return referral_json(r).dump(); }

std::string Ledger::counts_json() const {
    auto c = counts();
    ojson j = ojson::object();
    j["total"] = refs_.size();
    j["by_status"] = row_json(c.by_status);
    ojson n = ojson::object(), d = ojson::object();
    for (const auto& [k, v] : c.by_node) n[k] = row_json(v);
    for (const auto& [k, v] : c.by_district) d[k] = row_json(v);
    j["by_node"] = n;
    j["by_district"] = d;
    return j.dump();
}

std::string Ledger::save_json() const {
    std::string s = "{\"format\":\"hatchnet-referral-ledger\",\"version\":1,\"network\":" +
                    ojson(net_->name).dump() + ",\"next_id\":" + std::to_string(next_) + ",\n\"referrals\":[";
    for (std::size_t i = 0; i < refs_.size(); ++i) {
        s += i ? ",\n" : "\n";
        s += referral_json(refs_[i]).dump();
    }
    s += refs_.empty() ? "]}\n" : "\n]}\n";
    return s;
}

void Ledger::attach(std::shared_ptr<records::Store> store) {
    if (!store) throw input_error("ledger", "store", "attach needs a store");
    if (store->query("SELECT count(*) FROM referrals").at(0).at(0) != "0")
        throw input_error("ledger", "store", "the store already holds referrals: use Ledger::load to continue them");
    store->put_referrals(refs_);  // one transaction: all of them or none
    store_ = std::move(store);
}

Ledger Ledger::load(std::shared_ptr<const Network> net, std::shared_ptr<records::Store> store) {
    if (!store) throw input_error("ledger", "store", "load needs a store");
    Ledger L(std::move(net));
    for (const auto& r : store->referrals()) {
        const std::string rec = "referral " + r.id;
        if (r.history.empty() || r.history[0].status != Status::requested)
            bad(rec, "history", "a history starts with requested");
        L.open(r, r.history[0].at, r.history[0].note);
        try {
            for (std::size_t k = 1; k < r.history.size(); ++k)
                L.transition(r.id, r.history[k].status, r.history[k].at, r.history[k].note,
                             k + 1 == r.history.size() && is_final(r.history[k].status) ? r.outcome : std::string());
        } catch (const input_error& e) {
            bad(rec, "history", e.message());
        }
        if (L.find(r.id)->status != r.status) bad(rec, "status", "does not match the last history event");
        // generated ids continue after the highest "ref-N" in the store
        if (r.id.size() > 4 && r.id.compare(0, 4, "ref-") == 0 &&
            r.id.find_first_not_of("0123456789", 4) == std::string::npos && r.id.size() < 19)
            L.next_ = std::max<std::uint64_t>(L.next_, std::stoull(r.id.substr(4)) + 1);
    }
    L.store_ = std::move(store);
    return L;
}

Ledger Ledger::load_json(std::shared_ptr<const Network> net, std::string_view text) {
    Ledger L(std::move(net));
    ojson j = parse_json(text, "ledger");
    if (!j.is_object()) bad("ledger", "", "expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const auto& k = it.key();
        if (k != "format" && k != "version" && k != "network" && k != "next_id" && k != "referrals")
            bad("ledger", k, "unknown field");
    }
    if (str(need_field(j, "format", "ledger"), "ledger", "format") != "hatchnet-referral-ledger")
        bad("ledger", "format", "expected \"hatchnet-referral-ledger\"");
    const auto& ver = need_field(j, "version", "ledger");
    if (!ver.is_number_integer() || ver.get<std::int64_t>() != 1) bad("ledger", "version", "unsupported version");
    if (j.contains("network")) str(j["network"], "ledger", "network");
    const auto& nx = need_field(j, "next_id", "ledger");
    if (!nx.is_number_unsigned() || nx.get<std::uint64_t>() < 1) bad("ledger", "next_id", "expected a positive integer");
    const auto& refs = need_field(j, "referrals", "ledger");
    if (!refs.is_array()) bad("ledger", "referrals", "expected an array");
    for (std::size_t i = 0; i < refs.size(); ++i) {
        const std::string rec = "referrals[" + std::to_string(i) + "]";
        const ojson& o = refs[i];
        if (!o.is_object()) bad(rec, "", "expected an object");
        for (auto it = o.begin(); it != o.end(); ++it) {
            static const std::array<std::string_view, 9> keys{"id",      "organization", "node",
                                                              "first_contact", "needs", "urgency",
                                                              "status",  "outcome",      "history"};
            if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) bad(rec, it.key(), "unknown field");
        }
        Referral r;
        r.id = str(need_field(o, "id", rec), rec, "id");
        if (r.id.empty()) bad(rec, "id", "must not be empty");
        r.organization = str(need_field(o, "organization", rec), rec, "organization");
        r.node = str(need_field(o, "node", rec), rec, "node");
        r.first_contact = str(need_field(o, "first_contact", rec), rec, "first_contact");
        const auto& needs = need_field(o, "needs", rec);
        if (!needs.is_array()) bad(rec, "needs", "expected an array");
        for (std::size_t k = 0; k < needs.size(); ++k)
            r.needs.push_back(str(needs[k], rec, "needs[" + std::to_string(k) + "]"));
        auto u = parse_urgency(str(need_field(o, "urgency", rec), rec, "urgency"));
        if (!u) bad(rec, "urgency", "expected routine or urgent");
        r.urgency = *u;
        auto st = parse_status(str(need_field(o, "status", rec), rec, "status"));
        if (!st) bad(rec, "status", "unknown status");
        auto outcome = str(need_field(o, "outcome", rec), rec, "outcome");
        const auto& h = need_field(o, "history", rec);
        if (!h.is_array() || h.empty()) bad(rec, "history", "expected a non-empty array");
        std::vector<Event> ev;
        for (std::size_t k = 0; k < h.size(); ++k) {
            const std::string f = "history[" + std::to_string(k) + "]";
            if (!h[k].is_object() || h[k].size() != 3) bad(rec, f, "expected {\"status\", \"at\", \"note\"}");
            Event e;
            auto s = parse_status(str(need_field(h[k], "status", rec), rec, f + ".status"));
            if (!s) bad(rec, f + ".status", "unknown status");
            e.status = *s;
            e.at = str(need_field(h[k], "at", rec), rec, f + ".at");
            e.note = str(need_field(h[k], "note", rec), rec, f + ".note");
            ev.push_back(std::move(e));
        }
        if (ev[0].status != Status::requested) bad(rec, "history[0].status", "a history starts with requested");
        // replay: the same checks as live transitions
        const std::string id = r.id;
        L.open(r, ev[0].at, ev[0].note);
        try {
            for (std::size_t k = 1; k < ev.size(); ++k)
                L.transition(id, ev[k].status, ev[k].at, ev[k].note,
                             k + 1 == ev.size() && is_final(ev[k].status) ? outcome : std::string());
        } catch (const input_error& e) {
            bad(rec, "history", e.message());
        }
        const Referral& got = *L.find(id);
        if (got.status != *st) bad(rec, "status", "does not match the last history event");
        if (got.outcome != outcome) bad(rec, "outcome", "an outcome needs a final state");
    }
    L.next_ = nx.get<std::uint64_t>();
    return L;
}

}  // namespace hatchnet::referral
