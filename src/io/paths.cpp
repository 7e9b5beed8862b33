// Locating the embedded default dataset.
#include <cstdlib>
#include <filesystem>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"

namespace hatchnet::io {

std::string default_data_dir() {
    namespace fs = std::filesystem;
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("HATCHNET_DATA_DIR"); env && *env) dirs.emplace_back(env);
#ifdef HATCHNET_SOURCE_DATA_DIR
    dirs.emplace_back(HATCHNET_SOURCE_DATA_DIR);
#endif
#ifdef HATCHNET_INSTALL_DATA_DIR
    dirs.emplace_back(HATCHNET_INSTALL_DATA_DIR);
#endif
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
