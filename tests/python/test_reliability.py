"""Hostile input and crashes through the Python surface: typed exceptions, limits the caller
can raise, and saves that a kill never tears (issue #10)."""
import json
import math
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import hatchnet
from hatchnet import referral


@pytest.fixture
def small(small_path):
    return hatchnet.Network.load(small_path)


@pytest.fixture
def limits():
    old = hatchnet.get_limits()
    yield old
    hatchnet.set_limits(**old)


def test_limits_defaults_set_and_refused(limits):
    assert limits == {"max_input_bytes": 1 << 30, "max_json_depth": 128, "max_elements": 10_000_000}
    hatchnet.set_limits(max_elements=123)
    assert hatchnet.get_limits()["max_elements"] == 123
    assert hatchnet.get_limits()["max_json_depth"] == 128  # others kept
    with pytest.raises(ValueError, match="max_elements"):
        hatchnet.set_limits(max_elements=0)
    assert issubclass(hatchnet.LimitError, ValueError)


def test_missing_file_and_directory_are_os_errors(tmp_path, small):
    with pytest.raises(FileNotFoundError):
        hatchnet.Network.load(tmp_path / "nope.json")
    with pytest.raises(IsADirectoryError):
        hatchnet.Network.load(tmp_path)
    with pytest.raises(FileNotFoundError):
        referral.Ledger.load(small, tmp_path / "nope.json")


def test_oversized_and_endless_inputs_stop_at_the_limit(limits, small_path):
    hatchnet.set_limits(max_input_bytes=1000)
    with pytest.raises(hatchnet.LimitError, match="max_input_bytes"):
        hatchnet.Network.load(small_path)
    t0 = time.monotonic()
    with pytest.raises(hatchnet.LimitError):
        hatchnet.Network.load("/dev/zero")
    assert time.monotonic() - t0 < 20  # a hang guard, not a benchmark


def test_deep_nesting_is_refused_everywhere(small):
    deep = "[" * 100000 + "]" * 100000
    with pytest.raises(hatchnet.LimitError, match="nested deeper"):
        hatchnet.Network.loads(deep)
    text = small.dumps().replace('{"id":"cc",', '{"id":"cc","attributes":{"x":' + deep + '},', 1)
    with pytest.raises(hatchnet.LimitError):
        hatchnet.Network.loads(text)
    nested = {"a": 1}
    for _ in range(300):
        nested = {"a": nested}
    with pytest.raises(hatchnet.LimitError):
        small.coverage(counted_tiers=nested)
    with pytest.raises(hatchnet.LimitError):
        referral.Ledger.loads(small, deep)


def test_numbers_no_double_holds_name_their_record(small):
    with pytest.raises(ValueError, match="malformed JSON") as e:
        referral.Ledger.loads(small, '{"referrals": [1e400]}')
    assert "internal" not in str(e.value)


def test_nan_budget_names_the_field(small):
    with pytest.raises(ValueError, match="field 'budget'"):
        small.plan(k=1, budget=float("nan"))


def test_counts_in_options_are_bounded(small):
    with pytest.raises(hatchnet.LimitError, match="requests"):
        small.plan(k=1, demand={"requests": 2_000_000_000})
    with pytest.raises(hatchnet.LimitError):
        hatchnet.matching.MinCostFlow(2_000_000_000)
    f = hatchnet.matching.MinCostFlow(3)
    with pytest.raises(hatchnet.LimitError):
        f.add_nodes(1_999_999_000)


SAVER = textwrap.dedent("""
    import sys, hatchnet
    from hatchnet import referral
    net = hatchnet.Network.load(sys.argv[1])
    texts = [open(p, encoding="utf-8").read() for p in sys.argv[3:5]]
    ledgers = [referral.Ledger.loads(net, t) for t in texts]
    print("ready", flush=True)
    i = 0
    while True:
        ledgers[i % 2].save(sys.argv[2])
        i += 1
""")


def test_ledger_save_killed_at_any_moment_is_never_torn(tmp_path, small, small_path):
    """Two ledgers (one large) saved in turn by a child process, killed at random moments:
    what is left always loads, and is one of the two."""
    big, little = referral.Ledger(small), referral.Ledger(small)
    for i in range(20000):
        rid = big.open("d-east", at="2024-03-01", organization="so-1", needs=["office"])
        big.transition(rid, "rejected", at="2024-03-02", outcome="not_eligible")
    little.open("d-east", at="2024-03-01", organization="so-2", needs=["office"])
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(big.dumps(), encoding="utf-8")
    b.write_text(little.dumps(), encoding="utf-8")
    target = tmp_path / "ledger.json"
    big.save(target)
    want = {big.dumps(), little.dumps()}
    rng = random.Random(2017)
    for _ in range(12):
        p = subprocess.Popen([sys.executable, "-c", SAVER, str(small_path), str(target), str(a), str(b)],
                             stdout=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.3))
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stdout.close()
        left = referral.Ledger.load(small, target)  # raises if torn
        assert left.dumps() in want


# ---------------------------------------------------------------------------- hostile review of #10
# Options, requests, needs and policies go to the core through one serialiser
# (hatchnet._json.dumps): deep nesting is a LimitError naming the record (never a
# RecursionError), numpy values are plain numbers, and NaN / infinite values are refused by
# field name (never dropped, never "malformed JSON").

def _nested_dicts(depth):
    d = {"a": 1}
    for _ in range(depth):
        d = {"a": d}
    return d


def _nested_lists(depth):
    top = x = []
    for _ in range(depth):
        y = []
        x.append(y)
        x = y
    return top


DEEP_SURFACES = {
    "plan demand": lambda net, d: net.plan(k=1, demand=d),
    "plan demand requests": lambda net, d: net.plan(k=1, demand={"requests": [{"organization": d}]}),
    "plan candidates": lambda net, d: net.plan(k=1, candidates=[{"region": d}]),
    "coverage": lambda net, d: net.coverage(counted_tiers=d),
    "balance": lambda net, d: net.balance(counted_tiers=d),
    "scenario": lambda net, d: hatchnet.coverage.scenario(net, [{"region": "110101002"}], demand=d),
    "scenario coverage options": lambda net, d: hatchnet.coverage.scenario(net, [{"region": "110101002"}],
                                                                            demand=False, relations=d),
    "apply_plan": lambda net, d: hatchnet.coverage.apply_plan(net, [{"region": "110101002", "name": d}]),
    "match fair": lambda net, d: net.match([], [], fair=d),
    "match needs": lambda net, d: net.match([{"id": "n1", "window": d}], []),
    "match resources": lambda net, d: net.match([], [{"id": "r1", "eligibility": d}]),
    "match needs DataFrame": lambda net, d: net.match(__import__("pandas").DataFrame([{"id": "n1", "window": d}]), []),
    "Matcher": lambda net, d: hatchnet.matching.Matcher(net, [{"id": "n1", "window": d}], []),
    "Matcher fair": lambda net, d: hatchnet.matching.Matcher(net, [], [], fair=d),
    "refer": lambda net, d: net.refer({"organization": "so-1", "needs": d}),
    "refer_batch": lambda net, d: net.refer_batch([{"organization": "so-1", "needs": d}]),
    "refer policy": lambda net, d: net.refer({"organization": "so-1"}, policy={"weights": d}),
    "evaluate options": lambda net, d: net.evaluate("incubator", None, commend=d),
    "evaluate scheme": lambda net, d: hatchnet.evaluate.load_scheme({"id": "x", "indicators": d}),
}


@pytest.mark.parametrize("depth", [200, 5000, 100000])
@pytest.mark.parametrize("surface", sorted(DEEP_SURFACES))
def test_deep_python_values_are_a_limit_error_on_every_surface(small, surface, depth):
    for deep in (_nested_dicts(depth), _nested_lists(depth)):
        with pytest.raises(hatchnet.LimitError, match="nested deeper") as e:
            DEEP_SURFACES[surface](small, deep)
        assert not isinstance(e.value, RecursionError)


def test_deep_values_beyond_python_recursion_are_still_a_limit_error(small, limits):
    hatchnet.set_limits(max_json_depth=1000)  # the ceiling: the core takes it; Python cannot walk 100000
    for deep in (_nested_dicts(100000), _nested_lists(100000)):
        with pytest.raises(hatchnet.LimitError, match="coverage options: .*nested deeper"):
            small.coverage(relations=deep)
        with pytest.raises(hatchnet.LimitError, match="nested deeper"):
            small.refer({"organization": "so-1", "needs": deep})


def test_serialiser_converts_numpy_and_marks_non_finite_values():
    import numpy as np
    from hatchnet import _json

    text = _json.dumps({"a": np.int64(3), "b": np.float32(0.5), "c": np.arange(3), "d": np.bool_(True),
                        np.int64(7): "k", "e": {1, 2}, "f": (1, 2)}, "test")
    assert json.loads(text) == {"a": 3, "b": 0.5, "c": [0, 1, 2], "d": True, "7": "k", "e": [1, 2], "f": [1, 2]}
    text = _json.dumps({"x": [float("nan"), np.inf, -np.inf, np.float64("nan")], "y": np.array([1.0, np.nan])},
                       "test")
    assert json.loads(text) == {"x": ["NaN", "Infinity", "-Infinity", "NaN"], "y": [1.0, "NaN"]}
    with pytest.raises(TypeError, match="test: object is not JSON serializable"):
        _json.dumps({"x": object()}, "test")


def test_numpy_values_in_options_are_plain_numbers(small):
    import numpy as np

    assert small.balance(top=np.int64(2)).furthest is not None
    base = small.coverage(catchment_km=3.0)
    again = small.coverage(catchment_km=np.float64(3.0))
    assert base.equals(again)
    r = small.evaluate("incubator", "generate", draws=np.int64(0), seed=np.int64(1))
    assert len(r.scores) == len(small)


PLAN_NON_FINITE = ["site_cost", "node_limit", "exact_limit", "interchange_rounds", "site_capacity", "radius_km"]


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
@pytest.mark.parametrize("option", PLAN_NON_FINITE)
def test_plan_non_finite_options_are_refused_by_name(small, option, value):
    with pytest.raises(ValueError, match=f"field '{option}'") as e:
        small.plan(budget=5, objective="served", **{option: value})
    assert "malformed" not in str(e.value)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_other_non_finite_options_are_refused_by_name(small, value):
    with pytest.raises(ValueError, match="field 'price'"):
        small.plan(split_budget=5, price=value)
    with pytest.raises(ValueError, match="field 'split_budget'"):
        small.plan(split_budget=value)
    with pytest.raises(ValueError, match="field 'catchment_km'"):
        small.coverage(two_step=True, catchment_km=value)
    with pytest.raises(ValueError, match="field 'top'"):
        small.balance(top=value)
    with pytest.raises(ValueError, match="field 'top'"):
        hatchnet.coverage.scenario(small, [{"region": "110101002"}], demand=False, top=value)
    with pytest.raises(ValueError, match="field 'cost'"):
        small.plan(k=1, candidates=[{"region": "110101002", "cost": float("inf") if value != value else value}])


def test_only_an_infinite_budget_means_no_budget(small):
    unbounded = small.plan(k=2, budget=float("inf"), objective="served")
    none = small.plan(k=2, objective="served")
    assert unbounded.summary == none.summary
    for bad in (float("-inf"), float("nan")):
        with pytest.raises(ValueError, match="field 'budget'"):
            small.plan(k=2, budget=bad)


@pytest.mark.parametrize("count", [float("nan"), 1.5, 1e19, 10 ** 19, float("inf"), "many"])
@pytest.mark.parametrize("what", ["requests", "needs"])
def test_demand_counts_that_are_no_counts_name_the_field(small, what, count):
    with pytest.raises(ValueError, match=f"field '{what}'") as e:
        small.plan(k=1, demand={what: count})
    assert not isinstance(e.value, TypeError)


def test_candidates_nan_cost_is_a_missing_value_on_purpose(small):
    pd = pytest.importorskip("pandas")
    c = pd.DataFrame({"region": ["110101002", "110102001"], "cost": [float("nan"), 2.0]})
    p = small.plan(k=2, candidates=c, site_cost=7, objective="served")
    explicit = small.plan(k=2, candidates=[{"region": "110101002", "cost": 7}, {"region": "110102001", "cost": 2.0}],
                          objective="served")
    assert p.summary == explicit.summary
    assert "missing value" in hatchnet.coverage.plan.__doc__


def test_evaluate_non_finite_options_name_the_field(small):
    for option in ("draws", "trim", "prior_strength", "seed"):
        for value in (float("nan"), float("inf")):
            with pytest.raises(ValueError, match=f"field '{option}'") as e:
                small.evaluate("incubator", "generate", **{option: value})
            assert "malformed" not in str(e.value)


def test_match_non_finite_values_name_the_record_and_field(small):
    pd = pytest.importorskip("pandas")
    need = {"id": "n1", "organization": "so-1", "category": "office", "quantity": float("inf")}
    for needs in ([need], pd.DataFrame([need])):  # pandas would write inf as null: not silently
        with pytest.raises(ValueError, match="need n1: field 'quantity'"):
            small.match(needs, [])
    with pytest.raises(ValueError, match="field 'time_limit'"):
        small.match([], [], time_limit=float("nan"))
    with pytest.raises(ValueError, match="field 'fair.share'"):
        small.match([], [], fair={"share": float("nan")})
    with pytest.raises(ValueError, match="field 'explain_limit'"):
        small.match([], [], explain_limit=float("nan"))
    with pytest.raises(ValueError, match="field 'credit'"):
        small.refer({"organization": "so-1", "needs": ["office"], "credit": float("inf")})
    with pytest.raises(ValueError, match="field 'weights.coverage'"):
        small.refer({"organization": "so-1"}, policy={"weights": {"coverage": float("nan")}})


@pytest.mark.parametrize("n", [2 ** 31, 2 ** 32 + 5, 2 ** 40, 2 ** 70])
def test_min_cost_flow_node_counts_are_never_truncated(n, limits):
    with pytest.raises(hatchnet.LimitError, match=f"field 'n_nodes': {n} exceeds"):
        hatchnet.matching.MinCostFlow(n)
    with pytest.raises(hatchnet.LimitError, match=f"field 'n_nodes': {n} exceeds"):
        hatchnet._core.MinCostFlow(n)
    f = hatchnet.matching.MinCostFlow(3)
    with pytest.raises(hatchnet.LimitError, match="field 'n'"):
        f.add_nodes(n)
    assert f.node_count == 3
    # with max_elements raised, the solver's 32-bit ids still bound it, by name, before a cast
    hatchnet.set_limits(max_elements=2 ** 62)
    with pytest.raises(hatchnet.LimitError, match="field 'n_nodes'.*32-bit" if n < 2 ** 62 else "field 'n_nodes'"):
        hatchnet.matching.MinCostFlow(n)
    with pytest.raises(hatchnet.LimitError, match="field 'n_nodes'.*32-bit"):
        hatchnet.matching.MinCostFlow(2 ** 31 - 1)
    with pytest.raises(hatchnet.LimitError, match="field 'n'.*32-bit"):
        f.add_nodes(2 ** 31 - 4)
    assert f.node_count == 3


def test_min_cost_flow_bad_counts_name_the_field():
    with pytest.raises(ValueError, match="field 'n_nodes': must be >= 0, got -1"):
        hatchnet.matching.MinCostFlow(-1)
    with pytest.raises(ValueError, match="field 'n_nodes': must be a whole number"):
        hatchnet.matching.MinCostFlow(float("nan"))
    with pytest.raises(ValueError, match="field 'n': must be >= 0"):
        hatchnet.matching.MinCostFlow(3).add_nodes(-2)
    assert hatchnet.matching.MinCostFlow(5.0).node_count == 5
    f = hatchnet.matching.MinCostFlow(2)
    assert f.add_nodes(3) == 2 and f.node_count == 5


@pytest.mark.parametrize("shape", [(10 ** 9, 10 ** 9), (10 ** 8, 1), (1, 10 ** 8), (2 ** 40, 2)])
def test_sparse_assignment_sizes_are_checked_before_allocating(shape):
    field = "n_rows" if shape[0] > 10 ** 7 else "n_cols"
    with pytest.raises(hatchnet.LimitError, match=f"field '{field}'"):
        hatchnet.matching.linear_assignment(([0], [0], [1.0], shape))
    import numpy as np
    with pytest.raises(hatchnet.LimitError, match=f"field '{field}'"):
        hatchnet._core.linear_assignment_sparse(np.array([0]), np.array([0]), np.array([1.0]), shape[0], shape[1])
    with pytest.raises(ValueError, match="field 'n_rows': must be >= 0"):
        hatchnet._core.linear_assignment_sparse(np.array([0]), np.array([0]), np.array([1.0]), -1, 1)


# ids that the old mappings sent to one file (东街 / 西街 -> "______", "a b" / "a_b"), one that
# looks like an escape, and ones that are paths
COLLIDING_IDS = {"d-east": "东街", "d-west": "西街", "s-east-1": "a b", "s-east-2": "a_b", "s-west-1": "a%20b",
                 "c-east-a": "..", "c-east-b": "a/b"}


@pytest.fixture
def colliding(small_path):
    text = small_path.read_text(encoding="utf-8")
    for old, new in COLLIDING_IDS.items():
        text = text.replace(json.dumps(old), json.dumps(new, ensure_ascii=False))
    return hatchnet.Network.loads(text)


def _cli():
    exe = os.environ.get("HATCHNET_CLI")
    if exe:
        return exe
    # the CMake build tree: <build>/python/hatchnet (this package) and <build>/bin/hatchnet
    import pathlib
    cand = pathlib.Path(hatchnet.__file__).resolve().parents[2] / "bin" / "hatchnet"
    return str(cand) if cand.is_file() and os.access(cand, os.X_OK) else None


def test_disclosure_pages_never_collide_python(colliding, tmp_path):
    from hatchnet import evaluate as ev

    res = colliding.evaluate("incubator", "generate", draws=0)
    res.write(tmp_path)
    ids = list(res.scores["id"])
    assert set(COLLIDING_IDS.values()) <= set(ids)
    names = [ev.disclosure_file_name(i) for i in ids]
    assert len(set(names)) == len(ids)
    assert sorted(p.name for p in tmp_path.glob("*.html")) == sorted(names)
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == []  # "a/b" is not a path
    assert ev.disclosure_file_name("东街") == "%E4%B8%9C%E8%A1%97.html"
    assert ev.disclosure_file_name("a%20b") == "a%2520b.html"
    assert ev.disclosure_file_name("..") == "%2E..html"
    for i, name in zip(ids, names):
        assert (tmp_path / name).read_text(encoding="utf-8") == res.disclosure_html(i)


def test_disclosure_pages_never_collide_cli(colliding, tmp_path):
    from hatchnet import evaluate as ev

    exe = _cli()
    if exe is None:
        pytest.skip("the hatchnet program is not beside this package (set HATCHNET_CLI to test it)")
    net = tmp_path / "net.json"
    colliding.save(net)
    out = tmp_path / "out"
    r = subprocess.run([exe, "evaluate", "--network", str(net), "--scheme", "incubator", "--ratings", "generate",
                        "--draws", "0", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    ids = list(colliding.nodes["id"])
    want = sorted(ev.disclosure_file_name(i) for i in ids)
    assert len(set(want)) == len(ids)
    assert sorted(p.name for p in (out / "disclosure").iterdir()) == want
