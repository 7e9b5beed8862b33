// hatchnet/error.hpp — the exception types every layer of hatchnet throws.
//
// Bad input is reported with *where* (the record: an id, a line number, a matrix row) and
// *what* (the field and a message). The C ABI turns these into status codes and
// hn_last_error(); pybind11 turns input_error into ValueError and solver_error into
// RuntimeError. A solver outcome such as "infeasible" is a status, never an exception.
#pragma once

#include <stdexcept>
#include <string>
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

/// A failure inside an algorithm that is not the caller's input (a limit reached where
/// the caller asked for an exception, an internal invariant broken).
class solver_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace hatchnet
