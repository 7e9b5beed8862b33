// The frozen Boost.Graph view of a Network: see hatchnet/graph.hpp.
#include "hatchnet/graph.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/range/iterator_range.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/visitors.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/validate.hpp"

namespace hatchnet {

Graph::Graph(Network net) : Graph(std::make_shared<const Network>(std::move(net))) {}

Graph::Graph(std::shared_ptr<const Network> net) : net_(std::move(net)) {
    if (!net_) throw input_error("Graph needs a network");
    auto rep = validate(*net_);
    if (!rep.ok()) throw validation_error(std::move(rep));
    build();
}

void Graph::build() {
    const auto& N = *net_;
    by_id_.reserve(N.nodes.size());
    for (std::size_t i = 0; i < N.nodes.size(); ++i) {
        by_id_.emplace(N.nodes[i].id, vertex(i));
        by_region_[N.nodes[i].region].push_back(vertex(i));
    }
    std::vector<std::pair<vertex, vertex>> arcs;
    std::vector<ArcProperty> props;
    arcs.reserve(2 * N.edges.size());
    props.reserve(2 * N.edges.size());
    for (std::size_t i = 0; i < N.edges.size(); ++i) {
        const auto& e = N.edges[i];
        vertex a = by_id_.at(e.from), b = by_id_.at(e.to);
        arcs.emplace_back(a, b);
        props.push_back({std::uint32_t(i), e.type, true});
        arcs.emplace_back(b, a);
        props.push_back({std::uint32_t(i), e.type, false});
    }
    g_ = bgl_graph(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), props.begin(),
                   N.nodes.size());
    regions_ = std::make_shared<const RegionIndex>(N);
}

Graph::vertex Graph::find(std::string_view id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? null_vertex : it->second;
}

Graph::vertex Graph::at(std::string_view id) const {
    auto v = find(id);
    if (v == null_vertex) throw input_error("node " + std::string(id), "id", "unknown node id");
    return v;
}

namespace {
void sort_unique(std::vector<Graph::vertex>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}
}  // namespace

std::vector<Graph::vertex> Graph::guidance_parents(vertex v) const {
    std::vector<vertex> r;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g_))) {
        const auto& p = g_[e];
        if (p.type == Relation::guidance && !p.forward) r.push_back(boost::target(e, g_));
    }
    sort_unique(r);
    return r;
}

std::vector<Graph::vertex> Graph::guidance_children(vertex v) const {
    std::vector<vertex> r;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g_))) {
        const auto& p = g_[e];
        if (p.type == Relation::guidance && p.forward) r.push_back(boost::target(e, g_));
    }
    sort_unique(r);
    return r;
}

std::vector<Graph::vertex> Graph::neighbours(vertex v, RelationMask mask) const {
    std::vector<vertex> r;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g_)))
        if (mask & mask_of(g_[e].type)) r.push_back(boost::target(e, g_));
    sort_unique(r);
    return r;
}

const std::vector<Graph::vertex>& Graph::nodes_in_region(std::string_view region) const {
    static const std::vector<vertex> none;
    auto it = by_region_.find(region);
    return it == by_region_.end() ? none : it->second;
}

std::vector<Graph::vertex> Graph::incubators_serving(std::string_view region) const {
    std::vector<vertex> r;
    for (std::string_view c = region; !c.empty(); c = truncate_region(c)) {
        const auto& here = nodes_in_region(c);
        r.insert(r.end(), here.begin(), here.end());
    }
    std::sort(r.begin(), r.end(), [&](vertex a, vertex b) {
        auto ta = net_->nodes[a].tier, tb = net_->nodes[b].tier;
        return ta != tb ? ta < tb : a < b;
    });
    return r;
}

namespace {
struct ArcFilter {
    const Graph::bgl_graph* g = nullptr;
    RelationMask mask = all_relations;
    template <class E>
    bool operator()(const E& e) const { return (mask & mask_of((*g)[e].type)) != 0; }
};
}  // namespace

std::vector<int> Graph::hops_from(vertex source, RelationMask mask) const {
    const auto n = num_vertices();
    if (source >= n) throw input_error("vertex " + std::to_string(source), "", "no such vertex");
    std::vector<int> dist(n, -1);
    dist[source] = 0;
    auto record = boost::record_distances(dist.data(), boost::on_tree_edge());
    std::vector<boost::default_color_type> color(n, boost::white_color);
    auto colors = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g_));
    if (mask == all_relations) {
        boost::breadth_first_search(g_, source,
                                    boost::visitor(boost::make_bfs_visitor(record)).color_map(colors));
    } else {
        boost::filtered_graph<bgl_graph, ArcFilter> fg(g_, ArcFilter{&g_, mask});
        boost::breadth_first_search(fg, source,
                                    boost::visitor(boost::make_bfs_visitor(record)).color_map(colors));
    }
    return dist;
}

int Graph::hops(vertex a, vertex b, RelationMask mask) const {
    if (b >= num_vertices()) throw input_error("vertex " + std::to_string(b), "", "no such vertex");
    if (a == b) return 0;
    return hops_from(a, mask)[b];
}

}  // namespace hatchnet
