-- no migration of this history sets a timeout: the practice is reported once, at the newest,
-- as a note: nothing shows accounts is large
ALTER TABLE accounts RENAME COLUMN plan TO tier; -- want `ALTER TABLE accounts RENAME takes an ACCESS EXCLUSIVE lock on existing table accounts with no lock_timeout set; no migration of this history sets one \(such locks on existing tables in 2 migrations\).*\(a note: nothing in the repository shows that accounts is large or hot; name it in plan\.large_tables to have it reported\) \[SCHEMA405\]`
