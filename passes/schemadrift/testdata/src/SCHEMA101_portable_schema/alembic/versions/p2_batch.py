import sqlalchemy as sa
from alembic import op

revision = "p2"
down_revision = "p1"


def upgrade():
    # ok: SCHEMA101 -- no json here; batch operations exist for SQLite, whose ALTER TABLE cannot alter columns: the schema is portable
    with op.batch_alter_table("pipeline_run") as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(255)))  # want `batch_op.add_column takes an ACCESS EXCLUSIVE lock`
