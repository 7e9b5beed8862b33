// Header-only use of hatchnet::algo gini / theil / theil_decompose: one hatchnet header,
// -I include, nothing linked. Values checked against hand computation.
#include <hatchnet/algo/inequality.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace {
bool near(double a, double b) { return std::fabs(a - b) <= 1e-12 * (1 + std::fabs(b)); }
}  // namespace

int main() {
    using namespace hatchnet::algo;
    // {1, 2, 3, 4}: Σ|x_i − x_j| = 20 over 16 ordered pairs, μ = 2.5: 20 / (2·16·2.5) = 0.25
    if (!near(gini({1, 2, 3, 4}), 0.25)) return 1;
    // weights as repetitions: {1 ×1, 2 ×3} = {1, 2, 2, 2}: 6 / (2·16·7/4) = 6/56
    if (!near(gini({1, 2}, {1, 3}), 6.0 / 56.0)) return 2;
    // one of four has everything: Gini 3/4, Theil ln 4
    if (!near(gini({0, 0, 0, 7}), 0.75) || !near(theil({0, 0, 0, 7}), std::log(4.0))) return 3;
    if (gini({5, 5, 5}) != 0.0 || theil({0, 0}) != 0.0) return 4;
    // groups {1, 1} and {3, 3}: no inequality within, all of it between; Y = 8, P = 4:
    // between = (2/8) ln((2/8)/(2/4)) + (6/8) ln((6/8)/(2/4))
    std::vector<double> x{1, 1, 3, 3}, w{1, 1, 1, 1};
    std::vector<std::uint32_t> g{0, 0, 1, 1};
    auto d = theil_decompose(x, w, g);
    double between = 0.25 * std::log(0.5) + 0.75 * std::log(1.5);
    if (!near(d.between, between) || !near(d.within, 0.0) || !near(d.total, theil(x, w))) return 5;
    if (d.group_share.size() != 2 || !near(d.group_share[1], 0.75)) return 6;
    // another value type, through std::span
    std::vector<float> xf{1, 2, 3, 4};
    if (std::fabs(gini<float>(xf) - 0.25f) > 1e-6f) return 7;
    // bad input: an exception derived from std::invalid_argument
    try {
        (void)gini({1, -1});
        return 8;
    } catch (const std::invalid_argument&) {
    }
    std::printf("inequality header-only: ok\n");
    return 0;
}
