"""The multi-year simulation from Python: referrals through the router linked to their
incubations, growth by the coverage engine's plans as dated facts, and stores that pickle
(by path) for ensembles run in other processes."""
import pickle

import pytest

import hatchnet


def test_referrals_are_linked_to_the_incubations_they_brought_about(tmp_path, beijing):
    st = hatchnet.Store(tmp_path / "r.db")
    s = beijing.simulate(st, years=(2017, 2018), seed=5, scale=0.01, evaluate=False)
    assert s["referrals"] == len(st.referrals) == s["arrivals"] > 50
    assert s["router_builds"] == 24
    inc = st.incubations.set_index("referral")
    refs = st.referrals.set_index("id")
    assert sorted(inc.index) == sorted(refs.index)
    # each referral goes to the incubator of its incubation, for the same organization
    joined = refs.join(inc, suffixes=("", "_inc"))
    assert (joined["node"] == joined["node_inc"]).all()
    assert (joined["organization"] == joined["organization_inc"]).all()
    # the status follows the stay (SQL against the documented mapping)
    mapping = {"applied": "requested", "admitted": "accepted", "incubating": "in_progress",
               "graduated": "completed", "exited": "failed"}
    for _, row in joined.iterrows():
        if row["stage"] in mapping:
            assert row["status"] == mapping[row["stage"]]
        else:
            assert row["status"] in ("rejected", "cancelled")


def test_level_rule_and_fixed_growth_remain(tmp_path, beijing):
    st = hatchnet.Store(tmp_path / "l.db")
    s = beijing.simulate(st, years=(2017, 2018), seed=5, scale=0.01, evaluate=False, route=False, growth="fixed")
    assert s["referrals"] == 0 and len(st.referrals) == 0 and s["arrivals"] > 50
    assert s["plan_openings"] == 0 and s["plan_places"] == 0
    growth = st.sql("SELECT count(*) AS n FROM timeline WHERE note = 'growth'")["n"][0]
    assert growth > 0
    with pytest.raises(ValueError, match="growth"):
        beijing.simulate(hatchnet.Store(tmp_path / "x.db"), years=(2017, 2017), growth="planned")


def test_plans_are_dated_facts_and_the_store_pickles(tmp_path, beijing):
    st = hatchnet.Store(tmp_path / "p.db")
    s = beijing.simulate(st, years=(2017, 2019), seed=6, scale=0.01, evaluate=False)
    facts = st.sql("SELECT kind, at, subject, value FROM timeline WHERE note = 'plan'")
    assert (facts["kind"] == "opened").sum() == s["plan_openings"] > 0
    cap = facts[facts["kind"] == "capacity"]
    assert len(cap) > 0 and set(cap["at"]) <= {"2018-01-01", "2019-01-01"}
    # a store travels to another process by path: the copy reads the same records
    copy = pickle.loads(pickle.dumps(st))
    assert copy.export_json() == st.export_json()


def test_plan_budget_and_openings_are_options(tmp_path, beijing):
    kw = dict(years=(2017, 2019), seed=6, scale=0.01, evaluate=False)
    base = beijing.simulate(hatchnet.Store(tmp_path / "b.db"), **kw)
    assert base["plan_openings"] > 1 and base["plan_places"] > 0
    # no budget: no places bought, openings as before; one opening a year at most
    st = hatchnet.Store(tmp_path / "n.db")
    s = beijing.simulate(st, plan_budget=0.0, plan_openings=1, **kw)
    assert s["plan_places"] == 0
    assert st.sql("SELECT count(*) AS n FROM timeline WHERE note = 'plan' AND kind = 'capacity'")["n"][0] == 0
    per_year = st.sql("SELECT substr(at, 1, 4) AS y, count(*) AS n FROM timeline "
                      "WHERE note = 'plan' AND kind = 'opened' GROUP BY y")
    assert s["plan_openings"] == per_year["n"].sum() and (per_year["n"] <= 1).all()
    # a bigger budget buys more places
    more = beijing.simulate(hatchnet.Store(tmp_path / "m.db"), plan_budget=0.2, **kw)
    assert more["plan_places"] > base["plan_places"]
    for bad in (dict(plan_budget=-0.1), dict(plan_budget=11.0), dict(plan_budget=float("nan"))):
        with pytest.raises(ValueError, match="plan_budget"):
            beijing.simulate(hatchnet.Store(tmp_path / "x.db"), **kw, **bad)
    with pytest.raises(ValueError, match="plan_openings"):
        beijing.simulate(hatchnet.Store(tmp_path / "y.db"), plan_openings=-2, **kw)
