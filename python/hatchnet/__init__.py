"""hatchnet — a city's network of social-organization incubators.

Model the multi-level incubation system of the 2017 Beijing guidance as a graph and run
resource matching, referral routing, evaluation scoring and coverage planning on it.
Tables are pandas DataFrames indexed by the network's ids; every long call takes a
``progress=`` callback (see :class:`Progress`, :func:`tqdm_progress`) and stops on Ctrl-C.

>>> import hatchnet
>>> net = hatchnet.datasets.beijing()
>>> net.nodes.groupby("tier").size()          # doctest: +SKIP
"""
from __future__ import annotations

from . import _core
from ._core import Interrupted, LimitError, __version__, get_limits, set_limits
from ._progress import Progress, ProgressCallback, tqdm_progress
from .network import RELATIONS, TIERS, Network, national, network_schema
from . import datasets
from . import policy
from . import funding
from . import hsds
from .hsds import read_hsds
from . import publish
from .matching import linear_assignment, min_cost_flow, stable_match
from .records import Store
from .records import StoreLedger

__all__ = ["Network", "datasets", "national", "network_schema", "min_cost_flow",
           "linear_assignment", "stable_match", "LimitError", "get_limits", "set_limits",
           "Interrupted", "Progress", "ProgressCallback", "tqdm_progress", "TIERS", "RELATIONS",
           "Store", "__version__", "policy"]
__all__ += ["StoreLedger"]
__all__ += ["funding"]
__all__ += ["hsds", "read_hsds", "publish"]
