// C ABI: min-cost flow, linear assignment, stable matching, the needs/resources matcher.
#include <cmath>
#include <limits>

#include "capi_internal.hpp"
#include "hatchnet/match/assignment.hpp"
#include "hatchnet/match/min_cost_flow.hpp"
#include "hatchnet/match/resources.hpp"
#include "hatchnet/match/stable_matching.hpp"
#include "hatchnet/synth/demand.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;

namespace {

hn_solve_status solve_status(match::MinCostFlow::Status s) {
    switch (s) {
        case match::MinCostFlow::Status::optimal: return HN_SOLVE_OPTIMAL;
        case match::MinCostFlow::Status::infeasible: return HN_SOLVE_INFEASIBLE;
        case match::MinCostFlow::Status::unbounded: return HN_SOLVE_UNBOUNDED;
        default: return HN_SOLVE_ITERATION_LIMIT;
    }
}

void check_count(size_t n, const char* what) {
    if (n >= static_cast<size_t>(std::numeric_limits<std::int32_t>::max()) - 1)
        throw input_error("", what, "too many (limit 2^31 - 2)");
}

template <class Solver>
void give_assignment(int64_t** out, double* cost_out, hn_solve_status* st, Solver& s, size_t rows) {
    const auto status = s.run();
    *st = status == match::AssignmentStatus::optimal ? HN_SOLVE_OPTIMAL : HN_SOLVE_INFEASIBLE;
    if (status != match::AssignmentStatus::optimal) return;
    std::vector<int64_t> r(rows);
    for (size_t i = 0; i < rows; ++i) r[i] = s.assignment()[i];
    *out = dup_array(r);
    *cost_out = static_cast<double>(s.cost());
}

}  // namespace

extern "C" {

const char* hn_solve_status_name(hn_solve_status s) {
    switch (s) {
        case HN_SOLVE_OPTIMAL: return "optimal";
        case HN_SOLVE_INFEASIBLE: return "infeasible";
        case HN_SOLVE_UNBOUNDED: return "unbounded";
        case HN_SOLVE_ITERATION_LIMIT: return "iteration_limit";
    }
    return "unknown";
}

hn_status hn_min_cost_flow(int64_t** flow_out, int64_t* cost_out, hn_solve_status* status_out,
                           int64_t** unrouted_out, size_t n_nodes, const int64_t* supplies, size_t n_arcs,
                           const int64_t* tails, const int64_t* heads, const int64_t* capacities,
                           const int64_t* costs, hn_flow_mode mode) {
    return guard([&] {
        need(flow_out, "flow_out");
        need(cost_out, "cost_out");
        need(status_out, "status_out");
        *flow_out = nullptr;
        *cost_out = 0;
        if (unrouted_out) *unrouted_out = nullptr;
        if (mode != HN_FLOW_EXACT && mode != HN_FLOW_MAX_FLOW_MIN_COST)
            throw input_error("argument", "mode", "not an hn_flow_mode");
        check_count(n_nodes, "n_nodes");
        check_count(n_arcs, "n_arcs");
        if (n_arcs > 0) {
            need(tails, "tails");
            need(heads, "heads");
            need(capacities, "capacities");
            need(costs, "costs");
        }
        match::MinCostFlow f(static_cast<match::MinCostFlow::node_t>(n_nodes));
        std::vector<match::MinCostFlow::node_t> t(n_arcs), h(n_arcs);
        for (size_t a = 0; a < n_arcs; ++a) {
            auto node = [&](int64_t v, const char* field) {
                if (v < 0 || static_cast<uint64_t>(v) >= n_nodes)
                    throw input_error("arc " + std::to_string(a), field,
                                      "node " + std::to_string(v) + " does not exist (the problem has " +
                                          std::to_string(n_nodes) + " nodes)");
                return static_cast<match::MinCostFlow::node_t>(v);
            };
            t[a] = node(tails[a], "tail");
            h[a] = node(heads[a], "head");
        }
        f.add_arcs(t, h, std::span<const int64_t>(capacities, n_arcs), std::span<const int64_t>(costs, n_arcs));
        if (supplies) f.set_supplies(std::span<const int64_t>(supplies, n_nodes));
        const auto st = f.run(mode == HN_FLOW_EXACT ? match::MinCostFlow::Mode::exact
                                                    : match::MinCostFlow::Mode::max_flow_min_cost);
        *status_out = solve_status(st);
        if (st != match::MinCostFlow::Status::optimal) return;
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
        *cost_out = f.total_cost();
    });
}

hn_status hn_linear_assignment(int64_t** row_to_col_out, double* cost_out, hn_solve_status* status_out,
                               size_t rows, size_t cols, const double* costs, int maximize) {
    return guard([&] {
        need(row_to_col_out, "row_to_col_out");
        need(cost_out, "cost_out");
        need(status_out, "status_out");
        *row_to_col_out = nullptr;
        *cost_out = 0;
        check_count(rows, "rows");
        check_count(cols, "cols");
        if (rows && cols) need(costs, "costs");
        if (rows && cols && rows > SIZE_MAX / cols) throw input_error("", "rows", "rows x cols overflows");
        match::DenseAssignment<double> s(static_cast<int32_t>(rows), static_cast<int32_t>(cols),
                                         std::span<const double>(costs, rows * cols),
                                         maximize ? match::Objective::maximize : match::Objective::minimize);
        give_assignment(row_to_col_out, cost_out, status_out, s, rows);
    });
}

hn_status hn_linear_assignment_sparse(int64_t** row_to_col_out, double* cost_out, hn_solve_status* status_out,
                                      size_t rows, size_t cols, size_t n_edges, const int64_t* edge_rows,
                                      const int64_t* edge_cols, const double* costs, int maximize) {
    return guard([&] {
        need(row_to_col_out, "row_to_col_out");
        need(cost_out, "cost_out");
        need(status_out, "status_out");
        *row_to_col_out = nullptr;
        *cost_out = 0;
        check_count(rows, "rows");
        check_count(cols, "cols");
        if (n_edges) {
            need(edge_rows, "edge_rows");
            need(edge_cols, "edge_cols");
            need(costs, "costs");
        }
        match::SparseAssignment<double> s(static_cast<int32_t>(rows), static_cast<int32_t>(cols));
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
        const auto status = s.run(maximize ? match::Objective::maximize : match::Objective::minimize);
        *status_out = status == match::AssignmentStatus::optimal ? HN_SOLVE_OPTIMAL : HN_SOLVE_INFEASIBLE;
        if (status != match::AssignmentStatus::optimal) return;
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
            match::StableMatching::Prefs p(n);
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
        match::StableMatching sm(std::move(rp), std::move(hp), std::move(cap));
        sm.run(hospitals_propose ? match::StableMatching::Proposer::hospitals
                                 : match::StableMatching::Proposer::residents);
        std::vector<int64_t> out(sm.resident_match().begin(), sm.resident_match().end());
        *match_out = dup_array(out);
    });
}

hn_status hn_match_json(char** result_json, const hn_network* net, const char* needs_json,
                        const char* resources_json, const char* options_json) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        net_of(net);
        need(needs_json, "needs_json");
        need(resources_json, "resources_json");
        auto needs = match::parse_needs(needs_json);
        auto res = match::parse_resources(resources_json);
        auto opt = match::parse_match_options(options_json ? options_json : "");
        match::ResourceMatcher m(net->graph, std::move(needs), std::move(res), opt);
        m.run();
        *result_json = dup_string(match::match_result_to_json(m));
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
        char* a = dup_string(match::needs_to_json(d.needs));
        try {
            *resources_json = dup_string(match::resources_to_json(d.resources));
        } catch (...) {
            hn_free(a);
            throw;
        }
        *needs_json = a;
    });
}

}  // extern "C"
