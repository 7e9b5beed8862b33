"""match() hands a DataFrame of plain needs to the core as columns (no JSON text); the
reference is the JSON path (the same needs as a list of dicts): the same result, and bad
input refused the same way. Tables the column path cannot take go the JSON way."""
import numpy as np
import pandas as pd
import pytest

import hatchnet
from hatchnet import matching


@pytest.fixture(scope="module")
def demand(beijing):
    return matching.demo_demand(beijing, seed=7, needs=3000)


def same(a, b):
    pd.testing.assert_frame_equal(a.assignments, b.assignments, check_exact=True)
    pd.testing.assert_frame_equal(a.unserved, b.unserved, check_exact=True)
    pd.testing.assert_frame_equal(a.groups, b.groups, check_exact=True)
    assert a.summary == b.summary


def records(df):
    """The JSON path's input: plain dicts, missing cells left out."""
    return [{k: v for k, v in r.items() if not (v is None or (isinstance(v, float) and np.isnan(v)))}
            for r in df.to_dict("records")]


def test_columns_taken_and_same_result(beijing, demand):
    needs, resources = demand
    assert matching._needs_columns(needs) is not None  # the demo needs take the column path
    assert needs["window"].notna().any()  # windows included
    same(beijing.match(needs, resources), beijing.match(records(needs), resources))


def test_optional_columns(beijing, demand):
    needs, resources = demand
    n = needs.drop(columns=["window"]).copy()
    n["group"] = [("g%d" % (i % 3)) if i % 5 else None for i in range(len(n))]
    n["min_provider_score"] = [float(i % 90) if i % 4 else np.nan for i in range(len(n))]
    n["note"] = "x"
    assert matching._needs_columns(n) is not None
    for fair in (None, "group"):
        same(beijing.match(n, resources, fair=fair), beijing.match(records(n), resources, fair=fair))
    q = n.drop(columns=["quantity", "priority"])
    assert matching._needs_columns(q) is not None
    same(beijing.match(q, resources), beijing.match(records(q), resources))


def test_fallback_to_json(demand):
    needs, _ = demand
    windowed = needs.copy()
    windowed["window"] = [{"start": "2024-01-01", "end": "2024-02-01"}] + [None] * (len(needs) - 1)
    int_ids = needs.assign(id=range(len(needs)))
    floats = needs.assign(quantity=needs["quantity"].astype(float))
    extra = needs.assign(colour="red")
    for df in (windowed, int_ids, floats, extra, needs.iloc[:0]):
        assert matching._needs_columns(df) is None


def test_bad_input_named_the_same_way(beijing, demand):
    needs, resources = demand
    bad = needs.copy()
    bad.loc[3, "quantity"] = 0
    with pytest.raises(ValueError) as fast:
        beijing.match(bad, resources)
    with pytest.raises(ValueError) as ref:
        beijing.match(records(bad), resources)
    assert str(fast.value) == str(ref.value)
    assert bad.loc[3, "id"] in str(fast.value)
    unknown = needs.copy()
    unknown.loc[1, "organization"] = "nobody"
    with pytest.raises(ValueError) as fast:
        beijing.match(unknown, resources)
    with pytest.raises(ValueError) as ref:
        beijing.match(records(unknown), resources)
    assert str(fast.value) == str(ref.value)
    backwards = needs.copy()
    k = int(np.flatnonzero(needs["window"].notna())[0])
    backwards["window"] = [dict(start=w["end"] + 1, end=w["end"]) if i == k else w
                           for i, w in enumerate(needs["window"].tolist())]
    with pytest.raises(ValueError) as fast:
        beijing.match(backwards, resources)
    with pytest.raises(ValueError) as ref:
        beijing.match(records(backwards), resources)
    assert str(fast.value) == str(ref.value) and "window" in str(fast.value)
    inf = needs.assign(min_provider_score=np.inf)
    assert matching._needs_columns(inf) is None
    with pytest.raises(ValueError, match="min_provider_score"):
        beijing.match(inf, resources)


def test_small_network(small_path):
    net = hatchnet.Network.load(small_path)
    needs, resources = matching.demo_demand(net, seed=3)
    same(net.match(needs, resources), net.match(records(needs), resources))


def both(net, df, resources, monkeypatch):
    """The outcome of match() on df as match() takes it, and by the JSON path (forced)."""
    def go():
        try:
            return ("ok", net.match(df, resources).summary)
        except Exception as e:  # noqa: BLE001 - the outcome is compared, whatever it is
            return (type(e).__name__, str(e))
    fast = go()
    with monkeypatch.context() as m:
        m.setattr(matching, "_needs_columns", lambda x: None)
        return fast, go()


def test_review_inputs_same_as_json(beijing, monkeypatch):
    """Inputs the column path took but read differently from the JSON path (review)."""
    needs, resources = matching.demo_demand(beijing, seed=7, needs=200)
    huge = needs.assign(quantity=pd.Series([2**63 + 5] + [1] * (len(needs) - 1), dtype="uint64"))
    orgs = needs.assign(organization=[None] + list(needs["organization"][1:]))
    cats = needs.assign(category=list(needs["category"][:-1]) + [pd.NA])
    surrogate = needs.assign(id=["x\ud800%d" % i for i in range(len(needs))])
    group = needs.assign(group=["g\udc00"] * len(needs))
    cplx = needs.assign(min_provider_score=50 + 1j)
    note = needs.assign(note=b"\xff")  # the JSON path cannot write bytes: refused, not ignored
    for df in (huge, orgs, cats, surrogate, group, cplx, note):
        fast, ref = both(beijing, df, resources, monkeypatch)
        assert fast == ref and fast[0] != "ok"
    texts = needs.assign(note=["n%d" % i if i % 2 else None for i in range(len(needs))], name="x")
    assert matching._needs_columns(texts) is not None  # free text keeps the column path


@pytest.mark.parametrize("options", [{"cost_scale": -1.0}, {"weights": {"bogus": 1}}, {"time_limit": -1}])
def test_bad_options_reported_before_bad_needs(beijing, options, monkeypatch):
    """The JSON path reads the options before the needs: with both bad, the options' error
    is the one reported, by the column path too (review)."""
    needs, resources = matching.demo_demand(beijing, seed=7, needs=50)
    backwards = needs.assign(window=[{"start": 5, "end": 1}] * len(needs))
    assert matching._needs_columns(backwards) is not None
    with pytest.raises(ValueError) as fast:
        beijing.match(backwards, resources, **options)
    with monkeypatch.context() as m:
        m.setattr(matching, "_needs_columns", lambda x: None)
        with pytest.raises(ValueError) as ref:
            beijing.match(backwards, resources, **options)
    assert str(fast.value) == str(ref.value) and str(fast.value).startswith("options")


@pytest.mark.parametrize("as_json", [False, True])
def test_needs_named_before_resources(beijing, as_json):
    """With both tables unreadable as JSON, match() names the needs, as it did before the
    column path read the resources first (review)."""
    needs, resources = matching.demo_demand(beijing, seed=7, needs=50)
    with pytest.raises(TypeError, match="^needs"):
        beijing.match(needs.assign(colour=b"\xff"), resources.assign(colour=b"\xff"), as_json=as_json)
