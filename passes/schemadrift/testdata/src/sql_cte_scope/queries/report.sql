-- a CTE named like a table hides the table
WITH events AS (SELECT id, '{}'::jsonb AS data FROM notes)
SELECT id FROM events WHERE data->>'k' = 'v';
-- aliases resolve to their table, even shadowing its name
SELECT n.id FROM notes n JOIN events e ON e.id = n.id WHERE e.data->>'kind' = 'x'; -- want `e.data->>'kind' in WHERE is computed for every row of events`
-- an unqualified column belongs to the only FROM table that has it
SELECT n.id FROM notes n, events WHERE data->>'color' = 'red'; -- want `data->>'color' in WHERE`
-- a derived table is not a table of the model
SELECT id FROM (SELECT id, data FROM events) sub WHERE sub.data->>'k' = 'v';
-- several EXECUTEs in one body are reported once
DO $$
BEGIN
  EXECUTE 'ANALYZE ' || 'events'; -- want `this body EXECUTEs 2 commands built at run time`
  EXECUTE format('VACUUM %I', 'notes');
END $$;
