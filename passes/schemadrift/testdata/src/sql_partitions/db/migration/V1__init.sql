CREATE TABLE measurements (id bigint, event_time timestamptz NOT NULL, data jsonb) PARTITION BY RANGE (event_time);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- an index on the partitioned table reaches every partition: no SCHEMA102 anywhere
CREATE INDEX measurements_data ON measurements USING gin (data);
CREATE TABLE logs (id bigint, event_time timestamptz NOT NULL, body jsonb) PARTITION BY RANGE (event_time); -- want `jsonb column logs.body has no GIN index`
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
