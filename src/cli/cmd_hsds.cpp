// hatchnet export --hsds DIR | import --hsds DIR — the directory in Open Referral HSDS 3.0
// (hatchnet/io/hsds.hpp, docs/hsds.md).
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.hpp"
#include "hatchnet/io/hsds.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/match/json.hpp"

namespace hatchnet::cli {
namespace {

struct ExportArgs {
    std::string hsds, network, resources, needs, format = "both", currency = "CNY";
    Ui ui;
};

int cmd_export(const ExportArgs& a, std::ostream& out, std::ostream&) {
    const auto format = io::parse_hsds_format(a.format);
    if (!format) throw usage_error("--format: '" + a.format + "' is not one of json, csv, both");
    one_stdout({&a.network, &a.resources, &a.needs}, "--network, --resources and --needs");
    const Network net = load_network(a.network);
    std::vector<match::Resource> resources;
    std::vector<match::Need> needs;
    io::HsdsExportOptions opt;
    opt.format = *format;
    opt.currency = a.currency;
    if (!a.resources.empty()) {
        resources = match::parse_resources(read_input(a.resources));
        opt.resources = &resources;
    }
    if (!a.needs.empty()) {
        needs = match::parse_needs(read_input(a.needs));
        opt.needs = &needs;
    }
    const auto files = io::hsds_files(net, opt);
    io::export_hsds(net, a.hsds, opt);
    if (a.ui.json) {
        nlohmann::json f = nlohmann::json::array();
        for (const auto& [k, v] : files) f.push_back(k);
        print_json(out, {{"directory", a.hsds}, {"files", f}, {"organizations", net.nodes.size()},
                         {"resources", resources.size()}, {"needs", needs.size()}});
        return 0;
    }
    out << "wrote " << files.size() << " files of Open Referral HSDS 3.0 (" << to_string(*format) << ") to "
        << a.hsds << ": " << net.nodes.size() << " organizations, " << resources.size() << " resources, "
        << needs.size() << " open needs\n";
    return 0;
}

Run define_export(Options& o) {
    auto a = std::make_shared<ExportArgs>();
    o.value("--hsds", a->hsds, "the directory to write the HSDS data package into (created if missing)")
        .value_name("DIR")
        .required();
    o.value("--network", a->network, "the network (a file, - for standard input; default: the embedded dataset)")
        .value_name("FILE");
    o.value("--resources", a->resources, "resources on offer (the matcher's JSON), exported as HSDS services")
        .value_name("FILE");
    o.value("--needs", a->needs, "open needs (the matcher's JSON), written beside the package as needs.json")
        .value_name("FILE");
    o.value("--format", a->format, "json (API pages), csv (Tabular Data Package) or both (json/ and csv/)");
    o.value("--currency", a->currency, "the currency of the resources' unit costs");
    o.ui(a->ui);
    o.footer("The mapping of incubators, services, resources and hatchnet's own fields to HSDS: docs/hsds.md.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_export(*a, out, err); };
}

struct ImportArgs {
    std::string hsds, base, default_region, out = "-", resources_out, needs_out;
    bool no_validate = false;
    Ui ui;
};

int cmd_import(const ImportArgs& a, std::ostream& out, std::ostream& err) {
    one_stdout({&a.out, &a.resources_out, &a.needs_out}, "--out, --resources-out and --needs-out");
    std::optional<Network> base;
    if (!a.base.empty()) base = load_network(a.base);
    ValidationReport rep;
    io::HsdsImportOptions opt;
    opt.base = base ? &*base : nullptr;
    opt.default_region = a.default_region;
    opt.validate = !a.no_validate;
    opt.report = &rep;
    const auto d = io::import_hsds(a.hsds, opt);
    write_output(a.out, io::save_json(d.network), out);
    if (!a.resources_out.empty()) write_output(a.resources_out, match::resources_to_json(d.resources).dump() + "\n", out);
    if (!a.needs_out.empty()) write_output(a.needs_out, match::needs_to_json(d.needs).dump() + "\n", out);
    if (!a.ui.quiet)
        err << "imported " << d.network.nodes.size() << " incubators, " << d.resources.size() << " resources, "
            << d.needs.size() << " open needs from " << a.hsds << "; " << rep.warnings.size() << " warnings\n";
    return 0;
}

Run define_import(Options& o) {
    auto a = std::make_shared<ImportArgs>();
    o.value("--hsds", a->hsds, "the HSDS directory (JSON files or a CSV package with datapackage.json)")
        .value_name("DIR")
        .required();
    o.value("--base", a->base, "a network whose regions, vocabulary and staffing standards the import keeps")
        .value_name("FILE");
    o.value("--default-region", a->default_region,
            "region code of organizations without hatchnet's region attribute (foreign data)")
        .value_name("CODE");
    o.value("--out", a->out, "where to write the network JSON (- for standard output)").value_name("FILE");
    o.value("--resources-out", a->resources_out, "where to write the resources found (the matcher's JSON)")
        .value_name("FILE");
    o.value("--needs-out", a->needs_out, "where to write the open needs found (the matcher's JSON)")
        .value_name("FILE");
    o.flag("--no-validate", a->no_validate, "keep a network validate() finds errors in");
    o.ui(a->ui, false, "no summary on standard error");
    return [a](std::ostream& out, std::ostream& err) { return cmd_import(*a, out, err); };
}

const Register r_export{{"export", "export --hsds DIR [--network FILE] [--resources FILE] [--needs FILE]",
                         "write the directory of incubators, services and resources as Open Referral HSDS 3.0",
                         define_export}};
const Register r_import{{"import", "import --hsds DIR [--base FILE] [--out FILE]",
                         "read an Open Referral HSDS directory as a network's nodes and services", define_import}};

}  // namespace
}  // namespace hatchnet::cli
