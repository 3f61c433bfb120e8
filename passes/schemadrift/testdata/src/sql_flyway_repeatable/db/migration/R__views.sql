-- repeatable migrations run after every versioned one, V9 included:
-- the index V9 creates is gone at the end of the history
DROP INDEX IF EXISTS events_data; -- want `DROP INDEX|drop_index.*\[SCHEMA403\]`
CREATE OR REPLACE VIEW recent AS SELECT id FROM events WHERE data @> '{"recent": true}';
