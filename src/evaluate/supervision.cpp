// Public supervision records and the network-derived evaluation indicators (staff,
// feedback and complaints): see hatchnet/evaluate/supervision.hpp.
#include "hatchnet/evaluate/supervision.hpp"

#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "hatchnet/coverage/staffing.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/funding/funding.hpp"
#include "hatchnet/io/json_text.hpp"

namespace hatchnet::evaluate {

using ojson = nlohmann::ordered_json;

std::string_view to_string(FeedbackKind k) noexcept {
    return k == FeedbackKind::complaint ? "complaint" : "feedback";
}

std::optional<FeedbackKind> parse_feedback_kind(std::string_view s) noexcept {
    if (s == "feedback" || s == "意见") return FeedbackKind::feedback;
    if (s == "complaint" || s == "投诉") return FeedbackKind::complaint;
    return std::nullopt;
}

namespace {

Feedback feedback_from(const ojson& o, const std::string& rec, const Network* net) {
    if (!o.is_object()) throw input_error(rec, "", "expected an object");
    Feedback f;
    auto str = [&](const char* k, bool required) -> std::string {
        auto it = o.find(k);
        if (it == o.end() || it->is_null()) {
            if (required) throw input_error(rec, k, "is required");
            return "";
        }
        if (!it->is_string()) throw input_error(rec, k, "expected a string");
        return it->get<std::string>();
    };
    for (auto it = o.begin(); it != o.end(); ++it) {
        static const std::set<std::string> known{"id", "incubator", "date", "kind", "category", "resolved", "text"};
        if (!known.count(it.key()))
            throw input_error(rec, it.key(), "unknown field (id, incubator, date, kind, category, resolved, text)");
    }
    f.id = str("id", true);
    const std::string named = f.id.empty() ? rec : "feedback " + f.id;
    if (f.id.empty()) throw input_error(rec, "id", "must not be empty");
    f.incubator = str("incubator", true);
    if (net && !net->find_node(f.incubator))
        throw input_error(named, "incubator", "no incubator '" + f.incubator + "' in the network");
    f.date = str("date", true);
    if (!funding::parse_date(f.date))
        throw input_error(named, "date", "'" + f.date + "' is not a date YYYY-MM-DD");
    const std::string kind = str("kind", true);
    const auto k = parse_feedback_kind(kind);
    if (!k) throw input_error(named, "kind", "'" + kind + "' is not one of feedback, complaint");
    f.kind = *k;
    f.category = str("category", false);
    f.text = str("text", false);
    if (auto it = o.find("resolved"); it != o.end() && !it->is_null()) {
        if (!it->is_boolean()) throw input_error(named, "resolved", "expected true or false");
        f.resolved = it->get<bool>();
    }
    return f;
}

double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

}  // namespace

std::vector<Feedback> parse_feedback(std::string_view text, const Network* net) {
    ojson j = io::parse_json_text(text, "feedback");
    if (j.is_object()) {
        if (j.size() != 1 || !j.contains("feedback"))
            throw input_error("feedback", "", "expected an array of records or {\"feedback\": [...]}");
        j = j["feedback"];
    }
    if (!j.is_array()) throw input_error("feedback", "", "expected an array of records");
    std::vector<Feedback> out;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < j.size(); ++i) {
        out.push_back(feedback_from(j[i], "feedback[" + std::to_string(i) + "]", net));
        if (!ids.insert(out.back().id).second)
            throw input_error("feedback " + out.back().id, "id", "duplicate id");
    }
    return out;
}

std::string feedback_to_json(const std::vector<Feedback>& records) {
    ojson a = ojson::array();
    for (const auto& f : records)
        a.push_back({{"id", f.id}, {"incubator", f.incubator}, {"date", f.date}, {"kind", to_string(f.kind)},
                     {"category", f.category}, {"resolved", f.resolved}, {"text", f.text}});
    return a.dump();
}

const std::vector<std::string>& supervision_columns() {
    static const std::vector<std::string> c{"feedback_count", "complaint_count", "complaints_per_100_orgs",
                                            "complaint_resolution_rate"};
    return c;
}

IndicatorTable supervision_indicators(const Network& net, const std::vector<Feedback>& records,
                                      const SupervisionOptions& opt) {
    for (const auto* d : {&opt.from, &opt.to})
        if (!d->empty() && !funding::parse_date(*d))
            throw input_error("options", d == &opt.from ? "from" : "to", "'" + *d + "' is not a date YYYY-MM-DD");
    std::unordered_map<std::string, std::size_t> row;
    IndicatorTable t;
    t.columns = supervision_columns();
    for (const auto& n : net.nodes)
        if (row.emplace(n.id, t.ids.size()).second) t.ids.push_back(n.id);
    std::vector<double> fb(t.ids.size()), cp(t.ids.size()), res(t.ids.size());
    for (const auto& f : records) {
        auto it = row.find(f.incubator);
        if (it == row.end()) throw input_error("feedback " + f.id, "incubator", "no incubator '" + f.incubator + "' in the network");
        // ISO dates compare as text
        if ((!opt.from.empty() && f.date < opt.from) || (!opt.to.empty() && f.date > opt.to)) continue;
        if (f.kind == FeedbackKind::feedback) { ++fb[it->second]; continue; }
        ++cp[it->second];
        if (f.resolved) ++res[it->second];
    }
    t.values = Matrix::Constant(Index(t.ids.size()), Index(t.columns.size()), NAN);
    for (std::size_t r = 0; r < t.ids.size(); ++r) {
        const Node& n = *net.find_node(t.ids[r]);
        t.values(Index(r), 0) = fb[r];
        t.values(Index(r), 1) = cp[r];
        t.values(Index(r), 2) = n.occupied > 0 ? 100.0 * cp[r] / double(n.occupied) : NAN;
        t.values(Index(r), 3) = ratio(res[r], cp[r]);
    }
    return t;
}

const std::vector<std::string>& staff_columns() {
    static const std::vector<std::string> c{"staff", "staff_trained", "staff_trained_share", "staff_funded_posts",
                                            "staff_funded_share", "staff_pay", "staff_pay_ratio",
                                            "staff_below_pay_floor"};
    return c;
}

IndicatorTable staff_indicators(const Network& net) {
    const auto rep = coverage::staffing(net);
    IndicatorTable t;
    t.columns = staff_columns();
    std::vector<const coverage::StaffRow*> rows;
    std::set<std::string> seen;
    for (const auto& r : rep.nodes)
        if (r.recorded && seen.insert(r.node).second) rows.push_back(&r);
    t.values = Matrix::Constant(Index(rows.size()), Index(t.columns.size()), NAN);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = *rows[i];
        t.ids.push_back(r.node);
        const double below = std::isnan(r.pay) || std::isnan(rep.pay_floor) ? NAN : (r.below_floor ? 1.0 : 0.0);
        const double v[] = {double(r.staff), double(r.trained), r.trained_share, double(r.funded_posts),
                            r.funded_share, r.pay, r.pay_ratio, below};
        for (std::size_t c = 0; c < std::size(v); ++c) t.values(Index(i), Index(c)) = v[c];
    }
    return t;
}

IndicatorTable merge_indicators(const IndicatorTable& a, const IndicatorTable& b) {
    for (const auto& c : b.columns)
        if (std::find(a.columns.begin(), a.columns.end(), c) != a.columns.end())
            throw input_error("indicators", c, "column given twice (in the indicator data and by the network)");
    IndicatorTable t;
    t.ids = a.ids;
    t.columns = a.columns;
    t.columns.insert(t.columns.end(), b.columns.begin(), b.columns.end());
    std::unordered_map<std::string, std::size_t> row;
    for (std::size_t r = 0; r < t.ids.size(); ++r) row.emplace(t.ids[r], r);
    for (const auto& id : b.ids)
        if (row.emplace(id, t.ids.size()).second) t.ids.push_back(id);
    t.values = Matrix::Constant(Index(t.ids.size()), Index(t.columns.size()), NAN);
    if (a.values.size()) t.values.topLeftCorner(a.values.rows(), a.values.cols()) = a.values;
    for (std::size_t r = 0; r < b.ids.size(); ++r)
        for (std::size_t c = 0; c < b.columns.size(); ++c)
            t.values(Index(row.at(b.ids[r])), Index(a.columns.size() + c)) = b.values(Index(r), Index(c));
    return t;
}

std::string indicators_json_text(const IndicatorTable& t) {
    ojson a = ojson::array();
    for (std::size_t r = 0; r < t.ids.size(); ++r) {
        ojson o{{"id", t.ids[r]}};
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const double v = t.values(Index(r), Index(c));
            if (std::isnan(v)) o[t.columns[c]] = nullptr;
            else o[t.columns[c]] = v;
        }
        a.push_back(std::move(o));
    }
    return a.dump();
}

}  // namespace hatchnet::evaluate
