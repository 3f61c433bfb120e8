CREATE TABLE customer_features ( -- want `feature table customer_features has no event_time or valid_from timestamp column.*\[SCHEMA201\]`
    customer_id bigint NOT NULL,
    features jsonb NOT NULL
);
CREATE TABLE product_features (product_id bigint, event_time timestamptz NOT NULL, features jsonb);  -- ok: SCHEMA201 -- it has event_time
CREATE TABLE scd_features (product_id bigint, valid_from timestamp, valid_to timestamp, is_current boolean, features jsonb);
CREATE TABLE text_features (id bigint, customer_id bigint, event_time text, features jsonb); -- want `feature table text_features has event_time of type text, not a timestamp`
-- a jsonb "features" column makes a feature table whatever its name
CREATE TABLE signals (id bigint, features jsonb); 
CREATE TABLE plain_table (id bigint, attrs jsonb);
CREATE INDEX CONCURRENTLY customer_features_f ON customer_features USING gin (features);
CREATE INDEX CONCURRENTLY product_features_f ON product_features USING gin (features);
CREATE INDEX CONCURRENTLY scd_features_f ON scd_features USING gin (features);
CREATE INDEX CONCURRENTLY text_features_f ON text_features USING gin (features);
CREATE INDEX CONCURRENTLY signals_f ON signals USING gin (features);
CREATE INDEX CONCURRENTLY plain_table_a ON plain_table USING gin (attrs);
