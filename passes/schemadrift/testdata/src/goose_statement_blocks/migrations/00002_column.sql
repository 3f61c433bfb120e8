-- +goose Up
-- a block without its final semicolon ends at StatementEnd, not at the next statement
-- +goose StatementBegin
ALTER TABLE tenants ADD COLUMN legacy json -- want `column tenants.legacy is json` `no lock_timeout set.*\[SCHEMA405\]`
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
ALTER TABLE tenants DROP COLUMN legacy
-- +goose StatementEnd
