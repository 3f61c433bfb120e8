-- Corrections to the feature store.

-- Append-only: a correction is a new snapshot with its own event_time.
INSERT INTO customer_features (customer_id, event_time, features)
VALUES ($1, now(), $2::jsonb);

-- acr finds: UPDATE of a feature table rewrites history; insert a new snapshot instead
UPDATE customer_features
SET features = jsonb_set(features, '{plan_tier}', '"basic"')
WHERE features @> '{"plan_tier": "legacy"}';
