from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "001"
down_revision = None


def upgrade():
    op.execute("CREATE SCHEMA analytics")
    # created in analytics, the connection's first schema
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("data", postgresql.JSONB, nullable=False),  # ok: SCHEMA102 -- its GIN index is in the same schema
    )
    op.create_index("ix_events_data", "events", ["data"], postgresql_using="gin")
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("data", postgresql.JSONB, nullable=False),  # want `jsonb column public.events.data has no GIN index at the end of the migration history, yet data @> .*\[SCHEMA102\]`
        schema="public",
    )
    op.execute("CREATE TABLE audit (id bigint PRIMARY KEY, data jsonb NOT NULL)")
    op.execute("CREATE INDEX audit_data ON analytics.audit USING gin (data)")
