SELECT id FROM models WHERE config->'params'->'grid'->>'depth' = '4'; -- want `config->'params'->'grid'->>'depth' reaches 3 levels into config, deeper than the plan's max_json_depth of 2.*\[SCHEMA105\]` `config @> '\{"params": \{"grid": \{"depth": \.\.\.\}\}\}'.*\[SCHEMA104\]`
SELECT config #> '{params,grid,depth}' FROM models; -- want `reaches 3 levels into config`
