// hatchnet demo | validate | info — the network commands.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
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

int cmd_validate(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.positional.size() != 1) {
        err << "usage: hatchnet validate FILE\n";
        return 2;
    }
    ValidationReport rep;
    io::LoadOptions opt;
    opt.validate = false;
    opt.report = &rep;
    try {
        Network n = io::load_json_file(a.positional[0], opt);
        rep = validate(n);
    } catch (const validation_error& e) {
        rep = e.report();
    }
    for (const auto& e : rep.errors) out << e.to_string() << "\n";
    if (!a.has("quiet"))
        for (const auto& w : rep.warnings) out << w.to_string() << "\n";
    err << a.positional[0] << ": " << rep.errors.size() << " errors, " << rep.warnings.size()
        << " warnings\n";
    return rep.ok() ? 0 : 1;
}

int cmd_info(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.positional.size() != 1) {
        err << "usage: hatchnet info FILE\n";
        return 2;
    }
    Network net = load_network(a.positional[0]);
    out << "network: " << net.name << "\n"
        << "regions: " << net.regions.size() << ", nodes: " << net.nodes.size()
        << ", edges: " << net.edges.size() << ", organizations: " << net.organizations.size() << "\n\n";
    print_tiers(net, out);
    out << "\n";
    print_districts(net, out);
    return 0;
}

int cmd_demo(const Args& a, std::ostream& out, std::ostream&) {
    auto t0 = std::chrono::steady_clock::now();
    std::string path = a.has("network") ? a.get("network") : io::default_dataset_path();
    ValidationReport rep;
    io::LoadOptions opt;
    opt.report = &rep;
    Network net = io::load_json_file(path, opt);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    out << "hatchnet demo — " << net.name << "\n" << net.description << "\n"
        << "loaded and validated " << path << " in " << std::fixed << std::setprecision(0) << ms
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

const Register r_validate{{"validate", "validate FILE [--quiet]",
                           "check a network file; every error (and warning) on its own line, exit 1 on errors",
                           {"quiet"}, cmd_validate}};
const Register r_info{{"info", "info FILE", "counts by tier and by district", {}, cmd_info}};
const Register r_demo{{"demo", "demo [--network FILE]",
                       "a readable report of the embedded Beijing network and the engines on it",
                       {},
                       cmd_demo}};

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
