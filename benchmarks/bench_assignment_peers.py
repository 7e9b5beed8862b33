#!/usr/bin/env python3
"""Linear assignment: hatchnet against scipy and OR-Tools on the same instances.

Reproduce (from the repository root, after building the C++ benchmark):

    cmake --build <build> --target bench_assignment
    .venv/bin/python benchmarks/bench_assignment_peers.py --bench <build>/benchmarks/bench_assignment

Instances (numpy, seeded, so every run sees the same data):
  * dense n x n, integer costs uniform in [0, 100000), n in --dense (default 1000 2000);
  * sparse n x n with k allowed columns per row: one column of a hidden random permutation
    (so a perfect matching exists) plus k - 1 uniform random columns (repeats possible, the
    cheapest parallel edge counts), integer costs uniform in [0, 10000); the sizes of
    bench_assignment.cpp (--sparse default 5000:10 20000:10 50000:20).
Each instance is written to a temporary file in the format of `bench_assignment --instance`
(see the top of bench_assignment.cpp); our C++ solver is timed by that binary (int64 costs,
and with --double also the double path that the C ABI and Python bindings use). The peers are
timed in this process: scipy.optimize.linear_sum_assignment (dense),
scipy.sparse.csgraph.min_weight_full_bipartite_matching (sparse) and OR-Tools
SimpleLinearSumAssignment (both; "ortools" = add_arcs_with_cost + solve, "ortools-solve" =
solve alone). Every time is the best of --repeat runs. Ratios are ours / peer (< 1: we are
faster); "cost ok" checks that all optimal costs agree.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import tempfile
import time

import numpy as np


def best(repeat, f):
    t, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        t = min(t, time.perf_counter() - t0)
    return t, out


def write_instance(path, kind, rows, cols, r, c, w):
    with open(path, "wb") as f:
        f.write(b"HNASSIGN")
        np.array([kind, rows, cols, len(w)], dtype="<i8").tofile(f)
        if kind == 1:
            np.asarray(r, dtype="<i4").tofile(f)
            np.asarray(c, dtype="<i4").tofile(f)
        np.asarray(w, dtype="<i8").tofile(f)


def ours(bench, path, repeat, as_double=False):
    cmd = [bench, "--instance", path, "--repeat", str(repeat)] + (["--double"] if as_double else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    m = re.search(r"time (\S+) cost (\S+) status (\S+)", out)
    if not m or m.group(3) != "optimal":
        raise RuntimeError(f"unexpected output from {cmd}: {out!r}")
    return float(m.group(1)), float(m.group(2))


def ortools_lsa(rows, cols, w):
    from ortools.graph.python import linear_sum_assignment as lsa

    def build():
        a = lsa.SimpleLinearSumAssignment()
        a.add_arcs_with_cost(rows, cols, w)
        return a

    def build_and_solve():
        a = build()
        if a.solve() != a.OPTIMAL:
            raise RuntimeError("OR-Tools: not optimal")
        return a.optimal_cost()

    return build, build_and_solve


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default="build/benchmarks/bench_assignment")
    ap.add_argument("--dense", type=int, nargs="*", default=[1000, 2000])
    ap.add_argument("--sparse", nargs="*", default=["5000:10", "20000:10", "50000:20"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--double", action="store_true", help="also time our double-cost path")
    args = ap.parse_args()

    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    hdr = (f"{'instance':<24} {'ours[s]':>9} {'scipy[s]':>9} {'ortools[s]':>10} {'ort-solve':>9} "
           f"{'ours/scipy':>10} {'ours/ort':>9} {'ours/ortS':>9} {'cost ok':>7}")
    print(hdr)
    bad = 0
    tmpdir = tempfile.mkdtemp(prefix="hn_assign_")
    rows_out = []

    def report(name, t_ours, t_scipy, t_ort, t_orts, ok, costs):
        nonlocal bad
        bad += not ok
        sc = f"{t_scipy:9.4f}" if t_scipy is not None else f"{'-':>9}"
        rs = f"{t_ours / t_scipy:10.3f}" if t_scipy else f"{'-':>10}"
        print(f"{name:<24} {t_ours:9.4f} {sc} {t_ort:10.4f} {t_orts:9.4f} {rs} "
              f"{t_ours / t_ort:9.3f} {t_ours / t_orts:9.3f} {'yes' if ok else 'NO ' + str(costs):>7}", flush=True)

    def compare(name, path, rows, cols, costs, t_s, c_s):
        """OR-Tools on the edge list, then ours (int64, and double with --double) on the file."""
        build, solve_all = ortools_lsa(rows, cols, costs)
        t_o, c_o = best(args.repeat, solve_all)
        t_os, _ = best(1, build().solve)
        variants = [("int64", False)] + ([("double", True)] if args.double else [])
        for label, dbl in variants:
            t_h, c_h = ours(args.bench, path, args.repeat, dbl)
            report(f"{name} {label}", t_h, t_s, t_o, t_os, int(c_h) == c_s == c_o, (c_h, c_s, c_o))
        os.remove(path)

    for n in args.dense:
        rng = np.random.default_rng(n)
        C = rng.integers(0, 100000, size=(n, n), dtype=np.int64)
        path = os.path.join(tmpdir, f"dense{n}.bin")
        write_instance(path, 0, n, n, None, None, C.ravel())
        t_s, (ri, ci) = best(args.repeat, lambda: linear_sum_assignment(C))
        c_s = int(C[ri, ci].sum())
        rr = np.repeat(np.arange(n, dtype=np.int64), n)
        cc = np.tile(np.arange(n, dtype=np.int64), n)
        compare(f"dense {n}x{n}", path, rr, cc, C.ravel(), t_s, c_s)

    for spec in args.sparse:
        n, k = (int(x) for x in spec.split(":"))
        rng = np.random.default_rng(1000003 * n + k)
        cols = rng.integers(0, n, size=(n, k), dtype=np.int64)
        cols[:, 0] = rng.permutation(n)
        cols = cols.ravel()
        rows = np.repeat(np.arange(n, dtype=np.int64), k)
        w = rng.integers(0, 10000, size=n * k, dtype=np.int64)
        path = os.path.join(tmpdir, f"sparse{n}_{k}.bin")
        write_instance(path, 1, n, n, rows, cols, w)
        # scipy sums duplicate entries and drops none: keep the cheapest parallel edge, and
        # shift costs by +1 so that no weight is an explicit zero
        order = np.lexsort((w, cols, rows))
        r2, c2, w2 = rows[order], cols[order], w[order]
        first = np.ones(len(r2), dtype=bool)
        first[1:] = (r2[1:] != r2[:-1]) | (c2[1:] != c2[:-1])
        r2, c2, w2 = r2[first], c2[first], w2[first]

        def scipy_sparse():
            M = csr_matrix((w2 + 1, (r2, c2)), shape=(n, n))
            ri, ci = min_weight_full_bipartite_matching(M)
            return int(M[ri, ci].sum()) - n

        t_s, c_s = best(args.repeat, scipy_sparse)
        compare(f"sparse {n} k={k}", path, rows, cols, w, t_s, c_s)
    os.rmdir(tmpdir)
    print("(ratios ours/peer: < 1 means hatchnet is faster; ortools = add_arcs_with_cost + solve, "
          "ort-solve = solve only; scipy sparse = min_weight_full_bipartite_matching)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
