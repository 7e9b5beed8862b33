// hatchnet/evaluate/scheme.hpp — indicator systems as data: trees, points, bonus, veto, grades.
//
// Problem: China's social-organisation evaluation (and our incubator scheme) scores units on a
// tree of indicators worth points (MCA: 1,000 points in four first-level areas plus a capped
// bonus), turns the total into a grade (1A–5A) by thresholds, and caps grades by veto rules
// ("no grade above 4A when indicator X < t"). Schemes differ by place, so they are data (JSON).
// Method:
//   * Each node has max points P: given ("points"), or derived from "weight" as
//     P_child = P_parent · w_child / sum(sibling weights). strict_sums (default true): children's
//     points must add up to the parent's (children's weights to 1) — else input_error naming the
//     parent; when false, they are rescaled and a note says so.
//   * A leaf reads one data column (default: its id) and maps the value to a fraction f in
//     [0,1] by its scoring rule: fraction (value already in [0,1]), points (value = points
//     earned), goalposts (low/high), binary (value != 0), or data-driven minmax / rank;
//     polarity "cost" mirrors it (1 - f).
//   * An internal node combines its children's fractions with its aggregator — arithmetic
//     (default: points add up), geometric (prod f^w) or minimum — chosen per node or per level
//     (level_aggregators, COINr#42); points = f · P.
//   * Bonus subtrees (bonus: true) are scored the same way but kept out of the main sums; each
//     bonus node's points are capped by its "cap", the unit's bonus total by bonus_cap.
//     total = main points + min(bonus, bonus_cap).
//   * grade = the best grade whose min_points <= total (a total within 1e-9 relative of a
//     threshold counts as reaching it); then every veto rule that fires caps the grade at its
//     max_grade (or "none"); a veto on a missing value fires (conservative) with a note.
//   * Missing data: SchemeOptions::missing — zero (default: no evidence, no points), mean,
//     median, group_mean, or leave_out (fractions re-weighted over present siblings);
//     the result's notes say which cells were imputed how.
// Errors (input_error, record = indicator id, field = JSON field): duplicate id, unknown
// parent, cycle, a tree deeper than max_scheme_depth (32) levels (field 'parent', naming the
// first indicator too deep), missing points/weight, sums that do not add up, non-finite
// numbers, unknown aggregator/scoring/polarity/source, veto on unknown indicator or grade,
// missing data column. More indicators than max_elements: limit_error (hatchnet/limits.hpp).
// Complexity: load O(N log N); evaluate O(units × nodes).
// References: 民政部《社会组织评估管理办法》(2010) and Beijing's service-organisation
// evaluation standard (areas 70/490/320/120 + 20 bonus); OECD/JRC Handbook (2008);
// COINr (Becker et al. 2022).
#pragma once

#include "hatchnet/evaluate/normalise.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hatchnet::evaluate {

/// Levels an indicator tree may have (first-level indicators are level 1). Published schemes
/// have three or four; the bound keeps loading linear in the number of indicators.
inline constexpr int max_scheme_depth = 32;

enum class Source { unspecified, recipients, third_party, self_report, administrative };
enum class NodeAggregator { arithmetic, geometric, minimum };
enum class LeafScoring { fraction, points, goalposts, binary, minmax, rank };

struct Indicator {
    std::string id, parent, name, description;   ///< parent empty = first level
    std::optional<double> points, weight, cap;
    int polarity = 1;                            ///< +1 benefit, -1 cost
    Source source = Source::unspecified;
    bool bonus = false;
    std::string column;                          ///< leaves: data column (default id)
    LeafScoring scoring = LeafScoring::fraction;
    double low = 0, high = 1;                    ///< goalposts
    std::optional<NodeAggregator> aggregator;    ///< internal nodes
};

struct Grade {
    std::string name;
    double min_points = 0;
};

struct VetoRule {
    std::string id, indicator;
    std::string on = "value";       ///< value | fraction | points
    std::string op = "<";           ///< < <= > >= == !=
    double threshold = 0;
    std::string max_grade;          ///< grade name, or "none" = no grade at all
    std::string reason;
};

struct Scheme {
    std::string id, name, description;
    std::optional<double> total_points;           ///< default: sum of first-level main points
    bool strict_sums = true;
    std::optional<double> bonus_cap;
    std::vector<std::pair<int, NodeAggregator>> level_aggregators;  ///< depth -> aggregator
    std::vector<Indicator> indicators;
    std::vector<Grade> grades;                    ///< sorted best (highest) first on load
    std::string ungraded = "ungraded";
    std::vector<VetoRule> vetoes;

    // derived on load (validate())
    std::vector<int> parent_index, depth;
    std::vector<std::vector<int>> children;
    std::vector<double> max_points;               ///< resolved P per node
    std::vector<char> in_bonus;                   ///< node is in a bonus subtree
    std::vector<int> order_bottom_up;
    Notes notes;

    int index_of(const std::string& id) const;    ///< -1 if absent
    bool is_leaf(int i) const { return children[std::size_t(i)].empty(); }
};

Scheme load_scheme(const std::string& path);
void save_scheme(const Scheme& s, const std::string& path);
/// (Re)build the derived fields; called by scheme_from_json.
void validate(Scheme& s);

std::string_view to_string(Source s) noexcept;
std::string_view to_string(NodeAggregator a) noexcept;
std::string_view to_string(LeafScoring s) noexcept;
/// The spellings a scheme file accepts ("source", "scoring", "aggregator"); nullopt if unknown.
std::optional<Source> parse_source(std::string_view s) noexcept;
std::optional<NodeAggregator> parse_node_aggregator(std::string_view s) noexcept;  ///< with aliases
std::optional<LeafScoring> parse_leaf_scoring(std::string_view s) noexcept;

struct SchemeOptions {
    Imputation missing = Imputation::zero;
    Eigen::VectorXi groups;   ///< per unit, for group_mean imputation
};

struct SchemeResult {
    std::vector<std::string> node_ids;
    Matrix fraction;                  ///< units × nodes, in [0,1]
    Matrix points;                    ///< units × nodes (bonus nodes after their cap)
    Vector main_points, bonus_points, total;
    std::vector<int> area_nodes;      ///< first-level main nodes (columns of points)
    std::vector<std::string> grade, grade_before_veto;
    Eigen::VectorXi grade_index;      ///< 0 = best grade, -1 = ungraded
    std::vector<std::vector<std::string>> vetoes_fired;   ///< veto ids per unit
    Notes notes;
};

/// Score `data` (units × columns named by `columns`) on the scheme.
SchemeResult evaluate_scheme(const Scheme& s, const Matrix& data,
                             const std::vector<std::string>& columns,
                             const SchemeOptions& opt = {});

/// Grade of a total (no veto) — exposed for tests and callers.
int grade_for(const Scheme& s, double total);

}  // namespace hatchnet::evaluate

// The JSON forms of a scheme (one home: hatchnet/evaluate/json.hpp).
#include "hatchnet/evaluate/json.hpp"
