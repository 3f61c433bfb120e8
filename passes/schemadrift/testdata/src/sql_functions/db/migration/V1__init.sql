CREATE TABLE user_features (user_id bigint, event_time timestamptz, features jsonb);
CREATE INDEX user_features_f ON user_features USING gin (features);
CREATE FUNCTION refresh_features(uid bigint, doc jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE user_features SET features = doc WHERE user_id = uid; -- want `UPDATE on feature table user_features in a migration`
  INSERT INTO user_features VALUES (uid, now(), doc);
END;
$fn$;
CREATE FUNCTION latest(uid bigint) RETURNS SETOF user_features LANGUAGE sql AS $$
  SELECT * FROM user_features WHERE user_id = uid AND features->>'segment' = 'gold' -- want `features->>'segment' in WHERE is computed for every row of user_features`
$$;
