INSERT INTO models (id, config, extra) VALUES
    (1, '{"params": {"depth": 6}}', '{}'),
    (2, '{"params": {"grid": {"depth": [4, 6]}}}', '{}'); -- want `seed INSERT writes a JSON document nested 4 levels deep into models.config`
INSERT INTO models (id, flat) VALUES (3, $${"deep": {"er": {"est": true}}}$$::jsonb); -- want `nested 3 levels deep into models.flat`
CREATE INDEX CONCURRENTLY models_depth ON models (((config->'params'->'grid'->>'depth')::int)); -- want `index models_depth reaches 3 levels into config \(params.grid.depth\).*\[SCHEMA105\]`
CREATE INDEX CONCURRENTLY models_grid ON models ((config#>>'{params,grid}'));
SELECT id FROM models WHERE config->'params'->'grid'->>'depth' = '4'; -- want `config->'params'->'grid'->>'depth' reaches 3 levels into config, deeper than the plan's max_json_depth of 2.*\[SCHEMA105\]` `config @> '\{"params": \{"grid": \{"depth": \.\.\.\}\}\}'.*\[SCHEMA104\]`
SELECT config #> '{params,grid,depth}' FROM models; -- want `reaches 3 levels into config`
