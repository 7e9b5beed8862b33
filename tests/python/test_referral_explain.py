"""One referral's explanation read from Python without JSON: ReferralResult.data (built in
C++ from the result) against the JSON text of the C ABI, parsed by Python's json (the
reference), and ReferralResult.explanation (numpy structured arrays) against the same JSON."""
import json
import pickle

import numpy as np
import pytest

import hatchnet
from hatchnet import referral

NEEDS = [["office"], ["training"], ["venue", "funds"], ["legal"], ["mentoring"], ["registration"],
         ["funds"], ["volunteers"], ["office", "training"], ["international"], ["accounting", "legal"]]

CONTRACTED = {
    "format": "hatchnet-network", "version": 1,
    "regions": [{"code": "11"}, {"code": "110101"}, {"code": "110102"}, {"code": "110103"}],
    "nodes": [
        {"id": "d1", "tier": "district", "region": "110101", "services": ["office"], "capacity": 5},
        {"id": "d2", "tier": "district", "region": "110102", "services": ["legal", "venue"], "capacity": 5,
         "capacity_updated": "2024-03-01"},
        {"id": "d3", "tier": "district", "region": "110103", "services": ["venue"], "capacity": 5},
    ],
    "organizations": [{"id": "o1", "type": "service_org", "region": "110101", "home": "d1", "credit": 80}],
    "contracts": [{"id": "K1", "parties": ["d1", "d2"], "scope": ["legal"], "start": "2024-01-01",
                   "end": "2025-12-31", "terms": "legal referrals"}],
}


def beijing_requests(net, n):
    ids = list(net.organizations["id"])
    return [{"organization": ids[(k * 31) % len(ids)], "needs": NEEDS[k % len(NEEDS)], "id": f"r{k}",
             "urgency": "urgent" if k % 3 == 0 else "routine"} for k in range(n)]


def contracted_requests():
    base = {"type": "service_org", "first_contact": "d1"}
    return [dict(base, needs=needs, as_of=as_of)
            for needs in (["legal"], ["venue", "legal"], ["venue"], ["office"], ["accounting"])
            for as_of in ("2023-06-01", "2025-06-01", "2026-01-01")]


def reference(router, request):
    """The JSON text path: what Router.refer returns, parsed by Python's json."""
    return json.loads(router._core.refer(json.dumps(request)))


def check_explanation(e, d):
    """Every field of the structured arrays against the result's dict."""
    ids = e.node_ids
    assert len(e.candidates) == len(d["candidates"])
    for row, c in zip(e.candidates, d["candidates"]):
        assert ids[row["node"]] == c["node"] and row["rank"] == c["rank"] and row["hops"] == c["hops"]
        assert row["score"] == c["score"]
        for f in referral.FACTORS:
            assert row["f_" + f] == c["factors"][f] and row["w_" + f] == c["contributions"][f]
    assert len(e.excluded) == len(d["excluded"])
    for row, x in zip(e.excluded, d["excluded"]):
        assert ids[row["node"]] == x["node"] and row["hops"] == x["hops"] and row["distance"] == x["distance"]
        assert e.reasons(row["reasons"]) == x["reasons"]
        want = x.get("contract")
        assert (row["contract"] == -1) if want is None else (e.contract_ids[row["contract"]] == want)
    assert len(e.route) == len(d["route"])
    for k, (row, h) in enumerate(zip(e.route, d["route"])):
        assert row["step"] == k and ids[row["from"]] == h["from"] and ids[row["to"]] == h["to"]
        assert referral.MOVES[row["move"]] == h["move"]
        assert hatchnet._core.RELATIONS[row["relation"]] == h["relation"]
        assert (row["edge"] == -1) if h["edge"] is None else (row["edge"] == h["edge"])
        want = h.get("contract")
        assert (row["contract"] == -1) if want is None else (e.contract_ids[row["contract"]] == want)
        assert e.reasons(row["because"]) == h["because"]
    assert e.nodes(e.candidates["node"]) == [c["node"] for c in d["candidates"]]


def test_data_is_the_json_of_the_c_abi(beijing):
    router = referral.Router(beijing)
    seen = set()
    for q in beijing_requests(beijing, 600):
        r = router.refer(q)
        d = r.data
        ref = reference(router, q)
        assert d == ref
        assert list(d) == list(ref)  # the same keys in the same order
        for part in ("candidates", "excluded", "route"):
            assert [list(x) for x in d[part]] == [list(x) for x in ref[part]]
        seen.add(r.status)
    assert "routed" in seen


def test_data_with_contracts_waitlist_and_capacity_dates():
    net = hatchnet.Network.loads(json.dumps(CONTRACTED))
    router = referral.Router(net)
    issues = set()
    for q in contracted_requests():
        d = router.refer(q).data
        ref = reference(router, q)
        assert d == ref and list(d) == list(ref)
        assert [list(c) for c in d["contracts"]] == [list(c) for c in ref["contracts"]]
        issues |= {c["issue"] for c in d["contracts"]}
    assert issues == {"out_of_scope", "not_yet_in_force", "expired"}
    # every node full: waitlisted, with the waitlist dict
    full = dict(CONTRACTED, nodes=[dict(n, occupied=n["capacity"]) for n in CONTRACTED["nodes"]])
    router = referral.Router(hatchnet.Network.loads(json.dumps(full)))
    q = {"type": "service_org", "first_contact": "d1", "needs": ["office"]}
    d = router.refer(q).data
    assert d["status"] == "waitlisted" and d["waitlist"]["position"] == 1
    assert d == reference(router, q)


@pytest.mark.parametrize("which", ["beijing", "contracted"])
def test_explanation_arrays_match_the_json(which, beijing):
    net = beijing if which == "beijing" else hatchnet.Network.loads(json.dumps(CONTRACTED))
    requests = beijing_requests(net, 120) if which == "beijing" else contracted_requests()
    router = referral.Router(net)
    contract_in_the_way = False
    for q in requests:
        r = router.refer(q)
        e = r.explanation
        assert r.explanation is e  # made once
        ref = reference(router, q)
        check_explanation(e, ref)
        # an unpickled result has no C++ result: its explanation is built from the dict
        back = pickle.loads(pickle.dumps(r))
        e2 = back.explanation
        check_explanation(e2, ref)
        for name in ("candidates", "excluded", "route"):
            a, b = getattr(e, name), getattr(e2, name)
            assert a.dtype.names == b.dtype.names
        contract_in_the_way |= bool((e.excluded["contract"] >= 0).any())
    assert contract_in_the_way == (which == "contracted")


def test_fast_request_path_matches_the_general_one():
    cases = [
        {"organization": "so-1", "needs": ["office", "legal"]},
        {"organization": "so-1", "needs": "office, legal ,", "urgency": "urgent"},
        {"organization": "so-1", "needs": ["office"], "credit": 80, "consent": "social", "x": None,
         "score": float("nan"), "flag": True, "w": 1.5},
        {"organization": "so-1", "needs": ("office",)},            # a tuple: the general path
        {"organization": "so-1", "needs": ["office"], "credit": np.int64(3)},
        {1: "a"},
    ]
    for c in cases:
        fast = referral._plain_request(c)
        general = hatchnet._util.records([c], "request")[0]
        for k in referral._LIST_FIELDS:
            if isinstance(general.get(k), str):
                general[k] = [s.strip() for s in general[k].split(",") if s.strip()]
        assert referral._request(c) == general
        if fast is not None:
            assert fast == general
