"""create scoring_events

Revision ID: 5d1b7f3e2c60
Revises: 9a4e0b6c8d21
Create Date: 2025-10-20 16:40:02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "5d1b7f3e2c60"
down_revision = "9a4e0b6c8d21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per score served, for monitoring and the retention team's reports.
    op.create_table(
        "scoring_events",
        sa.Column("event_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("customer_id", sa.BigInteger(), sa.ForeignKey("customers.customer_id"), nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("churn_probability", sa.Float(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        # acr finds: sa.JSON renders PostgreSQL json, not jsonb (no GIN, no containment)
        sa.Column("request_payload", sa.JSON(), nullable=True),
        # acr finds: JSONB column with no GIN index
        sa.Column("explanation", postgresql.JSONB(), nullable=True),
    )
    op.create_index("ix_scoring_events_scored_at", "scoring_events", ["scored_at"])


def downgrade() -> None:
    op.drop_table("scoring_events")
