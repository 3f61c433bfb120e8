-- alone in its file, CONCURRENTLY runs outside any transaction
CREATE INDEX CONCURRENTLY events_raw ON events USING gin (raw jsonb_path_ops);
