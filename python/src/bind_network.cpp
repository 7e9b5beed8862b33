// hatchnet._core: Network loading, saving, validation, tables and graph queries.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>

#include "bindings.hpp"
#include "hatchnet/io/divisions.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/beijing.hpp"
#include "hatchnet/synth/national.hpp"
#include "hatchnet/validate.hpp"

namespace py = pybind11;

namespace hatchnet::py {
namespace {

using pybind11::array_t;
using pybind11::dict;
using pybind11::list;

dict issue_dict(const Issue& i) {
    dict d;
    d["severity"] = i.severity == Severity::error ? "error" : "warning";
    d["code"] = i.code;
    d["record"] = i.record;
    d["field"] = i.field;
    d["message"] = i.message;
    return d;
}

list issues(const std::vector<Issue>& v) {
    list l;
    for (const auto& i : v) l.append(issue_dict(i));
    return l;
}

template <class T, class F>
array_t<T> column(std::size_t n, F f) {
    array_t<T> a(static_cast<pybind11::ssize_t>(n));
    auto m = a.template mutable_unchecked<1>();
    for (std::size_t i = 0; i < n; ++i) m(pybind11::ssize_t(i)) = f(i);
    return a;
}

template <class F>
list list_column(std::size_t n, F f) {
    list l(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::vector<std::string>& v = f(i);
        list inner(v.size());
        for (std::size_t j = 0; j < v.size(); ++j) inner[j] = pybind11::str(v[j]);
        PyList_SET_ITEM(l.ptr(), pybind11::ssize_t(i), inner.release().ptr());
    }
    return l;
}

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Network::district_of(region) as a view into `region` (the district code is its prefix).
std::string_view district_view(const std::string& region) {
    return std::string_view(region).substr(0, Network::district_of(region).size());
}

dict node_columns(const Network& net) {
    const auto& v = net.nodes;
    const auto n = v.size();
    dict d;
    d["id"] = str_column(n, [&](auto i) -> std::string_view { return v[i].id; });
    d["name"] = str_column(n, [&](auto i) -> std::string_view { return v[i].name; });
    d["tier"] = str_column(n, [&](auto i) { return to_string(v[i].tier); });
    d["region"] = str_column(n, [&](auto i) -> std::string_view { return v[i].region; });
    d["district"] = str_column(n, [&](auto i) -> std::string_view {
        return district_view(v[i].region);
    });
    d["sectors"] = list_column(n, [&](auto i) -> const auto& { return v[i].sectors; });
    d["services"] = list_column(n, [&](auto i) -> const auto& { return v[i].services; });
    d["capacity"] = column<std::int64_t>(n, [&](auto i) { return v[i].capacity; });
    d["occupied"] = column<std::int64_t>(n, [&](auto i) { return v[i].occupied; });
    d["operator"] = str_column(n, [&](auto i) { return to_string(v[i].op); });
    d["lat"] = column<double>(n, [&](auto i) { return v[i].lat.value_or(nan); });
    d["lon"] = column<double>(n, [&](auto i) { return v[i].lon.value_or(nan); });
    d["score"] = column<double>(n, [&](auto i) { return v[i].score.value_or(nan); });
    return d;
}

dict org_columns(const Network& net) {
    const auto& v = net.organizations;
    const auto n = v.size();
    dict d;
    d["id"] = str_column(n, [&](auto i) -> std::string_view { return v[i].id; });
    d["name"] = str_column(n, [&](auto i) -> std::string_view { return v[i].name; });
    d["type"] = str_column(n, [&](auto i) { return to_string(v[i].type); });
    d["stage"] = str_column(n, [&](auto i) { return to_string(v[i].stage); });
    d["registration"] = str_column(n, [&](auto i) { return to_string(v[i].registration); });
    d["sectors"] = list_column(n, [&](auto i) -> const auto& { return v[i].sectors; });
    d["region"] = str_column(n, [&](auto i) -> std::string_view { return v[i].region; });
    d["district"] = str_column(n, [&](auto i) -> std::string_view {
        return district_view(v[i].region);
    });
    d["home"] = str_column(n, [&](auto i) -> std::string_view { return v[i].home; });
    d["credit"] = column<double>(n, [&](auto i) { return v[i].credit; });
    return d;
}

dict edge_columns(const Network& net) {
    const auto& v = net.edges;
    const auto n = v.size();
    dict d;
    d["from"] = str_column(n, [&](auto i) -> std::string_view { return v[i].from; });
    d["to"] = str_column(n, [&](auto i) -> std::string_view { return v[i].to; });
    d["type"] = str_column(n, [&](auto i) { return to_string(v[i].type); });
    d["irregular"] = column<bool>(n, [&](auto i) { return v[i].irregular; });
    return d;
}

/// Consortia (§5.1): one row each.
dict consortium_columns(const Network& net) {
    const auto& v = net.consortia;
    const auto n = v.size();
    dict d;
    d["id"] = str_column(n, [&](auto i) -> std::string_view { return v[i].id; });
    d["name"] = str_column(n, [&](auto i) -> std::string_view { return v[i].name; });
    d["members"] = list_column(n, [&](auto i) -> const auto& { return v[i].members; });
    d["services"] = list_column(n, [&](auto i) -> const auto& { return v[i].services; });
    d["region"] = str_column(n, [&](auto i) -> std::string_view { return v[i].region; });
    return d;
}

/// Contracts (§5.4): one row each; end "" when open-ended.
dict contract_columns(const Network& net) {
    const auto& v = net.contracts;
    const auto n = v.size();
    dict d;
    d["id"] = str_column(n, [&](auto i) -> std::string_view { return v[i].id; });
    d["name"] = str_column(n, [&](auto i) -> std::string_view { return v[i].name; });
    d["parties"] = list_column(n, [&](auto i) -> const auto& { return v[i].parties; });
    d["scope"] = list_column(n, [&](auto i) -> const auto& { return v[i].scope; });
    d["start"] = str_column(n, [&](auto i) -> std::string_view { return v[i].start; });
    d["end"] = str_column(n, [&](auto i) -> std::string_view { return v[i].end; });
    d["terms"] = str_column(n, [&](auto i) -> std::string_view { return v[i].terms; });
    return d;
}

dict region_columns(const Network& net) {
    const auto& v = net.regions;
    const auto n = v.size();
    dict d;
    d["code"] = str_column(n, [&](auto i) -> std::string_view { return v[i].code; });
    d["name"] = str_column(n, [&](auto i) -> std::string_view { return v[i].name; });
    d["pinyin"] = str_column(n, [&](auto i) -> std::string_view { return v[i].pinyin; });
    d["kind"] = str_column(n, [&](auto i) -> std::string_view { return v[i].kind; });
    d["level"] = str_column(n, [&](auto i) { return to_string(v[i].level()); });
    d["population"] = column<double>(n, [&](auto i) {
        return v[i].population ? double(*v[i].population) : nan;
    });
    return d;
}

RelationMask mask_from(const std::optional<std::string>& relation) {
    if (!relation) return all_relations;
    auto r = parse_relation(*relation);
    if (!r)
        throw input_error("argument", "relation",
                          "'" + *relation + "' is not one of guidance, contract, consortium, referral");
    return mask_of(*r);
}

std::vector<std::string> ids_of(const Graph& g, const std::vector<Graph::vertex>& v) {
    std::vector<std::string> r;
    r.reserve(v.size());
    for (auto x : v) r.push_back(g.node(x).id);
    return r;
}

using PN = PyNetwork;
using NetworkClass = pybind11::class_<PN, std::shared_ptr<PN>>;

/// The model's vocabularies, owned by C++ (hatchnet re-exports them).
void bind_model_vocabularies(pybind11::module_& m) {
    m.attr("TIERS") = names_of<Tier>(tier_count);
    m.attr("RELATIONS") = names_of<Relation>(relation_count);
    m.attr("OPERATORS") = names_of<Operator>(2);
    m.attr("ORG_TYPES") = names_of<OrgType>(4);
    m.attr("STAGES") = names_of<Stage>(3);
    m.attr("REGISTRATIONS") = names_of<Registration>(3);
    m.attr("REGION_LEVELS") = names_of<RegionLevel>(5);
}

/// Reading, writing, generating and validating a network; pickling.
void bind_network_io(NetworkClass& c) {
    c.def(pybind11::pickle(
        [](const PN& self) {
            std::string s;
            {
                pybind11::gil_scoped_release rel;
                s = io::save_json(*self.net, io::SaveOptions{});
            }
            return pybind11::make_tuple(pybind11::bytes(s));
        },
        [](const pybind11::tuple& t) {
            if (t.size() != 1) throw pybind11::value_error("Network: bad pickle state");
            std::string s = t[0].cast<std::string>();
            io::LoadOptions o;
            o.validate = false;  // it was valid when pickled
            pybind11::gil_scoped_release rel;
            return std::make_shared<PN>(io::load_json(s, o));
        }));
    c.def_static(
         "load",
         [](const std::string& path, bool validate) {
             io::LoadOptions o;
             o.validate = validate;
             return std::make_shared<PN>(io::load_json_file(path, o));
         },
         pybind11::arg("path"), pybind11::arg("validate") = true,
         pybind11::call_guard<pybind11::gil_scoped_release>())
        .def_static(
            "loads",
            [](const std::string& text, bool validate) {
                io::LoadOptions o;
                o.validate = validate;
                return std::make_shared<PN>(io::load_json(text, o));
            },
            pybind11::arg("text"), pybind11::arg("validate") = true,
            pybind11::call_guard<pybind11::gil_scoped_release>())
        .def_static(
            "beijing",
            [](std::uint64_t seed, double scale, const pybind11::object& progress) {
                ProgressBridge bridge(progress);
                synth::BeijingOptions o;
                o.seed = seed;
                o.scale = scale;
                o.progress = bridge.hook();
                return run_hooked(bridge, [&] { return std::make_shared<PN>(synth::beijing(o)); });
            },
            pybind11::arg("seed") = 2017, pybind11::arg("scale") = 1.0, pybind11::arg("progress") = pybind11::none())
        .def(
            "save",
            [](const PN& self, const std::string& path, int indent) {
                io::SaveOptions o;
                o.indent = indent;
                io::save_json_file(*self.net, path, o);
            },
            pybind11::arg("path"), pybind11::arg("indent") = -1,
            pybind11::call_guard<pybind11::gil_scoped_release>())
        .def(
            "dumps",
            [](const PN& self, int indent) {
                io::SaveOptions o;
                o.indent = indent;
                std::string s;
                {
                    pybind11::gil_scoped_release rel;
                    s = io::save_json(*self.net, o);
                }
                return s;
            },
            pybind11::arg("indent") = -1)
        .def(
            "validate",
            [](const PN& self) {
                ValidationReport r;
                {
                    pybind11::gil_scoped_release rel;
                    r = validate(*self.net);
                }
                return std::make_pair(issues(r.errors), issues(r.warnings));
            },
            "(errors, warnings) as lists of dicts");
}

/// What a network holds (sizes, columns) and the graph's queries.
void bind_network_queries(NetworkClass& c) {
    c.def_property_readonly("name", [](const PN& s) { return s.net->name; })
        .def_property_readonly("description", [](const PN& s) { return s.net->description; })
        .def_property_readonly("num_nodes", [](const PN& s) { return s.net->nodes.size(); })
        .def_property_readonly("num_edges", [](const PN& s) { return s.net->edges.size(); })
        .def_property_readonly("num_organizations", [](const PN& s) { return s.net->organizations.size(); })
        .def_property_readonly("num_regions", [](const PN& s) { return s.net->regions.size(); })
        .def("count_by_tier",
             [](const PN& s) {
                 dict d;
                 auto c = s.net->count_by_tier();
                 for (int t = 0; t < tier_count; ++t) d[pybind11::str(std::string(to_string(Tier(t))))] = c[t];
                 return d;
             })
        .def("node_columns", [](const PN& s) { return node_columns(*s.net); })
        .def("organization_columns", [](const PN& s) { return org_columns(*s.net); })
        .def("edge_columns", [](const PN& s) { return edge_columns(*s.net); })
        .def("region_columns", [](const PN& s) { return region_columns(*s.net); })
        .def("consortium_columns", [](const PN& s) { return consortium_columns(*s.net); })
        .def("contract_columns", [](const PN& s) { return contract_columns(*s.net); })
        .def("guidance_parents",
             [](const PN& s, const std::string& id) {
                 const auto& g = s.graph();
                 return ids_of(g, g.guidance_parents(g.at(id)));
             })
        .def("guidance_children",
             [](const PN& s, const std::string& id) {
                 const auto& g = s.graph();
                 return ids_of(g, g.guidance_children(g.at(id)));
             })
        .def(
            "neighbours",
            [](const PN& s, const std::string& id, std::optional<std::string> relation) {
                const auto& g = s.graph();
                return ids_of(g, g.neighbours(g.at(id), mask_from(relation)));
            },
            pybind11::arg("id"), pybind11::arg("relation") = pybind11::none())
        .def("incubators_serving",
             [](const PN& s, const std::string& region) {
                 if (!is_region_code(region))
                     throw input_error("argument", "region",
                                       "'" + region + "' is not an NBS code of 2/4/6/9/12 digits");
                 const auto& g = s.graph();
                 return ids_of(g, g.incubators_serving(region));
             })
        .def(
            "hops",
            [](const PN& s, const std::string& a, const std::string& b,
               std::optional<std::string> relation) {
                const auto& g = s.graph();
                return g.hops(g.at(a), g.at(b), mask_from(relation));
            },
            pybind11::arg("source"), pybind11::arg("target"), pybind11::arg("relation") = pybind11::none());
}

/// Module-level functions: the schema, the dataset path, the national generator, divisions.
void bind_network_functions(pybind11::module_& m) {
    m.def("network_schema", [] { return std::string(io::network_schema()); });
    m.def("default_dataset_path", &io::default_dataset_path);
    m.def(
        "national",
        [](std::optional<std::string> divisions, std::uint64_t seed, double scale, const pybind11::object& progress) {
            ProgressBridge bridge(progress);
            synth::NationalOptions o;
            o.seed = seed;
            o.scale = scale;
            o.progress = bridge.hook();
            return run_hooked(bridge, [&] {
                Network n = divisions ? synth::national(io::load_divisions_dir(*divisions), o)
                                      : synth::national_synthetic(o);
                return std::make_shared<PyNetwork>(std::move(n));
            });
        },
        pybind11::arg("divisions") = pybind11::none(), pybind11::arg("seed") = 2017,
        pybind11::arg("scale") = 1.0, pybind11::arg("progress") = pybind11::none());
    m.def(
        "load_divisions",
        [](const std::string& path) {
            auto regions = io::load_divisions_csv(path);
            dict d;
            d["code"] = str_column(regions.size(), [&](auto i) -> std::string_view { return regions[i].code; });
            d["name"] = str_column(regions.size(), [&](auto i) -> std::string_view { return regions[i].name; });
            d["kind"] = str_column(regions.size(), [&](auto i) -> std::string_view { return regions[i].kind; });
            return d;
        },
        pybind11::arg("path"));
}

}  // namespace

void bind_network(pybind11::module_& m) {
    bind_model_vocabularies(m);
    NetworkClass c(m, "Network", "An immutable incubator network.");
    bind_network_io(c);
    bind_network_queries(c);
    bind_network_functions(m);
}

}  // namespace hatchnet::py
