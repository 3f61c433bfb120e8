CREATE TABLE events (
    id bigint PRIMARY KEY,
    data jsonb NOT NULL  -- want `jsonb column events.data has no GIN index at the end of the migration history, yet data @> '\{"kind": "click"\}' \(queries/events.sql:\d+\) filters it with @>.*\[SCHEMA102\]`
);
