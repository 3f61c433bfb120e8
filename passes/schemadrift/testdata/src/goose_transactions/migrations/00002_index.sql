-- +goose Up
CREATE INDEX CONCURRENTLY events_id ON events (id); -- want `runs inside a transaction block \(goose runs each migration in a transaction unless it says -- \+goose NO TRANSACTION\)`
-- +goose Down
DROP INDEX events_id;
