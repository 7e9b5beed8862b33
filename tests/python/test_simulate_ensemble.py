"""Ensembles on a dask LocalCluster of worker processes: the network and the stores cross
process boundaries by pickling, and every run equals the same run made in this process."""
import pickle

import pytest

import hatchnet

distributed = pytest.importorskip("distributed")
from hatchnet.simulation import ensemble  # noqa: E402


@pytest.fixture
def small(small_path):
    return hatchnet.Network.load(small_path)


def test_an_ensemble_of_seeds_equals_the_runs_made_here(tmp_path, small):
    assert pickle.loads(pickle.dumps(small)).nodes.equals(small.nodes)
    runs = ensemble(small, tmp_path / "runs", seeds=[1, 2, 1], years=(2020, 2021), evaluate=False)
    assert list(runs["seed"]) == [1, 2, 1]
    for i, row in runs.iterrows():
        here = hatchnet.Store(tmp_path / f"here-{i}.db")
        s = small.simulate(here, years=(2020, 2021), seed=int(row["seed"]), evaluate=False)
        theirs = hatchnet.Store(row["path"])
        assert theirs.export_json() == here.export_json()
        assert row["arrivals"] == s["arrivals"] and row["referrals"] == s["referrals"]
    a, b, c = (hatchnet.Store(p).export_json() for p in runs["path"])
    assert a == c and a != b


def test_an_ensemble_of_plans_and_bad_options(tmp_path, small):
    with distributed.Client(processes=False, dashboard_address=None) as client:
        runs = ensemble(small, tmp_path / "plans", runs=[{"growth": "plan"}, {"growth": "fixed"}],
                        client=client, years=(2020, 2021), seed=3, evaluate=False)
    assert list(runs["growth"]) == ["plan", "fixed"]
    assert runs.loc[1, "plan_openings"] == 0
    with pytest.raises(ValueError, match="unknown option 'seeds'"):
        ensemble(small, tmp_path / "x", runs=[{"seeds": 1}])
    with pytest.raises(ValueError, match="exists"):
        ensemble(small, tmp_path / "plans", seeds=[1])
    with pytest.raises(ValueError, match="seeds or runs"):
        ensemble(small, tmp_path / "y")
