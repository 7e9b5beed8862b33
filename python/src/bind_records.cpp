// hatchnet._core: the records store (hatchnet/records/store.hpp). Transitions, incubations,
// counts and summaries cross as JSON text; the pure-Python layer (hatchnet/records.py) reads
// tables with plain SQL into DataFrames. The GIL is released around every store call.
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include "bindings.hpp"
#include "hatchnet/evaluate/json.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/records/records.hpp"
#include "hatchnet/records/simulate.hpp"

namespace hatchnet::py {

namespace {
evaluate::Scheme scheme_text(const std::string& text) {
    if (text.empty() || text == "incubator" || text == "mca_1000")
        return evaluate::load_scheme(io::default_data_dir() + "/schemes/" + (text.empty() ? std::string("incubator") : text) + ".json");
    return evaluate::scheme_from_json(io::parse_json_value(text, "scheme"));
}
}  // namespace

void bind_records(pybind11::module_& m) {
    using records::Store;
    namespace pyb = pybind11;
    using release = pyb::call_guard<pyb::gil_scoped_release>;
    m.attr("SCHEMA_VERSION") = records::schema_version;
    m.attr("INCUBATION_STAGES") = names_of<records::Stage>(records::stage_count);
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
             pyb::arg("base"), pyb::arg("targets") = std::string());
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
          [](Store& s, const PyNetwork& base, int first, int last, std::uint64_t seed, double scale, bool evaluate) {
              records::SimulationOptions o;
              o.first_year = first;
              o.last_year = last;
              o.seed = seed;
              o.scale = scale;
              o.evaluate = evaluate;
              pyb::gil_scoped_release r;
              auto sum = records::simulate(s, *base.net, o);
              nlohmann::json j{{"arrivals", sum.arrivals}, {"transitions", sum.transitions}, {"facts", sum.facts},
                               {"admitted", sum.admitted}, {"no_place", sum.no_place}, {"graduated", sum.graduated},
                               {"evaluated", sum.evaluated}};
              return j.dump();
          });
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

}  // namespace hatchnet::py
