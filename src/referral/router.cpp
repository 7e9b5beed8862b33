// Referral routing of single requests. See hatchnet/referral/router.hpp.
#include <algorithm>
#include <bit>
#include <boost/range/iterator_range.hpp>
#include <cmath>

#include <chrono>

#include "hatchnet/error.hpp"
#include "hatchnet/records/store.hpp"  // records::is_date
#include "hatchnet/referral/router.hpp"

namespace hatchnet::referral {

namespace {
constexpr std::array<std::string_view, reason_count> reason_names{
    "service_not_offered", "sector_mismatch", "tier_mismatch",       "no_capacity",
    "out_of_area",         "not_authorised",  "too_far",             "excluded_by_request",
    "no_consent",          "credit_too_low",  "contract_unusable"};
constexpr std::uint8_t no_route = 255;

void set_bit(Router::Bits& b, std::uint32_t i) { b[i >> 6] |= std::uint64_t(1) << (i & 63); }

/// Scratch arrays of one thread, indexed by vertex, reset after each use through `touched`.
struct Scratch {
    std::vector<std::int32_t> dist, hops, index;
    std::vector<std::uint32_t> pred, edge, contract;
    std::vector<Move> move;
    std::vector<std::uint32_t> touched, queue;
    void size(std::size_t n) {
        if (dist.size() < n) {
            dist.assign(n, -1);
            hops.assign(n, -1);
            index.assign(n, -1);
            pred.assign(n, 0);
            edge.assign(n, 0);
            contract.assign(n, Router::no_contract);
            move.assign(n, Move::up);
        }
    }
    void reset() {
        for (auto v : touched) dist[v] = hops[v] = index[v] = -1;
        touched.clear();
    }
};
}  // namespace

std::string_view to_string(Reason r) noexcept {
    auto i = std::countr_zero(unsigned(r));
    return i < reason_count ? reason_names[i] : "?";
}
std::vector<std::string_view> reason_codes(ReasonMask m) {
    std::vector<std::string_view> r;
    for (int i = 0; i < reason_count; ++i)
        if (m & (1u << i)) r.push_back(reason_names[i]);
    return r;
}
std::optional<Reason> parse_reason(std::string_view s) noexcept {
    for (int i = 0; i < reason_count; ++i)
        if (reason_names[i] == s) return Reason(1u << i);
    return std::nullopt;
}
std::string_view to_string(Urgency u) noexcept { return u == Urgency::urgent ? "urgent" : "routine"; }
std::optional<Urgency> parse_urgency(std::string_view s) noexcept {
    if (s == "routine") return Urgency::routine;
    if (s == "urgent") return Urgency::urgent;
    return std::nullopt;
}
std::string_view to_string(ContractIssue i) noexcept {
    switch (i) {
        case ContractIssue::out_of_scope: return "out_of_scope";
        case ContractIssue::not_yet_in_force: return "not_yet_in_force";
        default: return "expired";
    }
}
std::string ContractNote::text(const Network& net) const {
    const std::string k = contract < net.contracts.size() ? net.contracts[contract].id : "?";
    switch (issue) {
        case ContractIssue::out_of_scope: return "contract " + k + " does not cover service " + service;
        case ContractIssue::not_yet_in_force: return "contract " + k + " is in force from " + date;
        default: return "contract " + k + " expired on " + date;
    }
}
std::string_view to_string(RouteStatus s) noexcept {
    switch (s) {
        case RouteStatus::routed: return "routed";
        case RouteStatus::waitlisted: return "waitlisted";
        default: return "no_candidate";
    }
}

// ---------------------------------------------------------------- construction

namespace {
const Graph& checked(const std::shared_ptr<const Graph>& g) {
    if (!g) throw input_error("router", "graph", "needs a graph");
    return *g;
}
}  // namespace

Router::Router(std::shared_ptr<const Graph> graph, Policy policy) : Router(checked(graph), std::move(policy)) {
    owner_ = std::move(graph);
}

Router::Router(const Graph& graph, Policy policy) : g_(&graph), policy_(std::move(policy)) {
    const Network& net = g_->network();
    policy_.validate(&net.vocabulary);
    const auto& voc = net.vocabulary;
    const std::size_t S = voc.services.size(), C = voc.sectors.size();
    if (S > 64 * max_words || C > 64 * max_words)
        throw input_error("network", "vocabulary", "the referral engine handles at most 256 services and 256 sectors");
    sw_ = std::max<std::size_t>(1, (S + 63) / 64);
    cw_ = std::max<std::size_t>(1, (C + 63) / 64);
    for (std::size_t i = 0; i < S; ++i) service_bit_.emplace(voc.services[i].id, std::uint32_t(i));
    for (std::size_t i = 0; i < C; ++i) sector_bit_.emplace(voc.sectors[i].id, std::uint32_t(i));
    // closure of each term: itself, its ancestors and its descendants
    std::vector<Bits> closure(S, Bits{});
    for (std::size_t a = 0; a < S; ++a)
        for (std::size_t b = 0; b < S; ++b)
            if (voc.service_within(voc.services[a].id, voc.services[b].id) ||
                voc.service_within(voc.services[b].id, voc.services[a].id))
                set_bit(closure[a], std::uint32_t(b));
    for (const auto& r : policy_.service_tier_fit) {
        Bits m{};
        for (std::size_t b = 0; b < S; ++b)
            if (voc.service_within(voc.services[b].id, r.service)) set_bit(m, std::uint32_t(b));
        service_tier_mask_.push_back(m);
    }
    for (const auto& k : net.contracts) {
        Bits m{};
        for (std::size_t b = 0; b < S; ++b)
            if (k.covers(voc.services[b].id, voc)) set_bit(m, std::uint32_t(b));
        contract_scope_.push_back(m);
    }

    const std::size_t V = g_->num_vertices();
    nodes_.resize(V);
    cover_.assign(V, Bits{});
    sectors_.assign(V, Bits{});
    for (std::size_t v = 0; v < V; ++v) {
        const Node& n = net.nodes[v];
        auto& d = nodes_[v];
        d.tier = std::uint8_t(n.tier);
        d.op = std::uint8_t(n.op);
        d.routing = policy_.routing_tiers[d.tier];
        d.citywide = policy_.citywide_tiers[d.tier];
        d.spare = n.spare();
        d.capacity_share = n.capacity > 0 ? double(d.spare) / double(n.capacity) : 0.0;
        d.evaluation = std::clamp(n.score.value_or(policy_.default_evaluation), 0.0, 100.0) / 100.0;
        d.district = RegionIndex::district_number(n.region);
        d.area = policy_.area_of(n.tier, n.region);
        for (const auto& s : n.services) {
            auto it = service_bit_.find(s);
            if (it == service_bit_.end()) continue;
            for (std::size_t w = 0; w < max_words; ++w) cover_[v][w] |= closure[it->second][w];
        }
        for (const auto& s : n.sectors) {
            auto it = sector_bit_.find(s);
            if (it != sector_bit_.end()) set_bit(sectors_[v], it->second);
        }
        d.has_sectors = !n.sectors.empty();
    }
    for (std::size_t i = 0; i < net.organizations.size(); ++i)
        org_index_.emplace(net.organizations[i].id, std::uint32_t(i));

    // adjacency among routing nodes, each list sorted by (target, move, edge)
    const auto& bg = g_->bgl();
    adj_begin_.assign(V + 1, 0);
    std::vector<Arc> tmp;
    for (std::size_t u = 0; u < V; ++u) {
        adj_begin_[u] = std::uint32_t(adj_.size());
        if (!nodes_[u].routing) continue;
        tmp.clear();
        for (auto e : boost::make_iterator_range(boost::out_edges(Graph::vertex(u), bg))) {
            auto v = boost::target(e, bg);
            if (!nodes_[v].routing || v == u) continue;
            const auto& p = bg[e];
            Move m = Move::up;
            switch (p.type) {
                case Relation::guidance: m = p.forward ? Move::down : Move::up; break;
                case Relation::contract: m = Move::contract; break;
                case Relation::consortium: m = Move::consortium; break;
                case Relation::referral: m = Move::referral; break;
            }
            bool ok = policy_.moves[std::size_t(m)] && policy_.authorised[nodes_[u].tier][nodes_[v].tier] &&
                      (Tier(nodes_[v].tier) != Tier::social || policy_.to_social) &&
                      (p.type != Relation::referral || p.forward);
            tmp.push_back({std::uint32_t(v), p.edge, m, ok});
        }
        add_contract_arcs(tmp, u);
        // edges before contracts of the same move: an unconditional route is found first
        std::sort(tmp.begin(), tmp.end(), [](const Arc& a, const Arc& b) {
            if (a.to != b.to) return a.to < b.to;
            if (a.allowed != b.allowed) return a.allowed > b.allowed;
            if (a.move != b.move) return a.move < b.move;
            if (a.contract != b.contract) return a.contract > b.contract;
            return a.edge < b.edge;
        });
        adj_.insert(adj_.end(), tmp.begin(), tmp.end());
    }
    adj_begin_[V] = std::uint32_t(adj_.size());
    balls_.reset(new std::atomic<const Ball*>[V]);
    for (std::size_t v = 0; v < V; ++v) balls_[v].store(nullptr, std::memory_order_relaxed);
}

// The arcs from routing node u to the other parties of each contract it is party to (both
// directions: a contract binds its parties alike).
void Router::add_contract_arcs(std::vector<Arc>& tmp, std::size_t u) const {
    const Network& net = g_->network();
    for (std::size_t k = 0; k < net.contracts.size(); ++k) {
        const auto& parties = net.contracts[k].parties;
        if (!net.contracts[k].has_party(net.nodes[u].id)) continue;
        for (const auto& id : parties) {
            const auto v = g_->find(id);
            if (v == Graph::null_vertex || v == u || !nodes_[v].routing) continue;
            bool ok = policy_.moves[std::size_t(Move::contract)] && policy_.authorised[nodes_[u].tier][nodes_[v].tier] &&
                      (Tier(nodes_[v].tier) != Tier::social || policy_.to_social);
            tmp.push_back({std::uint32_t(v), 0, Move::contract, ok, std::uint32_t(k)});
        }
    }
}

Router::~Router() {
    if (!balls_) return;
    for (std::size_t v = 0; v < nodes_.size(); ++v) delete balls_[v].load(std::memory_order_acquire);
}

std::unique_ptr<Router::Ball> Router::build_ball(Graph::vertex s, const std::vector<char>* usable) const {
    thread_local Scratch sc;
    sc.size(nodes_.size());
    const int H = policy_.horizon;
    // 1. the explanation ball: any relation, any direction, up to the horizon
    auto& q = sc.queue;
    q.clear();
    q.push_back(s);
    sc.dist[s] = 0;
    sc.touched.push_back(s);
    for (std::size_t h = 0; h < q.size(); ++h) {
        auto u = q[h];
        if (sc.dist[u] >= H) continue;
        for (auto i = adj_begin_[u]; i < adj_begin_[u + 1]; ++i) {
            auto v = adj_[i].to;
            if (sc.dist[v] >= 0) continue;
            sc.dist[v] = sc.dist[u] + 1;
            sc.touched.push_back(v);
            q.push_back(v);
        }
    }
    // 2. allowed, authorised routes, up to the horizon (first found = lowest vertex, allowed arcs
    //    of the same target sorted by move then edge)
    std::vector<std::uint32_t> order(q.begin(), q.end());
    q.clear();
    q.push_back(s);
    sc.hops[s] = 0;
    sc.pred[s] = s;
    sc.edge[s] = 0;
    sc.contract[s] = no_contract;
    for (std::size_t h = 0; h < q.size(); ++h) {
        auto u = q[h];
        if (sc.hops[u] >= H) continue;
        for (auto i = adj_begin_[u]; i < adj_begin_[u + 1]; ++i) {
            const Arc& a = adj_[i];
            if (!a.allowed || sc.hops[a.to] >= 0) continue;
            if (a.contract != no_contract && usable && !(*usable)[a.contract]) continue;
            sc.hops[a.to] = sc.hops[u] + 1;
            sc.pred[a.to] = u;
            sc.edge[a.to] = a.edge;
            sc.contract[a.to] = a.contract;
            sc.move[a.to] = a.move;
            q.push_back(a.to);
        }
    }
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (a == s || b == s) return a == s && b != s;
        return sc.dist[a] != sc.dist[b] ? sc.dist[a] < sc.dist[b] : a < b;
    });
    auto ball = std::make_unique<Ball>();
    ball->entries.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) sc.index[order[i]] = std::int32_t(i);
    for (auto v : order) {
        Ball::Entry e{};
        e.v = v;
        e.distance = std::uint8_t(sc.dist[v]);
        e.hops = sc.hops[v] >= 0 ? std::uint8_t(sc.hops[v]) : no_route;
        e.move = sc.move[v];
        e.pred = sc.hops[v] >= 0 ? std::uint32_t(sc.index[sc.pred[v]]) : 0;
        e.edge = sc.edge[v];
        e.contract = sc.hops[v] > 0 ? sc.contract[v] : no_contract;
        ball->uses_contracts |= e.contract != no_contract;
        ball->entries.push_back(e);
    }
    sc.reset();
    return ball;
}

const Router::Ball& Router::ball(Graph::vertex s) const {
    const Ball* p = balls_[s].load(std::memory_order_acquire);
    if (p) return *p;
    auto b = build_ball(s);
    const Ball* expected = nullptr;
    if (balls_[s].compare_exchange_strong(expected, b.get(), std::memory_order_acq_rel,
                                          std::memory_order_acquire))
        return *b.release();
    return *expected;
}

void Router::warm_up() const {
    for (std::size_t v = 0; v < nodes_.size(); ++v)
        if (nodes_[v].routing) ball(Graph::vertex(v));
}

// ---------------------------------------------------------------- requests

void Router::resolve(const Request& r, Resolved& q, const std::string& record) const {
    const Network& net = g_->network();
    OrgType type;
    Registration reg;
    const std::vector<std::string>* sectors = &r.sectors;
    std::string_view region = r.region;
    std::string_view fc = r.first_contact;
    q.credit = -1;
    if (!r.organization.empty()) {
        if (r.type || r.stage || r.registration || !r.sectors.empty() || !r.region.empty() || r.credit)
            throw input_error(record, "organization",
                              "give an organization id or its attributes (type, stage, registration, "
                              "sectors, region, credit), not both");
        auto it = org_index_.find(r.organization);
        if (it == org_index_.end())
            throw input_error(record, "organization", "unknown organization '" + r.organization + "'");
        const Organization& o = net.organizations[it->second];
        type = o.type;
        reg = o.registration;
        sectors = &o.sectors;
        region = o.region;
        q.credit = o.credit;
        if (fc.empty()) fc = o.home;
    } else {
        if (!r.type)
            throw input_error(record, "type", "required when no organization id is given");
        type = *r.type;
        reg = r.registration ? *r.registration
                             : (type == OrgType::community_org ? Registration::street : Registration::district);
        if (!region.empty() && !is_region_code(region))
            throw input_error(record, "region", "'" + r.region + "' is not an NBS code of 2/4/6/9/12 digits");
        if (r.credit) {
            if (!(*r.credit >= 0 && *r.credit <= 100))
                throw input_error(record, "credit", "must lie in 0..100");
            q.credit = *r.credit;
        }
    }
    q.sect = Bits{};
    q.has_sectors = false;
    for (std::size_t i = 0; i < sectors->size(); ++i) {
        auto it = sector_bit_.find((*sectors)[i]);
        if (it == sector_bit_.end())
            throw input_error(record, "sectors[" + std::to_string(i) + "]",
                              "unknown sector '" + (*sectors)[i] + "'");
        set_bit(q.sect, it->second);
        q.has_sectors = true;
    }
    q.region = region;
    q.district = RegionIndex::district_number(region);
    if (r.needs.empty()) throw input_error(record, "needs", "at least one needed service is required");
    q.need = Bits{};
    for (std::size_t i = 0; i < r.needs.size(); ++i) {
        auto it = service_bit_.find(r.needs[i]);
        if (it == service_bit_.end())
            throw input_error(record, "needs[" + std::to_string(i) + "]", "unknown service '" + r.needs[i] + "'");
        set_bit(q.need, it->second);
    }
    q.n_needs = 0;
    for (auto w : q.need) q.n_needs += std::popcount(w);
    if (fc.empty())
        throw input_error(record, "first_contact",
                          "required (the organization has no home incubator to start from)");
    q.fc = g_->find(fc);
    if (q.fc == Graph::null_vertex)
        throw input_error(record, "first_contact", "unknown node '" + std::string(fc) + "'");
    if (!nodes_[q.fc].routing)
        throw input_error(record, "first_contact",
                          "node '" + std::string(fc) + "' is a " + std::string(to_string(Tier(nodes_[q.fc].tier))) +
                              " node, not an incubator taking part in routing (policy routing_tiers)");
    q.exclude.clear();
    for (std::size_t i = 0; i < r.exclude.size(); ++i) {
        auto v = g_->find(r.exclude[i]);
        if (v == Graph::null_vertex)
            throw input_error(record, "exclude[" + std::to_string(i) + "]", "unknown node '" + r.exclude[i] + "'");
        q.exclude.push_back(v);
    }
    std::sort(q.exclude.begin(), q.exclude.end());
    if ((r.consent & 3) == 0) throw input_error(record, "consent", "consent scope names no operator");
    q.consent = r.consent & 3;
    q.urgency = r.urgency;
    q.fit = policy_.fit_for(type, reg);
    for (std::size_t k = 0; k < service_tier_mask_.size(); ++k) {
        bool hit = false;
        for (std::size_t w = 0; w < max_words; ++w) hit |= (service_tier_mask_[k][w] & q.need[w]) != 0;
        if (!hit) continue;
        for (int t = 0; t < tier_count; ++t) q.fit[t] = std::max(q.fit[t], policy_.service_tier_fit[k].fit[t]);
    }
    q.w = policy_.weights.w;
    if (q.urgency == Urgency::urgent) {
        q.w[std::size_t(Factor::capacity)] *= policy_.urgent_capacity_factor;
        q.w[std::size_t(Factor::distance)] *= policy_.urgent_distance_factor;
    }
    check_contracts(r, q, record);
}

namespace {
/// Today's date in UTC, "YYYY-MM-DD".
std::string today_utc() {
    using namespace std::chrono;
    const year_month_day d{floor<days>(system_clock::now())};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
    return buf;
}
}  // namespace

// The contracts that may carry this request (its needs within the scope, its as-of date within
// the period), why the others may not, and the ball it routes on: the first contact's cached
// ball, unless one of its routes rides on a contract the request may not use.
void Router::check_contracts(const Request& r, Resolved& q, const std::string& record) const {
    const Network& net = g_->network();
    const std::size_t K = net.contracts.size();
    if (!r.as_of.empty() && !records::is_date(r.as_of))
        throw input_error(record, "as_of", "expected a date YYYY-MM-DD, got '" + r.as_of + "'");
    q.as_of = r.as_of.empty() && K > 0 ? today_utc() : r.as_of;
    q.full = q.ball = &ball(q.fc);
    q.own.reset();
    q.usable.assign(K, 1);
    q.notes.assign(K, ContractNote{});
    bool any = false;
    for (std::size_t k = 0; k < K; ++k) {
        const Contract& c = net.contracts[k];
        ContractNote& n = q.notes[k];
        n.contract = std::uint32_t(k);
        if (q.as_of < c.start) {
            n.issue = ContractIssue::not_yet_in_force;
            n.date = c.start;
        } else if (!c.end.empty() && q.as_of > c.end) {
            n.issue = ContractIssue::expired;
            n.date = c.end;
        } else {
            for (const auto& need : r.needs) {
                const auto b = service_bit_.at(need);  // resolve() checked every need
                if (!(contract_scope_[k][b >> 6] >> (b & 63) & 1)) {
                    n.issue = ContractIssue::out_of_scope;
                    n.service = need;
                    break;
                }
            }
            if (n.service.empty()) continue;
        }
        q.usable[k] = 0;
        any = true;
    }
    if (!any || !q.full->uses_contracts) return;
    const auto& E = q.full->entries;
    if (std::none_of(E.begin(), E.end(), [&](const Ball::Entry& e) { return e.contract != no_contract && !q.usable[e.contract]; }))
        return;  // no route rides on an unusable contract: the cached ball is this request's too
    q.own = build_ball(q.fc, &q.usable);
    q.ball = q.own.get();
}

namespace {
inline bool better(double s1, int h1, Graph::vertex v1, double s2, int h2, Graph::vertex v2) {
    if (s1 != s2) return s1 > s2;
    if (h1 != h2) return h1 < h2;
    return v1 < v2;
}
}  // namespace

template <bool Explain>
void Router::scan(const Resolved& q, Result* out, std::vector<Candidate>& cands, Waitlist* best_full) const {
    const Ball& b = q.ball ? *q.ball : ball(q.fc);
    const auto& E = b.entries;
    const Ball* full = q.ball != q.full ? q.full : nullptr;  // set when some contract is unusable
    const double min_cov = policy_.min_coverage;
    const double gen = policy_.generalist_sector_fit;
    const int max_hops = policy_.max_hops;
    const std::size_t sw = sw_, cw = cw_;
    const double inv_needs = 1.0 / double(q.n_needs);
    std::vector<ReasonMask> masks;
    if constexpr (Explain) {
        masks.resize(E.size());
        out->excluded.reserve(E.size());
    }
    cands.clear();
    if (best_full) best_full->node = Graph::null_vertex;
    for (std::size_t i = 0; i < E.size(); ++i) {
        const auto& e = E[i];
        const auto v = e.v;
        const NodeData& nd = nodes_[v];
        ReasonMask m = 0;
        int covered = 0;
        for (std::size_t w = 0; w < sw; ++w) covered += std::popcount(cover_[v][w] & q.need[w]);
        const double cov = double(covered) * inv_needs;
        if (covered == 0 || cov < min_cov) m |= ReasonMask(Reason::service_not_offered);
        double sf = gen;
        if (nd.has_sectors && q.has_sectors) {
            bool hit = false;
            for (std::size_t w = 0; w < cw; ++w) hit |= (sectors_[v][w] & q.sect[w]) != 0;
            if (hit) sf = 1.0;
            else {
                sf = 0.0;
                m |= ReasonMask(Reason::sector_mismatch);
            }
        }
        const double tf = q.fit[nd.tier];
        if (!(tf > 0)) m |= ReasonMask(Reason::tier_mismatch);
        if (q.credit >= 0 && q.credit < policy_.min_credit[nd.tier]) m |= ReasonMask(Reason::credit_too_low);
        // out of area: the organization's region does not lie within the node's area (a
        // prefix of its NBS code); a social incubator's area is its district (Policy::area_of)
        if (!nd.citywide && !q.region.empty() &&
            !(q.region.size() >= nd.area.size() && q.region.compare(0, nd.area.size(), nd.area) == 0))
            m |= ReasonMask(Reason::out_of_area);
        if (e.hops == no_route) m |= ReasonMask(Reason::not_authorised);
        else if (e.hops > max_hops) m |= ReasonMask(Reason::too_far);
        if (!q.exclude.empty() && std::binary_search(q.exclude.begin(), q.exclude.end(), v))
            m |= ReasonMask(Reason::excluded_by_request);
        if (!(q.consent & (1u << nd.op))) m |= ReasonMask(Reason::no_consent);
        if (nd.spare <= 0) m |= ReasonMask(Reason::no_capacity);
        if (m == 0 || m == ReasonMask(Reason::no_capacity)) {
            Candidate c;
            c.node = v;
            c.hops = e.hops;
            c.factors = {cov,
                         sf,
                         tf,
                         nd.capacity_share,
                         nd.evaluation,
                         1.0 / (1.0 + double(e.hops)),
                         (q.district != 0 && q.district == nd.district) ? 1.0 : 0.0};
            double s = 0;
            for (int f = 0; f < factor_count; ++f) {
                c.contributions[f] = c.factors[f] * q.w[f];
                s += c.contributions[f];
            }
            c.score = s;
            if (m == 0) {
                cands.push_back(c);
            } else if (best_full &&
                       (best_full->node == Graph::null_vertex ||
                        better(s, c.hops, v, best_full->score, best_full->hops, best_full->node))) {
                best_full->node = v;
                best_full->score = s;
                best_full->hops = c.hops;
            }
        }
        if constexpr (Explain) {
            std::int32_t blocked_by = -1;
            if (full && (e.hops == no_route || e.hops > max_hops) && full->entries[i].hops <= max_hops) {
                // within reach but for a contract this request may not use: name it
                m = ReasonMask(m & ~ReasonMask(ReasonMask(Reason::not_authorised) | ReasonMask(Reason::too_far)));
                m |= ReasonMask(Reason::contract_unusable);
                for (std::size_t t = i; t != 0; t = full->entries[t].pred) {
                    const auto c = full->entries[t].contract;
                    if (c != no_contract && !q.usable[c]) blocked_by = std::int32_t(c);
                }
            }
            masks[i] = m;
            if (m) out->excluded.push_back({v, e.hops == no_route ? -1 : int(e.hops), int(e.distance), m, blocked_by});
        }
    }
    std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& c) {
        return better(a.score, a.hops, a.node, c.score, c.hops, c.node);
    });
    if constexpr (Explain) explain(q, b, full, masks, cands, best_full, out);
}

// scan<true>'s last step: the decision (routed, waitlisted or no candidate), the route to the
// chosen node with what excluded each node passed through, and the contracts that could not
// carry the request.
void Router::explain(const Resolved& q, const Ball& b, const Ball* full, const std::vector<ReasonMask>& masks,
                     const std::vector<Candidate>& cands, Waitlist* best_full, Result* out) const {
    const auto& E = b.entries;
    out->first_contact = q.fc;
    Graph::vertex target = Graph::null_vertex;
    if (!cands.empty()) {
        out->status = RouteStatus::routed;
        out->chosen = target = cands.front().node;
    } else if (best_full && best_full->node != Graph::null_vertex) {
        out->status = RouteStatus::waitlisted;
        const Node& n = g_->node(best_full->node);
        best_full->position = std::max<std::int64_t>(0, n.occupied - n.capacity) + 1;
        out->waitlist = *best_full;
        target = best_full->node;
    } else {
        out->status = RouteStatus::no_candidate;
    }
    if (target != Graph::null_vertex) {
        std::size_t t = 0;
        while (E[t].v != target) ++t;
        std::vector<Hop> rev;
        while (t != 0) {
            const auto& e = E[t];
            const auto& p = E[e.pred];
            Hop h;
            h.from = p.v;
            h.to = e.v;
            h.move = e.move;
            h.edge = e.edge;
            h.contract = e.contract == no_contract ? -1 : std::int32_t(e.contract);
            h.because = masks[e.pred];
            h.from_was_candidate = masks[e.pred] == 0;
            rev.push_back(h);
            t = e.pred;
        }
        out->route.assign(rev.rbegin(), rev.rend());
    }
    out->as_of = q.as_of;
    out->contracts.clear();
    if (full) {
        std::vector<char> named(q.usable.size(), 0);
        for (const auto& e : full->entries)
            if (e.contract != no_contract && !q.usable[e.contract] && !named[e.contract]) {
                named[e.contract] = 1;
                out->contracts.push_back(q.notes[e.contract]);
            }
    }
}

template void Router::scan<true>(const Resolved&, Result*, std::vector<Candidate>&, Waitlist*) const;
template void Router::scan<false>(const Resolved&, Result*, std::vector<Candidate>&, Waitlist*) const;

Result Router::route(const Request& request) const {
    thread_local Resolved q;
    resolve(request, q, "request");
    Result r;
    r.request_id = request.id;
    Waitlist full;
    scan<true>(q, &r, r.candidates, &full);
    return r;
}

}  // namespace hatchnet::referral
