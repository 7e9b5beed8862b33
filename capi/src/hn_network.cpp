// C ABI: networks and validation.
#include "capi_internal.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/beijing.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;

struct hn_issue_list {
    ValidationReport report;
};

namespace {

// hn_node_info and hn_issue are size-versioned: the end of each field after `size`, and the
// size of each struct's first version (smaller sizes are refused).
constexpr size_t node_info_ends[] = {
    HN_FIELD_END(hn_node_info, id),        HN_FIELD_END(hn_node_info, name),
    HN_FIELD_END(hn_node_info, tier),      HN_FIELD_END(hn_node_info, region),
    HN_FIELD_END(hn_node_info, capacity),  HN_FIELD_END(hn_node_info, occupied),
    HN_FIELD_END(hn_node_info, is_social_operator), HN_FIELD_END(hn_node_info, has_coordinates),
    HN_FIELD_END(hn_node_info, lat),       HN_FIELD_END(hn_node_info, lon),
    HN_FIELD_END(hn_node_info, index)};
constexpr size_t node_info_v1 = HN_FIELD_END(hn_node_info, index);
constexpr size_t issue_ends[] = {HN_FIELD_END(hn_issue, is_warning), HN_FIELD_END(hn_issue, code),
                                 HN_FIELD_END(hn_issue, record), HN_FIELD_END(hn_issue, field),
                                 HN_FIELD_END(hn_issue, message)};
constexpr size_t issue_v1 = HN_FIELD_END(hn_issue, message);

hn_node_info info_of(const Network& n, std::size_t i) {
    const Node& x = n.nodes[i];
    hn_node_info r{};
    r.id = x.id.c_str();
    r.name = x.name.c_str();
    r.tier = static_cast<hn_tier>(x.tier);
    r.region = x.region.c_str();
    r.capacity = x.capacity;
    r.occupied = x.occupied;
    r.is_social_operator = x.op == Operator::social ? 1 : 0;
    r.has_coordinates = x.lat && x.lon ? 1 : 0;
    r.lat = x.lat.value_or(0.0);
    r.lon = x.lon.value_or(0.0);
    r.index = i;
    return r;
}

Graph::vertex vertex_of(const hn_network* h, const char* id, const char* what) {
    need(id, what);
    auto v = h->graph.find(id);
    if (v == Graph::null_vertex)
        throw status_error{HN_ERR_NOT_FOUND, std::string("node ") + id + ": unknown node id"};
    return v;
}

void give_indexes(size_t** out, size_t* n_out, const std::vector<Graph::vertex>& v) {
    std::vector<size_t> s(v.begin(), v.end());
    *out = dup_array(s);
    *n_out = s.size();
}

hn_issue_list* make_list(ValidationReport rep) { return new hn_issue_list{std::move(rep)}; }

// Every problem of a JSON text: syntax and types while reading, then structure.
ValidationReport validate_text(std::string_view text) {
    ValidationReport rep;
    io::LoadOptions opt;
    opt.validate = false;
    opt.report = &rep;
    try {
        Network n = io::load_json(text, opt);
        rep = validate(n);
    } catch (const validation_error& e) {
        rep = e.report();
    }
    return rep;
}

}  // namespace

extern "C" {

hn_status hn_network_load_json_file(hn_network** out, const char* path) {
    return guard([&] {
        need(out, "out");
        need(path, "path");
        *out = new hn_network(io::load_json_file(path));
    });
}

hn_status hn_network_load_json(hn_network** out, const char* text, size_t len) {
    return guard([&] {
        need(out, "out");
        *out = new hn_network(io::load_json(text_arg(text, len, "text")));
    });
}

hn_status hn_network_save_json_file(const hn_network* net, const char* path) {
    return guard([&] {
        need(path, "path");
        io::save_json_file(net_of(net), path);
    });
}

hn_status hn_network_to_json(char** text_out, size_t* len_out, const hn_network* net) {
    return guard([&] {
        need(text_out, "text_out");
        *text_out = nullptr;
        if (len_out) *len_out = 0;
        std::string s = io::save_json(net_of(net));
        *text_out = dup_string(s);
        if (len_out) *len_out = s.size();
    });
}

hn_status hn_network_beijing(hn_network** out, uint64_t seed) {
    return guard([&] {
        need(out, "out");
        synth::BeijingOptions opt;
        opt.seed = seed;
        *out = new hn_network(synth::beijing(opt));
    });
}

hn_status hn_default_data_dir(char** dir_out) {
    return guard([&] {
        need(dir_out, "dir_out");
        *dir_out = nullptr;
        std::string dir;
        try {
            dir = io::default_data_dir();
        } catch (const input_error& e) {
            // not a bad argument: nothing was found where the library looks
            throw status_error{HN_ERR_NOT_FOUND, e.what(), e.record(), e.field()};
        }
        *dir_out = dup_string(dir);
    });
}

void hn_network_free(hn_network* net) { delete net; }

hn_status hn_network_node_count(size_t* out, const hn_network* net) {
    return guard([&] { need(out, "out"); *out = net_of(net).nodes.size(); });
}
hn_status hn_network_edge_count(size_t* out, const hn_network* net) {
    return guard([&] { need(out, "out"); *out = net_of(net).edges.size(); });
}
hn_status hn_network_organization_count(size_t* out, const hn_network* net) {
    return guard([&] { need(out, "out"); *out = net_of(net).organizations.size(); });
}
hn_status hn_network_region_count(size_t* out, const hn_network* net) {
    return guard([&] { need(out, "out"); *out = net_of(net).regions.size(); });
}
hn_status hn_network_count_by_tier(size_t counts[HN_TIER_COUNT], const hn_network* net) {
    // release 1's six tiers only: a caller's array may be that long
    return hn_network_count_by_tier_n(counts, HN_TIER_COUNT, net);
}
hn_status hn_network_count_by_tier_n(size_t* counts, size_t n, const hn_network* net) {
    return guard([&] {
        if (n) need(counts, "counts");
        auto c = net_of(net).count_by_tier();
        static_assert(HN_TIER_COUNT_ALL == tier_count, "hn_tier and hatchnet::Tier differ");
        for (std::size_t i = 0; i < n; ++i) counts[i] = i < c.size() ? c[i] : 0;
    });
}

hn_status hn_network_find_node(hn_node_info* out, const hn_network* net, const char* id) {
    return guard([&] {
        check_sized(out, node_info_v1, "out");
        net_of(net);
        auto v = vertex_of(net, id, "id");
        put_sized(out, info_of(*net->net, v), node_info_ends);
    });
}

hn_status hn_network_node_at(hn_node_info* out, const hn_network* net, size_t index) {
    return guard([&] {
        check_sized(out, node_info_v1, "out");
        const auto& n = net_of(net);
        if (index >= n.nodes.size())
            throw status_error{HN_ERR_RANGE, "node index " + std::to_string(index) + " out of range (" +
                                                 std::to_string(n.nodes.size()) + " nodes)"};
        put_sized(out, info_of(n, index), node_info_ends);
    });
}

hn_status hn_network_guidance_children(size_t** out, size_t* n_out, const hn_network* net,
                                       const char* id) {
    return guard([&] {
        need(out, "out");
        need(n_out, "n_out");
        *out = nullptr;
        *n_out = 0;
        net_of(net);
        give_indexes(out, n_out, net->graph.guidance_children(vertex_of(net, id, "id")));
    });
}

hn_status hn_network_guidance_parents(size_t** out, size_t* n_out, const hn_network* net,
                                      const char* id) {
    return guard([&] {
        need(out, "out");
        need(n_out, "n_out");
        *out = nullptr;
        *n_out = 0;
        net_of(net);
        give_indexes(out, n_out, net->graph.guidance_parents(vertex_of(net, id, "id")));
    });
}

hn_status hn_network_incubators_serving(size_t** out, size_t* n_out, const hn_network* net,
                                        const char* region) {
    return guard([&] {
        need(out, "out");
        need(n_out, "n_out");
        *out = nullptr;
        *n_out = 0;
        need(region, "region");
        net_of(net);
        if (!is_region_code(region))
            throw status_error{HN_ERR_INVALID,
                               std::string("region '") + region + "': not an NBS code of 2/4/6/9/12 digits"};
        give_indexes(out, n_out, net->graph.incubators_serving(region));
    });
}

hn_status hn_network_hops(int* out, const hn_network* net, const char* from, const char* to) {
    return guard([&] {
        need(out, "out");
        *out = -1;
        net_of(net);
        *out = net->graph.hops(vertex_of(net, from, "from"), vertex_of(net, to, "to"));
    });
}

hn_status hn_network_validate(hn_issue_list** out, const hn_network* net) {
    return guard([&] {
        need(out, "out");
        *out = make_list(validate(net_of(net)));
    });
}

hn_status hn_validate_json(hn_issue_list** out, const char* text, size_t len) {
    return guard([&] {
        need(out, "out");
        *out = make_list(validate_text(text_arg(text, len, "text")));
    });
}

hn_status hn_validate_json_file(hn_issue_list** out, const char* path) {
    return guard([&] {
        need(out, "out");
        need(path, "path");
        *out = make_list(validate_text(io::read_file(path)));
    });
}

size_t hn_issue_list_size(const hn_issue_list* l) {
    return l ? l->report.errors.size() + l->report.warnings.size() : 0;
}
size_t hn_issue_list_error_count(const hn_issue_list* l) { return l ? l->report.errors.size() : 0; }

hn_status hn_issue_list_get(hn_issue* out, const hn_issue_list* l, size_t i) {
    return guard([&] {
        check_sized(out, issue_v1, "out");
        need(l, "list");
        const auto& r = l->report;
        if (i >= r.errors.size() + r.warnings.size())
            throw status_error{HN_ERR_RANGE, "issue index " + std::to_string(i) + " out of range"};
        const Issue& x = i < r.errors.size() ? r.errors[i] : r.warnings[i - r.errors.size()];
        hn_issue v{};
        v.is_warning = x.severity == Severity::warning ? 1 : 0;
        v.code = x.code.c_str();
        v.record = x.record.c_str();
        v.field = x.field.c_str();
        v.message = x.message.c_str();
        put_sized(out, v, issue_ends);
    });
}

void hn_issue_list_free(hn_issue_list* l) { delete l; }

}  // extern "C"
