CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    profile jsonb NOT NULL
);
CREATE INDEX accounts_profile ON accounts USING gin (profile);
