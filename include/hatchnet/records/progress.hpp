// hatchnet/records/progress.hpp — targets and progress toward them (docs/records.md,
// "Targets and progress").
//
// A target is data (Target in store.hpp): the guidance's 2020 targets by default — a district
// incubator in every district and a street incubator in every street / township (§2) — or the
// user's. progress() measures each target at the end of every observed period (periods that
// start on or before the store's latest event or fact) on the network as it stood then
// (the store's timeline applied to the base network), per district too, and projects it to
// its due date:
//
//   projection: ordinary least squares line through (t_i, y_i), t in years, evaluated at the
//   due date; a 90 % prediction interval ŷ ± t_{0.95, n-2} · s · sqrt(1 + 1/n + (t0 - t̄)² / Sxx)
//   (s² = residual sum of squares / (n - 2)); shares are clipped to [0, 1]. With 2 points the
//   line has no interval; with fewer there is no projection.
//
// Status: "met" when the latest measured value reaches the target; otherwise, past the due
// date "missed", before it "on_track" when the projection reaches the target, else "behind".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hatchnet/records/store.hpp"

namespace hatchnet::records {

/// The guidance's 2020 targets for the regions under `scope` (default Beijing, "11").
std::vector<Target> default_targets(const std::string& scope = "11");

struct Projection {
    double value = 0;        ///< at the due date
    std::optional<double> low, high;  ///< the prediction interval (none with 2 points)
    double level = 0.9;
    int points = 0;
    double slope = 0;        ///< per year
};

/// The OLS projection of (x, y) at x0 (above); nullopt with fewer than 2 points or a zero
/// spread of x.
std::optional<Projection> project(const std::vector<double>& x, const std::vector<double>& y, double x0,
                                  double level = 0.9);

struct TargetProgress {
    Target target;
    std::vector<std::pair<std::string, double>> series;  ///< period id -> measured at its end
    std::map<std::string, double> by_district;          ///< at the latest observed period
    std::optional<Projection> projection;
    std::string status;                                 ///< met, on_track, behind, missed
};

struct ProgressReport {
    std::string as_of;  ///< the store's latest event or fact date ("" when it has none)
    std::vector<TargetProgress> targets;
};

/// Measure one target on `net` (the network on `date`) and, for graduations, the store's
/// records up to `date`; `by_district` (optional) receives the per-district values.
double measure(const Target& t, const Network& net, const Store& store, const std::string& date,
               std::map<std::string, double>* by_district = nullptr);

/// Progress of `targets` (empty: the store's targets, or default_targets() when it has none).
ProgressReport progress(const Store& store, const Network& base, std::vector<Target> targets = {});
nlohmann::ordered_json progress_to_json(const ProgressReport& r);

}  // namespace hatchnet::records
