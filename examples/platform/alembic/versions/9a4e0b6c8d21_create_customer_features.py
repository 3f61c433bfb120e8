"""create customer_features

Revision ID: 9a4e0b6c8d21
Revises: 2f7c1e9a4b3d
Create Date: 2025-10-06 10:14:37
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "9a4e0b6c8d21"
down_revision = "2f7c1e9a4b3d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Feature store: append-only snapshots. Keys stay relational, sparse features go
    # to JSONB, and event_time makes every snapshot reproducible (time travel).
    op.create_table(
        "customer_features",
        sa.Column("feature_row_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("customer_id", sa.BigInteger(), sa.ForeignKey("customers.customer_id"), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("features", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
    op.create_index("ix_customer_features_customer_time", "customer_features", ["customer_id", "event_time"])
    # Default jsonb_ops: serves @> containment and the ? key-existence operators.
    op.create_index("ix_customer_features_features", "customer_features", ["features"], postgresql_using="gin")


def downgrade() -> None:
    op.drop_table("customer_features")
