CREATE TABLE docs (id bigint PRIMARY KEY, body jsonb); -- want `jsonb column docs.body has no GIN index at the end`
