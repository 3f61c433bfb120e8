-- Flyway placeholders and psql variables are read as names
CREATE TABLE ${schema}.events (id bigint PRIMARY KEY, data json); -- want `column events.data is json`
CREATE TABLE audit (id bigint, actor text DEFAULT :'default_actor', data jsonb);
GRANT SELECT ON audit TO :"reader";
CREATE INDEX CONCURRENTLY events_data ON ${schema}.events ((data::jsonb));
SELECT id FROM ${schema}.events WHERE data::jsonb @> '{"a": 1}' AND id = ${min_id};
