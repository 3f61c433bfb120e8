-- a B-tree expression index on exactly the expression serves the filter
SELECT id FROM events WHERE data->>'kind' = 'click';  -- ok: SCHEMA104 -- the expression index events_kind serves it
SELECT id FROM events WHERE (data->>'score')::numeric > 0.5;
SELECT id FROM events WHERE data->>'country' = 'DE';
-- a GIN index never serves ->>
SELECT id FROM events WHERE data->>'color' = 'red'; -- want `data->>'color' in WHERE is computed for every row of events: no GIN index serves ->>.*data @> '\{"color": \.\.\.\}'.*\(\(data->>'color'\)\) \[SCHEMA104\]`
-- the index on (data->>'kind') does not serve a cast of it
SELECT id FROM events WHERE (data->>'kind')::int = 3; -- want `\(data->>'kind'\)::int in WHERE .*the index on \(data->>'kind'\) does not serve the cast`
-- qualified and aliased columns resolve through FROM
SELECT e.id FROM events AS e WHERE e.data->>'channel' = 'web'; -- want `e.data->>'channel' in WHERE`
SELECT e.id FROM events e JOIN events f ON f.data->>'parent' = e.id::text; -- want `f.data->>'parent' in a JOIN condition`
-- HAVING filters groups, which no index serves
SELECT count(*) FROM events GROUP BY data->>'kind' HAVING max(data->>'day') > '2024';
-- outside filters ->> is fine
SELECT data->>'color' AS color FROM events ORDER BY data->>'color';  -- ok: SCHEMA104 -- not a filter
-- #>> and jsonb_extract_path_text are the same extraction
SELECT id FROM events WHERE data #>> '{geo,city}' = 'Paris'; -- want `data #>> '\{geo,city\}' in WHERE`
SELECT id FROM events WHERE jsonb_extract_path_text(data, 'geo', 'zip') = '75001'; -- want `jsonb_extract_path_text\(data, 'geo', 'zip'\) in WHERE`
-- a subquery resolves its own FROM
SELECT id FROM events WHERE id IN (SELECT (data->>'ref')::bigint FROM events WHERE data->>'kind' = 'x');
-- a table the history never created is not judged
SELECT id FROM unknown_table WHERE data->>'color' = 'red';
-- placeholders stand for values
SELECT id FROM events WHERE data->>'kind' = :kind AND data->>'kind' IN %(kinds)s;
