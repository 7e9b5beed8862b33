"""Tests of hatchnet.matching: min-cost flow against OR-Tools and networkx, linear assignment
against scipy, stable matching checked for blocking pairs, the needs/resources matcher against
an LP (scipy.optimize.linprog, lexicographic in two solves), determinism, bad input."""
from __future__ import annotations

import concurrent.futures
import itertools
import json

import numpy as np
import pytest

import hatchnet
from hatchnet import matching as M


# ---------------------------------------------------------------------------- helpers
def random_flow_instance(rng, n=8, m=24, infinite=False):
    tails = rng.integers(0, n, m)
    heads = rng.integers(0, n, m)
    caps = rng.integers(0, 10, m)
    if infinite:
        caps = np.where(rng.random(m) < 0.3, M.INFINITE, caps)
    costs = rng.integers(0, 20, m)
    sup = np.zeros(n, dtype=np.int64)
    for _ in range(rng.integers(0, 2 * n)):
        u, v = rng.integers(0, n, 2)
        q = rng.integers(1, 6)
        sup[u] += q
        sup[v] -= q
    return tails, heads, caps, costs, sup


def ortools_cost(tails, heads, caps, costs, sup, max_flow=False):
    from ortools.graph.python import min_cost_flow as ormcf

    f = ormcf.SimpleMinCostFlow()
    big = int(np.abs(sup).sum()) + 1
    for t, h, c, w in zip(tails, heads, caps, costs):
        f.add_arc_with_capacity_and_unit_cost(int(t), int(h), int(min(c, big)), int(w))
    for v, s in enumerate(sup):
        f.set_node_supply(v, int(s))
    st = f.solve_max_flow_with_min_cost() if max_flow else f.solve()
    if st != f.OPTIMAL:
        return None, None
    return f.optimal_cost(), f.maximum_flow()


# ---------------------------------------------------------------------------- min-cost flow
def test_min_cost_flow_doc_example():
    r = M.min_cost_flow([0, 1], [1, 2], [4, 4], [2, 1], [3, 0, -3])
    flow, cost = r
    assert r.status == "optimal" and r.ok
    assert flow.tolist() == [3, 3] and cost == 9
    assert r.unrouted.tolist() == [0, 0, 0]
    assert hatchnet.matching.min_cost_flow is M.min_cost_flow


def test_min_cost_flow_equals_ortools_on_random_instances():
    rng = np.random.default_rng(1)
    statuses = {"optimal": 0, "infeasible": 0}
    for _ in range(300):
        t, h, c, w, b = random_flow_instance(rng)
        r = M.min_cost_flow(t, h, c, w, b)
        ref, _ = ortools_cost(t, h, c, w, b)
        if ref is None:
            assert r.status == "infeasible"
            assert r.flow is None and r.cost is None
            statuses["infeasible"] += 1
            continue
        assert r.status == "optimal"
        statuses["optimal"] += 1
        assert r.cost == ref
        f = r.flow
        assert (f >= 0).all() and (f <= c).all()
        net = np.zeros(len(b), dtype=np.int64)
        np.add.at(net, t, f)
        np.subtract.at(net, h, f)
        assert (net == b).all()  # conservation
        assert int((f * w).sum()) == r.cost
    assert statuses["optimal"] > 50 and statuses["infeasible"] > 20


def test_min_cost_flow_max_flow_mode_equals_ortools():
    rng = np.random.default_rng(2)
    for _ in range(200):
        t, h, c, w, b = random_flow_instance(rng)
        b = b + rng.integers(-3, 4, len(b))  # unbalanced
        r = M.min_cost_flow(t, h, c, w, b, mode="max_flow_min_cost")
        assert r.status == "optimal"
        ref_cost, ref_flow = ortools_cost(t, h, c, w, b, max_flow=True)
        assert r.routed == ref_flow
        assert r.cost == ref_cost
        assert int(r.unrouted[b > 0].sum()) == int(b[b > 0].sum()) - r.routed


def test_min_cost_flow_equals_networkx():
    nx = pytest.importorskip("networkx")
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(100):
        t, h, c, w, b = random_flow_instance(rng)
        keep = t != h
        t, h, c, w = t[keep], h[keep], c[keep], w[keep]
        # networkx needs a simple digraph: keep the first of parallel arcs
        seen, idx = set(), []
        for k, (u, v) in enumerate(zip(t, h)):
            if (u, v) not in seen:
                seen.add((u, v))
                idx.append(k)
        t, h, c, w = t[idx], h[idx], c[idx], w[idx]
        g = nx.DiGraph()
        for v, s in enumerate(b):
            g.add_node(v, demand=-int(s))
        for u, v, cap, cost in zip(t, h, c, w):
            g.add_edge(int(u), int(v), capacity=int(cap), weight=int(cost))
        r = M.min_cost_flow(t, h, c, w, b)
        try:
            ref = nx.min_cost_flow_cost(g)
        except nx.NetworkXUnfeasible:
            assert r.status == "infeasible"
            continue
        assert r.status == "optimal" and r.cost == ref
        checked += 1
    assert checked > 20


def test_min_cost_flow_unbounded_and_infinite():
    # a negative cycle of infinite capacity
    r = M.min_cost_flow([0, 1], [1, 0], [np.inf, np.inf], [-1, 0], [0, 0])
    assert r.status == "unbounded" and r.flow is None
    r = M.min_cost_flow([0], [1], [np.inf], [2], [5, -5])
    assert r.ok and r.flow.tolist() == [5] and r.cost == 10


def test_min_cost_flow_float_costs_and_scale():
    r = M.min_cost_flow([0], [1], [3], [2.0], [3, -3])
    assert r.cost == 6 and r.cost_scale == 1 and r.costs_exact
    # non-integral costs are scaled exactly when possible (0.25: by 4)
    r = M.min_cost_flow([0], [1], [3], [0.25], [3, -3])
    assert r.ok and r.cost == 0.75 and r.cost_scale == 4 and r.costs_exact and r.scaled_cost == 3
    # costs that cannot be scaled exactly need cost_scale="auto" (rounding, reported)
    with pytest.raises(ValueError, match="cost_scale"):
        M.min_cost_flow([0, 0], [1, 1], [3, 3], [1 / 3, 1e6], [3, -3])
    r = M.min_cost_flow([0, 0], [1, 1], [3, 3], [1 / 3, 1e6], [3, -3], cost_scale="auto")
    assert r.ok and not r.costs_exact and 0 < r.max_rounding_error <= 0.5 / r.cost_scale
    assert r.cost == pytest.approx(1.0)
    r = M.min_cost_flow([0], [1], [3], [0.25], [3, -3], cost_scale=100)
    assert r.cost == pytest.approx(0.75) and r.cost_scale == 100 and r.costs_exact
    r = M.min_cost_flow([0], [1], [3], [0.125], [3, -3], cost_scale=10)
    assert not r.costs_exact and r.max_rounding_error == pytest.approx(0.025)
    with pytest.raises(ValueError, match="arc 1: field 'cost'.*NaN"):
        M.min_cost_flow([0, 0], [1, 1], [3, 3], [0.5, np.nan], [3, -3], cost_scale="auto")
    with pytest.raises(ValueError, match="arc 0: field 'cost'.*exceeds"):
        M.min_cost_flow([0], [1], [3], [1e30], [3, -3], cost_scale="auto")
    with pytest.raises(ValueError, match="cost_scale"):
        M.min_cost_flow([0], [1], [3], [0.5], [3, -3], cost_scale="exact")


def test_min_cost_flow_decimal_costs_equal_the_integer_problem():
    rng = np.random.default_rng(17)
    checked = 0
    for _ in range(120):
        t, h, c, w, b = random_flow_instance(rng)
        cents = w * 100 + rng.integers(0, 100, len(w))
        r = M.min_cost_flow(t, h, c, cents / 100, b)
        ri = M.min_cost_flow(t, h, c, cents, b)
        assert r.status == ri.status
        if ri.ok:
            assert r.costs_exact and r.cost_scale <= 100
            assert r.cost == pytest.approx(ri.cost / 100)
            assert r.scaled_cost * (100 / r.cost_scale) == ri.cost
            checked += 1
    assert checked > 20
    # dyadic costs: k / 1024 scale by 1024, not 10^10
    r = M.min_cost_flow([0], [1], [3], [1 / 1024], [3, -3])
    assert r.cost_scale == 1024 and r.cost == 3 / 1024


def test_min_cost_flow_time_limit():
    rng = np.random.default_rng(3)
    I = random_flow_instance(rng, n=3000, m=30000)
    r = M.min_cost_flow(*I, mode="max_flow_min_cost", time_limit=1e-7)
    assert r.status == "time_limit" and r.flow is None and r.cost is None
    full = M.min_cost_flow(*I, mode="max_flow_min_cost", time_limit=60)
    assert full.ok and full.cost == M.min_cost_flow(*I, mode="max_flow_min_cost").cost
    with pytest.raises(ValueError, match="time_limit"):
        M.min_cost_flow(*I, time_limit=-1)


def test_min_cost_flow_solver_warm_start_equals_cold():
    rng = np.random.default_rng(5)
    runs = warm = 0
    for _ in range(40):
        t, h, c, w, b = random_flow_instance(rng, n=12, m=40)
        c = c + 3
        f = M.MinCostFlow(len(b))
        assert f.add_arcs(t, h, c, w) == 0
        f.set_supplies(b)
        f.warm_start = True
        f.run()
        for _ in range(5):
            a = int(rng.integers(0, len(w)))
            w[a] = int(rng.integers(0, 20))
            f.set_cost(a, w[a])
            a = int(rng.integers(0, len(w)))
            c[a] = int(rng.integers(0, 12))
            f.set_capacity(a, c[a])
            u, v = rng.integers(0, len(b), 2)
            b[u] += 2
            b[v] -= 2
            f.set_supply(u, b[u])
            f.set_supply(v, b[v])
            r = f.run()
            cold = M.min_cost_flow(t, h, c, w, b)
            assert r.status == cold.status
            runs += 1
            warm += r.warm_started
            if r.ok:
                assert r.cost == cold.cost
                net = np.zeros(len(b), dtype=np.int64)
                np.add.at(net, t, r.flow)
                np.subtract.at(net, h, r.flow)
                assert (net == b).all() and (r.flow >= 0).all() and (r.flow <= c).all()
    assert warm == runs and runs == 200


def test_min_cost_flow_solver_progress_limits_and_errors():
    rng = np.random.default_rng(8)
    t, h, c, w, b = random_flow_instance(rng, n=2000, m=20000)
    ref = M.min_cost_flow(t, h, c, w, b, mode="max_flow_min_cost")
    f = M.MinCostFlow(len(b))
    f.add_arcs(t, h, c, w)
    f.set_supplies(b)
    seen = []
    f.set_progress(lambda p: seen.append(p) or True, every=50)
    r = f.run("max_flow_min_cost")
    assert r.ok and r.cost == ref.cost and (r.flow == ref.flow).all()  # the callback changes nothing
    assert seen and all(set(p) == {"pivots", "seconds", "objective", "infeasibility"} for p in seen)
    assert [p["pivots"] for p in seen] == sorted(p["pivots"] for p in seen)
    f.set_progress(lambda p: False, every=1)
    r = f.run("max_flow_min_cost")
    assert r.status == "interrupted" and r.flow is None
    assert ((f.flows >= 0) & (f.flows <= c)).all()

    def boom(p):
        raise KeyError("stop here")

    f.set_progress(boom, every=1)
    with pytest.raises(KeyError, match="stop here"):
        f.run("max_flow_min_cost")
    f.set_progress(None)
    f.warm_start = True
    f.time_limit = 1e-7
    assert f.run("max_flow_min_cost").status == "time_limit"
    f.time_limit = 0
    r = f.run("max_flow_min_cost")
    assert r.ok and r.warm_started and r.cost == ref.cost
    f.set_iteration_limit(3)
    f.clear_basis()
    assert f.run("max_flow_min_cost").status == "iteration_limit"
    sc = f.set_costs(w / 4)
    assert sc == {"scale": 4.0, "exact": True, "max_rounding_error": 0.0}
    f.set_iteration_limit(0)
    r = f.run("max_flow_min_cost")
    assert r.ok and r.cost == pytest.approx(ref.cost / 4) and r.cost_scale == 4
    with pytest.raises(ValueError, match="arc 20000: field 'head'"):
        f.add_arcs([0], [len(b)], [1], [1])
    with pytest.raises(ValueError, match="no such arc"):
        f.set_cost(10 ** 6, 1)
    with pytest.raises(ValueError, match="callable"):
        f.set_progress(3)


@pytest.mark.parametrize("args, match", [
    (([0], [1], [-1], [1], [0, 0]), "capacity"),
    (([0], [5], [1], [1], [0, 0]), "arc 0: field 'head'"),
    (([0], [1], [1], [np.nan], [0, 0]), "NaN"),
    (([0], [1, 0], [1], [1], [0, 0]), "same length"),
    (([0], [1], [1], [1], [1, 0]), "do not balance"),
    (([0], [1], [2 ** 62], [1], [0, 0]), "64-bit"),
    (([0], [1], [1], [2 ** 62], [1, -1]), "overflow"),
])
def test_min_cost_flow_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        M.min_cost_flow(*args)


def test_min_cost_flow_empty_and_threads():
    r = M.min_cost_flow([], [], [], [], [])
    assert r.ok and r.cost == 0 and len(r.flow) == 0
    rng = np.random.default_rng(9)
    insts = [random_flow_instance(rng, n=200, m=2000, infinite=True) for _ in range(4)]
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        res = list(ex.map(lambda I: M.min_cost_flow(*I, mode="max_flow_min_cost"), insts))
    for I, r in zip(insts, res):
        again = M.min_cost_flow(*I, mode="max_flow_min_cost")
        assert r.cost == again.cost and (r.flow == again.flow).all()  # deterministic


# ---------------------------------------------------------------------------- assignment
def test_linear_assignment_equals_scipy():
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(4)
    for _ in range(200):
        r, c = rng.integers(1, 9, 2)
        m = rng.integers(0, 50, (r, c)).astype(float)
        if rng.random() < 0.3:
            m = rng.random((r, c))
        for maximize in (False, True):
            ri, ci = M.linear_assignment(m, maximize=maximize)
            sr, sc = linear_sum_assignment(m, maximize=maximize)
            assert len(ri) == min(r, c)
            assert (np.diff(ri) > 0).all()
            assert m[ri, ci].sum() == pytest.approx(m[sr, sc].sum())
    # integers stay exact
    m = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    ri, ci = M.linear_assignment(m)
    assert ri.tolist() == [0, 1, 2] and ci.tolist() == [1, 0, 2]


def test_linear_assignment_sparse_and_infeasible():
    sp = pytest.importorskip("scipy.sparse")
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(5)
    for _ in range(50):
        n = int(rng.integers(2, 30))
        dense = np.full((n, n), np.inf)
        perm = rng.permutation(n)
        dense[np.arange(n), perm] = rng.integers(1, 100, n)  # a feasible diagonal
        extra = rng.random((n, n)) < 0.2
        dense[extra] = rng.integers(1, 100, extra.sum())
        rows, cols = np.nonzero(np.isfinite(dense))
        mat = sp.coo_matrix((dense[rows, cols], (rows, cols)), shape=(n, n))
        ri, ci = M.linear_assignment(mat)
        sr, sc = linear_sum_assignment(dense)
        assert dense[ri, ci].sum() == pytest.approx(dense[sr, sc].sum())
        ri2, ci2 = M.linear_assignment((rows, cols, dense[rows, cols], (n, n)))
        assert (ri2 == ri).all() and (ci2 == ci).all()
    with pytest.raises(ValueError, match="infeasible"):
        M.linear_assignment(np.array([[1.0, np.inf], [2.0, np.inf]]))
    with pytest.raises(ValueError, match="NaN"):
        M.linear_assignment(np.array([[1.0, np.nan]]))


def test_linear_assignment_ortools_agrees():
    from ortools.graph.python import linear_sum_assignment as orlsa

    rng = np.random.default_rng(6)
    for _ in range(30):
        n = int(rng.integers(2, 40))
        m = rng.integers(0, 1000, (n, n))
        a = orlsa.SimpleLinearSumAssignment()
        for i in range(n):
            for j in range(n):
                a.add_arc_with_cost(i, j, int(m[i, j]))
        assert a.solve() == a.OPTIMAL
        ri, ci = M.linear_assignment(m)
        assert int(m[ri, ci].sum()) == a.optimal_cost()


# ---------------------------------------------------------------------------- stable matching
def blocking_pairs(rp, hp, caps, match):
    rank_h = [{r: k for k, r in enumerate(l)} for l in hp]
    members = [[r for r, h in enumerate(match) if h == hh] for hh in range(len(hp))]
    out = []
    for r, lst in enumerate(rp):
        for h in lst:
            if r not in rank_h[h]:
                continue
            if match[r] == h:
                break  # r prefers its own hospital to the rest of its list
            r_wants = match[r] == -1 or lst.index(h) < lst.index(match[r])
            if not r_wants:
                continue
            full = len(members[h]) >= caps[h]
            h_wants = not full or any(rank_h[h][r] < rank_h[h][x] for x in members[h])
            if h_wants:
                out.append((r, h))
    return out


def test_stable_match_is_stable_and_optimal_for_the_proposer():
    rng = np.random.default_rng(7)
    for _ in range(300):
        nr, nh = int(rng.integers(1, 7)), int(rng.integers(1, 4))
        rp = [list(rng.permutation(nh)[: rng.integers(0, nh + 1)]) for _ in range(nr)]
        hp = [list(rng.permutation(nr)[: rng.integers(0, nr + 1)]) for _ in range(nh)]
        caps = [int(x) for x in rng.integers(0, 3, nh)]
        a = M.stable_match(rp, hp, caps, proposer="residents")
        b = M.stable_match(rp, hp, caps, proposer="hospitals")
        for s in (a, b):
            assert blocking_pairs(rp, hp, caps, list(s.resident_match)) == []
            for h in range(nh):
                assert len(s.hospital_matches[h]) <= caps[h]
        # residents weakly prefer the resident-optimal matching
        for r in range(nr):
            ha, hb = a.resident_match[r], b.resident_match[r]
            assert (ha >= 0) == (hb >= 0)  # rural hospitals theorem: same matched residents
            if ha >= 0:
                assert rp[r].index(ha) <= rp[r].index(hb)
    with pytest.raises(ValueError):
        M.stable_match([[5]], [[0]], [1])
    with pytest.raises(ValueError):
        M.stable_match([[0]], [[0]], [1], proposer="nobody")


# ---------------------------------------------------------------------------- the matcher
@pytest.fixture(scope="module")
def small():
    import pathlib
    return hatchnet.Network.load(pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "small.json")


ORGS = {"so-1": "110101", "so-2": "110101002", "so-3": "11", "so-4": "110101001001", "so-5": "110102001201"}
NODES = ["cc", "d-east", "d-west", "s-east-1", "s-east-2", "s-west-1", "c-east-a", "soc-1"]


def lp_lexicographic(needs, resources):
    """(max weighted served, min cost) by two LPs; eligibility = same category and region."""
    from scipy.optimize import linprog

    pairs = []
    for i, n in enumerate(needs):
        for j, r in enumerate(resources):
            regs = r.get("regions") or []
            if r["category"] == n["category"] and r["capacity"] > 0 and (
                    not regs or any(ORGS[n["organization"]].startswith(x) for x in regs)):
                pairs.append((i, j))
    if not pairs:
        return 0, 0.0
    A, bnd = [], []
    for i, n in enumerate(needs):
        A.append([1.0 if p[0] == i else 0.0 for p in pairs]); bnd.append(n["quantity"])
    for j, r in enumerate(resources):
        A.append([1.0 if p[1] == j else 0.0 for p in pairs]); bnd.append(r["capacity"])
    w = np.array([needs[i]["priority"] for i, _ in pairs], dtype=float)
    c = np.array([resources[j]["unit_cost"] for _, j in pairs], dtype=float)
    r1 = linprog(-w, A_ub=A, b_ub=bnd, bounds=(0, None), method="highs")
    W = -r1.fun
    r2 = linprog(c, A_ub=A + [list(-w)], b_ub=bnd + [-W + 1e-7], bounds=(0, None), method="highs")
    return round(W), r2.fun


def test_match_equals_lp_on_random_instances(small):
    rng = np.random.default_rng(8)
    zero = {"same_street": 0, "same_district": 0, "cross_district": 0, "cross_city": 0}
    for k in range(120):
        needs = [{"id": f"n{i}", "organization": str(rng.choice(list(ORGS))),
                  "category": str(rng.choice(["venue", "training"])),
                  "quantity": int(rng.integers(1, 4)), "priority": int(rng.integers(1, 4))}
                 for i in range(int(rng.integers(1, 7)))]
        resources = [{"id": f"r{j}", "provider": str(rng.choice(NODES)),
                      "category": str(rng.choice(["venue", "training"])),
                      "capacity": int(rng.integers(0, 5)), "unit_cost": float(rng.integers(0, 8)) / 2,
                      "regions": [str(rng.choice(["110101", "110102"]))] if rng.random() < 0.4 else []}
                     for j in range(int(rng.integers(1, 5)))]
        res = small.match(needs, resources, weights=zero)
        W, C = lp_lexicographic(needs, resources)
        assert res.summary["weighted_served"] == W, k
        assert res.summary["total_cost"] == pytest.approx(C, abs=1e-6), k
        # explanations are consistent with the allocation
        if len(res.unserved):
            used = res.assignments.groupby("resource")["quantity"].sum().to_dict() if len(res.assignments) else {}
            caps = {r["id"]: r["capacity"] for r in resources}
            prio = {n["id"]: n["priority"] for n in needs}
            for _, u in res.unserved.iterrows():
                if u["reason"] == "exhausted":
                    assert u["eligible"] > 0
                    for rid in u["full_resources"]:
                        assert used.get(rid, 0) == caps[rid]
                    for b in u["blocked_by"]:
                        assert prio[b] >= u["priority"]
                else:
                    assert u["reason"] == "no_eligible_resource" and u["eligible"] == 0


def test_match_dataframes_fairness_and_determinism(small):
    pd = pytest.importorskip("pandas")
    needs, resources = M.demo_demand(small, seed=3, needs=40)
    assert isinstance(needs, pd.DataFrame) and len(needs) == 40
    a = small.match(needs, resources, fair="district")
    b = small.match(needs, resources, fair={"by": "district", "share": 1.0})
    assert a.assignments.equals(b.assignments)
    assert a.unserved.drop(columns=["blocked_by", "full_resources"]).equals(
        b.unserved.drop(columns=["blocked_by", "full_resources"]))
    assert set(a.by_district["group"]) == {"11", "110101", "110102"}
    assert (a.by_district["served"] <= a.by_district["requested"]).all()
    assert a.summary["served"] == int(a.assignments["quantity"].sum())
    assert set(a.unserved["reason"]) <= {"no_eligible_resource", "exhausted", "fairness_floor"}
    # floors met when they are low enough to be feasible
    c = small.match(needs, resources, fair={"by": "district", "share": 0.2})
    assert c.summary["floors_met"]
    assert (c.by_district["served"] >= c.by_district["floor"]).all()
    js = json.loads(small.match(needs, resources, as_json=True))
    assert js["summary"]["served"] == small.match(needs, resources).summary["served"]


def test_match_on_beijing(beijing):
    needs, resources = M.demo_demand(beijing, seed=1, needs=3000)
    r = beijing.match(needs, resources, fair="district")
    assert r.status == "optimal"
    assert len(r.by_district) == 16
    assert 0.3 < r.summary["served_share"] < 1.0
    assert r.stats["flow_arcs"] > 0


def test_match_bad_input(small):
    ok_need = {"id": "n1", "organization": "so-1", "category": "venue"}
    ok_res = {"id": "r1", "provider": "cc", "category": "venue", "capacity": 1}
    with pytest.raises(ValueError, match="need n1: field 'organization': unknown organization 'ghost'"):
        small.match([dict(ok_need, organization="ghost")], [ok_res])
    with pytest.raises(ValueError, match="resource r1: field 'capacity'"):
        small.match([ok_need], [dict(ok_res, capacity=-3)])
    with pytest.raises(ValueError, match="duplicate need id"):
        small.match([ok_need, ok_need], [ok_res])
    with pytest.raises(ValueError, match="unit_cost"):
        small.match([ok_need], [dict(ok_res, unit_cost=float("inf"))])
    with pytest.raises(ValueError, match="provider"):
        small.match([ok_need], [dict(ok_res, provider="nowhere")])
    with pytest.raises(ValueError, match="fair"):
        small.match([ok_need], [ok_res], fair="galaxy")
    r = small.match([], [])
    assert r.summary["served"] == 0 and len(r.assignments) == 0


def test_match_time_limit(beijing):
    """A limit the run cannot meet is a status: nothing allocated, every need not_solved;
    a generous one changes nothing."""
    needs, resources = M.demo_demand(beijing, seed=1, needs=3000)
    full = beijing.match(needs, resources)
    roomy = beijing.match(needs, resources, time_limit=3600)
    assert roomy.summary["status"] == "optimal"
    assert roomy.assignments.equals(full.assignments)
    late = beijing.match(needs, resources, time_limit=1e-12)
    assert late.status == "time_limit"
    assert late.assignments.empty
    assert set(late.unserved["reason"]) == {"not_solved"}
    assert len(late.unserved) == len(needs)
    with pytest.raises(ValueError, match="time_limit"):
        beijing.match(needs, resources, time_limit=-1)


def test_matcher_rematch_equals_fresh_match(beijing):
    """Matcher re-solves warm after a few needs and resources change, with the optimum a new
    match() on the changed data finds."""
    needs, resources = M.demo_demand(beijing, seed=4, needs=3000)
    m = M.Matcher(beijing, needs, resources)
    first = m.run()
    assert first.summary["status"] == "optimal" and not first.stats["warm_start"]
    rng = np.random.default_rng(5)
    used = first.assignments["resource"].unique()
    for _ in range(3):
        for nid in rng.choice(needs["id"], 25, replace=False):
            q = int(rng.integers(0, 5))
            m.set_quantity(nid, q)
            needs.loc[needs["id"] == nid, "quantity"] = q
        for rid in rng.choice(used, 10, replace=False):
            c = int(rng.integers(1, 30))   # 0 would withdraw the resource: a rebuild
            m.set_capacity(rid, c)
            resources.loc[resources["id"] == rid, "capacity"] = c
        r = m.run()
        assert r.stats["warm_start"]
        ref = beijing.match(needs[needs["quantity"] > 0], resources)
        assert r.summary["weighted_served"] == ref.summary["weighted_served"]
        assert r.summary["served"] == ref.summary["served"]
        assert r.summary["total_cost"] == pytest.approx(ref.summary["total_cost"], rel=1e-12)
    assert json.loads(m.result_json())["stats"]["warm_start"] is True
    with pytest.raises(ValueError, match="no such need"):
        m.set_quantity("ghost", 1)
    with pytest.raises(ValueError, match="capacity"):
        m.set_capacity(used[0], -1)
