"""Sorts first by name, runs second by down_revision."""
from alembic import op

revision = "f00d"
down_revision = "beef"


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_items_attrs", "items", ["attrs"], postgresql_using="gin",
                        postgresql_ops={"attrs": "jsonb_path_ops"}, postgresql_concurrently=True)


def downgrade():
    op.drop_index("ix_items_attrs", table_name="items")
