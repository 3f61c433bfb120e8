-- MERGE rewrites matched rows as UPDATE does
MERGE INTO customer_features cf -- want `MERGE \.\.\. WHEN MATCHED THEN UPDATE on feature table customer_features in application code rewrites feature history.*\[SCHEMA202\]`
USING staging_rows s ON s.customer_id = cf.customer_id
WHEN MATCHED THEN UPDATE SET features = s.payload
WHEN NOT MATCHED THEN INSERT (customer_id, event_time, features) VALUES (s.customer_id, now(), s.payload);
-- an SCD type 2 close is allowed, and inserting is appending
MERGE INTO customer_features cf  -- ok: SCHEMA202 -- closes the current row only
USING staging_rows s ON s.customer_id = cf.customer_id AND cf.is_current
WHEN MATCHED THEN UPDATE SET valid_to = now(), is_current = false
WHEN NOT MATCHED THEN INSERT (customer_id, event_time, features) VALUES (s.customer_id, now(), s.payload);
-- the ON condition of a MERGE finds the target's rows: ->> there is a filter
MERGE INTO devices d
USING (SELECT 'abc' AS serial) s ON d.info->>'serial' = s.serial -- want `d.info->>'serial' in a MERGE ON condition is computed for every row of devices.*\[SCHEMA104\]`
WHEN MATCHED THEN DO NOTHING;
-- UPDATE and DELETE conditions are filters too
UPDATE devices SET info = info || '{"seen": true}' WHERE info->>'serial' = 'x'; -- want `info->>'serial' in WHERE is computed for every row of devices`
DELETE FROM devices WHERE info->>'retired' = 'true'; -- want `info->>'retired' in WHERE is computed for every row of devices`
