import textwrap

from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None

INDEXES = """
CREATE INDEX events_data ON events USING gin (data jsonb_path_ops);
CREATE INDEX events_kind ON events ((data->>'kind'))
"""


def upgrade():
    # several statements in one op.execute, split and replayed one by one
    # want +5 `column events.legacy is json`
    op.execute(textwrap.dedent("""
        CREATE TABLE events (
            id bigserial PRIMARY KEY,
            data jsonb NOT NULL,
            legacy json
        );
        CREATE TABLE audit (id bigint, note text);
    """))
    op.execute(INDEXES)
    # a data migration runs once: its filters need no index (SCHEMA103, SCHEMA104)
    op.execute(sa.text("UPDATE events SET data = data - 'tmp' WHERE data->>'kind' = 'x'"))
    op.execute(sa.text("UPDATE events SET data = data - 'tmp' WHERE data->>'color' = :c"))
    conn = op.get_bind()
    conn.execute(sa.text("SELECT id FROM events WHERE data ? 'k'"))
    op.execute("CREATE TABLE broken (id int,, x int)")  # want `syntax error at or near "," \[ACR001\]`
    key = "kind"
    # A migration runs once: its dynamic SQL gets no SCHEMA501 note.
    op.execute(f"UPDATE events SET data = data - '{key}'")
    op.execute("UPDATE events SET note = '" + key + "'")
