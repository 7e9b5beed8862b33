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
