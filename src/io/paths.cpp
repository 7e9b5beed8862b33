// Locating the embedded default dataset.
//
// Looked up in this order, the first directory holding beijing.json.gz wins:
//  1. $HATCHNET_DATA_DIR;
//  2. beside the module that holds this code (the shared library libhatchnet.so, the Python
//     extension, or the program the static library is linked into):
//     <dir>/../share/hatchnet and <dir>/../../share/hatchnet (an installed prefix, wherever it
//     has been moved: lib/ or lib/<multiarch>/, bin/), and <dir>/data (the Python wheel);
//  3. the source tree's data/ (development builds);
//  4. the install directory configured at build time.
// The module comes before the source tree so that an installed library reads the data it was
// installed with, even on the machine that built it.
#include <cstdlib>
#include <filesystem>
#include <system_error>

#if defined(__GLIBC__) || defined(__linux__)
#include <dlfcn.h>
#include <link.h>
#define HATCHNET_HAVE_DLADDR1 1
#elif __has_include(<dlfcn.h>)
#include <dlfcn.h>
#define HATCHNET_HAVE_DLADDR 1
#endif

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"

namespace hatchnet::io {

namespace {

namespace fs = std::filesystem;

// Any function of this module: its address tells the dynamic loader which file it came from.
void module_anchor() {}

// The file of the module that holds this code ("" when it cannot be told).
fs::path module_path() {
    std::error_code ec;
#if defined(HATCHNET_HAVE_DLADDR1)
    Dl_info info{};
    link_map* map = nullptr;
    if (dladdr1(reinterpret_cast<void*>(&module_anchor), &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP) &&
        map) {
        if (map->l_name && *map->l_name) return fs::absolute(map->l_name, ec);
        // the main program (its link map has no name): the executable itself
        auto exe = fs::read_symlink("/proc/self/exe", ec);
        if (!ec) return exe;
    }
#elif defined(HATCHNET_HAVE_DLADDR)
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&module_anchor), &info) && info.dli_fname && *info.dli_fname)
        return fs::absolute(info.dli_fname, ec);
#endif
    return {};
}

// Data directories relative to the module: as named (the path the loader used) and, when that
// is a symbolic link to a file elsewhere, as resolved.
void add_module_dirs(std::vector<std::string>& dirs) {
    const fs::path file = module_path();
    if (file.empty()) return;
    std::vector<fs::path> bases{file.parent_path()};
    std::error_code ec;
    const fs::path real = fs::canonical(file, ec);
    if (!ec && real.parent_path() != bases.front()) bases.push_back(real.parent_path());
    for (const auto& b : bases) {
        dirs.push_back((b / ".." / "share" / "hatchnet").lexically_normal().string());
        dirs.push_back((b / ".." / ".." / "share" / "hatchnet").lexically_normal().string());
        dirs.push_back((b / "data").lexically_normal().string());
    }
}

}  // namespace

namespace detail {
// the configured directories (generated from cmake/data_dirs.cpp.in)
extern const char* const configured_source_data_dir;
extern const char* const configured_install_data_dir;
}  // namespace detail

std::string default_data_dir() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("HATCHNET_DATA_DIR"); env && *env) dirs.emplace_back(env);
    add_module_dirs(dirs);
    for (const char* d : {detail::configured_source_data_dir, detail::configured_install_data_dir})
        if (*d) dirs.emplace_back(d);
    for (const auto& d : dirs) {
        std::error_code ec;
        if (fs::exists(fs::path(d) / "beijing.json.gz", ec)) return d;
    }
    std::string tried;
    for (const auto& d : dirs) tried += (tried.empty() ? "" : ", ") + d;
    throw input_error("data directory", "HATCHNET_DATA_DIR",
                      "the default dataset beijing.json.gz was not found (looked in: " + tried + ")");
}

std::string default_dataset_path() { return default_data_dir() + "/beijing.json.gz"; }

}  // namespace hatchnet::io
