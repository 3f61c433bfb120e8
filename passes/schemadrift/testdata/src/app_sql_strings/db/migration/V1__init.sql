CREATE TABLE events (id bigint PRIMARY KEY, data jsonb NOT NULL);
CREATE INDEX events_data ON events USING gin (data jsonb_path_ops);
CREATE TABLE user_features (user_id bigint, event_time timestamptz, features jsonb);
CREATE INDEX user_features_f ON user_features USING gin (features);
