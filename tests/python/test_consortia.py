"""Consortia (§5.1) and contracts (§5.4) from Python: the network's tables, pooled matching
and contract-scoped routing with their explanations, bad input naming record and field."""
import json

import pytest

import hatchnet

NETWORK = {
    "format": "hatchnet-network", "version": 1,
    "regions": [{"code": "11"}, {"code": "110101"}, {"code": "110102"}, {"code": "110103"}],
    "nodes": [
        {"id": "d1", "tier": "district", "region": "110101", "services": ["office"], "capacity": 5},
        {"id": "d2", "tier": "district", "region": "110102", "services": ["legal", "venue"], "capacity": 5},
        {"id": "d3", "tier": "district", "region": "110103", "services": ["venue"], "capacity": 5},
    ],
    "organizations": [{"id": "o1", "type": "service_org", "region": "110101", "home": "d1", "credit": 80}],
    "consortia": [{"id": "C1", "name": "pool", "members": ["d1", "d2"], "services": ["space"], "region": "11"}],
    "contracts": [{"id": "K1", "parties": ["d1", "d2"], "scope": ["legal"], "start": "2024-01-01",
                   "end": "2025-12-31", "terms": "legal referrals"}],
}


@pytest.fixture
def net():
    return hatchnet.Network.loads(json.dumps(NETWORK))


def test_tables(net):
    c = net.consortia
    assert list(c.index) == ["C1"]
    assert list(c.loc["C1", "members"]) == ["d1", "d2"]
    assert list(c.loc["C1", "services"]) == ["space"]
    k = net.contracts
    assert k.loc["K1", "start"] == "2024-01-01" and k.loc["K1", "end"] == "2025-12-31"
    assert list(k.loc["K1", "scope"]) == ["legal"] and k.loc["K1", "terms"] == "legal referrals"
    plain = dict(NETWORK)
    del plain["consortia"], plain["contracts"]
    bare = hatchnet.Network.loads(json.dumps(plain))
    assert bare.consortia.empty and bare.contracts.empty


def test_bad_entities_name_record_and_field():
    bad = dict(NETWORK, contracts=[dict(NETWORK["contracts"][0], end="2023-01-01")])
    with pytest.raises(ValueError, match=r"contract K1.*end"):
        hatchnet.Network.loads(json.dumps(bad))
    bad = dict(NETWORK, consortia=[dict(NETWORK["consortia"][0], members=["d1", "ghost"])])
    with pytest.raises(ValueError, match=r"consortium C1.*members\[1\]"):
        hatchnet.Network.loads(json.dumps(bad))


def test_match_from_the_pool(net):
    needs = [{"id": "n1", "organization": "o1", "category": "venue", "quantity": 2}]
    resources = [{"id": "r2", "provider": "d2", "category": "venue", "capacity": 5, "unit_cost": 1},
                 {"id": "r3", "provider": "d3", "category": "venue", "capacity": 5, "unit_cost": 0}]
    home = net.match(needs, resources, providers="home")
    assert home.summary["served"] == 2
    assert list(home.assignments["resource"]) == ["r2"]
    assert list(home.assignments["via_consortium"]) == ["C1"]
    alone = net.match(needs, resources, providers="home", pooling=False)
    assert alone.summary["served"] == 0
    assert "pooling is off" in alone.unserved.loc["n1", "detail"]
    anywhere = net.match(needs, resources)
    assert anywhere.summary["weighted_served"] >= home.summary["weighted_served"]
    with pytest.raises(ValueError, match="providers"):
        net.match(needs, resources, providers="everyone")
    text = json.loads(net.match(needs, resources, providers="home", as_json=True))
    assert text["assignments"][0]["via_consortium"] == "C1"


def test_route_within_scope_and_period(net):
    request = {"type": "service_org", "needs": ["legal"], "first_contact": "d1"}
    ok = net.refer(dict(request, as_of="2025-06-01"))
    assert ok.chosen == "d2" and ok.as_of == "2025-06-01"
    assert list(ok.route["contract"]) == ["K1"] and ok.contracts.empty
    late = net.refer(dict(request, as_of="2026-01-01"))
    assert late.status == "no_candidate"
    assert late.contracts.loc["K1", "reason"] == "contract K1 expired on 2025-12-31"
    assert "contract_unusable" in late.excluded.loc["d2", "reasons"]
    assert late.excluded.loc["d2", "contract"] == "K1"
    other = net.refer(dict(request, needs=["venue", "legal"], as_of="2025-06-01"))
    assert other.contracts.loc["K1", "reason"] == "contract K1 does not cover service venue"
    assert "contract_unusable" in hatchnet.referral.REASONS
    with pytest.raises(ValueError, match="as_of"):
        net.refer(dict(request, as_of="June"))


def test_beijing_example_consortia_file():
    """examples/data/beijing_consortia.json merges into the embedded network and validates."""
    import runpy
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "python" / "consortia.py"
    net = runpy.run_path(str(path))["beijing_with_consortia"]()
    assert len(net.consortia) == 2 and len(net.contracts) == 2
    request = {"type": "association", "sectors": ["elder_care"], "needs": ["legal"],
               "first_contact": "district-110105", "region": "110105001"}
    late = net.refer(dict(request, as_of="2027-01-01"))
    assert list(late.contracts["reason"]) == ["contract haidian-chaoyang-venues expired on 2025-12-31"]
    now = net.refer(dict(request, as_of="2025-06-01"))
    assert list(now.contracts["reason"]) == ["contract haidian-chaoyang-venues does not cover service legal"]
