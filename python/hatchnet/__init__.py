"""hatchnet — a city's network of social-organization incubators.

Model the multi-level incubation system of the 2017 Beijing guidance as a graph and run
resource matching, referral routing, evaluation scoring and coverage planning on it.

>>> import hatchnet
>>> net = hatchnet.datasets.beijing()
>>> net.nodes.groupby("tier").size()          # doctest: +SKIP
"""
from __future__ import annotations

from . import _core
from ._core import __version__, LimitError, get_limits, set_limits
from .network import Network, national, network_schema
from . import datasets
from .matching import min_cost_flow, linear_assignment, stable_match

__all__ = ["Network", "datasets", "national", "network_schema", "min_cost_flow",
           "linear_assignment", "stable_match", "LimitError", "get_limits", "set_limits",
           "__version__"]
