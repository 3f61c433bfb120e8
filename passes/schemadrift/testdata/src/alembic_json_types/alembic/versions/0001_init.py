"""init"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("payload", sa.JSON(), nullable=False),  # want `column events.payload is json \(sa.JSON and postgresql.JSON render json on PostgreSQL\).*\[SCHEMA101\]`
        sa.Column("raw", postgresql.JSON(astext_type=sa.Text())),  # want `column events.raw is json`
        sa.Column("doc", postgresql.JSONB(astext_type=sa.Text())),
        sa.Column("portable", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
        sa.Column("other", sa.JSON().with_variant(sa.Text(), "sqlite")),  # want `column events.other is json`
    )
    op.create_index("ix_events_doc", "events", ["doc"], postgresql_using="gin")
    op.create_index("ix_events_portable", "events", ["portable"], postgresql_using="gin")


def downgrade():
    op.drop_table("events")
