-- max_json_depth 3 in .acr.yaml allows three levels
CREATE TABLE models (id bigint PRIMARY KEY, config jsonb DEFAULT '{"a": {"b": {"c": 1}}}');
CREATE INDEX CONCURRENTLY models_config ON models USING gin (config);
SELECT id FROM models WHERE config->'a'->'b'->>'c' = '1' AND config @> '{"a": {}}'; -- want `config->'a'->'b'->>'c' in WHERE is computed for every row`
SELECT id FROM models WHERE config #>> '{a,b,c,d}' = '1'; -- want `reaches 4 levels into config, deeper than the plan's max_json_depth of 3` `config #>> '\{a,b,c,d\}' in WHERE`
