CREATE TABLE webhooks (
    id bigint PRIMARY KEY,
    body payload,  -- ok: SCHEMA101 -- reported once, at the domain
    headers payload
);
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    settings profile NOT NULL  -- want `jsonb column accounts.settings has no GIN index at the end of the migration history, yet settings @> .*\[SCHEMA102\]`
);
