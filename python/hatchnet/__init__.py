"""hatchnet — a city's network of social-organization incubators.

Model the multi-level incubation system of the 2017 Beijing guidance as a graph and run
resource matching, referral routing, evaluation scoring and coverage planning on it.
Tables are pandas DataFrames indexed by the network's ids; every long call takes a
``progress=`` callback (see :class:`Progress`, :func:`tqdm_progress`) and stops on Ctrl-C.

>>> import hatchnet
>>> net = hatchnet.datasets.beijing()
>>> net.nodes.groupby("tier").size()          # doctest: +SKIP

``import hatchnet`` loads only the core and :class:`Network`; the engine modules
(:mod:`hatchnet.records`, :mod:`hatchnet.funding`, :mod:`hatchnet.hsds`, ...) and the names
they export are imported on first use (``_LAZY`` below), and numpy, pandas and matplotlib
only when a call needs them (``hatchnet._lazy``).
"""
from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any, Dict, List, Tuple

from . import _core
from ._core import Interrupted, LimitError, __version__, get_limits, set_limits
from ._progress import Progress, ProgressCallback, tqdm_progress
from .network import RELATIONS, TIERS, Network, national, network_schema

if TYPE_CHECKING:  # what the lazy names below resolve to, for type checkers and IDEs
    from . import datasets
    from . import policy
    from . import funding
    from . import hsds
    from .hsds import read_hsds
    from . import publish
    from .matching import linear_assignment, min_cost_flow, stable_match
    from .records import Store
    from .records import StoreLedger
    from . import simulation

#: name -> (module, attribute): imported on first access (attribute "" for the module itself).
_LAZY: Dict[str, Tuple[str, str]] = {
    "datasets": (".datasets", ""),
    "policy": (".policy", ""),
    "funding": (".funding", ""),
    "hsds": (".hsds", ""),
    "read_hsds": (".hsds", "read_hsds"),
    "publish": (".publish", ""),
    "linear_assignment": (".matching", "linear_assignment"),
    "min_cost_flow": (".matching", "min_cost_flow"),
    "stable_match": (".matching", "stable_match"),
    "Store": (".records", "Store"),
    "StoreLedger": (".records", "StoreLedger"),
    "simulation": (".simulation", ""),
}


def __getattr__(name: str) -> Any:
    """Import a lazily exported name (PEP 562) or a submodule (``hatchnet.matching``,
    ``hatchnet.referral``, ...: attributes of the package once imported, as before the
    imports were made lazy) and keep it, so the next access is direct."""
    spec = _LAZY.get(name)
    if spec is None:
        if name.startswith("__") or importlib.util.find_spec(f"{__name__}.{name}") is None:
            raise AttributeError(f"module 'hatchnet' has no attribute {name!r}")
        spec = (f".{name}", "")
    module = importlib.import_module(spec[0], __name__)
    value = getattr(module, spec[1]) if spec[1] else module
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["Network", "datasets", "national", "network_schema", "min_cost_flow",
           "linear_assignment", "stable_match", "LimitError", "get_limits", "set_limits",
           "Interrupted", "Progress", "ProgressCallback", "tqdm_progress", "TIERS", "RELATIONS",
           "Store", "__version__", "policy"]
__all__ += ["StoreLedger"]
__all__ += ["funding"]
__all__ += ["hsds", "read_hsds", "publish"]
