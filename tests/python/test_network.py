"""The Network class from Python: loading, saving, validation, tables, graph queries."""
import pickle

import pandas as pd
import pytest

import hatchnet


def test_version():
    # One source: HN_VERSION_* in the C header; the module and the wheel's metadata agree.
    import importlib.metadata
    import pathlib
    import re

    header = pathlib.Path(__file__).resolve().parents[2] / "capi/include/hatchnet/hatchnet.h"
    parts = [re.search(rf"#define HN_VERSION_{k} (\d+)", header.read_text()).group(1)
             for k in ("MAJOR", "MINOR", "PATCH")]
    assert hatchnet.__version__ == ".".join(parts)
    assert importlib.metadata.version("hatchnet") == hatchnet.__version__


def test_load_tables_and_queries(small_path):
    net = hatchnet.Network.load(small_path)
    assert len(net) == 10
    nodes = net.nodes
    assert isinstance(nodes, pd.DataFrame)
    assert list(nodes["id"][:2]) == ["cc", "sec-elder"]
    assert nodes.set_index("id").loc["d-east", "capacity"] == 30
    assert nodes.set_index("id").loc["soc-1", "sectors"] == ["elder_care", "youth"]
    assert pd.isna(nodes.set_index("id").loc["cc", "lat"])
    orgs = net.organizations
    assert orgs.groupby("type").size().to_dict() == {
        "association": 1, "community_org": 2, "foundation": 1, "service_org": 1}
    assert net.count_by_tier()["street"] == 3
    assert net.guidance_children("d-east") == ["s-east-1", "s-east-2"]
    assert net.guidance_parents("soc-1") == ["sec-elder"]
    assert net.neighbours("soc-1", "contract") == ["d-east"]
    assert net.incubators_serving("110101001002") == [
        "cc", "sec-elder", "d-east", "s-east-1", "c-east-b", "soc-1"]
    assert net.hops("c-east-a", "s-west-1") == 4
    assert net.hops("s-east-2", "cc", relation="referral") == -1
    assert net.validate() == []
    assert [w for w in net.warnings() if w["code"] != "missing_function"] == []


def test_round_trip_is_byte_exact(small_path, tmp_path):
    net = hatchnet.Network.load(small_path)
    text = net.dumps()
    again = hatchnet.Network.loads(text)
    assert again.dumps() == text
    out = tmp_path / "n.json.gz"
    net.save(out)
    assert hatchnet.Network.load(out).dumps() == text
    assert hatchnet.Network.loads(net.dumps(indent=2)).dumps() == text


def test_pickle(small_path):
    net = hatchnet.Network.load(small_path)
    clone = pickle.loads(pickle.dumps(net))
    assert clone.dumps() == net.dumps()


def test_to_networkx(small_path):
    nx = pytest.importorskip("networkx")
    g = hatchnet.Network.load(small_path).to_networkx()
    assert g.number_of_nodes() == 10 and g.number_of_edges() == 12
    assert g.nodes["d-east"]["tier"] == "district"
    und = nx.Graph(g)
    assert nx.shortest_path_length(und, "c-east-a", "s-west-1") == 4


def test_bad_input_raises_value_error_naming_record_and_field(bad_path, tmp_path):
    with pytest.raises(ValueError) as e:
        hatchnet.Network.load(bad_path)
    msg = str(e.value)
    assert "node d1: field 'id'" in msg and "duplicate" in msg
    assert "organization o1: field 'home'" in msg
    with pytest.raises(ValueError, match="line 1"):
        hatchnet.Network.loads("{oops")
    with pytest.raises(ValueError, match="tier"):
        hatchnet.Network.loads('{"nodes":[{"id":"a","tier":"ward","region":"110101"}]}')
    with pytest.raises(FileNotFoundError, match="cannot open"):
        hatchnet.Network.load(tmp_path / "missing.json")
    with pytest.raises(IsADirectoryError):
        hatchnet.Network.load(tmp_path)
    broken = hatchnet.Network.load(bad_path, validate=False)
    codes = {e["code"] for e in broken.validate()}
    assert {"duplicate_id", "bad_region_code", "unknown_reference", "guidance_upward"} <= codes
    net = hatchnet.Network.load(bad_path.parent / "small.json")
    with pytest.raises(ValueError, match="ghost"):
        net.guidance_children("ghost")
    with pytest.raises(ValueError, match="relation"):
        net.neighbours("cc", "friendship")


def test_schema_is_json():
    import json
    schema = json.loads(hatchnet.network_schema())
    assert schema["properties"]["format"]["const"] == "hatchnet-network"
