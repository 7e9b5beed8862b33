// hatchnet._core: the referral engine (routing, batch routing, ledger). Requests, policies
// and results cross as JSON text; the pure-Python layer (hatchnet/referral.py) turns them into
// DataFrames. The GIL is released while routing.
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include "bindings.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/referral/referral.hpp"

namespace py = pybind11;

namespace hatchnet::py {
namespace {

using namespace hatchnet::referral;

struct PyNames;

/// A router bound to its network (kept alive).
struct PyRouter {
    std::shared_ptr<PyNetwork> owner;
    std::unique_ptr<Router> router;
    /// The Python strings every result of this router shares (node ids, names, dict keys),
    /// made on first use with the GIL held (see names()).
    mutable std::shared_ptr<const PyNames> names_;
    const PyNames& names() const;
    /// What the Python layer keeps per router (ReferralSet's node table: ids, regions and
    /// their categorical dtypes), set from Python with the GIL held; None until then.
    mutable pybind11::object py_cache = pybind11::none();
};

/// One routed request kept in C++: the Python layer reads status / chosen / score without
/// JSON and renders the full explanation (candidates, excluded, route) only when asked.
struct PyReferral {
    std::shared_ptr<const PyRouter> router;
    Result result;
};

/// Many referrals routed independently (Router.route_many), kept in C++: the Python layer
/// reads them as columns (numpy arrays, one row per request / candidate / exclusion / hop).
struct PyReferralSet {
    std::shared_ptr<const PyRouter> router;
    std::vector<Result> results;
};

/// Reasons cross as masks (bit i: REFERRAL_REASONS[i]), read in Python as category codes;
/// a hop whose `from` was a candidate that scored below the chosen node has the code
/// better_fit_code, one past the largest mask.
constexpr std::int16_t better_fit_code = std::int16_t(1 << reason_count);
static_assert(reason_count < 15, "reason masks must fit an int16 category code");

template <class T>
pybind11::array_t<T> column(std::size_t n) {
    return pybind11::array_t<T>(pybind11::ssize_t(n));
}

// ---------------------------------------------------------------- one result as Python objects
//
// Referral.data() builds the dict of the result's JSON (result_to_json_text) directly from
// the C++ result, without JSON text: every string it holds (node ids, regions, tier, move,
// relation, reason and factor names, the keys) is made once per router and shared, so a row
// costs a dict and its numbers. Referral.explanation() gives the same explanation as three
// numpy structured arrays (one copy of packed rows each), for readers that want speed.

/// The keys of the result dicts, in the order result_to_json_text writes them.
enum Key : int {
    k_request, k_status, k_first_contact, k_chosen, k_score, k_route, k_candidates, k_excluded, k_waitlist,
    k_as_of, k_contracts, k_from, k_to, k_move, k_relation, k_edge, k_contract, k_because, k_rank, k_node,
    k_tier, k_region, k_hops, k_spare, k_capacity, k_capacity_updated, k_factors, k_contributions,
    k_distance, k_reasons, k_position, k_issue, k_service, k_date, k_reason, key_count
};
constexpr const char* key_names[key_count] = {
    "request", "status", "first_contact", "chosen", "score", "route", "candidates", "excluded", "waitlist",
    "as_of", "contracts", "from", "to", "move", "relation", "edge", "contract", "because", "rank", "node",
    "tier", "region", "hops", "spare", "capacity", "capacity_updated", "factors", "contributions",
    "distance", "reasons", "position", "issue", "service", "date", "reason"};

/// Packed rows of Referral.explanation()'s structured arrays (their dtypes give the offsets).
struct CandidateRow {
    std::int32_t node, rank, hops, pad_;
    double score;
    double f[factor_count];
    double w[factor_count];
};
struct ExcludedRow {
    std::int32_t node, hops, distance, contract;
    std::int16_t reasons, pad_;
};
struct HopRow {
    std::int32_t step, from, to, contract;
    std::int64_t edge;
    std::int16_t because;
    std::int8_t move, relation;
    std::int32_t pad_;
};

pybind11::str utf8(std::string_view s) {
    PyObject* o = PyUnicode_DecodeUTF8(s.data(), pybind11::ssize_t(s.size()), "replace");
    if (!o) throw pybind11::error_already_set();
    return pybind11::reinterpret_steal<pybind11::str>(o);
}

template <class E>
std::vector<pybind11::object> enum_names(int n) {
    std::vector<pybind11::object> v;
    for (int i = 0; i < n; ++i) v.push_back(utf8(to_string(static_cast<E>(i))));
    return v;
}

/// A structured dtype from (name, numpy format, offset) fields and the row size.
pybind11::dtype row_dtype(const std::vector<std::tuple<std::string, const char*, std::size_t>>& fields,
                          std::size_t itemsize) {
    pybind11::list names, formats, offsets;
    for (const auto& [n, f, o] : fields) {
        names.append(pybind11::str(n));
        formats.append(pybind11::str(f));
        offsets.append(o);
    }
    pybind11::dict d;
    d["names"] = names;
    d["formats"] = formats;
    d["offsets"] = offsets;
    d["itemsize"] = itemsize;
    return pybind11::dtype::from_args(d);
}

struct PyNames {
    pybind11::tuple node, region;                // per vertex
    std::vector<pybind11::object> capacity_updated;   // per vertex (None when empty)
    std::vector<pybind11::object> contract;     // per contract of the network: its id
    std::vector<pybind11::object> tier, move, relation, status, factor, issue;
    std::vector<pybind11::object> reason;       // per reason bit
    pybind11::object better_fit;
    std::vector<pybind11::object> key;
    pybind11::dtype candidate_dtype, excluded_dtype, route_dtype;
    pybind11::tuple contract_ids;               // `contract` as a tuple

    explicit PyNames(const Graph& g) {
        const Network& net = g.network();
        const std::size_t n = g.num_vertices();
        node = pybind11::tuple(str_column(n, [&](auto v) -> std::string_view { return g.node(Graph::vertex(v)).id; }));
        region = pybind11::tuple(
            str_column(n, [&](auto v) -> std::string_view { return g.node(Graph::vertex(v)).region; }));
        capacity_updated.reserve(n);
        for (std::size_t v = 0; v < n; ++v) {
            const auto& cu = g.node(Graph::vertex(v)).capacity_updated;
            capacity_updated.push_back(cu.empty() ? pybind11::object(pybind11::none()) : pybind11::object(utf8(cu)));
        }
        for (const auto& c : net.contracts) contract.push_back(utf8(c.id));
        contract_ids = pybind11::tuple(contract.size());
        for (std::size_t i = 0; i < contract.size(); ++i) contract_ids[i] = contract[i];
        tier = enum_names<Tier>(tier_count);
        move = enum_names<Move>(move_count);
        relation = enum_names<Relation>(relation_count);
        status = enum_names<RouteStatus>(3);
        factor = enum_names<Factor>(factor_count);
        issue = enum_names<ContractIssue>(3);
        for (int i = 0; i < reason_count; ++i) reason.push_back(utf8(to_string(static_cast<Reason>(1u << i))));
        better_fit = utf8("better_fit");
        for (const char* k : key_names) {
            PyObject* s = PyUnicode_InternFromString(k);
            if (!s) throw pybind11::error_already_set();
            key.push_back(pybind11::reinterpret_steal<pybind11::object>(s));
        }
        std::vector<std::tuple<std::string, const char*, std::size_t>> cf = {
            {"node", "<i4", offsetof(CandidateRow, node)}, {"rank", "<i4", offsetof(CandidateRow, rank)},
            {"hops", "<i4", offsetof(CandidateRow, hops)}, {"score", "<f8", offsetof(CandidateRow, score)}};
        for (int k = 0; k < factor_count; ++k)
            cf.emplace_back("f_" + std::string(to_string(Factor(k))), "<f8",
                            offsetof(CandidateRow, f) + sizeof(double) * std::size_t(k));
        for (int k = 0; k < factor_count; ++k)
            cf.emplace_back("w_" + std::string(to_string(Factor(k))), "<f8",
                            offsetof(CandidateRow, w) + sizeof(double) * std::size_t(k));
        candidate_dtype = row_dtype(cf, sizeof(CandidateRow));
        excluded_dtype = row_dtype({{"node", "<i4", offsetof(ExcludedRow, node)},
                                    {"hops", "<i4", offsetof(ExcludedRow, hops)},
                                    {"distance", "<i4", offsetof(ExcludedRow, distance)},
                                    {"reasons", "<i2", offsetof(ExcludedRow, reasons)},
                                    {"contract", "<i4", offsetof(ExcludedRow, contract)}},
                                   sizeof(ExcludedRow));
        route_dtype = row_dtype({{"step", "<i4", offsetof(HopRow, step)},
                                 {"from", "<i4", offsetof(HopRow, from)},
                                 {"to", "<i4", offsetof(HopRow, to)},
                                 {"move", "i1", offsetof(HopRow, move)},
                                 {"relation", "i1", offsetof(HopRow, relation)},
                                 {"edge", "<i8", offsetof(HopRow, edge)},
                                 {"contract", "<i4", offsetof(HopRow, contract)},
                                 {"because", "<i2", offsetof(HopRow, because)}},
                                sizeof(HopRow));
    }
};

/// Item i of a tuple (borrowed).
pybind11::handle at(const pybind11::tuple& t, std::size_t i) { return PyTuple_GET_ITEM(t.ptr(), pybind11::ssize_t(i)); }

const PyNames& PyRouter::names() const {
    if (!names_) {
        // Building the names makes Python objects, which may let another thread run (and build
        // them too): keep whichever copy was stored first and never replace it, so a reference
        // handed out earlier stays valid.
        auto built = std::make_shared<const PyNames>(router->graph());
        if (!names_) names_ = std::move(built);
    }
    return *names_;
}

/// A dict filled in order with the shared keys; numbers are made here, strings are shared.
class Dict {
public:
    explicit Dict(const PyNames& nm) : nm_(nm), d_(pybind11::reinterpret_steal<pybind11::object>(PyDict_New())) {
        if (!d_) throw pybind11::error_already_set();
    }
    void put(pybind11::handle k, pybind11::handle v) {
        if (PyDict_SetItem(d_.ptr(), k.ptr(), v.ptr()) != 0) throw pybind11::error_already_set();
    }
    void put(Key k, pybind11::handle v) { put(nm_.key[std::size_t(k)], v); }
    void put_new(pybind11::handle k, PyObject* v) {
        if (!v) throw pybind11::error_already_set();
        put(k, pybind11::reinterpret_steal<pybind11::object>(v));
    }
    void integer(Key k, long long v) { put_new(nm_.key[std::size_t(k)], PyLong_FromLongLong(v)); }
    void real(Key k, double v) { put_new(nm_.key[std::size_t(k)], PyFloat_FromDouble(v)); }
    pybind11::object done() { return std::move(d_); }

private:
    const PyNames& nm_;
    pybind11::object d_;
};

pybind11::list reasons_list(const PyNames& nm, ReasonMask m) {
    pybind11::list l;
    for (int i = 0; i < reason_count; ++i)
        if (m & (1u << i)) l.append(nm.reason[std::size_t(i)]);
    return l;
}

/// A list of n dicts made by row(i) (a Dict's done()).
template <class F>
pybind11::list dict_list(std::size_t n, F row) {
    pybind11::list out(n);
    for (std::size_t i = 0; i < n; ++i) PyList_SET_ITEM(out.ptr(), pybind11::ssize_t(i), row(i).release().ptr());
    return out;
}

pybind11::list route_list(const PyNames& nm, const Result& r, const Network& net) {
    return dict_list(r.route.size(), [&](std::size_t j) {
        const Hop& h = r.route[j];
        Dict d(nm);
        d.put(k_from, at(nm.node, h.from));
        d.put(k_to, at(nm.node, h.to));
        d.put(k_move, nm.move[std::size_t(h.move)]);
        if (h.contract >= 0) {  // a contract of Network::contracts, not an edge
            d.put(k_relation, nm.relation[std::size_t(Relation::contract)]);
            d.put(k_edge, pybind11::none());
            d.put(k_contract, nm.contract[std::size_t(h.contract)]);
        } else {
            d.put(k_relation, nm.relation[std::size_t(net.edges[h.edge].type)]);
            d.integer(k_edge, h.edge);
        }
        if (h.from_was_candidate) {
            pybind11::list l;
            l.append(nm.better_fit);
            d.put(k_because, l);
        } else {
            d.put(k_because, reasons_list(nm, h.because));
        }
        return d.done();
    });
}

pybind11::list candidate_list(const PyNames& nm, const Result& r, const Graph& g) {
    return dict_list(r.candidates.size(), [&](std::size_t i) {
        const Candidate& c = r.candidates[i];
        const Node& n = g.node(c.node);
        Dict d(nm);
        d.integer(k_rank, (long long)(i + 1));
        d.put(k_node, at(nm.node, c.node));
        d.put(k_tier, nm.tier[std::size_t(n.tier)]);
        d.put(k_region, at(nm.region, c.node));
        d.integer(k_hops, c.hops);
        d.real(k_score, c.score);
        d.integer(k_spare, n.spare());
        d.integer(k_capacity, n.capacity);
        if (!n.capacity_updated.empty()) d.put(k_capacity_updated, nm.capacity_updated[c.node]);
        for (const auto* part : {&c.factors, &c.contributions}) {
            Dict f(nm);
            for (int k = 0; k < factor_count; ++k)
                f.put_new(nm.factor[std::size_t(k)], PyFloat_FromDouble((*part)[std::size_t(k)]));
            d.put(part == &c.factors ? k_factors : k_contributions, f.done());
        }
        return d.done();
    });
}

pybind11::list excluded_list(const PyNames& nm, const Result& r, const Graph& g) {
    return dict_list(r.excluded.size(), [&](std::size_t i) {
        const Excluded& e = r.excluded[i];
        Dict d(nm);
        d.put(k_node, at(nm.node, e.node));
        d.put(k_tier, nm.tier[std::size_t(g.node(e.node).tier)]);
        d.integer(k_hops, e.hops);
        d.integer(k_distance, e.distance);
        d.put(k_reasons, reasons_list(nm, e.reasons));
        if (e.contract >= 0) d.put(k_contract, nm.contract[std::size_t(e.contract)]);
        return d.done();
    });
}

/// The result as the Python objects of its JSON (result_to_json_text), key for key.
pybind11::object result_dict(const PyRouter& router, const Result& r) {
    const PyNames& nm = router.names();
    const Graph& g = router.router->graph();
    const Network& net = g.network();
    Dict d(nm);
    if (!r.request_id.empty()) d.put(k_request, utf8(r.request_id));
    d.put(k_status, nm.status[std::size_t(r.status)]);
    d.put(k_first_contact, at(nm.node, r.first_contact));
    d.put(k_chosen, r.chosen == Graph::null_vertex ? pybind11::handle(Py_None) : at(nm.node, r.chosen));
    if (!r.candidates.empty() && r.status == RouteStatus::routed) d.real(k_score, r.candidates.front().score);
    d.put(k_route, route_list(nm, r, net));
    d.put(k_candidates, candidate_list(nm, r, g));
    d.put(k_excluded, excluded_list(nm, r, g));
    if (r.waitlist) {
        Dict w(nm);
        w.put(k_node, at(nm.node, r.waitlist->node));
        w.integer(k_position, r.waitlist->position);
        w.real(k_score, r.waitlist->score);
        w.integer(k_hops, r.waitlist->hops);
        d.put(k_waitlist, w.done());
    } else {
        d.put(k_waitlist, pybind11::none());
    }
    if (!net.contracts.empty()) {
        d.put(k_as_of, utf8(r.as_of));
        d.put(k_contracts, dict_list(r.contracts.size(), [&](std::size_t i) {
            const ContractNote& c = r.contracts[i];
            Dict x(nm);
            x.put(k_contract, nm.contract[c.contract]);
            x.put(k_issue, nm.issue[std::size_t(c.issue)]);
            if (!c.service.empty()) x.put(k_service, utf8(c.service));
            if (!c.date.empty()) x.put(k_date, utf8(c.date));
            x.put(k_reason, utf8(c.text(net)));
            return x.done();
        }));
    }
    return d.done();
}

/// The rows of one explanation, owned by the arrays that view them (through a capsule).
struct ExplanationRows {
    std::vector<CandidateRow> cand;
    std::vector<ExcludedRow> excl;
    std::vector<HopRow> hops;
};

/// The explanation as three structured arrays (candidates, excluded, route; dtypes in PyNames).
/// The arrays view rows made here (one capsule owns them): numpy's copy of a packed
/// structured buffer goes field by field through its cast machinery, and a new structured
/// array is zero-filled the same way, each costing more than routing a request.
pybind11::tuple result_arrays(const PyRouter& router, const Result& r) {
    const PyNames& nm = router.names();
    const Network& net = router.router->graph().network();
    auto rows = std::make_unique<ExplanationRows>();
    rows->cand.resize(r.candidates.size());
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
        const Candidate& c = r.candidates[i];
        CandidateRow& x = rows->cand[i];
        x = CandidateRow{};
        x.node = std::int32_t(c.node);
        x.rank = std::int32_t(i + 1);
        x.hops = c.hops;
        x.score = c.score;
        std::copy(c.factors.begin(), c.factors.end(), x.f);
        std::copy(c.contributions.begin(), c.contributions.end(), x.w);
    }
    rows->excl.resize(r.excluded.size());
    for (std::size_t i = 0; i < r.excluded.size(); ++i) {
        const Excluded& e = r.excluded[i];
        rows->excl[i] = ExcludedRow{std::int32_t(e.node), e.hops, e.distance, e.contract, std::int16_t(e.reasons), 0};
    }
    rows->hops.resize(r.route.size());
    for (std::size_t j = 0; j < r.route.size(); ++j) {
        const Hop& h = r.route[j];
        HopRow& x = rows->hops[j];
        x = HopRow{};
        x.step = std::int32_t(j);
        x.from = std::int32_t(h.from);
        x.to = std::int32_t(h.to);
        x.contract = h.contract;
        x.edge = h.contract >= 0 ? -1 : std::int64_t(h.edge);
        x.because = h.from_was_candidate ? better_fit_code : std::int16_t(h.because);
        x.move = std::int8_t(h.move);
        x.relation = h.contract >= 0 ? std::int8_t(Relation::contract) : std::int8_t(net.edges[h.edge].type);
    }
    ExplanationRows* raw = rows.get();
    pybind11::capsule owner(raw, [](void* p) { delete static_cast<ExplanationRows*>(p); });
    rows.release();
    // a view needs a non-null pointer even with no rows
    static const std::int64_t empty[8] = {};
    auto view = [&](const pybind11::dtype& dt, std::size_t n, const void* p) {
        return pybind11::array(dt, {pybind11::ssize_t(n)}, {}, n ? p : empty, owner);
    };
    return pybind11::make_tuple(view(nm.candidate_dtype, raw->cand.size(), raw->cand.data()),
                                view(nm.excluded_dtype, raw->excl.size(), raw->excl.data()),
                                view(nm.route_dtype, raw->hops.size(), raw->hops.data()));
}

/// A batch routed against capacities (Router.route_batch_set), kept in C++: the Python layer
/// reads the assignments as columns and makes the JSON's dicts only when asked.
struct PyBatch {
    std::shared_ptr<const PyRouter> router;
    std::vector<Request> requests;
    BatchResult result;
};

/// One column per field of the assignments, as the JSON's records would give them: index,
/// request (the request's id, None without one), status, node (None when unplaced), score,
/// hops, waitlist_position.
pybind11::dict batch_columns(const PyBatch& b) {
    const PyNames& nm = b.router->names();
    const auto& A = b.result.assignments;
    const std::size_t n = A.size();
    auto index = column<std::int64_t>(n), hops = column<std::int64_t>(n), wpos = column<std::int64_t>(n);
    auto score = column<double>(n);
    pybind11::list request(n), status(n), node(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Assignment& x = A[i];
        index.mutable_data()[i] = std::int64_t(x.request);
        hops.mutable_data()[i] = x.hops;
        wpos.mutable_data()[i] = x.waitlist_position;
        score.mutable_data()[i] = x.score;
        const bool has_id = x.request < b.requests.size() && !b.requests[x.request].id.empty();
        request[i] = has_id ? pybind11::object(utf8(b.requests[x.request].id)) : pybind11::object(pybind11::none());
        status[i] = nm.status[std::size_t(x.status)];
        node[i] = x.node == Graph::null_vertex ? pybind11::handle(Py_None) : at(nm.node, x.node);
    }
    pybind11::dict d;
    d["index"] = index;
    d["request"] = request;
    d["status"] = status;
    d["node"] = node;
    d["score"] = score;
    d["hops"] = hops;
    d["waitlist_position"] = wpos;
    return d;
}

void bind_batch(pybind11::module_& m) {
    pybind11::class_<PyBatch, std::shared_ptr<PyBatch>>(m, "ReferralBatch",
                                                        "A batch routed against capacities, kept in C++.")
        .def_property_readonly("routed", [](const PyBatch& b) { return b.result.routed; })
        .def_property_readonly("waitlisted", [](const PyBatch& b) { return b.result.waitlisted; })
        .def_property_readonly("unroutable", [](const PyBatch& b) { return b.result.unroutable; })
        .def_property_readonly("total_score", [](const PyBatch& b) { return b.result.total_score; })
        .def_property_readonly("objective", [](const PyBatch& b) { return b.result.objective; })
        .def("placed",
             [](const PyBatch& b) {
                 const PyNames& nm = b.router->names();
                 pybind11::dict d;
                 for (std::size_t v = 0; v < b.result.placed.size(); ++v)
                     if (b.result.placed[v]) d[at(nm.node, v)] = b.result.placed[v];
                 return d;
             })
        .def("assignment_columns", &batch_columns)
        .def(
            "data",
            [](const PyBatch& b, const pybind11::object& table) {
                nlohmann::ordered_json j;
                {
                    pybind11::gil_scoped_release rel;
                    j = batch_to_json(b.result, b.requests, *b.router->router);
                }
                return json_to_py(j, table);
            },
            pybind11::arg("table") = pybind11::none(), "every field as the JSON of the C ABI (Python objects)");
}

struct PyLedger {
    std::shared_ptr<PyNetwork> owner;
    Ledger ledger;
};

Status status_arg(const std::string& s) {
    auto st = parse_status(s);
    if (!st)
        throw input_error("argument", "status",
                          "unknown status '" + s +
                              "' (requested, accepted, rejected, in_progress, completed, cancelled, failed)");
    return *st;
}

/// The vocabularies of the referral engine, owned by C++ (hatchnet.referral re-exports them),
/// and the policy's JSON helpers.
void bind_vocabularies(pybind11::module_& m) {
    {
        pybind11::tuple reasons(reason_count);
        for (int i = 0; i < reason_count; ++i)
            reasons[i] = pybind11::str(std::string(to_string(static_cast<Reason>(1u << i))));
        m.attr("REFERRAL_REASONS") = reasons;
        m.attr("REFERRAL_FACTORS") = names_of<Factor>(factor_count);
        m.attr("REFERRAL_STATUSES") = names_of<Status>(status_count);
        m.attr("REFERRAL_MOVES") = names_of<Move>(move_count);
        m.attr("ROUTE_STATUSES") = names_of<RouteStatus>(3);
        m.attr("URGENCIES") = names_of<Urgency>(2);
    }
    m.def("default_policy_json", [] { return policy_to_json(Policy::defaults()); });
    m.def(
        "normalise_policy_json", [](const std::string& text) { return policy_to_json(policy_from_json(text)); },
        pybind11::arg("text"));
}

/// One routing result, read lazily.
void bind_result(pybind11::module_& m) {
    pybind11::class_<PyReferral, std::shared_ptr<PyReferral>>(m, "Referral", "One routing result (lazy JSON).")
        .def_property_readonly("status", [](const PyReferral& r) { return std::string(to_string(r.result.status)); })
        .def_property_readonly("first_contact", [](const PyReferral& r) {
            return r.router->router->graph().node(r.result.first_contact).id;
        })
        .def_property_readonly("chosen", [](const PyReferral& r) -> std::optional<std::string> {
            if (r.result.chosen == Graph::null_vertex) return std::nullopt;
            return r.router->router->graph().node(r.result.chosen).id;
        })
        .def_property_readonly("score", [](const PyReferral& r) -> std::optional<double> {
            if (r.result.candidates.empty() || r.result.status != RouteStatus::routed) return std::nullopt;
            return r.result.candidates.front().score;
        })
        .def_property_readonly("candidate_count", [](const PyReferral& r) { return r.result.candidates.size(); })
        .def_property_readonly("excluded_count", [](const PyReferral& r) { return r.result.excluded.size(); })
        .def_property_readonly("hop_count", [](const PyReferral& r) { return r.result.route.size(); })
        .def("data", [](const PyReferral& r) { return result_dict(*r.router, r.result); },
             "the full result as Python objects (the JSON of the C ABI, made without JSON text)")
        .def("explanation", [](const PyReferral& r) { return result_arrays(*r.router, r.result); },
             "the explanation as three numpy structured arrays: candidates, excluded, route")
        .def(
            "explain",
            [](const PyReferral& r) {
                pybind11::tuple a = result_arrays(*r.router, r.result);
                const PyNames& nm = r.router->names();
                return pybind11::make_tuple(a[0], a[1], a[2], nm.node, nm.contract_ids);
            },
            "explanation() with node_ids and contract_ids, in one call")
        .def_property_readonly(
            "node_ids", [](const PyReferral& r) { return r.router->names().node; },
            "every node id by vertex number (the codes of explanation()'s node, from and to fields)")
        .def_property_readonly(
            "contract_ids",
            [](const PyReferral& r) { return r.router->names().contract_ids; },
            "every contract id of the network by index (the codes of the contract fields)")
        .def(
            "json",
            [](const PyReferral& r) {
                pybind11::gil_scoped_release rel;
                return result_to_json_text(r.result, *r.router->router);
            },
            "the full result as JSON text (what Router.refer returns)");
}

/// One row per request: what was decided.
pybind11::dict decision_columns(const PyReferralSet& set) {
    const auto& rs = set.results;
    const std::size_t n = rs.size();
    auto status = column<std::int8_t>(n);
    auto first = column<std::int32_t>(n), chosen = column<std::int32_t>(n), hops = column<std::int32_t>(n);
    auto wnode = column<std::int32_t>(n);
    auto score = column<double>(n);
    auto wpos = column<std::int64_t>(n), ncand = column<std::int64_t>(n), nexcl = column<std::int64_t>(n);
    auto* st = status.mutable_data();
    auto *fc = first.mutable_data(), *ch = chosen.mutable_data(), *hp = hops.mutable_data(), *wn = wnode.mutable_data();
    auto* sc = score.mutable_data();
    auto *wp = wpos.mutable_data(), *nc = ncand.mutable_data(), *ne = nexcl.mutable_data();
    const auto vid = [](Graph::vertex v) { return v == Graph::null_vertex ? -1 : std::int32_t(v); };
    for (std::size_t i = 0; i < n; ++i) {
        const Result& r = rs[i];
        const bool routed = r.status == RouteStatus::routed && !r.candidates.empty();
        st[i] = std::int8_t(r.status);
        fc[i] = vid(r.first_contact);
        ch[i] = vid(r.chosen);
        sc[i] = routed ? r.candidates.front().score : std::numeric_limits<double>::quiet_NaN();
        hp[i] = routed ? r.candidates.front().hops : -1;
        wn[i] = r.waitlist ? vid(r.waitlist->node) : -1;
        wp[i] = r.waitlist ? r.waitlist->position : 0;
        nc[i] = std::int64_t(r.candidates.size());
        ne[i] = std::int64_t(r.excluded.size());
    }
    pybind11::dict d;
    d["id"] = str_column(n, [&](auto i) -> std::string_view { return rs[i].request_id; });
    d["status"] = status;
    d["first_contact"] = first;
    d["chosen"] = chosen;
    d["score"] = score;
    d["hops"] = hops;
    d["waitlist_node"] = wnode;
    d["waitlist_position"] = wpos;
    d["candidates"] = ncand;
    d["excluded"] = nexcl;
    return d;
}

/// One row per candidate of every request, best first within a request.
pybind11::dict candidate_columns(const PyReferralSet& set) {
    const auto& rs = set.results;
    std::size_t n = 0;
    for (const auto& r : rs) n += r.candidates.size();
    auto request = column<std::int64_t>(n);
    auto rank = column<std::int32_t>(n), node = column<std::int32_t>(n), hops = column<std::int32_t>(n);
    auto score = column<double>(n);
    pybind11::array_t<double> factors({pybind11::ssize_t(n), pybind11::ssize_t(factor_count)});
    pybind11::array_t<double> contributions({pybind11::ssize_t(n), pybind11::ssize_t(factor_count)});
    auto* rq = request.mutable_data();
    auto *rk = rank.mutable_data(), *nd = node.mutable_data(), *hp = hops.mutable_data();
    auto *sc = score.mutable_data(), *fa = factors.mutable_data(), *co = contributions.mutable_data();
    std::size_t k = 0;
    for (std::size_t i = 0; i < rs.size(); ++i) {
        for (std::size_t j = 0; j < rs[i].candidates.size(); ++j, ++k) {
            const Candidate& c = rs[i].candidates[j];
            rq[k] = std::int64_t(i);
            rk[k] = std::int32_t(j + 1);
            nd[k] = std::int32_t(c.node);
            hp[k] = c.hops;
            sc[k] = c.score;
            std::copy(c.factors.begin(), c.factors.end(), fa + k * factor_count);
            std::copy(c.contributions.begin(), c.contributions.end(), co + k * factor_count);
        }
    }
    pybind11::dict d;
    d["request"] = request;
    d["rank"] = rank;
    d["node"] = node;
    d["hops"] = hops;
    d["score"] = score;
    d["factors"] = factors;
    d["contributions"] = contributions;
    return d;
}

/// The reason masks that occur in `masks` (ascending, as "reason_masks") and each row's
/// position among them ("reason_codes"): the codes and categories of the Categorical the
/// Python layer makes, computed here in one pass instead of a bincount and a gather there.
void used_reasons(pybind11::array_t<std::int16_t>& masks, pybind11::dict& d) {
    constexpr std::size_t span = std::size_t(better_fit_code) + 1;
    const std::size_t n = std::size_t(masks.size());
    const std::int16_t* m = masks.data();
    std::vector<std::int16_t> remap(span, 0);
    for (std::size_t i = 0; i < n; ++i) remap[std::size_t(m[i])] = 1;
    auto used = column<std::int16_t>(std::size_t(std::count(remap.begin(), remap.end(), std::int16_t(1))));
    std::int16_t k = 0;
    for (std::size_t v = 0; v < span; ++v)
        if (remap[v]) {
            used.mutable_data()[k] = std::int16_t(v);
            remap[v] = k++;
        }
    auto codes = column<std::int16_t>(n);
    std::int16_t* c = codes.mutable_data();
    for (std::size_t i = 0; i < n; ++i) c[i] = remap[std::size_t(m[i])];
    d["reason_masks"] = used;
    d["reason_codes"] = codes;
}

/// One row per excluded node of every request.
pybind11::dict excluded_columns(const PyReferralSet& set) {
    const auto& rs = set.results;
    std::size_t n = 0;
    for (const auto& r : rs) n += r.excluded.size();
    auto request = column<std::int64_t>(n);
    auto node = column<std::int32_t>(n), hops = column<std::int32_t>(n), distance = column<std::int32_t>(n);
    auto reasons = column<std::int16_t>(n);
    auto* rq = request.mutable_data();
    auto *nd = node.mutable_data(), *hp = hops.mutable_data(), *di = distance.mutable_data();
    auto* re = reasons.mutable_data();
    std::size_t k = 0;
    for (std::size_t i = 0; i < rs.size(); ++i) {
        for (const Excluded& e : rs[i].excluded) {
            rq[k] = std::int64_t(i);
            nd[k] = std::int32_t(e.node);
            hp[k] = e.hops;
            di[k] = e.distance;
            re[k] = std::int16_t(e.reasons);
            ++k;
        }
    }
    pybind11::dict d;
    d["request"] = request;
    d["node"] = node;
    d["hops"] = hops;
    d["distance"] = distance;
    d["reasons"] = reasons;
    used_reasons(reasons, d);
    return d;
}

/// The dtype pandas coerces the codes of a Categorical of `categories` categories to
/// (coerce_indexer_dtype): codes made in it are kept by Categorical.from_codes, not copied.
/// Calls f with a value of that integer type.
template <class F>
auto with_code_type(std::size_t categories, F f) {
    if (categories < 127) return f(std::int8_t{});
    if (categories < 32767) return f(std::int16_t{});
    if (categories < 2147483647) return f(std::int32_t{});
    return f(std::int64_t{});
}

/// The excluded table as the Python layer's frame holds it, made in one pass: request,
/// node and tier codes in the dtypes of their Categoricals, hops, distance, and the reasons
/// as codes into "reason_masks" (the masks that occur, ascending). 2.85M rows for 20,000
/// Beijing requests: the gathers and dtype conversions pandas made of excluded_columns()
/// cost a third of the table.
pybind11::dict excluded_table(const PyReferralSet& set) {
    const auto& rs = set.results;
    const Graph& g = set.router->router->graph();
    std::size_t n = 0;
    for (const auto& r : rs) n += r.excluded.size();
    std::vector<std::int8_t> tier_of(g.num_vertices());
    for (std::size_t v = 0; v < tier_of.size(); ++v) tier_of[v] = std::int8_t(g.node(Graph::vertex(v)).tier);
    static_assert(tier_count < 127, "tier codes are int8");
    auto request = column<std::int64_t>(n);
    auto hops = column<std::int32_t>(n), distance = column<std::int32_t>(n);
    auto tier = column<std::int8_t>(n);
    auto masks = column<std::int16_t>(n);
    constexpr std::size_t span = std::size_t(better_fit_code) + 1;
    std::vector<std::int16_t> remap(span, 0);
    pybind11::array node = with_code_type(g.num_vertices(), [&](auto tag) {
        using T = decltype(tag);
        auto nodes = column<T>(n);
        T* nd = nodes.mutable_data();
        auto* rq = request.mutable_data();
        auto *hp = hops.mutable_data(), *di = distance.mutable_data();
        auto* ti = tier.mutable_data();
        auto* ms = masks.mutable_data();
        std::size_t k = 0;
        for (std::size_t i = 0; i < rs.size(); ++i) {
            for (const Excluded& e : rs[i].excluded) {
                rq[k] = std::int64_t(i);
                nd[k] = T(e.node);
                ti[k] = tier_of[e.node];
                hp[k] = e.hops;
                di[k] = e.distance;
                ms[k] = std::int16_t(e.reasons);
                remap[std::size_t(e.reasons)] = 1;
                ++k;
            }
        }
        return pybind11::array(std::move(nodes));
    });
    const std::size_t used_n = std::size_t(std::count(remap.begin(), remap.end(), std::int16_t(1)));
    auto used = column<std::int16_t>(used_n);
    std::int16_t c = 0;
    for (std::size_t v = 0; v < span; ++v)
        if (remap[v]) {
            used.mutable_data()[c] = std::int16_t(v);
            remap[v] = c++;
        }
    pybind11::array codes = with_code_type(used_n, [&](auto tag) -> pybind11::array {
        using T = decltype(tag);
        std::int16_t* m = masks.mutable_data();
        if constexpr (sizeof(T) == sizeof(std::int16_t)) {  // in place
            for (std::size_t i = 0; i < n; ++i) m[i] = remap[std::size_t(m[i])];
            return masks;
        } else {
            auto out = column<T>(n);
            T* o = out.mutable_data();
            for (std::size_t i = 0; i < n; ++i) o[i] = T(remap[std::size_t(m[i])]);
            return pybind11::array(std::move(out));
        }
    });
    pybind11::dict d;
    d["request"] = request;
    d["node"] = node;
    d["tier"] = tier;
    d["hops"] = hops;
    d["distance"] = distance;
    d["reason_masks"] = used;
    d["reason_codes"] = codes;
    return d;
}

/// One row per hop of every request's route, in order from the first contact.
pybind11::dict route_columns(const PyReferralSet& set) {
    const auto& rs = set.results;
    const Network& net = set.router->router->graph().network();
    std::size_t n = 0;
    for (const auto& r : rs) n += r.route.size();
    auto request = column<std::int64_t>(n), edge = column<std::int64_t>(n);
    auto step = column<std::int32_t>(n), from = column<std::int32_t>(n), to = column<std::int32_t>(n);
    auto move = column<std::int8_t>(n), relation = column<std::int8_t>(n);
    auto because = column<std::int16_t>(n);
    auto *rq = request.mutable_data(), *ed = edge.mutable_data();
    auto *sp = step.mutable_data(), *fr = from.mutable_data(), *tt = to.mutable_data();
    auto *mv = move.mutable_data(), *rl = relation.mutable_data();
    auto* bc = because.mutable_data();
    std::size_t k = 0;
    for (std::size_t i = 0; i < rs.size(); ++i) {
        for (std::size_t j = 0; j < rs[i].route.size(); ++j, ++k) {
            const Hop& h = rs[i].route[j];
            rq[k] = std::int64_t(i);
            sp[k] = std::int32_t(j);
            fr[k] = std::int32_t(h.from);
            tt[k] = std::int32_t(h.to);
            mv[k] = std::int8_t(h.move);
            // a hop on a contract of Network::contracts has no edge (-1)
            rl[k] = h.contract >= 0 ? std::int8_t(Relation::contract) : std::int8_t(net.edges[h.edge].type);
            ed[k] = h.contract >= 0 ? -1 : std::int64_t(h.edge);
            bc[k] = h.from_was_candidate ? better_fit_code : std::int16_t(h.because);
        }
    }
    pybind11::dict d;
    d["request"] = request;
    d["step"] = step;
    d["from"] = from;
    d["to"] = to;
    d["move"] = move;
    d["relation"] = relation;
    d["edge"] = edge;
    d["because"] = because;
    used_reasons(because, d);
    return d;
}

/// Many independent referrals, read as columns.
void bind_referral_set(pybind11::module_& m) {
    pybind11::class_<PyReferralSet, std::shared_ptr<PyReferralSet>>(
        m, "ReferralSet", "Many referrals routed independently, read as columns.")
        .def("__len__", [](const PyReferralSet& s) { return s.results.size(); })
        .def("decision_columns", &decision_columns)
        .def("candidate_columns", &candidate_columns)
        .def("excluded_columns", &excluded_columns)
        .def("excluded_table", &excluded_table)
        .def("route_columns", &route_columns)
        .def_property(
            "router_cache", [](const PyReferralSet& s) { return s.router->py_cache; },
            [](const PyReferralSet& s, pybind11::object o) { s.router->py_cache = std::move(o); },
            "an object the Python layer keeps per router (its node table), None until set")
        .def("node_columns",
             [](const PyReferralSet& s) {
                 // per vertex: what the candidate and exclusion tables show of a node
                 const Graph& g = s.router->router->graph();
                 const std::size_t n = g.num_vertices();
                 auto tier = column<std::int8_t>(n);
                 auto spare = column<std::int64_t>(n), capacity = column<std::int64_t>(n);
                 for (std::size_t v = 0; v < n; ++v) {
                     const Node& x = g.node(Graph::vertex(v));
                     tier.mutable_data()[v] = std::int8_t(x.tier);
                     spare.mutable_data()[v] = std::int64_t(x.spare());
                     capacity.mutable_data()[v] = std::int64_t(x.capacity);
                 }
                 pybind11::dict d;
                 d["id"] = str_column(n, [&](auto v) -> std::string_view { return g.node(Graph::vertex(v)).id; });
                 d["region"] = str_column(n, [&](auto v) -> std::string_view { return g.node(Graph::vertex(v)).region; });
                 d["tier"] = tier;
                 d["spare"] = spare;
                 d["capacity"] = capacity;
                 return d;
             })
        .def(
            "get",
            [](const PyReferralSet& s, std::int64_t i) {
                if (i < 0) i += std::int64_t(s.results.size());
                if (i < 0 || std::size_t(i) >= s.results.size()) throw pybind11::index_error("referral index out of range");
                auto r = std::make_shared<PyReferral>();
                r->router = s.router;
                r->result = s.results[std::size_t(i)];
                return r;
            },
            pybind11::arg("index"))
        .def("json",
             [](const PyReferralSet& s) {
                 pybind11::gil_scoped_release rel;
                 std::string text = "[";
                 for (std::size_t i = 0; i < s.results.size(); ++i) {
                     if (i) text += ',';
                     text += result_to_json_text(s.results[i], *s.router->router);
                 }
                 return text + "]";
             },
             "every result as one JSON array (what hn_router_refer_many_json returns)");
}

// ---------------------------------------------------------------- requests without JSON text
//
// The JSON path of the Python layer turns each request into a plain dict (_plain_request /
// _request: None and NaN values dropped, comma-separated text in a list field split and
// stripped), writes it with _json.dumps (a non-finite float as the string "NaN" /
// "Infinity" / "-Infinity") and the core parses it (parse_json_text, which first checks the
// limits) and reads it with request_from_json. The readers below build the parsed JSON value
// that path would have produced straight from the Python objects and hand it to the same
// request_from_json, so validation and error messages are the JSON path's own. They take
// only exact str / int / float / bool / None values and lists of str; anything else (numpy
// scalars, tuples, nested dicts, an int beyond uint64, a string that is not UTF-8, ...)
// declines (nullopt), and the caller takes the JSON path, which converts or refuses it.

using ojson = nlohmann::ordered_json;

/// Fields whose text value the Python layer splits on commas (referral._LIST_FIELDS).
bool list_field(std::string_view k) { return k == "needs" || k == "sectors" || k == "exclude" || k == "consent"; }

/// A str as UTF-8, or false (with no Python error pending) when it does not encode (a lone
/// surrogate: the JSON path writes it as an escape that the core's reader refuses).
bool utf8_of(PyObject* s, std::string_view& out) {
    Py_ssize_t n = 0;
    const char* p = PyUnicode_AsUTF8AndSize(s, &n);
    if (!p) {
        PyErr_Clear();
        return false;
    }
    out = std::string_view(p, std::size_t(n));
    return true;
}

/// Counts what the JSON text of the requests would hold, for the limits parse_json_text checks.
struct TextSize {
    std::uint64_t values = 1;  // as limits.cpp's scan counts them: containers and commas
    std::uint64_t bytes = 2;   // an upper bound on the text's bytes
};

enum class Cell { value, missing, decline };

/// One value of a request as the JSON path would read it.
Cell cell_json(PyObject* v, std::string_view key, ojson& out, TextSize& size) {
    if (v == Py_None) return Cell::missing;
    std::string_view text;
    if (PyUnicode_CheckExact(v)) {
        if (list_field(key)) {  // "a, b" -> ["a", "b"], as [s.strip() for s in v.split(",") if s.strip()]
            pybind11::object parts = pybind11::reinterpret_steal<pybind11::object>(PyUnicode_Split(v, pybind11::str(",").ptr(), -1));
            if (!parts) throw pybind11::error_already_set();
            out = ojson::array();
            size.values += 1;
            for (pybind11::handle part : parts) {
                pybind11::object t = part.attr("strip")();
                if (PyUnicode_GET_LENGTH(t.ptr()) == 0) continue;
                if (!utf8_of(t.ptr(), text)) return Cell::decline;
                if (!out.empty()) size.values += 1;
                size.bytes += text.size() * 6 + 3;
                out.push_back(std::string(text));
            }
            return Cell::value;
        }
        if (!utf8_of(v, text)) return Cell::decline;
        size.bytes += text.size() * 6 + 3;  // \uXXXX escapes at most
        out = std::string(text);
        return Cell::value;
    }
    if (PyFloat_CheckExact(v)) {
        const double d = PyFloat_AS_DOUBLE(v);
        if (std::isnan(d)) return Cell::missing;
        size.bytes += 32;
        if (std::isinf(d)) out = d > 0 ? "Infinity" : "-Infinity";
        else out = d;
        return Cell::value;
    }
    if (PyBool_Check(v)) {
        size.bytes += 6;
        out = v == Py_True;
        return Cell::value;
    }
    if (PyLong_CheckExact(v)) {
        int overflow = 0;
        const long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (x == -1 && PyErr_Occurred()) throw pybind11::error_already_set();
        size.bytes += 24;
        if (overflow == 0) {
            // the JSON parser reads a non-negative integer as unsigned, a negative one as signed
            if (x >= 0) out = std::uint64_t(x);
            else out = std::int64_t(x);
            return Cell::value;
        }
        if (overflow > 0) {
            const unsigned long long u = PyLong_AsUnsignedLongLong(v);
            if (u == (unsigned long long)-1 && PyErr_Occurred()) {
                PyErr_Clear();
                return Cell::decline;  // beyond uint64: the parser reads a float
            }
            out = std::uint64_t(u);
            return Cell::value;
        }
        return Cell::decline;  // below int64: the parser reads a float
    }
    if (PyList_CheckExact(v)) {
        const Py_ssize_t n = PyList_GET_SIZE(v);
        out = ojson::array();
        size.values += 1 + (n > 0 ? std::uint64_t(n - 1) : 0);
        size.bytes += 2;
        for (Py_ssize_t i = 0; i < n; ++i) {
            PyObject* x = PyList_GET_ITEM(v, i);
            if (!PyUnicode_CheckExact(x) || !utf8_of(x, text)) return Cell::decline;
            size.bytes += text.size() * 6 + 3;
            out.push_back(std::string(text));
        }
        return Cell::value;
    }
    return Cell::decline;
}

/// Reads requests one at a time (a dict, or a row of columns), checks them with
/// request_from_json, and keeps the first error until every row has been seen: a later row
/// that declines sends the whole table the JSON way, which reports the same first error or
/// refuses that row in Python first, as it always did.
class RequestReader {
public:
    explicit RequestReader(std::size_t n) {
        out_.reserve(n);
        size.values += 1;  // the array around the requests
    }

    /// Reads one converted request; its error (the first) is kept for finish().
    void add(const ojson& j, const std::string& record) {
        if (err_) return;
        try {
            out_.push_back(request_from_json(j, record));
        } catch (const input_error&) {
            err_ = std::current_exception();
        }
    }
    /// Keeps a request read by direct_request (valid by construction).
    void add(Request&& r) {
        if (!err_) out_.push_back(std::move(r));
    }
    TextSize size;

    /// The requests, or nullopt when the JSON path must judge them (a limit it checks).
    std::optional<std::vector<Request>> finish(std::size_t rows, int depth) {
        const Limits lim = limits();
        const std::uint64_t elems = lim.max_elements;
        const std::uint64_t max_values = elems > (std::uint64_t(1) << 62) / 4 ? (std::uint64_t(1) << 62) : elems * 4;
        size.values += rows > 0 ? rows - 1 : 0;
        size.bytes += 2 * std::uint64_t(rows);  // ", " between the rows (json.dumps' separator)
        if (std::uint32_t(depth) > lim.max_json_depth || size.values > max_values || size.bytes > lim.max_input_bytes)
            return std::nullopt;
        if (err_) std::rethrow_exception(err_);
        return std::move(out_);
    }

private:
    std::vector<Request> out_;
    std::exception_ptr err_;
};

/// A request whose fields are all text (id, organization, first_contact, region, as_of) or
/// lists of text (needs, sectors, exclude), with needs present, read straight into a Request:
/// for these fields request_from_json only copies the text, so the result is the same. False
/// for any other field, type or a missing needs (then the row goes through its JSON value,
/// which judges it). `each(f)` calls f(key, value) for every field until f returns false.
template <class Each>
bool direct_request(Each each, Request& r, TextSize& size) {
    r = Request{};
    TextSize sz = size;
    sz.values += 1;
    sz.bytes += 2;
    bool has_needs = false, first = true;
    std::string_view text;
    const bool ok = each([&](std::string_view k, PyObject* v) {
        if (v == Py_None) return true;
        if (PyFloat_CheckExact(v) && std::isnan(PyFloat_AS_DOUBLE(v))) return true;
        if (!first) sz.values += 1;
        first = false;
        sz.bytes += k.size() * 6 + 6;  // "k": and ", " before the next field
        std::string* one = nullptr;
        std::vector<std::string>* many = nullptr;
        if (k == "needs") many = &r.needs, has_needs = true;
        else if (k == "organization") one = &r.organization;
        else if (k == "id") one = &r.id;
        else if (k == "first_contact") one = &r.first_contact;
        else if (k == "sectors") many = &r.sectors;
        else if (k == "exclude") many = &r.exclude;
        else if (k == "region") one = &r.region;
        else if (k == "as_of") one = &r.as_of;
        else return false;
        if (one) {
            if (!PyUnicode_CheckExact(v) || !utf8_of(v, text)) return false;
            sz.bytes += text.size() * 6 + 3;
            one->assign(text);
            return true;
        }
        if (!PyList_CheckExact(v)) return false;
        const Py_ssize_t n = PyList_GET_SIZE(v);
        sz.values += 1 + (n > 0 ? std::uint64_t(n - 1) : 0);
        sz.bytes += 2;
        many->reserve(std::size_t(n));
        for (Py_ssize_t i = 0; i < n; ++i) {
            PyObject* x = PyList_GET_ITEM(v, i);
            if (!PyUnicode_CheckExact(x) || !utf8_of(x, text)) return false;
            sz.bytes += text.size() * 6 + 3;
            many->emplace_back(text);
        }
        return true;
    });
    if (!ok || !has_needs) return false;
    size = sz;
    return true;
}

/// One request from a dict (the record's JSON value), or false to decline.
bool dict_json(PyObject* d, ojson& j, TextSize& size) {
    j = ojson::object();
    size.values += 1;
    size.bytes += 2;
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    ojson x;
    while (PyDict_Next(d, &pos, &k, &v)) {
        std::string_view key;
        if (!PyUnicode_CheckExact(k) || !utf8_of(k, key)) return false;
        const Cell c = cell_json(v, key, x, size);
        if (c == Cell::decline) return false;
        if (c == Cell::missing) continue;
        if (!j.empty()) size.values += 1;
        size.bytes += key.size() * 6 + 6;
        j[std::string(key)] = std::move(x);
    }
    return true;
}

/// The requests of a list of dicts (as the JSON path reads them), or nullopt to decline.
std::optional<std::vector<Request>> requests_from_dicts(const pybind11::list& rows) {
    // The collector paused: reading a cell makes Python objects ("a, b" is split), and a
    // finalizer run by a collection there could change the caller's lists and dicts under the
    // reader (a reproducer cleared the list: SIGSEGV). Nothing else in the read runs Python
    // code (exact dicts, lists and strs only), so the borrowed references stay valid.
    const GcPause gc;
    const std::size_t n = rows.size();
    RequestReader rd(n);
    ojson j;
    Request r;
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* d = PyList_GET_ITEM(rows.ptr(), Py_ssize_t(i));
        if (!PyDict_CheckExact(d)) return std::nullopt;
        const auto each = [d](auto&& f) {
            PyObject *k, *v;
            Py_ssize_t pos = 0;
            std::string_view key;
            while (PyDict_Next(d, &pos, &k, &v))
                if (!PyUnicode_CheckExact(k) || !utf8_of(k, key) || !f(key, v)) return false;
            return true;
        };
        if (direct_request(each, r, rd.size)) {
            rd.add(std::move(r));
            continue;
        }
        if (!dict_json(d, j, rd.size)) return std::nullopt;
        rd.add(j, "requests[" + std::to_string(i) + "]");
    }
    return rd.finish(n, 3);
}

/// The requests of a table's columns (names in order; each column a list of n cells), as
/// the JSON path reads the table's records, or nullopt to decline.
std::optional<std::vector<Request>> requests_from_columns(std::size_t n, const std::vector<std::string>& names,
                                                          const pybind11::list& cols) {
    const GcPause gc;  // see requests_from_dicts
    if (cols.size() != names.size()) throw pybind11::value_error("requests: one column per name expected");
    for (pybind11::handle c : cols)
        if (!PyList_CheckExact(c.ptr()) || std::size_t(PyList_GET_SIZE(c.ptr())) != n)
            throw pybind11::value_error("requests: every column must be a list of one cell per row");
    RequestReader rd(n);
    ojson j, x;
    Request r;
    for (std::size_t i = 0; i < n; ++i) {
        const auto each = [&](auto&& f) {
            for (std::size_t c = 0; c < names.size(); ++c)
                if (!f(std::string_view(names[c]), PyList_GET_ITEM(cols[c].ptr(), Py_ssize_t(i)))) return false;
            return true;
        };
        if (direct_request(each, r, rd.size)) {
            rd.add(std::move(r));
            continue;
        }
        j = ojson::object();
        rd.size.values += 1;
        rd.size.bytes += 2;
        for (std::size_t c = 0; c < names.size(); ++c) {
            PyObject* v = PyList_GET_ITEM(cols[c].ptr(), Py_ssize_t(i));
            const Cell k = cell_json(v, names[c], x, rd.size);
            if (k == Cell::decline) return std::nullopt;
            if (k == Cell::missing) continue;
            if (!j.empty()) rd.size.values += 1;
            rd.size.bytes += names[c].size() * 6 + 6;
            j[names[c]] = std::move(x);
        }
        rd.add(j, "requests[" + std::to_string(i) + "]");
    }
    return rd.finish(n, 3);
}

/// Requests read from Python objects without JSON text (Router.route_many / route_batch_set
/// take them in place of the JSON).
struct PyRequests {
    std::vector<Request> requests;
};

/// The router: one request or a batch against capacities.
void bind_router(pybind11::module_& m) {
    pybind11::class_<PyRouter, std::shared_ptr<PyRouter>>(m, "Router", "Referral router on a frozen network.")
        .def(pybind11::init([](std::shared_ptr<PyNetwork> net, std::optional<std::string> policy) {
                 auto r = std::make_shared<PyRouter>();
                 r->owner = net;
                 pybind11::gil_scoped_release rel;
                 Policy p = policy ? policy_from_json(*policy) : Policy::defaults();
                 r->router = std::make_unique<Router>(net->graph(), std::move(p));
                 return r;
             }),
             pybind11::arg("network"), pybind11::arg("policy") = pybind11::none())
        .def(
            "refer",
            [](const PyRouter& self, const std::string& request) {
                std::string out;
                {
                    pybind11::gil_scoped_release rel;
                    Request q = parse_request(request);
                    out = result_to_json_text(self.router->route(q), *self.router);
                }
                return out;
            },
            pybind11::arg("request_json"), "route one request (JSON text) → result JSON text")
        .def(
            "route",
            [](std::shared_ptr<PyRouter> self, const std::string& request) {
                auto r = std::make_shared<PyReferral>();
                r->router = self;
                {
                    pybind11::gil_scoped_release rel;
                    Request q = parse_request(request);
                    r->result = self->router->route(q);
                }
                return r;
            },
            pybind11::arg("request_json"), "route one request (JSON text) → a Referral (lazy JSON)")
        .def(
            "refer_batch",
            [](const PyRouter& self, const std::string& requests) {
                std::string out;
                {
                    pybind11::gil_scoped_release rel;
                    auto reqs = parse_requests(requests);
                    auto b = self.router->route_batch(reqs);
                    out = batch_to_json(b, reqs, *self.router).dump();
                }
                return out;
            },
            pybind11::arg("requests_json"), "route many requests against capacities → JSON text")
        .def(
            "route_batch",
            [](const PyRouter& self, const std::string& requests, const pybind11::object& table,
               const pybind11::object& progress) {
                ProgressBridge bridge(progress);
                nlohmann::ordered_json out = run_hooked(bridge, [&] {
                    auto reqs = parse_requests(requests);
                    auto b = self.router->route_batch(reqs, bridge.hook());
                    return batch_to_json(b, reqs, *self.router);
                });
                bridge.rethrow();
                return json_to_py(out, table);
            },
            pybind11::arg("requests_json"), pybind11::arg("table") = pybind11::none(),
            pybind11::arg("progress") = pybind11::none(),
            "route many requests against capacities → Python objects (record lists through `table`)")
        .def(
            "route_many",
            [](std::shared_ptr<PyRouter> self, const std::string& requests, unsigned threads,
               const pybind11::object& progress) {
                ProgressBridge bridge(progress);
                auto set = std::make_shared<PyReferralSet>();
                set->router = self;
                run_hooked(bridge, [&] {
                    const auto reqs = parse_requests(requests);
                    ManyOptions o;
                    o.threads = threads;
                    o.progress = bridge.hook();
                    set->results = route_many(*self->router, reqs, o);
                    return 0;
                });
                bridge.rethrow();
                return set;
            },
            pybind11::arg("requests_json"), pybind11::arg("threads") = 0, pybind11::arg("progress") = pybind11::none(),
            "route many requests independently (each as route() would) → a ReferralSet")
        .def(
            "route_batch_set",
            [](std::shared_ptr<PyRouter> self, const std::string& requests, const pybind11::object& progress) {
                ProgressBridge bridge(progress);
                auto b = std::make_shared<PyBatch>();
                b->router = self;
                run_hooked(bridge, [&] {
                    b->requests = parse_requests(requests);
                    b->result = self->router->route_batch(b->requests, bridge.hook());
                    return 0;
                });
                bridge.rethrow();
                return b;
            },
            pybind11::arg("requests_json"), pybind11::arg("progress") = pybind11::none(),
            "route many requests against capacities → a ReferralBatch (read as columns)")
        .def(
            "route_dict",
            [](std::shared_ptr<PyRouter> self, const pybind11::handle& request) -> pybind11::object {
                // what route() would do with the JSON text of the dict, or None to send it that way
                PyObject* d = request.ptr();
                if (!PyDict_CheckExact(d)) return pybind11::none();
                ojson j;
                TextSize size;
                Request q;
                const auto each = [d](auto&& f) {
                    PyObject *k, *v;
                    Py_ssize_t pos = 0;
                    std::string_view key;
                    while (PyDict_Next(d, &pos, &k, &v))
                        if (!PyUnicode_CheckExact(k) || !utf8_of(k, key) || !f(key, v)) return false;
                    return true;
                };
                const bool direct = direct_request(each, q, size);
                if (!direct && !dict_json(d, j, size)) return pybind11::none();
                const Limits lim = limits();
                if (lim.max_json_depth < 2 || size.values > std::uint64_t(lim.max_elements) * 4 ||
                    size.bytes > lim.max_input_bytes)
                    return pybind11::none();
                auto r = std::make_shared<PyReferral>();
                r->router = self;
                if (!direct) q = request_from_json(j);
                {
                    pybind11::gil_scoped_release rel;
                    r->result = self->router->route(q);
                }
                return pybind11::cast(std::move(r));
            },
            pybind11::arg("request"),
            "route one request given as a dict of plain values (as route() reads its JSON) -> a Referral, "
            "or None when only the JSON path reads it as the Python layer means it")
        .def(
            "route_many",
            [](std::shared_ptr<PyRouter> self, const PyRequests& reqs, unsigned threads,
               const pybind11::object& progress) {
                ProgressBridge bridge(progress);
                auto set = std::make_shared<PyReferralSet>();
                set->router = self;
                run_hooked(bridge, [&] {
                    ManyOptions o;
                    o.threads = threads;
                    o.progress = bridge.hook();
                    set->results = route_many(*self->router, reqs.requests, o);
                    return 0;
                });
                bridge.rethrow();
                return set;
            },
            pybind11::arg("requests"), pybind11::arg("threads") = 0, pybind11::arg("progress") = pybind11::none(),
            "route_many on requests read without JSON text (requests_from_dicts / requests_from_columns)")
        .def(
            "route_batch_set",
            [](std::shared_ptr<PyRouter> self, PyRequests& reqs, const pybind11::object& progress) {
                ProgressBridge bridge(progress);
                auto b = std::make_shared<PyBatch>();
                b->router = self;
                // the batch keeps the requests: taken from the list (left empty), not copied
                b->requests = std::move(reqs.requests);
                reqs.requests.clear();
                run_hooked(bridge, [&] {
                    b->result = self->router->route_batch(b->requests, bridge.hook());
                    return 0;
                });
                bridge.rethrow();
                return b;
            },
            pybind11::arg("requests"), pybind11::arg("progress") = pybind11::none(),
            "route_batch_set on requests read without JSON text (requests_from_dicts / requests_from_columns); "
            "takes them from the list, which is left empty")
        .def("policy_json", [](const PyRouter& self) { return policy_to_json(self.router->policy()); })
        .def("warm_up", [](const PyRouter& self) { self.router->warm_up(); },
             pybind11::call_guard<pybind11::gil_scoped_release>());
}

}  // namespace

std::vector<Referral> referrals_from_rows(const std::vector<ReferralRow>& rows) {
    std::vector<Referral> rs(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Referral& r = rs[i];
        std::string urgency;
        std::tie(r.id, r.organization, r.node, r.first_contact, r.needs, urgency) = rows[i];
        auto u = parse_urgency(urgency);
        if (!u)
            throw input_error("referral " + (r.id.empty() ? std::to_string(i) + " of the batch" : r.id), "urgency",
                              "expected routine or urgent, got '" + urgency + "'");
        r.urgency = *u;
    }
    return rs;
}

namespace {

/// The referral ledger: status histories.
void bind_ledger(pybind11::module_& m) {
    pybind11::class_<PyLedger, std::shared_ptr<PyLedger>>(m, "Ledger", "Referral ledger (status histories).")
        .def(pybind11::init([](std::shared_ptr<PyNetwork> net) {
                 return std::make_shared<PyLedger>(PyLedger{net, Ledger(net->net)});
             }),
             pybind11::arg("network"))
        .def_static(
            "loads",
            [](std::shared_ptr<PyNetwork> net, const std::string& text) {
                return std::make_shared<PyLedger>(PyLedger{net, Ledger::load_json(net->net, text)});
            },
            pybind11::arg("network"), pybind11::arg("text"))
        .def(
            "open",
            [](PyLedger& self, const std::string& id, const std::string& organization, const std::string& node,
               const std::string& first_contact, const std::vector<std::string>& needs, const std::string& urgency,
               const std::string& at, const std::string& note) {
                Referral r;
                r.id = id;
                r.organization = organization;
                r.node = node;
                r.first_contact = first_contact;
                r.needs = needs;
                auto u = parse_urgency(urgency);
                if (!u) throw input_error("argument", "urgency", "expected routine or urgent");
                r.urgency = *u;
                return self.ledger.open(std::move(r), at, note).id;
            },
            pybind11::arg("id"), pybind11::arg("organization"), pybind11::arg("node"),
            pybind11::arg("first_contact"), pybind11::arg("needs"), pybind11::arg("urgency"), pybind11::arg("at"),
            pybind11::arg("note"))
        .def(
            "open_many",
            [](PyLedger& self, const std::vector<ReferralRow>& rows, const std::string& at,
               const std::vector<std::string>& notes) {
                return self.ledger.open_many(referrals_from_rows(rows), at, notes);
            },
            pybind11::arg("rows"), pybind11::arg("at"), pybind11::arg("notes"))
        .def(
            "transition",
            [](PyLedger& self, const std::string& id, const std::string& status, const std::string& at,
               const std::string& note, const std::string& outcome) {
                self.ledger.transition(id, status_arg(status), at, note, outcome);
            },
            pybind11::arg("id"), pybind11::arg("status"), pybind11::arg("at"), pybind11::arg("note") = "",
            pybind11::arg("outcome") = "")
        .def("get",
             [](const PyLedger& self, const std::string& id) -> std::optional<std::string> {
                 const Referral* r = self.ledger.find(id);
                 if (!r) return std::nullopt;
                 return referral_to_json(*r);
             })
        .def("ids",
             [](const PyLedger& self) {
                 std::vector<std::string> v;
                 for (const auto& r : self.ledger.referrals()) v.push_back(r.id);
                 return v;
             })
        .def("record",
             [](const PyLedger& self, const std::string& id) -> pybind11::object {
                 const Referral* r = self.ledger.find(id);
                 if (!r) return pybind11::none();
                 return json_to_py(nlohmann::json::parse(referral_to_json(*r)), pybind11::none());
             })
        .def("columns",
             [](const PyLedger& self) {
                 const auto& v = self.ledger.referrals();
                 const auto n = v.size();
                 pybind11::dict d;
                 d["id"] = str_column(n, [&](auto i) -> std::string_view { return v[i].id; });
                 d["organization"] = str_column(n, [&](auto i) -> std::string_view { return v[i].organization; });
                 d["node"] = str_column(n, [&](auto i) -> std::string_view { return v[i].node; });
                 d["first_contact"] = str_column(n, [&](auto i) -> std::string_view { return v[i].first_contact; });
                 d["urgency"] = str_column(n, [&](auto i) { return to_string(v[i].urgency); });
                 d["status"] = str_column(n, [&](auto i) { return to_string(v[i].status); });
                 d["outcome"] = str_column(n, [&](auto i) -> std::string_view { return v[i].outcome; });
                 return d;
             },
             "one column per field of every referral (id, organization, node, first_contact, urgency, status, outcome)")
        .def("counts", [](const PyLedger& self) {
            return json_to_py(nlohmann::json::parse(self.ledger.counts_json()), pybind11::none());
        })
        .def("dumps", [](const PyLedger& self) { return self.ledger.save_json(); })
        .def("counts_json", [](const PyLedger& self) { return self.ledger.counts_json(); })
        .def("held", [](const PyLedger& self, const std::string& node) { return self.ledger.held(node); })
        .def("spare", [](const PyLedger& self, const std::string& node) { return self.ledger.spare(node); })
        .def("__len__", [](const PyLedger& self) { return self.ledger.size(); });
}

}  // namespace

/// Requests read from Python objects without JSON text.
void bind_requests(pybind11::module_& m) {
    pybind11::class_<PyRequests, std::shared_ptr<PyRequests>>(m, "RequestList",
                                                              "Referral requests read without JSON text.")
        .def("__len__", [](const PyRequests& r) { return r.requests.size(); });
    m.def(
        "requests_from_dicts",
        [](const pybind11::list& rows) -> std::optional<std::shared_ptr<PyRequests>> {
            auto r = requests_from_dicts(rows);
            if (!r) return std::nullopt;
            return std::make_shared<PyRequests>(PyRequests{std::move(*r)});
        },
        pybind11::arg("rows"),
        "requests from a list of dicts of plain values, as the JSON path reads them (its errors, "
        "naming requests[i] and the field); None when only the JSON path reads them as meant");
    m.def(
        "requests_from_columns",
        [](std::size_t n, const std::vector<std::string>& names,
           const pybind11::list& columns) -> std::optional<std::shared_ptr<PyRequests>> {
            auto r = requests_from_columns(n, names, columns);
            if (!r) return std::nullopt;
            return std::make_shared<PyRequests>(PyRequests{std::move(*r)});
        },
        pybind11::arg("rows"), pybind11::arg("names"), pybind11::arg("columns"),
        "requests from a table's columns (lists of n cells), as the JSON path reads its records; None "
        "when only the JSON path reads them as meant");
}

void bind_referral(pybind11::module_& m) {
    bind_vocabularies(m);
    bind_requests(m);
    bind_result(m);
    bind_referral_set(m);
    bind_batch(m);
    bind_router(m);
    bind_ledger(m);
}

}  // namespace hatchnet::py
