// The needs/resources matcher of hatchnet/match/resources.hpp (see the header for the model).
#include "hatchnet/match/resources.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "hatchnet/error.hpp"

#include "../detail/vocabulary.hpp"

namespace hatchnet::match {

namespace {

using i128 = __int128;
constexpr i128 kLimit = static_cast<i128>(1) << 62;
constexpr std::int64_t kMaxScaledCost = std::int64_t(1) << 50;

std::string need_rec(const std::vector<Need>& v, std::size_t i) {
    return v[i].id.empty() ? "needs[" + std::to_string(i) + "]" : "need " + v[i].id;
}
std::string res_rec(const std::vector<Resource>& v, std::size_t j) {
    return v[j].id.empty() ? "resources[" + std::to_string(j) + "]" : "resource " + v[j].id;
}

// Per-group summary of a result: needs, requested, served (served[i] per need), weighted,
// cost of the assignments, floors and whether they are met.
void fill_groups(MatchResult& res, const std::vector<std::string>& names, const std::vector<std::int64_t>& floors,
                 const std::vector<std::uint32_t>& group, const std::vector<Need>& needs,
                 const std::vector<std::int64_t>& served) {
    res.groups.assign(names.size(), {});
    for (std::size_t g = 0; g < names.size(); ++g) {
        res.groups[g].group = names[g];
        res.groups[g].floor = floors[g];
    }
    for (std::size_t i = 0; i < needs.size(); ++i) {
        auto& gs = res.groups[group[i]];
        ++gs.needs;
        gs.requested += needs[i].quantity;
        gs.served += served[i];
        gs.weighted_served += served[i] * needs[i].priority;
    }
    for (const auto& a : res.assignments) res.groups[group[a.need]].cost += a.cost;
    res.floors_met = true;
    for (auto& gs : res.groups) {
        gs.floor_met = gs.served >= gs.floor;
        res.floors_met = res.floors_met && gs.floor_met;
    }
}

std::string fmt_num(double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

// distance level of provider region p for an organization in region o (see the docs)
DistanceLevel level_of(std::string_view o, std::string_view p) {
    std::size_t L = 0;
    if (!p.empty() && region_within(o, p)) {
        L = p.size();
    } else {
        for (std::size_t b : {12u, 9u, 6u, 4u, 2u})
            if (o.size() >= b && p.size() >= b && o.substr(0, b) == p.substr(0, b)) { L = b; break; }
        if (L == 2) L = 0;  // same province, different prefecture: across cities
    }
    if (L >= 9) return DistanceLevel::same_street;
    if (L == 6) return DistanceLevel::same_district;
    if (L >= 2) return DistanceLevel::cross_district;
    return DistanceLevel::cross_city;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t x) {
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

// the distance cost per unit of a level (DistanceMode::region)
double distance_weight(const MatchOptions& opt, DistanceLevel l) {
    switch (l) {
        case DistanceLevel::same_street: return opt.w_same_street;
        case DistanceLevel::same_district: return opt.w_same_district;
        case DistanceLevel::cross_district: return opt.w_cross_district;
        default: return opt.w_cross_city;
    }
}

// The eligibility rules in the order they are judged (and explained); none: the
// organization may use the resource for the need.
enum class Rule : std::uint8_t { none, org_type, stage, credit, window, provider_score };

Rule first_failing_rule(const Need& n, const Organization& o, const Resource& r, const Node& provider) {
    const auto& e = r.eligibility;
    if (!e.org_types.empty() && std::find(e.org_types.begin(), e.org_types.end(), o.type) == e.org_types.end())
        return Rule::org_type;
    if (!e.stages.empty() && std::find(e.stages.begin(), e.stages.end(), o.stage) == e.stages.end())
        return Rule::stage;
    if (o.credit < e.min_credit) return Rule::credit;
    if (n.window && r.window && (n.window->start > r.window->end || r.window->start > n.window->end))
        return Rule::window;
    if (n.min_provider_score) {
        const auto& sc = provider.score;
        if (!sc || *sc < *n.min_provider_score) return Rule::provider_score;
    }
    return Rule::none;
}

// The eligibility index: "category|served region" -> resources with capacity ("category|"
// for the resources serving any region).
using EligibilityIndex = std::unordered_map<std::string, std::vector<std::uint32_t>>;

// Calls visit(j) for every resource the index lists under one of the categories `cats` and
// any region, `region` or one of its ancestors; a resource listed under several of them is
// visited once for each.
template <class Visit>
void for_each_listed(const EligibilityIndex& index, const std::vector<std::string>& cats, std::string_view region,
                     Visit&& visit) {
    std::vector<std::string_view> regs{""};
    for (std::string_view c = region; !c.empty(); c = truncate_region(c)) regs.push_back(c);
    for (const auto& cat : cats)
        for (auto rg : regs) {
            std::string key = cat + "|";
            key.append(rg);
            auto it = index.find(key);
            if (it == index.end()) continue;
            for (auto j : it->second) visit(j);
        }
}

std::string group_key(FairBy by, const Need& n, const Organization& o) {
    switch (by) {
        case FairBy::street: {
            const auto s = RegionIndex::code_at(o.region, RegionLevel::street);
            return s.empty() ? o.region : std::string(s);
        }
        case FairBy::group: return n.group;
        case FairBy::district:
        case FairBy::none:
        default: {
            const auto d = RegionIndex::code_at(o.region, RegionLevel::county);
            return d.empty() ? o.region : std::string(d);
        }
    }
}

}  // namespace

std::string_view to_string(DistanceMode m) noexcept { return m == DistanceMode::hops ? "hops" : "region"; }

std::optional<DistanceMode> parse_distance_mode(std::string_view s) noexcept {
    if (s == "region") return DistanceMode::region;
    if (s == "hops") return DistanceMode::hops;
    return std::nullopt;
}

std::string_view to_string(FairBy b) noexcept {
    switch (b) {
        case FairBy::none: return "none";
        case FairBy::district: return "district";
        case FairBy::street: return "street";
        case FairBy::group: return "group";
    }
    return "unknown";
}

std::optional<FairBy> parse_fair_by(std::string_view s) noexcept {
    for (auto b : {FairBy::none, FairBy::district, FairBy::street, FairBy::group})
        if (s == to_string(b)) return b;
    return std::nullopt;
}

std::string_view to_string(Lexicographic l) noexcept {
    switch (l) {
        case Lexicographic::automatic: return "auto";
        case Lexicographic::big_m: return "big_m";
        case Lexicographic::phases: return "phases";
    }
    return "unknown";
}

std::optional<Lexicographic> parse_lexicographic(std::string_view s) noexcept {
    if (s == "two_phase") return Lexicographic::phases;
    for (auto l : {Lexicographic::automatic, Lexicographic::big_m, Lexicographic::phases})
        if (s == to_string(l)) return l;
    return std::nullopt;
}

std::string_view to_string(DistanceLevel l) noexcept {
    switch (l) {
        case DistanceLevel::same_street: return "same_street";
        case DistanceLevel::same_district: return "same_district";
        case DistanceLevel::cross_district: return "cross_district";
        case DistanceLevel::cross_city: return "cross_city";
    }
    return "unknown";
}

std::string_view to_string(UnservedReason r) noexcept {
    switch (r) {
        case UnservedReason::none: return "none";
        case UnservedReason::no_eligible_resource: return "no_eligible_resource";
        case UnservedReason::exhausted: return "exhausted";
        case UnservedReason::fairness_floor: return "fairness_floor";
        case UnservedReason::not_solved: return "not_solved";
    }
    return "unknown";
}

std::string_view to_string(Providers p) noexcept { return p == Providers::home ? "home" : "any"; }
std::optional<Providers> parse_providers(std::string_view s) noexcept {
    if (s == "any") return Providers::any;
    if (s == "home") return Providers::home;
    return std::nullopt;
}

// ---------------------------------------------------------------------------- internals

struct ResourceMatcher::Impl {
    // per need: eligible resources (CSR), their scaled costs and cost terms
    std::vector<std::size_t> off;                 // size N+1
    std::vector<std::uint32_t> res;               // resource index
    std::vector<std::int64_t> icost;              // scaled integer cost per unit
    std::vector<std::uint8_t> level;              // DistanceLevel
    std::vector<int> hops;                        // hops mode
    std::vector<std::int32_t> via;                // consortium of the pair (-1: none)
    std::vector<Graph::vertex> home;              // per need: its incubator (null: none)
    std::vector<std::vector<std::uint32_t>> consortia_of;  // per vertex: consortia it is member of
    std::vector<std::uint32_t> org;               // organization index per need
    std::vector<std::uint32_t> provider;          // node index per resource
    std::vector<std::uint32_t> group;             // group index per need
    std::vector<std::string> group_names;
    std::vector<std::int64_t> floors;             // per group
    std::vector<std::int64_t> group_need;         // per group
    // buckets
    std::vector<std::uint32_t> bucket_of;         // per need (UINT32_MAX: no eligible)
    std::vector<std::vector<std::uint32_t>> bucket_needs;
    std::vector<std::uint32_t> bucket_first;      // representative need
    std::vector<std::int64_t> bucket_qty;
    // flow network
    std::vector<algo::MinCostFlow::arc_t> bucket_arc;   // S/G -> B
    std::vector<std::size_t> pair_arc_off;        // per bucket: first B -> R arc (CSR with the rep's list)
    std::vector<algo::MinCostFlow::arc_t> res_arc;      // R -> T (-1: unused)
    std::vector<algo::MinCostFlow::arc_t> floor_arc, rest_arc;  // per group (fairness)
    std::vector<std::int64_t> level_floor, level_weight, level_cost;  // per arc
    std::int64_t max_cost = 0;
    // eligibility index: "category|served region" -> resources with capacity; ancestors of
    // each service (itself first)
    EligibilityIndex index;
    std::unordered_map<std::string, std::vector<std::string>> anc;
    // re-matching: the solver of the last big-M run, warm start on (shared by copies of the
    // matcher only until one of them runs again: run() replaces it, never mutates a shared one)
    std::shared_ptr<algo::MinCostFlow> kept;
};

namespace {
const Graph& checked(const std::shared_ptr<const Graph>& g) {
    if (!g) throw input_error("matcher", "graph", "needs a graph");
    return *g;
}
}  // namespace

ResourceMatcher::ResourceMatcher(std::shared_ptr<const Graph> graph, std::vector<Need> needs,
                                 std::vector<Resource> resources, MatchOptions options)
    : ResourceMatcher(checked(graph), std::move(needs), std::move(resources), std::move(options)) {
    owner_ = std::move(graph);
}

ResourceMatcher::ResourceMatcher(const Graph& graph, std::vector<Need> needs,
                                 std::vector<Resource> resources, MatchOptions options)
    : graph_(graph), needs_(std::move(needs)), resources_(std::move(resources)),
      opt_(std::move(options)), impl_(std::make_shared<Impl>()) {
    validate_input();
}

namespace {

bool finite_nonneg(double x) { return std::isfinite(x) && x >= 0; }

void check_options(const MatchOptions& opt) {
    struct W { const char* name; double v; };
    for (W w : {W{"w_unit_cost", opt.w_unit_cost}, W{"w_same_street", opt.w_same_street},
                W{"w_same_district", opt.w_same_district}, W{"w_cross_district", opt.w_cross_district},
                W{"w_cross_city", opt.w_cross_city}, W{"w_hop", opt.w_hop}})
        if (!finite_nonneg(w.v))
            throw input_error("options", w.name, "must be a finite number >= 0, got " + fmt_num(w.v));
    if (!std::isfinite(opt.cost_scale) || opt.cost_scale <= 0 || opt.cost_scale > 1e9)
        throw input_error("options", "cost_scale", "must be in (0, 1e9], got " + fmt_num(opt.cost_scale));
    if (!std::isfinite(opt.fair.share) || opt.fair.share < 0 || opt.fair.share > 1)
        throw input_error("options", "fair.share", "must be in [0, 1], got " + fmt_num(opt.fair.share));
    for (const auto& [g, f] : opt.fair.floors)
        if (f < 0) throw input_error("options", "fair.floors." + g, "must be >= 0, got " + std::to_string(f));
}

// A need's or resource's id: present and not seen before (`what`: "need" or "resource").
void check_new_id(std::unordered_map<std::string_view, std::size_t>& seen, const std::string& rec,
                  const std::string& id, std::size_t i, const char* what) {
    if (id.empty()) throw input_error(rec, "id", "missing id");
    if (!seen.emplace(id, i).second) throw input_error(rec, "id", std::string("duplicate ") + what + " id '" + id + "'");
}

void check_category(const Vocabulary& voc, const std::string& rec, const std::string& category) {
    if (!voc.has_service(category))
        throw input_error(rec, "category", "'" + category + "' is not a service of the vocabulary");
}

// The needs checked (see the class comment); the organization index of each.
std::vector<std::uint32_t> check_needs(const std::vector<Need>& needs, const Network& net) {
    std::vector<std::uint32_t> org(needs.size());
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(needs.size());
    i128 total_need = 0, total_weight = 0;
    for (std::size_t i = 0; i < needs.size(); ++i) {
        const Need& n = needs[i];
        const std::string rec = need_rec(needs, i);
        check_new_id(seen, rec, n.id, i, "need");
        std::size_t o = net.organization_index(n.organization);
        if (o == Network::npos)
            throw input_error(rec, "organization", "unknown organization '" + n.organization + "'");
        org[i] = static_cast<std::uint32_t>(o);
        check_category(net.vocabulary, rec, n.category);
        if (n.quantity < 1) throw input_error(rec, "quantity", "must be >= 1, got " + std::to_string(n.quantity));
        if (n.priority < 1 || n.priority > 1000000000)
            throw input_error(rec, "priority", "must be in [1, 1e9], got " + std::to_string(n.priority));
        if (n.window && n.window->start > n.window->end)
            throw input_error(rec, "window", "start is after end");
        if (n.min_provider_score && !(std::isfinite(*n.min_provider_score)))
            throw input_error(rec, "min_provider_score", "must be a finite number");
        total_need += n.quantity;
        if (total_need >= (static_cast<i128>(1) << 60))
            throw input_error(rec, "quantity", "the total quantity of the needs overflows 2^60");
        total_weight += static_cast<i128>(n.quantity) * n.priority;
        if (total_weight >= (static_cast<i128>(1) << 62))
            throw input_error(rec, "priority", "the priority-weighted total quantity overflows 2^62");
    }
    return org;
}

// The resources checked (see the class comment); the provider vertex of each.
std::vector<std::uint32_t> check_resources(const std::vector<Resource>& resources, const Graph& graph,
                                           const MatchOptions& opt) {
    std::vector<std::uint32_t> provider(resources.size());
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(resources.size());
    i128 total_cap = 0;
    for (std::size_t j = 0; j < resources.size(); ++j) {
        const Resource& r = resources[j];
        const std::string rec = res_rec(resources, j);
        check_new_id(seen, rec, r.id, j, "resource");
        auto v = graph.find(r.provider);
        if (v == Graph::null_vertex) throw input_error(rec, "provider", "unknown node '" + r.provider + "'");
        provider[j] = v;
        check_category(graph.network().vocabulary, rec, r.category);
        if (r.capacity < 0) throw input_error(rec, "capacity", "must be >= 0, got " + std::to_string(r.capacity));
        if (!finite_nonneg(r.unit_cost))
            throw input_error(rec, "unit_cost", "must be a finite number >= 0, got " + fmt_num(r.unit_cost));
        if (!std::isfinite(r.eligibility.min_credit))
            throw input_error(rec, "eligibility.min_credit", "must be a finite number");
        for (const auto& code : r.eligibility.regions)
            if (!is_region_code(code))
                throw input_error(rec, "eligibility.regions", "'" + code + "' is not an NBS code of 2/4/6/9/12 digits");
        if (r.window && r.window->start > r.window->end) throw input_error(rec, "window", "start is after end");
        const double c = (opt.w_unit_cost * r.unit_cost + std::max({opt.w_same_street, opt.w_same_district,
                                                                     opt.w_cross_district, opt.w_cross_city})) *
                         opt.cost_scale;
        if (!(c < static_cast<double>(kMaxScaledCost)))
            throw input_error(rec, "unit_cost", "cost " + fmt_num(r.unit_cost) + " times cost_scale " +
                                                    fmt_num(opt.cost_scale) + " exceeds 2^50");
        total_cap += r.capacity;
        if (total_cap >= (static_cast<i128>(1) << 60))
            throw input_error(rec, "capacity", "the total capacity of the resources overflows 2^60");
    }
    return provider;
}

}  // namespace

void ResourceMatcher::validate_input() {
    check_options(opt_);
    impl_->org = check_needs(needs_, graph_.network());
    impl_->provider = check_resources(resources_, graph_, opt_);
}

std::vector<std::pair<std::size_t, std::int64_t>> ResourceMatcher::eligible(std::size_t need) const {
    std::vector<std::pair<std::size_t, std::int64_t>> r;
    if (!built_ || need >= needs_.size()) return r;
    for (std::size_t k = impl_->off[need]; k < impl_->off[need + 1]; ++k) r.emplace_back(impl_->res[k], impl_->icost[k]);
    return r;
}

// ---------------------------------------------------------------------------- build()
// In steps: the eligibility index, the eligible pairs with their costs, the fairness groups
// and floors, the buckets, the flow network.

void ResourceMatcher::build() {
    if (built_) return;
    auto t0 = std::chrono::steady_clock::now();
    index_resources();
    find_eligible_pairs();
    result_.stats.eligible_pairs = impl_->res.size();
    group_needs();
    make_buckets();
    result_.stats.buckets = impl_->bucket_first.size();
    make_flow_network();
    result_.stats.flow_nodes = static_cast<std::size_t>(flow_.node_count());
    result_.stats.flow_arcs = static_cast<std::size_t>(flow_.arc_count());
    result_.stats.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    built_ = true;
}

// The eligibility index: (category, served region) -> resources with capacity; and the
// ancestors of each category of the vocabulary (itself first).
void ResourceMatcher::index_resources() {
    Impl& I = *impl_;
    const auto& voc = graph_.network().vocabulary;
    auto& index = I.index;
    index.clear();
    for (std::size_t j = 0; j < resources_.size(); ++j) {
        const Resource& r = resources_[j];
        if (r.capacity == 0) continue;
        if (r.eligibility.regions.empty()) index[r.category + "|"].push_back(static_cast<std::uint32_t>(j));
        for (const auto& code : r.eligibility.regions) index[r.category + "|" + code].push_back(static_cast<std::uint32_t>(j));
    }
    auto& anc = I.anc;
    anc.clear();
    for (const auto& t : voc.services) {
        std::vector<std::string> a;
        hatchnet::detail::walk_term_chain(voc.services, t.id, [&](std::string_view id, const Vocabulary::Term*) {
            a.emplace_back(id);
            return true;
        });
        anc[t.id] = std::move(a);
    }
}

// Per need (CSR in I.off): the eligible resources in index order, their distance levels and
// integer costs; in hops mode the home incubator of each need, then drop_unreachable().
void ResourceMatcher::find_eligible_pairs() {
    Impl& I = *impl_;
    const Network& net = graph_.network();
    const std::size_t N = needs_.size(), R = resources_.size();
    const double scale = opt_.cost_scale;
    I.off.assign(N + 1, 0);
    std::vector<std::uint32_t> stamp(R, UINT32_MAX);
    std::vector<std::uint32_t> cand;
    const bool hops_mode = opt_.distance == DistanceMode::hops;
    index_consortia();
    for (std::size_t i = 0; i < N; ++i) {
        const Need& n = needs_[i];
        const Organization& o = net.organizations[I.org[i]];
        cand.clear();
        for_each_listed(I.index, I.anc[n.category], o.region, [&](std::uint32_t j) {
            if (stamp[j] == i) return;
            stamp[j] = static_cast<std::uint32_t>(i);
            if (first_failing_rule(n, o, resources_[j], net.nodes[I.provider[j]]) == Rule::none) cand.push_back(j);
        });
        std::sort(cand.begin(), cand.end());
        const Graph::vertex h = I.home[i];
        if (hops_mode && h == Graph::null_vertex) cand.clear();
        for (auto j : cand) {
            const std::int32_t via = pool_of(i, I.provider[j]);
            if (opt_.providers == Providers::home && via == not_pooled) continue;
            I.res.push_back(j);
            I.via.push_back(via < 0 ? -1 : via);
            const Resource& r = resources_[j];
            DistanceLevel l = level_of(o.region, net.nodes[I.provider[j]].region);
            I.level.push_back(static_cast<std::uint8_t>(l));
            if (!hops_mode) {
                double c = opt_.w_unit_cost * r.unit_cost + distance_weight(opt_, l);
                I.icost.push_back(std::llround(c * scale));
            } else {
                I.icost.push_back(0);
            }
        }
        I.off[i + 1] = I.res.size();
    }
    if (hops_mode) drop_unreachable(I.home);
}

// The incubator of each need (its organization's home, else the most local public incubator
// serving its region) and the consortia each vertex is a member of.
void ResourceMatcher::index_consortia() {
    Impl& I = *impl_;
    const Network& net = graph_.network();
    I.home.assign(needs_.size(), Graph::null_vertex);
    for (std::size_t i = 0; i < needs_.size(); ++i) {
        const Organization& o = net.organizations[I.org[i]];
        Graph::vertex h = o.home.empty() ? Graph::null_vertex : graph_.find(o.home);
        if (h == Graph::null_vertex)
            for (auto v : graph_.incubators_serving(o.region))
                if (graph_.node(v).tier != Tier::social) h = v;  // the most local public one
        I.home[i] = h;
    }
    I.consortia_of.assign(graph_.num_vertices(), {});
    if (!opt_.pooling) return;
    for (std::size_t c = 0; c < net.consortia.size(); ++c)
        for (const auto& m : net.consortia[c].members)
            if (auto v = graph_.find(m); v != Graph::null_vertex) I.consortia_of[v].push_back(static_cast<std::uint32_t>(c));
}

// How need i may use provider p: own_incubator (p is the need's incubator), the index of the
// first consortium that holds both and pools the need's category, or not_pooled.
std::int32_t ResourceMatcher::pool_of(std::size_t i, std::uint32_t p) const {
    const Impl& I = *impl_;
    const Graph::vertex h = I.home[i];
    if (h == Graph::null_vertex) return not_pooled;
    if (h == p) return own_incubator;
    const Network& net = graph_.network();
    const auto& a = I.consortia_of[h];
    const auto& b = I.consortia_of[p];
    for (auto c : a)
        if (std::find(b.begin(), b.end(), c) != b.end() && net.consortia[c].pools(needs_[i].category, net.vocabulary))
            return static_cast<std::int32_t>(c);
    return not_pooled;
}

// Hops mode: the hops of each pair from the need's home incubator to the provider (one BFS
// per distinct provider), their costs; pairs that cannot be reached are dropped.
void ResourceMatcher::drop_unreachable(const std::vector<Graph::vertex>& home) {
    Impl& I = *impl_;
    const std::size_t N = needs_.size();
    const double scale = opt_.cost_scale;
    I.hops.assign(I.res.size(), -1);
    std::vector<std::vector<std::size_t>> by_provider(graph_.num_vertices());
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = I.off[i]; k < I.off[i + 1]; ++k) by_provider[I.provider[I.res[k]]].push_back(k);
    std::vector<std::uint32_t> need_of(I.res.size());
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = I.off[i]; k < I.off[i + 1]; ++k) need_of[k] = static_cast<std::uint32_t>(i);
    for (std::size_t p = 0; p < by_provider.size(); ++p) {
        if (by_provider[p].empty()) continue;
        auto h = graph_.hops_from(static_cast<Graph::vertex>(p));
        for (auto k : by_provider[p]) I.hops[k] = h[home[need_of[k]]];
    }
    // compact: drop unreachable
    std::size_t w = 0;
    std::vector<std::size_t> noff(N + 1, 0);
    for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t k = I.off[i]; k < I.off[i + 1]; ++k) {
            if (I.hops[k] < 0) continue;
            const Resource& r = resources_[I.res[k]];
            double c = opt_.w_unit_cost * r.unit_cost + opt_.w_hop * I.hops[k];
            if (!(c * scale < static_cast<double>(kMaxScaledCost)))
                throw input_error(res_rec(resources_, I.res[k]), "unit_cost", "cost with hops exceeds 2^50");
            I.res[w] = I.res[k];
            I.via[w] = I.via[k];
            I.level[w] = I.level[k];
            I.hops[w] = I.hops[k];
            I.icost[w] = std::llround(c * scale);
            ++w;
        }
        noff[i + 1] = w;
    }
    I.res.resize(w); I.via.resize(w); I.level.resize(w); I.hops.resize(w); I.icost.resize(w);
    I.off = std::move(noff);
}

// The group of each need (numbered in name order, for deterministic output), the need of
// each group and, with fairness, its floor: proportional (share * need_g / need * Q, with Q
// here min(need, capacity); solve() refines it) unless the caller gives one.
void ResourceMatcher::group_needs() {
    Impl& I = *impl_;
    const Network& net = graph_.network();
    const std::size_t N = needs_.size();
    const FairBy gb = opt_.fair.by;
    std::unordered_map<std::string, std::uint32_t> gidx;
    I.group.resize(N);
    for (std::size_t i = 0; i < N; ++i) {
        std::string g = group_key(gb, needs_[i], net.organizations[I.org[i]]);
        auto [it, fresh] = gidx.emplace(g, static_cast<std::uint32_t>(gidx.size()));
        if (fresh) I.group_names.push_back(g);
        I.group[i] = it->second;
    }
    // groups sorted by name: renumber
    {
        std::vector<std::uint32_t> order(I.group_names.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return I.group_names[a] < I.group_names[b]; });
        std::vector<std::uint32_t> newid(order.size());
        std::vector<std::string> names(order.size());
        for (std::size_t k = 0; k < order.size(); ++k) { newid[order[k]] = static_cast<std::uint32_t>(k); names[k] = I.group_names[order[k]]; }
        for (auto& g : I.group) g = newid[g];
        I.group_names = std::move(names);
    }
    const std::size_t G = I.group_names.size();
    I.group_need.assign(G, 0);
    for (std::size_t i = 0; i < N; ++i) I.group_need[I.group[i]] += needs_[i].quantity;
    I.floors.assign(G, 0);
    if (gb == FairBy::none) return;
    i128 total_need = 0, total_cap = 0;
    for (auto q : I.group_need) total_need += q;
    for (const auto& r : resources_) total_cap += r.capacity;
    const i128 Q = std::min(total_need, total_cap);
    // share as an exact rational: round share to 1e-9
    const i128 sh = static_cast<i128>(std::llround(opt_.fair.share * 1e9));
    for (std::size_t g = 0; g < G; ++g) {
        if (total_need == 0) break;
        i128 f = sh * I.group_need[g] / 1000000000 * Q / total_need;
        I.floors[g] = static_cast<std::int64_t>(std::min<i128>(f, I.group_need[g]));
    }
    for (const auto& [name, f] : opt_.fair.floors) {
        auto it = std::lower_bound(I.group_names.begin(), I.group_names.end(), name);
        if (it == I.group_names.end() || *it != name)
            throw input_error("options", "fair.floors." + name, "no need belongs to group '" + name + "'");
        const std::size_t g = static_cast<std::size_t>(it - I.group_names.begin());
        I.floors[g] = std::min(f, I.group_need[g]);
    }
}

// Buckets: needs with identical (group, priority, eligible list with costs), in order of
// their first need.
void ResourceMatcher::make_buckets() {
    Impl& I = *impl_;
    const std::size_t N = needs_.size();
    I.bucket_of.assign(N, UINT32_MAX);
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_hash;
    for (std::size_t i = 0; i < N; ++i) {
        if (I.off[i] == I.off[i + 1]) continue;
        std::uint64_t h = mix(mix(1469598103934665603ULL, I.group[i]), static_cast<std::uint64_t>(needs_[i].priority));
        for (std::size_t k = I.off[i]; k < I.off[i + 1]; ++k)
            h = mix(mix(h, I.res[k]), static_cast<std::uint64_t>(I.icost[k]));
        auto& cands = by_hash[h];
        std::uint32_t found = UINT32_MAX;
        for (auto b : cands) {
            const std::size_t f = I.bucket_first[b];
            if (I.group[f] != I.group[i] || needs_[f].priority != needs_[i].priority) continue;
            if (I.off[f + 1] - I.off[f] != I.off[i + 1] - I.off[i]) continue;
            bool same = true;
            for (std::size_t a = I.off[f], c = I.off[i]; a < I.off[f + 1]; ++a, ++c)
                if (I.res[a] != I.res[c] || I.icost[a] != I.icost[c]) { same = false; break; }
            if (same) { found = b; break; }
        }
        if (found == UINT32_MAX) {
            found = static_cast<std::uint32_t>(I.bucket_first.size());
            I.bucket_first.push_back(static_cast<std::uint32_t>(i));
            I.bucket_needs.emplace_back();
            I.bucket_qty.push_back(0);
            cands.push_back(found);
        }
        I.bucket_of[i] = found;
        I.bucket_needs[found].push_back(static_cast<std::uint32_t>(i));
        I.bucket_qty[found] += needs_[i].quantity;
    }
}

// The flow network S -> [G] -> B -> R -> T plus the bypass S -> T, each arc with its cost in
// every level of the objective; its costs are the merged ones (big-M) when they fit.
void ResourceMatcher::make_flow_network() {
    Impl& I = *impl_;
    const std::size_t R = resources_.size(), G = I.group_names.size(), B = I.bucket_first.size();
    const bool fair = opt_.fair.by != FairBy::none;
    std::vector<char> used(R, 0);
    std::size_t pair_count = 0;
    for (std::size_t b = 0; b < B; ++b) {
        const std::size_t f = I.bucket_first[b];
        pair_count += I.off[f + 1] - I.off[f];
        for (std::size_t k = I.off[f]; k < I.off[f + 1]; ++k) used[I.res[k]] = 1;
    }
    std::int64_t total_need = 0;
    for (const auto& n : needs_) total_need += n.quantity;
    const algo::MinCostFlow::node_t S = 0, T = 1;
    const algo::MinCostFlow::node_t g0 = 2;
    const algo::MinCostFlow::node_t b0 = g0 + (fair ? static_cast<algo::MinCostFlow::node_t>(G) : 0);
    const algo::MinCostFlow::node_t r0 = b0 + static_cast<algo::MinCostFlow::node_t>(B);
    std::vector<algo::MinCostFlow::node_t> rnode(R, -1);
    algo::MinCostFlow::node_t nn = r0;
    for (std::size_t j = 0; j < R; ++j)
        if (used[j]) rnode[j] = nn++;
    flow_ = algo::MinCostFlow();
    flow_.set_block_factor(0.1);  // pricing dominates on these networks (benchmarks/bench_match)
    flow_.add_nodes(nn);
    flow_.reserve(nn, static_cast<algo::MinCostFlow::arc_t>(1 + 2 * G + B + pair_count + R));
    auto add = [&](algo::MinCostFlow::node_t u, algo::MinCostFlow::node_t v, std::int64_t cap, std::int64_t lf, std::int64_t lw, std::int64_t lc) {
        auto a = flow_.add_arc(u, v, cap, 0);
        I.level_floor.push_back(lf);
        I.level_weight.push_back(lw);
        I.level_cost.push_back(lc);
        return a;
    };
    add(S, T, total_need, 0, 0, 0);  // bypass: serving nothing is feasible
    I.floor_arc.assign(fair ? G : 0, -1);
    I.rest_arc.assign(fair ? G : 0, -1);
    for (std::size_t g = 0; fair && g < G; ++g) {
        const auto gn = static_cast<algo::MinCostFlow::node_t>(g0 + g);
        I.floor_arc[g] = add(S, gn, I.floors[g], -1, 0, 0);
        I.rest_arc[g] = add(S, gn, I.group_need[g] - I.floors[g], 0, 0, 0);
    }
    I.bucket_arc.resize(B);
    I.pair_arc_off.resize(B + 1);
    std::int64_t max_c = 0;
    for (std::size_t b = 0; b < B; ++b) {
        const std::size_t f = I.bucket_first[b];
        const auto bn = static_cast<algo::MinCostFlow::node_t>(b0 + b);
        const algo::MinCostFlow::node_t from = fair ? static_cast<algo::MinCostFlow::node_t>(g0 + I.group[f]) : S;
        I.bucket_arc[b] = add(from, bn, I.bucket_qty[b], 0, -needs_[f].priority, 0);
    }
    for (std::size_t b = 0; b < B; ++b) {
        const std::size_t f = I.bucket_first[b];
        const auto bn = static_cast<algo::MinCostFlow::node_t>(b0 + b);
        I.pair_arc_off[b] = static_cast<std::size_t>(flow_.arc_count());
        for (std::size_t k = I.off[f]; k < I.off[f + 1]; ++k) {
            add(bn, rnode[I.res[k]], std::min(I.bucket_qty[b], resources_[I.res[k]].capacity), 0, 0, I.icost[k]);
            max_c = std::max(max_c, I.icost[k]);
        }
    }
    I.pair_arc_off[B] = static_cast<std::size_t>(flow_.arc_count());
    I.res_arc.assign(R, -1);
    for (std::size_t j = 0; j < R; ++j)
        if (used[j]) I.res_arc[j] = add(rnode[j], T, resources_[j].capacity, 0, 0, 0);
    flow_.set_supply(S, total_need);
    flow_.set_supply(T, -total_need);
    I.max_cost = max_c;

    // merged costs (weight * -M + cost) for the flow network as others see it
    const i128 M = static_cast<i128>(nn + 1) * max_c + 1;
    std::int64_t max_p = 1;
    for (const auto& n : needs_) max_p = std::max(max_p, n.priority);
    const i128 C = std::max<i128>(static_cast<i128>(max_p) * M, max_c);
    const bool fits = 17 * (static_cast<i128>(nn) + 2) * C + 64 < kLimit;
    if (opt_.lexicographic == Lexicographic::big_m && !fits)
        throw input_error("options", "lexicographic",
                          "big-M costs (priority up to " + std::to_string(max_p) + " x M) would overflow 64-bit "
                          "potentials on this instance; use \"phases\" or \"auto\"");
    const bool use_big_m = fits && opt_.lexicographic != Lexicographic::phases;
    result_.stats.method = use_big_m ? "big_m" : "phases";
    for (algo::MinCostFlow::arc_t a = 0; a < flow_.arc_count(); ++a)
        flow_.set_cost(a, use_big_m ? static_cast<std::int64_t>(I.level_weight[a] * M + I.level_cost[a])
                                    : I.level_weight[a] * 1 + 0 * I.level_cost[a]);
}

// ---------------------------------------------------------------------------- solve()

namespace {
// After an optimal phase on `cost`: every arc with a non-zero reduced cost under the optimal
// duals is fixed at its bound (complementary slackness), which keeps the next phase to the
// optimal solutions of this one.
void fix_at_bounds(algo::MinCostFlow& f, const std::vector<std::int64_t>& cost) {
    for (algo::MinCostFlow::arc_t a = 0; a < f.arc_count(); ++a) {
        const i128 rc = static_cast<i128>(cost[a]) + f.potential(f.tail(a)) - f.potential(f.head(a));
        if (rc > 0) f.set_bounds(a, f.lower(a), f.lower(a));
        else if (rc < 0) f.set_bounds(a, f.capacity(a), f.capacity(a));
    }
}
}  // namespace

void ResourceMatcher::solve() {
    Impl& I = *impl_;
    const bool fair = opt_.fair.by != FairBy::none;
    const bool big_m = result_.stats.method == "big_m";
    const algo::MinCostFlow::arc_t m = flow_.arc_count();
    const i128 M = static_cast<i128>(flow_.node_count() + 1) * I.max_cost + 1;
    // the levels to solve in order
    std::vector<std::vector<std::int64_t>> levels;
    if (fair) levels.push_back(I.level_floor);
    if (big_m) {
        std::vector<std::int64_t> merged(static_cast<std::size_t>(m));
        for (algo::MinCostFlow::arc_t a = 0; a < m; ++a)
            merged[a] = static_cast<std::int64_t>(I.level_weight[a] * M + I.level_cost[a]);
        levels.push_back(std::move(merged));
    } else {
        levels.push_back(I.level_weight);
        levels.push_back(I.level_cost);
    }
    // big-M without fairness is one phase on fixed costs: keep its solver so that a re-run
    // after changed quantities / capacities starts from its optimal basis
    const bool warmable = big_m && !fair;
    std::shared_ptr<algo::MinCostFlow> fp;
    if (warmable && I.kept) {
        // the kept solver may be shared with a copy of this matcher: never run a shared one
        if (I.kept.use_count() > 1) I.kept = std::make_shared<algo::MinCostFlow>(*I.kept);
        fp = I.kept;
    } else {
        fp = std::make_shared<algo::MinCostFlow>(flow_);  // keep flow_ intact (benchmarks read it)
        if (warmable) fp->set_warm_start(true);
    }
    algo::MinCostFlow& f = *fp;
    std::int64_t pivots = 0;
    algo::MinCostFlow::Status st = algo::MinCostFlow::Status::optimal;
    // the time limit and the progress callback span all phases
    const auto t_start = std::chrono::steady_clock::now();
    const int phases_planned = static_cast<int>(levels.size()) + (fair && opt_.fair.share > 0 ? 1 : 0);
    int phase = 0;
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count(); };
    // runs one phase under the remaining time; false when the run was stopped
    auto run_phase = [&]() -> bool {
        // set (or cleared) before every run: a kept solver may still hold the callback of a
        // call that ended in an exception, whose captures are gone
        double left = 0;
        if (opt_.time_limit > 0) {
            left = opt_.time_limit - elapsed();
            if (left <= 0) { st = algo::MinCostFlow::Status::time_limit; return false; }
        }
        f.set_time_limit(left);
        if (progress_) {
            const int ph = phase;
            f.set_progress([&, ph](const algo::MinCostFlow::Progress& p) {
                algo::MinCostFlow::Progress q = p;
                q.seconds = elapsed();
                return progress_(ph, phases_planned, q);
            }, progress_every_);
        } else {
            f.set_progress({});
        }
        st = f.run();
        // the solver may be kept for the next run: drop what refers to this call
        f.set_progress({});
        f.set_time_limit(0);
        pivots += f.iterations();
        ++result_.stats.phases;
        ++phase;
        return st != algo::MinCostFlow::Status::time_limit && st != algo::MinCostFlow::Status::interrupted;
    };
    // the result's status and solver figures (a stopped basis is valid: the next run resumes it)
    auto finish = [&] {
        result_.status = st;
        result_.stats.pivots = pivots;
        result_.stats.warm_start = f.warm_started();
        if (warmable) I.kept = fp;
    };
    if (fair && opt_.fair.share > 0) {
        // proportional floors relative to what can be served at all: Q = the greatest total
        // quantity servable (one max-flow pass without floors)
        for (algo::MinCostFlow::arc_t a = 0; a < m; ++a) f.set_cost(a, I.level_weight[a] < 0 ? -1 : 0);
        for (std::size_t g = 0; g < I.floor_arc.size(); ++g) {
            f.set_bounds(I.floor_arc[g], 0, 0);
            f.set_bounds(I.rest_arc[g], 0, I.group_need[g]);
        }
        if (!run_phase()) return finish();
        if (st != algo::MinCostFlow::Status::optimal)
            throw solver_error(std::string("matcher: servable-quantity pass ended ") + std::string(to_string(st)));
        set_servable_floors(f);
    }
    for (std::size_t L = 0; L < levels.size(); ++L) {
        for (algo::MinCostFlow::arc_t a = 0; a < m; ++a) f.set_cost(a, levels[L][a]);
        if (!run_phase()) return finish();
        if (st != algo::MinCostFlow::Status::optimal)
            throw solver_error(std::string("matcher: flow phase ") + std::to_string(L) + " ended " + std::string(to_string(st)));
        if (L + 1 == levels.size()) break;
        fix_at_bounds(f, levels[L]);
    }
    finish();
    read_flows(f);
}

// After the servable-quantity pass on f: the proportional floors with Q = the quantity it
// served (the caller's floors stand), set as the bounds of the floor and rest arcs.
void ResourceMatcher::set_servable_floors(algo::MinCostFlow& f) {
    Impl& I = *impl_;
    i128 Q = 0, total_need = 0;
    for (std::size_t b = 0; b < I.bucket_arc.size(); ++b) Q += f.flow(I.bucket_arc[b]);
    for (auto q : I.group_need) total_need += q;
    const i128 sh = static_cast<i128>(std::llround(opt_.fair.share * 1e9));
    for (std::size_t g = 0; g < I.floor_arc.size(); ++g) {
        if (opt_.fair.floors.count(I.group_names[g])) continue;  // the caller's floor stands
        i128 fl = total_need ? sh * I.group_need[g] / 1000000000 * Q / total_need : 0;
        I.floors[g] = static_cast<std::int64_t>(std::min<i128>(fl, I.group_need[g]));
    }
    for (std::size_t g = 0; g < I.floor_arc.size(); ++g) {
        f.set_bounds(I.floor_arc[g], 0, I.floors[g]);
        f.set_bounds(I.rest_arc[g], 0, I.group_need[g] - I.floors[g]);
    }
}

// The optimal flows as the result: each bucket's flows split over its needs in input order,
// the assignments with their cost terms, the outcome of each need and the group summaries.
void ResourceMatcher::read_flows(const algo::MinCostFlow& f) {
    Impl& I = *impl_;
    const std::size_t N = needs_.size();
    std::vector<std::int64_t> served(N, 0);
    std::vector<std::vector<std::pair<std::size_t, std::int64_t>>> per_need(N);  // (pair index k of need, qty)
    for (std::size_t b = 0; b < I.bucket_first.size(); ++b) {
        const std::size_t f0 = I.bucket_first[b];
        std::size_t ni = 0;
        std::int64_t left = 0;  // room left in the current need
        const auto& members = I.bucket_needs[b];
        // withdrawn needs (quantity 0, after set_need_quantity) take nothing
        auto next_member = [&] {
            while (ni < members.size() && needs_[members[ni]].quantity == 0) ++ni;
            left = ni < members.size() ? needs_[members[ni]].quantity : 0;
        };
        next_member();
        for (std::size_t p = I.pair_arc_off[b]; p < I.pair_arc_off[b + 1]; ++p) {
            std::int64_t x = f.flow(static_cast<algo::MinCostFlow::arc_t>(p));
            const std::size_t kf = I.off[f0] + (p - I.pair_arc_off[b]);  // pair index in the rep's list
            while (x > 0 && ni < members.size()) {
                const std::int64_t t = std::min(x, left);
                const std::size_t i = members[ni];
                const std::size_t ki = I.off[i] + (kf - I.off[f0]);
                per_need[i].emplace_back(ki, t);
                served[i] += t;
                x -= t;
                left -= t;
                if (left == 0) { ++ni; next_member(); }
            }
        }
    }
    // assignments
    auto& res = result_;
    res.assignments.clear();
    res.requested = res.served = res.weighted_served = 0;
    res.total_cost = 0;
    for (std::size_t i = 0; i < N; ++i) {
        res.requested += needs_[i].quantity;
        res.served += served[i];
        res.weighted_served += served[i] * needs_[i].priority;
        for (auto [k, q] : per_need[i]) {
            Assignment a;
            a.need = i;
            a.resource = I.res[k];
            a.quantity = q;
            const Resource& r = resources_[a.resource];
            a.unit_cost = r.unit_cost;
            a.level = static_cast<DistanceLevel>(I.level[k]);
            a.consortium = I.via[k];
            if (opt_.distance == DistanceMode::hops) {
                a.hops = I.hops[k];
                a.distance_cost = opt_.w_hop * a.hops;
            } else {
                a.distance_cost = distance_weight(opt_, a.level);
            }
            a.cost_per_unit = opt_.w_unit_cost * r.unit_cost + a.distance_cost;
            a.cost = a.cost_per_unit * static_cast<double>(q);
            res.total_cost += a.cost;
            res.assignments.push_back(a);
        }
    }
    std::sort(res.assignments.begin(), res.assignments.end(), [](const Assignment& x, const Assignment& y) {
        return x.need != y.need ? x.need < y.need : x.resource < y.resource;
    });
    fill_outcomes(served);
}

// Each need's outcome (requested, served[i], how many resources are eligible) and the
// group summaries.
void ResourceMatcher::fill_outcomes(const std::vector<std::int64_t>& served) {
    const Impl& I = *impl_;
    const std::size_t N = needs_.size();
    result_.needs.assign(N, {});
    for (std::size_t i = 0; i < N; ++i) {
        auto& o = result_.needs[i];
        o.need = i;
        o.requested = needs_[i].quantity;
        o.served = served[i];
        o.eligible = I.off[i + 1] - I.off[i];
    }
    fill_groups(result_, I.group_names, I.floors, I.group, needs_, served);
}

// ---------------------------------------------------------------------------- explain()

// What explain() looks up for every unserved need: the use of each resource and the needs it
// serves (CSR by resource), the resources offered per category (offered, without capacity),
// and visit marks.
struct ResourceMatcher::Usage {
    std::vector<std::int64_t> used;
    std::vector<std::size_t> uoff, users;
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> offered_by_cat;
    std::vector<std::uint32_t> stamp, ustamp;
    std::uint32_t stamp_round = 0, ustamp_round = 0;
};

void ResourceMatcher::explain() {
    const std::size_t N = needs_.size(), R = resources_.size();
    auto& res = result_;
    Usage u;
    u.used.assign(R, 0);
    u.uoff.assign(R + 1, 0);
    for (const auto& a : res.assignments) { u.used[a.resource] += a.quantity; ++u.uoff[a.resource + 1]; }
    for (std::size_t j = 0; j < R; ++j) u.uoff[j + 1] += u.uoff[j];
    u.users.resize(u.uoff[R]);
    {
        std::vector<std::size_t> pos(u.uoff.begin(), u.uoff.end() - 1);
        for (const auto& a : res.assignments) u.users[pos[a.resource]++] = a.need;
    }
    for (std::size_t j = 0; j < R; ++j) {
        auto& c = u.offered_by_cat[resources_[j].category];
        ++c.first;
        c.second += resources_[j].capacity == 0;
    }
    u.stamp.assign(R, 0);
    u.ustamp.assign(N, 0);
    for (std::size_t i = 0; i < N; ++i) {
        auto& o = res.needs[i];
        if (o.served >= o.requested) continue;
        if (o.eligible == 0) explain_ineligible(i, u);
        else explain_blocked(i, u);
    }
}

// No eligible resource: the first failing rule over the resources whose category covers the
// need's. Those not serving the region are counted in bulk, the others looked up by the index.
void ResourceMatcher::explain_ineligible(std::size_t i, Usage& u) {
    Impl& I = *impl_;
    const Network& net = graph_.network();
    auto& o = result_.needs[i];
    const Need& n = needs_[i];
    const Organization& org = net.organizations[I.org[i]];
    o.reason = UnservedReason::no_eligible_resource;
    std::size_t offered = 0, c_region = 0, c_type = 0, c_stage = 0, c_credit = 0, c_window = 0, c_score = 0,
                c_zero = 0, c_unreach = 0, c_outside = 0, serving = 0;
    const auto& ancs = I.anc[n.category];
    for (const auto& cat : ancs) {
        auto it = u.offered_by_cat.find(cat);
        if (it != u.offered_by_cat.end()) { offered += it->second.first; c_zero += it->second.second; }
    }
    ++u.stamp_round;
    for_each_listed(I.index, ancs, org.region, [&](std::uint32_t j) {
        if (u.stamp[j] == u.stamp_round) return;
        u.stamp[j] = u.stamp_round;
        ++serving;
        switch (first_failing_rule(n, org, resources_[j], net.nodes[I.provider[j]])) {
            case Rule::org_type: ++c_type; break;
            case Rule::stage: ++c_stage; break;
            case Rule::credit: ++c_credit; break;
            case Rule::window: ++c_window; break;
            case Rule::provider_score: ++c_score; break;
            case Rule::none:
                if (opt_.providers == Providers::home && pool_of(i, I.provider[j]) == not_pooled) ++c_outside;
                else ++c_unreach;
                break;
        }
    });
    c_region = offered - c_zero - serving;
    if (offered == 0) {
        o.detail = "no resource offers '" + n.category + "'";
        return;
    }
    o.detail = std::to_string(offered) + " resource(s) offer '" + n.category + "' but none is eligible:";
    std::string sep = " ";
    auto part = [&](std::size_t c, const std::string& what) {
        if (c) { o.detail += sep + std::to_string(c) + " " + what; sep = "; "; }
    };
    part(c_zero, "have no capacity");
    part(c_region, "do not serve region " + org.region);
    part(c_type, "exclude organizations of type " + std::string(to_string(org.type)));
    part(c_stage, "exclude the stage " + std::string(to_string(org.stage)));
    part(c_credit, "require a higher credit than " + fmt_num(org.credit));
    part(c_window, "are not available in the need's window");
    part(c_score, "have a provider scored below " + fmt_num(n.min_provider_score.value_or(0)));
    part(c_outside, std::string("are neither the need's incubator's own nor pooled with it by a consortium") +
                        (opt_.pooling ? "" : " (pooling is off)"));
    part(c_unreach, "are unreachable from the organization's home incubator");
}

// Eligible resources exist: the unserved part is a fairness floor's doing when one has spare
// capacity or serves a lower-priority need, else they are all full (exhausted); the needs
// filling them are named, highest priority first.
void ResourceMatcher::explain_blocked(std::size_t i, Usage& u) {
    Impl& I = *impl_;
    auto& o = result_.needs[i];
    const Need& n = needs_[i];
    bool spare = false, lower_user = false;
    std::vector<std::size_t> blockers;
    ++u.ustamp_round;
    u.ustamp[i] = u.ustamp_round;
    for (std::size_t k = I.off[i]; k < I.off[i + 1]; ++k) {
        const std::size_t j = I.res[k];
        if (u.used[j] < resources_[j].capacity) { spare = true; continue; }
        o.full_resources.push_back(j);
        for (std::size_t p = u.uoff[j]; p < u.uoff[j + 1]; ++p) {
            const std::size_t x = u.users[p];
            if (u.ustamp[x] == u.ustamp_round) continue;
            u.ustamp[x] = u.ustamp_round;
            if (needs_[x].priority < n.priority) lower_user = true;
            blockers.push_back(x);
        }
    }
    auto by_prio = [&](std::size_t a, std::size_t b) {
        return needs_[a].priority != needs_[b].priority ? needs_[a].priority > needs_[b].priority : a < b;
    };
    const std::size_t keep = std::min(blockers.size(), opt_.explain_limit);
    const std::size_t total_blockers = blockers.size();
    std::partial_sort(blockers.begin(), blockers.begin() + static_cast<std::ptrdiff_t>(keep), blockers.end(), by_prio);
    blockers.resize(keep);
    if (spare || lower_user) {
        o.reason = UnservedReason::fairness_floor;
        o.detail = spare ? "an eligible resource has spare capacity, but serving this need would lower "
                           "another group below its fairness floor"
                         : "an eligible resource serves lower-priority needs kept for their group's fairness floor";
        o.blocked_by = blockers;
        return;
    }
    o.reason = UnservedReason::exhausted;
    o.blocked_by = blockers;
    o.detail = "all " + std::to_string(o.full_resources.size()) + " eligible resource(s) are full, used by " +
               std::to_string(total_blockers) + " need(s) of priority >= " + std::to_string(n.priority);
    if (!blockers.empty()) {
        o.detail += ":";
        for (std::size_t t = 0; t < blockers.size(); ++t)
            o.detail += (t ? ", " : " ") + needs_[blockers[t]].id + " (priority " +
                        std::to_string(needs_[blockers[t]].priority) + ")";
        if (total_blockers > blockers.size()) o.detail += ", ...";
    }
}

algo::MinCostFlow::Status ResourceMatcher::run() {
    // a copy of this matcher shares impl_ until one of them runs: run on an own copy
    if (impl_.use_count() > 1) impl_ = std::make_shared<Impl>(*impl_);
    if (rebuild_) {
        // start over on the changed data (validated at each change), keeping what
        // validate_input() resolved
        auto fresh = std::make_shared<Impl>();
        fresh->org = impl_->org;
        fresh->provider = impl_->provider;
        impl_ = std::move(fresh);
        built_ = false;
        rebuild_ = dirty_ = false;
        result_.stats = MatchStats{};
    }
    if (built_ && dirty_) {
        apply_changes(flow_);
        if (impl_->kept) {
            auto k = std::make_shared<algo::MinCostFlow>(*impl_->kept);
            apply_changes(*k);
            impl_->kept = std::move(k);
        }
        dirty_ = false;
    }
    build();
    auto t0 = std::chrono::steady_clock::now();
    result_.stats.phases = 0;
    result_.status = algo::MinCostFlow::Status::not_run;
    solve();
    if (result_.status == algo::MinCostFlow::Status::optimal) explain();
    else not_solved();
    result_.stats.solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result_.status;
}

void ResourceMatcher::set_progress(ProgressFn fn, std::int64_t every) {
    if (every < 1) throw input_error("options", "progress_every", "must be >= 1, got " + std::to_string(every));
    progress_ = std::move(fn);
    progress_every_ = every;
}

namespace {
// The index of the record with this id, by a map from id to index made on first use.
template <class T>
std::size_t index_by_id(std::unordered_map<std::string, std::size_t>& ids, const std::vector<T>& v,
                        std::string_view id) {
    if (ids.empty() && !v.empty()) {
        ids.reserve(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) ids.emplace(v[i].id, i);
    }
    auto it = ids.find(std::string(id));
    return it == ids.end() ? ResourceMatcher::npos : it->second;
}

// The sum of member `field` over `v` with v[at] replaced by `value` must stay below 2^60.
template <class T>
void check_new_total(const std::vector<T>& v, std::size_t at, std::int64_t value, std::int64_t T::*field,
                     const std::string& rec, const char* name, const char* what) {
    i128 total = value;
    for (std::size_t k = 0; k < v.size(); ++k) if (k != at) total += v[k].*field;
    if (total >= (static_cast<i128>(1) << 60)) throw input_error(rec, name, std::string(what) + " overflows 2^60");
}
}  // namespace

std::size_t ResourceMatcher::need_index(std::string_view id) const { return index_by_id(need_ids_, needs_, id); }

std::size_t ResourceMatcher::resource_index(std::string_view id) const {
    return index_by_id(resource_ids_, resources_, id);
}

void ResourceMatcher::set_need_quantity(std::size_t need, std::int64_t quantity) {
    if (need >= needs_.size())
        throw input_error("needs[" + std::to_string(need) + "]", "index", "no such need (" + std::to_string(needs_.size()) + " needs)");
    const std::string rec = need_rec(needs_, need);
    if (quantity < 0) throw input_error(rec, "quantity", "must be >= 0 (0 withdraws the need), got " + std::to_string(quantity));
    check_new_total(needs_, need, quantity, &Need::quantity, rec, "quantity", "the total quantity of the needs");
    i128 weight = static_cast<i128>(quantity) * needs_[need].priority;
    for (std::size_t i = 0; i < needs_.size(); ++i)
        if (i != need) weight += static_cast<i128>(needs_[i].quantity) * needs_[i].priority;
    if (weight >= (static_cast<i128>(1) << 62))
        throw input_error(rec, "quantity", "the priority-weighted total quantity overflows 2^62");
    if (needs_[need].quantity == quantity) return;
    needs_[need].quantity = quantity;
    dirty_ = true;
    // fairness groups' needs (and so their floors) change: rebuild
    if (opt_.fair.by != FairBy::none) rebuild_ = true;
}

void ResourceMatcher::set_resource_capacity(std::size_t resource, std::int64_t capacity) {
    if (resource >= resources_.size())
        throw input_error("resources[" + std::to_string(resource) + "]", "index",
                          "no such resource (" + std::to_string(resources_.size()) + " resources)");
    const std::string rec = res_rec(resources_, resource);
    if (capacity < 0) throw input_error(rec, "capacity", "must be >= 0 (0 withdraws the resource), got " + std::to_string(capacity));
    check_new_total(resources_, resource, capacity, &Resource::capacity, rec, "capacity",
                    "the total capacity of the resources");
    if (resources_[resource].capacity == capacity) return;
    resources_[resource].capacity = capacity;
    dirty_ = true;
    // a resource outside the flow network (it had no capacity or no eligible need) that now
    // has capacity may serve needs: eligibility must be recomputed
    if (built_ && impl_->res_arc[resource] < 0 && capacity > 0) rebuild_ = true;
    // one that leaves (capacity 0) must leave the eligibility lists and the explanations too,
    // as a new matcher's would
    if (built_ && capacity == 0) rebuild_ = true;
    if (opt_.fair.by != FairBy::none) rebuild_ = true;
}

// Brings a flow network built by build() up to date with needs_ / resources_: bucket and
// bypass capacities, pair capacities min(bucket, resource), resource capacities, supplies.
void ResourceMatcher::apply_changes(algo::MinCostFlow& f) const {
    const Impl& I = *impl_;
    std::int64_t total = 0;
    for (const auto& n : needs_) total += n.quantity;
    const std::size_t B = I.bucket_first.size();
    std::vector<std::int64_t> qty(B, 0);
    for (std::size_t b = 0; b < B; ++b)
        for (auto i : I.bucket_needs[b]) qty[b] += needs_[i].quantity;
    f.set_capacity(0, total);   // the bypass S -> T
    f.set_supply(0, total);
    f.set_supply(1, -total);
    for (std::size_t b = 0; b < B; ++b) {
        f.set_capacity(I.bucket_arc[b], qty[b]);
        const std::size_t f0 = I.bucket_first[b];
        for (std::size_t p = I.pair_arc_off[b]; p < I.pair_arc_off[b + 1]; ++p) {
            const std::size_t k = I.off[f0] + (p - I.pair_arc_off[b]);
            f.set_capacity(static_cast<algo::MinCostFlow::arc_t>(p), std::min(qty[b], resources_[I.res[k]].capacity));
        }
    }
    for (std::size_t j = 0; j < resources_.size(); ++j)
        if (I.res_arc[j] >= 0) f.set_capacity(I.res_arc[j], resources_[j].capacity);
}

// A stopped run: no assignment; every need unserved with reason not_solved, groups with
// their requests (floors are not judged).
void ResourceMatcher::not_solved() {
    auto& res = result_;
    res.assignments.clear();
    res.requested = res.served = res.weighted_served = 0;
    res.total_cost = 0;
    fill_outcomes(std::vector<std::int64_t>(needs_.size(), 0));
    const std::string why = std::string("not solved: the run stopped (") + std::string(to_string(res.status)) +
                            ") before an optimal allocation was found";
    for (auto& o : res.needs) {
        o.reason = UnservedReason::not_solved;
        o.detail = why;
        res.requested += o.requested;
    }
}

MatchResult match_resources(const Graph& graph, std::vector<Need> needs, std::vector<Resource> resources,
                            const MatchOptions& options) {
    ResourceMatcher m(graph, std::move(needs), std::move(resources), options);
    m.run();
    return m.result();
}

}  // namespace hatchnet::match
