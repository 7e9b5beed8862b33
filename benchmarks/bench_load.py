"""Loading benchmarks (issue 15, item 3): the network file and ``import hatchnet``.

Prints, from one run (each figure the best of ``--repeat`` tries, with the load average; wall
time and CPU time, since on a shared machine the wall time also counts others' use of the cores):

* Beijing (data/beijing.json.gz): hatchnet's load + validation (``bench_network beijing``, the
  C++ ``io::load_json_file`` then ``validate``), ``hatchnet.Network.load`` from Python, and
  Python's own ``json.load`` of the same gzipped file; the ratios (goal <= 0.25);
* national scale (1.2M organizations, made by ``bench_network national`` with the synth
  generators on first use and kept in the temp directory): load + validation time and peak RSS
  (goals <= 3 s, <= 1 GB);
* ``import hatchnet`` (``python -X importtime``, the package's cumulative time; goal <= 0.15 s);
* with ``--kernels``, the Beijing and national loads again under simdjson's portable fallback
  kernel (``SIMDJSON_FORCE_IMPLEMENTATION=fallback``): what the SIMD kernel that libsimdjson picks
  at run time (named after the CPU's flags) buys.

usage: PYTHONPATH=build/python python benchmarks/bench_load.py [--build-dir build] [--repeat 5]
       [--no-national] [--kernels]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, List, Tuple

ROOT = Path(__file__).resolve().parent.parent


def best(times: List[float]) -> float:
    return min(times)


def run_bench(binary: Path, *args: str, kernel: str = "") -> Tuple[float, float, float]:
    """(load + validate seconds, peak RSS MB, CPU seconds) printed by bench_network; `kernel`:
    the simdjson kernel to force (empty: the one libsimdjson picks at run time)."""
    env = dict(os.environ)
    env.pop("SIMDJSON_FORCE_IMPLEMENTATION", None)
    if kernel:
        env["SIMDJSON_FORCE_IMPLEMENTATION"] = kernel
    out = subprocess.run([str(binary), *args], check=True, capture_output=True, text=True, env=env).stdout
    m = re.search(r"load_validate_seconds=([0-9.]+) peak_rss_mb=([0-9.]+) cpu_seconds=([0-9.]+)", out)
    if not m:
        sys.exit(f"bench_load: unexpected output of {binary.name}:\n{out}")
    return float(m.group(1)), float(m.group(2)), float(m.group(3))


def python_cpu(fn: Callable[[], object]) -> Tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    c, t = time.process_time(), time.perf_counter()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def python_json_load(path: Path) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        json.load(f)


def expected_kernel() -> str:
    """The simdjson kernel libsimdjson picks on this CPU (its run-time rule, from /proc/cpuinfo)."""
    if os.environ.get("SIMDJSON_FORCE_IMPLEMENTATION"):
        return os.environ["SIMDJSON_FORCE_IMPLEMENTATION"] + " (forced)"
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown"
    m = re.search(r"^(flags|Features)\s*:(.*)$", text, re.M)
    flags = set(m.group(2).split()) if m else set()
    if {"avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512_vbmi2", "avx2", "bmi1",
            "pclmulqdq", "abm"} <= flags:
        return "icelake"
    if {"avx2", "bmi1", "pclmulqdq", "abm"} <= flags:
        return "haswell"
    if {"sse4_2", "pclmulqdq"} <= flags:
        return "westmere"
    if "asimd" in flags:
        return "arm64"
    return "fallback"


def load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def import_time() -> float:
    """Seconds of ``import hatchnet`` (its cumulative line of -X importtime), in a fresh process."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", "import hatchnet"],
                       check=True, capture_output=True, text=True, env=dict(os.environ))
    for line in r.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == "hatchnet":
            return int(parts[1]) / 1e6
    sys.exit("bench_load: no 'hatchnet' line in -X importtime's output")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=str(ROOT / "build"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-national", action="store_true")
    ap.add_argument("--kernels", action="store_true",
                    help="also time the loads under simdjson's portable fallback kernel")
    a = ap.parse_args()
    binary = Path(a.build_dir) / "benchmarks" / "bench_network"
    if not binary.exists():
        sys.exit(f"bench_load: {binary} not found (configure with -DHATCHNET_BUILD_BENCHMARKS=ON)")
    data = ROOT / "data" / "beijing.json.gz"

    print(f"load average: {load_avg()} ({os.cpu_count()} cores); simdjson kernel: {expected_kernel()}")
    cpp_runs = [run_bench(binary, "beijing", "--file", str(data)) for _ in range(a.repeat)]
    cpp, cpp_cpu = best([r[0] for r in cpp_runs]), best([r[2] for r in cpp_runs])
    js = [python_cpu(lambda: python_json_load(data)) for _ in range(a.repeat)]
    py_json, py_json_cpu = best([r[0] for r in js]), best([r[1] for r in js])
    import hatchnet
    hn = [python_cpu(lambda: hatchnet.Network.load(str(data))) for _ in range(a.repeat)]
    py_hn, py_hn_cpu = best([r[0] for r in hn]), best([r[1] for r in hn])
    print(f"Beijing ({data.name}, best of {a.repeat}; wall time, then CPU time):")
    print(f"  hatchnet load+validate (C++)    {cpp:7.3f} s  {cpp_cpu:7.3f} s CPU   "
          f"ratio to json.load {cpp / py_json:5.2f} wall, {cpp_cpu / py_json_cpu:5.2f} CPU  (goal <= 0.25)")
    print(f"  hatchnet.Network.load (Python)  {py_hn:7.3f} s  {py_hn_cpu:7.3f} s CPU   "
          f"ratio to json.load {py_hn / py_json:5.2f} wall, {py_hn_cpu / py_json_cpu:5.2f} CPU")
    print(f"  Python json.load of the .gz     {py_json:7.3f} s  {py_json_cpu:7.3f} s CPU")
    if a.kernels:
        fb = [run_bench(binary, "beijing", "--file", str(data), kernel="fallback") for _ in range(a.repeat)]
        print(f"  hatchnet load+validate, fallback kernel  {best([r[0] for r in fb]):7.3f} s  "
              f"{best([r[2] for r in fb]):7.3f} s CPU")

    if not a.no_national:
        path = Path(tempfile.gettempdir()) / "hatchnet_national.json.gz"
        runs = [run_bench(binary, "national", "--file", str(path)) for _ in range(max(1, a.repeat // 2))]
        t, cpu = best([r[0] for r in runs]), best([r[2] for r in runs])
        rss = max(r[1] for r in runs)
        print(f"national (1.2M organizations, {path}):")
        print(f"  load+validate {t:.2f} s wall, {cpu:.2f} s CPU (goal <= 3 s), "
              f"peak RSS {rss:.0f} MB (goal <= 1024 MB)")
        if a.kernels:
            fb = [run_bench(binary, "national", "--file", str(path), kernel="fallback")
                  for _ in range(max(1, a.repeat // 2))]
            print(f"  fallback kernel: {best([r[0] for r in fb]):.2f} s wall, "
                  f"{best([r[2] for r in fb]):.2f} s CPU, peak RSS {max(r[1] for r in fb):.0f} MB")

    imp = best([import_time() for _ in range(a.repeat)])
    print(f"import hatchnet: {imp:.3f} s (goal <= 0.15 s)")
    print(f"load average at the end: {load_avg()}")


if __name__ == "__main__":
    main()
