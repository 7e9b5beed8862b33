// Paying a plan's costs from several funds: a max-flow-min-cost network (funding.hpp).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/funding/funding.hpp"
#include "hatchnet/limits.hpp"

namespace hatchnet::funding {

namespace {
using Flow = algo::MinCostFlow;

constexpr double kMaxUnits = 1e15;  // amounts / unit beyond this are refused (exact in a double)

std::int64_t to_units(double amount, double unit, const std::string& rec, const std::string& field) {
    const double u = std::round(amount / unit);
    if (!(u <= kMaxUnits))
        throw input_error(rec, field, "amount too large for the money unit (raise the option 'unit')");
    return std::int64_t(u);
}

int pick_year(const Book& b, const AllocateOptions& o) {
    if (o.year) {
        if (std::none_of(b.funds.begin(), b.funds.end(), [&](const Fund& f) { return f.amounts.count(*o.year); }))
            throw input_error("options", "year", "no fund has an amount for " + std::to_string(*o.year));
        return *o.year;
    }
    int y = 0;
    bool any = false;
    for (const auto& f : b.funds)
        if (!f.amounts.empty() && (!any || f.amounts.begin()->first < y)) {
            y = f.amounts.begin()->first;
            any = true;
        }
    if (!any) throw input_error("funds", "", "no fund to allocate from");
    return y;
}

/// A listed item's references must exist in the network: a typo'd region would otherwise be
/// paid by open funds and refused by district ones with a misleading reason.
void check_item_refs(const CostItem& i, const std::string& rec, const Network& net) {
    if (!i.region.empty() && !net.find_region(i.region) &&
        std::none_of(net.nodes.begin(), net.nodes.end(), [&](const Node& n) { return region_within(n.region, i.region); }))
        throw input_error(rec, "region", "unknown region '" + i.region + "'");
    if (!i.node.empty() && !net.find_node(i.node)) throw input_error(rec, "node", "unknown node '" + i.node + "'");
    for (const auto& s : i.services)
        if (!net.vocabulary.has_service(s)) throw input_error(rec, "services", "unknown service '" + s + "'");
}

void check_items(const std::vector<CostItem>& items, const Network& net) {
    std::set<std::string> ids;
    for (std::size_t k = 0; k < items.size(); ++k) {
        const auto& i = items[k];
        const std::string rec = "item " + (i.id.empty() ? std::to_string(k) : i.id);
        if (i.id.empty()) throw input_error(rec, "id", "an item needs an id");
        if (!ids.insert(i.id).second) throw input_error(rec, "id", "duplicate item id");
        if (!std::isfinite(i.amount) || i.amount < 0) throw input_error(rec, "amount", "must be a finite number >= 0");
        if (!std::isfinite(i.priority)) throw input_error(rec, "priority", "must be finite");
        check_item_refs(i, rec, net);
    }
    check_count(items.size(), "items", "");
}

/// The earmarks of a fund as the flow sees them: its own, or one open earmark.
std::vector<Earmark> routes_of(const Fund& f) {
    if (!f.earmarks.empty()) return f.earmarks;
    Earmark open;
    open.id = "";
    return {open};
}

struct Route {  // one (fund, earmark) pair: a node of the flow network
    std::size_t fund, earmark;
    std::int64_t cap;
};

std::string shortfall_reason(const CostItem& it, const Book& b, const std::vector<Route>& routes,
                             const std::vector<std::vector<Earmark>>& marks, const std::vector<std::vector<std::size_t>>& elig,
                             std::size_t item, const std::vector<std::int64_t>& fund_left,
                             const std::vector<std::int64_t>& route_left, const Vocabulary& vocab) {
    if (elig[item].empty()) {
        std::string s = "no fund admits it";
        const char* sep = ": ";
        for (std::size_t f = 0; f < b.funds.size(); ++f) {
            std::string why;
            for (const auto& e : marks[f])
                if (!admits(b.funds[f], e, it, vocab, &why)) break;
            s += sep + b.funds[f].id + " (" + why + ")";
            sep = "; ";
        }
        return b.funds.empty() ? "no funds" : s;
    }
    std::string s = "the funds that admit it are spent";
    const char* sep = ": ";
    std::set<std::string> said;
    for (std::size_t r : elig[item]) {
        const Route& ro = routes[r];
        const Fund& f = b.funds[ro.fund];
        std::string what;
        if (fund_left[ro.fund] <= 0) what = f.id + " (fund total reached)";
        else if (route_left[r] <= 0) what = f.id + " earmark " + marks[ro.fund][ro.earmark].id + " (cap reached)";
        else what = f.id + " (no money in the period)";
        if (said.insert(what).second) { s += sep + what; sep = "; "; }
    }
    return s;
}
}  // namespace

namespace {

/// The state of one allocation, filled step by step.
struct Problem {
    const Book& b;
    const std::vector<CostItem>& items;
    const Network& net;
    const AllocateOptions& o;
    std::size_t F, I;
    std::vector<std::vector<Earmark>> marks;   ///< per fund: its earmarks or one open earmark
    std::vector<Route> routes;                 ///< one per (fund, earmark)
    std::vector<std::int64_t> supply;          ///< units per fund, after contracts
    std::vector<double> committed;             ///< contracts charged per fund (money)
    std::vector<std::int64_t> need;            ///< units per item
    std::vector<std::vector<std::size_t>> elig;  ///< routes admitting each item
    std::vector<std::size_t> order, rank;      ///< spending order of funds, priority rank of items

    Problem(const Book& book, const std::vector<CostItem>& it, const Network& n, const AllocateOptions& opt)
        : b(book), items(it), net(n), o(opt), F(book.funds.size()), I(it.size()) {}

    bool admits_route(std::size_t r, const CostItem& it) const {
        return admits(b.funds[routes[r].fund], marks[routes[r].fund][routes[r].earmark], it, net.vocabulary);
    }
};

void build_routes(Problem& p, int year) {
    p.marks.resize(p.F);
    p.supply.assign(p.F, 0);
    p.committed.assign(p.F, 0);
    for (std::size_t f = 0; f < p.F; ++f) {
        const Fund& fund = p.b.funds[f];
        const auto a = fund.amounts.find(year);
        p.supply[f] = to_units(a == fund.amounts.end() ? 0.0 : a->second, p.o.unit, "fund " + fund.id, "amounts");
        p.marks[f] = routes_of(fund);
        for (std::size_t e = 0; e < p.marks[f].size(); ++e) {
            const auto& cap = p.marks[f][e].cap;
            p.routes.push_back(
                {f, e, cap ? std::min(p.supply[f], to_units(*cap, p.o.unit, "fund " + fund.id, "cap")) : p.supply[f]});
        }
    }
}

/// Contracts charged to a fund use its money (and the first earmark admitting them) first.
void charge_contracts(Problem& p, int year, std::vector<std::string>& notes) {
    for (const auto& c : p.b.contracts) {
        if (c.fund.empty()) continue;
        const double a = amount_in_year(c, year);
        if (!(a > 0)) continue;
        const std::size_t f = std::size_t(p.b.find_fund(c.fund) - p.b.funds.data());
        p.committed[f] += a;
        const std::int64_t u = to_units(a, p.o.unit, "contract " + c.id, "amount");
        const CostItem ci = cost_item_of(c, p.net, a);
        for (std::size_t r = 0; r < p.routes.size(); ++r)
            if (p.routes[r].fund == f && p.admits_route(r, ci)) {
                p.routes[r].cap = std::max<std::int64_t>(0, p.routes[r].cap - u);
                break;
            }
        if (u > p.supply[f]) notes.push_back("fund " + c.fund + " is over-committed by contracts in " + std::to_string(year));
        p.supply[f] = std::max<std::int64_t>(0, p.supply[f] - u);
    }
}

/// Eligibility, the spending order (funds admitting fewer of the items first, input order
/// within) and the items' priority ranks (higher priority first, input order within).
void rank_funds_and_items(Problem& p) {
    p.need.resize(p.I);
    p.elig.assign(p.I, {});
    std::vector<std::size_t> reach(p.F, 0);
    // every (item, earmark) pair is tested below, eligible or not: bound the work, not only the result
    check_count(std::uint64_t(p.I) * std::uint64_t(p.routes.size()), "items", "item-earmark pairs");
    std::uint64_t pairs = 0;
    for (std::size_t i = 0; i < p.I; ++i) {
        p.need[i] = to_units(p.items[i].amount, p.o.unit, "item " + p.items[i].id, "amount");
        std::set<std::size_t> funds;
        for (std::size_t r = 0; r < p.routes.size(); ++r)
            if (p.admits_route(r, p.items[i])) {
                p.elig[i].push_back(r);
                funds.insert(p.routes[r].fund);
            }
        for (std::size_t f : funds) ++reach[f];
        pairs += p.elig[i].size();
        check_count(pairs, "items", "fund-item pairs");
    }
    auto ranks = [](std::size_t n, auto before) {
        std::vector<std::size_t> idx(n), out(n);
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(), before);
        for (std::size_t k = 0; k < n; ++k) out[idx[k]] = k;
        return out;
    };
    p.order = ranks(p.F, [&](std::size_t x, std::size_t y) { return reach[x] < reach[y]; });
    p.rank = ranks(p.I, [&](std::size_t x, std::size_t y) { return p.items[x].priority > p.items[y].priority; });
}

/// The flow solver works in exact 64-bit integers: refuse, naming the money unit, totals it
/// could not hold (each amount alone is below kMaxUnits, their sums over funds, earmarks and
/// fund-item pairs need not be).
void check_total(const Problem& p) {
    constexpr long double kLimit = 1e18L;  // below the solver's 2^62 guard on supplies + capacities
    long double sum = 0;
    for (std::size_t f = 0; f < p.F; ++f) sum += (long double)p.supply[f];
    for (const auto& r : p.routes) sum += (long double)r.cap;
    for (std::size_t i = 0; i < p.I; ++i) sum += (long double)p.need[i] * (long double)(1 + p.elig[i].size());
    if (sum > kLimit)
        throw input_error("items", "amount",
                          "the funds' amounts, caps and items' amounts sum to more than 10^18 money units over the "
                          "fund-item pairs: raise the money unit (option 'unit', now " + std::to_string(p.o.unit) + ")");
}

struct Use {
    std::size_t route, item;
    Flow::arc_t arc;
};

/// The flow network — funds [0, F), routes [F, F+R), items [F+R, F+R+I) — solved.
std::vector<std::pair<Use, std::int64_t>> solve(const Problem& p) {
    const std::size_t R = p.routes.size();
    Flow flow(Flow::node_t(p.F + R + p.I));
    for (std::size_t r = 0; r < R; ++r) flow.add_arc(Flow::node_t(p.routes[r].fund), Flow::node_t(p.F + r), p.routes[r].cap, 0);
    std::vector<Use> uses;
    for (std::size_t i = 0; i < p.I; ++i) {
        flow.set_supply(Flow::node_t(p.F + R + i), -p.need[i]);
        for (std::size_t r : p.elig[i]) {
            const std::int64_t cost = std::int64_t(p.F) * std::int64_t(p.rank[i]) + std::int64_t(p.order[p.routes[r].fund]);
            uses.push_back({r, i, flow.add_arc(Flow::node_t(p.F + r), Flow::node_t(p.F + R + i), p.need[i], cost)});
        }
    }
    for (std::size_t f = 0; f < p.F; ++f) flow.set_supply(Flow::node_t(f), p.supply[f]);
    check_total(p);
    if (flow.run(Flow::Mode::max_flow_min_cost) != Flow::Status::optimal)
        throw solver_error("funding allocation: the flow solver did not finish");
    std::vector<std::pair<Use, std::int64_t>> out;
    for (const auto& u : uses)
        if (const std::int64_t x = flow.flow(u.arc); x > 0) out.emplace_back(u, x);
    return out;
}

void report(const Problem& p, const std::vector<std::pair<Use, std::int64_t>>& flows, AllocationResult& res) {
    const double unit = p.o.unit;
    std::vector<std::int64_t> got(p.I, 0), fund_used(p.F, 0), route_used(p.routes.size(), 0);
    std::vector<std::set<std::size_t>> payers(p.I);
    for (const auto& [u, x] : flows) {
        const std::size_t f = p.routes[u.route].fund;
        got[u.item] += x;
        route_used[u.route] += x;
        fund_used[f] += x;
        payers[u.item].insert(f);
        res.allocations.push_back({p.b.funds[f].id, p.marks[f][p.routes[u.route].earmark].id, p.items[u.item].id, double(x) * unit});
    }
    std::stable_sort(res.allocations.begin(), res.allocations.end(), [&](const Allocation& x, const Allocation& y) {
        return p.b.find_fund(x.fund) < p.b.find_fund(y.fund);
    });
    std::vector<std::int64_t> fund_left(p.F), route_left(p.routes.size());
    for (std::size_t f = 0; f < p.F; ++f) fund_left[f] = p.supply[f] - fund_used[f];
    for (std::size_t r = 0; r < p.routes.size(); ++r) route_left[r] = p.routes[r].cap - route_used[r];
    for (std::size_t i = 0; i < p.I; ++i) {
        ItemResult ir;
        ir.id = p.items[i].id;
        ir.amount = p.items[i].amount;
        ir.funded = double(got[i]) * unit;
        ir.shortfall = double(p.need[i] - got[i]) * unit;
        for (std::size_t f : payers[i]) ir.funds.push_back(p.b.funds[f].id);
        if (got[i] < p.need[i])
            ir.reason = shortfall_reason(p.items[i], p.b, p.routes, p.marks, p.elig, i, fund_left, route_left, p.net.vocabulary);
        res.total += ir.amount;
        res.funded += ir.funded;
        res.unfunded += ir.shortfall;
        res.items.push_back(std::move(ir));
    }
    for (std::size_t f = 0; f < p.F; ++f) {
        const auto a = p.b.funds[f].amounts.find(res.year);
        res.funds.push_back({p.b.funds[f].id, a == p.b.funds[f].amounts.end() ? 0.0 : a->second, p.committed[f],
                             double(fund_used[f]) * unit, double(fund_left[f]) * unit});
    }
}
}  // namespace

AllocationResult allocate(const Book& b, const std::vector<CostItem>& items, const Network& net,
                          const AllocateOptions& o) {
    check(b);
    check_items(items, net);
    if (!std::isfinite(o.unit) || !(o.unit > 0)) throw input_error("options", "unit", "must be > 0");
    AllocationResult res;
    res.year = pick_year(b, o);
    Problem p(b, items, net, o);
    build_routes(p, res.year);
    if (o.charge_contracts) charge_contracts(p, res.year, res.notes);
    rank_funds_and_items(p);
    report(p, solve(p), res);
    if (o.unit != 1) res.notes.push_back("amounts rounded to the money unit " + std::to_string(o.unit));
    return res;
}

}  // namespace hatchnet::funding
