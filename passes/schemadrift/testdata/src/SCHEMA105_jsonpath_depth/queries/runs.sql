-- SQL/JSON paths reach as deep as their accessors
SELECT id FROM runs WHERE config @? '$.model.params.depth ? (@ > 8)'; -- want `config @\? '\$.model.params.depth \? \(@ > 8\)' reaches 3 levels into config, deeper than the plan's max_json_depth of 2.*\[SCHEMA105\]`
SELECT id FROM runs WHERE config @@ '$.model ? (@.params.lr < 0.1)'; -- want `reaches 3 levels into config`
SELECT jsonb_path_query(config, '$.stages[*].steps[*]') FROM runs; -- want `jsonb_path_query\(config, '\$.stages\[\*\].steps\[\*\]'\) reaches 4 levels into config`
-- within the plan's depth
SELECT id FROM runs WHERE config @? '$.model.name ? (@ == "xgb")';  -- ok: SCHEMA105 -- two levels
SELECT id FROM runs WHERE jsonb_path_exists(config, '$.tags[*]');  -- ok: SCHEMA105 -- two levels
-- @@ of a tsvector is text search, not a JSON path
SELECT id FROM runs WHERE search @@ to_tsquery('a.b.c.d');  -- ok: SCHEMA105 -- not jsonb
-- a containment document is a path too
SELECT id FROM runs WHERE config @> '{"model": {"params": {"depth": 8}}}'; -- want `config @> '\{"model": \{"params": \{"depth": 8\}\}\}' tests a document nested 3 levels deep in config, deeper than the plan's max_json_depth of 2.*\[SCHEMA105\]`
SELECT id FROM runs WHERE config @> '{"model": {"name": "xgb"}}';  -- ok: SCHEMA105 -- two levels
