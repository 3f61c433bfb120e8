"""feature store"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "1a2b"
down_revision = None


def upgrade():
    op.create_table(
        "customer_features",
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("features", postgresql.JSONB(astext_type=sa.Text())),  # want `jsonb column customer_features.features has no GIN index at the end of the migration history, yet features @> .* \(alembic/versions/3c4d_backfill.py:14\) filters it with @>`
        sa.Column("debug", sa.JSON()),  # want `column customer_features.debug is json`
    )
