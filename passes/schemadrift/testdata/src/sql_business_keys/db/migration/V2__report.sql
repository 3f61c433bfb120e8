SELECT o.id FROM orders o
JOIN customers c ON c.id = (o.data->>'customer_id')::bigint; -- want `business key customer_id is extracted from JSON in a JOIN condition \(o.data->>'customer_id'\).*\[SCHEMA106\]`
SELECT id FROM orders WHERE data->>'customer_id' = '42'; -- want `business key customer_id is extracted from JSON in WHERE`
-- invoices keeps customer_id as a column: its JSON copy is still not the key to filter on
SELECT id FROM invoices WHERE data->'customer'->>'product_id' = '7'; -- want `business key product_id is extracted from JSON in WHERE`
SELECT id FROM invoices WHERE customer_id = 42 AND data @> '{"paid": true}';  -- ok: SCHEMA106 -- the key is a relational column
-- reading a key in the select list is no filter
SELECT data->>'customer_id' FROM invoices;
