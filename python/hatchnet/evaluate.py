"""Evaluation scoring (policy §6.4): indicator schemes, weights, normalisation, aggregation,
pooling of ratings, inter-rater reliability, grades, rank intervals, commendation and
disclosure — for decision matrices and for a whole incubator network.

Matrices are ``units x criteria`` (rows = alternatives): a 2-D array, a list of lists or a
DataFrame. Results keep the labels they are given, as pandas does: a DataFrame's index labels
the scores (a Series), its columns label weights; a Series of weights is aligned to the
columns by name. ``types`` holds +1 (benefit) or -1 (cost) per column; weights must sum to 1
(they are never rescaled silently: use :func:`normalise_weights` to rescale and get a note
saying so). Bad values raise ``ValueError`` naming the field (row, column, rating, incubator
id...), checked by the C++ core; a wrong type ``TypeError``. Every computation runs in C++
with the GIL released.

>>> import hatchnet.evaluate as ev
>>> ev.topsis([[1, 2], [3, 1]], [0.5, 0.5], [1, -1])
array([0., 1.])
"""
from __future__ import annotations

import json as _json
import math as _math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, cast, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
else:
    from ._lazy import numpy as np, pandas as pd

from . import _core, _json as _jsontext
from ._progress import ProgressCallback, wrap
from ._util import PathLike, core_net, fspath
from .network import Network

if TYPE_CHECKING:
    import matplotlib.axes

_ev: Any = _core.evaluate

__all__ = [
    "topsis", "vikor", "promethee2", "weighted_sum", "weighted_geometric", "rank",
    "ahp_weights", "entropy_weights", "critic_weights", "std_weights", "equal_weights",
    "normalise_weights", "check_weights", "normalise", "normalize", "impute",
    "pool_ratings", "krippendorff_alpha", "icc",
    "monte_carlo_ranks", "sobol_indices", "rank_reversal",
    "Scheme", "load_scheme", "scheme_path", "shipped_schemes", "evaluate_scheme",
    "evaluate_network", "Evaluation", "generate_ratings", "plot_rank_intervals", "disclosure_file_name",
]

Scheme: Any = _ev.Scheme
#: A matrix argument: a 2-D array, nested lists, or a DataFrame (its labels are kept).
Matrix = Union["npt.ArrayLike", "pd.DataFrame"]
#: A vector argument: a 1-D array, a list, or a Series (aligned by label where it applies).
Vector = Union["npt.ArrayLike", "pd.Series"]
FloatArray: TypeAlias = "npt.NDArray[np.float64]"


# ---------------------------------------------------------------- conversions (not checks)

def _matrix(x: Any, field: str = "matrix") -> FloatArray:
    """``x`` as a 2-D float array, in the memory layout it has (the core copies it once into
    its column-major matrix: a C-order copy here first would be a second, for a DataFrame's
    column-major block a transposing one); values are checked by the core."""
    if isinstance(x, pd.DataFrame):
        x = x.to_numpy(dtype=float, na_value=np.nan)
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{field}: not a numeric matrix ({e})") from None
    if a.ndim != 2:
        raise ValueError(f"{field}: expected a 2-D matrix (units x criteria), got {a.ndim}-D")
    if a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"{field}: empty matrix of shape {a.shape}")
    return a


def _vector(x: Any, field: str, columns: Optional[pd.Index] = None) -> FloatArray:
    """``x`` as a 1-D float array; a Series is aligned to ``columns`` by label when given."""
    if isinstance(x, pd.Series) and columns is not None and not isinstance(columns, pd.RangeIndex):
        missing = [c for c in columns if c not in x.index]
        if missing:
            raise ValueError(f"{field}: no entry for column(s) {', '.join(map(str, missing))}")
        x = x.reindex(columns)
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{field}: not a numeric vector ({e})") from None
    if a.ndim != 1:
        raise ValueError(f"{field}: expected a 1-D vector, got shape {a.shape}")
    return np.ascontiguousarray(a)


def _cols(matrix: Any) -> Optional[pd.Index]:
    return matrix.columns if isinstance(matrix, pd.DataFrame) else None


def _rows(matrix: Any) -> Optional[pd.Index]:
    return matrix.index if isinstance(matrix, pd.DataFrame) else None


def _types(t: Optional[Vector], n: int, columns: Optional[pd.Index]) -> FloatArray:
    return np.ones(n) if t is None else _vector(t, "types", columns)


def _per_column(v: Any, n: int, field: str, default: float) -> List[float]:
    if v is None:
        return [default] * n
    if np.isscalar(v):
        return [float(cast(Any, v))] * n
    return [float(x) for x in _vector(v, field)]


def _label(values: Any, index: Optional[pd.Index], name: Optional[str] = None) -> Any:
    """``values`` as a Series on ``index`` when the input was labelled, else as is."""
    if index is None:
        return values
    return pd.Series(np.asarray(values), index=index, name=name)


def _label_dict(r: Mapping[str, Any], index: Optional[pd.Index], keys: Sequence[str]) -> Dict[str, Any]:
    out = dict(r)
    if index is not None:
        for k in keys:
            if k in out:
                out[k] = _label(out[k], index, k)
    if "notes" in out:
        out["notes"] = list(out["notes"])
    return out


# ---------------------------------------------------------------- ranks and aggregation

def rank(scores: Vector, higher_is_better: bool = True, ties: str = "average") -> Any:
    """Ranks, 1 = best.

    Parameters
    ----------
    scores : array_like or pandas.Series
    higher_is_better : bool, default True
    ties : {"average", "min", "dense", "ordinal"}, default "average"
        ``average`` as pymcdm, ``dense`` as scikit-criteria, ``ordinal``: ties by position.

    Returns
    -------
    numpy.ndarray or pandas.Series
        A Series with the index of ``scores`` when it is one.
    """
    r = _ev.rank(_vector(scores, "scores"), bool(higher_is_better), ties)
    return _label(r, scores.index if isinstance(scores, pd.Series) else None, "rank")


@overload
def topsis(matrix: pd.DataFrame, weights: Vector, types: Optional[Vector] = ..., normalisation: str = ...,
           full: Literal[False] = ...) -> "pd.Series[float]": ...
@overload
def topsis(matrix: npt.ArrayLike, weights: Vector, types: Optional[Vector] = ..., normalisation: str = ...,
           full: Literal[False] = ...) -> FloatArray: ...
@overload
def topsis(matrix: Matrix, weights: Vector, types: Optional[Vector] = ..., normalisation: str = ...,
           *, full: Literal[True]) -> Dict[str, Any]: ...


def topsis(matrix: Matrix, weights: Vector, types: Optional[Vector] = None, normalisation: str = "minmax",
           full: bool = False) -> Any:
    """TOPSIS closeness coefficients (higher is better).

    Parameters
    ----------
    matrix : array_like or pandas.DataFrame
        Units x criteria.
    weights : array_like or pandas.Series
        One per criterion, >= 0, summing to 1 (a Series is aligned to the columns).
    types : array_like, optional
        +1 (benefit) or -1 (cost) per criterion; all benefit when omitted.
    normalisation : {"minmax", "vector"}, default "minmax"
        ``minmax`` is pymcdm's default; ``vector`` is Hwang & Yoon's original.
    full : bool, default False
        Return a dict with score, d_plus, d_minus, rank and notes.

    Returns
    -------
    numpy.ndarray, pandas.Series or dict
        A Series indexed as ``matrix`` when it is a DataFrame.

    Raises
    ------
    ValueError
        For weights that do not sum to 1, NaN or infinite cells, types other than ±1.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"cost": [3.0, 1.0], "quality": [2.0, 1.0]}, index=["a", "b"])
    >>> topsis(m, [0.5, 0.5], [-1, 1]).round(3).to_dict()
    {'a': 0.5, 'b': 0.5}
    """
    x, cols = _matrix(matrix), _cols(matrix)
    r = _ev.topsis(x, _vector(weights, "weights", cols), _types(types, x.shape[1], cols), normalisation)
    out = _label_dict(r, _rows(matrix), ("score", "d_plus", "d_minus", "rank"))
    return out if full else out["score"]


@overload
def vikor(matrix: pd.DataFrame, weights: Vector, types: Optional[Vector] = ..., v: float = ...,
          full: Literal[False] = ...) -> "pd.Series[float]": ...
@overload
def vikor(matrix: npt.ArrayLike, weights: Vector, types: Optional[Vector] = ..., v: float = ...,
          full: Literal[False] = ...) -> FloatArray: ...
@overload
def vikor(matrix: Matrix, weights: Vector, types: Optional[Vector] = ..., v: float = ...,
          *, full: Literal[True]) -> Dict[str, Any]: ...


def vikor(matrix: Matrix, weights: Vector, types: Optional[Vector] = None, v: float = 0.5,
          full: bool = False) -> Any:
    """VIKOR Q (lower is better, as pymcdm).

    Parameters
    ----------
    matrix, weights, types
        As :func:`topsis`.
    v : float, default 0.5
        Weight of the group utility, in [0, 1].
    full : bool, default False
        Return a dict with S, R, Q, rank, Opricovic's acceptable-advantage / stability
        conditions, the compromise set and notes.

    Returns
    -------
    numpy.ndarray, pandas.Series or dict
    """
    x, cols = _matrix(matrix), _cols(matrix)
    r = _ev.vikor(x, _vector(weights, "weights", cols), _types(types, x.shape[1], cols), float(v))
    out = _label_dict(r, _rows(matrix), ("S", "R", "Q", "rank"))
    return out if full else out["Q"]


@overload
def promethee2(matrix: pd.DataFrame, weights: Vector, types: Optional[Vector] = ...,
               preference: Union[str, Sequence[str]] = ..., p: Any = ..., q: Any = ..., s: Any = ...,
               full: Literal[False] = ..., reference: bool = ...) -> "pd.Series[float]": ...
@overload
def promethee2(matrix: npt.ArrayLike, weights: Vector, types: Optional[Vector] = ...,
               preference: Union[str, Sequence[str]] = ..., p: Any = ..., q: Any = ..., s: Any = ...,
               full: Literal[False] = ..., reference: bool = ...) -> FloatArray: ...
@overload
def promethee2(matrix: Matrix, weights: Vector, types: Optional[Vector] = ...,
               preference: Union[str, Sequence[str]] = ..., p: Any = ..., q: Any = ..., s: Any = ...,
               *, full: Literal[True], reference: bool = ...) -> Dict[str, Any]: ...


def promethee2(matrix: Matrix, weights: Vector, types: Optional[Vector] = None,
               preference: Union[str, Sequence[str]] = "usual", p: Any = None, q: Any = None,
               s: Any = None, full: bool = False, reference: bool = False) -> Any:
    """PROMETHEE II net flows phi (higher is better).

    Parameters
    ----------
    matrix, weights, types
        As :func:`topsis`.
    preference : str or sequence of str, default "usual"
        usual, ushape, vshape, level, vshape_2 (pymcdm's names) or gaussian; one name or one
        per criterion.
    p, q, s : float or array_like, optional
        Thresholds (``s`` for gaussian), scalars or per criterion.
    full : bool, default False
        Return a dict with phi_plus, phi_minus, phi, rank and notes.
    reference : bool, default False
        Run the direct O(m n^2) algorithm instead of the O(m n log n) one.

    Returns
    -------
    numpy.ndarray, pandas.Series or dict
    """
    x, cols = _matrix(matrix), _cols(matrix)
    m = x.shape[1]
    names = [preference] * m if isinstance(preference, str) else [str(f) for f in preference]
    r = _ev.promethee2(x, _vector(weights, "weights", cols), _types(types, m, cols), names,
                       _per_column(p, m, "p", 0.0), _per_column(q, m, "q", 0.0),
                       _per_column(s, m, "s", 1.0), bool(reference))
    out = _label_dict(r, _rows(matrix), ("phi_plus", "phi_minus", "phi", "rank"))
    return out if full else out["phi"]


def weighted_sum(z: Matrix, weights: Vector, full: bool = False) -> Any:
    """Weighted arithmetic mean of an already normalised matrix.

    NaN cells are left out and the unit's weights re-normalised over its present columns.

    Returns
    -------
    numpy.ndarray, pandas.Series or dict
        Scores (a Series for a DataFrame); with ``full``, a dict with score, rank and notes.
    """
    x, cols = _matrix(z, "z"), _cols(z)
    r = _ev.weighted_sum(x, _vector(weights, "weights", cols), False, 0.0)
    out = _label_dict(r, _rows(z), ("score", "rank"))
    return out if full else out["score"]


def weighted_geometric(z: Matrix, weights: Vector, offset: float = 0.0, full: bool = False) -> Any:
    """Weighted geometric mean prod z^w (z >= 0 after adding ``offset``).

    Returns
    -------
    numpy.ndarray, pandas.Series or dict
        As :func:`weighted_sum`.
    """
    x, cols = _matrix(z, "z"), _cols(z)
    r = _ev.weighted_sum(x, _vector(weights, "weights", cols), True, float(offset))
    out = _label_dict(r, _rows(z), ("score", "rank"))
    return out if full else out["score"]


# ---------------------------------------------------------------- weights

def _weights_out(w: Any, matrix: Any) -> Any:
    return _label(w, _cols(matrix), "weight")


def ahp_weights(pairwise: Matrix, cr_threshold: float = 0.1, method: str = "eigenvector",
                ri: str = "saaty", reciprocity_tol: float = 1e-6, full: bool = False) -> Any:
    """AHP weights from a positive reciprocal pairwise matrix.

    Parameters
    ----------
    pairwise : array_like or pandas.DataFrame
        Square; a DataFrame's columns label the weights.
    cr_threshold : float, default 0.1
        Refuse a consistency ratio above it (``float("inf")``: never refuse).
    method : {"eigenvector", "geometric_mean"}, default "eigenvector"
    ri : {"saaty", "tummala_ling", "alonso_lamata"}, default "saaty"
    reciprocity_tol : float, default 1e-6
    full : bool, default False
        Return a dict with weights, lambda_max, ci, ri, cr, consistent and notes.

    Returns
    -------
    (weights, cr) or dict
        ``weights`` is a Series when ``pairwise`` is a DataFrame.

    Raises
    ------
    ValueError
        When the consistency ratio exceeds ``cr_threshold``, or the matrix is not square,
        not positive, has a diagonal other than 1 or is not reciprocal.
    """
    a = _matrix(pairwise, "pairwise")
    r = dict(_ev.ahp_weights(a, float(cr_threshold), method, ri, float(reciprocity_tol)))
    r["weights"] = _weights_out(r["weights"], pairwise)
    r["notes"] = list(r["notes"])
    return r if full else (r["weights"], r["cr"])


def entropy_weights(matrix: Matrix) -> Any:
    """Shannon-entropy weights (x >= 0; 0 ln 0 = 0; a constant column gets weight 0).

    Returns
    -------
    numpy.ndarray or pandas.Series
        A Series indexed by the columns of a DataFrame.
    """
    return _weights_out(_ev.objective_weights(_matrix(matrix), "entropy", np.zeros(0))[0], matrix)


def critic_weights(matrix: Matrix, types: Optional[Vector] = None) -> Any:
    """CRITIC weights.

    Without ``types``: pymcdm's (every column as benefit); with ``types``: scikit-criteria's
    (cost columns mirrored before correlating).

    Returns
    -------
    numpy.ndarray or pandas.Series
    """
    x = _matrix(matrix)
    t = np.zeros(0) if types is None else _types(types, x.shape[1], _cols(matrix))
    return _weights_out(_ev.objective_weights(x, "critic", t)[0], matrix)


def std_weights(matrix: Matrix) -> Any:
    """Standard-deviation weights (ddof = 1) divided by their sum.

    Returns
    -------
    numpy.ndarray or pandas.Series
    """
    return _weights_out(_ev.objective_weights(_matrix(matrix), "std", np.zeros(0))[0], matrix)


def equal_weights(m: int) -> FloatArray:
    """``m`` equal weights summing to 1.

    Raises
    ------
    ValueError
        When ``m < 1``.
    """
    if int(m) < 1:
        raise ValueError(f"m: need at least one criterion, got {m}")
    return np.full(int(m), 1.0 / int(m))


def normalise_weights(weights: Vector) -> Tuple[Any, str]:
    """Divide weights by their sum, explicitly.

    Returns
    -------
    weights : numpy.ndarray or pandas.Series
        Labelled as the input when it is a Series.
    note : str
        What was done.
    """
    w, _total, note = _ev.normalise_weights(_vector(weights, "weights"))
    return _label(w, weights.index if isinstance(weights, pd.Series) else None, "weight"), str(note)


def check_weights(weights: Vector, m: int, tol: float = 1e-6) -> None:
    """Check ``weights``: ``m`` finite entries >= 0 summing to 1.

    Raises
    ------
    ValueError
        Naming what is wrong.
    """
    _ev.check_weights(_vector(weights, "weights"), int(m), float(tol))


# ---------------------------------------------------------------- normalisation

def _frame_like(values: Any, matrix: Any) -> Any:
    if isinstance(matrix, pd.DataFrame):
        return pd.DataFrame(values, index=matrix.index, columns=matrix.columns)
    return values


def normalise(matrix: Matrix, types: Optional[Vector] = None, method: str = "minmax",
              low: Any = None, high: Any = None, clip: bool = True, full: bool = False) -> Any:
    """Normalise each column.

    Parameters
    ----------
    matrix : array_like or pandas.DataFrame
        NaN cells stay NaN.
    types : array_like, optional
        Cost columns are mirrored as documented.
    method : {"minmax", "zscore", "goalposts", "rank", "vector", "sum", "none"}, default "minmax"
    low, high : float or array_like, optional
        The goalposts, per column.
    clip : bool, default True
        Clip goalpost values to [0, 1].
    full : bool, default False
        Return ``(values, notes)``.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame (or a tuple with the notes)
        Labelled as ``matrix`` when it is a DataFrame.
    """
    x, cols = _matrix(matrix), _cols(matrix)
    m = x.shape[1]
    lo = np.asarray(_per_column(low, m, "low", 0.0)) if low is not None else np.zeros(0)
    hi = np.asarray(_per_column(high, m, "high", 1.0)) if high is not None else np.zeros(0)
    values, notes = _ev.normalise(x, _types(types, m, cols) if types is not None else np.zeros(0),
                                  method, lo, hi, bool(clip))
    values = _frame_like(values, matrix)
    return (values, list(notes)) if full else values


normalize = normalise


def impute(matrix: Matrix, method: str = "mean", groups: Optional[npt.ArrayLike] = None) -> Tuple[Any, List[str]]:
    """Replace NaN cells.

    Parameters
    ----------
    matrix : array_like or pandas.DataFrame
    method : {"mean", "median", "group_mean", "zero", "leave_out"}, default "mean"
    groups : array_like of int, optional
        One group per row (for ``group_mean``).

    Returns
    -------
    values : numpy.ndarray or pandas.DataFrame
    notes : list of str
        What was done per column.
    """
    x = _matrix(matrix)
    g = np.zeros(0, dtype=np.int32) if groups is None else np.asarray(groups, dtype=np.int32)
    values, notes, _missing = _ev.impute(x, method, g)
    return _frame_like(values, matrix), list(notes)


# ---------------------------------------------------------------- raters

def pool_ratings(units: npt.ArrayLike, raters: npt.ArrayLike, values: npt.ArrayLike, n_units: Optional[int] = None,
                 method: str = "mean", trim: float = 0.1, prior_strength: float = 5.0,
                 groups: Optional[npt.ArrayLike] = None, correct_severity: bool = False) -> Dict[str, Any]:
    """Pool long-format ratings (unit index, rater index, value) per unit.

    Parameters
    ----------
    units, raters : array_like of int
    values : array_like of float
    n_units : int, optional
        Default: the largest unit index + 1.
    method : {"mean", "median", "trimmed_mean", "shrinkage"}, default "mean"
        ``shrinkage``: toward the unit's group mean ``(n*mean + k*group_mean)/(n+k)``.
    trim : float, default 0.1
    prior_strength : float, default 5.0
        ``k`` of the shrinkage.
    groups : array_like of int, optional
        The group of each unit.
    correct_severity : bool, default False

    Returns
    -------
    dict
        Arrays pooled, count, raw_mean, group_mean, severity, rater_count, and notes.
    """
    u = np.asarray(units, dtype=np.int64).ravel()
    r = np.asarray(raters, dtype=np.int64).ravel()
    v = _vector(values, "values")
    n = int(u.max()) + 1 if n_units is None and len(u) else int(n_units or 0)
    g = np.zeros(0, dtype=np.int32) if groups is None else np.asarray(groups, dtype=np.int32)
    out: Dict[str, Any] = dict(_ev.pool_ratings(n, u.tolist(), r.tolist(), v, method, float(trim),
                                                float(prior_strength), g, bool(correct_severity)))
    out["notes"] = list(out["notes"])
    return out


def krippendorff_alpha(data: Matrix, level: str = "interval") -> float:
    """Krippendorff's alpha of a raters x units matrix (NaN = missing).

    Parameters
    ----------
    data : array_like or pandas.DataFrame
    level : {"nominal", "ordinal", "interval", "ratio"}, default "interval"
        The `krippendorff` package's definitions.

    Returns
    -------
    float
    """
    x = _matrix(data, "data")
    if np.isinf(x).any():
        i, j = (int(k) for k in np.argwhere(np.isinf(x))[0])
        raise ValueError(f"data: row {i}, column {j}: infinite value (NaN marks a missing rating)")
    return float(_ev.krippendorff_alpha(x, level))


def icc(data: Matrix) -> Dict[str, Any]:
    """Shrout & Fleiss ICC(1,1), (2,1), (3,1) and their k-rater forms from a raters x units
    matrix; units with a missing rating are dropped (counted).

    Returns
    -------
    dict
        icc1, icc2, icc3, icc1k, icc2k, icc3k, the mean squares, n_units, k_raters,
        dropped_units, notes.
    """
    out: Dict[str, Any] = dict(_ev.icc(_matrix(data, "data")))
    out["notes"] = list(out["notes"])
    return out


# ---------------------------------------------------------------- uncertainty

def _names(v: Union[str, Sequence[str]]) -> List[str]:
    return [v] if isinstance(v, str) else [str(x) for x in v]


def monte_carlo_ranks(matrix: Matrix, weights: Vector, types: Optional[Vector] = None, draws: int = 1000,
                      weight_perturbation: float = 0.2, normalisations: Union[str, Sequence[str]] = ("minmax",),
                      aggregations: Union[str, Sequence[str]] = ("weighted_sum",), v: float = 0.5,
                      seed: int = 42, threads: int = 0, keep_ranks: bool = False, *,
                      progress: Optional[ProgressCallback] = None) -> pd.DataFrame:
    """Rank intervals under uncertain weights, normalisation and aggregation.

    Each draw perturbs the weights by ±``weight_perturbation`` (re-normalised) and picks one
    normalisation and one aggregation uniformly. Deterministic for a seed, whatever the
    thread count.

    Parameters
    ----------
    matrix, weights, types
        As :func:`topsis`.
    draws : int, default 1000
    weight_perturbation : float, default 0.2
    normalisations : str or sequence of str, default ("minmax",)
    aggregations : str or sequence of str, default ("weighted_sum",)
        weighted_sum, geometric, topsis, vikor, promethee2.
    v : float, default 0.5
        VIKOR's v.
    seed : int, default 42
    threads : int, default 0
        0: all cores.
    keep_ranks : bool, default False
        Keep every draw's ranks in ``df.attrs["ranks"]``.
    progress : callable, optional
        Called with a :class:`hatchnet.Progress` (draws done); returning ``False`` stops
        (:class:`hatchnet.Interrupted`). Ctrl-C stops it too.

    Returns
    -------
    pandas.DataFrame
        nominal, median, p05, p95, mean rank per unit, indexed as ``matrix`` (a RangeIndex
        for an array); the notes in ``df.attrs["notes"]``.
    """
    x, cols = _matrix(matrix), _cols(matrix)
    r = _ev.monte_carlo_ranks(x, _vector(weights, "weights", cols), _types(types, x.shape[1], cols),
                              float(weight_perturbation), _names(normalisations), _names(aggregations), float(v),
                              int(draws), int(seed), bool(keep_ranks), int(threads), wrap(progress))
    df = pd.DataFrame({"nominal": r["nominal"], "median": r["median"], "p05": r["p05"], "p95": r["p95"],
                       "mean": r["mean"]}, index=_rows(matrix))
    df.attrs["notes"] = list(r["notes"])
    if keep_ranks:
        df.attrs["ranks"] = r["ranks"]
    return df


def sobol_indices(matrix: Matrix, weights: Vector, types: Optional[Vector] = None, base_samples: int = 500,
                  weight_perturbation: float = 0.2,
                  normalisations: Union[str, Sequence[str]] = ("minmax", "zscore"),
                  aggregations: Union[str, Sequence[str]] = ("weighted_sum", "geometric"),
                  v: float = 0.5, seed: int = 42) -> Dict[str, Any]:
    """First-order and total Sobol indices of weights, normalisation and aggregation on the
    ranks (Saltelli 2010 / Jansen 1999); factors that do not vary are named in the notes.

    Returns
    -------
    dict
        factors, first_order, total, mean_first_order, mean_total, evaluations, notes.
    """
    x, cols = _matrix(matrix), _cols(matrix)
    out: Dict[str, Any] = dict(_ev.sobol_indices(x, _vector(weights, "weights", cols),
                                                 _types(types, x.shape[1], cols), float(weight_perturbation),
                                                 _names(normalisations), _names(aggregations), float(v),
                                                 int(base_samples), int(seed)))
    out["notes"] = list(out["notes"])
    return out


def rank_reversal(matrix: Matrix, weights: Vector, types: Optional[Vector] = None, aggregation: str = "topsis",
                  normalisation: str = "minmax", v: float = 0.5) -> Dict[str, Any]:
    """Remove each alternative in turn and count the pairs of others whose order flips.

    Returns
    -------
    dict
        base_rank, reversed_pairs (Series indexed as ``matrix`` when labelled),
        total_reversals, notes.
    """
    x, cols = _matrix(matrix), _cols(matrix)
    r = _ev.rank_reversal(x, _vector(weights, "weights", cols), _types(types, x.shape[1], cols), aggregation,
                          normalisation, float(v))
    return _label_dict(r, _rows(matrix), ("base_rank", "reversed_pairs"))


# ---------------------------------------------------------------- schemes

_SHIPPED = ("mca_1000", "incubator")


def _scheme_dirs() -> List[Path]:
    dirs = []
    env = os.environ.get("HATCHNET_DATA_DIR")
    if env:
        dirs.append(Path(env) / "schemes")
    dirs.append(Path(__file__).resolve().parent / "data" / "schemes")
    try:
        dirs.append(Path(_core.default_dataset_path()).parent / "schemes")
    except (ValueError, OSError):  # no data directory found: only the package copy can serve
        pass
    return dirs


def shipped_schemes() -> List[str]:
    """Names of the schemes shipped with hatchnet (documented in docs/evaluation.md)."""
    return list(_SHIPPED)


def scheme_path(name: str) -> Path:
    """Path of a shipped scheme (``"mca_1000"``, ``"incubator"``).

    Raises
    ------
    ValueError
        When no shipped scheme has that name.
    """
    for d in _scheme_dirs():
        p = d / f"{name}.json"
        if p.exists():
            return p
    raise ValueError(f"scheme: no shipped scheme named {name!r} (shipped: {', '.join(_SHIPPED)}; "
                     f"looked in {', '.join(str(d) for d in _scheme_dirs())})")


def load_scheme(scheme: Any) -> Any:
    """A Scheme from a shipped name, a path, JSON text, a dict, or a Scheme (returned as is).

    Raises
    ------
    FileNotFoundError
        For a path that does not exist.
    ValueError
        For an unknown shipped name or an invalid scheme, naming the indicator and field.
    TypeError
        For any other type.
    """
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, Mapping):
        return Scheme.loads(_jsontext.dumps(dict(scheme), "scheme"))
    if isinstance(scheme, os.PathLike):
        return Scheme.load(fspath(scheme, "scheme"))
    if isinstance(scheme, str):
        s = scheme.strip()
        if s.startswith("{"):
            return Scheme.loads(s)
        if s in _SHIPPED or ("/" not in s and os.sep not in s and not s.endswith(".json")):
            return Scheme.load(os.fspath(scheme_path(s)))
        return Scheme.load(s)
    raise TypeError(f"scheme: expected a name, path, JSON text, dict or Scheme, got {type(scheme).__name__}")


def evaluate_scheme(scheme: Any, data: Union[pd.DataFrame, Mapping[str, Any]], missing: str = "zero",
                    groups: Optional[npt.ArrayLike] = None) -> pd.DataFrame:
    """Score a table on a scheme.

    Parameters
    ----------
    scheme : str, os.PathLike, dict or Scheme
        A shipped scheme's name, a path, JSON text, a dict or a Scheme.
    data : pandas.DataFrame or dict of columns
        One row per unit; columns named as the scheme's leaves. Read in the memory layout it
        has (a DataFrame's block, or a dict of float64 arrays as they are, strided views
        included) and copied once into the core's matrix.
    missing : str, default "zero"
        How missing cells are imputed (see :func:`impute`).
    groups : array_like of int, optional

    Returns
    -------
    pandas.DataFrame
        Indexed as ``data``: total, main_points, bonus_points, grade, grade_before_veto,
        vetoes and the points of every indicator; notes in ``attrs``.
    """
    sc = load_scheme(scheme)
    x, cols, index = _scheme_table(data)
    g = np.zeros(0, dtype=np.int32) if groups is None else np.asarray(groups, dtype=np.int32)
    r = sc.evaluate_table(x, cols, missing, g)
    out = pd.DataFrame({"total": r["total"], "main_points": r["main_points"],
                        "bonus_points": r["bonus_points"], "grade": r["grade"],
                        "grade_before_veto": r["grade_before_veto"], "vetoes": r["vetoes"]}, index=index)
    # the points matrix comes column-major from the core: the frame's block as it is (no copy)
    pts = pd.DataFrame(r["points"], columns=list(r["node_ids"]), index=index, copy=False)
    out = pd.concat([out, pts], axis=1)
    out.attrs["notes"] = list(r["notes"])
    return out


def _scheme_table(data: Union[pd.DataFrame, Mapping[str, Any]]) -> Tuple[Any, List[str], pd.Index]:
    """The table of :func:`evaluate_scheme` as the core takes it: the values (a 2-D float
    array in whatever layout it has, which the core copies once into its column-major
    matrix), the column names and the index of the result. A dict of float64 arrays of one
    length goes over as its list of columns, with no DataFrame made of it (the same table
    ``pd.DataFrame(data)`` would be: a RangeIndex, the keys as column names)."""
    # a plain dict only: a subclass or other mapping may read keys and values otherwise (its
    # own __iter__ / __getitem__), as pd.DataFrame(data) does
    if type(data) is dict and len(data):
        vals = list(data.values())
        if all(type(v) is np.ndarray and v.ndim == 1 and v.dtype == np.float64 for v in vals) \
                and len({len(v) for v in vals}) == 1:
            return vals, [str(c) for c in data], pd.RangeIndex(len(vals[0]))
    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    cols = [str(c) for c in df.columns]
    x = df.to_numpy(dtype=float, na_value=np.nan) if len(cols) else np.zeros((len(df), 0))
    return x, cols, df.index


# ---------------------------------------------------------------- network evaluation

def _column(df: pd.DataFrame, names: Sequence[str], field: str, required: bool = True) -> Optional[pd.Series]:
    for n in names:
        if n in df.columns:
            return df[n]
    if required:
        raise ValueError(f"{field}: the ratings table needs a column named {' or '.join(repr(n) for n in names)}")
    return None


def generate_ratings(net: Network, scheme: Any = "incubator", seed: int = 2024, ratings_per_unit: float = 8.0,
                     third_party_ratings: bool = True, missing_share: float = 0.0) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Plausible, seeded evaluation data for a network.

    Returns
    -------
    indicators : pandas.DataFrame
        One row per incubator: ``id`` + the scheme's non-rated leaf columns.
    ratings : pandas.DataFrame
        Long format: unit, rater, column, source, value.
    """
    sc = load_scheme(scheme)
    ind, rat = _ev.generate_evaluation_data(core_net(net), sc, int(seed), float(ratings_per_unit),
                                            bool(third_party_ratings), float(missing_share))
    idf = pd.DataFrame(ind["values"], columns=list(ind["columns"]))
    idf.insert(0, "id", list(ind["ids"]))
    rdf = pd.DataFrame({"unit": rat["unit"], "rater": rat["rater"], "column": rat["column"],
                        "source": rat["source"], "value": rat["value"]})
    return idf, rdf


def disclosure_file_name(incubator_id: str) -> str:
    """The file name of an incubator's disclosure page, the same on every surface.

    Bytes in ``[A-Za-z0-9-_.]`` are kept (a leading ``.`` excepted), every other byte of the
    UTF-8 id percent-encoded, ``.html`` added — ``"东街"`` -> ``"%E4%B8%9C%E8%A1%97.html"``.
    Distinct ids always give distinct names.
    """
    return str(_ev.disclosure_file_name(str(incubator_id)))


def _by_id(df: pd.DataFrame, ids: Any) -> pd.DataFrame:
    df.index = pd.Index(np.asarray(ids, dtype=object), name=None)
    return df


class Evaluation:
    """The result of :func:`evaluate_network`. Picklable (the tables; the disclosure engine
    is rebuilt from the inputs, deterministically, when first needed after unpickling).

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per incubator, indexed by its id: tier, district, total, score, grade,
        ranks and, with draws, the rank interval (rank_p05, rank_median, rank_p95).
    grades : pandas.DataFrame
        Grades and vetoes (columns of ``scores``).
    ranks : pandas.DataFrame
        Ranks and rank intervals (columns of ``scores``).
    by_tier : pandas.DataFrame
        Group summary per tier, indexed by tier; also ``groups["tier"]``.
    by_district : pandas.DataFrame
        Group summary per district, indexed by district; also ``groups["district"]``.
    commended : pandas.DataFrame
        The commended incubators.
    points : pandas.DataFrame
        Indicator points, indexed by id.
    data : pandas.DataFrame
        Indicator data, indexed by id.
    pooled : pandas.DataFrame
        Pooled ratings, indexed by id.
    rating_counts : pandas.DataFrame
        Ratings per rated column, indexed by id.
    alpha : dict
        Krippendorff's alpha per rated column (None: too few ratings).
    notes : list of str
    scheme : Scheme
    """

    def __init__(self, core: Any, net: Network, scheme: Any, inputs: Optional[Tuple[Any, ...]] = None) -> None:
        self._core = core
        self._net = net
        self._inputs = inputs
        self.scheme = scheme
        ids = list(core.unit_columns()["id"])
        self.scores = _by_id(pd.DataFrame(core.unit_columns()), ids)
        rank_cols = [c for c in ("id", "tier", "district", "total", "rank", "rank_in_tier",
                                 "rank_in_district", "rank_p05", "rank_median", "rank_p95")
                     if c in self.scores.columns]
        self.grades = self.scores[["id", "tier", "district", "total", "score", "grade",
                                   "grade_before_veto", "vetoes"]].copy()
        self.ranks = self.scores[rank_cols].copy()
        tiers, districts = pd.DataFrame(core.groups("tier")), pd.DataFrame(core.groups("district"))
        self.by_tier = _by_id(tiers, tiers["key"]) if len(tiers) else tiers
        self.by_district = _by_id(districts, districts["key"]) if len(districts) else districts
        self.groups = {"tier": self.by_tier, "district": self.by_district}
        self.commended = pd.DataFrame(core.commended())
        pids, pts = core.points()
        self.points = _by_id(pd.DataFrame(pts, columns=list(pids)), ids)
        self.points.insert(0, "id", ids)
        cols, data = core.data()
        self.data = _by_id(pd.DataFrame(data, columns=list(cols)), ids)
        self.data.insert(0, "id", ids)
        rcols, pooled, _raw, count, alpha = core.pooled()
        self.pooled = _by_id(pd.DataFrame(pooled, columns=list(rcols)), ids)
        self.pooled.insert(0, "id", ids)
        self.rating_counts = _by_id(pd.DataFrame(count, columns=list(rcols)), ids)
        self.rating_counts.insert(0, "id", ids)
        self.alpha: Dict[str, Optional[float]] = {
            c: (None if _math.isnan(a) else float(a)) for c, a in zip(rcols, alpha)}
        self.notes: List[str] = list(core.notes)

    def __getstate__(self) -> Dict[str, Any]:
        st = dict(self.__dict__)
        st["_core"] = None
        return st

    def __setstate__(self, st: Dict[str, Any]) -> None:
        self.__dict__.update(st)

    def _engine(self) -> Any:
        if self._core is None:
            if self._inputs is None:
                raise ValueError("this Evaluation was unpickled without its inputs; re-run evaluate_network")
            self._core = _ev.evaluate_network(core_net(self._net), self.scheme, *self._inputs, None)
        return self._core

    def __repr__(self) -> str:
        dist = self.scores["grade"].value_counts().to_dict()
        text = ", ".join(f"{k}: {v}" for k, v in list(dist.items())[:6])
        return f"<hatchnet.evaluate.Evaluation {len(self.scores)} incubators on {self.scheme.id!r}: {text}>"[:200]

    def disclosure(self, incubator_id: str) -> Dict[str, Any]:
        """The disclosure report of one incubator (score by indicator, grade and vetoes, rank
        and its interval, number of raters, reliability, notes).

        Raises
        ------
        ValueError
            For an id that was not evaluated.
        """
        out: Dict[str, Any] = _json.loads(self._engine().disclosure(str(incubator_id)))
        return out

    def disclosure_html(self, incubator_id: str) -> str:
        """A standalone, escaped HTML page of the disclosure report."""
        return str(self._engine().disclosure_html(str(incubator_id)))

    def to_json(self, indent: int = -1) -> str:
        """The whole evaluation as JSON text (the CLI's ``evaluation.json``)."""
        return str(self._engine().to_json(int(indent)))

    def write(self, directory: PathLike) -> Path:
        """Write ``evaluation.json`` and one disclosure page per incubator, named by
        :func:`disclosure_file_name`; durable writes.

        Returns
        -------
        pathlib.Path
            The directory.
        """
        d = Path(fspath(directory, "directory"))
        d.mkdir(parents=True, exist_ok=True)
        _core.write_file(os.fspath(d / "evaluation.json"), self.to_json(2))
        for i in self.scores["id"]:
            _core.write_file(os.fspath(d / disclosure_file_name(str(i))), self.disclosure_html(i))
        return d

    def network_with_scores(self) -> Network:
        """A copy of the network with every evaluated node's ``score`` set (0–100): what the
        referral engine's evaluation factor reads."""
        return Network(self._engine().with_scores())


def evaluate_network(net: Network, scheme: Any, ratings: Any = None, indicators: Optional[Any] = None, *,
                     tiers: Union[None, str, Sequence[str]] = None, pooling: Optional[str] = None,
                     prior_strength: Optional[float] = None, trim: Optional[float] = None,
                     shrink_toward: Optional[str] = None, correct_severity: Optional[bool] = None,
                     missing: Optional[str] = None, draws: Optional[int] = None,
                     weight_perturbation: Optional[float] = None, aggregators: Optional[Sequence[str]] = None,
                     seed: Optional[int] = None, threads: Optional[int] = None,
                     commend: Optional[Mapping[str, Any]] = None, data_seed: int = 2024,
                     progress: Optional[ProgressCallback] = None) -> Evaluation:
    """Evaluate a network's incubators on a scheme.

    Every option left ``None`` takes the core's documented default (docs/evaluation.md).

    Parameters
    ----------
    net : Network
    scheme : str, os.PathLike, dict or Scheme
        A shipped scheme's name, a path, JSON text, a dict or a Scheme.
    ratings : DataFrame, dict of columns, tuple or "generate", optional
        Long format — ``unit`` (incubator id; also ``incubator`` or ``id``), ``rater``,
        ``column`` (the scheme leaf the pooled value fills; also ``indicator``), optional
        ``source`` (recipients | third_party), ``value``; or the ``(indicators, ratings)``
        pair of :func:`generate_ratings`; or ``"generate"`` (seeded data, ``data_seed``).
    indicators : DataFrame, optional
        An ``id`` column and one column per data leaf.
    tiers : str or sequence of str, optional
        Tiers to evaluate.
    pooling : {"shrinkage", "mean", "median", "trimmed_mean"}, optional
    prior_strength, trim : float, optional
    shrink_toward : {"tier", "district", "all"}, optional
    correct_severity : bool, optional
    missing : str, optional
        Imputation of missing indicator data.
    draws : int, optional
        Monte-Carlo draws of the rank intervals (0: none).
    weight_perturbation : float, optional
    aggregators : sequence of str, optional
        e.g. ``["arithmetic", "geometric"]``: each draw aggregates with one of them.
    seed, threads : int, optional
    commend : dict, optional
        by, top_k, min_score, min_grade, ties.
    data_seed : int, default 2024
        Seed of ``ratings="generate"``.
    progress : callable, optional
        Called with a :class:`hatchnet.Progress` during the Monte-Carlo draws; returning
        ``False`` stops (:class:`hatchnet.Interrupted`). Ctrl-C stops it too.

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError
        Unknown incubator ids, bad values (naming them).
    TypeError
        For inputs of a wrong type.
    """
    sc = load_scheme(scheme)
    core_n = core_net(net)
    if isinstance(ratings, str):
        if ratings != "generate":
            raise ValueError(f"ratings: expected a table or 'generate', got {ratings!r}")
        gi, ratings = generate_ratings(net, sc, seed=data_seed)
        if indicators is None:
            indicators = gi
    elif isinstance(ratings, tuple):
        if len(ratings) != 2:
            raise ValueError("ratings: a tuple must be (indicators, ratings)")
        gi, ratings = ratings
        if indicators is None:
            indicators = gi
    if isinstance(tiers, str):
        tiers = [tiers]
    options = {k: v for k, v in {
        "tiers": None if tiers is None else list(tiers), "pooling": pooling, "prior_strength": prior_strength,
        "trim": trim, "shrink_toward": shrink_toward, "correct_severity": correct_severity, "missing": missing,
        "draws": draws, "weight_perturbation": weight_perturbation,
        "aggregators": None if aggregators is None else list(aggregators), "seed": seed, "threads": threads,
        "commend": commend}.items() if v is not None}
    # indicators
    if indicators is None:
        ind_ids: List[str] = []
        ind_cols: List[str] = []
        ind_vals: FloatArray = np.zeros((0, 0))
    else:
        if not isinstance(indicators, (pd.DataFrame, Mapping)):
            raise TypeError(f"indicators: expected a DataFrame or a dict of columns, got {type(indicators).__name__}")
        idf = pd.DataFrame(indicators)
        if "id" not in idf.columns:
            raise ValueError("indicators: needs an 'id' column naming the incubator")
        ind_ids = [str(v) for v in idf["id"]]
        vals = idf.drop(columns=["id"])
        ind_cols = [str(c) for c in vals.columns]
        try:
            ind_vals = vals.to_numpy(dtype=float, na_value=np.nan) if ind_cols else np.zeros((len(idf), 0))
        except (TypeError, ValueError) as e:
            raise TypeError(f"indicators: every column but 'id' must be numeric ({e})") from None
    # ratings
    if ratings is None:
        ru: List[str] = []
        rr: List[str] = []
        rc: List[str] = []
        rs: List[str] = []
        rv: List[float] = []
    else:
        if not isinstance(ratings, (pd.DataFrame, Mapping)):
            raise TypeError(f"ratings: expected a DataFrame, a dict of columns, a tuple or 'generate', "
                            f"got {type(ratings).__name__}")
        rdf = pd.DataFrame(ratings)
        ru = [str(v) for v in _column(rdf, ("unit", "incubator", "id"), "unit")]  # type: ignore[union-attr]
        rr = [str(v) for v in _column(rdf, ("rater",), "rater")]  # type: ignore[union-attr]
        rc = [str(v) for v in _column(rdf, ("column", "indicator"), "column")]  # type: ignore[union-attr]
        src = _column(rdf, ("source",), "source", required=False)
        rs = [] if src is None else ["" if v is None or (isinstance(v, float) and _math.isnan(v)) else str(v)
                                     for v in src]
        try:
            rv = np.asarray(_column(rdf, ("value",), "value"), dtype=float).tolist()
        except (TypeError, ValueError) as e:
            raise TypeError(f"value: ratings must be numbers ({e})") from None
    inputs = (ind_ids, ind_cols, np.ascontiguousarray(ind_vals, dtype=float), ru, rr, rc, rs, rv,
              _jsontext.dumps(options, "options"))
    core = _ev.evaluate_network(core_n, sc, *inputs, wrap(progress))
    return Evaluation(core, net, sc, inputs)


# ---------------------------------------------------------------- plotting

def plot_rank_intervals(result: Union[Evaluation, pd.DataFrame], top: int = 30,
                        ax: "Optional[matplotlib.axes.Axes]" = None, title: Optional[str] = None) -> Any:
    """Horizontal bars of the 5th–95th percentile rank of the best ``top`` units, with the
    median and the nominal rank (needs matplotlib).

    Parameters
    ----------
    result : Evaluation or pandas.DataFrame
        An :class:`Evaluation`, its ``ranks``, or the result of :func:`monte_carlo_ranks`.
    top : int, default 30
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        When the result has no rank intervals.
    """
    import matplotlib.pyplot as plt

    df = result.ranks if isinstance(result, Evaluation) else result
    if "rank_p05" in df.columns:
        lo, mid, hi, nom = df["rank_p05"], df["rank_median"], df["rank_p95"], df["rank"]
        labels = df["id"] if "id" in df.columns else df.index
    elif "p05" in df.columns:
        lo, mid, hi, nom = df["p05"], df["median"], df["p95"], df["nominal"]
        labels = df.index
    else:
        raise ValueError("result: no rank intervals (run with draws > 0)")
    order = np.argsort(np.asarray(nom, dtype=float), kind="stable")[: int(top)]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 0.25 * len(order) + 1.2))
    assert ax is not None
    y = np.arange(len(order))
    lo_v, mid_v, hi_v, nom_v = (np.asarray(v, dtype=float)[order] for v in (lo, mid, hi, nom))
    ax.hlines(y, lo_v, hi_v, color="#3b6fb6", lw=3, alpha=0.6, label="5th–95th percentile")
    ax.plot(mid_v, y, "o", color="#3b6fb6", ms=4, label="median")
    ax.plot(nom_v, y, "|", color="k", ms=10, label="nominal")
    ax.set_yticks(y)
    ax.set_yticklabels([str(v) for v in np.asarray(labels)[order]], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("rank (1 = best)")
    ax.set_title(title or "Rank intervals")
    ax.legend(loc="lower right", fontsize=7)
    return ax
