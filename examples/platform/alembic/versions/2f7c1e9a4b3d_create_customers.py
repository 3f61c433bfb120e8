"""create customers

Revision ID: 2f7c1e9a4b3d
Revises:
Create Date: 2025-10-06 10:02:11
"""

import sqlalchemy as sa
from alembic import op

revision = "2f7c1e9a4b3d"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Core entity: relational, with its business key in a real column.
    op.create_table(
        "customers",
        sa.Column("customer_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("external_ref", sa.String(32), nullable=False, unique=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("signed_up_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("churned_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("customers")
