// Import of National Bureau of Statistics division tables: see hatchnet/io/divisions.hpp.
//
// The CSV dialect is RFC 4180: fields separated by commas, optionally enclosed in double
// quotes, "" inside quotes for a quote; a quoted field may hold commas and line breaks.
// CRLF and LF line ends, a UTF-8 byte-order mark, blank lines and surrounding blanks of
// unquoted fields are tolerated. A record's line is the line where it starts (1-based).
//
// Header detection: when the first record names a `code` column (case-insensitive, blanks
// trimmed) it is the header and the columns are found by their names, in any order:
//   code, name                   required
//   provinceCode, cityCode,      parents (also province_code, city_code, area_code,
//   areaCode, streetCode         street_code, countyCode); checked against the code's prefix
//   kind                         optional: overrides the kind derived from code and name
//   population                   optional: a non-negative integer
// Other columns are ignored. When the first record's first field is itself a division code
// the file has no header and its columns are positional, in the order of the NBS files for
// that code length (2: code,name; 4: code,name,provinceCode; 6: code,name,cityCode,
// provinceCode; 9: code,name,areaCode,provinceCode,cityCode; 12: code,name,streetCode).
// Anything else in the first record is an error (a header without `code` or `name`).
//
// Kinds: 2 digits "province", 4 "prefecture", 6 "district", 9 street_kind(), 12
// "residents_committee" or "village_committee" (name ending in 村委会/村 → village, in
// 居委会/社区 → residents; otherwise by the NBS committee number: 001–199 residents,
// 200–399 and above villages).
//
// street_kind(): the NBS convention, checked against the real 2022 table (41,352 units):
// the 7th digit is the unit's class within its county:
//   0xx  street (街道); an area office (地区办事处, a township with a street office's
//        sign, e.g. Beijing's Chaoyang) when the name ends in 地区          → "street" / "area_office"
//   1xx  town (镇)                                                        → "town"
//   2xx  township (乡, 苏木 in Inner Mongolia)                              → "township"
//   3xx  townships too: all 51 such codes in the 2022 table are 乡 (Henan, Jiangsu)
//                                                                        → "township"
//   4xx–9xx  development zones, farms, forestry centres, management offices and other
//        units at street level (the table holds only 4xx and 5xx)        → "zone"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/divisions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "hatchnet/error.hpp"

namespace hatchnet::io {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower_ascii(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

struct Record {
    std::size_t line = 0;              // where it starts
    std::vector<std::string> fields;
};

// Split the whole text into records; throws on an unterminated quote or text after a
// closing quote. `column_name(i)` names field i for error messages (known only after the
// header, so the reader calls back).
class CsvReader {
public:
    CsvReader(std::string_view text, const std::string& source) : t_(text), source_(source) {
        if (t_.substr(0, 3) == "\xEF\xBB\xBF") t_.remove_prefix(3);
    }

    // Next non-blank record; false at the end.
    template <class NameOf>
    bool next(Record& rec, const NameOf& name_of) {
        for (;;) {
            if (pos_ >= t_.size()) return false;
            rec.fields.clear();
            rec.line = line_;
            if (read_record(rec, name_of)) return true;   // false: a blank line
        }
    }

private:
    template <class NameOf>
    bool read_record(Record& rec, const NameOf& name_of) {
        std::string field;
        bool any = false;   // anything but a bare line end seen
        for (;;) {
            field.clear();
            std::size_t col = rec.fields.size();
            skip_blanks();
            if (pos_ < t_.size() && t_[pos_] == '"') {
                any = true;
                std::size_t start_line = line_;
                ++pos_;
                for (;;) {
                    if (pos_ >= t_.size())
                        throw input_error(where(start_line), name_of(col),
                                          "unterminated quoted field (a '\"' is missing)");
                    char c = t_[pos_++];
                    if (c == '"') {
                        if (pos_ < t_.size() && t_[pos_] == '"') { field += '"'; ++pos_; continue; }
                        break;
                    }
                    if (c == '\n') ++line_;
                    field += c;
                }
                skip_blanks();
                if (pos_ < t_.size() && t_[pos_] != ',' && t_[pos_] != '\n' && t_[pos_] != '\r')
                    throw input_error(where(line_), name_of(col),
                                      "unexpected text after a closing quote");
            } else {
                std::size_t b = pos_;
                while (pos_ < t_.size() && t_[pos_] != ',' && t_[pos_] != '\n') {
                    if (t_[pos_] == '"')
                        throw input_error(where(line_), name_of(col),
                                          "a '\"' inside an unquoted field (quote the whole field)");
                    ++pos_;
                }
                auto f = trim(t_.substr(b, pos_ - b));
                if (!f.empty()) any = true;
                field.assign(f);
            }
            rec.fields.push_back(field);
            if (pos_ >= t_.size()) break;
            if (t_[pos_] == ',') { any = true; ++pos_; continue; }
            if (t_[pos_] == '\r') ++pos_;
            if (pos_ < t_.size() && t_[pos_] == '\n') { ++pos_; ++line_; }
            break;
        }
        return any;
    }

    void skip_blanks() {
        while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\t')) ++pos_;
    }

    std::string where(std::size_t line) const { return source_ + " line " + std::to_string(line); }

    std::string_view t_;
    const std::string& source_;
    std::size_t pos_ = 0, line_ = 1;
};

enum Col : int { c_code, c_name, c_province, c_city, c_area, c_street, c_kind, c_population, c_count };

constexpr std::array<const char*, c_count> col_display{"code", "name", "provinceCode", "cityCode",
                                                       "areaCode", "streetCode", "kind",
                                                       "population"};
constexpr std::array<std::size_t, c_count> col_parent_len{0, 0, 2, 4, 6, 9, 0, 0};

int column_of(std::string_view header) {
    std::string h = lower_ascii(trim(header));
    h.erase(std::remove(h.begin(), h.end(), '_'), h.end());
    if (h == "code") return c_code;
    if (h == "name") return c_name;
    if (h == "provincecode") return c_province;
    if (h == "citycode" || h == "prefecturecode") return c_city;
    if (h == "areacode" || h == "countycode" || h == "districtcode") return c_area;
    if (h == "streetcode" || h == "towncode") return c_street;
    if (h == "kind") return c_kind;
    if (h == "population") return c_population;
    return -1;
}

std::string community_kind(std::string_view code, std::string_view name) {
    if (ends_with(name, "村委会") || ends_with(name, "村民委员会") || ends_with(name, "村"))
        return "village_committee";
    if (ends_with(name, "居委会") || ends_with(name, "居民委员会") || ends_with(name, "社区"))
        return "residents_committee";
    int n = (code[9] - '0') * 100 + (code[10] - '0') * 10 + (code[11] - '0');
    return n < 200 ? "residents_committee" : "village_committee";
}

std::string kind_of(std::string_view code, std::string_view name) {
    switch (code.size()) {
        case 2: return "province";
        case 4: return "prefecture";
        case 6: return "district";
        case 9: return street_kind(code, name);
        case 12: return community_kind(code, name);
    }
    return {};
}

struct Parsed {
    std::vector<Region> regions;
    std::vector<std::size_t> lines;
};

/// The name of column i in errors: its header name, else "column i+1".
std::string column_name(const std::vector<int>& cols, std::size_t i) {
    if (i < cols.size()) {
        if (cols[i] >= 0) return col_display[std::size_t(cols[i])];
        return "column " + std::to_string(i + 1);
    }
    return cols.empty() ? std::string{} : "column " + std::to_string(i + 1);
}

/// The columns from the first row: a header naming a 'code' column, or a division row whose
/// code length gives the NBS file's positional layout. `has_header` tells which.
std::vector<int> columns_of(const Record& rec, const std::string& at, bool& has_header) {
    std::vector<int> cols;
    std::array<int, c_count> seen{};
    seen.fill(-1);
    std::vector<int> named;
    bool names_code = false;
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
        int c = column_of(rec.fields[i]);
        named.push_back(c);
        if (c == c_code) names_code = true;
    }
    if (names_code) {
        has_header = true;
        for (std::size_t i = 0; i < named.size(); ++i) {
            int c = named[i];
            if (c < 0) continue;
            if (seen[std::size_t(c)] >= 0)
                throw input_error(at, col_display[std::size_t(c)],
                                  "the header names this column twice (columns " +
                                      std::to_string(seen[std::size_t(c)] + 1) + " and " +
                                      std::to_string(i + 1) + ")");
            seen[std::size_t(c)] = int(i);
        }
        if (seen[c_name] < 0)
            throw input_error(at, "name", "the header has no 'name' column");
        cols = std::move(named);
    } else if (is_region_code(trim(rec.fields[0]))) {
        switch (trim(rec.fields[0]).size()) {
            case 2: cols = {c_code, c_name}; break;
            case 4: cols = {c_code, c_name, c_province}; break;
            case 6: cols = {c_code, c_name, c_city, c_province}; break;
            case 9: cols = {c_code, c_name, c_area, c_province, c_city}; break;
            default: cols = {c_code, c_name, c_street}; break;
        }
    } else {
        throw input_error(at, "code",
                          "the first row is neither a header naming a 'code' column nor a "
                          "division row (found '" + rec.fields[0] + "')");
    }
    return cols;
}

/// One row as a Region: field count, code, name, the parent columns' agreement with the
/// code, kind and population.
Region row_region(const Record& r, const std::vector<int>& cols, const std::string& at) {
    if (r.fields.size() < cols.size())
        throw input_error(at, column_name(cols, r.fields.size()),
                          "the row has " + std::to_string(r.fields.size()) + " field" +
                              (r.fields.size() == 1 ? "" : "s") + ", the header " +
                              std::to_string(cols.size()));
    if (r.fields.size() > cols.size())
        throw input_error(at, "column " + std::to_string(cols.size() + 1),
                          "the row has " + std::to_string(r.fields.size()) + " fields, the header " +
                              std::to_string(cols.size()));
    Region reg;
    std::array<const std::string*, c_count> val{};
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (cols[i] >= 0) val[std::size_t(cols[i])] = &r.fields[i];

    const std::string& code = *val[c_code];
    if (code.empty()) throw input_error(at, "code", "the code is missing");
    if (!all_digits(code))
        throw input_error(at, "code", "'" + code + "' has characters other than digits");
    if (!is_region_code(code))
        throw input_error(at, "code",
                          "'" + code + "' has " + std::to_string(code.size()) +
                              " digits; a division code has 2, 4, 6, 9 or 12");
    const std::string& name = *val[c_name];
    if (name.empty()) throw input_error(at, "name", "the name is missing");

    for (int c = c_province; c <= c_street; ++c) {
        const std::string* p = val[std::size_t(c)];
        if (!p || p->empty()) continue;
        std::size_t len = col_parent_len[std::size_t(c)];
        const char* col = col_display[std::size_t(c)];
        if (!all_digits(*p) || p->size() != len)
            throw input_error(at, col,
                              "'" + *p + "' is not a " + std::to_string(len) + "-digit code");
        if (code.size() <= len)
            throw input_error(at, col,
                              "a " + std::to_string(code.size()) + "-digit code '" + code +
                                  "' has no " + std::to_string(len) + "-digit parent (got '" +
                                  *p + "')");
        if (code.compare(0, len, *p) != 0)
            throw input_error(at, col,
                              "'" + *p + "' disagrees with the code '" + code +
                                  "', which lies under '" + code.substr(0, len) + "'");
    }
    reg.code = code;
    reg.name = name;
    if (val[c_kind] && !val[c_kind]->empty()) reg.kind = *val[c_kind];
    else reg.kind = kind_of(code, name);
    if (val[c_population] && !val[c_population]->empty()) {
        const std::string& p = *val[c_population];
        if (!all_digits(p) || p.size() > 12)
            throw input_error(at, "population",
                              "'" + p + "' is not a non-negative whole number");
        reg.population = std::stoll(p);
    }
    return reg;
}

Parsed parse(std::string_view text, const std::string& source) {
    CsvReader reader(text, source);
    std::vector<int> cols;                 // column index -> Col or -1
    auto name_of = [&](std::size_t i) { return column_name(cols, i); };
    auto where = [&](std::size_t line) { return source + " line " + std::to_string(line); };

    Parsed out;
    Record rec;
    if (!reader.next(rec, name_of)) return out;     // an empty table
    bool has_header = false;
    cols = columns_of(rec, where(rec.line), has_header);

    std::unordered_map<std::string, std::size_t> first_line;
    auto take_row = [&](const Record& r) {
        Region reg = row_region(r, cols, where(r.line));
        auto [it, fresh] = first_line.emplace(reg.code, r.line);
        if (!fresh)
            throw input_error(where(r.line), "code",
                              "duplicate code '" + reg.code + "' (first on line " +
                                  std::to_string(it->second) + ")");
        out.regions.push_back(std::move(reg));
        out.lines.push_back(r.line);
    };

    if (!has_header) take_row(rec);
    while (reader.next(rec, name_of)) take_row(rec);
    return out;
}

std::string slurp(const std::string& path) { return io::read_file(path); }

}  // namespace

std::string street_kind(std::string_view code, std::string_view name) {
    if (code.size() < 7 || code[6] < '0' || code[6] > '9') return "street";
    switch (code[6]) {
        case '0': return ends_with(name, "地区") ? "area_office" : "street";
        case '1': return "town";
        case '2':
        case '3': return "township";
        default: return "zone";
    }
}

std::vector<Region> parse_divisions_csv(std::string_view text, const std::string& source) {
    return parse(text, source).regions;
}

std::vector<Region> load_divisions_csv(const std::string& path) {
    return parse(slurp(path), path).regions;
}

std::vector<Region> load_divisions_dir(const std::string& dir) {
    namespace fs = std::filesystem;
    struct Row {
        Region region;
        const std::string* file;
        std::size_t line;
    };
    static const std::array<std::string, 4> files{"provinces.csv", "cities.csv", "areas.csv",
                                                  "streets.csv"};
    std::vector<std::string> paths;
    std::vector<Row> rows;
    paths.reserve(files.size());
    for (const auto& f : files) {
        std::error_code ec;
        fs::path p = fs::path(dir) / f;
        if (!fs::is_regular_file(p, ec)) continue;
        paths.push_back(p.string());
    }
    if (paths.empty())
        throw input_error(dir, "", "no division table (provinces.csv, cities.csv, areas.csv, "
                                   "streets.csv) in this directory");
    for (const auto& p : paths) {
        Parsed t = parse(slurp(p), p);
        rows.reserve(rows.size() + t.regions.size());
        for (std::size_t i = 0; i < t.regions.size(); ++i)
            rows.push_back({std::move(t.regions[i]), &p, t.lines[i]});
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.region.code < b.region.code; });
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i].region.code == rows[i - 1].region.code)
            throw input_error(*rows[i].file + " line " + std::to_string(rows[i].line), "code",
                              "duplicate code '" + rows[i].region.code + "' (also in " +
                                  *rows[i - 1].file + " line " + std::to_string(rows[i - 1].line) +
                                  ")");
    std::vector<Region> out;
    out.reserve(rows.size());
    for (auto& r : rows) out.push_back(std::move(r.region));
    return out;
}

}  // namespace hatchnet::io
