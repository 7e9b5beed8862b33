// hatchnet publish | supervision — disclosure pages and public supervision (§6.4):
// hatchnet/io/publish.hpp, hatchnet/evaluate/supervision.hpp, docs/publish.md.
#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.hpp"
#include "hatchnet/evaluate/supervision.hpp"
#include "hatchnet/io/publish.hpp"

namespace hatchnet::cli {
namespace {

struct PublishArgs {
    std::string network, out, lang = "zh", templates, feedback;
    Ui ui;
};

int cmd_publish(const PublishArgs& a, std::ostream& out, std::ostream&) {
    one_stdout({&a.network, &a.feedback}, "--network and --feedback");
    const Network net = load_network(a.network);
    std::vector<evaluate::Feedback> records;
    io::PublishOptions opt;
    opt.lang = a.lang;
    opt.templates = a.templates;
    if (!a.feedback.empty()) {
        records = evaluate::parse_feedback(read_input(a.feedback), &net);
        opt.feedback = &records;
    }
    io::publish(net, a.out, opt);
    if (a.ui.json) {
        print_json(out, {{"directory", a.out}, {"pages", net.nodes.size() + 1}, {"lang", a.lang},
                         {"templates", a.templates.empty() ? io::default_templates_dir() : a.templates}});
        return 0;
    }
    out << "wrote " << net.nodes.size() + 1 << " disclosure pages (" << a.lang << ") to " << a.out
        << ": index.html and incubators/<id>.html\n";
    return 0;
}

Run define_publish(Options& o) {
    auto a = std::make_shared<PublishArgs>();
    o.value("--network", a->network, "the network (a file, - for standard input; default: the embedded dataset)")
        .value_name("FILE");
    o.value("--out", a->out, "the directory to write the pages into (created if missing)").value_name("DIR").required();
    o.value("--lang", a->lang, "the language of the pages: a folder of the templates (zh, en)");
    o.value("--templates", a->templates, "a templates directory to use instead of the installed one")
        .value_name("DIR")
        .default_text("share/hatchnet/templates");
    o.value("--feedback", a->feedback, "public supervision records (JSON) to show on each page").value_name("FILE");
    o.ui(a->ui);
    o.footer("The templates are Mustache files a bureau edits without recompiling; their values: docs/publish.md.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_publish(*a, out, err); };
}

struct SupervisionArgs {
    std::string network, feedback, from, to, out;
    Ui ui;
};

int cmd_supervision(const SupervisionArgs& a, std::ostream& out, std::ostream&) {
    one_stdout({&a.network, &a.feedback}, "--network and --feedback");
    const Network net = load_network(a.network);
    const auto records = evaluate::parse_feedback(read_input(a.feedback), &net);
    const auto t = evaluate::supervision_indicators(net, records, {a.from, a.to});
    const std::string rows = evaluate::indicators_json_text(t);
    if (!a.out.empty()) write_output(a.out, "{\"indicators\":" + rows + "}\n", out);
    if (a.ui.json) {
        print_json(out, {{"indicators", nlohmann::json::parse(rows)}});
        return 0;
    }
    double complaints = 0, resolved = 0, fb = 0, orgs = 0;
    for (std::size_t r = 0; r < t.ids.size(); ++r) {
        fb += t.values(evaluate::Index(r), 0);
        complaints += t.values(evaluate::Index(r), 1);
        const double rate = t.values(evaluate::Index(r), 3);
        if (!std::isnan(rate)) resolved += rate * t.values(evaluate::Index(r), 1);
    }
    for (const auto& n : net.nodes) orgs += double(n.occupied);
    out << records.size() << " supervision records: " << fb << " feedback, " << complaints << " complaints ("
        << std::fixed << std::setprecision(1) << (complaints > 0 ? 100.0 * resolved / complaints : 0.0)
        << "% resolved; " << (orgs > 0 ? 100.0 * complaints / orgs : 0.0)
        << " per 100 organizations served)\n";
    return 0;
}

Run define_supervision(Options& o) {
    auto a = std::make_shared<SupervisionArgs>();
    o.value("--network", a->network, "the network (a file, - for standard input; default: the embedded dataset)")
        .value_name("FILE");
    o.value("--feedback", a->feedback, "the supervision records (JSON)").value_name("FILE").required();
    o.value("--from", a->from, "first day of the period (YYYY-MM-DD)").value_name("DATE");
    o.value("--to", a->to, "last day of the period (YYYY-MM-DD)").value_name("DATE");
    o.value("--out", a->out, "write {\"indicators\": [...]}, the form `evaluate --ratings FILE` reads (- for standard output)")
        .value_name("FILE");
    o.ui(a->ui);
    return [a](std::ostream& out, std::ostream& err) { return cmd_supervision(*a, out, err); };
}

const Register r_publish{{"publish", "publish --out DIR [--network FILE] [--lang en] [--templates DIR]",
                          "disclosure pages (公示) of every incubator and the directory, from editable templates",
                          define_publish}};
const Register r_supervision{{"supervision", "supervision --feedback FILE [--network FILE] [--out FILE]",
                              "feedback and complaints (社会监督) as evaluation indicators per incubator",
                              define_supervision}};

}  // namespace
}  // namespace hatchnet::cli
