"""The records store from Python: transitions, counts against plain SQL (sqlite3), the JSON
round trip, refused input and files, pickling, a writer process killed mid-way."""
import json
import pickle
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

import hatchnet
from hatchnet import records, referral


@pytest.fixture
def small(small_path):
    return hatchnet.Network.load(small_path)


@pytest.fixture
def store(tmp_path, small):
    st = hatchnet.Store(tmp_path / "r.db")
    st.set_network(small)
    st.add_years(2020, 2022)
    return st


def stay(st, org, node, day, id, end="graduated", outcome="registered"):
    st.record([{"organization": org, "node": node, "at": day, "id": id},
               {"id": id, "to": "admitted", "at": day},
               {"id": id, "to": "incubating", "at": day}])
    if end:
        st.record({"id": id, "to": end, "at": day.replace("-01-", "-11-"), "outcome": outcome})


def test_lifecycle_and_counts_against_sql(store, small):
    assert store.version == records.SCHEMA_VERSION == 4
    assert records.STAGES == ("applied", "admitted", "incubating", "graduated", "exited", "withdrawn")
    stay(store, "so-1", "d-east", "2020-01-10", "a", end=None)
    stay(store, "so-2", "d-east", "2020-01-11", "b", end=None)
    store.record([{"id": "a", "to": "graduated", "at": "2020-11-10", "outcome": "registered"},
                  {"id": "b", "to": "exited", "at": "2020-11-11"}])
    stay(store, "so-3", "s-west-1", "2021-01-05", "c", end=None)
    ids = store.record({"organization": "so-4", "node": "c-east-a", "at": "2021-02-01"})
    assert ids == ["inc-1"]
    rec = store.incubation("a")
    assert rec["stage"] == "graduated" and rec["outcome"] == "registered"
    assert [h["stage"] for h in rec["history"]] == ["applied", "admitted", "incubating", "graduated"]
    by_node = store.counts()
    # the same counts from plain SQL on the documented schema
    con = sqlite3.connect(store.path)
    rows = con.execute("SELECT node, stage, count(*) FROM incubations GROUP BY node, stage").fetchall()
    con.close()
    for node, stage, n in rows:
        assert by_node.loc[node, stage] == n
    assert int(by_node.to_numpy().sum()) == len(store.incubations) == 4
    # counts as of a date: c had not applied yet, a was incubating
    mid = store.counts("2020-06-30", by="total")
    assert mid.loc["total", "incubating"] == 2 and mid.loc["total", "applied"] == 0
    dist = store.counts(by="district")
    assert set(dist.index) == {"110101", "110102"}
    s = store.summary("2020")
    assert s["entered"]["graduated"] == 1 and s["graduated"] == 1
    assert s["days_to_graduation"]["median"] == 305  # 2020-01-10 -> 2020-11-10
    hist = store.history()
    assert list(hist.index) == ["2020", "2021", "2022"]
    assert hist.loc["2021", "resident"] == 1 and hist.loc["2020", "applied"] == 2
    ev = store.events
    assert (ev.groupby("period").size().to_dict()) == {"2020": 8, "2021": 4}
    assert store.residents("s-west-1") == 1 and store.residence("so-3") == "c"


def test_bad_input_names_record_and_field(store):
    stay(store, "so-1", "d-east", "2020-01-10", "a")
    with pytest.raises(ValueError, match=r"incubation a: field 'stage': illegal transition graduated -> exited"):
        store.record({"id": "a", "to": "exited", "at": "2020-12-01"})
    with pytest.raises(ValueError, match=r"incubation zz: field 'id': unknown incubation id"):
        store.record({"id": "zz", "to": "admitted", "at": "2020-12-01"})
    with pytest.raises(ValueError, match=r"field 'organization': unknown organization 'ghost'"):
        store.record({"organization": "ghost", "node": "d-east", "at": "2020-12-01"})
    with pytest.raises(ValueError, match=r"field 'at'.*before the last event"):
        store.record({"organization": "so-2", "node": "d-east", "at": "2019-12-01"})
    before = len(store.events)
    with pytest.raises(ValueError, match="nothing recorded"):
        store.record([{"organization": "so-2", "node": "d-east", "at": "2020-12-01", "id": "n"},
                      {"id": "n", "to": "graduated", "at": "2020-12-02"}])
    assert len(store.events) == before
    with pytest.raises(KeyError):
        store.incubation("n")
    with pytest.raises(ValueError, match="by"):
        store.counts(by="street")


def test_json_round_trip_and_pickle(store, tmp_path):
    stay(store, "so-1", "d-east", "2020-01-10", "a")
    stay(store, "so-2", "s-east-1", "2020-02-10", "b", end=None)
    store.record({"id": "b", "to": "withdrawn", "at": "2020-03-01", "outcome": "moved away"})
    text = store.export_json()
    assert json.loads(text)["format"] == "hatchnet-records"
    other = hatchnet.Store(tmp_path / "copy.db")
    other.import_json(text)
    assert other.export_json() == text
    with pytest.raises(OSError, match="empty store"):
        other.import_json(text)
    again = pickle.loads(pickle.dumps(store))
    assert again.path == store.path and again.export_json() == text
    pd.testing.assert_frame_equal(again.incubations, store.incubations)


def test_refused_files(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 5000)
    with pytest.raises(OSError, match="junk.db.*not a hatchnet store or corrupt"):
        hatchnet.Store(junk)
    newer = tmp_path / "newer.db"
    hatchnet.Store(newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 7")
    con.close()
    with pytest.raises(OSError, match="newer.db.*schema version 7 is newer"):
        hatchnet.Store(newer)
    with pytest.raises(FileNotFoundError):
        hatchnet.Store(tmp_path / "missing.db", create=False)
    locked = tmp_path / "locked.db"
    hatchnet.Store(locked)
    con = sqlite3.connect(locked, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    st = hatchnet.Store(locked, busy_timeout_ms=50)
    with pytest.raises(OSError, match="locked"):
        st.add_years(2020, 2020)
    con.execute("ROLLBACK")
    con.close()
    st.add_years(2020, 2020)
    assert list(st.periods.index) == ["2020"]


WRITER = r"""
import sys, hatchnet
net = hatchnet.Network.load(sys.argv[2])
st = hatchnet.Store(sys.argv[1])
orgs = list(net.organizations.index); nodes = list(net.nodes.index)
i = 0
while True:
    id = f"w{sys.argv[3]}-{i}"
    day = f"20{20 + int(sys.argv[3])}-01-{1 + i // 200:02d}"
    st.record([{"organization": orgs[i % len(orgs)], "node": nodes[i % len(nodes)], "at": day, "id": id},
               {"id": id, "to": "admitted", "at": day}, {"id": id, "to": "exited", "at": day}])
    print(id, flush=True)
    i += 1
"""


def test_writer_killed_loses_nothing_committed(tmp_path, small, small_path):
    path = tmp_path / "crash.db"
    hatchnet.Store(path).set_network(small)
    committed = set()
    for round in range(4):
        p = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(small_path), str(round)],
                             stdout=subprocess.PIPE, text=True)
        # the writer is writing (starting Python may take seconds on a loaded machine) ...
        first = p.stdout.readline() if p.stdout else ""
        # ... then killed at some moment of its work
        time.sleep(0.3 + 0.3 * round)
        p.kill()
        out, _ = p.communicate()
        committed.update((first + out).split())
        st = hatchnet.Store(path)
        inc = st.incubations
        assert committed <= set(inc.index)
        assert (inc["stage"] == "exited").all()
        ev = st.events.groupby("incubation").size()
        assert (ev == 3).all()
    assert len(committed) > 4


def test_time_targets_and_progress(store, small):
    store.add_facts([{"at": "2020-01-01", "kind": "closed", "subject": "d-west"},
                     {"at": "2020-01-01", "kind": "capacity", "subject": "d-east", "value": 1}])
    with pytest.raises(ValueError, match=r"fact capacity d-east: field 'at'.*date order"):
        store.add_facts({"at": "2019-12-01", "kind": "capacity", "subject": "d-east", "value": 3})
    assert list(store.timeline["kind"]) == ["closed", "capacity"]
    stay(store, "so-1", "d-east", "2020-02-03", "a", end=None)
    with pytest.raises(ValueError, match="no free place"):
        store.record([{"organization": "so-2", "node": "d-east", "at": "2020-02-04", "id": "b"},
                      {"id": "b", "to": "admitted", "at": "2020-02-04"}])
    then = small.at("2020", store)
    assert "d-west" not in then.nodes.index and "d-west" in small.nodes.index
    assert then.nodes.loc["d-east", "capacity"] == 1 and then.nodes.loc["d-east", "occupied"] == 1
    assert store.network_at(small, "2020-01-15").nodes.loc["d-east", "occupied"] == 0
    with pytest.raises(ValueError, match="period 1990"):
        small.at("1990", store)
    assert [t["id"] for t in records.default_targets()] == ["district-incubators-2020", "street-incubators-2020"]
    p = store.progress(small)
    # periods 2020 (as_of, the last event, is in it; the refused batch left nothing): one district of two has its district incubator
    assert p.as_of == "2020-02-03"
    assert p.table.loc["2020", "district-incubators-2020"] == 0.5
    assert p.table.loc["2020", "street-incubators-2020"] == 1.0
    t = p.targets
    assert t.loc["district-incubators-2020", "status"] == "missed"
    assert t.loc["street-incubators-2020", "status"] == "met"
    assert p.by_district.loc["110102", "district-incubators-2020"] == 0.0
    store.add_targets({"id": "g", "kind": "graduations", "scope": "110101", "value": 2, "due": "2022-12-31"})
    assert list(store.targets.index) == ["g"]
    assert list(store.progress(small).targets.index) == ["g"]
    with pytest.raises(ValueError, match="target z: field 'kind'"):
        store.add_targets({"id": "z", "kind": "bridges", "due": "2020-12-31"})


def test_batches_of_facts_and_targets_are_all_or_nothing(store):
    with pytest.raises(ValueError, match=r"field 'subject'.*fact 1 of the batch; nothing recorded"):
        store.add_facts([{"at": "2020-01-01", "kind": "capacity", "subject": "d-west", "value": 7},
                         {"at": "2020-01-01", "kind": "capacity", "subject": "nope", "value": 3}])
    assert len(store.timeline) == 0
    with pytest.raises(ValueError, match=r"target t2: field 'due'.*nothing recorded"):
        store.add_targets([{"id": "t1", "kind": "graduations", "value": 2, "due": "2021-12-31"},
                           {"id": "t2", "kind": "graduations", "value": 2, "due": "never"}])
    assert len(store.targets) == 0
    con = sqlite3.connect(store.path)
    assert con.execute("SELECT (SELECT count(*) FROM timeline) + (SELECT count(*) FROM targets)").fetchone() == (0,)
    con.close()


@pytest.mark.parametrize("name", ["we#ird.db", "q?x.db", "pc%41.db"])
def test_sql_reads_paths_with_uri_characters(tmp_path, small, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    st = hatchnet.Store(name)
    st.set_network(small)
    st.add_years(2020, 2020)
    assert list(st.periods.index) == ["2020"]
    assert len(st.incubations) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [name]
    with pytest.raises(pd.errors.DatabaseError, match="readonly"):
        st.sql("CREATE TABLE x(a)")


def test_pickle_is_by_absolute_path_and_never_creates(tmp_path, small, monkeypatch):
    monkeypatch.chdir(tmp_path)
    st = hatchnet.Store("r.db", busy_timeout_ms=1234)
    st.set_network(small)
    st.add_years(2020, 2020)
    blob = pickle.dumps(st)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    again = pickle.loads(blob)
    assert list(again.periods.index) == ["2020"]  # the same file, not a new empty one here
    assert not (tmp_path / "elsewhere" / "r.db").exists()
    assert again._busy_timeout_ms == 1234
    del st, again
    for p in tmp_path.glob("r.db*"):
        p.unlink()
    with pytest.raises(FileNotFoundError):
        pickle.loads(blob)
    assert not (tmp_path / "r.db").exists()


def test_projection_against_numpy():
    """The C++ projection (through a store) equals numpy's least squares and the textbook
    prediction interval."""
    import numpy as np
    x = np.array([2017.0, 2018.0, 2019.0, 2020.0, 2021.0])
    y = np.array([0.2, 0.35, 0.33, 0.6, 0.7])
    slope, icpt = np.polyfit(x, y, 1)
    x0 = 2025.0
    n = len(x)
    s = np.sqrt(((y - (slope * x + icpt)) ** 2).sum() / (n - 2))
    half = 2.353 * s * np.sqrt(1 + 1 / n + (x0 - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum())
    got = json.loads(hatchnet._core.records_project(list(x), list(y), x0))
    assert got["value"] == pytest.approx(slope * x0 + icpt)
    assert got["high"] - got["value"] == pytest.approx(half)


SCHEME = {"id": "rec", "total_points": 100, "ungraded": "none",
          "grades": [{"name": "A", "min_points": 80}, {"name": "B", "min_points": 50}, {"name": "C", "min_points": 20}],
          "indicators": [{"id": "incubation.graduated", "points": 50, "scoring": {"method": "goalposts", "low": 0, "high": 2}},
                         {"id": "capacity_use", "points": 50, "scoring": "fraction"}]}


def test_evaluation_cycles(tmp_path, small):
    st = hatchnet.Store(tmp_path / "e.db")
    st.set_network(small)
    st.add_years(2020, 2021)
    st.add_facts({"at": "2020-01-01", "kind": "capacity", "subject": "s-east-1", "value": 2})
    stay(st, "so-1", "s-east-1", "2020-01-06", "a", end=None)
    st.record({"id": "a", "to": "graduated", "at": "2020-05-01"})
    stay(st, "so-2", "s-east-1", "2021-01-06", "b", end=None)
    stay(st, "so-3", "s-east-1", "2021-01-07", "c", end=None)
    st.record({"id": "b", "to": "graduated", "at": "2021-05-01"})
    stay(st, "so-4", "s-east-1", "2021-06-01", "d", end=None)
    y20 = st.evaluate(small, "2020", SCHEME)
    y21 = st.evaluate(small, "2021", SCHEME)
    # 2020: one graduation (25), empty at the end (0) -> C; 2021: one graduation (25) and 2 of 2
    # places taken (50) -> B
    assert y20.loc["s-east-1", "score"] == pytest.approx(25) and y20.loc["s-east-1", "grade"] == "C"
    assert y21.loc["s-east-1", "score"] == pytest.approx(75) and y21.loc["s-east-1", "grade"] == "B"
    hist = st.evaluations
    assert list(hist[hist.incubator == "s-east-1"]["grade"]) == ["C", "B"]
    cmp = st.compare("2020", "2021", SCHEME)
    assert cmp["transitions"]["C"]["B"] == 1
    assert cmp["movers"] == []
    [ch] = cmp["changes"]
    assert ch["incubator"] == "s-east-1" and ch["levels"] == 1
    assert ch["moved_by"] == [{"indicator": "capacity_use", "points_change": pytest.approx(50)}]
    with pytest.raises(ValueError, match="period 2030"):
        st.evaluate(small, "2030", SCHEME)


def test_simulation_is_deterministic(tmp_path, beijing):
    texts = []
    for k, seed in enumerate([3, 3, 4]):
        st = hatchnet.Store(tmp_path / f"s{k}.db")
        summary = beijing.simulate(st, years=(2017, 2018), seed=seed, scale=0.01, evaluate=False)
        assert summary["arrivals"] == len(st.incubations)
        texts.append(st.export_json())
    assert texts[0] == texts[1] and texts[0] != texts[2]
    with pytest.raises(ValueError, match="already holds incubations"):
        beijing.simulate(hatchnet.Store(tmp_path / "s0.db"), years=(2017, 2018), seed=3, scale=0.01)


def test_referral_ledger_in_the_store(store, small, tmp_path):
    # the same operations on a plain Ledger are the reference: same ids, same export bytes
    ref = referral.Ledger(small)
    led = store.ledger(small)
    assert isinstance(led, hatchnet.StoreLedger) and len(led) == 0
    for L in (ref, led):
        a = L.open("d-east", at="2020-03-01T09:00+08:00", organization="so-1", first_contact="s-east-1",
                   needs=["office"])
        L.open("soc-1", at="2020-03-02", organization="so-2", urgency="urgent", id="x-1", note="walk-in")
        L.transition(a, "accepted", at="2020-03-02")
        L.transition(a, "in_progress", at="2020-03-03T10:00Z", note="first meeting")
        L.transition(a, "completed", at="2020-04-01", outcome="got_help")
    assert led.dumps() == ref.dumps()
    assert led.counts() == ref.counts()
    # refused, nothing written: free text, out of time order, an illegal move
    events = len(store.referral_events)
    with pytest.raises(ValueError, match="field 'at'"):
        led.transition("x-1", "accepted", at="next week")
    with pytest.raises(ValueError, match="time order"):
        led.transition("x-1", "accepted", at="2020-03-01T23:00")
    with pytest.raises(ValueError, match="illegal transition"):
        led.transition(a, "accepted", at="2020-05-01")
    assert len(store.referral_events) == events
    # the tables, in plain SQL terms, equal the ledger
    df = store.referrals
    assert list(df.index) == [a, "x-1"]
    assert df.loc[a, "status"] == "completed" and df.loc[a, "outcome"] == "got_help"
    assert df.loc[a, "needs"] == ["office"]
    ev = store.referral_events
    con = sqlite3.connect(store.path)
    assert len(ev) == con.execute("SELECT count(*) FROM referral_events").fetchone()[0] == 5
    con.close()
    assert list(ev[ev.referral == a].status) == ["requested", "accepted", "in_progress", "completed"]
    assert set(ev.period) == {"2020"}
    # another Store on the same file reloads exactly this ledger; pickling reloads by path
    assert hatchnet.Store(store.path).ledger(small).dumps() == ref.dumps()
    back = pickle.loads(pickle.dumps(led))
    assert isinstance(back, hatchnet.StoreLedger) and back.dumps() == ref.dumps()
    # an exported ledger into a new store: one transaction, the same bytes; twice is refused
    other = hatchnet.Store(tmp_path / "other.db")
    other.set_network(small)
    moved = other.import_ledger(small, ref)
    assert moved.dumps() == ref.dumps() and len(other.referrals) == 2
    with pytest.raises(ValueError, match="already holds referrals"):
        other.import_ledger(small, ref.dumps())


def test_open_many_is_all_or_none_and_equals_one_by_one(store, small):
    # the reference: the same referrals opened one at a time on a plain Ledger
    batch = [{"node": "d-east", "organization": "so-1", "first_contact": "s-east-1", "needs": ["office"]},
             {"node": "soc-1", "organization": "so-2", "urgency": "urgent", "id": "x-1", "note": "walk-in"},
             {"node": "d-east"}]
    ref = referral.Ledger(small)
    ids = [ref.open(r["node"], at="2021-01-05", **{k: v for k, v in r.items() if k != "node"}) for r in batch]
    plain = referral.Ledger(small)
    assert plain.open_many(batch, at="2021-01-05") == ids
    assert plain.dumps() == ref.dumps()
    led = store.ledger(small)
    assert led.open_many(batch, at="2021-01-05") == ids
    assert led.dumps() == ref.dumps()
    # read back one by one from the store (by index) = the ledger's records; unknown = None
    for i in ids:
        assert store.referral(i) == led.get(i)
    assert store.referral("no-such") is None
    # a bad third item: nothing of the batch written, no id used up, the error names it
    rows = len(store.referrals)
    bad = [{"node": "d-east"}, {"node": "soc-1", "id": "y-1"}, {"node": "nowhere", "id": "y-2"}]
    with pytest.raises(ValueError, match=r"referral y-2.*node.*2 of the batch"):
        led.open_many(bad, at="2021-02-01")
    with pytest.raises(ValueError, match="duplicate"):
        led.open_many([{"node": "d-east", "id": "z"}, {"node": "d-east", "id": "z"}], at="2021-02-01")
    with pytest.raises(ValueError, match="referral 1 of the batch: colour: unknown field"):
        led.open_many([{"node": "d-east"}, {"node": "d-east", "colour": "red"}], at="2021-02-01")
    with pytest.raises(ValueError, match="urgency"):
        led.open_many([{"node": "d-east", "urgency": "soon"}], at="2021-02-01")
    for needs in (None, 5, "office", ["office", 3]):
        with pytest.raises(ValueError, match="referral 0 of the batch: needs"):
            led.open_many([{"node": "d-east", "needs": needs}], at="2021-02-01")
    with pytest.raises(ValueError, match="field 'at'"):
        led.open_many([{"node": "d-east"}], at="next week")
    assert len(store.referrals) == rows == len(led)
    assert led.open_many([{"node": "d-east"}], at="2021-02-02") == [ref.open("d-east", at="2021-02-02")]
