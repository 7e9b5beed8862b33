// hatchnet._core: disclosure pages and public supervision (hatchnet/io/publish.hpp,
// hatchnet/evaluate/supervision.hpp). Supervision records cross as JSON text.
#include "bindings.hpp"
#include "hatchnet/evaluate/supervision.hpp"
#include "hatchnet/io/publish.hpp"

namespace hatchnet::py {

namespace {
// Both publish calls' options; the parsed feedback lives in `records`, which outlives the call.
io::PublishOptions publish_options(const PyNetwork& n, const std::string& lang, const std::string& templates,
                                   const std::string& feedback, std::vector<evaluate::Feedback>& records) {
    io::PublishOptions opt;
    opt.lang = lang;
    opt.templates = templates;
    if (!feedback.empty()) {
        records = evaluate::parse_feedback(feedback, n.net.get());
        opt.feedback = &records;
    }
    return opt;
}
}  // namespace

void bind_publish(pybind11::module_& m) {
    m.def(
        "publish_pages",
        [](const PyNetwork& n, const std::string& lang, const std::string& templates, const std::string& feedback) {
            std::map<std::string, std::string> pages;
            {
                pybind11::gil_scoped_release release;
                std::vector<evaluate::Feedback> records;
                const auto opt = publish_options(n, lang, templates, feedback, records);
                pages = io::publish_pages(*n.net, opt);
            }
            pybind11::dict d;
            for (const auto& [k, v] : pages) d[pybind11::str(k)] = pybind11::str(v);
            return d;
        },
        pybind11::arg("net"), pybind11::arg("lang") = "zh", pybind11::arg("templates") = "",
        pybind11::arg("feedback") = "", "Disclosure pages: relative path -> HTML; feedback as JSON text.");
    m.def(
        "publish",
        [](const PyNetwork& n, const std::string& dir, const std::string& lang, const std::string& templates,
           const std::string& feedback) {
            std::vector<evaluate::Feedback> records;
            const auto opt = publish_options(n, lang, templates, feedback, records);
            io::publish(*n.net, dir, opt);
        },
        pybind11::arg("net"), pybind11::arg("dir"), pybind11::arg("lang") = "zh", pybind11::arg("templates") = "",
        pybind11::arg("feedback") = "", pybind11::call_guard<pybind11::gil_scoped_release>(),
        "Write the disclosure pages into a directory.");
    m.def("default_templates_dir", &io::default_templates_dir, "Where the installed templates are.");
    m.def(
        "supervision_indicators_json",
        [](const PyNetwork& n, const std::string& feedback, const std::string& from, const std::string& to) {
            pybind11::gil_scoped_release release;
            const auto records = evaluate::parse_feedback(feedback, n.net.get());
            return evaluate::indicators_json_text(evaluate::supervision_indicators(*n.net, records, {from, to}));
        },
        pybind11::arg("net"), pybind11::arg("feedback"), pybind11::arg("from_") = "", pybind11::arg("to") = "",
        "Supervision indicator rows (JSON text) from supervision records (JSON text).");
    m.def(
        "staff_indicators_json",
        [](const PyNetwork& n) {
            pybind11::gil_scoped_release release;
            return evaluate::indicators_json_text(evaluate::staff_indicators(*n.net));
        },
        pybind11::arg("net"), "Staff indicator rows (JSON text) of the nodes that record staff.");
}

}  // namespace hatchnet::py
