CREATE TABLE runs (
    id bigint PRIMARY KEY,
    config jsonb NOT NULL,
    search tsvector
);
CREATE INDEX runs_config ON runs USING gin (config jsonb_path_ops);
