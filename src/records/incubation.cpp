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
void check_not_closed(sql::Db& db, const std::string& rec, const std::string& node, const std::string& at) {
    auto& c = db.stmt("SELECT kind FROM timeline WHERE subject = ?1 AND kind IN ('opened', 'closed') AND at <= ?2 "
                      "ORDER BY at DESC, seq DESC LIMIT 1");
    if (c.bind(1, node).bind(2, at).step() && c.text(0) == "closed")
        bad(rec, "node", "incubator '" + node + "' is closed on " + at);
}

void stamp(sql::Db& db, const std::string& node, const std::string& org, const std::string& at) {
    db.stmt("UPDATE incubators SET last_at = ?2 WHERE id = ?1").bind(1, node).bind(2, at).run();
    db.stmt("UPDATE organizations SET last_at = ?2 WHERE id = ?1").bind(1, org).bind(2, at).run();
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

std::int64_t Store::Impl::capacity_at(const std::string& node, std::int64_t base, const std::string& date) {
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
    auto& n = db.stmt("SELECT last_at FROM incubators WHERE id = ?1");
    if (!n.bind(1, t.node).step()) bad(rec0, "node", "unknown incubator '" + printable_utf8(t.node) + "'");
    check_order(rec0, t.at, n.text(0), "at incubator " + t.node);
    auto& o = db.stmt("SELECT last_at FROM organizations WHERE id = ?1");
    if (!o.bind(1, t.organization).step())
        bad(rec0, "organization", "unknown organization '" + printable_utf8(t.organization) + "'");
    check_order(rec0, t.at, o.text(0), "of organization " + t.organization);
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
    check_not_closed(db, rec0, t.node, t.at);
    if (id.empty()) id = next_id("next_incubation", "inc-", "incubations");
    else if (db.stmt("SELECT 1 FROM incubations WHERE id = ?1").bind(1, id).step())
        bad(rec0, "id", "duplicate incubation id");
    db.stmt("INSERT INTO incubations(id, organization, node, referral, services, stage, outcome, last_at) "
            "VALUES(?1, ?2, ?3, ?4, ?5, 'applied', '', ?6)")
        .bind(1, id).bind(2, t.organization).bind(3, t.node).bind(4, t.referral).bind(5, services_json(t.services))
        .bind(6, t.at).run();
    db.stmt("INSERT INTO incubation_events(incubation, at, from_stage, stage, note) VALUES(?1, ?2, NULL, 'applied', ?3)")
        .bind(1, id).bind(2, t.at).bind(3, t.note).run();
    stamp(db, t.node, t.organization, t.at);
    return id;
}

std::string Store::Impl::move_incubation(const Transition& t) {
    const std::string rec = "incubation " + printable_utf8(t.id);
    auto& r = db.stmt("SELECT organization, node, stage, last_at, services FROM incubations WHERE id = ?1");
    if (!r.bind(1, t.id).step()) bad(rec, "id", "unknown incubation id");
    const std::string org = r.text(0), node = r.text(1), last = r.text(3), services = r.text(4);
    const IncubationStage from = parse_incubation_stage(r.text(2)).value_or(IncubationStage::applied);
    if (is_final(from))
        bad(rec, "stage", "illegal transition " + std::string(to_string(from)) + " -> " + std::string(to_string(t.to)) +
                              ": " + std::string(to_string(from)) + " is final");
    if (!legal_transition(from, t.to))
        bad(rec, "stage", "illegal transition " + std::string(to_string(from)) + " -> " + std::string(to_string(t.to)));
    check_text(t, rec);
    if (!t.organization.empty() && t.organization != org) bad(rec, "organization", "does not match the record ('" + org + "')");
    if (!t.node.empty() && t.node != node) bad(rec, "node", "does not match the record ('" + node + "')");
    if (!t.outcome.empty() && !is_final(t.to)) bad(rec, "outcome", "an outcome is only recorded with a final stage");
    check_order(rec, t.at, last, "of this incubation");
    auto& n = db.stmt("SELECT last_at, residents, capacity FROM incubators WHERE id = ?1");
    n.bind(1, node).step();
    const std::string node_last = n.text(0);
    const std::int64_t residents = n.i64(1), base = n.i64(2);
    check_order(rec, t.at, node_last, "at incubator " + node);
    auto& o = db.stmt("SELECT last_at, residence FROM organizations WHERE id = ?1");
    o.bind(1, org).step();
    const std::string org_last = o.text(0), residence = o.text(1);
    check_order(rec, t.at, org_last, "of organization " + org);
    check_in_periods(rec, t.at);
    std::int64_t delta = 0;
    if (t.to == IncubationStage::admitted) {
        check_not_closed(db, rec, node, t.at);
        const std::int64_t cap = capacity_at(node, base, t.at);
        if (residents >= cap)
            bad(rec, "node", "incubator '" + node + "' has no free place on " + t.at + " (" + std::to_string(residents) +
                                 " residents, capacity " + std::to_string(cap) + ")");
        if (!residence.empty())
            bad(rec, "organization", "organization '" + org + "' is already resident (incubation " + residence + ")");
        delta = 1;
    } else if (holds_place(from) && !holds_place(t.to)) {
        delta = -1;
    }
    std::string merged = services;
    if (!t.services.empty()) {
        auto v = services_of(services);
        for (const auto& s : t.services)
            if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
        merged = services_json(v);
    }
    db.stmt("UPDATE incubations SET stage = ?2, outcome = ?3, last_at = ?4, services = ?5 WHERE id = ?1")
        .bind(1, t.id).bind(2, to_string(t.to)).bind(3, t.outcome).bind(4, t.at).bind(5, merged).run();
    db.stmt("INSERT INTO incubation_events(incubation, at, from_stage, stage, note) VALUES(?1, ?2, ?3, ?4, ?5)")
        .bind(1, t.id).bind(2, t.at).bind(3, to_string(from)).bind(4, to_string(t.to)).bind(5, t.note).run();
    if (delta) {
        db.stmt("UPDATE incubators SET residents = residents + ?2 WHERE id = ?1").bind(1, node).bind(2, delta).run();
        auto& u = db.stmt("UPDATE organizations SET residence = ?2 WHERE id = ?1").bind(1, org);
        (delta > 0 ? u.bind(2, t.id) : u.bind_null(2)).run();
    }
    stamp(db, node, org, t.at);
    return t.id;
}

std::string Store::Impl::apply(const Transition& t) {
    return t.to == IncubationStage::applied ? open_incubation(t) : move_incubation(t);
}

std::string Store::record(const Transition& t) { return record(std::vector<Transition>{t}).front(); }

std::vector<std::string> Store::record(const std::vector<Transition>& batch) {
    Lock lk(*impl_);
    impl_->need_writable();
    std::vector<std::string> ids;
    ids.reserve(batch.size());
    sql::Tx tx(impl_->db);
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
    auto& s = date.empty()
                  ? impl_->db.stmt("SELECT i.node, n.tier, n.district, i.stage, count(*) FROM incubations i "
                                   "JOIN incubators n ON n.id = i.node GROUP BY i.node, i.stage")
                  : impl_->db.stmt("SELECT i.node, n.tier, n.district, e.stage, count(*) FROM incubations i "
                                   "JOIN incubators n ON n.id = i.node JOIN incubation_events e ON e.seq = "
                                   "(SELECT max(seq) FROM incubation_events x WHERE x.incubation = i.id AND x.at <= ?1) "
                                   "GROUP BY i.node, e.stage");
    if (!date.empty()) s.bind(1, date);
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
