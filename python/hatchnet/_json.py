"""The one way the package hands Python values to the core as JSON text (issue #10).

Every wrapper that serialises options, requests, needs, resources, policies or schemes for
the C++ core calls :func:`dumps`, so hostile or awkward values get the same answer everywhere:

* nesting deeper than ``max_json_depth`` (or than Python can walk) raises
  :class:`hatchnet.LimitError` naming the record ("plan options: JSON nested deeper than the
  limit of 128 levels ...") — never a ``RecursionError``;
* numpy scalars become Python numbers and numpy arrays lists; sets become (sorted) lists;
  dict keys that are numbers become their JSON text, as ``json.dumps`` makes them;
* NaN and infinite floats (Python or numpy) become the strings ``"NaN"``, ``"Infinity"`` and
  ``"-Infinity"``, which are not numbers, so the C++ reader refuses them by field name
  (``field 'site_cost': must be a number, got "Infinity"``) instead of failing on
  malformed JSON. A wrapper that gives a non-finite value a meaning (an infinite ``budget``
  is "no budget"; a NaN in a DataFrame row is a missing value) handles it before calling.
"""
from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy import numpy as np

from . import _core

__all__ = ["dumps", "plain", "nonfinite"]


def nonfinite(x: float) -> str:
    """The string a NaN or infinite float is sent as ("NaN", "Infinity", "-Infinity")."""
    if x != x:
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"


class _TooDeep(Exception):
    pass


def _key(k: Any, record: str) -> str:
    if isinstance(k, str):
        return k
    if isinstance(k, np.generic):
        k = k.item()
    if k is None or isinstance(k, bool):
        return json.dumps(k)
    if isinstance(k, int):
        return str(k)
    if isinstance(k, float):
        return repr(k) if math.isfinite(k) else nonfinite(k)
    raise TypeError(f"{record}: keys must be str, int, float, bool or None, not {type(k).__name__}")


def _plain(o: Any, depth: int, limit: int, record: str, default: Optional[Callable[[Any], Any]]) -> Any:
    if o is None or isinstance(o, (str, bool)):
        return o
    if isinstance(o, float):  # np.float64 too
        return float(o) if math.isfinite(o) else nonfinite(o)
    if isinstance(o, int):
        return int(o)
    if isinstance(o, Mapping):
        if depth >= limit:
            raise _TooDeep
        return {_key(k, record): _plain(v, depth + 1, limit, record, default) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        if depth >= limit:
            raise _TooDeep
        return [_plain(v, depth + 1, limit, record, default) for v in o]
    if isinstance(o, np.ndarray):
        return _plain(o.tolist(), depth, limit, record, default)
    if isinstance(o, np.generic):  # numpy integers, bools, floats, strings
        return _plain(o.item(), depth, limit, record, default)
    if isinstance(o, (set, frozenset)):
        items = list(o)
        try:
            items.sort()
        except TypeError:  # mixed types: keep the set's order
            pass
        return _plain(items, depth, limit, record, default)
    if default is not None:
        return _plain(default(o), depth, limit, record, None)
    raise TypeError(f"{record}: {type(o).__name__} is not JSON serializable")


def plain(obj: Any, record: str, default: Optional[Callable[[Any], Any]] = None) -> Any:
    """``obj`` as plain JSON-able Python values (see the module doc); raises LimitError when
    it nests deeper than ``max_json_depth``."""
    limit = int(_core.get_limits()["max_json_depth"])
    try:
        return _plain(obj, 0, limit, record, default)
    except _TooDeep:
        raise _core.LimitError(f"{record}: JSON nested deeper than the limit of {limit} levels "
                               "(raise max_json_depth to allow it)") from None
    except RecursionError:
        raise _core.LimitError(f"{record}: JSON nested deeper than the limit Python can walk "
                               f"(recursion limit {sys.getrecursionlimit()}; max_json_depth is {limit})") from None


def _fast_default(default: Optional[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    def f(o: Any) -> Any:
        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
        if default is not None:
            return default(o)
        raise TypeError(f"{type(o).__name__} is not JSON serializable")
    return f


def dumps(obj: Any, record: str, default: Optional[Callable[[Any], Any]] = None) -> str:
    """JSON text of ``obj`` for the core; ``record`` names it in errors ("plan options",
    "request", "needs"). ``default`` converts objects JSON does not know (as in json.dumps).

    Raises :class:`hatchnet.LimitError` for nesting deeper than ``max_json_depth``, TypeError
    for values that have no JSON form. Non-finite floats become "NaN" / "Infinity" /
    "-Infinity" strings, which the core refuses by field name."""
    try:
        # the common case at C speed: finite numbers, ordinary nesting
        return json.dumps(obj, allow_nan=False, separators=(",", ":"), default=_fast_default(default))
    except (ValueError, TypeError, RecursionError):
        pass  # a non-finite float, a numpy key, a set, a cycle or deep nesting: the careful way
    p = plain(obj, record, default)
    try:
        return json.dumps(p, allow_nan=False, separators=(",", ":"))
    except RecursionError:  # only when max_json_depth was raised beyond what Python can encode
        raise _core.LimitError(f"{record}: JSON nested deeper than the limit Python can encode "
                               f"(recursion limit {sys.getrecursionlimit()})") from None
