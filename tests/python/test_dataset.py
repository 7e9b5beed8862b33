"""The embedded Beijing dataset, seen from Python."""
import hatchnet


def test_beijing_dataset_shape(beijing):
    assert beijing.validate() == []
    tiers = beijing.count_by_tier()
    assert tiers["city_center"] == 1
    assert tiers["district"] == 16
    assert tiers["street"] == 349
    regions = beijing.regions
    districts = regions[regions["level"] == "county"]
    assert len(districts) == 16
    assert int(districts["population"].sum()) == 21_893_095
    orgs = beijing.organizations
    assert 12_000 <= (orgs["type"] != "community_org").sum() <= 14_000
    assert 65_000 <= (orgs["type"] == "community_org").sum() <= 76_000


def test_shipped_dataset_equals_the_generator(beijing):
    assert hatchnet.Network.beijing(seed=2017).dumps() == beijing.dumps()
