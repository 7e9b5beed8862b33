// Random weighted set-cover instances for the tests of the submodular algorithms
// (tests/cpp/algo/test_submodular.cpp) and of the planner's coverage objective
// (tests/cpp/coverage/test_plan.cpp): one generator, so both test the same shapes.
#pragma once

#include <cstdint>
#include <vector>

#include "../test_rng.hpp"

namespace hatchnet::test {

struct Instance {
    std::vector<double> w;
    std::vector<std::vector<std::uint32_t>> sets;
    std::vector<double> cost;
};

Instance random_instance(Rng& rng, std::size_t elements, std::size_t sets, bool unit_cost) {
    Instance I;
    for (std::size_t e = 0; e < elements; ++e) I.w.push_back(1 + double(rng.below(9)));
    I.sets.resize(sets);
    for (auto& s : I.sets) {
        std::size_t size = 1 + rng.below(elements / 2 + 1);
        for (std::size_t q = 0; q < size; ++q) s.push_back(std::uint32_t(rng.below(elements)));
    }
    for (std::size_t j = 0; j < sets; ++j) I.cost.push_back(unit_cost ? 1.0 : 1 + double(rng.below(5)));
    return I;
}

}  // namespace hatchnet::test
