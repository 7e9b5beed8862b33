// hatchnet/version.hpp — the library version (kept equal to HN_VERSION_* in hatchnet.h;
// a test checks it).
#pragma once

namespace hatchnet {
inline constexpr int version_major = 0;
inline constexpr int version_minor = 1;
inline constexpr int version_patch = 0;
inline constexpr const char* version_string = "0.1.0";
/// major * 10000 + minor * 100 + patch
inline constexpr int version_number = version_major * 10000 + version_minor * 100 + version_patch;
}  // namespace hatchnet
