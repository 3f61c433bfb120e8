from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True), sa.Column("doc", postgresql.JSONB))
    op.create_index("ix_t_doc", "t", ["doc"], postgresql_using="gin")


def downgrade():
    # downgrades are never replayed: no json, no lost index
    op.drop_index("ix_t_doc", table_name="t")
    op.add_column("t", sa.Column("old", sa.JSON()))
    op.execute("CREATE INDEX CONCURRENTLY broken ON t (id)")
