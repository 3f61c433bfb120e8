"""create products and product_features

Revision ID: 0b8c3a5f9e17
Revises: 5d1b7f3e2c60
Create Date: 2025-11-03 08:55:19
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0b8c3a5f9e17"
down_revision = "5d1b7f3e2c60"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("product_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("sku", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
    )
    op.create_table(
        "product_features",
        sa.Column("feature_row_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("product_id", sa.BigInteger(), sa.ForeignKey("products.product_id"), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attributes", postgresql.JSONB(), nullable=False),
    )
    # jsonb_path_ops: smaller and faster for @> containment, but it cannot serve ?, ?| or ?&.
    op.create_index(
        "ix_product_features_attributes",
        "product_features",
        ["attributes"],
        postgresql_using="gin",
        postgresql_ops={"attributes": "jsonb_path_ops"},
    )


def downgrade() -> None:
    op.drop_table("product_features")
    op.drop_table("products")
