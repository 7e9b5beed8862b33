"""The records store against the same work in plain sqlite3 from Python, with ratios (#13).

Work: n transitions (n/4 incubations over 1,000 incubators, each applied, admitted, incubating
and graduated, in date order), `batch` per transaction, WAL and synchronous=NORMAL (as the store), with the same
checks hatchnet makes (legal transition, date order per record / incubator / organization,
capacity, one residence) written as an analyst would with the sqlite3 module, on the schema of
a hatchnet store (docs/records-schema.md); then the counts by incubator and stage, now and as of
a date. Runs:

* plain sqlite3 from Python (this file);
* hatchnet from Python (hatchnet.Store.record, transitions as dicts);
* hatchnet C++ (benchmarks/bench_records, when --bench points at the built program).
Each measure is printed as wall time and CPU time (user + system of this process, or of the
C++ program): the machine may be shared, and CPU time is what the work itself costs.

usage: PYTHONPATH=<build>/python python benchmarks/bench_records_peers.py [--bench PATH] [--n 200000] [--batch 10000]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import subprocess
import tempfile
import time

import pandas  # noqa: F401  (imported before the timings: hatchnet imports it on first use)

import hatchnet

LEGAL = {"applied": {"admitted", "exited", "withdrawn"}, "admitted": {"incubating", "exited", "withdrawn"},
         "incubating": {"graduated", "exited", "withdrawn"}}
HOLDS = {"admitted", "incubating"}


def date_of(day: int) -> str:
    return f"{2017 + day // 336:04d}-{1 + (day % 336) // 28:02d}-{1 + day % 28:02d}"


def transitions(n: int):
    incs = n // 4
    span = 9 * 336 - 1
    for k in range(incs):
        at = date_of(k * span // max(incs, 1))
        yield {"id": f"i{k}", "to": "applied", "at": at, "organization": f"o{k}", "node": f"n{k % 1000}"}
        for s in ("admitted", "incubating", "graduated"):
            yield {"id": f"i{k}", "to": s, "at": at}


def network(orgs: int) -> hatchnet.Network:
    return hatchnet.Network.loads(json.dumps({
        "format": "hatchnet-network", "version": 1, "name": "bench",
        "regions": [{"code": "11", "name": "city", "kind": "province"},
                    {"code": "110101", "name": "district", "kind": "district"}],
        "nodes": [{"id": f"n{i}", "name": f"n{i}", "tier": "street", "region": "110101", "capacity": 1000000}
                  for i in range(1000)],
        "edges": [],
        "organizations": [{"id": f"o{i}", "name": f"o{i}", "type": "association", "stage": "founding",
                           "registration": "district", "region": "110101"} for i in range(orgs)]}), validate=False)


class Timer:
    """Wall and CPU seconds of a block (CPU: this process, all its threads)."""

    def __enter__(self) -> "Timer":
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.w0, time.process_time() - self.c0


def apply_sql(cur: sqlite3.Cursor, t: dict) -> None:
    """One transition with hatchnet's checks, in plain SQL."""
    at = t["at"]
    if t["to"] == "applied":
        (node_last,) = cur.execute("SELECT last_at FROM incubators WHERE id = ?", (t["node"],)).fetchone()
        (org_last,) = cur.execute("SELECT last_at FROM organizations WHERE id = ?", (t["organization"],)).fetchone()
        if at < node_last or at < org_last:
            raise ValueError(f"incubation {t['id']}: out of order")
        if cur.execute("SELECT 1 FROM incubations WHERE id = ?", (t["id"],)).fetchone():
            raise ValueError("duplicate")
        cur.execute("INSERT INTO incubations(id, organization, node, referral, services, stage, outcome, last_at) "
                    "VALUES(?, ?, ?, '', '[]', 'applied', '', ?)", (t["id"], t["organization"], t["node"], at))
        cur.execute("INSERT INTO incubation_events(incubation, at, from_stage, stage, note) VALUES(?, ?, NULL, 'applied', '')",
                    (t["id"], at))
        cur.execute("UPDATE incubators SET last_at = ? WHERE id = ?", (at, t["node"]))
        cur.execute("UPDATE organizations SET last_at = ? WHERE id = ?", (at, t["organization"]))
        return
    org, node, stage, last = cur.execute("SELECT organization, node, stage, last_at FROM incubations WHERE id = ?",
                                         (t["id"],)).fetchone()
    if t["to"] not in LEGAL.get(stage, ()):
        raise ValueError("illegal transition")
    node_last, residents, cap = cur.execute("SELECT last_at, residents, capacity FROM incubators WHERE id = ?",
                                            (node,)).fetchone()
    org_last, residence = cur.execute("SELECT last_at, residence FROM organizations WHERE id = ?", (org,)).fetchone()
    if at < last or at < node_last or at < org_last:
        raise ValueError("out of order")
    delta = 0
    if t["to"] == "admitted":
        if residents >= cap or residence:
            raise ValueError("no place")
        delta = 1
    elif stage in HOLDS and t["to"] not in HOLDS:
        delta = -1
    cur.execute("UPDATE incubations SET stage = ?, last_at = ? WHERE id = ?", (t["to"], at, t["id"]))
    cur.execute("INSERT INTO incubation_events(incubation, at, from_stage, stage, note) VALUES(?, ?, ?, ?, '')",
                (t["id"], at, stage, t["to"]))
    if delta:
        cur.execute("UPDATE incubators SET residents = residents + ? WHERE id = ?", (delta, node))
        cur.execute("UPDATE organizations SET residence = ? WHERE id = ?", (t["id"] if delta > 0 else None, org))
    cur.execute("UPDATE incubators SET last_at = ? WHERE id = ?", (at, node))
    cur.execute("UPDATE organizations SET last_at = ? WHERE id = ?", (at, org))


COUNTS_NOW = "SELECT i.node, i.stage, count(*) FROM incubations i GROUP BY i.node, i.stage"
COUNTS_AT = ("SELECT i.node, e.stage, count(*) FROM incubations i JOIN incubation_events e ON e.seq = "
             "(SELECT max(seq) FROM incubation_events x WHERE x.incubation = i.id AND x.at <= ?) GROUP BY i.node, e.stage")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", help="path of the built bench_records program")
    ap.add_argument("--n", type=int, default=200000)
    ap.add_argument("--batch", type=int, default=10000)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    net = network(args.n // 4)
    ts = list(transitions(args.n))

    # plain sqlite3, on the schema of a hatchnet store (created empty by hatchnet, then written here)
    path = os.path.join(tmp, "plain.db")
    hatchnet.Store(path).set_network(net)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    cur = con.cursor()
    with Timer() as plain_write:
        for i in range(0, len(ts), args.batch):
            cur.execute("BEGIN IMMEDIATE")
            for t in ts[i:i + args.batch]:
                apply_sql(cur, t)
            cur.execute("COMMIT")
    with Timer() as plain_q1:
        plain_rows = sorted(cur.execute(COUNTS_NOW).fetchall())
    with Timer() as plain_q2:
        plain_rows_at = sorted(cur.execute(COUNTS_AT, ("2021-06-30",)).fetchall())
    con.close()

    # hatchnet from Python
    st = hatchnet.Store(os.path.join(tmp, "hatchnet.db"))
    st.set_network(net)
    with Timer() as hn_write:
        for i in range(0, len(ts), args.batch):
            st.record(ts[i:i + args.batch])
    with Timer() as hn_q1:
        now = st.counts()
    with Timer() as hn_q2:
        at = st.counts("2021-06-30")

    # the same answers both ways
    assert sum(r[2] for r in plain_rows) == int(now.to_numpy().sum()) == len(ts) // 4
    assert all(at.loc[node, stage] == k for node, stage, k in plain_rows_at)
    assert sum(k for _, _, k in plain_rows_at) == int(at.to_numpy().sum())

    def row(what: str, plain: Timer, hn: Timer, per: int = 0) -> None:
        rate = f" {per / hn.wall:9.0f} /s" if per else ""
        print(f"  {what:<20} plain {plain.wall:7.3f} s wall {plain.cpu:7.3f} s CPU | hatchnet {hn.wall:7.3f} s wall "
              f"{hn.cpu:7.3f} s CPU{rate} | ratio wall {plain.wall / hn.wall:5.2f}x CPU {plain.cpu / max(hn.cpu, 1e-9):5.2f}x")

    print(f"{len(ts)} transitions, {args.batch} per transaction (WAL, synchronous=NORMAL); load average "
          f"{os.getloadavg()[0]:.1f}")
    row("write (from Python)", plain_write, hn_write, len(ts))
    row("counts now", plain_q1, hn_q1)
    row("counts as of a date", plain_q2, hn_q2)
    if args.bench:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([args.bench, "--n", str(args.n), "--batch", str(args.batch), "--dir", tmp],
                             capture_output=True, text=True, check=True).stdout
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        m = re.search(r"RESULT write_seconds=([0-9.]+)", out)
        if m:
            cpp = float(m.group(1))
            print(f"  write (C++ program)  {cpp:7.3f} s wall, {len(ts) / cpp:9.0f} /s, ratio wall "
                  f"{plain_write.wall / cpp:5.2f}x; the whole program (setup, write, queries): {cpu:.2f} s CPU")
        print(out, end="")
    print("(ratio: plain sqlite3 time / hatchnet time; above 1, hatchnet is faster)")


if __name__ == "__main__":
    main()
