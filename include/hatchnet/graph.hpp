// hatchnet/graph.hpp — the frozen graph view the algorithms run on.
//
// A Graph freezes a validated Network (it refuses one with errors) into a Boost.Graph
// compressed_sparse_row_graph. Every relation is stored in both directions (an arc with
// `forward = true` from the edge's `from` to its `to`, and its mirror with `forward =
// false`), so one CSR answers "children" (forward guidance arcs), "parents" (mirrored
// guidance arcs), neighbours by relation and undirected hop counts.
// Vertex v is node v of the Network (same order).
//
// Complexity: construction O(V + E log E); parents/children/neighbours O(degree);
// incubators_serving O(depth + answer); hops one BFS, O(V + E); the region index
// O(R log R + V + O) (hatchnet/regions.hpp).
// A Graph is immutable: read it from any number of threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "hatchnet/network.hpp"
#include "hatchnet/regions.hpp"

namespace hatchnet {

/// A set of relation types, as bits (1 << Relation).
using RelationMask = std::uint8_t;
inline constexpr RelationMask all_relations = 0x0F;
constexpr RelationMask mask_of(Relation r) noexcept { return RelationMask(1u << static_cast<int>(r)); }

class Graph {
public:
    using vertex = std::uint32_t;
    static constexpr vertex null_vertex = static_cast<vertex>(-1);

    struct ArcProperty {
        std::uint32_t edge = 0;          ///< index into Network::edges
        Relation type = Relation::guidance;
        bool forward = true;             ///< false for the mirrored direction
    };
    using bgl_graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                         ArcProperty, boost::no_property,
                                                         std::uint32_t, std::uint32_t>;

    /// Freeze a network; throws validation_error when validate(net) has errors.
    explicit Graph(Network net);
    explicit Graph(std::shared_ptr<const Network> net);

    const Network& network() const noexcept { return *net_; }
    std::shared_ptr<const Network> network_ptr() const noexcept { return net_; }
    const bgl_graph& bgl() const noexcept { return g_; }
    /// The region table as a tree (hatchnet/regions.hpp), built once with the graph: the
    /// one answer to "which district / street is this in" for every engine.
    const RegionIndex& regions() const noexcept { return *regions_; }

    std::size_t num_vertices() const noexcept { return net_->nodes.size(); }
    const Node& node(vertex v) const { return net_->nodes.at(v); }
    /// The vertex of a node id, or null_vertex.
    vertex find(std::string_view id) const;
    /// The vertex of a node id; throws input_error naming the id when unknown.
    vertex at(std::string_view id) const;

    /// Nodes that guide v (the upper end of guidance edges into v), sorted by vertex.
    std::vector<vertex> guidance_parents(vertex v) const;
    /// Nodes v guides, sorted by vertex.
    std::vector<vertex> guidance_children(vertex v) const;
    /// Nodes joined to v by a relation in `mask`, either direction, sorted, unique.
    std::vector<vertex> neighbours(vertex v, RelationMask mask = all_relations) const;

    /// Incubators whose area contains `region`: the nodes based in the region and in each of
    /// its ancestors (community → street → district → city). Sorted by tier, then vertex.
    std::vector<vertex> incubators_serving(std::string_view region) const;
    /// Nodes based exactly in `region`.
    const std::vector<vertex>& nodes_in_region(std::string_view region) const;

    /// Fewest relation hops between a and b over relations in `mask`, ignoring direction;
    /// -1 when b cannot be reached.
    int hops(vertex a, vertex b, RelationMask mask = all_relations) const;
    /// Hops from `source` to every vertex (-1: unreachable).
    std::vector<int> hops_from(vertex source, RelationMask mask = all_relations) const;

private:
    void build();
    std::shared_ptr<const Network> net_;
    bgl_graph g_;
    std::unordered_map<std::string_view, vertex> by_id_;
    std::unordered_map<std::string_view, std::vector<vertex>> by_region_;
    std::shared_ptr<const RegionIndex> regions_;
};

}  // namespace hatchnet
