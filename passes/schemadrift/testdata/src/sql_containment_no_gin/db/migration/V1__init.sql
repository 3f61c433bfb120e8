CREATE TABLE sessions (id bigint PRIMARY KEY, ctx jsonb); -- want `sessions.ctx has no GIN index at the end of the migration history, yet ctx @> .\{"tmp": true\}. \(queries/sessions.sql:2\) and 1 other query filters it with @>: each such query reads and de-TOASTs every row; add CREATE INDEX CONCURRENTLY ON sessions USING gin \(ctx\) \[SCHEMA102\]`
CREATE TABLE visits (id bigint PRIMARY KEY, ctx jsonb);
CREATE INDEX visits_ctx ON visits USING gin (ctx);
