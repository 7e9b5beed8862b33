"""Referral routing peers on the Beijing dataset, in one run, with ratios.

* networkx: the default policy written as an analyst would — per request, shortest paths
  (nx.single_source_shortest_path_length with a cutoff) over the incubators' relations, then
  the same filters and weighted score in Python.
* hatchnet from Python (net.refer, JSON in and out).
* hatchnet C++ (benchmarks/bench_referral, when --bench points at the built program).

usage: PYTHONPATH=<build>/python python benchmarks/bench_referral_peers.py [--bench PATH] [--n 300]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import time

import networkx as nx

import hatchnet
from hatchnet import referral

NEEDS = [["office"], ["training"], ["venue", "funds"], ["legal"], ["mentoring"], ["registration"],
         ["funds"], ["volunteers"], ["office", "training"], ["international"], ["accounting", "legal"]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", help="path of the built bench_referral program")
    ap.add_argument("--n", type=int, default=300, help="requests timed for the Python peers")
    args = ap.parse_args()

    net = hatchnet.datasets.beijing()
    policy = referral.default_policy()
    nodes = net.nodes.set_index("id")
    orgs = net.organizations.set_index("id")
    routing = set(policy["routing_tiers"])
    tier_of = nodes["tier"].to_dict()
    keep = [i for i in nodes.index if tier_of[i] in routing]
    g = nx.Graph()
    g.add_nodes_from(keep)
    for a, b in zip(net.edges["from"], net.edges["to"]):
        if a in g and b in g:
            g.add_edge(a, b)
    # the service tree, closed up and down, as the analyst would compute it
    vocab = {"space": None, "venue": "space", "office": "space", "funding": None, "funds": "funding",
             "project_matching": "funding", "capacity_building": None, "training": "capacity_building",
             "mentoring": "capacity_building", "people": None, "volunteers": "people", "professional": None,
             "legal": "professional", "accounting": "professional", "registration": "professional",
             "guidance": None, "policy": "guidance", "party_building": "guidance", "information": None,
             "credit": "information", "international": None}

    def within(s, a):
        while s is not None:
            if s == a:
                return True
            s = vocab[s]
        return False

    weights = policy["weights"]
    fit_rows = policy["tier_fit"]
    citywide = set(policy["citywide_tiers"])
    records = nodes.to_dict("index")

    def analyst_refer(org_id, needs):
        o = orgs.loc[org_id]
        fit = {}
        for row in fit_rows:
            if row.get("type", o["type"]) == o["type"] and row.get("registration", o["registration"]) == o["registration"]:
                fit = row["fit"]
                break
        dist = nx.single_source_shortest_path_length(g, o["home"], cutoff=policy["max_hops"])
        best, best_score = None, -1.0
        for v, d in dist.items():
            n = records[v]
            covered = sum(any(within(x, s) or within(s, x) for s in n["services"]) for x in needs)
            cov = covered / len(needs)
            if covered == 0 or cov < policy["min_coverage"]:
                continue
            sf = policy["generalist_sector_fit"]
            if len(n["sectors"]) and len(o["sectors"]):
                sf = 1.0 if set(n["sectors"]) & set(o["sectors"]) else 0.0
            tf = fit.get(n["tier"], 0.0)
            spare = n["capacity"] - n["occupied"]
            if sf == 0 or tf <= 0 or spare <= 0:
                continue
            # the documented areas: a social incubator serves its district
            served = n["region"][:6] if n["tier"] == "social" else n["region"]
            if n["tier"] not in citywide and not o["region"].startswith(served):
                continue
            score = (cov * weights["coverage"] + sf * weights["sector"] + tf * weights["tier"]
                     + spare / n["capacity"] * weights["capacity"]
                     + (policy["default_evaluation"] if n["score"] != n["score"] else n["score"]) / 100 * weights["evaluation"]
                     + 1 / (1 + d) * weights["distance"]
                     + (weights["district"] if o["region"][:6] == n["region"][:6] else 0.0))
            if score > best_score:
                best, best_score = v, score
        return best

    homes = orgs["home"].to_dict()
    ids = [i for i in orgs.index if tier_of.get(homes[i]) in routing]
    reqs = [(ids[(k * 31) % len(ids)], NEEDS[k % len(NEEDS)]) for k in range(args.n)]

    t = time.perf_counter()
    for org, needs in reqs:
        analyst_refer(org, needs)
    nx_rate = args.n / (time.perf_counter() - t)
    print(f"networkx analyst version: {nx_rate:,.0f} referrals/s")

    net.refer({"organization": reqs[0][0], "needs": reqs[0][1]})  # build the cached router
    t = time.perf_counter()
    agree = 0
    for org, needs in reqs:
        r = net.refer({"organization": org, "needs": needs})
        agree += r.chosen is not None
    py_rate = args.n / (time.perf_counter() - t)
    print(f"hatchnet from Python (net.refer, decision read): {py_rate:,.0f} referrals/s "
          f"({py_rate / nx_rate:.0f}x networkx)")
    t = time.perf_counter()
    for org, needs in reqs:
        net.refer({"organization": org, "needs": needs}).to_dict()
    full_rate = args.n / (time.perf_counter() - t)
    print(f"hatchnet from Python (net.refer, full explanation parsed): {full_rate:,.0f} referrals/s "
          f"({full_rate / nx_rate:.0f}x networkx)")

    # the bulk form: every explanation of many requests as four tables (refer_many)
    many = [{"organization": org, "needs": needs} for org, needs in reqs] * max(1, 20000 // len(reqs))
    for threads in (1, None):
        t = time.perf_counter()
        s = net.refer_many(many, threads=threads)
        rows = len(s.decisions) + len(s.candidates) + len(s.excluded) + len(s.route)
        bulk_rate = len(many) / (time.perf_counter() - t)
        print(f"hatchnet from Python (net.refer_many, threads={threads}, every table read, {rows:,} rows): "
              f"{bulk_rate:,.0f} referrals/s ({bulk_rate / nx_rate:.0f}x networkx)")

    if args.bench:
        out = subprocess.run([args.bench, "--requests", "300000", "--peer", "1000"], capture_output=True,
                             text=True, check=True).stdout
        print(out, end="")
        res = dict(re.findall(r"RESULT (\S+) (\S+)", out))
        cpp = float(res["single_per_s"])
        print(f"ratio: hatchnet C++ single routing is {cpp / nx_rate:,.0f}x the networkx analyst version, "
              f"{cpp / float(res['boost_dijkstra_per_s']):,.0f}x Boost.Graph Dijkstra per request; "
              f"hatchnet from Python is {py_rate / nx_rate:.0f}x networkx")


if __name__ == "__main__":
    main()
