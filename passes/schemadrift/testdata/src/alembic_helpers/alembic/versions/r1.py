from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r1"
down_revision = None


def _add_json_columns():
    # called from upgrade(): replayed
    op.add_column("orders", sa.Column("meta", postgresql.JSON()))  # want `column orders.meta is json`


def _unused():
    # never called from upgrade(): not replayed
    op.add_column("orders", sa.Column("ghost", postgresql.JSON()))


def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True))
    _add_json_columns()


def downgrade():
    op.add_column("orders", sa.Column("old", postgresql.JSON()))
