// The multi-year simulation: determinism (same seed, same bytes of the JSON export) and the
// store's invariants on what it wrote.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "hatchnet/io/json.hpp"
#include "hatchnet/records/records.hpp"
#include "temp_store.hpp"
#include "hatchnet/records/simulate.hpp"

using namespace hatchnet::records;
using hatchnet::Network;
namespace fs = std::filesystem;

namespace {
using hatchnet::test::TempStore;
const Network& beijing() {
    static const Network n = hatchnet::io::load_json_file(hatchnet::io::default_dataset_path());
    return n;
}
std::string run(std::uint64_t seed, SimulationSummary* out = nullptr) {
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2020;
    o.seed = seed;
    o.scale = 0.02;
    o.evaluate = true;
    auto sum = simulate(s, beijing(), o);
    if (out) *out = sum;
    return s.export_json();
}
}  // namespace

TEST_CASE("simulation: the same seed gives the same bytes, another seed others") {
    SimulationSummary a;
    const std::string x = run(11, &a), y = run(11), z = run(12);
    CHECK(x == y);
    CHECK(x != z);
    CHECK(a.arrivals > 400);
    CHECK(a.transitions >= 2 * a.arrivals);
    CHECK(a.evaluated == std::vector<std::string>{"2017", "2018", "2019", "2020"});
}

TEST_CASE("simulation: the store it writes keeps every invariant") {
    TempStore t("hn-sim");
    Store s(t.path);
    SimulationOptions o;
    o.first_year = 2017;
    o.last_year = 2019;
    o.scale = 0.03;
    o.evaluate = false;
    auto sum = simulate(s, beijing(), o);
    // counts: the store against the summary
    CHECK(std::int64_t(s.incubation_count()) == sum.arrivals);
    CHECK(std::stoll(s.query("SELECT count(*) FROM incubation_events").at(0).at(0)) == sum.transitions);
    CHECK(std::stoll(s.query("SELECT count(*) FROM incubation_events WHERE stage = 'graduated'").at(0).at(0)) == sum.graduated);
    CHECK(std::stoll(s.query("SELECT count(*) FROM timeline").at(0).at(0)) == sum.facts);
    // residents never above the capacity in force, on every event date at every incubator:
    // replay the events and facts in date order (independently of the store's own checks)
    auto rows = s.query(
        "SELECT at, 0 AS k, subject, value FROM timeline WHERE kind = 'capacity' UNION ALL "
        "SELECT e.at, 1, i.node, CASE WHEN e.stage = 'admitted' THEN 1 WHEN e.from_stage IN ('admitted', 'incubating') "
        "AND e.stage IN ('graduated', 'exited', 'withdrawn') THEN -1 ELSE 0 END FROM incubation_events e "
        "JOIN incubations i ON i.id = e.incubation ORDER BY 1, 2");
    std::map<std::string, std::int64_t> cap, res;
    for (const auto& n : beijing().nodes) cap[n.id] = n.capacity;
    int checked = 0;
    for (const auto& r : rows) {
        if (r[1] == "0") {
            cap[r[2]] = std::stoll(r[3]);
            continue;
        }
        res[r[2]] += std::stoll(r[3]);
        if (r[3] == "1") {
            CHECK(res[r[2]] <= cap[r[2]]);
            ++checked;
        }
    }
    CHECK(checked == sum.admitted);
    // the 2020 targets: street coverage grows as the roll-out proceeds
    auto p = progress(s, beijing());
    REQUIRE(p.targets.size() == 2);
    const auto& street = p.targets[1].series;
    REQUIRE(street.size() == 3);
    CHECK(street[0].second < street[2].second);
}
