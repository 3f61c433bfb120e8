CREATE TABLE account_features (account_id bigint, valid_from timestamptz, valid_to timestamptz, is_current boolean, features jsonb);
CREATE UNIQUE INDEX account_features_current ON account_features (account_id) WHERE is_current;
CREATE INDEX account_features_f ON account_features USING gin (features);
-- an upsert that only closes the current version is an SCD type 2 close
INSERT INTO account_features (account_id, valid_from, is_current, features) VALUES (1, now(), true, '{}')
ON CONFLICT (account_id) WHERE is_current DO UPDATE SET valid_to = now(), is_current = false;
INSERT INTO account_features (account_id, valid_from, is_current, features) VALUES (1, now(), true, '{}') -- want `INSERT ... ON CONFLICT DO UPDATE on feature table account_features`
ON CONFLICT (account_id) WHERE is_current DO UPDATE SET features = EXCLUDED.features;
