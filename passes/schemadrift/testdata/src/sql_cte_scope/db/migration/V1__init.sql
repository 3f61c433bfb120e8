CREATE TABLE events (id bigint PRIMARY KEY, data jsonb);
CREATE INDEX events_data ON events USING gin (data);
CREATE TABLE notes (id bigint PRIMARY KEY, body text);
