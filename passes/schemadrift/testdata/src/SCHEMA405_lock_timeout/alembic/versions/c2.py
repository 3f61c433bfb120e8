from alembic import op
import sqlalchemy as sa

revision = "c2"
down_revision = "c1"


def upgrade():
    # env.py sets lock_timeout for every migration
    op.add_column("users", sa.Column("email", sa.Text))
