"""refer_batch reads its result as columns from the C++ batch (ReferralBatch); the reference
is the JSON of the C ABI (ReferralBatch.data(), what BatchResult held before): the same
assignments table (values and dtypes), counts, placements, and the same pickled state."""
import json
import pickle

import pandas as pd

import hatchnet
from hatchnet import referral

NEEDS = [["office"], ["training"], ["venue", "funds"], ["legal"], ["mentoring"], ["registration"],
         ["funds"], ["volunteers"], ["office", "training"], ["international"], ["accounting", "legal"]]


def check(result):
    assert result._core is not None
    ref = referral.BatchResult(result._core.data())  # the JSON path
    pd.testing.assert_frame_equal(result.assignments, ref.assignments, check_exact=True)
    for k in ("routed", "waitlisted", "unroutable", "total_score", "objective", "placed"):
        assert getattr(result, k) == getattr(ref, k), k
    assert result.data == ref.data
    back = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(back.assignments, ref.assignments, check_exact=True)
    assert repr(back) == repr(result)
    return ref


def test_beijing_batch(beijing):
    ids = list(beijing.organizations["id"])
    reqs = [{"organization": ids[(k * 37) % len(ids)], "needs": NEEDS[k % len(NEEDS)],
             **({"id": f"q{k}"} if k % 4 else {}), **({"urgency": "urgent"} if k % 7 == 0 else {})}
            for k in range(3000)]
    r = beijing.refer_batch(reqs)
    ref = check(r)
    statuses = set(r.assignments["status"])
    assert "routed" in statuses and len(statuses) >= 2
    assert r.assignments["request"].isna().sum() == sum(1 for q in reqs if "id" not in q)
    assert ref.routed + ref.waitlisted + ref.unroutable == len(reqs)


def test_small_batch_waitlisted_and_empty(small_path):
    net = hatchnet.Network.load(small_path)
    reqs = [{"organization": "so-2", "needs": ["office"], "first_contact": "s-east-2", "id": f"r{k}"}
            for k in range(40)]
    r = net.refer_batch(reqs)
    check(r)
    assert r.waitlisted > 0
    empty = net.refer_batch([])
    check(empty)
    assert len(empty.assignments) == 0 and list(empty.assignments.columns)[0] == "index"
    assert json.loads(json.dumps(empty.data))["assignments"] == []
