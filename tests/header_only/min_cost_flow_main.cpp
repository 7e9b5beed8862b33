// Header-only use of hatchnet::algo::MinCostFlow: this program includes one hatchnet header and
// the standard library, is compiled with -I include and links nothing from hatchnet. It is
// the Usage block of the header plus a check against a hand-computed optimum.
#include <hatchnet/algo/min_cost_flow.hpp>

#include <cstdio>
#include <string_view>

int main() {
    using hatchnet::algo::MinCostFlow;
    MinCostFlow f(3);                      // nodes 0, 1, 2
    f.add_arc(0, 1, 4, 2);                 // tail, head, capacity, cost
    f.add_arc(1, 2, 4, 1);
    f.set_supply(0, 3); f.set_supply(2, -3);
    if (f.run() != MinCostFlow::Status::optimal || f.total_cost() != 9) return 1;  // 3 * (2 + 1)
    f.set_warm_start(true); f.run(); f.set_cost(0, 5); f.run();  // second run starts warm
    if (f.status() != MinCostFlow::Status::optimal || f.total_cost() != 18) return 2;  // 3 * (5 + 1)

    // A cheaper parallel route of capacity 2: two units take 0 -> 2 at cost 4, one unit the
    // path at cost 6: 2 * 4 + 6 = 14 (hand-computed); the 0 -> 2 arc is saturated.
    const auto direct = f.add_arc(0, 2, 2, 4);
    if (f.run() != MinCostFlow::Status::optimal || f.total_cost() != 14 || f.flow(direct) != 2) return 3;
    // Unbalanced supplies are refused with input_error naming the field (header-only too).
    f.set_supply(0, 4);
    try {
        f.run();
        return 4;
    } catch (const hatchnet::input_error& e) {
        std::printf("refused as expected: %s\n", e.what());
    }
    const std::string_view status = to_string(f.status());
    std::printf("min_cost_flow header-only: ok (%.*s)\n", int(status.size()), status.data());
    return 0;
}
