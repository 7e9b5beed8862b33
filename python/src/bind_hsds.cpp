// hatchnet._core: the directory in Open Referral HSDS 3.0 (hatchnet/io/hsds.hpp).
//
// Resources and needs cross as the matcher's JSON text (the Python layer makes it from and
// into tables); the export's files come back as a dict of path -> text.
#include "bindings.hpp"
#include "hatchnet/io/hsds.hpp"
#include "hatchnet/match/json.hpp"

namespace hatchnet::py {

namespace {

struct ExportArgs {
    io::HsdsExportOptions opt;
    std::vector<match::Resource> resources;
    std::vector<match::Need> needs;
    ExportArgs(const std::string& format, const std::string& resources_json, const std::string& needs_json,
               const std::string& currency) {
        const auto f = io::parse_hsds_format(format);
        if (!f) throw input_error("options", "format", "'" + format + "' is not one of json, csv, both");
        opt.format = *f;
        opt.currency = currency;
        if (!resources_json.empty()) {
            resources = match::parse_resources(resources_json);
            opt.resources = &resources;
        }
        if (!needs_json.empty()) {
            needs = match::parse_needs(needs_json);
            opt.needs = &needs;
        }
    }
};

}  // namespace

void bind_hsds(pybind11::module_& m) {
    m.def(
        "hsds_files",
        [](const PyNetwork& n, const std::string& format, const std::string& resources, const std::string& needs,
           const std::string& currency) {
            std::map<std::string, std::string> files;
            {
                pybind11::gil_scoped_release release;
                ExportArgs a(format, resources, needs, currency);
                files = io::hsds_files(*n.net, a.opt);
            }
            pybind11::dict d;
            for (const auto& [k, v] : files) d[pybind11::str(k)] = pybind11::str(v);
            return d;
        },
        pybind11::arg("net"), pybind11::arg("format") = "both", pybind11::arg("resources") = "",
        pybind11::arg("needs") = "", pybind11::arg("currency") = "CNY",
        "The HSDS export's files (relative path -> text); resources / needs as the matcher's JSON text.");
    m.def(
        "hsds_export",
        [](const PyNetwork& n, const std::string& dir, const std::string& format, const std::string& resources,
           const std::string& needs, const std::string& currency) {
            ExportArgs a(format, resources, needs, currency);
            io::export_hsds(*n.net, dir, a.opt);
        },
        pybind11::arg("net"), pybind11::arg("dir"), pybind11::arg("format") = "both",
        pybind11::arg("resources") = "", pybind11::arg("needs") = "", pybind11::arg("currency") = "CNY",
        pybind11::call_guard<pybind11::gil_scoped_release>(), "Write the HSDS export into a directory.");
    m.def(
        "hsds_import",
        [](const std::string& dir, const PyNetwork* base, const std::string& default_region, bool validate) {
            io::HsdsImportOptions opt;
            opt.base = base ? base->net.get() : nullptr;
            opt.default_region = default_region;
            opt.validate = validate;
            std::shared_ptr<PyNetwork> net;
            std::string resources, needs;
            {
                pybind11::gil_scoped_release release;
                auto d = io::import_hsds(dir, opt);
                resources = match::resources_to_json(d.resources).dump();
                needs = match::needs_to_json(d.needs).dump();
                net = std::make_shared<PyNetwork>(std::move(d.network));
            }
            return pybind11::make_tuple(net, resources, needs);
        },
        pybind11::arg("dir"), pybind11::arg("base") = nullptr, pybind11::arg("default_region") = "",
        pybind11::arg("validate") = true,
        "Import an HSDS directory: (Network, resources JSON text, needs JSON text).");
}

}  // namespace hatchnet::py
