// hatchnet demo | validate | info — the network commands.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/validate.hpp"

namespace hatchnet::cli {
namespace {

struct DistrictRow {
    std::string code, name;
    std::int64_t population = 0;
    std::size_t streets = 0, communities = 0;
    std::array<std::size_t, tier_count> nodes{};
    std::size_t orgs = 0, community_orgs = 0;
    std::int64_t capacity = 0;
};

std::map<std::string, DistrictRow> by_district(const Network& net) {
    std::map<std::string, DistrictRow> rows;
    for (const auto& r : net.regions) {
        if (r.code.size() == 6) {
            auto& d = rows[r.code];
            d.code = r.code;
            d.name = r.name;
            d.population = r.population.value_or(0);
        }
    }
    for (const auto& r : net.regions) {
        auto d = Network::district_of(r.code);
        if (d.empty() || !rows.count(d)) continue;
        if (r.code.size() == 9) ++rows[d].streets;
        if (r.code.size() == 12) ++rows[d].communities;
    }
    for (const auto& n : net.nodes) {
        auto d = Network::district_of(n.region);
        if (d.empty()) continue;
        auto& row = rows[d];
        if (row.code.empty()) row.code = d;
        ++row.nodes[std::size_t(n.tier)];
        row.capacity += n.capacity;
    }
    for (const auto& o : net.organizations) {
        auto d = Network::district_of(o.region);
        if (d.empty()) continue;
        auto& row = rows[d];
        if (row.code.empty()) row.code = d;
        (o.type == OrgType::community_org ? row.community_orgs : row.orgs)++;
    }
    return rows;
}

void print_tiers(const Network& net, std::ostream& os) {
    auto c = net.count_by_tier();
    std::array<std::int64_t, tier_count> cap{};
    for (const auto& n : net.nodes) cap[std::size_t(n.tier)] += n.capacity;
    os << "  " << std::left << std::setw(14) << "tier" << std::right << std::setw(8) << "nodes"
       << std::setw(12) << "capacity" << "\n";
    for (int t = 0; t < tier_count; ++t)
        os << "  " << std::left << std::setw(14) << to_string(Tier(t)) << std::right << std::setw(8)
           << c[t] << std::setw(12) << cap[t] << "\n";
    std::array<std::size_t, relation_count> e{};
    for (const auto& x : net.edges) ++e[std::size_t(x.type)];
    os << "  relations:";
    for (int r = 0; r < relation_count; ++r) os << " " << to_string(Relation(r)) << " " << e[r];
    os << "\n";
    std::array<std::size_t, 4> o{};
    for (const auto& x : net.organizations) ++o[std::size_t(x.type)];
    os << "  organizations: " << net.organizations.size() << " (";
    for (int t = 0; t < 4; ++t) os << (t ? ", " : "") << to_string(OrgType(t)) << " " << o[t];
    os << ")\n";
}

void print_districts(const Network& net, std::ostream& os) {
    auto rows = by_district(net);
    os << "  " << std::left << std::setw(8) << "code" << std::setw(12) << "district" << std::right
       << std::setw(11) << "population" << std::setw(8) << "streets" << std::setw(7) << "comm."
       << std::setw(10) << "incub." << std::setw(9) << "reg.SOs" << std::setw(10) << "comm.SOs"
       << std::setw(14) << "people/incub." << "\n";
    for (const auto& [code, r] : rows) {
        std::size_t incub = 0;
        for (int t = 0; t < tier_count; ++t)
            if (Tier(t) != Tier::community) incub += r.nodes[t];
        std::ostringstream name;
        name << r.name;
        os << "  " << std::left << std::setw(8) << code << name.str();
        // CJK names are two columns wide per character (3 bytes in UTF-8)
        int width = 0;
        for (unsigned char ch : r.name) width += (ch & 0xC0) != 0x80 ? ((ch >= 0xE0) ? 2 : 1) : 0;
        for (int i = width; i < 12; ++i) os << ' ';
        os << std::right << std::setw(11) << r.population << std::setw(8) << r.streets << std::setw(7)
           << r.communities << std::setw(10) << incub << std::setw(9) << r.orgs << std::setw(10)
           << r.community_orgs << std::setw(14)
           << (incub ? std::to_string(r.population / std::int64_t(incub)) : std::string("-")) << "\n";
    }
}

nlohmann::json issue_json(const Issue& i) {
    return {{"severity", i.severity == Severity::error ? "error" : "warning"},
            {"code", i.code},
            {"record", i.record},
            {"field", i.field},
            {"message", i.message}};
}

struct ValidateArgs {
    std::string file;
    Ui ui;
};

int cmd_validate(const ValidateArgs& a, std::ostream& out, std::ostream& err) {
    ValidationReport rep;
    io::LoadOptions opt;
    opt.validate = false;
    opt.report = &rep;
    std::size_t consortia = 0, contracts = 0;
    {
        Progress progress(a.ui, "validate");
        progress.stage("loading and checking " + a.file);
        try {
            Network n = is_std(a.file) ? io::load_json(read_input(a.file), opt) : io::load_json_file(a.file, opt);
            rep = validate(n);
            consortia = n.consortia.size();
            contracts = n.contracts.size();
        } catch (const validation_error& e) {
            rep = e.report();
        }
    }
    if (a.ui.json) {
        nlohmann::json errors = nlohmann::json::array(), warnings = nlohmann::json::array();
        for (const auto& e : rep.errors) errors.push_back(issue_json(e));
        for (const auto& w : rep.warnings) warnings.push_back(issue_json(w));
        print_json(out, {{"file", a.file}, {"ok", rep.ok()}, {"consortia", consortia}, {"contracts", contracts},
                         {"errors", errors}, {"warnings", warnings}});
    } else {
        for (const auto& e : rep.errors) out << e.to_string() << "\n";
        if (!a.ui.quiet)
            for (const auto& w : rep.warnings) out << w.to_string() << "\n";
    }
    out.flush();
    const auto missing = std::count_if(rep.warnings.begin(), rep.warnings.end(),
                                       [](const Issue& w) { return w.code == "missing_function"; });
    err << (is_std(a.file) ? std::string("standard input") : a.file) << ": " << rep.errors.size() << " errors, "
        << rep.warnings.size() << " warnings";
    if (missing) err << " (" << missing << " of them mandated functions a node does not perform)";
    if (consortia || contracts) err << "; " << consortia << " consortia and " << contracts << " contracts checked";
    err << "\n";
    return rep.ok() ? 0 : 1;
}

Run define_validate(Options& o) {
    auto a = std::make_shared<ValidateArgs>();
    o.positional("FILE", a->file, "the network file (.json or .json.gz; - for standard input)").required();
    o.ui(a->ui, true, "print the errors only, not the warnings (and no progress)");
    o.footer("Prints every error and warning on its own line (with --json: one object with \"ok\", \"errors\" "
             "and \"warnings\", each issue with severity, code, record, field and message); exits 1 when "
             "there are errors.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_validate(*a, out, err); };
}

nlohmann::json info_json(const Network& net) {
    nlohmann::json j;
    j["name"] = net.name;
    j["regions"] = net.regions.size();
    j["nodes"] = net.nodes.size();
    j["edges"] = net.edges.size();
    j["organizations"] = net.organizations.size();
    j["consortia"] = net.consortia.size();
    j["contracts"] = net.contracts.size();
    auto c = net.count_by_tier();
    std::array<std::int64_t, tier_count> cap{};
    for (const auto& n : net.nodes) cap[std::size_t(n.tier)] += n.capacity;
    nlohmann::json tiers = nlohmann::json::object();
    for (int t = 0; t < tier_count; ++t)
        tiers[std::string(to_string(Tier(t)))] = {{"nodes", c[t]}, {"capacity", cap[t]}};
    j["by_tier"] = tiers;
    std::array<std::size_t, relation_count> e{};
    for (const auto& x : net.edges) ++e[std::size_t(x.type)];
    nlohmann::json rel = nlohmann::json::object();
    for (int r = 0; r < relation_count; ++r) rel[std::string(to_string(Relation(r)))] = e[r];
    j["by_relation"] = rel;
    std::array<std::size_t, 4> ot{};
    for (const auto& x : net.organizations) ++ot[std::size_t(x.type)];
    nlohmann::json orgs = nlohmann::json::object();
    for (int t = 0; t < 4; ++t) orgs[std::string(to_string(OrgType(t)))] = ot[t];
    j["by_organization_type"] = orgs;
    nlohmann::json districts = nlohmann::json::array();
    for (const auto& [code, r] : by_district(net)) {
        std::size_t incub = 0;
        for (int t = 0; t < tier_count; ++t)
            if (Tier(t) != Tier::community) incub += r.nodes[t];
        nlohmann::json nodes = nlohmann::json::object();
        for (int t = 0; t < tier_count; ++t) nodes[std::string(to_string(Tier(t)))] = r.nodes[t];
        districts.push_back({{"code", code},
                             {"name", r.name},
                             {"population", r.population},
                             {"streets", r.streets},
                             {"communities", r.communities},
                             {"incubators", incub},
                             {"nodes_by_tier", nodes},
                             {"capacity", r.capacity},
                             {"registered_organizations", r.orgs},
                             {"community_organizations", r.community_orgs},
                             {"people_per_incubator", incub ? nlohmann::json(r.population / std::int64_t(incub))
                                                            : nlohmann::json(nullptr)}});
    }
    j["districts"] = districts;
    return j;
}

struct InfoArgs {
    std::string file;
    Ui ui;
};

int cmd_info(const InfoArgs& a, std::ostream& out, std::ostream&) {
    Network net;
    {
        Progress progress(a.ui, "info");
        progress.stage("loading " + a.file);
        net = load_network(a.file);
    }
    if (a.ui.json) {
        print_json(out, info_json(net));
        return 0;
    }
    out << "network: " << net.name << "\n"
        << "regions: " << net.regions.size() << ", nodes: " << net.nodes.size()
        << ", edges: " << net.edges.size() << ", organizations: " << net.organizations.size();
    if (!net.consortia.empty() || !net.contracts.empty())
        out << ", consortia: " << net.consortia.size() << ", contracts: " << net.contracts.size();
    out << "\n\n";
    print_tiers(net, out);
    out << "\n";
    print_districts(net, out);
    return 0;
}

Run define_info(Options& o) {
    auto a = std::make_shared<InfoArgs>();
    o.positional("FILE", a->file,
                 "the network file (.json or .json.gz; - for standard input; beijing for the embedded dataset)")
        .required();
    o.ui(a->ui);
    return [a](std::ostream& out, std::ostream& err) { return cmd_info(*a, out, err); };
}

struct DemoArgs {
    std::string network;
};

int cmd_demo(const DemoArgs& a, std::ostream& out, std::ostream&) {
    auto t0 = std::chrono::steady_clock::now();
    std::string path = a.network.empty() ? io::default_dataset_path() : a.network;
    ValidationReport rep;
    io::LoadOptions opt;
    opt.report = &rep;
    Network net = is_std(path) ? io::load_json(read_input(path), opt) : io::load_json_file(path, opt);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    out << "hatchnet demo — " << net.name << "\n" << net.description << "\n"
        << "loaded and validated " << (is_std(path) ? std::string("standard input") : path) << " in " << std::fixed
        << std::setprecision(0) << ms
        << " ms: " << net.regions.size() << " regions, " << net.nodes.size() << " incubators and stations, "
        << net.edges.size() << " relations, " << net.organizations.size() << " organizations; "
        << rep.errors.size() << " errors, " << rep.warnings.size() << " warnings\n";
    auto sections = demo_sections();
    std::stable_sort(sections.begin(), sections.end(),
                     [](const auto& x, const auto& y) { return x.order < y.order; });
    for (const auto& s : sections) {
        out << "\n== " << s.title << " ==\n";
        s.run(net, out);
    }
    return 0;
}

Run define_demo(Options& o) {
    auto a = std::make_shared<DemoArgs>();
    o.value("--network", a->network,
            "the network file (- for standard input) instead of the embedded Beijing dataset")
        .value_name("FILE");
    o.footer("Prints a readable report, section by section as each engine computes it (no --json: the other "
             "commands give each engine's result as JSON).");
    return [a](std::ostream& out, std::ostream& err) { return cmd_demo(*a, out, err); };
}

const Register r_validate{{"validate", "validate FILE [--quiet] [--json]",
                           "check a network file; every error (and warning) on its own line, exit 1 on errors",
                           define_validate}};
const Register r_info{{"info", "info FILE [--json]", "counts by tier and by district", define_info}};
const Register r_demo{{"demo", "demo [--network FILE]",
                       "a readable report of the embedded Beijing network and the engines on it", define_demo}};

const RegisterDemo d_tiers{{10, "The network by tier", print_tiers}};
const RegisterDemo d_districts{{20, "Districts: population, units, incubators, organizations",
                                print_districts}};
const RegisterDemo d_checks{{30, "Structural checks", [](const Network& net, std::ostream& os) {
                                 auto rep = validate(net);
                                 std::map<std::string, std::size_t> by;
                                 for (const auto& w : rep.warnings) ++by[w.code];
                                 os << "  " << rep.errors.size() << " errors, " << rep.warnings.size()
                                    << " warnings";
                                 for (const auto& [c, n] : by) os << "; " << c << ": " << n;
                                 os << "\n";
                                 for (std::size_t i = 0; i < rep.warnings.size() && i < 5; ++i)
                                     os << "  " << rep.warnings[i].to_string() << "\n";
                             }}};

}  // namespace
}  // namespace hatchnet::cli
