CREATE TABLE events (id bigint PRIMARY KEY, data jsonb);
CREATE INDEX events_data ON events USING gin (data jsonb_path_ops);
