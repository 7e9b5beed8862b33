// Disclosure pages from Mustache templates: see hatchnet/io/publish.hpp and docs/publish.md.
#include "hatchnet/io/publish.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <unordered_map>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/supervision.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"

namespace hatchnet::io {

namespace {

namespace mu = kainjow::mustache;
using json = nlohmann::json;

/// A JSON value as Mustache data (numbers as their JSON text).
mu::data to_data(const json& j) {
    if (j.is_object()) {
        mu::data d{mu::data::type::object};
        for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(*it));
        return d;
    }
    if (j.is_array()) {
        mu::data d{mu::data::type::list};
        for (const auto& x : j) d.push_back(to_data(x));
        return d;
    }
    if (j.is_boolean()) return mu::data(j.get<bool>());
    if (j.is_string()) return mu::data(j.get<std::string>());
    if (j.is_null()) return mu::data(false);
    return mu::data(j.dump());
}

std::string fixed(double x, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, x);
    return buf;
}

struct Templates {
    std::string dir, style;
    std::unique_ptr<mu::mustache> index, incubator;
    json labels;

    Templates(const std::string& d, const std::string& lang) : dir(d) {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (!fs::is_directory(d, ec)) throw io_error(d, "no templates directory", io_error::reason::not_found);
        if (lang.empty() || lang.find('/') != std::string::npos || !fs::is_directory(fs::path(d) / lang, ec))
            throw input_error("options", "lang", "no templates for language '" + lang + "' in " + d);
        style = read_file((fs::path(d) / "style.css").string());
        index = load((fs::path(d) / lang / "index.html").string());
        incubator = load((fs::path(d) / lang / "incubator.html").string());
        const std::string lp = (fs::path(d) / lang / "labels.json").string();
        labels = parse_json_value(read_file(lp), "file " + lp);
        if (!labels.is_object()) throw input_error("file " + lp, "", "expected an object of label tables");
    }

    static std::unique_ptr<mu::mustache> load(const std::string& path) {
        auto m = std::make_unique<mu::mustache>(read_file(path));
        if (!m->is_valid()) throw input_error("file " + path, "", "not a valid Mustache template: " + m->error_message());
        return m;
    }

    std::string render(mu::mustache& t, const json& data, const std::string& what) const {
        std::string out = t.render(to_data(data));
        if (!t.is_valid()) throw input_error("template " + what, "", t.error_message());
        return out;
    }

    /// The label of `value` in table `table` of labels.json (the value itself when absent).
    std::string label(const char* table, std::string_view value) const {
        auto t = labels.find(table);
        if (t == labels.end() || !t->is_object()) return std::string(value);
        auto v = t->find(std::string(value));
        return v != t->end() && v->is_string() ? v->get<std::string>() : std::string(value);
    }
};

struct Supervision {
    double feedback = 0, complaints = 0, resolved = 0;
};

struct PageMaker {
    const Network& net;
    const Templates& tpl;
    std::unordered_map<std::string, std::vector<std::string>> parents, children;
    std::unordered_map<std::string, Supervision> sup;
    bool has_sup = false;

    std::string term_name(const std::vector<Vocabulary::Term>& v, const std::string& id) const {
        for (const auto& t : v)
            if (t.id == id) return t.name.empty() ? id : t.name;
        return id;
    }

    std::string region_name(const std::string& code) const {
        const Region* r = net.find_region(code);
        return r && !r->name.empty() ? r->name : code;
    }

    json links(const std::vector<std::string>& ids, const std::string& prefix) const {
        json a = json::array();
        for (const auto& id : ids) {
            const Node* n = net.find_node(id);
            a.push_back({{"name", n && !n->name.empty() ? n->name : id}, {"href", prefix + page_name(id)}});
        }
        return a;
    }

    json staff(const Node& n) const {
        json o{{"has_staff", false}};
        if (!n.staff) return o;
        const Staff& s = *n.staff;
        o = {{"has_staff", true}, {"staff_total", s.total}, {"staff_trained", s.trained},
             {"staff_funded_posts", s.funded_posts},
             {"staff_trained_pct", s.total > 0 ? fixed(100.0 * double(s.trained) / double(s.total), 0) : "—"}};
        if (s.pay) o["staff_pay"] = fixed(*s.pay, 0);
        const auto& floor = net.staffing.pay_floor;
        if (s.pay && floor) {
            o["below_floor"] = *s.pay < *floor;
            o["pay_floor"] = fixed(*floor, 0);
        }
        return o;
    }

    json page(const Node& n) const {
        json p{{"id", n.id}, {"name", n.name.empty() ? n.id : n.name}, {"network", net.name}, {"root", "../"},
               {"tier", to_string(n.tier)}, {"tier_label", tpl.label("tier", to_string(n.tier))},
               {"region", n.region}, {"region_name", region_name(n.region)},
               {"operator_label", tpl.label("operator", to_string(n.op))},
               {"capacity", n.capacity}, {"occupied", n.occupied}, {"spare", n.spare()}};
    // an empty string would open a Mustache section: leave the value out instead
    if (!n.capacity_updated.empty()) p["capacity_updated"] = n.capacity_updated;
        if (n.sponsor) p["sponsor_label"] = tpl.label("sponsor", to_string(*n.sponsor));
        if (n.build) p["build_label"] = tpl.label("build_mode", to_string(*n.build));
        if (n.operation) p["operation_label"] = tpl.label("operation_mode", to_string(*n.operation));
        p["has_location"] = n.lat && n.lon;
        if (n.lat && n.lon) { p["lat"] = fixed(*n.lat, 5); p["lon"] = fixed(*n.lon, 5); }
        json sv = json::array(), sc = json::array();
        for (const auto& s : n.services) sv.push_back({{"id", s}, {"name", term_name(net.vocabulary.services, s)}});
        for (const auto& s : n.sectors) sc.push_back({{"id", s}, {"name", term_name(net.vocabulary.sectors, s)}});
        p["services"] = sv;
        p["sectors"] = sc;
        p["has_sectors"] = !sc.empty();
        p.update(staff(n));
        p["has_score"] = n.score.has_value();
        if (n.score) p["score"] = fixed(*n.score, 1);
        auto pa = parents.find(n.id), ch = children.find(n.id);
        p["parents"] = links(pa == parents.end() ? std::vector<std::string>{} : pa->second, "");
        p["children"] = links(ch == children.end() ? std::vector<std::string>{} : ch->second, "");
        p["has_children"] = !p["children"].empty();
        p["has_supervision"] = has_sup;
        if (has_sup) {
            auto it = sup.find(n.id);
            const Supervision s = it == sup.end() ? Supervision{} : it->second;
            p["feedback"] = fixed(s.feedback, 0);
            p["complaints"] = fixed(s.complaints, 0);
            p["resolved"] = fixed(s.resolved, 0);
            if (s.complaints > 0) p["resolution_pct"] = fixed(100.0 * s.resolved / s.complaints, 0);
        }
        return p;
    }

    json directory() const {
        json tiers = json::array();
        for (int t = 0; t < tier_count; ++t) {
            json rows = json::array();
            for (const auto& n : net.nodes) {
                if (int(n.tier) != t) continue;
                std::string services;
                for (const auto& s : n.services)
                    services += (services.empty() ? "" : " · ") + term_name(net.vocabulary.services, s);
                rows.push_back({{"name", n.name.empty() ? n.id : n.name}, {"href", "incubators/" + page_name(n.id)},
                                {"region_name", region_name(n.region)}, {"services", services},
                                {"capacity", n.capacity}, {"spare", n.spare()},
                                {"score", n.score ? fixed(*n.score, 1) : "—"}});
            }
            if (rows.empty()) continue;
            tiers.push_back({{"tier", to_string(Tier(t))}, {"label", tpl.label("tier", to_string(Tier(t)))},
                             {"count", rows.size()}, {"incubators", rows}});
        }
        return {{"network", net.name}, {"root", ""}, {"count", net.nodes.size()}, {"tiers", tiers}};
    }
};

}  // namespace

std::string default_templates_dir() { return default_data_dir() + "/templates"; }

std::string page_name(std::string_view id) {
    static const char* hex = "0123456789ABCDEF";
    std::string s;
    for (unsigned char c : id) {
        if (std::isalnum(c) || c == '-' || c == '_' || (c == '.' && !s.empty())) s += char(c);
        else { s += '~'; s += hex[c >> 4]; s += hex[c & 15]; }
    }
    return s + ".html";
}

std::map<std::string, std::string> publish_pages(const Network& net, const PublishOptions& opt) {
    const Templates tpl(opt.templates.empty() ? default_templates_dir() : opt.templates, opt.lang);
    PageMaker pm{net, tpl, {}, {}, {}, false};
    for (const auto& e : net.edges)
        if (e.type == Relation::guidance) {
            pm.parents[e.to].push_back(e.from);
            pm.children[e.from].push_back(e.to);
        }
    if (opt.feedback) {
        pm.has_sup = true;
        for (const auto& f : *opt.feedback) {
            if (!net.find_node(f.incubator))
                throw input_error("feedback " + f.id, "incubator", "no incubator '" + f.incubator + "' in the network");
            auto& s = pm.sup[f.incubator];
            if (f.kind == evaluate::FeedbackKind::feedback) ++s.feedback;
            else { ++s.complaints; if (f.resolved) ++s.resolved; }
        }
    }
    std::map<std::string, std::string> out;
    out["style.css"] = tpl.style;
    out["index.html"] = tpl.render(*tpl.index, pm.directory(), "index.html");
    for (const auto& n : net.nodes) {
        std::string& page = out["incubators/" + page_name(n.id)];
        if (page.empty()) page = tpl.render(*tpl.incubator, pm.page(n), "incubator.html");
    }
    return out;
}

void publish(const Network& net, const std::string& dir, const PublishOptions& opt) {
    const auto pages = publish_pages(net, opt);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(fs::path(dir) / "incubators", ec);
    if (ec) throw io_error(dir, "cannot create the directory: " + ec.message());
    for (const auto& [rel, text] : pages) write_file((fs::path(dir) / rel).string(), text);
}

}  // namespace hatchnet::io
