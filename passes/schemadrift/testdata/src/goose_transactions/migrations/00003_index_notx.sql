-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY events_id2 ON events (id);
-- +goose StatementBegin
CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.id := NEW.id;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose Down
DROP INDEX CONCURRENTLY events_id2;
