// Gini, Theil and the balance report: see hatchnet/coverage/balance.hpp.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/error.hpp"

namespace hatchnet::coverage {

namespace {

struct Clean {
    std::vector<double> x, w;
    std::size_t excluded = 0;
    std::vector<std::size_t> pos;  // original positions kept
};

Clean prepare(const std::vector<double>& x, const std::vector<double>& w, const char* what) {
    if (x.empty()) throw input_error(what, "values", "no values given");
    if (!w.empty() && w.size() != x.size())
        throw input_error(what, "weights",
                          "weights and values differ in length (" + std::to_string(w.size()) + " vs " +
                              std::to_string(x.size()) + ")");
    Clean c;
    c.x.reserve(x.size());
    c.w.reserve(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        double wi = w.empty() ? 1.0 : w[i];
        if (!std::isfinite(x[i]) || x[i] < 0)
            throw input_error(std::string(what) + " value " + std::to_string(i), "values",
                              "must be a finite non-negative number");
        if (!std::isfinite(wi) || wi < 0)
            throw input_error(std::string(what) + " weight " + std::to_string(i), "weights",
                              "must be a finite non-negative number");
        if (wi == 0) {
            ++c.excluded;
            continue;
        }
        c.x.push_back(x[i]);
        c.w.push_back(wi);
        c.pos.push_back(i);
    }
    if (c.x.empty()) throw input_error(what, "weights", "every weight is zero");
    return c;
}

double theil_of(const std::vector<double>& x, const std::vector<double>& w) {
    double P = 0, Y = 0;
    for (std::size_t i = 0; i < x.size(); ++i) P += w[i], Y += w[i] * x[i];
    if (Y <= 0) return 0.0;
    double mu = Y / P, t = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i] > 0) t += (w[i] / P) * (x[i] / mu) * std::log(x[i] / mu);
    return std::max(0.0, t);
}

}  // namespace

double gini(const std::vector<double>& x, const std::vector<double>& w) {
    Clean c = prepare(x, w, "gini");
    const std::size_t n = c.x.size();
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return c.x[a] < c.x[b]; });
    double P = 0, Y = 0;
    for (std::size_t i = 0; i < n; ++i) P += c.w[i], Y += c.w[i] * c.x[i];
    if (Y <= 0) return 0.0;
    double before = 0, s = 0;
    for (auto i : idx) {
        double after = P - before - c.w[i];
        s += c.w[i] * c.x[i] * (before - after);
        before += c.w[i];
    }
    return std::max(0.0, s / (P * Y));
}

double theil(const std::vector<double>& x, const std::vector<double>& w) {
    Clean c = prepare(x, w, "theil");
    return theil_of(c.x, c.w);
}

TheilDecomposition theil_decompose(const std::vector<double>& x, const std::vector<double>& w,
                                   const std::vector<std::uint32_t>& group) {
    if (group.size() != x.size())
        throw input_error("theil", "groups",
                          "groups and values differ in length (" + std::to_string(group.size()) + " vs " +
                              std::to_string(x.size()) + ")");
    Clean c = prepare(x, w, "theil");
    std::uint32_t G = 0;
    for (auto p : c.pos) G = std::max(G, group[p] + 1);
    TheilDecomposition d;
    std::vector<double> Pg(G, 0), Yg(G, 0);
    double P = 0, Y = 0;
    for (std::size_t i = 0; i < c.x.size(); ++i) {
        auto g = group[c.pos[i]];
        Pg[g] += c.w[i];
        Yg[g] += c.w[i] * c.x[i];
        P += c.w[i];
        Y += c.w[i] * c.x[i];
    }
    d.group_theil.assign(G, 0.0);
    d.group_share.assign(G, 0.0);
    if (Y <= 0) return d;
    double mu = Y / P;
    std::vector<double> Tg(G, 0);
    for (std::size_t i = 0; i < c.x.size(); ++i) {
        auto g = group[c.pos[i]];
        if (c.x[i] <= 0 || Yg[g] <= 0) continue;
        double mug = Yg[g] / Pg[g];
        Tg[g] += (c.w[i] * c.x[i] / Yg[g]) * std::log(c.x[i] / mug);
    }
    for (std::uint32_t g = 0; g < G; ++g) {
        d.group_theil[g] = std::max(0.0, Tg[g]);
        d.group_share[g] = Yg[g] / Y;
        if (Yg[g] > 0) {
            d.within += (Yg[g] / Y) * Tg[g];
            d.between += (Yg[g] / Y) * std::log((Yg[g] / Pg[g]) / mu);
        }
    }
    d.total = d.between + d.within;
    return d;
}

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
    return balance(analyse(g, c), options.top);
}

}  // namespace hatchnet::coverage
