"""Merge the JSON outputs of several bench_mcf_families runs into one CSV + JSON, recompute
the summary (worst family/size per size for the all-peers and the goal ratio, on wall and on
CPU time; rows meeting the goal; noisy rows) and print it with a Markdown table for the docs.

    python benchmarks/results/merge_mcf_families.py OUT_STEM RUN1.json [RUN2.json ...]

writes OUT_STEM.csv and OUT_STEM.json. A family/size measured in more than one run is taken
from the later run given. Also lists the rows whose goal ratio on wall time is more than 25%
off the one on CPU time (load hit the row's solvers unevenly). Each row keeps the index of the run it comes from; the JSON keeps
every run's machine block (load average, start and end time, source commit).
"""
from __future__ import annotations

import csv
import json
import sys

SOLVERS = ["hatchnet", "hatchnet_ns", "hatchnet_cs", "lemon_ns", "lemon_cs", "ortools"]
SHORT = {"hatchnet": "hatchnet", "hatchnet_ns": "hn-simplex", "hatchnet_cs": "hn-cs", "lemon_ns": "LEMON-NS",
         "lemon_cs": "LEMON-CS", "ortools": "OR-Tools"}
RATIOS = [("ratio_all_wall", "all peers, wall"), ("ratio_all_cpu", "all peers, CPU"),
          ("ratio_goal_wall", "goal, wall"), ("ratio_goal_cpu", "goal, CPU")]
SIZES = ["tiny", "small", "medium", "large"]


def value(row: dict, key: str) -> float | None:
    r = row.get(key)
    return None if r is None else r["ratio"]


def worst(rows: list[dict], key: str) -> dict | None:
    best = None
    for r in rows:
        v = value(r, key)
        if v is not None and (best is None or v > value(best, key)):
            best = r
    if best is None:
        return None
    return {"family": best["family"], "size": best["size"], "ratio": value(best, key), "peer": best[key]["peer"]}


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    stem, inputs = sys.argv[1], sys.argv[2:]
    runs, rows = [], {}
    for i, path in enumerate(inputs):
        d = json.load(open(path))
        runs.append({"file": path.split("/")[-1], "machine": d["machine"], "finished": d.get("finished", True),
                     "rows": len(d["results"])})
        for r in d["results"]:
            r = dict(r, run=i)
            rows[(r["family"], r["size"])] = r
    order = sorted(rows.values(), key=lambda r: (SIZES.index(r["size"]), -(value(r, "ratio_goal_cpu") or 0)))
    goal = 0.8
    summary: dict = {}
    for z in SIZES:
        sel = [r for r in order if r["size"] == z]
        if sel:
            summary[z] = {"worst_" + k[len("ratio_"):]: worst(sel, k) for k, _ in RATIOS}
            summary[z]["rows"] = len(sel)
    summary["every"] = {"worst_" + k[len("ratio_"):]: worst(order, k) for k, _ in RATIOS}
    for clock in ("wall", "cpu"):
        with_goal = [r for r in order if value(r, "ratio_goal_" + clock) is not None]
        summary["goal_met_" + clock] = {"rows": len(with_goal),
                                        "met": sum(value(r, "ratio_goal_" + clock) <= goal for r in with_goal)}
    summary["noisy"] = [f"{r['family']}/{r['size']}" for r in order if r.get("noisy")]
    # rows whose goal ratio on wall time is off its ratio on CPU time by more than 25%: there
    # the waiting for a core hit the solvers of the row unevenly, and the wall ratio is not
    # to be read
    summary["wall_cpu_disagree"] = [
        f"{r['family']}/{r['size']}" for r in order
        if value(r, "ratio_goal_wall") and value(r, "ratio_goal_cpu")
        and not 0.8 <= value(r, "ratio_goal_wall") / value(r, "ratio_goal_cpu") <= 1.25]
    json.dump({"goal": goal, "runs": runs, "results": order, "summary": summary}, open(stem + ".json", "w"), indent=1)
    with open(stem + ".csv", "w", newline="") as f:
        w = csv.writer(f)
        head = ["family", "size", "seed", "n", "m", "run"]
        for s in SOLVERS:
            head += [s + "_s", s + "_cpu_s", s + "_cost"]
        for k, _ in RATIOS:
            head += [k[len("ratio_"):] + "_peer", k]
        head += ["noise", "noisy", "same_optimum"]
        w.writerow(head)
        for r in order:
            line = [r["family"], r["size"], r["seed"], r["n"], r["m"], r["run"]]
            for s in SOLVERS:
                t = r.get(s)
                line += ["", "", ""] if t is None else [t["seconds"], t["cpu_seconds"], t["cost"]]
            for k, _ in RATIOS:
                line += ["", ""] if r.get(k) is None else [r[k]["peer"], r[k]["ratio"]]
            line += [r["noise"], "yes" if r["noisy"] else "no", "yes" if r["same_optimum"] else "no"]
            w.writerow(line)
    # the summary and a Markdown table for docs/benchmarks.md
    for i, run in enumerate(runs):
        m = run["machine"]
        print(f"run {i}: {run['file']} {m['started_utc']} .. {m['now_utc']} commit {m['source_commit']} "
              f"load {m['loadavg_at_start'].split()[:3]} -> {m['loadavg_now'].split()[:3]} rows {run['rows']}"
              f"{'' if run['finished'] else ' (interrupted)'}")
    for z, s in summary.items():
        if z in SIZES + ["every"]:
            print(f"{z:7s} " + "  ".join(f"{label}: " + (f"{s[key]['family']}/{s[key]['size']} {s[key]['ratio']:.2f} "
                                                         f"({SHORT[s[key]['peer']]})" if s.get(key) else "-")
                                         for key, label in (("worst_" + k[len('ratio_'):], lab) for k, lab in RATIOS)))
    for clock in ("wall", "cpu"):
        g = summary["goal_met_" + clock]
        print(f"goal <= {goal} on {clock}: {g['met']} of {g['rows']} rows")
    print("noisy:", ", ".join(summary["noisy"]) or "none")
    print("goal ratio, wall vs CPU off by > 25%:", ", ".join(summary["wall_cpu_disagree"]) or "none")
    print()
    print("| family | size | m | hatchnet wall / CPU [s] | LEMON NS wall / CPU [s] | LEMON CS wall / CPU [s] | "
          "OR-Tools wall / CPU [s] | all: wall | all: CPU | goal: wall | goal: CPU | noisy |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")

    def cell(t):
        return "–" if t is None else f"{t['seconds']:.3f} / {t['cpu_seconds']:.3f}" + ("" if t["optimal"] else " !")

    def rat(r, k):
        v = value(r, k)
        if v is None:
            return "–"
        s = f"{v:.2f}"
        return f"**{s}**" if k.startswith("ratio_goal") and v > goal else s

    for r in order:
        print(f"| {r['family']} | {r['size']} | {r['m']:,} | {cell(r.get('hatchnet'))} | {cell(r.get('lemon_ns'))} | "
              f"{cell(r.get('lemon_cs'))} | {cell(r.get('ortools'))} | {rat(r, 'ratio_all_wall')} | "
              f"{rat(r, 'ratio_all_cpu')} | {rat(r, 'ratio_goal_wall')} | {rat(r, 'ratio_goal_cpu')} | "
              f"{'yes (%.1f)' % r['noise'] if r['noisy'] else ''} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
