from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))
    # env.py turns transactional DDL off: CONCURRENTLY may run anywhere
    op.execute("CREATE INDEX CONCURRENTLY t_id ON t (id)")
