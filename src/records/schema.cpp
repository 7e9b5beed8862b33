// The records store's schema and its migrations (docs/records-schema.md). Each entry of
// `steps` turns version i into i + 1; opening a file runs the missing steps in one
// transaction and sets PRAGMA user_version.
#include "schema.hpp"

namespace hatchnet::records::schema {

namespace {
// version 0 -> 1: the nine tables of the first release.
constexpr const char* v1 = R"SQL(
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
INSERT INTO meta(key, value) VALUES ('format', 'hatchnet-records');
)SQL";

// version 1 -> 2: the timeline of dated facts (nodes opened / closed, capacity by date,
// organizations' registration and stage changes) and the incubations' admission index.
constexpr const char* v2 = R"SQL(
CREATE TABLE timeline(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
  value TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX timeline_by_subject ON timeline(subject, kind, at);
CREATE INDEX incubations_by_organization ON incubations(organization);
)SQL";

// version 2 -> 3: faster counts. Each incubation event names its incubator (`node`), so the
// stage counts as of a date are one pass over an index with no join, and the counts now are
// grouped on an index of (node, stage).
constexpr const char* v3 = R"SQL(
ALTER TABLE incubation_events ADD COLUMN node TEXT NOT NULL DEFAULT '';
UPDATE incubation_events SET node = (SELECT i.node FROM incubations i WHERE i.id = incubation_events.incubation);
CREATE INDEX incubation_events_by_node_stage ON incubation_events(node, stage, from_stage, at);
DROP INDEX incubations_by_node;
CREATE INDEX incubations_by_node_stage ON incubations(node, stage);
)SQL";

// version 3 -> 4: cheaper writes. The (node, stage, from_stage, at) index took an insertion
// at one of ~4 x incubators places per event (a random page each: a third of the write's CPU
// at 1M transitions); (stage, at, node, from_stage) takes them at the end of each stage's
// range, since events arrive in date order, and serves the same counts (as of a date, by
// stage in a date range) and the by-date look-ups of incubation_events_by_at, which it
// replaces. A partial index finds the incubation a referral led to (checked on every
// application that cites one; it was a scan).
constexpr const char* v4 = R"SQL(
DROP INDEX incubation_events_by_node_stage;
DROP INDEX incubation_events_by_at;
CREATE INDEX incubation_events_by_stage_at ON incubation_events(stage, at, node, from_stage);
CREATE INDEX incubations_by_referral ON incubations(referral) WHERE referral <> '';
)SQL";
}  // namespace

const std::vector<const char*>& steps() {
    static const std::vector<const char*> s{v1, v2, v3, v4};
    return s;
}

}  // namespace hatchnet::records::schema
