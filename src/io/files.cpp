// Reading and writing whole files: bounded reads, durable (atomic) writes.
// See hatchnet/io/json.hpp (read_file, write_file).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"

namespace hatchnet::io {

namespace {

io_error errno_error(const std::string& path, const std::string& what, int err) {
    auto why = err == ENOENT || err == ENOTDIR ? io_error::reason::not_found
               : err == EISDIR                 ? io_error::reason::is_directory
                                               : io_error::reason::other;
    return io_error(path, what + ": " + std::strerror(err), why);
}

/// The directory part of `path` ("." for a bare name).
std::string dir_of(const std::string& path) {
    auto p = path.find_last_of('/');
    if (p == std::string::npos) return ".";
    if (p == 0) return "/";
    return path.substr(0, p);
}

/// Write all of `data` to `fd`, retrying interrupted and short writes; 0 or the errno.
int write_all(int fd, std::string_view data) {
    std::size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : EIO;
        off += std::size_t(n);
    }
    return 0;
}

bool ends_with_gz(const std::string& path) {
    return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

/// Spare bytes after a file's text in the string read_file returns (capacity, zeroed), so
/// that the fast JSON reader can read it in place (simdjson reads up to 64 bytes past the end).
constexpr std::size_t read_padding = 64;

/// Sets `s`'s size to `size`, keeping read_padding zero bytes of capacity after it.
void keep_padding(std::string& s, std::size_t size) {
    s.resize(size + read_padding, '\0');
    std::memset(s.data() + size, 0, read_padding);
    s.resize(size);
}

/// A regular gzip file inflated whole by libdeflate (several times faster than zlib's
/// streaming gzread). False when this path does not apply — not gzip, not a regular file, a
/// corrupt stream or trailing bytes — and the zlib reader below then reads the file (and
/// names any problem), so both accept the same files.
bool read_gzip_whole(int fd, const struct stat& st, std::uint64_t limit, const std::string& record,
                     std::string& out) {
    if (!S_ISREG(st.st_mode) || st.st_size < 18 || std::uint64_t(st.st_size) > limit) return false;
    unsigned char magic[2] = {0, 0};
    if (::pread(fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b) return false;  // plain text
    std::string in(std::size_t(st.st_size), '\0');
    std::size_t got = 0;
    while (got < in.size()) {
        ssize_t n = ::pread(fd, in.data() + got, in.size() - got, off_t(got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        got += std::size_t(n);
    }
    auto gzip_at = [&](std::size_t at) {
        return in.size() - at >= 18 && static_cast<unsigned char>(in[at]) == 0x1f &&
               static_cast<unsigned char>(in[at + 1]) == 0x8b;
    };
    if (!gzip_at(0)) return false;
    // the last member's ISIZE (its size mod 2^32) is the size of a one-member file
    const unsigned char* tail = reinterpret_cast<const unsigned char*>(in.data() + in.size() - 4);
    std::uint64_t guess = std::uint64_t(tail[0]) | std::uint64_t(tail[1]) << 8 | std::uint64_t(tail[2]) << 16 |
                          std::uint64_t(tail[3]) << 24;
    guess = std::min<std::uint64_t>(std::max<std::uint64_t>(guess, in.size() * 4), limit + 1);
    std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> d(
        libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
    if (!d) throw std::bad_alloc();
    out.resize(std::size_t(guess) + read_padding);
    std::size_t in_at = 0, size = 0;
    while (in_at < in.size()) {
        if (!gzip_at(in_at)) return false;  // trailing bytes: zlib's rules decide
        std::size_t used_in = 0, made = 0;
        const auto r = libdeflate_gzip_decompress_ex(d.get(), in.data() + in_at, in.size() - in_at, out.data() + size,
                                                     out.size() - read_padding - size, &used_in, &made);
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
            if (out.size() - read_padding > limit) check_input_size(limit + 1, record);  // throws
            out.resize(std::size_t(std::min<std::uint64_t>(std::uint64_t(out.size() - read_padding) * 2, limit + 1)) +
                       read_padding);
            continue;  // this member again, with room
        }
        if (r != LIBDEFLATE_SUCCESS) return false;
        in_at += used_in;
        size += made;
        if (size > limit) check_input_size(size, record);  // throws
    }
    keep_padding(out, size);
    return true;
}

}  // namespace

std::string read_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw errno_error(path, "cannot open for reading", errno);
    if (S_ISDIR(st.st_mode))
        throw io_error(path, "is a directory, not a file", io_error::reason::is_directory);
    const std::uint64_t limit = limits().max_input_bytes;
    const std::string record = "file " + path;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw errno_error(path, "cannot open for reading", errno);
    {
        std::string whole;
        bool done = false;
        try {
            done = read_gzip_whole(fd, st, limit, record, whole);
        } catch (...) {
            ::close(fd);
            throw;
        }
        if (done) {
            ::close(fd);
            return whole;
        }
    }
    gzFile f = gzdopen(fd, "rb");  // reads plain files transparently too
    if (!f) {
        ::close(fd);
        throw std::bad_alloc();
    }
    gzbuffer(f, 1u << 18);
    std::string out;
    std::size_t size = 0;
    // a regular file's size is a good first guess (gzip text is usually 5-10x larger)
    std::uint64_t guess = S_ISREG(st.st_mode) ? std::uint64_t(st.st_size) + 1 : (1u << 20);
    try {
        out.resize(std::size_t(std::min<std::uint64_t>(std::max<std::uint64_t>(guess, 1u << 16), limit + 1)));
        for (;;) {
            if (out.size() == size) {
                if (size > limit) check_input_size(size, record);  // throws
                out.resize(std::size_t(std::min<std::uint64_t>(std::uint64_t(out.size()) * 2, limit + 1)));
            }
            std::size_t want = std::min<std::size_t>(out.size() - size, 1u << 30);
            int n = gzread(f, out.data() + size, unsigned(want));
            if (n < 0) {
                int code = 0;
                std::string msg = gzerror(f, &code);
                if (code == Z_ERRNO) msg = std::strerror(errno);
                throw io_error(path, "read error: " + msg);
            }
            if (n == 0) break;
            size += std::size_t(n);
            if (size > limit) check_input_size(size, record);  // throws
        }
    } catch (...) {
        gzclose(f);
        throw;
    }
    gzclose(f);
    keep_padding(out, size);
    return out;
}

void write_file(const std::string& target, std::string_view data) {
    // Write a temporary file beside the target, flush it to disk, then rename it over the
    // target: a crash or a kill at any moment leaves the old file or the new one, never a
    // torn one. A symbolic link is followed (the file it names is replaced, the link kept).
    std::string path = target;
    struct stat st {};
    if (::lstat(target.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        if (char* real = ::realpath(target.c_str(), nullptr)) {
            path = real;
            std::free(real);
        }
    }
    mode_t mode = 0666;  // before the umask, as a plain open() would create it
    bool existed = false;
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            throw io_error(target, "is a directory, not a file", io_error::reason::is_directory);
        if (!S_ISREG(st.st_mode)) {
            // a device or a pipe (/dev/stdout, a FIFO): no rename possible, write straight through
            int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0) throw errno_error(target, "cannot open for writing", errno);
            const int err = write_all(fd, data);
            ::close(fd);
            if (err) throw errno_error(target, "write error", err);
            return;
        }
        // refuse what an in-place write would refuse (a file the caller may not write)
        if (::access(path.c_str(), W_OK) != 0) throw errno_error(target, "cannot open for writing", errno);
        mode = st.st_mode & 07777;
        existed = true;
    }
    // a short, unique temporary name in the same directory (the rename must not cross file
    // systems); a stale one left by a killed process with the same pid is skipped
    static std::atomic<unsigned> serial{0};
    const std::string dir = dir_of(path);
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; fd < 0; ++attempt) {
        tmp = dir + "/.hatchnet-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".tmp";
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0 && (errno != EEXIST || attempt >= 1000))
            throw errno_error(target, "cannot create a temporary file in " + dir + " for a safe save", errno);
    }
    auto fail = [&](const std::string& what, int err) {
        ::unlink(tmp.c_str());
        throw errno_error(target, what, err);
    };
    if (existed) {
        (void)::fchmod(fd, mode);
        if (::geteuid() == 0) (void)::fchown(fd, st.st_uid, st.st_gid);  // keep the owner
    }
    if (ends_with_gz(path)) {
        int dfd = ::dup(fd);
        if (dfd < 0) {
            ::close(fd);
            fail("cannot open for writing", errno);
        }
        gzFile f = gzdopen(dfd, "wb9");
        if (!f) {
            ::close(dfd);
            ::close(fd);
            ::unlink(tmp.c_str());
            throw std::bad_alloc();
        }
        std::size_t off = 0;
        while (off < data.size()) {
            unsigned chunk = unsigned(std::min<std::size_t>(data.size() - off, 1u << 30));
            if (gzwrite(f, data.data() + off, chunk) != int(chunk)) {
                int err = errno;
                gzclose(f);
                ::close(fd);
                fail("write error", err ? err : EIO);
            }
            off += chunk;
        }
        if (gzclose(f) != Z_OK) {
            int err = errno;
            ::close(fd);
            fail("write error on close", err ? err : EIO);
        }
    } else if (const int err = write_all(fd, data)) {
        ::close(fd);
        fail("write error", err);
    }
    if (::fsync(fd) != 0) {
        int err = errno;
        ::close(fd);
        fail("cannot flush to disk", err);
    }
    if (::close(fd) != 0) fail("write error on close", errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot replace the file", errno);
    // make the rename itself durable
    int dfd = ::open(dir_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace hatchnet::io
