"""The min-cost flow solver choice from Python: cost scaling and the network simplex against
networkx's network simplex (an independent implementation) on seeded random instances, the
certificate of every cost-scaling optimum checked in numpy, and the MinCostFlow.algorithm
setting (pickled, refused when unknown)."""
import pickle

import networkx as nx
import numpy as np
import pytest

from hatchnet.matching import MinCostFlow, min_cost_flow


def random_instance(rng: np.random.Generator):
    n = int(rng.integers(2, 12))
    m = int(rng.integers(1, 4 * n))
    tails = rng.integers(0, n, m)
    heads = rng.integers(0, n, m)
    keep = tails != heads  # networkx refuses nothing here, but self-loops add nothing to test
    tails, heads = tails[keep], heads[keep]
    caps = rng.integers(0, 9, len(tails))
    costs = rng.integers(0, 20, len(tails))
    supplies = np.zeros(n, dtype=np.int64)
    for _ in range(int(rng.integers(0, 2 * n))):
        q = int(rng.integers(1, 6))
        supplies[rng.integers(0, n)] += q
        supplies[rng.integers(0, n)] -= q
    return n, tails, heads, caps, costs, supplies


def networkx_cost(n, tails, heads, caps, costs, supplies):
    """The optimal cost by networkx (parallel arcs through a middle node each), or None."""
    g = nx.DiGraph()
    for v in range(n):
        g.add_node(v, demand=-int(supplies[v]))
    for a, (u, v) in enumerate(zip(tails, heads)):
        mid = ("arc", a)
        g.add_edge(int(u), mid, capacity=int(caps[a]), weight=int(costs[a]))
        g.add_edge(mid, int(v), capacity=int(caps[a]), weight=0)
    try:
        return nx.min_cost_flow_cost(g)
    except nx.NetworkXUnfeasible:
        return None


def test_both_solvers_agree_with_networkx():
    rng = np.random.default_rng(20261207)
    optimal = 0
    for _ in range(300):
        n, t, h, c, w, b = random_instance(rng)
        ref = networkx_cost(n, t, h, c, w, b)
        for algorithm in ("network_simplex", "cost_scaling"):
            r = min_cost_flow(t, h, c, w, b, algorithm=algorithm)
            assert r.algorithm == algorithm
            if ref is None:
                assert r.status == "infeasible"
                continue
            assert r.status == "optimal" and r.cost == ref
            flow, pi = r[0], r.potentials
            assert ((flow >= 0) & (flow <= c)).all()
            net = np.zeros(n, dtype=np.int64)
            np.add.at(net, t, flow)
            np.subtract.at(net, h, flow)
            assert (net == b).all()
            rc = w + pi[t] - pi[h]
            assert (rc[flow < c] >= 0).all() and (rc[flow > 0] <= 0).all()
        optimal += ref is not None
    assert optimal > 50


def test_max_flow_mode_and_the_kept_solver():
    rng = np.random.default_rng(7)
    for _ in range(100):
        n, t, h, c, w, b = random_instance(rng)
        b[0] += 3  # unbalanced: only the max-flow mode accepts it
        res = [min_cost_flow(t, h, c, w, b, "max_flow_min_cost", algorithm=a)
               for a in ("network_simplex", "cost_scaling")]
        assert res[0].status == res[1].status == "optimal"
        assert (res[0].cost, res[0].routed) == (res[1].cost, res[1].routed)
    f = MinCostFlow(3)
    f.add_arcs([0, 1, 0], [1, 2, 2], [4, 4, 10], [2, 1, 5])
    f.set_supplies([6, 0, -6])
    assert f.algorithm == "automatic"
    f.algorithm = "cost_scaling"
    r = f.run()
    assert (r.cost, r.algorithm, r.warm_started) == (22, "cost_scaling", False)
    g = pickle.loads(pickle.dumps(f))
    assert g.algorithm == "cost_scaling" and g.run().cost == 22
    f.algorithm = "simplex"
    assert f.algorithm == "network_simplex" and f.run().algorithm == "network_simplex"
    with pytest.raises(ValueError, match="algorithm"):
        f.algorithm = "fastest"
    with pytest.raises(ValueError, match="algorithm"):
        min_cost_flow([0], [1], [1], [1], [1, -1], algorithm="fastest")
    # float costs are scaled to integers first: cost scaling runs on them
    r = min_cost_flow([0], [1], [1], [0.5], [1, -1], algorithm="cost_scaling")
    assert (r.cost, r.algorithm) == (0.5, "cost_scaling")
