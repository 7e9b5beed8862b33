// The SQLite layer of the records store. See sqlite.hpp.
#include "sqlite.hpp"

#include <filesystem>

namespace hatchnet::records::sql {

void fail(sqlite3* db, int rc, const std::string& path, const std::string& doing) {
    const int primary = rc & 0xff;
    std::string what = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw io_error(path, doing + ": the database is locked by another writer (" + what + ")");
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
        throw io_error(path, doing + ": not a hatchnet store or corrupt (" + what + ")");
    if (primary == SQLITE_CANTOPEN) {
        std::error_code ec;
        bool exists = std::filesystem::exists(path, ec);
        throw io_error(path, doing + ": cannot open (" + what + ")",
                       exists ? io_error::reason::other : io_error::reason::not_found);
    }
    throw io_error(path, doing + ": " + what);
}

Stmt::Stmt(sqlite3* db, const std::string& sql, const std::string* path) : db_(db), path_(path) {
    int rc = sqlite3_prepare_v3(db, sql.c_str(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &st_, nullptr);
    if (rc != SQLITE_OK) {
        const int primary = rc & 0xff;
        // a malformed statement of the caller's (query()) is input, not a file failure
        if (primary == SQLITE_ERROR) throw input_error("sql", "", sqlite3_errmsg(db));
        fail(db, rc, *path, "preparing a statement");
    }
    if (!st_) throw input_error("sql", "", "empty statement");
}

bool Stmt::step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(st_);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw input_error("store", "", sqlite3_errmsg(db_));
    fail(db_, rc, *path_, "running a statement");
}

Db::Db(const std::string& path, int flags, int busy_ms) : path_(path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3* d = db_;
        try {
            fail(d, rc, path_, "opening the store");
        } catch (...) {
            sqlite3_close(d);
            db_ = nullptr;
            throw;
        }
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_ms);
}

Db::~Db() {
    cache_.clear();
    if (db_) sqlite3_close(db_);
}

Stmt& Db::stmt(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Stmt>(db_, sql, &path_)).first;
    return it->second->reset();
}

void Db::exec(const std::string& sql, const std::string& doing) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) fail(db_, rc, path_, doing);
}

Tx::Tx(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE", "starting a write transaction"); }

Tx::~Tx() {
    db_.reset_all();
    if (!done_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Tx::commit() {
    db_.reset_all();
    db_.exec("COMMIT", "committing");
    done_ = true;
}

}  // namespace hatchnet::records::sql
