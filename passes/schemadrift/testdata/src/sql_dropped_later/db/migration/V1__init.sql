CREATE TABLE staging (id bigint, blob jsonb, payload json);
CREATE TABLE events (id bigint, scratch jsonb, data jsonb);
CREATE INDEX events_data ON events USING gin (data);
