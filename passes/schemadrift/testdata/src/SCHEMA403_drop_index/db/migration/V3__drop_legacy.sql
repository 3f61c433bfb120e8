-- the table goes too: its index needs no concurrent drop
SET lock_timeout = '5s';
DROP INDEX legacy_kind;
DROP TABLE legacy;
