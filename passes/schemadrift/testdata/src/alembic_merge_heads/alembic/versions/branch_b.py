from alembic import op

revision = "bbbb"
down_revision = "base"


def upgrade():
    op.execute("SELECT 1")
