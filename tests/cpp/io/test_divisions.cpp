// Import of NBS division tables (hatchnet/io/divisions.hpp): good tables, every kind of
// broken row, and the real shared files when they are present.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "hatchnet/error.hpp"
#include "hatchnet/io/divisions.hpp"

using namespace hatchnet;
using hatchnet::io::parse_divisions_csv;

namespace {

// Parse `text` expecting an input_error at `line` naming `field`; returns its message.
std::string expect_error(const std::string& text, int line, const std::string& field) {
    try {
        parse_divisions_csv(text, "t.csv");
    } catch (const input_error& e) {
        CHECK_MESSAGE(e.record() == "t.csv line " + std::to_string(line), e.what());
        CHECK_MESSAGE(e.field() == field, e.what());
        return e.message();
    }
    FAIL("no error for: " << text);
    return {};
}

const Region* by_code(const std::vector<Region>& v, const std::string& code) {
    for (const auto& r : v)
        if (r.code == code) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("each of the four NBS file layouts parses, with kinds by level") {
    auto p = parse_divisions_csv("code,name\n11,\"北京市\"\n12,\"天津市\"\n");
    REQUIRE(p.size() == 2);
    CHECK(p[0].code == "11");
    CHECK(p[0].name == "北京市");
    CHECK(p[0].kind == "province");
    CHECK_FALSE(p[0].population.has_value());

    auto c = parse_divisions_csv("code,name,provinceCode\n1101,\"市辖区\",11\n");
    REQUIRE(c.size() == 1);
    CHECK(c[0].kind == "prefecture");

    auto a = parse_divisions_csv("code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n");
    REQUIRE(a.size() == 1);
    CHECK(a[0].kind == "district");

    auto s = parse_divisions_csv(
        "code,name,areaCode,provinceCode,cityCode\n"
        "110105001,\"建外街道\",110105,11,1101\n"
        "110105026,\"南磨房地区\",110105,11,1101\n"
        "110109101,\"某镇\",110109,11,1101\n"
        "110111201,\"某乡\",110111,11,1101\n"
        "411321301,\"某乡\",411321,41,4113\n"
        "110115403,\"经济技术开发区\",110115,11,1101\n"
        "130723500,\"康保牧场\",130723,13,1307\n");
    REQUIRE(s.size() == 7);
    CHECK(s[0].kind == "street");
    CHECK(s[1].kind == "area_office");
    CHECK(s[2].kind == "town");
    CHECK(s[3].kind == "township");
    CHECK(s[4].kind == "township");   // 3xx: all of them are 乡 in the real table
    CHECK(s[5].kind == "zone");
    CHECK(s[6].kind == "zone");
}

TEST_CASE("street_kind follows the NBS code classes") {
    CHECK(io::street_kind("110101001", "东华门街道") == "street");
    CHECK(io::street_kind("110105030", "南磨房地区") == "area_office");
    CHECK(io::street_kind("110105030", "某街道") == "street");
    CHECK(io::street_kind("110112104", "某镇") == "town");
    CHECK(io::street_kind("110112204", "某乡") == "township");
    CHECK(io::street_kind("150781200", "某苏木") == "township");
    CHECK(io::street_kind("410172360", "某乡") == "township");
    CHECK(io::street_kind("110115403", "开发区") == "zone");
    CHECK(io::street_kind("120113500", "红旗农场") == "zone");
}

TEST_CASE("CSV dialect: quotes, escaped quotes, commas and line breaks in quotes, CRLF, BOM") {
    auto v = parse_divisions_csv(
        "\xEF\xBB\xBF" "code,name,provinceCode\r\n"
        "1101,\"A, \"\"quoted\"\" name\",11\r\n"
        "\r\n"
        "1102,\"two\nlines\",11\r\n"
        " 1103 , plain ,11");
    REQUIRE(v.size() == 3);
    CHECK(v[0].name == "A, \"quoted\" name");
    CHECK(v[1].name == "two\nlines");
    CHECK(v[2].code == "1103");
    CHECK(v[2].name == "plain");
    // a line break inside quotes counts: the row after it is on line 6
    std::string msg = expect_error("code,name\n11,\"a\nb\"\n12,\"c\"\nx1,d\n", 5, "code");
    CHECK(msg.find("digits") != std::string::npos);
}

TEST_CASE("header detection: columns by name in any order, extras ignored, optional kind and population") {
    auto v = parse_divisions_csv(
        "Name, extra ,CODE,population,area_code,kind\n"
        "某街道,x,110101001,39888,110101,\n"
        "某园区,y,110101002,12,110101,zone\n");
    REQUIRE(v.size() == 2);
    CHECK(v[0].code == "110101001");
    CHECK(v[0].name == "某街道");
    CHECK(v[0].kind == "street");
    CHECK(v[0].population == 39888);
    CHECK(v[1].kind == "zone");
    // no header: positional columns of the NBS layout for the first code's length
    auto h = parse_divisions_csv("110101001,\"东华门街道\",110101,11,1101\n");
    REQUIRE(h.size() == 1);
    CHECK(h[0].kind == "street");
    auto p = parse_divisions_csv("11,北京市\n12,天津市\n");
    CHECK(p.size() == 2);
    // an empty table is an empty list
    CHECK(parse_divisions_csv("").empty());
    CHECK(parse_divisions_csv("code,name\n").empty());
}

TEST_CASE("community codes: residents' and village committees") {
    auto v = parse_divisions_csv(
        "code,name,streetCode\n"
        "110101001001,\"多福巷社区居委会\",110101001\n"
        "110109104201,\"某村委会\",110109104\n"
        "110109104202,\"某某\",110109104\n"
        "110109104003,\"某某\",110109104\n");
    REQUIRE(v.size() == 4);
    CHECK(v[0].kind == "residents_committee");
    CHECK(v[1].kind == "village_committee");
    CHECK(v[2].kind == "village_committee");
    CHECK(v[3].kind == "residents_committee");
}

TEST_CASE("every kind of broken row names its line and field") {
    const std::string h = "code,name,areaCode,provinceCode,cityCode\n";
    const std::string ok = "110101001,\"东华门街道\",110101,11,1101\n";
    // too few / too many fields
    CHECK(expect_error(h + ok + "110101002,\"景山街道\",110101,11\n", 3, "cityCode").find("4 fields") !=
          std::string::npos);
    expect_error(h + ok + "110101002,\"景山街道\",110101,11,1101,x\n", 3, "column 6");
    // code: missing, non-digits, wrong length
    expect_error(h + ",\"景山街道\",110101,11,1101\n", 2, "code");
    expect_error(h + ok + "11010100a,\"景山街道\",110101,11,1101\n", 3, "code");
    CHECK(expect_error(h + ok + ok.substr(1), 3, "code").find("digits") != std::string::npos);
    expect_error(h + "1101010011,\"x\",110101,11,1101\n", 2, "code");
    // name missing
    expect_error(h + "110101002,\"\",110101,11,1101\n", 2, "name");
    // parent columns that disagree with the code, or are malformed
    CHECK(expect_error(h + "110101002,x,110102,11,1101\n", 2, "areaCode").find("disagrees") !=
          std::string::npos);
    expect_error(h + "110101002,x,110101,12,1101\n", 2, "provinceCode");
    expect_error(h + "110101002,x,110101,11,1201\n", 2, "cityCode");
    expect_error(h + "110101002,x,11010,11,1101\n", 2, "areaCode");
    expect_error("code,name,areaCode\n110101,x,110101\n", 2, "areaCode");   // no 6-digit parent
    // duplicate code
    CHECK(expect_error(h + ok + "\n" + ok, 4, "code").find("line 2") != std::string::npos);
    // quoting errors
    expect_error(h + "110101002,\"unterminated,110101,11,1101\n", 2, "name");
    expect_error(h + "110101002,\"x\"y,110101,11,1101\n", 2, "name");
    expect_error(h + "110101002,x\"y,110101,11,1101\n", 2, "name");
    // population
    expect_error("code,name,population\n11,x,-5\n", 2, "population");
    expect_error("code,name,population\n11,x,12a\n", 2, "population");
    // headers
    expect_error("id,title\n11,x\n", 1, "code");
    expect_error("code,label\n11,x\n", 1, "name");
    expect_error("code,name,code\n11,x,11\n", 1, "code");
}

TEST_CASE("files: load_divisions_csv and load_divisions_dir, all or nothing") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / "hatchnet_test_divisions";
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto write = [&](const char* name, const std::string& text) {
        std::ofstream(dir / name, std::ios::binary) << text;
    };
    CHECK_THROWS_AS(io::load_divisions_dir(dir.string()), input_error);   // no table at all
    write("provinces.csv", "code,name\n11,\"北京市\"\n");
    write("areas.csv", "code,name,cityCode,provinceCode\n110102,\"西城区\",1101,11\n110101,\"东城区\",1101,11\n");
    auto v = io::load_divisions_dir(dir.string());
    REQUIRE(v.size() == 3);
    CHECK(v[0].code == "11");
    CHECK(v[1].code == "110101");   // sorted by code
    CHECK(v[2].code == "110102");
    CHECK(io::load_divisions_csv((dir / "areas.csv").string()).size() == 2);
    // a duplicate across files names the later file and line
    write("cities.csv", "code,name,provinceCode\n1101,\"市辖区\",11\n");
    write("streets.csv", "code,name\n110101001,a\n11,again\n");
    try {
        io::load_divisions_dir(dir.string());
        FAIL("expected a duplicate error");
    } catch (const input_error& e) {
        CHECK(e.field() == "code");
        CHECK(e.record().find("line") != std::string::npos);
        CHECK(std::string(e.what()).find("provinces.csv") != std::string::npos);
    }
    // a broken row in one file refuses the whole directory
    write("streets.csv", "code,name\n110101001,a\n110101002\n");
    try {
        io::load_divisions_dir(dir.string());
        FAIL("expected an error");
    } catch (const input_error& e) {
        CHECK(e.record() == (dir / "streets.csv").string() + " line 3");
        CHECK(e.field() == "name");
    }
    CHECK_THROWS_AS(io::load_divisions_csv((dir / "missing.csv").string()), input_error);
    fs::remove_all(dir);
}

TEST_CASE("the real NBS 2022 tables (shared data)") {
    const std::string dir = HATCHNET_SHARED_DATA_DIR "/nbs-divisions";
    if (!std::filesystem::exists(dir + "/streets.csv")) {
        MESSAGE("shared NBS division files not found at " << dir << "; skipped");
        return;
    }
    auto v = io::load_divisions_dir(dir);
    std::map<std::size_t, std::size_t> by_len;
    std::map<std::string, std::size_t> kinds, beijing;
    for (const auto& r : v) {
        ++by_len[r.code.size()];
        ++kinds[r.kind];
        if (r.code.size() == 9 && r.code.compare(0, 2, "11") == 0) ++beijing[r.kind];
    }
    CHECK(by_len[2] == 31);
    CHECK(by_len[4] == 342);
    CHECK(by_len[6] == 2978);
    CHECK(by_len[9] == 41352);
    CHECK(v.size() == 31 + 342 + 2978 + 41352);
    CHECK(std::is_sorted(v.begin(), v.end(), [](const Region& a, const Region& b) { return a.code < b.code; }));
    // kinds of the national table: 0xx 9,067 (64 area offices), 1xx 21,377, 2xx+3xx 8,198, 4xx+5xx 2,710
    CHECK(kinds["street"] + kinds["area_office"] == 9067);
    CHECK(kinds["area_office"] == 64);
    CHECK(kinds["town"] == 21377);
    CHECK(kinds["township"] == 8198);
    CHECK(kinds["zone"] == 2710);
    // Beijing: 349 units; the published counts by kind (shared/data/beijing-districts.csv)
    std::size_t bj = 0;
    for (const auto& [k, n] : beijing) bj += n;
    CHECK(bj == 349);
    CHECK(beijing["street"] == 165);
    CHECK(beijing["area_office"] == 56);
    CHECK(beijing["town"] == 107);
    CHECK(beijing["township"] == 15);
    CHECK(beijing["zone"] == 6);
    const Region* dc = by_code(v, "110101");
    REQUIRE(dc);
    CHECK(dc->name == "东城区");
    CHECK(dc->kind == "district");
    CHECK(io::load_divisions_csv(dir + "/streets.csv").size() == 41352);

    // per district, the kinds agree with shared/data/beijing-districts.csv
    std::ifstream in(HATCHNET_SHARED_DATA_DIR "/beijing-districts.csv");
    REQUIRE(in);
    std::string line;
    std::getline(in, line);   // header
    int districts = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> f;
        std::size_t b = 0;
        for (std::size_t e; (e = line.find(',', b)) != std::string::npos; b = e + 1) f.push_back(line.substr(b, e - b));
        f.push_back(line.substr(b));
        REQUIRE(f.size() == 12);
        std::map<std::string, int> k;
        for (const auto& r : v)
            if (r.code.size() == 9 && r.code.compare(0, 6, f[0]) == 0) ++k[r.kind];
        INFO("district " << f[0]);
        CHECK(k["street"] == std::stoi(f[3]));
        CHECK(k["area_office"] == std::stoi(f[4]));
        CHECK(k["town"] == std::stoi(f[5]));
        CHECK(k["township"] == std::stoi(f[6]));
        CHECK(k["zone"] == std::stoi(f[7]));
        ++districts;
    }
    CHECK(districts == 16);
}
