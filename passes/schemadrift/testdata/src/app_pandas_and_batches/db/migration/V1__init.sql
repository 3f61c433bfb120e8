CREATE TABLE item_features (item_id bigint, event_time timestamptz, features jsonb);
CREATE INDEX item_features_f ON item_features USING gin (features jsonb_path_ops);
