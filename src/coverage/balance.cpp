// The balance report: see hatchnet/coverage/balance.hpp (the indices: hatchnet/algo/inequality.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/error.hpp"

namespace hatchnet::coverage {

// ------------------------------------------------------------------ the report

namespace {

Inequality measure(const std::string& indicator, const std::string& level,
                   const std::vector<double>& cap, const std::vector<double>& denom,
                   const std::vector<std::uint32_t>* groups, double scale) {
    Inequality q;
    q.indicator = indicator;
    q.level = level;
    std::vector<double> x, w;
    std::vector<std::uint32_t> g;
    for (std::size_t i = 0; i < cap.size(); ++i) {
        if (!(denom[i] > 0)) {
            ++q.excluded;
            continue;
        }
        x.push_back(cap[i] / denom[i] * scale);
        w.push_back(denom[i]);
        if (groups) g.push_back((*groups)[i]);
    }
    q.units = x.size();
    if (x.empty()) return q;
    double P = 0, Y = 0;
    for (std::size_t i = 0; i < x.size(); ++i) P += w[i], Y += w[i] * x[i];
    q.mean = Y / P;
    q.min = *std::min_element(x.begin(), x.end());
    q.max = *std::max_element(x.begin(), x.end());
    q.gini = gini(x, w);
    q.gini_unweighted = gini(x);
    q.theil = theil(x, w);
    q.theil_unweighted = theil(x);
    if (groups) {
        auto d = theil_decompose(x, w, g);
        q.theil_between = d.between;
        q.theil_within = d.within;
    }
    return q;
}

}  // namespace

BalanceReport balance(const CoverageReport& cov, std::size_t top) {
    BalanceReport rep;
    std::vector<double> dcap, dorg, dpop, scap, sorg, spop;
    std::vector<std::uint32_t> sgroup;
    std::map<std::string, std::uint32_t> gid;
    double tcap = 0, torg = 0, tpop = 0, tcap_p = 0;
    for (const auto& r : cov.regions) {
        if (r.level == RegionLevel::county) {
            gid.emplace(r.code, std::uint32_t(gid.size()));
            dcap.push_back(double(r.capacity));
            dorg.push_back(double(r.organizations));
            dpop.push_back(r.population > 0 ? r.population : 0.0);
            tcap += double(r.capacity);
            torg += double(r.organizations);
            if (r.population > 0) tpop += r.population, tcap_p += double(r.capacity);
            DistrictBalance b;
            b.code = r.code;
            b.name = r.name;
            b.population = r.population;
            b.organizations = r.organizations;
            b.capacity = r.capacity;
            b.incubators = r.incubators;
            b.capacity_per_org = r.capacity_per_org;
            b.capacity_per_10k = r.capacity_per_10k;
            rep.districts.push_back(std::move(b));
        }
    }
    for (const auto& r : cov.regions) {
        if (r.level != RegionLevel::street) continue;
        auto it = gid.find(r.district);
        std::uint32_t g;
        if (it == gid.end()) g = gid.emplace(r.district, std::uint32_t(gid.size())).first->second;
        else g = it->second;
        scap.push_back(double(r.capacity));
        sorg.push_back(double(r.organizations));
        spop.push_back(r.population > 0 ? r.population : 0.0);
        sgroup.push_back(g);
    }
    rep.city_capacity_per_org = torg > 0 ? tcap / torg : nan;
    rep.city_capacity_per_10k = tpop > 0 ? tcap_p / tpop * 1e4 : nan;
    for (auto& b : rep.districts) {
        b.ratio_org = b.capacity_per_org / rep.city_capacity_per_org;
        b.ratio_resident = b.capacity_per_10k / rep.city_capacity_per_10k;
        if (!std::isfinite(b.ratio_org)) b.ratio_org = nan;
        if (!std::isfinite(b.ratio_resident)) b.ratio_resident = nan;
    }
    auto add = [&](Inequality q) {
        if (q.units == 0)
            rep.notes.push_back("no " + q.level + " with a positive " +
                                (q.indicator == "capacity_per_org" ? "number of organizations" : "population") +
                                ": " + q.indicator + " across " + q.level + "s not computed");
        else if (q.excluded)
            rep.notes.push_back(std::to_string(q.excluded) + " " + q.level + "(s) without " +
                                (q.indicator == "capacity_per_org" ? "organizations" : "population") +
                                " left out of " + q.indicator);
        rep.metrics.push_back(std::move(q));
    };
    add(measure("capacity_per_org", "district", dcap, dorg, nullptr, 1.0));
    add(measure("capacity_per_resident", "district", dcap, dpop, nullptr, 1e4));
    add(measure("capacity_per_org", "street", scap, sorg, &sgroup, 1.0));
    add(measure("capacity_per_resident", "street", scap, spop, &sgroup, 1e4));

    auto outliers = [&](const char* ind, auto value, auto ratio_of, double city) {
        std::vector<const DistrictBalance*> v;
        for (const auto& b : rep.districts)
            if (ratio_of(b) == ratio_of(b)) v.push_back(&b);
        auto key = [&](const DistrictBalance* b) {
            double r = ratio_of(*b);
            return r > 0 ? std::abs(std::log(r)) : std::numeric_limits<double>::infinity();
        };
        std::stable_sort(v.begin(), v.end(), [&](auto a, auto b) { return key(a) > key(b); });
        for (std::size_t i = 0; i < v.size() && i < top; ++i) {
            Outlier o;
            o.indicator = ind;
            o.code = v[i]->code;
            o.name = v[i]->name;
            o.value = value(*v[i]);
            o.city = city;
            o.ratio = ratio_of(*v[i]);
            o.direction = o.ratio < 1 ? "below" : "above";
            rep.furthest.push_back(std::move(o));
        }
    };
    outliers("capacity_per_org", [](const DistrictBalance& b) { return b.capacity_per_org; },
             [](const DistrictBalance& b) { return b.ratio_org; }, rep.city_capacity_per_org);
    outliers("capacity_per_10k_residents", [](const DistrictBalance& b) { return b.capacity_per_10k; },
             [](const DistrictBalance& b) { return b.ratio_resident; }, rep.city_capacity_per_10k);
    return rep;
}

BalanceReport balance(const Graph& g, const BalanceOptions& options) {
    CoverageOptions c;
    c.counted_tiers = options.counted_tiers;
    c.accessibility = false;
    c.two_step = false;
    c.progress = options.progress;
    return balance(analyse(g, c), options.top);
}

}  // namespace hatchnet::coverage
