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
    while (exists.reset().bind(1, id).step());
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
               parse_incubation_stage(r.text(2)).value_or(IncubationStage::applied), false};
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
    for (auto& [id, r] : inc_rows)
        if (r.dirty)
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
        auto& d = db.stmt("SELECT id FROM incubations WHERE referral = ?1 LIMIT 1");
        if (d.bind(1, t.referral).step())
            bad(rec0, "referral", "referral '" + printable_utf8(t.referral) + "' already led to incubation " + d.text(0));
    }
    check_in_periods(rec0, t.at);
    check_not_closed(*this, rec0, t.node, t.at);
    if (id.empty()) id = next_id("next_incubation", "inc-", "incubations");
    const std::string services = services_json(t.services);
    // a duplicate id inserts nothing (one statement instead of a look-up and an insert)
    db.stmt("INSERT INTO incubations(id, organization, node, referral, services, stage, outcome, last_at) "
            "VALUES(?1, ?2, ?3, ?4, ?5, 'applied', '', ?6) ON CONFLICT(id) DO NOTHING")
        .bind(1, id).bind(2, t.organization).bind(3, t.node).bind(4, t.referral).bind(5, services).bind(6, t.at).run();
    if (sqlite3_changes(db.get()) == 0) bad(rec0, "id", "duplicate incubation id");
    db.stmt("INSERT INTO incubation_events(incubation, at, from_stage, stage, note, node) VALUES(?1, ?2, NULL, 'applied', ?3, ?4)")
        .bind(1, id).bind(2, t.at).bind(3, t.note).bind(4, t.node).run();
    inc_rows[id] = IncRow{t.organization, t.node, t.at, services, "", IncubationStage::applied, false};
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

StageCounts Store::counts(const std::string& date) const {
    Lock lk(*impl_);
    if (!date.empty() && !is_date(date)) bad("counts", "date", "expected a date YYYY-MM-DD, got '" + printable_utf8(date) + "'");
    StageCounts c;
    sql::ReadTx snapshot(impl_->db);
    if (date.empty()) {  // the stage of every stay now: grouped on the (node, stage) index
        auto& s = impl_->db.stmt("SELECT c.node, n.tier, n.district, c.stage, c.k FROM (SELECT node, stage, count(*) AS k "
                                 "FROM incubations GROUP BY node, stage) c JOIN incubators n ON n.id = c.node");
        while (s.step()) {
            auto st = std::size_t(parse_incubation_stage(s.text(3)).value_or(IncubationStage::applied));
            auto k = s.i64(4);
            c.total[st] += k;
            c.by_node[s.text(0)][st] += k;
            c.by_tier[s.text(1)][st] += k;
            c.by_district[s.text(2)][st] += k;
        }
        return c;
    }
    // as of a date: every event on or before it moves one stay from its from_stage into its
    // stage, so the sum of +1 (stage) and -1 (from_stage) per incubator is the stage counts
    // then (a stay's events are in date order). One pass over the (node, stage, from_stage)
    // index, no join.
    std::map<std::string, std::pair<std::string, std::string>> where;  // node -> tier, district
    auto& n = impl_->db.stmt("SELECT id, tier, district FROM incubators");
    while (n.step()) where.emplace(n.text(0), std::make_pair(n.text(1), n.text(2)));
    auto& s = impl_->db.stmt("SELECT node, stage, from_stage, count(*) FROM incubation_events WHERE at <= ?1 "
                             "GROUP BY node, stage, from_stage");
    s.bind(1, date);
    StageCounts::Row* row = nullptr;
    std::string last;
    while (s.step()) {
        std::string node = s.text(0);
        if (!row || node != last) row = &c.by_node[node], last = node;
        const auto k = s.i64(3);
        (*row)[std::size_t(parse_incubation_stage(s.text(1)).value_or(IncubationStage::applied))] += k;
        if (!s.null(2)) (*row)[std::size_t(parse_incubation_stage(s.text(2)).value_or(IncubationStage::applied))] -= k;
    }
    for (const auto& [node, r] : c.by_node) {
        const auto it = where.find(node);
        const auto& [tier, district] = it != where.end() ? it->second : std::pair<std::string, std::string>{};
        for (int st = 0; st < incubation_stage_count; ++st) {
            c.total[std::size_t(st)] += r[std::size_t(st)];
            c.by_tier[tier][std::size_t(st)] += r[std::size_t(st)];
            c.by_district[district][std::size_t(st)] += r[std::size_t(st)];
        }
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
    auto& e = impl_->db.stmt("SELECT stage, count(*) FROM incubation_events WHERE at BETWEEN ?1 AND ?2 GROUP BY stage");
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
