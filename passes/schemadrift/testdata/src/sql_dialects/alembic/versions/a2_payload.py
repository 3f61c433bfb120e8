"""payload per dialect

Revision ID: a2
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a2"
down_revision = "a1"


def is_postgres():
    return op.get_context().dialect.name == "postgresql"


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "mysql":
        # MySQL has no jsonb: its JSON is binary already.
        op.add_column("events", sa.Column("payload", sa.JSON()))
    else:
        op.add_column("events", sa.Column("payload", postgresql.JSONB()))  # want `no lock_timeout set.*\[SCHEMA405\]`
    if op.get_bind().dialect.name != "postgresql":
        op.add_column("events", sa.Column("extra", sa.JSON()))
    if is_postgres():
        query = "INSERT INTO events (id, kind) VALUES (:id, :kind) ON CONFLICT DO NOTHING"
    else:
        query = "INSERT OR IGNORE INTO events (id, kind) VALUES (:id, :kind)"
    op.get_bind().execute(sa.text(query), {"id": 1, "kind": "seed"})
    if not is_postgres():
        op.execute("PRAGMA foreign_keys=ON")
    # A PostgreSQL branch is PostgreSQL: its json is reported.
    if dialect == "postgresql":
        op.add_column("events", sa.Column("raw", sa.JSON()))  # want `column events.raw is json.*\[SCHEMA101\]`
