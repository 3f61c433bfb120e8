SELECT id FROM models WHERE config->'a'->'b'->>'c' = '1' AND config @> '{"a": {}}'; -- want `config->'a'->'b'->>'c' in WHERE is computed for every row`
SELECT id FROM models WHERE config #>> '{a,b,c,d}' = '1'; -- want `reaches 4 levels into config, deeper than the plan's max_json_depth of 3` `config #>> '\{a,b,c,d\}' in WHERE`
