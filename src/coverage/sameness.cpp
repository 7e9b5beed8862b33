// Tier sameness: mean Jaccard similarity of service profiles within and between tiers
// (hatchnet/coverage/sameness.hpp).
#include "hatchnet/coverage/sameness.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <unordered_map>

namespace hatchnet::coverage {

namespace {

using Profile = std::vector<std::uint32_t>;  // sorted, distinct interned service ids

double jaccard_sorted(const Profile& a, const Profile& b) {
    if (a.empty() && b.empty()) return 1.0;
    std::size_t i = 0, j = 0, common = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) { ++common; ++i; ++j; }
        else if (a[i] < b[j]) ++i;
        else ++j;
    }
    return double(common) / double(a.size() + b.size() - common);
}

/// The nodes of one group, as (profile index → count) per tier.
struct Tally {
    std::array<std::map<std::uint32_t, std::int64_t>, tier_count> counts;
    std::size_t nodes = 0;
    void add(Tier t, std::uint32_t profile) {
        ++counts[std::size_t(t)][profile];
        ++nodes;
    }
};

SamenessGroup summarise(const Tally& tally, const std::vector<Profile>& profiles) {
    SamenessGroup g;
    g.nodes = tally.nodes;
    for (int a = 0; a < tier_count; ++a) {
        for (const auto& [p, c] : tally.counts[a]) g.by_tier[a] += c;
        for (int b = 0; b < tier_count; ++b) g.pair[a][b] = nan;
    }
    double within = 0, between = 0;
    int n_within = 0, n_between = 0;
    for (int a = 0; a < tier_count; ++a) {
        for (int b = a; b < tier_count; ++b) {
            const auto na = g.by_tier[a], nb = g.by_tier[b];
            const std::int64_t pairs = a == b ? na * (na - 1) / 2 : na * nb;
            if (pairs <= 0) continue;
            // Σ over ordered pairs of profile groups; within a tier, take out the self-pairs
            // (J = 1 each) and halve
            double sum = 0;
            for (const auto& [p, cp] : tally.counts[a])
                for (const auto& [q, cq] : tally.counts[b])
                    sum += double(cp) * double(cq) * (p == q ? 1.0 : jaccard_sorted(profiles[p], profiles[q]));
            if (a == b) sum = (sum - double(na)) / 2;
            const double mean = sum / double(pairs);
            g.pair[a][b] = g.pair[b][a] = mean;
            g.pairs[a][b] = g.pairs[b][a] = pairs;
            if (a == b) { within += mean; ++n_within; }
            else { between += mean; ++n_between; }
        }
    }
    if (n_within) g.within = within / n_within;
    if (n_between) g.between = between / n_between;
    return g;
}

}  // namespace

double jaccard(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    if (a.empty() && b.empty()) return 1.0;
    std::vector<std::string> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    return double(common.size()) / double(a.size() + b.size() - common.size());
}

SamenessReport sameness(const Network& net, const SamenessOptions& opt) {
    // intern services and profiles
    std::unordered_map<std::string_view, std::uint32_t> service_id;
    std::map<Profile, std::uint32_t> profile_id;
    std::vector<Profile> profiles;
    std::vector<std::uint32_t> node_profile(net.nodes.size(), 0);
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
        Profile p;
        for (const auto& s : net.nodes[i].services)
            p.push_back(service_id.emplace(s, std::uint32_t(service_id.size())).first->second);
        std::sort(p.begin(), p.end());
        p.erase(std::unique(p.begin(), p.end()), p.end());
        auto [it, fresh] = profile_id.emplace(p, std::uint32_t(profiles.size()));
        if (fresh) profiles.push_back(std::move(p));
        node_profile[i] = it->second;
    }
    Tally all;
    std::map<std::string, Tally> by_district;
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
        const auto& n = net.nodes[i];
        if (!opt.tiers[std::size_t(n.tier)]) continue;
        all.add(n.tier, node_profile[i]);
        if (!opt.districts) continue;
        if (auto d = Network::district_of(n.region); !d.empty()) by_district[d].add(n.tier, node_profile[i]);
    }
    SamenessReport rep;
    rep.network = summarise(all, profiles);
    for (const auto& [code, tally] : by_district) {
        SamenessGroup g = summarise(tally, profiles);
        g.code = code;
        if (const Region* r = net.find_region(code)) g.name = r->name;
        rep.districts.push_back(std::move(g));
    }
    if (rep.network.nodes < 2) rep.notes.push_back("fewer than two nodes: no pair to compare");
    if (std::isnan(rep.network.between) && rep.network.nodes >= 2)
        rep.notes.push_back("one tier only: no pair of tiers to compare");
    return rep;
}

}  // namespace hatchnet::coverage
