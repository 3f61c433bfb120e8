from alembic import op
import sqlalchemy as sa

from app.db.types import JSON, Document, LooseJSON

revision = "a1b2"
down_revision = None


def upgrade():
    op.create_table(
        "docs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body", JSON()),
        sa.Column("meta", Document),
        sa.Column("loose", LooseJSON()),  # want `column docs.loose is json`
    )
    op.create_index("ix_docs_body", "docs", ["body"], postgresql_using="gin")
    op.create_index("ix_docs_meta", "docs", ["meta"], postgresql_using="gin")
