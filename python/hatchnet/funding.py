"""Money in the incubation system (guidance §3.3 政府购买服务, §6.2): funds with earmarks,
purchase-of-service contracts with performance-linked payment, the split of a plan's costs
across several funds, and the cost per organization served.

>>> import hatchnet, hatchnet.funding as fd
>>> net = hatchnet.datasets.beijing()
>>> funds = fd.example_funds()                                  # synthetic Beijing figures
>>> s = fd.split(net, funds, plan={"k": 5, "objective": "served", "site_cost": 500000})
>>> s.items[["amount", "funded", "reason"]]                     # doctest: +SKIP

Formats, the allocation model and the payment rules: ``docs/funding.md``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from ._lazy import numpy as np
    from ._lazy import pandas as pd

from . import _core, _json
from ._util import core_net, frame, records

if TYPE_CHECKING:
    from .network import Network

__all__ = ["FundsLike", "load_funds", "example_funds", "check", "split", "Split", "payments",
           "performance", "cost_per_served", "CostPerServed"]

FundsLike = Union[str, "os.PathLike[str]", Mapping[str, Any]]

_ORDER = ("id", "fund", "earmark", "item", "contract", "incubator", "name", "district", "code", "amount",
          "committed", "allocated", "left", "funded", "shortfall", "funds", "reason", "scheduled", "linked",
          "withheld_share", "withheld", "due", "grade", "score", "missed", "reasons", "spent", "served",
          "per_served")


def _table(columns: Any) -> pd.DataFrame:
    return frame(columns, _ORDER)


# The columns of each result table, so an empty result still has them (groupby("fund") on a
# split that allocated nothing must not raise KeyError).
_COLUMNS = {
    "allocations": ("fund", "earmark", "item", "amount"),
    "items": ("id", "amount", "funded", "shortfall", "funds", "reason"),
    "funds": ("id", "amount", "committed", "allocated", "left"),
    "cost_items": ("id", "amount", "purpose", "priority"),
    "payments": ("contract", "incubator", "fund", "buyer", "amount", "scheduled", "linked", "withheld_share",
                 "withheld", "due", "evaluated", "grade", "score", "missed", "reasons"),
    "incubators": ("id", "name", "district", "spent", "served", "per_served"),
    "districts": ("code", "name", "spent", "served", "per_served"),
}


def _df(x: Any, index: Optional[str] = None, table: str = "") -> pd.DataFrame:
    df = x if isinstance(x, pd.DataFrame) else frame({}, _ORDER)
    missing = [c for c in _COLUMNS.get(table, ()) if c not in df.columns]
    if missing and len(df) == 0:
        df = frame({c: [] for c in (*df.columns, *missing)}, _ORDER)
    if index is not None and index in df.columns:
        df.index = pd.Index(df[index].to_numpy(), name=None)
    return df


def load_funds(funds: FundsLike) -> str:
    """The JSON text of a funds file given as a path, JSON text or a mapping (not checked yet:
    every call checks it)."""
    if isinstance(funds, Mapping):
        return _json.dumps(dict(funds), "funds file")
    if isinstance(funds, os.PathLike):
        return Path(funds).read_text(encoding="utf-8")
    if isinstance(funds, str):
        if funds.lstrip().startswith("{"):
            return funds
        return Path(funds).read_text(encoding="utf-8")
    raise TypeError(f"funds: expected a path, JSON text or a mapping, got {type(funds).__name__}")


def _count(key: Any, v: Any) -> int:
    """A served count as an int, or a ValueError naming the node (NaN, "x", 1.5 are not counts)."""
    try:
        n = int(v)
        if n != v:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"served {key}: count must be an integer, got {v!r}") from None
    return n


def example_funds() -> str:
    """The shipped example funds file for the embedded Beijing network (synthetic figures:
    ``data/funds/beijing_2024_synthetic.json``)."""
    base = Path(_core.default_dataset_path()).parent
    return (base / "funds" / "beijing_2024_synthetic.json").read_text(encoding="utf-8")


def _scheme(scheme: Any) -> str:
    if scheme is None:
        return ""
    if hasattr(scheme, "dumps"):
        return str(scheme.dumps())
    if isinstance(scheme, Mapping):
        return _json.dumps(dict(scheme), "scheme")
    if isinstance(scheme, (str, os.PathLike)):
        return os.fspath(scheme)
    raise TypeError(f"scheme: expected a name, path, JSON text, dict or Scheme, got {type(scheme).__name__}")


def check(net: Network, funds: FundsLike, scheme: Any = None) -> Dict[str, Any]:
    """Check a funds file against the network (nodes, regions, services) and the scheme in
    use (deliverables' indicators, rules' grades).

    Returns ``{"funds", "contracts", "periods": {year: total}, "committed": {year: total}}``;
    raises ValueError naming the record and field (``contract c1: field 'end': ...``).
    """
    return dict(_core.funds_check_json(core_net(net), load_funds(funds), _scheme(scheme)))


@dataclass
class Split:
    """A split of costs across funds (:func:`split`).

    Attributes
    ----------
    allocations : pandas.DataFrame
        One row per (fund, earmark, item) with money: ``fund``, ``earmark``, ``item``, ``amount``.
    items : pandas.DataFrame
        Indexed by item id: ``amount``, ``funded``, ``shortfall``, ``funds``, ``reason``.
    funds : pandas.DataFrame
        Indexed by fund id: ``amount`` (in the year), ``committed`` (contracts), ``allocated``, ``left``.
    cost_items : pandas.DataFrame
        The items split (given, planned, from the budget split and from contracts).
    year : int
    total, funded, unfunded : float
    notes : list of str
    """
    allocations: pd.DataFrame
    items: pd.DataFrame
    funds: pd.DataFrame
    cost_items: pd.DataFrame
    year: int
    total: float
    funded: float
    unfunded: float
    notes: List[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"<Split {self.year}: {self.funded:,.0f} of {self.total:,.0f} funded "
                f"from {len(self.funds)} funds, {int((self.items['shortfall'] > 0).sum()) if len(self.items) else 0} "
                f"items short>")


def split(net: Network, funds: FundsLike, items: Any = None, *, plan: Optional[Mapping[str, Any]] = None,
          split_budget: Optional[Mapping[str, Any]] = None, year: Optional[int] = None,
          unit: Optional[float] = None, contracts: bool = True, charge_contracts: bool = True) -> Split:
    """Pay costs from several funds: the most money possible is funded, no earmark is broken
    and no fund's amount exceeded (a max-flow min-cost network; ``docs/funding.md``).

    Parameters
    ----------
    net : Network
    funds : path, JSON text or mapping
        A funds file (``{"funds": [...], "contracts": [...]}``).
    items : DataFrame or records or a plan result, optional
        Cost items (``id``, ``amount``, ``purpose``, ``tier``, ``mode``, ``region``,
        ``services``, ``node``, ``priority``), or a mapping with ``picks`` (a plan).
    plan : mapping, optional
        Coverage plan options (as :func:`hatchnet.coverage.plan` takes them, in JSON form):
        plan first, then pay its picks.
    split_budget : mapping, optional
        ``{"budget": B, "price": p}``: add the water-filling split's purchases per district.
    year : int, optional
        The period (default: the earliest any fund has).
    unit : float, optional
        The money unit of the flow (default 1 yuan).
    contracts : bool, default True
        Contracts without a fund become items (their share of the year).
    charge_contracts : bool, default True
        Contracts naming a fund use its money first.
    """
    for name, flag in (("contracts", contracts), ("charge_contracts", charge_contracts)):
        if not isinstance(flag, (bool, np.bool_)):  # bool("false") is True: refuse, do not guess
            raise TypeError(f"split: {name} must be True or False, got {type(flag).__name__}")
    for name, m in (("plan", plan), ("split_budget", split_budget)):
        if m is not None and not isinstance(m, Mapping):
            raise TypeError(f"split: {name} must be a mapping of options, got {type(m).__name__}")
    opts: Dict[str, Any] = {"contracts": bool(contracts), "charge_contracts": bool(charge_contracts)}
    if plan is not None:
        opts["plan"] = dict(plan)
    if split_budget is not None:
        opts["split"] = dict(split_budget)
    if year is not None:
        opts["year"] = year  # the core names the field when it is not a year
    if unit is not None:
        opts["unit"] = unit
    items_text = ""
    if items is not None:
        if isinstance(items, Mapping) and "picks" in items:
            items_text = _json.dumps({"picks": records(items["picks"], "picks")}, "items")
        else:
            items_text = _json.dumps({"items": records(items, "items")}, "items")
    out = _core.funds_split_json(core_net(net), load_funds(funds), items_text,
                                 _json.dumps(opts, "split options"), _table)
    return Split(allocations=_df(out["allocations"], table="allocations"), items=_df(out["items"], "id", "items"),
                 funds=_df(out["funds"], "id", "funds"), cost_items=_df(out["cost_items"], "id", "cost_items"),
                 year=int(out["year"]), total=float(out["total"]), funded=float(out["funded"]),
                 unfunded=float(out["unfunded"]), notes=list(out["notes"]))


def performance(evaluation: Any) -> Dict[str, Any]:
    """Evaluation results in the form :func:`payments` reads: from an
    :class:`hatchnet.evaluate.Evaluation` (grades, scores and indicator points) or a DataFrame
    indexed by incubator id with ``grade``, ``score`` and optional indicator-fraction columns."""
    if hasattr(evaluation, "scores") and hasattr(evaluation, "points"):
        scores, points = evaluation.scores, evaluation.points
        units = []
        for uid in scores.index:
            row = points.loc[uid]
            units.append({"id": str(uid), "grade": str(scores.loc[uid, "grade"]),
                          "score": float(scores.loc[uid, "score"]),
                          "areas": {str(k): float(v) for k, v in row.items() if k != "id" and v == v}})
        return {"units": units}
    if isinstance(evaluation, pd.DataFrame):
        units = []
        for uid, r in evaluation.iterrows():
            inds = {str(k): float(v) for k, v in r.items() if k not in ("id", "grade", "score") and v == v}
            u: Dict[str, Any] = {"id": str(r.get("id", uid)), "indicators": inds}
            if "grade" in r and r["grade"] == r["grade"]:
                u["grade"] = str(r["grade"])
            if "score" in r and r["score"] == r["score"]:
                u["score"] = float(r["score"])
            units.append(u)
        return {"units": units}
    if isinstance(evaluation, Mapping):
        return dict(evaluation)
    raise TypeError(f"evaluation: expected an Evaluation, a DataFrame or a mapping, got {type(evaluation).__name__}")


def _perf_and_scheme(evaluation: Any, scheme: Any) -> Tuple[str, str]:
    if scheme is None and hasattr(evaluation, "scheme") and hasattr(evaluation, "points"):
        scheme = evaluation.scheme
    return _json.dumps(performance(evaluation), "performance"), _scheme(scheme)


def payments(net: Network, funds: FundsLike, evaluation: Any, scheme: Any = None,
             as_of: Optional[str] = None) -> pd.DataFrame:
    """The payment due on every contract given evaluation results.

    Parameters
    ----------
    evaluation : Evaluation, DataFrame or mapping
        See :func:`performance`; a mapping is the JSON form (``{"units": [...], "grades": [...]}``).
    scheme : optional
        The scheme in use (taken from an Evaluation when not given): its grade order and
        indicators.
    as_of : str, optional
        ``YYYY-MM-DD``: only tranches due by then.

    Returns
    -------
    pandas.DataFrame
        Indexed by contract id: ``amount``, ``scheduled``, ``linked``, ``withheld_share``,
        ``withheld``, ``due``, ``grade``, ``score``, ``missed``, ``reasons``.
    """
    perf, sch = _perf_and_scheme(evaluation, scheme)
    opts = {} if as_of is None else {"as_of": str(as_of)}
    out = _core.funds_payments_json(core_net(net), load_funds(funds), perf, sch, _json.dumps(opts, "payment options"),
                                    _table)
    return _df(out["payments"], "contract", "payments")


@dataclass
class CostPerServed:
    """Cost per organization served (:func:`cost_per_served`): ``incubators`` indexed by node
    id and ``districts`` indexed by code, each with ``spent``, ``served``, ``per_served``;
    ``served_from`` ("occupied" or "given") and ``money_from`` ("contracts" or "payments")."""
    incubators: pd.DataFrame
    districts: pd.DataFrame
    served_from: str
    money_from: str


def cost_per_served(net: Network, funds: FundsLike, evaluation: Any = None, scheme: Any = None, *,
                    served: Optional[Mapping[str, int]] = None, as_of: Optional[str] = None) -> CostPerServed:
    """Money per incubator and district over the organizations served.

    Money: the contracts' amounts, or with ``evaluation`` the payments due. Organizations
    served: the nodes' ``occupied`` counts (the network's data), or ``served`` (node id →
    count, e.g. a match result's assignments per incubator).
    """
    perf, sch = ("", _scheme(scheme)) if evaluation is None else _perf_and_scheme(evaluation, scheme)
    opts: Dict[str, Any] = {}
    if served is not None:
        opts["served"] = {str(k): _count(k, v) for k, v in served.items()}
    if as_of is not None:
        opts["as_of"] = str(as_of)
    out = _core.funds_cost_json(core_net(net), load_funds(funds), perf, sch, _json.dumps(opts, "cost options"), _table)
    return CostPerServed(incubators=_df(out["incubators"], "id", "incubators"),
                         districts=_df(out["districts"], "code", "districts"),
                         served_from=str(out["served_from"]), money_from=str(out["money_from"]))
