// A store file in the temporary directory, removed (with its -wal and -shm) before and after.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace hatchnet::test {

struct TempStore {
    std::string path;
    explicit TempStore(const std::string& prefix) {
        static int n = 0;
        path = (std::filesystem::temp_directory_path() /
                (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".db"))
                   .string();
        clean();
    }
    ~TempStore() { clean(); }
    TempStore(const TempStore&) = delete;
    TempStore& operator=(const TempStore&) = delete;
    void clean() {
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    }
};

}  // namespace hatchnet::test
