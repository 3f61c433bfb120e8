-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY events_id ON events (id);

-- migrate:down
DROP INDEX events_id;
