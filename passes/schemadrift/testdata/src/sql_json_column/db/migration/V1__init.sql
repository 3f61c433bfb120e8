-- Feature store tables.
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    profile json NOT NULL, -- want `column customers.profile is json: .*declare it jsonb \[SCHEMA101\]`
    prefs jsonb,
    tags JSON[] -- want `customers.tags is json\[\]`
);
CREATE INDEX CONCURRENTLY customers_prefs ON customers USING gin (prefs);
