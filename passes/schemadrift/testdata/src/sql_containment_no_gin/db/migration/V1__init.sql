CREATE TABLE sessions (id bigint PRIMARY KEY, ctx jsonb); -- want `sessions.ctx has no GIN index at the end.*\[SCHEMA102\]`
CREATE TABLE visits (id bigint PRIMARY KEY, ctx jsonb);
CREATE INDEX visits_ctx ON visits USING gin (ctx);
