// The records store as JSON (export / import, lossless) and the referral ledger's rows.
// See hatchnet/records/store.hpp and docs/records.md.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <cmath>

#include "hatchnet/io/json_text.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/referral/ledger.hpp"
#include "impl.hpp"

namespace hatchnet::records {

using ojson = nlohmann::ordered_json;

// ------------------------------------------------------------------ referrals
void Store::Impl::put_referral(const referral::Referral& r) {
    // Optimistic concurrency: two ledgers (two processes) may keep one store. What is stored
    // must be a strict prefix of this referral's history (this ledger saw it and adds to it);
    // anything else means another writer changed or took the id meanwhile.
    const std::string rec = "referral " + printable_utf8(r.id);
    auto& o = db.stmt("SELECT organization, node FROM referrals WHERE id = ?1");
    if (o.bind(1, r.id).step() && (o.text(0) != r.organization || o.text(1) != r.node))
        bad(rec, "id", "the store holds another referral with this id (" + o.text(0) + " to " + o.text(1) +
                           "), written by another ledger: reload it (Ledger::load)");
    auto& h = db.stmt("SELECT at, status FROM referral_events WHERE referral = ?1 ORDER BY seq");
    h.bind(1, r.id);
    std::size_t stored = 0;
    while (h.step()) {
        if (stored >= r.history.size() - (r.history.empty() ? 0 : 1) || h.text(0) != r.history[stored].at ||
            h.text(1) != to_string(r.history[stored].status))
            bad(rec, "status", "changed in the store by another ledger since this one read it: reload it (Ledger::load)");
        ++stored;
    }
    h.reset();
    db.stmt("INSERT INTO referrals(id, organization, node, first_contact, needs, urgency, status, outcome) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET status = ?7, outcome = ?8")
        .bind(1, r.id).bind(2, r.organization).bind(3, r.node).bind(4, r.first_contact)
        .bind(5, nlohmann::json(r.needs).dump()).bind(6, to_string(r.urgency)).bind(7, to_string(r.status))
        .bind(8, r.outcome).run();
    auto& c = db.stmt("SELECT count(*) FROM referral_events WHERE referral = ?1");
    c.bind(1, r.id).step();
    auto& ins = db.stmt("INSERT INTO referral_events(referral, at, from_status, status, note) VALUES(?1, ?2, ?3, ?4, ?5)");
    for (std::size_t k = std::size_t(c.i64(0)); k < r.history.size(); ++k) {
        ins.reset().bind(1, r.id).bind(2, r.history[k].at);
        k ? ins.bind(3, to_string(r.history[k - 1].status)) : ins.bind_null(3);
        ins.bind(4, to_string(r.history[k].status)).bind(5, r.history[k].note).run();
    }
}

void Store::put_referral(const referral::Referral& r) {
    Lock lk(*impl_);
    impl_->need_writable();
    sql::Tx tx(impl_->db);
    impl_->put_referral(r);
    tx.commit();
}

void Store::put_referrals(const std::vector<referral::Referral>& refs) {
    Lock lk(*impl_);
    impl_->need_writable();
    sql::Tx tx(impl_->db);
    for (const auto& r : refs) impl_->put_referral(r);
    tx.commit();
}

namespace {
constexpr const char* referral_columns =
    "SELECT id, organization, node, first_contact, needs, urgency, status, outcome FROM referrals";

// The referral on the current row of `s` (referral_columns), with its history.
referral::Referral read_referral(sql::Db& db, const sql::Stmt& s) {
    referral::Referral r;
    r.id = s.text(0);
    r.organization = s.text(1);
    r.node = s.text(2);
    r.first_contact = s.text(3);
    auto needs = nlohmann::json::parse(s.text(4), nullptr, false);
    if (needs.is_array())
        for (const auto& n : needs)
            if (n.is_string()) r.needs.push_back(n.get<std::string>());
    r.urgency = referral::parse_urgency(s.text(5)).value_or(referral::Urgency::routine);
    r.status = referral::parse_status(s.text(6)).value_or(referral::Status::requested);
    r.outcome = s.text(7);
    auto& e = db.stmt("SELECT status, at, note FROM referral_events WHERE referral = ?1 ORDER BY seq");
    e.bind(1, r.id);
    while (e.step())
        r.history.push_back(referral::Event{referral::parse_status(e.text(0)).value_or(referral::Status::requested),
                                            e.text(1), e.text(2)});
    e.reset();
    return r;
}
}  // namespace

std::vector<referral::Referral> Store::referrals() const {
    Lock lk(*impl_);
    auto& db = impl_->db;
    sql::ReadTx snapshot(db);
    std::vector<referral::Referral> v;
    sql::Stmt s(db.get(), std::string(referral_columns) + " ORDER BY rowid", &db.path());
    while (s.step()) v.push_back(read_referral(db, s));
    return v;
}

std::optional<referral::Referral> Store::referral(std::string_view id) const {
    Lock lk(*impl_);
    auto& db = impl_->db;
    sql::ReadTx snapshot(db);  // the row and its history from one committed state
    auto& s = db.stmt(std::string(referral_columns) + " WHERE id = ?1");
    if (!s.bind(1, id).step()) return std::nullopt;
    return read_referral(db, s);
}

// ------------------------------------------------------------------ export
namespace {
/// Each table: its JSON section, the columns exported (in order) and the ORDER BY that makes
/// the export canonical. Values keep their SQL type (text, integer, real, NULL).
struct Section {
    const char* name;
    const char* table;
    std::vector<const char*> columns;
    const char* order;
};
const std::vector<Section>& sections() {
    static const std::vector<Section> s{
        {"periods", "periods", {"id", "start", "end"}, "start, id"},
        {"incubators", "incubators", {"id", "name", "tier", "region", "district", "capacity"}, "rowid"},
        {"organizations", "organizations", {"id", "name", "region", "district"}, "rowid"},
        {"timeline", "timeline", {"at", "kind", "subject", "value", "note"}, "seq"},
        {"referrals", "referrals", {"id", "organization", "node", "first_contact", "needs", "urgency", "status", "outcome"}, "rowid"},
        {"referral_events", "referral_events", {"referral", "at", "from_status", "status", "note"}, "seq"},
        {"incubations", "incubations", {"id", "organization", "node", "referral", "services", "stage", "outcome"}, "rowid"},
        {"incubation_events", "incubation_events", {"incubation", "at", "from_stage", "stage", "note"}, "seq"},
        {"evaluations", "evaluations", {"period", "incubator", "scheme", "score", "grade", "rank", "indicators"}, "period, scheme, incubator"},
        {"targets", "targets", {"id", "kind", "scope", "value", "due", "note"}, "rowid"},
    };
    return s;
}
std::string select_of(const Section& s) {
    std::string q = "SELECT ";
    for (std::size_t i = 0; i < s.columns.size(); ++i) q += (i ? ", \"" : "\"") + std::string(s.columns[i]) + "\"";
    return q + " FROM " + s.table + " ORDER BY " + s.order;
}
ojson value_of(sqlite3_stmt* st, int c) {
    switch (sqlite3_column_type(st, c)) {
        case SQLITE_INTEGER: return sqlite3_column_int64(st, c);
        case SQLITE_FLOAT: return sqlite3_column_double(st, c);
        case SQLITE_NULL: return nullptr;
        default: {
            auto p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
            return std::string(p ? p : "", std::size_t(sqlite3_column_bytes(st, c)));
        }
    }
}
}  // namespace

std::string Store::export_json() const {
    Lock lk(*impl_);
    auto& db = impl_->db;
    sql::ReadTx snapshot(db);
    auto meta = [&](const char* k) {
        auto& s = db.stmt("SELECT value FROM meta WHERE key = ?1");
        return s.bind(1, k).step() ? s.text(0) : std::string();
    };
    std::string out = "{\"format\":\"hatchnet-records\",\"version\":" + std::to_string(schema_version) +
                      ",\"network\":" + ojson(meta("network")).dump() + ",\"next_incubation\":" +
                      ojson(meta("next_incubation")).dump();
    for (const auto& sec : sections()) {
        out += ",\n\"" + std::string(sec.name) + "\":[";
        sqlite3_stmt* st = nullptr;
        const std::string q = select_of(sec);
        int rc = sqlite3_prepare_v2(db.get(), q.c_str(), -1, &st, nullptr);
        if (rc != SQLITE_OK) sql::fail(db.get(), rc, db.path(), "exporting " + std::string(sec.name));
        bool first = true;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            ojson row = ojson::array();
            for (int c = 0; c < int(sec.columns.size()); ++c) row.push_back(value_of(st, c));
            out += first ? "\n" : ",\n";
            out += row.dump();
            first = false;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) sql::fail(db.get(), rc, db.path(), "exporting " + std::string(sec.name));
        out += first ? "]" : "\n]";
    }
    return out + "}\n";
}

// ------------------------------------------------------------------ import
namespace {
const ojson& member(const ojson& j, const char* key, const std::string& rec) {
    auto it = j.find(key);
    if (it == j.end()) bad(rec, key, "missing");
    return *it;
}
std::string text_of(const ojson& v, const std::string& rec, const std::string& field) {
    if (!v.is_string()) bad(rec, field, std::string("expected a string, got ") + v.type_name());
    return v.get<std::string>();
}
/// The rows of a section, each an array of the section's column count.
const ojson& rows_of(const ojson& j, const Section& s) {
    const ojson& rows = member(j, s.name, "records");
    if (!rows.is_array()) bad("records", s.name, "expected an array");
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (!rows[i].is_array() || rows[i].size() != s.columns.size())
            bad(std::string(s.name) + "[" + std::to_string(i) + "]", "",
                "expected an array of " + std::to_string(s.columns.size()) + " values");
    return rows;
}
void bind_value(sql::Stmt& st, int i, const ojson& v, const std::string& rec, const char* field) {
    if (v.is_null()) st.bind_null(i);
    else if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
        throw input_error(rec, field, "integer out of range (larger than 2^63 - 1)");
    else if (v.is_number_integer()) st.bind(i, v.get<std::int64_t>());
    else if (v.is_number()) st.bind(i, v.get<double>());
    else if (v.is_string()) st.bind(i, v.get<std::string>());
    else bad(rec, field, std::string("expected a string, number or null, got ") + v.type_name());
}
/// Insert a section's rows as they are (tables without transitions to replay).
void insert_rows(sql::Db& db, const ojson& j, const Section& s) {
    const ojson& rows = rows_of(j, s);
    std::string q = std::string("INSERT INTO ") + s.table + "(";
    for (std::size_t i = 0; i < s.columns.size(); ++i) q += (i ? ", \"" : "\"") + std::string(s.columns[i]) + "\"";
    q += ") VALUES(";
    for (std::size_t i = 0; i < s.columns.size(); ++i) q += (i ? ", ?" : "?") + std::to_string(i + 1);
    q += ")";
    auto& st = db.stmt(q);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string rec = std::string(s.name) + "[" + std::to_string(r) + "]";
        st.reset();
        for (std::size_t c = 0; c < s.columns.size(); ++c) bind_value(st, int(c + 1), rows[r][c], rec, s.columns[c]);
        try {
            st.run();
        } catch (const io_error&) {
            throw;
        } catch (const input_error& e) {
            bad(rec, "", e.message());
        }
    }
}
}  // namespace

namespace {
/// Referral histories: every event legal from the one before, the last one the row's status.
void check_referral_events(const ojson& j, const Section& refs, const Section& evs) {
    std::map<std::string, std::string> status, final_status;
    std::map<std::string, std::vector<std::string>> times;
    for (const auto& r : rows_of(j, refs)) final_status[text_of(r[0], "referrals", "id")] = text_of(r[6], "referrals", "status");
    const ojson& rows = rows_of(j, evs);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string rec = "referral_events[" + std::to_string(i) + "]";
        const std::string id = text_of(rows[i][0], rec, "referral");
        if (!final_status.count(id)) bad(rec, "referral", "unknown referral '" + printable_utf8(id) + "'");
        auto to = referral::parse_status(text_of(rows[i][3], rec, "status"));
        if (!to) bad(rec, "status", "unknown status");
        const std::string at = text_of(rows[i][1], rec, "at");
        if (!referral::is_timestamp(at)) bad(rec, "at", "expected an ISO 8601 date or date and time, got '" + printable_utf8(at) + "'");
        auto& seen = times[id];
        for (const auto& before : seen)
            if (referral::compare_timestamps(at, before) < 0)
                bad(rec, "at", "dated " + at + ", before an earlier event of referral " + printable_utf8(id) + " (" + before + ")");
        seen.push_back(at);
        auto it = status.find(id);
        if (it == status.end()) {
            if (!rows[i][2].is_null() || *to != referral::Status::requested)
                bad(rec, "status", "a referral's history starts with requested");
            status[id] = "requested";
            continue;
        }
        auto from = referral::parse_status(it->second);
        if (!rows[i][2].is_string() || rows[i][2].get<std::string>() != it->second)
            bad(rec, "from_status", "does not match the referral's previous status (" + it->second + ")");
        if (!referral::legal_transition(*from, *to))
            bad(rec, "status", "illegal transition " + it->second + " -> " + std::string(referral::to_string(*to)));
        it->second = std::string(referral::to_string(*to));
    }
    for (const auto& [id, st] : final_status) {
        auto it = status.find(id);
        if (it == status.end() || it->second != st)
            bad("referral " + printable_utf8(id), "status", "does not match the last event of its history");
    }
}

struct IncubationRow {
    std::string organization, node, referral, stage, outcome;
    std::vector<std::string> services;
    bool opened = false;
};

std::map<std::string, IncubationRow> incubation_rows(const ojson& rows) {
    std::map<std::string, IncubationRow> m;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string rec = "incubations[" + std::to_string(i) + "]";
        IncubationRow r;
        const std::string id = text_of(rows[i][0], rec, "id");
        r.organization = text_of(rows[i][1], rec, "organization");
        r.node = text_of(rows[i][2], rec, "node");
        r.referral = text_of(rows[i][3], rec, "referral");
        auto sv = nlohmann::json::parse(text_of(rows[i][4], rec, "services"), nullptr, false);
        if (!sv.is_array()) bad(rec, "services", "expected a JSON array text");
        for (const auto& s : sv) r.services.push_back(text_of(s, rec, "services"));
        r.stage = text_of(rows[i][5], rec, "stage");
        r.outcome = text_of(rows[i][6], rec, "outcome");
        if (!m.emplace(id, std::move(r)).second) bad(rec, "id", "duplicate incubation id '" + printable_utf8(id) + "'");
    }
    return m;
}

/// Replay the incubation events in their recorded order through the live checks.
void replay_incubations(Store::Impl& impl, const ojson& j, const Section& incs, const Section& evs) {
    auto recs = incubation_rows(rows_of(j, incs));
    const ojson& rows = rows_of(j, evs);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string rec = "incubation_events[" + std::to_string(i) + "]";
        Transition t;
        t.id = text_of(rows[i][0], rec, "incubation");
        t.at = text_of(rows[i][1], rec, "at");
        auto to = parse_incubation_stage(text_of(rows[i][3], rec, "stage"));
        if (!to) bad(rec, "stage", "unknown stage");
        t.to = *to;
        t.note = text_of(rows[i][4], rec, "note");
        auto it = recs.find(t.id);
        if (it == recs.end()) bad(rec, "incubation", "unknown incubation '" + printable_utf8(t.id) + "'");
        IncubationRow& r = it->second;
        if (!r.opened) {
            if (!rows[i][2].is_null() || t.to != IncubationStage::applied) bad(rec, "stage", "an incubation's history starts with applied");
            t.organization = r.organization;
            t.node = r.node;
            t.referral = r.referral;
            t.services = r.services;
            r.opened = true;
        } else {
            if (!rows[i][2].is_string()) bad(rec, "from_stage", "expected the previous stage");
            auto& cur = impl.db.stmt("SELECT stage FROM incubations WHERE id = ?1").bind(1, t.id);
            cur.step();
            if (cur.text(0) != rows[i][2].get<std::string>())
                bad(rec, "from_stage", "does not match the incubation's previous stage (" + cur.text(0) + ")");
            if (is_final(t.to)) t.outcome = r.outcome;
        }
        try {
            impl.apply(t);
        } catch (const io_error&) {
            throw;
        } catch (const input_error& e) {
            bad(rec, e.field(), e.record() + ": " + e.message());
        }
    }
    for (const auto& [id, r] : recs) {
        auto& s = impl.db.stmt("SELECT stage, outcome FROM incubations WHERE id = ?1");
        if (!s.bind(1, id).step() || s.text(0) != r.stage || s.text(1) != r.outcome)
            bad("incubation " + printable_utf8(id), "stage", "does not match the last event of its history");
    }
}
}  // namespace

namespace {
/// Periods and facts are read back by later queries: the same checks as add_period / add_fact.
void check_targets(const ojson& j, const Section& targets) {
    const ojson& ts = rows_of(j, targets);
    for (std::size_t i = 0; i < ts.size(); ++i) {
        const std::string rec = "targets[" + std::to_string(i) + "]";
        const std::string kind = text_of(ts[i][1], rec, "kind");
        if (kind != "district_coverage" && kind != "street_coverage" && kind != "community_coverage" && kind != "graduations")
            bad(rec, "kind", "unknown kind");
        text_of(ts[i][2], rec, "scope");
        if (!ts[i][3].is_number() || !std::isfinite(ts[i][3].get<double>())) bad(rec, "value", "expected a number");
        if (!is_date(text_of(ts[i][4], rec, "due"))) bad(rec, "due", "expected a date YYYY-MM-DD");
    }
}

// Incubators' tier and capacity are read back (tier counts, capacity checks): the forms
// set_network writes.
void check_incubators(const ojson& j, const Section& incubators) {
    const ojson& ns = rows_of(j, incubators);
    for (std::size_t i = 0; i < ns.size(); ++i) {
        const std::string rec = "incubators[" + std::to_string(i) + "]";
        if (!parse_tier(text_of(ns[i][2], rec, "tier"))) bad(rec, "tier", "unknown tier");
        if (!ns[i][5].is_number_integer() || ns[i][5].get<std::int64_t>() < 0)
            bad(rec, "capacity", "expected a whole number >= 0");
    }
}

// Evaluation rows name a period and an incubator of the store (after those are inserted) and
// carry their indicators as a JSON object text: what put_evaluations writes.
void check_evaluations(sql::Db& db, const ojson& j, const Section& evaluations) {
    const ojson& es = rows_of(j, evaluations);
    for (std::size_t i = 0; i < es.size(); ++i) {
        const std::string rec = "evaluations[" + std::to_string(i) + "]";
        if (!db.stmt("SELECT 1 FROM periods WHERE id = ?1").bind(1, text_of(es[i][0], rec, "period")).step())
            bad(rec, "period", "unknown period");
        if (!db.stmt("SELECT 1 FROM incubators WHERE id = ?1").bind(1, text_of(es[i][1], rec, "incubator")).step())
            bad(rec, "incubator", "unknown incubator");
        if (text_of(es[i][2], rec, "scheme").empty()) bad(rec, "scheme", "must not be empty");
        if (!nlohmann::json::parse(text_of(es[i][6], rec, "indicators"), nullptr, false).is_object())
            bad(rec, "indicators", "expected a JSON object text");
    }
}

void check_periods_and_facts(const ojson& j, const Section& periods, const Section& timeline) {
    const ojson& ps = rows_of(j, periods);
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const std::string rec = "periods[" + std::to_string(i) + "]";
        const std::string id = text_of(ps[i][0], rec, "id"), a = text_of(ps[i][1], rec, "start"), b = text_of(ps[i][2], rec, "end");
        if (id.empty()) bad(rec, "id", "must not be empty");
        if (!is_date(a)) bad(rec, "start", "expected a date YYYY-MM-DD");
        if (!is_date(b) || b < a) bad(rec, "end", "expected a date YYYY-MM-DD, not before the start");
    }
    const ojson& fs = rows_of(j, timeline);
    for (std::size_t i = 0; i < fs.size(); ++i) {
        const std::string rec = "timeline[" + std::to_string(i) + "]";
        Fact f{text_of(fs[i][0], rec, "at"), FactKind::opened, text_of(fs[i][2], rec, "subject"), text_of(fs[i][3], rec, "value"),
               text_of(fs[i][4], rec, "note")};
        auto k = parse_fact_kind(text_of(fs[i][1], rec, "kind"));
        if (!k) bad(rec, "kind", "unknown kind");
        f.kind = *k;
        Network one;  // the value's form (the subject is checked by the tables' contents below)
        if (f.kind == FactKind::opened || f.kind == FactKind::closed || f.kind == FactKind::capacity)
            one.nodes.push_back(Node{.id = f.subject});
        else
            one.organizations.push_back(Organization{.id = f.subject});
        check_fact(f, one, rec);
    }
}
}  // namespace

void Store::import_json(std::string_view text) {
    Lock lk(*impl_);
    impl_->need_writable();
    ojson j = io::parse_json_text(text, "records");
    if (!j.is_object()) bad("records", "", "expected a JSON object");
    static const std::set<std::string> top{"format", "version", "network", "next_incubation"};
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool known = top.count(it.key()) > 0;
        for (const auto& s : sections()) known = known || it.key() == s.name;
        if (!known) bad("records", it.key(), "unknown field");
    }
    if (text_of(member(j, "format", "records"), "records", "format") != "hatchnet-records")
        bad("records", "format", "expected \"hatchnet-records\"");
    const ojson& ver = member(j, "version", "records");
    if (!ver.is_number_integer() || ver.get<std::int64_t>() < 1 || ver.get<std::int64_t>() > schema_version)
        bad("records", "version", "unsupported version (this hatchnet reads 1-" + std::to_string(schema_version) + ")");
    const std::string network = text_of(member(j, "network", "records"), "records", "network");
    const std::string next = text_of(member(j, "next_incubation", "records"), "records", "next_incubation");
    if (!next.empty() && (next.size() > 15 || next.find_first_not_of("0123456789") != std::string::npos))
        bad("records", "next_incubation", "expected a whole number (the next automatic incubation id), got '" +
                                              printable_utf8(next) + "'");
    auto& db = impl_->db;
    sql::Tx tx(db);
    for (const char* t : {"incubators", "organizations", "incubations", "referrals", "periods", "evaluations", "targets", "timeline"}) {
        auto& c = db.stmt(std::string("SELECT count(*) FROM ") + t);
        c.step();
        if (c.i64(0)) throw io_error(db.path(), "importing needs an empty store (table " + std::string(t) + " has rows)");
    }
    const auto& s = sections();
    check_periods_and_facts(j, s[0], s[3]);
    check_incubators(j, s[1]);
    for (std::size_t i : {0, 1, 2, 3, 4, 5}) insert_rows(db, j, s[i]);
    check_referral_events(j, s[4], s[5]);
    replay_incubations(*impl_, j, s[6], s[7]);
    // facts count for the date order like events (add_fact stamps last_at): a copy refuses
    // what the original refuses
    db.exec("UPDATE incubators SET last_at = max(last_at, coalesce((SELECT max(at) FROM timeline WHERE subject = "
            "incubators.id AND kind IN ('opened', 'closed', 'capacity')), ''));"
            "UPDATE organizations SET last_at = max(last_at, coalesce((SELECT max(at) FROM timeline WHERE subject = "
            "organizations.id AND kind IN ('registered', 'stage')), ''))",
            "importing the timeline");
    check_targets(j, s[9]);
    check_evaluations(db, j, s[8]);
    for (std::size_t i : {8, 9}) insert_rows(db, j, s[i]);
    auto& m = db.stmt("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
    if (!network.empty()) m.bind(1, "network").bind(2, network).run();
    if (!next.empty()) m.reset().bind(1, "next_incubation").bind(2, next).run();
    tx.commit();
}

}  // namespace hatchnet::records
