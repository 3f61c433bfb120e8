-- jsonb_path_ops serves @>, @? and @@ ...
SELECT id FROM events WHERE data @> '{"kind": "click"}';  -- ok: SCHEMA103 -- jsonb_path_ops serves @>
SELECT id FROM events WHERE data @? '$.kind ? (@ == "click")';
SELECT id FROM events WHERE data @@ '$.kind == "click"';
-- ... but not ?, ?| or ?&
SELECT id FROM events WHERE data ? 'coupon'; -- want `uses \? on events.data, whose GIN indexes all use jsonb_path_ops.*\[SCHEMA103\]`
SELECT id FROM events e WHERE e.data ?| array['a', 'b']; -- want `uses \?\| on events.data`
SELECT id FROM events WHERE data ?& array['a', 'b'] AND id > 10; -- want `uses \?& on events.data`
-- the default jsonb_ops GIN index serves them all
SELECT id FROM events WHERE tags ? 'sale' OR tags ?| array['x'] OR tags ?& array['y'];
-- not a filter: nothing to serve
SELECT data ? 'coupon' AS has_coupon FROM events;
-- <@ with the column on the right is containment
SELECT id FROM events WHERE '{"kind": "click"}' <@ data;
