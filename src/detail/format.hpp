// Private (src/detail/): numbers as text in messages and reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

namespace hatchnet::detail {

/// `v` as `std::ostream << v` prints it with `precision` significant digits (%g style:
/// "0.25", "1e+20", "nan"). The evaluation's messages (weights, aggregate, normalise, raters,
/// scheme) use the default 10 digits, enough to find the value in the input, the weight-sum
/// check (common.cpp) 12; the network evaluation's notes and the disclosure pages
/// (network.cpp, report.cpp) show 6.
inline std::string num(double v, int precision = 10) {
    std::ostringstream os;
    os.precision(precision);
    os << v;
    return os.str();
}

/// `n` in decimal, zero-padded on the left to `width` digits ("7", 3 → "007").
inline std::string pad(std::int64_t n, int width) {
    std::string s = std::to_string(n);
    if (int(s.size()) < width) s.insert(0, std::size_t(width) - s.size(), '0');
    return s;
}

}  // namespace hatchnet::detail
