"""The Network class: an immutable incubator network with tables and graph queries."""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Tuple

from . import _core

try:  # pandas is optional: without it tables come back as lists of records
    import pandas as _pd
except ImportError:  # pragma: no cover - exercised only without pandas
    _pd = None


def _table(columns: Dict[str, Any]):
    if _pd is not None:
        return _pd.DataFrame(columns)
    keys = list(columns)
    n = len(columns[keys[0]]) if keys else 0
    return [{k: (columns[k][i].item() if hasattr(columns[k][i], "item") else columns[k][i])
             for k in keys} for i in range(n)]


class Network:
    """An incubator network: regions, incubators (nodes) of six tiers, typed relations
    (edges) and the social organizations it serves.

    Networks are immutable once loaded; every one returned by a constructor is validated
    (pass ``validate=False`` to :meth:`load` / :meth:`loads` to inspect a broken file with
    :meth:`validate`). Bad input raises ``ValueError`` naming the record and field.
    """

    __slots__ = ("_net",)

    def __init__(self, core: "_core.Network"):
        if not isinstance(core, _core.Network):
            raise TypeError("use Network.load(), Network.loads() or hatchnet.datasets.beijing()")
        self._net = core

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(cls, path: "str | os.PathLike[str]", validate: bool = True) -> "Network":
        """Load a network from a JSON file (``.json`` or gzip-compressed ``.json.gz``)."""
        return cls(_core.Network.load(os.fspath(path), validate))

    @classmethod
    def loads(cls, text: str, validate: bool = True) -> "Network":
        """Load a network from JSON text."""
        return cls(_core.Network.loads(text, validate))

    @classmethod
    def beijing(cls, seed: int = 2017, scale: float = 1.0) -> "Network":
        """Generate the Beijing-calibrated dataset (the shipped one is seed 2017)."""
        return cls(_core.Network.beijing(seed, scale))

    def save(self, path: "str | os.PathLike[str]", indent: int = -1) -> None:
        """Save as JSON (canonical unless ``indent`` >= 0; ``.gz`` paths are compressed)."""
        self._net.save(os.fspath(path), indent)

    def dumps(self, indent: int = -1) -> str:
        """The network as JSON text; canonical (save → load → save is byte-identical)."""
        return self._net.dumps(indent)

    def __reduce__(self):
        return (Network.loads, (self.dumps(),))

    # ------------------------------------------------------------------ checks
    def validate(self) -> List[Dict[str, str]]:
        """Every structural error, as dicts with severity, code, record, field, message."""
        return self._net.validate()[0]

    def warnings(self) -> List[Dict[str, str]]:
        """What is legal but worth knowing (e.g. a street without an incubator)."""
        return self._net.validate()[1]

    # ------------------------------------------------------------------ tables
    @property
    def name(self) -> str:
        return self._net.name

    @property
    def description(self) -> str:
        return self._net.description

    @property
    def nodes(self):
        """Incubators and stations as a DataFrame (records without pandas)."""
        return _table(self._net.node_columns())

    @property
    def organizations(self):
        """Social organizations as a DataFrame (records without pandas)."""
        return _table(self._net.organization_columns())

    @property
    def edges(self):
        """Relations (from, to, type, irregular) as a DataFrame."""
        return _table(self._net.edge_columns())

    @property
    def regions(self):
        """Administrative regions (code, name, kind, level, population) as a DataFrame."""
        return _table(self._net.region_columns())

    def count_by_tier(self) -> Dict[str, int]:
        return self._net.count_by_tier()

    def __len__(self) -> int:
        return self._net.num_nodes

    def __repr__(self) -> str:
        return (f"<hatchnet.Network {self.name!r}: {self._net.num_nodes} nodes, "
                f"{self._net.num_edges} edges, {self._net.num_organizations} organizations>")

    # ------------------------------------------------------------------ graph queries
    def guidance_parents(self, node_id: str) -> List[str]:
        """Ids of the nodes that guide ``node_id``."""
        return self._net.guidance_parents(node_id)

    def guidance_children(self, node_id: str) -> List[str]:
        """Ids of the nodes ``node_id`` guides."""
        return self._net.guidance_children(node_id)

    def neighbours(self, node_id: str, relation: Optional[str] = None) -> List[str]:
        """Ids joined to ``node_id`` by ``relation`` (any relation when None), both directions."""
        return self._net.neighbours(node_id, relation)

    def incubators_serving(self, region: str) -> List[str]:
        """Ids of the incubators whose area contains ``region`` (by tier, then order)."""
        return self._net.incubators_serving(region)

    def hops(self, source: str, target: str, relation: Optional[str] = None) -> int:
        """Fewest relation hops between two nodes, ignoring direction (-1: unreachable)."""
        return self._net.hops(source, target, relation)

    def to_networkx(self):
        """A ``networkx.MultiDiGraph`` with node and edge attributes (needs networkx)."""
        import networkx as nx

        g = nx.MultiDiGraph(name=self.name)
        cols = self._net.node_columns()
        keys = list(cols)
        for i in range(len(cols["id"])):
            attrs = {k: cols[k][i] for k in keys if k != "id"}
            for k in ("capacity", "occupied"):
                attrs[k] = int(attrs[k])
            for k in ("lat", "lon", "score"):
                attrs[k] = float(attrs[k])
            g.add_node(cols["id"][i], **attrs)
        e = self._net.edge_columns()
        for a, b, t, irr in zip(e["from"], e["to"], e["type"], e["irregular"]):
            g.add_edge(a, b, key=t, type=t, irregular=bool(irr))
        return g

    # ------------------------------------------------------------------ engines
    # Each engine lives in its own module; these methods are the notebook-friendly entry points.
    def match(self, needs, resources, **options):
        """Allocate resources to needs optimally (see :func:`hatchnet.matching.match`)."""
        from .matching import match
        return match(self, needs, resources, **options)

    def refer(self, request, policy=None, **options):
        """Route one referral request (see :func:`hatchnet.referral.refer`)."""
        from .referral import refer
        return refer(self, request, policy, **options)

    def refer_batch(self, requests, policy=None, **options):
        """Route many requests against capacities (see :func:`hatchnet.referral.refer_batch`)."""
        from .referral import refer_batch
        return refer_batch(self, requests, policy, **options)

    def evaluate(self, scheme, ratings, **options):
        """Score and grade the incubators (see :func:`hatchnet.evaluate.evaluate_network`)."""
        from .evaluate import evaluate_network
        return evaluate_network(self, scheme, ratings, **options)

    def coverage(self, **options):
        """Coverage of every region by tier (see :func:`hatchnet.coverage.coverage`)."""
        from .coverage import coverage
        return coverage(self, **options)

    def balance(self, **options):
        """Gini / Theil balance across districts and streets (see :func:`hatchnet.coverage.balance`)."""
        from .coverage import balance
        return balance(self, **options)

    def plan(self, **options):
        """Choose new incubator sites under a budget (see :func:`hatchnet.coverage.plan`)."""
        from .coverage import plan
        return plan(self, **options)


def national(divisions: "Optional[str | os.PathLike[str]]" = None, seed: int = 2017,
             scale: float = 1.0) -> Network:
    """A national-scale network from an NBS division-table directory (or a synthetic one)."""
    return Network(_core.national(None if divisions is None else os.fspath(divisions), seed, scale))


def network_schema() -> str:
    """The JSON Schema of the network format, as text."""
    return _core.network_schema()
