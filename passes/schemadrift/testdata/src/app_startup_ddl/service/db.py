import psycopg

# want +4 `column sessions.state is json`
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id uuid PRIMARY KEY,
    state json NOT NULL,
    attrs jsonb
);
CREATE INDEX IF NOT EXISTS sessions_attrs ON sessions USING gin (attrs);
"""


def init(conn: psycopg.Connection) -> None:
    # DDL run by the application at start-up is part of the schema too
    conn.execute(SCHEMA)


def active(conn, user):
    return conn.execute("SELECT id FROM sessions WHERE attrs->>'user' = %s", (user,)).fetchall()  # want `attrs->>'user' in WHERE is computed for every row of sessions`
