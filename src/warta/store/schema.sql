-- warta store schema, version 1. One table per layer, keyed by article id and offsets.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
  id VARCHAR PRIMARY KEY, seq BIGINT, source VARCHAR, url VARCHAR, title VARCHAR,
  published DATE, language VARCHAR, text VARCHAR, dateline_place VARCHAR,
  dateline_source VARCHAR, n_sentences INTEGER, duplicate_of VARCHAR, similarity DOUBLE,
  origin VARCHAR, stages JSON, warta_version VARCHAR, stored_at TIMESTAMP, record JSON);
CREATE TABLE IF NOT EXISTS sentences (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER);
CREATE TABLE IF NOT EXISTS entities (
  article_id VARCHAR, entity_id VARCHAR, name VARCHAR, type VARCHAR, country VARCHAR,
  sector VARCHAR, role VARCHAR, kb_id VARCHAR, n_mentions INTEGER);
CREATE TABLE IF NOT EXISTS mentions (
  article_id VARCHAR, entity_id VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS times (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
  value VARCHAR, granularity VARCHAR, direction VARCHAR);
CREATE TABLE IF NOT EXISTS places (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
  name VARCHAR, geonameid BIGINT, country VARCHAR, lat DOUBLE, lon DOUBLE, kind VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
  speaker VARCHAR, speaker_text VARCHAR, cue VARCHAR, direct BOOLEAN);
CREATE TABLE IF NOT EXISTS quantities (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
  value DOUBLE, unit VARCHAR, approximate BOOLEAN);
CREATE TABLE IF NOT EXISTS loaded_language (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
  category VARCHAR);
CREATE TABLE IF NOT EXISTS events (
  article_id VARCHAR, event_id VARCHAR, type VARCHAR, mode VARCHAR, context VARCHAR,
  actor_text VARCHAR, actor_country VARCHAR, actor_sector VARCHAR,
  recipient_text VARCHAR, recipient_country VARCHAR, recipient_sector VARCHAR,
  date VARCHAR, date_precision VARCHAR, historical BOOLEAN, future BOOLEAN,
  hypothetical BOOLEAN, negated BOOLEAN, location VARCHAR, location_country VARCHAR,
  geonameid BIGINT, dead INTEGER, injured INTEGER, arrested INTEGER, trigger VARCHAR,
  sentence VARCHAR, confidence DOUBLE, event_cluster VARCHAR, published DATE,
  source VARCHAR, url VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
  sentence_start INTEGER, sentence_end INTEGER, actors JSON, recipients JSON);
CREATE TABLE IF NOT EXISTS errors (
  source VARCHAR, record VARCHAR, reason VARCHAR, occurred_at TIMESTAMP);
