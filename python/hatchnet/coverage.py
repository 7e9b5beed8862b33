"""Coverage, balance and placement planning for an incubator network.

The guidance names its problems plainly: too few incubators overall, development unbalanced
between regions, and a system to "cover widely" paid for partly by purchased services. This
module measures that and plans against it:

* :func:`coverage` — every district, street and community: incubators by tier, organizations
  and residents per incubator and per unit of capacity, the regions lacking an expected tier,
  hops to the nearest incubator of each tier, and a 2SFCA accessibility score;
* :func:`balance` — Gini and Theil indices of capacity per organization and per resident
  across districts and streets (Theil split between / within districts), and the districts
  furthest from the city average;
* :func:`plan` — k new sites (or capacity increases) under a budget: maximal covering
  (lazy greedy, (1 - 1/e) guarantee), capacity-limited coverage, worst-district shortfall,
  p-median; exact search on small cases for comparison; a before/after scenario; a
  water-filling split of a purchase-of-services budget;
* :func:`scenario` / :func:`apply_plan` — a plan applied to a copy of the network (new sites
  get their tier's default services), with coverage, balance, batch referral and resource
  matching of the same demand before and after;
* :func:`plot_districts` — a choropleth-style tile grid and bar chart of the districts.

Formulas, guarantees and references: ``docs/algorithms/coverage.md``. Every computation runs in
C++ with the GIL released. Bad options raise ``ValueError`` naming the field, unknown
parameters ``TypeError``. Tables of regions are indexed by their NBS code.
"""
from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
else:
    from ._lazy import numpy as np, pandas as pd

from . import _core, _json
from ._progress import ProgressCallback, wrap
from ._util import Table, core_net, frame, is_missing, plain, records
from .network import Network

if TYPE_CHECKING:
    import matplotlib.axes
    import matplotlib.figure

__all__ = [
    "coverage", "balance", "plan", "split_budget", "gini", "theil", "theil_decompose",
    "water_fill", "plot_districts", "Balance", "Plan", "Scenario", "scenario", "apply_plan", "LEVELS",
]

#: The region levels of the coverage table.
LEVELS: Tuple[str, ...] = ("district", "street", "community")

_ORDER = (
    # coverage
    "code", "name", "level", "district", "population", "incubators", "capacity", "spare",
    "organizations", "orgs_per_incubator", "orgs_per_capacity", "capacity_per_org",
    "people_per_incubator", "capacity_per_10k", "missing", "access",
    *(f"within_{t}" for t in _core.TIERS), *(f"serving_{t}" for t in _core.TIERS),
    *(f"hops_{t}" for t in _core.TIERS),
    # balance
    "indicator", "units", "excluded", "mean", "min", "max", "gini", "gini_unweighted", "theil",
    "theil_unweighted", "theil_between", "theil_within", "ratio_org", "ratio_resident", "value",
    "city", "ratio", "direction",
    # plan / split
    "order", "candidate", "kind", "node", "tier", "cost", "gain", "value_after", "mode", "operation",
    "ratio_before", "buy", "spend", "ratio_after",
    # scenario outcomes by district
    "requests", "routed_before", "routed_after", "waitlisted_before", "waitlisted_after", "needs",
    "requested", "served_before", "served_after", "served_share_before", "served_share_after",
    "weighted_before", "weighted_after", "cost_before", "cost_after",
)


def _table(columns: Any) -> pd.DataFrame:
    """The core's table factory: a record list as a DataFrame, in the documented column order."""
    return frame(columns, _ORDER)


def _df(x: Any, by_code: bool = False) -> pd.DataFrame:
    """A table from the core (a DataFrame, or an empty list for an empty table); indexed by
    its ``code`` column when ``by_code``."""
    df = x if isinstance(x, pd.DataFrame) else _table({})
    if by_code and "code" in df.columns:
        df.index = pd.Index(df["code"].to_numpy(), name=None)
    return df


def _records_list(x: Any) -> List[Dict[str, Any]]:
    if isinstance(x, pd.DataFrame):
        return [{str(k): plain(v) for k, v in r.items()} for r in x.to_dict("records")]
    return list(x or [])


def _demand(demand: Any) -> Any:
    if demand is None or demand is False:
        return None
    if demand is True:
        return True
    if not isinstance(demand, Mapping):
        return plain(demand)  # refused by the core: "demand: must be true or an object"
    d: Dict[str, Any] = {}
    for k, v in demand.items():
        v = plain(v)
        if v is None:
            continue
        if k in ("requests", "needs", "resources") and not isinstance(v, (int, float, str)):
            v = records(v, f"demand.{k}")
        d[str(k)] = v  # a count stays a count: 1.5, NaN or 1e19 are refused by name
    return d


def _clean_options(options: Mapping[str, Any]) -> Dict[str, Any]:
    """Options for the core: ``None`` means "the default" (left out); numpy values and
    tuples / sets made plain; an infinite ``budget`` is no budget. Every other value goes on
    as it is and the core checks it, naming the field."""
    clean: Dict[str, Any] = {}
    for k, v in options.items():
        if v is None:
            continue
        if k == "demand":
            v = _demand(v)
            if v is None:
                continue
        elif k in ("candidates", "modes"):
            v = records(v, k)
        else:
            v = plain(v)
            if isinstance(v, (set, frozenset)):
                v = sorted(v)
            elif isinstance(v, tuple):
                v = list(v)
            if k == "budget" and isinstance(v, float) and v == math.inf:
                continue  # an infinite budget is no budget
        clean[k] = v
    return clean


def _options(options: Mapping[str, Any], record: str) -> str:
    return _json.dumps(_clean_options(options), record)


# ---------------------------------------------------------------------------- coverage
#: Per network (kept as long as it lives): its regions' codes and names as str, so the
#: regions table of every coverage() after the first reuses them instead of decoding
#: 7,000 names again (the core checks each against the report's text before using it).
_REGION_TEXT: "weakref.WeakKeyDictionary[Any, Tuple[List[str], List[str]]]" = weakref.WeakKeyDictionary()


def _region_text(core: Any) -> Optional[Tuple[List[str], List[str]]]:
    try:
        t = _REGION_TEXT.get(core)
        if t is None:
            t = _REGION_TEXT[core] = _core.region_text(core)
        return t
    except TypeError:  # an object that takes no weak reference: no cache
        return None


def coverage(net: Network, level: Optional[str] = None, *, counted_tiers: Optional[Sequence[str]] = None,
             expect_district: Optional[bool] = None, expect_street: Optional[bool] = None,
             expect_community: Optional[bool] = None, accessibility: Optional[bool] = None,
             relations: Optional[Sequence[str]] = None, two_step: Optional[bool] = None,
             catchment_km: Optional[float] = None, demand_level: Optional[str] = None,
             gaussian_decay: Optional[bool] = None, progress: Optional[ProgressCallback] = None) -> pd.DataFrame:
    """Coverage of every district, street and community, one row per region.

    Parameters
    ----------
    net : Network
    level : {"district", "street", "community"}, optional
        Keep one level.
    counted_tiers : sequence of str, optional
        Tiers whose nodes count as incubators (default: every tier but the city's).
    expect_district, expect_street, expect_community : bool, optional
        List the regions of that level lacking an incubator of their tier.
    accessibility : bool, optional
        Compute hops to the nearest incubator of each tier (default True).
    relations : sequence of str, optional
        Relations the hops follow (default: all of :data:`hatchnet.RELATIONS`).
    two_step : bool, optional
        Compute the 2SFCA accessibility score ``access`` (default True).
    catchment_km : float, optional
        2SFCA catchment radius (default 3); must be > 0.
    demand_level : str, optional
        Level whose regions are the 2SFCA demand points.
    gaussian_decay : bool, optional
        Gaussian distance decay in 2SFCA instead of a step.
    progress : callable, optional
        Called with a :class:`hatchnet.Progress`; returning ``False`` stops the analysis.

    Returns
    -------
    pandas.DataFrame
        Indexed by region code. Columns: code, name, level, district, population,
        incubators, capacity, spare, organizations, orgs_per_incubator, orgs_per_capacity,
        capacity_per_org, people_per_incubator, capacity_per_10k, missing, access and, per
        tier, ``within_<tier>``, ``serving_<tier>`` and ``hops_<tier>`` (NaN: unreachable).
        Ratios whose denominator is 0 are NaN. ``df.attrs`` holds ``summary``, ``lacking``
        (regions lacking an expected tier), ``notes`` and ``catchment_km``.

    Raises
    ------
    ValueError
        For a bad option value or level, naming it.
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level: {level!r} is not one of {', '.join(LEVELS)}")
    opts = {"counted_tiers": counted_tiers, "expect_district": expect_district, "expect_street": expect_street,
            "expect_community": expect_community, "accessibility": accessibility, "relations": relations,
            "two_step": two_step, "catchment_km": catchment_km, "demand_level": demand_level,
            "gaussian_decay": gaussian_decay}
    core = core_net(net)
    out = _core.coverage_columns(core, _options(opts, "coverage options"), _table, wrap(progress), _region_text(core))
    df = _df(out["regions"], by_code=True)
    if level is not None and len(df):
        df = df.loc[df["level"] == level]
    df.attrs["summary"] = out["summary"]
    df.attrs["lacking"] = _records_list(out["lacking"])
    df.attrs["notes"] = out["notes"]
    df.attrs["catchment_km"] = out["catchment_km"]
    return df


# ---------------------------------------------------------------------------- balance
@dataclass(repr=False)
class Balance:
    """Balance of capacity across districts and streets.

    Attributes
    ----------
    metrics : pandas.DataFrame
        One row per (indicator, level): gini (weighted by organizations or residents),
        gini_unweighted, theil, theil_unweighted, theil_between and theil_within (street
        level, grouped by district).
    districts : pandas.DataFrame
        Indexed by district code: capacity, organizations, population and both ratios to
        the city average.
    furthest : pandas.DataFrame
        The districts furthest from the average, named, per indicator.
    city : dict
        The city averages.
    notes : list of str
    """

    metrics: pd.DataFrame
    districts: pd.DataFrame
    furthest: pd.DataFrame
    city: Dict[str, Optional[float]]
    notes: List[str] = field(default_factory=list)

    def figures(self) -> Dict[str, float]:
        """Every index as a flat dict: ``{"gini.capacity_per_org.district": 0.21, ...}``."""
        out: Dict[str, float] = {}
        for r in self.metrics.to_dict("records"):
            for k in ("gini", "gini_unweighted", "theil", "theil_between", "theil_within"):
                out[f"{k}.{r['indicator']}.{r['level']}"] = r[k]
        return out

    def __repr__(self) -> str:
        f = self.figures()
        g = f.get("gini.capacity_per_org.district")
        gs = "n/a" if g is None or g != g else f"{g:.4f}"
        return (f"<hatchnet Balance: {len(self.districts)} districts, {len(self.metrics)} indices, "
                f"Gini of capacity per organization across districts {gs}>")


def _balance(out: Mapping[str, Any]) -> Balance:
    return Balance(metrics=_df(out["metrics"]), districts=_df(out["districts"], by_code=True),
                   furthest=_df(out["furthest"]), city=dict(out["city"]), notes=list(out["notes"]))


def balance(net: Network, *, counted_tiers: Optional[Sequence[str]] = None, top: Optional[int] = None) -> Balance:
    """Gini / Theil balance of capacity per organization and per resident.

    Parameters
    ----------
    net : Network
    counted_tiers : sequence of str, optional
        Tiers whose capacity counts (default district, street, social).
    top : int, optional
        Outliers listed per indicator (default 5).

    Returns
    -------
    Balance

    Raises
    ------
    ValueError
        For a bad option value, naming it.
    """
    out = _core.balance_json(core_net(net), _options({"counted_tiers": counted_tiers, "top": top},
                                                     "balance options"), _table)
    return _balance(out)


# ---------------------------------------------------------------------------- scenarios
class Scenario(Dict[str, Any]):
    """Before/after of a plan: a dict (keys ``added``, ``expanded``, ``coverage``,
    ``balance``, ``sameness``, ``hooks``, ``outcomes``, ``notes``, as the C++ report) with DataFrame views.
    Picklable; its repr is one line.

    Attributes
    ----------
    coverage_table : pandas.DataFrame
        The coverage summary: before / after.
    referral : pandas.DataFrame or None
        requests, routed, waitlisted, unroutable, total_score; rows before / after / change
        (``None`` without a demand).
    matching : pandas.DataFrame or None
        requested, served, served_share, weighted_served, cost; rows before / after / change.
    districts : pandas.DataFrame
        Per district (indexed by code): referral routed / waitlisted and matching served,
        served share, weighted served and cost, before and after.
    placed_at_new : dict of str to int
        Requests placed at each new site.
    """

    def _ba(self, part: str) -> Optional[pd.DataFrame]:
        o = self.get("outcomes") or {}
        x = o.get(part)
        if not x:
            return None
        order = (["requests", "routed", "waitlisted", "unroutable", "total_score"] if part == "referral" else
                 ["requested", "served", "served_share", "weighted_served", "cost"])
        before = {k: v for k, v in x["before"].items() if isinstance(v, (int, float))}
        after = {k: v for k, v in x["after"].items() if isinstance(v, (int, float))}
        df = pd.DataFrame({"before": before, "after": after}).T.astype(float)
        df = df[[c for c in order if c in df.columns] + [c for c in df.columns if c not in order]]
        df.loc["change"] = df.loc["after"] - df.loc["before"]
        return df

    @property
    def referral(self) -> Optional[pd.DataFrame]:
        """Batch referral of the same requests before / after (None without a demand)."""
        return self._ba("referral")

    @property
    def matching(self) -> Optional[pd.DataFrame]:
        """Matching of the same needs before / after (None without a demand)."""
        return self._ba("matching")

    @property
    def districts(self) -> pd.DataFrame:
        """Outcomes per district, indexed by district code."""
        o = self.get("outcomes") or {}
        return _df(o.get("districts"), by_code=True)

    @property
    def placed_at_new(self) -> Dict[str, int]:
        """Requests placed at each new site."""
        o = self.get("outcomes") or {}
        return dict((o.get("referral") or {}).get("placed_at_new") or {})

    @property
    def coverage_table(self) -> pd.DataFrame:
        """The coverage summary, columns before / after."""
        c = self["coverage"]
        return pd.DataFrame({"before": pd.Series(c["before"], dtype=object),
                             "after": pd.Series(c["after"], dtype=object)})

    def __repr__(self) -> str:
        added = len(self.get("added") or [])
        expanded = len(self.get("expanded") or [])
        demand = "with" if (self.get("outcomes") or {}).get("referral") or \
            (self.get("outcomes") or {}).get("matching") else "without"
        return f"<hatchnet Scenario: {added} sites added, {expanded} expanded, {demand} demand outcomes>"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Scenario, (dict(self),))


def _scenario(scen: Dict[str, Any]) -> Scenario:
    for when in ("before", "after"):
        scen["balance"][when] = _balance(scen["balance"][when])
    return Scenario(scen)


# ---------------------------------------------------------------------------- plan
@dataclass(repr=False)
class Plan:
    """A placement plan.

    Attributes
    ----------
    picks : pandas.DataFrame
        One row per pick, in order: its marginal ``gain`` and the objective's
        ``value_after``.
    summary : dict
        objective, status, method, value_before, value_after, gain, cost, budget, k,
        guarantee, upper_bound, exact comparison.
    scenario : Scenario or None
        The before/after comparison, when asked.
    split : pandas.DataFrame or None
        A water-filling split of a purchase-of-services budget across districts (indexed
        by code), when asked.
    notes : list of str
    """

    picks: pd.DataFrame
    summary: Dict[str, Any]
    scenario: Optional[Scenario] = None
    split: Optional[pd.DataFrame] = None
    notes: List[str] = field(default_factory=list)

    def __repr__(self) -> str:
        s = self.summary
        if not s:
            return "<hatchnet Plan: split only>"
        return (f"<hatchnet Plan {s.get('objective')}: {len(self.picks)} picks, cost {s.get('cost')}, "
                f"{s.get('unit')} {s.get('value_before')} -> {s.get('value_after')} ({s.get('method')})>")


def plan(net: Network, k: Optional[int] = None, budget: Optional[float] = None, objective: Optional[str] = "coverage",
         candidates: Optional[Table] = None, scenario: bool = False, split_budget: Optional[float] = None,
         demand: Union[None, bool, Mapping[str, Any]] = None, *, price: Optional[float] = None,
         site_tier: Optional[str] = None, site_capacity: Optional[int] = None, site_cost: Optional[float] = None,
         candidate_level: Optional[str] = None, skip_covered: Optional[bool] = None,
         counted_tiers: Optional[Sequence[str]] = None, cover_tiers: Optional[Sequence[str]] = None,
         demand_level: Optional[str] = None, weight: Optional[str] = None, radius_km: Optional[float] = None,
         group_level: Optional[str] = None, lazy: Optional[bool] = None, compare_exact: Optional[bool] = None,
         method: Optional[str] = None, exact_limit: Optional[int] = None, node_limit: Optional[int] = None,
         time_limit: Optional[float] = None, interchange_rounds: Optional[int] = None,
         modes: Optional[Table] = None,
         progress: Optional[ProgressCallback] = None) -> Plan:
    """Choose new incubator sites (or capacity increases) under ``k`` picks and a ``budget``.

    Never exceeds k or the budget. Every parameter left ``None`` takes the core's documented
    default (``docs/algorithms/coverage.md``).

    Parameters
    ----------
    net : Network
    k : int, optional
        At most k picks.
    budget : float, optional
        At most this total cost; ``None`` or ``float("inf")``: no budget (then ``k`` bounds
        the plan).
    objective : {"coverage", "served", "minmax", "p_median"}, default "coverage"
        ``"coverage"``: organizations newly within reach of an incubator of the site tier;
        ``"served"``: organizations the capacity of their district can serve; ``"minmax"``:
        the worst district's shortfall; ``"p_median"``: weighted distance to the nearest
        incubator (needs coordinates).
    candidates : DataFrame or list of dicts, optional
        ``region`` (a new site) or ``node`` (raise its capacity), and optional ``tier``,
        ``capacity``, ``cost``, ``name``; by default one new site in every street at
        ``site_cost``. An empty cell (NaN or None) is a missing value, so a blank ``cost``
        takes ``site_cost``; an infinite cost is refused.
    scenario : bool, default False
        Add the before/after comparison (a :class:`Scenario`).
    split_budget : float, optional
        Add a water-filling split of this purchase-of-services budget across districts.
    demand : bool or dict, optional
        ``True`` or a dict (see :func:`scenario`): also route and match the same demand on
        both networks (implies ``scenario``).
    price : float, optional
        Cost of one unit of capacity in the split (default 1).
    site_tier : str, optional
        Tier of new sites (default street).
    site_capacity : int, optional
        Capacity of a new site.
    site_cost : float, optional
        Cost of a candidate without one (default 1).
    modes : DataFrame or list of dicts, optional
        Build modes a generated site may take, each with its own cost: columns ``mode``
        (``new_build``, ``co_build``, ``conversion``, ``assisted``), ``cost``, optional
        ``capacity`` and ``operation`` (``publicly_built_socially_run`` for 公建民营). Every
        candidate region is offered once per mode, so the plan can mix them; the picks carry
        ``mode`` and ``operation``. Explicit ``candidates`` take ``mode`` / ``operation``
        columns too.
    candidate_level : str, optional
        Level of the default candidate regions.
    skip_covered : bool, optional
        Leave out default candidates already covered.
    counted_tiers, cover_tiers : sequence of str, optional
        Tiers whose capacity counts / whose presence covers.
    demand_level : str, optional
        Level of the demand points.
    weight : {"organizations", "population"}, optional
    radius_km : float, optional
        Coverage radius (0: by region).
    group_level : str, optional
        Level of the groups of the minmax objective.
    lazy : bool, optional
        Lazy greedy evaluation (default True).
    compare_exact : bool, optional
        Also solve exactly when small, and report the gap.
    method : {"greedy", "exact"}, optional
    exact_limit, node_limit : int, optional
        Size limits of the exact search.
    time_limit : float, optional
        Seconds for the exact search (> 0).
    interchange_rounds : int, optional
        Vertex-substitution rounds of p-median.
    progress : callable, optional
        Called with a :class:`hatchnet.Progress`; returning ``False`` stops the planning.

    Returns
    -------
    Plan

    Raises
    ------
    ValueError
        Naming the field, for a bad value (a NaN or infinite ``site_cost``, an unknown
        region or node in ``candidates``, a negative budget, ...).
    TypeError
        For an unknown parameter, or ``candidates`` / ``demand`` of a wrong type.

    Examples
    --------
    >>> p = net.plan(k=10, budget=10, objective="minmax")     # doctest: +SKIP
    >>> p.picks[["region", "gain"]]                           # doctest: +SKIP
    """
    opts: Dict[str, Any] = {
        "k": k, "budget": budget, "objective": objective, "candidates": candidates,
        "site_tier": site_tier, "site_capacity": site_capacity, "site_cost": site_cost,
        "candidate_level": candidate_level, "skip_covered": skip_covered, "counted_tiers": counted_tiers,
        "cover_tiers": cover_tiers, "demand_level": demand_level, "weight": weight, "radius_km": radius_km,
        "group_level": group_level, "lazy": lazy, "compare_exact": compare_exact, "method": method,
        "exact_limit": exact_limit, "node_limit": node_limit, "time_limit": time_limit,
        "interchange_rounds": interchange_rounds, "modes": modes,
    }
    core = core_net(net)
    cb = wrap(progress)
    with_scenario = scenario or (demand is not None and demand is not False)
    # the three parts of a plan request, each run by the core with the progress hook: the plan,
    # its before/after scenario, and the split of a purchase-of-services budget
    has_plan = split_budget is None or k is not None or budget is not None
    out: Dict[str, Any] = {}
    scen: Optional[Scenario] = None
    if has_plan:
        out = dict(_core.plan_json(core, _options(opts, "plan options"), _table, cb))
        if with_scenario:
            picks = _picks(_df(out.get("picks")))
            sopts = {"picks": picks, "demand": _demand(demand) if demand is not None else False}
            scen = _scenario(_core.scenario_json(core, _json.dumps(sopts, "plan options"), _table, cb))
    split = None
    if split_budget is not None:
        sp_opts = _clean_options({"split_budget": split_budget, "price": price})
        sp = dict(_core.plan_json(core, _json.dumps(sp_opts, "plan options"), _table, cb)["split"])
        split = _df(sp.pop("districts"), by_code=True)
        split.attrs.update(sp)
    picks_df = _df(out.pop("picks", None))
    notes = list(out.pop("notes", []))
    return Plan(picks=picks_df, summary=out, scenario=scen, split=split, notes=notes)


def _picks(plan_or_picks: Union[Plan, Table]) -> List[Dict[str, Any]]:
    picks = plan_or_picks.picks if isinstance(plan_or_picks, Plan) else plan_or_picks
    keep = ("region", "node", "tier", "capacity", "name", "cost", "district")
    return [{k: v for k, v in r.items() if k in keep and not is_missing(v)} if isinstance(r, dict) else r
            for r in records(picks, "picks")]


def apply_plan(net: Network, plan_or_picks: Union[Plan, Table]) -> Network:
    """The planned copy of ``net`` (``net`` is untouched).

    Parameters
    ----------
    net : Network
    plan_or_picks : Plan, DataFrame or list of dicts
        A :class:`Plan` or its picks (``region`` or ``node``, ``tier``, ``capacity``,
        ``name``).

    Returns
    -------
    Network
        New sites are nodes ``plan-<n>`` with the default services and sectors of their tier,
        guided by the incubator one level up; an expansion raises the node's capacity.

    Raises
    ------
    ValueError
        For an unknown region or node, naming it.
    """
    core = _core.apply_plan(core_net(net), _json.dumps({"picks": _picks(plan_or_picks)}, "picks"))
    return Network(core)


def scenario(net: Network, plan_or_picks: Union[Plan, Table], demand: Union[None, bool, Mapping[str, Any]] = True,
             top: Optional[int] = None, *, counted_tiers: Optional[Sequence[str]] = None,
             expect_district: Optional[bool] = None, expect_street: Optional[bool] = None,
             expect_community: Optional[bool] = None, accessibility: Optional[bool] = None,
             relations: Optional[Sequence[str]] = None, two_step: Optional[bool] = None,
             catchment_km: Optional[float] = None, demand_level: Optional[str] = None,
             gaussian_decay: Optional[bool] = None, progress: Optional[ProgressCallback] = None) -> Scenario:
    """Apply a plan to a copy of ``net`` and compare before / after: coverage, balance and —
    with ``demand`` — batch referral routing and resource matching of the SAME demand.

    Parameters
    ----------
    net : Network
    plan_or_picks : Plan, DataFrame or list of dicts
    demand : bool or dict, default True
        ``True``: generated from the original network with seed 2017 (2000 referral
        requests, 5000 needs and the incubators' resources); ``False`` / ``None``: coverage
        and balance only; a dict with ``seed``, ``requests`` (a count, or a DataFrame / list
        of referral requests), ``needs`` (a count or records), ``resources`` (records),
        ``referral``, ``matching`` (booleans), ``supply_percent``, ``match_options``.
    top : int, optional
        Districts listed furthest from the average.
    counted_tiers, expect_district, expect_street, expect_community, accessibility, relations, two_step, catchment_km, demand_level, gaussian_decay : optional
        The coverage options of :func:`coverage`.
    progress : callable, optional
        Called with a :class:`hatchnet.Progress`; returning ``False`` stops the scenario.

    Returns
    -------
    Scenario

    Raises
    ------
    ValueError
        Naming the field, for a bad pick, demand or option.
    """
    opts: Dict[str, Any] = {"picks": _picks(plan_or_picks)}
    d = _demand(demand)
    if d is not None:
        opts["demand"] = d
    if top is not None:
        t = plain(top)
        # 3.0 is 3; NaN, 1.5 or a string go on and are refused by name ("field 'top'")
        opts["top"] = int(t) if isinstance(t, float) and t.is_integer() else t
    cov_opts = _clean_options({"counted_tiers": counted_tiers, "expect_district": expect_district,
                               "expect_street": expect_street, "expect_community": expect_community,
                               "accessibility": accessibility, "relations": relations, "two_step": two_step,
                               "catchment_km": catchment_km, "demand_level": demand_level,
                               "gaussian_decay": gaussian_decay})
    if cov_opts:
        opts["coverage"] = cov_opts
    out = _core.scenario_json(core_net(net), _json.dumps(opts, "scenario options"), _table, wrap(progress))
    return _scenario(out)


def split_budget(net: Network, budget: float, price: float = 1.0) -> pd.DataFrame:
    """Water-filling split of a purchase-of-services ``budget`` across districts, equalising
    capacity per organization.

    Parameters
    ----------
    net : Network
    budget : float
    price : float, default 1.0
        The cost of one unit of capacity.

    Returns
    -------
    pandas.DataFrame
        Indexed by district code: ``buy``, ``spend``, ``ratio_before``, ``ratio_after``; the
        level and the Gini before / after in ``attrs``.
    """
    split = plan(net, split_budget=budget, price=price, objective=None).split
    assert split is not None
    return split


# ---------------------------------------------------------------------------- indices
def gini(x: npt.ArrayLike, w: Optional[npt.ArrayLike] = None) -> float:
    """Gini index of ``x`` (weighted by ``w``): sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean).

    Raises
    ------
    ValueError
        For an empty or negative ``x``, NaN, or weights summing to 0.
    """
    return float(_core.gini(x, w))


def theil(x: npt.ArrayLike, w: Optional[npt.ArrayLike] = None) -> float:
    """Theil T index of ``x`` (weighted by ``w``): sum_i (w_i/W)(x_i/mu) ln(x_i/mu).

    Raises
    ------
    ValueError
        As :func:`gini`.
    """
    return float(_core.theil(x, w))


def theil_decompose(x: npt.ArrayLike, w: npt.ArrayLike, groups: npt.ArrayLike) -> Dict[str, Any]:
    """Theil T of x weighted by w split into ``between`` and ``within`` the groups.

    Returns
    -------
    dict
        total, between, within, group_theil, group_share.
    """
    out: Dict[str, Any] = _core.theil_decompose(x, w, groups)
    return out


def water_fill(capacity: npt.ArrayLike, demand: npt.ArrayLike, budget: float,
               price: float = 1.0) -> Tuple[List[float], float]:
    """Capacity to buy per group maximising min (c + x)/d with sum price*x = budget.

    Returns
    -------
    x : list of float
        Capacity to buy per group.
    level : float
        The common level reached.
    """
    x, level = _core.water_fill(capacity, demand, float(budget), float(price))
    return list(x), float(level)


# ---------------------------------------------------------------------------- plotting
def plot_districts(net_or_balance: Union[Network, Balance], indicator: str = "capacity_per_org",
                   ax: "Optional[matplotlib.axes.Axes]" = None, cmap: str = "RdYlGn",
                   title: Optional[str] = None) -> "matplotlib.figure.Figure":
    """A choropleth-style figure of the districts without map files.

    A tile grid coloured by ``indicator`` beside a bar chart sorted by it, with the city
    average marked (for real boundaries see :mod:`hatchnet.geo`).

    Parameters
    ----------
    net_or_balance : Network or Balance
    indicator : str, default "capacity_per_org"
        ``capacity_per_org``, ``capacity_per_10k``, ``ratio_org``, ``ratio_resident``,
        ``organizations`` or ``capacity``.
    ax : matplotlib.axes.Axes, optional
        Draw the grid there (no bar chart).
    cmap : str, default "RdYlGn"
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        For an unknown indicator or a network without districts.
    """
    import matplotlib as mpl

    bal = net_or_balance if isinstance(net_or_balance, Balance) else balance(net_or_balance)
    rows = bal.districts.to_dict("records")
    if not rows:
        raise ValueError("plot_districts: the network has no districts")
    if indicator not in rows[0]:
        raise ValueError(f"indicator: {indicator!r} is not a district column ({', '.join(map(str, rows[0]))})")
    vals = [float("nan") if r[indicator] is None else float(r[indicator]) for r in rows]
    names = [str(r["name"] or r["code"]) for r in rows]
    font = None
    if any(ord(ch) > 0x2E7F for n in names for ch in n):
        font = _cjk_font()
        if font is None:  # no font can draw the names: label by code instead of tofu boxes
            names = [str(r["code"]) for r in rows]
    with mpl.rc_context({"font.family": [font, "DejaVu Sans"]} if font else {}):
        fig: "matplotlib.figure.Figure" = _plot(bal, vals, names, indicator, ax, cmap, title)
        return fig


def _cjk_font() -> Optional[str]:
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if any(key in f.name for key in ("CJK", "WenQuanYi", "SimHei", "Source Han", "Heiti", "PingFang",
                                          "Microsoft YaHei", "Droid Sans Fallback", "AR PL")):
            return str(f.name)
    return None


def _plot(bal: Balance, vals: List[float], names: List[str], indicator: str, ax: Any, cmap: str,
          title: Optional[str]) -> Any:
    import matplotlib.pyplot as plt
    from matplotlib import colors as mcolors
    from matplotlib.patches import Rectangle

    finite = [v for v in vals if v == v]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if hi == lo:
        hi = lo + 1.0
    norm = mcolors.Normalize(vmin=lo, vmax=hi)
    cm = plt.get_cmap(cmap)
    if ax is None:
        fig, (ax_grid, ax_bar) = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={"width_ratios": [1, 1.3]})
    else:
        fig = ax.figure
        ax_grid, ax_bar = ax, None
    n = len(vals)
    ncols = max(1, math.ceil(math.sqrt(n)))
    for i, (name, v) in enumerate(zip(names, vals)):
        r, c = divmod(i, ncols)
        color = cm(norm(v)) if v == v else (0.85, 0.85, 0.85, 1.0)
        ax_grid.add_patch(Rectangle((c, -r), 0.95, 0.95, color=color))
        label = f"{name}\n{v:.3g}" if v == v else f"{name}\n–"
        ax_grid.text(c + 0.475, -r + 0.475, label, ha="center", va="center", fontsize=8)
    ax_grid.set_xlim(-0.05, ncols)
    ax_grid.set_ylim(-math.ceil(n / ncols) + 0.95, 1.0)
    ax_grid.set_aspect("equal")
    ax_grid.axis("off")
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cm)
    fig.colorbar(sm, ax=ax_grid, fraction=0.046, pad=0.02, label=indicator)
    if ax_bar is not None:
        order = sorted(range(n), key=lambda i: (vals[i] != vals[i], vals[i]))
        ax_bar.barh([names[i] for i in order], [vals[i] if vals[i] == vals[i] else 0 for i in order],
                    color=[cm(norm(vals[i])) if vals[i] == vals[i] else (0.85, 0.85, 0.85, 1) for i in order])
        city = bal.city.get(indicator) if indicator in ("capacity_per_org", "capacity_per_10k") else None
        if indicator.startswith("ratio_"):
            city = 1.0
        if city is not None and city == city:
            ax_bar.axvline(city, color="black", linestyle="--", linewidth=1, label="city average")
            ax_bar.legend(loc="lower right")
        ax_bar.set_xlabel(indicator)
        ax_bar.tick_params(axis="y", labelsize=8)
    fig.suptitle(title or f"Districts by {indicator}")
    fig.tight_layout()
    return fig
