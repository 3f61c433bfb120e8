-- unqualified: analytics.events, which has a GIN index
SELECT id FROM events WHERE data @> '{"kind": "click"}';
SELECT id FROM public.events WHERE data @> '{"kind": "click"}';
-- analytics.audit: op.execute's unqualified CREATE TABLE went there too
SELECT id FROM audit WHERE data @> '{"kind": "login"}';
