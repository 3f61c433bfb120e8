from alembic import op

revision = "aaaa"
down_revision = "base"


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_docs_body", "docs", ["body"], postgresql_using="gin", postgresql_concurrently=True)
