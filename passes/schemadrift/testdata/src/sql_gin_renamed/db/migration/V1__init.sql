CREATE TABLE profiles (
    id bigint PRIMARY KEY,
    doc jsonb,
    settings jsonb -- want `jsonb column user_profiles.preferences has no GIN index`
);
CREATE INDEX profiles_doc ON profiles USING gin (doc);
