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
