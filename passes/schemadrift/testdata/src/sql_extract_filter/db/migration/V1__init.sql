CREATE TABLE events (
    id bigint PRIMARY KEY,
    data jsonb NOT NULL
);
CREATE INDEX events_data ON events USING gin (data);
CREATE INDEX events_kind ON events ((data->>'kind'));
CREATE INDEX events_score ON events (((data->>'score')::numeric));
CREATE INDEX events_country_hash ON events USING hash ((data->>'country'));
