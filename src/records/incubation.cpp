// Incubation records: transitions with their checks, look-ups, counts. See hatchnet/records/store.hpp.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "hatchnet/limits.hpp"
#include "impl.hpp"

namespace hatchnet::records {

namespace {
std::string services_json(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

std::vector<std::string> services_of(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> v;
    if (j.is_array())
        for (const auto& s : j)
            if (s.is_string()) v.push_back(s.get<std::string>());
    return v;
}

void check_text(const Transition& t, const std::string& rec) {
    check_utf8(t.note, rec, "note");
    check_utf8(t.outcome, rec, "outcome");
    check_utf8(t.referral, rec, "referral");
    for (const auto& s : t.services) check_utf8(s, rec, "services");
    if (!is_date(t.at)) bad(rec, "at", "expected a date YYYY-MM-DD, got '" + printable_utf8(t.at) + "'");
}

void check_order(const std::string& rec, const std::string& at, const std::string& last, const std::string& where) {
    if (at < last)
        bad(rec, "at", "dated " + at + ", before the last event " + where + " (" + last + "): events are recorded in date order");
}

// Every transition that takes a place (an application, an admission) needs the incubator open
// on its date: the last opened/closed fact up to that date must not be 'closed'.
void check_not_closed(Store::Impl& im, const std::string& rec, const std::string& node, const std::string& at) {
    if (im.batch.on && !im.batch.timeline) return;
    auto& c = im.db.stmt("SELECT kind FROM timeline WHERE subject = ?1 AND kind IN ('opened', 'closed') AND at <= ?2 "
                      "ORDER BY at DESC, seq DESC LIMIT 1");
    if (c.bind(1, node).bind(2, at).step() && c.text(0) == "closed")
        bad(rec, "node", "incubator '" + node + "' is closed on " + at);
}

}  // namespace

std::string Store::Impl::next_id(const char* key, const char* prefix, const char* table) {
    auto& g = db.stmt("SELECT value FROM meta WHERE key = ?1");
    std::int64_t n = g.bind(1, key).step() ? std::stoll(g.text(0)) : 1;
    std::string id;
    auto& exists = db.stmt(std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
    do id = prefix + std::to_string(n++);
    while (inc_rows.count(id) || exists.reset().bind(1, id).step());
    db.stmt("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bind(1, key).bind(2, std::to_string(n)).run();
    return id;
}

Store::Impl::NodeRow* Store::Impl::node_row(const std::string& id) {
    if (auto it = node_rows.find(id); it != node_rows.end()) return &it->second;
    auto& n = db.stmt("SELECT last_at, residents, capacity FROM incubators WHERE id = ?1");
    if (!n.bind(1, id).step()) return nullptr;
    return &node_rows.emplace(id, NodeRow{n.text(0), n.i64(1), n.i64(2), false}).first->second;
}

Store::Impl::OrgRow* Store::Impl::org_row(const std::string& id) {
    if (auto it = org_rows.find(id); it != org_rows.end()) return &it->second;
    auto& o = db.stmt("SELECT last_at, residence FROM organizations WHERE id = ?1");
    if (!o.bind(1, id).step()) return nullptr;
    return &org_rows.emplace(id, OrgRow{o.text(0), o.text(1), false}).first->second;
}

Store::Impl::IncRow* Store::Impl::inc_row(const std::string& id) {
    if (auto it = inc_rows.find(id); it != inc_rows.end()) return &it->second;
    auto& r = db.stmt("SELECT organization, node, stage, last_at, services, outcome FROM incubations WHERE id = ?1");
    if (!r.bind(1, id).step()) return nullptr;
    IncRow row{r.text(0), r.text(1), r.text(3), r.text(4), r.text(5),
               parse_incubation_stage(r.text(2)).value_or(IncubationStage::applied), false, false, {}};
    return &inc_rows.emplace(id, std::move(row)).first->second;
}

void Store::Impl::flush() {
    for (auto& [id, n] : node_rows)
        if (n.dirty)
            db.stmt("UPDATE incubators SET residents = ?2, last_at = ?3 WHERE id = ?1")
                .bind(1, id).bind(2, n.residents).bind(3, n.last_at).run();
    for (auto& [id, o] : org_rows)
        if (o.dirty) {
            auto& u = db.stmt("UPDATE organizations SET residence = ?2, last_at = ?3 WHERE id = ?1").bind(1, id).bind(3, o.last_at);
            (o.residence.empty() ? u.bind_null(2) : u.bind(2, o.residence)).run();
        }
    for (const auto& id : fresh_ids) {  // in the order applied: the rowids (the export's order) follow it
        const IncRow& r = inc_rows.at(id);
        db.stmt("INSERT INTO incubations(id, organization, node, referral, services, stage, outcome, last_at) "
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .bind(1, id).bind(2, r.organization).bind(3, r.node).bind(4, r.referral).bind(5, r.services)
            .bind(6, to_string(r.stage)).bind(7, r.outcome).bind(8, r.last_at).run();
    }
    for (auto& [id, r] : inc_rows)
        if (r.dirty && !r.fresh)
            db.stmt("UPDATE incubations SET stage = ?2, outcome = ?3, last_at = ?4, services = ?5 WHERE id = ?1")
                .bind(1, id).bind(2, to_string(r.stage)).bind(3, r.outcome).bind(4, r.last_at).bind(5, r.services).run();
    drop_rows();
}

std::int64_t Store::Impl::capacity_at(const std::string& node, std::int64_t base, const std::string& date) {
    if (batch.on && !batch.timeline) return base;
    auto& s = db.stmt(
        "SELECT value FROM timeline WHERE subject = ?1 AND kind = 'capacity' AND at <= ?2 ORDER BY at DESC, seq DESC LIMIT 1");
    if (s.bind(1, node).bind(2, date).step()) return std::stoll(s.text(0));
    return base;
}

std::string Store::Impl::open_incubation(const Transition& t) {
    std::string id = t.id;
    if (!id.empty()) check_utf8(id, "incubation", "id");
    const std::string rec0 = id.empty() ? std::string("incubation") : "incubation " + id;
    check_text(t, rec0);
    if (!t.outcome.empty()) bad(rec0, "outcome", "an outcome is only recorded with a final stage");
    NodeRow* n = node_row(t.node);
    if (!n) bad(rec0, "node", "unknown incubator '" + printable_utf8(t.node) + "'");
    check_order(rec0, t.at, n->last_at, "at incubator " + t.node);
    OrgRow* o = org_row(t.organization);
    if (!o) bad(rec0, "organization", "unknown organization '" + printable_utf8(t.organization) + "'");
    check_order(rec0, t.at, o->last_at, "of organization " + t.organization);
    if (!t.referral.empty()) {
        // the referral that led here: of this organization, to this incubator, and cited once
        auto& r = db.stmt("SELECT organization, node FROM referrals WHERE id = ?1");
        if (!r.bind(1, t.referral).step()) bad(rec0, "referral", "unknown referral '" + printable_utf8(t.referral) + "'");
        if (r.text(0) != t.organization || r.text(1) != t.node)
            bad(rec0, "referral", "referral '" + printable_utf8(t.referral) + "' refers " + r.text(0) + " to " + r.text(1) +
                                      ", not " + printable_utf8(t.organization) + " to " + printable_utf8(t.node));
        auto& d = db.stmt("SELECT id FROM incubations WHERE referral = ?1 AND referral <> '' LIMIT 1");
        if (d.bind(1, t.referral).step())
            bad(rec0, "referral", "referral '" + printable_utf8(t.referral) + "' already led to incubation " + d.text(0));
        if (auto it = fresh_referrals.find(t.referral); it != fresh_referrals.end())
            bad(rec0, "referral", "referral '" + printable_utf8(t.referral) + "' already led to incubation " + it->second);
    }
    check_in_periods(rec0, t.at);
    check_not_closed(*this, rec0, t.node, t.at);
    if (id.empty()) id = next_id("next_incubation", "inc-", "incubations");
    const std::string services = services_json(t.services);
    if (batch.on) {  // inserted by flush() with its final state
        if (inc_rows.count(id)) bad(rec0, "id", "duplicate incubation id");
        auto& e = db.stmt("SELECT 1 FROM incubations WHERE id = ?1");
        if (e.bind(1, id).step()) bad(rec0, "id", "duplicate incubation id");
        e.reset();
        IncRow row{t.organization, t.node, t.at, services, "", IncubationStage::applied, true, true, t.referral};
        inc_rows.emplace(id, std::move(row));
        fresh_ids.push_back(id);
        if (!t.referral.empty()) fresh_referrals.emplace(t.referral, id);
    } else {
        // a duplicate id inserts nothing (one statement instead of a look-up and an insert)
        db.stmt("INSERT INTO incubations(id, organization, node, referral, services, stage, outcome, last_at) "
            "VALUES(?1, ?2, ?3, ?4, ?5, 'applied', '', ?6) ON CONFLICT(id) DO NOTHING")
            .bind(1, id).bind(2, t.organization).bind(3, t.node).bind(4, t.referral).bind(5, services).bind(6, t.at).run();
        if (sqlite3_changes(db.get()) == 0) bad(rec0, "id", "duplicate incubation id");
        inc_rows[id] = IncRow{t.organization, t.node, t.at, services, "", IncubationStage::applied, false, false, {}};
    }
    db.stmt("INSERT INTO incubation_events(incubation, at, from_stage, stage, note, node) VALUES(?1, ?2, NULL, 'applied', ?3, ?4)")
        .bind(1, id).bind(2, t.at).bind(3, t.note).bind(4, t.node).run();
    n->last_at = t.at, n->dirty = true;
    o->last_at = t.at, o->dirty = true;
    return id;
}

std::string Store::Impl::move_incubation(const Transition& t) {
    const std::string rec = "incubation " + printable_utf8(t.id);
    IncRow* r = inc_row(t.id);
    if (!r) bad(rec, "id", "unknown incubation id");
    const std::string org = r->organization, node = r->node;
    const IncubationStage from = r->stage;
    if (is_final(from))
        bad(rec, "stage", "illegal transition " + std::string(to_string(from)) + " -> " + std::string(to_string(t.to)) +
                              ": " + std::string(to_string(from)) + " is final");
    if (!legal_transition(from, t.to))
        bad(rec, "stage", "illegal transition " + std::string(to_string(from)) + " -> " + std::string(to_string(t.to)));
    check_text(t, rec);
    if (!t.organization.empty() && t.organization != org) bad(rec, "organization", "does not match the record ('" + org + "')");
    if (!t.node.empty() && t.node != node) bad(rec, "node", "does not match the record ('" + node + "')");
    if (!t.outcome.empty() && !is_final(t.to)) bad(rec, "outcome", "an outcome is only recorded with a final stage");
    check_order(rec, t.at, r->last_at, "of this incubation");
    NodeRow* n = node_row(node);
    OrgRow* o = org_row(org);
    if (!n || !o) bad(rec, !n ? "node" : "organization", "refers to a row the store does not hold");
    check_order(rec, t.at, n->last_at, "at incubator " + node);
    check_order(rec, t.at, o->last_at, "of organization " + org);
    check_in_periods(rec, t.at);
    std::int64_t delta = 0;
    if (t.to == IncubationStage::admitted) {
        check_not_closed(*this, rec, node, t.at);
        const std::int64_t cap = capacity_at(node, n->capacity, t.at);
        if (n->residents >= cap)
            bad(rec, "node", "incubator '" + node + "' has no free place on " + t.at + " (" + std::to_string(n->residents) +
                                 " residents, capacity " + std::to_string(cap) + ")");
        if (!o->residence.empty())
            bad(rec, "organization", "organization '" + org + "' is already resident (incubation " + o->residence + ")");
        delta = 1;
    } else if (holds_place(from) && !holds_place(t.to)) {
        delta = -1;
    }
    if (!t.services.empty()) {
        auto v = services_of(r->services);
        for (const auto& s : t.services)
            if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
        r->services = services_json(v);
    }
    db.stmt("INSERT INTO incubation_events(incubation, at, from_stage, stage, note, node) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, t.id).bind(2, t.at).bind(3, to_string(from)).bind(4, to_string(t.to)).bind(5, t.note).bind(6, node).run();
    // the rows change here; flush() writes them (end of the batch, or of this transition)
    r->stage = t.to, r->outcome = t.outcome, r->last_at = t.at, r->dirty = true;
    n->residents += delta, n->last_at = t.at, n->dirty = true;
    if (delta) o->residence = delta > 0 ? t.id : std::string();
    o->last_at = t.at, o->dirty = true;
    return t.id;
}

std::string Store::Impl::apply(const Transition& t) {
    try {
        std::string id = t.to == IncubationStage::applied ? open_incubation(t) : move_incubation(t);
        if (!batch.on) flush();  // one transition at a time (an import): written at once
        return id;
    } catch (...) {
        if (!batch.on) drop_rows();
        throw;
    }
}

std::string Store::record(const Transition& t) { return record(std::vector<Transition>{t}).front(); }

std::vector<std::string> Store::record(const std::vector<Transition>& batch) {
    Lock lk(*impl_);
    impl_->need_writable();
    std::vector<std::string> ids;
    ids.reserve(batch.size());
    sql::Tx tx(impl_->db);
    // new incubations are inserted at the end of the batch, after their events: the foreign
    // keys are checked at the commit (the pragma ends with the transaction)
    impl_->db.exec("PRAGMA defer_foreign_keys = ON", "deferring the foreign keys");
    impl_->begin_batch();
    struct EndBatch {  // refused or committed: the batch's rows are forgotten either way
        Store::Impl& im;
        ~EndBatch() {
            im.batch.on = false;
            im.drop_rows();
        }
    } end_batch{*impl_};
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            ids.push_back(impl_->apply(batch[i]));
        } catch (const io_error&) {
            throw;
        } catch (const input_error& e) {
            if (batch.size() == 1) throw;
            throw input_error(e.record(), e.field(), e.message() + " (transition " + std::to_string(i) + " of the batch; nothing recorded)");
        }
    }
    impl_->flush();
    tx.commit();
    return ids;
}

namespace {
Incubation read_incubation(sql::Db& db, sql::Stmt& s) {
    Incubation r;
    r.id = s.text(0);
    r.organization = s.text(1);
    r.node = s.text(2);
    r.referral = s.text(3);
    r.services = services_of(s.text(4));
    r.stage = parse_incubation_stage(s.text(5)).value_or(IncubationStage::applied);
    r.outcome = s.text(6);
    auto& e = db.stmt("SELECT from_stage, stage, at, note FROM incubation_events WHERE incubation = ?1 ORDER BY seq");
    e.bind(1, r.id);
    while (e.step()) {
        Event ev;
        ev.stage = parse_incubation_stage(e.text(1)).value_or(IncubationStage::applied);
        ev.from = e.null(0) ? ev.stage : parse_incubation_stage(e.text(0)).value_or(IncubationStage::applied);
        ev.at = e.text(2);
        ev.note = e.text(3);
        r.history.push_back(std::move(ev));
    }
    return r;
}
constexpr const char* incubation_columns = "SELECT id, organization, node, referral, services, stage, outcome FROM incubations";
}  // namespace

std::optional<Incubation> Store::incubation(std::string_view id) const {
    Lock lk(*impl_);
    auto& s = impl_->db.stmt(std::string(incubation_columns) + " WHERE id = ?1");
    if (!s.bind(1, id).step()) return std::nullopt;
    return read_incubation(impl_->db, s);
}

std::vector<Incubation> Store::incubations() const {
    Lock lk(*impl_);
    sql::ReadTx snapshot(impl_->db);
    std::vector<Incubation> v;
    sql::Stmt s(impl_->db.get(), std::string(incubation_columns) + " ORDER BY rowid", &impl_->db.path());
    while (s.step()) v.push_back(read_incubation(impl_->db, s));
    return v;
}

std::size_t Store::incubation_count() const {
    Lock lk(*impl_);
    auto& s = impl_->db.stmt("SELECT count(*) FROM incubations");
    s.step();
    return std::size_t(s.i64(0));
}

std::int64_t Store::residents(std::string_view node) const {
    Lock lk(*impl_);
    auto& s = impl_->db.stmt("SELECT residents FROM incubators WHERE id = ?1");
    return s.bind(1, node).step() ? s.i64(0) : 0;
}

std::string Store::residence(std::string_view organization) const {
    Lock lk(*impl_);
    auto& s = impl_->db.stmt("SELECT residence FROM organizations WHERE id = ?1");
    return s.bind(1, organization).step() ? s.text(0) : std::string();
}

namespace {
constexpr const char* all_stages = "stage IN ('applied', 'admitted', 'incubating', 'graduated', 'exited', 'withdrawn')";

IncubationStage stage_of(const sql::Stmt& s, int c) {
    return parse_incubation_stage(s.text(c)).value_or(IncubationStage::applied);
}

// The first and last event dates of the store (index seeks: every stay starts with 'applied'),
// or empty strings when it has none.
std::pair<std::string, std::string> event_range(sql::Db& db) {
    auto& f = db.stmt("SELECT min(at) FROM incubation_events WHERE stage = 'applied'");
    std::string first = f.step() && !f.null(0) ? f.text(0) : std::string(), last;
    f.reset();
    for (std::string_view st : {"applied", "admitted", "incubating", "graduated", "exited", "withdrawn"}) {
        auto& m = db.stmt("SELECT max(at) FROM incubation_events WHERE stage = ?1");
        if (m.bind(1, st).step() && !m.null(0) && m.text(0) > last) last = m.text(0);
        m.reset();
    }
    return {first, last};
}
}  // namespace

StageCounts Store::counts(const std::string& date) const {
    Lock lk(*impl_);
    if (!date.empty() && !is_date(date)) bad("counts", "date", "expected a date YYYY-MM-DD, got '" + printable_utf8(date) + "'");
    StageCounts c;
    sql::ReadTx snapshot(impl_->db);
    auto& db = impl_->db;
    // As of a date, each event moves one stay from its from_stage into its stage (a stay's
    // events are in date order): the counts then are the sum of +1 (stage) / -1 (from_stage)
    // over the events up to the date, or the counts now minus that sum over the events after
    // it — whichever side holds fewer events (by the date's place between the first and the
    // last event). Either is one range per stage of the (stage, at, node, from_stage) index.
    bool forward = false;
    if (!date.empty()) {
        const auto [first, last] = event_range(db);
        if (first.empty() || date < first) forward = true;
        else if (date < last) forward = day_number(date) - day_number(first) < day_number(last) - day_number(date);
    }
    if (!forward) {  // the stage of every stay now: grouped on the (node, stage) index
        auto& s = db.stmt("SELECT node, stage, count(*) FROM incubations GROUP BY node, stage");
        while (s.step()) c.by_node[s.text(0)][std::size_t(stage_of(s, 1))] += s.i64(2);
    }
    if (!date.empty()) {
        auto& s = forward ? db.stmt("SELECT node, stage, from_stage, count(*) FROM incubation_events WHERE " +
                                    std::string(all_stages) + " AND at <= ?1 GROUP BY node, stage, from_stage")
                          : db.stmt("SELECT node, stage, from_stage, count(*) FROM incubation_events WHERE " +
                                    std::string(all_stages) + " AND at > ?1 GROUP BY node, stage, from_stage");
        s.bind(1, date);
        const std::int64_t sign = forward ? 1 : -1;
        StageCounts::Row* row = nullptr;
        std::string last;
        while (s.step()) {
            std::string node = s.text(0);
            if (!row || node != last) row = &c.by_node[node], last = std::move(node);
            const auto k = sign * s.i64(3);
            (*row)[std::size_t(stage_of(s, 1))] += k;
            if (!s.null(2)) (*row)[std::size_t(stage_of(s, 2))] -= k;
        }
    }
    std::map<std::string, std::pair<std::string, std::string>> where;  // node -> tier, district
    auto& n = db.stmt("SELECT id, tier, district FROM incubators");
    while (n.step()) where.emplace(n.text(0), std::make_pair(n.text(1), n.text(2)));
    for (auto it = c.by_node.begin(); it != c.by_node.end();) {
        const auto& r = it->second;
        if (std::all_of(r.begin(), r.end(), [](std::int64_t k) { return k == 0; })) {  // nobody then
            it = c.by_node.erase(it);
            continue;
        }
        const auto w = where.find(it->first);
        const auto& [tier, district] = w != where.end() ? w->second : std::pair<std::string, std::string>{};
        for (std::size_t st = 0; st < std::size_t(incubation_stage_count); ++st) {
            c.total[st] += r[st];
            c.by_tier[tier][st] += r[st];
            c.by_district[district][st] += r[st];
        }
        ++it;
    }
    return c;
}

PeriodSummary Store::summary(std::string_view id) const {
    auto p = period(id);
    if (!p) bad("period " + printable_utf8(id), "id", "unknown period");
    PeriodSummary out;
    out.period = *p;
    Lock lk(*impl_);
    sql::ReadTx snapshot(impl_->db);
    out.at_end = counts(p->end);
    auto& e = impl_->db.stmt("SELECT stage, count(*) FROM incubation_events WHERE " + std::string(all_stages) +
                             " AND at BETWEEN ?1 AND ?2 GROUP BY stage");
    e.bind(1, p->start).bind(2, p->end);
    while (e.step()) out.entered[std::size_t(parse_incubation_stage(e.text(0)).value_or(IncubationStage::applied))] = e.i64(1);
    auto& d = impl_->db.stmt(
        "SELECT g.at, a.at FROM incubation_events g JOIN incubation_events a ON a.incubation = g.incubation "
        "AND a.stage = 'admitted' WHERE g.stage = 'graduated' AND g.at BETWEEN ?1 AND ?2");
    d.bind(1, p->start).bind(2, p->end);
    while (d.step()) out.days_to_graduation.push_back(day_number(d.text(0)) - day_number(d.text(1)));
    std::sort(out.days_to_graduation.begin(), out.days_to_graduation.end());
    return out;
}

}  // namespace hatchnet::records
