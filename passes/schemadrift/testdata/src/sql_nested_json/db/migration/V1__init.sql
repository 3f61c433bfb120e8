CREATE TABLE models (
    id bigint PRIMARY KEY,
    config jsonb DEFAULT '{"params": {"depth": 6}}'::jsonb,
    extra jsonb DEFAULT '{"a": {"b": {"c": 1}}}', -- want `default writes a JSON document nested 3 levels deep into models.extra.*\[SCHEMA105\]`
    flat jsonb DEFAULT '{}'::jsonb  -- ok: SCHEMA105 -- flat
);
CREATE INDEX CONCURRENTLY models_config ON models USING gin (config);
CREATE INDEX CONCURRENTLY models_extra ON models USING gin (extra);
CREATE INDEX CONCURRENTLY models_flat ON models USING gin (flat);
