"""Resource matching: exact min-cost flow, linear assignment, stable matching, and the
needs/resources matcher of the resource-allocation platform (``Network.match``).

Every solver runs in C++ with the GIL released. Bad input raises ``ValueError`` naming the
record and field (``"arc 12: field 'capacity': must be >= 0"``); a solver *outcome* such as an
infeasible problem is a status, not an exception (except where scipy's API, which
:func:`linear_assignment` mirrors, raises).

>>> flow, cost = min_cost_flow([0, 1], [1, 2], [4, 4], [2, 1], [3, 0, -3])
>>> flow.tolist(), cost
([3, 3], 9)
"""
from __future__ import annotations

import json
import math
import operator
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core, _json

__all__ = [
    "FlowResult", "min_cost_flow", "MinCostFlow", "linear_assignment", "StableMatch", "stable_match",
    "MatchResult", "match", "Matcher", "demo_demand", "INFINITE",
]

#: A capacity meaning "no upper bound" (``np.inf`` is accepted too).
INFINITE = int(np.iinfo(np.int64).max)


# ---------------------------------------------------------------------------- min-cost flow
class FlowResult(tuple):
    """The result of :func:`min_cost_flow`: a 2-tuple ``(flow, cost)`` with attributes.

    ``flow`` is an int64 array (one value per arc) and ``cost`` the optimal total cost (an
    int; a float when ``cost_scale`` was used) when ``status == "optimal"``; both are
    ``None`` otherwise, so ``flow, cost = min_cost_flow(...)`` never hands out a non-optimal
    flow as if it were one.

    Attributes: ``status`` ("optimal", "infeasible", "unbounded", "iteration_limit",
    "time_limit", "interrupted"), ``ok`` (status is optimal), ``unrouted`` (per node:
    supply > 0 / demand < 0 left over in ``mode="max_flow_min_cost"``; zeros in exact mode),
    ``routed`` (total shipped), ``potentials`` (optimal node duals, in scaled cost units),
    ``iterations`` (pivots), ``cost_scale`` (integer costs = costs * cost_scale; 1 for
    integer costs), ``costs_exact`` (the scaling lost nothing), ``max_rounding_error`` (the
    largest change of a cost by rounding, in cost units), ``scaled_cost`` (the integer total
    cost in scaled units), and for :class:`MinCostFlow` runs ``warm_started``.
    """

    def __new__(cls, flow, cost, info: Dict[str, Any]):
        self = super().__new__(cls, (flow, cost))
        self.__dict__.update(info)
        return self

    def __getnewargs__(self):
        return (self[0], self[1], dict(self.__dict__))

    @property
    def flow(self):
        return self[0]

    @property
    def cost(self):
        return self[1]

    @property
    def ok(self) -> bool:
        return self.status == "optimal"

    def __repr__(self) -> str:
        n = 0 if self[0] is None else len(self[0])
        return f"FlowResult(status={self.status!r}, cost={self[1]!r}, arcs={n})"


def _int_array(x, name: str, allow_inf: bool = False) -> np.ndarray:
    a = np.asarray(x)
    if a.ndim != 1:
        raise ValueError(f"{name}: must be a one-dimensional array")
    if a.dtype.kind in "iub":
        if a.dtype.kind == "u" and a.size and a.max() > INFINITE:
            raise ValueError(f"{name}: value out of the int64 range")
        return np.ascontiguousarray(a, dtype=np.int64)
    if a.dtype.kind == "f":
        if np.isnan(a).any():
            k = int(np.flatnonzero(np.isnan(a))[0])
            raise ValueError(f"{name}[{k}]: NaN is not allowed")
        inf = np.isinf(a)
        if inf.any():
            if not allow_inf or (a[inf] < 0).any():
                k = int(np.flatnonzero(inf)[0])
                raise ValueError(f"{name}[{k}]: infinite values are not allowed here")
        finite = a[~inf]
        if (finite != np.round(finite)).any():
            k = int(np.flatnonzero((a != np.round(a)) & ~inf)[0])
            raise ValueError(f"{name}[{k}]: {a[k]!r} is not an integer")
        if finite.size and np.abs(finite).max() >= 2.0 ** 63:
            raise ValueError(f"{name}: value out of the int64 range")
        out = np.where(inf, 0, a).astype(np.int64)
        out[inf] = INFINITE
        return out
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    raise ValueError(f"{name}: expected numbers, got dtype {a.dtype}")


def _count(n, field: str) -> int:
    """A count argument as an int, never truncated: the core checks it against max_elements
    and the solver's 32-bit ids; NaN, 1.5 or text raise ValueError naming the field."""
    try:
        return operator.index(n)
    except TypeError:
        pass
    try:
        f = float(n)
    except (TypeError, ValueError):
        f = math.nan
    if not (math.isfinite(f) and f == int(f)):
        raise ValueError(f"argument: field '{field}': must be a whole number, got {n!r}")
    return int(f)


def min_cost_flow(tails, heads, capacities, costs, supplies, mode: str = "exact", *,
                  lower=None, cost_scale: Union[None, str, float] = None,
                  max_iterations: Optional[int] = None, time_limit: Optional[float] = None) -> FlowResult:
    """Exact minimum-cost flow (network simplex) on arrays.

    Nodes are ``0 .. len(supplies)-1``; arc ``a`` runs ``tails[a] -> heads[a]`` with flow in
    ``[lower[a], capacities[a]]`` (``np.inf`` or :data:`INFINITE`: no bound) at ``costs[a]``
    per unit; ``supplies[v] > 0`` is a supply, ``< 0`` a demand.

    ``mode="exact"``: supplies must balance (else ``ValueError``); the status is "optimal",
    "infeasible" or "unbounded". ``mode="max_flow_min_cost"``: supplies and demands are limits;
    as much as possible is routed at least cost and ``result.unrouted`` says what is left where
    (never infeasible unless lower bounds cannot be met).

    Costs: integers, or floats. Non-integral float costs are scaled to integers by the
    smallest power of 10 (decimals with up to d digits) or of 2 (dyadic fractions) that makes
    every cost an integer exactly within the 64-bit overflow guard; when no such scale
    exists a ``ValueError`` asks for ``cost_scale="auto"``, which accepts rounding at the
    largest safe power of 10 and reports it (``costs_exact=False``,
    ``max_rounding_error``). An explicit number ``cost_scale=s`` multiplies the costs by
    ``s`` and rounds to the nearest integer. The returned ``cost`` is then a float, divided
    back by ``result.cost_scale`` (exact for the scaled costs; ``scaled_cost`` is the
    integer).

    ``max_iterations`` limits the pivots and ``time_limit`` the wall time in seconds; a run
    stopped by them reports status "iteration_limit" / "time_limit". For warm re-solves after
    changes, progress callbacks and limits on a kept problem, use :class:`MinCostFlow`.

    Returns a :class:`FlowResult` that unpacks as ``flow, cost`` (both ``None`` unless
    optimal) and carries ``status``, ``unrouted``, ``routed``, ``potentials``, ``iterations``.
    Raises ``ValueError`` for bad input (unknown nodes, negative capacities, lengths that
    differ, NaN, sums that would overflow 64 bits).
    """
    t = _int_array(tails, "tails")
    h = _int_array(heads, "heads")
    cap = _int_array(capacities, "capacities", allow_inf=True)
    c = np.asarray(costs)
    float_costs = None
    require_exact = False
    scale_info = {"cost_scale": 1.0, "costs_exact": True, "max_rounding_error": 0.0}
    if isinstance(cost_scale, str):
        if cost_scale != "auto":
            raise ValueError(f"cost_scale: {cost_scale!r} is neither 'auto' nor a number")
        float_costs = _float_costs(c)
        w = np.zeros(len(float_costs), dtype=np.int64)
    elif cost_scale is not None:
        if not (np.isfinite(cost_scale) and cost_scale > 0):
            raise ValueError("cost_scale: must be a finite number > 0")
        cf = np.asarray(c, dtype=np.float64)
        if np.isnan(cf).any() or np.isinf(cf).any():
            raise ValueError("costs: NaN or infinite costs are not allowed")
        w = np.rint(cf * cost_scale)
        if w.size and np.abs(w).max() >= 2.0 ** 62:
            raise ValueError("costs: scaled costs overflow 64 bits")
        err = float(np.abs(cf - w / cost_scale).max()) if w.size else 0.0
        scale_info = {"cost_scale": float(cost_scale), "costs_exact": bool(err == 0.0), "max_rounding_error": err}
        w = w.astype(np.int64)
    else:
        try:
            w = _int_array(c, "costs")
        except ValueError as e:
            if "is not an integer" not in str(e):
                raise
            float_costs = _float_costs(c)
            require_exact = True
            w = np.zeros(len(float_costs), dtype=np.int64)
    b = _int_array(supplies, "supplies")
    lo = None if lower is None else _int_array(lower, "lower")
    mode_name = {"exact": "exact", "max_flow_min_cost": "max_flow_min_cost", "max_flow": "max_flow_min_cost"}.get(mode)
    if mode_name is None:
        raise ValueError(f"mode: {mode!r} is not one of 'exact', 'max_flow_min_cost'")
    if time_limit is not None and not (np.isfinite(time_limit) and time_limit >= 0):
        raise ValueError("time_limit: must be a finite number of seconds >= 0")
    r = _core.min_cost_flow(t, h, cap, w, b, mode_name, lo, int(max_iterations or 0), float(time_limit or 0.0),
                            float_costs, require_exact)
    if float_costs is not None:
        scale_info = {"cost_scale": r["cost_scale"], "costs_exact": r["costs_exact"],
                      "max_rounding_error": r["max_rounding_error"]}
    ok = r["status"] == "optimal"
    cost = r["cost"] if ok else None
    if ok and (cost_scale is not None or float_costs is not None):
        cost = r["cost"] / scale_info["cost_scale"]
    info = {"status": r["status"], "unrouted": r["unrouted"], "routed": r["routed"],
            "potentials": r["potentials"], "iterations": r["iterations"], "scaled_cost": r["cost"]}
    info.update(scale_info)
    return FlowResult(r["flow"] if ok else None, cost, info)


def _float_costs(c) -> np.ndarray:
    a = np.asarray(c)
    if a.ndim != 1:
        raise ValueError("costs: must be a one-dimensional array")
    if a.size and a.dtype.kind not in "iufb":
        raise ValueError(f"costs: expected numbers, got dtype {a.dtype}")
    return np.ascontiguousarray(a, dtype=np.float64)  # NaN / inf are refused in C++, naming the arc


class MinCostFlow:
    """A min-cost flow problem kept between runs: change supplies, bounds or costs (or add
    arcs and nodes) and run again — with ``warm_start = True`` the next run starts from the
    previous optimal basis (same optimal cost as a fresh solve, usually far fewer pivots when
    few supplies or capacities changed). Also time / pivot limits and a progress callback.

    >>> f = MinCostFlow(3)
    >>> f.add_arcs([0, 1], [1, 2], [4, 4], [2, 1])
    0
    >>> f.set_supplies([3, 0, -3]); f.warm_start = True
    >>> f.run().cost
    9
    >>> f.set_cost(0, 5); r = f.run(); (r.cost, r.warm_started)
    (18, True)

    ``set_progress(callback, every)``: ``callback(info)`` is called every ``every`` pivots
    with a dict (pivots, seconds, objective, infeasibility); returning False stops the run
    (status "interrupted"); an exception in the callback stops it and is raised by ``run``.
    The solver itself runs with the GIL released.
    """

    def __init__(self, n_nodes: int = 0):
        self._f = _core.MinCostFlow(_count(n_nodes, "n_nodes"))
        self._rounding = 0.0
        self.flows = None

    @property
    def node_count(self) -> int:
        return self._f.node_count

    @property
    def arc_count(self) -> int:
        return self._f.arc_count

    def add_nodes(self, n: int) -> int:
        """Adds ``n`` nodes with supply 0; returns the id of the first."""
        return self._f.add_nodes(_count(n, "n"))

    def add_arcs(self, tails, heads, capacities, costs, lower=None) -> int:
        """Adds arcs (integer costs; use :meth:`set_costs` for floats); returns the first id."""
        self._rounding = 0.0
        return self._f.add_arcs(_int_array(tails, "tails"), _int_array(heads, "heads"),
                                _int_array(capacities, "capacities", allow_inf=True), _int_array(costs, "costs"),
                                None if lower is None else _int_array(lower, "lower"))

    def set_supplies(self, supplies) -> None:
        self._f.set_supplies(_int_array(supplies, "supplies"))

    def set_supply(self, node: int, supply: int) -> None:
        self._f.set_supply(int(node), int(supply))

    def set_cost(self, arc: int, cost: int) -> None:
        self._f.set_cost(int(arc), int(cost))
        self._rounding = 0.0

    def set_bounds(self, arc: int, lower: int, capacity) -> None:
        cap = INFINITE if capacity is None or capacity == np.inf else int(capacity)
        self._f.set_bounds(int(arc), int(lower), cap)

    def set_capacity(self, arc: int, capacity) -> None:
        """Change an arc's capacity (its lower bound stays)."""
        cap = INFINITE if capacity is None or capacity == np.inf else int(capacity)
        self._f.set_capacity(int(arc), cap)

    def set_costs(self, costs) -> Dict[str, Any]:
        """All arc costs from floats, scaled exactly when possible (see :func:`min_cost_flow`);
        returns ``{"scale", "exact", "max_rounding_error"}``."""
        r = self._f.set_costs(_float_costs(costs))
        self._rounding = r["max_rounding_error"]
        return r

    @property
    def warm_start(self) -> bool:
        return self._f.warm_start

    @warm_start.setter
    def warm_start(self, on: bool) -> None:
        self._f.warm_start = bool(on)

    @property
    def time_limit(self) -> float:
        return self._f.time_limit

    @time_limit.setter
    def time_limit(self, seconds: Optional[float]) -> None:
        self._f.time_limit = float(seconds or 0.0)

    def set_iteration_limit(self, pivots: Optional[int]) -> None:
        self._f.set_iteration_limit(int(pivots or 0))

    def set_progress(self, callback, every: int = 10000) -> None:
        self._f.set_progress(callback, int(every))

    def clear_basis(self) -> None:
        self._f.clear_basis()

    def run(self, mode: str = "exact") -> FlowResult:
        mode_name = {"exact": "exact", "max_flow_min_cost": "max_flow_min_cost",
                     "max_flow": "max_flow_min_cost"}.get(mode)
        if mode_name is None:
            raise ValueError(f"mode: {mode!r} is not one of 'exact', 'max_flow_min_cost'")
        st = self._f.run(mode_name)
        f = self._f
        ok = st == "optimal"
        scale = f.cost_scale
        cost = (f.total_cost if scale == 1.0 else f.scaled_total_cost) if ok else None
        info = {"status": st, "unrouted": f.unrouted, "routed": f.routed, "potentials": f.potentials,
                "iterations": f.iterations, "scaled_cost": f.total_cost, "cost_scale": scale,
                "costs_exact": f.costs_exact, "max_rounding_error": self._rounding, "warm_started": f.warm_started}
        flow = f.flow
        self.flows = flow  # the last run's flows, also when not optimal (within the bounds)
        return FlowResult(flow if ok else None, cost, info)


# ---------------------------------------------------------------------------- assignment
def linear_assignment(cost_matrix, maximize: bool = False) -> Tuple[np.ndarray, np.ndarray]:
    """Exact linear assignment (Jonker–Volgenant), the interface of
    ``scipy.optimize.linear_sum_assignment``: returns ``(row_ind, col_ind)`` sorted by row,
    ``min(rows, cols)`` pairs.

    ``cost_matrix`` is a 2-D array (``np.inf`` — ``-np.inf`` when maximising — forbids a pair)
    or a scipy.sparse matrix / ``(rows, cols, costs, shape)`` edge list, where absent entries
    are forbidden and no dense matrix is ever built. Raises ``ValueError`` when no complete
    assignment exists (as scipy does) and for NaN or bad shapes.
    """
    if isinstance(cost_matrix, tuple) and len(cost_matrix) == 4:
        r, c, w, shape = cost_matrix
        res = _core.linear_assignment_sparse(_int_array(r, "rows"), _int_array(c, "cols"),
                                             np.ascontiguousarray(w, dtype=np.float64),
                                             _count(shape[0], "n_rows"), _count(shape[1], "n_cols"), bool(maximize))
    elif hasattr(cost_matrix, "tocoo") and hasattr(cost_matrix, "nnz"):  # scipy.sparse
        coo = cost_matrix.tocoo()
        res = _core.linear_assignment_sparse(coo.row.astype(np.int64), coo.col.astype(np.int64),
                                             np.ascontiguousarray(coo.data, dtype=np.float64),
                                             int(coo.shape[0]), int(coo.shape[1]), bool(maximize))
    else:
        m = np.asarray(cost_matrix)
        if m.ndim != 2:
            raise ValueError("cost_matrix: expected a matrix (2-D array)")
        if m.dtype.kind not in "iufb":
            raise ValueError(f"cost_matrix: expected numbers, got dtype {m.dtype}")
        m = np.ascontiguousarray(m, dtype=np.float64)
        if np.isnan(m).any():
            i, j = np.argwhere(np.isnan(m))[0]
            raise ValueError(f"row {i}: field 'cost': NaN at column {j}")
        res = _core.linear_assignment_dense(m, bool(maximize))
    if res["status"] != "optimal":
        raise ValueError("cost matrix is infeasible")
    r2c = res["row_to_col"]
    rows = np.flatnonzero(r2c >= 0)
    return rows.astype(np.int64), r2c[rows].astype(np.int64)


# ---------------------------------------------------------------------------- stable matching
class StableMatch:
    """Result of :func:`stable_match`: ``resident_match`` (array, hospital of each resident or
    -1), ``hospital_matches`` (list of resident lists, in each hospital's preference order),
    ``pairs`` (list of (resident, hospital)), ``proposals``."""

    __slots__ = ("resident_match", "hospital_matches", "proposals")

    def __init__(self, d):
        self.resident_match = d["resident_match"]
        self.hospital_matches = d["hospital_matches"]
        self.proposals = d["proposals"]

    @property
    def pairs(self) -> List[Tuple[int, int]]:
        return [(int(r), int(h)) for r, h in enumerate(self.resident_match) if h >= 0]

    def __repr__(self) -> str:
        return f"StableMatch({len(self.pairs)} pairs, {self.proposals} proposals)"


def stable_match(resident_prefs: Sequence[Sequence[int]], hospital_prefs: Sequence[Sequence[int]],
                 capacities: Sequence[int], proposer: str = "residents") -> StableMatch:
    """Stable matching with capacities (hospitals/residents; deferred acceptance, O(total list
    length)).

    ``resident_prefs[r]``: hospitals in r's order of preference (a need, an organization —
    capacity 1); ``hospital_prefs[h]``: residents in h's order (a resource with
    ``capacities[h]`` places). A pair is acceptable only when each lists the other.
    ``proposer="residents"`` gives the resident-optimal stable matching, ``"hospitals"`` the
    hospital-optimal one. Ties are impossible (strict lists); processing order is by index,
    so results are deterministic. Raises ``ValueError`` for unknown or repeated ids and
    negative capacities.
    """
    if proposer not in ("residents", "hospitals"):
        raise ValueError(f"proposer: {proposer!r} is not one of 'residents', 'hospitals'")
    rp = [[int(x) for x in l] for l in resident_prefs]
    hp = [[int(x) for x in l] for l in hospital_prefs]
    caps = [int(x) for x in capacities]
    return StableMatch(_core.stable_match(rp, hp, caps, proposer == "hospitals"))


# ---------------------------------------------------------------------------- the matcher
def _records_json(x, what: str) -> str:
    """Needs or resources as JSON records for the core. A NaN (or None) field of a record is a
    missing value, as in a DataFrame row; an infinite one is sent as "Infinity" and refused by
    the core naming the record and field."""
    if isinstance(x, str):
        return x
    if hasattr(x, "to_json") and hasattr(x, "columns"):  # a DataFrame
        # pandas writes NaN and infinite values as null: take the careful path (below) when a
        # number column holds an infinite value, so it is refused by name, not made missing
        num = x.select_dtypes(include=["number"])
        has_inf = num.shape[1] > 0 and bool(np.isinf(num.to_numpy(dtype=float, na_value=np.nan)).any())
        if not has_inf:
            try:
                return x.to_json(orient="records", force_ascii=False, date_format="iso")
            except (ValueError, OverflowError, TypeError, RecursionError):
                pass  # e.g. cells nested too deep for pandas: the careful path names the problem
        x = x.to_dict("records")
    if isinstance(x, Mapping):
        x = [x]
    try:
        rows = [_missing_as_null(r) for r in x]
        return _json.dumps(rows, what, default=_json_default)
    except TypeError as e:
        raise ValueError(f"{what}: cannot convert to JSON records: {e}") from None


def _missing_as_null(r):
    if not isinstance(r, Mapping):
        return r  # refused by the core: "needs[3]: expected an object"
    return {k: (None if isinstance(v, (float, np.floating)) and math.isnan(v) else v) for k, v in r.items()}


def _json_default(o):
    if hasattr(o, "isoformat"):
        return o.isoformat()[:10]
    raise TypeError(f"{type(o).__name__} is not JSON serializable")


def _frame(columns: Dict[str, Any]):
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - exercised only without pandas
        keys = list(columns)
        n = len(columns[keys[0]]) if keys else 0
        return [{k: (columns[k][i].item() if hasattr(columns[k][i], "item") else columns[k][i])
                 for k in keys} for i in range(n)]
    return pd.DataFrame(columns)


class MatchResult:
    """The result of :func:`match`.

    * ``assignments`` — DataFrame: need, organization, resource, provider, outside_provider,
      category, quantity, unit_cost, distance (same_street / same_district / cross_district /
      cross_city), hops (-1 unless ``distance="hops"``), distance_cost, cost_per_unit, cost.
    * ``unserved`` — DataFrame of needs not (fully) served: need, organization, category,
      priority, requested, served, unserved, eligible, reason (no_eligible_resource /
      exhausted / fairness_floor), detail, blocked_by (need ids), full_resources.
    * ``by_district`` (alias ``groups``) — DataFrame per district (or fairness group): needs,
      requested, served, share, weighted_served, floor, floor_met, cost.
    * ``summary`` — dict: status, requested, served, served_share, weighted_served,
      total_cost, floors_met; ``stats`` — solver statistics.
    """

    def __init__(self, cols: Dict[str, Any]):
        self.assignments = _frame(cols["assignments"])
        self.unserved = _frame(cols["unserved"])
        self.groups = _frame(cols["groups"])
        self.summary: Dict[str, Any] = dict(cols["summary"])
        self.stats: Dict[str, Any] = dict(cols["stats"])

    @property
    def by_district(self):
        return self.groups

    @property
    def status(self) -> str:
        return self.summary["status"]

    def __repr__(self) -> str:
        s = self.summary
        return (f"<MatchResult {s['status']}: served {s['served']}/{s['requested']} "
                f"({100 * s['served_share']:.1f}%), cost {s['total_cost']:.2f}, "
                f"{len(self.unserved)} needs not fully served>")


def match(net, needs, resources, fair: Union[None, str, Mapping[str, Any]] = None, *,
          distance: str = "region", weights: Optional[Mapping[str, float]] = None,
          cost_scale: float = 100.0, lexicographic: str = "auto", explain_limit: int = 5,
          time_limit: Optional[float] = None, as_json: bool = False):
    """Allocate resources to needs optimally on network ``net``.

    ``needs``: DataFrame / list of dicts with id, organization, category, quantity (>= 1),
    priority (>= 1), optional window ({"start", "end"} or window_start / window_end as ISO
    dates), group, min_provider_score. ``resources``: id, provider (node id), category,
    capacity, unit_cost, optional outside_provider, window, and eligibility (an
    ``eligibility`` dict or flat columns org_types, stages, min_credit, regions). A NaN (or
    None) field of a record is a missing value, as an empty DataFrame cell; an infinite value
    raises ``ValueError`` naming the record and field.

    Objective: serve the most priority-weighted quantity, then at least cost (unit cost times
    ``weights["unit_cost"]`` plus a distance term: ``distance="region"`` with weights
    same_street, same_district, cross_district, cross_city; ``"hops"`` with weight ``hop`` per
    relation hop). ``fair="district"`` (or "street", "group", or a dict ``{"by": ...,
    "share": 0.8, "floors": {"110105": 500}}``) adds floors per group, met when feasible.

    ``time_limit`` (seconds, over all flow phases): when it is reached the result's status is
    "time_limit", nothing is allocated and every need is listed unserved with reason
    "not_solved" (a status, not an exception).

    Returns a :class:`MatchResult` (DataFrames), or the JSON text when ``as_json``.
    Raises ``ValueError`` naming the record and field for bad input.
    """
    core = getattr(net, "_net", net)
    oj = _match_options(fair, distance, weights, cost_scale, lexicographic, explain_limit, time_limit)
    nj = _records_json(needs, "needs")
    rj = _records_json(resources, "resources")
    if as_json:
        return _core.match_json(core, nj, rj, oj)
    return MatchResult(_core.match_columns(core, nj, rj, oj))


def _number_or_raw(v):
    """float(v), or v itself when it is no number (the core then refuses it by field name)."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return v


def _whole_or_raw(v):
    """int(v) for a whole number, else v itself (NaN, 1.5: the core refuses it by field name)."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    return int(f) if math.isfinite(f) and f == int(f) else f


def _match_options(fair, distance, weights, cost_scale, lexicographic, explain_limit, time_limit) -> str:
    opts: Dict[str, Any] = {"distance": distance, "cost_scale": cost_scale,
                            "lexicographic": lexicographic, "explain_limit": _whole_or_raw(explain_limit)}
    if weights:
        opts["weights"] = {k: _number_or_raw(v) for k, v in weights.items()}
    if time_limit is not None:
        opts["time_limit"] = _number_or_raw(time_limit)
    if fair is not None:
        opts["fair"] = dict(fair) if isinstance(fair, Mapping) else fair
    return _json.dumps(opts, "options")


class Matcher:
    """A kept matcher for re-matching as needs and resources change.

    Takes the arguments of :func:`match`. :meth:`run` solves and returns a
    :class:`MatchResult`; after :meth:`set_quantity` / :meth:`set_capacity` (by id; 0
    withdraws the need or resource) the next :meth:`run` solves the changed problem — from
    the previous optimal basis when fairness is off (``result.stats["warm_start"]``), with the
    same optimum a new :func:`match` on the changed data would find.

    >>> m = Matcher(net, needs, resources)            # doctest: +SKIP
    >>> r1 = m.run(); m.set_quantity("need-0000042", 0); r2 = m.run()   # doctest: +SKIP
    """

    def __init__(self, net, needs, resources, fair: Union[None, str, Mapping[str, Any]] = None, *,
                 distance: str = "region", weights: Optional[Mapping[str, float]] = None,
                 cost_scale: float = 100.0, lexicographic: str = "auto", explain_limit: int = 5,
                 time_limit: Optional[float] = None):
        core = getattr(net, "_net", net)
        oj = _match_options(fair, distance, weights, cost_scale, lexicographic, explain_limit, time_limit)
        self._core = _core.Matcher(core, _records_json(needs, "needs"), _records_json(resources, "resources"), oj)

    def run(self) -> "MatchResult":
        """Solve (or re-solve after changes); the GIL is released while solving."""
        return MatchResult(self._core.run())

    def set_quantity(self, need_id: str, quantity: int) -> None:
        """Change a need's quantity (0 withdraws it). ValueError for an unknown id or < 0."""
        self._core.set_quantity(str(need_id), int(quantity))

    def set_capacity(self, resource_id: str, capacity: int) -> None:
        """Change a resource's capacity (0 withdraws it). ValueError for an unknown id or < 0."""
        self._core.set_capacity(str(resource_id), int(capacity))

    def result_json(self, indent: int = -1) -> str:
        """The last result as the JSON of the C ABI and the CLI."""
        return self._core.result_json(indent)


def demo_demand(net, seed: int = 2017, needs: int = 0, supply_percent: int = 85):
    """Realistic demo needs and resources on ``net`` (seeded; ``needs=0``: one per
    organization): ``(needs, resources)`` as DataFrames (lists of dicts without pandas),
    ready for :func:`match` / ``net.match``."""
    core = getattr(net, "_net", net)
    nj, rj = _core.demo_demand(core, int(seed), int(needs), int(supply_percent))
    n, r = json.loads(nj), json.loads(rj)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return n, r
    return pd.DataFrame(n), pd.DataFrame(r)
