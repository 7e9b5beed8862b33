// hatchnet._core: the records store (hatchnet/records/store.hpp). Transitions, incubations,
// counts and summaries cross as JSON text; the pure-Python layer (hatchnet/records.py) reads
// tables with plain SQL into DataFrames. The GIL is released around every store call.
// bind_records is three named steps: the Store class, the stored referral ledger, and the
// module functions (evaluation cycles, simulation, projection, default targets).
#include <pybind11/stl.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "bindings.hpp"
#include "hatchnet/evaluate/json.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/records/records.hpp"
#include "hatchnet/records/simulate.hpp"
#include "hatchnet/referral/ledger.hpp"

namespace hatchnet::py {

namespace {
evaluate::Scheme scheme_text(const std::string& text) {
    if (text.empty() || text == "incubator" || text == "mca_1000")
        return evaluate::load_scheme(io::default_data_dir() + "/schemes/" + (text.empty() ? std::string("incubator") : text) + ".json");
    return evaluate::scheme_from_json(io::parse_json_value(text, "scheme"));
}

/// The referral ledger kept in a store (hatchnet.StoreLedger): a ledger attached to it. Calls
/// are serialised by `mu` (a ledger is not thread-safe) with the GIL released.
struct PyStoreLedger {
    std::shared_ptr<PyNetwork> net;
    std::shared_ptr<records::Store> store;
    referral::Ledger ledger;
    mutable std::mutex mu;
    PyStoreLedger(std::shared_ptr<PyNetwork> n, std::shared_ptr<records::Store> s, referral::Ledger l)
        : net(std::move(n)), store(std::move(s)), ledger(std::move(l)) {}
};

void bind_store_class(pybind11::module_& m) {
    using records::Store;
    namespace pyb = pybind11;
    using release = pyb::call_guard<pyb::gil_scoped_release>;
    pyb::class_<Store, std::shared_ptr<Store>>(m, "Store", "A records store (SQLite file).")
        .def(pyb::init([](const std::string& path, bool create, bool read_only, int busy_ms) {
                 pyb::gil_scoped_release r;
                 return std::make_shared<Store>(path, records::StoreOptions{create, read_only, busy_ms});
             }),
             pyb::arg("path"), pyb::arg("create") = true, pyb::arg("read_only") = false, pyb::arg("busy_timeout_ms") = 5000)
        .def_property_readonly("path", &Store::path)
        .def("version", &Store::version, release())
        .def("set_network", [](Store& s, const PyNetwork& n) {
            pyb::gil_scoped_release r;
            s.set_network(*n.net);
        })
        .def("network_name", &Store::network_name, release())
        .def("add_years", &Store::add_years, release())
        .def("add_period",
             [](Store& s, const std::string& id, const std::string& start, const std::string& end) {
                 pyb::gil_scoped_release r;
                 s.add_period(records::Period{id, start, end});
             })
        .def("record",
             [](Store& s, const std::string& text) {
                 pyb::gil_scoped_release r;
                 return s.record(records::parse_transitions(text));
             })
        .def("incubation",
             [](const Store& s, const std::string& id) -> std::optional<std::string> {
                 pyb::gil_scoped_release r;
                 auto x = s.incubation(id);
                 if (!x) return std::nullopt;
                 return records::incubation_to_json(*x).dump();
             })
        .def("counts",
             [](const Store& s, const std::string& date) {
                 pyb::gil_scoped_release r;
                 return records::counts_to_json(s.counts(date), date).dump();
             })
        .def("summary",
             [](const Store& s, const std::string& period) {
                 pyb::gil_scoped_release r;
                 return records::summary_to_json(s.summary(period)).dump();
             })
        .def("residents", &Store::residents, release())
        .def("residence", &Store::residence, release())
        .def("export_json", &Store::export_json, release())
        .def("import_json",
             [](Store& s, const std::string& text) {
                 pyb::gil_scoped_release r;
                 s.import_json(text);
             })
        .def("add_facts",
             [](Store& s, const std::string& text) {
                 pyb::gil_scoped_release r;
                 s.add_facts(records::parse_facts(text));
             })
        .def("add_targets",
             [](Store& s, const std::string& text) {
                 pyb::gil_scoped_release r;
                 s.add_targets(records::parse_targets(text));
             })
        .def("network_at",
             [](const Store& s, const PyNetwork& base, const std::string& period) {
                 Network n;
                 {
                     pyb::gil_scoped_release r;
                     n = s.network_at(*base.net, period);
                 }
                 return std::make_shared<PyNetwork>(std::move(n));
             })
        .def("progress",
             [](const Store& s, const PyNetwork& base, const std::string& targets) {
                 pyb::gil_scoped_release r;
                 auto t = targets.empty() ? std::vector<records::Target>{} : records::parse_targets(targets);
                 return records::progress_to_json(records::progress(s, *base.net, std::move(t))).dump();
             },
             pyb::arg("base"), pyb::arg("targets") = std::string())
        .def("referral_json",
             [](const Store& s, const std::string& id) {
                 std::optional<referral::Referral> r;
                 {
                     pyb::gil_scoped_release rel;
                     r = s.referral(id);
                 }
                 return r ? pyb::object(pyb::str(referral::referral_to_json(*r))) : pyb::object(pyb::none());
             },
             pyb::arg("id"))
        .def("referrals_json",
             [](const Store& s) {
                 pyb::gil_scoped_release r;
                 return records::referrals_to_json(s.referrals());
             });
}

void bind_store_ledger(pybind11::module_& m) {
    namespace pyb = pybind11;
    using L = PyStoreLedger;
    // every call: the ledger's lock, taken with the GIL released
    auto locked = [](const L& self, auto f) {
        pyb::gil_scoped_release r;
        std::lock_guard<std::mutex> lk(self.mu);
        return f();
    };
    pyb::class_<L, std::shared_ptr<L>>(m, "StoreLedger", "The referral ledger kept in a records store.")
        .def_static("load",
                    [](std::shared_ptr<records::Store> s, std::shared_ptr<PyNetwork> net) {
                        pyb::gil_scoped_release r;
                        return std::make_shared<L>(net, s, referral::Ledger::load(net->net, s));
                    })
        .def_static("attach_json",
                    [](std::shared_ptr<records::Store> s, std::shared_ptr<PyNetwork> net, const std::string& text) {
                        pyb::gil_scoped_release r;
                        auto led = referral::Ledger::load_json(net->net, text);
                        led.attach(s);
                        return std::make_shared<L>(net, s, std::move(led));
                    })
        .def("open",
             [locked](L& self, const std::string& id, const std::string& organization, const std::string& node,
                      const std::string& first_contact, const std::vector<std::string>& needs, const std::string& urgency,
                      const std::string& at, const std::string& note) {
                 referral::Referral r{id, organization, node, first_contact, needs, {}, {}, {}, {}};
                 auto u = referral::parse_urgency(urgency);
                 if (!u) throw input_error("argument", "urgency", "expected routine or urgent");
                 r.urgency = *u;
                 return locked(self, [&] { return self.ledger.open(std::move(r), at, note).id; });
             })
        .def("open_many",
             [locked](L& self, const std::vector<ReferralRow>& rows, const std::string& at,
                      const std::vector<std::string>& notes) {
                 auto rs = referrals_from_rows(rows);
                 return locked(self, [&] { return self.ledger.open_many(std::move(rs), at, notes); });
             },
             pyb::arg("rows"), pyb::arg("at"), pyb::arg("notes"))
        .def("transition",
             [locked](L& self, const std::string& id, const std::string& status, const std::string& at,
                      const std::string& note, const std::string& outcome) {
                 auto st = referral::parse_status(status);
                 if (!st) throw input_error("referral " + id, "status", "unknown status '" + status + "'");
                 locked(self, [&] { self.ledger.transition(id, *st, at, note, outcome); return 0; });
             },
             pyb::arg("id"), pyb::arg("status"), pyb::arg("at"), pyb::arg("note") = "", pyb::arg("outcome") = "")
        .def("record",
             [locked](const L& self, const std::string& id) -> pyb::object {
                 auto text = locked(self, [&] {
                     const auto* r = self.ledger.find(id);
                     return r ? referral::referral_to_json(*r) : std::string();
                 });
                 return text.empty() ? pyb::none() : json_to_py(nlohmann::json::parse(text), pyb::none());
             })
        .def("columns",
             [](const L& self) {
                 std::lock_guard<std::mutex> lk(self.mu);
                 const auto& v = self.ledger.referrals();
                 pyb::dict d;
                 auto col = [&](auto f) { return str_column(v.size(), [&](std::size_t i) -> std::string_view { return f(v[i]); }); };
                 d["id"] = col([](const referral::Referral& r) -> std::string_view { return r.id; });
                 d["organization"] = col([](const referral::Referral& r) -> std::string_view { return r.organization; });
                 d["node"] = col([](const referral::Referral& r) -> std::string_view { return r.node; });
                 d["first_contact"] = col([](const referral::Referral& r) -> std::string_view { return r.first_contact; });
                 d["urgency"] = col([](const referral::Referral& r) { return referral::to_string(r.urgency); });
                 d["status"] = col([](const referral::Referral& r) { return referral::to_string(r.status); });
                 d["outcome"] = col([](const referral::Referral& r) -> std::string_view { return r.outcome; });
                 return d;
             })
        .def("counts",
             [locked](const L& self) {
                 auto text = locked(self, [&] { return self.ledger.counts_json(); });
                 return json_to_py(nlohmann::json::parse(text), pyb::none());
             })
        .def("dumps", [locked](const L& self) { return locked(self, [&] { return self.ledger.save_json(); }); })
        .def("held", [locked](const L& self, const std::string& n) { return locked(self, [&] { return self.ledger.held(n); }); })
        .def("spare", [locked](const L& self, const std::string& n) { return locked(self, [&] { return self.ledger.spare(n); }); })
        .def("__len__", [](const L& self) {
            std::lock_guard<std::mutex> lk(self.mu);
            return self.ledger.size();
        });
}

void bind_store_functions(pybind11::module_& m) {
    using records::Store;
    namespace pyb = pybind11;
    m.def("store_evaluate",
          [](Store& s, const PyNetwork& base, const std::string& period, const std::string& scheme, const std::string& data,
             const std::string& options) {
              pyb::gil_scoped_release r;
              nlohmann::json oj = options.empty() ? nlohmann::json::object() : io::parse_json_value(options, "options");
              if (!oj.is_object()) throw input_error("options", "", "expected a JSON object");
              if (!oj.contains("draws")) oj["draws"] = 0;
              evaluate::IndicatorTable ind;
              evaluate::RatingTable rat;
              if (!data.empty()) {
                  auto d = io::parse_json_value(data, "data");
                  if (!d.is_object()) throw input_error("data", "", "expected {\"indicators\", \"ratings\"}");
                  ind = evaluate::indicators_from_json(d.value("indicators", nlohmann::json()));
                  rat = evaluate::ratings_from_json(d.value("ratings", nlohmann::json()));
              }
              auto c = records::evaluate_period(s, *base.net, period, scheme_text(scheme), rat, ind,
                                                evaluate::network_options_from_json(oj));
              return records::cycle_to_json(c).dump();
          });
    m.def("store_compare", [](const Store& s, const std::string& scheme, const std::string& from, const std::string& to) {
        pyb::gil_scoped_release r;
        return records::comparison_to_json(records::compare_cycles(s, scheme_text(scheme), from, to)).dump();
    });
    m.def("store_simulate",
          [](Store& s, const PyNetwork& base, int first, int last, std::uint64_t seed, double scale, bool evaluate,
             bool route, const std::string& growth, double plan_budget, int plan_openings) {
              records::SimulationOptions o;
              auto g = records::parse_growth(growth);
              if (!g) throw hatchnet::input_error("simulation", "growth", "expected 'plan' or 'fixed', got '" + growth + "'");
              o.growth = *g;
              o.first_year = first;
              o.last_year = last;
              o.seed = seed;
              o.scale = scale;
              o.evaluate = evaluate;
              o.route = route;
              o.plan_budget = plan_budget;
              o.plan_openings = plan_openings;
              pyb::gil_scoped_release r;
              auto sum = records::simulate(s, *base.net, o);
              nlohmann::json j{{"arrivals", sum.arrivals}, {"transitions", sum.transitions}, {"facts", sum.facts},
                               {"admitted", sum.admitted}, {"no_place", sum.no_place}, {"graduated", sum.graduated},
                               {"referrals", sum.referrals}, {"waitlisted", sum.waitlisted}, {"unrouted", sum.unrouted},
                               {"router_builds", sum.router_builds}, {"plan_openings", sum.plan_openings},
                               {"plan_places", sum.plan_places}, {"evaluated", sum.evaluated}};
              return j.dump();
          },
          pyb::arg("store"), pyb::arg("base"), pyb::arg("first"), pyb::arg("last"), pyb::arg("seed"), pyb::arg("scale"),
          pyb::arg("evaluate"), pyb::arg("route") = true, pyb::arg("growth") = "plan",
          pyb::arg("plan_budget") = 0.05, pyb::arg("plan_openings") = -1);
    m.def("records_project", [](const std::vector<double>& x, const std::vector<double>& y, double x0) {
        auto p = records::project(x, y, x0);
        nlohmann::json j = nullptr;
        if (p) j = {{"value", p->value}, {"low", p->low ? nlohmann::json(*p->low) : nlohmann::json()},
                    {"high", p->high ? nlohmann::json(*p->high) : nlohmann::json()}, {"points", p->points}, {"slope", p->slope}};
        return j.dump();
    });
    m.def("default_targets_json", [](const std::string& scope) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto& t : records::default_targets(scope)) a.push_back(records::target_to_json(t));
        return a.dump();
    });
}
}  // namespace

void bind_records(pybind11::module_& m) {
    m.attr("SCHEMA_VERSION") = records::schema_version;
    m.attr("INCUBATION_STAGES") = names_of<records::IncubationStage>(records::incubation_stage_count);
    bind_store_class(m);
    bind_store_ledger(m);
    bind_store_functions(m);
}

}  // namespace hatchnet::py
