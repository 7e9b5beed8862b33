"""Helpers shared by every module of the package (one copy, one behaviour).

* :func:`core_net` — the ``_core.Network`` behind a :class:`hatchnet.Network` (``TypeError``
  naming the parameter for anything else);
* :func:`frame` — a DataFrame from the columns the core returns, optionally in a preferred
  column order and indexed by one of its columns (the network's ids);
* :func:`records` — a table argument (DataFrame, list of dicts, one dict) as a list of plain
  dicts, a NaN / ``None`` cell being a missing value (left out); anything else, e.g. a numpy
  array, raises ``TypeError`` naming the parameter;
* :func:`plain` / :func:`is_missing` — numpy scalars as Python values; None / NaN.
"""
from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from ._lazy import numpy as np, pandas as pd

from . import _core

__all__ = ["core_net", "frame", "records", "plain", "is_missing", "fspath", "Table"]

#: A table argument: a DataFrame, a sequence of records (dicts) or one record.
Table = Union["pd.DataFrame", Sequence[Mapping[str, Any]], Mapping[str, Any]]
PathLike = Union[str, "os.PathLike[str]"]


def core_net(net: Any, name: str = "net") -> "_core.Network":
    """The ``_core.Network`` of ``net`` (a :class:`hatchnet.Network` or a ``_core.Network``)."""
    core = getattr(net, "_net", net)
    if not isinstance(core, _core.Network):
        raise TypeError(f"{name}: expected a hatchnet.Network, got {type(net).__name__}")
    return core


def fspath(path: Any, name: str = "path") -> str:
    """``os.fspath(path)`` with a ``TypeError`` naming the parameter."""
    try:
        p = os.fspath(path)
    except TypeError:
        raise TypeError(f"{name}: expected a str or os.PathLike path, got {type(path).__name__}") from None
    if isinstance(p, bytes):
        return os.fsdecode(p)
    return str(p)


def plain(x: Any) -> Any:
    """A numpy scalar as the Python value (a numpy array as a list); anything else as is."""
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


def is_missing(x: Any) -> bool:
    """``None`` or a float NaN: a missing value (an empty DataFrame cell)."""
    return x is None or (isinstance(x, (float, np.floating)) and math.isnan(x))


def _clean(row: Mapping[Any, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for k, v in row.items():
        v = plain(v)
        if is_missing(v):
            continue
        if isinstance(v, (tuple, set, frozenset)):
            v = sorted(v) if isinstance(v, (set, frozenset)) else list(v)
        out[str(k)] = v
    return out


def _is_column(v: Any) -> bool:
    return isinstance(v, (list, tuple, np.ndarray, pd.Series, pd.Index))


def records(x: Any, name: str, *, allow_one: bool = False) -> List[Any]:
    """``x`` — a DataFrame, a dict of columns (every value a list, tuple, array or Series), a
    sequence of mappings (or of pandas Series rows), or one mapping when ``allow_one`` — as
    plain records: missing cells (NaN, None) left out, numpy values
    unwrapped, tuples and sets made lists. A row that is not a mapping is kept as is, for the
    core to refuse naming its position.

    Raises
    ------
    TypeError
        When ``x`` is not a table (a string, a number, a numpy array, ...), naming ``name``.
    """
    if isinstance(x, Mapping) and x and all(_is_column(v) for v in x.values()):
        x = pd.DataFrame(dict(x))  # a dict of columns, as pandas takes it
    if isinstance(x, pd.DataFrame):
        rows: Iterable[Any] = x.to_dict("records")
    elif isinstance(x, Mapping):
        if not allow_one:
            raise TypeError(f"{name}: expected a DataFrame, a dict of columns or a list of dicts, "
                            f"got a {type(x).__name__} of scalars (wrap one record in a list)")
        rows = [x]
    elif isinstance(x, (str, bytes, np.ndarray)) or not isinstance(x, Iterable):
        raise TypeError(f"{name}: expected a DataFrame, a dict of columns or a list of dicts, "
                        f"got {type(x).__name__}")
    else:
        rows = x
    out: List[Any] = []
    for r in rows:
        if isinstance(r, pd.Series):
            r = r.to_dict()
        out.append(_clean(r) if isinstance(r, Mapping) else plain(r))
    return out


def frame(columns: Any, order: Optional[Sequence[str]] = None, index: Optional[str] = None) -> pd.DataFrame:
    """A DataFrame from a dict of columns (an empty list or None: no rows).

    ``order`` lists preferred leading columns (the rest follow, in their own order);
    ``index`` names a column whose values become the (unnamed) index as well, so rows can be
    looked up by id (``df.loc["street-110108001"]``) while the column stays for grouping and
    merging.
    """
    cols: Dict[str, Any] = dict(columns) if isinstance(columns, Mapping) else {}
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        cols = {k: cols[k] for k in sorted(cols, key=lambda k: (rank.get(k, len(rank)), k))}
    df = pd.DataFrame(cols)
    if index is not None and index in df.columns:
        df.index = pd.Index(df[index].to_numpy(), name=None)
    return df
