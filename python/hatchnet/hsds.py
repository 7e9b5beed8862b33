"""The published directory in Open Referral HSDS 3.0 (§3.4 信息发布, §5.1 of the guidance).

Incubators, their services and the resources on offer as an HSDS data package (JSON pages
and a CSV Tabular Data Package), and an HSDS directory read back as a network.

>>> import hatchnet
>>> net = hatchnet.datasets.beijing()
>>> net.to_hsds("directory")                                  # doctest: +SKIP
>>> d = hatchnet.read_hsds("directory", base=net)             # doctest: +SKIP

The mapping of every field: ``docs/hsds.md``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, Optional

if TYPE_CHECKING:
    import pandas as pd
else:
    from ._lazy import pandas as pd

from . import _core
from ._util import PathLike, Table, core_net, fspath

if TYPE_CHECKING:
    from .network import Network

__all__ = ["write_hsds", "hsds_files", "read_hsds", "HsdsDirectory", "HSDS_FORMATS"]

#: The serializations: JSON API pages, a CSV Tabular Data Package, or both (json/ and csv/).
HSDS_FORMATS = ("json", "csv", "both")


def _table_json(x: Optional[Table], what: str) -> str:
    if x is None:
        return ""
    from .matching import _records_json
    return _records_json(x, what)


def _format(format: str) -> str:
    if format not in HSDS_FORMATS:
        raise ValueError(f"format: {format!r} is not one of json, csv, both")
    return format


def hsds_files(net: Network, format: str = "both", resources: Optional[Table] = None,
               needs: Optional[Table] = None, currency: str = "CNY") -> Dict[str, str]:
    """The files :func:`write_hsds` writes, as ``{relative path: text}`` (nothing written)."""
    return dict(_core.hsds_files(core_net(net), _format(format), _table_json(resources, "resources"),
                                 _table_json(needs, "needs"), str(currency)))


def write_hsds(net: Network, directory: PathLike, format: str = "both", resources: Optional[Table] = None,
               needs: Optional[Table] = None, currency: str = "CNY") -> None:
    """Write the network's directory as Open Referral HSDS 3.0.

    Parameters
    ----------
    net : Network
    directory : str or os.PathLike
        Created if missing; every file is written durably.
    format : {"json", "csv", "both"}, default "both"
        ``"json"``: API pages (organizations.json, services.json, taxonomies.json,
        taxonomy_terms.json); ``"csv"``: a Tabular Data Package (one CSV per table and
        datapackage.json); ``"both"``: the two in ``json/`` and ``csv/``.
    resources : table, optional
        Resources on offer (the columns :func:`hatchnet.matching.match` takes), exported as
        HSDS services of their provider with a cost option.
    needs : table, optional
        Open needs, written beside the package as ``needs.json`` (HSDS has no place for them).
    currency : str, default "CNY"
        The currency of the resources' unit costs.

    Raises
    ------
    ValueError
        For bad resources or needs (naming the record and field), or an unknown format.
    OSError
        When a file cannot be written.
    """
    _core.hsds_export(core_net(net), fspath(directory, "directory"), _format(format),
                      _table_json(resources, "resources"), _table_json(needs, "needs"), str(currency))


@dataclass
class HsdsDirectory:
    """What :func:`read_hsds` found.

    Attributes
    ----------
    network : Network
        The incubators (nodes) with their services and guidance parents.
    resources : pandas.DataFrame
        Resources on offer (hatchnet's own exports only), ready for ``Network.match``.
    needs : pandas.DataFrame
        Open needs (from ``needs.json``), ready for ``Network.match``.
    """
    network: Network
    resources: pd.DataFrame
    needs: pd.DataFrame


def read_hsds(directory: PathLike, base: Optional[Network] = None, default_region: Optional[str] = None,
              validate: bool = True) -> HsdsDirectory:
    """Read an HSDS directory (JSON files, a CSV package, or an export's json/ or csv/).

    Parameters
    ----------
    directory : str or os.PathLike
    base : Network, optional
        Its regions, vocabulary and staffing standards are kept.
    default_region : str, optional
        Region code of organizations without hatchnet's region attribute (foreign data);
        by default the base's shortest region code.
    validate : bool, default True
        Refuse a network with validation errors.

    Raises
    ------
    ValueError
        A file that breaks the HSDS schema or a network that fails validation, naming the
        file, the record and the field; nothing is returned.
    FileNotFoundError
        When the directory does not exist.
    """
    from .network import Network

    core, rj, nj = _core.hsds_import(fspath(directory, "directory"),
                                     None if base is None else core_net(base, "base"),
                                     "" if default_region is None else str(default_region), bool(validate))
    return HsdsDirectory(Network(core), pd.DataFrame(json.loads(rj)), pd.DataFrame(json.loads(nj)))
