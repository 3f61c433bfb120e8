-- no migration creates these tables: the indexes are unknown, so nothing is guessed
SELECT id FROM events WHERE data->>'kind' = 'click';
SELECT id FROM events WHERE data ? 'coupon';
SELECT id FROM orders o JOIN customers c ON c.id = (o.data->>'customer_id')::bigint; -- want `business key customer_id is extracted from JSON in a JOIN condition`
-- a name is no evidence that an unknown table holds feature values
UPDATE customer_features SET features = '{}' WHERE id = 1;
