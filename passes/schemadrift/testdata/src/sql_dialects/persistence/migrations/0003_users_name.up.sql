-- Overridden on PostgreSQL by 0003_users_name.postgres.up.sql.
CREATE INDEX users_name_idx ON users (name);
