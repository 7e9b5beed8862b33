// The needs/resources generator of hatchnet/synth/demand.hpp.
#include "hatchnet/limits.hpp"
#include "hatchnet/synth/demand.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "hatchnet/error.hpp"

#include "../detail/rng.hpp"

namespace hatchnet::synth {

namespace {

// The demand stream skips the draw of a range with one value (NoChoice::skip).
using hatchnet::detail::Rng;

const std::array<const char*, 12> kCategories = {"venue", "office", "funds", "project_matching", "training", "mentoring",
                                                 "volunteers", "legal", "accounting", "registration", "policy",
                                                 "party_building"};
// need mix by organization kind (same order as kCategories)
const std::array<int, 12> kCommunityMix = {30, 0, 14, 0, 10, 5, 20, 2, 1, 10, 3, 5};
const std::array<int, 12> kRegisteredMix = {10, 14, 18, 10, 14, 10, 4, 8, 7, 0, 5, 0};

int category_index(const std::string& s) {
    for (std::size_t k = 0; k < kCategories.size(); ++k)
        if (s == kCategories[k]) return static_cast<int>(k);
    return -1;
}

// raw capacity by tier
std::int64_t raw_capacity(Rng& d, Tier t) {
    switch (t) {
        case Tier::community: return d.between(2, 6);
        case Tier::street: return d.between(4, 15);
        case Tier::district: return d.between(15, 60);
        case Tier::city_center: return d.between(60, 150);
        case Tier::city_sector: return d.between(30, 100);
        case Tier::social: return d.between(8, 30);
        case Tier::district_sector: return d.between(10, 40);
    }
    return 1;
}

double unit_cost(Rng& d, Tier t, int cat, bool outside) {
    static const std::array<std::int64_t, 12> base = {60, 400, 0, 100, 120, 200, 0, 500, 300, 0, 0, 0};
    const std::int64_t b = base[static_cast<std::size_t>(cat)];
    if (outside) return static_cast<double>(b + d.between(0, b));
    if (t == Tier::social) return static_cast<double>(b / 2 + d.between(0, b / 2 + 1));
    // government incubators: space, policy, party building, registration are free; others at cost
    const char* c = kCategories[static_cast<std::size_t>(cat)];
    if (std::string(c) == "venue" || std::string(c) == "office" || std::string(c) == "policy" ||
        std::string(c) == "party_building" || std::string(c) == "registration" || std::string(c) == "volunteers")
        return 0.0;
    return static_cast<double>(d.between(0, b / 4 + 1));
}

}  // namespace

Demand demand(const Network& net, const DemandOptions& opt) {
    check_count(opt.needs, "options", "needs");
    if (opt.supply_percent < 1 || opt.supply_percent > 1000)
        throw input_error("options", "supply_percent", "must be in [1, 1000], got " + std::to_string(opt.supply_percent));
    if (opt.window_percent < 0 || opt.window_percent > 100)
        throw input_error("options", "window_percent", "must be in [0, 100], got " + std::to_string(opt.window_percent));
    if (net.organizations.empty())
        throw input_error("network", "organizations", "the network has no organizations to generate needs for");
    Rng d(opt.seed, Rng::NoChoice::skip);
    Demand out;
    const std::size_t n_needs = opt.needs ? opt.needs : net.organizations.size();
    const std::int64_t day0 = 19723;  // 2024-01-01

    // ---- needs
    std::array<std::int64_t, 12> demand_by_cat{};
    out.needs.reserve(n_needs);
    for (std::size_t i = 0; i < n_needs; ++i) {
        const std::size_t oi = static_cast<std::size_t>(d.below(net.organizations.size()));
        const Organization& o = net.organizations[oi];
        const bool community = o.type == OrgType::community_org;
        const std::size_t c = community ? d.pick_weighted(kCommunityMix) : d.pick_weighted(kRegisteredMix);
        match::Need n;
        char buf[32];
        std::snprintf(buf, sizeof buf, "need-%07zu", i + 1);
        n.id = buf;
        n.organization = o.id;
        n.category = kCategories[c];
        const std::size_t q = d.pick_weighted(std::array<int, 5>{60, 25, 8, 4, 3});
        n.quantity = static_cast<std::int64_t>(q) + 1;
        std::int64_t p = o.stage == Stage::founding ? 3 : o.stage == Stage::growing ? 2 : 1;
        if (o.credit < 60) p += 1;
        p += d.between(0, 1);
        n.priority = std::min<std::int64_t>(p, 5);
        if (d.percent(opt.window_percent)) {
            const std::int64_t s = day0 + d.between(0, 300);
            n.window = match::TimeWindow{s, s + d.between(14, 90)};
        }
        demand_by_cat[c] += n.quantity;
        out.needs.push_back(std::move(n));
    }

    // ---- resources (raw capacities first, calibrated per category below)
    std::array<std::int64_t, 12> raw_by_cat{};
    for (const Node& node : net.nodes) {
        for (const auto& s : node.services) {
            const int c = category_index(s);
            if (c < 0) continue;
            match::Resource r;
            r.id = "res-" + node.id + "-" + s;
            r.provider = node.id;
            r.category = s;
            r.capacity = raw_capacity(d, node.tier);
            r.unit_cost = unit_cost(d, node.tier, c, false);
            auto& e = r.eligibility;
            switch (node.tier) {
                case Tier::community:
                case Tier::street:
                case Tier::district:
                case Tier::district_sector: e.regions = {node.region}; break;
                case Tier::social: {  // serves its district (or its region, when above that level)
                    std::string d = Network::district_of(node.region);
                    e.regions = {d.empty() ? node.region : std::move(d)};
                    break;
                }
                default:  // city level: its whole city / province
                    if (!node.region.empty()) e.regions = {node.region};
                    break;
            }
            if (s == "office") e.stages = {Stage::founding, Stage::growing};
            if (s == "funds" || s == "project_matching") e.min_credit = node.tier == Tier::street ? 50.0 : 65.0;
            if (s == "registration" && node.tier == Tier::street) e.org_types = {OrgType::community_org};
            if (s == "registration" && node.tier != Tier::street)
                e.org_types = {OrgType::association, OrgType::service_org, OrgType::foundation};
            if (node.tier == Tier::city_sector) e.org_types = {OrgType::association, OrgType::service_org, OrgType::foundation};
            if (d.percent(8)) {
                const std::int64_t st = day0 + d.between(0, 240);
                r.window = match::TimeWindow{st, st + d.between(60, 180)};
            }
            raw_by_cat[static_cast<std::size_t>(c)] += r.capacity;
            out.resources.push_back(std::move(r));
        }
        if (node.tier == Tier::district) {  // outside professional providers attached to it
            for (const char* s : {"legal", "accounting"}) {
                const int c = category_index(s);
                for (int k = 1; k <= 2; ++k) {
                    match::Resource r;
                    r.id = "ext-" + node.id + "-" + s + "-" + std::to_string(k);
                    r.provider = node.id;
                    r.outside_provider = std::string(s == std::string("legal") ? "律师事务所 " : "会计师事务所 ") +
                                         node.region + "-" + std::to_string(k);
                    r.category = s;
                    r.capacity = d.between(10, 40);
                    r.unit_cost = unit_cost(d, node.tier, c, true);
                    r.eligibility.regions = {node.region};
                    r.eligibility.min_credit = 40.0;
                    raw_by_cat[static_cast<std::size_t>(c)] += r.capacity;
                    out.resources.push_back(std::move(r));
                }
            }
        }
    }
    // calibrate: capacity * target / raw, at least 1 (integer arithmetic)
    for (auto& r : out.resources) {
        const auto c = static_cast<std::size_t>(category_index(r.category));
        const __int128 target = static_cast<__int128>(demand_by_cat[c]) * opt.supply_percent / 100;
        if (raw_by_cat[c] > 0)
            r.capacity = std::max<std::int64_t>(1, static_cast<std::int64_t>(static_cast<__int128>(r.capacity) * target / raw_by_cat[c]));
    }
    return out;
}

}  // namespace hatchnet::synth
