// hatchnet/funding/funding.hpp — money in the incubation system (policy §3.3 政府购买服务, §6.2):
// funding sources with earmarks, purchase-of-service contracts with performance-linked payment,
// a plan's costs split across several funds, and the cost per organization served.
//
// Data model.
//   Fund      a source of money (municipal budget, welfare-lottery public-interest fund
//             福利彩票公益金, a district's special fund, social or enterprise money) with an
//             amount per period (calendar year) and earmarks. A fund without earmarks may pay
//             for anything; a fund with earmarks may pay only for what one of them admits. A
//             district_special fund pays only within its `district`.
//   Earmark   a filter (tiers, build modes, districts, service kinds, purposes; an empty list
//             admits any value) and an optional cap: the most the fund pays through it in a
//             period. A cap above the fund's amount of any of its periods is an input_error.
//   Contract  a purchase of services: buyer (a government body), optionally the fund it is
//             paid from, the providing incubator (a node id), amount, period [start, end],
//             deliverables (indicator ids of the evaluation scheme in use, each with the
//             fraction of its points it must reach), tranches and withholding rules.
//   CostItem  something to pay for: a planned site or capacity increase (from a coverage
//             plan), a district's purchased capacity (from a budget split), a contract's
//             share of a year, or one the caller lists.
//
// Allocation (allocate): a plan's costs paid from several funds. A flow network
//   source → fund f (capacity: f's amount in the period, minus contracts charged to f)
//          → earmark e of f (capacity: e's cap; a fund without earmarks has one open earmark)
//          → item i when e admits i (uncapacitated) → sink (capacity: i's amount)
// solved by hatchnet's network simplex in max_flow_min_cost mode (hatchnet/algo/
// min_cost_flow.hpp), in whole money units (AllocateOptions::unit, 1 yuan by default). It
// funds the greatest possible total; among allocations funding that total, it minimises
//   Σ_(f,i) x_fi · (P · rank_i + order_f),
// rank_i = the item's priority rank (0 = most important; by priority, then input order),
// P = number of funds, order_f = the fund's place in the spending order (funds admitting
// fewer of the items first, input order within): so scarce money goes to the most important
// items, and the most restricted money is spent where only it can go, keeping general money. No earmark's cap and
// no fund's amount is ever exceeded. Items not fully funded are reported with the reason:
// no fund admits them (each fund's first failing filter named), or the funds that admit them
// are spent (fund totals or earmark caps reached, named).
// Complexity: the network simplex on F + E + I + 2 nodes and ≤ E·I + F + E + I arcs.
//
// Payments (payments): for each contract, the amount due given evaluation results: every
// tranche is share × amount; a performance-linked tranche is reduced by the withheld share,
// the sum (capped at 1) of the rules that fire: grade below G (in the scheme's grade order;
// ungraded is below every grade), score below S, each missed deliverable (its indicator's
// fraction of points below the deliverable's min_fraction, or not evaluated). Tranches dated
// after PaymentOptions::as_of are not yet due.
//
// Cost per organization served (cost_per_served): money per incubator (the contracts' amount
// due when performance is given, else their amount) divided by the organizations it serves:
// Node::occupied from the network's data, or counts the caller gives (e.g. a match result's
// assignments per incubator); per district, the sums over its incubators.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::evaluate {
struct Scheme;
struct NetworkEvaluation;
}  // namespace hatchnet::evaluate

namespace hatchnet::coverage {
struct PlanResult;
struct SplitResult;
}  // namespace hatchnet::coverage

namespace hatchnet::funding {

enum class FundKind : std::uint8_t { municipal_budget, welfare_lottery, district_special, social, enterprise };
/// What money is spent on: building sites (新建/共建/改建/助建), running them (运营), purchased
/// services (购买服务), staff posts (岗位, §6.3) and public-interest projects (公益项目).
enum class Purpose : std::uint8_t { build, operation, services, staff, projects };

std::string_view to_string(FundKind k) noexcept;
std::string_view to_string(Purpose p) noexcept;
/// Canonical names and the aliases "budget", "lottery", "district", "enterprises".
std::optional<FundKind> parse_fund_kind(std::string_view s) noexcept;
std::optional<Purpose> parse_purpose(std::string_view s) noexcept;

struct Earmark {
    std::string id;                    ///< unique within the fund
    std::vector<Tier> tiers;           ///< empty: any tier
    std::vector<BuildMode> modes;      ///< empty: any (an item without a mode matches only empty)
    std::vector<std::string> districts;  ///< region codes (any level); empty: anywhere
    std::vector<std::string> services;   ///< service ids (with their sub-services); empty: any
    std::vector<Purpose> purposes;     ///< empty: any purpose
    std::optional<double> cap;         ///< most paid through this earmark per period
};

struct Fund {
    std::string id, name;
    FundKind kind = FundKind::municipal_budget;
    std::string district;              ///< district_special: the district code (required)
    std::map<int, double> amounts;     ///< per period (year) → amount (yuan)
    std::vector<Earmark> earmarks;     ///< empty: unrestricted
};

/// A calendar date; ISO 8601 text "YYYY-MM-DD".
struct Date {
    int year = 1970, month = 1, day = 1;
    auto operator<=>(const Date&) const = default;
};
std::optional<Date> parse_date(std::string_view s) noexcept;
std::string to_string(const Date& d);
/// Days since 1970-01-01.
std::int64_t days(const Date& d) noexcept;

struct Deliverable {
    std::string indicator;             ///< an indicator id of the scheme
    double min_fraction = 0.6;         ///< least fraction of its points that counts as delivered
};

struct Tranche {
    double share = 1;                  ///< of the contract amount; tranches sum to 1
    std::optional<Date> due;           ///< none: at the contract's end
    bool linked = true;                ///< performance-linked (rules reduce it) or fixed
};

/// Withhold `withhold` (a share of the linked tranches) when the condition holds. Exactly one
/// condition per rule.
struct PaymentRule {
    std::optional<std::string> grade_below;  ///< grade name of the scheme
    std::optional<double> score_below;       ///< 0–100 score
    bool per_missed_deliverable = false;     ///< once per missed deliverable
    double withhold = 0;                     ///< in [0, 1]
};

struct Contract {
    std::string id, buyer;
    std::string fund;                  ///< the fund it is charged to, or empty (to be allocated)
    std::string incubator;             ///< node id
    double amount = 0;
    Date start, end;
    Purpose purpose = Purpose::services;
    std::vector<std::string> services;   ///< service ids bought (optional)
    std::vector<Deliverable> deliverables;
    std::vector<Tranche> tranches;       ///< empty: one linked tranche at the end
    std::vector<PaymentRule> rules;
};

struct Book {
    std::vector<Fund> funds;
    std::vector<Contract> contracts;
    const Fund* find_fund(std::string_view id) const noexcept;
};

/// Checks that need only the book: ids unique and non-empty, amounts finite and ≥ 0, caps
/// ≤ every amount of their fund, tranche shares summing to 1, withholds in [0, 1], one
/// condition per rule, contracts' funds known and end ≥ start. Throws input_error naming the
/// record ("fund F", "fund F earmark E", "contract C", "contract C tranche 2") and field.
void check(const Book& book);
/// check(book), then against a network (known nodes, districts, service ids; contracts'
/// funds admitting them) and, when given, the scheme in use (deliverables' indicators, rules'
/// grades).
void check(const Book& book, const Network& net, const evaluate::Scheme* scheme = nullptr);

// ------------------------------------------------------------------ cost items, allocation

struct CostItem {
    std::string id, name;
    double amount = 0;
    Purpose purpose = Purpose::build;
    std::optional<Tier> tier;
    std::optional<BuildMode> mode;
    std::string region;                ///< the most precise region code known (street, district)
    std::vector<std::string> services;
    std::string node;                  ///< the incubator concerned, when any
    double priority = 0;               ///< higher first; ties by input order
};

/// One item per pick of a coverage plan ("pick-<n>", purpose build; priority: earlier picks
/// first).
std::vector<CostItem> cost_items_from_plan(const coverage::PlanResult& plan);
/// One item per district of a budget split that buys capacity (purpose services).
std::vector<CostItem> cost_items_from_split(const coverage::SplitResult& split);
/// One item per contract without a fund whose period meets `year`: its amount prorated by the
/// days of [start, end] in that year (purpose, services and incubator from the contract; tier
/// and region from the network's node).
std::vector<CostItem> cost_items_from_contracts(const Book& book, const Network& net, int year);
/// Contract c as a cost item of `amount` ("contract-<id>"; tier, build mode and region of its
/// incubator when the network has it).
CostItem cost_item_of(const Contract& c, const Network& net, double amount);
/// The share of contract c's amount that falls in `year` (by days, both ends included).
double amount_in_year(const Contract& c, int year) noexcept;

/// Whether earmark e (of fund f) admits item i; when not, `why` says which filter refused it.
bool admits(const Fund& f, const Earmark& e, const CostItem& i, const Vocabulary& vocab,
            std::string* why = nullptr);

struct AllocateOptions {
    std::optional<int> year;           ///< the period (default: the earliest any fund has)
    double unit = 1;                   ///< money unit of the flow (amounts rounded to it)
    bool charge_contracts = true;      ///< contracts with a fund first use that fund's money
};

struct Allocation {
    std::string fund, earmark, item;
    double amount = 0;
};

struct ItemResult {
    std::string id;
    double amount = 0, funded = 0, shortfall = 0;
    std::vector<std::string> funds;    ///< funds paying for it
    std::string reason;                ///< why not fully funded ("" when it is)
};

struct FundResult {
    std::string id;
    double amount = 0;                 ///< in the period
    double committed = 0;              ///< charged by contracts naming this fund
    double allocated = 0;              ///< paid to items
    double left = 0;
};

struct AllocationResult {
    int year = 0;
    std::vector<Allocation> allocations;   ///< by fund, earmark, item (input order)
    std::vector<ItemResult> items;         ///< input order
    std::vector<FundResult> funds;         ///< input order
    double total = 0, funded = 0, unfunded = 0;
    std::vector<std::string> notes;
};

/// Pay `items` from `book`'s funds (see the header comment). Throws input_error for bad
/// items (negative or non-finite amount, duplicate id), a year no fund has, a unit ≤ 0 or
/// amounts too large for the unit.
AllocationResult allocate(const Book& book, const std::vector<CostItem>& items,
                          const Network& net, const AllocateOptions& options = {});

// ------------------------------------------------------------------ payments

/// An incubator's evaluation result: grade, 0–100 score, and the fraction of points reached on
/// each indicator (for deliverables).
struct UnitPerformance {
    std::string grade;
    std::optional<double> score;
    std::map<std::string, double> indicators;
};

struct Performance {
    std::vector<std::string> grades;   ///< the scheme's grade names, best first
    std::string ungraded = "ungraded";
    std::map<std::string, UnitPerformance> units;  ///< by node id
};

/// The results of evaluate::evaluate_network on `scheme`.
Performance performance_from(const evaluate::NetworkEvaluation& e, const evaluate::Scheme& scheme);

struct PaymentOptions {
    std::optional<Date> as_of;         ///< only tranches due by this date (none: all)
};

struct Payment {
    std::string contract, incubator, fund, buyer;
    double amount = 0;                 ///< the contract's amount
    double linked = 0;                 ///< of which performance-linked (in tranches due)
    double scheduled = 0;              ///< tranches due by as_of, before withholding
    double withheld_share = 0, withheld = 0, due = 0;
    std::string grade;
    std::optional<double> score;
    std::vector<std::string> missed;   ///< deliverables missed (indicator ids)
    std::vector<std::string> reasons;  ///< one line per rule that fired
    bool evaluated = false;            ///< the incubator has a result
};

/// The payment due on every contract. An incubator without a result has every rule's
/// condition treated as met (ungraded, no score, every deliverable missed) and says so.
std::vector<Payment> payments(const Book& book, const Performance& perf, const PaymentOptions& options = {});

// ------------------------------------------------------------------ cost per organization served

struct CostRow {
    std::string key, name;             ///< node id or district code
    std::string district;              ///< incubators: their district
    double spent = 0;
    std::int64_t served = 0;
    double per_served = 0;             ///< spent / served; NaN when served is 0
};

struct CostPerServed {
    std::vector<CostRow> incubators;   ///< incubators with money or contracts, network order
    std::vector<CostRow> districts;    ///< by code
    std::string served_from;           ///< "occupied" or "given"
};

/// Money per incubator: the payments' `due` (or, with `pays` empty, the contracts' amounts),
/// over the organizations served: `served` (node id → count) when given, else Node::occupied.
CostPerServed cost_per_served(const Book& book, const Network& net, const std::vector<Payment>& pays = {},
                              const std::map<std::string, std::int64_t>* served = nullptr);

}  // namespace hatchnet::funding

#include "hatchnet/funding/json.hpp"
