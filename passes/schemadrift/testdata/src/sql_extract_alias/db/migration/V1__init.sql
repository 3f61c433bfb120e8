CREATE TABLE customer_features (
    customer_id bigint NOT NULL,
    event_time timestamptz NOT NULL,
    features jsonb NOT NULL
);
CREATE INDEX customer_features_doc ON customer_features USING gin (features jsonb_path_ops);
CREATE INDEX customer_features_segment ON customer_features ((features->>'segment'));
-- an index expression may name its own table's columns qualified by the table
CREATE INDEX customer_features_region ON customer_features ((customer_features.features->>'region'));
