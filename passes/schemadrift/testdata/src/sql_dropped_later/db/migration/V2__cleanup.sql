-- a dropped table or column leaves nothing to report: not its json, not its missing GIN index
DROP TABLE staging; -- want `no lock_timeout set.*\[SCHEMA405\]`
ALTER TABLE events DROP COLUMN scratch;
