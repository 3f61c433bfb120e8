CREATE TABLE docs (
    id bigint PRIMARY KEY,
    body jsonb, -- want `docs.body has no GIN index at the end of the migration history, yet body @> .* \(queries/find.sql:2\) filters it with @>`
    archive jsonb
);
