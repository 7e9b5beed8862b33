"""The Network class: an immutable incubator network with tables and graph queries.

Layering: this module imports only the core and the shared helpers. The engines
(:mod:`hatchnet.matching`, :mod:`hatchnet.referral`, :mod:`hatchnet.evaluate`,
:mod:`hatchnet.coverage`) import it; the :class:`Network` methods that run an engine import
it lazily, inside the method, so no import cycle exists.
"""
from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

if TYPE_CHECKING:
    import pandas as pd
else:
    from ._lazy import pandas as pd

from . import _core
from ._progress import ProgressCallback, wrap
from ._util import PathLike, Table, fspath, frame

if TYPE_CHECKING:  # the engines' result types, for annotations only
    import geopandas
    import networkx

    from .coverage import Balance, Plan
    from .evaluate import Evaluation
    from .matching import MatchResult
    from .policy import Sameness, Staffing
    from .records import Store
    from .referral import BatchResult, ReferralResult, ReferralSet

__all__ = ["Network", "national", "network_schema", "TIERS", "RELATIONS"]

#: The six tiers of incubator, top down (from the core).
TIERS: Tuple[str, ...] = tuple(_core.TIERS)
#: The relation types between nodes (from the core).
RELATIONS: Tuple[str, ...] = tuple(_core.RELATIONS)

_NODE_ORDER = ("id", "name", "tier", "region", "district")


class Network:
    """An incubator network: regions, incubators (nodes) of six tiers, typed relations
    (edges) and the social organizations it serves.

    Networks are immutable: the tables (:attr:`nodes`, :attr:`organizations`, :attr:`edges`,
    :attr:`regions`) are built once, on first access, and cached (each access returns a
    copy, so changing it never changes the network). Every network returned by a
    constructor is validated (pass ``validate=False`` to :meth:`load` / :meth:`loads` to
    inspect a broken file with :meth:`validate`). Networks pickle (as their canonical JSON).

    Use :meth:`load`, :meth:`loads`, :meth:`beijing`, :func:`national` or
    :func:`hatchnet.datasets.beijing` to make one.

    Raises
    ------
    TypeError
        When constructed directly from anything but a ``hatchnet._core.Network``.

    Examples
    --------
    >>> import hatchnet
    >>> net = hatchnet.datasets.beijing()
    >>> net.nodes.loc["street-110108001", "tier"]
    'street'
    """

    __slots__ = ("_net", "_cache")

    def __init__(self, core: "_core.Network") -> None:
        if not isinstance(core, _core.Network):
            raise TypeError("core: use Network.load(), Network.loads() or hatchnet.datasets.beijing() "
                            f"to make a Network (got {type(core).__name__})")
        self._net = core
        self._cache: Dict[str, pd.DataFrame] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(cls, path: PathLike, validate: bool = True) -> "Network":
        """Load a network from a JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            A ``.json`` file, or a gzip-compressed ``.json.gz``.
        validate : bool, default True
            Refuse a network with structural errors (``False``: load it anyway, to list
            them with :meth:`validate`).

        Returns
        -------
        Network

        Raises
        ------
        FileNotFoundError
            When ``path`` does not exist (``IsADirectoryError`` for a directory).
        ValueError
            For malformed JSON or an invalid network, naming the record and field.
        TypeError
            When ``path`` is not a path.
        """
        return cls(_core.Network.load(fspath(path), bool(validate)))

    @classmethod
    def loads(cls, text: Union[str, bytes], validate: bool = True) -> "Network":
        """Load a network from JSON text.

        Parameters
        ----------
        text : str or bytes
            The network's JSON.
        validate : bool, default True
            Refuse a network with structural errors.

        Returns
        -------
        Network

        Raises
        ------
        ValueError
            For malformed JSON or an invalid network, naming the record and field.
        TypeError
            When ``text`` is neither str nor bytes.
        """
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if not isinstance(text, str):
            raise TypeError(f"text: expected JSON text (str or bytes), got {type(text).__name__}")
        return cls(_core.Network.loads(text, bool(validate)))

    @classmethod
    def beijing(cls, seed: int = 2017, scale: float = 1.0, *,
                progress: Optional[ProgressCallback] = None) -> "Network":
        """Generate the Beijing-calibrated dataset.

        Parameters
        ----------
        seed : int, default 2017
            The seed; 2017 gives the shipped dataset (:func:`hatchnet.datasets.beijing`).
        scale : float, default 1.0
            Multiplies the numbers of communities and organizations.
        progress : callable, optional
            Called with a :class:`hatchnet.Progress` for the stages ``"regions"``,
            ``"nodes"``, ``"edges"`` and ``"organizations"`` (organizations made / total);
            return ``False`` to stop. Ctrl-C interrupts the call.

        Returns
        -------
        Network

        Raises
        ------
        ValueError
            For a scale out of range.
        KeyboardInterrupt
            On Ctrl-C.
        """
        return cls(_generated(lambda cb: _core.Network.beijing(int(seed), float(scale), cb), progress))

    def save(self, path: PathLike, indent: int = -1) -> None:
        """Save the network as JSON.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write (a ``.gz`` path is compressed); written durably (a temporary
            file, flushed, then renamed over it).
        indent : int, default -1
            -1: the canonical form (one record per line); >= 0: pretty-printed.

        Raises
        ------
        OSError
            When the file cannot be written.
        """
        self._net.save(fspath(path), int(indent))

    def dumps(self, indent: int = -1) -> str:
        """The network as JSON text; canonical (save, load and save again is byte-identical).

        Parameters
        ----------
        indent : int, default -1
            -1: canonical; >= 0: pretty-printed.

        Returns
        -------
        str
        """
        return self._net.dumps(int(indent))

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (Network, (self._net,))

    # ------------------------------------------------------------------ checks
    def validate(self) -> List[Dict[str, str]]:
        """Every structural error.

        Returns
        -------
        list of dict
            One dict per error with ``severity``, ``code``, ``record``, ``field`` and
            ``message``; empty for a valid network.
        """
        errors, _warnings = self._net.validate()
        return errors

    def warnings(self) -> List[Dict[str, str]]:
        """What is legal but worth knowing (e.g. a street without an incubator).

        Returns
        -------
        list of dict
            As :meth:`validate`.
        """
        _errors, warnings = self._net.validate()
        return warnings

    # ------------------------------------------------------------------ tables
    @property
    def name(self) -> str:
        """The network's name."""
        return self._net.name

    @property
    def description(self) -> str:
        """The network's description."""
        return self._net.description

    def _table(self, key: str) -> pd.DataFrame:
        df = self._cache.get(key)
        if df is None:
            if key == "nodes":
                df = frame(self._net.node_columns(), _NODE_ORDER, index="id")
            elif key == "organizations":
                df = frame(self._net.organization_columns(), index="id")
            elif key == "edges":
                df = frame(self._net.edge_columns())
            elif key == "consortia":
                df = frame(self._net.consortium_columns(), index="id")
            elif key == "contracts":
                df = frame(self._net.contract_columns(), index="id")
            else:
                df = frame(self._net.region_columns(), index="code")
            self._cache[key] = df
        return df.copy()

    @property
    def nodes(self) -> pd.DataFrame:
        """Incubators and stations, one row per node, indexed by node id.

        Columns: id, name, tier, region, district, sectors, services, capacity, occupied,
        operator, lat, lon (NaN: unknown), score (NaN: not evaluated).
        """
        return self._table("nodes")

    @property
    def organizations(self) -> pd.DataFrame:
        """Social organizations, one row per organization, indexed by organization id.

        Columns: id, name, type, stage, registration, sectors, region, district, home,
        credit.
        """
        return self._table("organizations")

    @property
    def edges(self) -> pd.DataFrame:
        """Relations, one row per edge: from, to, type, irregular."""
        return self._table("edges")

    @property
    def consortia(self) -> pd.DataFrame:
        """Service-resource consortia (服务资源联合体, §5.1), indexed by id: id, name, members
        (node ids), services (the pooled service ids), region. Empty when the network has none."""
        return self._table("consortia")

    @property
    def contracts(self) -> pd.DataFrame:
        """Cooperation contracts between incubators (契约化, §5.4), indexed by id: id, name,
        parties (node ids), scope (service ids), start, end ("" when open-ended), terms."""
        return self._table("contracts")

    @property
    def regions(self) -> pd.DataFrame:
        """Administrative regions, indexed by NBS code: code, name, pinyin (the romanised
        name, "" when the dataset has none), kind, level, population (NaN: unknown)."""
        return self._table("regions")

    def count_by_tier(self) -> Dict[str, int]:
        """Number of nodes of each tier.

        Returns
        -------
        dict of str to int
            Every tier of :data:`hatchnet.TIERS`, in order.
        """
        return self._net.count_by_tier()

    def __len__(self) -> int:
        return self._net.num_nodes

    def __repr__(self) -> str:
        name = self.name if len(self.name) <= 40 else self.name[:37] + "..."
        return (f"<hatchnet.Network {name!r}: {self._net.num_nodes} nodes, "
                f"{self._net.num_edges} edges, {self._net.num_organizations} organizations>")

    # ------------------------------------------------------------------ graph queries
    def guidance_parents(self, node_id: str) -> List[str]:
        """Ids of the nodes that guide ``node_id``.

        Raises
        ------
        ValueError
            For an unknown node id.
        """
        return self._net.guidance_parents(str(node_id))

    def guidance_children(self, node_id: str) -> List[str]:
        """Ids of the nodes ``node_id`` guides.

        Raises
        ------
        ValueError
            For an unknown node id.
        """
        return self._net.guidance_children(str(node_id))

    def neighbours(self, node_id: str, relation: Optional[str] = None) -> List[str]:
        """Ids of the nodes joined to ``node_id``, in both directions.

        Parameters
        ----------
        node_id : str
        relation : str, optional
            One of :data:`hatchnet.RELATIONS`; any relation when ``None``.

        Raises
        ------
        ValueError
            For an unknown node id or relation.
        """
        return self._net.neighbours(str(node_id), relation)

    def incubators_serving(self, region: str) -> List[str]:
        """Ids of the incubators whose area contains ``region``, by tier then order.

        Parameters
        ----------
        region : str
            An NBS code of 2, 4, 6, 9 or 12 digits.

        Raises
        ------
        ValueError
            When ``region`` is not such a code.
        """
        return self._net.incubators_serving(str(region))

    def hops(self, source: str, target: str, relation: Optional[str] = None) -> int:
        """Fewest relation hops between two nodes, ignoring direction.

        Parameters
        ----------
        source, target : str
            Node ids.
        relation : str, optional
            Count only this relation (any when ``None``).

        Returns
        -------
        int
            The number of hops; -1 when ``target`` cannot be reached.
        """
        return self._net.hops(str(source), str(target), relation)

    def to_networkx(self) -> "networkx.MultiDiGraph":
        """The network as a ``networkx.MultiDiGraph`` (needs networkx).

        Nodes carry every column of :attr:`nodes` as attributes (numbers as Python ints and
        floats); edges are keyed by their type and carry ``type`` and ``irregular``.

        Returns
        -------
        networkx.MultiDiGraph
        """
        import networkx as nx

        g = nx.MultiDiGraph(name=self.name)
        nodes = self._cache.get("nodes")
        if nodes is None:
            nodes = self.nodes
        recs = nodes.drop(columns=["id"]).to_dict("index")
        for nid, attrs in recs.items():
            attrs["capacity"] = int(attrs["capacity"])
            attrs["occupied"] = int(attrs["occupied"])
            for k in ("lat", "lon", "score"):
                attrs[k] = float(attrs[k])
            g.add_node(nid, **{str(k): v for k, v in attrs.items()})
        e = self._net.edge_columns()
        for a, b, t, irr in zip(e["from"], e["to"], e["type"], e["irregular"]):
            g.add_edge(a, b, key=t, type=t, irregular=bool(irr))
        return g

    # ------------------------------------------------------------------ geography
    def to_geodataframe(self, level: str = "node", boundaries: Any = None) -> "geopandas.GeoDataFrame":
        """The network as a GeoDataFrame (see :func:`hatchnet.geo.to_geodataframe`).

        Parameters
        ----------
        level : {"node", "street", "district"}, default "node"
        boundaries : optional
            A boundaries source, as :func:`hatchnet.geo.to_geodataframe` documents.

        Returns
        -------
        geopandas.GeoDataFrame
        """
        from . import geo  # type: ignore[attr-defined,unused-ignore]

        return geo.to_geodataframe(self, level=level, boundaries=boundaries)  # type: ignore[no-any-return,unused-ignore]

    def to_geojson(self, level: str = "node", path: Optional[PathLike] = None) -> Dict[str, Any]:
        """The network as a GeoJSON FeatureCollection (see :func:`hatchnet.geo.to_geojson`).

        Parameters
        ----------
        level : {"node", "street", "district"}, default "node"
        path : str or os.PathLike, optional
            Also write it there.

        Returns
        -------
        dict
        """
        from . import geo  # type: ignore[attr-defined,unused-ignore]

        return geo.to_geojson(self, level=level, path=path)  # type: ignore[no-any-return,unused-ignore]

    # ------------------------------------------------------------------ engines
    # Each engine lives in its own module, imported here lazily (no import cycle); these
    # methods are the notebook-friendly entry points and take the same parameters.
    @overload
    def match(self, needs: Table, resources: Table, fair: Union[None, str, Mapping[str, Any]] = ..., *,
              distance: str = ..., weights: Optional[Mapping[str, float]] = ..., cost_scale: float = ...,
              lexicographic: str = ..., explain_limit: int = ..., time_limit: Optional[float] = ...,
              providers: str = ..., pooling: bool = ...,
              progress: Optional[ProgressCallback] = ..., as_json: Literal[False] = ...) -> "MatchResult": ...

    @overload
    def match(self, needs: Table, resources: Table, fair: Union[None, str, Mapping[str, Any]] = ..., *,
              distance: str = ..., weights: Optional[Mapping[str, float]] = ..., cost_scale: float = ...,
              lexicographic: str = ..., explain_limit: int = ..., time_limit: Optional[float] = ...,
              providers: str = ..., pooling: bool = ...,
              progress: Optional[ProgressCallback] = ..., as_json: Literal[True]) -> str: ...

    def match(self, needs: Table, resources: Table, fair: Union[None, str, Mapping[str, Any]] = None, *,
              distance: str = "region", weights: Optional[Mapping[str, float]] = None, cost_scale: float = 100.0,
              lexicographic: str = "auto", explain_limit: int = 5, time_limit: Optional[float] = None,
              providers: str = "any", pooling: bool = True,
              progress: Optional[ProgressCallback] = None, as_json: bool = False) -> "Union[MatchResult, str]":
        """Allocate resources to needs optimally; see :func:`hatchnet.matching.match`, which
        documents every parameter."""
        from .matching import match

        if as_json:
            return match(self, needs, resources, fair, distance=distance, weights=weights, cost_scale=cost_scale,
                         lexicographic=lexicographic, explain_limit=explain_limit, time_limit=time_limit,
                         providers=providers, pooling=pooling, progress=progress, as_json=True)
        return match(self, needs, resources, fair, distance=distance, weights=weights, cost_scale=cost_scale,
                     lexicographic=lexicographic, explain_limit=explain_limit, time_limit=time_limit,
                     providers=providers, pooling=pooling, progress=progress)

    def refer(self, request: Mapping[str, Any], policy: Union[None, str, PathLike, Mapping[str, Any]] = None) -> "ReferralResult":
        """Route one referral request; see :func:`hatchnet.referral.refer`."""
        from .referral import refer

        return refer(self, request, policy)

    def refer_batch(self, requests: Table, policy: Union[None, str, PathLike, Mapping[str, Any]] = None, *,
                    progress: Optional[ProgressCallback] = None) -> "BatchResult":
        """Route many requests against capacities; see :func:`hatchnet.referral.refer_batch`."""
        from .referral import refer_batch

        return refer_batch(self, requests, policy, progress=progress)

    def refer_many(self, requests: Table, policy: Union[None, str, PathLike, Mapping[str, Any]] = None, *,
                   threads: Optional[int] = None, progress: Optional[ProgressCallback] = None) -> "ReferralSet":
        """Route many requests independently, keeping every explanation; see
        :func:`hatchnet.referral.refer_many`."""
        from .referral import refer_many

        return refer_many(self, requests, policy, threads=threads, progress=progress)

    def evaluate(self, scheme: Any, ratings: Any = None, indicators: Optional[Any] = None, *,
                 tiers: Union[None, str, Sequence[str]] = None, pooling: Optional[str] = None,
                 prior_strength: Optional[float] = None, trim: Optional[float] = None,
                 shrink_toward: Optional[str] = None, correct_severity: Optional[bool] = None,
                 missing: Optional[str] = None, draws: Optional[int] = None,
                 weight_perturbation: Optional[float] = None, aggregators: Optional[Sequence[str]] = None,
                 seed: Optional[int] = None, threads: Optional[int] = None,
                 commend: Optional[Mapping[str, Any]] = None, data_seed: int = 2024,
                 progress: Optional[ProgressCallback] = None) -> "Evaluation":
        """Score and grade the incubators; see :func:`hatchnet.evaluate.evaluate_network`,
        which documents every parameter."""
        from .evaluate import evaluate_network

        return evaluate_network(self, scheme, ratings, indicators, tiers=tiers, pooling=pooling,
                                prior_strength=prior_strength, trim=trim, shrink_toward=shrink_toward,
                                correct_severity=correct_severity, missing=missing, draws=draws,
                                weight_perturbation=weight_perturbation, aggregators=aggregators, seed=seed,
                                threads=threads, commend=commend, data_seed=data_seed, progress=progress)

    def coverage(self, level: Optional[str] = None, *, counted_tiers: Optional[Sequence[str]] = None,
                 expect_district: Optional[bool] = None, expect_street: Optional[bool] = None,
                 expect_community: Optional[bool] = None, accessibility: Optional[bool] = None,
                 relations: Optional[Sequence[str]] = None, two_step: Optional[bool] = None,
                 catchment_km: Optional[float] = None, demand_level: Optional[str] = None,
                 gaussian_decay: Optional[bool] = None,
                 progress: Optional[ProgressCallback] = None) -> pd.DataFrame:
        """Coverage of every region by tier; see :func:`hatchnet.coverage.coverage`."""
        from .coverage import coverage

        return coverage(self, level, counted_tiers=counted_tiers, expect_district=expect_district,
                        expect_street=expect_street, expect_community=expect_community,
                        accessibility=accessibility, relations=relations, two_step=two_step,
                        catchment_km=catchment_km, demand_level=demand_level, gaussian_decay=gaussian_decay,
                        progress=progress)

    def tier_functions(self) -> pd.DataFrame:
        """The tiers' mandated functions (§4); see :func:`hatchnet.policy.tier_functions`."""
        from .policy import tier_functions

        return tier_functions(self)

    def missing_functions(self) -> pd.DataFrame:
        """Every mandated function a node does not perform; see :func:`hatchnet.policy.missing_functions`."""
        from .policy import missing_functions

        return missing_functions(self)

    def staffing(self) -> "Staffing":
        """Staff indicators per node and district; see :func:`hatchnet.policy.staffing`."""
        from .policy import staffing

        return staffing(self)

    def to_hsds(self, directory: PathLike, format: str = "both", resources: Optional[Table] = None,
                needs: Optional[Table] = None, currency: str = "CNY") -> None:
        """Write the directory as Open Referral HSDS 3.0; see :func:`hatchnet.hsds.write_hsds`."""
        from .hsds import write_hsds

        write_hsds(self, directory, format, resources, needs, currency)

    def publish(self, directory: PathLike, lang: str = "zh", templates: Optional[PathLike] = None,
                feedback: Optional[Table] = None) -> None:
        """Write the disclosure pages (§6.4 公示); see :func:`hatchnet.publish.publish`."""
        from .publish import publish

        publish(self, directory, lang, templates, feedback)

    def sameness(self, tiers: Optional[Sequence[str]] = None, districts: bool = True) -> "Sameness":
        """How alike the tiers' service profiles are; see :func:`hatchnet.policy.sameness`."""
        from .policy import sameness

        return sameness(self, tiers, districts)

    def balance(self, *, counted_tiers: Optional[Sequence[str]] = None, top: Optional[int] = None) -> "Balance":
        """Gini / Theil balance across districts and streets; see :func:`hatchnet.coverage.balance`."""
        from .coverage import balance

        return balance(self, counted_tiers=counted_tiers, top=top)

    def plan(self, k: Optional[int] = None, budget: Optional[float] = None, objective: str = "coverage",
             candidates: Optional[Table] = None, scenario: bool = False, split_budget: Optional[float] = None,
             demand: Union[None, bool, Mapping[str, Any]] = None, *, price: Optional[float] = None,
             site_tier: Optional[str] = None, site_capacity: Optional[int] = None,
             site_cost: Optional[float] = None, candidate_level: Optional[str] = None,
             skip_covered: Optional[bool] = None, counted_tiers: Optional[Sequence[str]] = None,
             cover_tiers: Optional[Sequence[str]] = None, demand_level: Optional[str] = None,
             weight: Optional[str] = None, radius_km: Optional[float] = None, group_level: Optional[str] = None,
             lazy: Optional[bool] = None, compare_exact: Optional[bool] = None, method: Optional[str] = None,
             exact_limit: Optional[int] = None, node_limit: Optional[int] = None,
             time_limit: Optional[float] = None, interchange_rounds: Optional[int] = None,
             progress: Optional[ProgressCallback] = None, modes: Optional[Table] = None) -> "Plan":
        """Choose new incubator sites under a budget; see :func:`hatchnet.coverage.plan`,
        which documents every parameter."""
        from .coverage import plan

        return plan(self, k, budget, objective, candidates, scenario, split_budget, demand, price=price,
                    site_tier=site_tier, site_capacity=site_capacity, site_cost=site_cost,
                    candidate_level=candidate_level, skip_covered=skip_covered, counted_tiers=counted_tiers,
                    cover_tiers=cover_tiers, demand_level=demand_level, weight=weight, radius_km=radius_km,
                    group_level=group_level, lazy=lazy, compare_exact=compare_exact, method=method,
                    exact_limit=exact_limit, node_limit=node_limit, time_limit=time_limit,
                    interchange_rounds=interchange_rounds, progress=progress, modes=modes)

    def at(self, period: str, store: "Store") -> "Network":
        """The network as it stood at the end of ``period`` (a period id or a date), from the
        dated facts and records of ``store`` (:meth:`hatchnet.Store.network_at`)."""
        return store.network_at(self, period)

    def simulate(self, store: "Store", years: Tuple[int, int] = (2017, 2025), seed: int = 2017, scale: float = 1.0,
                 evaluate: bool = True, route: bool = True, growth: str = "plan", plan_budget: float = 0.05,
                 plan_openings: int = -1) -> Dict[str, Any]:
        """The seeded multi-year simulation of this network into ``store``
        (:meth:`hatchnet.Store.simulate`)."""
        return store.simulate(self, years=years, seed=seed, scale=scale, evaluate=evaluate, route=route,
                              growth=growth, plan_budget=plan_budget, plan_openings=plan_openings)


def national(divisions: Optional[PathLike] = None, seed: int = 2017, scale: float = 1.0, *,
             progress: Optional[ProgressCallback] = None) -> Network:
    """A national-scale network.

    Parameters
    ----------
    divisions : str or os.PathLike, optional
        A directory of NBS division tables; a synthetic country when ``None``.
    seed : int, default 2017
    scale : float, default 1.0
        Multiplies the numbers of communities and organizations.
    progress : callable, optional
        Called with a :class:`hatchnet.Progress` for the stages ``"regions"``, ``"nodes"``,
        ``"edges"`` and ``"organizations"`` (organizations made / total); return ``False``
        to stop. Ctrl-C interrupts the call.

    Returns
    -------
    Network

    Raises
    ------
    FileNotFoundError
        When ``divisions`` does not exist.
    ValueError
        For malformed division tables, naming the file and line.
    KeyboardInterrupt
        On Ctrl-C.
    """
    path = None if divisions is None else fspath(divisions, "divisions")
    return Network(_generated(lambda cb: _core.national(path, int(seed), float(scale), cb), progress))


def _generated(make: Any, progress: Optional[ProgressCallback]) -> "_core.Network":
    """Runs a generator with its progress hook (stages ``"regions"``, ``"nodes"``,
    ``"edges"``, ``"organizations"``)."""
    core: "_core.Network" = make(wrap(progress))
    return core


def network_schema() -> str:
    """The JSON Schema of the network format, as text.

    Returns
    -------
    str
    """
    return _core.network_schema()
