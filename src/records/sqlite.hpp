// Private: a thin RAII layer over the SQLite C API for src/records/ (never in public headers).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hatchnet/error.hpp"

namespace hatchnet::records::sql {

/// Throw the error of `rc` on `db` as io_error naming the file (locked, corrupt, not a
/// database, disk full) — the caller's input has been checked before any statement runs.
[[noreturn]] void fail(sqlite3* db, int rc, const std::string& path, const std::string& doing);

class Stmt {
public:
    Stmt(sqlite3* db, const std::string& sql, const std::string* path);
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& reset() { sqlite3_reset(st_); sqlite3_clear_bindings(st_); return *this; }
    Stmt& bind(int i, std::string_view s) {
        check(sqlite3_bind_text(st_, i, s.data(), int(s.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Stmt& bind(int i, const char* s) { return bind(i, std::string_view(s)); }
    Stmt& bind(int i, const std::string& s) { return bind(i, std::string_view(s)); }
    Stmt& bind(int i, std::int64_t v) { check(sqlite3_bind_int64(st_, i, v)); return *this; }
    Stmt& bind(int i, int v) { return bind(i, std::int64_t(v)); }
    Stmt& bind(int i, double v) { check(sqlite3_bind_double(st_, i, v)); return *this; }
    Stmt& bind_null(int i) { check(sqlite3_bind_null(st_, i)); return *this; }
    /// Bind NULL for an empty optional, the value otherwise.
    Stmt& bind(int i, const std::optional<double>& v) { return v ? bind(i, *v) : bind_null(i); }

    /// Next row: true while there is one.
    bool step();
    /// Run to completion (statements without rows).
    void run() { while (step()) {} }

    std::string text(int c) const {
        auto p = sqlite3_column_text(st_, c);
        return p ? std::string(reinterpret_cast<const char*>(p), std::size_t(sqlite3_column_bytes(st_, c))) : std::string();
    }
    std::int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
    double f64(int c) const { return sqlite3_column_double(st_, c); }
    bool null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
    int columns() const { return sqlite3_column_count(st_); }
    bool read_only() const { return sqlite3_stmt_readonly(st_) != 0; }

private:
    sqlite3_stmt* st_ = nullptr;
    sqlite3* db_;
    const std::string* path_;
    void check(int rc) { if (rc != SQLITE_OK) fail(db_, rc, *path_, "binding a value"); }
};

/// The connection: prepared statements cached by their text.
class Db {
public:
    Db(const std::string& path, int flags, int busy_ms);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    sqlite3* get() const noexcept { return db_; }
    const std::string& path() const noexcept { return path_; }
    /// A cached statement, reset and unbound.
    Stmt& stmt(const std::string& sql);
    /// The same for a string literal, found by its address (no string built or compared:
    /// the write path fetches ~7 statements per transition).
    template <std::size_t N>
    Stmt& stmt(const char (&sql)[N]) {
        if (auto it = by_address_.find(sql); it != by_address_.end()) return it->second->reset();
        Stmt& s = stmt(std::string(sql, N - 1));
        by_address_.emplace(sql, &s);
        return s;
    }
    /// Reset every cached statement (a statement left on a row holds a read snapshot open).
    void reset_all() noexcept {
        for (auto& [k, st] : cache_) st->reset();
    }
    /// Run a script of statements (no parameters, no rows).
    void exec(const std::string& sql, const std::string& doing);

private:
    sqlite3* db_ = nullptr;
    std::string path_;
    std::map<std::string, std::unique_ptr<Stmt>> cache_;
    std::unordered_map<const char*, Stmt*> by_address_;
};

/// One write transaction (BEGIN IMMEDIATE): rolled back unless commit() was reached.
class Tx {
public:
    explicit Tx(Db& db);
    ~Tx();
    Tx(const Tx&) = delete;
    Tx& operator=(const Tx&) = delete;
    void commit();

private:
    Db& db_;
    bool done_ = false;
};

/// One read snapshot (BEGIN … COMMIT): the statements inside see one committed state.
class ReadTx {
public:
    explicit ReadTx(Db& db) : db_(db) {
        active_ = sqlite3_get_autocommit(db.get()) != 0;
        if (active_) db_.exec("BEGIN", "starting a read transaction");
    }
    ~ReadTx() {
        db_.reset_all();
        if (active_) sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr);
    }
    ReadTx(const ReadTx&) = delete;
    ReadTx& operator=(const ReadTx&) = delete;

private:
    Db& db_;
    bool active_;
};

}  // namespace hatchnet::records::sql
