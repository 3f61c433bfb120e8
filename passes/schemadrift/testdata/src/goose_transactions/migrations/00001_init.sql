-- +goose Up
CREATE TABLE events (id bigint PRIMARY KEY, data jsonb);
CREATE INDEX events_data ON events USING gin (data);

-- +goose Down
-- the down section is never replayed
DROP TABLE events;
CREATE TABLE ghost (doc json);
