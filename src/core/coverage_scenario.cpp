// Scenarios: a plan applied to a copy of the network, compared before / after.
// See hatchnet/coverage/scenario.hpp.
#include <algorithm>
#include <map>
#include <mutex>

#include "hatchnet/coverage/scenario.hpp"
#include "hatchnet/error.hpp"

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
        default: return std::nullopt;
    }
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
        n.services = {};
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
        out.nodes.push_back(std::move(n));
        out.reindex();
    }
    out.reindex();
    return out;
}

ScenarioReport compare(const Graph& before, const Graph& after, const ScenarioOptions& options) {
    ScenarioReport rep;
    CoverageOptions co = options.coverage;
    auto cb = analyse(before, co);
    auto ca = analyse(after, co);
    rep.coverage_before = cb.summary;
    rep.coverage_after = ca.summary;
    rep.balance_before = balance(cb, options.top);
    rep.balance_after = balance(ca, options.top);
    const auto& nb = before.network();
    const auto& na = after.network();
    for (const auto& x : na.nodes) {
        auto v = nb.node_index(x.id);
        if (v == Network::npos) rep.added.push_back(x.id);
        else if (nb.nodes[v].capacity != x.capacity) rep.expanded.push_back(x.id);
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

ScenarioReport run_scenario(const Graph& g, const PlanResult& plan, const ScenarioOptions& options,
                            Network* after) {
    Network copy = apply_plan(g.network(), plan);
    Graph ga(std::make_shared<const Network>(copy));
    auto rep = compare(g, ga, options);
    if (after) *after = std::move(copy);
    return rep;
}

}  // namespace hatchnet::coverage
