CREATE TABLE events (id bigint PRIMARY KEY, kind text, data jsonb);
-- the table is new in this migration: a plain CREATE INDEX locks nothing that matters
CREATE INDEX events_data ON events USING gin (data);
