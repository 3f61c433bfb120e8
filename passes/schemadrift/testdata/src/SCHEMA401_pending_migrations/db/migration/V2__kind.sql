-- V3 follows this migration, so it has run wherever the history is deployed: editing it changes nothing
CREATE INDEX events_kind ON events (kind); -- ok: SCHEMA401 -- a released migration: a later one follows it
ALTER TABLE events ADD COLUMN source text; -- ok: SCHEMA405 -- a released migration
