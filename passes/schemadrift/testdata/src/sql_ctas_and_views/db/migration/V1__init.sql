CREATE TABLE events (id bigint PRIMARY KEY, data jsonb);
CREATE INDEX events_data ON events USING gin (data jsonb_path_ops);
-- a view is a query like any other
CREATE VIEW clicks AS SELECT id FROM events WHERE data->>'kind' = 'click'; -- want `data->>'kind' in WHERE is computed for every row of events`
CREATE MATERIALIZED VIEW coupons AS SELECT id FROM events WHERE data ? 'coupon'; -- want `uses \? on events.data, whose GIN indexes all use jsonb_path_ops`
-- CREATE TABLE AS has no declared types: nothing to judge
CREATE TABLE events_copy AS SELECT * FROM events;
