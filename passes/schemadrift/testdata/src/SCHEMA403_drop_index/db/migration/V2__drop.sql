-- one finding per migration: the other drops are related locations
DROP INDEX orders_created_at; -- want `DROP INDEX orders_created_at takes an ACCESS EXCLUSIVE lock on existing table orders until the migration commits \(and 1 more in this migration\).*use DROP INDEX CONCURRENTLY.*\[SCHEMA403\]`
DROP INDEX orders_total;
DROP INDEX CONCURRENTLY orders_status;  -- ok: SCHEMA403 -- dropped concurrently
