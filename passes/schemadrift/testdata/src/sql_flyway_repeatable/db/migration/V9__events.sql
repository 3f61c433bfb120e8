CREATE TABLE events (id bigint PRIMARY KEY, data jsonb); -- want `jsonb column events.data has no GIN index at the end`
CREATE INDEX events_data ON events USING gin (data);
