// C ABI: the directory in Open Referral HSDS 3.0 (hn_hsds.h).
#include "capi_internal.hpp"
#include "hatchnet/io/hsds.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/match/json.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;

namespace {

struct ExportInput {
    io::HsdsExportOptions opt;
    std::vector<match::Resource> resources;
    std::vector<match::Need> needs;
};

/// Read the export options; `in.opt` points into `in` (keep it in place).
void read_export_options(ExportInput& in, const char* text) {
    if (!text || !*text) return;
    const auto j = io::parse_json_text(text, "options");
    if (!j.is_object()) throw input_error("options", "", "expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        if (k == "format") {
            const auto f = it->is_string() ? io::parse_hsds_format(it->get<std::string>()) : std::nullopt;
            if (!f) throw input_error("options", k, "expected \"json\", \"csv\" or \"both\"");
            in.opt.format = *f;
        } else if (k == "currency") {
            if (!it->is_string()) throw input_error("options", k, "expected a string");
            in.opt.currency = it->get<std::string>();
        } else if (k == "resources") {
            in.resources = match::parse_resources(it->dump());
            in.opt.resources = &in.resources;
        } else if (k == "needs") {
            in.needs = match::parse_needs(it->dump());
            in.opt.needs = &in.needs;
        } else {
            throw input_error("options", k, "unknown option (format, currency, resources, needs)");
        }
    }
}

}  // namespace

extern "C" {

hn_status hn_hsds_export(const hn_network* net, const char* dir, const char* options_json) {
    return guard([&] {
        need(dir, "dir");
        ExportInput in;
        read_export_options(in, options_json);
        io::export_hsds(net_of(net), dir, in.opt);
    });
}

hn_status hn_hsds_files_json(char** out, const hn_network* net, const char* options_json) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        ExportInput in;
        read_export_options(in, options_json);
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        for (auto& [k, v] : io::hsds_files(net_of(net), in.opt)) j[k] = std::move(v);
        *out = dup_string(j.dump());
    });
}

hn_status hn_hsds_import(hn_network** out, char** extras_out, const char* dir, const hn_network* base,
                         const char* options_json) {
    if (out) *out = nullptr;
    if (extras_out) *extras_out = nullptr;
    return guard([&] {
        need(out, "out");
        need(dir, "dir");
        io::HsdsImportOptions opt;
        if (base) opt.base = &net_of(base);
        if (options_json && *options_json) {
            const auto j = io::parse_json_text(options_json, "options");
            if (!j.is_object()) throw input_error("options", "", "expected a JSON object");
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (it.key() == "default_region" && it->is_string()) opt.default_region = it->get<std::string>();
                else if (it.key() == "validate" && it->is_boolean()) opt.validate = it->get<bool>();
                else throw input_error("options", it.key(), "unknown option or wrong type (default_region: a string, "
                                                            "validate: a boolean)");
            }
        }
        auto d = io::import_hsds(dir, opt);
        std::string extras;
        if (extras_out)
            extras = "{\"resources\":" + match::resources_to_json(d.resources).dump() + ",\"needs\":" +
                     match::needs_to_json(d.needs).dump() + "}";
        auto* h = new hn_network(std::move(d.network));
        if (extras_out) {
            try {
                *extras_out = dup_string(extras);
            } catch (...) {
                delete h;
                throw;
            }
        }
        *out = h;
    });
}

}  // extern "C"
