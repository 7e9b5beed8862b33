// hatchnet/referral/router.hpp — referral routing: from the first-contact node to the
// best-suited incubator, with every decision explained.
//
// Problem. A social organization (by id, or by its attributes) with needed services comes
// to a first-contact incubator. Among the routing nodes within `horizon` relation hops,
// each node is either a *candidate* — it covers enough of the needs (a need is covered when
// the node offers that service, an ancestor of it, or a descendant of it in the service
// tree: Vocabulary::service_within either way), fits the organization's sectors and tier,
// serves its area, accepts its credit, has spare capacity, may be reached by an authorised
// route of at most `max_hops` allowed moves, and is neither excluded by the request nor
// outside its consent — or it is *excluded* with every reason that applies (Reason).
// Candidates are ranked by a weighted sum of seven factors in [0, 1] (Factor): coverage of
// the needs, sector fit, tier fit, spare share of capacity, evaluation score / 100, network
// distance 1 / (1 + hops) and same district (1 / 0). The best is chosen (ties: fewer hops,
// then lower node index) and the route to it is the chain of hops of a shortest allowed
// route, each hop labelled with its move and why the node it leaves did not keep the
// referral. When every node that fits lacks only capacity, the result is a waitlist place at
// the best of them.
//
// Algorithm. The Router precomputes per node, once: bitsets of the services it covers (the
// closure of its services up and down the tree) and of its sectors, its area, district,
// spare capacity and normalised evaluation. Per first-contact node, on first use (thread-safe,
// lock-free publication): a breadth-first search over any relation (the explanation ball of
// radius `horizon`) and one over allowed, authorised moves (route lengths and predecessor
// hops), on adjacency lists sorted by vertex so ties are broken by index. A request is then
// one linear scan of the ball with word-wide bit operations.
//
// Contracts (Network::contracts, §5.4). The parties of a contract may refer to one another
// (the move "contract", like a contract edge) only for the services of its scope and within
// its period: a request uses a contract when every need lies within the scope and its as-of
// date (Request::as_of) lies between start and end. Otherwise the contract's arcs are left out
// of the request's routes; a node that only such a contract would have brought within
// max_hops is excluded with reason contract_unusable (naming the contract), and
// Result::contracts says why each contract on the way could not be used ("contract K does
// not cover service S", "contract K expired on D", "contract K is in force from D"). A
// contract *edge* (Network::edges) has no scope or period and is always usable.
//
// Complexity. Construction O(V·W + E) (W: 64-bit words of the vocabularies); first use of a
// first contact O(B + E_B) for its ball of B nodes; route() O(B·W + C log C) for C candidates.
// route_batch(): the routes, then a min-cost flow (requests with identical candidate costs are
// merged into one supply node) — see route_batch().
//
// Thread safety: route() and route_batch() are const and may run from any number of threads
// on one Router; the Graph must outlive the Router and not change.
//
// References. Open Referral HSDS 3.1 (service taxonomy, capacity); HL7 Gravity SDOH referral
// Task states; Ahuja, Magnanti, Orlin: Network Flows (1993) ch. 9–11 (the transportation
// problem of batch routing).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hatchnet/graph.hpp"
#include "hatchnet/network.hpp"
#include "hatchnet/progress.hpp"
#include "hatchnet/referral/policy.hpp"

namespace hatchnet::referral {

enum class Urgency : std::uint8_t { routine, urgent };
std::string_view to_string(Urgency u) noexcept;
std::optional<Urgency> parse_urgency(std::string_view s) noexcept;

/// Why a node is not a candidate: bits of a ReasonMask.
enum class Reason : std::uint16_t {
    service_not_offered = 1u << 0,  ///< covers less than min_coverage of the needs (or none)
    sector_mismatch = 1u << 1,      ///< specialised in sectors none of which is the organization's
    tier_mismatch = 1u << 2,        ///< the policy gives its tier fit 0 for this organization
    no_capacity = 1u << 3,          ///< no spare capacity
    out_of_area = 1u << 4,          ///< its area does not contain the organization's region
    not_authorised = 1u << 5,       ///< no route of allowed, authorised moves reaches it
    too_far = 1u << 6,              ///< the allowed route is longer than max_hops
    excluded_by_request = 1u << 7,  ///< the request excludes it
    no_consent = 1u << 8,           ///< its operator is outside the organization's consent scope
    credit_too_low = 1u << 9,       ///< the organization's credit is below its tier's minimum
    /// only a contract that does not cover the needs or is not in force on the as-of date
    /// would bring it within max_hops (Excluded::contract names it)
    contract_unusable = 1u << 10,
};
using ReasonMask = std::uint16_t;
inline constexpr int reason_count = 11;
std::string_view to_string(Reason r) noexcept;
/// The codes of the bits of `m`, in bit order.
std::vector<std::string_view> reason_codes(ReasonMask m);
std::optional<Reason> parse_reason(std::string_view s) noexcept;

/// A referral request. Give `organization` (an id of the network) or the attributes, not both.
struct Request {
    std::string id;                          ///< the caller's reference (optional)
    std::string organization;
    std::optional<OrgType> type;             ///< required without an organization id
    std::optional<Stage> stage;
    std::optional<Registration> registration;  ///< default: street for community_org, else district
    std::vector<std::string> sectors;
    std::string region;                      ///< NBS code; empty: no area check, no district match
    std::optional<double> credit;            ///< 0–100; absent: no credit check
    std::vector<std::string> needs;          ///< service ids, at least one
    std::string first_contact;               ///< node id; empty: the organization's home incubator
    Urgency urgency = Urgency::routine;
    /// Operators the organization consents to share its referral with (bit 1 << Operator);
    /// default both government and social.
    std::uint8_t consent = 0x3;
    std::vector<std::string> exclude;        ///< node ids the request rules out
    /// The day whose contracts are in force, "YYYY-MM-DD"; empty: today (UTC). Only
    /// contracts of Network::contracts have periods.
    std::string as_of;
};

/// Why a contract could not carry a request (Result::contracts).
enum class ContractIssue : std::uint8_t { out_of_scope, not_yet_in_force, expired };
std::string_view to_string(ContractIssue i) noexcept;

struct ContractNote {
    std::uint32_t contract = 0;              ///< index into Network::contracts
    ContractIssue issue = ContractIssue::out_of_scope;
    std::string service;                     ///< out_of_scope: the first need it does not cover
    std::string date;                        ///< not_yet_in_force: its start; expired: its end
    /// "contract K does not cover service S", "contract K expired on D",
    /// "contract K is in force from D".
    std::string text(const Network& net) const;
};

struct Candidate {
    Graph::vertex node = Graph::null_vertex;
    int hops = 0;                            ///< length of the allowed route
    double score = 0;
    std::array<double, factor_count> factors{};        ///< each in [0, 1]
    std::array<double, factor_count> contributions{};  ///< factor × its (urgency-adjusted) weight
};

struct Excluded {
    Graph::vertex node = Graph::null_vertex;
    int hops = -1;                           ///< allowed route length, -1 when none
    int distance = 0;                        ///< relation hops, any relation and direction
    ReasonMask reasons = 0;                  ///< never 0
    std::int32_t contract = -1;              ///< contract_unusable: the contract (Network::contracts)
};

struct Hop {
    Graph::vertex from = Graph::null_vertex, to = Graph::null_vertex;
    Move move = Move::up;
    std::uint32_t edge = 0;                  ///< index into Network::edges (contract < 0)
    std::int32_t contract = -1;              ///< index into Network::contracts when it rides on one
    /// Why `from` did not keep the referral: its reasons, or 0 when it was a candidate that
    /// scored below the chosen node (better_fit) or is only a transit point.
    ReasonMask because = 0;
    bool from_was_candidate = false;
};

struct Waitlist {
    Graph::vertex node = Graph::null_vertex;
    std::int64_t position = 0;               ///< 1 + the node's present queue (occupied - capacity)
    double score = 0;
    int hops = 0;                            ///< length of the allowed route to it
};

enum class RouteStatus : std::uint8_t { routed, waitlisted, no_candidate };
std::string_view to_string(RouteStatus s) noexcept;

struct Result {
    std::string request_id;
    RouteStatus status = RouteStatus::no_candidate;
    Graph::vertex first_contact = Graph::null_vertex;
    Graph::vertex chosen = Graph::null_vertex;   ///< null unless routed
    std::vector<Candidate> candidates;           ///< best first
    std::vector<Excluded> excluded;              ///< by distance, then vertex
    std::vector<Hop> route;                      ///< from the first contact to chosen / waitlist node
    std::optional<Waitlist> waitlist;
    std::string as_of;                           ///< the date contracts were judged on
    /// The contracts (of Network::contracts) a route within the horizon would have used but
    /// this request could not, each once, in order of their first use.
    std::vector<ContractNote> contracts;
};

// ---------------------------------------------------------------- batch routing

struct Assignment {
    std::size_t request = 0;                     ///< index in the input
    RouteStatus status = RouteStatus::no_candidate;
    Graph::vertex node = Graph::null_vertex;     ///< where it is placed (routed) or waitlisted
    double score = 0;                            ///< the request's score at `node`
    int hops = -1;
    std::int64_t waitlist_position = 0;          ///< 1-based when waitlisted
};

struct BatchResult {
    std::vector<Assignment> assignments;         ///< in input order
    std::size_t routed = 0, waitlisted = 0, unroutable = 0;
    double total_score = 0;                      ///< sum of scores of the routed requests
    /// The optimised objective: sum over routed requests of round(score × score_scale) plus,
    /// for urgent ones, round(urgent_batch_bonus × score_scale). Maximal over all placements
    /// that respect spare capacities.
    std::int64_t objective = 0;
    std::vector<std::int64_t> placed;            ///< per vertex: requests placed there
    std::string solver;                          ///< "network_simplex"
    std::size_t classes = 0;                     ///< supply nodes after merging identical requests
};

/// Scores are scaled to integers for the flow solver: cost = -round(score × score_scale).
inline constexpr double score_scale = 1e6;

// ---------------------------------------------------------------- the router

class Router {
public:
    /// Build on a frozen graph (which must outlive the router). Validates the policy against
    /// the network's vocabulary (input_error naming the field).
    explicit Router(const Graph& graph, Policy policy = Policy::defaults());
    /// Build on a shared frozen graph, which the router keeps alive (the form the C ABI and
    /// Python use: many engines share one graph, none copies it). Throws input_error for null.
    explicit Router(std::shared_ptr<const Graph> graph, Policy policy = Policy::defaults());
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    const Graph& graph() const noexcept { return *g_; }
    /// The shared graph when built from one, else null.
    const std::shared_ptr<const Graph>& graph_ptr() const noexcept { return owner_; }
    const Policy& policy() const noexcept { return policy_; }

    /// Route one request. Throws input_error naming the field for bad input (unknown
    /// organization / node / service / sector ids, empty needs, a first contact outside the
    /// routing tiers, a malformed region, credit outside 0–100).
    Result route(const Request& request) const;

    /// Route many requests against spare capacities: each request is placed at one of its
    /// candidates or waitlisted; no node receives more than its spare capacity; the objective
    /// (see BatchResult) is maximal. Unplaced requests are waitlisted at their best node
    /// (ignoring capacity), urgent ones first, then in input order. Requests that fail
    /// validation throw input_error naming "requests[i]". `progress` (hatchnet/progress.hpp)
    /// sees stages "route" (requests routed singly / total) and "solve" (flow pivots); when
    /// it returns false the call throws hatchnet::interrupted.
    BatchResult route_batch(std::span<const Request> requests, const ProgressFn& progress = {}) const;

    /// Precompute the routing data of every routing node as first contact (otherwise done on
    /// first use). Useful before timing.
    void warm_up() const;

    // ------------------------------------------------------------ internal
    /// Bitsets of services / sectors: up to 256 vocabulary terms each.
    static constexpr std::size_t max_words = 4;
    using Bits = std::array<std::uint64_t, max_words>;
    /// The routing nodes within `horizon` relation hops of one first contact, in order of
    /// distance then vertex; entry 0 is the first contact itself.
    struct Ball {
        struct Entry {
            std::uint32_t v;
            std::uint8_t distance;   ///< relation hops, any relation
            std::uint8_t hops;       ///< allowed route length, 255: none within the horizon
            Move move;               ///< the last hop of the allowed route
            std::uint32_t pred;      ///< entry index of the previous node on the allowed route
            std::uint32_t edge;      ///< edge index of the last hop
            std::uint32_t contract;  ///< contract index of the last hop, no_contract: an edge
        };
        std::vector<Entry> entries;
        bool uses_contracts = false;  ///< some route rides on a contract of Network::contracts
    };
    static constexpr std::uint32_t no_contract = 0xFFFFFFFFu;
    /// A request checked and turned into bitsets and tables.
    struct Resolved {
        Graph::vertex fc = Graph::null_vertex;
        Bits need{}, sect{};
        int n_needs = 0;
        bool has_sectors = false;
        TierTable fit{};
        std::string_view region;
        std::uint32_t district = 0;
        double credit = -1;      ///< -1: no credit check
        std::uint8_t consent = 3;
        Urgency urgency = Urgency::routine;
        std::vector<Graph::vertex> exclude;
        std::array<double, factor_count> w{};
        std::string as_of;
        std::vector<char> usable;            ///< per contract: carries this request
        std::vector<ContractNote> notes;     ///< per contract: why not (when !usable)
        const Ball* full = nullptr;          ///< the first contact's ball, every contract usable
        const Ball* ball = nullptr;          ///< the ball of this request (== full, or own)
        std::unique_ptr<Ball> own;           ///< a ball without the unusable contracts
    };
    void resolve(const Request& r, Resolved& out, const std::string& record) const;
    /// Scan the ball of q.fc: candidates into `cands` (sorted), the best node that lacks only
    /// capacity into *best_full (when not null), and with Explain the excluded list, the
    /// chosen node, the route and the waitlist into *out.
    template <bool Explain>
    void scan(const Resolved& q, Result* out, std::vector<Candidate>& cands, Waitlist* best_full) const;

private:
    std::shared_ptr<const Graph> owner_;         ///< set by the shared-graph constructor
    const Graph* g_;
    Policy policy_;
    std::size_t sw_ = 1, cw_ = 1;                 ///< words per service / sector bitset
    std::vector<Bits> cover_;                     ///< per vertex: services covered (closure)
    std::vector<Bits> sectors_;                   ///< per vertex: its sectors
    struct NodeData {
        std::uint8_t tier = 0, op = 0;
        bool routing = false, has_sectors = false, citywide = false;
        std::int64_t spare = 0;
        double capacity_share = 0, evaluation = 0;
        std::uint32_t district = 0;               ///< 6-digit code as a number, 0: none
        std::string_view area;                    ///< Policy::area_of: "" serves the whole city
    };
    std::vector<NodeData> nodes_;
    std::unordered_map<std::string_view, std::uint32_t> service_bit_, sector_bit_, org_index_;
    std::vector<Bits> service_tier_mask_;         ///< per service_tier_fit row: services within it
    struct Arc { std::uint32_t to, edge; Move move; bool allowed; std::uint32_t contract = no_contract; };
    std::vector<std::uint32_t> adj_begin_;
    std::vector<Arc> adj_;                        ///< routing nodes only, sorted by target
    mutable std::unique_ptr<std::atomic<const Ball*>[]> balls_;

    const Ball& ball(Graph::vertex first_contact) const;
    std::unique_ptr<Ball> build_ball(Graph::vertex s, const std::vector<char>* usable = nullptr) const;
    std::vector<Bits> contract_scope_;            ///< per contract: the services its scope covers
    void add_contract_arcs(std::vector<Arc>& tmp, std::size_t u) const;
    void check_contracts(const Request& r, Resolved& q, const std::string& record) const;
    void explain(const Resolved& q, const Ball& b, const Ball* full, const std::vector<ReasonMask>& masks,
                 const std::vector<Candidate>& cands, Waitlist* best_full, Result* out) const;
};

}  // namespace hatchnet::referral
