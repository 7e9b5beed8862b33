"""OR-Tools' SimpleMinCostFlow on DIMACS min-cost flow files: the OR-Tools column of
benchmarks/bench_mcf_families.cpp, which writes the instances and runs this script.

    python benchmarks/bench_mcf_families_ortools.py [--reps K] FILE.min ...

Prints one JSON object per line and file: {"file", "seconds", "cpu_seconds", "seconds_max",
"cost", "status"}. The times are those of what a user of the Python API does with arrays already
in memory: add_arcs_with_capacity_and_unit_cost + set_nodes_supplies + solve (reading the file
is not timed), over K runs: "seconds" the best wall time (perf_counter), "cpu_seconds" the best
CPU time of this process (process_time, the same section only), "seconds_max" the worst wall
time. If OR-Tools cannot be imported, prints {"error": ...} and exits with status 3.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np


def read_dimacs(path: str) -> tuple[int, np.ndarray, np.ndarray]:
    """Node count, (node, supply) rows (0-based), arcs (m, 5): tail, head, low, cap, cost (1-based)."""
    n = 0
    sup_rows: list[tuple[int, int]] = []
    arc_lines: list[bytes] = []
    with open(path, "rb") as f:
        for line in f:
            tag = line[:1]
            if tag == b"a":
                arc_lines.append(line[2:])
            elif tag == b"n":
                parts = line.split()
                sup_rows.append((int(parts[1]) - 1, int(parts[2])))
            elif tag == b"p":
                n = int(line.split()[2])
    a = np.array(b" ".join(arc_lines).split(), dtype=np.int64).reshape(-1, 5)  # tail head low cap cost
    return n, np.array(sup_rows, dtype=np.int64).reshape(-1, 2), a


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    try:
        from ortools.graph.python import min_cost_flow
    except Exception as e:  # noqa: BLE001 - any import failure means "no OR-Tools column"
        print(json.dumps({"error": f"OR-Tools not importable: {e}"}), flush=True)
        return 3
    for path in args.files:
        _n, sup, arcs = read_dimacs(path)
        t = np.ascontiguousarray(arcs[:, 0] - 1)
        h = np.ascontiguousarray(arcs[:, 1] - 1)
        cap = np.ascontiguousarray(arcs[:, 3])
        cost = np.ascontiguousarray(arcs[:, 4])
        nodes = np.ascontiguousarray(sup[:, 0]) if len(sup) else np.zeros(0, dtype=np.int64)
        supplies = np.ascontiguousarray(sup[:, 1]) if len(sup) else np.zeros(0, dtype=np.int64)
        best, best_cpu, worst, cost_value, status = float("inf"), float("inf"), 0.0, 0, "not_run"
        for _ in range(max(1, args.reps)):
            c0 = time.process_time()
            t0 = time.perf_counter()
            f = min_cost_flow.SimpleMinCostFlow()
            f.add_arcs_with_capacity_and_unit_cost(t, h, cap, cost)
            f.set_nodes_supplies(nodes, supplies)
            st = f.solve()
            wall = time.perf_counter() - t0
            cpu = time.process_time() - c0
            best, best_cpu, worst = min(best, wall), min(best_cpu, cpu), max(worst, wall)
            status = "optimal" if st == f.OPTIMAL else str(st)
            cost_value = int(f.optimal_cost()) if st == f.OPTIMAL else 0
        print(json.dumps({"file": path, "seconds": best, "cpu_seconds": best_cpu, "seconds_max": worst,
                          "cost": cost_value, "status": status}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
