CREATE TABLE users (id uuid PRIMARY KEY, traits jsonb NOT NULL, name text); -- want `jsonb column users.traits has no GIN index`
