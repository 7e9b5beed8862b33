// Header-only use of hatchnet::algo greedy_maximise / exact_maximise / water_fill: one hatchnet
// header, -I include, nothing linked. A weighted coverage instance small enough to solve by
// hand, checked against its optimum and against brute force over all subsets.
#include <hatchnet/algo/submodular.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace {

/// Weighted coverage with element counts: f(S) = weight of the elements some j ∈ S covers.
class Cover final : public hatchnet::algo::SetFunction {
public:
    Cover(std::vector<double> w, std::vector<std::vector<int>> sets)
        : w_(std::move(w)), sets_(std::move(sets)), count_(w_.size(), 0) {}
    std::size_t size() const override { return sets_.size(); }
    double value() const override { return value_; }
    double gain(std::size_t j) const override {
        double g = 0;
        for (int e : sets_[j]) g += count_[std::size_t(e)] == 0 ? w_[std::size_t(e)] : 0;
        return g;
    }
    void add(std::size_t j) override {
        for (int e : sets_[j])
            if (count_[std::size_t(e)]++ == 0) value_ += w_[std::size_t(e)];
    }
    void remove(std::size_t j) override {
        for (int e : sets_[j])
            if (--count_[std::size_t(e)] == 0) value_ -= w_[std::size_t(e)];
    }

private:
    std::vector<double> w_;
    std::vector<std::vector<int>> sets_;
    std::vector<int> count_;
    double value_ = 0;
};

}  // namespace

int main() {
    using namespace hatchnet::algo;
    // elements of weight 1..6; A = {0,1,2} (6), B = {2,3} (7), C = {3,4,5} (15), D = {5} (6)
    const std::vector<double> w{1, 2, 3, 4, 5, 6};
    const std::vector<std::vector<int>> sets{{0, 1, 2}, {2, 3}, {3, 4, 5}, {5}};
    const std::vector<double> unit(4, 1.0);
    // k = 2, equal costs: C (15) then A (6) = 21 = everything: optimal
    Cover f(w, sets);
    Selection s = greedy_maximise(f, unit, 2, unlimited);
    if (s.picks != std::vector<std::size_t>{2, 0} || s.value != 21 || f.value() != 21) return 1;
    if (std::fabs(s.guarantee - (1 - std::exp(-1.0))) > 1e-15) return 2;
    // unequal costs 1, 1, 4, 1 and a budget of 3: brute force over the 16 subsets
    const std::vector<double> cost{1, 1, 4, 1};
    double opt = 0;
    for (unsigned mask = 0; mask < 16; ++mask) {
        Cover g(w, sets);
        double c = 0;
        for (std::size_t j = 0; j < 4; ++j)
            if (mask >> j & 1) g.add(j), c += cost[j];
        if (c <= 3) opt = opt > g.value() ? opt : g.value();
    }
    if (opt != 16) return 3;  // A, B, D: 1 + 2 + 3 + 4 + 6
    Cover e(w, sets);
    Selection x = exact_maximise(e, cost, -1, 3);
    if (x.status != SolveStatus::optimal || x.value != opt || x.cost > 3 || e.value() != 0) return 4;
    Cover h(w, sets);
    Selection gb = greedy_maximise(h, cost, -1, 3);
    if (gb.cost > 3 || gb.value < gb.guarantee * opt || gb.value > opt) return 5;
    // water-filling: capacity 0 and 0 for demand 1 and 3, 8 units: level 2, buy 2 and 6
    double level = 0;
    std::vector<double> buy = water_fill({0, 0}, {1, 3}, 8, 1, &level);
    if (std::fabs(level - 2) > 1e-12 || std::fabs(buy[0] - 2) > 1e-12 || std::fabs(buy[1] - 6) > 1e-12) return 6;
    try {
        (void)water_fill({1}, {1}, -1, 1);
        return 7;
    } catch (const std::invalid_argument&) {
    }
    if (to_string(SolveStatus::limit_reached) != "limit_reached") return 8;
    std::printf("submodular header-only: ok\n");
    return 0;
}
