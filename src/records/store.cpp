// The records store: opening, the schema version, network, periods. See hatchnet/records/store.hpp.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <thread>
#include <nlohmann/json.hpp>

#include "hatchnet/limits.hpp"
#include "impl.hpp"
#include "schema.hpp"

namespace hatchnet::records {

namespace {
constexpr std::array<std::string_view, incubation_stage_count> stage_names{"applied",   "admitted", "incubating",
                                                               "graduated", "exited",   "withdrawn"};

int user_version(sql::Db& db) {
    auto& s = db.stmt("PRAGMA user_version");
    s.step();
    int v = int(s.i64(0));
    s.reset();
    return v;
}

// The most residents `node` had at once before its first capacity fact, and the first date it
// had them (0 and "" when none).
std::pair<std::int64_t, std::string> peak_residents(sql::Db& db, const std::string& node) {
    auto& f = db.stmt("SELECT min(at) FROM timeline WHERE subject = ?1 AND kind = 'capacity'");
    f.bind(1, node).step();
    const std::string until = f.null(0) ? std::string("9999-99-99") : f.text(0);
    f.reset();
    auto& e = db.stmt(
        "SELECT e.at, e.from_stage, e.stage FROM incubation_events e JOIN incubations i ON e.incubation = i.id "
        "WHERE i.node = ?1 AND e.at < ?2 ORDER BY e.seq");
    e.bind(1, node).bind(2, until);
    std::int64_t now = 0, peak = 0;
    std::string on;
    while (e.step()) {
        const auto to = parse_incubation_stage(e.text(2));
        const auto from = e.null(1) ? std::optional<IncubationStage>() : parse_incubation_stage(e.text(1));
        const bool held = from && holds_place(*from), holds = to && holds_place(*to);
        now += (holds && !held) ? 1 : (held && !holds) ? -1 : 0;
        if (now > peak) peak = now, on = e.text(0);
    }
    return {peak, on};
}

[[noreturn]] void not_hatchnet(sql::Db& db, const std::string& why) {
    throw io_error(db.path(), "not a hatchnet store (" + why + ")");
}

void check_not_newer(sql::Db& db, int have, int want) {
    if (have > want)
        throw io_error(db.path(), "schema version " + std::to_string(have) +
                                      " is newer than this hatchnet supports (" + std::to_string(want) +
                                      "): upgrade hatchnet to open it");
}

// A file with a schema version must also carry hatchnet's meta/format row: another program's
// SQLite database that happens to set PRAGMA user_version is not a store.
void check_format(sql::Db& db) {
    auto& m = db.stmt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    m.step();
    const bool has_meta = m.i64(0) != 0;
    m.reset();
    std::string format;
    if (has_meta) {
        try {
            sql::Stmt f(db.get(), "SELECT value FROM meta WHERE key = 'format'", &db.path());
            if (f.step()) format = f.text(0);
        } catch (const input_error&) {  // a table 'meta' of some other shape
        }
    }
    if (format != "hatchnet-records")
        not_hatchnet(db, "a SQLite database with schema version " + std::to_string(user_version(db)) +
                             " but no hatchnet meta/format row");
}

// Several processes may open (and so create or migrate) one file at once: the version is read
// again inside the write transaction, and a file another opener has just created or migrated
// is simply used.
void migrate(sql::Db& db) {
    const int want = int(schema::steps().size());
    int have = user_version(db);
    check_not_newer(db, have, want);
    if (have == want) return check_format(db);
    sql::Tx tx(db);
    have = user_version(db);
    check_not_newer(db, have, want);
    if (have == want) {
        check_format(db);
        tx.commit();
        return;
    }
    if (have == 0) {
        auto& s = db.stmt("SELECT count(*) FROM sqlite_master");
        s.step();
        const auto tables = s.i64(0);
        s.reset();
        if (tables != 0) not_hatchnet(db, "a SQLite database with other tables and no schema version");
    } else {
        check_format(db);
    }
    for (int v = have; v < want; ++v) db.exec(schema::steps()[std::size_t(v)], "migrating to schema version " + std::to_string(v + 1));
    db.exec("PRAGMA user_version = " + std::to_string(want), "setting the schema version");
    tx.commit();
}

// Switching to WAL takes the file exclusively for a moment; SQLite does not always wait on the
// busy handler for it, so a concurrent opener retries within its busy timeout.
void use_wal(sql::Db& db, int busy_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(busy_ms, 0));
    for (;;) {
        const int rc = sqlite3_exec(db.get(), "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) return;
        const int primary = rc & 0xff;
        if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline)
            sql::fail(db.get(), rc, db.path(), "switching to WAL mode");
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}
// query() runs reads only. sqlite3_stmt_readonly alone lets BEGIN, SAVEPOINT, ATTACH, DETACH,
// REINDEX and setting PRAGMAs through (they write no table), so the first keyword must be a
// read: SELECT, WITH, VALUES, or a PRAGMA that only reads (no '=' and an argument only for the
// pragmas that take a table or index name).
bool read_statement(std::string_view q) {
    std::size_t i = 0;
    for (;;) {  // leading blanks and comments
        while (i < q.size() && std::isspace(static_cast<unsigned char>(q[i]))) ++i;
        if (q.substr(i, 2) == "--") {
            i = q.find('\n', i);
            if (i == std::string_view::npos) return false;
        } else if (q.substr(i, 2) == "/*") {
            i = q.find("*/", i + 2);
            if (i == std::string_view::npos) return false;
            i += 2;
        } else {
            break;
        }
    }
    std::string word;
    while (i < q.size() && std::isalpha(static_cast<unsigned char>(q[i])))
        word += char(std::toupper(static_cast<unsigned char>(q[i++])));
    if (word == "SELECT" || word == "WITH" || word == "VALUES") return true;
    if (word != "PRAGMA") return false;
    const auto rest = q.substr(i);
    if (rest.find('=') != std::string_view::npos) return false;
    const auto paren = rest.find('(');
    if (paren == std::string_view::npos) return true;
    std::string name;
    for (char c : rest.substr(0, paren))
        if (!std::isspace(static_cast<unsigned char>(c))) name += char(std::tolower(static_cast<unsigned char>(c)));
    if (const auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    static constexpr std::string_view with_argument[] = {"table_info", "table_xinfo", "table_list", "index_list",
                                                         "index_info", "index_xinfo", "foreign_key_list",
                                                         "foreign_key_check", "integrity_check", "quick_check"};
    return std::find(std::begin(with_argument), std::end(with_argument), name) != std::end(with_argument);
}
}  // namespace

std::string_view to_string(IncubationStage s) noexcept {
    return std::size_t(s) < stage_names.size() ? stage_names[std::size_t(s)] : "?";
}
std::optional<IncubationStage> parse_incubation_stage(std::string_view s) noexcept {
    for (std::size_t i = 0; i < stage_names.size(); ++i)
        if (stage_names[i] == s) return IncubationStage(i);
    return std::nullopt;
}
bool legal_transition(IncubationStage from, IncubationStage to) noexcept {
    using S = IncubationStage;
    switch (from) {
        case S::applied: return to == S::admitted || to == S::exited || to == S::withdrawn;
        case S::admitted: return to == S::incubating || to == S::exited || to == S::withdrawn;
        case S::incubating: return to == S::graduated || to == S::exited || to == S::withdrawn;
        default: return false;
    }
}
bool holds_place(IncubationStage s) noexcept { return s == IncubationStage::admitted || s == IncubationStage::incubating; }
bool is_final(IncubationStage s) noexcept { return s == IncubationStage::graduated || s == IncubationStage::exited || s == IncubationStage::withdrawn; }

bool is_date(std::string_view s) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::int64_t day_number(std::string_view s) noexcept {
    // days_from_civil (H. Hinnant)
    std::int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    unsigned m = unsigned((s[5] - '0') * 10 + (s[6] - '0')), d = unsigned((s[8] - '0') * 10 + (s[9] - '0'));
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

Store::Store(const std::string& path, StoreOptions o) {
    if (path.empty()) throw io_error(path, "a store needs a file path", io_error::reason::not_found);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw io_error(path, "is a directory", io_error::reason::is_directory);
    if (!o.create && !std::filesystem::exists(path, ec))
        throw io_error(path, "no such store", io_error::reason::not_found);
    int flags = o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (o.create ? SQLITE_OPEN_CREATE : 0);
    impl_ = std::make_unique<Impl>(path, flags | SQLITE_OPEN_NOMUTEX, o.busy_timeout_ms);
    impl_->read_only = o.read_only;
    auto& db = impl_->db;
    // the first read of the file: a file that is not SQLite fails here, naming the file
    user_version(db);
    db.exec("PRAGMA cache_size=-65536", "setting the store's cache");  // 64 MiB: the indexes stay in memory
    if (!o.read_only) {
        use_wal(db, o.busy_timeout_ms);
        // WAL with synchronous=NORMAL: a commit is durable against a process killed at any
        // moment (the crash test); a power cut may lose the last commits, never tear one
        db.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", "setting the store's pragmas");
        migrate(db);
    } else {
        const int v = user_version(db);
        check_not_newer(db, v, schema_version);
        if (v == 0) not_hatchnet(db, "no schema version; open it writable to create a store");
        check_format(db);
        if (v != schema_version)
            throw io_error(path, "schema version " + std::to_string(v) + " (this hatchnet reads " +
                                     std::to_string(schema_version) + "; open it writable once to migrate)");
    }
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

const std::string& Store::path() const noexcept { return impl_->db.path(); }

int Store::version() const {
    Lock lk(*impl_);
    return user_version(impl_->db);
}

void Store::Impl::need_writable() const {
    if (read_only) throw io_error(db.path(), "the store was opened read-only");
}

void Store::Impl::begin_batch() {
    auto& p = db.stmt("SELECT min(start), max(\"end\") FROM periods");
    p.step();
    batch.periods = !p.null(0);
    batch.first = batch.periods ? p.text(0) : std::string();
    batch.last = batch.periods ? p.text(1) : std::string();
    p.reset();
    auto& t = db.stmt("SELECT EXISTS(SELECT 1 FROM timeline WHERE kind IN ('opened', 'closed', 'capacity'))");
    t.step();
    batch.timeline = t.i64(0) != 0;
    t.reset();
    batch.on = true;
}

void Store::Impl::check_in_periods(const std::string& rec, const std::string& at) {
    std::string first, last;
    if (batch.on) {
        if (!batch.periods) return;
        first = batch.first, last = batch.last;
    } else {
        auto& p = db.stmt("SELECT min(start), max(\"end\") FROM periods");
        p.step();
        if (p.null(0)) return;
        first = p.text(0), last = p.text(1);
        p.reset();
    }
    if (at < first || at > last)
        bad(rec, "at", "dated " + at + ", outside the store's periods (" + first + " to " + last + ")");
}

void Store::set_network(const Network& net) {
    Lock lk(*impl_);
    impl_->need_writable();
    auto& db = impl_->db;
    for (const auto& n : net.nodes) check_utf8(n.id, "node " + n.id, "id");
    sql::Tx tx(db);
    auto& ni = db.stmt(
        "INSERT INTO incubators(id, name, tier, region, district, capacity) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(id) DO UPDATE SET name = ?2, tier = ?3, region = ?4, district = ?5, capacity = ?6");
    for (const auto& n : net.nodes) {
        // the network's capacity holds until the node's first capacity fact: the residents on
        // every date before it must fit (else the store is over capacity, and its own export
        // would not import again)
        const auto [peak, on] = peak_residents(db, n.id);
        if (peak > n.capacity)
            bad("node " + printable_utf8(n.id), "capacity",
                "capacity " + std::to_string(n.capacity) + " is below the " + std::to_string(peak) +
                    " residents the store records for it on " + on);
        ni.reset().bind(1, n.id).bind(2, n.name).bind(3, to_string(n.tier)).bind(4, n.region)
            .bind(5, Network::district_of(n.region)).bind(6, n.capacity).run();
    }
    auto& oi = db.stmt(
        "INSERT INTO organizations(id, name, region, district) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(id) DO UPDATE SET name = ?2, region = ?3, district = ?4");
    for (const auto& o : net.organizations)
        oi.reset().bind(1, o.id).bind(2, o.name).bind(3, o.region).bind(4, Network::district_of(o.region)).run();
    db.stmt("INSERT INTO meta(key, value) VALUES('network', ?1) ON CONFLICT(key) DO UPDATE SET value = ?1")
        .bind(1, net.name).run();
    tx.commit();
}

std::string Store::network_name() const {
    Lock lk(*impl_);
    auto& s = impl_->db.stmt("SELECT value FROM meta WHERE key = 'network'");
    return s.step() ? s.text(0) : std::string();
}

void Store::add_period(const Period& p) {
    Lock lk(*impl_);
    impl_->need_writable();
    const std::string rec = "period " + p.id;
    if (p.id.empty()) bad("period", "id", "must not be empty");
    check_utf8(p.id, "period", "id");
    if (!is_date(p.start)) bad(rec, "start", "expected a date YYYY-MM-DD, got '" + printable_utf8(p.start) + "'");
    if (!is_date(p.end)) bad(rec, "end", "expected a date YYYY-MM-DD, got '" + printable_utf8(p.end) + "'");
    if (p.end < p.start) bad(rec, "end", "ends (" + p.end + ") before it starts (" + p.start + ")");
    auto& db = impl_->db;
    sql::Tx tx(db);
    auto& f = db.stmt("SELECT 1 FROM periods WHERE id = ?1");
    if (f.bind(1, p.id).step()) bad(rec, "id", "duplicate period id");
    db.stmt("INSERT INTO periods(id, start, \"end\") VALUES(?1, ?2, ?3)").bind(1, p.id).bind(2, p.start).bind(3, p.end).run();
    tx.commit();
}

void Store::add_years(int first, int last) {
    if (first < 1000 || last > 9999 || last < first)
        bad("periods", "years", "expected first <= last within 1000-9999, got " + std::to_string(first) + "-" +
                                    std::to_string(last));
    Lock lk(*impl_);
    impl_->need_writable();
    auto& db = impl_->db;
    sql::Tx tx(db);  // one transaction: another process adding the same years at once is no conflict
    for (int y = first; y <= last; ++y) {
        const auto id = std::to_string(y);
        db.stmt("INSERT INTO periods(id, start, \"end\") VALUES(?1, ?2, ?3) ON CONFLICT(id) DO NOTHING")
            .bind(1, id).bind(2, id + "-01-01").bind(3, id + "-12-31").run();
    }
    tx.commit();
}

std::vector<Period> Store::periods() const {
    Lock lk(*impl_);
    std::vector<Period> v;
    auto& s = impl_->db.stmt("SELECT id, start, \"end\" FROM periods ORDER BY start, id");
    while (s.step()) v.push_back(Period{s.text(0), s.text(1), s.text(2)});
    return v;
}

std::optional<Period> Store::period(std::string_view id) const {
    Lock lk(*impl_);
    auto& s = impl_->db.stmt("SELECT id, start, \"end\" FROM periods WHERE id = ?1");
    if (!s.bind(1, id).step()) return std::nullopt;
    return Period{s.text(0), s.text(1), s.text(2)};
}

std::vector<std::vector<std::string>> Store::query(const std::string& text) const {
    Lock lk(*impl_);
    if (!read_statement(text))
        bad("sql", "", "only SELECT, WITH, VALUES and reading PRAGMA statements may be run through query()");
    sql::Stmt s(impl_->db.get(), text, &impl_->db.path());
    if (!s.read_only()) bad("sql", "", "only read-only statements may be run through query()");
    std::vector<std::vector<std::string>> rows;
    while (s.step()) {
        std::vector<std::string> r;
        for (int c = 0; c < s.columns(); ++c) r.push_back(s.text(c));
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace hatchnet::records
