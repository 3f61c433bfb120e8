-- a dropped table or column leaves nothing to report: not its json, not its missing GIN index
DROP TABLE staging;
ALTER TABLE events DROP COLUMN scratch;
