// hatchnet/algo/config.hpp — how the header-first algorithms in hatchnet/algo/ are compiled.
//
// Every header in include/hatchnet/algo/ is self-contained: a program that includes it with
// `-I include` and links nothing gets the whole algorithm (header-only mode: the definitions
// in hatchnet/algo/impl/*.ipp are included and marked inline; templates are instantiated in
// the program). Nothing in hatchnet/algo/ depends on the rest of hatchnet except
// hatchnet/error.hpp, which is header-only as well.
//
// Programs that link the hatchnet library get HATCHNET_ALGO_COMPILED defined by its CMake
// target (hatchnet::hatchnet, a PUBLIC definition); define it yourself when linking the
// library some other way. The headers
// then only declare the non-template classes, and declare the common template instantiations
// `extern`: the library compiled them once (src/algo/*.cpp include the .ipp files), so
// neither the library nor its users compile them again. A user who wants a template on
// another value type includes its .ipp as well.
//
// The one difference between the modes: compiled into the library, the element-count guard
// detail::check_count applies the library's Limits (hatchnet/limits.hpp, max_elements);
// header-only, only the index type's own range limits sizes.
#pragma once

#include <cstdint>
#include <string>

#if defined(HATCHNET_ALGO_COMPILED)
#define HATCHNET_ALGO_INLINE
#include "hatchnet/limits.hpp"
#else
#define HATCHNET_ALGO_INLINE inline
#endif

namespace hatchnet::algo::detail {

/// 128-bit integers for overflow proofs (GCC and Clang; __extension__ keeps -pedantic quiet).
__extension__ typedef __int128 int128;

/// Refuses sizes over the library's element limit (compiled mode; header-only: no limit).
inline void check_count([[maybe_unused]] std::uint64_t n, [[maybe_unused]] const std::string& record,
                        [[maybe_unused]] const std::string& field) {
#if defined(HATCHNET_ALGO_COMPILED)
    hatchnet::check_count(n, record, field);
#endif
}

}  // namespace hatchnet::algo::detail
