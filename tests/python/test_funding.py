"""hatchnet.funding: the multi-fund split against an LP solved by scipy, its constraints on
every row, payments by hand, cost per organization served, and refused input."""
from __future__ import annotations

import json
import math
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import pytest

import hatchnet
import hatchnet.evaluate as ev
import hatchnet.funding as fd

scipy_optimize = pytest.importorskip("scipy.optimize")


@pytest.fixture(scope="module")
def net() -> hatchnet.Network:
    return hatchnet.datasets.beijing()


@pytest.fixture(scope="module")
def funds() -> Dict[str, Any]:
    return dict(json.loads(fd.example_funds()))


def _admits(fund: Dict[str, Any], mark: Dict[str, Any], item: Dict[str, Any]) -> bool:
    """The documented earmark filter, restated for items without services."""
    region = item.get("region", "")
    if fund.get("district") and not region.startswith(fund["district"]):
        return False
    if mark.get("tiers") and item.get("tier") not in mark["tiers"]:
        return False
    if mark.get("modes") and item.get("mode") not in mark["modes"]:
        return False
    if mark.get("districts") and not any(region.startswith(d) for d in mark["districts"]):
        return False
    if mark.get("services"):
        return False
    if mark.get("purposes") and item.get("purpose", "build") not in mark["purposes"]:
        return False
    return True


def _lp_max_funded(funds: Dict[str, Any], items: List[Dict[str, Any]], year: str) -> float:
    """Max Σ x over (fund, earmark, item) triples by scipy's HiGHS: the independent reference."""
    triples = []
    for f in funds["funds"]:
        marks = f.get("earmarks") or [{"id": None}]
        for m in marks:
            for i, it in enumerate(items):
                if _admits(f, m, it):
                    triples.append((f["id"], m["id"], i))
    if not triples:
        return 0.0
    rows, rhs = [], []
    for f in funds["funds"]:
        rows.append([1.0 if t[0] == f["id"] else 0.0 for t in triples])
        rhs.append(float(f["amounts"].get(year, 0)))
        for m in f.get("earmarks") or []:
            if "cap" in m:
                rows.append([1.0 if t[0] == f["id"] and t[1] == m["id"] else 0.0 for t in triples])
                rhs.append(float(m["cap"]))
    for i, it in enumerate(items):
        rows.append([1.0 if t[2] == i else 0.0 for t in triples])
        rhs.append(float(it["amount"]))
    res = scipy_optimize.linprog(-np.ones(len(triples)), A_ub=np.array(rows), b_ub=np.array(rhs), bounds=(0, None),
                                 method="highs")
    assert res.status == 0
    return float(-res.fun)


def test_split_equals_the_lp_optimum_and_keeps_every_constraint(net: hatchnet.Network) -> None:
    rng = np.random.default_rng(2017)
    tiers = ["district", "street", "social"]
    regions = ["110101", "110105", "110108", "110105001"]
    for trial in range(25):
        fs = []
        for f in range(int(rng.integers(1, 4))):
            amount = int(rng.integers(0, 1000))
            fund: Dict[str, Any] = {"id": f"f{f}", "kind": "social", "amounts": {"2024": amount}}
            marks = []
            for e in range(int(rng.integers(0, 3))):
                m: Dict[str, Any] = {"id": f"e{e}"}
                if rng.random() < 0.5:
                    m["tiers"] = [tiers[int(rng.integers(0, 3))]]
                if rng.random() < 0.4:
                    m["districts"] = [regions[int(rng.integers(0, 3))]]
                if rng.random() < 0.5:
                    m["cap"] = int(rng.integers(0, amount + 1))
                marks.append(m)
            if marks:
                fund["earmarks"] = marks
            fs.append(fund)
        book = {"funds": fs}
        items = [{"id": f"i{i}", "amount": int(rng.integers(0, 400)), "tier": tiers[int(rng.integers(0, 3))],
                  "region": regions[int(rng.integers(0, 4))], "purpose": "build"}
                 for i in range(int(rng.integers(1, 7)))]
        s = fd.split(net, book, items, contracts=False)
        assert s.funded == pytest.approx(_lp_max_funded(book, items, "2024"), abs=1e-6)
        a = s.allocations
        if len(a):
            by_fund = a.groupby("fund")["amount"].sum()
            for f in fs:
                assert by_fund.get(f["id"], 0.0) <= f["amounts"]["2024"] + 1e-9
                for m in f.get("earmarks", []):
                    used = a[(a["fund"] == f["id"]) & (a["earmark"] == m["id"])]["amount"].sum()
                    if "cap" in m:
                        assert used <= m["cap"] + 1e-9
            by_item = a.groupby("item")["amount"].sum()
            for it in items:
                assert by_item.get(it["id"], 0.0) <= it["amount"] + 1e-9
        assert (s.items["shortfall"] > 0).sum() == s.items["reason"].notna().sum()


def test_split_of_the_example_after_a_plan(net: hatchnet.Network, funds: Dict[str, Any]) -> None:
    s = fd.split(net, funds, plan={"k": 5, "objective": "served", "site_cost": 500000})
    assert isinstance(s.allocations, pd.DataFrame)
    assert s.year == 2024
    assert {"pick-1", "contract-dc-2024-003"} <= set(s.items.index)
    assert s.funds.loc["city-budget", "committed"] == pytest.approx(2400000)
    assert s.funded == pytest.approx(s.allocations["amount"].sum())
    assert s.funded + s.unfunded == pytest.approx(s.total)
    assert (s.funds["allocated"] + s.funds["left"] <= s.funds["amount"] + 1e-6).all()
    assert "funded" in repr(s)


def test_payments_by_hand(net: hatchnet.Network, funds: Dict[str, Any]) -> None:
    perf = {"units": [{"id": "center-11", "grade": "qualified", "score": 65,
                       "indicators": {"services": 0.8, "satisfaction": 0.5}}]}
    p = fd.payments(net, funds, perf, scheme="incubator")
    row = p.loc["bj-2024-001"]
    # 40 % fixed + 60 % linked; 20 % withheld (below "good") + 10 % (satisfaction missed)
    assert row["withheld_share"] == pytest.approx(0.3)
    assert row["due"] == pytest.approx(2400000 * 0.4 + 2400000 * 0.6 * 0.7)
    assert list(row["missed"]) == ["satisfaction"]
    early = fd.payments(net, funds, perf, scheme="incubator", as_of="2024-04-01")
    assert early.loc["bj-2024-001", "due"] == pytest.approx(960000)
    # an incubator without a result: every rule's condition holds
    assert not p.loc["hd-2024-012", "evaluated"]
    assert p.loc["hd-2024-012", "due"] == pytest.approx(500000 * 0.75)


def test_payments_from_an_evaluation(net: hatchnet.Network, funds: Dict[str, Any]) -> None:
    indicators, ratings = ev.generate_ratings(net, "incubator", seed=7)
    e = ev.evaluate_network(net, "incubator", ratings, indicators, draws=0)
    p = fd.payments(net, funds, e)
    assert p.loc["bj-2024-001", "grade"] == e.scores.loc["center-11", "grade"]
    assert (p["due"] <= p["amount"] + 1e-9).all()
    assert (p["due"] >= 0).all()


def test_cost_per_served(net: hatchnet.Network, funds: Dict[str, Any]) -> None:
    c = fd.cost_per_served(net, funds)
    assert c.served_from == "occupied" and c.money_from == "contracts"
    occ = net.nodes["occupied"]
    for nid, r in c.incubators.iterrows():
        assert r["served"] == occ[nid]
        assert r["per_served"] == pytest.approx(r["spent"] / r["served"])
    sums = c.incubators.groupby("district")[["spent", "served"]].sum()
    for code, r in c.districts.iterrows():
        assert r["spent"] == pytest.approx(sums.loc[code, "spent"])
        assert r["served"] == sums.loc[code, "served"]
    g = fd.cost_per_served(net, funds, served={"center-11": 100})
    assert g.incubators.loc["center-11", "per_served"] == pytest.approx(24000)
    assert math.isnan(g.incubators.loc["district-110101", "per_served"])


def test_bad_input_names_record_and_field(net: hatchnet.Network, funds: Dict[str, Any]) -> None:
    bad = json.loads(json.dumps(funds))
    bad["contracts"][0]["end"] = "2023-01-01"
    with pytest.raises(ValueError, match="contract bj-2024-001: field 'end'"):
        fd.check(net, bad)
    bad = json.loads(json.dumps(funds))
    bad["contracts"][1]["fund"] = "nowhere"
    with pytest.raises(ValueError, match="contract cy-2024-007: field 'fund'"):
        fd.split(net, bad)
    bad = json.loads(json.dumps(funds))
    bad["funds"][0]["earmarks"][0]["cap"] = 1e9
    with pytest.raises(ValueError, match="fund city-budget earmark purchase: field 'cap'"):
        fd.check(net, bad)
    bad = json.loads(json.dumps(funds))
    bad["contracts"][2]["incubator"] = "ghost"
    with pytest.raises(ValueError, match="contract dc-2024-003: field 'incubator'"):
        fd.check(net, bad)
    bad = json.loads(json.dumps(funds))
    bad["contracts"][2]["deliverables"] = ["no.such.indicator"]
    with pytest.raises(ValueError, match="deliverable 1: field 'indicator'"):
        fd.check(net, bad, "incubator")
    with pytest.raises(ValueError, match="item x: field 'amount'"):
        fd.split(net, funds, [{"id": "x", "amount": -3}])
    with pytest.raises(TypeError):
        fd.split(net, 42)  # type: ignore[arg-type]


def _lexicographic_reference(funds: List[Dict[str, Any]],
                             items: List[Dict[str, Any]]) -> "tuple[float, float, Dict[tuple[str, str], int]]":
    """Max fundable total, then the least Σ x·(P·rank + order) at that total (docs/funding.md),
    by two LPs; eligibility by tiers and purposes only (the instances use no other filter)."""
    routes = [(f, m) for f, fu in enumerate(funds) for m in (fu.get("earmarks") or [{"id": ""}])]

    def ok(m: Dict[str, Any], it: Dict[str, Any]) -> bool:
        return it["tier"] in m.get("tiers", [it["tier"]]) and it["purpose"] in m.get("purposes", [it["purpose"]])

    elig = [[r for r, (_, m) in enumerate(routes) if ok(m, it)] for it in items]
    P, n_items = len(funds), len(items)
    reach = [sum(any(routes[r][0] == f for r in elig[i]) for i in range(n_items)) for f in range(P)]
    order = {f: k for k, f in enumerate(sorted(range(P), key=lambda f: (reach[f], f)))}
    rank = {i: k for k, i in enumerate(sorted(range(n_items), key=lambda i: (-items[i].get("priority", 0), i)))}
    xs = [(r, i) for i in range(n_items) for r in elig[i]]
    unit_cost = {(funds[f]["id"], items[i]["id"]): P * rank[i] + order[f] for f in range(P) for i in range(n_items)}
    if not xs:
        return 0.0, 0.0, unit_cost
    A: List[List[float]] = []
    b: List[float] = []
    for f in range(P):
        A.append([float(routes[r][0] == f) for r, _ in xs])
        b.append(funds[f]["amounts"]["2024"])
    for k, (_, m) in enumerate(routes):
        if "cap" in m:
            A.append([float(r == k) for r, _ in xs])
            b.append(m["cap"])
    for i in range(n_items):
        A.append([float(j == i) for _, j in xs])
        b.append(items[i]["amount"])
    best = -scipy_optimize.linprog(-np.ones(len(xs)), A_ub=A, b_ub=b, bounds=(0, None), method="highs").fun
    cost = [P * rank[i] + order[routes[r][0]] for r, i in xs]
    low = scipy_optimize.linprog(cost, A_ub=A + [[-1.0] * len(xs)], b_ub=b + [-best + 1e-9], bounds=(0, None),
                                 method="highs").fun
    return float(best), float(low), unit_cost


def test_split_is_lexicographically_optimal_with_ties_zero_items_and_items_no_fund_admits(net: hatchnet.Network) -> None:
    import random
    tiers, purposes = ["district", "street", "community"], ["build", "services", "staff"]
    for seed in range(150):
        rnd = random.Random(seed)
        funds = []
        for f in range(rnd.randint(1, 4)):
            amount = rnd.choice([0, 5, 10, 10, 20, 37])
            marks = []
            for e in range(rnd.choice([0, 0, 1, 2])):
                m: Dict[str, Any] = {"id": f"e{e}"}
                if rnd.random() < .6:
                    m["tiers"] = rnd.sample(tiers, rnd.randint(1, 2))
                if rnd.random() < .4:
                    m["purposes"] = rnd.sample(purposes, 1)
                if rnd.random() < .6:
                    m["cap"] = rnd.randint(0, amount)
                marks.append(m)
            funds.append({"id": f"f{f}", "kind": "social", "amounts": {"2024": amount}, **({"earmarks": marks} if marks else {})})
        items = [{"id": f"i{i}", "amount": rnd.choice([0, 0, 3, 5, 8, 10, 15]), "tier": rnd.choice(tiers),
                  "purpose": rnd.choice(purposes), "priority": rnd.choice([0, 1, 1, 2])} for i in range(rnd.randint(1, 7))]
        s = fd.split(net, {"funds": funds}, items)
        best, low, unit_cost = _lexicographic_reference(funds, items)
        assert s.items["funded"].sum() == pytest.approx(best, abs=1e-6), seed
        a = s.allocations
        got = sum(float(x) * unit_cost[(f, i)] for f, i, x in zip(a["fund"], a["item"], a["amount"]))
        assert got == pytest.approx(low, abs=1e-6), seed  # least cost among the maximal allocations
        zero = [it["id"] for it in items if it["amount"] == 0]
        assert not s.items.loc[zero, "reason"].notna().any()  # a zero item is never "short"
        pd.testing.assert_frame_equal(fd.split(net, {"funds": funds}, items).allocations, a)  # deterministic


def test_hostile_inputs_are_refused_by_record_and_field(net: hatchnet.Network) -> None:
    funds = {"funds": [{"id": "f", "kind": "social", "amounts": {"2024": 100}}]}
    with pytest.raises(ValueError, match=r"item typo: field 'region'"):
        fd.split(net, funds, [{"id": "typo", "amount": 5, "region": "99999"}])
    big = {"funds": [{"id": f"f{k}", "kind": "social", "amounts": {"2024": 9e14}} for k in range(100)]}
    with pytest.raises(ValueError, match=r"items: field 'amount'.*unit"):
        fd.split(net, big, [{"id": f"i{k}", "amount": 9e14} for k in range(100)])
    with pytest.raises(ValueError, match=r"field 'amounts': period '0000'"):
        fd.check(net, {"funds": [{"id": "f", "kind": "social", "amounts": {"0000": 1}}]})
    book = {**funds, "contracts": [{"id": "c", "buyer": "b", "incubator": "center-11", "amount": 100,
                                     "start": "2024-01-01", "end": "2024-12-31",
                                     "payment": {"rules": [{"grade_below": "nonsense", "withhold": 0.5}]}}]}
    with pytest.raises(ValueError, match=r"contract c rule 1: field 'grade_below'"):
        fd.payments(net, book, {"grades": ["good", "bad"], "units": [{"id": "center-11", "grade": "bad"}]})


def test_empty_results_keep_their_columns_and_bad_served_counts_name_the_node(net: hatchnet.Network) -> None:
    empty = {"funds": [{"id": "f", "kind": "social", "amounts": {"2024": 0}}]}
    s = fd.split(net, empty, [{"id": "a", "amount": 5}])  # nothing allocated
    assert s.allocations.groupby("fund")["amount"].sum().empty  # the docs' idiom, was KeyError: 'fund'
    assert s.items.loc["a", "shortfall"] == 5
    nothing = fd.split(net, empty)  # no items at all
    assert {"id", "funded", "shortfall", "reason"} <= set(nothing.items.columns)
    assert "due" in fd.payments(net, empty, {"units": []}).columns
    c = fd.cost_per_served(net, empty)
    assert "per_served" in c.incubators.columns and "per_served" in c.districts.columns
    for bad in (float("nan"), "x", 1.5):
        with pytest.raises(ValueError, match=r"served center-11: count must be an integer"):
            fd.cost_per_served(net, empty, served={"center-11": bad})


def test_split_refuses_wrong_python_types_by_parameter(net: hatchnet.Network) -> None:
    funds = {"funds": [{"id": "f", "kind": "social", "amounts": {"2024": 100}}]}
    with pytest.raises(TypeError, match="split: plan must be a mapping"):
        fd.split(net, funds, plan="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="split: split_budget must be a mapping"):
        fd.split(net, funds, split_budget=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="split: contracts must be True or False"):
        fd.split(net, funds, contracts="false")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="field 'year'"):
        fd.split(net, funds, year="soon")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="field 'unit'"):
        fd.split(net, funds, unit="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"item a: field 'amount': amount too large .*option 'unit'"):
        fd.split(net, funds, [{"id": "a", "amount": 1e30}])
