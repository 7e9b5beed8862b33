"""Hostile inputs for evaluate_scheme's dict-of-columns fast path (python/hatchnet/evaluate.py,
_scheme_table): the reference is the DataFrame path, pd.DataFrame(data) scored through
Scheme.evaluate on a C-order copy (as tests/python/test_evaluate_layout.py's reference())."""
import numpy as np
import pandas as pd
import pytest

from hatchnet import evaluate as ev


def _scheme(m=12):
    per, pts = m // 4, (70, 490, 320, 100)
    inds = []
    for a in range(4):
        inds.append({"id": f"area{a}", "points": pts[a]})
        cnt = m - 3 * per if a == 3 else per
        inds += [{"id": f"i{a * per + k}", "parent": f"area{a}", "weight": 1.0 / cnt, "scoring": "minmax"}
                 for k in range(cnt)]
    return {"id": "hostile", "total_points": 1000, "indicators": inds, "strict_sums": False,
            "grades": [{"name": g, "min_points": p} for g, p in (("5A", 900), ("3A", 700), ("1A", 500))]}


def _reference(sc, df):
    cols = [str(c) for c in df.columns]
    x = np.ascontiguousarray(df.to_numpy(dtype=float, na_value=np.nan))
    r = sc.evaluate(x, cols, "zero", np.zeros(0, dtype=np.int32))
    return pd.Series(r["total"], index=df.index, name="total")


@pytest.fixture(scope="module")
def sc():
    return ev.load_scheme(_scheme())


def _data(n=6, seed=1):
    rng = np.random.default_rng(seed)
    return {f"i{j}": 1 + 99 * rng.random(n) for j in range(12)}


class _ReversedIter(dict):
    """A dict whose iteration order is not its values() order (e.g. a sorted-view mapping)."""

    def __iter__(self):
        return reversed(list(super().__iter__()))


class _Transformed(dict):
    """A dict subclass whose __getitem__ is the mapping's reading of its values."""

    def __getitem__(self, k):
        return super().__getitem__(k) * 0 + 50.0


@pytest.mark.parametrize("cls", [_ReversedIter, _Transformed])
def test_dict_subclass_is_read_as_pandas_reads_it(sc, cls):
    # _scheme_table pairs [str(c) for c in data] (__iter__) with list(data.values()) (dict's
    # own storage, bypassing __getitem__); pd.DataFrame(data) reads data.keys() and data[k].
    data = cls(_data())
    want = _reference(sc, pd.DataFrame(data))
    got = ev.evaluate_scheme(sc, data)["total"]
    pd.testing.assert_series_equal(got, want, check_exact=True)  # columns mislabeled / values differ


def test_plain_dict_and_layouts_still_agree(sc):
    """Passing control: a plain dict, zero rows, one row, strided columns."""
    d = _data()
    pd.testing.assert_series_equal(ev.evaluate_scheme(sc, d)["total"], _reference(sc, pd.DataFrame(d)), check_exact=True)
    z = {k: np.zeros(0) for k in d}
    pd.testing.assert_series_equal(ev.evaluate_scheme(sc, z)["total"], _reference(sc, pd.DataFrame(z)), check_exact=True)
    big = np.column_stack(list(d.values()))
    s = {k: big[::-1, j][::-1] for j, k in enumerate(d)}
    pd.testing.assert_series_equal(ev.evaluate_scheme(sc, s)["total"], _reference(sc, pd.DataFrame(s)), check_exact=True)
