// hatchnet/records/evaluation.hpp — evaluation cycles from the records (§6.4 定期评估;
// docs/records.md, "Evaluation cycles").
//
// Each period the incubators are evaluated on the network as it stood at the period's end
// (Store::network_at), with indicators computed from the records of the period:
//
//   incubation.incubated        stays holding a place at some time in the period
//   incubation.graduated        graduations dated in the period
//   graduation_rate             graduated / stays that ended in the period (NaN: none ended)
//   median_days_to_graduation   median days admission → graduation of the period's graduations
//   referrals_completed         referrals to it completed in the period
//   referral_completion_rate    completed / referrals to it that ended in the period
//   capacity_use                residents at the period's end / capacity then (NaN: capacity 0)
//
// combined with the caller's indicator data (its columns win) and rater scores through the
// existing schemes and options (evaluate::evaluate_network); a scheme column nobody gives is a
// missing value, imputed per the options (zero by default). The rows — score, grade, rank and
// the data and points behind them — are written to the store's `evaluations` table, so the
// history per incubator is plain SQL. compare_cycles() gives the year-on-year view: grade
// transitions, rank stability (Spearman's rho over the incubators evaluated in both) and the
// incubators whose grade moved by two levels or more, with the indicators whose points moved
// most.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/records/store.hpp"

namespace hatchnet::records {

/// The names of the record indicators (above), in their column order.
const std::vector<std::string>& record_indicator_columns();

/// The record indicators of `period` for every node of `net` (the network at its end).
evaluate::IndicatorTable record_indicators(const Store& store, const Network& net, const Period& period);

struct Cycle {
    std::string period, scheme;
    evaluate::NetworkEvaluation evaluation;
    std::vector<EvaluationRow> rows;  ///< as written to the store
};

/// Evaluate `period` (see above) and write its rows, replacing an earlier run of the same
/// period and scheme. `opt.draws` is honoured (0 for no rank intervals).
Cycle evaluate_period(Store& store, const Network& base, const std::string& period, const evaluate::Scheme& scheme,
                      const evaluate::RatingTable& ratings = {}, const evaluate::IndicatorTable& extra = {},
                      const evaluate::NetworkEvalOptions& opt = {});

struct GradeChange {
    std::string incubator, grade_from, grade_to;
    int levels = 0;  ///< grade levels gained (positive: better; ungraded is the lowest level)
    std::optional<double> rank_from, rank_to;
    /// The indicators whose points changed most (largest |change| first, at most 3): id, change.
    std::vector<std::pair<std::string, double>> moved_by;
};

struct CycleComparison {
    std::string from, to, scheme;
    std::size_t common = 0;               ///< incubators evaluated in both periods
    std::optional<double> rank_correlation;  ///< Spearman's rho (none with fewer than 2, or no spread)
    std::map<std::string, std::map<std::string, int>> transitions;  ///< grade from -> grade to -> count
    std::vector<GradeChange> changes;     ///< every incubator whose grade changed
    std::vector<GradeChange> movers;      ///< |levels| >= 2
};

CycleComparison compare_cycles(const Store& store, const evaluate::Scheme& scheme, const std::string& from,
                               const std::string& to);

nlohmann::ordered_json cycle_to_json(const Cycle& c);
nlohmann::ordered_json comparison_to_json(const CycleComparison& c);

}  // namespace hatchnet::records
