// hatchnet/io/divisions.hpp — import of National Bureau of Statistics division tables.
//
// The format of the NBS statistical division files (as redistributed in
// shared/data/nbs-divisions): CSV with header `code,name,...`, one division per row.
//   provinces.csv: code,name                                   (2-digit codes)
//   cities.csv:    code,name,provinceCode                      (4-digit)
//   areas.csv:     code,name,cityCode,provinceCode             (6-digit counties)
//   streets.csv:   code,name,areaCode,provinceCode,cityCode    (9-digit streets/townships)
// Only `code` and `name` are required; the other columns are checked against the code's
// prefix when present. A broken row (wrong column count, a code of the wrong length or with
// non-digits, a parent column that disagrees with the code, a duplicate code) throws
// input_error naming the file and line; nothing is returned half-read.
// The kind of a street-level unit follows the NBS convention within a county: 001–099
// streets (name ending in 地区: area office), 1xx towns, 2xx townships, 4xx–5xx zones.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::io {

/// Parse one division table (any of the four files above) into regions.
std::vector<Region> parse_divisions_csv(std::string_view text, const std::string& source = "csv");
std::vector<Region> load_divisions_csv(const std::string& path);

/// Load every one of provinces.csv, cities.csv, areas.csv, streets.csv found in `dir`
/// (at least one must exist), sorted by code, duplicates across files refused.
std::vector<Region> load_divisions_dir(const std::string& dir);

/// The kind of a 9-digit street-level code by the NBS convention (see above).
std::string street_kind(std::string_view code, std::string_view name);

}  // namespace hatchnet::io
