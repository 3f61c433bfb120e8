-- with -schemadrift.locking=all every build without CONCURRENTLY on an existing table is a warning, as squawk reports it
CREATE INDEX tags_name ON tags (name); -- want `^index tags_name is built on existing table tags without CONCURRENTLY: the build blocks every write to the table until it finishes; use CREATE INDEX CONCURRENTLY \[SCHEMA401\]$`
