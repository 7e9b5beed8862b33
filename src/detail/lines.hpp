// Private (src/detail/): where a byte offset lies in a text, for error messages.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>

namespace hatchnet::detail {

/// The 1-based line and column (in bytes) of byte `at` of `text`; an offset past the end
/// counts the whole text. Lines end at '\n'.
inline std::pair<std::size_t, std::size_t> line_col(std::string_view text, std::size_t at) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0, e = std::min(at, text.size()); i < e; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return {line, col};
}

/// The 1-based line of byte `at` of `text` (line_col's first).
inline std::size_t line_of(std::string_view text, std::size_t at) { return line_col(text, at).first; }

}  // namespace hatchnet::detail
