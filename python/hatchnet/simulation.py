"""Ensembles of the multi-year simulation (docs/records.md, "Simulation"): many seeds or many
plans, each run into its own store, in parallel with ``dask.distributed``.

A run is :meth:`hatchnet.Network.simulate` into ``directory/run-<i>.db``. The runs go to a
``distributed.Client``: the one given, else a ``LocalCluster`` of worker processes made for the
call and closed after it (``n_workers`` processes, one thread each). The network travels to the
workers by pickling (:class:`hatchnet.Network` pickles); each worker writes its own store file,
so the runs share nothing, and the same run (network, seed, options) gives the same store
wherever it runs. Stores pickle by path (:class:`hatchnet.Store`), so a worker's store can be
handed back and opened anywhere the file is.

Example (a real cluster: ``Client("tcp://scheduler:8786")`` and a directory all workers see)::

    import hatchnet
    from hatchnet.simulation import ensemble
    net = hatchnet.Network.load("tests/data/small.json")
    runs = ensemble(net, "runs", seeds=[1, 2, 3], years=(2020, 2021), evaluate=False)
    print(runs[["seed", "arrivals", "referrals", "graduated"]])
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

if TYPE_CHECKING:
    import pandas as pd

    from .network import Network

#: keyword arguments a run may set (those of :meth:`hatchnet.Network.simulate`)
RUN_OPTIONS = ("years", "seed", "scale", "evaluate", "route", "growth")


def run_one(net: "Network", path: str, options: Dict[str, Any]) -> Dict[str, Any]:
    """One run: the simulation of ``net`` into a new store at ``path`` with ``options``.
    Returns the run's options, its summary and ``path``."""
    from .records import Store
    st = Store(path)
    summary = net.simulate(st, **options)
    row: Dict[str, Any] = {k: v for k, v in options.items() if k != "years"}
    if "years" in options:
        row["first_year"], row["last_year"] = options["years"]
    row.update({k: v for k, v in summary.items() if k != "evaluated"})
    row["evaluated"] = len(summary["evaluated"])
    row["path"] = path
    return row


def ensemble(net: "Network", directory: Union[str, "os.PathLike[str]"], seeds: Optional[Sequence[int]] = None,
             runs: Optional[Sequence[Dict[str, Any]]] = None, client: Any = None, n_workers: int = 2,
             **common: Any) -> "pd.DataFrame":
    """Run the simulation of ``net`` once per seed (``seeds``) or once per option set
    (``runs``: dicts of :data:`RUN_OPTIONS`, e.g. ``[{"growth": "plan"}, {"growth": "fixed"}]``),
    with the ``common`` options, in parallel on a dask cluster.

    Parameters
    ----------
    directory
        Where the stores go (created when missing; ``run-<i>.db``, which must not exist yet).
    client
        A ``distributed.Client``; default a ``LocalCluster`` of ``n_workers`` processes.

    Returns
    -------
    pandas.DataFrame
        One row per run, in order: its options, the summary counts and the store's ``path``.

    Raises
    ------
    ValueError
        For an unknown option, neither or both of ``seeds`` and ``runs``, or a store file that
        exists already.
    """
    import pandas as pd
    if (seeds is None) == (runs is None):
        raise ValueError("ensemble: give seeds or runs (one of them)")
    plans: List[Dict[str, Any]] = ([{"seed": int(s)} for s in seeds] if seeds is not None
                                   else [dict(r) for r in (runs or [])])
    for i, r in enumerate(plans):
        opts = {**common, **r}
        bad = sorted(set(opts) - set(RUN_OPTIONS))
        if bad:
            raise ValueError(f"ensemble: runs[{i}]: unknown option {bad[0]!r} (one of {', '.join(RUN_OPTIONS)})")
        plans[i] = opts
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = [str((out / f"run-{i}.db").resolve()) for i in range(len(plans))]
    for p in paths:
        if os.path.exists(p):
            raise ValueError(f"ensemble: {p} exists: give an empty directory")
    own: Tuple[Any, Any] = (None, None)
    if client is None:
        distributed = importlib.import_module("distributed")  # optional: hatchnet[ensemble]
        cluster = distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        own = (cluster, distributed.Client(cluster))
        client = own[1]
    try:
        net_future = client.scatter(net, broadcast=True)
        futures = [client.submit(run_one, net_future, p, o, pure=False) for p, o in zip(paths, plans)]
        rows = client.gather(futures)
    finally:
        if own[1] is not None:
            own[1].close()
            own[0].close()
    return pd.DataFrame(rows)
