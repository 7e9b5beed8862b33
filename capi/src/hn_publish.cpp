// C ABI: disclosure pages and public supervision (hn_publish.h).
#include "capi_internal.hpp"
#include "hatchnet/evaluate/supervision.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/io/publish.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;

namespace {

struct PublishInput {
    io::PublishOptions opt;
    std::vector<evaluate::Feedback> feedback;
};

void read_publish_options(PublishInput& in, const Network& net, const char* text) {
    if (!text || !*text) return;
    const auto j = io::parse_json_text(text, "options");
    if (!j.is_object()) throw input_error("options", "", "expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        if (k == "feedback") {
            in.feedback = evaluate::parse_feedback(it->dump(), &net);
            in.opt.feedback = &in.feedback;
        } else if ((k == "lang" || k == "templates") && it->is_string()) {
            (k == "lang" ? in.opt.lang : in.opt.templates) = it->get<std::string>();
        } else {
            throw input_error("options", k, "unknown option or wrong type (lang, templates: strings; feedback: records)");
        }
    }
}

}  // namespace

extern "C" {

hn_status hn_publish(const hn_network* net, const char* dir, const char* options_json) {
    return guard([&] {
        need(dir, "dir");
        PublishInput in;
        read_publish_options(in, net_of(net), options_json);
        io::publish(net_of(net), dir, in.opt);
    });
}

hn_status hn_publish_pages_json(char** out, const hn_network* net, const char* options_json) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        PublishInput in;
        read_publish_options(in, net_of(net), options_json);
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        for (auto& [k, v] : io::publish_pages(net_of(net), in.opt)) j[k] = std::move(v);
        *out = dup_string(j.dump());
    });
}

hn_status hn_supervision_indicators_json(char** out, const hn_network* net, const char* feedback_json,
                                         const char* options_json) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        const Network& n = net_of(net);
        const auto records = evaluate::parse_feedback(feedback_json && *feedback_json ? feedback_json : "[]", &n);
        evaluate::SupervisionOptions opt;
        if (options_json && *options_json) {
            const auto j = io::parse_json_text(options_json, "options");
            if (!j.is_object()) throw input_error("options", "", "expected a JSON object");
            for (auto it = j.begin(); it != j.end(); ++it) {
                if ((it.key() == "from" || it.key() == "to") && it->is_string())
                    (it.key() == "from" ? opt.from : opt.to) = it->get<std::string>();
                else throw input_error("options", it.key(), "unknown option or wrong type (from, to: ISO dates)");
            }
        }
        *out = dup_string(evaluate::indicators_json_text(evaluate::supervision_indicators(n, records, opt)));
    });
}

hn_status hn_staff_indicators_json(char** out, const hn_network* net) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        *out = dup_string(evaluate::indicators_json_text(evaluate::staff_indicators(net_of(net))));
    });
}

}  // extern "C"
