"""hatchnet.evaluate: agreement with pymcdm, scikit-criteria and krippendorff (1e-9), AHP
consistency on textbook matrices, bad input, determinism, network evaluation end to end."""
import json
import math
import warnings

import numpy as np
import pytest

import hatchnet
import hatchnet.evaluate as ev

SEEDS = range(25)
TOL = 1e-9


def quiet(f, *a, **k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*a, **k)


def problem(seed, n=None, m=None, low=1.0):
    rng = np.random.default_rng(seed)
    n = n or int(rng.integers(3, 30))
    m = m or int(rng.integers(2, 9))
    x = low + 99 * rng.random((n, m))
    w = rng.random(m) + 0.05
    w = w / w.sum()
    t = np.where(rng.random(m) < 0.35, -1.0, 1.0)
    t[0] = 1.0
    return x, w, t


import pymcdm  # a test dependency (requirements-dev.txt): fail loudly if missing
skc = quiet(__import__, "skcriteria")


def sk_dm(x, w, t):
    return quiet(skc.mkdm, x, [max if v == 1 else min for v in t], weights=w)


# ---------------------------------------------------------------- pymcdm agreement

@pytest.mark.parametrize("seed", SEEDS)
def test_topsis_matches_pymcdm(seed):
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    x, w, t = problem(seed)
    np.testing.assert_allclose(ev.topsis(x, w, t), quiet(TOPSIS(), x, w, t), rtol=0, atol=TOL)
    np.testing.assert_allclose(ev.topsis(x, list(w), list(t), normalisation="vector"),
                               quiet(TOPSIS(vector_normalization), x, w, t), rtol=0, atol=TOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_vikor_matches_pymcdm(seed):
    from pymcdm.methods import VIKOR

    x, w, t = problem(seed)
    np.testing.assert_allclose(ev.vikor(x, w, t), quiet(VIKOR(), x, w, t), rtol=0, atol=TOL)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", ["usual", "ushape", "vshape", "level", "vshape_2"])
def test_promethee2_matches_pymcdm(seed, fn):
    from pymcdm.methods import PROMETHEE_II

    x, w, t = problem(seed)
    m = x.shape[1]
    rng = np.random.default_rng(100 + seed)
    q = rng.random(m) * 10
    p = q + 5 + rng.random(m) * 20
    kw = {}
    if fn in ("ushape", "level", "vshape_2"):
        kw["q"] = q
    if fn in ("vshape", "level", "vshape_2"):
        kw["p"] = p
    ref = quiet(PROMETHEE_II(fn, **kw), x, w, t)
    np.testing.assert_allclose(ev.promethee2(x, w, t, fn, **kw), ref, rtol=0, atol=TOL)
    np.testing.assert_allclose(ev.promethee2(x, w, t, fn, reference=True, **kw), ref, rtol=0, atol=TOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_objective_weights_match_pymcdm(seed):
    from pymcdm import weights as W

    x, _, _ = problem(seed)
    np.testing.assert_allclose(ev.entropy_weights(x), quiet(W.entropy_weights, x), rtol=0, atol=TOL)
    np.testing.assert_allclose(ev.critic_weights(x), quiet(W.critic_weights, x), rtol=0, atol=TOL)
    np.testing.assert_allclose(ev.std_weights(x), quiet(W.standard_deviation_weights, x), rtol=0, atol=TOL)


def random_reciprocal(n, seed):
    rng = np.random.default_rng(seed)
    scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = scale[rng.integers(0, len(scale))]
            a[j, i] = 1 / a[i, j]
    return a


@pytest.mark.parametrize("seed", SEEDS)
def test_ahp_matches_pymcdm(seed):
    from pymcdm.weights.subjective import AHP

    n = 3 + seed % 10
    a = random_reciprocal(n, seed)
    ref = quiet(AHP, matrix=a)
    w, cr = ev.ahp_weights(a, cr_threshold=math.inf, ri="tummala_ling")
    np.testing.assert_allclose(w, quiet(ref), rtol=0, atol=TOL)
    assert cr == pytest.approx(quiet(ref.get_cr), abs=TOL)


# ---------------------------------------------------------------- scikit-criteria agreement

@pytest.mark.parametrize("seed", SEEDS)
def test_topsis_matches_scikit_criteria_on_benefit_criteria(seed):
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import VectorScaler

    x, w, _ = problem(seed)
    t = np.ones(x.shape[1])
    res = quiet(mkpipe(VectorScaler(target="matrix"), TOPSIS()).evaluate, sk_dm(x, w, t))
    np.testing.assert_allclose(ev.topsis(x, w, t, "vector"), res.e_.similarity, rtol=0, atol=TOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_vikor_matches_scikit_criteria(seed):
    from skcriteria.agg.vikor import VIKOR

    x, w, t = problem(seed)
    res = quiet(VIKOR(use_compromise_set=False).evaluate, sk_dm(x, w, t))
    full = ev.vikor(x, w, t, full=True)
    np.testing.assert_allclose(full["S"], res.e_.s_k, rtol=0, atol=TOL)
    np.testing.assert_allclose(full["R"], res.e_.r_k, rtol=0, atol=TOL)
    np.testing.assert_allclose(full["Q"], res.e_.q_k, rtol=0, atol=TOL)
    assert full["acceptable_advantage"] == bool(res.e_.acceptable_advantage)
    assert full["acceptable_stability"] == bool(res.e_.acceptable_stability)


@pytest.mark.parametrize("seed", SEEDS)
def test_weights_match_scikit_criteria(seed):
    from skcriteria.preprocessing.weighters import critic_weights, entropy_weights, std_weights

    x, _, t = problem(seed)
    np.testing.assert_allclose(ev.entropy_weights(x), quiet(entropy_weights, x), rtol=0, atol=TOL)
    np.testing.assert_allclose(ev.critic_weights(x, t), quiet(critic_weights, x, t), rtol=0, atol=TOL)
    np.testing.assert_allclose(ev.std_weights(x), quiet(std_weights, x), rtol=0, atol=TOL)


def test_entropy_with_zeros_matches_scikit_criteria():
    from skcriteria.preprocessing.weighters import entropy_weights

    x, _, _ = problem(3, n=12, m=5, low=0.0)
    x[2, 1] = 0.0
    x[5, 3] = 0.0
    np.testing.assert_allclose(ev.entropy_weights(x), quiet(entropy_weights, x), rtol=0, atol=TOL)


# ---------------------------------------------------------------- krippendorff agreement

@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_krippendorff_alpha_matches_package(seed, level):
    import krippendorff
    rng = np.random.default_rng(seed)
    raters, units = int(rng.integers(2, 7)), int(rng.integers(5, 40))
    truth = rng.integers(1, 6, units)
    data = np.clip(truth + rng.integers(-1, 2, (raters, units)), 1, 5).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    ref = quiet(krippendorff.alpha, reliability_data=data, level_of_measurement=level)
    assert ev.krippendorff_alpha(data, level) == pytest.approx(ref, abs=TOL)


# ---------------------------------------------------------------- AHP textbook cases

def test_ahp_consistency_textbook():
    # Saaty's consistent matrix: CR = 0, weights proportional to the first column's inverse
    a = np.array([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
    w, cr = ev.ahp_weights(a)
    np.testing.assert_allclose(w, [4 / 7, 2 / 7, 1 / 7], atol=1e-12)
    assert cr == pytest.approx(0.0, abs=1e-12)
    # Saaty (1980) car example: lambda_max ~ 3.0385, CI ~ 0.0193, CR ~ 0.033 with RI(3) = 0.58
    b = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    full = ev.ahp_weights(b, full=True)
    assert full["lambda_max"] == pytest.approx(3.00369, abs=1e-4)
    assert full["cr"] == pytest.approx((full["lambda_max"] - 3) / 2 / 0.58, abs=1e-12)
    # an inconsistent matrix is refused, naming the field
    c = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    with pytest.raises(ValueError, match="consistency_ratio"):
        ev.ahp_weights(c)
    _w, cr = ev.ahp_weights(c, cr_threshold=math.inf)
    assert cr > 1


def test_ahp_beyond_fifteen_criteria():
    a = random_reciprocal(20, 7)
    full = ev.ahp_weights(a, cr_threshold=math.inf, full=True)
    assert full["weights"].sum() == pytest.approx(1.0)
    assert any("estimated" in n or "simulation" in n for n in full["notes"])


# ---------------------------------------------------------------- other API surfaces

def test_weights_list_or_array_alike_and_ranks():
    x, w, t = problem(1)
    a = ev.topsis(x, w, t)
    b = ev.topsis(x.tolist(), w.tolist(), t.tolist())
    c = ev.topsis(x, tuple(w), np.asarray(t, dtype=int))
    assert np.array_equal(a, b) and np.array_equal(a, c)
    r = ev.rank(np.array([0.0, 3.0, 2.0, 3.0]))
    assert r.tolist() == [4.0, 1.5, 3.0, 1.5]
    assert ev.rank([0.0, 3.0, 2.0, 3.0], ties="dense").tolist() == [3.0, 1.0, 2.0, 1.0]


def test_normalise_and_weights_helpers():
    z = ev.normalise([[1, 10], [2, 20], [3, 30]], [1, -1])
    np.testing.assert_allclose(z, [[0, 1], [0.5, 0.5], [1, 0]])
    w, note = ev.normalise_weights([30, 60, 10])
    np.testing.assert_allclose(w, [0.3, 0.6, 0.1])
    assert "100" in note
    vals, notes = ev.impute([[1.0, np.nan], [3.0, 4.0]], "mean")
    assert vals[0, 1] == 4.0 and notes
    assert ev.weighted_sum([[0.5, np.nan], [1.0, 0.0]], [0.5, 0.5]).tolist() == [0.5, 0.5]


def test_pooling_shrinkage_and_icc():
    units = [0, 0, 0, 1, 2, 2]
    raters = [0, 1, 2, 0, 1, 2]
    values = [5, 5, 5, 1, 3, 3]
    r = ev.pool_ratings(units, raters, values, method="shrinkage", prior_strength=2, groups=[0, 0, 0])
    gm = np.mean(values)
    assert r["pooled"][0] == pytest.approx((15 + 2 * gm) / 5)
    assert r["pooled"][1] == pytest.approx((1 + 2 * gm) / 3)
    assert r["count"].tolist() == [3, 1, 2]
    out = ev.icc(np.array([[9, 6, 8, 7, 10, 6], [2, 1, 4, 1, 5, 2], [5, 3, 6, 2, 6, 4], [8, 2, 8, 6, 9, 7]],
                          dtype=float))
    assert out["icc1"] == pytest.approx(0.17, abs=0.01)   # Shrout & Fleiss (1979) table 4
    assert out["icc2"] == pytest.approx(0.29, abs=0.01)
    assert out["icc3"] == pytest.approx(0.71, abs=0.01)


def test_monte_carlo_deterministic_and_thread_independent():
    x, w, t = problem(5, n=40, m=6)
    kw = dict(draws=300, normalisations=["minmax", "zscore", "rank"],
              aggregations=["weighted_sum", "geometric", "topsis", "vikor", "promethee2"], seed=9)
    a = ev.monte_carlo_ranks(x, w, t, threads=1, **kw)
    b = ev.monte_carlo_ranks(x, list(w), t, threads=2, **kw)
    assert a.equals(b)
    assert (a["p05"] <= a["median"]).all() and (a["median"] <= a["p95"]).all()
    c = ev.monte_carlo_ranks(x, w, t, weight_perturbation=0.0, draws=50)
    assert (c["p05"] == c["nominal"]).all() and (c["p95"] == c["nominal"]).all()
    s = ev.sobol_indices(x, w, t, base_samples=50)
    assert s["factors"] == ["weights", "normalisation", "aggregation"]
    rr = ev.rank_reversal(x[:10], w, t)
    assert len(rr["reversed_pairs"]) == 10


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("call, field", [
    (lambda: ev.ahp_weights([[1, 2, 3], [0.5, 1, 2]]), "pairwise"),
    (lambda: ev.ahp_weights([[1, -2], [-0.5, 1]]), "pairwise"),
    (lambda: ev.ahp_weights([[1, 0], [0, 1]]), "pairwise"),
    (lambda: ev.ahp_weights([[1, 2], [2, 1]]), "recipro"),
    (lambda: ev.topsis([[1, 2], [3, 4]], [0.5, 0.6], [1, 1]), "weights"),
    (lambda: ev.topsis([[1, 2], [3, 4]], [0.5], [1, 1]), "weights"),
    (lambda: ev.topsis([[1, 2], [3, 4]], [1.5, -0.5], [1, 1]), "weights"),
    (lambda: ev.topsis([[1, np.nan], [3, 4]], [0.5, 0.5], [1, 1]), "row 0.*column 1"),
    (lambda: ev.topsis([[1, np.inf], [3, 4]], [0.5, 0.5], [1, 1]), "row 0.*column 1"),
    (lambda: ev.topsis([1, 2, 3], [1.0], [1]), "matrix"),
    (lambda: ev.vikor([[1, 2], [3, 4]], [0.5, 0.5], [1, 0]), "types"),
    (lambda: ev.promethee2([[1, 2], [3, 4]], [0.5, 0.5], [1, 1], "nonsense"), "nonsense"),
    (lambda: ev.krippendorff_alpha([[1, np.inf], [1, 2]]), "data"),
    (lambda: ev.entropy_weights([[1, -2], [3, 4]]), "column"),
    (lambda: ev.monte_carlo_ranks([[1, 2], [3, 4]], [0.5, 0.5], aggregations=[]), "aggregations"),
    (lambda: ev.load_scheme("no_such_scheme"), "scheme"),
])
def test_bad_input_raises_value_error_naming_the_field(call, field):
    with pytest.raises(ValueError, match=field):
        call()


def test_scheme_errors_name_the_indicator():
    bad = {"id": "b", "indicators": [{"id": "a", "points": 10}, {"id": "a.x", "parent": "a", "points": 6},
                                     {"id": "a.y", "parent": "a", "points": 5}]}
    with pytest.raises(ValueError, match="^a: field 'points'"):
        ev.load_scheme(bad)
    cyc = {"id": "c", "indicators": [{"id": "a", "parent": "b", "points": 1}, {"id": "b", "parent": "a", "points": 1}]}
    with pytest.raises(ValueError, match="cycle"):
        ev.load_scheme(cyc)


# ---------------------------------------------------------------- schemes and grades

def test_shipped_schemes_load_by_name():
    for name in ev.shipped_schemes():
        s = ev.load_scheme(name)
        assert s.id == name
        assert ev.scheme_path(name).exists()
    assert ev.load_scheme("mca_1000").total_points == 1000


def test_grades_at_and_around_thresholds():
    s = ev.load_scheme("incubator")
    names = {"services.count": 200, "services.hours": 2000, "incubation.incubated": 30,
             "incubation.graduated": 15, "satisfaction": 5, "audit": 100, "capacity_use": 1.0, "coverage": 1.0}
    rows = []
    for drop in (15.0, 15.0 - 1e-7, 30.0, 30.0 + 1e-9, 40.0, 40.01):   # total = 100 - drop
        r = dict(names)
        # take points off coverage (7) and capacity_use (8) then satisfaction (20)
        rest = drop
        for col, pts, lo, hi in (("coverage", 7, 0, 1), ("capacity_use", 8, 0, 1), ("satisfaction", 20, 1, 5), ("audit", 15, 0, 100)):
            take = min(rest, pts)
            r[col] = hi - (hi - lo) * take / pts
            rest -= take
        rows.append(r)
    out = ev.evaluate_scheme(s, rows)
    assert out["total"].tolist() == pytest.approx([85, 85 + 1e-7, 70, 70 - 1e-9, 60, 59.99], abs=1e-6)
    assert out["grade"].tolist() == ["excellent", "excellent", "good", "good", "qualified", "unqualified"]
    veto = dict(names, audit=59)
    out = ev.evaluate_scheme(s, [veto])
    assert out["grade_before_veto"][0] == "excellent" and out["grade"][0] == "qualified"
    assert out["vetoes"][0] == "audit_fail"


# ---------------------------------------------------------------- network evaluation

@pytest.fixture
def small(small_path):
    return hatchnet.Network.load(small_path)


def test_network_evaluation_small_end_to_end(small, tmp_path):
    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    res = small.evaluate("incubator", rat, indicators=ind, draws=300, seed=1)
    assert len(res.scores) == len(small)
    assert set(res.scores["id"]) == set(small.nodes["id"])
    assert ((res.scores["score"] >= 0) & (res.scores["score"] <= 100)).all()
    assert np.isfinite(res.scores["total"]).all()
    assert sorted(res.scores["rank"]) == pytest.approx(sorted(ev.rank(res.scores["total"])))
    assert (res.ranks["rank_p05"] <= res.ranks["rank_p95"]).all()
    assert set(res.by_tier["key"]) == set(small.nodes["tier"])
    assert res.by_tier["count"].sum() == len(small)
    assert len(res.commended) >= 6          # top 3 per tier
    d = res.disclosure("d-east")
    assert d["unit"] == "d-east" and "rank" in d and d["n_raters"] >= 0
    html = res.disclosure_html("d-east")
    assert html.startswith("<!DOCTYPE html>") and "East District Incubator" in html
    res.write(tmp_path)
    assert (tmp_path / "evaluation.json").exists() and (tmp_path / "d-east.html").exists()
    j = json.loads(res.to_json())
    assert len(j["units"]) == len(small)
    scored = res.network_with_scores()
    by_id = dict(zip(scored.nodes["id"], scored.nodes["score"]))
    for i, sc in zip(res.scores["id"], res.scores["score"]):
        assert by_id[i] == pytest.approx(sc)
    # the same inputs give the same result
    again = small.evaluate("incubator", rat, indicators=ind, draws=300, seed=1)
    assert again.scores.equals(res.scores)


def test_shrinkage_keeps_few_ratings_from_making_a_champion(small):
    ind, _ = ev.generate_ratings(small, "incubator", seed=3)
    rat = {"unit": [], "rater": [], "column": [], "value": []}
    for k, node in enumerate(small.nodes["id"]):
        n = 1 if node == "s-east-2" else 20
        v = 5.0 if node == "s-east-2" else 3.0
        for r in range(n):
            rat["unit"].append(node); rat["rater"].append(f"r{k}-{r}")
            rat["column"].append("satisfaction"); rat["value"].append(v)
    ind = ind.assign(audit=70.0)
    res = small.evaluate("incubator", rat, indicators=ind, draws=0)
    pooled = dict(zip(res.pooled["id"], res.pooled["satisfaction"]))
    assert 3.0 < pooled["s-east-2"] < 3.5          # one 5-star rating barely moves it
    plain = small.evaluate("incubator", rat, indicators=ind, draws=0, pooling="mean")
    assert dict(zip(plain.pooled["id"], plain.pooled["satisfaction"]))["s-east-2"] == 5.0


@pytest.mark.parametrize("mutate, field", [
    (lambda ind, rat: (ind, rat.assign(unit=["ghost"] + list(rat["unit"][1:]))), "ghost"),
    (lambda ind, rat: (ind.assign(id=["nobody"] + list(ind["id"][1:])), rat), "nobody"),
    (lambda ind, rat: (ind, rat.assign(value=[np.nan] + list(rat["value"][1:]))), "value"),
    (lambda ind, rat: (ind.assign(coverage=np.inf), rat), "coverage"),
    (lambda ind, rat: (ind, rat.assign(source=["oracle"] + list(rat["source"][1:]))), "source"),
])
def test_network_bad_input(small, mutate, field):
    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    ind, rat = mutate(ind, rat)
    with pytest.raises(ValueError, match=field):
        small.evaluate("incubator", rat, indicators=ind, draws=0)


def test_network_bad_options_and_empty_groups(small):
    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    with pytest.raises(ValueError, match="tiers"):
        small.evaluate("incubator", rat, indicators=ind, tiers=[])
    with pytest.raises(TypeError, match="frobnicate"):
        small.evaluate("incubator", rat, indicators=ind, frobnicate=1)
    # a tier whose incubators have no rating cannot be shrunk toward its own mean
    only = rat[rat["unit"] != "soc-1"]
    with pytest.raises(ValueError, match="shrink_toward"):
        small.evaluate("incubator", only, indicators=ind, draws=0)
    ok = small.evaluate("incubator", only, indicators=ind, draws=0, shrink_toward="all")
    assert np.isfinite(ok.scores["total"]).all()
    with pytest.raises(ValueError, match="min_grade"):
        small.evaluate("incubator", rat, indicators=ind, commend={"min_grade": "platinum"})


def test_generated_data_is_deterministic(small):
    a = ev.generate_ratings(small, "mca_1000", seed=5)
    b = ev.generate_ratings(small, "mca_1000", seed=5)
    c = ev.generate_ratings(small, "mca_1000", seed=6)
    assert a[0].equals(b[0]) and a[1].equals(b[1])
    assert not a[1]["value"].equals(c[1]["value"]) or not a[0].equals(c[0])
    res = small.evaluate("mca_1000", a, draws=100)
    assert set(res.scores["grade"]) <= {"5A", "4A", "3A", "2A", "1A", "ungraded"}


def test_network_evaluation_beijing(beijing):
    res = beijing.evaluate("incubator", "generate", draws=200, seed=3)
    assert len(res.scores) == len(beijing)
    assert res.scores["total"].notna().all()
    assert res.by_district["count"].sum() == len(beijing)
    assert len(res.by_district) >= 16
    assert res.scores["grade"].nunique() >= 3
    assert all(a is None or -1 <= a <= 1 for a in res.alpha.values())


def test_plot_rank_intervals(small):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    res = small.evaluate("incubator", "generate", draws=100)
    ax = ev.plot_rank_intervals(res, top=5)
    assert len(ax.get_yticklabels()) == 5
    x, w, t = problem(2, n=12, m=4)
    ax = ev.plot_rank_intervals(ev.monte_carlo_ranks(x, w, t, draws=50))
    assert ax is not None


def test_network_rank_intervals_over_aggregators(beijing):
    """aggregators=[...] draws the aggregation method too: with no weight noise and one
    method, every draw ranks as the nominal evaluation with that method."""
    kw = dict(draws=8, weight_perturbation=0.0, seed=3)
    geo = beijing.evaluate("incubator", "generate", aggregators=["geometric"], **kw)
    assert (geo.scores["rank_p05"] == geo.scores["rank_p95"]).all()
    both = beijing.evaluate("incubator", "generate", aggregators=["arithmetic", "geometric"],
                            draws=60, weight_perturbation=0.0, seed=3)
    assert (both.scores["rank_p05"] <= geo.scores["rank_p05"]).all()
    assert (both.scores["rank_p95"] >= geo.scores["rank_p95"]).all()
    assert (both.scores["rank_p95"] > both.scores["rank_p05"]).any()
    with pytest.raises(ValueError, match="aggregators"):
        beijing.evaluate("incubator", "generate", aggregators=["median"], draws=5)
