// Greedy and exact set-function maximisation, water-filling (hatchnet/algo/submodular.hpp).
// Included by that header in header-only mode, or by src/algo/submodular.cpp (see
// hatchnet/algo/config.hpp).
#pragma once

#include "hatchnet/algo/submodular.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "hatchnet/error.hpp"

namespace hatchnet::algo {

namespace detail::submodular {

inline constexpr double eps = 1e-9;
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();
inline const double one_minus_inv_e = 1.0 - std::exp(-1.0);
inline const double one_minus_inv_sqrt_e = 1.0 - std::exp(-0.5);

// The blended greedy's weight λ c/B + (1 − λ)/k: with u = e^{−λ}, a run that fills k guarantees
// 1 − e^{−(1−λ)} = 1 − 1/(e·u), one stopped by the budget ½(1 − u) (with the best single); both
// are equal when u² + u = 2/e, giving (1 − u)/2 = (3 − √(1 + 8/e))/4 ≈ 0.2536.
inline const double blend_u = (std::sqrt(1 + 8 * std::exp(-1.0)) - 1) / 2;
inline const double blend_lambda = -std::log(blend_u);
inline const double blend_guarantee = (1 - blend_u) / 2;

struct Run {
    std::vector<std::size_t> picks;
    std::vector<double> gains;
    double value = 0, cost = 0;
};

inline void check_costs(const std::vector<double>& cost, std::size_t m, long k, double budget) {
    if (cost.size() != m)
        throw input_error("candidates", "cost",
                          "one cost per candidate is needed (" + std::to_string(cost.size()) + " for " +
                              std::to_string(m) + ")");
    for (std::size_t j = 0; j < m; ++j)
        if (!std::isfinite(cost[j]) || cost[j] < 0)
            throw input_error("candidate " + std::to_string(j), "cost", "must be finite and >= 0");
    if (k < -1) throw input_error("options", "k", "must be >= 0 (or -1 for no bound)");
    if (std::isnan(budget) || budget < 0) throw input_error("options", "budget", "must not be negative");
}

inline bool better(double ga, double ca, std::size_t ja, double gb, double cb, std::size_t jb) {
    // larger gain per cost first (zero cost: infinite ratio, then larger gain), ties: lower index
    double ra = ca > 0 ? ga / ca : std::numeric_limits<double>::infinity();
    double rb = cb > 0 ? gb / cb : std::numeric_limits<double>::infinity();
    if (ra != rb) return ra > rb;
    if (ga != gb) return ga > gb;
    return ja < jb;
}

/// One greedy run from f's current state: repeatedly the candidate with the largest
/// gain / weight (weight 0: infinite, then larger gain; ties: lower index) among those with a
/// positive gain that fit the remaining budget, until k picks. `first` holds the gains at the
/// current state. Leaves f at the run's set.
inline Run greedy_run(SetFunction& f, const std::vector<double>& cost, const std::vector<double>& weight,
                      const std::vector<double>& first, long k, double budget, bool lazy,
                      std::size_t& evaluations) {
    const std::size_t m = f.size();
    Run r;
    double spent = 0;
    auto affordable = [&](std::size_t j) { return cost[j] <= budget - spent + eps * (1 + budget); };
    auto full = [&] { return k >= 0 && long(r.picks.size()) >= k; };
    auto take = [&](std::size_t j, double g) {
        f.add(j);
        r.picks.push_back(j);
        r.gains.push_back(g);
        spent += cost[j];
    };
    if (k != 0) {
        if (lazy) {
            struct Entry {
                double g, w;
                std::size_t j, stamp;
            };
            auto cmp = [](const Entry& a, const Entry& b) { return better(b.g, b.w, b.j, a.g, a.w, a.j); };
            std::vector<Entry> init;
            init.reserve(m);
            for (std::size_t j = 0; j < m; ++j)
                if (first[j] > eps && affordable(j)) init.push_back({first[j], weight[j], j, 0});
            std::priority_queue<Entry, std::vector<Entry>, decltype(cmp)> pq(cmp, std::move(init));
            while (!full() && !pq.empty()) {
                Entry e = pq.top();
                pq.pop();
                if (!affordable(e.j)) continue;  // the budget only shrinks
                if (e.stamp == r.picks.size()) {
                    take(e.j, e.g);
                    continue;
                }
                double g = f.gain(e.j);
                ++evaluations;
                if (g > eps) pq.push({g, e.w, e.j, r.picks.size()});
            }
        } else {
            std::vector<char> used(m, 0);
            bool start = true;
            while (!full()) {
                std::size_t best = m;
                double bg = 0;
                for (std::size_t j = 0; j < m; ++j) {
                    if (used[j]) continue;
                    double g = first[j];
                    if (!start) {
                        g = f.gain(j);
                        ++evaluations;
                    }
                    if (g <= eps || !affordable(j)) continue;
                    if (best == m || better(g, weight[j], j, bg, weight[best], best)) best = j, bg = g;
                }
                start = false;
                if (best == m) break;
                used[best] = 1;
                take(best, bg);
            }
        }
    }
    r.value = f.value();
    r.cost = spent;
    return r;
}

/// Which constraints bind (Selection::k_binds, budget_binds), judged on the candidates that can
/// matter: a positive gain `first` (later gains are no larger) and a cost that fits the budget
/// alone.
inline void which_bind(Selection& s, const std::vector<double>& first, const std::vector<double>& cost, long k,
                       double budget) {
    const std::size_t m = first.size();
    const double tol = eps * (1 + budget);
    std::vector<double> rel;
    for (std::size_t j = 0; j < m; ++j)
        if (first[j] > eps && cost[j] <= budget + tol) rel.push_back(cost[j]);
    std::sort(rel.begin(), rel.end());
    if (std::isfinite(budget)) {  // some k of them (all of them without k) exceed the budget together
        std::size_t n = k < 0 ? rel.size() : std::min(rel.size(), std::size_t(k));
        double dearest = std::accumulate(rel.end() - long(n), rel.end(), 0.0);
        s.budget_binds = dearest > budget + tol;
    }
    if (k >= 0) {  // more than k of them fit the budget together (the cheapest first)
        std::size_t n = 0;
        double c = 0;
        for (double x : rel) {
            if (c + x > budget + tol) break;
            c += x;
            ++n;
        }
        s.k_binds = n > std::size_t(k);
    }
}

/// Branch and bound: what the candidates still open can add at the current state, given their
/// marginal gains and costs `gc` (reordered): the fractional knapsack within `room` (finite
/// budget) or their sum, and (k given) at most the sum of the `left` largest. Valid by
/// submodularity.
inline double gain_bound(std::vector<std::pair<double, double>>& gc, double room, double budget, long k,
                         std::size_t left) {
    double ub = 0;
    if (std::isfinite(budget)) {  // fractional knapsack on marginal gains
        std::sort(gc.begin(), gc.end(), [](auto& a, auto& b) {
            double ra = a.second > 0 ? a.first / a.second : std::numeric_limits<double>::infinity();
            double rb = b.second > 0 ? b.first / b.second : std::numeric_limits<double>::infinity();
            return ra > rb;
        });
        double r = room;
        for (auto& [g, c] : gc) {
            if (c <= r) ub += g, r -= c;
            else {
                ub += g * (r / c);
                break;
            }
        }
    } else {
        for (auto& p : gc) ub += p.first;
    }
    if (k >= 0) {
        std::vector<double> gs;
        for (auto& p : gc) gs.push_back(p.first);
        if (gs.size() > left) {
            std::nth_element(gs.begin(), gs.begin() + long(left), gs.end(), std::greater<double>());
            gs.resize(left);
        }
        ub = std::min(ub, std::accumulate(gs.begin(), gs.end(), 0.0));
    }
    return ub;
}

}  // namespace detail::submodular

HATCHNET_ALGO_INLINE std::string_view to_string(SolveStatus s) noexcept {
    switch (s) {
        case SolveStatus::optimal: return "optimal";
        case SolveStatus::heuristic: return "heuristic";
        case SolveStatus::limit_reached: return "limit_reached";
        case SolveStatus::empty: return "empty";
    }
    return "?";
}

HATCHNET_ALGO_INLINE std::string_view to_string(GreedyRule r) noexcept {
    switch (r) {
        case GreedyRule::gain: return "gain";
        case GreedyRule::cost_benefit: return "cost_benefit";
        case GreedyRule::blended: return "blended";
        case GreedyRule::best_single: return "best_single";
    }
    return "?";
}

HATCHNET_ALGO_INLINE Selection greedy_maximise(SetFunction& f, const std::vector<double>& cost, long k,
                                               double budget, bool lazy) {
    using namespace detail::submodular;
    const std::size_t m = f.size();
    check_costs(cost, m, k, budget);
    const bool uniform = std::all_of(cost.begin(), cost.end(), [&](double c) { return c == cost.front(); });
    const bool sub = f.submodular();
    if (!sub) lazy = false;
    const bool finite = std::isfinite(budget);
    const double tol = eps * (1 + budget);
    Selection s;
    s.status = SolveStatus::heuristic;
    std::vector<double> first(m);
    for (std::size_t j = 0; j < m; ++j) first[j] = f.gain(j);
    s.evaluations = m;

    which_bind(s, first, cost, k, budget);
    if (!sub) s.guarantee = nan;
    else if (uniform || !s.budget_binds) s.guarantee = one_minus_inv_e;
    else if (!s.k_binds) s.guarantee = one_minus_inv_sqrt_e;
    else s.guarantee = blend_guarantee;

    // The runs, in the order that breaks ties of value and cost.
    std::vector<GreedyRule> rules;
    if (uniform || k >= 0 || !finite) rules.push_back(GreedyRule::gain);
    if (!uniform && finite) rules.push_back(GreedyRule::cost_benefit);
    if (!uniform && finite && k > 0) rules.push_back(GreedyRule::blended);
    const double value0 = f.value();
    Run best;
    GreedyRule best_rule = GreedyRule::gain;
    bool have = false;
    auto consider = [&](Run&& r, GreedyRule rule) {
        if (!have || r.value > best.value + eps ||
            (r.value >= best.value - eps && r.cost < best.cost - eps * (1 + best.cost))) {
            best = std::move(r);
            best_rule = rule;
            have = true;
        }
    };
    std::vector<double> weight(m, 1.0);
    std::vector<std::size_t> held;  // what f holds beyond its entry state, in the order added
    auto reset = [&] {
        for (auto it = held.rbegin(); it != held.rend(); ++it) f.remove(*it);
        held.clear();
    };
    for (auto rule : rules) {
        if (rule == GreedyRule::cost_benefit) weight = cost;
        if (rule == GreedyRule::blended)
            for (std::size_t j = 0; j < m; ++j)
                weight[j] = (budget > 0 ? blend_lambda * cost[j] / budget : 0.0) + (1 - blend_lambda) / double(k);
        reset();
        Run r = greedy_run(f, cost, weight, first, k, budget, lazy, s.evaluations);
        held = r.picks;
        consider(std::move(r), rule);
    }
    if (!uniform && finite && k != 0) {
        // Khuller–Moss–Naor: the best single affordable pick (ties: lowest index)
        std::size_t j1 = m;
        for (std::size_t j = 0; j < m; ++j)
            if (cost[j] <= budget + tol && first[j] > eps && (j1 == m || first[j] > first[j1])) j1 = j;
        if (j1 != m) {
            Run r;
            r.picks = {j1};
            r.gains = {first[j1]};
            r.value = value0 + first[j1];
            r.cost = cost[j1];
            consider(std::move(r), GreedyRule::best_single);
        }
    }
    if (held != best.picks) {
        reset();
        for (auto j : best.picks) f.add(j);
    }
    s.picks = std::move(best.picks);
    s.gains = std::move(best.gains);
    s.value = f.value();
    s.cost = 0;
    for (auto j : s.picks) s.cost += cost[j];
    s.rule = best_rule;
    s.best_single = best_rule == GreedyRule::best_single;
    if (s.picks.empty()) s.status = SolveStatus::empty;
    return s;
}

HATCHNET_ALGO_INLINE Selection exact_maximise(SetFunction& f, const std::vector<double>& cost, long k,
                                              double budget, std::size_t node_limit, double time_limit) {
    using namespace detail::submodular;
    const std::size_t m = f.size();
    check_costs(cost, m, k, budget);
    if (!(time_limit > 0)) throw input_error("exact search", "time_limit", "must be a positive number of seconds");
    using Clock = std::chrono::steady_clock;
    // beyond ~30 years: no limit (and no overflow of the clock's duration)
    const bool timed = time_limit < 1e9;
    const Clock::time_point deadline =
        timed ? Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(time_limit))
              : Clock::time_point::max();
    const bool sub = f.submodular();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    {
        std::vector<double> g0(m);
        for (std::size_t j = 0; j < m; ++j) g0[j] = f.gain(j);
        std::stable_sort(order.begin(), order.end(),
                         [&](auto a, auto b) { return better(g0[a], cost[a], a, g0[b], cost[b], b); });
    }
    Selection s;
    std::vector<std::size_t> cur, best_set;
    double best = f.value();
    std::size_t nodes = 0;
    bool aborted = false, timed_out = false;
    std::vector<std::pair<double, double>> gc;
    auto dfs = [&](auto&& self, std::size_t i, double spent) -> void {
        if (aborted) return;
        if (++nodes > node_limit) {
            aborted = true;
            return;
        }
        if (timed && Clock::now() >= deadline) {
            aborted = timed_out = true;
            return;
        }
        double v = f.value();
        if (v > best + eps) {
            best = v;
            best_set = cur;
        }
        if (i == m || (k >= 0 && long(cur.size()) >= k)) return;
        double room = budget - spent;
        if (sub) {
            gc.clear();
            for (std::size_t q = i; q < m; ++q) {
                auto j = order[q];
                if (cost[j] > room + eps * (1 + budget)) continue;
                double g = f.gain(j);
                if (g > eps) gc.emplace_back(g, cost[j]);
            }
            if (gc.empty()) return;
            const std::size_t left = k >= 0 ? std::size_t(k) - cur.size() : 0;
            if (v + gain_bound(gc, room, budget, k, left) <= best + eps) return;
        }
        auto j = order[i];
        if (cost[j] <= room + eps * (1 + budget) && (!sub || f.gain(j) > eps)) {
            f.add(j);
            cur.push_back(j);
            self(self, i + 1, spent + cost[j]);
            cur.pop_back();
            f.remove(j);
        }
        self(self, i + 1, spent);
    };
    dfs(dfs, 0, 0.0);
    s.evaluations = nodes;
    s.status = aborted ? SolveStatus::limit_reached : SolveStatus::optimal;
    s.time_limit_reached = timed_out;
    if (aborted) {
        // stopped early: keep the greedy's set when it is better than the best found (so a
        // search stopped at its first nodes still returns a useful plan), and its guarantee,
        // which holds for whichever is kept
        Selection gr = greedy_maximise(f, cost, k, budget);
        for (auto it = gr.picks.rbegin(); it != gr.picks.rend(); ++it) f.remove(*it);
        s.guarantee = gr.guarantee;
        if (gr.value > best + eps) {
            best = gr.value;
            best_set = gr.picks;
        }
    }
    // report in index order with sequential marginal gains; leave f empty
    std::sort(best_set.begin(), best_set.end());
    for (auto j : best_set) {
        s.picks.push_back(j);
        s.gains.push_back(f.gain(j));
        f.add(j);
        s.cost += cost[j];
    }
    s.value = f.value();
    for (auto it = best_set.rbegin(); it != best_set.rend(); ++it) f.remove(*it);
    return s;
}

HATCHNET_ALGO_INLINE std::vector<double> water_fill(const std::vector<double>& capacity,
                                                    const std::vector<double>& demand, double budget,
                                                    double price, double* level) {
    using namespace detail::submodular;
    if (capacity.size() != demand.size())
        throw input_error("water_fill", "demand", "one demand per capacity is needed");
    if (std::isnan(budget) || budget < 0 || !std::isfinite(budget))
        throw input_error("options", "budget", "must be a finite number >= 0");
    if (!(price > 0) || !std::isfinite(price)) throw input_error("options", "price", "must be a positive number");
    for (std::size_t i = 0; i < capacity.size(); ++i)
        if (!(capacity[i] >= 0) || !(demand[i] >= 0) || !std::isfinite(capacity[i]) || !std::isfinite(demand[i]))
            throw input_error("group " + std::to_string(i), "capacity", "capacity and demand must be finite and >= 0");
    std::vector<double> x(capacity.size(), 0.0);
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < capacity.size(); ++i)
        if (demand[i] > 0) idx.push_back(i);
    if (level) *level = nan;
    if (idx.empty()) return x;
    auto r = [&](std::size_t i) { return capacity[i] / demand[i]; };
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return r(a) < r(b); });
    const double money = budget / price;
    double O = 0, C = 0, L = r(idx[0]);
    std::size_t filled = 0;
    for (std::size_t q = 0; q < idx.size(); ++q) {
        O += demand[idx[q]];
        C += capacity[idx[q]];
        L = (money + C) / O;
        filled = q + 1;
        if (q + 1 == idx.size() || L <= r(idx[q + 1])) break;
    }
    for (std::size_t q = 0; q < filled; ++q) {
        auto i = idx[q];
        x[i] = std::max(0.0, L * demand[i] - capacity[i]);
    }
    if (level) *level = L;
    return x;
}

}  // namespace hatchnet::algo
