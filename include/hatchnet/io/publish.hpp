// hatchnet/io/publish.hpp — disclosure pages (§6.4 公示: 健全社会组织服务机构信息公开制度,
// 主动接受社会组织、社区居民和社会公众监督): a page per incubator and a directory page, in
// Chinese by default (English available), rendered from Mustache templates a bureau edits
// without recompiling.
//
// Templates: a directory holding style.css and, per language, <lang>/index.html (the
// directory), <lang>/incubator.html (one incubator) and <lang>/labels.json (the names of the
// tiers, operators, sponsors, build and operation modes in that language). The defaults ship
// in data/templates/ (installed into share/hatchnet/templates). The values a template can use
// are listed in docs/publish.md; every value is HTML-escaped ({{x}}) unless the template asks
// otherwise ({{{x}}}).
// Output: index.html, style.css and incubators/<id>.html (ids made file-safe: bytes other than
// A-Z a-z 0-9 - _ . become ~XX), in a fixed order with no timestamp, so the same network gives
// the same pages.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::evaluate {
struct Feedback;
}

namespace hatchnet::io {

struct PublishOptions {
    std::string lang = "zh";          ///< a language folder of the templates: zh (default), en
    std::string templates;            ///< the templates directory; empty: default_templates_dir()
    /// Public supervision records (evaluate/supervision.hpp): each page shows its incubator's
    /// feedback, complaints and resolution rate. Null: no supervision section.
    const std::vector<evaluate::Feedback>* feedback = nullptr;
};

/// default_data_dir() + "/templates".
std::string default_templates_dir();
/// The file name of an incubator's page under incubators/ ("d-east.html").
std::string page_name(std::string_view node_id);
/// The pages (relative path -> text). Throws io_error for a missing template, input_error
/// naming the template file for a template Mustache cannot parse or a malformed labels.json.
std::map<std::string, std::string> publish_pages(const Network& net, const PublishOptions& opt = {});
/// Write the pages into `dir` (created if missing).
void publish(const Network& net, const std::string& dir, const PublishOptions& opt = {});

}  // namespace hatchnet::io
