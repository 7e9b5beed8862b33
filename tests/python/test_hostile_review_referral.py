"""Hostile inputs for the referral readers that skip JSON text (python/src/bind_referral.cpp:
requests_from_dicts / requests_from_columns / route_dict, python/hatchnet/referral.py:
_request_list / _route). The reference is the JSON path: the requests as _requests makes them,
written by _json.dumps and read by the core (route_many / route_batch_set / route on text)."""
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import hatchnet
from hatchnet import _json, referral


@pytest.fixture(scope="module")
def bj():
    net = hatchnet.datasets.beijing()
    return net, referral.Router(net)


def _outcome(f):
    try:
        return ("ok", f())
    except Exception as e:  # noqa: BLE001 - compared as type and text
        return ("error", type(e).__name__, str(e))


def _many_json(router, reqs):
    text = _json.dumps(referral._requests(reqs), "requests")
    return _outcome(lambda: router._core.route_many(text, 1).json())


def _many_new(router, reqs):
    return _outcome(lambda: referral._many(router._core, reqs, 1, None)._core.json())


def _batch_json(router, reqs):
    text = _json.dumps(referral._requests(reqs), "requests")
    return _outcome(lambda: router._core.route_batch_set(text).data())


def _batch_new(router, reqs):
    return _outcome(lambda: referral._batch(router._core, reqs, None)._core.data())


@pytest.fixture
def limits():
    old = hatchnet.get_limits()
    yield
    hatchnet.set_limits(**old)


# TextSize starts at values = 1 like limits.cpp's scan, but the scan also counts the '[' of the
# outer array, which RequestReader::finish never adds: a list (or table) whose JSON text holds
# exactly 4 * max_elements + 1 values is refused by the JSON path and routed by the direct one.
@pytest.mark.parametrize("as_frame", [False, True])
def test_value_limit_boundary_is_the_json_paths(bj, limits, as_frame):
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    reqs = [{"organization": org, "needs": ["office", "legal"]} for _ in range(4)]
    hatchnet.set_limits(max_elements=5)        # 4 * 5 = 20 values allowed; the text holds 21
    data = pd.DataFrame(reqs) if as_frame else reqs
    ref = _many_json(router, reqs)
    assert ref[:2] == ("error", "LimitError")  # "requests: about 21 JSON values exceed the limit of 20"
    assert _many_new(router, data) == ref      # the direct path routes them
    assert _batch_new(router, data) == _batch_json(router, reqs)


def test_value_limit_sweep_matches_the_json_path(bj, limits):
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    bad = []
    for n in range(1, 8):
        reqs = [{"organization": org, "needs": ["office", "legal"]} for _ in range(n)]
        for me in range(1, 12):
            hatchnet.set_limits(max_elements=me)
            a, b = _many_json(router, reqs), _many_new(router, reqs)
            if a[0] != b[0] or (a[0] == "error" and a != b):
                bad.append((n, me, a[:3], b[0]))
    assert bad == []


# requests_from_dicts reads rows with PyList_GET_ITEM (borrowed, n fixed at the start) while it
# allocates Python objects (PyUnicode_Split / str.strip for comma-separated list fields); a
# garbage collection there runs finalizers, and one that empties the list (or drops a row)
# leaves the reader on freed memory. The JSON path (_requests iterates in Python) reads the
# mutated list. Run in a subprocess: the defect is a segfault.
_GC_SCRIPT = textwrap.dedent(r"""
    import gc, sys
    import hatchnet
    from hatchnet import referral
    net = hatchnet.datasets.beijing()
    router = referral.Router(net)
    org = str(net.organizations["id"].iloc[0])
    reqs = [{"organization": org, "needs": "office, legal"} for _ in range(200)]

    class Finalizer:  # cyclic garbage whose __del__ empties the caller's list
        def __init__(self):
            self.me = self
        def __del__(self):
            if sys._getframe(1).f_code.co_name in ("_request_list", "_requests"):
                reqs.clear()
            else:
                Finalizer()  # re-arm until a collection runs inside the reader

    gc.collect()
    Finalizer()
    gc.set_threshold(1)
    try:
        out = router.refer_many(reqs)
    except Exception as e:  # a clear error would be acceptable
        out = e
    gc.set_threshold(700)
    print("survived", type(out).__name__)
""")


def test_list_mutated_by_a_finalizer_during_the_read_does_not_crash():
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-c", _GC_SCRIPT], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, f"rc={r.returncode} (-11: SIGSEGV) stderr={r.stderr[-500:]}"
    assert "survived" in r.stdout


# TextSize.bytes is meant to be an upper bound of the JSON text's bytes, but the ',' between
# rows is only covered by the per-field slack: rows with no fields ({} or all-None / NaN cells)
# add 2 bytes each to the estimate and 3 to the text. 100 such rows: text 301 bytes, estimate
# 202; with max_input_bytes=250 the JSON path raises LimitError and the direct path a
# ValueError about row 0 (the limit is the first thing the JSON path checks).
@pytest.mark.parametrize("form", ["dicts", "none_values", "frame"])
def test_input_byte_limit_is_checked_before_row_errors(bj, limits, form):
    net, router = bj
    reqs = [{} for _ in range(100)]
    data = {"dicts": reqs,
            "none_values": [{"urgency": None} for _ in range(100)],
            "frame": pd.DataFrame({"needs": [float("nan")] * 100})}[form]
    hatchnet.set_limits(max_input_bytes=250)
    ref = _many_json(router, reqs)
    assert ref[:2] == ("error", "LimitError")
    assert _many_new(router, data) == ref      # got ValueError "requests[0]: field 'needs': missing ..."


# Pre-existing (not from the no-JSON readers; both paths agree): src/referral/json.cpp,
# request_from_json, reads an integer id with v.get<std::int64_t>(), so an id the JSON parser
# holds as unsigned (2**63 .. 2**64-1) comes back negative.
@pytest.mark.parametrize("rid, want", [(2**63, "9223372036854775808"), (2**64 - 1, "18446744073709551615")])
def test_unsigned_integer_id_keeps_its_value(bj, rid, want):
    net, router = bj
    org = str(net.organizations["id"].iloc[0])
    r = router.refer({"id": rid, "organization": org, "needs": ["office"]})
    assert r.data["request"] == want           # got "-9223372036854775808" / "-1"
