-- raw becomes jsonb again and gets its index: only the json DDL above is reported
ALTER TABLE events ALTER COLUMN raw TYPE jsonb USING raw::jsonb; -- want `no lock_timeout set.*\[SCHEMA405\]`
ALTER TABLE events DROP COLUMN meta;
CREATE INDEX CONCURRENTLY events_payload ON events USING gin (payload); -- want `CREATE INDEX CONCURRENTLY runs inside a transaction block \(golang-migrate sends the file as one multi-statement query.*\[SCHEMA402\]`
