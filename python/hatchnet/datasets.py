"""The embedded default dataset."""
from __future__ import annotations

import os
from pathlib import Path

from .network import Network

__all__ = ["beijing", "beijing_path"]


def _data_dir() -> Path:
    env = os.environ.get("HATCHNET_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent / "data"
    if (here / "beijing.json.gz").exists():
        return here
    from . import _core
    return Path(_core.default_dataset_path()).parent


def beijing_path() -> Path:
    """Path of the shipped Beijing dataset (``data/beijing.json.gz``).

    Returns
    -------
    pathlib.Path
    """
    return _data_dir() / "beijing.json.gz"


def beijing() -> Network:
    """Beijing's incubator network, calibrated to public figures (see docs/datasets.md).

    16 districts, 349 street-level units, ~7,000 communities, ~84,000 social organizations.

    Returns
    -------
    Network

    Raises
    ------
    FileNotFoundError
        When the data directory has no ``beijing.json.gz`` (set ``HATCHNET_DATA_DIR``).
    """
    return Network.load(beijing_path())
