from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True), sa.Column("kind", sa.Text),
                    sa.Column("data", postgresql.JSONB))
    # same revision as the table: nothing to lock
    op.create_index("ix_events_data", "events", ["data"], postgresql_using="gin")
