-- the suggested index names the column bare: an index expression cannot use the query's alias
SELECT cf.customer_id FROM customer_features cf WHERE cf.features->>'plan_tier' = 'premium'; -- want `cf.features->>'plan_tier' in WHERE .*filter by containment \(cf.features @> '\{"plan_tier": \.\.\.\}'\) or add CREATE INDEX CONCURRENTLY ON customer_features \(\(features->>'plan_tier'\)\) \[SCHEMA104\]`
SELECT cf.customer_id FROM customer_features AS cf WHERE lower(cf.features->>'city') = 'paris'; -- want `or add CREATE INDEX CONCURRENTLY ON customer_features \(\(lower\(features->>'city'\)\)\) \[SCHEMA104\]`
SELECT "Cf".customer_id FROM customer_features AS "Cf" WHERE "Cf" . features->>'channel' = 'web'; -- want `or add CREATE INDEX CONCURRENTLY ON customer_features \(\(features->>'channel'\)\) \[SCHEMA104\]`
SELECT customer_id FROM public.customer_features WHERE public.customer_features.features->>'tier' = 'gold'; -- want `or add CREATE INDEX CONCURRENTLY ON customer_features \(\(features->>'tier'\)\) \[SCHEMA104\]`
SELECT customer_id
FROM customer_features cf
JOIN customer_features prev ON prev.customer_id = cf.customer_id
WHERE (cf.features->>'age')::int = (prev.features->>'age')::int; -- want `\(cf.features->>'age'\)::int in WHERE .*ON customer_features \(\(\(features->>'age'\)::int\)\) \[SCHEMA104\]` `\(prev.features->>'age'\)::int in WHERE .*ON customer_features \(\(\(features->>'age'\)::int\)\) \[SCHEMA104\]`
-- an alias or a qualifier does not hide the expression index that serves the filter
SELECT cf.customer_id FROM customer_features cf WHERE cf.features->>'segment' = 'gold';
SELECT customer_features.customer_id FROM customer_features WHERE customer_features.features->>'segment' = 'gold';
SELECT cf.customer_id FROM customer_features cf WHERE cf.features->>'region' = 'eu';
SELECT customer_id FROM customer_features WHERE features->>'region' = 'eu';
