-- A generic file: every database runs it, PostgreSQL too.
CREATE INDEX users_email_idx ON users (name); -- want `index users_email_idx is built on existing table users, which is large or hot .* without CONCURRENTLY.*\[SCHEMA401\]`
