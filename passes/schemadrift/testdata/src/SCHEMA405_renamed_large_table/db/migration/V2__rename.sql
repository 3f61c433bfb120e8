-- the table is large under the name it has now: the lock is a warning, not a note
ALTER TABLE events RENAME TO audit_events; -- want `ALTER TABLE events RENAME takes an ACCESS EXCLUSIVE lock on existing table events with no lock_timeout set; no migration of this history sets one \(such locks on existing tables in 1 migration\).*once where the migrations run \[SCHEMA405\]`
