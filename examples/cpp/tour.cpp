// tour.cpp — a first tour of the hatchnet C++ API on the Beijing dataset.
//
//   1. load the network (validated, or it throws) and freeze it into a Graph;
//   2. graph queries: a node, its guidance parent and children, the incubators serving a
//      community, hops;
//   3. a referral with hatchnet::referral::Router: the chosen incubator, the route and why;
//   4. coverage and balance with hatchnet::coverage: Gini / Theil and the districts furthest
//      from the city average.
//
// Build (CMake):  target_link_libraries(tour PRIVATE hatchnet::hatchnet)
// Run:            tour [path/to/beijing.json.gz]     (default: the embedded dataset)
#include <cstdio>
#include <exception>
#include <string>

#include <hatchnet/hatchnet.hpp>

int main(int argc, char** argv) try {
    using namespace hatchnet;

    // 1. Load. Bad input throws hatchnet::input_error naming the record and field.
    const std::string path = argc > 1 ? argv[1] : io::default_dataset_path();
    auto net = std::make_shared<const Network>(io::load_json_file(path));
    Graph g(net);  // frozen, immutable, safe to read from many threads
    std::printf("%s: %zu nodes, %zu edges, %zu organizations\n", net->name.c_str(), net->nodes.size(),
                net->edges.size(), net->organizations.size());
    auto counts = net->count_by_tier();
    for (int t = 0; t < tier_count; ++t)
        std::printf("  %-12s %6zu\n", std::string(to_string(Tier(t))).c_str(), counts[t]);

    // 2. Graph queries. Vertex v is node v of the network.
    const Graph::vertex street = g.at("street-110108001");  // throws input_error if unknown
    const Node& s = g.node(street);
    std::printf("\n%s %s: capacity %lld, spare %lld\n", s.id.c_str(), s.name.c_str(),
                static_cast<long long>(s.capacity), static_cast<long long>(s.spare()));
    for (auto p : g.guidance_parents(street)) std::printf("  guided by %s\n", g.node(p).id.c_str());
    std::printf("  guides %zu community stations\n", g.guidance_children(street).size());
    std::printf("  %d hops from the city center\n", g.hops(street, g.at("center-11")));
    const std::string community = "110108001001";
    std::printf("  incubators serving community %s:", community.c_str());
    for (auto v : g.incubators_serving(community)) std::printf(" %s", g.node(v).id.c_str());
    std::printf("\n");

    // 3. A referral. A Router precomputes routing tables once; route() is const and
    //    thread-safe. The request names an organization (or gives its attributes) and needs.
    referral::Router router(g);  // the documented default policy
    referral::Request req;
    req.organization = "cso-020985";  // an elder-care group in a Haidian community
    req.needs = {"legal"};             // which its home street incubator does not offer
    referral::Result r = router.route(req);
    std::printf("\nreferral of %s: %s", req.organization.c_str(), std::string(to_string(r.status)).c_str());
    if (r.chosen != Graph::null_vertex) std::printf(" to %s", g.node(r.chosen).id.c_str());
    std::printf(" (%zu candidates, %zu excluded)\n", r.candidates.size(), r.excluded.size());
    for (const auto& hop : r.route) {
        std::printf("  %s -> %s (%s)", g.node(hop.from).id.c_str(), g.node(hop.to).id.c_str(),
                    std::string(referral::to_string(hop.move)).c_str());
        const char* sep = " because ";  // why the node it leaves did not keep the referral
        for (auto why : referral::reason_codes(hop.because)) {
            std::printf("%s%s", sep, std::string(why).c_str());
            sep = ", ";
        }
        std::printf("\n");
    }
    if (!r.candidates.empty()) {
        const auto& best = r.candidates.front();
        std::printf("  best score %.3f =", best.score);
        for (int f = 0; f < referral::factor_count; ++f)
            std::printf(" %s %.2f%s", std::string(referral::to_string(referral::Factor(f))).c_str(),
                        best.contributions[f], f + 1 < referral::factor_count ? " +" : "\n");
    }

    // 4. Coverage and balance: how capacity is spread across districts and streets.
    auto cov = coverage::analyse(g);
    std::printf("\ncoverage: %zu districts, %zu streets (%zu lacking a street incubator), "
                "%lld organizations on %lld units of capacity\n",
                cov.summary.districts, cov.summary.streets, cov.summary.streets_lacking,
                static_cast<long long>(cov.summary.organizations), static_cast<long long>(cov.summary.capacity));
    auto bal = coverage::balance(cov);  // reuses the coverage pass
    for (const auto& m : bal.metrics)
        std::printf("  %-22s by %-8s Gini %.3f  Theil %.3f\n", m.indicator.c_str(), m.level.c_str(), m.gini,
                    m.theil);
    std::printf("  furthest from the city average (%.3f capacity per organization):\n", bal.city_capacity_per_org);
    for (const auto& o : bal.furthest)
        if (o.indicator == "capacity_per_org")
            std::printf("    %s %s: %.2f x the average (%s)\n", o.code.c_str(), o.name.c_str(), o.ratio,
                        o.direction.c_str());
    return 0;
} catch (const std::exception& e) {  // input_error, validation_error, solver_error, I/O
    std::fprintf(stderr, "tour: %s\n", e.what());
    return 1;
}
