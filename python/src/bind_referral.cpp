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
    bind_router(m);
    bind_ledger(m);
}

}  // namespace hatchnet::py
