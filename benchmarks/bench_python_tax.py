"""What Python adds: each bulk API called from Python against the same call in C++, on the
same instance, in one run.

The script writes the instances (referral requests, an evaluation matrix and scheme, the
match parameters) to a temporary directory, times the Python calls, runs the C++ helper
``bench_python_tax`` (benchmarks/bench_python_tax.cpp) on the same files, and prints one
table: API, C++ time, Python time, their ratio (wall time, best of ``--reps`` runs, and the
least CPU time of those runs: steadier on a shared machine), with the load average. The Python time
is the whole call as a user makes it (DataFrames or dicts in, the result object out, and,
for referrals, the explanation read); the C++ time is the library call on in-memory inputs.

usage: PYTHONPATH=<build>/python python benchmarks/bench_python_tax.py --bench <build>/benchmarks/bench_python_tax
       [--reps 3] [--draws 10000] [--single 3000] [--many 20000] [--only match,coverage,...]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
import time
from typing import Any, Callable, Dict, List, Tuple

import numpy as np

import hatchnet
from hatchnet import evaluate as ev
from hatchnet import matching, referral

NEEDS = [["office"], ["training"], ["venue", "funds"], ["legal"], ["mentoring"], ["registration"],
         ["funds"], ["volunteers"], ["office", "training"], ["international"], ["accounting", "legal"]]


def timed(reps: int, f: Callable[[], Any]) -> Tuple[float, float]:
    """Best wall time and least CPU time of `reps` runs (seconds; each the least of the runs,
    as bench_python_tax.cpp takes them: on a loaded machine the least CPU time is the run
    least slowed by other processes sharing the caches)."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        f()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        best, best_cpu = min(best, wall), min(best_cpu, cpu)
    return best, best_cpu


def scheme(m: int) -> Dict[str, Any]:
    """A points scheme over the columns i0 .. i{m-1}: four areas (as bench_evaluate.cpp)."""
    per, pts = m // 4, (70, 490, 320, 120)
    inds: List[Dict[str, Any]] = []
    for a in range(4):
        inds.append({"id": f"area{a}", "points": pts[a]})
        cnt = m - 3 * per if a == 3 else per
        inds += [{"id": f"i{a * per + k}", "parent": f"area{a}", "weight": 1.0 / cnt, "scoring": "minmax"}
                 for k in range(cnt)]
    return {"id": "bench", "total_points": 1000, "indicators": inds, "strict_sums": False,
            "grades": [{"name": g, "min_points": p} for g, p in
                       (("5A", 900), ("4A", 800), ("3A", 700), ("2A", 600), ("1A", 500))]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", help="path of the built bench_python_tax program (else Python only)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--draws", type=int, default=10000, help="Monte-Carlo draws")
    ap.add_argument("--units", type=int, default=10000, help="evaluation matrix rows")
    ap.add_argument("--indicators", type=int, default=60, help="evaluation matrix columns")
    ap.add_argument("--single", type=int, default=3000, help="referrals routed one at a time")
    ap.add_argument("--many", type=int, default=20000, help="referrals routed by refer_many / refer_batch")
    ap.add_argument("--only", default="", help="comma-separated rows to time (default: all), e.g. match,topsis")
    a = ap.parse_args()
    only = {k for k in a.only.split(",") if k}

    net = hatchnet.datasets.beijing()
    nodes = net.nodes.set_index("id")
    routing = set(referral.default_policy()["routing_tiers"])
    tier = nodes["tier"].to_dict()
    ids = [o for o, h in zip(net.organizations["id"], net.organizations["home"]) if tier.get(h) in routing]
    reqs = [{"organization": ids[(k * 31) % len(ids)], "needs": NEEDS[k % len(NEEDS)]} for k in range(a.many)]
    single = [reqs[k % len(reqs)] for k in range(a.single)]
    rng = np.random.default_rng(2024)
    x = 1 + 99 * rng.random((a.units, a.indicators))
    t = np.ones(a.indicators)
    t[::5] = -1
    w = ev.equal_weights(a.indicators)
    sch = scheme(a.indicators)
    cols = [f"i{j}" for j in range(a.indicators)]
    data = {c: x[:, j] for j, c in enumerate(cols)}
    needs, resources = matching.demo_demand(net, seed=2017)

    py: Dict[str, Tuple[float, float]] = {}

    def run(name: str, reps: int, f: Callable[[], Any]) -> None:
        if not only or name in only:
            py[name] = timed(reps, f)

    router = referral.Router(net)
    if not only or any(k.startswith("refer") for k in only):
        router.warm_up()
    run("refer_single", a.reps, lambda: [router.refer(q).explanation for q in single])
    run("refer_single_dict", a.reps, lambda: [router.refer(q).to_dict() for q in single])

    def many_tables() -> List[Any]:
        # one refer_many, then its four tables (before: one refer_many per table; the C++ row routes once)
        s = router.refer_many(reqs, threads=1)
        return [getattr(s, k) for k in ("decisions", "candidates", "excluded", "route")]

    run("refer_many", a.reps, many_tables)
    run("refer_batch", a.reps, lambda: router.refer_batch(reqs).assignments)
    run("match", a.reps, lambda: net.match(needs, resources))
    run("coverage", a.reps, lambda: net.coverage())
    loaded = ev.load_scheme(sch)
    run("evaluate_scheme", a.reps, lambda: ev.evaluate_scheme(loaded, data))
    run("topsis", a.reps, lambda: ev.topsis(x, w, t))
    run("monte_carlo_wsum", 1, lambda: ev.monte_carlo_ranks(x, w, t, draws=a.draws, threads=1))
    run("monte_carlo_3x5", 1, lambda: ev.monte_carlo_ranks(
        x, w, t, draws=a.draws, threads=1, normalisations=["minmax", "zscore", "rank"],
        aggregations=["weighted_sum", "geometric", "topsis", "vikor", "promethee2"]))

    cpp: Dict[str, Tuple[float, float]] = {}
    if a.bench:
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "requests.json"), "w", encoding="utf-8") as f:
                json.dump(reqs, f)
            np.ascontiguousarray(x, dtype="<f8").tofile(os.path.join(d, "matrix.bin"))
            with open(os.path.join(d, "matrix.shape"), "w") as f:
                f.write(f"{a.units} {a.indicators}\n")
            with open(os.path.join(d, "scheme.json"), "w", encoding="utf-8") as f:
                json.dump(sch, f)
            with open(os.path.join(d, "params.json"), "w", encoding="utf-8") as f:
                json.dump({"draws": a.draws, "single": a.single, "match_seed": 2017, "match_needs": 0,
                           "supply_percent": 85}, f)
            cmd = [a.bench, d, str(a.reps)]
            if only:
                extra = {"match": ["match_hooked", "match_parse", "match_from_json"], "refer_single_dict": ["refer_single"]}
                cmd.append(",".join(sorted(only | {x for k in only for x in extra.get(k, [])})))
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        for name, wall, cpu in re.findall(r"RESULT (\S+) (\S+) (\S+)", out):
            cpp[name] = (float(wall), float(cpu))
        if "refer_single" in cpp:
            cpp["refer_single_dict"] = cpp["refer_single"]

    what = {
        "refer_single": f"{a.single:,} x refer + .explanation (arrays)",
        "refer_single_dict": f"{a.single:,} x refer + .to_dict()",
        "refer_many": f"refer_many {a.many:,} (1 thread) + 4 tables",
        "refer_batch": f"refer_batch {a.many:,} + assignments",
        "match": f"match, demo demand ({len(needs):,} needs, {len(resources):,} resources)",
        "coverage": "coverage (Beijing, every region)",
        "evaluate_scheme": f"evaluate_scheme {a.units:,} x {a.indicators}",
        "topsis": f"topsis {a.units:,} x {a.indicators}",
        "monte_carlo_wsum": f"monte_carlo_ranks D={a.draws:,} wsum, 1 thread",
        "monte_carlo_3x5": f"monte_carlo_ranks D={a.draws:,} 3 norms x 5 aggs, 1 thread",
    }
    print(f"# hatchnet {hatchnet.__version__}: Python vs C++ on the same instances; "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}; best of {a.reps} (Monte-Carlo: 1)")
    print(f"{'API':58s} {'C++ s':>9s} {'Python s':>9s} {'ratio':>6s}   {'C++ cpu':>8s} {'Py cpu':>8s} {'ratio':>6s}")
    for k, label in what.items():
        if k not in py:
            continue
        pw, pc = py[k]
        if k in cpp:
            cw, cc = cpp[k]
            print(f"{label:58s} {cw:9.4f} {pw:9.4f} {pw / cw:6.2f}   {cc:8.4f} {pc:8.4f} {pc / max(cc, 1e-9):6.2f}")
        else:
            print(f"{label:58s} {'-':>9s} {pw:9.4f} {'-':>6s}   {'-':>8s} {pc:8.4f}")
    for k in ("refer_single", "refer_single_dict"):
        if k not in py:
            continue
        pw, pc = py[k]
        print(f"# {what[k]}: {a.single / pw:,.0f} referrals/s wall, {a.single / pc:,.0f}/s per CPU second")
    if "match_from_json" in cpp:
        print(f"# C++ match from JSON text (parse + solve): {cpp['match_from_json'][0]:.4f} s wall, "
              f"{cpp['match_from_json'][1]:.4f} s cpu; parsing the needs and resources alone "
              f"{cpp['match_parse'][1]:.4f} s cpu")


if __name__ == "__main__":
    main()
