-- An init script psql runs: meta-commands are not SQL, and \gexec ends a statement.
\c postgres

SELECT 'CREATE DATABASE app_core'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app_core')\gexec

\set ON_ERROR_STOP on
CREATE TABLE IF NOT EXISTS audit (id bigint PRIMARY KEY, payload jsonb); \echo created
GRANT ALL PRIVILEGES ON DATABASE app_core TO app;
