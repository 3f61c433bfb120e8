-- A later migration renames the column and its table: the query that navigates inside it names
-- them as they are now, and it still makes the json a finding, not a note.
CREATE TABLE webhooks (id bigint PRIMARY KEY, payload json NOT NULL); -- want `column webhooks.payload \(now webhook_deliveries.body\) is json, yet body->>'event' \(queries/deliveries.sql:1\) navigates inside it: .*declare it jsonb \[SCHEMA101\]`
