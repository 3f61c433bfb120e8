-- the newest migration of the history may not have run yet: its locks are reviewed
CREATE INDEX events_account ON events (account_id); -- want `^index events_account is built on existing table events, which is large or hot \(.*\) without CONCURRENTLY.*\[SCHEMA401\]$`
ALTER TABLE events ADD COLUMN region text; -- want `no lock_timeout set.*\[SCHEMA405\]`
