CREATE TABLE events (id bigint PRIMARY KEY, kind text, account_id bigint, created_at timestamptz);
