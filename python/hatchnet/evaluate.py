"""Evaluation scoring (policy §6.4): indicator schemes, weights, normalisation, aggregation,
pooling of ratings, inter-rater reliability, grades, rank intervals, commendation and
disclosure — for decision matrices and for a whole incubator network.

Matrices are ``units x criteria`` (rows = alternatives); ``types`` holds +1 (benefit) or -1
(cost) per column; weights may be a list, tuple or numpy array and must sum to 1 (they are
never rescaled silently: use :func:`normalise_weights` to rescale and get a note saying so).
Bad input raises ``ValueError`` naming the field (row, column, rating, incubator id...).
Every computation runs in C++ with the GIL released.

>>> import hatchnet.evaluate as ev
>>> ev.topsis([[1, 2], [3, 1]], [0.5, 0.5], [1, -1])        # doctest: +SKIP
array([0.5, 0.5])
"""
from __future__ import annotations

import json as _json
import math as _math
import os
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core, _json as _jsontext

_ev = _core.evaluate

__all__ = [
    "topsis", "vikor", "promethee2", "weighted_sum", "weighted_geometric", "rank",
    "ahp_weights", "entropy_weights", "critic_weights", "std_weights", "equal_weights",
    "normalise_weights", "check_weights", "normalise", "normalize", "impute",
    "pool_ratings", "krippendorff_alpha", "icc",
    "monte_carlo_ranks", "sobol_indices", "rank_reversal",
    "Scheme", "load_scheme", "scheme_path", "shipped_schemes", "evaluate_scheme",
    "evaluate_network", "Evaluation", "generate_ratings", "plot_rank_intervals", "disclosure_file_name",
]

Scheme = _ev.Scheme
ArrayLike = Union[Sequence[Any], np.ndarray]


# ---------------------------------------------------------------- input checks

def _matrix(x: ArrayLike, field: str = "matrix", allow_nan: bool = False) -> np.ndarray:
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{field}: not a numeric matrix ({e})") from None
    if a.ndim != 2:
        raise ValueError(f"{field}: expected a 2-D matrix (units x criteria), got {a.ndim}-D")
    if a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"{field}: empty matrix of shape {a.shape}")
    bad = ~np.isfinite(a) if not allow_nan else np.isinf(a)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ValueError(f"{field}: row {i}, column {j}: {a[i, j]} is not a finite number")
    return np.ascontiguousarray(a)


def _vector(x: ArrayLike, n: Optional[int], field: str) -> np.ndarray:
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{field}: not a numeric vector ({e})") from None
    if a.ndim != 1:
        raise ValueError(f"{field}: expected a 1-D vector, got shape {a.shape}")
    if n is not None and a.shape[0] != n:
        raise ValueError(f"{field}: expected {n} entries (one per column), got {a.shape[0]}")
    if not np.isfinite(a).all():
        j = int(np.argwhere(~np.isfinite(a))[0][0])
        raise ValueError(f"{field}: entry {j}: {a[j]} is not a finite number")
    return a


def _weights(w: ArrayLike, n: int) -> np.ndarray:
    a = _vector(w, n, "weights")
    if (a < 0).any():
        j = int(np.argwhere(a < 0)[0][0])
        raise ValueError(f"weights: entry {j} is negative ({a[j]})")
    s = float(a.sum())
    if abs(s - 1.0) > 1e-6:
        raise ValueError(f"weights: sum to {s!r}, not 1 (hatchnet never rescales silently; "
                         "use normalise_weights() to rescale explicitly)")
    return a


def _types(t: Optional[ArrayLike], n: int) -> np.ndarray:
    if t is None:
        return np.ones(n)
    a = _vector(t, n, "types")
    bad = (a != 1) & (a != -1)
    if bad.any():
        j = int(np.argwhere(bad)[0][0])
        raise ValueError(f"types: entry {j} is {a[j]}: must be +1 (benefit) or -1 (cost)")
    return a


def _per_column(v: Any, n: int, field: str, default: float) -> List[float]:
    if v is None:
        return [default] * n
    if np.isscalar(v):
        return [float(v)] * n
    return [float(x) for x in _vector(v, n, field)]


# ---------------------------------------------------------------- ranks and aggregation

def rank(scores: ArrayLike, higher_is_better: bool = True, ties: str = "average") -> np.ndarray:
    """Ranks (1 = best) with ties ``average`` (pymcdm), ``min``, ``dense`` (scikit-criteria)
    or ``ordinal`` (ties by position)."""
    return _ev.rank(_vector(scores, None, "scores"), bool(higher_is_better), ties)


def topsis(matrix: ArrayLike, weights: ArrayLike, types: Optional[ArrayLike] = None,
           normalisation: str = "minmax", full: bool = False):
    """TOPSIS closeness coefficients (higher is better). ``normalisation`` ``minmax`` is
    pymcdm's default; ``vector`` is Hwang & Yoon's original (pymcdm ``vector_normalization``;
    scikit-criteria's VectorScaler + TOPSIS mirrors cost columns the other way: see the docs).
    ``full=True`` returns a dict with score, d_plus, d_minus, rank and notes."""
    x = _matrix(matrix)
    r = _ev.topsis(x, _weights(weights, x.shape[1]), _types(types, x.shape[1]), normalisation)
    return r if full else r["score"]


def vikor(matrix: ArrayLike, weights: ArrayLike, types: Optional[ArrayLike] = None, v: float = 0.5,
          full: bool = False):
    """VIKOR Q (lower is better, as pymcdm). ``full=True``: S, R, Q, rank, Opricovic's
    acceptable-advantage/stability conditions, compromise set and notes."""
    x = _matrix(matrix)
    if not (0.0 <= float(v) <= 1.0):
        raise ValueError(f"v: must be in [0, 1], got {v}")
    r = _ev.vikor(x, _weights(weights, x.shape[1]), _types(types, x.shape[1]), float(v))
    return r if full else r["Q"]


def promethee2(matrix: ArrayLike, weights: ArrayLike, types: Optional[ArrayLike] = None,
               preference: Union[str, Sequence[str]] = "usual", p: Any = None, q: Any = None,
               s: Any = None, full: bool = False, reference: bool = False):
    """PROMETHEE II net flows phi (higher is better). ``preference``: usual, ushape, vshape,
    level, vshape_2 (pymcdm's names) or gaussian, one name or one per criterion; thresholds
    ``p``, ``q`` (and ``s`` for gaussian) as scalars or per criterion. O(m n log n) except
    gaussian; ``reference=True`` runs the direct O(m n^2) algorithm."""
    x = _matrix(matrix)
    m = x.shape[1]
    names = [preference] * m if isinstance(preference, str) else [str(f) for f in preference]
    if len(names) != m:
        raise ValueError(f"preference: expected 1 or {m} functions, got {len(names)}")
    r = _ev.promethee2(x, _weights(weights, m), _types(types, m), names,
                       _per_column(p, m, "p", 0.0), _per_column(q, m, "q", 0.0),
                       _per_column(s, m, "s", 1.0), bool(reference))
    return r if full else r["phi"]


def weighted_sum(z: ArrayLike, weights: ArrayLike, full: bool = False):
    """Weighted arithmetic mean of an already normalised matrix; NaN cells are left out and
    the unit's weights re-normalised over its present columns."""
    x = _matrix(z, "z", allow_nan=True)
    r = _ev.weighted_sum(x, _weights(weights, x.shape[1]), False, 0.0)
    return r if full else r["score"]


def weighted_geometric(z: ArrayLike, weights: ArrayLike, offset: float = 0.0, full: bool = False):
    """Weighted geometric mean prod z^w (z >= 0 after adding ``offset``)."""
    x = _matrix(z, "z", allow_nan=True)
    r = _ev.weighted_sum(x, _weights(weights, x.shape[1]), True, float(offset))
    return r if full else r["score"]


# ---------------------------------------------------------------- weights

def ahp_weights(pairwise: ArrayLike, cr_threshold: float = 0.1, method: str = "eigenvector",
                ri: str = "saaty", reciprocity_tol: float = 1e-6, full: bool = False):
    """AHP weights from a positive reciprocal pairwise matrix: returns ``(weights, cr)``.
    Raises ValueError when the consistency ratio exceeds ``cr_threshold`` (pass
    ``float('inf')`` to never refuse), the matrix is not square, not positive, has a
    diagonal other than 1 or is not reciprocal. ``ri``: saaty, tummala_ling (pymcdm),
    alonso_lamata. ``full=True`` returns a dict with lambda_max, ci, ri, cr and notes."""
    a = np.asarray(pairwise, dtype=float) if not isinstance(pairwise, np.ndarray) else pairwise.astype(float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"pairwise: must be a square matrix, got shape {a.shape}")
    a = _matrix(a, "pairwise")
    if (a <= 0).any():
        i, j = (int(v) for v in np.argwhere(a <= 0)[0])
        raise ValueError(f"pairwise: row {i}, column {j}: {a[i, j]} is not positive")
    r = _ev.ahp_weights(a, float(cr_threshold), method, ri, float(reciprocity_tol))
    return r if full else (r["weights"], r["cr"])


def entropy_weights(matrix: ArrayLike) -> np.ndarray:
    """Shannon-entropy weights (x >= 0; 0 ln 0 = 0; constant column -> weight 0)."""
    return _ev.objective_weights(_matrix(matrix), "entropy", np.zeros(0))[0]


def critic_weights(matrix: ArrayLike, types: Optional[ArrayLike] = None) -> np.ndarray:
    """CRITIC weights. Without ``types``: pymcdm's (every column as benefit); with ``types``:
    scikit-criteria's (cost columns mirrored before correlating)."""
    x = _matrix(matrix)
    t = np.zeros(0) if types is None else _types(types, x.shape[1])
    return _ev.objective_weights(x, "critic", t)[0]


def std_weights(matrix: ArrayLike) -> np.ndarray:
    """Standard-deviation weights (ddof = 1) / their sum."""
    return _ev.objective_weights(_matrix(matrix), "std", np.zeros(0))[0]


def equal_weights(m: int) -> np.ndarray:
    if int(m) < 1:
        raise ValueError(f"m: need at least one criterion, got {m}")
    return np.full(int(m), 1.0 / int(m))


def normalise_weights(weights: ArrayLike) -> Tuple[np.ndarray, str]:
    """Divide weights by their sum, explicitly: returns ``(weights, note)``."""
    w, _total, note = _ev.normalise_weights(_vector(weights, None, "weights"))
    return w, note


def check_weights(weights: ArrayLike, m: int, tol: float = 1e-6) -> None:
    """Raise ValueError unless ``weights`` has ``m`` finite entries >= 0 summing to 1."""
    _ev.check_weights(_vector(weights, None, "weights"), int(m), float(tol))


# ---------------------------------------------------------------- normalisation

def normalise(matrix: ArrayLike, types: Optional[ArrayLike] = None, method: str = "minmax",
              low: Any = None, high: Any = None, clip: bool = True, full: bool = False):
    """Normalise each column: minmax, zscore, goalposts (``low``/``high`` per column),
    rank, vector, sum or none; cost columns mirrored as documented. NaN cells stay NaN.
    ``full=True`` returns ``(values, notes)``."""
    x = _matrix(matrix, allow_nan=True)
    m = x.shape[1]
    lo = np.asarray(_per_column(low, m, "low", 0.0)) if low is not None else np.zeros(0)
    hi = np.asarray(_per_column(high, m, "high", 1.0)) if high is not None else np.zeros(0)
    if method in ("goalposts", "target") and (low is None or high is None):
        raise ValueError("low/high: goalposts normalisation needs both bounds")
    values, notes = _ev.normalise(x, _types(types, m) if types is not None else np.zeros(0),
                                  method, lo, hi, bool(clip))
    return (values, list(notes)) if full else values


normalize = normalise


def impute(matrix: ArrayLike, method: str = "mean", groups: Optional[ArrayLike] = None):
    """Replace NaN cells by mean, median, group_mean (needs ``groups``), zero, or keep them
    (leave_out). Returns ``(values, notes)``; the notes say what was done per column."""
    x = _matrix(matrix, allow_nan=True)
    g = np.zeros(0, dtype=np.int32) if groups is None else np.asarray(groups, dtype=np.int32)
    if groups is not None and g.shape != (x.shape[0],):
        raise ValueError(f"groups: expected one group per row ({x.shape[0]}), got shape {g.shape}")
    values, notes, _missing = _ev.impute(x, method, g)
    return values, list(notes)


# ---------------------------------------------------------------- raters

def pool_ratings(units: ArrayLike, raters: ArrayLike, values: ArrayLike, n_units: Optional[int] = None,
                 method: str = "mean", trim: float = 0.1, prior_strength: float = 5.0,
                 groups: Optional[ArrayLike] = None, correct_severity: bool = False) -> Dict[str, Any]:
    """Pool long-format ratings (unit index, rater index, value) per unit: mean, median,
    trimmed_mean or shrinkage toward the unit's group mean ``(n*mean + k*group_mean)/(n+k)``.
    Returns a dict of arrays: pooled, count, raw_mean, group_mean, severity, rater_count, notes."""
    u = np.asarray(units, dtype=np.int64).ravel()
    r = np.asarray(raters, dtype=np.int64).ravel()
    v = _vector(values, None, "values")
    if not (len(u) == len(r) == len(v)):
        raise ValueError(f"units/raters/values: lengths differ ({len(u)}, {len(r)}, {len(v)})")
    n = int(u.max()) + 1 if n_units is None and len(u) else int(n_units or 0)
    g = np.zeros(0, dtype=np.int32) if groups is None else np.asarray(groups, dtype=np.int32)
    out = _ev.pool_ratings(n, u.tolist(), r.tolist(), v, method, float(trim), float(prior_strength),
                           g, bool(correct_severity))
    out["notes"] = list(out["notes"])
    return out


def krippendorff_alpha(data: ArrayLike, level: str = "interval") -> float:
    """Krippendorff's alpha of a raters x units matrix (NaN = missing); level nominal,
    ordinal, interval or ratio — the `krippendorff` package's definitions."""
    x = _matrix(data, "data", allow_nan=True)
    return _ev.krippendorff_alpha(x, level)


def icc(data: ArrayLike) -> Dict[str, Any]:
    """Shrout & Fleiss ICC(1,1), (2,1), (3,1) and their k-rater forms from a raters x units
    matrix; units with a missing rating are dropped (counted)."""
    return _ev.icc(_matrix(data, "data", allow_nan=True))


# ---------------------------------------------------------------- uncertainty

def _spec_args(x, weights, types, weight_perturbation, normalisations, aggregations):
    m = x.shape[1]
    norms = [normalisations] if isinstance(normalisations, str) else list(normalisations)
    aggs = [aggregations] if isinstance(aggregations, str) else list(aggregations)
    if not norms:
        raise ValueError("normalisations: empty list")
    if not aggs:
        raise ValueError("aggregations: empty list")
    return _weights(weights, m), _types(types, m), float(weight_perturbation), norms, aggs


def monte_carlo_ranks(matrix: ArrayLike, weights: ArrayLike, types: Optional[ArrayLike] = None,
                      draws: int = 1000, weight_perturbation: float = 0.2,
                      normalisations: Union[str, Sequence[str]] = ("minmax",),
                      aggregations: Union[str, Sequence[str]] = ("weighted_sum",),
                      v: float = 0.5, seed: int = 42, threads: int = 0, keep_ranks: bool = False):
    """Rank intervals under uncertain weights (±perturbation, re-normalised), normalisation
    and aggregation (weighted_sum, geometric, topsis, vikor, promethee2): a DataFrame with
    nominal, median, p05, p95, mean rank per unit (a dict without pandas). Deterministic for
    a seed, whatever the thread count."""
    x = _matrix(matrix)
    w, t, pert, norms, aggs = _spec_args(x, weights, types, weight_perturbation, normalisations, aggregations)
    r = _ev.monte_carlo_ranks(x, w, t, pert, norms, aggs, float(v), int(draws), int(seed),
                              bool(keep_ranks), int(threads))
    cols = {"nominal": r["nominal"], "median": r["median"], "p05": r["p05"], "p95": r["p95"],
            "mean": r["mean"]}
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return dict(r)
    df = pd.DataFrame(cols)
    df.attrs["notes"] = list(r["notes"])
    if keep_ranks:
        df.attrs["ranks"] = r["ranks"]
    return df


def sobol_indices(matrix: ArrayLike, weights: ArrayLike, types: Optional[ArrayLike] = None,
                  base_samples: int = 500, weight_perturbation: float = 0.2,
                  normalisations: Union[str, Sequence[str]] = ("minmax", "zscore"),
                  aggregations: Union[str, Sequence[str]] = ("weighted_sum", "geometric"),
                  v: float = 0.5, seed: int = 42) -> Dict[str, Any]:
    """First-order and total Sobol indices of weights, normalisation and aggregation on the
    ranks (Saltelli 2010 / Jansen 1999); factors that do not vary are named in the notes."""
    x = _matrix(matrix)
    w, t, pert, norms, aggs = _spec_args(x, weights, types, weight_perturbation, normalisations, aggregations)
    r = _ev.sobol_indices(x, w, t, pert, norms, aggs, float(v), int(base_samples), int(seed))
    r["notes"] = list(r["notes"])
    return r


def rank_reversal(matrix: ArrayLike, weights: ArrayLike, types: Optional[ArrayLike] = None,
                  aggregation: str = "topsis", normalisation: str = "minmax", v: float = 0.5) -> Dict[str, Any]:
    """Remove each alternative in turn and count the pairs of others whose order flips."""
    x = _matrix(matrix)
    m = x.shape[1]
    r = _ev.rank_reversal(x, _weights(weights, m), _types(types, m), aggregation, normalisation, float(v))
    r["notes"] = list(r["notes"])
    return r


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
    except ValueError:  # no data directory found: only the package copy can serve
        pass
    return dirs


def shipped_schemes() -> List[str]:
    """Names of the schemes shipped with hatchnet (documented in docs/evaluation.md)."""
    return list(_SHIPPED)


def scheme_path(name: str) -> Path:
    """Path of a shipped scheme (``"mca_1000"``, ``"incubator"``)."""
    for d in _scheme_dirs():
        p = d / f"{name}.json"
        if p.exists():
            return p
    raise ValueError(f"scheme: no shipped scheme named {name!r} (shipped: {', '.join(_SHIPPED)}; "
                     f"looked in {', '.join(str(d) for d in _scheme_dirs())})")


def load_scheme(scheme: Any) -> "Scheme":
    """A Scheme from a shipped name, a path, JSON text, a dict, or a Scheme (returned as is)."""
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, dict):
        return Scheme.loads(_jsontext.dumps(scheme, "scheme"))
    if isinstance(scheme, os.PathLike):
        return Scheme.load(os.fspath(scheme))
    if isinstance(scheme, str):
        s = scheme.strip()
        if s.startswith("{"):
            return Scheme.loads(s)
        if s in _SHIPPED or ("/" not in s and not s.endswith(".json") and not os.path.exists(s)):
            return Scheme.load(os.fspath(scheme_path(s)))
        return Scheme.load(s)
    raise ValueError(f"scheme: expected a name, path, JSON text, dict or Scheme, got {type(scheme).__name__}")


def evaluate_scheme(scheme: Any, data, missing: str = "zero", groups: Optional[ArrayLike] = None):
    """Score a table (DataFrame or dict of columns; one row per unit; columns named as the
    scheme's leaves) on a scheme: a DataFrame with total, main, bonus, grade,
    grade_before_veto, vetoes and the points of every indicator."""
    import pandas as pd

    sc = load_scheme(scheme)
    df = pd.DataFrame(data)
    cols = [str(c) for c in df.columns]
    x = df.to_numpy(dtype=float, na_value=np.nan) if len(cols) else np.zeros((len(df), 0))
    if np.isinf(x).any():
        i, j = (int(v) for v in np.argwhere(np.isinf(x))[0])
        raise ValueError(f"row {i}: field '{cols[j]}': infinite value")
    g = np.zeros(0, dtype=np.int32) if groups is None else np.asarray(groups, dtype=np.int32)
    r = sc.evaluate(np.ascontiguousarray(x), cols, missing, g)
    out = pd.DataFrame({"total": r["total"], "main_points": r["main_points"],
                        "bonus_points": r["bonus_points"], "grade": r["grade"],
                        "grade_before_veto": r["grade_before_veto"],
                        "vetoes": [";".join(v) for v in r["vetoes"]]}, index=df.index)
    pts = pd.DataFrame(r["points"], columns=list(r["node_ids"]), index=df.index)
    out = pd.concat([out, pts], axis=1)
    out.attrs["notes"] = list(r["notes"])
    return out


# ---------------------------------------------------------------- network evaluation

_OPTION_KEYS = {"tiers", "pooling", "prior_strength", "trim", "shrink_toward", "correct_severity",
                "missing", "draws", "weight_perturbation", "aggregators", "seed", "threads", "commend"}


def _core_net(net):
    core = getattr(net, "_net", net)
    if not isinstance(core, _core.Network):
        raise ValueError("net: expected a hatchnet.Network")
    return core


def _column(df, names: Sequence[str], field: str, required: bool = True):
    for n in names:
        if n in df.columns:
            return df[n]
    if required:
        raise ValueError(f"{field}: the ratings table needs a column named {' or '.join(repr(n) for n in names)}")
    return None


def generate_ratings(net, scheme: Any = "incubator", seed: int = 2024, ratings_per_unit: float = 8.0,
                     third_party_ratings: bool = True, missing_share: float = 0.0):
    """Plausible, seeded evaluation data for a network: ``(indicators, ratings)`` DataFrames
    (indicators: one row per incubator, ``id`` + the scheme's non-rated leaf columns;
    ratings: unit, rater, column, source, value). Deterministic for a seed."""
    import pandas as pd

    sc = load_scheme(scheme)
    ind, rat = _ev.generate_evaluation_data(_core_net(net), sc, int(seed), float(ratings_per_unit),
                                            bool(third_party_ratings), float(missing_share))
    idf = pd.DataFrame(ind["values"], columns=list(ind["columns"]))
    idf.insert(0, "id", list(ind["ids"]))
    rdf = pd.DataFrame({"unit": rat["unit"], "rater": rat["rater"], "column": rat["column"],
                        "source": rat["source"], "value": rat["value"]})
    return idf, rdf


def disclosure_file_name(incubator_id: str) -> str:
    """The file name of an incubator's disclosure page, the same on every surface (the CLI's
    ``hatchnet evaluate --out``, :meth:`Evaluation.write`): bytes in ``[A-Za-z0-9-_.]`` kept
    (a leading ``.`` excepted), every other byte of the UTF-8 id percent-encoded, ``.html``
    added — ``"东街"`` -> ``"%E4%B8%9C%E8%A1%97.html"``, ``"a b"`` -> ``"a%20b.html"``.
    Distinct ids always give distinct names."""
    return _ev.disclosure_file_name(str(incubator_id))


class Evaluation:
    """The result of :func:`evaluate_network`: DataFrames of scores, grades, ranks (with
    Monte-Carlo rank intervals), group summaries by tier and district, commendations,
    indicator points and pooled ratings, plus per-incubator disclosure (JSON / HTML)."""

    def __init__(self, core, net, scheme):
        import pandas as pd

        self._core = core
        self._net = net
        self.scheme = scheme
        self.scores = pd.DataFrame(core.unit_columns())
        rank_cols = [c for c in ("id", "tier", "district", "total", "rank", "rank_in_tier",
                                 "rank_in_district", "rank_p05", "rank_median", "rank_p95")
                     if c in self.scores.columns]
        self.grades = self.scores[["id", "tier", "district", "total", "score", "grade",
                                   "grade_before_veto", "vetoes"]].copy()
        self.ranks = self.scores[rank_cols].copy()
        self.by_tier = pd.DataFrame(core.groups("tier"))
        self.by_district = pd.DataFrame(core.groups("district"))
        self.groups = {"tier": self.by_tier, "district": self.by_district}
        self.commended = pd.DataFrame(core.commended())
        ids, pts = core.points()
        self.points = pd.DataFrame(pts, columns=list(ids))
        self.points.insert(0, "id", self.scores["id"].to_numpy())
        cols, data = core.data()
        self.data = pd.DataFrame(data, columns=list(cols))
        self.data.insert(0, "id", self.scores["id"].to_numpy())
        rcols, pooled, raw, count, alpha = core.pooled()
        self.pooled = pd.DataFrame(pooled, columns=list(rcols))
        self.pooled.insert(0, "id", self.scores["id"].to_numpy())
        self.rating_counts = pd.DataFrame(count, columns=list(rcols))
        self.rating_counts.insert(0, "id", self.scores["id"].to_numpy())
        self.alpha = {c: (None if _math.isnan(a) else float(a)) for c, a in zip(rcols, alpha)}
        self.notes = list(core.notes)

    def __repr__(self) -> str:
        dist = self.scores["grade"].value_counts().to_dict()
        return f"<hatchnet.evaluate.Evaluation {len(self.scores)} incubators on {self.scheme.id!r}: {dist}>"

    def disclosure(self, incubator_id: str) -> Dict[str, Any]:
        """The disclosure report of one incubator as a dict (score by indicator, grade and
        vetoes, rank and its interval, number of raters, reliability, notes)."""
        return _json.loads(self._core.disclosure(incubator_id))

    def disclosure_html(self, incubator_id: str) -> str:
        """A standalone, escaped HTML page of the disclosure report."""
        return self._core.disclosure_html(incubator_id)

    def to_json(self, indent: int = -1) -> str:
        return self._core.to_json(indent)

    def write(self, directory: "str | os.PathLike[str]") -> Path:
        """Write ``evaluation.json`` and one disclosure page per incubator, named by
        :func:`disclosure_file_name` (the id percent-encoded, as ``hatchnet evaluate --out``
        names them), so distinct ids never share a page."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        # durable writes: a kill mid-write leaves each file whole, old or new
        _core.write_file(os.fspath(d / "evaluation.json"), self.to_json(2))
        for i in self.scores["id"]:
            _core.write_file(os.fspath(d / disclosure_file_name(str(i))), self.disclosure_html(i))
        return d

    def network_with_scores(self):
        """A copy of the network with every evaluated node's ``score`` set (0–100): what the
        referral engine's evaluation factor reads."""
        from .network import Network

        return Network(self._core.with_scores())


def evaluate_network(net, scheme: Any, ratings=None, indicators=None, **options) -> Evaluation:
    """Evaluate a network's incubators on a scheme.

    ``ratings``: a DataFrame (or dict of columns) in long format — ``unit`` (incubator id;
    also ``incubator`` or ``id``), ``rater``, ``column`` (the scheme leaf column the pooled
    value fills; also ``indicator``), optional ``source`` (recipients | third_party),
    ``value``; or the ``(indicators, ratings)`` pair from :func:`generate_ratings`; or the
    string ``"generate"`` (seeded data from :func:`generate_ratings`, ``data_seed`` option).
    ``indicators``: a DataFrame with an ``id`` column and one column per data leaf.
    Options: tiers, pooling (shrinkage | mean | median | trimmed_mean), prior_strength, trim,
    shrink_toward (tier | district | all), correct_severity, missing, draws (0 = no rank
    intervals), weight_perturbation, aggregators (e.g. ``["arithmetic", "geometric"]``: each
    draw of the rank intervals aggregates every internal indicator with one of them, drawn
    uniformly; default: the scheme's own), seed, threads, commend (dict: by, top_k, min_score,
    min_grade, ties).
    Unknown incubator ids, unknown options and bad values raise ValueError naming them."""
    import pandas as pd

    sc = load_scheme(scheme)
    core_net = _core_net(net)
    data_seed = options.pop("data_seed", 2024)
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
    unknown = set(options) - _OPTION_KEYS
    if unknown:
        raise ValueError(f"options: unknown option(s) {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(_OPTION_KEYS))})")
    if "tiers" in options and options["tiers"] is not None:
        t = options["tiers"]
        options["tiers"] = [t] if isinstance(t, str) else list(t)
        if not options["tiers"]:
            raise ValueError("tiers: empty list (empty group): no tier to evaluate")
    # indicators
    if indicators is None:
        ind_ids, ind_cols, ind_vals = [], [], np.zeros((0, 0))
    else:
        idf = pd.DataFrame(indicators)
        if "id" not in idf.columns:
            raise ValueError("indicators: needs an 'id' column naming the incubator")
        ind_ids = [str(v) for v in idf["id"]]
        vals = idf.drop(columns=["id"])
        ind_cols = [str(c) for c in vals.columns]
        try:
            ind_vals = vals.to_numpy(dtype=float, na_value=np.nan) if ind_cols else np.zeros((len(idf), 0))
        except (TypeError, ValueError) as e:
            raise ValueError(f"indicators: every column but 'id' must be numeric ({e})") from None
        if np.isinf(ind_vals).any():
            i, j = (int(v) for v in np.argwhere(np.isinf(ind_vals))[0])
            raise ValueError(f"indicators row {i} ({ind_ids[i]}): field '{ind_cols[j]}': infinite value")
    # ratings
    if ratings is None:
        ru, rr, rc, rs, rv = [], [], [], [], []
    else:
        rdf = pd.DataFrame(ratings)
        ru = [str(v) for v in _column(rdf, ("unit", "incubator", "id"), "unit")]
        rr = [str(v) for v in _column(rdf, ("rater",), "rater")]
        rc = [str(v) for v in _column(rdf, ("column", "indicator"), "column")]
        src = _column(rdf, ("source",), "source", required=False)
        rs = [] if src is None else ["" if v is None or (isinstance(v, float) and _math.isnan(v)) else str(v) for v in src]
        try:
            rv = np.asarray(_column(rdf, ("value",), "value"), dtype=float)
        except (TypeError, ValueError) as e:
            raise ValueError(f"value: ratings must be numbers ({e})") from None
        if not np.isfinite(rv).all():
            k = int(np.argwhere(~np.isfinite(rv))[0][0])
            raise ValueError(f"rating {k} (unit {ru[k]}): field 'value': {rv[k]} is not a finite number")
        rv = rv.tolist()
    core = _ev.evaluate_network(core_net, sc, ind_ids, ind_cols, np.ascontiguousarray(ind_vals, dtype=float),
                                ru, rr, rc, rs, rv, _jsontext.dumps(options, "options"))
    return Evaluation(core, net, sc)


# ---------------------------------------------------------------- plotting

def plot_rank_intervals(result, top: int = 30, ax=None, title: Optional[str] = None):
    """Horizontal bars of the 5th–95th percentile rank of the best ``top`` units, with the
    median and the nominal rank. ``result``: an :class:`Evaluation`, its ``ranks``
    DataFrame, or the DataFrame of :func:`monte_carlo_ranks`. Needs matplotlib."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - optional dependency
        raise ImportError("plot_rank_intervals needs matplotlib (pip install matplotlib)") from e
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
