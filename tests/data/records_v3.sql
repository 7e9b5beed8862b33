-- A hatchnet records store of schema version 3, for the migration test: tests/cpp/records/
-- test_store.cpp opens it with the current library and checks the upgrade to version 4 (the
-- event indexes replaced, the referral index added) and the counts on the migrated file.
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
  at TEXT NOT NULL, from_stage TEXT, stage TEXT NOT NULL, note TEXT NOT NULL, node TEXT NOT NULL DEFAULT '');
CREATE TABLE evaluations(period TEXT NOT NULL, incubator TEXT NOT NULL, scheme TEXT NOT NULL, score REAL,
  grade TEXT NOT NULL, rank INTEGER, indicators TEXT NOT NULL, PRIMARY KEY(period, incubator, scheme));
CREATE TABLE targets(id TEXT PRIMARY KEY, kind TEXT NOT NULL, scope TEXT NOT NULL, value REAL NOT NULL,
  due TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX referral_events_by_referral ON referral_events(referral, seq);
CREATE INDEX incubation_events_by_incubation ON incubation_events(incubation, seq);
CREATE INDEX incubation_events_by_at ON incubation_events(at);
CREATE TABLE timeline(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
  value TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX timeline_by_subject ON timeline(subject, kind, at);
CREATE INDEX incubations_by_organization ON incubations(organization);
CREATE INDEX incubation_events_by_node_stage ON incubation_events(node, stage, from_stage, at);
CREATE INDEX incubations_by_node_stage ON incubations(node, stage);
INSERT INTO meta(key, value) VALUES ('format', 'hatchnet-records'), ('network', 'v3 fixture'), ('next_incubation', '4');
INSERT INTO periods(id, start, "end") VALUES ('2019', '2019-01-01', '2019-12-31'), ('2020', '2020-01-01', '2020-12-31');
INSERT INTO incubators(id, name, tier, region, district, capacity, residents, last_at) VALUES
  ('d-east', 'East district incubator', 'district', '110101', '110101', 2, 1, '2020-06-01'),
  ('s-east-1', 'East street incubator', 'street', '110101001', '110101', 1, 0, '2019-06-20');
INSERT INTO organizations(id, name, region, district, residence, last_at) VALUES
  ('so-1', 'Org one', '110101', '110101', NULL, '2020-06-01'),
  ('so-2', 'Org two', '110101', '110101', 'inc-2', '2019-05-10'),
  ('so-3', 'Org three', '110101001', '110101', NULL, '2019-06-20');
INSERT INTO referrals VALUES ('ref-1', 'so-2', 'd-east', '2019-04-20', '[]', 'routine', 'requested', '');
INSERT INTO referral_events(referral, at, from_status, status, note) VALUES ('ref-1', '2019-04-20', NULL, 'requested', '');
INSERT INTO incubations VALUES
  ('inc-1', 'so-1', 'd-east', '', '[]', 'graduated', 'registered', '2020-06-01'),
  ('inc-2', 'so-2', 'd-east', 'ref-1', '[]', 'admitted', '', '2019-05-10'),
  ('inc-3', 'so-3', 's-east-1', '', '[]', 'withdrawn', '', '2019-06-20');
INSERT INTO incubation_events(incubation, at, from_stage, stage, note, node) VALUES
  ('inc-1', '2019-02-01', NULL, 'applied', '', 'd-east'),
  ('inc-1', '2019-03-01', 'applied', 'admitted', '', 'd-east'),
  ('inc-1', '2019-03-15', 'admitted', 'incubating', '', 'd-east'),
  ('inc-2', '2019-05-01', NULL, 'applied', '', 'd-east'),
  ('inc-2', '2019-05-10', 'applied', 'admitted', '', 'd-east'),
  ('inc-3', '2019-06-01', NULL, 'applied', '', 's-east-1'),
  ('inc-3', '2019-06-20', 'applied', 'withdrawn', 'moved away', 's-east-1'),
  ('inc-1', '2020-06-01', 'incubating', 'graduated', '', 'd-east');
PRAGMA user_version = 3;
