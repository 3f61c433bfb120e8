from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "001"
down_revision = None


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("data", postgresql.JSONB, nullable=False),  # want `jsonb column events.data has no GIN index at the end of the migration history \(the SQLAlchemy model declares index ix_events_data on it at app/models.py:\d+, but no migration creates it\), yet .*\[SCHEMA102\]`
        sa.Column("meta", postgresql.JSONB, nullable=False),  # ok: SCHEMA102 -- the migration creates the GIN index the model declares
    )
    op.create_index("ix_events_meta", "events", ["meta"], postgresql_using="gin", postgresql_ops={"meta": "jsonb_path_ops"})
    op.create_index("ix_events_source", "events", [sa.text("(meta->>'source')")])
