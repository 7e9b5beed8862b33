// hatchnet/error.hpp — the exception types every layer of hatchnet throws.
//
// Bad input is reported with *where* (the record: an id, a line number, a matrix row) and
// *what* (the field and a message). The C ABI turns these into status codes and
// hn_last_error(); pybind11 turns input_error into ValueError and solver_error into
// RuntimeError. A solver outcome such as "infeasible" is a status, never an exception.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace hatchnet {

/// Bad input: malformed text, wrong types, out-of-range values, dangling references.
/// `record()` names the record (an id, "line 12", "row 3"), `field()` the field; either
/// may be empty when it does not apply.
class input_error : public std::invalid_argument {
public:
    input_error(std::string record, std::string field, const std::string& message)
        : std::invalid_argument(compose(record, field, message)),
          record_(std::move(record)), field_(std::move(field)), message_(message) {}
    explicit input_error(const std::string& message) : input_error({}, {}, message) {}

    const std::string& record() const noexcept { return record_; }
    const std::string& field() const noexcept { return field_; }
    const std::string& message() const noexcept { return message_; }

    static std::string compose(const std::string& record, const std::string& field,
                               const std::string& message) {
        std::string s;
        if (!record.empty()) s += record;
        if (!field.empty()) { s += s.empty() ? "" : ": "; s += "field '" + field + "'"; }
        if (!s.empty()) s += ": ";
        return s + message;
    }

private:
    std::string record_, field_, message_;
};

/// A file that cannot be opened, read or written. `record()` is "file <path>"; `not_found()`
/// tells a missing file (or directory on its path) from other failures. The C ABI returns
/// HN_ERR_IO for it; Python raises FileNotFoundError / IsADirectoryError / OSError.
class io_error : public input_error {
public:
    enum class reason { not_found, is_directory, other };
    io_error(const std::string& path, const std::string& message, reason why = reason::other)
        : input_error("file " + path, "", message), path_(path), why_(why) {}
    const std::string& path() const noexcept { return path_; }
    reason why() const noexcept { return why_; }
    bool not_found() const noexcept { return why_ == reason::not_found; }

private:
    std::string path_;
    reason why_;
};

/// Input larger than a configured limit (hatchnet/limits.hpp): a file or text longer than
/// `max_input_bytes`, JSON nested deeper than `max_json_depth`, a declared or requested count
/// above `max_elements`. Refused before anything is allocated for it. The C ABI returns
/// HN_ERR_LIMIT; Python raises hatchnet.LimitError (a ValueError).
class limit_error : public input_error {
public:
    using input_error::input_error;
};

/// A failure inside an algorithm that is not the caller's input (a limit reached where
/// the caller asked for an exception, an internal invariant broken).
class solver_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What every boundary (C ABI, Python, CLI) makes of an exception: one classification, so the
/// three surfaces agree. `internal` is only for hatchnet's own bugs, never for bad input.
/// `interrupted`: a progress callback stopped the call (hatchnet::interrupted,
/// hatchnet/progress.hpp).
enum class error_kind { invalid, io, limit, nomem, range, internal, interrupted };

struct error_info {
    error_kind kind = error_kind::internal;
    std::string message;        ///< the whole text, as what() (record and field included)
    std::string record, field;  ///< where, when the error carries it
    io_error::reason io_reason = io_error::reason::other;
};

/// Classify the exception being handled; call it only inside a catch block. Library
/// exceptions that escape an engine's own checks (nlohmann's type and range errors, a
/// vector's length_error) are bad input, reported without their library prefixes.
error_info describe_current_exception() noexcept;

/// `s` made safe to show anywhere: each byte that is not part of valid UTF-8 becomes U+FFFD
/// and a NUL becomes the six characters \u0000 (a C string would end there). Messages quote
/// the caller's text; every surface passes them through this.
std::string printable_utf8(std::string_view s);

}  // namespace hatchnet
