-- hash: equality is served, a range is not
SELECT id FROM orders WHERE data->>'country' = 'DE';  -- ok: SCHEMA104 -- the hash index serves =
SELECT id FROM orders WHERE data->>'country' IN ('DE', 'FR');  -- ok: SCHEMA104 -- IN of values is = probes
SELECT id FROM orders WHERE data->>'country' > 'M'; -- want `data->>'country' in WHERE is computed for every row of orders: .*no B-tree index is on this exact expression \(the hash index orders_country_hash on it does not serve > comparisons\).*\[SCHEMA104\]`
-- <> is served by no index: the hash index is not to blame
SELECT id FROM orders WHERE data->>'country' <> 'DE';  -- ok: SCHEMA104 -- no index kind serves <>
-- text_pattern_ops: equality and prefix LIKE, not the collation's order
SELECT id FROM orders WHERE data->>'sku' LIKE 'AB%';  -- ok: SCHEMA104 -- served by the pattern class
SELECT id FROM orders WHERE data->>'sku' >= 'AB'; -- want `\(the btree text_pattern_ops index orders_sku_pattern on it does not serve >= comparisons\)`
-- the filter implies the partial index's predicate
SELECT id FROM orders WHERE data->>'kind' = 'gift' AND deleted_at IS NULL;  -- ok: SCHEMA104 -- the same predicate
SELECT id FROM orders o WHERE o.data->>'channel' = 'web' AND o.status = 'open';  -- ok: SCHEMA104 -- 'open' is in the predicate's list
SELECT id FROM orders WHERE data->>'region' = 'EU' AND priority >= 8 AND archived = false;  -- ok: SCHEMA104 -- priority >= 8 implies priority > 5
-- the filter says nothing of the predicate's columns: the partial index never applies
SELECT id FROM orders WHERE data->>'kind' = 'gift'; -- want `\(the partial index orders_kind_live on it covers only the rows WHERE deleted_at IS NULL, which this query's filter does not imply\)`
SELECT id FROM orders WHERE data->>'region' = 'EU' AND priority > 9; -- want `the partial index orders_region_urgent on it covers only the rows WHERE priority > 5 AND NOT archived`
-- a condition on the predicate's column that cannot be compared (a parameter) is given the benefit of the doubt
SELECT id FROM orders WHERE data->>'channel' = 'web' AND status = $1;  -- ok: SCHEMA104 -- $1 may be 'open'
-- an OR implies the predicate when every branch does, in WHERE and in an inner join's ON clause alike
SELECT id FROM orders WHERE data->>'channel' = 'web' AND (status = 'open' OR status = 'pending');  -- ok: SCHEMA104 -- each branch is in the predicate's list
SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id AND (o.status = 'open' OR o.status = 'pending') WHERE o.data->>'channel' = 'web';  -- ok: SCHEMA104 -- the ON clause's OR implies the predicate
SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id AND (o.status = 'open' OR o.priority > 5) WHERE o.data->>'channel' = 'web';  -- ok: SCHEMA104 -- the ON clause mentions the predicate's column, as WHERE would
