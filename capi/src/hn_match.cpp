// C ABI: min-cost flow, linear assignment, stable matching, the needs/resources matcher.
#include <cmath>
#include <limits>
#include <memory>

#include <type_traits>

#include <nlohmann/json.hpp>

#include "capi_internal.hpp"
#include "hatchnet/algo/assignment.hpp"
#include "hatchnet/algo/min_cost_flow.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/algo/stable_matching.hpp"
#include "hatchnet/synth/demand.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;

namespace {

hn_solve_status solve_status(algo::MinCostFlow::Status s) {
    switch (s) {
        case algo::MinCostFlow::Status::optimal: return HN_SOLVE_OPTIMAL;
        case algo::MinCostFlow::Status::infeasible: return HN_SOLVE_INFEASIBLE;
        case algo::MinCostFlow::Status::unbounded: return HN_SOLVE_UNBOUNDED;
        case algo::MinCostFlow::Status::time_limit: return HN_SOLVE_TIME_LIMIT;
        case algo::MinCostFlow::Status::interrupted: return HN_SOLVE_INTERRUPTED;
        default: return HN_SOLVE_ITERATION_LIMIT;
    }
}

void check_count(size_t n, const char* what) {
    if (n >= static_cast<size_t>(std::numeric_limits<std::int32_t>::max()) - 1)
        throw input_error("", what, "too many (limit 2^31 - 2)");
}

algo::MinCostFlow::Mode flow_mode(const hn_flow_mode& mode_) {
    const int mode = enum_value(mode_);
    if (mode != HN_FLOW_EXACT && mode != HN_FLOW_MAX_FLOW_MIN_COST)
        throw input_error("argument", "mode", "not an hn_flow_mode");
    return mode == HN_FLOW_EXACT ? algo::MinCostFlow::Mode::exact : algo::MinCostFlow::Mode::max_flow_min_cost;
}

// arc endpoints as node ids of a problem with n_nodes nodes (first: the id of arc 0)
std::vector<algo::MinCostFlow::node_t> node_ids(const int64_t* ends, size_t n_arcs, size_t n_nodes,
                                                 const char* field, size_t first = 0) {
    std::vector<algo::MinCostFlow::node_t> out(n_arcs);
    for (size_t a = 0; a < n_arcs; ++a) {
        const int64_t v = ends[a];
        if (v < 0 || static_cast<uint64_t>(v) >= n_nodes)
            throw input_error("arc " + std::to_string(first + a), field,
                              "node " + std::to_string(v) + " does not exist (the problem has " +
                                  std::to_string(n_nodes) + " nodes)");
        out[a] = static_cast<algo::MinCostFlow::node_t>(v);
    }
    return out;
}

template <class Solver>
void give_assignment(int64_t** out, double* cost_out, hn_solve_status* st, Solver& s, size_t rows) {
    const auto status = s.run();
    *st = status == algo::AssignmentStatus::optimal ? HN_SOLVE_OPTIMAL : HN_SOLVE_INFEASIBLE;
    if (status != algo::AssignmentStatus::optimal) return;
    std::vector<int64_t> r(rows);
    for (size_t i = 0; i < rows; ++i) r[i] = s.assignment()[i];
    *out = dup_array(r);
    *cost_out = static_cast<double>(s.cost());
}

// The matcher's inputs from the C arguments (NULL checks, JSON parsing).
struct MatchInputs {
    std::vector<match::Need> needs;
    std::vector<match::Resource> resources;
    match::MatchOptions options;
};
MatchInputs match_inputs(const hn_network* net, const char* needs_json, const char* resources_json,
                         const char* options_json) {
    net_of(net);
    need(needs_json, "needs_json");
    need(resources_json, "resources_json");
    return {match::parse_needs(needs_json), match::parse_resources(resources_json),
            match::parse_match_options(options_json ? options_json : "")};
}

// hn_min_cost_flow and hn_min_cost_flow_f64: required pointers, outputs cleared, counts and
// arrays checked, the problem built (integer costs, or zeros for set_costs to replace).
template <class CostIn, class CostOut>
algo::MinCostFlow flow_problem(int64_t** flow_out, CostOut* cost_out, hn_solve_status* status_out,
                                int64_t** unrouted_out, size_t n_nodes, const int64_t* supplies, size_t n_arcs,
                                const int64_t* tails, const int64_t* heads, const int64_t* capacities,
                                const CostIn* costs) {
    need(flow_out, "flow_out");
    need(cost_out, "cost_out");
    need(status_out, "status_out");
    *flow_out = nullptr;
    *cost_out = 0;
    if (unrouted_out) *unrouted_out = nullptr;
    check_count(n_nodes, "n_nodes");
    check_count(n_arcs, "n_arcs");
    if (n_arcs > 0) {
        need(tails, "tails");
        need(heads, "heads");
        need(capacities, "capacities");
        need(costs, "costs");
    }
    algo::MinCostFlow f(static_cast<algo::MinCostFlow::node_t>(n_nodes));
    const auto t = node_ids(tails, n_arcs, n_nodes, "tail"), h = node_ids(heads, n_arcs, n_nodes, "head");
    if constexpr (std::is_same_v<CostIn, int64_t>) {
        f.add_arcs(t, h, std::span<const int64_t>(capacities, n_arcs), std::span<const int64_t>(costs, n_arcs));
    } else {
        const std::vector<int64_t> zero(n_arcs, 0);
        f.add_arcs(t, h, std::span<const int64_t>(capacities, n_arcs), zero);
    }
    if (supplies) f.set_supplies(std::span<const int64_t>(supplies, n_nodes));
    return f;
}

// The optimal flows (and unrouted amounts when asked) into caller-freed arrays, all or nothing.
void give_flows(const algo::MinCostFlow& f, int64_t** flow_out, int64_t** unrouted_out) {
    int64_t* fl = dup_array(f.flows());
    if (unrouted_out) {
        try {
            *unrouted_out = dup_array(f.unrouted());
        } catch (...) {
            hn_free(fl);
            throw;
        }
    }
    *flow_out = fl;
}

}  // namespace

struct hn_mcf {
    hatchnet::algo::MinCostFlow f;
    hn_mcf_progress_fn cb = nullptr;
    void* user = nullptr;
};

namespace {
/// The checks both assignment entry points start with: out pointers, cleared outputs, sizes.
void start_assignment(int64_t** row_to_col_out, double* cost_out, hn_solve_status* status_out, size_t rows,
                      size_t cols) {
    need(row_to_col_out, "row_to_col_out");
    need(cost_out, "cost_out");
    need(status_out, "status_out");
    *row_to_col_out = nullptr;
    *cost_out = 0;
    check_count(rows, "rows");
    check_count(cols, "cols");
}
}  // namespace

extern "C" {

const char* hn_solve_status_name(hn_solve_status status) {
    switch (enum_value(status)) {
        case HN_SOLVE_OPTIMAL: return "optimal";
        case HN_SOLVE_INFEASIBLE: return "infeasible";
        case HN_SOLVE_UNBOUNDED: return "unbounded";
        case HN_SOLVE_ITERATION_LIMIT: return "iteration_limit";
        case HN_SOLVE_TIME_LIMIT: return "time_limit";
        case HN_SOLVE_INTERRUPTED: return "interrupted";
    }
    return "unknown";
}

hn_status hn_min_cost_flow(int64_t** flow_out, int64_t* cost_out, hn_solve_status* status_out,
                           int64_t** unrouted_out, size_t n_nodes, const int64_t* supplies, size_t n_arcs,
                           const int64_t* tails, const int64_t* heads, const int64_t* capacities,
                           const int64_t* costs, hn_flow_mode mode) {
    return guard([&] {
        auto f = flow_problem(flow_out, cost_out, status_out, unrouted_out, n_nodes, supplies, n_arcs, tails, heads,
                              capacities, costs);
        const auto st = f.run(flow_mode(mode));
        *status_out = solve_status(st);
        if (st != algo::MinCostFlow::Status::optimal) return;
        give_flows(f, flow_out, unrouted_out);
        *cost_out = f.total_cost();
    });
}

hn_status hn_min_cost_flow_f64(int64_t** flow_out, double* cost_out, hn_solve_status* status_out,
                               int64_t** unrouted_out, double* scale_out, int* exact_out, double* max_error_out,
                               size_t n_nodes, const int64_t* supplies, size_t n_arcs, const int64_t* tails,
                               const int64_t* heads, const int64_t* capacities, const double* costs,
                               hn_flow_mode mode) {
    return guard([&] {
        auto f = flow_problem(flow_out, cost_out, status_out, unrouted_out, n_nodes, supplies, n_arcs, tails, heads,
                              capacities, costs);
        const auto m = flow_mode(mode);
        const auto sc = f.set_costs(std::span<const double>(costs, n_arcs));
        const auto st = f.run(m);
        *status_out = solve_status(st);
        if (scale_out) *scale_out = sc.scale;
        if (exact_out) *exact_out = sc.exact ? 1 : 0;
        if (max_error_out) *max_error_out = sc.max_rounding_error;
        if (st != algo::MinCostFlow::Status::optimal) return;
        give_flows(f, flow_out, unrouted_out);
        *cost_out = f.scaled_total_cost();
    });
}

// ---------------------------------------------------------------- hn_mcf (kept solver)
hn_status hn_mcf_create(hn_mcf** out, size_t n_nodes) {
    return guard([&] {
        need(out, "out");
        check_count(n_nodes, "n_nodes");
        auto p = std::make_unique<hn_mcf>();
        p->f.add_nodes(static_cast<algo::MinCostFlow::node_t>(n_nodes));
        *out = p.release();
    });
}

void hn_mcf_free(hn_mcf* f) { delete f; }

static hn_mcf& mcf_of(hn_mcf* f) {
    need(f, "f");
    return *f;
}

hn_status hn_mcf_add_nodes(int64_t* first_out, hn_mcf* f, size_t n) {
    return guard([&] {
        auto& s = mcf_of(f);
        check_count(n + static_cast<size_t>(s.f.node_count()), "n");
        const auto first = s.f.add_nodes(static_cast<algo::MinCostFlow::node_t>(n));
        if (first_out) *first_out = first;
    });
}

hn_status hn_mcf_add_arcs(int64_t* first_out, hn_mcf* f, size_t n_arcs, const int64_t* tails, const int64_t* heads,
                          const int64_t* lower, const int64_t* capacities, const int64_t* costs) {
    return guard([&] {
        auto& s = mcf_of(f);
        check_count(n_arcs + static_cast<size_t>(s.f.arc_count()), "n_arcs");
        if (n_arcs > 0) {
            need(tails, "tails");
            need(heads, "heads");
            need(capacities, "capacities");
            need(costs, "costs");
        }
        const size_t nn = static_cast<size_t>(s.f.node_count()), base = static_cast<size_t>(s.f.arc_count());
        const auto t = node_ids(tails, n_arcs, nn, "tail", base), h = node_ids(heads, n_arcs, nn, "head", base);
        const auto first = s.f.add_arcs(t, h, std::span<const int64_t>(capacities, n_arcs),
                                        std::span<const int64_t>(costs, n_arcs),
                                        lower ? std::span<const int64_t>(lower, n_arcs) : std::span<const int64_t>());
        if (first_out) *first_out = first;
    });
}

static algo::MinCostFlow::arc_t arc_id(const hn_mcf& s, int64_t arc) {
    if (arc < 0 || arc >= s.f.arc_count())
        throw input_error("arc " + std::to_string(arc), "", "no such arc (the problem has " +
                                                               std::to_string(s.f.arc_count()) + " arcs)");
    return static_cast<algo::MinCostFlow::arc_t>(arc);
}

hn_status hn_mcf_set_supplies(hn_mcf* f, size_t n, const int64_t* supplies) {
    return guard([&] {
        auto& s = mcf_of(f);
        if (n > 0) need(supplies, "supplies");
        s.f.set_supplies(std::span<const int64_t>(supplies, n));
    });
}

hn_status hn_mcf_set_supply(hn_mcf* f, int64_t node, int64_t supply) {
    return guard([&] {
        auto& s = mcf_of(f);
        if (node < 0 || node >= s.f.node_count())
            throw input_error("node " + std::to_string(node), "supply",
                              "no such node (the problem has " + std::to_string(s.f.node_count()) + " nodes)");
        s.f.set_supply(static_cast<algo::MinCostFlow::node_t>(node), supply);
    });
}

hn_status hn_mcf_set_cost(hn_mcf* f, int64_t arc, int64_t cost) {
    return guard([&] {
        auto& s = mcf_of(f);
        s.f.set_cost(arc_id(s, arc), cost);
    });
}

hn_status hn_mcf_set_bounds(hn_mcf* f, int64_t arc, int64_t lower, int64_t capacity) {
    return guard([&] {
        auto& s = mcf_of(f);
        s.f.set_bounds(arc_id(s, arc), lower, capacity);
    });
}

hn_status hn_mcf_set_costs_f64(double* scale_out, int* exact_out, double* max_error_out, hn_mcf* f, size_t n,
                               const double* costs) {
    return guard([&] {
        auto& s = mcf_of(f);
        if (n > 0) need(costs, "costs");
        const auto sc = s.f.set_costs(std::span<const double>(costs, n));
        if (scale_out) *scale_out = sc.scale;
        if (exact_out) *exact_out = sc.exact ? 1 : 0;
        if (max_error_out) *max_error_out = sc.max_rounding_error;
    });
}

hn_status hn_mcf_set_warm_start(hn_mcf* f, int on) {
    return guard([&] { mcf_of(f).f.set_warm_start(on != 0); });
}

hn_status hn_mcf_set_limits(hn_mcf* f, int64_t max_pivots, double seconds) {
    return guard([&] {
        auto& s = mcf_of(f);
        if (max_pivots < 0) throw input_error("argument", "max_pivots", "must be >= 0");
        s.f.set_time_limit(seconds);
        s.f.set_iteration_limit(max_pivots);
    });
}

hn_status hn_mcf_set_progress(hn_mcf* f, hn_mcf_progress_fn callback, void* user, int64_t every) {
    return guard([&] {
        auto& s = mcf_of(f);
        if (!callback) {
            s.f.set_progress(nullptr);
            s.cb = nullptr;
            s.user = nullptr;
            return;
        }
        if (every < 1) throw input_error("argument", "every", "must be >= 1");
        s.cb = callback;
        s.user = user;
        hn_mcf* self = f;
        s.f.set_progress([self](const algo::MinCostFlow::Progress& p) {
            return self->cb(self->user, p.pivots, p.seconds, p.objective, p.infeasibility) != 0;
        }, every);
    });
}

hn_status hn_mcf_run(hn_solve_status* status_out, hn_mcf* f, hn_flow_mode mode) {
    return guard([&] {
        need(status_out, "status_out");
        auto& s = mcf_of(f);
        *status_out = solve_status(s.f.run(flow_mode(mode)));
    });
}

hn_status hn_mcf_set_algorithm(hn_mcf* f, hn_mcf_algorithm algorithm) {
    return guard([&] {
        auto& s = mcf_of(f);
        // a C caller may pass any int: enum_value reads it without loading it as the enum
        const int value = enum_value(algorithm);
        switch (value) {
            case HN_MCF_AUTOMATIC: s.f.set_algorithm(algo::MinCostFlowAlgorithm::automatic); return;
            case HN_MCF_NETWORK_SIMPLEX: s.f.set_algorithm(algo::MinCostFlowAlgorithm::network_simplex); return;
            case HN_MCF_COST_SCALING: s.f.set_algorithm(algo::MinCostFlowAlgorithm::cost_scaling); return;
            default: break;
        }
        throw input_error("argument", "algorithm", "unknown solver " + std::to_string(value));
    });
}

hn_status hn_mcf_last_algorithm(hn_mcf_algorithm* algorithm_out, const hn_mcf* f) {
    return guard([&] {
        need(algorithm_out, "algorithm_out");
        need(f, "f");
        switch (f->f.last_algorithm()) {
            case algo::MinCostFlowAlgorithm::automatic: *algorithm_out = HN_MCF_AUTOMATIC; return;
            case algo::MinCostFlowAlgorithm::network_simplex: *algorithm_out = HN_MCF_NETWORK_SIMPLEX; return;
            case algo::MinCostFlowAlgorithm::cost_scaling: *algorithm_out = HN_MCF_COST_SCALING; return;
        }
    });
}

hn_status hn_mcf_result(int64_t* cost_out, int64_t* pivots_out, int* warm_started_out, const hn_mcf* f) {
    return guard([&] {
        need(f, "f");
        if (cost_out) *cost_out = f->f.total_cost();
        if (pivots_out) *pivots_out = f->f.iterations();
        if (warm_started_out) *warm_started_out = f->f.warm_started() ? 1 : 0;
    });
}

hn_status hn_mcf_total_cost_f64(double* cost_out, const hn_mcf* f) {
    return guard([&] {
        need(cost_out, "cost_out");
        need(f, "f");
        *cost_out = f->f.scaled_total_cost();
    });
}

hn_status hn_mcf_flows(int64_t** flow_out, const hn_mcf* f) {
    return guard([&] {
        need(flow_out, "flow_out");
        *flow_out = nullptr;
        need(f, "f");
        *flow_out = dup_array(f->f.flows());
    });
}

hn_status hn_mcf_unrouted(int64_t** unrouted_out, const hn_mcf* f) {
    return guard([&] {
        need(unrouted_out, "unrouted_out");
        *unrouted_out = nullptr;
        need(f, "f");
        *unrouted_out = dup_array(f->f.unrouted());
    });
}

hn_status hn_linear_assignment(int64_t** row_to_col_out, double* cost_out, hn_solve_status* status_out,
                               size_t rows, size_t cols, const double* costs, int maximize) {
    return guard([&] {
        start_assignment(row_to_col_out, cost_out, status_out, rows, cols);
        if (rows && cols) need(costs, "costs");
        if (rows && cols && rows > SIZE_MAX / cols) throw input_error("", "rows", "rows x cols overflows");
        algo::DenseAssignment<double> s(static_cast<int32_t>(rows), static_cast<int32_t>(cols),
                                         std::span<const double>(costs, rows * cols),
                                         maximize ? algo::Objective::maximize : algo::Objective::minimize);
        give_assignment(row_to_col_out, cost_out, status_out, s, rows);
    });
}

hn_status hn_linear_assignment_sparse(int64_t** row_to_col_out, double* cost_out, hn_solve_status* status_out,
                                      size_t rows, size_t cols, size_t n_edges, const int64_t* edge_rows,
                                      const int64_t* edge_cols, const double* costs, int maximize) {
    return guard([&] {
        start_assignment(row_to_col_out, cost_out, status_out, rows, cols);
        if (n_edges) {
            need(edge_rows, "edge_rows");
            need(edge_cols, "edge_cols");
            need(costs, "costs");
        }
        algo::SparseAssignment<double> s(static_cast<int32_t>(rows), static_cast<int32_t>(cols));
        std::vector<int32_t> r(n_edges), c(n_edges);
        for (size_t k = 0; k < n_edges; ++k) {
            if (edge_rows[k] < 0 || static_cast<uint64_t>(edge_rows[k]) >= rows)
                throw input_error("edge " + std::to_string(k), "row", "out of range");
            if (edge_cols[k] < 0 || static_cast<uint64_t>(edge_cols[k]) >= cols)
                throw input_error("edge " + std::to_string(k), "col", "out of range");
            r[k] = static_cast<int32_t>(edge_rows[k]);
            c[k] = static_cast<int32_t>(edge_cols[k]);
        }
        s.add_edges(r, c, std::span<const double>(costs, n_edges));
        const auto status = s.run(maximize ? algo::Objective::maximize : algo::Objective::minimize);
        *status_out = status == algo::AssignmentStatus::optimal ? HN_SOLVE_OPTIMAL : HN_SOLVE_INFEASIBLE;
        if (status != algo::AssignmentStatus::optimal) return;
        std::vector<int64_t> out(rows);
        for (size_t i = 0; i < rows; ++i) out[i] = s.assignment()[i];
        *row_to_col_out = dup_array(out);
        *cost_out = s.cost();
    });
}

hn_status hn_stable_match(int64_t** match_out, size_t n_residents, const int64_t* resident_prefs,
                          const size_t* resident_offsets, size_t n_hospitals, const int64_t* hospital_prefs,
                          const size_t* hospital_offsets, const int64_t* capacities, int hospitals_propose) {
    return guard([&] {
        need(match_out, "match_out");
        *match_out = nullptr;
        check_count(n_residents, "n_residents");
        check_count(n_hospitals, "n_hospitals");
        need(resident_offsets, "resident_offsets");
        need(hospital_offsets, "hospital_offsets");
        if (n_hospitals) need(capacities, "capacities");
        auto lists = [](size_t n, const int64_t* flat, const size_t* off, const char* who, size_t other) {
            algo::StableMatching::Prefs p(n);
            if (off[0] != 0) throw input_error(std::string(who) + " 0", "offsets", "offsets must start at 0");
            for (size_t i = 0; i < n; ++i) {
                if (off[i + 1] < off[i])
                    throw input_error(std::string(who) + " " + std::to_string(i), "offsets", "offsets must not decrease");
                if (off[i + 1] > off[i]) need(flat, who);
                for (size_t k = off[i]; k < off[i + 1]; ++k) {
                    if (flat[k] < 0 || static_cast<uint64_t>(flat[k]) >= other)
                        throw input_error(std::string(who) + " " + std::to_string(i), "preferences",
                                          "index " + std::to_string(flat[k]) + " out of range");
                    p[i].push_back(static_cast<int32_t>(flat[k]));
                }
            }
            return p;
        };
        auto rp = lists(n_residents, resident_prefs, resident_offsets, "resident", n_hospitals);
        auto hp = lists(n_hospitals, hospital_prefs, hospital_offsets, "hospital", n_residents);
        std::vector<int32_t> cap(n_hospitals);
        for (size_t h = 0; h < n_hospitals; ++h) {
            if (capacities[h] < 0 || capacities[h] > std::numeric_limits<int32_t>::max())
                throw input_error("hospital " + std::to_string(h), "capacity",
                                  "must be in [0, 2^31), got " + std::to_string(capacities[h]));
            cap[h] = static_cast<int32_t>(capacities[h]);
        }
        algo::StableMatching sm(std::move(rp), std::move(hp), std::move(cap));
        sm.run(hospitals_propose ? algo::StableMatching::Proposer::hospitals
                                 : algo::StableMatching::Proposer::residents);
        std::vector<int64_t> out(sm.resident_match().begin(), sm.resident_match().end());
        *match_out = dup_array(out);
    });
}

hn_status hn_match_json(char** result_json, const hn_network* net, const char* needs_json,
                        const char* resources_json, const char* options_json) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        auto in = match_inputs(net, needs_json, resources_json, options_json);
        match::ResourceMatcher m(net->graph, std::move(in.needs), std::move(in.resources), std::move(in.options));
        m.run();
        *result_json = dup_string(match::match_result_to_json(m).dump());
    });
}

struct hn_matcher {
    hatchnet::match::ResourceMatcher matcher;  // holds the network's frozen graph (shared)
    hn_matcher(std::shared_ptr<const hatchnet::Graph> g, std::vector<hatchnet::match::Need> needs,
               std::vector<hatchnet::match::Resource> res, hatchnet::match::MatchOptions opt)
        : matcher(std::move(g), std::move(needs), std::move(res), std::move(opt)) {}
};

hn_status hn_matcher_create(hn_matcher** out, const hn_network* net, const char* needs_json,
                            const char* resources_json, const char* options_json) {
    return guard([&] {
        need(out, "out");
        *out = nullptr;
        auto in = match_inputs(net, needs_json, resources_json, options_json);
        *out = new hn_matcher(net->shared_graph, std::move(in.needs), std::move(in.resources), std::move(in.options));
    });
}

void hn_matcher_free(hn_matcher* matcher) { delete matcher; }

hn_status hn_matcher_run(char** result_json, hn_solve_status* status_out, hn_matcher* matcher) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        need(matcher, "matcher");
        const auto st = matcher->matcher.run();
        *result_json = dup_string(match::match_result_to_json(matcher->matcher).dump());
        if (status_out) *status_out = solve_status(st);
    });
}

hn_status hn_matcher_set_need_quantity(hn_matcher* matcher, const char* need_id, int64_t quantity) {
    return guard([&] {
        need(matcher, "matcher");
        need(need_id, "need_id");
        const std::size_t i = matcher->matcher.need_index(need_id);
        if (i == match::ResourceMatcher::npos)
            throw status_error{HN_ERR_NOT_FOUND, std::string("need '") + need_id + "': no such need"};
        matcher->matcher.set_need_quantity(i, quantity);
    });
}

hn_status hn_matcher_set_resource_capacity(hn_matcher* matcher, const char* resource_id, int64_t capacity) {
    return guard([&] {
        need(matcher, "matcher");
        need(resource_id, "resource_id");
        const std::size_t j = matcher->matcher.resource_index(resource_id);
        if (j == match::ResourceMatcher::npos)
            throw status_error{HN_ERR_NOT_FOUND, std::string("resource '") + resource_id + "': no such resource"};
        matcher->matcher.set_resource_capacity(j, capacity);
    });
}

hn_status hn_match_demo_data(char** needs_json, char** resources_json, const hn_network* net, uint64_t seed,
                             size_t n_needs) {
    return guard([&] {
        need(needs_json, "needs_json");
        need(resources_json, "resources_json");
        *needs_json = nullptr;
        *resources_json = nullptr;
        synth::DemandOptions o;
        o.seed = seed;
        o.needs = n_needs;
        auto d = synth::demand(net_of(net), o);
        char* a = dup_string(match::needs_to_json(d.needs).dump());
        try {
            *resources_json = dup_string(match::resources_to_json(d.resources).dump());
        } catch (...) {
            hn_free(a);
            throw;
        }
        *needs_json = a;
    });
}

}  // extern "C"
