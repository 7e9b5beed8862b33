"""Resource matching: exact min-cost flow, linear assignment, stable matching, and the
needs/resources matcher of the resource-allocation platform (``Network.match``).

Every solver runs in C++ with the GIL released, and Ctrl-C interrupts it within
milliseconds. Bad input raises ``ValueError`` naming the record and field (``"arc 12: field
'capacity': must be >= 0"``), a wrong type ``TypeError`` naming the parameter; a solver
*outcome* such as an infeasible problem is a status, not an exception (except where scipy's
API, which :func:`linear_assignment` mirrors, raises).

>>> flow, cost = min_cost_flow([0, 1], [1, 2], [4, 4], [2, 1], [3, 0, -3])
>>> flow.tolist(), cost
([3, 3], 9)
"""
from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, TypeAlias, Dict, List, Literal, Optional, Sequence, Tuple, Union, overload

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
else:
    from ._lazy import numpy as np, pandas as pd

from . import _core, _json
from ._progress import ProgressCallback, wrap
from ._util import Table, core_net, frame, records
from .network import Network

__all__ = [
    "FlowResult", "min_cost_flow", "MinCostFlow", "linear_assignment", "StableMatch", "stable_match",
    "MatchResult", "match", "Matcher", "demo_demand", "INFINITE", "UNSERVED_REASONS", "DISTANCE_LEVELS",
]

#: A capacity meaning "no upper bound" (``np.inf`` is accepted too).
INFINITE = 2**63 - 1  # numpy.iinfo(numpy.int64).max
#: Why a need is not (fully) served (from the core).
UNSERVED_REASONS: Tuple[str, ...] = tuple(r for r in _core.UNSERVED_REASONS if r != "none")
#: The distance levels of an assignment (from the core).
DISTANCE_LEVELS: Tuple[str, ...] = tuple(_core.DISTANCE_LEVELS)

IntArray: TypeAlias = "npt.NDArray[np.int64]"
FloatArray: TypeAlias = "npt.NDArray[np.float64]"
_MODES = {"exact": "exact", "max_flow_min_cost": "max_flow_min_cost", "max_flow": "max_flow_min_cost"}


# ---------------------------------------------------------------------------- min-cost flow
class FlowResult(Tuple[Optional[IntArray], Optional[Union[int, float]]]):
    """The result of :func:`min_cost_flow` and :meth:`MinCostFlow.run`: a 2-tuple
    ``(flow, cost)`` with attributes.

    ``flow`` is an int64 array (one value per arc) and ``cost`` the optimal total cost (an
    int for integer costs; a float when costs were scaled) when ``status == "optimal"``;
    both are ``None`` otherwise, so ``flow, cost = min_cost_flow(...)`` never hands out a
    non-optimal flow as if it were one.

    Attributes
    ----------
    status : str
        "optimal", "infeasible", "unbounded", "iteration_limit", "time_limit" or
        "interrupted".
    unrouted : numpy.ndarray
        Per node: supply > 0 / demand < 0 left over in ``mode="max_flow_min_cost"``.
    routed : int
        Total shipped.
    potentials : numpy.ndarray
        Optimal node duals, in scaled cost units.
    iterations : int
        Pivots (relabels when ``algorithm`` is "cost_scaling").
    algorithm : str
        The solver that ran: "network_simplex" or "cost_scaling".
    cost_scale : float
        Integer costs = costs * cost_scale (1 for integer costs).
    costs_exact : bool
        The scaling lost nothing.
    max_rounding_error : float
        The largest change of a cost by rounding, in cost units.
    scaled_cost : int
        The integer total cost in scaled units.
    warm_started : bool
        :class:`MinCostFlow` runs: the run started from the previous optimal basis.
    """

    status: str
    unrouted: IntArray
    routed: int
    potentials: IntArray
    iterations: int
    algorithm: str
    cost_scale: float
    costs_exact: bool
    max_rounding_error: float
    scaled_cost: int
    warm_started: bool

    def __new__(cls, flow: Optional[IntArray], cost: Optional[Union[int, float]], info: Dict[str, Any]) -> "FlowResult":
        self = super().__new__(cls, (flow, cost))
        info.setdefault("warm_started", False)
        self.__dict__.update(info)
        return self

    def __getnewargs__(self) -> Tuple[Any, ...]:
        return (self[0], self[1], dict(self.__dict__))

    @property
    def flow(self) -> Optional[IntArray]:
        """The optimal flow per arc, or None."""
        return self[0]

    @property
    def cost(self) -> Optional[Union[int, float]]:
        """The optimal total cost, or None."""
        return self[1]

    @property
    def ok(self) -> bool:
        """``status == "optimal"``."""
        return self.status == "optimal"

    def __repr__(self) -> str:
        n = 0 if self[0] is None else len(self[0])
        return f"FlowResult(status={self.status!r}, cost={self[1]!r}, arcs={n})"


def _int_array(x: Any, name: str, allow_inf: bool = False) -> IntArray:
    """``x`` as a one-dimensional int64 array: integral floats accepted, ``np.inf`` as
    :data:`INFINITE` where ``allow_inf``. A conversion, not a check of the values (the core
    checks ranges, lengths and overflow)."""
    a = np.asarray(x)
    if a.ndim != 1:
        raise ValueError(f"{name}: must be a one-dimensional array")
    if a.dtype.kind in "iub":
        if a.dtype.kind == "u" and a.size and a.max() > INFINITE:
            raise ValueError(f"{name}: value out of the int64 range")
        return np.ascontiguousarray(a, dtype=np.int64)
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    if a.dtype.kind != "f":
        raise TypeError(f"{name}: expected numbers, got dtype {a.dtype}")
    nan = np.isnan(a)
    if nan.any():
        raise ValueError(f"{name}[{int(np.flatnonzero(nan)[0])}]: NaN is not allowed")
    inf = np.isinf(a) & (allow_inf & (a > 0))
    finite = np.where(inf, 0.0, a)
    bad = ~np.isfinite(finite) | (finite != np.round(finite)) | (np.abs(finite) >= 2.0 ** 63)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name}[{k}]: {a[k]!r} is not an integer in the int64 range")
    out = finite.astype(np.int64)
    out[inf] = INFINITE
    return out


def _count(n: Any, field: str) -> int:
    """A count argument as an int, never truncated (NaN, 1.5 or text raise ValueError)."""
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


def _mode(mode: str) -> str:
    m = _MODES.get(mode)
    if m is None:
        raise ValueError(f"mode: {mode!r} is not one of 'exact', 'max_flow_min_cost'")
    return m


def _float_costs(c: Any) -> FloatArray:
    a = np.asarray(c)
    if a.ndim != 1:
        raise ValueError("costs: must be a one-dimensional array")
    if a.size and a.dtype.kind not in "iufb":
        raise TypeError(f"costs: expected numbers, got dtype {a.dtype}")
    return np.ascontiguousarray(a, dtype=np.float64)  # NaN / inf are refused in C++, naming the arc


def min_cost_flow(tails: npt.ArrayLike, heads: npt.ArrayLike, capacities: npt.ArrayLike, costs: npt.ArrayLike,
                  supplies: npt.ArrayLike, mode: str = "exact", *, lower: Optional[npt.ArrayLike] = None,
                  cost_scale: Union[None, str, float] = None, max_iterations: Optional[int] = None,
                  time_limit: Optional[float] = None, algorithm: str = "automatic") -> FlowResult:
    """Exact minimum-cost flow (network simplex or cost scaling) on arrays.

    Nodes are ``0 .. len(supplies)-1``; arc ``a`` runs ``tails[a] -> heads[a]`` with flow in
    ``[lower[a], capacities[a]]`` at ``costs[a]`` per unit; ``supplies[v] > 0`` is a supply,
    ``< 0`` a demand.

    Parameters
    ----------
    tails, heads : array_like of int
        The ends of every arc.
    capacities : array_like of int
        Upper bounds (``np.inf`` or :data:`INFINITE`: no bound).
    costs : array_like of int or float
        Integer costs (an integer dtype) are used as they are. Float costs (a float dtype) are
        scaled to integers by the smallest power of 10 or 2 that makes every cost an integer
        exactly within the 64-bit overflow guard; when there is none a ``ValueError`` asks
        for ``cost_scale="auto"`` (rounding at the largest safe power of 10, reported by
        ``costs_exact`` and ``max_rounding_error``). The returned ``cost`` is then a float.
    supplies : array_like of int
        One value per node.
    mode : {"exact", "max_flow_min_cost"}, default "exact"
        ``"exact"``: supplies must balance; the status is "optimal", "infeasible" or
        "unbounded". ``"max_flow_min_cost"``: supplies and demands are limits; as much as
        possible is routed at least cost and ``unrouted`` says what is left where.
    lower : array_like of int, optional
        Lower bounds (default 0).
    cost_scale : None, "auto" or float, optional
        ``"auto"``: accept rounding (see ``costs``); a number ``s``: costs are multiplied by
        ``s`` and rounded to integers.
    max_iterations : int, optional
        Pivot limit (status "iteration_limit").
    time_limit : float, optional
        Wall-time limit in seconds (status "time_limit").
    algorithm : {"automatic", "network_simplex", "cost_scaling"}, default "automatic"
        The solver; ``info["algorithm"]`` tells which one ran (see
        ``docs/algorithms/min_cost_flow.md``: cost scaling needs integer costs and keeps no
        basis; ``max_iterations`` then counts relabels).

    Returns
    -------
    FlowResult
        Unpacks as ``flow, cost`` (both ``None`` unless optimal).

    Raises
    ------
    ValueError
        For bad input, naming the arc or node: unknown nodes, negative capacities, lengths
        that differ, NaN, supplies that do not balance, sums that would overflow 64 bits.
    TypeError
        For arrays that are not numbers.
    KeyboardInterrupt
        On Ctrl-C (the solve stops within milliseconds).

    Examples
    --------
    >>> r = min_cost_flow([0], [1], [3], [0.25], [3, -3])
    >>> r.cost, r.cost_scale
    (0.75, 4.0)
    """
    t = _int_array(tails, "tails")
    h = _int_array(heads, "heads")
    cap = _int_array(capacities, "capacities", allow_inf=True)
    b = _int_array(supplies, "supplies")
    lo = None if lower is None else _int_array(lower, "lower")
    mode_name = _mode(mode)
    c = np.asarray(costs)
    float_costs: Optional[FloatArray] = None
    require_exact = False
    scale_info: Dict[str, Any] = {"cost_scale": 1.0, "costs_exact": True, "max_rounding_error": 0.0}
    if isinstance(cost_scale, str):
        if cost_scale != "auto":
            raise ValueError(f"cost_scale: {cost_scale!r} is neither 'auto' nor a number")
        float_costs = _float_costs(c)
        w = np.zeros(len(float_costs), dtype=np.int64)
    elif cost_scale is not None:
        s = float(cost_scale)
        if not (math.isfinite(s) and s > 0):
            raise ValueError("cost_scale: must be a finite number > 0")
        cf = _float_costs(c)
        if not np.isfinite(cf).all():  # the core refuses NaN / infinite costs naming the arc
            float_costs, require_exact = cf, True
            w = np.zeros(len(cf), dtype=np.int64)
        else:
            scaled = np.rint(cf * s)
            # beyond int64: clipped, and refused by the core's overflow guard naming the arc
            w = np.clip(scaled, -9.2e18, 9.2e18).astype(np.int64)
            err = float(np.abs(cf - scaled / s).max()) if cf.size else 0.0
            scale_info = {"cost_scale": s, "costs_exact": bool(err == 0.0), "max_rounding_error": err}
    elif c.dtype.kind == "f":  # float costs: scaled exactly, or refused (decided by dtype)
        float_costs = _float_costs(c)
        require_exact = True
        w = np.zeros(len(float_costs), dtype=np.int64)
    else:
        w = _int_array(c, "costs")
    r = _core.min_cost_flow(t, h, cap, w, b, mode_name, lo, int(max_iterations or 0),
                            0.0 if time_limit is None else float(time_limit), float_costs, require_exact,
                            str(algorithm))
    if float_costs is not None and (cost_scale is None or isinstance(cost_scale, str)):
        scale_info = {"cost_scale": r["cost_scale"], "costs_exact": r["costs_exact"],
                      "max_rounding_error": r["max_rounding_error"]}
    ok = r["status"] == "optimal"
    cost: Optional[Union[int, float]] = r["cost"] if ok else None
    if ok and (cost_scale is not None or float_costs is not None):
        cost = r["cost"] / scale_info["cost_scale"]
    info = {"status": r["status"], "unrouted": r["unrouted"], "routed": r["routed"],
            "potentials": r["potentials"], "iterations": r["iterations"], "scaled_cost": r["cost"],
            "algorithm": r["algorithm"]}
    info.update(scale_info)
    return FlowResult(r["flow"] if ok else None, cost, info)


class MinCostFlow:
    """A min-cost flow problem kept between runs.

    Change supplies, bounds or costs (or add arcs and nodes) and run again; with
    ``warm_start = True`` the next run starts from the previous optimal basis (the same
    optimal cost as a fresh solve, usually far fewer pivots). Also time / pivot limits and a
    progress callback. Picklable (the problem and its settings; not the basis nor the
    callback).

    Parameters
    ----------
    n_nodes : int, default 0
        Nodes to start with (supply 0).

    Examples
    --------
    >>> f = MinCostFlow(3)
    >>> f.add_arcs([0, 1], [1, 2], [4, 4], [2, 1])
    0
    >>> f.set_supplies([3, 0, -3]); f.warm_start = True
    >>> f.run().cost
    9
    >>> f.set_cost(0, 5); r = f.run(); (r.cost, r.warm_started)
    (18, True)
    """

    def __init__(self, n_nodes: int = 0) -> None:
        self._f = _core.MinCostFlow(_count(n_nodes, "n_nodes"))
        self._rounding = 0.0
        self._float_costs: Optional[FloatArray] = None
        self._iteration_limit = 0
        #: The last run's flows, also when not optimal (within the bounds).
        self.flows: Optional[IntArray] = None

    def __repr__(self) -> str:
        return (f"<hatchnet.matching.MinCostFlow: {self.node_count} nodes, {self.arc_count} arcs, "
                f"status {self._f.status!r}>")

    def __getstate__(self) -> Dict[str, Any]:
        return {"state": self._f.state(), "float_costs": self._float_costs, "rounding": self._rounding,
                "iteration_limit": self._iteration_limit, "flows": self.flows}

    def __setstate__(self, st: Dict[str, Any]) -> None:
        s = st["state"]
        self.__init__(len(s["supplies"]))  # type: ignore[misc]
        self._f.add_arcs(s["tails"], s["heads"], s["capacities"], s["costs"], s["lower"])
        self._f.set_supplies(s["supplies"])
        self._f.warm_start = s["warm_start"]
        self._f.time_limit = s["time_limit"]
        self._f.algorithm = s.get("algorithm", "automatic")
        if st["float_costs"] is not None:
            self._f.set_costs(st["float_costs"])
            self._float_costs = st["float_costs"]
        self._rounding = st["rounding"]
        self.set_iteration_limit(st["iteration_limit"])
        self.flows = st["flows"]

    @property
    def node_count(self) -> int:
        """Number of nodes."""
        return int(self._f.node_count)

    @property
    def arc_count(self) -> int:
        """Number of arcs."""
        return int(self._f.arc_count)

    def add_nodes(self, n: int) -> int:
        """Add ``n`` nodes with supply 0.

        Returns
        -------
        int
            The id of the first new node.
        """
        return int(self._f.add_nodes(_count(n, "n")))

    def add_arcs(self, tails: npt.ArrayLike, heads: npt.ArrayLike, capacities: npt.ArrayLike,
                 costs: npt.ArrayLike, lower: Optional[npt.ArrayLike] = None) -> int:
        """Add arcs with integer costs (use :meth:`set_costs` for floats).

        Returns
        -------
        int
            The id of the first new arc.

        Raises
        ------
        ValueError
            For unknown nodes or negative capacities, naming the arc.
        """
        self._rounding = 0.0
        self._float_costs = None
        return int(self._f.add_arcs(_int_array(tails, "tails"), _int_array(heads, "heads"),
                                    _int_array(capacities, "capacities", allow_inf=True), _int_array(costs, "costs"),
                                    None if lower is None else _int_array(lower, "lower")))

    def set_supplies(self, supplies: npt.ArrayLike) -> None:
        """Set the supplies of nodes ``0 .. len(supplies)-1``."""
        self._f.set_supplies(_int_array(supplies, "supplies"))

    def set_supply(self, node: int, supply: int) -> None:
        """Set one node's supply (> 0) or demand (< 0)."""
        self._f.set_supply(int(node), int(supply))

    def set_cost(self, arc: int, cost: int) -> None:
        """Set one arc's integer cost (float costs scaled by :meth:`set_costs` are reset)."""
        self._f.set_cost(int(arc), int(cost))
        self._rounding = 0.0
        self._float_costs = None

    def set_bounds(self, arc: int, lower: int, capacity: Optional[float]) -> None:
        """Set both bounds of an arc (``capacity`` ``None`` or ``np.inf``: unbounded)."""
        cap = INFINITE if capacity is None or capacity == np.inf else int(capacity)
        self._f.set_bounds(int(arc), int(lower), cap)

    def set_capacity(self, arc: int, capacity: Optional[float]) -> None:
        """Change an arc's capacity (its lower bound stays; ``None`` / ``np.inf``: unbounded)."""
        cap = INFINITE if capacity is None or capacity == np.inf else int(capacity)
        self._f.set_capacity(int(arc), cap)

    def set_costs(self, costs: npt.ArrayLike) -> Dict[str, Any]:
        """Set every arc's cost from floats, scaled exactly when possible (see
        :func:`min_cost_flow`).

        Returns
        -------
        dict
            ``{"scale", "exact", "max_rounding_error"}``.
        """
        fc = _float_costs(costs)
        r: Dict[str, Any] = self._f.set_costs(fc)
        self._rounding = float(r["max_rounding_error"])
        self._float_costs = fc
        return r

    @property
    def warm_start(self) -> bool:
        """Start each run from the previous optimal basis."""
        return bool(self._f.warm_start)

    @warm_start.setter
    def warm_start(self, on: bool) -> None:
        self._f.warm_start = bool(on)

    @property
    def time_limit(self) -> float:
        """Wall-time limit of a run in seconds (0: none)."""
        return float(self._f.time_limit)

    @time_limit.setter
    def time_limit(self, seconds: Optional[float]) -> None:
        self._f.time_limit = float(seconds or 0.0)

    @property
    def algorithm(self) -> str:
        """The solver of :meth:`run`: ``"automatic"`` (default), ``"network_simplex"`` or
        ``"cost_scaling"`` (integer costs only; no warm start; see
        ``docs/algorithms/min_cost_flow.md``). ``info["algorithm"]`` of a result tells which
        one ran."""
        return str(self._f.algorithm)

    @algorithm.setter
    def algorithm(self, name: str) -> None:
        self._f.algorithm = str(name)

    def set_iteration_limit(self, pivots: Optional[int]) -> None:
        """Pivot limit of a run (``None`` or 0: none)."""
        self._iteration_limit = int(pivots or 0)
        self._f.set_iteration_limit(self._iteration_limit)

    def set_progress(self, callback: Optional[Callable[[Dict[str, Any]], Optional[bool]]],
                     every: int = 10000) -> None:
        """Call ``callback(info)`` every ``every`` pivots of a run.

        Parameters
        ----------
        callback : callable or None
            Receives a dict (pivots, seconds, objective, infeasibility); returning ``False``
            stops the run (status "interrupted"); an exception it raises stops the run and is
            raised by :meth:`run`. ``None`` removes it (Ctrl-C is checked either way).
        every : int, default 10000
            Pivots between calls.

        Raises
        ------
        ValueError
            When ``callback`` is not callable.
        """
        self._f.set_progress(callback, int(every))

    def clear_basis(self) -> None:
        """Forget the kept basis: the next run starts cold."""
        self._f.clear_basis()

    def run(self, mode: str = "exact") -> FlowResult:
        """Solve (or re-solve after changes); the GIL is released while solving.

        Parameters
        ----------
        mode : {"exact", "max_flow_min_cost"}, default "exact"

        Returns
        -------
        FlowResult

        Raises
        ------
        ValueError
            For an invalid instance (e.g. supplies that do not balance in exact mode).
        KeyboardInterrupt
            On Ctrl-C; the problem stays usable.
        """
        st = self._f.run(_mode(mode))
        f = self._f
        ok = st == "optimal"
        scale = f.cost_scale
        cost = (f.total_cost if scale == 1.0 and self._float_costs is None else f.scaled_total_cost) if ok else None
        info = {"status": st, "unrouted": f.unrouted, "routed": f.routed, "potentials": f.potentials,
                "iterations": f.iterations, "scaled_cost": f.total_cost, "cost_scale": scale,
                "costs_exact": f.costs_exact, "max_rounding_error": self._rounding, "warm_started": f.warm_started,
                "algorithm": f.last_algorithm}
        flow = f.flow
        self.flows = flow
        return FlowResult(flow if ok else None, cost, info)


# ---------------------------------------------------------------------------- assignment
def linear_assignment(cost_matrix: Any, maximize: bool = False) -> Tuple[IntArray, IntArray]:
    """Exact linear assignment (Jonker–Volgenant), the interface of
    ``scipy.optimize.linear_sum_assignment``.

    Parameters
    ----------
    cost_matrix : array_like, scipy.sparse matrix or tuple
        A 2-D array (``np.inf`` — ``-np.inf`` when maximising — forbids a pair), a
        scipy.sparse matrix or a ``(rows, cols, costs, shape)`` edge list, where absent
        entries are forbidden and no dense matrix is ever built.
    maximize : bool, default False

    Returns
    -------
    row_ind, col_ind : numpy.ndarray
        Sorted by row, ``min(rows, cols)`` pairs.

    Raises
    ------
    ValueError
        When no complete assignment exists (as scipy does), for NaN or a bad shape.
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
            raise TypeError(f"cost_matrix: expected numbers, got dtype {m.dtype}")
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
    """Result of :func:`stable_match`.

    Attributes
    ----------
    resident_match : numpy.ndarray
        The hospital of each resident, or -1.
    hospital_matches : list of list of int
        Each hospital's residents, in its preference order.
    proposals : int
        Proposals made.
    """

    __slots__ = ("resident_match", "hospital_matches", "proposals")

    def __init__(self, d: Mapping[str, Any]) -> None:
        self.resident_match: npt.NDArray[np.int32] = d["resident_match"]
        self.hospital_matches: List[List[int]] = d["hospital_matches"]
        self.proposals: int = d["proposals"]

    def __getstate__(self) -> Dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}

    def __setstate__(self, st: Dict[str, Any]) -> None:
        for k, v in st.items():
            setattr(self, k, v)

    @property
    def pairs(self) -> List[Tuple[int, int]]:
        """The matched ``(resident, hospital)`` pairs."""
        return [(int(r), int(h)) for r, h in enumerate(self.resident_match) if h >= 0]

    def __repr__(self) -> str:
        return f"StableMatch({len(self.pairs)} pairs, {self.proposals} proposals)"


def stable_match(resident_prefs: Sequence[Sequence[int]], hospital_prefs: Sequence[Sequence[int]],
                 capacities: Sequence[int], proposer: str = "residents") -> StableMatch:
    """Stable matching with capacities (hospitals/residents; deferred acceptance).

    Parameters
    ----------
    resident_prefs : sequence of sequence of int
        ``resident_prefs[r]``: hospitals in r's order of preference.
    hospital_prefs : sequence of sequence of int
        ``hospital_prefs[h]``: residents in h's order; a pair is acceptable only when each
        lists the other.
    capacities : sequence of int
        Places per hospital.
    proposer : {"residents", "hospitals"}, default "residents"
        Whose optimal stable matching to find.

    Returns
    -------
    StableMatch

    Raises
    ------
    ValueError
        For unknown or repeated ids and negative capacities.
    """
    if proposer not in ("residents", "hospitals"):
        raise ValueError(f"proposer: {proposer!r} is not one of 'residents', 'hospitals'")
    rp = [[int(x) for x in row] for row in resident_prefs]
    hp = [[int(x) for x in row] for row in hospital_prefs]
    caps = [int(x) for x in capacities]
    return StableMatch(_core.stable_match(rp, hp, caps, proposer == "hospitals"))


# ---------------------------------------------------------------------------- the matcher
def _records_json(x: Any, what: str) -> str:
    """Needs or resources as JSON records for the core: a DataFrame, a dict of columns or a
    list of dicts (one dict: one record); JSON text passes through. A NaN (or None) field is
    a missing value; an infinite one is sent as "Infinity" and refused by the core naming the
    record and field."""
    if isinstance(x, str):
        return x
    if isinstance(x, pd.DataFrame):
        # pandas writes NaN and infinite values as null: take the careful path when a number
        # column holds an infinite value, so it is refused by name, not made missing
        num = x.select_dtypes(include=["number"])
        has_inf = num.shape[1] > 0 and bool(np.isinf(num.to_numpy(dtype=float, na_value=np.nan)).any())
        if not has_inf:
            try:
                return str(x.to_json(orient="records", force_ascii=False, date_format="iso"))
            except (ValueError, OverflowError, TypeError, RecursionError):
                pass  # e.g. cells nested too deep for pandas: the careful path names the problem
    rows = records(x, what, allow_one=True)
    try:
        return _json.dumps(rows, what, default=_json_default)
    except TypeError as e:
        raise TypeError(f"{what}: cannot convert to JSON records: {e}") from None


_NEED_COLUMNS = frozenset({"id", "organization", "category", "quantity", "priority", "group", "window",
                           "min_provider_score", "note", "name"})


def _needs_columns(x: Any) -> Optional[Dict[str, Any]]:
    """Needs as columns for the core, without JSON: for a DataFrame of plain columns only
    (str ids, organizations, categories and groups; integer quantities and priorities;
    numeric min_provider_score; no windows). None sends the table the JSON way (which takes
    everything and names what it refuses); the core reads both into the same needs."""
    if not isinstance(x, pd.DataFrame) or len(x) == 0:
        return None
    names = [c for c in x.columns]
    if not all(isinstance(c, str) for c in names) or len(set(names)) != len(names):
        return None
    if not set(names) <= _NEED_COLUMNS or not {"id", "organization", "category"} <= set(names):
        return None
    infer = pd.api.types.infer_dtype
    out: Dict[str, Any] = {}
    for c in ("id", "organization", "category"):
        # infer_dtype says "string" of str columns holding None: those go the JSON way
        if infer(x[c], skipna=False) != "string" or bool(x[c].isna().any()):
            return None
        out[c] = x[c].tolist()
        if not _utf8(out[c]):
            return None
    for c in ("quantity", "priority"):
        if c in names:
            col = x[c]
            if (not pd.api.types.is_integer_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype)
                    or bool(col.isna().any())):
                return None
            # uint64 beyond int64 would wrap: the JSON path refuses it as out of range
            if pd.api.types.is_unsigned_integer_dtype(col.dtype) and len(col) and int(col.max()) > 2**63 - 1:
                return None
            out[c] = col.to_numpy(dtype=np.int64)
    if "group" in names:
        if infer(x["group"], skipna=True) not in ("string", "empty"):
            return None
        out["group"] = [g if isinstance(g, str) else "" for g in x["group"].tolist()]
        if not _utf8(out["group"]):
            return None
    if "window" in names:
        win = _windows(x["window"].tolist())
        if win is None:
            return None
        if win[0].any():
            out["window"], out["window_start"], out["window_end"] = win
    for c in ("note", "name"):  # free text the core ignores; other values (bytes...) the JSON path judges
        if c in names and infer(x[c], skipna=True) not in ("string", "empty"):
            return None
    if "min_provider_score" in names:
        col = x["min_provider_score"]
        if (not pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype)
                or pd.api.types.is_complex_dtype(col.dtype)):
            return None
        v = col.to_numpy(dtype=float, na_value=np.nan)
        if bool(np.isinf(v).any()):
            return None
        out["min_provider_score"] = v
    return out


def _utf8(values: List[str]) -> bool:
    """Whether every string encodes as UTF-8 (a lone surrogate does not: the JSON path names it)."""
    try:
        "".join(values).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _windows(values: List[Any]) -> Optional[Tuple[Any, Any, Any]]:
    """Windows given as ``{"start": int, "end": int}`` (day numbers) or missing: a mask of
    those present and their starts and ends; None for any other form (ISO dates, lists)."""
    n = len(values)
    has = np.zeros(n, dtype=np.int8)
    start = np.zeros(n, dtype=np.int64)
    end = np.zeros(n, dtype=np.int64)
    for i, w in enumerate(values):
        if w is None or (type(w) is float and w != w):
            continue
        if type(w) is not dict or len(w) != 2:
            return None
        a, b = w.get("start"), w.get("end")
        if type(a) is not int or type(b) is not int or abs(a) > 9 * 10**15 or abs(b) > 9 * 10**15:
            return None
        has[i], start[i], end[i] = 1, a, b
    return has, start, end


def _json_default(o: Any) -> Any:
    if hasattr(o, "isoformat"):
        return o.isoformat()[:10]
    raise TypeError(f"{type(o).__name__} is not JSON serializable")


class MatchResult:
    """The result of :func:`match`.

    Attributes
    ----------
    assignments : pandas.DataFrame
        One row per (need, resource) allocation: need, organization, resource, provider,
        outside_provider, category, quantity, unit_cost, distance (one of
        :data:`DISTANCE_LEVELS`), hops (-1 unless ``distance="hops"``), distance_cost,
        cost_per_unit, cost, via_consortium (the consortium whose pool served it, else "").
    unserved : pandas.DataFrame
        Needs not (fully) served, indexed by need id: need, organization, category, priority,
        requested, served, unserved, eligible, reason (one of :data:`UNSERVED_REASONS`),
        detail, blocked_by (need ids), full_resources.
    groups : pandas.DataFrame
        Per district (or fairness group), indexed by the group: needs, requested, served,
        share, weighted_served, floor, floor_met, cost. Also ``by_district``.
    summary : dict
        status, needs, resources, requested, served, served_share, weighted_served,
        total_cost, floors_met.
    stats : dict
        Solver statistics.
    """

    def __init__(self, cols: Mapping[str, Any]) -> None:
        self.assignments: pd.DataFrame = frame(cols["assignments"])
        self.unserved: pd.DataFrame = frame(cols["unserved"], index="need")
        self.groups: pd.DataFrame = frame(cols["groups"], index="group")
        self.summary: Dict[str, Any] = dict(cols["summary"])
        self.stats: Dict[str, Any] = dict(cols["stats"])

    @property
    def by_district(self) -> pd.DataFrame:
        """The same table as :attr:`groups`."""
        return self.groups

    @property
    def status(self) -> str:
        """The solver status ("optimal", "time_limit", "interrupted")."""
        return str(self.summary["status"])

    def __repr__(self) -> str:
        s = self.summary
        return (f"<MatchResult {s['status']}: served {s['served']}/{s['requested']} "
                f"({100 * s['served_share']:.1f}%), cost {s['total_cost']:.2f}, "
                f"{len(self.unserved)} needs not fully served>")


def _match_options(fair: Union[None, str, Mapping[str, Any]], distance: str, weights: Optional[Mapping[str, float]],
                   cost_scale: float, lexicographic: str, explain_limit: int, time_limit: Optional[float],
                   providers: str = "any", pooling: bool = True) -> str:
    opts: Dict[str, Any] = {"distance": distance, "cost_scale": cost_scale, "lexicographic": lexicographic,
                            "explain_limit": explain_limit, "providers": providers, "pooling": pooling}
    if weights is not None:
        if not isinstance(weights, Mapping):
            raise TypeError(f"weights: expected a dict of weights by name, got {type(weights).__name__}")
        opts["weights"] = dict(weights)
    if time_limit is not None:
        opts["time_limit"] = time_limit
    if fair is not None:
        opts["fair"] = dict(fair) if isinstance(fair, Mapping) else fair
    return _json.dumps(opts, "options")


@overload
def match(net: Network, needs: Table, resources: Table, fair: Union[None, str, Mapping[str, Any]] = ..., *,
          distance: str = ..., weights: Optional[Mapping[str, float]] = ..., cost_scale: float = ...,
          lexicographic: str = ..., explain_limit: int = ..., time_limit: Optional[float] = ...,
          providers: str = ..., pooling: bool = ...,
          progress: Optional[ProgressCallback] = ..., as_json: Literal[False] = ...) -> MatchResult: ...


@overload
def match(net: Network, needs: Table, resources: Table, fair: Union[None, str, Mapping[str, Any]] = ..., *,
          distance: str = ..., weights: Optional[Mapping[str, float]] = ..., cost_scale: float = ...,
          lexicographic: str = ..., explain_limit: int = ..., time_limit: Optional[float] = ...,
          providers: str = ..., pooling: bool = ...,
          progress: Optional[ProgressCallback] = ..., as_json: Literal[True]) -> str: ...


def match(net: Network, needs: Table, resources: Table, fair: Union[None, str, Mapping[str, Any]] = None, *,
          distance: str = "region", weights: Optional[Mapping[str, float]] = None, cost_scale: float = 100.0,
          lexicographic: str = "auto", explain_limit: int = 5, time_limit: Optional[float] = None,
          providers: str = "any", pooling: bool = True,
          progress: Optional[ProgressCallback] = None, as_json: bool = False) -> Union[MatchResult, str]:
    """Allocate resources to needs optimally on network ``net``.

    The objective: serve the most priority-weighted quantity, then at least cost (unit cost
    times ``weights["unit_cost"]`` plus a distance term).

    Parameters
    ----------
    net : Network
    needs : DataFrame, dict of columns or list of dicts
        id, organization, category, quantity (>= 1), priority (>= 1), optional window
        (``{"start", "end"}`` or window_start / window_end as ISO dates), group,
        min_provider_score. A NaN (or None) field is a missing value.
    resources : DataFrame, dict of columns or list of dicts
        id, provider (node id), category, capacity, unit_cost, optional outside_provider,
        window, and eligibility (an ``eligibility`` dict or flat columns org_types, stages,
        min_credit, regions).
    fair : str or dict, optional
        ``"district"``, ``"street"``, ``"group"``, or ``{"by": ..., "share": 0.8, "floors":
        {"110105": 500}}``: floors per group, met when feasible.
    distance : {"region", "hops"}, default "region"
        ``"region"``: weights same_street, same_district, cross_district, cross_city;
        ``"hops"``: weight ``hop`` per relation hop.
    weights : dict of str to float, optional
        Overrides of the cost weights (unit_cost, the distance levels, hop).
    cost_scale : float, default 100.0
        Costs are scaled by it to integers for the exact solver.
    lexicographic : {"auto", "big_m", "phases"}, default "auto"
    explain_limit : int, default 5
        Blocking needs / full resources listed per unserved need.
    time_limit : float, optional
        Seconds over all flow phases; when reached the status is "time_limit", nothing is
        allocated and every need is unserved with reason "not_solved".
    providers : {"any", "home"}, default "any"
        Who may serve a need: any provider (the city-wide platform), or ``"home"``: the need's
        incubator (its organization's home) and the members of every consortium of the
        network's ``consortia`` it belongs to, for the services they pool (§5.1).
    pooling : bool, default True
        ``False`` ignores the consortia (with ``providers="home"``: own resources only).
    progress : callable, optional
        Called with a :class:`hatchnet.Progress` (stage "match phase i/n", done = pivots);
        returning ``False`` stops the solve (status "interrupted"). Ctrl-C stops it too
        (``KeyboardInterrupt``).
    as_json : bool, default False
        Return the JSON text of the C ABI and the CLI instead.

    Returns
    -------
    MatchResult or str

    Raises
    ------
    ValueError
        Naming the record and field, for bad input.
    TypeError
        When ``needs`` / ``resources`` are not tables (e.g. a numpy array).
    KeyboardInterrupt
        On Ctrl-C.
    """
    core = core_net(net)
    oj = _match_options(fair, distance, weights, cost_scale, lexicographic, explain_limit, time_limit,
                        providers, pooling)
    # the needs before the resources (as before the column path): with both unreadable, the
    # needs are the ones named
    if as_json:
        nt = _records_json(needs, "needs")
        return str(_core.match_json(core, nt, _records_json(resources, "resources"), oj))
    cols = _needs_columns(needs)
    nj: Union[str, Dict[str, Any]] = cols if cols is not None else _records_json(needs, "needs")
    rj = _records_json(resources, "resources")
    return MatchResult(_core.match_columns(core, nj, rj, oj, wrap(progress)))


class Matcher:
    """A kept matcher for re-matching as needs and resources change.

    Takes the arguments of :func:`match`. :meth:`run` solves and returns a
    :class:`MatchResult`; after :meth:`set_quantity` / :meth:`set_capacity` (by id; 0
    withdraws the need or resource) the next :meth:`run` solves the changed problem — from
    the previous optimal basis when fairness is off (``result.stats["warm_start"]``), with the
    same optimum a new :func:`match` on the changed data would find. Picklable (the inputs
    and the changes; an unpickled matcher's first run is cold).

    Examples
    --------
    >>> m = Matcher(net, needs, resources)            # doctest: +SKIP
    >>> r1 = m.run(); m.set_quantity("need-0000042", 0); r2 = m.run()   # doctest: +SKIP
    """

    def __init__(self, net: Network, needs: Table, resources: Table,
                 fair: Union[None, str, Mapping[str, Any]] = None, *, distance: str = "region",
                 weights: Optional[Mapping[str, float]] = None, cost_scale: float = 100.0,
                 lexicographic: str = "auto", explain_limit: int = 5, time_limit: Optional[float] = None,
                 providers: str = "any", pooling: bool = True) -> None:
        self._net = net
        self._inputs = (_records_json(needs, "needs"), _records_json(resources, "resources"),
                        _match_options(fair, distance, weights, cost_scale, lexicographic, explain_limit, time_limit,
                                       providers, pooling))
        self._changes: List[Tuple[str, str, int]] = []
        self._core = _core.Matcher(core_net(net), *self._inputs)
        self._last: Optional[str] = None

    def __getstate__(self) -> Dict[str, Any]:
        return {"net": self._net, "inputs": self._inputs, "changes": self._changes}

    def __setstate__(self, st: Dict[str, Any]) -> None:
        self._net = st["net"]
        self._inputs = st["inputs"]
        self._changes = []
        self._core = _core.Matcher(core_net(self._net), *self._inputs)
        self._last = None
        for kind, id_, value in st["changes"]:
            (self.set_quantity if kind == "need" else self.set_capacity)(id_, value)

    def __repr__(self) -> str:
        last = "not run" if self._last is None else self._last
        return f"<hatchnet.matching.Matcher on {self._net.name!r}: {len(self._changes)} changes, {last}>"

    def run(self, *, progress: Optional[ProgressCallback] = None) -> MatchResult:
        """Solve (or re-solve after changes); the GIL is released while solving.

        Parameters
        ----------
        progress : callable, optional
            As in :func:`match`.

        Returns
        -------
        MatchResult

        Raises
        ------
        KeyboardInterrupt
            On Ctrl-C; the matcher stays usable (run it again).
        """
        r = MatchResult(self._core.run(wrap(progress)))
        self._last = r.status
        return r

    def set_quantity(self, need_id: str, quantity: int) -> None:
        """Change a need's quantity (0 withdraws it).

        Raises
        ------
        ValueError
            For an unknown id or a quantity < 0.
        """
        self._core.set_quantity(str(need_id), int(quantity))
        self._changes.append(("need", str(need_id), int(quantity)))

    def set_capacity(self, resource_id: str, capacity: int) -> None:
        """Change a resource's capacity (0 withdraws it).

        Raises
        ------
        ValueError
            For an unknown id or a capacity < 0.
        """
        self._core.set_capacity(str(resource_id), int(capacity))
        self._changes.append(("resource", str(resource_id), int(capacity)))

    def result_json(self, indent: int = -1) -> str:
        """The last result as the JSON of the C ABI and the CLI."""
        return str(self._core.result_json(int(indent)))


def demo_demand(net: Network, seed: int = 2017, needs: int = 0,
                supply_percent: int = 85) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Realistic demo needs and resources on ``net``, ready for :func:`match`.

    Parameters
    ----------
    net : Network
    seed : int, default 2017
    needs : int, default 0
        How many needs (0: one per organization).
    supply_percent : int, default 85
        Total capacity offered, as a percentage of the quantity needed.

    Returns
    -------
    needs, resources : pandas.DataFrame
        One row per need / resource (a RangeIndex: they are inputs, with an ``id`` column).
    """
    n, r = _core.demo_demand(core_net(net), int(seed), int(needs), int(supply_percent), frame)
    return _as_frame(n), _as_frame(r)


def _as_frame(x: Any) -> pd.DataFrame:
    return x if isinstance(x, pd.DataFrame) else pd.DataFrame(x)
