"""Disclosure pages (§6.4 公示) and public supervision (§6.4 社会监督).

A page per incubator and a directory page, in Chinese by default (English available),
rendered from Mustache templates a bureau edits without recompiling (``docs/publish.md``);
feedback and complaints about incubators as records, turned into evaluation indicators.

>>> import hatchnet
>>> net = hatchnet.datasets.beijing()
>>> net.publish("pages")                                          # doctest: +SKIP
>>> hatchnet.publish.supervision_indicators(net, records)         # doctest: +SKIP
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Dict, Optional

if TYPE_CHECKING:
    import pandas as pd
else:
    from ._lazy import pandas as pd

from . import _core
from ._util import PathLike, Table, core_net, fspath, records

if TYPE_CHECKING:
    from .network import Network

__all__ = ["publish", "publish_pages", "default_templates_dir", "supervision_indicators", "staff_indicators",
           "FEEDBACK_KINDS"]

#: The kinds of supervision records.
FEEDBACK_KINDS = ("feedback", "complaint")


def _feedback_json(feedback: Optional[Table]) -> str:
    if feedback is None:
        return ""
    if isinstance(feedback, str):
        return feedback
    return json.dumps(records(feedback, "feedback", allow_one=True), ensure_ascii=False, default=str)


def default_templates_dir() -> str:
    """The directory of the installed templates (``share/hatchnet/templates``)."""
    return str(_core.default_templates_dir())


def publish_pages(net: Network, lang: str = "zh", templates: Optional[PathLike] = None,
                  feedback: Optional[Table] = None) -> Dict[str, str]:
    """The pages :func:`publish` writes, as ``{relative path: HTML}`` (nothing written)."""
    return dict(_core.publish_pages(core_net(net), str(lang), "" if templates is None else fspath(templates, "templates"),
                                    _feedback_json(feedback)))


def publish(net: Network, directory: PathLike, lang: str = "zh", templates: Optional[PathLike] = None,
            feedback: Optional[Table] = None) -> None:
    """Write the disclosure pages: ``index.html``, ``style.css`` and ``incubators/<id>.html``.

    Parameters
    ----------
    net : Network
    directory : str or os.PathLike
        Created if missing.
    lang : str, default "zh"
        A language folder of the templates: ``"zh"`` or ``"en"`` (or one a bureau adds).
    templates : str or os.PathLike, optional
        A templates directory (``style.css`` and ``<lang>/index.html``,
        ``<lang>/incubator.html``, ``<lang>/labels.json``) instead of the installed one.
    feedback : table, optional
        Supervision records (id, incubator, date, kind, category, resolved, text): each page
        shows its incubator's feedback, complaints and resolution rate.

    Raises
    ------
    ValueError
        A template Mustache cannot parse (naming the file), an unknown language, bad records.
    OSError
        A missing templates directory or an unwritable output.
    """
    _core.publish(core_net(net), fspath(directory, "directory"), str(lang),
                  "" if templates is None else fspath(templates, "templates"), _feedback_json(feedback))


def _rows(text: str) -> pd.DataFrame:
    rows = json.loads(text)
    df = pd.DataFrame(rows)
    if "id" in df.columns:
        df = df.set_index("id")
    return df.astype(float)


def supervision_indicators(net: Network, feedback: Table, from_: Optional[str] = None,
                           to: Optional[str] = None) -> pd.DataFrame:
    """Feedback and complaints per incubator, as evaluation indicator data.

    Parameters
    ----------
    net : Network
    feedback : table
        Records with id, incubator, date (YYYY-MM-DD), kind (``"feedback"`` or
        ``"complaint"``), optional category, resolved (bool) and text.
    from_, to : str, optional
        The period (inclusive ISO dates).

    Returns
    -------
    pandas.DataFrame
        Indexed by incubator id (every node): feedback_count, complaint_count,
        complaints_per_100_orgs (NaN when it serves no organization) and
        complaint_resolution_rate (NaN without complaints). Pass it as indicator data to
        :meth:`hatchnet.Network.evaluate`.

    Raises
    ------
    ValueError
        Naming the record and field (unknown incubator, bad date or kind, duplicate id).
    """
    return _rows(_core.supervision_indicators_json(core_net(net), _feedback_json(feedback),
                                                   from_ or "", to or ""))


def staff_indicators(net: Network) -> pd.DataFrame:
    """The staff indicators (§6.3) of the nodes that record staff, indexed by id: staff,
    staff_trained, staff_trained_share, staff_funded_posts, staff_funded_share, staff_pay,
    staff_pay_ratio, staff_below_pay_floor. A scheme whose leaf reads one of these columns
    gets it from the network in :meth:`hatchnet.Network.evaluate`."""
    text = _core.staff_indicators_json(core_net(net))
    df = _rows(text)
    if df.empty:
        return pd.DataFrame(columns=["staff", "staff_trained", "staff_trained_share", "staff_funded_posts",
                                     "staff_funded_share", "staff_pay", "staff_pay_ratio", "staff_below_pay_floor"],
                            dtype=float)
    return df


