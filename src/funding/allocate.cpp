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
        throw input_error(rec, field, "amount too large for the money unit (raise AllocateOptions::unit)");
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

void check_items(const std::vector<CostItem>& items) {
    std::set<std::string> ids;
    for (std::size_t k = 0; k < items.size(); ++k) {
        const auto& i = items[k];
        const std::string rec = "item " + (i.id.empty() ? std::to_string(k) : i.id);
        if (i.id.empty()) throw input_error(rec, "id", "an item needs an id");
        if (!ids.insert(i.id).second) throw input_error(rec, "id", "duplicate item id");
        if (!std::isfinite(i.amount) || i.amount < 0) throw input_error(rec, "amount", "must be a finite number >= 0");
        if (!std::isfinite(i.priority)) throw input_error(rec, "priority", "must be finite");
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
    double committed = 0;
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

AllocationResult allocate(const Book& b, const std::vector<CostItem>& items, const Network& net,
                          const AllocateOptions& o) {
    check(b);
    check_items(items);
    if (!std::isfinite(o.unit) || !(o.unit > 0)) throw input_error("options", "unit", "must be > 0");
    AllocationResult res;
    res.year = pick_year(b, o);
    const std::size_t F = b.funds.size(), I = items.size();

    std::vector<std::vector<Earmark>> marks(F);
    std::vector<Route> routes;
    std::vector<std::int64_t> supply(F, 0);
    std::vector<double> committed(F, 0);
    for (std::size_t f = 0; f < F; ++f) {
        const Fund& fund = b.funds[f];
        const auto a = fund.amounts.find(res.year);
        const double amount = a == fund.amounts.end() ? 0.0 : a->second;
        supply[f] = to_units(amount, o.unit, "fund " + fund.id, "amounts");
        marks[f] = routes_of(fund);
        for (std::size_t e = 0; e < marks[f].size(); ++e) {
            const auto& cap = marks[f][e].cap;
            routes.push_back({f, e, cap ? std::min(supply[f], to_units(*cap, o.unit, "fund " + fund.id, "cap")) : supply[f]});
        }
    }
    // Contracts charged to a fund use its money (and the first earmark admitting them) first.
    if (o.charge_contracts) {
        for (const auto& c : b.contracts) {
            if (c.fund.empty()) continue;
            const double a = amount_in_year(c, res.year);
            if (!(a > 0)) continue;
            const std::size_t f = std::size_t(b.find_fund(c.fund) - b.funds.data());
            committed[f] += a;
            const std::int64_t u = to_units(a, o.unit, "contract " + c.id, "amount");
            const CostItem ci = cost_item_of(c, net, a);
            for (auto& r : routes)
                if (r.fund == f && admits(b.funds[f], marks[f][r.earmark], ci, net.vocabulary)) {
                    r.cap = std::max<std::int64_t>(0, r.cap - u);
                    break;
                }
            if (u > supply[f]) res.notes.push_back("fund " + c.fund + " is over-committed by contracts in " + std::to_string(res.year));
            supply[f] = std::max<std::int64_t>(0, supply[f] - u);
        }
    }
    // Item ranks: by priority (higher first), then input order.
    std::vector<std::size_t> rank(I);
    {
        std::vector<std::size_t> idx(I);
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) { return items[x].priority > items[y].priority; });
        for (std::size_t k = 0; k < I; ++k) rank[idx[k]] = k;
    }
    // Spending order: the funds that can pay for fewer of the items first (the most restricted
    // money is spent where only it can go), input order within.
    std::vector<std::size_t> order(F);
    {
        std::vector<std::size_t> reach(F, 0);
        for (const auto& it : items)
            for (std::size_t f = 0; f < F; ++f)
                if (std::any_of(marks[f].begin(), marks[f].end(),
                                [&](const Earmark& e) { return admits(b.funds[f], e, it, net.vocabulary); }))
                    ++reach[f];
        std::vector<std::size_t> idx(F);
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) { return reach[x] < reach[y]; });
        for (std::size_t k = 0; k < F; ++k) order[idx[k]] = k;
    }
    // Network: funds [0, F), routes [F, F+R), items [F+R, F+R+I).
    const std::size_t R = routes.size();
    Flow flow(Flow::node_t(F + R + I));
    std::vector<Flow::arc_t> route_arc(R);
    for (std::size_t r = 0; r < R; ++r)
        route_arc[r] = flow.add_arc(Flow::node_t(routes[r].fund), Flow::node_t(F + r), routes[r].cap, 0);
    std::vector<std::int64_t> need(I);
    std::vector<std::vector<std::size_t>> elig(I);
    struct Use { std::size_t route, item; Flow::arc_t arc; };
    std::vector<Use> uses;
    for (std::size_t i = 0; i < I; ++i) {
        need[i] = to_units(items[i].amount, o.unit, "item " + items[i].id, "amount");
        flow.set_supply(Flow::node_t(F + R + i), -need[i]);
        for (std::size_t r = 0; r < R; ++r) {
            if (!admits(b.funds[routes[r].fund], marks[routes[r].fund][routes[r].earmark], items[i], net.vocabulary)) continue;
            elig[i].push_back(r);
            const std::int64_t cost = std::int64_t(F) * std::int64_t(rank[i]) + std::int64_t(order[routes[r].fund]);
            uses.push_back({r, i, flow.add_arc(Flow::node_t(F + r), Flow::node_t(F + R + i), need[i], cost)});
        }
        check_count(uses.size(), "items", "fund-item pairs");
    }
    for (std::size_t f = 0; f < F; ++f) flow.set_supply(Flow::node_t(f), supply[f]);
    if (flow.run(Flow::Mode::max_flow_min_cost) != Flow::Status::optimal)
        throw solver_error("funding allocation: the flow solver did not finish");

    std::vector<std::int64_t> got(I, 0), fund_used(F, 0), route_used(R, 0);
    std::vector<std::set<std::size_t>> payers(I);
    for (const auto& u : uses) {
        const std::int64_t x = flow.flow(u.arc);
        if (x <= 0) continue;
        got[u.item] += x;
        route_used[u.route] += x;
        fund_used[routes[u.route].fund] += x;
        payers[u.item].insert(routes[u.route].fund);
        res.allocations.push_back({b.funds[routes[u.route].fund].id, marks[routes[u.route].fund][routes[u.route].earmark].id,
                                   items[u.item].id, double(x) * o.unit});
    }
    std::stable_sort(res.allocations.begin(), res.allocations.end(), [&](const Allocation& x, const Allocation& y) {
        return b.find_fund(x.fund) < b.find_fund(y.fund);
    });
    std::vector<std::int64_t> fund_left(F), route_left(R);
    for (std::size_t f = 0; f < F; ++f) fund_left[f] = supply[f] - fund_used[f];
    for (std::size_t r = 0; r < R; ++r) route_left[r] = routes[r].cap - route_used[r];
    for (std::size_t i = 0; i < I; ++i) {
        ItemResult ir;
        ir.id = items[i].id;
        ir.amount = items[i].amount;
        ir.funded = double(got[i]) * o.unit;
        ir.shortfall = double(need[i] - got[i]) * o.unit;
        for (std::size_t f : payers[i]) ir.funds.push_back(b.funds[f].id);
        if (got[i] < need[i])
            ir.reason = shortfall_reason(items[i], b, routes, marks, elig, i, fund_left, route_left, net.vocabulary);
        res.total += ir.amount;
        res.funded += ir.funded;
        res.unfunded += ir.shortfall;
        res.items.push_back(std::move(ir));
    }
    for (std::size_t f = 0; f < F; ++f) {
        const auto a = b.funds[f].amounts.find(res.year);
        FundResult fr;
        fr.id = b.funds[f].id;
        fr.amount = a == b.funds[f].amounts.end() ? 0.0 : a->second;
        fr.committed = committed[f];
        fr.allocated = double(fund_used[f]) * o.unit;
        fr.left = double(fund_left[f]) * o.unit;
        res.funds.push_back(std::move(fr));
    }
    if (o.unit != 1) res.notes.push_back("amounts rounded to the money unit " + std::to_string(o.unit));
    return res;
}

}  // namespace hatchnet::funding
