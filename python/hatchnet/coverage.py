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
C++ with the GIL released. Bad options raise ``ValueError`` naming the field.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from . import _core, _json

__all__ = [
    "coverage", "balance", "plan", "split_budget", "gini", "theil", "theil_decompose",
    "water_fill", "plot_districts", "Balance", "Plan", "Scenario", "scenario", "apply_plan",
]

_LEVELS = ("district", "street", "community")


def _pd():
    try:
        import pandas
    except ImportError:  # pragma: no cover - exercised only without pandas
        return None
    return pandas


_TIERS = ("city_center", "city_sector", "district", "street", "community", "social")
_ORDER = (
    # coverage
    "code", "name", "level", "district", "population", "incubators", "capacity", "spare",
    "organizations", "orgs_per_incubator", "orgs_per_capacity", "capacity_per_org",
    "people_per_incubator", "capacity_per_10k", "missing", "access",
    *(f"within_{t}" for t in _TIERS), *(f"serving_{t}" for t in _TIERS),
    *(f"hops_{t}" for t in _TIERS),
    # balance
    "indicator", "units", "excluded", "mean", "min", "max", "gini", "gini_unweighted", "theil",
    "theil_unweighted", "theil_between", "theil_within", "ratio_org", "ratio_resident", "value",
    "city", "ratio", "direction",
    # plan / split
    "order", "candidate", "kind", "node", "tier", "cost", "gain", "value_after",
    "ratio_before", "buy", "spend", "ratio_after",
    # scenario outcomes by district
    "requests", "routed_before", "routed_after", "waitlisted_before", "waitlisted_after", "needs",
    "requested", "served_before", "served_after", "served_share_before", "served_share_after",
    "weighted_before", "weighted_after", "cost_before", "cost_after",
)
_RANK = {k: i for i, k in enumerate(_ORDER)}


def _table(obj: Any):
    """A result table ({"__records__": columns} or an empty list) as a DataFrame."""
    pd = _pd()
    cols = obj["__records__"] if isinstance(obj, dict) and "__records__" in obj else {}
    cols = {k: cols[k] for k in sorted(cols, key=lambda k: (_RANK.get(k, len(_RANK)), k))}
    if pd is None:
        keys = list(cols)
        n = len(cols[keys[0]]) if keys else 0
        return [{k: cols[k][i] for k in keys} for i in range(n)]
    return pd.DataFrame(cols)


def _scalar(x):
    """A numpy scalar as a Python one (numpy arrays as lists); anything else unchanged."""
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


def _missing(x) -> bool:
    """None or NaN: a missing value in a record (a pandas row)."""
    return x is None or (isinstance(x, float) and x != x)


def _as_dict(r):
    """A record as a dict (a Mapping, a pandas Series row, pairs), or None when it is none."""
    if isinstance(r, Mapping):
        return r
    if isinstance(r, (str, bytes)):
        return None
    try:
        return dict(r)
    except (TypeError, ValueError):
        return None


def _clean_records(v):
    """DataFrame / records → plain records: NaN and None dropped (a pandas missing value),
    numpy values unwrapped. A row that is not a mapping is kept as is, for the core to refuse
    by record."""
    if hasattr(v, "to_dict") and hasattr(v, "columns"):
        v = v.to_dict("records")
    out = []
    for r in v:
        d = _as_dict(r)
        if d is None:
            out.append(_scalar(r))  # the core refuses it naming the record
            continue
        row = {}
        for k, x in d.items():
            x = _scalar(x)
            if _missing(x):
                continue
            if isinstance(x, (tuple, set, frozenset)):
                x = list(x)
            row[k] = x
        out.append(row)
    return out


def _is_records(v) -> bool:
    """A table of records (a DataFrame, a list of dicts...), not a count or a single value."""
    if hasattr(v, "to_dict") and hasattr(v, "columns"):
        return True
    return isinstance(v, Iterable) and not isinstance(v, (str, bytes, Mapping, np.ndarray))


def _demand(demand):
    if demand is None or demand is False:
        return None
    if demand is True:
        return True
    if _as_dict(demand) is None:
        return _scalar(demand)  # refused by the core: "demand: must be true or an object"
    d = {}
    for k, v in _as_dict(demand).items():
        v = _scalar(v)
        if v is None:
            continue
        if k in ("requests", "needs", "resources") and _is_records(v):
            v = _clean_records(v)
        d[k] = v  # a count stays a count: 1.5, NaN or 1e19 are refused by name
    return d


def _core_net(net):
    core = getattr(net, "_net", net)
    if not isinstance(core, _core.Network):
        raise TypeError("expected a hatchnet.Network")
    return core


# Options whose infinite value has a meaning: no budget (dropped, the core's default).
_INFINITE_MEANS_NONE = ("budget",)


def _candidates(v):
    """Candidate records: a NaN or None field is a missing value (a pandas empty cell), so a
    candidate without a cost takes ``site_cost``; other values go to the core as they are."""
    if hasattr(v, "to_dict") and hasattr(v, "columns"):
        v = v.to_dict("records")
    if not _is_records(v):
        return _scalar(v)  # refused by the core: "must be an array of objects"
    out = []
    for c in v:
        d = _as_dict(c)
        out.append(_scalar(c) if d is None else
                   {kk: vv for kk, vv in ((kk, _scalar(vv)) for kk, vv in d.items()) if not _missing(vv)})
    return out


def _clean_options(options: Dict[str, Any]) -> Dict[str, Any]:
    clean = {}
    for k, v in options.items():
        if v is None:
            continue
        if k == "demand":
            v = _demand(v)
            if v is None:
                continue
            clean[k] = v
            continue
        if k == "candidates":
            v = _candidates(v)
        if isinstance(v, (set, frozenset, tuple)):
            v = list(v)
        v = _scalar(v)
        if k in _INFINITE_MEANS_NONE and isinstance(v, float) and v == math.inf:
            continue  # an infinite budget is no budget
        # every other NaN / infinite value goes on as "NaN" / "Infinity" (hatchnet._json): the
        # core refuses it by name ("field 'site_cost': must be a number, got \"Infinity\"")
        clean[k] = v
    return clean


def _options(options: Dict[str, Any], record: str = "options") -> str:
    return _json.dumps(_clean_options(options), record)


# ---------------------------------------------------------------------------- coverage
def coverage(net, level: Optional[str] = None, **options):
    """Coverage of every district, street and community, one row per region.

    Columns: ``code, name, level, district, population, incubators, capacity, spare,
    organizations, orgs_per_incubator, orgs_per_capacity, capacity_per_org,
    people_per_incubator, capacity_per_10k, missing, access`` and, per tier,
    ``within_<tier>`` (nodes based in or under the region), ``serving_<tier>`` (nodes whose
    area contains it) and ``hops_<tier>`` (hops to the nearest one; NaN: unreachable). Ratios
    whose denominator is 0 are NaN. ``level`` keeps one level (district, street, community).
    The summary, the regions lacking an expected tier and notes are in ``df.attrs``.

    Options (docs/algorithms/coverage.md): ``counted_tiers``, ``expect_district``,
    ``expect_street``, ``expect_community``, ``accessibility``, ``relations``, ``two_step``,
    ``catchment_km`` (default 3), ``demand_level``, ``gaussian_decay``.
    """
    if level is not None and level not in _LEVELS:
        raise ValueError(f"level: {level!r} is not one of {', '.join(_LEVELS)}")
    out = _core.coverage_json(_core_net(net), _options(options, "coverage options"))
    df = _table(out["regions"])
    if level is not None and hasattr(df, "loc") and len(df):
        df = df.loc[df["level"] == level].reset_index(drop=True)
    if hasattr(df, "attrs"):
        df.attrs["summary"] = out["summary"]
        df.attrs["lacking"] = _records(out["lacking"])
        df.attrs["notes"] = out["notes"]
        df.attrs["catchment_km"] = out["catchment_km"]
    return df


def _records(obj) -> List[Dict[str, Any]]:
    if isinstance(obj, dict) and "__records__" in obj:
        cols = obj["__records__"]
        keys = list(cols)
        n = len(cols[keys[0]]) if keys else 0
        return [{k: (cols[k][i].item() if hasattr(cols[k][i], "item") else cols[k][i]) for k in keys}
                for i in range(n)]
    return list(obj or [])


# ---------------------------------------------------------------------------- balance
@dataclass
class Balance:
    """Balance of capacity across districts and streets.

    ``metrics``: one row per (indicator, level) with ``gini`` (weighted by organizations or
    residents), ``gini_unweighted``, ``theil``, ``theil_unweighted``, ``theil_between`` and
    ``theil_within`` (street level, grouped by district). ``districts``: capacity, organizations,
    population and both ratios to the city average. ``furthest``: the districts furthest from
    the average, named, per indicator. ``city``: the city averages.
    """
    metrics: Any
    districts: Any
    furthest: Any
    city: Dict[str, Optional[float]]
    notes: List[str] = field(default_factory=list)

    def figures(self) -> Dict[str, float]:
        """Flat dict: ``{"gini.capacity_per_org.district": 0.21, ...}``."""
        out = {}
        for r in _rows(self.metrics):
            for k in ("gini", "gini_unweighted", "theil", "theil_between", "theil_within"):
                out[f"{k}.{r['indicator']}.{r['level']}"] = r[k]
        return out


def _rows(df) -> List[Dict[str, Any]]:
    if hasattr(df, "to_dict"):
        return df.to_dict("records")
    return list(df)


def balance(net, **options) -> Balance:
    """Gini / Theil balance of capacity per organization and per resident (see :class:`Balance`).

    Options: ``counted_tiers`` (tiers whose capacity counts; default district, street, social),
    ``top`` (outliers listed per indicator, default 5).
    """
    out = _core.balance_json(_core_net(net), _options(options, "balance options"))
    return Balance(metrics=_table(out["metrics"]), districts=_table(out["districts"]),
                   furthest=_table(out["furthest"]), city=out["city"], notes=out["notes"])


# ---------------------------------------------------------------------------- plan
@dataclass
class Plan:
    """A placement plan: ``picks`` (one row per pick with its marginal ``gain`` and the
    objective's ``value_after``), ``summary`` (objective, status, method, value_before,
    value_after, gain, cost, budget, k, guarantee, upper_bound, exact comparison),
    ``scenario`` (before/after coverage and balance, when asked) and ``split`` (a water-filling
    split of a purchase-of-services budget across districts, when asked)."""
    picks: Any
    summary: Dict[str, Any]
    scenario: Optional[Dict[str, Any]] = None
    split: Any = None
    notes: List[str] = field(default_factory=list)

    def __repr__(self) -> str:
        s = self.summary
        if not s:
            return "<hatchnet Plan: split only>"
        return (f"<hatchnet Plan {s.get('objective')}: {len(self.picks)} picks, cost {s.get('cost')}, "
                f"{s.get('unit')} {s.get('value_before')} -> {s.get('value_after')} ({s.get('method')})>")


def plan(net, k: Optional[int] = None, budget: Optional[float] = None, objective: str = "coverage",
         candidates: Optional[Iterable[Dict[str, Any]]] = None, scenario: bool = False,
         split_budget: Optional[float] = None, demand: Any = None, **options) -> Plan:
    """Choose new incubator sites (or capacity increases) under ``k`` picks and a ``budget``.

    ``objective``: ``"coverage"`` (organizations newly within reach of an incubator of the site
    tier), ``"served"`` (organizations the capacity of their district can serve), ``"minmax"``
    (the worst district's shortfall) or ``"p_median"`` (weighted distance to the nearest
    incubator; needs coordinates). ``candidates``: records / a DataFrame with ``region`` (a new
    site) or ``node`` (raise its capacity), and optional ``tier``, ``capacity``, ``cost``,
    ``name``; by default one new street incubator in every street at ``site_cost`` 1. An empty
    cell (NaN or None) in a candidate is a missing value, on purpose, so a DataFrame whose
    ``cost`` (or ``capacity``) column is blank for some rows gives those candidates
    ``site_cost`` (or ``site_capacity``); an infinite cost is refused.
    ``budget``: ``None`` or ``float("inf")`` means no budget (then ``k`` bounds the plan).
    Any other NaN or infinite value (``site_cost``, ``site_capacity``, ``radius_km``,
    ``node_limit``, ``split_budget``, ``price``, ...) raises ``ValueError`` naming the field.
    Other options: ``site_capacity``, ``site_cost``, ``candidate_level``, ``radius_km``,
    ``weight`` ("organizations" | "population"), ``group_level``, ``compare_exact``,
    ``method`` ("greedy" | "exact"), ``exact_limit``, ``node_limit``, ``interchange_rounds``.
    ``scenario=True`` adds the before/after comparison (a :class:`Scenario`); ``demand=True``
    (or a dict, see :func:`scenario`) also routes and matches the same demand on both networks.
    ``split_budget=B`` (with ``price``) adds a water-filling split of B across districts.
    Never exceeds k or the budget.
    """
    opts = dict(options)
    if demand is not None and demand is not False:
        scenario = True
        opts["demand"] = demand
    opts.update(k=k, budget=budget, objective=objective, candidates=candidates)
    if scenario:
        opts["scenario"] = True
    if split_budget is not None:
        opts["split_budget"] = split_budget
    if k is None and budget is None and split_budget is not None:
        opts.pop("objective")
    out = _core.plan_json(_core_net(net), _options(opts, "plan options"))
    split = None
    if "split" in out:
        sp = out.pop("split")
        split = _table(sp.pop("districts"))
        if hasattr(split, "attrs"):
            split.attrs.update(sp)
    scen = out.pop("scenario", None)
    if scen is not None:
        scen = _scenario(scen)
    picks = _table(out.pop("picks")) if "picks" in out else _table({})
    notes = out.pop("notes", [])
    return Plan(picks=picks, summary=out, scenario=scen, split=split, notes=notes)


# ---------------------------------------------------------------------------- scenarios
class Scenario(dict):
    """Before/after of a plan. A dict (keys ``added``, ``expanded``, ``coverage``, ``balance``,
    ``hooks``, ``outcomes``, ``notes``, as the C++ report) with DataFrame views:

    * ``coverage_table``: the coverage summary, columns before / after / change;
    * ``referral``: requests, routed (placed), waitlisted, unroutable, total_score (total fit),
      rows before / after / change (``None`` without a demand);
    * ``matching``: requested, served, served_share, weighted_served, cost, rows before / after
      / change (``None`` without a demand);
    * ``districts``: per district, referral routed / waitlisted and matching served, served
      share, weighted served and cost before and after;
    * ``placed_at_new``: requests placed at each new site.
    """

    def _ba(self, part):
        pd = _pd()
        o = self.get("outcomes") or {}
        x = o.get(part) if part in ("referral", "matching") else None
        if not x:
            return None
        rows = {"before": x["before"], "after": x["after"]}
        if pd is None:
            return rows
        order = (["requests", "routed", "waitlisted", "unroutable", "total_score"] if part == "referral" else
                 ["requested", "served", "served_share", "weighted_served", "cost"])
        df = pd.DataFrame(rows).T.astype(float)
        df = df[[c for c in order if c in df.columns] + [c for c in df.columns if c not in order]]
        df.loc["change"] = df.loc["after"] - df.loc["before"]
        return df

    @property
    def referral(self):
        return self._ba("referral")

    @property
    def matching(self):
        return self._ba("matching")

    @property
    def districts(self):
        o = self.get("outcomes") or {}
        return _table(o.get("districts", {}))

    @property
    def placed_at_new(self) -> Dict[str, int]:
        o = self.get("outcomes") or {}
        return dict((o.get("referral") or {}).get("placed_at_new") or {})

    @property
    def coverage_table(self):
        pd = _pd()
        c = self["coverage"]
        if pd is None:
            return c
        df = pd.DataFrame({"before": pd.Series(c["before"], dtype=object),
                           "after": pd.Series(c["after"], dtype=object)})
        return df


def _scenario(scen) -> "Scenario":
    for when in ("before", "after"):
        b = scen["balance"][when]
        scen["balance"][when] = Balance(metrics=_table(b["metrics"]), districts=_table(b["districts"]),
                                        furthest=_table(b["furthest"]), city=b["city"], notes=b["notes"])
    return Scenario(scen)


def _picks(plan_or_picks):
    picks = plan_or_picks.picks if isinstance(plan_or_picks, Plan) else plan_or_picks
    keep = ("region", "node", "tier", "capacity", "name", "cost")
    rows = _clean_records(picks)
    return [{k: v for k, v in r.items() if k in keep and v is not None} for r in rows]


def apply_plan(net, plan_or_picks):
    """The planned copy of ``net`` as a new :class:`hatchnet.Network` (``net`` is untouched).

    ``plan_or_picks``: a :class:`Plan` or its picks (records / a DataFrame with ``region`` or
    ``node``, ``tier``, ``capacity``, ``name``). New sites are nodes ``plan-<n>`` with the
    default services and sectors of their tier (the most common set among the tier's nodes),
    guided by the incubator one level up; an expansion raises the node's capacity."""
    from .network import Network
    core = _core.apply_plan(_core_net(net), _json.dumps({"picks": _picks(plan_or_picks)}, "picks"))
    return Network(core)


def scenario(net, plan_or_picks, demand: Any = True, top: Optional[int] = None, **coverage_options) -> Scenario:
    """Apply a plan to a copy of ``net`` and compare before / after: coverage, balance and —
    with ``demand`` — batch referral routing and resource matching of the SAME demand.

    ``demand``: ``True`` (generated from the original network with seed 2017: 2000 referral
    requests, 5000 needs and the incubators' resources), ``False`` / ``None`` (coverage and
    balance only) or a dict with ``seed``, ``requests`` (a count or records / a DataFrame of
    referral requests), ``needs`` (a count or records), ``resources`` (records), ``referral``,
    ``matching`` (booleans), ``supply_percent``, ``match_options``. Returns a :class:`Scenario`.
    """
    opts: Dict[str, Any] = {"picks": _picks(plan_or_picks)}
    d = _demand(demand)
    if d is not None:
        opts["demand"] = d
    if top is not None:
        top = _scalar(top)
        # 3.0 is 3; NaN, 1.5 or a string go on and are refused by name ("field 'top'")
        opts["top"] = int(top) if isinstance(top, float) and top.is_integer() else top
    if coverage_options:
        opts["coverage"] = _clean_options(coverage_options)
    return _scenario(_core.scenario_json(_core_net(net), _json.dumps(opts, "scenario options")))


def split_budget(net, budget: float, price: float = 1.0):
    """Water-filling split of a purchase-of-services ``budget`` across districts, equalising
    capacity per organization (``price`` = cost of one unit of capacity). A DataFrame with
    ``buy``, ``spend``, ``ratio_before``, ``ratio_after``; level and Gini before/after in attrs."""
    return plan(net, split_budget=budget, price=price, objective=None).split


# ---------------------------------------------------------------------------- indices
def gini(x: Sequence[float], w: Optional[Sequence[float]] = None) -> float:
    """Gini index of ``x`` (weighted by ``w``): sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean)."""
    return _core.gini(x, w)


def theil(x: Sequence[float], w: Optional[Sequence[float]] = None) -> float:
    """Theil T index of ``x`` (weighted by ``w``): sum_i (w_i/W)(x_i/mu) ln(x_i/mu)."""
    return _core.theil(x, w)


def theil_decompose(x: Sequence[float], w: Sequence[float], groups: Sequence[int]) -> Dict[str, Any]:
    """Theil T of x weighted by w split into ``between`` and ``within`` the groups."""
    return _core.theil_decompose(x, w, groups)


def water_fill(capacity: Sequence[float], demand: Sequence[float], budget: float, price: float = 1.0):
    """(capacity to buy per group, common level reached): max min (c + x)/d with sum price*x = budget."""
    x, level = _core.water_fill(capacity, demand, budget, price)
    return x, level


# ---------------------------------------------------------------------------- plotting
def plot_districts(net_or_balance, indicator: str = "capacity_per_org", ax=None, cmap: str = "RdYlGn",
                   title: Optional[str] = None):
    """A choropleth-style figure of the districts without map files: a tile grid coloured by
    ``indicator`` (``capacity_per_org``, ``capacity_per_10k``, ``ratio_org``, ``ratio_resident``,
    ``organizations``, ``capacity``) beside a bar chart sorted by it, with the city average
    marked. Takes a Network or a :class:`Balance`. Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt
    from matplotlib import colors as mcolors

    bal = net_or_balance if isinstance(net_or_balance, Balance) else balance(net_or_balance)
    rows = [r for r in _rows(bal.districts)]
    if not rows:
        raise ValueError("plot_districts: the network has no districts")
    if indicator not in rows[0]:
        raise ValueError(f"indicator: {indicator!r} is not a district column ({', '.join(rows[0])})")
    vals = [float("nan") if r[indicator] is None else float(r[indicator]) for r in rows]
    names = [str(r["name"] or r["code"]) for r in rows]
    font = None
    if any(ord(ch) > 0x2E7F for n in names for ch in n):
        font = _cjk_font()
        if font is None:  # no font can draw the names: label by code instead of tofu boxes
            names = [str(r["code"]) for r in rows]
    import matplotlib as mpl
    with mpl.rc_context({"font.family": [font, "DejaVu Sans"]} if font else {}):
        return _plot(bal, rows, vals, names, indicator, ax, cmap, title)


def _cjk_font() -> Optional[str]:
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if any(key in f.name for key in ("CJK", "WenQuanYi", "SimHei", "Source Han", "Heiti", "PingFang",
                                          "Microsoft YaHei", "Droid Sans Fallback", "AR PL")):
            return f.name
    return None


def _plot(bal, rows, vals, names, indicator, ax, cmap, title):
    import matplotlib.pyplot as plt
    from matplotlib import colors as mcolors

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
    n = len(rows)
    ncols = max(1, math.ceil(math.sqrt(n)))
    for i, (name, v) in enumerate(zip(names, vals)):
        r, c = divmod(i, ncols)
        color = cm(norm(v)) if v == v else (0.85, 0.85, 0.85, 1.0)
        ax_grid.add_patch(plt.Rectangle((c, -r), 0.95, 0.95, color=color))
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
        city = bal.city.get("capacity_per_org" if indicator == "capacity_per_org" else
                            "capacity_per_10k" if indicator == "capacity_per_10k" else "", None)
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
