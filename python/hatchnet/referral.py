"""Referral routing (§5.3 of the 2017 Beijing guidance): from the first-contact incubator to
the best-suited one, with every decision explained; batch routing against capacities; and a
ledger that closes the loop on every referral.

>>> net = hatchnet.Network.load("tests/data/small.json")           # doctest: +SKIP
>>> r = net.refer({"organization": "so-2", "needs": ["office"], "first_contact": "s-east-2"})
>>> r.chosen, r.route[["from", "to", "move"]]                        # doctest: +SKIP

A request is a dict: ``organization`` (an id) or its attributes (``type``, ``stage``,
``registration``, ``sectors``, ``region``, ``credit``); ``needs`` (service ids);
``first_contact`` (node id; default the organization's home incubator); ``urgency``
(``"routine"`` / ``"urgent"``); ``consent`` (operators: ``"government"``, ``"social"``);
``exclude`` (node ids). A policy is ``None`` (the documented default), a dict or JSON text
overriding any default field, or a path to a JSON file (see :func:`default_policy`).
Bad input raises ``ValueError`` naming the field, a wrong type ``TypeError``.

Requests reach the core without JSON text when they are a dict, a list of dicts, a
DataFrame or a dict of columns whose values are plain ``str``, ``int``, ``float``, ``bool``,
``None`` or lists of ``str``: the core reads them as it reads their JSON, with the same
validation and messages (``requests[3]: field 'urgency': ...``). Other values (numpy
scalars, tuples, sets, bytes, text that is not UTF-8, integers beyond 64 bits, repeated or
non-text column names) go as JSON text, which converts or refuses them as before.
"""
from __future__ import annotations

import json
import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from ._lazy import numpy as np, pandas as pd

from . import _core, _json
from ._progress import ProgressCallback, wrap
from ._util import PathLike, Table, _is_column, core_net, fspath, frame, plain, records
from .network import Network

__all__ = ["refer", "refer_batch", "default_policy", "Router", "ReferralResult", "BatchResult",
           "Ledger", "ReferralSet", "refer_many", "Explanation", "REASONS", "FACTORS", "STATUSES", "MOVES",
           "URGENCIES", "BETTER_FIT", "Policy"]

#: Why a node is not a candidate (the codes of ``excluded["reasons"]``; from the core).
REASONS: Tuple[str, ...] = tuple(_core.REFERRAL_REASONS)
#: The scoring factors, in the order of the ``f_*`` / ``w_*`` candidate columns (from the core).
FACTORS: Tuple[str, ...] = tuple(_core.REFERRAL_FACTORS)
#: The states of a referral in the :class:`Ledger` (from the core).
STATUSES: Tuple[str, ...] = tuple(_core.REFERRAL_STATUSES)
#: The moves of a route (from the core).
MOVES: Tuple[str, ...] = tuple(_core.REFERRAL_MOVES)
#: The urgencies of a request (from the core).
URGENCIES: Tuple[str, ...] = tuple(_core.URGENCIES)
#: The ``because`` code of a hop whose node was a candidate that scored below the chosen one
#: (one past the largest reasons mask) in :class:`Explanation` ``route``.
BETTER_FIT: int = 1 << len(REASONS)

#: A routing policy argument: None (the default), a dict, JSON text or a path to a JSON file.
Policy = Union[None, str, PathLike, Mapping[str, Any]]

_LIST_FIELDS = ("needs", "sectors", "exclude", "consent")


def default_policy() -> Dict[str, Any]:
    """The documented default routing policy.

    Returns
    -------
    dict
        Edit it and pass it back as ``policy=``.
    """
    out: Dict[str, Any] = json.loads(_core.default_policy_json())
    return out


def _policy_text(policy: Policy) -> Optional[str]:
    if policy is None:
        return None
    if isinstance(policy, Mapping):
        return str(_core.normalise_policy_json(_json.dumps(dict(policy), "policy")))
    if isinstance(policy, str) and policy.lstrip().startswith("{"):
        return str(_core.normalise_policy_json(policy))
    if isinstance(policy, (str, os.PathLike)):
        with open(fspath(policy, "policy"), encoding="utf-8") as f:  # FileNotFoundError when missing
            return str(_core.normalise_policy_json(f.read()))
    raise TypeError(f"policy: expected None, a dict, JSON text or a path, got {type(policy).__name__}")


def _plain_request(request: Dict[Any, Any]) -> Optional[Dict[str, Any]]:
    """The fast path of :func:`_request` for a dict of plain values (str keys; str, int,
    bool, float, None or a list of str values): the same dict :func:`_request` makes, or None
    when a value needs the general path."""
    out: Dict[str, Any] = {}
    for k, v in request.items():
        if type(k) is not str:
            return None
        t = type(v)
        if t is str:
            if k in _LIST_FIELDS:
                v = [s.strip() for s in v.split(",") if s.strip()]
        elif t is list:
            for x in v:
                if type(x) is not str:
                    return None
        elif t is float:
            if v != v:  # NaN: a missing value
                continue
        elif v is None:
            continue
        elif t is not int and t is not bool:
            return None
        out[k] = v
    return out


def _request(request: Any, name: str = "request") -> Dict[str, Any]:
    """A request as a plain dict: missing values dropped, comma lists split."""
    if type(request) is dict:
        fast = _plain_request(request)
        if fast is not None:
            return fast
    if isinstance(request, pd.Series):
        request = request.to_dict()
    if not isinstance(request, Mapping):
        raise TypeError(f"{name}: expected a dict, got {type(request).__name__}")
    out: Dict[str, Any] = records([request], name)[0]
    for k in _LIST_FIELDS:
        v = out.get(k)
        if isinstance(v, str):
            out[k] = [s.strip() for s in v.split(",") if s.strip()]
    return out


def _requests(requests: Any) -> List[Dict[str, Any]]:
    if type(requests) is list:  # a list of plain dicts: each as _request makes it, without pandas
        out: List[Dict[str, Any]] = []
        for r in requests:
            fast = _plain_request(r) if type(r) is dict else None
            if fast is None:
                break
            out.append(fast)
        else:
            return out
    return [_request(r, f"requests[{i}]") if isinstance(r, (Mapping, pd.Series)) else plain(r)
            for i, r in enumerate(records(requests, "requests"))]


def _route(router: "_core.Router", request: Any) -> "_core.Referral":
    """Route one request: a dict of plain values is read by the core directly, anything else
    (or a dict the core declines) goes as JSON text; both read it the same way."""
    if type(request) is dict:
        r = router.route_dict(request)
        if r is not None:
            return r
    return router.route(_json.dumps(_request(request), "request"))


def _utf8_names(names: List[str]) -> bool:
    try:
        "".join(names).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _request_list(requests: Any) -> "Optional[_core.RequestList]":
    """Requests read by the core without JSON text: a list of dicts, a DataFrame or a dict of
    columns whose cells are plain values (str, int, float, bool, None, lists of str). None
    sends them the JSON way (:func:`_requests`), which converts or refuses what the core
    declines; both paths read the same requests and report the same errors."""
    if type(requests) is list:
        return _core.requests_from_dicts(requests)
    if isinstance(requests, Mapping) and requests and all(_is_column(v) for v in requests.values()):
        requests = pd.DataFrame(dict(requests))  # as records() makes it
    if isinstance(requests, pd.DataFrame):
        names = list(requests.columns)
        if (not all(type(c) is str for c in names) or len(set(names)) != len(names)
                or not _utf8_names(names)):
            return None
        cols = [requests.iloc[:, k].tolist() for k in range(len(names))]
        return _core.requests_from_columns(len(requests), names, cols)
    return None


# Routers are cached per (network, policy): building one costs O(nodes + edges).
_ROUTERS: "OrderedDict[Tuple[int, Optional[str]], Tuple[_core.Network, _core.Router]]" = OrderedDict()
_MAX_ROUTERS = 8


def _router(net: Network, policy: Policy) -> "_core.Router":
    core = core_net(net)
    text = _policy_text(policy)
    key = (id(core), text)
    hit = _ROUTERS.get(key)
    if hit is not None and hit[0] is core:
        _ROUTERS.move_to_end(key)
        return hit[1]
    router = _core.Router(core, text)
    _ROUTERS[key] = (core, router)
    while len(_ROUTERS) > _MAX_ROUTERS:
        _ROUTERS.popitem(last=False)
    return router


class Router:
    """A reusable router on one network and policy.

    Thread-safe; the GIL is released while routing. :meth:`Network.refer` uses a cached one;
    build your own to control its lifetime. Picklable (its network and policy).

    Parameters
    ----------
    net : Network
    policy : None, dict, JSON text or path, optional
        The routing policy (default: :func:`default_policy`).
    """

    def __init__(self, net: Network, policy: Policy = None) -> None:
        self._net = net
        self._core = _core.Router(core_net(net), _policy_text(policy))

    def __getstate__(self) -> Dict[str, Any]:
        return {"net": self._net, "policy": self._core.policy_json()}

    def __setstate__(self, st: Dict[str, Any]) -> None:
        self._net = st["net"]
        self._core = _core.Router(core_net(self._net), st["policy"])

    def __repr__(self) -> str:
        return f"<hatchnet.referral.Router on {self._net.name!r}>"

    @property
    def policy(self) -> Dict[str, Any]:
        """The policy in force, as a dict."""
        out: Dict[str, Any] = json.loads(self._core.policy_json())
        return out

    def refer(self, request: Mapping[str, Any]) -> "ReferralResult":
        """Route one request (see :func:`refer`)."""
        return ReferralResult(_route(self._core, request))

    def refer_batch(self, requests: Table, *, progress: Optional[ProgressCallback] = None) -> "BatchResult":
        """Route many requests against capacities (see :func:`refer_batch`)."""
        return _batch(self._core, requests, progress)

    def refer_many(self, requests: Table, *, threads: Optional[int] = None,
                   progress: Optional[ProgressCallback] = None) -> "ReferralSet":
        """Route many requests independently (each as :meth:`refer` would); see
        :func:`refer_many`."""
        return _many(self._core, requests, threads, progress)

    def warm_up(self) -> None:
        """Build the routing tables of every first contact now (else on first use)."""
        self._core.warm_up()


_CANDIDATE_COLUMNS = ("rank", "node", "tier", "region", "hops", "score", "spare", "capacity")


class Explanation:
    """The explanation of one referral as three numpy structured arrays, made in C++ with one
    copy each and no Python object per row: the fast way to read many explanations (see
    :attr:`ReferralResult.explanation`). Node and contract fields are codes; :attr:`node_ids`
    and :attr:`contract_ids` (shared by every result of a router) give their ids.

    Attributes
    ----------
    candidates : numpy.ndarray
        One row per candidate, best first: ``node``, ``rank``, ``hops``, ``score``, and one
        field per factor value (``f_<factor>``) and weighted contribution (``w_<factor>``) in
        the order of :data:`FACTORS`.
    excluded : numpy.ndarray
        One row per excluded node: ``node``, ``hops`` (-1 when no allowed route), ``distance``,
        ``reasons`` (a bit mask: bit ``i`` is ``REASONS[i]``; see :meth:`reasons`),
        ``contract`` (the contract in the way for ``contract_unusable``, else -1).
    route : numpy.ndarray
        One row per hop from the first contact: ``step``, ``from``, ``to``, ``move`` (a code of
        :data:`MOVES`), ``relation`` (a code of ``hatchnet.RELATIONS``), ``edge`` (-1 for a hop
        over a contract), ``contract`` (-1 unless over a contract), ``because`` (a reasons
        mask, or :data:`BETTER_FIT`).
    node_ids : tuple of str
        The node id of each node code.
    contract_ids : tuple of str
        The contract id of each contract code (the network's ``contracts``).
    """

    __slots__ = ("candidates", "excluded", "route", "node_ids", "contract_ids")

    def __init__(self, candidates: "np.ndarray[Any, Any]", excluded: "np.ndarray[Any, Any]",
                 route: "np.ndarray[Any, Any]", node_ids: Tuple[str, ...], contract_ids: Tuple[str, ...]) -> None:
        self.candidates = candidates
        self.excluded = excluded
        self.route = route
        self.node_ids = node_ids
        self.contract_ids = contract_ids

    def nodes(self, codes: Any) -> List[str]:
        """The node ids of node codes (e.g. ``e.nodes(e.candidates["node"])``)."""
        ids = self.node_ids
        return [ids[int(c)] for c in np.asarray(codes).ravel()]

    @staticmethod
    def reasons(mask: int) -> List[str]:
        """The reason codes of a mask (``["better_fit"]`` for :data:`BETTER_FIT`)."""
        m = int(mask)
        if m == BETTER_FIT:
            return ["better_fit"]
        return [r for i, r in enumerate(REASONS) if m >> i & 1]

    def __repr__(self) -> str:
        return (f"<hatchnet.referral.Explanation: {len(self.candidates)} candidates, "
                f"{len(self.excluded)} excluded, {len(self.route)} hop(s)>")


def _explanation_of(data: Mapping[str, Any]) -> Explanation:
    """An :class:`Explanation` from a result's dict (an unpickled result): node and contract
    codes index the ids this result names, in order of first appearance."""
    nodes: Dict[str, int] = {}
    contracts: Dict[str, int] = {}

    def node(i: str) -> int:
        return nodes.setdefault(i, len(nodes))

    def contract(i: Optional[str]) -> int:
        return -1 if i is None else contracts.setdefault(i, len(contracts))

    def mask(codes: List[str]) -> int:
        if codes == ["better_fit"]:
            return BETTER_FIT
        return sum(1 << REASONS.index(c) for c in codes)

    cand = np.zeros(len(data["candidates"]), dtype=_dtypes()[0])
    for k, c in enumerate(data["candidates"]):
        row: List[Any] = [node(c["node"]), c["rank"], c["hops"], c["score"]]
        row += [c["factors"][f] for f in FACTORS] + [c["contributions"][f] for f in FACTORS]
        cand[k] = tuple(row)
    excl = np.zeros(len(data["excluded"]), dtype=_dtypes()[1])
    for k, x in enumerate(data["excluded"]):
        excl[k] = (node(x["node"]), x["hops"], x["distance"], mask(x["reasons"]), contract(x.get("contract")))
    route = np.zeros(len(data["route"]), dtype=_dtypes()[2])
    for k, h in enumerate(data["route"]):
        route[k] = (k, node(h["from"]), node(h["to"]), MOVES.index(h["move"]), _RELATIONS.index(h["relation"]),
                    -1 if h.get("edge") is None else h["edge"], contract(h.get("contract")), mask(h["because"]))
    return Explanation(cand, excl, route, tuple(nodes), tuple(contracts))


_DTYPES: List[Any] = []


def _dtypes() -> Tuple[Any, Any, Any]:
    """The structured dtypes of :class:`Explanation` (candidates, excluded, route)."""
    if not _DTYPES:
        from numpy import dtype
        names = (["node", "rank", "hops", "score"] + ["f_" + f for f in FACTORS] + ["w_" + f for f in FACTORS])
        _DTYPES.append(dtype({"names": names, "formats": ["<i4"] * 3 + ["<f8"] * (1 + 2 * len(FACTORS))}))
        _DTYPES.append(dtype({"names": ["node", "hops", "distance", "reasons", "contract"],
                              "formats": ["<i4", "<i4", "<i4", "<i2", "<i4"]}))
        _DTYPES.append(dtype({"names": ["step", "from", "to", "move", "relation", "edge", "contract", "because"],
                              "formats": ["<i4", "<i4", "<i4", "i1", "i1", "<i8", "<i4", "<i2"]}))
    return (_DTYPES[0], _DTYPES[1], _DTYPES[2])


class ReferralResult:
    """The outcome of one referral.

    The quick fields (``status``, ``chosen``, ``score``, ``first_contact``) are read from
    the C++ result; the explanation (``route``, ``candidates``, ``excluded``, ``data``) is
    built when first read. Picklable.

    Attributes
    ----------
    status : str
        "routed", "waitlisted" or "no_candidate".
    chosen : str or None
        The node chosen.
    score : float or None
    first_contact : str
    """

    __slots__ = ("_core", "_data", "_explanation")

    def __init__(self, data: "Union[Mapping[str, Any], _core.Referral]") -> None:
        self._explanation: Optional[Explanation] = None
        self._core: "Optional[_core.Referral]" = None
        self._data: Optional[Dict[str, Any]] = None
        if type(data) is _core.Referral or not isinstance(data, Mapping):  # the type test first: cheaper
            self._core = data
        else:
            self._data = dict(data)

    @property
    def explanation(self) -> Explanation:
        """The explanation (candidates, excluded nodes, route) as numpy structured arrays: the
        same content as :attr:`data`, made without a Python object per row, so reading it
        costs about as much as routing (see :class:`Explanation`)."""
        if self._explanation is None:
            if self._core is not None:
                self._explanation = Explanation(*self._core.explain())
            else:
                self._explanation = _explanation_of(self.data)
        return self._explanation

    @property
    def data(self) -> Dict[str, Any]:
        """The whole result as a dict (the JSON of the C ABI and the CLI)."""
        if self._data is None:
            assert self._core is not None
            self._data = self._core.data()
        return self._data

    @property
    def status(self) -> str:
        """"routed", "waitlisted" or "no_candidate"."""
        return str(self._core.status if self._core is not None else self.data["status"])

    @property
    def chosen(self) -> Optional[str]:
        """The id of the node chosen, or None."""
        return self._core.chosen if self._core is not None else self.data["chosen"]

    @property
    def score(self) -> Optional[float]:
        """The chosen candidate's score, or None."""
        return self._core.score if self._core is not None else self.data.get("score")

    @property
    def first_contact(self) -> str:
        """The id of the first-contact node."""
        return str(self._core.first_contact if self._core is not None else self.data["first_contact"])

    @property
    def waitlist(self) -> Optional[Dict[str, Any]]:
        """``{"node", "position"}`` when waitlisted, else None."""
        w: Optional[Dict[str, Any]] = self.data["waitlist"]
        return w

    @property
    def route(self) -> pd.DataFrame:
        """The hops from the first contact: from, to, move, relation, edge (None for a hop
        over a contract of the network's ``contracts``), contract (its id, else None),
        because."""
        cols = ["from", "to", "move", "relation", "edge", "contract", "because"]
        return pd.DataFrame([{c: h.get(c) for c in cols} for h in self.data["route"]], columns=cols)

    @property
    def contracts(self) -> pd.DataFrame:
        """The network's contracts this request could not use (§5.4), indexed by contract id:
        contract, issue ("out_of_scope", "not_yet_in_force", "expired"), service, date and
        reason (e.g. "contract K1 expired on 2025-12-31"). Empty when none was in the way."""
        cols = ["contract", "issue", "service", "date", "reason"]
        df = pd.DataFrame([{c: x.get(c) for c in cols} for x in self.data.get("contracts", [])], columns=cols)
        df.index = pd.Index(df["contract"].to_numpy(), name=None)
        return df

    @property
    def as_of(self) -> Optional[str]:
        """The date contracts were judged on (None when the network has no contracts)."""
        d: Optional[str] = self.data.get("as_of")
        return d

    @property
    def candidates(self) -> pd.DataFrame:
        """Ranked candidates, indexed by node id: rank, node, tier, region, hops, score,
        spare, capacity, one column per factor value (``f_<factor>``, in [0, 1]) and one per
        weighted contribution (``w_<factor>``); the contributions sum to ``score``."""
        rows = []
        for c in self.data["candidates"]:
            row = {k: c[k] for k in _CANDIDATE_COLUMNS}
            for f in FACTORS:
                row["f_" + f] = c["factors"][f]
            for f in FACTORS:
                row["w_" + f] = c["contributions"][f]
            rows.append(row)
        cols = [*_CANDIDATE_COLUMNS, *("f_" + f for f in FACTORS), *("w_" + f for f in FACTORS)]
        df = pd.DataFrame(rows, columns=cols)
        df.index = pd.Index(df["node"].to_numpy(), name=None)
        return df

    @property
    def excluded(self) -> pd.DataFrame:
        """Nodes that are not candidates, indexed by node id, each with its reasons (a list
        of codes of :data:`REASONS`) and, for ``contract_unusable``, the contract in the way
        (else None)."""
        cols = ["node", "tier", "hops", "distance", "reasons", "contract"]
        df = pd.DataFrame([{c: e.get(c) for c in cols} for e in self.data["excluded"]], columns=cols)
        df.index = pd.Index(df["node"].to_numpy(), name=None)
        return df

    def to_dict(self) -> Dict[str, Any]:
        """The whole result as a dict (the same as :attr:`data`)."""
        return self.data

    def __getstate__(self) -> Dict[str, Any]:
        return self.data

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self._core, self._data, self._explanation = None, state, None

    def __repr__(self) -> str:
        d = self.data
        extra = f", waitlist position {d['waitlist']['position']}" if d.get("waitlist") else ""
        return (f"<ReferralResult {self.status}: {self.chosen} via {len(d['route'])} hop(s), "
                f"{len(d['candidates'])} candidates, {len(d['excluded'])} excluded{extra}>")


class BatchResult:
    """Batch routing of many requests against spare capacities. Picklable.

    The counts and the assignments table are read from the C++ result as columns; ``data``
    (the JSON's dicts) is made only when read.

    Attributes
    ----------
    assignments : pandas.DataFrame
        One row per request: index, request, status, node, score, hops, waitlist_position.
    placed : dict of str to int
        Requests placed per node.
    routed, waitlisted, unroutable : int
    total_score, objective : float
    data : dict
        Every field, as the JSON of the C ABI.
    """

    __slots__ = ("_core", "_data")

    def __init__(self, data: "Union[Dict[str, Any], _core.ReferralBatch]") -> None:
        if isinstance(data, Mapping):
            self._core: "Optional[_core.ReferralBatch]" = None
            self._data: Optional[Dict[str, Any]] = dict(data)
        else:
            self._core, self._data = data, None

    @property
    def data(self) -> Dict[str, Any]:
        """Every field, as the JSON of the C ABI (made on first read)."""
        if self._data is None:
            assert self._core is not None
            self._data = dict(self._core.data())
        return self._data

    def __getstate__(self) -> Dict[str, Any]:
        return self.data

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self._core, self._data = None, state

    @property
    def assignments(self) -> pd.DataFrame:
        """One row per request: index, request, status, node, score, hops, waitlist_position."""
        cols = ["index", "request", "status", "node", "score", "hops", "waitlist_position"]
        if self._core is not None:
            c = self._core.assignment_columns()
            if len(c["index"]):
                return pd.DataFrame({k: c[k] for k in cols}, columns=cols)
            return pd.DataFrame([], columns=cols)
        return pd.DataFrame([{c: a.get(c) for c in cols} for a in self.data["assignments"]], columns=cols)

    @property
    def placed(self) -> Dict[str, int]:
        """Requests placed per node."""
        if self._core is not None:
            return dict(self._core.placed())
        return dict(self.data["placed"])

    @property
    def routed(self) -> int:
        """Requests placed."""
        return int(self._core.routed if self._core is not None else self.data["routed"])

    @property
    def waitlisted(self) -> int:
        """Requests waitlisted."""
        return int(self._core.waitlisted if self._core is not None else self.data["waitlisted"])

    @property
    def unroutable(self) -> int:
        """Requests with no candidate."""
        return int(self._core.unroutable if self._core is not None else self.data["unroutable"])

    @property
    def total_score(self) -> float:
        """The sum of the placed requests' scores."""
        return float(self._core.total_score if self._core is not None else self.data["total_score"])

    @property
    def objective(self) -> float:
        """The optimised objective."""
        return float(self._core.objective if self._core is not None else self.data["objective"])

    def __repr__(self) -> str:
        return (f"<BatchResult {self.routed} routed, {self.waitlisted} waitlisted, "
                f"{self.unroutable} unroutable; total score {self.total_score:.3f}>")


class ReferralSet:
    """Many referrals, each routed independently as :func:`refer` would, read as tables.

    Made by :func:`refer_many` (or :meth:`Router.refer_many`, :meth:`Network.refer_many`).
    The explanations of every request are long tables with a ``request`` column (the
    request's position in the input): :attr:`candidates`, :attr:`excluded` and :attr:`route`
    have the columns of :class:`ReferralResult`'s tables plus ``request``. So that millions
    of rows cost little, node ids, tiers, regions, statuses, moves, relations and reasons
    are ``Categorical`` columns (pass ``observed=True`` when grouping by them), and reasons
    are their codes joined by ``"|"``. Each table is
    built on first read and cached. ``len(s)`` requests; ``s[i]`` is the
    :class:`ReferralResult` of request ``i``. Picklable (the tables and the JSON results).
    """

    __slots__ = ("_core", "_frames", "_json", "_nodes")

    def __init__(self, core: "_core.ReferralSet") -> None:
        self._core: "Optional[_core.ReferralSet]" = core
        self._frames: Dict[str, pd.DataFrame] = {}
        self._json: Optional[List[Any]] = None
        self._nodes: Optional[Dict[str, Any]] = None

    def __len__(self) -> int:
        if self._core is not None:
            return len(self._core)
        return len(self.decisions)

    def __getitem__(self, i: int) -> ReferralResult:
        if self._core is not None:
            return ReferralResult(self._core.get(i))
        if self._json is None:
            raise IndexError("referral index out of range")
        return ReferralResult(self._json[i])

    def __iter__(self) -> Iterator[ReferralResult]:
        for i in range(len(self)):
            yield self[i]

    def _node_table(self) -> Dict[str, Any]:
        """Per vertex: the codes and categories of the node columns (built once)."""
        assert self._core is not None
        if self._nodes is None:
            # one per router (kept by the core router): every set of the router shares it, and
            # its categorical dtypes, whose categories pandas checks for uniqueness once (0.7 ms
            # per node column of a Beijing set when each Categorical checked them again)
            nodes: Optional[Dict[str, Any]] = self._core.router_cache
            if nodes is None:
                cols = self._core.node_columns()
                region_codes, regions = pd.factorize(pd.Series(cols["region"], dtype=object), sort=True)
                ids = pd.Index(cols["id"], dtype=object)
                region_index = pd.Index(regions, dtype=object)
                nodes = {
                    "ids": ids,
                    "node_dtype": pd.CategoricalDtype(ids),
                    "tier": np.asarray(cols["tier"], dtype=np.int8),
                    "region": np.asarray(region_codes, dtype=np.int32),
                    "regions": region_index,
                    "region_dtype": pd.CategoricalDtype(region_index),
                    "spare": np.asarray(cols["spare"]),
                    "capacity": np.asarray(cols["capacity"]),
                }
                self._core.router_cache = nodes
            self._nodes = nodes
        return self._nodes

    def _frame(self, name: str) -> pd.DataFrame:
        df = self._frames.get(name)
        if df is None:
            if self._core is None:
                raise RuntimeError("ReferralSet: table missing from the pickled state")
            df = getattr(self, "_build_" + name)()
            self._frames[name] = df
        return df

    def _nodes_of(self, vertices: Any) -> pd.Categorical:
        """Node ids of vertex numbers (-1: missing) as a Categorical over every node id."""
        return _categorical(vertices, dtype=self._node_table()["node_dtype"], validate=False)

    def _node_columns(self, vertices: Any, *names: str) -> Dict[str, Any]:
        """The node, tier (and region, spare, capacity when named) of each vertex."""
        t = self._node_table()
        v = np.asarray(vertices)
        out: Dict[str, Any] = {"node": self._nodes_of(v),
                               "tier": _categorical(t["tier"][v], dtype=_vocabulary("tiers"), validate=False)}
        if "region" in names:
            out["region"] = _categorical(t["region"][v], dtype=t["region_dtype"], validate=False)
        for k in ("spare", "capacity"):
            if k in names:
                out[k] = t[k][v]
        return out

    def _build_decisions(self) -> pd.DataFrame:
        assert self._core is not None
        c = self._core.decision_columns()
        df = pd.DataFrame({
            "id": c["id"], "status": _categorical(c["status"], dtype=_vocabulary("route_statuses"), validate=False),
            "first_contact": self._nodes_of(c["first_contact"]), "chosen": self._nodes_of(c["chosen"]),
            "score": c["score"], "hops": c["hops"], "waitlist_node": self._nodes_of(c["waitlist_node"]),
            "waitlist_position": c["waitlist_position"], "candidates": c["candidates"], "excluded": c["excluded"]})
        df.index.name = "request"
        return df

    def _build_candidates(self) -> pd.DataFrame:
        assert self._core is not None
        c = self._core.candidate_columns()
        nodes = self._node_columns(c["node"], "region", "spare", "capacity")
        cols: Dict[str, Any] = {"request": c["request"], "rank": c["rank"], "node": nodes["node"],
                                "tier": nodes["tier"], "region": nodes["region"], "hops": c["hops"],
                                "score": c["score"], "spare": nodes["spare"], "capacity": nodes["capacity"]}
        fa, co = np.asarray(c["factors"]), np.asarray(c["contributions"])
        for k, f in enumerate(FACTORS):
            cols["f_" + f] = fa[:, k]
        for k, f in enumerate(FACTORS):
            cols["w_" + f] = co[:, k]
        return pd.DataFrame(cols, copy=False)

    def _build_excluded(self) -> pd.DataFrame:
        assert self._core is not None
        # the core makes every code in the dtype its Categorical keeps (no copy, no gather
        # here) and in range by construction (no validation pass over the 2.85M rows of a
        # Beijing run of 20,000 requests)
        c = self._core.excluded_table()
        t = self._node_table()
        reasons = _reason_categories()[np.asarray(c["reason_masks"])]
        return pd.DataFrame({"request": c["request"],
                             "node": _categorical(c["node"], dtype=t["node_dtype"], validate=False),
                             "tier": _categorical(c["tier"], dtype=_vocabulary("tiers"), validate=False),
                             "hops": c["hops"], "distance": c["distance"],
                             "reasons": _categorical(c["reason_codes"], reasons, validate=False)},
                            copy=False)

    def _build_route(self) -> pd.DataFrame:
        assert self._core is not None
        c = self._core.route_columns()
        return pd.DataFrame({
            "request": c["request"], "step": c["step"], "from": self._nodes_of(c["from"]),
            "to": self._nodes_of(c["to"]),
            "move": _categorical(c["move"], dtype=_vocabulary("moves"), validate=False),
            "relation": _categorical(c["relation"], dtype=_vocabulary("relations"), validate=False),
            "edge": c["edge"], "because": _reasons(c["because"], c.get("reason_masks"), c.get("reason_codes"))},
            copy=False)

    @property
    def decisions(self) -> pd.DataFrame:
        """One row per request, indexed by its position: id, status, first_contact, chosen,
        score, hops, waitlist_node, waitlist_position, and the numbers of candidates and
        excluded nodes."""
        return self._frame("decisions")

    @property
    def candidates(self) -> pd.DataFrame:
        """Every request's ranked candidates: request, rank, node, tier, region, hops, score,
        spare, capacity, ``f_<factor>``, ``w_<factor>``."""
        return self._frame("candidates")

    @property
    def excluded(self) -> pd.DataFrame:
        """Every request's excluded nodes: request, node, tier, hops, distance, reasons (the
        codes of :data:`REASONS` joined by ``"|"``; ``.str.split("|")`` gives lists)."""
        return self._frame("excluded")

    @property
    def route(self) -> pd.DataFrame:
        """Every request's route: request, step, from, to, move, relation, edge, because (reason
        codes joined by ``"|"``, ``"better_fit"``, or ``""`` for a transit point)."""
        return self._frame("route")

    def to_list(self) -> List[Dict[str, Any]]:
        """Every result as a dict (the JSON of the C ABI), in input order."""
        if self._json is None:
            assert self._core is not None
            self._json = json.loads(self._core.json())
        return list(self._json)

    def __getstate__(self) -> Dict[str, Any]:
        return {"frames": {k: self._frame(k) for k in ("decisions", "candidates", "excluded", "route")},
                "json": self.to_list()}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self._core, self._nodes = None, None
        self._frames = dict(state["frames"])
        self._json = list(state["json"])

    def __repr__(self) -> str:
        return f"<hatchnet.referral.ReferralSet: {len(self)} referrals>"


_ROUTE_STATUSES: Tuple[str, ...] = tuple(_core.ROUTE_STATUSES)
_TIERS: Tuple[str, ...] = tuple(_core.TIERS)
_RELATIONS: Tuple[str, ...] = tuple(_core.RELATIONS)


def _categorical(codes: Any, categories: Any = None, *, dtype: Any = None, validate: bool = True) -> pd.Categorical:
    """pandas.Categorical.from_codes (codes -1: missing), of ``categories`` or a made
    ``dtype``; ``validate=False`` for codes the core made in range."""
    if dtype is None:
        dtype = pd.CategoricalDtype(pd.Index(categories))
    cat: pd.Categorical = pd.Categorical.from_codes(np.asarray(codes), dtype=dtype, validate=validate)
    return cat


_VOCABULARIES: Dict[str, Any] = {}


def _vocabulary(name: str) -> Any:
    """The CategoricalDtype of a fixed vocabulary (tiers, route_statuses, moves, relations),
    made once: a new one checks its categories each time (~0.1 ms)."""
    dt = _VOCABULARIES.get(name)
    if dt is None:
        cats = {"tiers": _TIERS, "route_statuses": _ROUTE_STATUSES, "moves": MOVES, "relations": _RELATIONS}[name]
        dt = _VOCABULARIES[name] = pd.CategoricalDtype(pd.Index(cats))  # as pd.Index(categories) made it
    return dt


def _reasons(codes: Any, used: Any = None, remapped: Any = None) -> pd.Categorical:
    """Reason masks (the core's category codes: the mask, or one past the largest mask for
    better_fit) as a Categorical of their codes joined by "|". ``used`` (the masks that
    occur, ascending) and ``remapped`` (each row's position among them), when the core gives
    them, save the bincount and gather."""
    every = _reason_categories()
    if used is not None and remapped is not None:
        cat: pd.Categorical = pd.Categorical.from_codes(np.asarray(remapped), categories=every[np.asarray(used)])
        return cat
    codes = np.asarray(codes)
    # only the combinations that occur become categories (so value_counts() lists those);
    # bincount + a lookup table is O(n), unlike Categorical.remove_unused_categories
    used = np.flatnonzero(np.bincount(codes, minlength=len(every)))
    remap = np.full(len(every), -1, dtype=np.int16)
    remap[used] = np.arange(len(used), dtype=np.int16)
    return _categorical(remap[codes], categories=every[used])


_REASON_CATEGORIES: List[Any] = []


def _reason_categories() -> pd.Index:
    """Every reasons mask's text, by mask value; the last entry is better_fit."""
    if not _REASON_CATEGORIES:
        n = 1 << len(REASONS)
        names = ["|".join(r for i, r in enumerate(REASONS) if m >> i & 1) for m in range(n)]
        _REASON_CATEGORIES.append(pd.Index([*names, "better_fit"], dtype=object))
    index: pd.Index = _REASON_CATEGORIES[0]
    return index


def _many(router: "_core.Router", requests: Table, threads: Optional[int],
          progress: Optional[ProgressCallback]) -> ReferralSet:
    if threads is not None and (not isinstance(threads, int) or isinstance(threads, bool) or threads < 1):
        raise ValueError(f"threads: expected a positive integer or None, got {threads!r}")
    fast = _request_list(requests)
    if fast is not None:
        return ReferralSet(router.route_many(fast, threads or 0, wrap(progress)))
    text = _json.dumps(_requests(requests), "requests")
    return ReferralSet(router.route_many(text, threads or 0, wrap(progress)))


def _batch(router: "_core.Router", requests: Table, progress: Optional[ProgressCallback]) -> BatchResult:
    fast = _request_list(requests)
    if fast is not None:
        return BatchResult(router.route_batch_set(fast, wrap(progress)))
    text = _json.dumps(_requests(requests), "requests")
    return BatchResult(router.route_batch_set(text, wrap(progress)))


def refer(net: Network, request: Mapping[str, Any], policy: Policy = None) -> ReferralResult:
    """Route one request from its first-contact incubator.

    Parameters
    ----------
    net : Network
    request : dict
        See the module documentation (organization, needs, first_contact, urgency, ...).
        A comma-separated string is accepted for list fields.
    policy : None, dict, JSON text or path, optional
        The routing policy (default: :func:`default_policy`).

    Returns
    -------
    ReferralResult

    Raises
    ------
    ValueError
        Naming the field, for a bad request or policy.
    TypeError
        When ``request`` is not a dict or ``policy`` of no accepted type.
    FileNotFoundError
        When ``policy`` names a file that does not exist.

    Examples
    --------
    >>> r = net.refer({"organization": "so-00001", "needs": ["office"]})   # doctest: +SKIP
    >>> r.chosen, r.candidates.head()                                       # doctest: +SKIP
    """
    return ReferralResult(_route(_router(net, policy), request))


def refer_batch(net: Network, requests: Table, policy: Policy = None, *,
                progress: Optional[ProgressCallback] = None) -> BatchResult:
    """Route many requests against spare capacities.

    Nobody is overfilled and the total score is optimal; the overflow is waitlisted (urgent
    first, then in input order).

    Parameters
    ----------
    net : Network
    requests : DataFrame, dict of columns or list of dicts
        One request per row (see :func:`refer`).
    policy : None, dict, JSON text or path, optional
    progress : callable, optional
        Called with a :class:`hatchnet.Progress`; returning ``False`` stops the batch
        (:class:`hatchnet.Interrupted`). Ctrl-C stops it too.

    Returns
    -------
    BatchResult

    Raises
    ------
    ValueError
        Naming the request and field, for bad input.
    TypeError
        When ``requests`` is not a table.
    """
    return _batch(_router(net, policy), requests, progress)


def refer_many(net: Network, requests: Table, policy: Policy = None, *, threads: Optional[int] = None,
               progress: Optional[ProgressCallback] = None) -> ReferralSet:
    """Route many requests independently, each as :func:`refer` would, and keep every
    explanation.

    Unlike :func:`refer_batch` the requests do not compete for capacity: this is the bulk
    form of :func:`refer`, for reading the candidates, exclusions and routes of a whole
    population as tables. The result does not depend on ``threads``.

    Parameters
    ----------
    net : Network
    requests : DataFrame, dict of columns or list of dicts
        One request per row (see :func:`refer`).
    policy : None, dict, JSON text or path, optional
    threads : int, optional
        Worker threads (default: all cores). The GIL is released while routing.
    progress : callable, optional
        Called with a :class:`hatchnet.Progress`; returning ``False`` stops the run
        (:class:`hatchnet.Interrupted`). Ctrl-C stops it too.

    Returns
    -------
    ReferralSet

    Raises
    ------
    ValueError
        Naming the request (``requests[i]``) and field, for bad input.

    Examples
    --------
    >>> s = net.refer_many(requests)                        # doctest: +SKIP
    >>> s.decisions.status.value_counts()                   # doctest: +SKIP
    >>> s.excluded.explode("reasons").reasons.value_counts()   # doctest: +SKIP
    """
    return _many(_router(net, policy), requests, threads, progress)


class Ledger:
    """The referral ledger of a network: every referral's status history and outcome.

    States (:data:`STATUSES`): requested → accepted | rejected | cancelled; accepted →
    in_progress | cancelled | failed; in_progress → completed | cancelled | failed.
    Accepting takes a unit of the incubator's capacity, leaving accepted/in_progress gives it
    back. Illegal transitions raise ``ValueError`` and change nothing. Picklable.

    Parameters
    ----------
    net : Network
    """

    __slots__ = ("_net", "_core")

    def __init__(self, net: Network, _core_ledger: "Optional[_core.Ledger]" = None) -> None:
        self._net = net
        self._core = _core_ledger if _core_ledger is not None else _core.Ledger(core_net(net))

    def __getstate__(self) -> Dict[str, Any]:
        return {"net": self._net, "text": self.dumps()}

    def __setstate__(self, st: Dict[str, Any]) -> None:
        self._net = st["net"]
        self._core = _core.Ledger.loads(core_net(self._net), st["text"])

    def open(self, node: str, *, at: str, organization: str = "", first_contact: str = "",
             needs: Iterable[str] = (), urgency: str = "routine", id: str = "", note: str = "") -> str:
        """Record a new referral to ``node`` in state requested.

        Returns
        -------
        str
            Its id (``id``, or a new one).
        """
        return str(self._core.open(id, organization, node, first_contact, list(needs), urgency, at, note))

    _OPEN_FIELDS = ("id", "organization", "node", "first_contact", "needs", "urgency", "note")

    def open_many(self, referrals: Iterable[Mapping[str, Any]], *, at: str) -> List[str]:
        """Record many new referrals, all in state requested at ``at``: all of them or none
        (in a :class:`~hatchnet.StoreLedger`, in one transaction of the store).

        Each item is a mapping with ``node`` and optionally ``id``, ``organization``,
        ``first_contact``, ``needs``, ``urgency`` and ``note`` (as :meth:`open` takes them).

        Returns
        -------
        list of str
            The ids, in order (given, or new ones distinct within the batch).

        Raises
        ------
        ValueError
            Naming the referral (and its place in the batch) and the field: an unknown field,
            node, organization or first contact, a duplicate id, a bad timestamp or urgency.
            Nothing is recorded then.
        """
        rows: List[Tuple[str, str, str, str, List[str], str]] = []
        notes: List[str] = []
        for i, r in enumerate(referrals):
            where = f"referral {i} of the batch"
            if not isinstance(r, Mapping):
                raise ValueError(f"{where}: expected a mapping, got {type(r).__name__}")
            for k in r:
                if k not in self._OPEN_FIELDS:
                    raise ValueError(f"{where}: {k}: unknown field")
            if "node" not in r:
                raise ValueError(f"{where}: node: missing")
            text: Dict[str, str] = {}
            for k in ("id", "organization", "node", "first_contact", "urgency", "note"):
                v = r.get(k, "routine" if k == "urgency" else "")
                if not isinstance(v, str):
                    raise ValueError(f"{where}: {k}: expected a string, got {type(v).__name__}")
                text[k] = v
            needs = r.get("needs", ())
            if not isinstance(needs, (list, tuple)) or not all(isinstance(n, str) for n in needs):
                raise ValueError(f"{where}: needs: expected a list of strings")
            rows.append((text["id"], text["organization"], text["node"], text["first_contact"], list(needs),
                         text["urgency"]))
            notes.append(text["note"])
        return [str(x) for x in self._core.open_many(rows, at, notes)]

    def open_result(self, result: ReferralResult, request: Mapping[str, Any], *, at: str) -> str:
        """Record the referral a routing result decided (its chosen or waitlist node).

        Raises
        ------
        ValueError
            When the result has no node to refer to.
        """
        node = result.chosen or (result.waitlist or {}).get("node")
        if node is None:
            raise ValueError("the routing result has no node to refer to")
        return self.open(node, at=at, organization=request.get("organization", ""),
                         first_contact=result.first_contact, needs=request.get("needs", ()),
                         urgency=request.get("urgency", "routine"), id=str(request.get("id", "")),
                         note="waitlisted" if result.status == "waitlisted" else "")

    def transition(self, id: str, status: str, *, at: str, note: str = "", outcome: str = "") -> None:
        """Move referral ``id`` to ``status`` (one of :data:`STATUSES`).

        Raises
        ------
        ValueError
            For an unknown id or status, or an illegal transition.
        """
        self._core.transition(id, status, at, note, outcome)

    def get(self, id: str) -> Dict[str, Any]:
        """One referral as a dict (id, organization, node, ..., history).

        Raises
        ------
        KeyError
            For an unknown id.
        """
        rec: Optional[Dict[str, Any]] = self._core.record(id)
        if rec is None:
            raise KeyError(id)
        return rec

    def history(self, id: str) -> pd.DataFrame:
        """The status history of one referral: status, at, note."""
        return pd.DataFrame(self.get(id)["history"], columns=["status", "at", "note"])

    @property
    def referrals(self) -> pd.DataFrame:
        """One row per referral, indexed by its id: id, organization, node, first_contact,
        urgency, status, outcome."""
        return frame(self._core.columns(), index="id")

    def counts(self, by: str = "status") -> Any:
        """Counts for disclosure.

        Parameters
        ----------
        by : {"status", "node", "district"}, default "status"

        Returns
        -------
        dict or pandas.DataFrame
            By status: a dict; by node or district: a DataFrame with one column per status.
        """
        c = self._core.counts()
        if by == "status":
            return dict(c["by_status"])
        if by not in ("node", "district"):
            raise ValueError(f"by: {by!r} is not one of 'status', 'node', 'district'")
        table = c["by_" + by]
        return pd.DataFrame.from_dict(table, orient="index", columns=list(STATUSES)).rename_axis(by)

    def held(self, node: str) -> int:
        """Units of capacity the ledger holds at ``node`` (accepted + in progress)."""
        return int(self._core.held(node))

    def spare(self, node: str) -> int:
        """Spare capacity of ``node`` after what the ledger holds."""
        return int(self._core.spare(node))

    def dumps(self) -> str:
        """Canonical JSON text (dumps → loads → dumps is byte-identical)."""
        return str(self._core.dumps())

    def save(self, path: PathLike) -> None:
        """Write the ledger durably (a temporary file, flushed, then renamed over it)."""
        _core.write_file(fspath(path), self.dumps())

    @classmethod
    def loads(cls, net: Network, text: str) -> "Ledger":
        """A ledger from its JSON text.

        Raises
        ------
        ValueError
            For malformed JSON or a tampered history.
        """
        return cls(net, _core.Ledger.loads(core_net(net), text))

    @classmethod
    def load(cls, net: Network, path: PathLike) -> "Ledger":
        """A ledger from a file.

        Raises
        ------
        FileNotFoundError
            When the file does not exist.
        """
        return cls.loads(net, _core.read_file(fspath(path)).decode("utf-8"))

    def __len__(self) -> int:
        return len(self._core)

    def __repr__(self) -> str:
        c = self.counts()
        busy = {k: v for k, v in c.items() if v}
        return f"<hatchnet.referral.Ledger: {len(self)} referrals, {busy}>"
