// hatchnet/io/hsds.hpp — the network's service directory in Open Referral's Human Services Data
// Specification (HSDS 3.0), §3.4 信息发布, §4 信息聚合发布 and §5.1 线上资源交换 of the guidance.
//
// Export writes a directory others can read without hatchnet: every incubator as an HSDS
// `organization` with one `location` (its site), every service it offers as a `service` with a
// `service_at_location`, every resource on offer as a `service` with a `cost_option`, the
// vocabulary as `taxonomy` / `taxonomy_term` records and every hatchnet-specific field (tier,
// region, capacity, staff, modes, ...) as an `attribute` whose taxonomy term names the field
// (docs/hsds.md has the full mapping). Two serializations, the two HSDS 3.0 defines:
//   * JSON: one file per API list endpoint (organizations.json, services.json,
//     taxonomies.json, taxonomy_terms.json), each an API `Page` whose `contents` are the
//     dereferenced records (an organization nests its locations and attributes; a service
//     its attributes, cost options and service-at-locations);
//   * CSV: a Tabular Data Package: one CSV file per table with the standard's columns in the
//     standard's order, and datapackage.json describing them.
// Open needs have no place in HSDS's model: they are written beside the package as
// hatchnet's own needs JSON (needs.json, the format of match/json.hpp), an extension.
// Identifiers are name-based UUIDs (RFC 4122 version 5) of the hatchnet ids, so the same
// network always gives the same files; a node whose id already is a UUID keeps it.
//
// Import reads a directory in either serialization (an HSDS publication of anyone), checks
// every record it reads against the HSDS schema's rules (required fields, types, UUIDs,
// enumerations) and builds a network: hatchnet's own exports come back whole (nodes, their
// services and guidance parents, resources, needs); a foreign organization becomes a `social`
// node of the default region offering its services (service names become vocabulary terms).
// All or nothing: a problem throws input_error naming the file, the record and the field,
// and nothing is returned. export → import → export gives the same bytes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hatchnet/match/resources.hpp"
#include "hatchnet/network.hpp"
#include "hatchnet/validate.hpp"

namespace hatchnet::io {

enum class HsdsFormat : std::uint8_t { json, csv, both };
std::string_view to_string(HsdsFormat f) noexcept;
std::optional<HsdsFormat> parse_hsds_format(std::string_view s) noexcept;

struct HsdsExportOptions {
    /// json: the files in the directory; csv: the package in the directory; both: json/ and csv/.
    HsdsFormat format = HsdsFormat::both;
    const std::vector<match::Resource>* resources = nullptr;  ///< resources on offer, or none
    const std::vector<match::Need>* needs = nullptr;          ///< open needs, or none
    std::string currency = "CNY";                             ///< of the resources' unit costs
};

/// The files of the export (relative path → content), in path order; what export_hsds writes.
std::map<std::string, std::string> hsds_files(const Network& net, const HsdsExportOptions& opt = {});
/// Write the export into `dir` (created if missing; files written atomically).
void export_hsds(const Network& net, const std::string& dir, const HsdsExportOptions& opt = {});

struct HsdsImportOptions {
    /// Regions, vocabulary (functions and mandates), staffing standards and name come from
    /// here (default: none, the default vocabulary).
    const Network* base = nullptr;
    /// Region code of organizations without hatchnet's region attribute (foreign data); when
    /// empty, the base's shortest region code; an error names the record when neither exists.
    std::string default_region;
    bool validate = true;                  ///< refuse a network validate() finds errors in
    ValidationReport* report = nullptr;    ///< receives the warnings (and errors)
};

struct HsdsDirectory {
    Network network;
    std::vector<match::Resource> resources;
    std::vector<match::Need> needs;
};

/// Import a directory: JSON files (organizations.json, services.json, locations.json,
/// service_at_locations.json, taxonomies.json, taxonomy_terms.json; each a Page, an array or
/// one record) or a CSV package (datapackage.json present), or the json/ or csv/ folder of an
/// export (json/ when both). Throws input_error ("file services.csv, row 3", "id", ...).
HsdsDirectory import_hsds(const std::string& dir, const HsdsImportOptions& opt = {});
/// The same from files already in memory (relative path → content), e.g. for the C ABI.
HsdsDirectory import_hsds_files(const std::map<std::string, std::string>& files,
                                const HsdsImportOptions& opt = {});

/// The name-based UUID (version 5, hatchnet's namespace) of `name`, lower-case text.
std::string hsds_uuid(std::string_view name);

}  // namespace hatchnet::io
