// evaluate_report.cpp — commendation and disclosure (see report.hpp).
#include "hatchnet/evaluate/report.hpp"

#include "hatchnet/error.hpp"

#include "../detail/format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace hatchnet::evaluate {

using nlohmann::json;

namespace {
using hatchnet::detail::num;
}  // namespace

std::string disclosure_file_name(std::string_view id) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(id.size() + 5);
    if (id.empty()) out = "%";  // a lone '%' is never the start of an escape: no other id gives it
    for (std::size_t i = 0; i < id.size(); ++i) {
        const auto c = static_cast<unsigned char>(id[i]);
        const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || (c == '.' && i > 0);
        if (keep) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out + ".html";
}

std::vector<Commendation> commend(const Vector& score, const Eigen::VectorXi& group,
                                  const std::vector<std::string>& ids,
                                  const CommendationRule& rule,
                                  const Eigen::VectorXi& grade_index, const Vector& secondary) {
    const Index n = score.size();
    if (group.size() != n) throw input_error("commend", "group", "one group per unit required");
    if (Index(ids.size()) != n) throw input_error("commend", "ids", "one id per unit required");
    if (grade_index.size() && grade_index.size() != n)
        throw input_error("commend", "grade_index", "one grade per unit required");
    if (secondary.size() && secondary.size() != n)
        throw input_error("commend", "secondary", "one secondary key per unit required");
    if (rule.top_k < 1) throw input_error("commend", "top_k", "must be >= 1");
    check_finite(score, "score");
    std::map<int, std::vector<Index>> by_group;
    for (Index i = 0; i < n; ++i) {
        if (!(score[i] >= rule.min_score)) continue;
        if (rule.max_grade_index >= 0 && grade_index.size() &&
            (grade_index[i] < 0 || grade_index[i] > rule.max_grade_index))
            continue;
        by_group[group[i]].push_back(i);
    }
    if (by_group.empty() && n > 0) {
        // nothing eligible anywhere: not an error, an empty list
    }
    std::vector<Commendation> out;
    const bool brk = rule.ties == CommendationRule::Ties::break_by_secondary;
    for (auto& [g, v] : by_group) {
        std::stable_sort(v.begin(), v.end(), [&](Index a, Index b) {
            if (score[a] != score[b]) return score[a] > score[b];
            if (brk && secondary.size() && secondary[a] != secondary[b]) return secondary[a] > secondary[b];
            return ids[std::size_t(a)] < ids[std::size_t(b)];
        });
        const Index k = std::min<Index>(rule.top_k, Index(v.size()));
        Index take = k;
        std::string tie_note;
        if (k < Index(v.size()) && score[v[k - 1]] == score[v[k]]) {
            // tie at the cut-off
            Index end = k;
            while (end < Index(v.size()) && score[v[end]] == score[v[k - 1]]) ++end;
            Index start = k - 1;
            while (start > 0 && score[v[start - 1]] == score[v[k - 1]]) --start;
            std::string names;
            for (Index t = start; t < end; ++t) names += (t > start ? ", " : "") + ids[std::size_t(v[t])];
            if (!brk) {
                take = end;
                tie_note = "tied at the cut-off with " + names + " (score " + num(score[v[k - 1]], 6) +
                           "); all tied units commended, so " + std::to_string(take) +
                           " instead of " + std::to_string(k);
            } else {
                tie_note = "tied at the cut-off with " + names + " (score " + num(score[v[k - 1]], 6) +
                           "); broken by " + (secondary.size() ? "the secondary key (higher first), then " : "") +
                           "unit id (ascending)";
            }
        }
        Index pos = 0;
        for (Index t = 0; t < take; ++t) {
            const Index i = v[t];
            if (t == 0 || score[i] != score[v[t - 1]]) pos = t + 1;
            Commendation c;
            c.unit = i;
            c.group = g;
            c.position = pos;
            c.score = score[i];
            c.reason = "position " + std::to_string(pos) + " of " + std::to_string(v.size()) +
                       " eligible in group " + std::to_string(g) + " with score " + num(score[i], 6);
            if (!tie_note.empty() && score[i] == score[v[k - 1]]) c.reason += "; " + tie_note;
            out.push_back(std::move(c));
        }
    }
    return out;
}

std::string html_escape(const std::string& s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': o += "&amp;"; break;
            case '<': o += "&lt;"; break;
            case '>': o += "&gt;"; break;
            case '"': o += "&quot;"; break;
            case '\'': o += "&#39;"; break;
            default: o += c;
        }
    }
    return o;
}

json disclosure_json(const Scheme& s, const SchemeResult& r, Index u, const std::string& unit_id,
                     const DisclosureExtras& extra) {
    if (u < 0 || u >= r.total.size())
        throw input_error("disclosure", "unit", "unit index " + std::to_string(u) + " out of range");
    json j;
    j["unit"] = unit_id;
    if (!extra.unit_name.empty()) j["name"] = extra.unit_name;
    j["scheme"] = s.id;
    j["scheme_name"] = s.name;
    j["total"] = r.total[u];
    j["main_points"] = r.main_points[u];
    j["bonus_points"] = r.bonus_points[u];
    j["max_points"] = *s.total_points;
    j["grade"] = r.grade[std::size_t(u)];
    j["grade_before_veto"] = r.grade_before_veto[std::size_t(u)];
    j["vetoes"] = json::array();
    for (const auto& vid : r.vetoes_fired[std::size_t(u)]) {
        json v = {{"id", vid}};
        for (const auto& rule : s.vetoes) if (rule.id == vid && !rule.reason.empty()) v["reason"] = rule.reason;
        j["vetoes"].push_back(v);
    }
    j["indicators"] = json::array();
    for (std::size_t i = 0; i < s.indicators.size(); ++i) {
        const auto& ind = s.indicators[i];
        json o = {{"id", ind.id}, {"name", ind.name}, {"parent", ind.parent},
                  {"depth", s.depth[i]}, {"points", r.points(u, Index(i))},
                  {"max_points", s.max_points[i]}, {"fraction", r.fraction(u, Index(i))},
                  {"source", to_string(ind.source)}, {"bonus", bool(s.in_bonus[i])}};
        if (std::isnan(r.points(u, Index(i)))) { o["points"] = nullptr; o["fraction"] = nullptr; }
        j["indicators"].push_back(o);
    }
    if (extra.uncertainty) {
        const auto& un = *extra.uncertainty;
        j["rank"] = {{"nominal", un.nominal_rank[u]}, {"median", un.median_rank[u]},
                     {"p05", un.p05[u]}, {"p95", un.p95[u]}, {"units", un.nominal_rank.size()}};
    }
    if (extra.n_raters >= 0) j["n_raters"] = extra.n_raters;
    if (!std::isnan(extra.rater_alpha)) j["rater_alpha"] = extra.rater_alpha;
    j["notes"] = r.notes;
    return j;
}

std::string disclosure_html(const json& rep) {
    auto text = [](const json& v) -> std::string {
        if (v.is_string()) return html_escape(v.get<std::string>());
        if (v.is_number()) return html_escape(num(v.get<double>(), 6));
        if (v.is_null()) return "&ndash;";
        return html_escape(v.dump());
    };
    std::ostringstream h;
    const std::string title = "Evaluation disclosure: " + (rep.contains("name") ? text(rep["name"]) : text(rep["unit"]));
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << title << "</title>\n<style>\n"
      << "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}\n"
      << "table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left}\n"
      << "td.num{text-align:right;font-variant-numeric:tabular-nums}.grade{font-size:2rem;font-weight:700}\n"
      << ".bar{background:#e8eef7;height:.6rem}.bar>span{display:block;height:100%;background:#3b6fb6}\n"
      << ".note{color:#555;font-size:.9rem}\n</style>\n</head>\n<body>\n";
    h << "<h1>" << title << "</h1>\n";
    h << "<p>Unit <code>" << text(rep["unit"]) << "</code> &middot; scheme " << text(rep["scheme_name"])
      << " (<code>" << text(rep["scheme"]) << "</code>)</p>\n";
    h << "<p class=\"grade\">" << text(rep["grade"]) << "</p>\n";
    h << "<p>Total " << text(rep["total"]) << " of " << text(rep["max_points"]) << " points (main "
      << text(rep["main_points"]) << ", bonus " << text(rep["bonus_points"]) << ").";
    if (rep["grade_before_veto"] != rep["grade"])
        h << " Grade before veto rules: " << text(rep["grade_before_veto"]) << ".";
    h << "</p>\n";
    if (!rep["vetoes"].empty()) {
        h << "<h2>Veto rules applied</h2>\n<ul>\n";
        for (const auto& v : rep["vetoes"])
            h << "<li><code>" << text(v["id"]) << "</code>" << (v.contains("reason") ? ": " + text(v["reason"]) : "") << "</li>\n";
        h << "</ul>\n";
    }
    if (rep.contains("rank")) {
        const auto& r = rep["rank"];
        h << "<h2>Rank and its uncertainty</h2>\n<p>Rank " << text(r["nominal"]) << " of " << text(r["units"])
          << "; under the stated uncertainty the rank lies between " << text(r["p05"]) << " and "
          << text(r["p95"]) << " (5th&ndash;95th percentile, median " << text(r["median"]) << ").</p>\n";
    }
    if (rep.contains("n_raters")) {
        h << "<p>Ratings from " << text(rep["n_raters"]) << " rater(s)";
        if (rep.contains("rater_alpha")) h << "; inter-rater reliability (Krippendorff's alpha) " << text(rep["rater_alpha"]);
        h << ".</p>\n";
    }
    h << "<h2>Score by indicator</h2>\n<table>\n<tr><th>Indicator</th><th>Source</th><th>Points</th><th>Max</th><th></th></tr>\n";
    for (const auto& o : rep["indicators"]) {
        const int depth = o["depth"].get<int>();
        const double frac = o["fraction"].is_number() ? o["fraction"].get<double>() : 0.0;
        h << "<tr><td style=\"padding-left:" << 0.5 + 1.2 * depth << "rem\">" << (depth == 0 ? "<strong>" : "")
          << text(o["name"]) << (depth == 0 ? "</strong>" : "") << (o["bonus"].get<bool>() ? " (bonus)" : "")
          << "</td><td>" << text(o["source"]) << "</td><td class=\"num\">" << text(o["points"])
          << "</td><td class=\"num\">" << text(o["max_points"]) << "</td><td style=\"width:8rem\"><div class=\"bar\"><span style=\"width:"
          << std::clamp(frac, 0.0, 1.0) * 100 << "%\"></span></div></td></tr>\n";
    }
    h << "</table>\n";
    if (!rep["notes"].empty()) {
        h << "<h2>Notes on the data</h2>\n<ul class=\"note\">\n";
        for (const auto& n : rep["notes"]) h << "<li>" << text(n) << "</li>\n";
        h << "</ul>\n";
    }
    h << "</body>\n</html>\n";
    return h.str();
}

}  // namespace hatchnet::evaluate
