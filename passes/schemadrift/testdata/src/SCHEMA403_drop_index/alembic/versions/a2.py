from alembic import op

revision = "a2"
down_revision = "a1"


def upgrade():
    op.drop_index("ix_events_kind", table_name="events")  # want `op.drop_index takes an ACCESS EXCLUSIVE lock on existing table events.*postgresql_concurrently=True.*autocommit_block.*\[SCHEMA403\]`
    with op.get_context().autocommit_block():
        op.drop_index("ix_events_id_kind", table_name="events", postgresql_concurrently=True)
