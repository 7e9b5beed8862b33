"""Consortia (§5.1) and contracts (§5.4) on the embedded Beijing network.

The embedded dataset has none; examples/data/beijing_consortia.json holds a few illustrative
ones. This merges them in, then matches venue needs of Chaoyang organizations from their
incubator's own resources and its consortium's pool, and routes a legal referral over a
contract on two dates.

    PYTHONPATH=build/python .venv/bin/python examples/python/consortia.py
"""
import json
from pathlib import Path

import hatchnet

HERE = Path(__file__).resolve().parent


def beijing_with_consortia() -> hatchnet.Network:
    doc = json.loads(hatchnet.datasets.beijing().dumps())
    extra = json.loads((HERE.parent / "data" / "beijing_consortia.json").read_text(encoding="utf-8"))
    doc["consortia"] = extra["consortia"]
    doc["contracts"] = extra["contracts"]
    return hatchnet.Network.loads(json.dumps(doc, ensure_ascii=False))


def main() -> None:
    net = beijing_with_consortia()
    print(net.consortia[["name", "members", "services"]])
    print(net.contracts[["parties", "scope", "start", "end"]])
    orgs = net.organizations
    homed = orgs[orgs["home"].isin(["street-110105001", "street-110105002"])].head(3)
    needs = [{"id": f"n{i}", "organization": o, "category": "venue", "quantity": 2} for i, o in enumerate(homed.index)]
    resources = [{"id": "r-district", "provider": "district-110105", "category": "venue", "capacity": 10, "unit_cost": 1}]
    result = net.match(needs, resources, providers="home")
    print(result.assignments[["need", "provider", "quantity", "via_consortium"]])
    request = {"type": "association", "sectors": ["elder_care"], "needs": ["legal"],
               "first_contact": "district-110105", "region": "110105001"}
    for day in ("2025-06-01", "2027-01-01"):
        r = net.refer(dict(request, as_of=day))
        print(day, r.status, r.chosen, list(r.contracts["reason"]))


if __name__ == "__main__":
    main()
