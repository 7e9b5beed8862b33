"""coverage() reads its regions table as columns built in C++ (_core.coverage_columns); the
reference is the JSON path (_core.coverage_json, every row a JSON object turned into columns
by the generic converter): the same table, column for column and dtype for dtype, and the
same summary, lacking regions, notes and catchment."""
import importlib
import json

import pandas as pd
import pytest

import hatchnet
from hatchnet import _core

cov = importlib.import_module("hatchnet.coverage")  # the module (hatchnet.coverage may name the function)


def reference(net, opts):
    return _core.coverage_json(hatchnet._util.core_net(net), cov._options(opts, "coverage options"), cov._table, None)


def fast(net, opts):
    return _core.coverage_columns(hatchnet._util.core_net(net), cov._options(opts, "coverage options"), cov._table,
                                  None)


OPTIONS = [
    {},
    {"accessibility": False},
    {"two_step": False, "expect_community": True},
    {"counted_tiers": ["street"], "relations": ["guidance"]},
    {"demand_level": "street", "gaussian_decay": True, "catchment_km": 5.0},
]


@pytest.mark.parametrize("opts", OPTIONS, ids=[json.dumps(o) for o in OPTIONS])
def test_same_as_the_json_path(beijing, opts):
    a, b = fast(beijing, opts), reference(beijing, opts)
    ra, rb = a.pop("regions"), b.pop("regions")
    b.pop("sameness")
    pd.testing.assert_frame_equal(ra, rb, check_exact=True)
    assert list(ra.dtypes) == list(rb.dtypes)
    la, lb = a.pop("lacking"), b.pop("lacking")
    if isinstance(lb, pd.DataFrame):
        pd.testing.assert_frame_equal(la, lb, check_exact=True)
    else:
        assert la == lb
    assert a.keys() == b.keys()
    assert json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def test_small_networks(small_path):
    net = hatchnet.Network.load(small_path)
    for opts in OPTIONS[:3]:
        a, b = fast(net, opts), reference(net, opts)
        pd.testing.assert_frame_equal(a["regions"], b["regions"], check_exact=True)
    df = net.coverage()
    assert df.index.tolist() == df["code"].tolist()
    assert set(df.attrs) >= {"summary", "lacking", "notes", "catchment_km"}
