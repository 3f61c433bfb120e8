-- +goose Up
-- +goose StatementBegin
CREATE TABLE tenants (id bigint PRIMARY KEY, settings jsonb)
-- +goose StatementEnd
-- +goose StatementBegin
CREATE INDEX tenants_settings ON tenants USING gin (settings)
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DROP TABLE tenants
-- +goose StatementEnd
