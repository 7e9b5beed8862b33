"""Time and operational records kept in a SQLite store (``hatchnet.Store``).

A store is one SQLite file (schema: ``docs/records-schema.md``) holding incubation records,
the referral ledger's rows, periods, evaluations, targets and dated facts. Every change is one
transaction; other threads and processes may read the same file while one writes.

>>> import hatchnet
>>> net = hatchnet.Network.load("tests/data/small.json")          # doctest: +SKIP
>>> st = hatchnet.Store("records.db")                              # doctest: +SKIP
>>> st.set_network(net)                                            # doctest: +SKIP
>>> st.record({"organization": "so-1", "node": "d-east", "at": "2020-03-01"})  # doctest: +SKIP
['inc-1']
"""
from __future__ import annotations

import json
import os
import sqlite3
import urllib.request
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

if TYPE_CHECKING:
    import pandas as pd
else:
    from ._lazy import pandas as pd

from . import _core
from ._util import PathLike, core_net, fspath
from .network import Network
from .referral import Ledger

__all__ = ["Store", "StoreLedger", "Progress", "STAGES", "SCHEMA_VERSION", "FACT_KINDS", "TARGET_KINDS", "default_targets"]

#: The stages of an incubation (from the core): applied → admitted → incubating → graduated |
#: exited | withdrawn.
STAGES: Tuple[str, ...] = tuple(_core.INCUBATION_STAGES)
#: The schema version this hatchnet writes (older files are migrated when opened).
SCHEMA_VERSION: int = int(_core.SCHEMA_VERSION)

Transition = Mapping[str, Any]

#: The kinds of dated facts a store's timeline holds.
FACT_KINDS: Tuple[str, ...] = ("opened", "closed", "capacity", "registered", "stage")
#: The kinds of targets progress is measured for.
TARGET_KINDS: Tuple[str, ...] = ("district_coverage", "street_coverage", "community_coverage", "graduations")


def default_targets(scope: str = "11") -> List[Dict[str, Any]]:
    """The guidance's 2020 targets (§2) for the regions under ``scope`` (default Beijing): a
    district incubator in every district and a street incubator in every street / township."""
    out: List[Dict[str, Any]] = json.loads(_core.default_targets_json(scope))
    return out


class Progress:
    """Progress toward targets (:meth:`Store.progress`).

    Attributes
    ----------
    report : dict
        The whole report: ``as_of`` and one entry per target (``series``, ``by_district``,
        ``projection``, ``status``).
    """

    __slots__ = ("report",)

    def __init__(self, report: Dict[str, Any]) -> None:
        self.report = report

    @property
    def as_of(self) -> Optional[str]:
        """The store's latest event or fact date."""
        v = self.report["as_of"]
        return None if v is None else str(v)

    @property
    def table(self) -> pd.DataFrame:
        """Measured values: one row per period, one column per target."""
        cols = {t["id"]: {p["period"]: p["measured"] for p in t["series"]} for t in self.report["targets"]}
        return pd.DataFrame(cols).rename_axis("period")

    @property
    def targets(self) -> pd.DataFrame:
        """One row per target, indexed by id: kind, scope, value, due, status, latest,
        projected, low, high (the projection to the due date and its 90 % interval)."""
        rows = []
        for t in self.report["targets"]:
            p = t["projection"] or {}
            rows.append({"id": t["id"], "kind": t["kind"], "scope": t["scope"], "value": t["value"],
                         "due": t["due"], "status": t["status"],
                         "latest": t["series"][-1]["measured"] if t["series"] else float("nan"),
                         "projected": p.get("value"), "low": p.get("low"), "high": p.get("high")})
        return pd.DataFrame(rows).set_index("id")

    @property
    def by_district(self) -> pd.DataFrame:
        """The latest measured value per district (rows) and target (columns)."""
        return pd.DataFrame({t["id"]: t["by_district"] for t in self.report["targets"]}).rename_axis("district")

    def plot(self, ax: Any = None) -> Any:
        """Trend lines of every target (matplotlib, imported here), the target values dashed."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        table = self.table
        for t in self.report["targets"]:
            line = ax.plot(list(table.index), table[t["id"]].to_numpy(), marker="o", label=t["id"])[0]
            ax.axhline(t["value"], linestyle="--", color=line.get_color(), linewidth=0.8)
        ax.set_xlabel("period")
        ax.set_ylabel("measured")
        ax.legend()
        return ax

    def __repr__(self) -> str:
        states = {t["id"]: t["status"] for t in self.report["targets"]}
        return f"<hatchnet.records.Progress as of {self.as_of}: {states}>"


class Store:
    """A records store: one SQLite file, opened (or created) from a path.

    Parameters
    ----------
    path : str or os.PathLike
        The database file. Created when missing (unless ``create=False``); an older schema is
        migrated in one transaction.
    create : bool, default True
    read_only : bool, default False
    busy_timeout_ms : int, default 5000
        How long a write waits for another writer's lock before raising ``OSError``.

    Raises
    ------
    OSError
        Naming the file: not a hatchnet store, corrupt, of a newer schema version, or locked.
    FileNotFoundError
        When the file does not exist and ``create`` is False.

    Picklable (by absolute path, with ``read_only`` and ``busy_timeout_ms``): an unpickled
    store opens the same file and never creates one (``FileNotFoundError`` when it is gone).
    """

    __slots__ = ("_core", "_path", "_abspath", "_read_only", "_busy_timeout_ms")

    def __init__(self, path: PathLike, *, create: bool = True, read_only: bool = False,
                 busy_timeout_ms: int = 5000) -> None:
        self._path = fspath(path)
        # the file this store is, whatever the working directory later becomes
        self._abspath = os.path.abspath(self._path)
        self._read_only = read_only
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._core = _core.Store(self._path, create, read_only, busy_timeout_ms)

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        # by absolute path, and never creating: an unpickled store is the same file or an error
        return (_reopen, (self._abspath, self._read_only, self._busy_timeout_ms))

    @property
    def path(self) -> str:
        """The database file."""
        return self._path

    @property
    def version(self) -> int:
        """The file's schema version."""
        return int(self._core.version())

    @property
    def network_name(self) -> str:
        """The name of the network written by :meth:`set_network`, or ``""``."""
        return str(self._core.network_name())

    def set_network(self, net: Network) -> None:
        """Write the network's incubators and organizations (insert or update)."""
        self._core.set_network(core_net(net))

    def add_years(self, first: int, last: int) -> None:
        """Yearly periods ``"first"`` … ``"last"`` (existing ones kept)."""
        self._core.add_years(int(first), int(last))

    def add_period(self, id: str, start: str, end: str) -> None:
        """A period ``id`` from ``start`` to ``end`` (inclusive dates, YYYY-MM-DD)."""
        self._core.add_period(id, start, end)

    def record(self, transitions: Union[Transition, Iterable[Transition]]) -> List[str]:
        """Record one transition (a dict) or many (one transaction: all or nothing).

        A transition: ``{"to": stage, "at": "YYYY-MM-DD", "id"?, "note"?, ...}``; ``"to"``
        ``"applied"`` (the default) opens an incubation of ``"organization"`` at ``"node"``
        (optional ``"referral"``, ``"services"``); another stage moves ``"id"``; a final stage
        may carry ``"outcome"``.

        Returns
        -------
        list of str
            The incubations' ids, one per transition.

        Raises
        ------
        ValueError
            Naming the incubation and field: an illegal transition, a date out of order, no free
            place, an organization resident elsewhere, an unknown id. Nothing is recorded.
        OSError
            When another writer holds the file past the busy timeout.
        """
        items: Any = transitions if isinstance(transitions, Mapping) else list(transitions)
        return [str(x) for x in self._core.record(json.dumps(items))]

    def incubation(self, id: str) -> Dict[str, Any]:
        """One incubation with its history.

        Raises
        ------
        KeyError
            For an unknown id.
        """
        text: Optional[str] = self._core.incubation(id)
        if text is None:
            raise KeyError(id)
        out: Dict[str, Any] = json.loads(text)
        return out

    def counts(self, date: Optional[str] = None, by: str = "node") -> pd.DataFrame:
        """Incubations by the stage they are in now, or were in on ``date``.

        Parameters
        ----------
        date : str, optional
            YYYY-MM-DD; the last event on or before it counts.
        by : {"node", "tier", "district", "total"}, default "node"

        Returns
        -------
        pandas.DataFrame
            One row per incubator / tier / district, one column per stage (:data:`STAGES`).
        """
        if by not in ("node", "tier", "district", "total"):
            raise ValueError(f"by: {by!r} is not one of 'node', 'tier', 'district', 'total'")
        c = json.loads(self._core.counts(date or ""))
        if by == "total":
            return pd.DataFrame([c["total"]], index=pd.Index(["total"]), columns=list(STAGES))
        table = c["by_" + by]
        return pd.DataFrame.from_dict(table, orient="index", columns=list(STAGES)).rename_axis(by)

    def summary(self, period: str) -> Dict[str, Any]:
        """What happened in a period: ``entered`` (transitions into each stage), ``at_end``
        (counts on its last day), ``graduated`` and ``days_to_graduation`` (n, min, quartiles,
        max, mean)."""
        out: Dict[str, Any] = json.loads(self._core.summary(period))
        return out

    def history(self) -> pd.DataFrame:
        """Transitions per period (rows: periods, columns: stages entered) and the residents at
        each period's end (column ``resident``)."""
        rows = []
        for p in self.periods.index:
            s = self.summary(str(p))
            row = dict(s["entered"])
            row["resident"] = int(s["at_end"]["total"]["admitted"] + s["at_end"]["total"]["incubating"])
            row["median_days_to_graduation"] = s["days_to_graduation"].get("median", float("nan"))
            rows.append(row)
        return pd.DataFrame(rows, index=pd.Index(list(self.periods.index), name="period"))

    def residents(self, node: str) -> int:
        """Resident places held at ``node`` now."""
        return int(self._core.residents(node))

    def residence(self, organization: str) -> str:
        """The incubation holding the organization's residence now, or ``""``."""
        return str(self._core.residence(organization))

    # ------------------------------------------------------------ time and targets
    def add_facts(self, facts: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> None:
        """Record dated facts (one dict or many, in order): ``{"at", "kind", "subject",
        "value"?, "note"?}``, kind one of :data:`FACT_KINDS`.

        Raises
        ------
        ValueError
            Naming the fact and field: unknown subject, bad value, a date before the subject's
            last event, a capacity below the residents, closing an incubator with residents.
        """
        items: Any = facts if isinstance(facts, Mapping) else list(facts)
        self._core.add_facts(json.dumps(items))

    @property
    def timeline(self) -> pd.DataFrame:
        """The dated facts in recorded order: at, kind, subject, value, note."""
        return self.sql("SELECT at, kind, subject, value, note FROM timeline ORDER BY seq")

    def network_at(self, net: Network, period: str) -> Network:
        """The network as it stood at the end of ``period`` (a period id or a date): the
        timeline applied to ``net``, incubators' ``occupied`` = residents then.

        Raises
        ------
        ValueError
            For a period the store does not know or a date outside its periods.
        """
        return Network(self._core.network_at(core_net(net), period))

    def add_targets(self, targets: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> None:
        """Add targets (one dict or many): ``{"id", "kind", "scope"?, "value"?, "due",
        "note"?}``, kind one of :data:`TARGET_KINDS`."""
        items: Any = targets if isinstance(targets, Mapping) else list(targets)
        self._core.add_targets(json.dumps(items))

    @property
    def targets(self) -> pd.DataFrame:
        """The store's targets, indexed by id."""
        return self.sql("SELECT id, kind, scope, value, due, note FROM targets ORDER BY rowid").set_index("id")

    def progress(self, net: Network, targets: Optional[Iterable[Mapping[str, Any]]] = None) -> Progress:
        """Progress toward ``targets`` (default: the store's, else :func:`default_targets`)
        per period and district, with a linear projection to each due date (docs/records.md).
        """
        text = "" if targets is None else json.dumps(list(targets))
        return Progress(json.loads(self._core.progress(core_net(net), text)))

    # ------------------------------------------------------------ evaluation cycles
    def evaluate(self, net: Network, period: str, scheme: Any = None, data: Optional[Mapping[str, Any]] = None,
                 options: Optional[Mapping[str, Any]] = None) -> pd.DataFrame:
        """Evaluate ``period`` from the records (docs/records.md, "Evaluation cycles") and write
        the results to the store.

        Parameters
        ----------
        net : Network
            The base network (the period's network is derived from it and the timeline).
        scheme : None, "incubator", "mca_1000", dict or JSON text
            The evaluation scheme (default: the shipped incubator scheme).
        data : dict, optional
            ``{"indicators": ..., "ratings": ...}`` as the evaluation engine's JSON takes them;
            its indicator columns win over the records'.
        options : dict, optional
            Evaluation options (``draws`` defaults to 0 here).

        Returns
        -------
        pandas.DataFrame
            One row per incubator, indexed by id: score, grade, rank.
        """
        text = "" if scheme is None else scheme if isinstance(scheme, str) else json.dumps(scheme)
        out = json.loads(_core.store_evaluate(self._core, core_net(net), period, text,
                                              "" if data is None else json.dumps(data),
                                              "" if options is None else json.dumps(options)))
        rows = [{"incubator": r["incubator"], "score": r["score"], "grade": r["grade"], "rank": r["rank"]}
                for r in out["rows"]]
        return pd.DataFrame(rows, columns=["incubator", "score", "grade", "rank"]).set_index("incubator", drop=False).rename_axis(None)

    def compare(self, before: str, after: str, scheme: Any = None) -> Dict[str, Any]:
        """Year on year between two evaluated periods: grade ``transitions``,
        ``rank_correlation`` (Spearman), grade ``changes`` and the ``movers`` (two levels or
        more) with the indicators whose points moved most."""
        text = "" if scheme is None else scheme if isinstance(scheme, str) else json.dumps(scheme)
        out: Dict[str, Any] = json.loads(_core.store_compare(self._core, text, before, after))
        return out

    @property
    def evaluations(self) -> pd.DataFrame:
        """Every evaluation result: period, incubator, scheme, score, grade, rank (a history per
        incubator: ``df[df.incubator == id]``), indexed by period."""
        return self.sql("SELECT period, incubator, scheme, score, grade, rank FROM evaluations "
                        "ORDER BY period, scheme, incubator").set_index("period", drop=False).rename_axis(None)

    # ------------------------------------------------------------ simulation
    def simulate(self, net: Network, years: Tuple[int, int] = (2017, 2025), seed: int = 2017, scale: float = 1.0,
                 evaluate: bool = True, route: bool = True, growth: str = "plan", plan_budget: float = 0.05,
                 plan_openings: int = -1) -> Dict[str, Any]:
        """Run the seeded multi-year simulation (docs/records.md, "Simulation") on ``net`` into
        this store (which must hold no incubations yet). The same seed gives the same store.
        ``route``: each arrival's referral goes through the router (False: the level rule).
        ``growth``: ``"plan"`` (openings and places from the coverage engine's yearly plans) or
        ``"fixed"`` (a set roll-out and 5 % growth a year). With ``"plan"``: ``plan_budget``, the
        places bought each year from the second on, as a share of the capacity in force (0 to 10);
        ``plan_openings``, the street incubators the plan opens a year (-1: a quarter of those
        closed at the start).

        Returns
        -------
        dict
            arrivals, transitions, facts, admitted, no_place, graduated, referrals, waitlisted,
            unrouted, router_builds, plan_openings, plan_places, evaluated (periods).
        """
        first, last = years
        out: Dict[str, Any] = json.loads(_core.store_simulate(self._core, core_net(net), int(first), int(last),
                                                              int(seed), float(scale), bool(evaluate), bool(route),
                                                              str(growth), float(plan_budget), int(plan_openings)))
        return out

    # ------------------------------------------------------------ the referral ledger
    def ledger(self, net: Network) -> "StoreLedger":
        """The referral ledger kept in this store, on ``net``: its referrals replayed through
        the ledger's checks; every open and transition is written here before it changes.

        Raises
        ------
        ValueError
            When a stored history does not replay on ``net`` (naming the referral).
        """
        return StoreLedger(self, net, _core.StoreLedger.load(self._core, core_net(net)))

    def import_ledger(self, net: Network, ledger: Union[Ledger, str]) -> "StoreLedger":
        """Put a referral ledger (a :class:`hatchnet.Ledger` or its JSON text) into this store,
        which must hold no referrals, in one transaction; returns the stored ledger.

        Raises
        ------
        ValueError
            When the store already holds referrals, or the text is not a valid ledger.
        """
        text = ledger if isinstance(ledger, str) else ledger.dumps()
        return StoreLedger(self, net, _core.StoreLedger.attach_json(self._core, core_net(net), text))

    def referral(self, id: str) -> Optional[Dict[str, Any]]:
        """One referral of the store's ledger with its history, read by index (as
        :meth:`hatchnet.Ledger.get` gives it), or None when the store holds no referral ``id``."""
        text = self._core.referral_json(id)
        return None if text is None else dict(json.loads(text))

    @property
    def referrals(self) -> pd.DataFrame:
        """One row per referral in the store, indexed by id: id, organization, node,
        first_contact, needs (a list), urgency, status, outcome."""
        df = self.sql("SELECT id, organization, node, first_contact, needs, urgency, status, outcome "
                      "FROM referrals ORDER BY rowid")
        df["needs"] = [json.loads(x) for x in df["needs"]]
        return df.set_index("id", drop=False).rename_axis(None)

    @property
    def referral_events(self) -> pd.DataFrame:
        """Every referral event in recorded order: referral, at, from_status, status, note,
        period (the period containing its date, when one does)."""
        return self.sql(
            "SELECT e.referral, e.at, e.from_status, e.status, e.note, "
            "(SELECT p.id FROM periods p WHERE substr(e.at, 1, 10) BETWEEN p.start AND p.\"end\" "
            "ORDER BY p.start LIMIT 1) AS period FROM referral_events e ORDER BY e.seq")

    # ------------------------------------------------------------ plain SQL tables
    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run a read-only SQL query on the store (a separate read-only connection; it sees
        whole transactions only)."""
        # a URI: the path quoted ('#', '?' and '%' are legal in file names), read-only
        uri = "file:" + urllib.request.pathname2url(self._abspath) + "?mode=ro"
        con = sqlite3.connect(uri, uri=True, timeout=self._busy_timeout_ms / 1000)
        try:
            return pd.read_sql_query(query, con, params=list(params))
        finally:
            con.close()

    @property
    def periods(self) -> pd.DataFrame:
        """The periods, indexed by id: start, end."""
        return self.sql('SELECT id, start, "end" FROM periods ORDER BY start, id').set_index("id")

    @property
    def incubations(self) -> pd.DataFrame:
        """One row per incubation, indexed by id: organization, node, referral, services,
        stage, outcome."""
        df = self.sql("SELECT id, organization, node, referral, services, stage, outcome FROM incubations ORDER BY rowid")
        return df.set_index("id", drop=False).rename_axis(None)

    @property
    def events(self) -> pd.DataFrame:
        """Every incubation event in recorded order: incubation, at, from_stage, stage, note,
        period (the period containing its date, when one does)."""
        return self.sql(
            "SELECT e.incubation, e.at, e.from_stage, e.stage, e.note, "
            "(SELECT p.id FROM periods p WHERE e.at BETWEEN p.start AND p.\"end\" ORDER BY p.start LIMIT 1) AS period "
            "FROM incubation_events e ORDER BY e.seq")

    # ------------------------------------------------------------ JSON
    def export_json(self) -> str:
        """The whole store as canonical JSON (lossless)."""
        return str(self._core.export_json())

    def import_json(self, text: str) -> None:
        """Load an export into this (empty) store, replaying every event through the checks.

        Raises
        ------
        ValueError
            For a malformed or tampered export (nothing is written).
        OSError
            When the store is not empty.
        """
        self._core.import_json(text)

    def __repr__(self) -> str:
        return f"<hatchnet.Store {self._path!r}: schema v{self.version}>"


class StoreLedger(Ledger):
    """The referral ledger kept in a :class:`Store` (:meth:`Store.ledger`,
    :meth:`Store.import_ledger`): a :class:`hatchnet.Ledger` whose every open and transition
    is written to the store's ``referrals`` and ``referral_events`` tables (one transaction)
    before it changes; ``dumps()`` / ``save()`` give the ledger's JSON export. Timestamps are
    ISO 8601 dates or dates and times, in time order per referral. Picklable (by the store's
    path: an unpickled ledger reloads what the store holds then).
    """

    __slots__ = ("_store",)

    def __init__(self, store: Store, net: Network, core: "_core.StoreLedger") -> None:
        super().__init__(net, core)
        self._store = store

    @property
    def store(self) -> Store:
        """The store this ledger writes to."""
        return self._store

    def __getstate__(self) -> Dict[str, Any]:
        return {"net": self._net, "store": self._store}

    def __setstate__(self, st: Dict[str, Any]) -> None:
        self._net = st["net"]
        self._store = st["store"]
        self._core = _core.StoreLedger.load(self._store._core, core_net(self._net))

    def __repr__(self) -> str:
        return f"<hatchnet.StoreLedger: {len(self)} referrals in {self._store.path!r}>"


def _reopen(path: str, read_only: bool, busy_timeout_ms: int = 5000) -> Store:
    return Store(path, create=False, read_only=read_only, busy_timeout_ms=busy_timeout_ms)
