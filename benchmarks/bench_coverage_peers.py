"""Coverage, balance and planning: hatchnet against the same computations in numpy / networkx.

Each line times one computation both ways on the Beijing network (best of --repeat runs) and
prints the ratio peer / hatchnet (> 1: hatchnet is faster). hatchnet is timed through its
Python API, so its figures include building the DataFrames.

usage: PYTHONPATH=<build>/python python benchmarks/bench_coverage_peers.py [--repeat N]
"""
from __future__ import annotations

import argparse
import math
import time

import networkx as nx
import numpy as np
import pandas as pd

import hatchnet
from hatchnet import coverage as cov


def best(repeat, f):
    t = math.inf
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        t = min(t, time.perf_counter() - t0)
    return t, out


def np_gini(x, w):
    o = np.argsort(x, kind="stable")
    x, w = x[o], w[o]
    P, Y = w.sum(), (w * x).sum()
    before = np.cumsum(w) - w
    after = P - before - w
    return float((w * x * (before - after)).sum() / (P * Y))


def np_theil(x, w):
    mu = (w * x).sum() / w.sum()
    r = x / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(r > 0, r * np.log(r), 0.0)
    return float((w / w.sum() * t).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    net = hatchnet.Network.beijing()
    nodes, orgs, regions = net.nodes, net.organizations, net.regions
    rows = []

    # 1. coverage counts + balance per district / street (pandas groupby)
    def peer_counts():
        counted = nodes[nodes.tier.isin(["district", "street", "social"])]
        by_d = counted.groupby("district").capacity.agg(["sum", "size"])
        streets = counted[counted.region.str.len() >= 9]
        by_s = streets.assign(street=streets.region.str[:9]).groupby("street").capacity.sum()
        o_d = orgs.groupby("district").size()
        o_s = orgs[orgs.region.str.len() >= 9].assign(street=lambda d: d.region.str[:9]).groupby("street").size()
        d = pd.concat([by_d, o_d.rename("orgs")], axis=1).fillna(0)
        s = pd.concat([by_s.rename("cap"), o_s.rename("orgs")], axis=1).fillna(0)
        d = d[d.orgs > 0]
        s = s[s.orgs > 0]
        return (np_gini((d["sum"] / d.orgs).to_numpy(), d.orgs.to_numpy(float)),
                np_theil((s.cap / s.orgs).to_numpy(), s.orgs.to_numpy(float)))

    def ours_counts():
        b = net.balance()
        m = b.metrics
        return (m.iloc[0].gini, m.iloc[2].theil)

    tp, vp = best(args.repeat, peer_counts)
    to, vo = best(args.repeat, ours_counts)
    assert abs(vp[0] - vo[0]) < 1e-9 and abs(vp[1] - vo[1]) < 1e-9, (vp, vo)
    rows.append(("balance: district Gini + street Theil (pandas/numpy)", tp, to))

    # 2. hops from every community station to the nearest street incubator (networkx)
    g = nx.Graph()
    g.add_nodes_from(nodes.id)
    e = net.edges
    g.add_edges_from(zip(e["from"], e["to"]))
    streets = list(nodes.id[nodes.tier == "street"])

    def peer_hops():
        return nx.multi_source_dijkstra_path_length(g, streets)

    def ours_hops():
        return cov.coverage(net, two_step=False)

    tp, _ = best(args.repeat, peer_hops)
    to, _ = best(args.repeat, ours_hops)
    rows.append(("hops to nearest street incubator (networkx) vs hatchnet full coverage table + DataFrame", tp, to))

    # 3. Gini + Theil on 1,000,000 random values (numpy)
    rng = np.random.default_rng(1)
    x = rng.gamma(2.0, 1.0, 1_000_000)
    w = rng.integers(1, 100, x.size).astype(float)
    tp, vp = best(args.repeat, lambda: (np_gini(x, w), np_theil(x, w)))
    to, vo = best(args.repeat, lambda: (cov.gini(x, w), cov.theil(x, w)))
    assert abs(vp[0] - vo[0]) < 1e-9 and abs(vp[1] - vo[1]) < 1e-9
    rows.append(("Gini + Theil of 1e6 weighted values (numpy)", tp, to))

    # 4. k = 50 maximal covering by region: one station per community without one (numpy greedy)
    comm = regions[regions.level == "community"].code.to_numpy()
    has = set(nodes.region[nodes.tier == "community"])
    w_c = orgs[orgs.region.str.len() == 12].groupby("region").size()

    def peer_cover():
        gains = np.array([0 if c in has else w_c.get(c, 0) for c in comm], float)
        picks = []
        for _ in range(50):  # disjoint sets: the plain greedy re-scans every candidate
            j = int(np.argmax(gains))
            if gains[j] <= 0:
                break
            picks.append(j)
            gains[j] = 0
        return picks

    def ours_cover():
        return net.plan(k=50, objective="coverage", candidate_level="community")

    tp, vp = best(args.repeat, peer_cover)
    to, vo = best(args.repeat, ours_cover)
    rows.append(("k=50 maximal covering, community stations (numpy greedy)", tp, to))

    # 5. k = 50 p-median greedy over street candidates (numpy distance matrix)
    cols = net.nodes
    loc = cols.dropna(subset=["lat"])
    street_loc = loc.assign(street=loc.region.str[:9])[loc.region.str.len() >= 9].groupby("street")[["lat", "lon"]].mean()
    comm_loc = loc[loc.region.str.len() == 12].groupby("region")[["lat", "lon"]].mean()
    wts = w_c.reindex(comm_loc.index).fillna(0).to_numpy()
    exist = loc[loc.tier == "street"][["lat", "lon"]].to_numpy()

    def hav(a, b):
        la1, lo1 = np.radians(a[:, 0])[:, None], np.radians(a[:, 1])[:, None]
        la2, lo2 = np.radians(b[:, 0])[None, :], np.radians(b[:, 1])[None, :]
        h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
        return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))

    def peer_pmedian():
        D = hav(street_loc.to_numpy(), comm_loc.to_numpy())
        cur = hav(exist, comm_loc.to_numpy()).min(axis=0)
        picks = []
        for _ in range(50):
            gain = (np.maximum(cur[None, :] - D, 0) * wts[None, :]).sum(axis=1)
            j = int(np.argmax(gain))
            if gain[j] <= 0:
                break
            picks.append(j)
            cur = np.minimum(cur, D[j])
        return picks

    def ours_pmedian():
        return net.plan(k=50, objective="p_median", interchange_rounds=0)

    tp, _ = best(args.repeat, peer_pmedian)
    to, _ = best(args.repeat, ours_pmedian)
    rows.append(("k=50 p-median greedy, street candidates (numpy)", tp, to))

    print(f"{'computation':<84} {'peer s':>9} {'hatchnet s':>11} {'ratio':>7}")
    for name, tp, to in rows:
        print(f"{name:<84} {tp:9.4f} {to:11.4f} {tp / to:7.2f}")


if __name__ == "__main__":
    main()
