-- signals gets its event time later: judged at the end of the history, it is fine
ALTER TABLE signals ADD COLUMN event_time timestamptz; -- want `no lock_timeout set.*\[SCHEMA405\]`
