from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "beef"
down_revision = None


def upgrade():
    op.create_table("items", sa.Column("id", sa.Integer, primary_key=True), sa.Column("attrs", JSONB))
    op.add_column("items", sa.Column("extra", JSONB()))


def downgrade():
    op.drop_table("items")
