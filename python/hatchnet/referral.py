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
Bad input raises ``ValueError`` naming the field.
"""
from __future__ import annotations

import json
import math
import os
from collections import OrderedDict
from typing import Any, Dict, Iterable, List, Optional

from . import _core, _json

__all__ = ["refer", "refer_batch", "default_policy", "Router", "ReferralResult", "BatchResult",
           "Ledger", "REASONS", "FACTORS", "STATUSES"]

REASONS = ("service_not_offered", "sector_mismatch", "tier_mismatch", "no_capacity", "out_of_area",
           "not_authorised", "too_far", "excluded_by_request", "no_consent", "credit_too_low")
FACTORS = ("coverage", "sector", "tier", "capacity", "evaluation", "distance", "district")
STATUSES = ("requested", "accepted", "rejected", "in_progress", "completed", "cancelled", "failed")


def _pd():
    import pandas as pd  # lazily: pandas is an optional extra
    return pd


def default_policy() -> Dict[str, Any]:
    """The documented default routing policy, as a dict (edit it and pass it back)."""
    return json.loads(_core.default_policy_json())


def _policy_text(policy) -> Optional[str]:
    if policy is None:
        return None
    if isinstance(policy, dict):
        return _core.normalise_policy_json(_json.dumps(policy, "policy"))
    if isinstance(policy, os.PathLike) or (isinstance(policy, str) and not policy.lstrip().startswith("{")):
        with open(os.fspath(policy), encoding="utf-8") as f:
            return _core.normalise_policy_json(f.read())
    if isinstance(policy, str):
        return _core.normalise_policy_json(policy)
    raise TypeError("policy must be None, a dict, JSON text or a path")


def _core_net(net):
    core = getattr(net, "_net", net)
    if not isinstance(core, _core.Network):
        raise TypeError("expected a hatchnet.Network")
    return core


# Routers are cached per (network, policy): building one costs O(nodes + edges).
_ROUTERS: "OrderedDict[tuple, _core.Router]" = OrderedDict()
_MAX_ROUTERS = 8


class Router:
    """A reusable router on one network and policy (thread-safe; the GIL is released while
    routing). ``net.refer`` uses a cached one; build your own to control its lifetime."""

    def __init__(self, net, policy=None):
        self._net = net
        self._core = _core.Router(_core_net(net), _policy_text(policy))

    @property
    def policy(self) -> Dict[str, Any]:
        return json.loads(self._core.policy_json())

    def refer(self, request: Dict[str, Any]) -> "ReferralResult":
        return ReferralResult(self._core.route(_json.dumps(_clean(request), "request")))

    def refer_batch(self, requests) -> "BatchResult":
        return BatchResult(json.loads(self._core.refer_batch(_json.dumps(_records(requests), "requests"))))

    def warm_up(self) -> None:
        """Build the routing tables of every first contact now (else on first use)."""
        self._core.warm_up()


def _router(net, policy) -> "_core.Router":
    core = _core_net(net)
    text = _policy_text(policy)
    key = (id(core), text)
    r = _ROUTERS.get(key)
    if r is not None and r[0] is core:
        _ROUTERS.move_to_end(key)
        return r[1]
    router = _core.Router(core, text)
    _ROUTERS[key] = (core, router)
    while len(_ROUTERS) > _MAX_ROUTERS:
        _ROUTERS.popitem(last=False)
    return router


def _plain(v):
    if hasattr(v, "item") and not isinstance(v, (list, tuple, dict)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            pass
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def _missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return False


def _clean(request: Dict[str, Any]) -> Dict[str, Any]:
    if not isinstance(request, dict):
        raise TypeError("a request is a dict")
    out = {}
    for k, v in request.items():
        v = _plain(v)
        if _missing(v):
            continue
        if k in ("needs", "sectors", "exclude", "consent") and isinstance(v, str):
            v = [s.strip() for s in v.split(",") if s.strip()]
        if isinstance(v, tuple):
            v = list(v)
        out[str(k)] = v
    return out


def _records(requests) -> List[Dict[str, Any]]:
    if hasattr(requests, "to_dict") and hasattr(requests, "columns"):
        requests = requests.to_dict("records")
    return [_clean(r) for r in requests]


class ReferralResult:
    """The outcome of one referral: ``status`` ('routed', 'waitlisted', 'no_candidate'),
    ``chosen`` (node id or None), ``score``, ``route`` / ``candidates`` / ``excluded`` as
    DataFrames, ``waitlist`` (dict with node and position, or None) and the raw ``data``."""

    __slots__ = ("_core", "_data")

    def __init__(self, data: "Dict[str, Any] | _core.Referral"):
        # a dict (e.g. rebuilt from to_dict()) or the C++ result, whose JSON is made and
        # parsed only when the explanation (route, candidates, excluded, data) is read
        if isinstance(data, dict):
            self._core, self._data = None, data
        else:
            self._core, self._data = data, None

    @property
    def data(self) -> Dict[str, Any]:
        """The whole result as a dict (the JSON of the C ABI and the CLI)."""
        if self._data is None:
            self._data = json.loads(self._core.json())
        return self._data

    @property
    def status(self) -> str:
        return self._core.status if self._data is None else self._data["status"]

    @property
    def chosen(self) -> Optional[str]:
        return self._core.chosen if self._data is None else self._data["chosen"]

    @property
    def score(self) -> Optional[float]:
        return self._core.score if self._data is None else self._data.get("score")

    @property
    def first_contact(self) -> str:
        return self._core.first_contact if self._data is None else self._data["first_contact"]

    @property
    def waitlist(self) -> Optional[Dict[str, Any]]:
        return self.data["waitlist"]

    @property
    def route(self):
        """The hops from the first contact: from, to, move, relation, edge, because."""
        pd = _pd()
        cols = ["from", "to", "move", "relation", "edge", "because"]
        return pd.DataFrame([{c: h[c] for c in cols} for h in self.data["route"]], columns=cols)

    @property
    def candidates(self):
        """Ranked candidates: the node's ``tier``, one column per factor value
        (``f_<factor>``, in [0, 1]) and one per weighted contribution (``w_<factor>``); the
        contributions sum to ``score``."""
        pd = _pd()
        rows = []
        for c in self.data["candidates"]:
            row = {k: c[k] for k in ("rank", "node", "tier", "region", "hops", "score", "spare", "capacity")}
            for f in FACTORS:
                row["f_" + f] = c["factors"][f]
            for f in FACTORS:
                row["w_" + f] = c["contributions"][f]
            rows.append(row)
        cols = ["rank", "node", "tier", "region", "hops", "score", "spare", "capacity",
                *("f_" + f for f in FACTORS),
                *("w_" + f for f in FACTORS)]
        return pd.DataFrame(rows, columns=cols)

    @property
    def excluded(self):
        """Nodes that are not candidates, each with its reasons (a list of codes)."""
        pd = _pd()
        cols = ["node", "tier", "hops", "distance", "reasons"]
        return pd.DataFrame([{c: e[c] for c in cols} for e in self.data["excluded"]], columns=cols)

    def to_dict(self) -> Dict[str, Any]:
        return self.data

    def __getstate__(self):
        return self.data

    def __setstate__(self, state):
        self._core, self._data = None, state

    def __repr__(self) -> str:
        extra = f" waitlist {self.waitlist}" if self.waitlist else ""
        return (f"<ReferralResult {self.status}: {self.chosen} via {len(self.data['route'])} hop(s), "
                f"{len(self.data['candidates'])} candidates, {len(self.data['excluded'])} excluded{extra}>")


class BatchResult:
    """Batch routing: ``assignments`` (DataFrame: index, request, status, node, score, hops,
    waitlist_position), ``placed`` (node → count), and the totals ``routed``, ``waitlisted``,
    ``unroutable``, ``total_score``, ``objective``."""

    __slots__ = ("data",)

    def __init__(self, data: Dict[str, Any]):
        self.data = data

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def assignments(self):
        pd = _pd()
        cols = ["index", "request", "status", "node", "score", "hops", "waitlist_position"]
        return pd.DataFrame([{c: a.get(c) for c in cols} for a in self.data["assignments"]], columns=cols)

    @property
    def placed(self) -> Dict[str, int]:
        return self.data["placed"]

    def __repr__(self) -> str:
        d = self.data
        return (f"<BatchResult {d['routed']} routed, {d['waitlisted']} waitlisted, "
                f"{d['unroutable']} unroutable; total score {d['total_score']:.3f}>")


def refer(net, request: Dict[str, Any], policy=None, **options) -> ReferralResult:
    """Route one request from its first-contact incubator (see the module doc)."""
    if options:
        raise TypeError(f"unknown option(s): {', '.join(sorted(options))}")
    router = _router(net, policy)
    return ReferralResult(router.route(_json.dumps(_clean(request), "request")))


def refer_batch(net, requests, policy=None, **options) -> BatchResult:
    """Route many requests (a DataFrame with one row per request, or a list of dicts)
    against spare capacities: nobody is overfilled and the total score is optimal; the
    overflow is waitlisted (urgent first, then in input order)."""
    if options:
        raise TypeError(f"unknown option(s): {', '.join(sorted(options))}")
    router = _router(net, policy)
    return BatchResult(json.loads(router.refer_batch(_json.dumps(_records(requests), "requests"))))


class Ledger:
    """The referral ledger of a network: every referral's status history and outcome.

    States: requested → accepted | rejected | cancelled; accepted → in_progress | cancelled |
    failed; in_progress → completed | cancelled | failed. Accepting takes a unit of the
    incubator's capacity, leaving accepted/in_progress gives it back. Illegal transitions
    raise ``ValueError`` and change nothing.
    """

    __slots__ = ("_net", "_core")

    def __init__(self, net, _core_ledger=None):
        self._net = net
        self._core = _core_ledger if _core_ledger is not None else _core.Ledger(_core_net(net))

    def open(self, node: str, *, at: str, organization: str = "", first_contact: str = "",
             needs: Iterable[str] = (), urgency: str = "routine", id: str = "", note: str = "") -> str:
        """Record a new referral to ``node`` in state requested; returns its id."""
        return self._core.open(id, organization, node, first_contact, list(needs), urgency, at, note)

    def open_result(self, result: ReferralResult, request: Dict[str, Any], *, at: str) -> str:
        """Record the referral a routing result decided (its chosen or waitlist node)."""
        node = result.chosen or (result.waitlist or {}).get("node")
        if node is None:
            raise ValueError("the routing result has no node to refer to")
        return self.open(node, at=at, organization=request.get("organization", ""),
                         first_contact=result.first_contact, needs=request.get("needs", ()),
                         urgency=request.get("urgency", "routine"), id=str(request.get("id", "")),
                         note="waitlisted" if result.status == "waitlisted" else "")

    def transition(self, id: str, status: str, *, at: str, note: str = "", outcome: str = "") -> None:
        self._core.transition(id, status, at, note, outcome)

    def get(self, id: str) -> Dict[str, Any]:
        text = self._core.get(id)
        if text is None:
            raise KeyError(id)
        return json.loads(text)

    def history(self, id: str):
        """The status history of one referral as a DataFrame (status, at, note)."""
        return _pd().DataFrame(self.get(id)["history"], columns=["status", "at", "note"])

    @property
    def referrals(self):
        """One row per referral: id, organization, node, first_contact, urgency, status, outcome."""
        pd = _pd()
        rows = [self.get(i) for i in self._core.ids()]
        cols = ["id", "organization", "node", "first_contact", "urgency", "status", "outcome"]
        return pd.DataFrame([{c: r[c] for c in cols} for r in rows], columns=cols)

    def counts(self, by: str = "status"):
        """Counts for disclosure: by 'status' (a dict), or by 'node' / 'district' (a DataFrame
        with one column per status)."""
        c = json.loads(self._core.counts_json())
        if by == "status":
            return c["by_status"]
        if by not in ("node", "district"):
            raise ValueError("by must be 'status', 'node' or 'district'")
        pd = _pd()
        table = c["by_" + by]
        return pd.DataFrame.from_dict(table, orient="index", columns=list(STATUSES)).rename_axis(by)

    def held(self, node: str) -> int:
        return self._core.held(node)

    def spare(self, node: str) -> int:
        return self._core.spare(node)

    def dumps(self) -> str:
        """Canonical JSON text (dumps → loads → dumps is byte-identical)."""
        return self._core.dumps()

    def save(self, path) -> None:
        """Write the ledger durably: a crash or a kill mid-save leaves the old file or the
        new one, never a torn one (a temporary file, flushed, then renamed over it)."""
        _core.write_file(os.fspath(path), self.dumps())

    @classmethod
    def loads(cls, net, text: str) -> "Ledger":
        return cls(net, _core.Ledger.loads(_core_net(net), text))

    @classmethod
    def load(cls, net, path) -> "Ledger":
        return cls.loads(net, _core.read_file(os.fspath(path)).decode("utf-8"))

    def __len__(self) -> int:
        return len(self._core)

    def __repr__(self) -> str:
        return f"<hatchnet.referral.Ledger: {len(self)} referrals, {self.counts()}>"
