CREATE TABLE users (id uuid PRIMARY KEY, traits jsonb NOT NULL, name text);
