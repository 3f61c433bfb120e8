BEGIN;
CREATE INDEX CONCURRENTLY events_data2 ON events USING gin (data jsonb_path_ops); -- want `CREATE INDEX CONCURRENTLY runs inside a transaction block \(the transaction opened on line 1\) and PostgreSQL will refuse it.*\[SCHEMA402\]`
COMMIT;
DROP INDEX CONCURRENTLY IF EXISTS events_kind2;
START TRANSACTION;
DROP INDEX CONCURRENTLY events_kind; -- want `DROP INDEX CONCURRENTLY runs inside a transaction block \(the transaction opened on line 5\)`
REINDEX INDEX CONCURRENTLY events_data; -- want `REINDEX CONCURRENTLY runs inside a transaction block`
ROLLBACK;
