SELECT id FROM analytics.events WHERE data @> '{"kind": "click"}';
SELECT id FROM events WHERE data @> '{"kind": "click"}';
SELECT id FROM audit WHERE data @> '{"kind": "login"}';
