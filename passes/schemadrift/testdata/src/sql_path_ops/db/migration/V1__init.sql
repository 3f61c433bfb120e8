CREATE TABLE events (id bigint PRIMARY KEY, data jsonb, tags jsonb);  -- ok: SCHEMA102 -- both columns have GIN indexes below
CREATE INDEX events_data ON events USING gin (data jsonb_path_ops);
CREATE INDEX events_tags ON events USING gin (tags);
