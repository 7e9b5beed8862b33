-- A hatchnet records store of schema version 1 (the first release), for the migration test:
-- tests/cpp/records/test_store.cpp opens it with the current library and checks the upgrade.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE periods(id TEXT PRIMARY KEY, start TEXT NOT NULL, "end" TEXT NOT NULL, CHECK(start <= "end"));
CREATE TABLE incubators(id TEXT PRIMARY KEY, name TEXT NOT NULL, tier TEXT NOT NULL, region TEXT NOT NULL,
  district TEXT NOT NULL, capacity INTEGER NOT NULL, residents INTEGER NOT NULL DEFAULT 0,
  last_at TEXT NOT NULL DEFAULT '');
CREATE TABLE organizations(id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL,
  district TEXT NOT NULL, residence TEXT, last_at TEXT NOT NULL DEFAULT '');
CREATE TABLE referrals(id TEXT PRIMARY KEY, organization TEXT NOT NULL, node TEXT NOT NULL,
  first_contact TEXT NOT NULL, needs TEXT NOT NULL, urgency TEXT NOT NULL, status TEXT NOT NULL,
  outcome TEXT NOT NULL);
CREATE TABLE referral_events(seq INTEGER PRIMARY KEY, referral TEXT NOT NULL REFERENCES referrals(id),
  at TEXT NOT NULL, from_status TEXT, status TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE incubations(id TEXT PRIMARY KEY, organization TEXT NOT NULL REFERENCES organizations(id),
  node TEXT NOT NULL REFERENCES incubators(id), referral TEXT NOT NULL, services TEXT NOT NULL,
  stage TEXT NOT NULL, outcome TEXT NOT NULL, last_at TEXT NOT NULL);
CREATE TABLE incubation_events(seq INTEGER PRIMARY KEY, incubation TEXT NOT NULL REFERENCES incubations(id),
  at TEXT NOT NULL, from_stage TEXT, stage TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE evaluations(period TEXT NOT NULL, incubator TEXT NOT NULL, scheme TEXT NOT NULL, score REAL,
  grade TEXT NOT NULL, rank INTEGER, indicators TEXT NOT NULL, PRIMARY KEY(period, incubator, scheme));
CREATE TABLE targets(id TEXT PRIMARY KEY, kind TEXT NOT NULL, scope TEXT NOT NULL, value REAL NOT NULL,
  due TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX referral_events_by_referral ON referral_events(referral, seq);
CREATE INDEX incubation_events_by_incubation ON incubation_events(incubation, seq);
CREATE INDEX incubation_events_by_at ON incubation_events(at);
CREATE INDEX incubations_by_node ON incubations(node);
INSERT INTO meta(key, value) VALUES ('format', 'hatchnet-records'), ('network', 'v1 fixture');
INSERT INTO incubators(id, name, tier, region, district, capacity, residents, last_at)
  VALUES ('d-east', 'East district incubator', 'district', '110101', '110101', 2, 1, '2019-03-01');
INSERT INTO organizations(id, name, region, district, residence, last_at)
  VALUES ('so-1', 'Org one', '110101', '110101', 'inc-1', '2019-03-01');
INSERT INTO incubations VALUES ('inc-1', 'so-1', 'd-east', '', '[]', 'admitted', '', '2019-03-01');
INSERT INTO incubation_events(incubation, at, from_stage, stage, note)
  VALUES ('inc-1', '2019-02-01', NULL, 'applied', ''), ('inc-1', '2019-03-01', 'applied', 'admitted', 'v1');
PRAGMA user_version = 1;
