CREATE TABLE docs (
    id bigint PRIMARY KEY,
    body jsonb, -- want `docs.body has no GIN index`
    archive jsonb
);
