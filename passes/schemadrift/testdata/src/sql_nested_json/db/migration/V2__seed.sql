INSERT INTO models (id, config, extra) VALUES
    (1, '{"params": {"depth": 6}}', '{}'),
    (2, '{"params": {"grid": {"depth": [4, 6]}}}', '{}'); -- want `seed INSERT writes a JSON document nested 4 levels deep into models.config`
INSERT INTO models (id, flat) VALUES (3, $${"deep": {"er": {"est": true}}}$$::jsonb); -- want `nested 3 levels deep into models.flat`
CREATE INDEX CONCURRENTLY models_depth ON models (((config->'params'->'grid'->>'depth')::int)); -- want `index models_depth reaches 3 levels into config \(params.grid.depth\).*\[SCHEMA105\]`
CREATE INDEX CONCURRENTLY models_grid ON models ((config#>>'{params,grid}'));
