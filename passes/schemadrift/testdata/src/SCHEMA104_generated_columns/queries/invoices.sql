-- the generated column holds the value: the advice is to filter by it
SELECT id FROM invoices WHERE data->>'currency' = 'EUR'; -- want `data->>'currency' in WHERE is computed for every row of invoices: .*the generated column currency already holds this value: filter by currency, and index it: CREATE INDEX CONCURRENTLY ON invoices \(currency\).*\[SCHEMA104\]`
SELECT id FROM invoices i WHERE (i.data->>'total')::numeric > 100; -- want `the generated column total already holds this value: filter by total.*\[SCHEMA104\]`
-- filtering by the generated column is what it is for
SELECT id FROM invoices WHERE total > 100;  -- ok: SCHEMA104 -- a relational column
-- no generated column holds this expression: the usual advice
SELECT id FROM invoices WHERE data->>'status' = 'paid'; -- want `filter by containment \(data @> '\{"status": \.\.\.\}'\)`
