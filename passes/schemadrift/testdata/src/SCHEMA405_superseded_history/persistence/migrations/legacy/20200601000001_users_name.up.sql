-- the history beside this one starts earlier and ends later: it recreates the schema, and this one no longer runs
ALTER TABLE users ADD COLUMN name text; -- ok: SCHEMA405 -- a history another has replaced runs on no database
CREATE INDEX users_name_idx ON users (name); -- ok: SCHEMA401 -- a history another has replaced runs on no database
