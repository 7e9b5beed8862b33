"""Requests handed to the core without JSON text (lists of dicts, DataFrames, dicts of
columns, one dict): every result must equal the JSON path's (the reference: the requests as
_requests / _request make them, written by _json.dumps and parsed by the core), and every
bad input must raise the same exception with the same message as the JSON path."""
import math
import random

import numpy as np
import pandas as pd
import pytest

import hatchnet
from hatchnet import _core, _json, referral

SERVICES = ["office", "training", "venue", "funds", "legal", "mentoring", "registration", "volunteers",
            "international", "accounting", "no-such-service"]
TYPES = ["association", "service_org", "foundation", "community_org"]
STAGES = ["founding", "growing", "mature"]
REGS = ["city", "district", "street"]


@pytest.fixture(scope="module")
def bj():
    net = hatchnet.datasets.beijing()
    return net, referral.Router(net)


def _random_requests(net, n, seed):
    rng = random.Random(seed)
    orgs = list(net.organizations["id"])
    routing = set(referral.default_policy()["routing_tiers"])
    nodes = [i for i, t in zip(net.nodes["id"], net.nodes["tier"]) if t in routing]
    regions = list(net.nodes["region"].dropna().unique())
    sectors = sorted({s for v in net.organizations["sectors"] for s in v})
    out = []
    for i in range(n):
        r = {}
        if rng.random() < 0.5:
            r["id"] = f"q{i}" if rng.random() < 0.8 else i
        if rng.random() < 0.8:
            r["organization"] = rng.choice(orgs)
        else:
            r["type"] = rng.choice(TYPES)
            if rng.random() < 0.7:
                r["stage"] = rng.choice(STAGES)
            if rng.random() < 0.5:
                r["registration"] = rng.choice(REGS)
            r["sectors"] = rng.sample(sectors, rng.choice([1, 2]))
            r["region"] = rng.choice(regions)
            if rng.random() < 0.5:
                r["credit"] = round(rng.uniform(0, 100), 3)
        r["needs"] = rng.sample(SERVICES[:-1], rng.choice([1, 2, 3]))
        if rng.random() < 0.2 or "organization" not in r:
            r["first_contact"] = rng.choice(nodes)
        if rng.random() < 0.3:
            r["urgency"] = rng.choice(["routine", "urgent"])
        if rng.random() < 0.2:
            r["consent"] = rng.choice([["government"], ["social"], ["government", "social"]])
        if rng.random() < 0.2:
            r["exclude"] = rng.sample(nodes, 2)
        if rng.random() < 0.1:
            r["as_of"] = rng.choice(["2024-01-01", "2026-06-30"])
        out.append(r)
    return out


def _json_text(requests):
    return _json.dumps(referral._requests(requests), "requests")


def _outcome(f):
    """What f() gives: ("ok", value) or ("error", exception type, message)."""
    try:
        return ("ok", f())
    except Exception as e:  # noqa: BLE001 - compared as type and text
        return ("error", type(e), str(e))


def _many_json(router, requests):
    return _outcome(lambda: router._core.route_many(_json_text(requests), 1).json())


def _many_new(router, requests):
    return _outcome(lambda: referral._many(router._core, requests, 1, None)._core.json())


def _batch_json(router, requests):
    return _outcome(lambda: router._core.route_batch_set(_json_text(requests)).data())


def _batch_new(router, requests):
    return _outcome(lambda: referral._batch(router._core, requests, None)._core.data())


def _single_json(router, request):
    return _outcome(lambda: router._core.route(_json.dumps(referral._request(request), "request")).json())


def _single_new(router, request):
    return _outcome(lambda: referral._route(router._core, request).json())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_requests_equal_the_json_path(bj, seed):
    net, router = bj
    reqs = _random_requests(net, 400, seed)
    # the direct path is taken (not declined) for these plain values
    assert _core.requests_from_dicts(reqs) is not None
    ref = _many_json(router, reqs)
    assert ref[0] == "ok"
    assert _many_new(router, reqs) == ref
    assert _batch_new(router, reqs) == _batch_json(router, reqs)
    rl = _core.requests_from_dicts(reqs)
    assert len(rl) == len(reqs)
    router._core.route_batch_set(rl)
    assert len(rl) == 0  # the batch took the requests (moved, not copied)
    for q in reqs[:60]:
        assert router._core.route_dict(q) is not None
        assert _single_new(router, q) == _single_json(router, q)


def test_frames_and_columns_equal_the_json_path(bj):
    net, router = bj
    reqs = _random_requests(net, 300, 7)
    df = pd.DataFrame(reqs)  # missing cells are NaN: dropped, as the JSON path drops them
    names = list(df.columns)
    assert _core.requests_from_columns(len(df), names, [df[c].tolist() for c in names]) is not None
    ref = _many_json(router, reqs)
    assert ref[0] == "ok"
    assert _many_json(router, df) == ref
    assert _many_new(router, df) == ref
    cols = {c: df[c].tolist() for c in names}
    assert _many_new(router, cols) == ref
    assert _batch_new(router, df) == _batch_json(router, reqs)
    # comma-separated needs, as a CSV gives them
    df2 = df.copy()
    df2["needs"] = [", ".join(v) + " ," for v in df["needs"]]
    assert _many_new(router, df2) == ref
    # the Beijing bench's requests
    ids = list(net.organizations["id"])
    bench = [{"organization": ids[(k * 31) % len(ids)], "needs": [SERVICES[k % 10]]} for k in range(500)]
    assert _many_new(router, bench) == _many_json(router, bench)
    assert _many_new(router, pd.DataFrame(bench)) == _many_json(router, bench)


def test_the_direct_path_is_taken_for_frames_of_plain_columns(bj):
    net, router = bj
    df = pd.DataFrame({"organization": ["so-00001", "so-00002"], "needs": ["office", "training,legal"],
                       "credit": [50.0, np.nan], "id": [1, 2], "urgency": ["urgent", None]})
    rl = referral._request_list(df)
    assert rl is not None and len(rl) == 2
    assert _many_new(router, df) == _many_json(router, df)


NAN = float("nan")


def _hostile(org):
    """Requests the JSON path refuses or reads in a particular way, one bad thing each."""
    ok = {"organization": org, "needs": ["office"]}
    return [
        [dict(ok, needs=[None])],
        [dict(ok, needs=None)],
        [dict(ok, needs=[])],
        [dict(ok, needs=5)],
        [dict(ok, needs=[5])],
        [dict(ok, needs=[NAN])],
        [dict(ok, needs="")],
        [dict(ok, needs=" , ,")],
        [{"organization": org}],
        [dict(ok, credit=NAN)],
        [dict(ok, credit=math.inf)],
        [dict(ok, credit=-math.inf)],
        [dict(ok, credit=101)],
        [dict(ok, credit=-0.0)],
        [dict(ok, credit="50")],
        [dict(ok, credit=True)],
        [dict(ok, organization=5)],
        [dict(ok, organization=None)],
        [dict(ok, organization="no-such-org")],
        [dict(ok, organization=["so-00001"])],
        [dict(ok, organization={"a": 1})],
        [dict(ok, organization=b"so-00001")],
        [dict(ok, organization=("so-00001",))],
        [dict(ok, organization="so-\ud800")],
        [dict(ok, organization="nul\x00byte")],
        [dict(ok, needs=["off\udfffice"])],
        [dict(ok, needs="off\udfffice")],
        [{"organization": org, "needs": ["office"], "\ud800": 1}],
        [{"organization": org, "needs": ["office"], 5: "x"}],
        [{"organization": org, "needs": ["office"], b"id": "x"}],
        [{"organization": org, "needs": ["office"], None: "x"}],
        [dict(ok, id=5)],
        [dict(ok, id=-5)],
        [dict(ok, id=2**63 - 1)],
        [dict(ok, id=2**63)],
        [dict(ok, id=2**64 - 1)],
        [dict(ok, id=2**64)],
        [dict(ok, id=2**70)],
        [dict(ok, id=-2**63)],
        [dict(ok, id=-2**63 - 1)],
        [dict(ok, id=True)],
        [dict(ok, id=1.0)],
        [dict(ok, id=np.int64(7))],
        [dict(ok, id=np.float64(NAN))],
        [dict(ok, needs=np.array(["office"]))],
        [dict(ok, needs=("office", "legal"))],
        [dict(ok, needs={"office", "legal"})],
        [dict(ok, urgency=3)],
        [dict(ok, urgency="soon")],
        [dict(ok, consent=["x"])],
        [dict(ok, consent=[])],
        [dict(ok, consent="government,social")],
        [dict(ok, type="robot")],
        [dict(ok, colour="red")],
        [dict(ok, first_contact="nowhere")],
        [dict(ok, as_of="not-a-date")],
        [ok, 5],
        [ok, None],
        [ok, "office"],
        [ok, [ok]],
        [dict(ok, urgency="soon"), dict(ok, id=b"x")],   # first error in the core, a later one in Python
        [dict(ok, urgency="soon"), dict(ok, id=2**70)],  # ... a later row the direct path declines
        [dict(ok, urgency="soon"), dict(ok, type="robot")],
        [dict(ok, id="dup"), dict(ok, id="dup")],
        [dict(ok, id=(1, 2))],
        [],
    ]


def test_hostile_lists_fail_as_the_json_path(bj):
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    for reqs in _hostile(org):
        ref = _many_json(router, reqs)
        assert _many_new(router, reqs) == ref, reqs
        assert _batch_new(router, reqs) == _batch_json(router, reqs), reqs
        if len(reqs) == 1:
            assert _single_new(router, reqs[0]) == _single_json(router, reqs[0]), reqs[0]


def test_hostile_errors_name_the_record_and_field(bj):
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    with pytest.raises(ValueError, match=r"requests\[1\].*urgency"):
        router.refer_many([{"organization": org, "needs": ["office"]},
                           {"organization": org, "needs": ["office"], "urgency": "soon"}])
    with pytest.raises(ValueError, match=r"requests\[0\].*needs\[0\]"):
        router.refer_batch([{"organization": org, "needs": [None]}])
    with pytest.raises(ValueError, match=r"request.*organization"):
        router.refer({"organization": 5, "needs": ["office"]})


def test_hostile_frames_fail_as_the_json_path(bj):
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    n = 3
    base = {"organization": [org] * n, "needs": [["office"]] * n}
    frames = [
        pd.DataFrame(),
        pd.DataFrame(index=range(3)),
        pd.DataFrame({"organization": pd.Series([], dtype=object), "needs": pd.Series([], dtype=object)}),
        pd.DataFrame(dict(base, credit=[1.0, NAN, math.inf])),
        pd.DataFrame(dict(base, credit=pd.array([1, None, 3], dtype="Int64"))),
        pd.DataFrame(dict(base, id=np.array([1, 2, 2**63], dtype=np.uint64))),
        pd.DataFrame(dict(base, id=[1, 2, 3])),
        pd.DataFrame(dict(base, id=[1.0, 2.0, 3.5])),
        pd.DataFrame(dict(base, id=["a", None, "c"])),
        pd.DataFrame(dict(base, id=pd.array(["a", None, "c"], dtype="string"))),
        pd.DataFrame(dict(base, id=pd.Categorical(["a", "b", "a"]))),
        pd.DataFrame(dict(base, id=pd.to_datetime(["2024-01-01"] * 3))),
        pd.DataFrame(dict(base, id=[True, False, True])),
        pd.DataFrame(dict(base, id=[b"a", b"b", b"c"])),
        pd.DataFrame(dict(base, id=["a", "\ud800", "c"])),
        pd.DataFrame(dict(base, needs=["office", None, "legal,funds"])),
        pd.DataFrame(dict(base, needs=[["office"], [None], ["legal"]])),
        pd.DataFrame(dict(base, needs=[("office",), ("legal",), ("funds",)])),
        pd.DataFrame(dict(base, urgency=["routine", "soon", "urgent"])),
        pd.DataFrame(dict(base, colour=["r", "g", "b"])),
        pd.DataFrame(dict(base, id=["dup", "dup", "x"])),
        pd.DataFrame(dict(base, organization=[org, 5, org])),
        pd.DataFrame([[org, ["office"], org]], columns=["organization", "needs", "organization"]),
        pd.DataFrame({0: [org], 1: [["office"]]}),
        pd.DataFrame(dict(base, **{"\ud800": ["a", "b", "c"]})),
    ]
    for df in frames:
        ref = _many_json(router, df)
        assert _many_new(router, df) == ref, df
        assert _batch_new(router, df) == _batch_json(router, df), df
    # a dict of columns of unequal lengths: pandas refuses it, on both paths
    bad = {"organization": [org, org], "needs": [["office"]]}
    assert _many_new(router, bad) == _many_json(router, bad)
    assert _many_new(router, bad)[0] == "error"


def test_limits_are_checked_as_on_the_json_path(bj):
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    reqs = [{"organization": org, "needs": ["office", "legal"]} for _ in range(50)]
    old = hatchnet.get_limits()
    try:
        for lim in ({"max_json_depth": 2}, {"max_elements": 20}, {"max_input_bytes": 500}):
            hatchnet.set_limits(**lim)
            ref = _many_json(router, reqs)
            assert ref[0] == "error"
            assert _many_new(router, reqs) == ref
            assert _single_new(router, reqs[0]) == _single_json(router, reqs[0])
    finally:
        hatchnet.set_limits(**old)


def test_explanation_arrays_outlive_their_result_and_copy_equal(bj):
    """The explanation's arrays view rows owned by the arrays themselves (not by the result):
    they stay valid and unchanged after the result and every other reference is gone."""
    import gc

    net, router = bj
    reqs = _random_requests(net, 40, 11)
    kept = []
    for q in reqs:
        r = router.refer(q)
        e = r.explanation
        ref = referral._explanation_of(r.data)  # from the dict, independent of the arrays
        kept.append((e.candidates, e.excluded, e.route, [a.copy() for a in (e.candidates, e.excluded, e.route)]))
        for a, b in ((e.candidates, ref.candidates), (e.excluded, ref.excluded), (e.route, ref.route)):
            assert len(a) == len(b)
        assert e.nodes(e.candidates["node"]) == [ref.node_ids[i] for i in ref.candidates["node"]]
        assert list(e.excluded["reasons"]) == list(ref.excluded["reasons"])
        del r, e
    gc.collect()
    router.refer(reqs[0]).explanation  # new allocations that would reuse freed memory
    for c, x, h, copies in kept:
        for a, b in zip((c, x, h), copies):
            for f in a.dtype.names:  # field by field: a copy need not keep the padding bytes
                assert a[f].tobytes() == b[f].tobytes()
    # no candidates and no route: empty arrays with the documented fields
    r = router.refer({"organization": "so-02817", "needs": ["international", "training"],
                      "first_contact": "street-110119109", "consent": ["social"]})
    assert r.status == "no_candidate"
    e = r.explanation
    assert len(e.candidates) == 0 and e.candidates.dtype.names[:4] == ("node", "rank", "hops", "score")
    assert len(e.route) == len(r.data["route"])


def test_set_tables_categories_are_the_vocabularies(bj):
    """The Categoricals of a ReferralSet's tables (made from cached dtypes, codes unvalidated)
    have the vocabularies as categories, and every code names what the per-request result says."""
    net, router = bj
    reqs = _random_requests(net, 120, 5)
    s1 = router.refer_many(reqs, threads=1)
    s2 = router.refer_many(reqs, threads=2)
    for t in ("decisions", "candidates", "excluded", "route"):
        pd.testing.assert_frame_equal(getattr(s1, t), getattr(s2, t))
    ids = list(net.nodes["id"])
    d, c, x, r = s1.decisions, s1.candidates, s1.excluded, s1.route
    assert list(d["status"].cat.categories) == list(referral._ROUTE_STATUSES)
    assert list(c["tier"].cat.categories) == list(referral._TIERS)
    assert list(x["tier"].cat.categories) == list(referral._TIERS)
    assert list(r["move"].cat.categories) == list(referral.MOVES)
    assert list(r["relation"].cat.categories) == list(referral._RELATIONS)
    assert sorted(x["node"].cat.categories) == sorted(ids)
    tiers = dict(zip(net.nodes["id"], net.nodes["tier"]))
    for i in (0, 7, 60, 119):
        one = router.refer(reqs[i]).data
        assert d["status"].iloc[i] == one["status"]
        assert (d["chosen"].iloc[i] if isinstance(d["chosen"].iloc[i], str) else None) == one["chosen"]
        xi = x[x["request"] == i]
        assert list(xi["node"].astype(object)) == [e["node"] for e in one["excluded"]]
        assert list(xi["tier"].astype(object)) == [tiers[e["node"]] for e in one["excluded"]]
        assert list(xi["reasons"].astype(object)) == ["|".join(e["reasons"]) for e in one["excluded"]]
        ri = r[r["request"] == i]
        assert list(ri["move"].astype(object)) == [h["move"] for h in one["route"]]
        assert list(ri["relation"].astype(object)) == [h["relation"] for h in one["route"]]
        ci = c[c["request"] == i]
        assert list(ci["region"].astype(object)) == [k["region"] for k in one["candidates"]]


def test_value_limit_boundary_is_the_json_paths(bj):
    """n requests {"organization", "needs": [one]} hold 4n + 1 JSON values as the core counts
    them (1, the outer array, per request an object, a comma and an array, n - 1 commas): with
    max_elements n (4n allowed) the JSON path refuses them, and the direct path must too; with
    one more request allowed both read them."""
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    n = 10
    reqs = [{"organization": org, "needs": ["office"]} for _ in range(n)]
    old = hatchnet.get_limits()
    try:
        hatchnet.set_limits(max_elements=n)
        ref = _many_json(router, reqs)
        assert ref[0] == "error" and "limit" in ref[2]
        assert _many_new(router, reqs) == ref
        hatchnet.set_limits(max_elements=n + 1)
        assert _many_json(router, reqs)[0] == "ok"
        assert _many_new(router, reqs) == _many_json(router, reqs)
    finally:
        hatchnet.set_limits(**old)
