-- events is large (the plan says so): the scan is worth an index
SELECT id FROM events WHERE data->>'kind' = $1; -- want `data->>'kind' in WHERE is computed for every row of events: .*\[SCHEMA104\]`
-- nothing says registry is large: a scan of a small table is cheap, so the advice is a note
SELECT id FROM registry WHERE options->>'visible' = 'true'; -- want `options->>'visible' in WHERE is computed for every row of registry: .*\(a note: nothing in the repository shows that registry is large or hot`
-- ok: SCHEMA104 -- an indexed equality on the primary key finds the row first
SELECT id FROM events WHERE id = $1 AND data->>'kind' = $2;
