// Scenarios: a plan applied to a copy of the network, compared before / after.
// See hatchnet/coverage/scenario.hpp.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "hatchnet/validate.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/synth/demand.hpp"

#include "hatchnet/coverage/scenario.hpp"
#include "hatchnet/error.hpp"

#include "../detail/rng.hpp"

namespace hatchnet::coverage {

namespace {
std::mutex& hook_mutex() {
    static std::mutex m;
    return m;
}
std::map<std::string, ScenarioHook>& hooks() {
    static std::map<std::string, ScenarioHook> h;
    return h;
}

/// The tier expected to guide a new node of tier t, and how far up to look.
std::optional<Tier> guide_tier(Tier t) {
    switch (t) {
        case Tier::district: return Tier::city_center;
        case Tier::street: return Tier::district;
        case Tier::community: return Tier::street;
        case Tier::social: return Tier::district;
        case Tier::district_sector: return Tier::city_sector;
        default: return std::nullopt;
    }
}

/// The most common (sorted) set among the nodes of tier t; ties: the set seen first (lowest
/// node index). Empty when the tier has no node.
std::vector<std::string> default_set(const Network& net, Tier t, bool services) {
    std::map<std::vector<std::string>, std::pair<std::size_t, std::size_t>> count;  // set -> (count, first)
    for (std::size_t v = 0; v < net.nodes.size(); ++v) {
        const auto& x = net.nodes[v];
        if (x.tier != t) continue;
        auto set = services ? x.services : x.sectors;
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        auto [it, fresh] = count.try_emplace(std::move(set), std::make_pair(std::size_t(0), v));
        ++it->second.first;
    }
    const std::vector<std::string>* best = nullptr;
    std::pair<std::size_t, std::size_t> bk{0, 0};
    for (const auto& [set, cf] : count)
        if (!best || cf.first > bk.first || (cf.first == bk.first && cf.second < bk.second)) best = &set, bk = cf;
    return best ? *best : std::vector<std::string>{};
}

std::string fresh_id(const Network& net, std::size_t& counter) {
    for (;;) {
        std::string id = "plan-" + std::to_string(++counter);
        if (net.node_index(id) == Network::npos) return id;
    }
}
}  // namespace

void register_scenario_hook(const std::string& name, ScenarioHook hook) {
    std::lock_guard<std::mutex> lock(hook_mutex());
    hooks()[name] = std::move(hook);
}
void unregister_scenario_hook(const std::string& name) {
    std::lock_guard<std::mutex> lock(hook_mutex());
    hooks().erase(name);
}
std::vector<std::string> scenario_hook_names() {
    std::lock_guard<std::mutex> lock(hook_mutex());
    std::vector<std::string> v;
    for (auto& [k, _] : hooks()) v.push_back(k);
    return v;
}

Network apply_plan(const Network& net, const PlanResult& plan, std::vector<std::string>* added) {
    Network out = net;  // a copy: the original is never touched
    out.reindex();
    std::size_t counter = 0;
    std::map<Tier, std::pair<std::vector<std::string>, std::vector<std::string>>> defaults;
    for (const auto& p : plan.picks)
        if (p.node.empty() && !defaults.count(p.tier))
            defaults[p.tier] = {default_set(net, p.tier, true), default_set(net, p.tier, false)};
    std::map<std::string, std::string> pick_of;  // planned node id -> the pick's record
    for (const auto& p : plan.picks) {
        if (!p.node.empty()) {
            auto v = out.node_index(p.node);
            if (v == Network::npos) throw input_error("pick " + p.region, "node", "unknown node '" + p.node + "'");
            out.nodes[v].capacity += p.capacity;
            continue;
        }
        if (out.region_index(p.region) == Network::npos)
            throw input_error("pick " + p.region, "region", "unknown region '" + p.region + "'");
        Node n;
        n.id = fresh_id(out, counter);
        n.name = "Planned " + std::string(to_string(p.tier)) + " incubator, " + p.name;
        n.tier = p.tier;
        n.region = p.region;
        n.capacity = p.capacity;
        n.op = p.tier == Tier::social ? Operator::social : Operator::government;
        n.build = p.mode;
        n.operation = p.operation;
        if (p.operation && *p.operation != OperationMode::government_run) n.op = Operator::social;
        n.services = defaults[p.tier].first;   // the tier's default services and sectors
        n.sectors = defaults[p.tier].second;
        // coordinates: the mean of the located nodes of its region (or under it)
        double la = 0, lo = 0;
        std::size_t k = 0;
        for (const auto& x : net.nodes)
            if (x.lat && x.lon && region_within(x.region, p.region)) la += *x.lat, lo += *x.lon, ++k;
        if (k) n.lat = la / double(k), n.lon = lo / double(k);
        // guidance from the incubator one level up in its area (lowest index)
        if (auto gt = guide_tier(p.tier)) {
            std::size_t guide = Network::npos;
            for (std::size_t v = 0; v < out.nodes.size() && guide == Network::npos; ++v) {
                const auto& x = out.nodes[v];
                if (x.tier == *gt && region_within(p.region, x.region)) guide = v;
            }
            if (guide != Network::npos) {
                Edge e;
                e.from = out.nodes[guide].id;
                e.to = n.id;
                e.type = Relation::guidance;
                e.note = "planned";
                out.edges.push_back(std::move(e));
            }
        }
        if (added) added->push_back(n.id);
        pick_of["node " + n.id] = "pick " + p.region;
        out.nodes.push_back(std::move(n));
        out.reindex();
    }
    out.reindex();
    // the planned network must be one that loads: a pick that cannot stand (a region of the
    // wrong level for its tier, a capacity out of range) is refused by the pick's name
    auto rep = validate(out);
    if (!rep.ok()) {
        const auto& e = rep.errors.front();
        auto it = pick_of.find(e.record);
        throw input_error(it != pick_of.end() ? it->second : e.record, e.field,
                          e.message + " (the planned network would not be valid)");
    }
    return out;
}

ScenarioReport compare(const Graph& before, const Graph& after, const ScenarioOptions& options) {
    ScenarioReport rep;
    // one clock for the whole comparison; the two analyses told apart by their stage names
    const ProgressFn& user = options.coverage.progress ? options.coverage.progress : options.progress;
    const ProgressFn outer = rebased(user, std::chrono::steady_clock::now());
    const ProgressFn pb = substep(outer, "before: "), pa = substep(outer, "after: ");
    CoverageOptions co = options.coverage;
    co.progress = pb;
    auto cb = analyse(before, co);
    co.progress = pa;
    auto ca = analyse(after, co);
    rep.coverage_before = cb.summary;
    rep.coverage_after = ca.summary;
    rep.balance_before = balance(cb, options.top);
    rep.balance_after = balance(ca, options.top);
    SamenessOptions so;
    so.districts = false;
    rep.sameness_before = sameness(before, so).network;
    rep.sameness_after = sameness(after, so).network;
    const auto& nb = before.network();
    const auto& na = after.network();
    for (const auto& x : na.nodes) {
        auto v = nb.node_index(x.id);
        if (v == Network::npos) rep.added.push_back(x.id);
        else if (nb.nodes[v].capacity != x.capacity) rep.expanded.push_back(x.id);
    }
    if (options.demand) {
        rep.outcomes = scenario_outcomes(before, after, *options.demand, outer);
    }
    if (options.run_hooks) {
        std::map<std::string, ScenarioHook> copy;
        {
            std::lock_guard<std::mutex> lock(hook_mutex());
            copy = hooks();
        }
        for (auto& [name, h] : copy) {
            try {
                rep.hooks[name] = h(before, after);
            } catch (const std::exception& e) {
                rep.hooks[name] = nlohmann::json{{"error", e.what()}};
            }
        }
    }
    return rep;
}

// ------------------------------------------------------------------ outcomes

std::vector<referral::Request> scenario_requests(const Graph& g, std::size_t count, std::uint64_t seed) {
    check_count(count, "demand", "requests");
    const auto& net = g.network();
    std::vector<std::string> community, registered;
    for (const char* s : {"venue", "funds", "volunteers", "training"})
        if (net.vocabulary.has_service(s)) community.push_back(s);
    for (const char* s : {"office", "training", "mentoring", "project_matching", "funds"})
        if (net.vocabulary.has_service(s)) registered.push_back(s);
    referral::Router router(g);
    // organizations the router can take (a valid home incubator as first contact)
    std::vector<std::size_t> ok;
    referral::Router::Resolved res;
    for (std::size_t i = 0; i < net.organizations.size(); ++i) {
        const auto& o = net.organizations[i];
        const auto& menu = o.type == OrgType::community_org ? community : registered;
        if (menu.empty() || o.home.empty()) continue;
        referral::Request r;
        r.organization = o.id;
        r.needs = {menu.front()};
        try {
            router.resolve(r, res, "request");
            ok.push_back(i);
        } catch (const input_error&) {
        }
    }
    std::vector<referral::Request> out;
    if (ok.empty()) return out;
    hatchnet::detail::Rng d(seed, hatchnet::detail::Rng::NoChoice::skip);
    out.reserve(count);
    for (std::size_t k = 0; k < count; ++k) {
        const auto& o = net.organizations[ok[d.below(ok.size())]];
        const auto& menu = o.type == OrgType::community_org ? community : registered;
        referral::Request r;
        r.id = "req-" + std::to_string(k + 1);
        r.organization = o.id;
        const std::size_t n = std::min<std::size_t>(menu.size(), 1 + d.below(2));
        std::vector<std::size_t> idx(menu.size());
        for (std::size_t j = 0; j < idx.size(); ++j) idx[j] = j;
        for (std::size_t j = 0; j < n; ++j) {  // partial Fisher-Yates
            std::swap(idx[j], idx[j + d.below(idx.size() - j)]);
            r.needs.push_back(menu[idx[j]]);
        }
        r.urgency = d.below(10) == 0 ? referral::Urgency::urgent : referral::Urgency::routine;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<match::Resource> plan_resources(const Network& before, const Network& after,
                                            const std::vector<match::Resource>& resources) {
    std::vector<match::Resource> out = resources;
    // expanded nodes: scale their resources by the capacity growth (rounded up)
    for (auto& r : out) {
        auto vb = before.node_index(r.provider), va = after.node_index(r.provider);
        if (vb == Network::npos || va == Network::npos) continue;
        const auto cb = before.nodes[vb].capacity, ca = after.nodes[va].capacity;
        if (ca > cb && cb > 0)
            r.capacity = static_cast<std::int64_t>((static_cast<__int128>(r.capacity) * ca + cb - 1) / cb);
    }
    std::map<std::string, std::vector<std::size_t>> by_provider;
    for (std::size_t i = 0; i < resources.size(); ++i) by_provider[resources[i].provider].push_back(i);
    for (const auto& n : after.nodes) {
        if (before.node_index(n.id) != Network::npos) continue;  // only new sites
        // template: same tier with resources; same region, else same district, else anywhere
        std::size_t tpl = Network::npos;
        for (int pass = 0; pass < 3 && tpl == Network::npos; ++pass)
            for (std::size_t v = 0; v < before.nodes.size() && tpl == Network::npos; ++v) {
                const auto& x = before.nodes[v];
                if (x.tier != n.tier || !by_provider.count(x.id)) continue;
                if (pass == 0 && x.region != n.region) continue;
                if (pass == 1 && Network::district_of(x.region) != Network::district_of(n.region)) continue;
                tpl = v;
            }
        if (tpl == Network::npos) continue;
        const auto& t = before.nodes[tpl];
        for (std::size_t i : by_provider[t.id]) {
            const auto& src = resources[i];
            if (!src.outside_provider.empty()) continue;
            if (std::find(n.services.begin(), n.services.end(), src.category) == n.services.end()) continue;
            match::Resource r = src;
            r.id = src.id + "@" + n.id;
            r.provider = n.id;
            const auto tc = std::max<std::int64_t>(t.capacity, 1);
            r.capacity = std::max<std::int64_t>(
                1, static_cast<std::int64_t>(static_cast<__int128>(src.capacity) * n.capacity / tc));
            const std::string td = Network::district_of(t.region), nd = Network::district_of(n.region);
            for (auto& reg : r.eligibility.regions) {
                if (reg == t.region) reg = n.region;
                else if (reg == td && !nd.empty()) reg = nd;
            }
            out.push_back(std::move(r));
        }
    }
    return out;
}

namespace {
/// match_resources with the matcher's pivot hook feeding `tick` (stage "match"); a stop is
/// rethrown once the solver has unwound.
match::MatchResult match_ticked(const Graph& g, std::vector<match::Need> needs, std::vector<match::Resource> res,
                                const match::MatchOptions& options, ProgressTicker& tick) {
    match::ResourceMatcher m(g, std::move(needs), std::move(res), options);
    // pivots over all the matcher's phases (each phase's solver counts from 0)
    std::int64_t base = 0, last = 0;
    int current = -1;
    if (tick) {
        tick.stage("match");
        tick.check_every_tick();
        m.set_progress(
            [&](int phase, int, const algo::MinCostFlow::Progress& p) {
                if (phase != current) base += last, last = 0, current = phase;
                last = p.pivots;
                return tick.tick_nothrow(base + last);
            },
            10000);
    }
    m.run();
    tick.rethrow_if_stopped();
    tick.finish();
    return m.result();
}
}  // namespace

ScenarioOutcomes scenario_outcomes(const Graph& before, const Graph& after, const ScenarioDemand& dem,
                                   const ProgressFn& progress) {
    const ProgressFn outer = rebased(progress, std::chrono::steady_clock::now());
    const ProgressFn pb = substep(outer, "before: "), pa = substep(outer, "after: ");
    ProgressTicker tb(pb), ta(pa);
    ScenarioOutcomes o;
    const Network& nb = before.network();
    const Network& na = after.network();
    std::map<std::string, DistrictOutcome> dist;
    auto district = [&](const std::string& code) -> DistrictOutcome& {
        auto& d = dist[code];
        if (d.code.empty()) {
            d.code = code;
            if (auto r = nb.region_index(code); r != Network::npos) d.name = nb.regions[r].name;
        }
        return d;
    };
    auto org_district = [&](const std::string& org, const std::string& region) {
        if (!org.empty())
            if (auto i = nb.organization_index(org); i != Network::npos) return Network::district_of(nb.organizations[i].region);
        return Network::district_of(region);
    };
    if (dem.referral) {
        o.referral = true;
        std::vector<referral::Request> reqs;
        if (dem.requests) reqs = *dem.requests;
        else {
            reqs = scenario_requests(before, dem.request_count, dem.seed);
            o.generated_requests = true;
        }
        referral::Router rb(before), ra(after);
        auto bb = rb.route_batch(reqs, pb);
        auto ba = ra.route_batch(reqs, pa);
        auto totals = [&](const referral::BatchResult& b) {
            ReferralTotals t;
            t.requests = reqs.size();
            t.routed = b.routed;
            t.waitlisted = b.waitlisted;
            t.unroutable = b.unroutable;
            t.total_score = b.total_score;
            return t;
        };
        o.referral_before = totals(bb);
        o.referral_after = totals(ba);
        for (std::size_t i = 0; i < reqs.size(); ++i) {
            auto& d = district(org_district(reqs[i].organization, reqs[i].region));
            ++d.requests;
            const auto& x = bb.assignments[i];
            const auto& y = ba.assignments[i];
            d.routed_before += x.status == referral::RouteStatus::routed;
            d.waitlisted_before += x.status == referral::RouteStatus::waitlisted;
            d.routed_after += y.status == referral::RouteStatus::routed;
            d.waitlisted_after += y.status == referral::RouteStatus::waitlisted;
            if (y.status == referral::RouteStatus::routed && y.node != Graph::null_vertex) {
                const auto& id = na.nodes[y.node].id;
                if (nb.node_index(id) == Network::npos) ++o.placed_at_new[id];
            }
        }
    }
    if (dem.matching) {
        o.matching = true;
        std::vector<match::Need> needs;
        std::vector<match::Resource> res;
        if (!dem.needs || !dem.resources) {
            synth::DemandOptions so;
            so.seed = dem.seed;
            so.needs = dem.need_count;
            so.supply_percent = dem.supply_percent;
            auto gen = synth::demand(nb, so);
            if (!dem.needs) o.generated_needs = true;
            needs = dem.needs ? *dem.needs : std::move(gen.needs);
            res = dem.resources ? *dem.resources : std::move(gen.resources);
        } else {
            needs = *dem.needs;
            res = *dem.resources;
        }
        auto res_after = plan_resources(nb, na, res);
        o.needs = needs.size();
        o.resources_before = res.size();
        o.resources_after = res_after.size();
        auto mb = match_ticked(before, needs, res, dem.match, tb);
        auto ma = match_ticked(after, needs, res_after, dem.match, ta);
        auto totals = [](const match::MatchResult& m) {
            MatchTotals t;
            t.requested = m.requested;
            t.served = m.served;
            t.weighted_served = m.weighted_served;
            t.served_share = m.requested > 0 ? double(m.served) / double(m.requested) : 0.0;
            t.cost = m.total_cost;
            return t;
        };
        o.match_before = totals(mb);
        o.match_after = totals(ma);
        auto per_need = [&](const match::MatchResult& m, bool after_side) {
            for (const auto& a : m.assignments) {
                auto& d = district(org_district(needs[a.need].organization, ""));
                (after_side ? d.cost_after : d.cost_before) += a.cost;
            }
            for (const auto& x : m.needs) {
                const auto& nd = needs[x.need];
                auto& d = district(org_district(nd.organization, ""));
                if (!after_side) {
                    ++d.needs;
                    d.requested += x.requested;
                }
                (after_side ? d.served_after : d.served_before) += x.served;
                (after_side ? d.weighted_after : d.weighted_before) += x.served * nd.priority;
            }
        };
        per_need(mb, false);
        per_need(ma, true);
        if (mb.status != algo::MinCostFlow::Status::optimal || ma.status != algo::MinCostFlow::Status::optimal)
            o.notes.push_back("the matcher did not report an optimal solution");
    }
    for (auto& [code, d] : dist) o.districts.push_back(std::move(d));
    if (o.referral && o.referral_after.routed < o.referral_before.routed)
        o.notes.push_back("fewer requests placed after the plan: the batch optimum maximises total fit, not the count");
    return o;
}

ScenarioReport run_scenario(const Graph& g, const PlanResult& plan, const ScenarioOptions& options,
                            Network* after) {
    Network copy = apply_plan(g.network(), plan);
    Graph ga(std::make_shared<const Network>(copy));
    auto rep = compare(g, ga, options);
    if (after) *after = std::move(copy);
    return rep;
}

}  // namespace hatchnet::coverage
