-- migrate:up
CREATE INDEX CONCURRENTLY events_id3 ON events (id); -- want `dbmate runs each migration in a transaction unless it says -- migrate:up transaction:false`
