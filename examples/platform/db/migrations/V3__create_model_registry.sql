-- Flyway migration owned by the ML platform team: the registry of exported MOJOs.
-- (V1 and V2 created the platform's roles and schemas in the infrastructure repo.)
CREATE TABLE model_registry (
    model_version  text PRIMARY KEY,
    mojo_path      text        NOT NULL CHECK (mojo_path LIKE '%.zip'),
    h2o_version    text        NOT NULL,
    exported_at    timestamptz NOT NULL DEFAULT now(),
    is_serving     boolean     NOT NULL DEFAULT false,
    metrics        jsonb       NOT NULL DEFAULT '{}'::jsonb
);

-- Metrics are filtered by containment (metrics @> '{"stage": "production"}').
CREATE INDEX ix_model_registry_metrics ON model_registry USING gin (metrics);

-- At most one serving model.
CREATE UNIQUE INDEX ux_model_registry_serving ON model_registry (is_serving) WHERE is_serving;
