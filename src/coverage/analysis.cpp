// Coverage of regions, hop accessibility and 2SFCA: see hatchnet/coverage/coverage.hpp.
#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <unordered_map>

#include <boost/range/iterator_range.hpp>

#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/error.hpp"

namespace hatchnet::coverage {

namespace {
constexpr double earth_radius_km = 6371.0088;
constexpr double pi = 3.14159265358979323846;
constexpr double deg = pi / 180.0;
double ratio(double a, double b) { return b > 0 ? a / b : nan; }
}  // namespace

double haversine_km(double lat1, double lon1, double lat2, double lon2) noexcept {
    double p1 = lat1 * deg, p2 = lat2 * deg;
    double dp = p2 - p1, dl = (lon2 - lon1) * deg;
    double s1 = std::sin(dp / 2), s2 = std::sin(dl / 2);
    double a = s1 * s1 + std::cos(p1) * std::cos(p2) * s2 * s2;
    a = std::min(1.0, std::max(0.0, a));
    return 2 * earth_radius_km * std::asin(std::sqrt(a));
}

// ------------------------------------------------------------------ hops

std::vector<int> multi_source_hops(const Graph& g, const std::vector<Graph::vertex>& sources,
                                   RelationMask mask) {
    const auto n = g.num_vertices();
    std::vector<int> d(n, -1);
    std::vector<Graph::vertex> queue;
    queue.reserve(n);
    for (auto s : sources)
        if (s < n && d[s] < 0) {
            d[s] = 0;
            queue.push_back(s);
        }
    const auto& bg = g.bgl();
    for (std::size_t h = 0; h < queue.size(); ++h) {
        auto v = queue[h];
        for (auto e : boost::make_iterator_range(boost::out_edges(v, bg))) {
            if (!(mask & mask_of(bg[e].type))) continue;
            auto w = boost::target(e, bg);
            if (d[w] < 0) {
                d[w] = d[v] + 1;
                queue.push_back(w);
            }
        }
    }
    return d;
}

// ------------------------------------------------------------------ 2SFCA

namespace {
struct Grid {
    double dlat = 1, dlon = 1;
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells;
    static std::int64_t key(std::int64_t ix, std::int64_t iy) { return (ix << 32) ^ (iy & 0xffffffff); }
    std::int64_t ix(double lon) const { return std::int64_t(std::floor(lon / dlon)); }
    std::int64_t iy(double lat) const { return std::int64_t(std::floor(lat / dlat)); }
    template <class F>
    void near(double la, double lo, F&& f) const {
        auto x = ix(lo), y = iy(la);
        for (auto a = x - 1; a <= x + 1; ++a)
            for (auto b = y - 1; b <= y + 1; ++b) {
                auto it = cells.find(key(a, b));
                if (it == cells.end()) continue;
                for (auto k : it->second) f(k);
            }
    }
};
}  // namespace

namespace {
/// two_step_fca with progress: `tick` (may be null) sees the supply sites of both passes.
std::vector<double> two_step_fca_ticked(const std::vector<double>& s_lat, const std::vector<double>& s_lon,
                                        const std::vector<double>& supply, const std::vector<double>& d_lat,
                                        const std::vector<double>& d_lon, const std::vector<double>& demand,
                                        double d0, bool gaussian, ProgressTicker* tick) {
    if (!(d0 > 0) || !std::isfinite(d0))
        throw input_error("options", "catchment_km", "the catchment radius must be a positive number");
    if (s_lat.size() != supply.size() || s_lon.size() != supply.size())
        throw input_error("supply", "lat/lon", "supply coordinates and values differ in length");
    if (d_lat.size() != demand.size() || d_lon.size() != demand.size())
        throw input_error("demand", "lat/lon", "demand coordinates and values differ in length");
    for (std::size_t j = 0; j < supply.size(); ++j)
        if (!(supply[j] >= 0) || !std::isfinite(supply[j]) || !std::isfinite(s_lat[j]) || !std::isfinite(s_lon[j]))
            throw input_error("supply " + std::to_string(j), "value",
                              "supply and coordinates must be finite, supply non-negative");
    for (std::size_t k = 0; k < demand.size(); ++k)
        if (!(demand[k] >= 0) || !std::isfinite(demand[k]) || !std::isfinite(d_lat[k]) || !std::isfinite(d_lon[k]))
            throw input_error("demand " + std::to_string(k), "value",
                              "demand and coordinates must be finite, demand non-negative");
    std::vector<double> A(demand.size(), 0.0);
    if (supply.empty() || demand.empty()) return A;
    double maxlat = 0;
    for (double x : s_lat) maxlat = std::max(maxlat, std::abs(x));
    for (double x : d_lat) maxlat = std::max(maxlat, std::abs(x));
    Grid grid;
    grid.dlat = d0 / (earth_radius_km * deg);
    grid.dlon = grid.dlat / std::cos(std::min(maxlat, 89.0) * deg);
    for (std::size_t k = 0; k < demand.size(); ++k)
        grid.cells[Grid::key(grid.ix(d_lon[k]), grid.iy(d_lat[k]))].push_back(std::uint32_t(k));
    const double e_half = std::exp(-0.5);
    auto weight = [&](double d) {
        if (d > d0) return 0.0;
        if (!gaussian) return 1.0;
        return (std::exp(-0.5 * (d / d0) * (d / d0)) - e_half) / (1 - e_half);
    };
    std::vector<double> Rj(supply.size(), 0.0);
    const auto S = std::int64_t(supply.size());
    if (tick) tick->stage("access", 2 * S);
    for (std::size_t j = 0; j < supply.size(); ++j) {
        if (tick) tick->tick(std::int64_t(j));
        double sum = 0;
        grid.near(s_lat[j], s_lon[j], [&](std::uint32_t k) {
            sum += weight(haversine_km(s_lat[j], s_lon[j], d_lat[k], d_lon[k])) * demand[k];
        });
        Rj[j] = sum > 0 ? supply[j] / sum : 0.0;
    }
    for (std::size_t j = 0; j < supply.size(); ++j) {
        if (tick) tick->tick(S + std::int64_t(j));
        if (Rj[j] == 0) continue;
        grid.near(s_lat[j], s_lon[j], [&](std::uint32_t k) {
            A[k] += weight(haversine_km(s_lat[j], s_lon[j], d_lat[k], d_lon[k])) * Rj[j];
        });
    }
    if (tick) tick->finish(2 * S);
    return A;
}
}  // namespace

std::vector<double> two_step_fca(const std::vector<double>& s_lat, const std::vector<double>& s_lon,
                                 const std::vector<double>& supply, const std::vector<double>& d_lat,
                                 const std::vector<double>& d_lon, const std::vector<double>& demand,
                                 double d0, bool gaussian) {
    return two_step_fca_ticked(s_lat, s_lon, supply, d_lat, d_lon, demand, d0, gaussian, nullptr);
}

// ------------------------------------------------------------------ analyse

namespace {

/// Refuses bad coverage options, naming the field (the first step of analyse()).
void check_coverage_options(const CoverageOptions& opt) {
    if (opt.two_step && (!(opt.catchment_km > 0) || !std::isfinite(opt.catchment_km)))
        throw input_error("options", "catchment_km", "must be a positive number of kilometres");
    if (opt.demand_level != RegionLevel::community && opt.demand_level != RegionLevel::street)
        throw input_error("options", "demand_level", "must be 'street' or 'community'");
}

/// One analyse() call in named steps over shared state, LEMON style: the constructor is init()
/// (the region tree), run() the steps in order. The members keep the names of analyse()'s
/// former locals.
class Analysis {
public:
    Analysis(const Graph& graph, const CoverageOptions& options)
        : g(graph), opt(options), net(graph.network()), tick(options.progress), T(graph.regions()), R(net.regions.size()) {}
    CoverageReport run() {
        tick.stage("count", 1);
        count();
        tick.finish(1);
        tick.stage("hops", 1);
        hops();
        tick.finish(1);
        two_step();
        tick.stage("rows", 1);
        rows();
        worst_hops();
        summary();
        tick.finish(1);
        return std::move(rep);
    }

private:
    void count();
    void hops();
    std::array<int, tier_count> anchored(std::uint32_t r) const;
    void two_step();
    void rows();
    void worst_hops();
    void summary();

    const Graph& g;
    const CoverageOptions& opt;
    const Network& net;
    ProgressTicker tick;
    const RegionIndex& T;
    const std::size_t R;
    CoverageReport rep;
    std::vector<std::array<std::int32_t, tier_count>> within, exact, serving;  ///< per region, by tier
    std::vector<std::int64_t> inc, cap, spare, orgs;                          ///< per region subtree
    std::vector<std::array<int, tier_count>> best;  ///< hops: per region over the nodes based in it
    std::vector<double> access;                     ///< 2SFCA per region
    std::vector<std::uint32_t> row_of;              ///< region -> row of rep.regions
    std::size_t zero_pop = 0;                       ///< rows without a (positive) population
};

/// Nodes by tier within, exactly in and serving each region; counted incubators, capacity,
/// spare capacity and organizations per region subtree.
void Analysis::count() {
    within.assign(R, {});
    exact.assign(R, {});
    serving.assign(R, {});
    inc.assign(R, 0);
    cap.assign(R, 0);
    spare.assign(R, 0);
    orgs.assign(R, 0);
    for (std::size_t v = 0; v < net.nodes.size(); ++v) {
        const auto& x = net.nodes[v];
        auto t = std::size_t(x.tier);
        auto r0 = T.node_region[v];
        if (r0 == none32) continue;
        ++exact[r0][t];
        for (auto r = r0; r != none32; r = T.parent[r]) {
            ++within[r][t];
            if (opt.counted_tiers[t]) {
                ++inc[r];
                cap[r] += x.capacity;
                spare[r] += x.spare();
            }
        }
    }
    for (std::size_t o = 0; o < net.organizations.size(); ++o)
        for (auto r = T.org_region[o]; r != none32; r = T.parent[r]) ++orgs[r];
    for (int l = 0; l < 5; ++l)
        for (auto r : T.by_level[l]) {
            serving[r] = exact[r];
            if (T.parent[r] != none32)
                for (int t = 0; t < tier_count; ++t) serving[r][t] += serving[T.parent[r]][t];
        }
}

/// Hops: the best value per region over the nodes based exactly in it, per tier (one
/// multi-source BFS per tier).
void Analysis::hops() {
    if (opt.accessibility) {
        best.assign(R, {-1, -1, -1, -1, -1, -1});
        std::array<std::vector<Graph::vertex>, tier_count> src;
        for (std::size_t v = 0; v < net.nodes.size(); ++v) src[std::size_t(net.nodes[v].tier)].push_back(Graph::vertex(v));
        for (int t = 0; t < tier_count; ++t) {
            auto d = multi_source_hops(g, src[t], opt.relations);
            for (std::size_t v = 0; v < net.nodes.size(); ++v) {
                auto r = T.node_region[v];
                if (r == none32 || d[v] < 0) continue;
                if (best[r][t] < 0 || d[v] < best[r][t]) best[r][t] = d[v];
            }
        }
        rep.hops_computed = true;
    }
}

/// A region's hops, read at its anchor: itself, or its nearest ancestor with nodes (+1 a level).
std::array<int, tier_count> Analysis::anchored(std::uint32_t r) const {
    std::array<int, tier_count> h;
    h.fill(-1);
    int climb = 0;
    for (auto a = r; a != none32; a = T.parent[a], ++climb) {
        bool has_nodes = false;
        for (int t = 0; t < tier_count; ++t) has_nodes |= exact[a][t] > 0;
        if (!has_nodes) continue;
        for (int t = 0; t < tier_count; ++t) h[t] = best[a][t] < 0 ? -1 : best[a][t] + climb;
        break;
    }
    return h;
}

/// 2SFCA per region at the demand level, and population-weighted means above it.
void Analysis::two_step() {
    access.assign(R, nan);
    bool any_coords = std::any_of(net.nodes.begin(), net.nodes.end(), [](const Node& x) { return x.lat && x.lon; });
    if (opt.two_step && !any_coords) rep.notes.push_back("no node has coordinates: 2SFCA skipped");
    if (opt.two_step && any_coords) {
        std::vector<double> sl, so, sv, dl, dn, dv;
        std::vector<std::uint32_t> dr;
        for (std::size_t v = 0; v < net.nodes.size(); ++v) {
            const auto& x = net.nodes[v];
            if (!opt.counted_tiers[std::size_t(x.tier)] || x.capacity <= 0) continue;
            double la = nan, lo = nan;
            if (x.lat && x.lon) la = *x.lat, lo = *x.lon;
            else if (T.node_region[v] != none32 && T.located(T.node_region[v]))
                la = T.lat[T.node_region[v]], lo = T.lon[T.node_region[v]];
            if (la != la) continue;
            sl.push_back(la);
            so.push_back(lo);
            sv.push_back(double(x.capacity));
        }
        for (auto r : T.by_level[std::size_t(opt.demand_level)]) {
            auto p = net.regions[r].population;
            if (!p || *p <= 0 || !T.located(r)) {
                ++rep.unlocated;
                continue;
            }
            dl.push_back(T.lat[r]);
            dn.push_back(T.lon[r]);
            dv.push_back(double(*p));
            dr.push_back(r);
        }
        auto A = two_step_fca_ticked(sl, so, sv, dl, dn, dv, opt.catchment_km, opt.gaussian_decay, &tick);
        std::vector<double> ap(R, 0), pp(R, 0);
        double tot_ap = 0, tot_p = 0;
        for (std::size_t k = 0; k < dr.size(); ++k) {
            access[dr[k]] = A[k] * 1e4;
            tot_ap += A[k] * 1e4 * dv[k];
            tot_p += dv[k];
            for (auto a = T.parent[dr[k]]; a != none32; a = T.parent[a]) {
                ap[a] += A[k] * 1e4 * dv[k];
                pp[a] += dv[k];
            }
        }
        for (std::size_t r = 0; r < R; ++r)
            if (pp[r] > 0 && T.depth[r] < std::uint8_t(opt.demand_level)) access[r] = ap[r] / pp[r];
        rep.access_computed = true;
        rep.catchment_km = opt.catchment_km;
        rep.summary.mean_access = ratio(tot_ap, tot_p);
        std::size_t inh = 0;
        for (auto r : dr) inh += T.inherited[r];
        if (inh)
            rep.notes.push_back(std::to_string(inh) + " demand units without a located node of their own are "
                                "placed at their parent region's location");
        if (rep.unlocated)
            rep.notes.push_back(std::to_string(rep.unlocated) +
                                " demand units without coordinates or population left out of 2SFCA");
    }
}

/// One row per district, street and community, in that order, each level sorted by code.
void Analysis::rows() {
    const std::array<RegionLevel, 3> levels{RegionLevel::county, RegionLevel::street, RegionLevel::community};
    std::size_t n_rows = 0;
    for (auto l : levels) n_rows += T.by_level[std::size_t(l)].size();
    rep.regions.reserve(n_rows);
    row_of.assign(R, none32);
    for (auto l : levels) {
        for (auto r : T.by_level[std::size_t(l)]) {
            const auto& reg = net.regions[r];
            RegionCoverage c;
            c.region = r;
            c.code = reg.code;
            c.name = reg.name;
            c.level = l;
            c.district = T.district[r] != none32 ? net.regions[T.district[r]].code : Network::district_of(reg.code);
            if (reg.population) c.population = double(*reg.population);
            c.within = within[r];
            c.serving = serving[r];
            c.incubators = inc[r];
            c.capacity = cap[r];
            c.spare = spare[r];
            c.organizations = orgs[r];
            c.orgs_per_incubator = ratio(double(orgs[r]), double(inc[r]));
            c.orgs_per_capacity = ratio(double(orgs[r]), double(cap[r]));
            c.capacity_per_org = ratio(double(cap[r]), double(orgs[r]));
            if (c.population > 0) {
                c.people_per_incubator = ratio(c.population, double(inc[r]));
                c.capacity_per_10k = double(cap[r]) / c.population * 1e4;
            } else {
                ++zero_pop;
            }
            auto expect = [&](bool on, Tier t, std::size_t& lacking) {
                if (on && within[r][std::size_t(t)] == 0) {
                    c.missing = std::string(to_string(t));
                    ++lacking;
                }
            };
            if (l == RegionLevel::county) {
                ++rep.summary.districts;
                expect(opt.expect_district, Tier::district, rep.summary.districts_lacking);
            } else if (l == RegionLevel::street) {
                ++rep.summary.streets;
                expect(opt.expect_street, Tier::street, rep.summary.streets_lacking);
            } else {
                ++rep.summary.communities;
                expect(opt.expect_community, Tier::community, rep.summary.communities_lacking);
            }
            if (rep.hops_computed) c.hops = anchored(r);
            c.access = access[r];
            row_of[r] = std::uint32_t(rep.regions.size());
            rep.regions.push_back(std::move(c));
        }
    }
}

/// Streets and districts: the worst hops over their communities; the hop summary.
void Analysis::worst_hops() {
    if (!rep.hops_computed) return;
    std::vector<char> seen(R, 0);
    double sum = 0;
    std::size_t n_reach = 0, n_within2 = 0, n_comm = 0;
    for (auto r : T.by_level[std::size_t(RegionLevel::community)]) {
        const auto& h = rep.regions[row_of[r]].hops;
        ++n_comm;
        int hs = h[std::size_t(Tier::street)];
        if (hs >= 0) {
            sum += hs;
            ++n_reach;
            if (hs <= 2) ++n_within2;
        }
        for (auto a = T.parent[r]; a != none32; a = T.parent[a]) {
            if (row_of[a] == none32) continue;
            auto& up = rep.regions[row_of[a]].hops;
            if (!seen[a]) {
                up = h;
                seen[a] = 1;
            } else {
                for (int t = 0; t < tier_count; ++t)
                    up[t] = (up[t] < 0 || h[t] < 0) ? -1 : std::max(up[t], h[t]);
            }
        }
    }
    if (n_reach) rep.summary.mean_hops_street = sum / double(n_reach);
    if (n_comm) rep.summary.share_street_within_2 = double(n_within2) / double(n_comm);
}

void Analysis::summary() {
    rep.summary.organizations = std::int64_t(net.organizations.size());
    for (const auto& x : net.nodes)
        if (opt.counted_tiers[std::size_t(x.tier)]) {
            ++rep.summary.incubators;
            rep.summary.capacity += x.capacity;
        }
    for (auto r : T.by_level[std::size_t(RegionLevel::county)])
        if (net.regions[r].population) rep.summary.population += double(*net.regions[r].population);
    if (zero_pop)
        rep.notes.push_back(std::to_string(zero_pop) +
                            " regions without a (positive) population: their per-resident figures are null");
}

}  // namespace

CoverageReport analyse(const Graph& g, const CoverageOptions& opt) {
    check_coverage_options(opt);
    return Analysis(g, opt).run();
}

}  // namespace hatchnet::coverage
