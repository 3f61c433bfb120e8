-- max_json_depth 3 in .acr.yaml allows three levels
CREATE TABLE models (id bigint PRIMARY KEY, config jsonb DEFAULT '{"a": {"b": {"c": 1}}}');
CREATE INDEX CONCURRENTLY models_config ON models USING gin (config);
