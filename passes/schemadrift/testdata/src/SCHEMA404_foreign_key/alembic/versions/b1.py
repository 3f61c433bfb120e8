from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = None


def upgrade():
    op.create_table("teams", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("members", sa.Column("id", sa.Integer, primary_key=True), sa.Column("team_id", sa.Integer), sa.Column("org_id", sa.Integer))
