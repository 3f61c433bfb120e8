from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("profiles", sa.Column("id", sa.Integer, primary_key=True), sa.Column("doc", JSONB), sa.Column("tmp", JSONB))
    op.create_index("ix_profiles_doc", "profiles", ["doc"], postgresql_using="gin")
