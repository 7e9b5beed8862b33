"""coverage() keeps each network's region codes and names as str (hatchnet.coverage's
_REGION_TEXT, made by _core.region_text) and hands them to _core.coverage_columns, which
uses an entry only when it is the report's very text. The reference is the JSON path
(_core.coverage_json): the same table whatever cache is passed, stale, foreign or broken."""
import gc
import importlib

import pandas as pd

import hatchnet
from hatchnet import _core

cov = importlib.import_module("hatchnet.coverage")


def reference(net):
    return _core.coverage_json(hatchnet._util.core_net(net), cov._options({}, "coverage options"), cov._table,
                               None)["regions"]


def with_text(net, text):
    return _core.coverage_columns(hatchnet._util.core_net(net), cov._options({}, "coverage options"), cov._table,
                                  None, text)["regions"]


def test_cached_text_gives_the_same_table(beijing):
    ref = reference(beijing)
    first, second = beijing.coverage(), beijing.coverage()  # the second one reads the cache
    assert hatchnet._util.core_net(beijing) in cov._REGION_TEXT
    for df in (first, second):
        pd.testing.assert_frame_equal(df.reset_index(drop=True), ref, check_exact=True)
    codes, names = _core.region_text(hatchnet._util.core_net(beijing))
    assert len(codes) == len(names) == len(beijing.regions)
    assert set(ref["code"]) <= set(codes) and set(ref["name"]) <= set(names)


def test_stale_or_broken_text_is_not_used(beijing, small_path):
    ref = reference(beijing)
    small = hatchnet.Network.load(small_path)
    codes, names = _core.region_text(hatchnet._util.core_net(beijing))
    shifted = (codes[1:] + codes[:1], names[1:] + names[:1])  # every entry the wrong region's
    surrogates = (["\ud800"] * len(codes), [b"x"] * len(names))  # not encodable / not str
    for text in (_core.region_text(hatchnet._util.core_net(small)), shifted, surrogates, (codes[:3], names[:3]),
                 ([], []), (None, None), ("abc", 5), (codes,), None):
        pd.testing.assert_frame_equal(with_text(beijing, text), ref, check_exact=True)


def test_cache_dies_with_its_network(small_path):
    net = hatchnet.Network.load(small_path)
    net.coverage()
    n = len(cov._REGION_TEXT)
    del net
    gc.collect()
    assert len(cov._REGION_TEXT) == n - 1
