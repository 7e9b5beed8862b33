// hatchnet._core: the referral engine (routing, batch routing, ledger). Requests, policies
// and results cross as JSON text; the pure-Python layer (hatchnet/referral.py) turns them into
// DataFrames. The GIL is released while routing.
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include "bindings.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/referral/referral.hpp"

namespace py = pybind11;

namespace hatchnet::py {
namespace {

using namespace hatchnet::referral;

/// A router bound to its network (kept alive).
struct PyRouter {
    std::shared_ptr<PyNetwork> owner;
    std::unique_ptr<Router> router;
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
        .def(
            "data",
            [](const PyReferral& r) {
                nlohmann::ordered_json j;
                {
                    pybind11::gil_scoped_release rel;
                    j = result_to_json(r.result, *r.router->router);
                }
                return json_to_py(j, pybind11::none());
            },
            "the full result as Python objects (the JSON of the C ABI, without text)")
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
        .def("route_columns", &route_columns)
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
        .def("policy_json", [](const PyRouter& self) { return policy_to_json(self.router->policy()); })
        .def("warm_up", [](const PyRouter& self) { self.router->warm_up(); },
             pybind11::call_guard<pybind11::gil_scoped_release>());
}

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

void bind_referral(pybind11::module_& m) {
    bind_vocabularies(m);
    bind_result(m);
    bind_referral_set(m);
    bind_router(m);
    bind_ledger(m);
}

}  // namespace hatchnet::py
