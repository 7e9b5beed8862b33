// Disclosure pages: every incubator has its page, names are file-safe and distinct, values
// are escaped, the default language is Chinese, templates are read at run time, and a
// broken template is refused naming its file.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "hatchnet/evaluate/supervision.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/publish.hpp"

using namespace hatchnet;
namespace fs = std::filesystem;

namespace {
const std::string kTemplates = HATCHNET_SOURCE_DIR "/data/templates";

Network small() {
    Network n = io::load_json_file(HATCHNET_SOURCE_DIR "/tests/data/small.json");
    n.nodes[1].name = "<b>\"A&B\"</b>";
    n.nodes[0].staff = Staff{8, 2, 1, 3000.0};
    n.staffing.pay_floor = 3500;
    return n;
}
}  // namespace

TEST_CASE("page names are file-safe and distinct") {
    std::set<std::string> seen;
    for (const char* id : {"a", "a/b", "a~2Fb", "a.b", ".hidden", "区-1", "a b", "A", "a%2F"}) {
        const std::string p = io::page_name(id);
        CHECK(p.find('/') == std::string::npos);
        CHECK(p.front() != '.');
        CHECK(seen.insert(p).second);
    }
    CHECK(io::page_name("d-east") == "d-east.html");
}

TEST_CASE("every incubator has a page; Chinese by default; values escaped; supervision shown") {
    const Network net = small();
    const std::vector<evaluate::Feedback> fb = evaluate::parse_feedback(
        R"([{"id":"1","incubator":")" + net.nodes[0].id + R"(","date":"2025-01-02","kind":"complaint","resolved":true}])",
        &net);
    io::PublishOptions opt;
    opt.templates = kTemplates;
    opt.feedback = &fb;
    const auto pages = io::publish_pages(net, opt);
    CHECK(pages.size() == net.nodes.size() + 2);
    for (const auto& n : net.nodes) CHECK(pages.count("incubators/" + io::page_name(n.id)) == 1);
    const std::string& first = pages.at("incubators/" + io::page_name(net.nodes[0].id));
    CHECK(first.find("lang=\"zh-CN\"") != std::string::npos);
    CHECK(first.find("办结率 100%") != std::string::npos);
    CHECK(first.find("低于本地区标准 3500 元") != std::string::npos);
    CHECK(first.find("数据日期") == std::string::npos);  // no capacity date: no empty row
    const std::string& second = pages.at("incubators/" + io::page_name(net.nodes[1].id));
    CHECK(second.find("&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;") != std::string::npos);
    CHECK(second.find("<b>\"A&B\"</b>") == std::string::npos);
    CHECK(pages.at("index.html").find(io::page_name(net.nodes[1].id)) != std::string::npos);
    CHECK(io::publish_pages(net, opt) == pages);  // no timestamp: the same pages
    opt.lang = "en";
    CHECK(io::publish_pages(net, opt).at("index.html").find("lang=\"en\"") != std::string::npos);
}

TEST_CASE("templates are read at run time; a broken one names its file") {
    const Network net = small();
    const fs::path dir = fs::temp_directory_path() / "hatchnet-test-templates";
    fs::remove_all(dir);
    fs::copy(kTemplates, dir, fs::copy_options::recursive);
    io::write_file((dir / "zh" / "index.html").string(), "<p>{{count}} 家</p>");
    io::PublishOptions opt;
    opt.templates = dir.string();
    CHECK(io::publish_pages(net, opt).at("index.html") == "<p>" + std::to_string(net.nodes.size()) + " 家</p>");
    io::write_file((dir / "zh" / "incubator.html").string(), "{{#services}}unclosed");
    CHECK_THROWS_WITH_AS(io::publish_pages(net, opt), doctest::Contains("incubator.html"), input_error);
    io::write_file((dir / "zh" / "incubator.html").string(), "<p>{{tier_label}}</p>");
    io::write_file((dir / "zh" / "labels.json").string(), "{\"tier\": ");
    CHECK_THROWS_WITH_AS(io::publish_pages(net, opt), doctest::Contains("labels.json"), input_error);
    opt.lang = "../zh";
    CHECK_THROWS_WITH_AS(io::publish_pages(net, opt), doctest::Contains("lang"), input_error);
    opt.templates = (dir / "missing").string();
    CHECK_THROWS_AS(io::publish_pages(net, opt), io_error);
    fs::remove_all(dir);
}
