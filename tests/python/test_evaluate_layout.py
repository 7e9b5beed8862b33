"""evaluate_scheme and topsis take the table in whatever memory layout it has (C order, a
DataFrame's column-major block, strided views, a dict of float columns) and copy it once in
C++. The references: the scheme scored through Scheme.evaluate (pybind11's own Eigen
conversion of a C-order copy, the path evaluate_scheme took before) with the vetoes joined in
Python, and TOPSIS written out in numpy; every layout gives the same numbers."""
import numpy as np
import pandas as pd
import pytest

from hatchnet import evaluate as ev


def scheme(m):
    """Four areas over the columns i0 .. i{m-1}, with a veto on i0 and a bonus area."""
    per, pts = m // 4, (70, 490, 320, 100)
    inds = []
    for a in range(4):
        inds.append({"id": f"area{a}", "points": pts[a]})
        cnt = m - 3 * per if a == 3 else per
        inds += [{"id": f"i{a * per + k}", "parent": f"area{a}", "weight": 1.0 / cnt, "scoring": "minmax"}
                 for k in range(cnt)]
    inds += [{"id": "extra", "points": 30, "bonus": True, "cap": 20},
             {"id": "extra.i1", "parent": "extra", "points": 30, "column": "i1", "scoring": "minmax"}]
    return {"id": "layout", "total_points": 1000, "indicators": inds, "strict_sums": False,
            "vetoes": [{"id": "low_i0", "indicator": "i0", "on": "value", "op": "<", "threshold": 20,
                        "max_grade": "2A"},
                       {"id": "low_i2", "indicator": "i2", "on": "value", "op": "<", "threshold": 25,
                        "max_grade": "1A"}],
            "grades": [{"name": g, "min_points": p} for g, p in
                       (("5A", 900), ("4A", 800), ("3A", 700), ("2A", 600), ("1A", 500))]}


def reference(sc, df, missing="zero", groups=None):
    """evaluate_scheme as it was: C-order values through Scheme.evaluate, vetoes joined here."""
    cols = [str(c) for c in df.columns]
    x = np.ascontiguousarray(df.to_numpy(dtype=float, na_value=np.nan))
    g = np.zeros(0, dtype=np.int32) if groups is None else np.asarray(groups, dtype=np.int32)
    r = sc.evaluate(x, cols, missing, g)
    out = pd.DataFrame({"total": r["total"], "main_points": r["main_points"], "bonus_points": r["bonus_points"],
                        "grade": r["grade"], "grade_before_veto": r["grade_before_veto"],
                        "vetoes": [";".join(v) for v in r["vetoes"]]}, index=df.index)
    out = pd.concat([out, pd.DataFrame(r["points"], columns=list(r["node_ids"]), index=df.index)], axis=1)
    out.attrs["notes"] = list(r["notes"])
    return out


def same(a, b):
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a.attrs["notes"] == b.attrs["notes"]


@pytest.fixture(scope="module")
def loaded():
    return ev.load_scheme(scheme(12))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_layout_scores_as_before(loaded, seed):
    rng = np.random.default_rng(seed)
    n = 257
    x = 1 + 99 * rng.random((n, 12))
    x[rng.random((n, 12)) < 0.05] = np.nan
    cols = [f"i{j}" for j in range(12)]
    df = pd.DataFrame(x, columns=cols, index=[f"u{k}" for k in range(n)])
    ref = reference(loaded, df)
    assert (ref["vetoes"] != "").any() and (ref["vetoes"].str.contains(";")).any()  # vetoes exercised
    same(ev.evaluate_scheme(loaded, df), ref)  # a DataFrame (one block, column-major)
    data = {c: x[:, j] for j, c in enumerate(cols)}  # strided columns of a C-order matrix
    plain = reference(loaded, pd.DataFrame(data))
    same(ev.evaluate_scheme(loaded, data), plain)
    same(ev.evaluate_scheme(loaded, {c: np.ascontiguousarray(v) for c, v in data.items()}), plain)
    same(ev.evaluate_scheme(loaded, {c: v.tolist() for c, v in data.items()}), plain)  # lists: the DataFrame way
    mixed = df.assign(i3=np.arange(n), i4=(np.arange(n) % 50).astype(np.float32))  # several blocks
    same(ev.evaluate_scheme(loaded, mixed), reference(loaded, mixed))
    view = pd.DataFrame(np.vstack([x, x])[::2], columns=cols)  # strided rows
    same(ev.evaluate_scheme(loaded, view), reference(loaded, view))
    for how in ("mean", "median"):
        same(ev.evaluate_scheme(loaded, data, missing=how), reference(loaded, pd.DataFrame(data), missing=how))


def test_dict_forms_that_are_not_a_plain_table(loaded):
    """Dicts the column list does not take keep the DataFrame's reading of them."""
    rest = {f"i{j}": np.full(3, 40.0 + j) for j in range(2, 12)}
    aligned = dict(rest, i0=pd.Series([50.0, 60.0, 70.0], index=[2, 0, 1]), i1=pd.Series([1.0, 2.0], index=[0, 1]))
    same(ev.evaluate_scheme(loaded, aligned), reference(loaded, pd.DataFrame(aligned)))  # aligned on the index
    masked = dict(rest, i0=np.ma.masked_array([50.0, 60.0, 5.0], mask=[True, False, False]), i1=np.ones(3))
    same(ev.evaluate_scheme(loaded, masked), reference(loaded, pd.DataFrame(masked)))  # masked: missing
    swapped = dict(rest, i0=np.array([50.0, 60.0, 5.0], dtype=">f8"), i1=np.ones(3, dtype=np.float32))
    same(ev.evaluate_scheme(loaded, swapped), reference(loaded, pd.DataFrame(swapped)))
    with pytest.raises(ValueError):  # lengths differ: refused as pandas refuses them
        ev.evaluate_scheme(loaded, dict(rest, i0=np.zeros(3), i1=np.zeros(4)))
    with pytest.raises(ValueError, match="^i1: field 'column': no data column 'i1'"):  # named by the core
        ev.evaluate_scheme(loaded, {k: v for k, v in dict(rest, i0=np.zeros(3)).items()})


def topsis_reference(x, w, t):
    """TOPSIS with min-max normalisation (pymcdm's default), written out."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    z = np.where(t > 0, (x - lo) / (hi - lo), (hi - x) / (hi - lo)) * w
    dp = np.sqrt(((z - z.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((z - z.min(axis=0)) ** 2).sum(axis=1))
    return dm / (dp + dm)


@pytest.mark.parametrize("seed", [4, 5])
def test_topsis_any_layout(seed):
    rng = np.random.default_rng(seed)
    x = 1 + 99 * rng.random((300, 7))
    w = rng.random(7)
    w /= w.sum()
    t = np.where(rng.random(7) < 0.3, -1.0, 1.0)
    base = ev.topsis(x, w, t)
    np.testing.assert_allclose(base, topsis_reference(x, w, t), rtol=0, atol=1e-12)
    big = np.zeros((600, 21))
    big[::2, ::3] = x
    for y in (np.asfortranarray(x), big[::2, ::3], x[::-1][::-1], pd.DataFrame(x)):
        np.testing.assert_array_equal(np.asarray(ev.topsis(y, w, t)), base)
    ints = np.rint(x).astype(np.int64)
    np.testing.assert_array_equal(ev.topsis(ints, w, t), ev.topsis(ints.astype(float), w, t))
