// Whole-file reads and durable writes (io::read_file, io::write_file): a save killed at any
// moment leaves the old file or the new one, never a torn one.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/beijing.hpp"

using namespace hatchnet;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("hatchnet-io-files-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d / name;
}

std::size_t leftovers(const fs::path& target) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(target.parent_path()))
        if (e.path().filename().string().rfind(".hatchnet-", 0) == 0) ++n;
    return n;
}

}  // namespace

TEST_CASE("write_file replaces the file whole, keeps its mode and leaves no temporary") {
    const auto p = scratch("plain.txt");
    io::write_file(p.string(), "first");
    CHECK(io::read_file(p.string()) == "first");
    ::chmod(p.c_str(), 0640);
    io::write_file(p.string(), std::string(100000, 'x'));
    CHECK(io::read_file(p.string()) == std::string(100000, 'x'));
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(leftovers(p) == 0);

    const auto gz = scratch("text.json.gz");
    io::write_file(gz.string(), "{\"a\":1}");
    CHECK(io::read_file(gz.string()) == "{\"a\":1}");
    CHECK(leftovers(gz) == 0);
}

TEST_CASE("write_file follows a symbolic link and skips a stale temporary of the same pid") {
    const auto real = scratch("real.txt");
    const auto link = scratch("link.txt");
    io::write_file(real.string(), "v1");
    std::error_code ec;
    fs::remove(link, ec);
    fs::create_symlink(real, link);
    io::write_file(link.string(), "v2");
    CHECK(fs::is_symlink(link));
    CHECK(io::read_file(real.string()) == "v2");
    // a temporary left by a killed process that had our pid (a container's pid 1)
    for (int i = 0; i < 5; ++i)
        io::write_file((real.parent_path() / (".hatchnet-" + std::to_string(::getpid()) + "-" + std::to_string(i) + ".tmp")).string(), "stale");
    io::write_file(real.string(), "v3");
    CHECK(io::read_file(real.string()) == "v3");
}

TEST_CASE("write_file errors are typed and leave the old file alone") {
    const auto p = scratch("keep.txt");
    io::write_file(p.string(), "old");
    try {
        io::write_file((p.parent_path() / "no-such-dir" / "x.txt").string(), "new");
        FAIL("no throw");
    } catch (const io_error& e) {
        CHECK(e.not_found());
    }
    CHECK_THROWS_AS(io::write_file(p.parent_path().string(), "new"), io_error);  // a directory
    CHECK(io::read_file(p.string()) == "old");
}

TEST_CASE("a save killed at any moment leaves the old network or the new one") {
    // Two versions of the Beijing network that differ in name; a child process saves them in
    // turn, for ever; the parent kills it at random moments and loads what is left.
    Network a = synth::beijing();
    Network b = a;
    a.name = "version A";
    b.name = "version B";
    const auto p = scratch("network.json");
    io::save_json_file(a, p.string());
    std::mt19937 rng(2017);
    int old_seen = 0, kills = 0;
    for (int round = 0; round < 24; ++round) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            for (int i = 0;; ++i) io::save_json_file(i % 2 ? a : b, p.string());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 400)(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        ++kills;
        Network left = io::load_json_file(p.string());  // throws if torn
        CHECK((left.name == "version A" || left.name == "version B"));
        old_seen += left.name == "version A";
        CHECK(left.nodes.size() == a.nodes.size());
        CHECK(left.organizations.size() == a.organizations.size());
    }
    CHECK(kills == 24);
    MESSAGE("kills: " << kills << ", version A left " << old_seen << " times");
    std::error_code ec;
    fs::remove_all(p.parent_path(), ec);
}
