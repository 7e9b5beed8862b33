// District-level sector incubators (区级业务主管单位、行业管理部门、群团组织, §2) as the tier
// district_sector: a network with one validates, routes with the documented default fit
// (docs/algorithms/referral.md), and counts it in coverage.
#include <doctest/doctest.h>

#include <algorithm>

#include "hatchnet/coverage/coverage.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/referral/referral.hpp"
#include "hatchnet/validate.hpp"

using namespace hatchnet;
using namespace hatchnet::referral;

namespace {

Network with_sector_body() {
    return io::load_json(R"({"format":"hatchnet-network","version":1,
"regions":[{"code":"11"},{"code":"110101","population":1000},{"code":"110101001","population":1000}],
"nodes":[
{"id":"cc","tier":"city_center","region":"11","services":["information","resource_allocation","system_management","standards","one_stop","social_entrepreneurship","credit","party_building","international"],"capacity":50},
{"id":"d1","tier":"district","region":"110101","services":["office"],"capacity":5},
{"id":"ds1","tier":"district_sector","region":"110101","sponsor":"competent_authority","sectors":["elder_care"],"services":["training","policy","party_building","legal"],"capacity":8},
{"id":"s1","tier":"street","region":"110101001","services":["venue"],"capacity":5}],
"edges":[{"from":"cc","to":"d1","type":"guidance"},{"from":"cc","to":"ds1","type":"guidance"},
         {"from":"d1","to":"s1","type":"guidance"},{"from":"ds1","to":"s1","type":"guidance"}]})");
}

const Candidate* candidate(const Result& r, Graph::vertex v) {
    for (const auto& c : r.candidates)
        if (c.node == v) return &c;
    return nullptr;
}

}  // namespace

TEST_CASE("district_sector: a tier with a name, a region level, regular guidance and mandated functions") {
    CHECK(tier_count == 7);
    CHECK(parse_tier("district_sector") == Tier::district_sector);
    CHECK(to_string(Tier::district_sector) == "district_sector");
    for (int t = 0; t < tier_count; ++t) CHECK(parse_tier(to_string(Tier(t))) == Tier(t));
    Network net = with_sector_body();
    auto rep = validate(net);
    CHECK(rep.ok());
    // it performs its three mandated functions (training, policy guidance, party building)
    CHECK(std::none_of(rep.warnings.begin(), rep.warnings.end(),
                       [](const Issue& i) { return i.record == "node ds1"; }));
    CHECK(net.vocabulary.mandates[std::size_t(Tier::district_sector)].size() == 3);
    // a district-level body needs a district code
    net.nodes[2].region = "110101001";
    const auto bad = validate(net);
    CHECK(std::any_of(bad.errors.begin(), bad.errors.end(),
                      [](const Issue& i) { return i.record == "node ds1" && i.field == "region"; }));
    CHECK(io::save_json(io::load_json(io::save_json(with_sector_body()))) == io::save_json(with_sector_body()));
}

TEST_CASE("district_sector: routed with the documented default fit") {
    Graph g(with_sector_body());
    Router router(g);
    const auto ds1 = g.at("ds1");
    // documented fits of district_sector: 0.8 for district-registered organizations, 0.4 for
    // community organizations, raised to 1.0 by a need within "professional" (legal)
    Request r;
    r.type = OrgType::association;
    r.needs = {"training"};
    r.first_contact = "s1";
    r.region = "110101001";
    Result res = router.route(r);
    REQUIRE(candidate(res, ds1));
    CHECK(candidate(res, ds1)->factors[std::size_t(Factor::tier)] == doctest::Approx(0.8));
    CHECK(res.chosen == ds1);
    REQUIRE(res.route.size() == 1);
    CHECK(res.route[0].move == Move::up);
    r.type = OrgType::community_org;
    res = router.route(r);
    REQUIRE(candidate(res, ds1));
    CHECK(candidate(res, ds1)->factors[std::size_t(Factor::tier)] == doctest::Approx(0.4));
    r.type = OrgType::association;
    r.needs = {"legal"};
    res = router.route(r);
    REQUIRE(candidate(res, ds1));
    CHECK(candidate(res, ds1)->factors[std::size_t(Factor::tier)] == doctest::Approx(1.0));
    // its area is its district
    CHECK(router.policy().area_of(Tier::district_sector, "110101") == "110101");
    r.region = "110102001";
    res = router.route(r);
    CHECK_FALSE(candidate(res, ds1));
}

TEST_CASE("district_sector: counted in coverage as one of the district's incubators") {
    Graph g(with_sector_body());
    auto rep = coverage::analyse(g);
    const coverage::RegionCoverage* d = nullptr;
    for (const auto& rc : rep.regions)
        if (g.network().regions[rc.region].code == "110101") d = &rc;
    REQUIRE(d);
    CHECK(d->within[std::size_t(Tier::district_sector)] == 1);
    // counted: the district incubator, the street incubator and the sector body
    CHECK(d->incubators == 3);
    CHECK(d->capacity == 5 + 8 + 5);
    CHECK(g.network().count_by_tier()[std::size_t(Tier::district_sector)] == 1);
}
