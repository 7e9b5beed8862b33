// Placement planning on a network: the objectives' set functions, p-median, the budget split.
// See hatchnet/coverage/plan.hpp (the generic maximisation: hatchnet/algo/submodular.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <unordered_map>

#include "hatchnet/coverage/balance.hpp"
#include "hatchnet/coverage/plan.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/limits.hpp"

namespace hatchnet::coverage {

namespace {
constexpr double eps = 1e-9;
}  // namespace

std::string_view to_string(Objective o) noexcept {
    switch (o) {
        case Objective::coverage: return "coverage";
        case Objective::served: return "served";
        case Objective::minmax: return "minmax";
        case Objective::p_median: return "p_median";
    }
    return "?";
}

std::optional<Objective> parse_objective(std::string_view s) noexcept {
    for (auto o : {Objective::coverage, Objective::served, Objective::minmax, Objective::p_median})
        if (to_string(o) == s) return o;
    return std::nullopt;
}

// ------------------------------------------------------------------ set functions

CoverageFunction::CoverageFunction(std::vector<double> weight, std::vector<std::vector<std::uint32_t>> sets,
                                   std::vector<char> precovered)
    : w_(std::move(weight)), sets_(std::move(sets)), count_(w_.size(), 0) {
    if (!precovered.empty() && precovered.size() != w_.size())
        throw input_error("coverage", "precovered", "one flag per element is needed");
    for (std::size_t e = 0; e < w_.size(); ++e)
        if (!std::isfinite(w_[e]) || w_[e] < 0)
            throw input_error("element " + std::to_string(e), "weight", "must be finite and non-negative");
    for (std::size_t j = 0; j < sets_.size(); ++j) {
        auto& s = sets_[j];
        std::sort(s.begin(), s.end());
        s.erase(std::unique(s.begin(), s.end()), s.end());
        if (!s.empty() && s.back() >= w_.size())
            throw input_error("set " + std::to_string(j), "elements",
                              "element " + std::to_string(s.back()) + " out of range");
    }
    for (std::size_t e = 0; e < precovered.size(); ++e) count_[e] = precovered[e] ? 1 : 0;
}
double CoverageFunction::gain(std::size_t j) const {
    double g = 0;
    for (auto e : sets_[j])
        if (count_[e] == 0) g += w_[e];
    return g;
}
void CoverageFunction::add(std::size_t j) {
    for (auto e : sets_[j])
        if (count_[e]++ == 0) value_ += w_[e];
}
void CoverageFunction::remove(std::size_t j) {
    for (auto e : sets_[j])
        if (--count_[e] == 0) value_ -= w_[e];
}

namespace {
void check_groups(const std::vector<double>& demand, const std::vector<double>& capacity,
                  const std::vector<std::uint32_t>& group, const std::vector<double>& add) {
    if (demand.size() != capacity.size())
        throw input_error("groups", "capacity", "one capacity per group is needed");
    if (group.size() != add.size())
        throw input_error("candidates", "capacity", "one capacity per candidate is needed");
    for (std::size_t g = 0; g < demand.size(); ++g)
        if (!(demand[g] >= 0) || !(capacity[g] >= 0) || !std::isfinite(demand[g]) || !std::isfinite(capacity[g]))
            throw input_error("group " + std::to_string(g), "demand", "demand and capacity must be finite and >= 0");
    for (std::size_t j = 0; j < group.size(); ++j) {
        if (group[j] != none32 && group[j] >= demand.size())
            throw input_error("candidate " + std::to_string(j), "group", "group out of range");
        if (!(add[j] >= 0) || !std::isfinite(add[j]))
            throw input_error("candidate " + std::to_string(j), "capacity", "must be finite and >= 0");
    }
}
}  // namespace

ServedFunction::ServedFunction(std::vector<double> demand, std::vector<double> capacity,
                               std::vector<std::uint32_t> cand_group, std::vector<double> cand_capacity)
    : demand_(std::move(demand)), cap_(std::move(capacity)), group_(std::move(cand_group)),
      add_(std::move(cand_capacity)) {
    check_groups(demand_, cap_, group_, add_);
    base_ = cap_;
}
double ServedFunction::served(std::uint32_t g, double cap) const { return std::min(demand_[g], cap); }
double ServedFunction::gain(std::size_t j) const {
    auto g = group_[j];
    if (g == none32) return 0;
    return served(g, cap_[g] + add_[j]) - served(g, cap_[g]);
}
void ServedFunction::add(std::size_t j) {
    auto g = group_[j];
    if (g == none32) return;
    value_ += gain(j);
    cap_[g] += add_[j];
}
void ServedFunction::remove(std::size_t j) {
    auto g = group_[j];
    if (g == none32) return;
    cap_[g] -= add_[j];
    value_ -= served(g, cap_[g] + add_[j]) - served(g, cap_[g]);
}

MinMaxFunction::MinMaxFunction(std::vector<double> demand, std::vector<double> capacity,
                               std::vector<std::uint32_t> cand_group, std::vector<double> cand_capacity)
    : demand_(std::move(demand)), cap_(std::move(capacity)), group_(std::move(cand_group)),
      add_(std::move(cand_capacity)) {
    check_groups(demand_, cap_, group_, add_);
}
double MinMaxFunction::shortfall(std::uint32_t g) const { return std::max(0.0, demand_[g] - cap_[g]); }
std::pair<std::uint32_t, double> MinMaxFunction::worst() const {
    std::pair<std::uint32_t, double> w{none32, 0.0};
    for (std::uint32_t g = 0; g < demand_.size(); ++g) {
        double s = shortfall(g);
        if (w.first == none32 || s > w.second) w = {g, s};
    }
    return w;
}
double MinMaxFunction::value() const { return -worst().second; }
double MinMaxFunction::gain(std::size_t j) const {
    auto g = group_[j];
    if (g == none32) return 0;
    double before = value();
    auto* self = const_cast<MinMaxFunction*>(this);
    self->cap_[g] += add_[j];
    double after = value();
    self->cap_[g] -= add_[j];
    return after - before;
}
void MinMaxFunction::add(std::size_t j) {
    if (group_[j] != none32) cap_[group_[j]] += add_[j];
}
void MinMaxFunction::remove(std::size_t j) {
    if (group_[j] != none32) cap_[group_[j]] -= add_[j];
}

namespace {

/// Weighted facility location: f(S) = Σ_i w_i (base_i − min(base_i, min_{j∈S} D_ji)).
class FacilityFunction final : public SetFunction {
public:
    FacilityFunction(const std::vector<double>& w, std::vector<double> base, const std::vector<double>& D,
                     std::size_t m)
        : w_(w), base_(std::move(base)), D_(D), m_(m), cur_(base_) {}
    std::size_t size() const override { return m_; }
    double value() const override { return value_; }
    double gain(std::size_t j) const override {
        const double* d = &D_[j * w_.size()];
        double g = 0;
        for (std::size_t i = 0; i < w_.size(); ++i)
            if (d[i] < cur_[i]) g += w_[i] * (cur_[i] - d[i]);
        return g;
    }
    void add(std::size_t j) override {
        value_ += gain(j);
        const double* d = &D_[j * w_.size()];
        for (std::size_t i = 0; i < w_.size(); ++i) cur_[i] = std::min(cur_[i], d[i]);
        in_.push_back(j);
    }
    void remove(std::size_t j) override {
        auto it = std::find(in_.begin(), in_.end(), j);
        if (it != in_.end()) in_.erase(it);
        cur_ = base_;
        for (auto k : in_) {
            const double* d = &D_[k * w_.size()];
            for (std::size_t i = 0; i < w_.size(); ++i) cur_[i] = std::min(cur_[i], d[i]);
        }
        value_ = 0;
        for (std::size_t i = 0; i < w_.size(); ++i) value_ += w_[i] * (base_[i] - cur_[i]);
    }
    const std::vector<double>& current() const { return cur_; }

private:
    const std::vector<double>& w_;
    std::vector<double> base_;
    const std::vector<double>& D_;
    std::size_t m_;
    std::vector<double> cur_;
    std::vector<std::size_t> in_;
    double value_ = 0;
};

/// A SetFunction that reports each gain evaluation to a ProgressTicker (the unit of work of
/// every search over candidates) and otherwise forwards to `f`.
class TickingFunction final : public SetFunction {
public:
    TickingFunction(SetFunction& f, ProgressTicker& tick) : f_(f), tick_(tick) {}
    std::size_t size() const override { return f_.size(); }
    double value() const override { return f_.value(); }
    double gain(std::size_t j) const override {
        tick_.tick(++evaluations_);
        return f_.gain(j);
    }
    void add(std::size_t j) override { f_.add(j); }
    void remove(std::size_t j) override { f_.remove(j); }
    bool submodular() const override { return f_.submodular(); }
    std::int64_t evaluations() const { return evaluations_; }

private:
    SetFunction& f_;
    ProgressTicker& tick_;
    mutable std::int64_t evaluations_ = 0;
};

/// The worst-first greedy's order (the same rule as hatchnet::algo's greedy runs).
bool better(double ga, double ca, std::size_t ja, double gb, double cb, std::size_t jb) {
    // larger gain per cost first (zero cost: infinite ratio, then larger gain), ties: lower index
    double ra = ca > 0 ? ga / ca : std::numeric_limits<double>::infinity();
    double rb = cb > 0 ? gb / cb : std::numeric_limits<double>::infinity();
    if (ra != rb) return ra > rb;
    if (ga != gb) return ga > gb;
    return ja < jb;
}

}  // namespace

// ------------------------------------------------------------------ planning on a network

namespace {

std::int64_t median_capacity(const Network& net, Tier t) {
    std::vector<std::int64_t> c;
    for (const auto& x : net.nodes)
        if (x.tier == t && x.capacity > 0) c.push_back(x.capacity);
    if (c.empty()) return 10;
    std::sort(c.begin(), c.end());
    return c[(c.size() - 1) / 2];
}

struct Grid2 {
    double dlat = 1, dlon = 1;
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells;
    static std::int64_t key(std::int64_t ix, std::int64_t iy) { return (ix << 32) ^ (iy & 0xffffffff); }
    void build(const std::vector<double>& la, const std::vector<double>& lo, const std::vector<std::uint32_t>& ids,
               double radius) {
        dlat = radius / 111.19508;
        dlon = dlat / std::cos(std::min(89.0, 60.0) * 3.14159265358979 / 180);
        double maxlat = 0;
        for (auto i : ids) maxlat = std::max(maxlat, std::abs(la[i]));
        dlon = dlat / std::cos(std::min(89.0, maxlat) * 3.14159265358979 / 180);
        for (auto i : ids)
            cells[key(std::int64_t(std::floor(lo[i] / dlon)), std::int64_t(std::floor(la[i] / dlat)))].push_back(i);
    }
    template <class F>
    void near(double la, double lo, F&& f) const {
        auto x = std::int64_t(std::floor(lo / dlon)), y = std::int64_t(std::floor(la / dlat));
        for (auto a = x - 1; a <= x + 1; ++a)
            for (auto b = y - 1; b <= y + 1; ++b) {
                auto it = cells.find(key(a, b));
                if (it != cells.end())
                    for (auto k : it->second) f(k);
            }
    }
};

/// Refuses bad plan options, naming the field (the first step of plan()).
void check_plan_options(const PlanOptions& opt) {
    if (opt.k < -1) throw input_error("options", "k", "must be >= 0 (or absent for no bound)");
    if (std::isnan(opt.budget) || opt.budget < 0) throw input_error("options", "budget", "must not be negative");
    if (opt.k < 0 && !std::isfinite(opt.budget))
        throw input_error("options", "k", "give k (the number of picks) or a finite budget");
    if (!std::isfinite(opt.site_cost) || opt.site_cost < 0)
        throw input_error("options", "site_cost", "must be a finite number >= 0");
    for (std::size_t i = 0; i < opt.modes.size(); ++i) {
        const std::string rec = "modes[" + std::to_string(i) + "]";
        if (!std::isfinite(opt.modes[i].cost) || opt.modes[i].cost < 0)
            throw input_error(rec, "cost", "must be a finite number >= 0");
        if (opt.modes[i].capacity < -1) throw input_error(rec, "capacity", "must not be negative");
        for (std::size_t k = 0; k < i; ++k)
            if (opt.modes[k].mode == opt.modes[i].mode && opt.modes[k].operation == opt.modes[i].operation)
                throw input_error(rec, "mode", "mode '" + std::string(to_string(opt.modes[i].mode)) + "' offered twice");
    }
    if (!std::isfinite(opt.radius_km) || opt.radius_km < 0)
        throw input_error("options", "radius_km", "must be a finite number >= 0");
    if (opt.demand_level != RegionLevel::community && opt.demand_level != RegionLevel::street)
        throw input_error("options", "demand_level", "must be 'street' or 'community'");
    if (opt.group_level != RegionLevel::county && opt.group_level != RegionLevel::street)
        throw input_error("options", "group_level", "must be 'district' or 'street'");
    if (opt.candidate_level != RegionLevel::county && opt.candidate_level != RegionLevel::street &&
        opt.candidate_level != RegionLevel::community)
        throw input_error("options", "candidate_level", "must be 'district', 'street' or 'community'");
    if (opt.interchange_rounds < 0) throw input_error("options", "interchange_rounds", "must be >= 0");
    check_count(opt.node_limit, "options", "node_limit");
    if (!(opt.time_limit > 0)) throw input_error("options", "time_limit", "must be a positive number of seconds");
}

/// One plan() call in named steps over shared state, LEMON style: the constructor is init()
/// (the region tree, the result's echo of the options), run() the steps in order. The members
/// keep the names of plan()'s former locals.
class PlanRun {
public:
    PlanRun(const Graph& graph, const PlanOptions& options)
        : g(graph), net(graph.network()), opt(options), tick(options.progress), T(graph.regions()), R(net.regions.size()) {
        res.objective = opt.objective;
        res.budget = opt.budget;
        res.k = opt.k;
    }
    PlanResult run();

private:
    void candidates();
    void explicit_candidates(std::int64_t site_cap);
    void generated_candidates(std::int64_t site_cap);
    void region_totals();
    void build_units();
    void groups();
    void objective();
    void coverage_objective();
    void cover_within_radius(std::vector<std::vector<std::uint32_t>>& sets, std::vector<char>& pre);
    /// Where incubator v is: its own coordinates, else its region's; false when neither is known.
    bool node_location(std::size_t v, double& lat, double& lon) const {
        const auto& x = net.nodes[v];
        if (x.lat && x.lon) {
            lat = *x.lat, lon = *x.lon;
            return lat == lat;  // a NaN latitude counts as unknown, as before
        }
        const auto r = T.node_region[v];
        if (r == none32 || !T.located(r)) return false;
        lat = T.lat[r], lon = T.lon[r];
        return true;
    }
    /// The objective the searches call: through `tf` (each gain evaluation reported) only
    /// when there is a progress callback, so a plan without one pays no extra virtual call.
    SetFunction& searched(TickingFunction& tf) { return tick ? static_cast<SetFunction&>(tf) : *f; }
    void served_objective();
    void minmax_objective();
    void p_median_objective();
    void solve();
    void worst_first_greedy();
    void greedy();
    void teitz_bart();
    void bound();
    void compare_exact();
    void report();

    const Graph& g;
    const Network& net;
    const PlanOptions& opt;
    ProgressTicker tick;
    const RegionIndex& T;
    const std::size_t R;
    PlanResult res;
    std::vector<std::uint32_t> cand_region;   ///< region of each candidate
    std::size_t m = 0;                        ///< candidates
    std::vector<double> cost, capv;           ///< per candidate
    bool uniform = false;                     ///< every candidate costs the same
    std::vector<double> orgs_in, cap_in;      ///< per region subtree
    TierSet cover{};                          ///< tiers that already cover (coverage, p_median)
    std::vector<std::uint32_t> units;         ///< demand units (coverage, p_median)
    std::vector<double> uw;                   ///< their weights
    std::vector<std::uint32_t> unit_of;       ///< region -> unit (none32)
    std::unique_ptr<SetFunction> f;
    std::vector<double> D, base;              ///< p_median: candidate x unit distances, existing
    double natural_before = nan;
    int natural_sign = 1;                     ///< natural value = before + sign * gain
    std::vector<std::uint32_t> group_of;      ///< served / minmax: group of each candidate
    std::vector<double> gdemand, gcap;
    std::vector<std::uint32_t> gregion;
    Selection sel;
    bool small = false;                       ///< m <= exact_limit
};

PlanResult PlanRun::run() {
    tick.stage("candidates", 1);
    candidates();
    region_totals();
    tick.finish(1);
    tick.stage("objective", 1);
    objective();
    tick.finish(1);
    res.value_before = natural_before;
    res.value_after = natural_before;
    if (m == 0) {
        res.status = SolveStatus::empty;
        res.method = "none";
        res.notes.push_back("no candidates");
        return std::move(res);
    }
    tick.stage("solve");
    solve();
    tick.finish();
    teitz_bart();
    res.status = sel.status;
    bound();
    compare_exact();
    report();
    return std::move(res);
}

/// The candidates given, or one new site in every region of the candidate level; their costs
/// and capacities.
void PlanRun::candidates() {
    const std::int64_t site_cap = opt.site_capacity >= 0 ? opt.site_capacity : median_capacity(net, opt.site_tier);
    if (!opt.candidates.empty()) explicit_candidates(site_cap);
    else generated_candidates(site_cap);
    m = res.candidates.size();
    cost.assign(m, 0.0);
    capv.assign(m, 0.0);
    for (std::size_t j = 0; j < m; ++j) {
        cost[j] = res.candidates[j].cost;
        capv[j] = double(res.candidates[j].capacity);
    }
    uniform = std::all_of(cost.begin(), cost.end(), [&](double c) { return c == cost.front(); });
}

void PlanRun::explicit_candidates(std::int64_t site_cap) {
    for (std::size_t i = 0; i < opt.candidates.size(); ++i) {
        Candidate c = opt.candidates[i];
        std::string rec = "candidate " + std::to_string(i);
        if (!c.node.empty()) {
            auto v = g.find(c.node);
            if (v == Graph::null_vertex) throw input_error(rec, "node", "unknown node '" + c.node + "'");
            const Node& x = net.nodes[v];
            if (!c.region.empty() && c.region != x.region)
                throw input_error(rec, "region", "node '" + c.node + "' is based in '" + x.region + "', not '" +
                                                     c.region + "'");
            c.region = x.region;
            c.tier = x.tier;
            if (c.name.empty()) c.name = x.name;
        } else if (c.region.empty()) {
            throw input_error(rec, "region", "a candidate needs a region (a new site) or a node (an expansion)");
        }
        auto r = T.require(c.region, rec, "region");
        if (c.node.empty()) {
            auto need = c.tier == Tier::district ? 6u : c.tier == Tier::street ? 9u : c.tier == Tier::community ? 12u : 0u;
            if ((need && c.region.size() != need) || c.tier == Tier::city_center || c.tier == Tier::city_sector)
                throw input_error(rec, "tier", "a new " + std::string(to_string(c.tier)) +
                                                   " site cannot be placed in region '" + c.region + "'");
        }
        if (c.capacity < -1) throw input_error(rec, "capacity", "must not be negative");
        if (c.capacity == -1) c.capacity = site_cap;
        if (std::isnan(c.cost) || (c.cost < 0 && c.cost != -1) || !std::isfinite(c.cost))
            throw input_error(rec, "cost", "must be a finite number >= 0");
        if (c.cost == -1) c.cost = opt.site_cost;
        if (c.name.empty()) c.name = net.regions[r].name;
        res.candidates.push_back(std::move(c));
        cand_region.push_back(r);
    }
}

void PlanRun::generated_candidates(std::int64_t site_cap) {
    auto need = opt.site_tier == Tier::district ? RegionLevel::county
                : opt.site_tier == Tier::community ? RegionLevel::community
                                                   : RegionLevel::street;
    if ((opt.site_tier != Tier::social && need != opt.candidate_level) || opt.site_tier == Tier::city_center ||
        opt.site_tier == Tier::city_sector)
        throw input_error("options", "site_tier",
                          "a " + std::string(to_string(opt.site_tier)) + " site does not fit candidate_level '" +
                              (opt.candidate_level == RegionLevel::county ? std::string("district")
                                                                          : std::string(to_string(opt.candidate_level))) +
                              "'");
    for (auto r : T.by_level[std::size_t(opt.candidate_level)]) {
        if (opt.skip_covered) {
            bool has = false;
            for (auto v : g.nodes_in_region(net.regions[r].code)) has |= net.nodes[v].tier == opt.site_tier;
            if (has) continue;
        }
        Candidate c;
        c.region = net.regions[r].code;
        c.name = net.regions[r].name;
        c.tier = opt.site_tier;
        c.capacity = site_cap;
        c.cost = opt.site_cost;
        if (opt.modes.empty()) {
            res.candidates.push_back(std::move(c));
            cand_region.push_back(r);
            continue;
        }
        for (const auto& m : opt.modes) {  // one candidate per mode, with the mode's cost and capacity
            Candidate x = c;
            x.mode = m.mode;
            x.operation = m.operation;
            x.cost = m.cost;
            if (m.capacity >= 0) x.capacity = m.capacity;
            res.candidates.push_back(std::move(x));
            cand_region.push_back(r);
        }
    }
}

/// Existing capacity and organizations per region subtree; the tiers that already cover.
void PlanRun::region_totals() {
    orgs_in.assign(R, 0);
    cap_in.assign(R, 0);
    for (std::size_t o = 0; o < net.organizations.size(); ++o)
        for (auto r = T.org_region[o]; r != none32; r = T.parent[r]) orgs_in[r] += 1;
    for (std::size_t v = 0; v < net.nodes.size(); ++v)
        if (opt.counted_tiers[std::size_t(net.nodes[v].tier)])
            for (auto r = T.node_region[v]; r != none32; r = T.parent[r]) cap_in[r] += double(net.nodes[v].capacity);
    cover = opt.cover_tiers;
    if (std::none_of(cover.begin(), cover.end(), [](bool b) { return b; })) cover[std::size_t(opt.site_tier)] = true;
    unit_of.assign(R, none32);
}

/// Demand units (coverage, p_median): the regions of the demand level with a positive weight.
void PlanRun::build_units() {
    for (auto r : T.by_level[std::size_t(opt.demand_level)]) {
        double w = opt.weight_population ? double(net.regions[r].population.value_or(0)) : orgs_in[r];
        if (w <= 0) continue;
        unit_of[r] = std::uint32_t(units.size());
        units.push_back(r);
        uw.push_back(w);
    }
}

/// Groups (served, minmax): the regions of the group level, and each candidate's group.
void PlanRun::groups() {
    std::vector<std::uint32_t> gid(R, none32);
    for (auto r : T.by_level[std::size_t(opt.group_level)]) {
        gid[r] = std::uint32_t(gregion.size());
        gregion.push_back(r);
        gdemand.push_back(orgs_in[r]);
        gcap.push_back(cap_in[r]);
    }
    std::size_t orphan = 0;
    for (std::size_t j = 0; j < m; ++j) {
        auto a = T.ancestor_at(cand_region[j], opt.group_level);
        group_of.push_back(a == none32 ? none32 : gid[a]);
        orphan += a == none32;
    }
    if (orphan)
        res.notes.push_back(std::to_string(orphan) + " candidate(s) lie above the " +
                            std::string(opt.group_level == RegionLevel::county ? "district" : "street") +
                            " level and cannot change any group's capacity");
}

/// The objective's set function and its value before the plan.
void PlanRun::objective() {
    switch (opt.objective) {
        case Objective::coverage: return coverage_objective();
        case Objective::served: return served_objective();
        case Objective::minmax: return minmax_objective();
        case Objective::p_median: return p_median_objective();
    }
}

void PlanRun::coverage_objective() {
    build_units();
    std::vector<std::vector<std::uint32_t>> sets(m);
    std::vector<char> pre(units.size(), 0);
    std::vector<std::vector<std::size_t>> cands_at(R);
    for (std::size_t j = 0; j < m; ++j)
        if (res.candidates[j].node.empty()) cands_at[cand_region[j]].push_back(j);
    std::vector<char> cover_at(R, 0);
    for (std::size_t v = 0; v < net.nodes.size(); ++v)
        if (cover[std::size_t(net.nodes[v].tier)] && T.node_region[v] != none32) cover_at[T.node_region[v]] = 1;
    // unit within a site/incubator region
    for (std::size_t u = 0; u < units.size(); ++u)
        for (auto a = units[u]; a != none32; a = T.parent[a]) {
            for (auto j : cands_at[a]) sets[j].push_back(std::uint32_t(u));
            if (cover_at[a]) pre[u] = 1;
        }
    // site/incubator region within a unit
    for (std::size_t j = 0; j < m; ++j)
        if (res.candidates[j].node.empty())
            for (auto a = T.parent[cand_region[j]]; a != none32; a = T.parent[a])
                if (unit_of[a] != none32) sets[j].push_back(unit_of[a]);
    for (std::size_t v = 0; v < net.nodes.size(); ++v)
        if (cover[std::size_t(net.nodes[v].tier)] && T.node_region[v] != none32)
            for (auto a = T.parent[T.node_region[v]]; a != none32; a = T.parent[a])
                if (unit_of[a] != none32) pre[unit_of[a]] = 1;
    if (opt.radius_km > 0) cover_within_radius(sets, pre);
    double covered = 0;
    for (std::size_t u = 0; u < units.size(); ++u) covered += pre[u] ? uw[u] : 0;
    natural_before = covered;
    if (std::any_of(res.candidates.begin(), res.candidates.end(), [](auto& c) { return !c.node.empty(); }))
        res.notes.push_back("capacity expansions do not change coverage (objective 'coverage'); use 'served'");
    f = std::make_unique<CoverageFunction>(uw, std::move(sets), std::move(pre));
}

/// coverage with radius_km: also cover the located units within the radius of a candidate (or
/// of an existing incubator).
void PlanRun::cover_within_radius(std::vector<std::vector<std::uint32_t>>& sets, std::vector<char>& pre) {
    std::vector<std::uint32_t> located;
    for (std::size_t u = 0; u < units.size(); ++u)
        if (T.located(units[u])) located.push_back(std::uint32_t(u));
    std::vector<double> ula(units.size()), ulo(units.size());
    for (std::size_t u = 0; u < units.size(); ++u) ula[u] = T.lat[units[u]], ulo[u] = T.lon[units[u]];
    Grid2 grid;
    grid.build(ula, ulo, located, opt.radius_km);
    for (std::size_t j = 0; j < m; ++j) {
        auto r = cand_region[j];
        if (!res.candidates[j].node.empty() || !T.located(r)) continue;
        grid.near(T.lat[r], T.lon[r], [&](std::uint32_t u) {
            if (haversine_km(T.lat[r], T.lon[r], ula[u], ulo[u]) <= opt.radius_km) sets[j].push_back(u);
        });
    }
    for (std::size_t v = 0; v < net.nodes.size(); ++v) {
        if (!cover[std::size_t(net.nodes[v].tier)]) continue;
        double la, lo;
        if (!node_location(v, la, lo)) continue;
        grid.near(la, lo, [&](std::uint32_t u) {
            if (haversine_km(la, lo, ula[u], ulo[u]) <= opt.radius_km) pre[u] = 1;
        });
    }
}

void PlanRun::served_objective() {
    groups();
    double s0 = 0;
    for (std::size_t q = 0; q < gdemand.size(); ++q) s0 += std::min(gdemand[q], gcap[q]);
    natural_before = s0;
    f = std::make_unique<ServedFunction>(gdemand, gcap, group_of, capv);
}

void PlanRun::minmax_objective() {
    groups();
    f = std::make_unique<MinMaxFunction>(gdemand, gcap, group_of, capv);
    natural_before = -f->value();
    natural_sign = -1;
}

void PlanRun::p_median_objective() {
    build_units();
    std::vector<std::uint32_t> lu;
    std::vector<double> lw;
    for (std::size_t u = 0; u < units.size(); ++u)
        if (T.located(units[u])) lu.push_back(units[u]), lw.push_back(uw[u]);
    if (lu.size() < units.size())
        res.notes.push_back(std::to_string(units.size() - lu.size()) +
                            " demand units without coordinates left out of the p-median");
    units = lu;
    uw = lw;
    if (units.empty())
        throw input_error("options", "objective", "p_median needs coordinates: no demand unit has a location");
    std::size_t located_cands = 0;
    for (std::size_t j = 0; j < m; ++j) located_cands += T.located(cand_region[j]);
    if (m > 0 && located_cands == 0)
        throw input_error("options", "objective", "p_median needs coordinates: no candidate region has a location");
    const std::size_t n = units.size();
    if (double(m) * double(n) > 25e6)
        throw input_error("options", "candidates",
                          "p_median on " + std::to_string(m) + " candidates x " + std::to_string(n) +
                              " demand units exceeds 25 million pairs: use candidate_level 'street' or "
                              "fewer candidates");
    D.assign(m * n, std::numeric_limits<double>::infinity());
    double M = 0;
    for (std::size_t j = 0; j < m; ++j) {
        auto r = cand_region[j];
        if (!T.located(r)) continue;
        for (std::size_t i = 0; i < n; ++i) {
            double d = haversine_km(T.lat[r], T.lon[r], T.lat[units[i]], T.lon[units[i]]);
            D[j * n + i] = d;
            M = std::max(M, d);
        }
    }
    base.assign(n, std::numeric_limits<double>::infinity());
    std::size_t existing = 0;
    for (std::size_t v = 0; v < net.nodes.size(); ++v) {
        if (!cover[std::size_t(net.nodes[v].tier)]) continue;
        double la, lo;
        if (!node_location(v, la, lo)) continue;
        ++existing;
        for (std::size_t i = 0; i < n; ++i)
            base[i] = std::min(base[i], haversine_km(la, lo, T.lat[units[i]], T.lon[units[i]]));
    }
    for (auto& b : base)
        if (!std::isfinite(b)) b = M;
    if (!existing)
        res.notes.push_back("no located incubator of the cover tiers: a demand unit without one counts at "
                            "the largest candidate distance (" + std::to_string(M) + " km)");
    double tot = 0;
    for (std::size_t i = 0; i < n; ++i) tot += uw[i] * base[i];
    natural_before = tot;
    natural_sign = -1;
    f = std::make_unique<FacilityFunction>(uw, base, D, m);
}

/// Exact search, the worst-first greedy (minmax) or the greedy maximisation.
void PlanRun::solve() {
    small = m <= opt.exact_limit;
    if (opt.exact_only) {
        if (!small)
            res.notes.push_back("exact search on " + std::to_string(m) + " candidates (above exact_limit " +
                                std::to_string(opt.exact_limit) + "): may stop at the node limit");
        TickingFunction tf(*f, tick);
        sel = exact_maximise(searched(tf), cost, opt.k, opt.budget, opt.node_limit, opt.time_limit);
        res.method = f->submodular() ? "branch_and_bound" : "enumeration";
        for (auto j : sel.picks) f->add(j);
    } else if (opt.objective == Objective::minmax) {
        worst_first_greedy();
    } else {
        greedy();
    }
}

/// minmax: repeatedly the best capacity-per-cost candidate in the currently worst group.
void PlanRun::worst_first_greedy() {
    auto& mm = static_cast<MinMaxFunction&>(*f);
    std::vector<char> used(m, 0);
    double spent = 0;
    while (opt.k < 0 || long(sel.picks.size()) < opt.k) {
        auto [wg, ws] = mm.worst();
        if (wg == none32 || ws <= eps) break;
        tick.tick(std::int64_t(sel.picks.size()));
        std::size_t best = m;
        for (std::size_t j = 0; j < m; ++j) {
            if (used[j] || mm.group_of(j) != wg || capv[j] <= 0) continue;
            if (cost[j] > opt.budget - spent + eps * (1 + opt.budget)) continue;
            if (best == m || better(capv[j], cost[j], j, capv[best], cost[best], best)) best = j;
        }
        if (best == m) {
            res.notes.push_back("the worst " +
                                std::string(opt.group_level == RegionLevel::county ? "district" : "street") + " (" +
                                net.regions[gregion[wg]].code + " " + net.regions[gregion[wg]].name +
                                ") has no affordable candidate left: the worst shortfall cannot fall further");
            break;
        }
        double gn = mm.gain(best);
        mm.add(best);
        used[best] = 1;
        spent += cost[best];
        sel.picks.push_back(best);
        sel.gains.push_back(gn);
    }
    sel.value = mm.value();
    sel.cost = spent;
    sel.status = sel.picks.empty() ? SolveStatus::empty : SolveStatus::heuristic;
    res.method = "worst_first_greedy";
}

void PlanRun::greedy() {
    TickingFunction tf(*f, tick);
    sel = greedy_maximise(searched(tf), cost, opt.k, opt.budget, opt.lazy);
    switch (sel.rule) {
        case GreedyRule::gain: res.method = opt.lazy ? "lazy_greedy" : "greedy"; break;
        case GreedyRule::cost_benefit: res.method = "cost_benefit_greedy"; break;
        case GreedyRule::blended: res.method = "blended_greedy"; break;
        case GreedyRule::best_single: res.method = "best_single"; break;
    }
    if (!uniform && f->submodular()) {
        const char* binds = sel.k_binds && sel.budget_binds ? "k and the budget both bind"
                            : sel.budget_binds              ? "only the budget binds"
                            : sel.k_binds                   ? "only k binds"
                                                            : "neither k nor the budget binds";
        char pct[32];
        std::snprintf(pct, sizeof pct, "%.1f%%", 100 * sel.guarantee);
        res.notes.push_back(std::string("unequal costs: ") + binds + "; " + res.method +
                            " kept; guaranteed at least " + pct + " of the optimum's gain");
    }
}

/// p_median: Teitz–Bart interchange on the greedy's plan, and on the plan of an exact search
/// stopped at a limit (which is no optimum, so a swap may still improve it), with nearest /
/// second-nearest distances.
void PlanRun::teitz_bart() {
    const bool interchange = !opt.exact_only || sel.status == SolveStatus::limit_reached;
    if (!(interchange && opt.objective == Objective::p_median && !sel.picks.empty() && opt.interchange_rounds > 0))
        return;
    auto& fl = static_cast<FacilityFunction&>(*f);
    const std::size_t n = units.size();
    std::vector<std::size_t> S = sel.picks;
    std::vector<char> in(m, 0);
    for (auto j : S) in[j] = 1;
    double spent = sel.cost;
    auto total = [&](const std::vector<std::size_t>& set) {
        double t = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double d = base[i];
            for (auto j : set) d = std::min(d, D[j * n + i]);
            t += uw[i] * d;
        }
        return t;
    };
    double cur_total = total(S);
    std::vector<double> d1(n), d2(n);
    std::vector<std::size_t> w1(n);
    auto nearest = [&] {
        for (std::size_t i = 0; i < n; ++i) {
            d1[i] = base[i];
            w1[i] = m;  // m: an existing incubator (never swapped out)
            d2[i] = base[i];
            for (std::size_t p = 0; p < S.size(); ++p) {
                double d = D[S[p] * n + i];
                if (d < d1[i]) {
                    d2[i] = d1[i];
                    d1[i] = d;
                    w1[i] = p;
                } else if (d < d2[i]) {
                    d2[i] = d;
                }
            }
        }
    };
    nearest();
    tick.stage("interchange");
    std::int64_t tried = 0;
    int rounds = 0;
    bool improved = true;
    while (improved && rounds < opt.interchange_rounds) {
        improved = false;
        ++rounds;
        for (std::size_t c = 0; c < m; ++c) {
            if (in[c] || !T.located(cand_region[c])) continue;
            tick.tick(++tried);
            const double* dc = &D[c * n];
            std::size_t best_p = S.size();
            double best_t = cur_total;
            for (std::size_t p = 0; p < S.size(); ++p) {
                if (spent - cost[S[p]] + cost[c] > opt.budget + eps * (1 + opt.budget)) continue;
                double t = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    double d = w1[i] == p ? d2[i] : d1[i];
                    t += uw[i] * std::min(d, dc[i]);
                }
                if (t < best_t - 1e-9 * (1 + std::abs(best_t))) best_t = t, best_p = p;
            }
            if (best_p < S.size()) {
                in[S[best_p]] = 0;
                spent += cost[c] - cost[S[best_p]];
                S[best_p] = c;
                in[c] = 1;
                cur_total = best_t;
                nearest();
                improved = true;
            }
        }
    }
    if (S != sel.picks) {
        for (auto it = sel.picks.rbegin(); it != sel.picks.rend(); ++it) fl.remove(*it);
        sel.picks.clear();
        sel.gains.clear();
        for (auto j : S) {
            sel.gains.push_back(fl.gain(j));
            fl.add(j);
            sel.picks.push_back(j);
        }
        sel.value = fl.value();
        sel.cost = spent;
        res.method += "+teitz_bart";
    }
    tick.finish();
    res.notes.push_back("Teitz–Bart interchange: " + std::to_string(rounds) + " sweep(s)");
}

/// Bounds on the optimum's gain for a plan that is not proven optimal (submodular objectives).
void PlanRun::bound() {
    bool sub = f->submodular();
    // (an exact search stopped at a limit is bounded the same way: its plan is no proof)
    if ((!opt.exact_only || sel.status == SolveStatus::limit_reached) && sub && opt.objective != Objective::minmax) {
        res.guarantee = sel.guarantee;
        if (!sel.picks.empty()) {
            // data-dependent bounds on OPT's gain: OPT ≤ f(S) + Σ_{o ∈ O∖S} Δ_o(S) by submodularity,
            // the sum bounded by the k largest marginal gains at S and by their fractional
            // knapsack within the budget; and OPT ≤ f(S) / guarantee
            const double tol = eps * (1 + opt.budget);
            std::vector<std::pair<double, double>> gc;  // (gain at S, cost) of what fits alone
            for (std::size_t j = 0; j < m; ++j)
                if (cost[j] <= opt.budget + tol) {
                    double gj = f->gain(j);
                    if (gj > 0) gc.emplace_back(gj, cost[j]);
                }
            double ub = res.guarantee > 0 ? sel.value / res.guarantee : unlimited;
            long kk = opt.k;
            if (uniform && std::isfinite(opt.budget) && cost.front() > 0) {
                long kb = long(std::floor(opt.budget / cost.front() + 1e-9));
                kk = kk < 0 ? kb : std::min(kk, kb);
            }
            if (kk >= 0) {
                std::vector<double> gs;
                for (auto& p : gc) gs.push_back(p.first);
                std::sort(gs.begin(), gs.end(), std::greater<double>());
                double add = 0;
                for (long q = 0; q < kk && q < long(gs.size()); ++q) add += gs[std::size_t(q)];
                ub = std::min(ub, sel.value + add);
            }
            if (!uniform && std::isfinite(opt.budget)) {
                std::sort(gc.begin(), gc.end(), [](const auto& a, const auto& b) {
                    double ra = a.second > 0 ? a.first / a.second : std::numeric_limits<double>::infinity();
                    double rb = b.second > 0 ? b.first / b.second : std::numeric_limits<double>::infinity();
                    return ra > rb;
                });
                double room = opt.budget, add = 0;
                for (auto& [gj, cj] : gc) {
                    if (cj <= room) add += gj, room -= cj;
                    else {
                        add += gj * (room / cj);
                        break;
                    }
                }
                ub = std::min(ub, sel.value + add);
            }
            if (std::isfinite(ub)) res.upper_bound = ub;
        }
    }
}

/// compare_exact: solve exactly on a fresh copy of the state and compare.
void PlanRun::compare_exact() {
    if ((opt.compare_exact && !opt.exact_only) && small) {
        // solve exactly on a fresh copy of the state: undo the picks, search, redo the picks
        for (auto it = sel.picks.rbegin(); it != sel.picks.rend(); ++it) f->remove(*it);
        tick.stage("exact");
        TickingFunction tf(*f, tick);
        auto ex = exact_maximise(searched(tf), cost, opt.k, opt.budget, opt.node_limit, opt.time_limit);
        tick.finish();
        for (auto j : sel.picks) f->add(j);
        res.exact_status = ex.status;
        if (ex.status == SolveStatus::limit_reached)
            res.notes.push_back(std::string("exact comparison: ") +
                                (ex.time_limit_reached ? "time limit reached" : "node limit reached") +
                                ": not proven optimal");
        double ev = ex.value, gv = sel.value;
        if (opt.objective == Objective::minmax) {
            res.exact_value = -ev;
            res.ratio_to_exact = gv == ev ? 1.0 : (ev != 0 ? ev / gv : nan);  // shortfall(opt)/shortfall(greedy)
        } else {
            res.exact_value = ev;
            res.ratio_to_exact = ev > 0 ? gv / ev : 1.0;
        }
        if (opt.objective == Objective::p_median) res.exact_value = natural_before - ev;
        if (opt.objective == Objective::coverage || opt.objective == Objective::served)
            res.exact_value = natural_before + ev;
    } else if (opt.compare_exact && !small) {
        res.notes.push_back("exact comparison skipped: " + std::to_string(m) + " candidates > exact_limit " +
                            std::to_string(opt.exact_limit));
    }
}

/// The picks with their gains and values in the objective's natural unit; notes on limits.
void PlanRun::report() {
    double running = 0;
    for (std::size_t q = 0; q < sel.picks.size(); ++q) {
        auto j = sel.picks[q];
        const auto& c = res.candidates[j];
        Pick p;
        p.candidate = j;
        p.region = c.region;
        p.name = c.name;
        p.node = c.node;
        p.district = T.district[cand_region[j]] != none32 ? net.regions[T.district[cand_region[j]]].code : "";
        p.tier = c.tier;
        p.capacity = c.capacity;
        p.cost = c.cost;
        p.mode = c.mode;
        p.operation = c.operation;
        p.gain = sel.gains[q];
        running += p.gain;
        p.value_after = opt.objective == Objective::minmax ? -0.0 : natural_before + natural_sign * running;
        res.picks.push_back(std::move(p));
    }
    if (opt.objective == Objective::minmax) {
        // value_after of each pick: the worst shortfall after it
        MinMaxFunction fresh(gdemand, gcap, group_of, capv);
        for (auto& p : res.picks) {
            fresh.add(p.candidate);
            p.value_after = -fresh.value();
            p.gain = -p.gain;  // natural unit: change of the worst shortfall (<= 0)
        }
        res.value_after = -sel.value;
        res.gain = res.value_after - res.value_before;
    } else {
        res.gain = sel.value;
        res.value_after = natural_before + natural_sign * sel.value;
        if (opt.objective == Objective::p_median)
            for (auto& p : res.picks) p.gain = -p.gain;  // distance saved, reported as a change (<= 0)
    }
    res.cost = sel.cost;
    if (sel.status == SolveStatus::limit_reached) {
        if (sel.time_limit_reached) {
            char secs[32];
            std::snprintf(secs, sizeof secs, "%g", opt.time_limit);
            res.notes.push_back(std::string("time limit reached: not proven optimal (the exact search stopped after ") +
                                secs + " s with the best plan found; raise time_limit to search longer)");
        } else {
            res.notes.push_back("exact search stopped at the node limit: best found, not proven optimal");
        }
    }
}

}  // namespace

PlanResult plan(const Graph& g, const PlanOptions& opt) {
    check_plan_options(opt);
    return PlanRun(g, opt).run();
}

// ------------------------------------------------------------------ budget split

SplitResult split_budget(const Graph& g, const SplitOptions& opt) {
    if (std::isnan(opt.budget) || opt.budget < 0 || !std::isfinite(opt.budget))
        throw input_error("options", "budget", "must be a finite number >= 0");
    if (!(opt.price > 0) || !std::isfinite(opt.price)) throw input_error("options", "price", "must be a positive number");
    CoverageOptions co;
    co.counted_tiers = opt.counted_tiers;
    co.accessibility = false;
    co.two_step = false;
    auto cov = analyse(g, co);
    SplitResult res;
    std::vector<double> cap, dem;
    for (const auto& r : cov.regions)
        if (r.level == RegionLevel::county) {
            SplitRow row;
            row.code = r.code;
            row.name = r.name;
            row.organizations = r.organizations;
            row.capacity = r.capacity;
            row.ratio_before = r.capacity_per_org;
            res.districts.push_back(row);
            cap.push_back(double(r.capacity));
            dem.push_back(double(r.organizations));
        }
    double level = nan;
    auto x = water_fill(cap, dem, opt.budget, opt.price, &level);
    res.level = level;
    std::vector<double> rb, ra, w;
    for (std::size_t i = 0; i < x.size(); ++i) {
        auto& row = res.districts[i];
        row.buy = x[i];
        row.spend = x[i] * opt.price;
        res.spent += row.spend;
        if (dem[i] > 0) {
            row.ratio_after = (cap[i] + x[i]) / dem[i];
            rb.push_back(cap[i] / dem[i]);
            ra.push_back(row.ratio_after);
            w.push_back(dem[i]);
        }
    }
    if (!rb.empty()) {
        res.min_before = *std::min_element(rb.begin(), rb.end());
        res.min_after = *std::min_element(ra.begin(), ra.end());
        res.gini_before = gini(rb, w);
        res.gini_after = gini(ra, w);
    } else {
        res.notes.push_back("no district has organizations: nothing to split");
    }
    std::size_t none = 0;
    for (auto d : dem) none += d == 0;
    if (none) res.notes.push_back(std::to_string(none) + " district(s) without organizations get nothing");
    return res;
}

}  // namespace hatchnet::coverage
