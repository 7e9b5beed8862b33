"""The district-level sector tier (区级业务主管单位、行业管理部门、群团组织, §2) from Python: a
tier name, a node of it validates, routes with the documented fit and is counted in coverage."""
import json

import hatchnet

NET = {
    "format": "hatchnet-network", "version": 1,
    "regions": [{"code": "11"}, {"code": "110101", "population": 1000}, {"code": "110101001", "population": 1000}],
    "nodes": [
        {"id": "d1", "tier": "district", "region": "110101", "services": ["office"], "capacity": 5},
        {"id": "ds1", "tier": "district_sector", "region": "110101", "sponsor": "mass_organization",
         "services": ["training", "policy", "party_building"], "capacity": 8},
        {"id": "s1", "tier": "street", "region": "110101001", "services": ["venue"], "capacity": 5},
    ],
    "edges": [{"from": "d1", "to": "s1", "type": "guidance"}, {"from": "ds1", "to": "s1", "type": "guidance"}],
}


def test_district_sector_tier():
    assert hatchnet.TIERS[-1] == "district_sector" and len(hatchnet.TIERS) == 7
    net = hatchnet.Network.loads(json.dumps(NET))
    assert net.count_by_tier()["district_sector"] == 1
    assert not [w for w in net.warnings() if "ds1" in str(w)]  # it performs its mandated functions
    r = net.refer({"type": "association", "needs": ["training"], "first_contact": "s1", "region": "110101001"})
    assert r.chosen == "ds1"
    assert r.candidates.loc["ds1", "f_tier"] == 0.8
    row = net.coverage().loc["110101"]
    assert row["within_district_sector"] == 1
    assert row["incubators"] == 3
