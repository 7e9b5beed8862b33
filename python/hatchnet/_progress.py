"""Progress reports of long calls (matching, generators, Monte-Carlo evaluation, coverage
planning and scenarios, batch referral) and how Ctrl-C reaches them.

Every long call takes ``progress=`` — ``None`` or a callable receiving one :class:`Progress`
(``stage``, ``done``, ``total`` (-1: unknown), ``elapsed`` seconds). Returning ``False``
stops the call (:class:`hatchnet.Interrupted` is raised, or, where a solver reports a status,
the status is ``"interrupted"``); returning ``None`` or ``True`` goes on; an exception raised
by the callback stops the call and is raised by it. Ctrl-C (``KeyboardInterrupt``) is checked
at every report, whether or not a callback is given, so it stops any long call within
milliseconds; the objects involved stay usable.

With tqdm::

    from tqdm.auto import tqdm
    with tqdm(unit="pivot") as bar:
        net.match(needs, resources, progress=hatchnet.tqdm_progress(bar))
"""
from __future__ import annotations

from typing import Any, Callable, Dict, NamedTuple, Optional, Tuple

__all__ = ["Progress", "ProgressCallback", "wrap", "tqdm_progress"]


class Progress(NamedTuple):
    """One progress report of a long call.

    Attributes
    ----------
    stage : str
        What is running (``"match phase 1/2"``, ``"monte_carlo"``, ``"plan"``, ...).
    done : int
        Units of work done in this stage (pivots, draws, regions, requests, ...).
    total : int
        Units of work of the stage, or -1 when unknown in advance.
    elapsed : float
        Seconds since the call started.
    """

    stage: str
    done: int
    total: int
    elapsed: float


#: The type of a ``progress=`` argument: called with a :class:`Progress`; returning
#: ``False`` stops the call.
ProgressCallback = Callable[[Progress], Optional[bool]]


def wrap(progress: Optional[ProgressCallback], name: str = "progress") -> Optional[Callable[[Tuple[str, int, int, float]], Optional[bool]]]:
    """The callable handed to the core: turns its ``(stage, done, total, elapsed)`` tuple into
    a :class:`Progress`. ``None`` stays ``None`` (the core still checks for Ctrl-C).

    Raises
    ------
    TypeError
        When ``progress`` is neither ``None`` nor callable.
    """
    if progress is None:
        return None
    if not callable(progress):
        raise TypeError(f"{name}: expected a callable or None, got {type(progress).__name__}")
    cb = progress

    def call(t: Tuple[str, int, int, float]) -> Optional[bool]:
        return cb(Progress(*t))

    return call


def tqdm_progress(bar: Any) -> ProgressCallback:
    """A ``progress=`` callback that drives a tqdm bar (or anything with ``n``, ``total``,
    ``set_description`` and ``refresh``).

    Parameters
    ----------
    bar : tqdm.tqdm
        The bar to update; its total follows the report's (``None`` when unknown) and its
        description the stage.

    Returns
    -------
    ProgressCallback
        A callable to pass as ``progress=``.

    Examples
    --------
    >>> from tqdm.auto import tqdm                                      # doctest: +SKIP
    >>> with tqdm() as bar:                                             # doctest: +SKIP
    ...     hatchnet.Network.beijing(progress=hatchnet.tqdm_progress(bar))
    """
    state: Dict[str, Optional[str]] = {"stage": None}

    def update(p: Progress) -> None:
        if p.stage != state["stage"]:
            state["stage"] = p.stage
            bar.set_description(p.stage, refresh=False)
        bar.total = p.total if p.total >= 0 else None
        bar.n = p.done
        bar.refresh()

    return update
