from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True), sa.Column("kind", sa.Text))
    op.create_index("ix_events_kind", "events", ["kind"])
    op.create_index("ix_events_id_kind", "events", ["id", "kind"])
