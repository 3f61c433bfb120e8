CREATE TABLE events (id bigint PRIMARY KEY, data jsonb, tags jsonb);
CREATE INDEX events_data ON events USING gin (data jsonb_path_ops);
CREATE INDEX events_tags ON events USING gin (tags);
