#!/usr/bin/env python3
"""Side-by-side timing of pymcdm and scikit-criteria on the sizes of bench_evaluate.

Times TOPSIS, VIKOR, PROMETHEE II, entropy and CRITIC in the peers (best of a few runs) on a
units x indicators matrix of values in [1, 100], then (when given the path of our C++
benchmark binary) runs it and prints hatchnet / peer time ratios. pymcdm's PROMETHEE II keeps
m dense n x n tables (10,000 units x 60 criteria = 48 GB), so it is timed on at most
`--promethee-units` units (default 1,000) and compared with our run at the same size.

Also times hatchnet's own Python binding (hatchnet.evaluate, GIL released, inputs converted from
numpy) on the same matrices and prints peer / hatchnet-Python ratios — what a notebook user sees.
Run with PYTHONPATH=<build>/python.

Usage: bench_evaluate_peers.py [--units 10000] [--indicators 60] [--bench build-h7/benchmarks/bench_evaluate]
"""
import argparse
import re
import subprocess
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")


def best(f, reps=3):
    t = 1e300
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - t0)
    return t * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=10000)
    ap.add_argument("--indicators", type=int, default=60)
    ap.add_argument("--promethee-units", type=int, default=1000)
    ap.add_argument("--bench", default=None, help="path of the bench_evaluate binary")
    ap.add_argument("--draws", type=int, default=1000)
    a = ap.parse_args()
    n, m = a.units, a.indicators
    rng = np.random.default_rng(2024)
    x = 1 + 99 * rng.random((n, m))
    t = np.ones(m)
    t[::5] = -1
    w = np.ones(m) / m
    size = f"{n}x{m}"
    peers = {}

    import pymcdm
    from pymcdm.methods import TOPSIS, VIKOR, PROMETHEE_II
    from pymcdm import weights as W
    peers[("topsis", size, "pymcdm")] = best(lambda: TOPSIS()(x, w, t, validation=False))
    peers[("vikor", size, "pymcdm")] = best(lambda: VIKOR()(x, w, t, validation=False))
    peers[("entropy_weights", size, "pymcdm")] = best(lambda: W.entropy_weights(x))
    peers[("critic_weights", size, "pymcdm")] = best(lambda: W.critic_weights(x), reps=1)
    n1 = min(n, a.promethee_units)
    x1 = x[:n1]
    peers[("promethee2 usual", f"{n1}x{m}", "pymcdm")] = best(
        lambda: PROMETHEE_II("usual")(x1, w, t, validation=False), reps=1)

    import skcriteria as skc
    from skcriteria.agg.topsis import TOPSIS as STOPSIS
    from skcriteria.agg.vikor import VIKOR as SVIKOR
    from skcriteria.preprocessing.scalers import VectorScaler
    from skcriteria.preprocessing.weighters import entropy_weights as s_entropy, critic_weights as s_critic
    from skcriteria.pipelines import mkpipe
    objectives = [max if v == 1 else min for v in t]
    dm = skc.mkdm(x, objectives, weights=w)
    pipe = mkpipe(VectorScaler(target="matrix"), STOPSIS())
    peers[("topsis", size, "scikit-criteria")] = best(lambda: pipe.evaluate(dm))
    peers[("vikor", size, "scikit-criteria")] = best(lambda: SVIKOR().evaluate(dm))
    peers[("entropy_weights", size, "scikit-criteria")] = best(lambda: s_entropy(x))
    peers[("critic_weights", size, "scikit-criteria")] = best(lambda: s_critic(x, t))

    ours_py = {}
    try:
        import hatchnet.evaluate as ev
    except ImportError:
        ev = None
        print("# hatchnet Python module not importable (set PYTHONPATH=<build>/python): skipped")
    if ev is not None:
        ours_py[("topsis", size)] = best(lambda: ev.topsis(x, w, t))
        ours_py[("vikor", size)] = best(lambda: ev.vikor(x, w, t))
        ours_py[("entropy_weights", size)] = best(lambda: ev.entropy_weights(x))
        ours_py[("critic_weights", size)] = best(lambda: ev.critic_weights(x))
        ours_py[("promethee2 usual", f"{n1}x{m}")] = best(lambda: ev.promethee2(x1, w, t))
        ours_py[("promethee2 usual", size)] = best(lambda: ev.promethee2(x, w, t), reps=1)
        ours_py[("monte_carlo weights only (wsum)", f"{size} D={a.draws}")] = best(
            lambda: ev.monte_carlo_ranks(x, w, t, draws=a.draws), reps=1)

    from importlib.metadata import version
    print(f"# peers (pymcdm {version('pymcdm')}, scikit-criteria {version('scikit-criteria')})")
    for (name, sz, who), ms in peers.items():
        print(f"{name:34s} {sz:22s} {ms:10.2f} ms   [{who}]")

    if ours_py:
        print("# hatchnet Python binding (hatchnet.evaluate)")
        for (name, sz), ms in ours_py.items():
            print(f"{name:34s} {sz:22s} {ms:10.2f} ms   [hatchnet python]")
        print("# ratio = peer time / hatchnet Python time (higher = hatchnet faster)")
        for (name, sz, who), ms in peers.items():
            if (name, sz) in ours_py:
                print(f"{name:34s} {sz:12s} vs {who:16s} {ms / ours_py[(name, sz)]:8.1f}x")

    if a.bench:
        out = subprocess.run([a.bench, str(n), str(m), "1000000", str(a.draws)],
                             capture_output=True, text=True, check=True).stdout
        print(out)
        ours = {}
        for line in out.splitlines():
            mm = re.match(r"^\s*(.+?)\s{2,}(\S+(?: R=\S+| D=\S+)?)\s+([\d.]+) ms", line)
            if mm:
                ours[(mm.group(1).strip(), mm.group(2).strip())] = float(mm.group(3))
        print("# ratio = peer time / hatchnet time (higher = hatchnet faster)")
        for (name, sz, who), ms in peers.items():
            if (name, sz) in ours:
                print(f"{name:34s} {sz:12s} vs {who:16s} {ms / ours[(name, sz)]:8.1f}x")


if __name__ == "__main__":
    main()
