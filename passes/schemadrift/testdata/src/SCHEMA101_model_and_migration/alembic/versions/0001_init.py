"""init"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("datasets", sa.Column("id", sa.BigInteger(), primary_key=True))
    # The model declares the same column: reported once, at the model.
    op.add_column("datasets", sa.Column("fidesctl_meta", sa.JSON(), nullable=True))  # ok: SCHEMA101 -- reported at the model


def downgrade():
    op.drop_table("datasets")
