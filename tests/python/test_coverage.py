"""Coverage, balance and planning from Python: indices against numpy, plans, scenarios, errors."""
import itertools
import math
import threading

import numpy as np
import pytest

import hatchnet
from hatchnet import coverage as cov

pd = pytest.importorskip("pandas")


# ---------------------------------------------------------------------------- numpy references
def np_gini(x, w=None):
    x = np.asarray(x, float)
    w = np.ones_like(x) if w is None else np.asarray(w, float)
    keep = w > 0
    x, w = x[keep], w[keep]
    mu = np.sum(w * x) / np.sum(w)
    if mu == 0:
        return 0.0
    diff = np.abs(x[:, None] - x[None, :])
    return float(np.sum(w[:, None] * w[None, :] * diff) / (2 * np.sum(w) ** 2 * mu))


def np_theil(x, w=None):
    x = np.asarray(x, float)
    w = np.ones_like(x) if w is None else np.asarray(w, float)
    keep = w > 0
    x, w = x[keep], w[keep]
    mu = np.sum(w * x) / np.sum(w)
    if mu == 0:
        return 0.0
    r = x / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(r > 0, r * np.log(r), 0.0)
    return float(np.sum(w / np.sum(w) * t))


def np_theil_between(x, w, g):
    x, w, g = (np.asarray(a, float) for a in (x, w, g))
    Y, P = np.sum(w * x), np.sum(w)
    between = 0.0
    for k in np.unique(g):
        m = g == k
        Yg, Pg = np.sum(w[m] * x[m]), np.sum(w[m])
        if Yg > 0:
            between += Yg / Y * np.log((Yg / Y) / (Pg / P))
    return between


def test_indices_hand_computed():
    assert cov.gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert cov.gini([0, 0, 1]) == pytest.approx(2 / 3)
    assert cov.gini([1, 2], [1, 3]) == pytest.approx(6 / 56)
    assert cov.theil([0, 1]) == pytest.approx(math.log(2))
    assert cov.theil([3, 3, 3]) == pytest.approx(0)
    assert cov.theil([0, 0, 0, 5]) == pytest.approx(math.log(4))


@pytest.mark.parametrize("seed", range(20))
def test_indices_against_numpy(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    x = rng.gamma(2.0, 3.0, n) * (rng.random(n) > 0.1)
    w = rng.integers(0, 50, n).astype(float)
    w[0] = max(w[0], 1)
    g = rng.integers(0, 5, n)
    assert cov.gini(x) == pytest.approx(np_gini(x), rel=1e-10, abs=1e-12)
    assert cov.gini(x, w) == pytest.approx(np_gini(x, w), rel=1e-10, abs=1e-12)
    assert cov.theil(x) == pytest.approx(np_theil(x), rel=1e-10, abs=1e-12)
    assert cov.theil(x, w) == pytest.approx(np_theil(x, w), rel=1e-10, abs=1e-12)
    d = cov.theil_decompose(x, w, g)
    keep = w > 0
    assert d["total"] == pytest.approx(np_theil(x, w), rel=1e-9, abs=1e-12)
    assert d["between"] == pytest.approx(np_theil_between(x[keep], w[keep], g[keep]), rel=1e-9, abs=1e-12)
    assert d["between"] + d["within"] == pytest.approx(d["total"])


def test_indices_bad_input():
    with pytest.raises(ValueError):
        cov.gini([])
    with pytest.raises(ValueError, match="value 1"):
        cov.gini([1.0, -2.0])
    with pytest.raises(ValueError):
        cov.theil([1.0, float("nan")])
    with pytest.raises(ValueError):
        cov.theil([1.0, 2.0], [0.0, 0.0])


def test_water_fill():
    x, level = cov.water_fill([10, 0, 30], [10, 10, 10], budget=20)
    assert sum(x) == pytest.approx(20)
    assert x[1] == pytest.approx(15) and x[0] == pytest.approx(5) and x[2] == 0
    assert level == pytest.approx(1.5)
    with pytest.raises(ValueError, match="budget"):
        cov.water_fill([1], [1], budget=-1)


# ---------------------------------------------------------------------------- coverage on the fixture
@pytest.fixture
def small(small_path):
    return hatchnet.Network.load(small_path)


def test_coverage_small(small):
    df = small.coverage()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns[:4]) == ["code", "name", "level", "district"]
    east = df.set_index("code").loc["110101"]
    assert east["incubators"] == 4
    assert east["capacity"] == 67
    assert east["organizations"] == 3
    assert east["people_per_incubator"] == pytest.approx(50000)
    comm = df.set_index("code").loc["110101001001"]
    assert comm["hops_street"] == 1 and comm["hops_district"] == 2
    assert math.isnan(comm["orgs_per_incubator"])  # no incubators counted in a community: NaN
    assert df.attrs["summary"]["districts"] == 2
    assert len(small.coverage(level="district")) == 2
    with pytest.raises(ValueError, match="catchment_km"):
        small.coverage(catchment_km=0)
    with pytest.raises(TypeError, match="frobnicate"):
        small.coverage(frobnicate=1)  # explicit keyword parameters: a misspelt option is refused
    with pytest.raises(ValueError):
        small.coverage(level="planet")


def test_balance_small(small):
    b = small.balance()
    assert set(b.metrics["indicator"]) == {"capacity_per_org", "capacity_per_resident"}
    d = b.districts.set_index("code")
    x = (d["capacity"] / d["organizations"]).to_numpy()
    w = d["organizations"].to_numpy(float)
    row = b.metrics[(b.metrics.indicator == "capacity_per_org") & (b.metrics.level == "district")].iloc[0]
    assert row["gini"] == pytest.approx(np_gini(x, w))
    assert row["theil"] == pytest.approx(np_theil(x, w))
    assert b.city["capacity_per_org"] == pytest.approx(97 / 4)
    assert {"name", "ratio", "direction"} <= set(b.furthest.columns)
    figs = b.figures()
    assert "gini.capacity_per_org.district" in figs


# ---------------------------------------------------------------------------- planning on Beijing
@pytest.fixture(scope="module")
def bj():
    return hatchnet.Network.beijing(seed=2017)


def test_beijing_balance_and_coverage(bj):
    df = bj.coverage(level="district")
    assert len(df) == 16
    assert df["organizations"].sum() <= bj._net.num_organizations
    b = bj.balance()
    assert len(b.metrics) == 4
    assert (b.metrics["gini"].between(0, 1)).all()


@pytest.mark.parametrize("objective", ["coverage", "served", "minmax", "p_median"])
@pytest.mark.parametrize("budget", [0, 3, 7.5])
def test_plans_never_exceed_budget(bj, objective, budget):
    kw = {"candidate_level": "community"} if objective == "coverage" else {}
    p = bj.plan(k=10, budget=budget, objective=objective, **kw)
    assert p.summary["cost"] <= budget + 1e-9
    assert len(p.picks) <= 10
    if len(p.picks):
        assert p.picks["cost"].sum() == pytest.approx(p.summary["cost"])
        assert {"region", "name", "district", "gain", "value_after"} <= set(p.picks.columns)


def test_plan_unequal_costs_and_exact(bj):
    streets = bj.coverage(level="street").head(12)
    cands = pd.DataFrame({"region": streets["code"], "cost": [1, 2, 3] * 4, "capacity": 20})
    p = bj.plan(budget=6, objective="served", candidates=cands, compare_exact=True)
    assert p.summary["cost"] <= 6
    ex = p.summary["exact"]
    assert ex["status"] == "optimal"
    assert p.summary["gain"] <= ex["value"] - p.summary["value_before"] + 1e-9
    assert p.summary["method"] in ("cost_benefit_greedy", "best_single")


def test_greedy_vs_exact_coverage_random():
    bound = 1 - 1 / math.e
    rng = np.random.default_rng(3)
    for _ in range(30):
        n, m = 12, 7
        w = rng.integers(1, 9, n)
        sets = [sorted(set(rng.integers(0, n, rng.integers(1, 6)).tolist())) for _ in range(m)]
        k = int(rng.integers(1, 4))
        # greedy by hand (lowest index on ties) and brute force
        covered, val = set(), 0
        for _ in range(k):
            gains = [sum(w[e] for e in s if e not in covered) for s in sets]
            j = int(np.argmax(gains))
            if gains[j] <= 0:
                break
            covered |= set(sets[j])
            val += gains[j]
        opt = max(sum(w[e] for e in set().union(*[sets[j] for j in c])) for c in
                  itertools.combinations(range(m), k))
        assert val >= bound * opt - 1e-9


def test_scenario_leaves_original_untouched(bj):
    before = bj.dumps()
    p = bj.plan(k=3, objective="minmax", scenario=True)
    assert bj.dumps() == before
    s = p.scenario
    assert len(s["added"]) == len(p.picks)
    assert s["coverage"]["after"]["capacity"] > s["coverage"]["before"]["capacity"]
    assert isinstance(s["balance"]["after"], cov.Balance)


def test_split_budget(bj):
    sp = cov.split_budget(bj, budget=500, price=2)
    assert sp["spend"].sum() == pytest.approx(500)
    assert sp.attrs["gini_after"] <= sp.attrs["gini_before"]


def test_plan_bad_input(small):
    with pytest.raises(ValueError, match="budget"):
        small.plan(k=1, budget=-5)
    with pytest.raises(ValueError, match="119999001"):
        small.plan(k=1, candidates=[{"region": "119999001"}])
    with pytest.raises(ValueError, match="ghost"):
        small.plan(k=1, candidates=[{"node": "ghost"}])
    with pytest.raises(ValueError, match="objective"):
        small.plan(k=1, objective="happiness")
    with pytest.raises(ValueError, match="'k'"):
        small.plan()
    p = small.plan(budget=0)
    assert len(p.picks) == 0


def test_threads_release_the_gil(bj):
    out = []

    def work():
        out.append(bj.balance().metrics["gini"].iloc[0])

    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(set(out)) == 1


def test_plot_districts(bj, tmp_path):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    fig = cov.plot_districts(bj, "capacity_per_org")
    fig.savefig(tmp_path / "d.png")
    assert (tmp_path / "d.png").stat().st_size > 1000
    plt.close(fig)
    fig = cov.plot_districts(bj.balance(), "ratio_resident")
    plt.close(fig)
    with pytest.raises(ValueError, match="indicator"):
        cov.plot_districts(bj, "happiness")


def test_scenario_outcomes_same_demand(bj):
    before = bj.dumps()
    p = bj.plan(k=5, objective="minmax")
    s = cov.scenario(bj, p, demand={"seed": 5, "requests": 600, "needs": 800})
    assert bj.dumps() == before                             # the original is untouched
    assert isinstance(s, cov.Scenario)
    ref, mat, dist = s.referral, s.matching, s.districts
    assert list(ref.index) == ["before", "after", "change"]
    assert ref.loc["before", "requests"] == ref.loc["after", "requests"] == 600
    assert ref.loc["after", "total_score"] >= ref.loc["before", "total_score"] - 1e-6
    assert mat.loc["before", "requested"] == mat.loc["after", "requested"]
    assert mat.loc["after", "weighted_served"] >= mat.loc["before", "weighted_served"]
    assert {"code", "routed_before", "routed_after", "served_before", "served_after",
            "served_share_before", "served_share_after"} <= set(dist.columns)
    assert dist.requests.sum() == 600
    assert dist.served_after.sum() == mat.loc["after", "served"]
    assert len(s["added"]) == len(p.picks)
    # the same through net.plan(..., demand=...)
    p2 = bj.plan(k=5, objective="minmax", demand={"seed": 5, "requests": 600, "needs": 800})
    assert p2.scenario.referral.loc["after", "routed"] == ref.loc["after", "routed"]
    assert bj.dumps() == before


def test_apply_plan_returns_network(bj):
    p = bj.plan(k=3, objective="minmax")
    planned = cov.apply_plan(bj, p)
    assert isinstance(planned, hatchnet.Network)
    assert len(planned) == len(bj) + 3
    new = planned.nodes[planned.nodes.id.str.startswith("plan-")]
    assert len(new) == 3
    streets = bj.nodes[bj.nodes.tier == "street"]
    common = streets.services.map(lambda x: tuple(sorted(x))).value_counts()
    assert all(tuple(sorted(x)) == common.index[0] for x in new.services)
    # given requests: the same batch on both networks
    reqs = [{"id": "r1", "organization": bj.organizations.id.iloc[0], "needs": ["venue"]}]
    s = cov.scenario(bj, p.picks, demand={"requests": reqs, "matching": False})
    assert s.matching is None
    assert s.referral.loc["before", "requests"] == 1


def test_scenario_bad_demand(small):
    with pytest.raises(ValueError, match="bogus"):
        cov.scenario(small, [{"region": "110101002", "tier": "street", "capacity": 3}], demand={"bogus": 1})
    with pytest.raises(ValueError, match="119999001"):
        cov.apply_plan(small, [{"region": "119999001"}])


# ---------------------------------------------------------------------------- issue #10: k with unequal costs
ISSUE10_REGIONS = ["110101001", "110101002", "110101003", "110102001"] + [f"110105001{i:03d}" for i in range(1, 6)]
ISSUE10_COSTS = [50.0] * 4 + [0.05] * 5
GUARANTEE_CARDINALITY = 1 - 1 / math.e
GUARANTEE_BOTH = (3 - math.sqrt(1 + 8 / math.e)) / 4   # k and the budget both bind


@pytest.fixture(scope="module")
def issue10_brute_force(bj):
    """Coverage gain of every set of at most 4 of the candidates, each measured by a plan that
    must take all of them (k = its size, no budget), so no optimiser is involved:
    {indices: (gain, cost)}."""
    out = {}
    for n in range(1, 5):
        for combo in itertools.combinations(range(len(ISSUE10_REGIONS)), n):
            cands = [{"region": ISSUE10_REGIONS[j], "cost": 1} for j in combo]
            p = bj.plan(k=n, objective="coverage", site_tier="social", candidates=cands)
            out[combo] = (p.summary["gain"], sum(ISSUE10_COSTS[j] for j in combo))
    return out


@pytest.mark.parametrize("budget", [None, 200, 100])
def test_plan_k_with_unequal_costs_keeps_its_guarantee(bj, issue10_brute_force, budget):
    c = pd.DataFrame({"region": ISSUE10_REGIONS, "cost": ISSUE10_COSTS})
    kw = {} if budget is None else {"budget": budget}
    p = bj.plan(k=4, objective="coverage", site_tier="social", candidates=c, compare_exact=True, **kw)
    ex = bj.plan(k=4, objective="coverage", site_tier="social", candidates=c, method="exact", **kw)
    assert ex.summary["status"] == "optimal"
    opt = ex.summary["gain"]
    brute = max(g for g, cost in issue10_brute_force.values() if budget is None or cost <= budget + 1e-9)
    assert opt == pytest.approx(brute)
    assert p.summary["exact"]["value"] - p.summary["value_before"] == pytest.approx(opt)
    # never over k or the budget
    assert len(p.picks) <= 4
    if budget is not None:
        assert p.summary["cost"] <= budget + 1e-9
    # the reported guarantee is the one for the limits that bind, and the plan meets it
    g = p.summary["guarantee"]
    if budget == 100:   # the four dearest cost 200 > 100, and more than 4 fit: both bind
        assert g == pytest.approx(GUARANTEE_BOTH)
    else:               # no budget, or one that does not bind: k alone
        assert g == pytest.approx(GUARANTEE_CARDINALITY)
        assert opt == pytest.approx(482)   # 410 when the issue was reported, before issue #12's data
    assert p.summary["gain"] >= g * opt - 1e-9
    assert p.summary["gain"] <= opt + 1e-9
    assert p.summary["upper_bound"] >= opt - 1e-9
    assert any("unequal costs" in n for n in p.notes)
