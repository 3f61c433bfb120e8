from alembic import op
import sqlalchemy as sa

revision = "c1"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
