"""The tiers' mandated functions and tier sameness from Python: a hand-computed case, pandas
pairs as the reference, errors naming the field."""
import itertools
import json
import math

from pathlib import Path

import pytest

import hatchnet

pd = pytest.importorskip("pandas")


def hand_network(**vocabulary):
    doc = {
        "format": "hatchnet-network", "version": 1,
        "regions": [{"code": c} for c in ("11", "110101", "110101001", "110101002", "110101001001",
                                          "110101002001")],
        "nodes": [
            {"id": "cc", "tier": "city_center", "region": "11", "services": ["information", "credit", "training", "policy"]},
            {"id": "d", "tier": "district", "region": "110101", "services": ["information", "credit", "training"]},
            {"id": "s1", "tier": "street", "region": "110101001", "services": ["information", "credit"]},
            {"id": "s2", "tier": "street", "region": "110101002", "services": ["training"]},
            {"id": "c1", "tier": "community", "region": "110101001001"},
            {"id": "c2", "tier": "community", "region": "110101002001"},
        ],
        "edges": [],
    }
    if vocabulary:
        doc["vocabulary"] = vocabulary
    return hatchnet.Network.loads(json.dumps(doc))


def jaccard(a, b):
    a, b = set(a), set(b)
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def pandas_sameness(net, district=None):
    """Every pair of nodes with itertools, grouped with pandas: the reference."""
    nodes = net.nodes
    if district is not None:
        nodes = nodes[nodes["region"].str[:6] == district]
    rows = []
    for (_, x), (_, y) in itertools.combinations(nodes.iterrows(), 2):
        a, b = sorted([x["tier"], y["tier"]], key=hatchnet.TIERS.index)
        rows.append({"a": a, "b": b, "j": jaccard(x["services"] or [], y["services"] or [])})
    df = pd.DataFrame(rows)
    means = df.groupby(["a", "b"])["j"].mean()
    within = [v for (a, b), v in means.items() if a == b]
    between = [v for (a, b), v in means.items() if a != b]
    return (sum(within) / len(within) if within else math.nan,
            sum(between) / len(between) if between else math.nan)


def test_sameness_hand_computed():
    s = hand_network().sameness()
    # cc–d 3/4, cc–s (2/4 + 1/4)/2, cc–c 0, d–s (2/3 + 1/3)/2, d–c 0, s–c 0; within: s1–s2 0, c1–c2 1
    assert s.between == pytest.approx((0.75 + 0.375 + 0.5) / 6)
    assert s.within == pytest.approx(0.5)
    assert s.by_tier == {"city_center": 1, "district": 1, "street": 2, "community": 2}
    east = s.districts.loc["110101"]
    assert east["between"] == pytest.approx(0.5 / 3)
    assert east["within"] == pytest.approx(0.5)
    pair = s.tier_pairs.set_index(["a", "b"])
    assert pair.loc[("district", "street"), "jaccard"] == pytest.approx(0.5)
    assert pair.loc[("street", "community"), "pairs"] == 4
    assert "Sameness(between=0.271" in repr(s)


def test_sameness_equals_pandas_pairs_on_small():
    small = hatchnet.Network.load(Path(__file__).parent.parent / "data" / "small.json")
    s = small.sameness()
    w, b = pandas_sameness(small)
    assert s.within == pytest.approx(w)
    assert s.between == pytest.approx(b)
    for code, row in s.districts.iterrows():
        w, b = pandas_sameness(small, code)
        assert (math.isnan(row["within"]) and math.isnan(w)) or row["within"] == pytest.approx(w)
        assert (math.isnan(row["between"]) and math.isnan(b)) or row["between"] == pytest.approx(b)


def test_sameness_options_and_errors():
    net = hand_network()
    only = net.sameness(tiers=["street"], districts=False)
    assert math.isnan(only.between)
    assert only.within == pytest.approx(0.0)
    assert len(only.districts) == 0
    with pytest.raises(ValueError, match="tiers"):
        net.sameness(tiers=["ward"])
    assert net.coverage().attrs is not None


def test_mandated_functions_and_warnings():
    net = hand_network()
    tf = net.tier_functions()
    assert list(tf.loc["street", "function"])[:3] == ["activity_venue", "activity_funds", "people"]
    assert "community" not in tf.index
    miss = net.missing_functions()
    # each (node, function) once; the same as the validation warnings
    assert not miss.duplicated(["node", "function"]).any()
    warned = {(w["record"], w["message"].split("'")[1]) for w in net.warnings() if w["code"] == "missing_function"}
    assert warned == {("node " + n, f) for n, f in zip(miss["node"], miss["function"])}
    # the district node offers information and training (and credit, under information): of the
    # district's mandate it lacks the rest
    d = set(miss.loc[miss["node"] == "d", "function"])
    assert d == set(tf.loc["district", "function"]) - {"information_publishing", "training"}
    assert set(miss.loc[miss["node"] == "c1", "function"]) == set()


def test_custom_mandates_and_bad_input():
    voc = {"services": [{"id": "venue"}, {"id": "hotline"}],
           "functions": [{"id": "call", "services": ["hotline"]}],
           "mandates": {"community": ["call"]}}
    doc = {"format": "hatchnet-network", "version": 1, "vocabulary": voc,
           "regions": [{"code": "11"}, {"code": "110101001001"}],
           "nodes": [{"id": "c", "tier": "community", "region": "110101001001", "services": ["venue"]}]}
    net = hatchnet.Network.loads(json.dumps(doc))
    assert list(net.missing_functions()["function"]) == ["call"]
    doc["vocabulary"]["mandates"] = {"community": ["nope"]}
    with pytest.raises(ValueError, match="vocabulary.mandates community"):
        hatchnet.Network.loads(json.dumps(doc))
    doc["vocabulary"]["mandates"] = {"ward": ["call"]}
    with pytest.raises(ValueError, match="ward"):
        hatchnet.Network.loads(json.dumps(doc))


def staffed_network():
    doc = {
        "format": "hatchnet-network", "version": 1, "staffing": {"pay_floor": 3000, "min_trained_share": 0.5},
        "regions": [{"code": c} for c in ("11", "110101", "110102", "110101001", "110101002", "110102001")],
        "nodes": [
            {"id": "d1", "tier": "district", "region": "110101", "capacity": 0, "occupied": 0, "sponsor": "civil_affairs",
             "staff": {"total": 6, "trained": 4, "funded_posts": 3, "pay": 5000}},
            {"id": "s1", "tier": "street", "region": "110101001", "capacity": 0, "build": "conversion",
             "staff": {"total": 2, "trained": 0, "funded_posts": 4, "pay": 2500}},
            {"id": "d2", "tier": "district", "region": "110102", "operator": "social",
             "operation": "publicly_built_socially_run", "sponsor": "mass_organization"},
        ],
        "edges": [{"from": "d1", "to": "s1", "type": "guidance"}],
        "organizations": [{"id": f"o{i}", "type": "association", "region": r}
                          for i, r in enumerate(["110101002"] * 30 + ["110102001"] * 20)],
    }
    return hatchnet.Network.loads(json.dumps(doc))


def test_staffing_hand_computed_and_warnings():
    net = staffed_network()
    st = net.staffing()
    assert st.pay_floor == 3000
    east = st.districts.loc["110101"]
    assert east["staff"] == 8 and east["trained"] == 4 and east["funded_posts"] == 7
    assert east["mean_pay"] == pytest.approx((6 * 5000 + 2 * 2500) / 8)
    assert east["below_floor"] == 1
    s1 = st.nodes.loc["s1"]
    assert s1["pay_ratio"] == pytest.approx(2500 / 3000)
    assert bool(s1["below_floor"]) and bool(s1["below_trained_share"])
    assert math.isnan(st.nodes.loc["d2", "trained_share"])
    codes = {(w["record"], w["code"]) for w in net.warnings()}
    assert ("node s1", "pay_below_floor") in codes
    assert ("node s1", "few_trained_staff") in codes
    assert ("node s1", "vacant_posts") in codes
    bad = json.loads(net.dumps())
    bad["nodes"][0]["staff"]["trained"] = 9
    with pytest.raises(ValueError, match="staff.trained"):
        hatchnet.Network.loads(json.dumps(bad))


def test_mixed_mode_plan_never_worse_than_one_mode():
    net = staffed_network()
    a = {"mode": "new_build", "cost": 3.0, "capacity": 30}
    b = {"mode": "conversion", "cost": 1.5, "capacity": 10, "operation": "publicly_built_socially_run"}
    for budget in (3.0, 4.5, 6.0):
        mixed = net.plan(budget=budget, objective="served", method="exact", modes=[a, b])
        alone = [net.plan(budget=budget, objective="served", method="exact", modes=[m]) for m in (a, b)]
        assert mixed.summary["cost"] <= budget + 1e-9
        assert mixed.summary["gain"] >= max(p.summary["gain"] for p in alone) - 1e-9
        assert set(mixed.picks["mode"]) <= {"new_build", "conversion"}
    # budget 4.5: one new build (30) in a district, one conversion (10) in the other is best
    best = net.plan(budget=4.5, objective="served", method="exact", modes=pd.DataFrame([a, b]))
    assert sorted(best.picks["mode"]) == ["conversion", "new_build"]
    assert best.summary["gain"] == pytest.approx(40)
    with pytest.raises(ValueError, match="modes"):
        net.plan(budget=2, modes=[{"mode": "rebuild", "cost": 1}])


def test_plan_scenario_reports_sameness_before_and_after():
    from hatchnet import coverage as cov
    net = staffed_network()
    p = net.plan(budget=2, objective="served", counted_tiers=[], scenario=True)
    assert len(p.picks) >= 1
    scen = p.scenario
    assert scen["sameness"]["before"]["between"] == pytest.approx(net.sameness().between)
    after = cov.apply_plan(net, p)
    assert scen["sameness"]["after"]["between"] == pytest.approx(after.sameness().between)
    assert scen["sameness"]["after"]["nodes"] == len(after.nodes)
