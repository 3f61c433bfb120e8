-- this history sets timeouts: each migration that forgets is reported
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN note text;  -- ok: SCHEMA405 -- the migration sets lock_timeout first
