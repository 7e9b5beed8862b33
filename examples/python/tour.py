"""A first tour of hatchnet from Python, on the embedded Beijing dataset.

    python examples/python/tour.py

1. the network: counts by tier, one district's incubators, a node's neighbourhood;
2. a referral, with the route and the ranked candidates (every decision explained);
3. a batch of referrals against spare capacities;
4. coverage and balance: Gini / Theil, the districts furthest from the city average;
5. a small plan: new street incubators under a budget, and what it changes.

Tables come back as pandas DataFrames indexed by id. Bad input raises ``ValueError`` naming
the field, a wrong type ``TypeError``. Needs only ``pip install .`` (numpy and pandas).
"""
import hatchnet

# 1. The network -------------------------------------------------------------------------
net = hatchnet.datasets.beijing()            # loaded and validated
print(net)
print(net.count_by_tier())

nodes = net.nodes                            # one row per incubator / station, indexed by id
print(nodes.loc["district-110108", ["name", "tier", "capacity"]].to_dict())
haidian = nodes[nodes.district == "110108"]
print("\nHaidian district (110108) by tier:")
print(haidian.groupby("tier").agg(incubators=("id", "size"), capacity=("capacity", "sum")))

street = net.guidance_children("district-110108")[0]      # a street incubator of Haidian
print(f"\n{street} is guided by {net.guidance_parents(street)}, "
      f"guides {len(net.guidance_children(street))} community stations, "
      f"and is {net.hops(street, 'center-11')} hops from the city center")
region = nodes.loc[street, "region"]
print(f"incubators serving {region}:", net.incubators_serving(region))

# 2. One referral ---------------------------------------------------------------------------
# A community group in Haidian needs legal help, which its home street incubator (the default
# first contact) may not offer: the route climbs where it must, and says why.
orgs = net.organizations                     # indexed by organization id
group = orgs[(orgs.district == "110108") & (orgs.type == "community_org")].index[0]
r = net.refer({"organization": group, "needs": ["legal"]})
print(f"\n{r}")
print(r.route[["from", "to", "move", "because"]].to_string(index=False))
print(r.candidates[["rank", "node", "hops", "score", "w_coverage", "w_sector", "w_distance"]]
      .to_string(index=False))

try:                                          # bad input names the field
    net.refer({"organization": "so-05001", "needs": ["teleportation"]})
except ValueError as e:
    print("refused:", e)

# 3. Many referrals at once -----------------------------------------------------------------
# The first 300 organizations of Haidian ask for a venue: the batch is placed optimally without
# overfilling anyone; the overflow is waitlisted.
asking = orgs[orgs.district == "110108"].head(300)
batch = net.refer_batch([{"id": f"r{i}", "organization": o, "needs": ["venue"]}
                         for i, o in enumerate(asking.id)])
print(f"\n{batch}")
print(batch.assignments.status.value_counts().to_string())

# 4. Coverage and balance -------------------------------------------------------------------
cov = net.coverage(level="district")
print("\ncoverage by district (capacity per organization):")
print(cov[["code", "name", "incubators", "capacity", "organizations", "capacity_per_org"]]
      .sort_values("capacity_per_org").to_string(index=False))
bal = net.balance()
print(bal.metrics[["indicator", "level", "gini", "theil"]].to_string(index=False))
print("furthest from the city average:")
print(bal.furthest[["indicator", "name", "ratio", "direction"]].head(5).to_string(index=False))

# 5. A plan ---------------------------------------------------------------------------------
# Five new street incubators (cost 1 each, budget 5) where the worst district's shortfall of
# capacity is largest; demand=... reports coverage and balance before and after, and routes and
# matches the same (seeded, generated) referral requests and needs on both networks.
plan = net.plan(k=5, budget=5, objective="minmax", demand={"seed": 2017, "requests": 1000, "needs": 2000})
print(f"\n{plan}")
print(plan.picks[["order", "region", "name", "capacity", "cost", "gain", "value_after"]].to_string(index=False))
before, after = plan.scenario["balance"]["before"], plan.scenario["balance"]["after"]
print("Gini of capacity per organization across districts: "
      f"{before.figures()['gini.capacity_per_org.district']:.4f} -> "
      f"{after.figures()['gini.capacity_per_org.district']:.4f}")
print("referral of the same requests, before / after the plan:")
print(plan.scenario.referral.to_string())
print("matching of the same needs, before / after the plan:")
print(plan.scenario.matching.round(3).to_string())
