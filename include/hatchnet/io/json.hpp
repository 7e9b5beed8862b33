// hatchnet/io/json.hpp — the network's JSON format (docs/data-format.md,
// docs/network.schema.json).
//
// Loading is all or nothing: every problem in the text (syntax, wrong types, missing or
// unknown fields, bad enum values) is collected with its record and field, and a
// hatchnet::input_error (a validation_error carrying all of them) is thrown; no partly
// loaded network is ever returned. With `validate` on (the default) the structural checks
// of validate() run too and their errors are thrown the same way.
//
// Saving is canonical: fixed key order, no insignificant whitespace variation, numbers in
// their shortest round-trip form, so save → load → save gives the same bytes.
// Files ending in ".gz" are read and written gzip-compressed (gzip is also detected by
// its magic bytes when reading).
#pragma once

#include <string>
#include <string_view>

#include "hatchnet/network.hpp"
#include "hatchnet/validate.hpp"

namespace hatchnet::io {

/// Which reader parses a network's JSON text. `automatic` (the default) tries the fast one
/// (simdjson's On-Demand API) and, when it declines the text — any error, or a shape it does
/// not read (nested attribute values, an integer written as 3.0, a repeated field) — runs the
/// reference one (nlohmann's SAX parser), whose messages name the record and the field: both
/// give the same Network and the same errors. `reference` and `fast` pick one, for tests and
/// benchmarks; `fast` throws input_error("network", "", "the fast reader declined ...") where
/// it declines.
enum class JsonReader { automatic, fast, reference };

struct LoadOptions {
    bool validate = true;        ///< run validate() and refuse a network with errors
    ValidationReport* report = nullptr;  ///< when set, receives the warnings (and errors)
    JsonReader reader = JsonReader::automatic;  ///< see JsonReader
};

struct SaveOptions {
    int indent = -1;             ///< -1: one record per line (canonical); >= 0: pretty-printed
};

Network load_json(std::string_view text, const LoadOptions& opt = {});
Network load_json_file(const std::string& path, const LoadOptions& opt = {});
std::string save_json(const Network& net, const SaveOptions& opt = {});

/// The tiers' functions and mandates as the network JSON writes them (compact JSON text):
/// {"functions": [{"id", "name", "services"}], "mandates": {"city_center": [ids], ...}}.
std::string functions_json(const Vocabulary& v);
/// Every mandated function a node does not perform (the "missing_function" warnings of
/// validate()), compact JSON text: [{"node", "tier", "function", "name"}], in node order, then
/// mandate order.
std::string missing_functions_json(const Network& net);
void save_json_file(const Network& net, const std::string& path, const SaveOptions& opt = {});

/// Read a whole file, transparently gunzipping it; throws input_error naming the path.
std::string read_file(const std::string& path);
/// Write a whole file (gzip-compressed when the path ends in ".gz").
void write_file(const std::string& path, std::string_view data);

/// Where the embedded default dataset (data/beijing.json.gz) is; the first directory holding it
/// of: $HATCHNET_DATA_DIR; beside the module containing this code (../share/hatchnet,
/// ../../share/hatchnet or data/ next to the shared library, Python extension or program, so
/// an installed prefix can move); the source tree's data/ (development builds); the install
/// directory configured at build time (docs/c-api.md, "Data directory"). Throws input_error
/// listing the directories tried when none has it.
std::string default_dataset_path();
std::string default_data_dir();

/// The JSON Schema (draft 2020-12) of the format, as text.
std::string_view network_schema();

}  // namespace hatchnet::io
