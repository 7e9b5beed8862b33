// Tests of the network-level evaluation, the generated evaluation data and the Monte-Carlo
// driver (thread independence, zero perturbation reproduces the nominal ranking).
#include <doctest/doctest.h>

#include "../limit_of.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/evaluate.hpp"
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/limits.hpp"
#include "hatchnet/synth/beijing.hpp"
#include "hatchnet/synth/ratings.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

using namespace hatchnet;
using namespace hatchnet::evaluate;

namespace {
Network small() { return io::load_json_file(std::string(HATCHNET_SOURCE_DIR) + "/tests/data/small.json"); }
Scheme scheme(const char* name) { return load_scheme(std::string(HATCHNET_SOURCE_DIR) + "/data/schemes/" + name + ".json"); }
}  // namespace

TEST_CASE("network evaluation on small.json: scores, ranks, groups, intervals, scores fed back") {
    const Network net = small();
    const Scheme s = scheme("incubator");
    auto d = synth::generate_evaluation_data(net, s, {});
    NetworkEvalOptions o;
    o.draws = 300;
    auto e = evaluate_network(net, s, d.indicators, d.ratings, o);
    REQUIRE(e.units() == Index(net.nodes.size()));
    for (Index u = 0; u < e.units(); ++u) {
        CHECK(std::isfinite(e.scheme.total[u]));
        CHECK(e.score[u] >= 0);
        CHECK(e.score[u] <= 100);
        CHECK(e.intervals.p05[u] <= e.intervals.median_rank[u]);
        CHECK(e.intervals.median_rank[u] <= e.intervals.p95[u]);
        CHECK(e.intervals.nominal_rank[u] == e.rank[u]);
    }
    Index total = 0;
    for (const auto& g : e.by_tier) total += g.count;
    CHECK(total == e.units());
    CHECK(!e.commended.empty());
    auto scored = with_scores(net, e);
    for (Index u = 0; u < e.units(); ++u)
        CHECK(*scored.nodes[e.node_index[std::size_t(u)]].score == doctest::Approx(e.score[u]));
    auto j = unit_disclosure(e, s, e.unit_of("d-east"));
    CHECK(j["unit"] == "d-east");
    CHECK(j.contains("rank"));
    // same input, same output
    auto e2 = evaluate_network(net, s, d.indicators, d.ratings, o);
    CHECK(e2.scheme.total == e.scheme.total);
    CHECK(e2.intervals.p95 == e.intervals.p95);
    // zero perturbation: every draw is the nominal ranking
    o.weight_perturbation = 0;
    o.draws = 20;
    auto e0 = evaluate_network(net, s, d.indicators, d.ratings, o);
    CHECK(e0.intervals.p05 == e0.rank);
    CHECK(e0.intervals.p95 == e0.rank);
}

TEST_CASE("network evaluation: unknown ids, bad values and empty groups are input errors") {
    const Network net = small();
    const Scheme s = scheme("incubator");
    auto d = synth::generate_evaluation_data(net, s, {});
    auto r = d.ratings;
    r.unit[3] = "ghost";
    CHECK_THROWS_WITH_AS(evaluate_network(net, s, d.indicators, r, {}), doctest::Contains("ghost"), input_error);
    auto i = d.indicators;
    i.ids[0] = "nobody";
    CHECK_THROWS_WITH_AS(evaluate_network(net, s, i, d.ratings, {}), doctest::Contains("nobody"), input_error);
    r = d.ratings;
    r.value[0] = NAN;
    CHECK_THROWS_WITH_AS(evaluate_network(net, s, d.indicators, r, {}), doctest::Contains("rating 0"), input_error);
    NetworkEvalOptions o;
    o.tiers = {Tier::street};
    CHECK_THROWS_WITH_AS(evaluate_network(net, s, d.indicators, d.ratings, o), doctest::Contains("not in the evaluated tiers"), input_error);
    // only ratings for streets: the other tiers' groups are empty
    RatingTable only;
    for (std::size_t k = 0; k < d.ratings.size(); ++k)
        if (d.ratings.unit[k].rfind("s-", 0) == 0) {
            only.unit.push_back(d.ratings.unit[k]); only.rater.push_back(d.ratings.rater[k]);
            only.column.push_back(d.ratings.column[k]); only.source.push_back(d.ratings.source[k]);
            only.value.push_back(d.ratings.value[k]);
        }
    NetworkEvalOptions none;
    none.draws = 0;
    CHECK_THROWS_WITH_AS(evaluate_network(net, s, d.indicators, only, none), doctest::Contains("shrink_toward"), input_error);
    none.shrink_toward = ShrinkToward::all;
    CHECK_NOTHROW(evaluate_network(net, s, d.indicators, only, none));
    CHECK_THROWS_AS(network_options_from_json(nlohmann::json{{"bogus", 1}}), input_error);
}

TEST_CASE("network evaluation: draws are bounded like every Monte-Carlo run (issue #10)") {
    // the options' draws: at most max_elements (before: up to 1e8 accepted)
    using hatchnet::testing::limit_of;
    CHECK(limit_of([] { network_options_from_json(nlohmann::json{{"draws", 1e8}}); }) == "options|draws");
    CHECK(limit_of([] { network_options_from_json(nlohmann::json{{"draws", 1e300}}); }) == "options|draws");
    CHECK(network_options_from_json(nlohmann::json{{"draws", 10'000'000}}).draws == 10'000'000);
    CHECK_THROWS_AS(network_options_from_json(nlohmann::json{{"draws", -1}}), input_error);
    CHECK_THROWS_AS(network_options_from_json(nlohmann::json{{"draws", 2.5}}), input_error);
    // draws x units over 16 x max_elements: refused before any scoring (at the default
    // limits, `--network beijing --draws 700000` — billions of stored ranks — is this case)
    synth::BeijingOptions bo;
    bo.include_organizations = false;
    const Network net = synth::beijing(bo);
    const Scheme s = scheme("incubator");
    auto d = synth::generate_evaluation_data(net, s, {});
    NetworkEvalOptions o;
    const auto U = std::uint64_t(net.nodes.size());   // every incubator is a unit
    const Limits old = limits();
    Limits l = old;
    l.max_elements = U;         // 16 x U stored ranks
    set_limits(l);
    o.draws = 17;
    std::string got = limit_of([&] { evaluate_network(net, s, d.indicators, d.ratings, o); });
    o.draws = 16;               // exactly the bound: honoured
    NetworkEvaluation e;
    std::string ok = "ran";
    try {
        e = evaluate_network(net, s, d.indicators, d.ratings, o);
    } catch (const std::exception& x) {
        ok = x.what();
    }
    set_limits(old);
    CHECK(got == "options|draws");
    CHECK(ok == "ran");
    CHECK(e.intervals.median_rank.size() == Index(U));
}

TEST_CASE("network rank intervals over the aggregation method") {
    const Network net = synth::beijing();
    const Scheme s = scheme("incubator");
    auto d = synth::generate_evaluation_data(net, s, {});
    // the scheme with one aggregator at every internal node of the main tree
    auto uniform = [&](NodeAggregator a) {
        Scheme g = s;
        g.level_aggregators.clear();
        for (std::size_t i = 0; i < g.indicators.size(); ++i)
            if (!g.is_leaf(int(i)) && !g.in_bonus[i]) g.indicators[i].aggregator = a;
        return g;
    };
    NetworkEvalOptions z;
    z.draws = 12;
    z.weight_perturbation = 0;
    z.threads = 2;
    // no weight noise and one method: every draw ranks as the scheme made uniform
    std::vector<Vector> ref;
    for (NodeAggregator a : {NodeAggregator::arithmetic, NodeAggregator::geometric}) {
        ref.push_back(evaluate_network(net, uniform(a), d.indicators, d.ratings, z).rank);
        z.aggregators = {a};
        const auto forced = evaluate_network(net, s, d.indicators, d.ratings, z);
        CHECK(forced.intervals.p05 == ref.back());
        CHECK(forced.intervals.p95 == ref.back());
        z.aggregators.clear();
    }
    CHECK(ref[0] != ref[1]);   // the method matters on this data, so the checks have teeth
    // both methods: every interval spans both rankings, and the note says what varied
    z.aggregators = {NodeAggregator::arithmetic, NodeAggregator::geometric};
    z.draws = 60;
    const auto both = evaluate_network(net, s, d.indicators, d.ratings, z);
    for (Index u = 0; u < both.units(); ++u) {
        CHECK(both.intervals.p05[u] <= std::min(ref[0][u], ref[1][u]));
        CHECK(both.intervals.p95[u] >= std::max(ref[0][u], ref[1][u]));
    }
    CHECK(both.intervals.notes.back().find("geometric") != std::string::npos);
    // JSON options
    CHECK(network_options_from_json(nlohmann::json{{"aggregators", {"geometric", "arithmetic"}}}).aggregators.size() == 2);
    CHECK(network_options_from_json(nlohmann::json{{"aggregators", {"geometric_mean", "min"}}}).aggregators ==
          std::vector<NodeAggregator>{NodeAggregator::geometric, NodeAggregator::minimum});
    CHECK_THROWS_WITH_AS(network_options_from_json(nlohmann::json{{"aggregators", {"median"}}}),
                         doctest::Contains("aggregators"), input_error);
}

TEST_CASE("interval alpha from long format agrees with the dense Krippendorff alpha") {
    const Network net = small();
    const Scheme s = scheme("incubator");
    synth::RatingsOptions ro;
    ro.ratings_per_unit = 20;
    auto d = synth::generate_evaluation_data(net, s, ro);
    NetworkEvalOptions o;
    o.draws = 0;
    auto e = evaluate_network(net, s, d.indicators, d.ratings, o);
    // dense raters × units matrix of 'satisfaction' (each recipient rates a unit at most once here?)
    std::map<std::string, Index> rid;
    std::map<std::pair<Index, Index>, int> seen;
    bool unique = true;
    for (std::size_t k = 0; k < d.ratings.size(); ++k)
        if (d.ratings.column[k] == "satisfaction") {
            const Index r = rid.try_emplace(d.ratings.rater[k], Index(rid.size())).first->second;
            if (++seen[{r, e.unit_of(d.ratings.unit[k])}] > 1) unique = false;
        }
    if (!unique) return;   // the dense form cannot hold two ratings of one rater for a unit
    Matrix m = Matrix::Constant(Index(rid.size()), e.units(), NAN);
    for (std::size_t k = 0; k < d.ratings.size(); ++k)
        if (d.ratings.column[k] == "satisfaction")
            m(rid[d.ratings.rater[k]], e.unit_of(d.ratings.unit[k])) = d.ratings.value[k];
    const Index c = Index(std::find(e.rated_columns.begin(), e.rated_columns.end(), "satisfaction") - e.rated_columns.begin());
    CHECK(e.alpha[c] == doctest::Approx(krippendorff_alpha(m, Level::interval)).epsilon(1e-9));
}

TEST_CASE("Monte-Carlo driver: results do not depend on threads or batch size") {
    std::mt19937_64 g(5);
    Matrix x(200, 12);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = 1 + double(g() % 1000) / 10.0;
    UncertaintySpec s;
    s.weights = equal_weights(12);
    s.types = Types::Ones(12);
    s.normalisations = {Normalisation::minmax, Normalisation::zscore};
    s.aggregations = {Aggregation::weighted_sum, Aggregation::topsis, Aggregation::vikor, Aggregation::promethee2,
                      Aggregation::geometric};
    s.draws = 257;
    s.keep_ranks = true;
    s.threads = 1; s.batch = 7;
    auto a = monte_carlo_ranks(x, s);
    s.threads = 2; s.batch = 64;
    auto b = monte_carlo_ranks(x, s);
    CHECK(a.ranks == b.ranks);
    CHECK(a.p95 == b.p95);
    // each kept draw is a permutation of average ranks: sums to n(n+1)/2
    for (Index d = 0; d < a.ranks.rows(); ++d) CHECK(a.ranks.row(d).sum() == doctest::Approx(200.0 * 201 / 2));
    // ranks of a draw agree with rank() on the same scores (radix ranking vs sort)
    Vector v(6);
    v << 0.5, -0.0, 0.0, 3.0, -2.0, 0.5;
    DrawOptions o;
    o.draws = 1;
    o.keep_ranks = true;
    auto r = rank_intervals(v, [&](std::int64_t, Index, Matrix& out) { out.col(0) = v; }, o);
    const Vector ref = rank(v, true);
    for (Index i = 0; i < 6; ++i) CHECK(r.ranks(0, i) == ref[i]);
}

TEST_CASE("commend.top_k: a whole number in range, checked before the cast") {
    using nlohmann::json;
    for (double bad : {1.5, 1e300, 0.0, -3.0})
        CHECK_THROWS_AS(network_options_from_json(json{{"commend", {{"top_k", bad}}}}), input_error);
    CHECK(network_options_from_json(json{{"commend", {{"top_k", 7}}}}).commend.top_k == 7);
}
