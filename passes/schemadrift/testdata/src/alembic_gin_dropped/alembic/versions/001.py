from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "001"
down_revision = None


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("attrs", postgresql.JSONB),  # want `jsonb column orders.attrs has no GIN index at the end of the migration history`
    )
    op.create_index(op.f("ix_orders_attrs"), "orders", ["attrs"], postgresql_using="gin")
