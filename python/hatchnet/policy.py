"""The policy model of the 2017 guidance: the tiers' mandated functions (§4) and how alike
the tiers' service profiles are (§1 "look-alike tiers").

>>> import hatchnet
>>> net = hatchnet.datasets.beijing()
>>> hatchnet.policy.tier_functions(net).loc["street"]        # doctest: +SKIP
>>> net.sameness().between                                    # doctest: +SKIP

Definitions and the default table: ``docs/policy.md``; the sameness formulas:
``docs/algorithms/coverage.md`` ("Tier sameness").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

if TYPE_CHECKING:
    import pandas as pd
else:
    from ._lazy import pandas as pd

from . import _core, _json
from ._util import core_net, frame

if TYPE_CHECKING:
    from .network import Network

__all__ = ["tier_functions", "missing_functions", "sameness", "Sameness", "staffing", "Staffing"]

_ORDER = ("code", "name", "node", "tier", "function", "a", "b", "pairs", "jaccard", "nodes", "within", "between")


def _table(columns: Any) -> pd.DataFrame:
    return frame(columns, _ORDER)


def tier_functions(net: Network) -> pd.DataFrame:
    """The mandated functions of each tier, one row per (tier, function).

    Returns
    -------
    pandas.DataFrame
        Columns ``tier``, ``function``, ``name`` and ``services`` (a list: a node offering
        one of them, or a service under one, performs the function), indexed by tier, in
        mandate order.
    """
    out = _core.tier_functions_json(core_net(net))
    by_id = {f["id"]: f for f in out["functions"]}
    rows: Dict[str, List[Any]] = {"tier": [], "function": [], "name": [], "services": []}
    for tier, ids in out["mandates"].items():
        for fid in ids:
            f = by_id.get(fid, {})
            rows["tier"].append(tier)
            rows["function"].append(fid)
            rows["name"].append(f.get("name", ""))
            rows["services"].append(list(f.get("services", [])))
    return frame(rows, index="tier")


def missing_functions(net: Network) -> pd.DataFrame:
    """Every mandated function a node does not perform (validation's ``missing_function``
    warnings), one row each: columns ``node``, ``tier``, ``function``, ``name``."""
    out = _core.missing_functions_json(core_net(net), _table)
    rows = out["rows"]
    if isinstance(rows, pd.DataFrame):
        return rows
    return frame({"node": [], "tier": [], "function": [], "name": []})


@dataclass
class Sameness:
    """How alike the tiers' service profiles are (mean Jaccard similarity).

    Attributes
    ----------
    within : float
        The mean over tiers of the mean similarity of two nodes of the same tier (NaN if no
        tier has two nodes).
    between : float
        The mean over pairs of tiers of the mean similarity of two nodes of those tiers (NaN
        with one tier only): the "look-alike tiers" figure a bureau wants low.
    nodes : int
    by_tier : dict
        Nodes compared per tier.
    tier_pairs : pandas.DataFrame
        Columns a, b, pairs, jaccard: one row per pair of tiers (a = b: within a tier).
    districts : pandas.DataFrame
        Indexed by district code: name, nodes, within, between.
    notes : list of str
    """

    within: float
    between: float
    nodes: int
    by_tier: Dict[str, int]
    tier_pairs: pd.DataFrame
    districts: pd.DataFrame
    notes: List[str] = field(default_factory=list)

    def __repr__(self) -> str:
        def f(x: float) -> str:
            return "nan" if math.isnan(x) else f"{x:.3f}"

        return (f"Sameness(between={f(self.between)}, within={f(self.within)}, nodes={self.nodes}, "
                f"districts={len(self.districts)})")


def _num(x: Any) -> float:
    return math.nan if x is None else float(x)


def _frame(x: Any, by_code: bool = False) -> pd.DataFrame:
    df = x if isinstance(x, pd.DataFrame) else _table({})
    if by_code and "code" in df.columns:
        df.index = pd.Index(df["code"].to_numpy(), name=None)
    return df


def sameness(net: Network, tiers: Optional[Sequence[str]] = None, districts: bool = True) -> Sameness:
    """Tier sameness: the Jaccard similarity of the nodes' service profiles, averaged within
    each tier and between tiers, network-wide and per district.

    Parameters
    ----------
    net : Network
    tiers : sequence of str, optional
        The tiers compared (default: all of :data:`hatchnet.TIERS`).
    districts : bool
        Also per district (default True).

    Raises
    ------
    ValueError
        For an unknown tier, naming the option.
    """
    opts: Dict[str, Any] = {"districts": bool(districts)}
    if tiers is not None:
        opts["tiers"] = list(tiers)
    out = _core.sameness_json(core_net(net), _json.dumps(opts, "sameness options"), _table)
    nw = out["network"]
    dist = _frame(out["districts"], by_code=True)
    if "by_tier" in dist.columns:
        dist = dist.drop(columns=["by_tier"])
    return Sameness(within=_num(nw["within"]), between=_num(nw["between"]), nodes=int(nw["nodes"]),
                    by_tier=dict(nw["by_tier"]), tier_pairs=_frame(nw["tier_pairs"]), districts=dist,
                    notes=list(out["notes"]))


@dataclass
class Staffing:
    """Staff indicators (§6.3) from the nodes' ``staff`` data.

    Attributes
    ----------
    nodes : pandas.DataFrame
        Indexed by node id: tier, district, recorded, staff, trained, funded_posts, occupied,
        pay, trained_share, pay_ratio (pay / the pay floor), orgs_per_staff, funded_share,
        below_floor, below_trained_share — usable as evaluation indicator data.
    districts : pandas.DataFrame
        Indexed by district code: the sums, their shares and the staff-weighted mean pay.
    total : dict
        The same over the whole network.
    pay_floor, min_trained_share : float
        The network's staffing standards (NaN when unset).
    notes : list of str
    """

    nodes: pd.DataFrame
    districts: pd.DataFrame
    total: Dict[str, Any]
    pay_floor: float
    min_trained_share: float
    notes: List[str] = field(default_factory=list)


def staffing(net: Network) -> Staffing:
    """Staff indicators per node and per district; see :class:`Staffing`."""
    out = _core.staffing_json(core_net(net), _table)
    nodes = out["nodes"] if isinstance(out["nodes"], pd.DataFrame) else _table({})
    if "node" in nodes.columns:
        nodes.index = pd.Index(nodes["node"].to_numpy(), name=None)
    return Staffing(nodes=nodes, districts=_frame(out["districts"], by_code=True), total=dict(out["total"]),
                    pay_floor=_num(out["pay_floor"]), min_trained_share=_num(out["min_trained_share"]),
                    notes=list(out["notes"]))
