from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "base"
down_revision = None


def upgrade():
    op.create_table("docs", sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", JSONB))  # want `jsonb column docs.body has no GIN index at the end`
