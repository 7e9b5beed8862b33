// A tiny program that uses hatchnet through an installed package or add_subdirectory.
#include <hatchnet/hatchnet.h>
#include <hatchnet/hatchnet.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    auto net = hatchnet::io::load_json_file(argv[1]);
    hatchnet::Graph g(net);
    hn_network* h = nullptr;
    if (hn_network_load_json_file(&h, argv[1]) != HN_OK) return 1;
    size_t n = 0;
    hn_network_node_count(&n, h);
    hn_network_free(h);
    std::cout << "nodes " << g.num_vertices() << " " << n << "\n";
    return (g.num_vertices() == n && n > 0 && hn_version_number() == HN_VERSION_NUMBER) ? 0 : 1;
}
