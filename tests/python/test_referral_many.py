"""refer_many: the bulk form of refer. Every table must equal what refer() gives request by
request (the reference), whatever the thread count; errors name the request."""
import pickle
import random

import numpy as np
import pandas as pd
import pytest

import hatchnet
from hatchnet import referral

NEEDS = ["venue", "office", "training", "funds", "mentoring", "legal"]
FIRST = [None, "d-east", "d-west", "s-east-1", "s-east-2", "s-west-1", "soc-1", "cc"]


@pytest.fixture
def net(small_path):
    return hatchnet.Network.load(small_path)


def _requests(net, n, seed=3):
    rng = random.Random(seed)
    orgs = list(net.organizations.index)
    out = []
    for i in range(n):
        r = {"id": f"q{i}", "organization": rng.choice(orgs), "needs": rng.sample(NEEDS, rng.choice([1, 2]))}
        fc = rng.choice(FIRST)
        if fc:
            r["first_contact"] = fc
        if rng.random() < 0.25:
            r["urgency"] = "urgent"
        out.append(r)
    return out


def _plain(df):
    """Categoricals as plain values, so that tables compare by content."""
    return pd.DataFrame({c: (df[c].astype(object) if isinstance(df[c].dtype, pd.CategoricalDtype) else df[c])
                         for c in df.columns}).reset_index(drop=True)


def test_every_table_equals_refer_request_by_request(net):
    reqs = _requests(net, 120)
    s = net.refer_many(reqs)
    assert len(s) == len(reqs)
    d = s.decisions
    for i, q in enumerate(reqs):
        one = net.refer(q)
        row = d.iloc[i]
        assert row["id"] == q["id"]
        assert row["status"] == one.status
        assert row["first_contact"] == one.first_contact
        assert (None if pd.isna(row["chosen"]) else row["chosen"]) == one.chosen
        assert (row["score"] == one.score) if one.score is not None else np.isnan(row["score"])
        w = one.waitlist
        assert (None if pd.isna(row["waitlist_node"]) else row["waitlist_node"]) == (w and w["node"])
        # the long tables, cut at request i, equal refer()'s tables
        c = _plain(s.candidates[s.candidates.request == i].drop(columns="request"))
        pd.testing.assert_frame_equal(c, _plain(one.candidates), check_dtype=False)
        e = s.excluded[s.excluded.request == i]
        assert e["node"].astype(object).tolist() == one.excluded["node"].tolist()
        assert e["tier"].astype(object).tolist() == one.excluded["tier"].tolist()
        assert e["hops"].tolist() == one.excluded["hops"].tolist()
        assert e["distance"].tolist() == one.excluded["distance"].tolist()
        assert [x.split("|") for x in e["reasons"].astype(object)] == one.excluded["reasons"].tolist()
        r = s.route[s.route.request == i]
        assert r["step"].tolist() == list(range(len(one.route)))
        for col in ("from", "to", "move", "relation", "edge"):
            assert r[col].astype(object).tolist() == one.route[col].tolist(), col
        assert [x.split("|") for x in r["because"].astype(object)] == one.route["because"].tolist()
        # s[i] is the full result
        assert s[i].to_dict() == one.to_dict()
    assert d["candidates"].sum() == len(s.candidates)
    assert d["excluded"].sum() == len(s.excluded)


def test_threads_do_not_change_the_result(net):
    reqs = _requests(net, 700, seed=9)  # several chunks of 256
    one = net.refer_many(reqs, threads=1)
    two = net.refer_many(reqs, threads=2)
    for name in ("decisions", "candidates", "excluded", "route"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    assert one.to_list() == two.to_list()


def test_router_method_dataframe_input_and_empty(net):
    reqs = _requests(net, 20)
    frame = pd.DataFrame(reqs)
    a = referral.Router(net).refer_many(frame)
    b = net.refer_many(reqs)
    pd.testing.assert_frame_equal(a.candidates, b.candidates)
    e = net.refer_many([])
    assert len(e) == 0 and len(e.decisions) == 0 and len(e.excluded) == 0
    assert "request" in e.candidates.columns and "reasons" in e.excluded.columns


def test_errors_name_the_request(net):
    reqs = _requests(net, 600)
    reqs[450]["organization"] = "nobody"
    reqs[20]["needs"] = []
    with pytest.raises(ValueError, match=r"requests\[20\]"):
        net.refer_many(reqs, threads=2)
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="threads"):
            net.refer_many(reqs[:3], threads=bad)


def test_progress_and_interrupt(net):
    reqs = _requests(net, 600)
    seen = []
    net.refer_many(reqs, progress=lambda p: seen.append(p.done) or True)
    assert seen and seen[-1] == 600 and seen == sorted(seen)
    with pytest.raises(hatchnet.Interrupted):
        net.refer_many(reqs, progress=lambda p: False)


def test_pickle_keeps_tables_and_results(net):
    s = net.refer_many(_requests(net, 30))
    t = pickle.loads(pickle.dumps(s))
    for name in ("decisions", "candidates", "excluded", "route"):
        pd.testing.assert_frame_equal(getattr(s, name), getattr(t, name))
    assert len(t) == 30 and t[7].to_dict() == s[7].to_dict()
    assert "30 referrals" in repr(t)


def test_beijing_population_matches_refer(beijing):
    orgs = beijing.organizations.index[::997][:60]
    reqs = [{"organization": o, "needs": ["venue"]} for o in orgs]
    s = beijing.refer_many(reqs)
    for i in (0, 17, 59):
        one = beijing.refer(reqs[i])
        assert s.decisions.iloc[i]["chosen"] == one.chosen
        assert (s.excluded.request == i).sum() == len(one.excluded)
