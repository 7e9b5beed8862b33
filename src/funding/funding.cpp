// The funding engine's model: enums, dates, checks, cost items, payments, cost per served.
#include "hatchnet/funding/funding.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/evaluate/scheme.hpp"

namespace hatchnet::funding {

namespace {
constexpr std::array<std::string_view, 5> kKinds{"municipal_budget", "welfare_lottery", "district_special",
                                                 "social", "enterprise"};
constexpr std::array<std::string_view, 5> kPurposes{"build", "operation", "services", "staff", "projects"};

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

void nonneg(const std::string& rec, const std::string& field, double v) {
    if (!std::isfinite(v)) throw input_error(rec, field, "must be a finite number");
    if (v < 0) throw input_error(rec, field, "must be >= 0 (got " + num(v) + ")");
}
}  // namespace

std::string_view to_string(FundKind k) noexcept { return kKinds[std::size_t(k)]; }
std::string_view to_string(Purpose p) noexcept { return kPurposes[std::size_t(p)]; }

std::optional<FundKind> parse_fund_kind(std::string_view s) noexcept {
    for (std::size_t i = 0; i < kKinds.size(); ++i)
        if (s == kKinds[i]) return FundKind(i);
    if (s == "budget") return FundKind::municipal_budget;
    if (s == "lottery") return FundKind::welfare_lottery;
    if (s == "district") return FundKind::district_special;
    if (s == "enterprises") return FundKind::enterprise;
    return std::nullopt;
}

std::optional<Purpose> parse_purpose(std::string_view s) noexcept {
    for (std::size_t i = 0; i < kPurposes.size(); ++i)
        if (s == kPurposes[i]) return Purpose(i);
    return std::nullopt;
}

// ------------------------------------------------------------------ dates

namespace {
bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int month_days(int y, int m) {
    static constexpr int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}
}  // namespace

std::optional<Date> parse_date(std::string_view s) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto digits = [&](std::size_t a, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = a; i < a + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    Date d;
    if (!digits(0, 4, d.year) || !digits(5, 2, d.month) || !digits(8, 2, d.day)) return std::nullopt;
    if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > month_days(d.year, d.month))
        return std::nullopt;
    return d;
}

std::string to_string(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::int64_t days(const Date& d) noexcept {  // Howard Hinnant's days_from_civil
    const int y = d.year - (d.month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = unsigned((153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t(era) * 146097 + std::int64_t(doe) - 719468;
}

double amount_in_year(const Contract& c, int year) noexcept {
    const std::int64_t a = days(c.start), b = days(c.end);
    const std::int64_t y0 = days(Date{year, 1, 1}), y1 = days(Date{year, 12, 31});
    const std::int64_t lo = std::max(a, y0), hi = std::min(b, y1);
    if (hi < lo || b < a) return 0;
    return c.amount * (double(hi - lo + 1) / double(b - a + 1));  // the ratio first: no overflow near DBL_MAX
}

// ------------------------------------------------------------------ checks

const Fund* Book::find_fund(std::string_view id) const noexcept {
    for (const auto& f : funds)
        if (f.id == id) return &f;
    return nullptr;
}

namespace {
void check_fund(const Fund& f) {
    const std::string rec = "fund " + f.id;
    if (f.amounts.empty()) throw input_error(rec, "amounts", "a fund needs an amount for at least one period");
    for (const auto& [y, a] : f.amounts) nonneg(rec, "amounts." + std::to_string(y), a);
    if (f.kind == FundKind::district_special && f.district.empty())
        throw input_error(rec, "district", "a district_special fund names its district");
    std::set<std::string> seen;
    for (std::size_t k = 0; k < f.earmarks.size(); ++k) {
        const auto& e = f.earmarks[k];
        const std::string er = rec + " earmark " + (e.id.empty() ? std::to_string(k) : e.id);
        if (e.id.empty()) throw input_error(er, "id", "an earmark needs an id");
        if (!seen.insert(e.id).second) throw input_error(er, "id", "duplicate earmark id");
        if (!e.cap) continue;
        nonneg(er, "cap", *e.cap);
        for (const auto& [y, a] : f.amounts)
            if (*e.cap > a)
                throw input_error(er, "cap", "cap " + num(*e.cap) + " exceeds the fund's amount " + num(a) +
                                                 " in " + std::to_string(y));
    }
}

void check_contract(const Contract& c, const Book& b) {
    const std::string rec = "contract " + c.id;
    if (c.buyer.empty()) throw input_error(rec, "buyer", "a contract names its buyer");
    if (c.incubator.empty()) throw input_error(rec, "incubator", "a contract names its incubator");
    nonneg(rec, "amount", c.amount);
    if (c.end < c.start)
        throw input_error(rec, "end", "ends (" + to_string(c.end) + ") before it starts (" + to_string(c.start) + ")");
    if (!c.fund.empty() && !b.find_fund(c.fund)) throw input_error(rec, "fund", "unknown fund '" + c.fund + "'");
    double sum = 0;
    for (std::size_t t = 0; t < c.tranches.size(); ++t) {
        const auto& tr = c.tranches[t];
        const std::string tt = rec + " tranche " + std::to_string(t + 1);
        nonneg(tt, "share", tr.share);
        if (tr.due && (*tr.due < c.start || c.end < *tr.due))
            throw input_error(tt, "due", "date " + to_string(*tr.due) + " outside the contract's period");
        sum += tr.share;
    }
    if (!c.tranches.empty() && std::abs(sum - 1) > 1e-9)
        throw input_error(rec, "tranches", "shares sum to " + num(sum) + ", not 1");
    for (std::size_t r = 0; r < c.rules.size(); ++r) {
        const auto& ru = c.rules[r];
        const std::string rr = rec + " rule " + std::to_string(r + 1);
        const int conds = int(ru.grade_below.has_value()) + int(ru.score_below.has_value()) +
                          int(ru.per_missed_deliverable);
        if (conds != 1)
            throw input_error(rr, "", "a rule has exactly one condition: grade_below, score_below or per_missed_deliverable");
        if (!std::isfinite(ru.withhold) || ru.withhold < 0 || ru.withhold > 1)
            throw input_error(rr, "withhold", "must be in [0, 1]");
        if (ru.score_below && !std::isfinite(*ru.score_below)) throw input_error(rr, "score_below", "must be finite");
    }
    std::set<std::string> seen;
    for (std::size_t d = 0; d < c.deliverables.size(); ++d) {
        const auto& dv = c.deliverables[d];
        const std::string dr = rec + " deliverable " + std::to_string(d + 1);
        if (dv.indicator.empty()) throw input_error(dr, "indicator", "a deliverable names an indicator");
        if (!seen.insert(dv.indicator).second) throw input_error(dr, "indicator", "duplicate deliverable");
        if (!std::isfinite(dv.min_fraction) || dv.min_fraction < 0 || dv.min_fraction > 1)
            throw input_error(dr, "min_fraction", "must be in [0, 1]");
    }
}

bool region_known(const Network& net, const std::string& code) {
    return net.find_region(code) != nullptr || std::any_of(net.nodes.begin(), net.nodes.end(), [&](const Node& n) {
               return region_within(n.region, code);
           });
}
}  // namespace

void check(const Book& b) {
    std::set<std::string> ids;
    for (const auto& f : b.funds) {
        if (f.id.empty()) throw input_error("fund", "id", "a fund needs an id");
        if (!ids.insert(f.id).second) throw input_error("fund " + f.id, "id", "duplicate fund id");
        check_fund(f);
    }
    ids.clear();
    for (const auto& c : b.contracts) {
        if (c.id.empty()) throw input_error("contract", "id", "a contract needs an id");
        if (!ids.insert(c.id).second) throw input_error("contract " + c.id, "id", "duplicate contract id");
        check_contract(c, b);
    }
}

namespace {
void check_fund_against(const Fund& f, const Network& net) {
    const std::string rec = "fund " + f.id;
    if (!f.district.empty() && !region_known(net, f.district))
        throw input_error(rec, "district", "unknown region '" + f.district + "'");
    for (const auto& e : f.earmarks) {
        const std::string er = rec + " earmark " + e.id;
        for (const auto& d : e.districts)
            if (!region_known(net, d)) throw input_error(er, "districts", "unknown region '" + d + "'");
        for (const auto& s : e.services)
            if (!net.vocabulary.has_service(s)) throw input_error(er, "services", "unknown service '" + s + "'");
    }
}

void check_contract_against(const Contract& c, const Book& b, const Network& net, const evaluate::Scheme* scheme) {
    const std::string rec = "contract " + c.id;
    const Node* node = net.find_node(c.incubator);
    if (!node) throw input_error(rec, "incubator", "unknown node '" + c.incubator + "'");
    for (const auto& s : c.services)
        if (!net.vocabulary.has_service(s)) throw input_error(rec, "services", "unknown service '" + s + "'");
    if (scheme) {
        for (std::size_t d = 0; d < c.deliverables.size(); ++d)
            if (scheme->index_of(c.deliverables[d].indicator) < 0)
                throw input_error(rec + " deliverable " + std::to_string(d + 1), "indicator",
                                  "unknown indicator '" + c.deliverables[d].indicator + "' in scheme " + scheme->id);
        for (std::size_t r = 0; r < c.rules.size(); ++r) {
            const auto& g = c.rules[r].grade_below;
            if (g && std::none_of(scheme->grades.begin(), scheme->grades.end(),
                                  [&](const evaluate::Grade& x) { return x.name == *g; }))
                throw input_error(rec + " rule " + std::to_string(r + 1), "grade_below",
                                  "unknown grade '" + *g + "' in scheme " + scheme->id);
        }
    }
    if (c.fund.empty()) return;
    const Fund& f = *b.find_fund(c.fund);
    const CostItem it = cost_item_of(c, net, c.amount);
    if (f.earmarks.empty()) {
        Earmark open;
        if (!admits(f, open, it, net.vocabulary)) throw input_error(rec, "fund", "fund " + f.id + " pays only in district " + f.district);
        return;
    }
    std::string why;
    for (const auto& e : f.earmarks)
        if (admits(f, e, it, net.vocabulary, &why)) return;
    throw input_error(rec, "fund", "no earmark of fund " + f.id + " admits it (" + why + ")");
}
}  // namespace

void check(const Book& b, const Network& net, const evaluate::Scheme* scheme) {
    check(b);
    for (const auto& f : b.funds) check_fund_against(f, net);
    for (const auto& c : b.contracts) check_contract_against(c, b, net, scheme);
}

// ------------------------------------------------------------------ eligibility

bool admits(const Fund& f, const Earmark& e, const CostItem& i, const Vocabulary& vocab, std::string* why) {
    auto no = [&](std::string w) {
        if (why) *why = std::move(w);
        return false;
    };
    if (!f.district.empty() && !region_within(i.region, f.district))
        return no("fund " + f.id + " pays only in " + f.district);
    if (!e.tiers.empty() && (!i.tier || std::find(e.tiers.begin(), e.tiers.end(), *i.tier) == e.tiers.end()))
        return no("earmark " + e.id + ": tier " + (i.tier ? std::string(to_string(*i.tier)) : "unknown") + " not admitted");
    if (!e.modes.empty() && (!i.mode || std::find(e.modes.begin(), e.modes.end(), *i.mode) == e.modes.end()))
        return no("earmark " + e.id + ": build mode " + (i.mode ? std::string(to_string(*i.mode)) : "unknown") + " not admitted");
    if (!e.districts.empty() && std::none_of(e.districts.begin(), e.districts.end(), [&](const std::string& d) {
            return !i.region.empty() && region_within(i.region, d);
        }))
        return no("earmark " + e.id + ": region " + (i.region.empty() ? "unknown" : i.region) + " not admitted");
    if (!e.services.empty() && std::none_of(i.services.begin(), i.services.end(), [&](const std::string& s) {
            return std::any_of(e.services.begin(), e.services.end(),
                               [&](const std::string& a) { return vocab.service_within(s, a); });
        }))
        return no("earmark " + e.id + ": no admitted service");
    if (!e.purposes.empty() && std::find(e.purposes.begin(), e.purposes.end(), i.purpose) == e.purposes.end())
        return no("earmark " + e.id + ": purpose " + std::string(to_string(i.purpose)) + " not admitted");
    if (why) why->clear();
    return true;
}

// ------------------------------------------------------------------ cost items

std::vector<CostItem> cost_items_from_plan(const coverage::PlanResult& plan) {
    std::vector<CostItem> out;
    const std::size_t n = plan.picks.size();
    for (std::size_t k = 0; k < n; ++k) {
        const auto& p = plan.picks[k];
        CostItem it;
        it.id = "pick-" + std::to_string(k + 1);
        it.name = p.name.empty() ? p.region : p.name;
        it.amount = p.cost;
        it.purpose = Purpose::build;
        it.tier = p.tier;
        it.mode = p.mode;
        it.region = p.region.empty() ? p.district : p.region;
        it.node = p.node;
        it.priority = double(n - k);
        out.push_back(std::move(it));
    }
    return out;
}

std::vector<CostItem> cost_items_from_split(const coverage::SplitResult& split) {
    std::vector<CostItem> out;
    for (const auto& r : split.districts) {
        if (!(r.spend > 0)) continue;
        CostItem it;
        it.id = "split-" + r.code;
        it.name = r.name;
        it.amount = r.spend;
        it.purpose = Purpose::services;
        it.region = r.code;
        out.push_back(std::move(it));
    }
    return out;
}

CostItem cost_item_of(const Contract& c, const Network& net, double amount) {
    CostItem it;
    it.id = "contract-" + c.id;
    it.name = c.buyer;
    it.amount = amount;
    it.purpose = c.purpose;
    it.services = c.services;
    it.node = c.incubator;
    if (const Node* n = net.find_node(c.incubator)) {
        it.tier = n->tier;
        it.mode = n->build;
        it.region = n->region;
    }
    return it;
}

std::vector<CostItem> cost_items_from_contracts(const Book& book, const Network& net, int year) {
    std::vector<CostItem> out;
    for (const auto& c : book.contracts) {
        if (!c.fund.empty()) continue;
        const double a = amount_in_year(c, year);
        if (!(a > 0)) continue;
        out.push_back(cost_item_of(c, net, a));
    }
    return out;
}

// ------------------------------------------------------------------ payments

Performance performance_from(const evaluate::NetworkEvaluation& e, const evaluate::Scheme& s) {
    Performance p;
    for (const auto& g : s.grades) p.grades.push_back(g.name);
    p.ungraded = s.ungraded;
    for (std::size_t u = 0; u < e.ids.size(); ++u) {
        UnitPerformance up;
        up.grade = e.scheme.grade[u];
        up.score = e.score[Eigen::Index(u)];
        for (std::size_t i = 0; i < e.scheme.node_ids.size(); ++i) {
            const double f = e.scheme.fraction(Eigen::Index(u), Eigen::Index(i));
            if (std::isfinite(f)) up.indicators[e.scheme.node_ids[i]] = f;
        }
        p.units[e.ids[u]] = std::move(up);
    }
    return p;
}

namespace {
/// Position of a grade in the order (0 = best); the ungraded / unknown come after every grade.
std::size_t grade_rank(const Performance& p, const std::string& g) {
    const auto it = std::find(p.grades.begin(), p.grades.end(), g);
    return std::size_t(it - p.grades.begin());
}

void apply_rules(const Contract& c, const Performance& perf, const UnitPerformance* up, Payment& pay) {
    for (const auto& d : c.deliverables) {
        bool met = false;
        if (up) {
            const auto it = up->indicators.find(d.indicator);
            met = it != up->indicators.end() && it->second >= d.min_fraction;
        }
        if (!met) pay.missed.push_back(d.indicator);
    }
    double w = 0;
    for (const auto& r : c.rules) {
        if (r.grade_below) {
            const std::string g = up ? up->grade : perf.ungraded;
            if (grade_rank(perf, g) > grade_rank(perf, *r.grade_below)) {
                w += r.withhold;
                pay.reasons.push_back("grade " + (g.empty() ? perf.ungraded : g) + " below " + *r.grade_below +
                                      ": withhold " + num(100 * r.withhold) + "%");
            }
        } else if (r.score_below) {
            if (!up || !up->score || *up->score < *r.score_below) {
                w += r.withhold;
                pay.reasons.push_back((up && up->score ? "score " + num(*up->score) + " below " : std::string("no score, needs ")) +
                                      num(*r.score_below) + ": withhold " + num(100 * r.withhold) + "%");
            }
        } else if (r.per_missed_deliverable && !pay.missed.empty()) {
            w += r.withhold * double(pay.missed.size());
            pay.reasons.push_back(std::to_string(pay.missed.size()) + " deliverable(s) missed: withhold " +
                                  num(100 * r.withhold * double(pay.missed.size())) + "%");
        }
    }
    pay.withheld_share = std::min(1.0, w);
}
}  // namespace

std::vector<Payment> payments(const Book& book, const Performance& perf, const PaymentOptions& opt) {
    // A grade_below rule on a grade the results do not know would never fire: refuse it.
    for (const auto& c : book.contracts)
        for (std::size_t r = 0; r < c.rules.size(); ++r)
            if (const auto& g = c.rules[r].grade_below; g && std::find(perf.grades.begin(), perf.grades.end(), *g) == perf.grades.end())
                throw input_error("contract " + c.id + " rule " + std::to_string(r + 1), "grade_below",
                                  "unknown grade '" + *g + "' (the evaluation results' grades: " +
                                      (perf.grades.empty() ? std::string("none") : [&] {
                                          std::string s;
                                          for (const auto& x : perf.grades) s += (s.empty() ? "" : ", ") + x;
                                          return s;
                                      }()) + ")");
    std::vector<Payment> out;
    out.reserve(book.contracts.size());
    for (const auto& c : book.contracts) {
        Payment p;
        p.contract = c.id;
        p.incubator = c.incubator;
        p.fund = c.fund;
        p.buyer = c.buyer;
        p.amount = c.amount;
        const auto uit = perf.units.find(c.incubator);
        const UnitPerformance* up = uit == perf.units.end() ? nullptr : &uit->second;
        p.evaluated = up != nullptr;
        if (up) {
            p.grade = up->grade;
            p.score = up->score;
        } else {
            p.reasons.push_back("no evaluation result for " + c.incubator);
        }
        apply_rules(c, perf, up, p);
        std::vector<Tranche> tr = c.tranches;
        if (tr.empty()) tr.push_back(Tranche{1.0, c.end, true});
        double fixed = 0;
        for (const auto& t : tr) {
            const Date due = t.due.value_or(c.end);
            if (opt.as_of && *opt.as_of < due) continue;
            (t.linked ? p.linked : fixed) += t.share * c.amount;
        }
        p.scheduled = p.linked + fixed;
        p.withheld = p.linked * p.withheld_share;
        p.due = p.scheduled - p.withheld;
        out.push_back(std::move(p));
    }
    return out;
}

// ------------------------------------------------------------------ cost per organization served

namespace {
constexpr std::int64_t kMaxServed = 1'000'000'000'000;
}  // namespace

CostPerServed cost_per_served(const Book& book, const Network& net, const std::vector<Payment>& pays,
                              const std::map<std::string, std::int64_t>* served) {
    std::map<std::string, double> spent;
    if (pays.empty()) {
        for (const auto& c : book.contracts) spent[c.incubator] += c.amount;
    } else {
        for (const auto& p : pays) spent[p.incubator] += p.due;
    }
    if (served)
        for (const auto& [id, n] : *served) {
            if (!net.find_node(id)) throw input_error("served " + id, "", "unknown node '" + id + "'");
            if (n < 0) throw input_error("served " + id, "", "count must be >= 0");
            // the district sums add counts: keep them far from int64 overflow
            if (n > kMaxServed) throw input_error("served " + id, "", "count must be at most 10^12");
        }
    CostPerServed out;
    out.served_from = served ? "given" : "occupied";
    std::map<std::string, CostRow> by_d;
    for (const auto& n : net.nodes) {
        const auto sit = spent.find(n.id);
        if (sit == spent.end()) continue;
        CostRow r;
        r.key = n.id;
        r.name = n.name;
        r.district = Network::district_of(n.region);
        r.spent = sit->second;
        if (served) {
            const auto it = served->find(n.id);
            r.served = it == served->end() ? 0 : it->second;
        } else {
            r.served = n.occupied;
        }
        r.per_served = r.served > 0 ? r.spent / double(r.served) : std::nan("");
        CostRow& d = by_d[r.district];
        d.key = r.district;
        d.spent += r.spent;
        d.served += r.served;
        out.incubators.push_back(std::move(r));
    }
    for (const auto& c : book.contracts)
        if (!net.find_node(c.incubator))
            throw input_error("contract " + c.id, "incubator", "unknown node '" + c.incubator + "'");
    for (auto& [code, d] : by_d) {
        if (const Region* rg = net.find_region(code)) d.name = rg->name;
        d.per_served = d.served > 0 ? d.spent / double(d.served) : std::nan("");
        out.districts.push_back(std::move(d));
    }
    return out;
}

}  // namespace hatchnet::funding
