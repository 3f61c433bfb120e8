UPDATE product_features SET features = features || '{"x": 1}' WHERE product_id = 1; -- want `UPDATE on feature table product_features in a migration rewrites feature history.*\[SCHEMA202\]`
DELETE FROM product_features WHERE event_time < now() - interval '1 year'; -- want `DELETE on feature table product_features`
INSERT INTO product_features (product_id, event_time, features) VALUES (1, now(), '{}')
ON CONFLICT (product_id) DO UPDATE SET features = EXCLUDED.features; -- want -1 `ON CONFLICT DO UPDATE on feature table product_features`
INSERT INTO product_features (product_id, event_time, features) VALUES (1, now(), '{}') ON CONFLICT DO NOTHING;  -- ok: SCHEMA202 -- an append: a conflict is skipped, not updated
-- an SCD type 2 close sets only valid_to and is_current
UPDATE scd_features SET valid_to = now(), is_current = false WHERE product_id = 1 AND is_current;
UPDATE plain_table SET attrs = '{}' WHERE id = 1;
