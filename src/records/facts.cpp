// The store's timeline, the network on a date and targets. See hatchnet/records/store.hpp.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "hatchnet/limits.hpp"
#include "impl.hpp"

namespace hatchnet::records {

namespace {
bool about_node(FactKind k) { return k == FactKind::opened || k == FactKind::closed || k == FactKind::capacity; }
}  // namespace

void Store::add_fact(const Fact& f) { add_facts(std::vector<Fact>{f}); }

namespace {
// Every item of a batch through `one`, in one transaction: all or nothing; an error of a batch
// of several says which item it was.
template <class T, class F>
void all_or_nothing(sql::Db& db, const std::vector<T>& items, const char* what, F&& one) {
    sql::Tx tx(db);
    for (std::size_t i = 0; i < items.size(); ++i) {
        try {
            one(items[i]);
        } catch (const io_error&) {
            throw;
        } catch (const input_error& e) {
            if (items.size() == 1) throw;
            throw input_error(e.record(), e.field(), e.message() + " (" + what + " " + std::to_string(i) +
                                                         " of the batch; nothing recorded)");
        }
    }
    tx.commit();
}
}  // namespace

void Store::add_facts(const std::vector<Fact>& facts) {
    Lock lk(*impl_);
    impl_->need_writable();
    all_or_nothing(impl_->db, facts, "fact", [&](const Fact& f) { impl_->add_fact(f); });
}

void Store::Impl::add_fact(const Fact& f) {
    const std::string rec = "fact " + std::string(to_string(f.kind)) + " " + printable_utf8(f.subject);
    if (!is_date(f.at)) bad(rec, "at", "expected a date YYYY-MM-DD, got '" + printable_utf8(f.at) + "'");
    check_utf8(f.value, rec, "value");
    check_utf8(f.note, rec, "note");
    const bool node = about_node(f.kind);
    auto& s = db.stmt(node ? "SELECT last_at, residents, capacity FROM incubators WHERE id = ?1"
                           : "SELECT last_at, 0, 0 FROM organizations WHERE id = ?1");
    if (!s.bind(1, f.subject).step())
        bad(rec, "subject", std::string("unknown ") + (node ? "incubator" : "organization") + " '" + printable_utf8(f.subject) + "'");
    const std::string last = s.text(0);
    const std::int64_t residents = s.i64(1);
    if (f.at < last)
        bad(rec, "at", "dated " + f.at + ", before the last event of " + f.subject + " (" + last + "): facts are recorded in date order");
    check_in_periods(rec, f.at);
    // the value's form, checked against a one-record network
    Network one;
    if (node) one.nodes.push_back(Node{.id = f.subject});
    else one.organizations.push_back(Organization{.id = f.subject});
    check_fact(f, one, rec);
    if (f.kind == FactKind::capacity && std::stoll(f.value) < residents)
        bad(rec, "value", "capacity " + f.value + " is below the " + std::to_string(residents) + " residents of " + f.subject + " on " + f.at);
    if (f.kind == FactKind::closed && residents > 0)
        bad(rec, "kind", "incubator '" + f.subject + "' still has " + std::to_string(residents) + " residents on " + f.at);
    db.stmt("INSERT INTO timeline(at, kind, subject, value, note) VALUES(?1, ?2, ?3, ?4, ?5)")
        .bind(1, f.at).bind(2, to_string(f.kind)).bind(3, f.subject).bind(4, f.value).bind(5, f.note).run();
    db.stmt(node ? "UPDATE incubators SET last_at = ?2 WHERE id = ?1" : "UPDATE organizations SET last_at = ?2 WHERE id = ?1")
        .bind(1, f.subject).bind(2, f.at).run();
}

Timeline Store::timeline() const {
    Lock lk(*impl_);
    Timeline t;
    auto& s = impl_->db.stmt("SELECT at, kind, subject, value, note FROM timeline ORDER BY seq");
    while (s.step())
        t.facts.push_back(Fact{s.text(0), parse_fact_kind(s.text(1)).value_or(FactKind::opened), s.text(2), s.text(3), s.text(4)});
    return t;
}

std::string Store::period_end(std::string_view period) const {
    if (auto p = this->period(period)) return p->end;
    const std::string rec = "period " + printable_utf8(period);
    if (!is_date(period)) bad(rec, "id", "unknown period (neither a period of the store nor a date YYYY-MM-DD)");
    auto all = periods();
    if (!all.empty()) {
        auto first = all.front().start, last = all.front().end;
        for (const auto& p : all) last = std::max(last, p.end);
        if (period < first || period > last)
            bad(rec, "id", "outside the store's periods (" + first + " to " + last + ")");
    }
    return std::string(period);
}

Network Store::network_at(const Network& base, std::string_view period) const {
    const std::string date = period_end(period);
    Network net = timeline().at(base, date);
    auto c = counts(date);
    for (auto& n : net.nodes) {
        auto it = c.by_node.find(n.id);
        n.occupied = it == c.by_node.end() ? 0 : it->second[std::size_t(IncubationStage::admitted)] + it->second[std::size_t(IncubationStage::incubating)];
    }
    return net;
}

namespace {
void insert_target(sql::Db& db, const Target& t) {
    const std::string rec = "target " + printable_utf8(t.id);
    if (t.id.empty()) bad("target", "id", "must not be empty");
    check_utf8(t.id, "target", "id");
    check_utf8(t.note, rec, "note");
    static const char* kinds[] = {"district_coverage", "street_coverage", "community_coverage", "graduations"};
    if (std::none_of(std::begin(kinds), std::end(kinds), [&](const char* k) { return t.kind == k; }))
        bad(rec, "kind", "unknown kind '" + printable_utf8(t.kind) +
                             "' (district_coverage, street_coverage, community_coverage, graduations)");
    if (!t.scope.empty() && (t.scope.size() > 12 || t.scope.find_first_not_of("0123456789") != std::string::npos))
        bad(rec, "scope", "expected a region code prefix (digits), got '" + printable_utf8(t.scope) + "'");
    if (!std::isfinite(t.value) || t.value < 0 || (t.kind != "graduations" && t.value > 1))
        bad(rec, "value", t.kind == "graduations" ? "expected a count >= 0" : "expected a share between 0 and 1");
    if (!is_date(t.due)) bad(rec, "due", "expected a date YYYY-MM-DD, got '" + printable_utf8(t.due) + "'");
    if (db.stmt("SELECT 1 FROM targets WHERE id = ?1").bind(1, t.id).step()) bad(rec, "id", "duplicate target id");
    db.stmt("INSERT INTO targets(id, kind, scope, value, due, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, t.id).bind(2, t.kind).bind(3, t.scope).bind(4, t.value).bind(5, t.due).bind(6, t.note).run();
}
}  // namespace

void Store::add_target(const Target& t) { add_targets(std::vector<Target>{t}); }

void Store::add_targets(const std::vector<Target>& targets) {
    Lock lk(*impl_);
    impl_->need_writable();
    auto& db = impl_->db;
    all_or_nothing(db, targets, "target", [&](const Target& t) { insert_target(db, t); });
}

std::vector<Target> Store::targets() const {
    Lock lk(*impl_);
    std::vector<Target> v;
    auto& s = impl_->db.stmt("SELECT id, kind, scope, value, due, note FROM targets ORDER BY rowid");
    while (s.step()) v.push_back(Target{s.text(0), s.text(1), s.text(2), s.f64(3), s.text(4), s.text(5)});
    return v;
}

}  // namespace hatchnet::records

namespace hatchnet::records {

void Store::put_evaluations(const std::string& period, const std::string& scheme, const std::vector<EvaluationRow>& rows) {
    Lock lk(*impl_);
    impl_->need_writable();
    auto& db = impl_->db;
    const std::string rec = "evaluation " + printable_utf8(period) + "/" + printable_utf8(scheme);
    if (scheme.empty()) bad(rec, "scheme", "must not be empty");
    check_utf8(scheme, rec, "scheme");
    sql::Tx tx(db);
    if (!db.stmt("SELECT 1 FROM periods WHERE id = ?1").bind(1, period).step()) bad(rec, "period", "unknown period");
    db.stmt("DELETE FROM evaluations WHERE period = ?1 AND scheme = ?2").bind(1, period).bind(2, scheme).run();
    auto& ins = db.stmt("INSERT INTO evaluations(period, incubator, scheme, score, grade, rank, indicators) "
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    auto& known = db.stmt("SELECT 1 FROM incubators WHERE id = ?1");
    for (const auto& r : rows) {
        const std::string rr = "evaluation " + printable_utf8(r.incubator);
        if (r.period != period || r.scheme != scheme) bad(rr, "period", "every row names the cycle's period and scheme");
        if (!known.reset().bind(1, r.incubator).step()) bad(rr, "incubator", "unknown incubator");
        check_utf8(r.grade, rr, "grade");
        check_utf8(r.indicators, rr, "indicators");
        if (!nlohmann::json::parse(r.indicators, nullptr, false).is_object())  // read back by cycles
            bad(rr, "indicators", "expected a JSON object text");
        ins.reset().bind(1, period).bind(2, r.incubator).bind(3, scheme).bind(4, r.score).bind(5, r.grade).bind(6, r.rank)
            .bind(7, r.indicators).run();
    }
    tx.commit();
}

std::vector<EvaluationRow> Store::evaluations(const std::string& period, const std::string& scheme) const {
    Lock lk(*impl_);
    std::vector<EvaluationRow> v;
    auto& s = impl_->db.stmt(
        "SELECT period, incubator, scheme, score, grade, rank, indicators FROM evaluations "
        "WHERE period = ?1 AND (?2 = '' OR scheme = ?2) ORDER BY scheme, incubator");
    s.bind(1, period).bind(2, scheme);
    while (s.step()) {
        EvaluationRow r{s.text(0), s.text(1), s.text(2), std::nullopt, s.text(4), std::nullopt, s.text(6)};
        if (!s.null(3)) r.score = s.f64(3);
        if (!s.null(5)) r.rank = s.f64(5);
        v.push_back(std::move(r));
    }
    return v;
}

}  // namespace hatchnet::records
