"""Side-by-side: hatchnet's Python binding against the Python peers, and against our C++.

    PYTHONPATH=build/python python benchmarks/bench_match_peers.py [--quick] [--cli build/bin/hatchnet]

(a) random transportation instances (sources x sinks, 10 arcs per supply node, the family of
benchmarks/netgen.hpp): hatchnet.min_cost_flow vs OR-Tools SimpleMinCostFlow and networkx
network_simplex (smaller sizes only: it is pure Python), and our Python time vs our C++ time
on the very same instance (written as DIMACS and solved by `hatchnet mcf`, whose reported
time is the C++ solve alone — so the Python/C++ ratio includes the numpy conversion and arc
loading that the C++ figure leaves out).
Linear assignment: hatchnet.linear_assignment vs scipy.optimize.linear_sum_assignment and
OR-Tools LinearSumAssignment on dense random matrices; and a sparse instance.
Times are the best of --reps runs; ratios < 1 mean hatchnet is faster. Optimal costs are
checked to agree.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

import hatchnet.matching as M


def best_of(f, reps):
    best, out = float("inf"), None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def transportation(sources, sinks, k, seed):
    rng = np.random.default_rng(seed)
    n = sources + sinks
    sup = np.zeros(n, dtype=np.int64)
    tails, heads, costs = [], [], []
    for s in range(sources):
        b = int(rng.integers(1, 101))
        sup[s] = b
        picks = rng.choice(sinks, size=min(k, sinks), replace=False)
        left = b
        for j, d in enumerate(picks):
            if j == len(picks) - 1:
                x = left
            elif j >= 3:
                x = 0
            else:
                x = int(rng.integers(0, left + 1))
            left -= x
            sup[sources + d] -= x
        tails.append(np.full(len(picks), s))
        heads.append(sources + picks)
        costs.append(rng.integers(1, 1001, len(picks)))
    t = np.concatenate(tails).astype(np.int64)
    h = np.concatenate(heads).astype(np.int64)
    c = np.concatenate(costs).astype(np.int64)
    cap = np.full(len(t), M.INFINITE, dtype=np.int64)
    return t, h, cap, c, sup


def ortools_mcf(t, h, cap, c, sup):
    from ortools.graph.python import min_cost_flow

    f = min_cost_flow.SimpleMinCostFlow()
    total = int(sup[sup > 0].sum())
    f.add_arcs_with_capacity_and_unit_cost(t, h, np.minimum(cap, total), c)
    f.set_nodes_supplies(np.arange(len(sup)), sup)
    st = f.solve()
    assert st == f.OPTIMAL, st
    return f.optimal_cost()


def networkx_mcf(t, h, cap, c, sup):
    import networkx as nx

    g = nx.DiGraph()
    for v, s in enumerate(sup):
        g.add_node(v, demand=-int(s))
    for u, v, w in zip(t.tolist(), h.tolist(), c.tolist()):
        g.add_edge(u, v, weight=w)
    cost, _ = nx.network_simplex(g)
    return cost


def write_dimacs(path, t, h, cap, c, sup):
    with open(path, "w") as f:
        f.write(f"p min {len(sup)} {len(t)}\n")
        for v in np.flatnonzero(sup):
            f.write(f"n {v + 1} {sup[v]}\n")
        capw = np.where(cap == M.INFINITE, int(sup[sup > 0].sum()), cap)
        f.write("\n".join(f"a {a + 1} {b + 1} 0 {k} {w}" for a, b, k, w in zip(t.tolist(), h.tolist(), capw.tolist(), c.tolist())))
        f.write("\n")


def cli_time(cli, path, reps):
    best, cost = float("inf"), None
    for _ in range(reps):
        out = subprocess.run([cli, "mcf", path], check=True, capture_output=True, text=True).stdout
        cost = int(re.search(r"cost: (-?\d+)", out).group(1))
        best = min(best, float(re.search(r"time: ([0-9.]+) s \(solve\)", out).group(1)))
    return best, cost


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cli", default=None, help="the hatchnet program (for the C++ times)")
    args = ap.parse_args()
    cli = args.cli
    if cli is None:
        for cand in ("build-h6/bin/hatchnet", "build/bin/hatchnet", "build-dev/bin/hatchnet"):
            if os.path.exists(cand):
                cli = cand
                break

    print("(a) transportation min-cost flow")
    print(f"{'instance':<16} {'arcs':>7} {'ours.py[s]':>10} {'ours.C++[s]':>11} {'OR-Tools[s]':>11} {'networkx[s]':>11}"
          f" {'py/C++':>7} {'ours/ORT':>8} {'ours/nx':>8} {'cost ok':>7}")
    sizes = [(2000, 200, True), (20000, 2000, False)] + ([] if args.quick else [(40000, 4000, False)])
    for k, (S, T, with_nx) in enumerate(sizes):
        inst = transportation(S, T, 10, 100 + k)
        t, h, cap, c, sup = inst
        ours, r = best_of(lambda: M.min_cost_flow(*inst), args.reps)
        ort, ort_cost = best_of(lambda: ortools_mcf(*inst), args.reps)
        ok = r.cost == ort_cost
        nxs, nx_cost = (float("nan"), None)
        if with_nx:
            nxs, nx_cost = best_of(lambda: networkx_mcf(*inst), 1)
            ok = ok and nx_cost == r.cost
        cpp = float("nan")
        if cli:
            with tempfile.TemporaryDirectory() as d:
                p = os.path.join(d, "inst.min")
                write_dimacs(p, *inst)
                cpp, cpp_cost = cli_time(cli, p, args.reps)
                ok = ok and cpp_cost == r.cost
        print(f"{f'{S}x{T}':<16} {len(t):>7} {ours:>10.4f} {cpp:>11.4f} {ort:>11.4f} {nxs:>11.4f}"
              f" {ours / cpp:>7.2f} {ours / ort:>8.3f} {ours / nxs:>8.4f} {'yes' if ok else 'NO':>7}")

    print("\nlinear assignment")
    from scipy.optimize import linear_sum_assignment
    from ortools.graph.python import linear_sum_assignment as orlsa

    print(f"{'instance':<22} {'ours[s]':>9} {'scipy[s]':>9} {'OR-Tools[s]':>11} {'ours/scipy':>10} {'ours/ORT':>9} {'cost ok':>7}")
    for n in ([500] if args.quick else [500, 2000]):
        rng = np.random.default_rng(n)
        m = rng.integers(0, 100000, (n, n))
        ours, (ri, ci) = best_of(lambda: M.linear_assignment(m), args.reps)
        sc, (sr, scc) = best_of(lambda: linear_sum_assignment(m), args.reps)

        def ort():
            a = orlsa.SimpleLinearSumAssignment()
            a.add_arcs_with_cost(np.repeat(np.arange(n), n), np.tile(np.arange(n), n), m.ravel())
            assert a.solve() == a.OPTIMAL
            return a.optimal_cost()

        os_, ocost = best_of(ort, args.reps)
        ok = int(m[ri, ci].sum()) == int(m[sr, scc].sum()) == ocost
        print(f"{f'dense {n}x{n}':<22} {ours:>9.4f} {sc:>9.4f} {os_:>11.4f} {ours / sc:>10.3f} {ours / os_:>9.3f} {'yes' if ok else 'NO':>7}")
    # sparse: n x n with 10 random entries per row plus a feasible permutation
    import scipy.sparse as sp

    n = 20000 if not args.quick else 5000
    rng = np.random.default_rng(7)
    rows = np.concatenate([np.repeat(np.arange(n), 10), np.arange(n)])
    cols = np.concatenate([rng.integers(0, n, n * 10), rng.permutation(n)])
    w = rng.integers(1, 100000, len(rows)).astype(float)
    mat = sp.csr_matrix((w, (rows, cols)), shape=(n, n))  # duplicates summed; fine for both
    ours, (ri, ci) = best_of(lambda: M.linear_assignment(mat), args.reps)
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    sc, (sr, scc) = best_of(lambda: min_weight_full_bipartite_matching(mat), args.reps)
    coo = mat.tocoo()

    def ort_sparse():
        a = orlsa.SimpleLinearSumAssignment()
        a.add_arcs_with_cost(coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(np.int64))
        assert a.solve() == a.OPTIMAL
        return a.optimal_cost()

    os_, ocost = best_of(ort_sparse, args.reps)
    dense_cost = lambda r, c: float(np.asarray(mat[r, c]).sum())  # noqa: E731
    ok = abs(dense_cost(ri, ci) - dense_cost(sr, scc)) < 1e-6 and abs(dense_cost(ri, ci) - ocost) < 1e-6
    print(f"{f'sparse {n}x{n} (11/row)':<22} {ours:>9.4f} {sc:>9.4f} {os_:>11.4f} {ours / sc:>10.3f} {ours / os_:>9.3f} {'yes' if ok else 'NO':>7}"
          "   (scipy: csgraph.min_weight_full_bipartite_matching)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
