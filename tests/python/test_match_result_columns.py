"""match()'s result tables are built in C++ as columns (few-valued columns as one str object
per value, the garbage collector paused while the lists are made, the needs' text read in
place). The reference is the JSON result of the C ABI and the CLI (as_json=True), written by
an independent writer: the same rows, field for field."""
import gc
import json

import pandas as pd
import pytest

from hatchnet import matching


@pytest.fixture(scope="module")
def demand(beijing):
    return matching.demo_demand(beijing, seed=11, needs=2500)


def test_tables_equal_the_json_result(beijing, demand):
    needs, resources = demand
    r = beijing.match(needs, resources)
    j = json.loads(beijing.match(needs, resources, as_json=True))
    assert len(r.assignments) == len(j["assignments"]) > 0
    for k in ("need", "organization", "resource", "provider", "category", "quantity", "distance", "cost"):
        assert r.assignments[k].tolist() == [a[k] for a in j["assignments"]], k
    assert len(r.unserved) == len(j["unserved"]) > 0
    for k in ("need", "category", "priority", "requested", "served", "reason", "detail", "blocked_by",
              "full_resources"):
        assert r.unserved[k].tolist() == [u[k] for u in j["unserved"]], k
    assert set(r.unserved["reason"]) <= set(matching.UNSERVED_REASONS)


def test_non_ascii_text_through_the_column_path(beijing, demand):
    """Needs' ids, categories and groups in UTF-8 beyond ASCII read in place as the JSON
    path reads them."""
    needs, resources = demand
    n = needs.assign(id=[f"需求-{i}" for i in range(len(needs))],
                     group=["东城" if i % 2 else "西城" for i in range(len(needs))])
    assert matching._needs_columns(n) is not None
    fast = beijing.match(n, resources, fair="group")
    ref = beijing.match([{k: v for k, v in row.items() if v is not None and v == v}
                         for row in n.to_dict("records")], resources, fair="group")
    pd.testing.assert_frame_equal(fast.assignments, ref.assignments, check_exact=True)
    pd.testing.assert_frame_equal(fast.unserved, ref.unserved, check_exact=True)
    pd.testing.assert_frame_equal(fast.groups, ref.groups, check_exact=True)
    assert fast.assignments["need"].str.startswith("需求-").all()


def test_garbage_collector_state_kept(beijing, demand):
    needs, resources = demand
    assert gc.isenabled()
    beijing.match(needs.iloc[:300], resources)
    assert gc.isenabled()
    gc.disable()
    try:
        beijing.match(needs.iloc[:300], resources)
        assert not gc.isenabled()  # paused and resumed as it was: still off
    finally:
        gc.enable()
