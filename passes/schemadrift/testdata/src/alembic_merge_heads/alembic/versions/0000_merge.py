"""Merge: sorts first by name, runs after both branches."""
from alembic import op

revision = "cccc"
down_revision = ("aaaa", "bbbb")


def upgrade():
    op.drop_index("ix_docs_body", table_name="docs")  # want `DROP INDEX|drop_index.*\[SCHEMA403\]`
