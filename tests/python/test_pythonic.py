"""The package as a pandas / networkx / scikit-learn user expects it (issue #12, item 1):
pickling (also through a process pool), labels kept, cached tables, short reprs, the usual
exception types, progress callbacks, Ctrl-C, no import cycles, and mypy catching bad calls."""
import concurrent.futures
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pandas as pd
import pytest

import hatchnet
from hatchnet import coverage as cov
from hatchnet import evaluate as ev
from hatchnet import matching as M
from hatchnet import referral

MODULES = ["hatchnet", "hatchnet.network", "hatchnet.matching", "hatchnet.referral", "hatchnet.evaluate",
           "hatchnet.coverage", "hatchnet.datasets", "hatchnet._progress", "hatchnet._util", "hatchnet._json"]


@pytest.fixture
def small(small_path):
    return hatchnet.Network.load(small_path)


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


# ---------------------------------------------------------------------------- imports
@pytest.mark.parametrize("module", MODULES)
def test_each_submodule_imports_alone(module):
    """No import cycle: every module imports first, alone, in a fresh interpreter."""
    r = subprocess.run([sys.executable, "-c", f"import {module}"], env=_env(), capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr


def test_vocabularies_come_from_the_core():
    from hatchnet import _core

    assert hatchnet.TIERS == tuple(_core.TIERS) and "street" in hatchnet.TIERS
    assert referral.REASONS == tuple(_core.REFERRAL_REASONS) and "no_capacity" in referral.REASONS
    assert referral.FACTORS == tuple(_core.REFERRAL_FACTORS)
    assert referral.STATUSES[0] == "requested"
    assert "exhausted" in M.UNSERVED_REASONS and "none" not in M.UNSERVED_REASONS


# ---------------------------------------------------------------------------- tables
def test_tables_are_cached_copies_indexed_by_id(small):
    nodes = small.nodes
    assert list(nodes.index) == list(nodes["id"])
    assert nodes.loc["d-east", "capacity"] == 30
    orgs = small.organizations
    assert list(orgs.index) == list(orgs["id"])
    assert list(small.regions.index) == list(small.regions["code"])
    assert set(small._cache) >= {"nodes", "organizations", "regions"}
    nodes.loc["d-east", "capacity"] = -1           # a copy: the network is immutable
    nodes["extra"] = 1
    again = small.nodes
    assert again.loc["d-east", "capacity"] == 30 and "extra" not in again.columns
    # grouping and merging by the id column still work (the index is unnamed)
    assert small.nodes.groupby("id").size().max() == 1
    assert small.nodes.set_index("id").loc["cc", "tier"] == "city_center"


def test_results_keep_labels():
    rng = np.random.default_rng(1)
    m = pd.DataFrame(rng.random((6, 3)) + 0.1, index=[f"u{i}" for i in range(6)], columns=["a", "b", "c"])
    w = pd.Series({"c": 0.2, "a": 0.5, "b": 0.3})        # aligned to the columns by name
    s = ev.topsis(m, w, [1, -1, 1])
    assert isinstance(s, pd.Series) and list(s.index) == list(m.index)
    np.testing.assert_allclose(s.to_numpy(), ev.topsis(m.to_numpy(), [0.5, 0.3, 0.2], [1, -1, 1]))
    assert isinstance(ev.topsis(m.to_numpy(), [0.5, 0.3, 0.2], [1, -1, 1]), np.ndarray)
    mc = ev.monte_carlo_ranks(m, w, [1, -1, 1], draws=50)
    assert list(mc.index) == list(m.index)
    assert list(ev.entropy_weights(m).index) == ["a", "b", "c"]
    assert list(ev.vikor(m, w).index) == list(m.index)
    assert list(ev.normalise(m).columns) == ["a", "b", "c"]
    r = ev.rank(s)
    assert isinstance(r, pd.Series) and r.idxmin() == s.idxmax()
    with pytest.raises(ValueError, match="weights"):
        ev.topsis(m, pd.Series({"a": 0.5, "b": 0.5}))


def test_engine_results_indexed_by_ids(small):
    c = small.coverage()
    assert list(c.index) == list(c["code"])
    b = small.balance()
    assert list(b.districts.index) == list(b.districts["code"])
    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    res = small.evaluate("incubator", rat, indicators=ind, draws=0)
    assert list(res.scores.index) == list(res.scores["id"])
    assert res.scores.loc["d-east", "id"] == "d-east"
    r = small.refer({"organization": "so-2", "needs": ["office"], "first_contact": "s-east-2"})
    assert list(r.candidates.index) == list(r.candidates["node"])
    needs, resources = M.demo_demand(small, seed=3, needs=40)
    mr = small.match(needs, resources)
    assert list(mr.unserved.index) == list(mr.unserved["need"])


# ---------------------------------------------------------------------------- pickling
def _roundtrip(x):
    return pickle.loads(pickle.dumps(x))


def test_everything_pickles(small):
    net2 = _roundtrip(small)
    assert net2.dumps() == small.dumps()
    needs, resources = M.demo_demand(small, seed=3, needs=40)
    m = M.Matcher(small, needs, resources)
    first = m.run()
    m.set_quantity(needs["id"][0], 0)
    m2 = _roundtrip(m)
    assert m2.run().summary == m.run().summary
    assert _roundtrip(first).summary == first.summary
    pd.testing.assert_frame_equal(_roundtrip(first).assignments, first.assignments)

    f = M.MinCostFlow(3)
    f.add_arcs([0, 1], [1, 2], [4, 4], [2, 1])
    f.set_supplies([3, 0, -3])
    f.warm_start = True
    r = f.run()
    f2 = _roundtrip(f)
    assert f2.run().cost == r.cost == 9 and f2.warm_start
    g = M.MinCostFlow(2)
    g.add_arcs([0], [1], [3], [0])
    g.set_supplies([3, -3])
    g.set_costs([0.25])
    assert _roundtrip(g).run().cost == g.run().cost == 0.75
    fr = _roundtrip(r)
    assert fr.cost == 9 and fr.status == "optimal" and (fr.flow == r.flow).all()
    assert _roundtrip(M.stable_match([[0]], [[0]], [1])).pairs == [(0, 0)]

    router = referral.Router(small, {"max_hops": 2})
    req = {"organization": "so-1", "needs": ["office"]}
    assert _roundtrip(router).refer(req).to_dict() == router.refer(req).to_dict()
    assert _roundtrip(router).policy == router.policy
    rr = small.refer(req)
    assert _roundtrip(rr).to_dict() == rr.to_dict()
    batch = small.refer_batch([req, {"organization": "so-2", "needs": ["venue"]}])
    b2 = _roundtrip(batch)
    assert b2.routed == batch.routed and b2.assignments.equals(batch.assignments)
    led = referral.Ledger(small)
    led.open("d-east", at="2024-01-01", organization="so-1")
    assert _roundtrip(led).dumps() == led.dumps()

    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    res = small.evaluate("incubator", rat, indicators=ind, draws=20, seed=1)
    res2 = _roundtrip(res)
    pd.testing.assert_frame_equal(res2.scores, res.scores)
    assert res2.disclosure("d-east") == res.disclosure("d-east")      # the engine is rebuilt
    assert _roundtrip(res.scheme).id == res.scheme.id

    plan = small.plan(k=1, scenario=True)
    p2 = _roundtrip(plan)
    assert p2.summary == plan.summary and p2.picks.equals(plan.picks)
    assert isinstance(p2.scenario, cov.Scenario) and p2.scenario["added"] == plan.scenario["added"]
    bal = _roundtrip(small.balance())
    pd.testing.assert_series_equal(pd.Series(bal.figures()), pd.Series(small.balance().figures()))
    c = small.coverage()
    pd.testing.assert_frame_equal(_roundtrip(c), c)


def _plan_summary(net, k):
    return net.plan(k=k, objective="coverage").summary


def _match_served(matcher):
    return matcher.run().summary["served"]


def _evaluation_grades(evaluation):
    return evaluation.scores["grade"].to_dict()


def test_process_pool(small):
    """Engines and results cross process boundaries (spawned workers unpickle them)."""
    needs, resources = M.demo_demand(small, seed=3, needs=40)
    m = M.Matcher(small, needs, resources)
    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    res = small.evaluate("incubator", rat, indicators=ind, draws=0)
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        plans = list(pool.map(_plan_summary, [small, small], [1, 2]))
        served = pool.submit(_match_served, m).result()
        grades = pool.submit(_evaluation_grades, res).result()
    assert plans == [_plan_summary(small, 1), _plan_summary(small, 2)]
    assert served == m.run().summary["served"]
    assert grades == res.scores["grade"].to_dict()


# ---------------------------------------------------------------------------- reprs
def test_reprs_are_short(small):
    needs, resources = M.demo_demand(small, seed=3, needs=40)
    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    led = referral.Ledger(small)
    plan = small.plan(k=2, demand={"seed": 1, "requests": 50, "needs": 50})
    f = M.MinCostFlow(2)
    objects = [small, small.match(needs, resources), M.Matcher(small, needs, resources), f, f.run("max_flow"),
               referral.Router(small), small.refer({"organization": "so-1", "needs": ["office"]}),
               small.refer_batch([{"organization": "so-1", "needs": ["office"]}]), led,
               small.evaluate("incubator", rat, indicators=ind, draws=0), ev.load_scheme("incubator"),
               plan, plan.scenario, small.balance(), plan.scenario["balance"]["after"],
               M.stable_match([[0]], [[0]], [1]), hatchnet.Progress("x", 1, 2, 0.5)]
    for o in objects:
        assert len(repr(o)) < 200, (type(o).__name__, repr(o)[:300])


# ---------------------------------------------------------------------------- exceptions
def test_exceptions_as_python_users_expect(small, tmp_path):
    with pytest.raises(FileNotFoundError):
        hatchnet.Network.load(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError):
        referral.Ledger.load(small, tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError):
        ev.load_scheme(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError):
        small.refer({"organization": "so-1", "needs": ["office"]}, policy=str(tmp_path / "none.json"))
    with pytest.raises(TypeError, match="path"):
        hatchnet.Network.load(42)
    with pytest.raises(TypeError, match="net"):
        M.match("not a network", [], [])
    with pytest.raises(TypeError, match="needs"):
        small.match(np.zeros((3, 2)), [])
    with pytest.raises(TypeError, match="resources"):
        small.match([], np.array([1, 2]))
    with pytest.raises(TypeError, match="requests"):
        small.refer_batch(np.array([1, 2]))
    with pytest.raises(TypeError, match="request"):
        small.refer(["so-1", "office"])
    with pytest.raises(TypeError, match="candidates"):
        small.plan(k=1, candidates=np.zeros(3))
    with pytest.raises(TypeError):
        small.plan(k=1, objectve="minmax")          # a misspelt keyword is refused, not ignored
    with pytest.raises(TypeError):
        small.coverage(frobnicate=1)
    with pytest.raises(TypeError, match="progress"):
        small.match([], [], progress=3)
    with pytest.raises(ValueError, match="site_cost"):
        small.plan(k=1, site_cost=float("nan"))
    # a dict of columns is a table, as pandas takes it
    needs, resources = M.demo_demand(small, seed=3, needs=20)
    as_cols = small.match({c: needs[c].tolist() for c in needs.columns}, resources)
    assert as_cols.summary == small.match(needs, resources).summary


def test_min_cost_flow_costs_by_dtype():
    """Integer dtypes are integer costs; float dtypes are scaled (never decided by error text)."""
    ri = M.min_cost_flow([0], [1], [3], np.array([2]), [3, -3])
    assert ri.cost == 6 and isinstance(ri.cost, int)
    rf = M.min_cost_flow([0], [1], [3], np.array([2.0]), [3, -3])
    assert rf.cost == 6.0 and isinstance(rf.cost, float) and rf.costs_exact
    with pytest.raises(ValueError, match="arc 0: field 'cost'"):
        M.min_cost_flow([0], [1], [3], [float("nan")], [3, -3])


# ---------------------------------------------------------------------------- progress and Ctrl-C
@pytest.fixture(scope="module")
def big_demand():
    net = hatchnet.datasets.beijing()
    needs, resources = M.demo_demand(net, seed=2, needs=20000)
    return net, needs, resources


def test_match_progress_reports_and_stops(big_demand):
    net, needs, resources = big_demand
    seen = []
    full = net.match(needs, resources, progress=seen.append)
    assert full.status == "optimal" and len(seen) >= 3
    assert all(isinstance(p, hatchnet.Progress) and p.stage.startswith("match phase") for p in seen)
    calls = []

    def stop_second(p):
        calls.append(p)
        return len(calls) < 2

    stopped = net.match(needs, resources, progress=stop_second)
    assert stopped.status == "interrupted" and len(calls) == 2 < len(seen)


def test_keyboard_interrupt_from_callback_leaves_matcher_usable(big_demand):
    net, needs, resources = big_demand
    m = M.Matcher(net, needs, resources)
    calls = []

    def ctrl_c_on_second(p):
        calls.append(p)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        m.run(progress=ctrl_c_on_second)
    assert len(calls) == 2
    again = m.run()
    assert again.status == "optimal"
    assert again.summary["served"] == net.match(needs, resources).summary["served"]


def test_real_sigint_interrupts_a_long_match(big_demand):
    """A real SIGINT (Ctrl-C) while the solver runs with the GIL released stops it early."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only")
    net, needs, resources = big_demand
    t0 = time.perf_counter()
    net.match(needs, resources)
    full = time.perf_counter() - t0
    timer = threading.Timer(min(0.2, full / 10), os.kill, (os.getpid(), signal.SIGINT))
    t0 = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            net.match(needs, resources)
            time.sleep(5)  # a match that ignored the signal would end here, too late
    finally:
        timer.cancel()
    assert time.perf_counter() - t0 < full  # generous: interrupted well before the full run ends
    assert net.match(needs[:50], resources).status == "optimal"   # still usable


def test_tqdm_progress(small):
    tqdm = pytest.importorskip("tqdm")
    import io

    with tqdm.tqdm(disable=False, file=io.StringIO()) as bar:
        cb = hatchnet.tqdm_progress(bar)
        cb(hatchnet.Progress("stage", 5, 10, 0.1))
        assert bar.n == 5 and bar.total == 10
        cb(hatchnet.Progress("other", 7, -1, 0.2))
        assert bar.n == 7 and bar.total is None
    seen = []
    with tqdm.tqdm(disable=False, file=io.StringIO()) as bar:
        cb = hatchnet.tqdm_progress(bar)
        needs, resources = M.demo_demand(small, seed=3, needs=40)
        small.match(needs, resources, progress=lambda p: seen.append(p) or cb(p))
    assert all(p.stage.startswith("match") for p in seen)


# ---------------------------------------------------------------------------- typing
def test_mypy_refuses_a_badly_typed_call(tmp_path):
    pytest.importorskip("mypy")
    import pathlib

    pkg = pathlib.Path(hatchnet.__file__).resolve().parent
    assert (pkg / "_core.pyi").exists() and (pkg / "py.typed").exists()
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent("""
        import hatchnet
        net = hatchnet.datasets.beijing()
        net.plan(k="three")
    """))
    good = tmp_path / "good.py"
    good.write_text(textwrap.dedent("""
        import hatchnet
        net = hatchnet.datasets.beijing()
        plan = net.plan(k=3, budget=3.0, objective="minmax")
        n: int = len(plan.picks)
        r = net.refer({"organization": "so-1", "needs": ["office"]})
        chosen: str | None = r.chosen
    """))
    env = _env()
    # an installed package is found by mypy itself (py.typed); a build tree's through MYPYPATH
    # (mypy refuses a site-packages directory there)
    if "site-packages" not in pkg.parts and "dist-packages" not in pkg.parts:
        env["MYPYPATH"] = str(pkg.parent)
    cmd = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
           "--python-version", f"{sys.version_info[0]}.{sys.version_info[1]}"]
    rb = subprocess.run(cmd + [str(bad)], env=env, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert rb.returncode == 1 and '"k"' in rb.stdout and "plan" in rb.stdout, rb.stdout + rb.stderr
    rg = subprocess.run(cmd + [str(good)], env=env, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert rg.returncode == 0, rg.stdout + rg.stderr


# ---------------------------------------------------------------------------- every long call
def _long_calls(net, small):
    """name -> f(progress) for every long call that takes progress= (on small inputs)."""
    rng = np.random.default_rng(4)
    x = rng.random((300, 6)) + 0.1
    w = np.full(6, 1 / 6)
    ind, rat = ev.generate_ratings(small, "incubator", seed=3)
    reqs = [{"organization": o, "needs": ["office"]} for o in net.organizations.index[:300]]
    return {
        "coverage": lambda cb: net.coverage(progress=cb),
        "plan": lambda cb: net.plan(k=3, objective="coverage", progress=cb),
        "plan scenario": lambda cb: net.plan(k=2, objective="minmax",
                                             demand={"seed": 1, "requests": 200, "needs": 200}, progress=cb),
        "scenario": lambda cb: cov.scenario(small, [{"region": "110101002"}], demand=False, progress=cb),
        "monte_carlo_ranks": lambda cb: ev.monte_carlo_ranks(x, w, draws=4000, progress=cb),
        "evaluate": lambda cb: small.evaluate("incubator", rat, indicators=ind, draws=2000, progress=cb),
        "refer_batch": lambda cb: net.refer_batch(reqs, progress=cb),
    }


@pytest.fixture(scope="module")
def bj_net():
    return hatchnet.datasets.beijing()


@pytest.mark.parametrize("name", ["coverage", "plan", "plan scenario", "scenario", "monte_carlo_ranks",
                                  "evaluate", "refer_batch"])
def test_every_long_call_reports_progress_and_stops(bj_net, small, name):
    call = _long_calls(bj_net, small)[name]
    seen = []
    full = call(seen.append)
    assert len(seen) >= 2 and all(isinstance(p, hatchnet.Progress) for p in seen), seen
    assert all(p.total == -1 or 0 <= p.done <= p.total for p in seen)
    # False stops the call: hatchnet.Interrupted, and nothing is called after
    calls = []
    with pytest.raises(hatchnet.Interrupted):
        call(lambda p: calls.append(p) or False)
    assert len(calls) == 1
    # Ctrl-C from the callback on its second report stops it there; the call still works after
    calls.clear()

    def ctrl_c(p):
        calls.append(p)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        call(ctrl_c)
    assert len(calls) == 2
    again = call(None)
    assert type(again) is type(full)


def test_generators_report_their_stages_and_stop_on_sigint():
    """The generators report regions, nodes, edges, organizations (the last with the count
    made of the total), stop when the callback says False, and a real SIGINT stops them
    early."""
    stages = ["regions", "nodes", "edges", "organizations"]
    seen = []
    net = hatchnet.Network.beijing(scale=0.05, progress=seen.append)
    assert len(net) > 0
    assert list(dict.fromkeys(p.stage for p in seen)) == stages
    assert seen[-1].done == seen[-1].total == len(net.organizations)
    seen.clear()
    nat = hatchnet.national(scale=0.02, progress=seen.append)
    assert list(dict.fromkeys(p.stage for p in seen)) == stages
    assert seen[-1].done == seen[-1].total == len(nat.organizations)
    with pytest.raises(hatchnet.Interrupted):
        hatchnet.Network.beijing(scale=0.05, progress=lambda p: p.stage != "edges")
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only")
    t0 = time.perf_counter()
    hatchnet.national(scale=2.0)
    full = time.perf_counter() - t0
    timer = threading.Timer(min(0.1, full / 10), os.kill, (os.getpid(), signal.SIGINT))
    t0 = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            hatchnet.national(scale=2.0)
            time.sleep(30)
    finally:
        timer.cancel()
    assert time.perf_counter() - t0 < full / 2   # well before the generation would have ended
    assert len(hatchnet.Network.beijing(scale=0.05)) == len(net)


def test_regions_carry_the_romanised_names(small):
    regions = small.regions
    assert list(regions.columns[:3]) == ["code", "name", "pinyin"]
    bj = hatchnet.datasets.beijing()
    named = bj.regions[bj.regions["level"].isin(["province", "county"])]
    assert len(named) == 17 and (named["pinyin"] != "").all()   # the city and its 16 districts
