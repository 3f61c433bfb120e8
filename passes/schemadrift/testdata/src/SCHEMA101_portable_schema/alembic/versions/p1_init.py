import sqlalchemy as sa
from alembic import op

revision = "p1"
down_revision = None


def upgrade():
    op.create_table(
        "pipeline_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("variables", sa.JSON),  # want `column pipeline_run.variables is json.*\(a note: json is the portable choice, the migrations use batch_alter_table, which exists for SQLite`
    )
